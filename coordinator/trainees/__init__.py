"""Trainees: their records, duplicate detection and the import of lists from a spreadsheet."""
