"""Skill competitions: provincial, national and international, participants, results and medallists."""
