"""Renderers shared by the areas: PDF layout and fonts (reportlab), the certificate PDF, charts (matplotlib),
Excel workbooks. What a report says is computed by its area (the meeting report lives in meetings.report)."""
