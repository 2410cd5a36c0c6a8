"""Indicators built from the corpus rows' own values, for judging tables the ingest cannot read
yet (relative "Last quarter / This quarter" columns, Hart's keyed export, South Lanarkshire's
verdict-only table). Every value comes from the file: `row` is the file's line number."""

from __future__ import annotations

import calendar
import csv
import re
from pathlib import Path

from committee_report.inputs.cells import parse_cell
from committee_report.model import (
    BLANK,
    Comparator,
    Indicator,
    Period,
    Scorecard,
    SourceRef,
    Value,
)

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
    for number, cells in enumerate(grid[start + 1 :], start=start + 2):
        record = dict(zip(header, cells))
        if sum(bool(c.strip()) for c in cells) > 1:  # section rows have one cell
            found.append((number, record))
    return found


_SUPPRESSED = re.compile(r"^(below|fewer than|less than)\s+\d+$", re.IGNORECASE)
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


def cell(text: str) -> Value:
    """A cell as the ingest reads it; "below 10" (Mole Valley) as a suppressed small number."""
    if not text.strip():
        return BLANK
    if _SUPPRESSED.match(text.strip()):
        return Value(text.strip(), status="suppressed")
    return parse_cell(text)


def stacked_months(case: str, heading: str) -> tuple[int, dict[Period, str]]:
    """Mole Valley's stacked block under `heading`: 'April 2023/24: 23' cells by month (months
    keep the financial year: 'January 2023/24' is January 2024). Returns the heading's line."""
    path = CORPUS / case / "scorecard.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.split("\t")[0] == heading)
    found: dict[Period, str] = {}
    for line in lines[start + 1 :]:
        cells = [c for c in line.split("\t") if c.strip()]
        match = [re.match(r"^(\w+) (\d{4})/\d{2}:\s*(.*)$", c) for c in cells]
        if cells and not any(match) and found:
            break
        for m in match:
            if m and m.group(1) in _MONTHS:
                month, year = _MONTHS[m.group(1)], int(m.group(2))
                found[Period(year if month >= 4 else year + 1, month)] = m.group(3)
    return start + 1, dict(sorted(found.items()))


def indicator(
    case: str,
    row: int,
    ident: str,
    title: str,
    series: list[str],
    target: str = "",
    polarity: str | None = None,
    reported_rag: str | None = None,
    reported_trend: str | None = None,
    section: str | None = None,
    comparators: tuple = (),
) -> Indicator:
    values = tuple(cell(text) for text in series)
    return Indicator(
        id=ident,
        title=title,
        section=section,
        polarity=polarity,  # type: ignore[arg-type]
        polarity_text="",
        series=values,
        officer="",
        target=parse_cell(target) if target.strip() else BLANK,
        reported_rag=reported_rag,  # type: ignore[arg-type]
        reported_basis=None,
        reported_basis_text="",
        reported_headline=Value(""),
        comparators=comparators,
        source=SourceRef(f"{case}/scorecard.tsv", row),
        reported_trend=reported_trend,  # type: ignore[arg-type]
    )


def quarters(last: Period) -> tuple[Period, Period]:
    """'Last quarter / This quarter' as the months that end them."""
    return last.shift(-3), last


NL_ADULTS = "north-lanarkshire-adult-social-care-annual-2017-18"


def nl_adults() -> tuple[Scorecard, Indicator]:
    """North Lanarkshire home care 65+ (no target), its comparators given as rows."""
    lines = rows(NL_ADULTS)
    ((row, cells),) = [(n, c) for n, c in lines if c["Indicator"].startswith("Home care")]
    years = [f"Actual 20{y:02d}/{y + 1:02d}" for y in range(10, 18)]
    rows_by_name = {c["Indicator"]: c for _, c in lines}
    found = tuple(
        Comparator(name, cell(rows_by_name[name]["Actual 2017/18"]))
        for name in ("Scotland comparisons", "Family group comparisons")
    )
    item = indicator(
        NL_ADULTS,
        row,
        "HC65",
        cells["Indicator"],
        [cells[y] for y in years],
        polarity="bigger_is_better",
        comparators=found,
    )
    periods = tuple(Period(2011 + i, 3) for i in range(len(years)))
    return Scorecard(f"{NL_ADULTS}/scorecard.tsv", periods, (item,), ()), item
