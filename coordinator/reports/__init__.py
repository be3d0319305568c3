"""Renderers for downloads: PDF page layout (reportlab), charts (matplotlib), Excel (openpyxl), the certificate
PDF, and (until it moves to meetings/) the meeting report."""
