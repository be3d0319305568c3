"""Shared training equipment: the register, bookings, cross-border transfers, maintenance, utilisation."""
