"""Reports for paper and projector: one-page A4 views and the inventory report, in HTML and PDF."""
