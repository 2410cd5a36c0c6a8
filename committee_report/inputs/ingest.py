"""Read a KPI scorecard (TSV, CSV, XLSX; wide or tidy long) into a `Scorecard`.

Councils export the same table many ways, so this module is liberal in what it reads and
strict in what it means: every cell either becomes a typed `Value` or stops the build with
one line naming FILE:ROW:COLUMN. Rows are numbered as a spreadsheet shows them (1-based,
header row included); columns are named by their header text. No raw exception escapes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, TypeVar

from committee_report.inputs.cells import (
    HEADER_SCAN,
    Cell,
    CellError,
    Grid,
    RawFile,
    cell_text,
    cell_value,
    parse_basis,
    parse_cell,
    parse_period,
    parse_polarity,
    parse_rag,
    read_cells,
)
from committee_report.errors import Collector, DataError
from committee_report.model import Comparator, Indicator, Period, Scorecard, SourceRef

__all__ = ["read_scorecard", "parse_cell", "parse_period"]

T = TypeVar("T")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


_ALIASES: dict[str, set[str]] = {
    role: {_norm(name) for name in names}
    for role, names in {
        "id": ["Indicator Number", "Indicator No", "Ref", "KPI", "ID", "Indicator ID", "PI"],
        "title": ["Indicator Title", "Title", "Indicator", "Indicator Name", "Measure",
                  "Description"],
        "polarity": ["Polarity", "Good performance is", "Direction"],
        "officer": ["RO", "Responsible Officer", "Owner", "Lead Officer", "Lead"],
        "rag": ["RAG", "RAG Rating", "Status"],
        "basis": ["YTD/LATEST", "Basis", "YTD or Latest?"],
        "headline": ["Latest", "YTD", "Headline", "Actual", "Outturn"],
        "commentary": ["Commentary", "Comments", "Officer commentary"],
        "section": ["Section", "Service area"],
        "period": ["Period", "Month", "Date", "Reporting period", "Month ending"],
        "value": ["Value", "Result", "Figure"],
    }.items()
}
_LONG_ONLY = {"period", "value"}
"""Roles that only a long-format header has; in a wide table such columns are comparators."""


def _role(header: str) -> str | None:
    key = _norm(header)
    for role, names in _ALIASES.items():
        if key in names:
            return role
    if "target" in key:
        return "target"
    if "ytd or latest" in key:
        return "headline"
    return None


def _letter(column: int) -> str:
    name = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass(frozen=True)
class _Header:
    """Where the header row is and what each column of it is for."""

    row: int
    texts: list[str]
    roles: dict[str, int]
    months: list[tuple[int, Period]]
    extra: list[int]
    long: bool


# -- the header row ----------------------------------------------------------------------------


def _classify(row: list[Cell], index: int) -> _Header:
    """Name each column of a candidate header row: a role, a month, or extra.

    The first column for a role wins; later ones are extra. A bare `Indicator` header is the
    title in a wide table but the id in a table without months (long format, commentary
    sheets) that has no other id column.
    """
    texts: list[str] = []
    periods: list[Period | None] = []
    for cell in row:
        period = parse_period(cell.value)
        periods.append(period)
        dated = period is not None and not isinstance(cell.value, str)
        texts.append(period.label if dated else cell_text(cell))
    found = [None if period else _role(text) for text, period in zip(texts, periods)]
    if not any(periods) and "id" not in found:
        found = ["id" if _norm(text) == "indicator" else role for text, role in zip(texts, found)]
    long = not any(periods) and "period" in found and "value" in found
    roles: dict[str, int] = {}
    months, extra = [], []
    for column, (period, role) in enumerate(zip(periods, found)):
        if period is not None:
            months.append((column, period))
        elif role is not None and role not in roles and (long or role not in _LONG_ONLY):
            roles[role] = column
        else:
            extra.append(column)
    return _Header(index, texts, roles, months, extra, long)


def _scan_header(grid: Grid) -> _Header | None:
    """The first row in the first 15 with an id column and months (or period and value)."""
    for index, row in enumerate(grid[:HEADER_SCAN]):
        header = _classify(row, index)
        if "id" in header.roles and (header.months or header.long):
            return header
    return None


def _find_header(grid: Grid, name: str) -> _Header:
    """The header row, or the error that says what the nearest candidate lacks."""
    found = _scan_header(grid)
    if found is not None:
        return found
    seen = [_classify(row, index) for index, row in enumerate(grid[:HEADER_SCAN])]
    for header in seen:
        if "id" in header.roles:
            raise DataError(name, header.row + 1, None, "no month columns: expected headers "
                            "such as Feb-21, February 2021 or 2021-02 "
                            "(or Period and Value columns)")
    for header in seen:
        if header.months:
            raise DataError(name, header.row + 1, None, "no indicator id column: expected a header "
                            "such as Indicator Number, Ref, KPI or ID")
    raise DataError(name, None, None, f"no header row in the first {HEADER_SCAN} rows: expected "
                    "an indicator id column (Indicator Number, Ref, KPI, ID) and month columns")


def _header_width(rows: Grid) -> int | None:
    header = _scan_header(rows)
    return len(header.texts) if header else None


def _check_header(header: _Header, grid: Grid, name: str, notices: list[str]) -> list[int]:
    """Months must run oldest to newest; returns the comparator columns, in order."""
    seen: dict[Period, int] = {}
    previous: tuple[int, Period] | None = None
    for column, period in header.months:
        if period in seen:
            raise DataError(name, header.row + 1, header.texts[column], f"the month "
                            f"{period.label} appears twice (also in column "
                            f"{_letter(seen[period])}); each month needs one column")
        if previous and period < previous[1]:
            raise DataError(name, header.row + 1, header.texts[column], "months must run oldest "
                            f"to newest from left to right, but this comes after "
                            f"{header.texts[previous[0]]!r}")
        seen[period] = column
        previous = (column, period)
    first_month = header.months[0][0] if header.months else -1
    last_month = header.months[-1][0] if header.months else -1
    comparators: list[int] = []
    for column in header.extra:
        text = header.texts[column]
        if re.fullmatch(r"\d{5}", text) and 20000 <= int(text) <= 80000:
            raise DataError(name, header.row + 1, text, "looks like an Excel date serial, not a "
                            "month; format the header cell as a date or type it as Feb-21")
        if text and first_month < column < last_month:
            raise DataError(name, header.row + 1, text, "expected a month such as Feb-21 or "
                            "2021-02 here, between the month columns")
        if not text:
            if any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1 :]):
                raise DataError(name, header.row + 1, f"column {_letter(column)}",
                                "this column has values but no header; give it a name")
        elif header.long or column > first_month:
            comparators.append(column)
        else:
            notices.append(f"{name}: column {header.texts[column]!r} ignored: not a column "
                           "this tool knows and it comes before the months")
    names = Counter(header.texts[c] for c in comparators)  # linear: a sheet may be wide
    for column in comparators:
        if names[header.texts[column]] > 1:
            raise DataError(name, header.row + 1, header.texts[column],
                            "two comparator columns have this name; rename one")
    return comparators


# -- building indicators -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    """One indicator's cells before they are typed, each with the row it came from."""

    id: str
    row: int
    section: str | None
    cells: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    series: dict[Period, tuple[Cell, int, str]] = field(default_factory=dict)


def _typed(parse: Callable[[Cell], T], cell: Cell, row: int, column: str, name: str,
           problems: Collector) -> T:
    """The typed cell; a bad one is collected (every bad cell is listed) and read as blank."""
    try:
        return parse(cell)
    except CellError as error:
        problems.add(DataError(name, row, column, str(error)))
        return parse(Cell(None))


def _build(item: _Fields, header: _Header, comparators: list[int], periods: list[Period],
           name: str, problems: Collector) -> Indicator:
    def text(role: str) -> str:
        column = header.roles.get(role)
        return cell_text(item.cells[column][0]) if column in item.cells else ""

    def typed(role: str, parse: Callable[[Cell], T]) -> T:
        column = header.roles.get(role)
        if column not in item.cells:
            return parse(Cell(None))
        cell, row = item.cells[column]
        return _typed(parse, cell, row, header.texts[column], name, problems)

    def as_text(parse: Callable[[str], T]) -> Callable[[Cell], T]:
        return lambda cell: parse(cell_text(cell))

    series = []
    for period in periods:
        cell, row, column = item.series.get(period, (Cell(None), item.row, ""))
        series.append(_typed(cell_value, cell, row, column, name, problems))
    compared = []
    for column in comparators:
        cell, row = item.cells.get(column, (Cell(None), item.row))
        compared.append(Comparator(header.texts[column],
                                   _typed(cell_value, cell, row, header.texts[column], name,
                                          problems)))
    return Indicator(
        id=item.id,
        title=" ".join(text("title").split()),
        section=(" ".join(text("section").split()) or None) if header.long else item.section,
        polarity=typed("polarity", as_text(parse_polarity)),
        polarity_text=text("polarity"),
        series=tuple(series),
        officer=text("officer"),
        target=typed("target", cell_value),
        reported_rag=typed("rag", as_text(parse_rag)),
        reported_basis=typed("basis", as_text(parse_basis)),
        reported_basis_text=text("basis"),
        reported_headline=typed("headline", cell_value),
        comparators=tuple(compared),
        source=SourceRef(name, item.row),
        commentary=text("commentary") or None,
    )


def _row_cells(row: list[Cell], header: _Header, number: int, name: str, hint: str) -> list[Cell]:
    """The row cut or padded to the header's width; extra filled cells mean a ragged row."""
    width = len(header.texts)
    used = max((i + 1 for i, cell in enumerate(row) if cell_text(cell)), default=0)
    if used > width:
        raise DataError(name, number, None, f"this row has {used} cells but the header "
                        f"(row {header.row + 1}) has {width}{hint}")
    return row[:width] + [Cell(None)] * (width - len(row))


def _wide(source: RawFile, header: _Header, comparators: list[int], name: str) -> list[_Fields]:
    id_col, section_col = header.roles["id"], header.roles.get("section")
    labels = {id_col, header.roles.get("title"), section_col}
    items: dict[str, _Fields] = {}
    section: str | None = None
    for index in range(header.row + 1, len(source.grid)):
        number = index + 1
        cells = _row_cells(source.grid[index], header, number, name, source.ragged_hint)
        filled = {column for column, cell in enumerate(cells) if cell_text(cell)}
        if not filled:
            continue
        if len(filled) == 1 and filled <= labels:
            section = " ".join(cell_text(cells[filled.pop()]).split())
            continue
        ident = cell_text(cells[id_col])
        if not ident:
            raise DataError(name, number, header.texts[id_col],
                            "expected an indicator id; the cell is blank but the row has data")
        if ident in items:
            raise DataError(name, number, header.texts[id_col], f"duplicate indicator id "
                            f"{ident!r} (first on row {items[ident].row})")
        own_section = cell_text(cells[section_col]) if section_col is not None else ""
        items[ident] = _Fields(
            ident, number, " ".join(own_section.split()) or section,
            cells={column: (cell, number) for column, cell in enumerate(cells)},
            series={p: (cells[c], number, header.texts[c]) for c, p in header.months},
        )
    return list(items.values())


def _long(source: RawFile, header: _Header, comparators: list[int], name: str) -> list[_Fields]:
    """Pivot tidy rows (indicator, period, value, ...) into one `_Fields` per indicator."""
    roles = header.roles
    id_col, period_col, value_col = roles["id"], roles["period"], roles["value"]
    constant = [c for r, c in roles.items() if r not in ("id", "period", "value")] + comparators
    items: dict[str, _Fields] = {}
    for index in range(header.row + 1, len(source.grid)):
        number = index + 1
        cells = _row_cells(source.grid[index], header, number, name, source.ragged_hint)
        if not any(cell_text(cell) for cell in cells):
            continue
        ident = cell_text(cells[id_col])
        if not ident:
            raise DataError(name, number, header.texts[id_col],
                            "expected an indicator id; the cell is blank but the row has data")
        period = parse_period(cells[period_col].value)
        if period is None:
            raise DataError(name, number, header.texts[period_col], "expected a month such as "
                            f"Feb-21 or 2021-02; got {cell_text(cells[period_col])!r}")
        item = items.setdefault(ident, _Fields(ident, number, None))
        if period in item.series:
            raise DataError(name, number, header.texts[period_col], f"a second value for "
                            f"{ident!r} in {period.label} (first on row {item.series[period][1]})")
        item.series[period] = (cells[value_col], number, header.texts[value_col])
        for column in constant:
            shown = cell_text(cells[column])
            if not shown:
                continue
            if column in item.cells and cell_text(item.cells[column][0]) != shown:
                before, row = cell_text(item.cells[column][0]), item.cells[column][1]
                raise DataError(name, number, header.texts[column], f"{ident!r} has {shown!r} "
                                f"here but {before!r} on row {row}; it must be the same on "
                                "every row of an indicator")
            item.cells[column] = (cells[column], number)
    return list(items.values())


# -- commentary sheets -------------------------------------------------------------------------


def _commentary(source: RawFile, indicators: list[Indicator], name: str) -> list[Indicator]:
    """Fill commentary from other sheets keyed by indicator id (sheet named like Commentary,
    or any sheet whose header has id and commentary columns but no months)."""
    by_id = {indicator.id: i for i, indicator in enumerate(indicators)}
    for title, grid in source.side_sheets:
        where = f"{name}[{title}]"
        header = next((h for h in (_classify(row, i) for i, row in enumerate(grid[:HEADER_SCAN]))
                       if "commentary" in h.roles and "id" in h.roles), None)
        if header is None or (header.months and "comment" not in _norm(title)):
            if "comment" in _norm(title):
                raise DataError(where, None, None, "expected a header row with an indicator id "
                                f"column and a Commentary column in the first {HEADER_SCAN} rows")
            continue
        key_col = header.roles["id"]
        text_col = header.roles["commentary"]
        seen: dict[str, int] = {}
        for index in range(header.row + 1, len(grid)):
            row = grid[index] + [Cell(None)] * (len(header.texts) - len(grid[index]))
            key, text = cell_text(row[key_col]), cell_text(row[text_col])
            if not key and not text:
                continue
            column = header.texts[key_col]
            if key not in by_id:
                raise DataError(where, index + 1, column, f"no indicator {key!r} in the scorecard")
            if key in seen:
                raise DataError(where, index + 1, column,
                                f"a second commentary for {key!r} (first on row {seen[key]})")
            seen[key] = index + 1
            current = indicators[by_id[key]]
            if text and current.commentary and current.commentary != text:
                raise DataError(where, index + 1, header.texts[text_col], f"differs from the "
                                f"commentary for {key!r} on row {current.source.row} of the table")
            if text:
                indicators[by_id[key]] = replace(current, commentary=text)
    return indicators


# -- the entry point ---------------------------------------------------------------------------


def read_scorecard(path: str | Path, *, sheet: str | None = None) -> Scorecard:
    """Read a scorecard file; raises `DataError` (one line, FILE:ROW:COLUMN) on any bad input."""
    name = str(path)
    source = read_cells(Path(path), name, sheet, _header_width)
    header = _find_header(source.grid, name)
    comparators = _check_header(header, source.grid, name, source.notices)
    items = (_long if header.long else _wide)(source, header, comparators, name)
    if not items:
        raise DataError(name, header.row + 1, None, "no indicator rows below the header")
    if header.long:
        periods = sorted({period for item in items for period in item.series})
    else:
        periods = [period for _, period in header.months]
    problems = Collector()
    indicators = [_build(item, header, comparators, periods, name, problems) for item in items]
    problems.check()
    indicators = _commentary(source, indicators, name)
    headers = {role: header.texts[column] for role, column in header.roles.items()}
    return Scorecard(
        path=name,
        periods=tuple(periods),
        indicators=tuple(indicators),
        comparator_names=tuple(header.texts[column] for column in comparators),
        headers=headers,
        notices=tuple(source.notices),
    )
