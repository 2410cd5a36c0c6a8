"""A judged Report to PDF bytes: compose the Paper, start the chart workers, render.

The app layer's one call for a paper (build and the tests use it); the renderer itself starts
no worker pool and reads no Report. `python -m committee_report.publish [INPUT] [--layout NAME]`
prints the Paper of a paper config or scorecard as JSON (default: the bundled sample in its
own layout): `python -m committee_report.publish > tests/golden/sample-paper.json` remakes the
golden file the tests compare with.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

from committee_report.charts.cache import ChartRenderer
from committee_report.inputs.theme import Theme
from committee_report.model import Report
from committee_report.paper.compose import Labels, compose
from committee_report.paper.model import Paper
from committee_report.paper.paper_json import paper_json
from committee_report.render.layout import render_paper


def render_pdf(report: Report, theme: Theme, *, use_cache: bool = True,
               charts: ChartRenderer | None = None) -> bytes:
    """The paper the Report makes in this layout, as PDF bytes; `charts` is a running chart
    renderer to share (else one is started for this paper)."""
    paper = compose(report, Labels.from_theme(theme, report.paper.lang))
    with nullcontext(charts) if charts else ChartRenderer(use_cache=use_cache) as renderer:
        return render_paper(paper, theme, renderer)


def compose_paper(source: str | Path | None = None, layout: str | None = None) -> Paper:
    """The Paper of a paper config or scorecard (None: the sample), in its layout's words."""
    from committee_report.inputs.theme import load_theme
    from committee_report.pipeline import load_report

    report, configured = load_report(source)
    theme = load_theme(layout or configured)
    return compose(report, Labels.from_theme(theme, report.paper.lang))


def main(argv: list[str] | None = None) -> int:
    """Print a paper's Paper as JSON (see the module's docstring)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m committee_report.publish")
    parser.add_argument("input", nargs="?")
    parser.add_argument("--layout")
    args = parser.parse_args(argv)
    sys.stdout.write(paper_json(compose_paper(args.input, args.layout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
