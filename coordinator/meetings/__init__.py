"""Managers' meetings: agenda, minutes, decisions, action items that carry over, the meeting report."""
