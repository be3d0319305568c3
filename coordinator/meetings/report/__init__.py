"""The meeting report: its data and sections, the PDF, its download and the `flask meeting-report` command."""
