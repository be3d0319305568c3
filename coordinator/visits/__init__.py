"""Study visits and delegations between the two sides: programme, delegation, lessons and their follow-ups."""
