"""What each column of a scorecard is taken to be: the table `init` shows before drafting.

This is the one place that turns today's header recognition (`ingest`) into a description a
person can check: the header row, a role for every column (or why it is ignored), and the kind
of period the table holds. It reads the file but does not judge it, so it works on tables the
ingest cannot yet read, and says why. A richer recognition can replace `describe_columns`
without changing its result type.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from committee_report.errors import DataError
from committee_report.inputs.cells import HEADER_SCAN, Grid, cell_text, read_cells
from committee_report.inputs.ingest import (
    _classify,
    _Header,
    _header_width,
    _letter,
    _scan_header,
    read_scorecard,
)
from committee_report.model import Period, Scorecard

ROLE_WORDS = {
    "id": "indicator id",
    "title": "indicator title",
    "polarity": "polarity (which direction is better)",
    "officer": "responsible officer",
    "rag": "the table's own RAG rating (compared with ours)",
    "basis": "YTD or latest basis",
    "headline": "the table's own headline value (compared with ours)",
    "commentary": "officer commentary",
    "section": "section",
    "period": "period (long table)",
    "value": "value (long table)",
    "target": "target",
    "month": "a month of data",
    "comparator": "comparator (benchmark)",
    "ignored": "ignored",
}


@dataclass(frozen=True)
class Column:
    """One column of the header row and the role it was given."""

    letter: str
    header: str
    role: str
    """A key of ROLE_WORDS."""
    note: str = ""


@dataclass(frozen=True)
class ColumnReport:
    """The header row found (1-based; None when no row looked like one) and its columns."""

    file: str
    header_row: int | None
    columns: tuple[Column, ...]
    period_kind: str
    periods: tuple[Period, ...]
    scorecard: Scorecard | None
    """The scorecard as today's ingest reads it, or None when it cannot."""
    problem: str | None
    """Why the ingest cannot read the table (its one-line error), or None."""

    @property
    def step(self) -> int | None:
        """Months between one period and the next, where they are evenly spaced."""
        return _step(self.periods)

    def role_of(self, header: str) -> str | None:
        return next((c.role for c in self.columns if c.header == header), None)


def describe_columns(path: str | Path, *, sheet: str | None = None,
                     name: str | None = None) -> ColumnReport:
    """Guess the role of every column of the scorecard at `path` (named `name` in messages).

    Raises `DataError` only when the file cannot be opened as a table at all; a table whose
    header the ingest does not recognise is described from its most header-like row."""
    name = name or str(path)
    raw = read_cells(Path(path), name, sheet, _header_width)
    scorecard: Scorecard | None = None
    problem: str | None = None
    try:
        scorecard = read_scorecard(path, sheet=sheet)
    except DataError as error:  # described below all the same; the reason is kept
        where = ", ".join(part for part in (f"row {error.row}" if error.row else "",
                                            f"column {error.column}" if error.column else "")
                          if part)
        problem = f"{where}: {error.message}" if where else error.message
    header = _scan_header(raw.grid) or _likeliest_header(raw.grid)
    if header is None:
        return ColumnReport(name, None, (), "none found", (), scorecard, problem)
    columns = tuple(_columns(header, raw.grid))
    if scorecard is not None:
        periods = scorecard.periods
    else:
        periods = tuple(period for _, period in header.months)
    return ColumnReport(name, header.row + 1, columns, _period_kind(periods, header.long),
                        periods, scorecard, problem)


def _likeliest_header(grid: Grid) -> _Header | None:
    """The row among the first few with the most recognised columns (the first on a tie)."""
    best: _Header | None = None
    best_score = 0
    for index, row in enumerate(grid[:HEADER_SCAN]):
        if not any(cell_text(cell) for cell in row):
            continue
        header = _classify(row, index)
        score = len(header.roles) + len(header.months)
        if best is None or score > best_score:
            best, best_score = header, score
    return best


def _columns(header: _Header, grid: Grid) -> list[Column]:
    by_column = {column: role for role, column in header.roles.items()}
    months = dict(header.months)
    first = header.months[0][0] if header.months else None
    out = []
    for column, text in enumerate(header.texts):
        letter = _letter(column)
        if column in months:
            out.append(Column(letter, text, "month", str(months[column])))
        elif column in by_column:
            out.append(Column(letter, text, by_column[column]))
        elif not text:
            used = any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1:])
            if used:
                out.append(Column(letter, "", "ignored", "has values but no header"))
        elif header.long or (first is not None and column > first):
            out.append(Column(letter, text, "comparator"))
        else:
            note = "before the months" if first is not None else "not a header this tool knows"
            if text and any(c.header == text for c in out):
                note = "a second column with this role; the first one is used"
            out.append(Column(letter, text, "ignored", note))
    return out


def _step(periods: tuple[Period, ...]) -> int | None:
    steps = {b.year * 12 + b.month - a.year * 12 - a.month for a, b in pairwise(periods)}
    return steps.pop() if len(steps) == 1 else None


def _period_kind(periods: tuple[Period, ...], long: bool) -> str:
    """Monthly, quarterly or yearly, from the steps between the periods found."""
    if not periods:
        return "none found"
    if len(periods) == 1:
        return "one month"
    kind = {1: "monthly", 3: "quarterly", 12: "yearly"}.get(_step(periods) or 0, "irregular")
    return f"{kind}{' (long table)' if long else ''}, {periods[0].long_label} to " \
           f"{periods[-1].long_label} ({len(periods)} periods)"
