"""Renderers: map the paper and a theme to pages (ReportLab through its public API)."""
