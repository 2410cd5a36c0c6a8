"""PDF internals: tagging, structure tree, finishing and checks, fast text and image paths."""

from committee_report.pdf.rlimport import import_paragraph

import_paragraph()  # before anything imports ReportLab's platypus: see pdf/rlimport.py
