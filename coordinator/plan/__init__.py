"""The programme plan (yearly targets per side) and, later, budget and cost sharing."""
