"""Reports rendered for download: PDFs (reportlab) now; charts, Excel and iCalendar as they arrive."""
