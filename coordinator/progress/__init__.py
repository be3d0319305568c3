"""Progress figures for a period: what moved since the last meeting, for the dashboard and reports."""
