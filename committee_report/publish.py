"""A judged Report to a paper's bytes in each format: compose the Paper once, then render it.

The app layer's one call for a paper (build and the tests use it); the renderers start no
worker pool and read no Report. PDF, HTML and Word render the same Paper, so their words and
figures are the same; the spreadsheet and CSV are the judged indicators of
`assess --format json`. `python -m committee_report.publish [INPUT] [--layout NAME]` prints
the Paper of a paper config or scorecard as JSON (default: the bundled sample in its own
layout): `python -m committee_report.publish > tests/golden/sample-paper.json` remakes the
golden file the tests compare with.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from committee_report.charts.cache import ChartRenderer
from committee_report.errors import UsageError

if TYPE_CHECKING:  # imported where used: the command line reads FORMATS before the chart
    # worker starts, and the worker should not wait for ReportLab and the renderers
    from datetime import datetime

    from committee_report.inputs.theme import Theme
    from committee_report.model import Report
    from committee_report.paper.model import Paper

FORMATS = ("pdf", "html", "docx", "xlsx", "csv")


def parse_formats(text: str) -> tuple[str, ...]:
    """`pdf,html` -> ("pdf", "html"): known formats, each once, in the order given."""
    names = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(
            f"--format: expected one or more of {', '.join(FORMATS)} "
            f"separated by commas, got {text!r}"
        )
    return tuple(dict.fromkeys(names))


def render_pdf(
    report: Report, theme: Theme, *, use_cache: bool = True, charts: ChartRenderer | None = None
) -> bytes:
    """The paper the Report makes in this layout, as PDF bytes; `charts` is a running chart
    renderer to share (else one is started for this paper)."""
    from committee_report.paper.compose import Labels, compose
    from committee_report.render.layout import render_paper

    paper = compose(report, Labels.from_theme(theme, report.paper.lang))
    with nullcontext(charts) if charts else ChartRenderer(use_cache=use_cache) as renderer:
        return render_paper(paper, theme, renderer)


def paper_date(report: Report) -> datetime:
    """The date a Word or Excel file's properties carry: the paper's own date, else the
    month reported on (never the clock, so a rebuild gives the same bytes)."""
    import re

    from committee_report.render.office import paper_datetime

    # The period as text (YYYY-MM, or a year or quarter that starts with its year).
    found = re.match(r"(\d{4})(?:-(\d{2}))?", str(report.period))
    year, month = (int(found[1]), int(found[2] or 1)) if found else (2000, 1)
    return paper_datetime(report.paper.date, (year, month if 1 <= month <= 12 else 1))


def render_formats(
    report: Report,
    theme: Theme,
    formats: tuple[str, ...],
    *,
    use_cache: bool = True,
    charts: ChartRenderer | None = None,
    problems: list[str] | None = None,
) -> dict[str, bytes]:
    """The paper in each of `formats`, from one composed Paper; the PDF's structure-check
    findings are added to `problems` (see render_paper)."""
    from committee_report.paper.compose import Labels, compose

    paper: Paper = compose(report, Labels.from_theme(theme, report.paper.lang))
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "pdf":
            from committee_report.render.layout import render_paper

            with nullcontext(charts) if charts else ChartRenderer(use_cache=use_cache) as r:
                out[fmt] = render_paper(paper, theme, r, problems)
        elif fmt == "html":
            from committee_report.render.html import render_html

            out[fmt] = render_html(paper, theme)
        elif fmt == "docx":
            from committee_report.render.docx import render_docx

            out[fmt] = render_docx(paper, theme, paper_date(report))
        elif fmt in ("xlsx", "csv"):
            from committee_report.paper.notes import data_notes
            from committee_report.paper.report_json import report_json
            from committee_report.render.table_export import render_csv, render_xlsx

            # The notes as the paper words them: no folder of the machine that built it.
            data = {**report_json(report), "warnings": data_notes(report)}
            if fmt == "csv":
                out[fmt] = render_csv(data)
            else:
                p = report.paper
                cover = {
                    "title": p.title,
                    "council": p.council,
                    "committee": p.committee,
                    "date": p.date,
                    "author": p.author,
                    "lang": paper.metadata.lang,
                }
                out[fmt] = render_xlsx(data, cover, paper_date(report))
        else:
            raise UsageError(f"--format: no format {fmt!r}")
    return out


def compose_paper(source: str | Path | None = None, layout: str | None = None) -> Paper:
    """The Paper of a paper config or scorecard (None: the sample), in its layout's words."""
    from committee_report.inputs.theme import load_theme
    from committee_report.paper.compose import Labels, compose
    from committee_report.pipeline import load_report

    report, configured = load_report(source)
    theme = load_theme(layout or configured)
    return compose(report, Labels.from_theme(theme, report.paper.lang))


def main(argv: list[str] | None = None) -> int:
    """Print a paper's Paper as JSON (see the module's docstring)."""
    import argparse

    from committee_report.paper.paper_json import paper_json

    parser = argparse.ArgumentParser(prog="python -m committee_report.publish")
    parser.add_argument("input", nargs="?")
    parser.add_argument("--layout")
    args = parser.parse_args(argv)
    sys.stdout.write(paper_json(compose_paper(args.input, args.layout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
