"""Reference data: the sides (each with its time zone, calendar and working week), centres, skill standards,
target groups, border crossings and holidays."""
