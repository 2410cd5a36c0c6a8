"""Renderers: map the paper and a theme to pages (ReportLab through its public API)."""

import committee_report.pdf  # noqa: F401 - ReportLab's paragraph module, imported lazily first
