"""Curricula (training standards and texts): versions, documents, sharing between the sides, translation."""
