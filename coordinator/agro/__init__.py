"""Agro-industry collaboration: tracks with a lead on each side, milestones, dependencies and a timeline."""
