"""A judged Report to PDF bytes: compose the Paper, start the chart workers, render.

The app layer's one call for a paper (build, the tests and the benchmark use it); the
renderer itself starts no worker pool and reads no Report.
"""

from __future__ import annotations

from contextlib import nullcontext

from committee_report.charts.cache import ChartRenderer
from committee_report.inputs.theme import Theme
from committee_report.model import Report
from committee_report.paper.compose import Labels, compose
from committee_report.render.layout import render_paper


def render_pdf(report: Report, theme: Theme, *, use_cache: bool = True,
               charts: ChartRenderer | None = None) -> bytes:
    """The paper the Report makes in this layout, as PDF bytes; `charts` is a running chart
    renderer to share (else one is started for this paper)."""
    paper = compose(report, Labels.from_theme(theme))
    with nullcontext(charts) if charts else ChartRenderer(use_cache=use_cache) as renderer:
        return render_paper(paper, theme, renderer)
