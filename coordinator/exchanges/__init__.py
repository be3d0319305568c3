"""Trainer exchange: trainer profiles, travel documents, assignments across the border, the trainer's feed."""
