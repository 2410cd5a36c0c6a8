"""Indicators built from the corpus rows' own values, for judging tables the ingest cannot read
yet (relative "Last quarter / This quarter" columns, Hart's keyed export, South Lanarkshire's
verdict-only table). Every value comes from the file: `row` is the file's line number."""

from __future__ import annotations

import csv
from pathlib import Path

from committee_report.inputs.cells import parse_cell
from committee_report.model import BLANK, Indicator, Period, SourceRef, Value

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def rows(case: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {header: cell}) for each data row with an id or a title."""
    path = CORPUS / case / "scorecard.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        grid = list(csv.reader(handle, delimiter="\t"))
    # The header is the first row of several cells (North Lanarkshire has a title row above it).
    start = next(i for i, cells in enumerate(grid) if sum(bool(c.strip()) for c in cells) > 2)
    header = grid[start]
    found = []
    for number, cells in enumerate(grid[start + 1:], start=start + 2):
        record = dict(zip(header, cells))
        if sum(bool(c.strip()) for c in cells) > 1:  # section rows have one cell
            found.append((number, record))
    return found


def indicator(case: str, row: int, ident: str, title: str, series: list[str],
              target: str = "", polarity: str | None = None, reported_rag: str | None = None,
              reported_trend: str | None = None, section: str | None = None) -> Indicator:
    values = tuple(parse_cell(text) if text.strip() else BLANK for text in series)
    return Indicator(
        id=ident, title=title, section=section, polarity=polarity,  # type: ignore[arg-type]
        polarity_text="", series=values, officer="",
        target=parse_cell(target) if target.strip() else BLANK,
        reported_rag=reported_rag,  # type: ignore[arg-type]
        reported_basis=None, reported_basis_text="", reported_headline=Value(""),
        comparators=(), source=SourceRef(f"{case}/scorecard.tsv", row),
        reported_trend=reported_trend,  # type: ignore[arg-type]
    )


def quarters(last: Period) -> tuple[Period, Period]:
    """'Last quarter / This quarter' as the months that end them."""
    return last.shift(-3), last
