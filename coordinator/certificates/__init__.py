"""Certificates of completion: numbering, issuing, revoking, the PDF download and the public verification page."""
