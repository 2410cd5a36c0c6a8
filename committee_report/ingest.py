"""Read a KPI scorecard (TSV, CSV, XLSX; wide or tidy long) into a `Scorecard`.

Councils export the same table many ways, so this module is liberal in what it reads and
strict in what it means: every cell either becomes a typed `Value` or stops the build with
one line naming FILE:ROW:COLUMN. Rows are numbered as a spreadsheet shows them (1-based,
header row included); columns are named by their header text. No raw exception escapes.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Callable, TypeVar

from committee_report.cells import (
    Cell,
    CellError,
    cell_text,
    cell_value,
    parse_basis,
    parse_cell,
    parse_period,
    parse_polarity,
    parse_rag,
)
from committee_report.errors import DataError
from committee_report.model import Comparator, Indicator, Period, Scorecard, SourceRef, Value

__all__ = ["read_scorecard", "parse_cell", "parse_period"]

T = TypeVar("T")
HEADER_SCAN = 15
Grid = list[list[Cell]]


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


@dataclass
class _Source:
    """The raw grid of the main table and what was learned while reading the file."""

    grid: Grid
    notices: list[str] = field(default_factory=list)
    side_sheets: list[tuple[str, Grid]] = field(default_factory=list)
    ragged_hint: str = ""


@dataclass
class _Header:
    """Where the header row is and what each column of it is for."""

    row: int
    texts: list[str]
    roles: dict[str, int]
    months: list[tuple[int, Period]]
    extra: list[int]
    long: bool


# -- reading files -----------------------------------------------------------------------------


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(name, None, None, "no such file") from None
    except IsADirectoryError:
        raise DataError(name, None, None, "is a folder, not a scorecard file") from None
    except PermissionError:
        raise DataError(name, None, None, "cannot read the file: permission denied") from None
    except OSError as error:
        raise DataError(name, None, None, f"cannot read the file: {error.strerror}") from None


def _decode(data: bytes, name: str, notices: list[str]) -> str:
    """UTF-8 (BOM or not) or UTF-16 with BOM; otherwise guess Windows-1252 and say so."""
    binary = DataError(name, None, None, "not a scorecard: binary data, not CSV/TSV text "
                       "or an XLSX workbook")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise binary from None
    if b"\x00" in data:
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, label = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, label = data.decode("latin-1"), "Latin-1"
        notices.append(f"{name}: not UTF-8; read as {label}")
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f" or "\x7f" <= ch < "\xa0")
    if controls * 50 > len(sample):
        raise binary
    return text


def _csv_rows(text: str, delimiter: str, limit: int | None, name: str) -> Grid:
    rows: Grid = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in islice(reader, limit):
            rows.append([Cell(value) for value in row])
    except csv.Error as error:
        raise DataError(name, len(rows) + 1, None, f"cannot read this row: {error}") from None
    return rows


def _read_text(data: bytes, name: str) -> _Source:
    """Tab, semicolon or comma: whichever makes a header row appear, widest header first."""
    notices: list[str] = []
    text = _decode(data, name, notices)
    if not text.strip():
        raise DataError(name, None, None, "the file is empty")
    found: list[tuple[int, str]] = []
    for delimiter in ("\t", ";", ","):
        header = _find_header(_csv_rows(text, delimiter, HEADER_SCAN, name), name, quiet=True)
        if header:
            found.append((len(header.texts), delimiter))
    if found:
        delimiter = max(found, key=lambda item: item[0])[1]
    else:
        first = text.lstrip("\ufeff").splitlines()[0]
        delimiter = max(("\t", ";", ","), key=first.count)
    hint = "; quote values that hold a comma, such as \"1,219\"" if delimiter == "," else ""
    return _Source(_csv_rows(text, delimiter, None, name), notices, ragged_hint=hint)


def _sheet_grid(sheet: object) -> Grid:
    return [[Cell(c.value, c.number_format or "General") for c in row] for row in sheet.iter_rows()]


def _read_xlsx(path: Path, name: str, sheet: str | None) -> _Source:
    """The chosen (or first) worksheet, plus the others in case one holds commentary."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import openpyxl

            book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors all mean "unreadable"
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        raise DataError(name, None, None, f"not a readable XLSX workbook ({reason})") from None
    try:
        sheets = list(book.worksheets)
        titles = [ws.title for ws in sheets]
        if sheet is not None and sheet not in titles:
            listed = ", ".join(repr(title) for title in titles)
            raise DataError(name, None, None, f"no sheet named {sheet!r}; the workbook has {listed}")
        if not sheets:
            raise DataError(name, None, None, "the workbook has no worksheets")
        main = titles.index(sheet) if sheet is not None else 0
        grid = _sheet_grid(sheets[main])
        side = [(ws.title, _sheet_grid(ws)) for i, ws in enumerate(sheets) if i != main]
    finally:
        book.close()
    if not any(cell.value is not None for row in grid for cell in row):
        raise DataError(f"{name}[{titles[main]}]", None, None, "the sheet is empty")
    return _Source(grid, side_sheets=side)


def _load(path: Path, name: str, sheet: str | None) -> _Source:
    data = _read_bytes(path, name)
    if not data.strip():
        raise DataError(name, None, None, "the file is empty")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_xlsx(path, name, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise DataError(name, None, None, "not an XLSX workbook: the file is not a zip archive")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError(name, None, None, "an Excel 97-2003 .xls workbook; save it as .xlsx or CSV")
    if sheet is not None:
        raise DataError(name, None, None, f"a sheet ({sheet!r}) was named but this is not a workbook")
    return _read_text(data, name)


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
        texts.append(period.label if period and not isinstance(cell.value, str) else cell_text(cell))
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


def _find_header(grid: Grid, name: str, quiet: bool = False) -> _Header | None:
    """The first row in the first 15 with an id column and months (or period and value)."""
    seen: list[_Header] = []
    for index, row in enumerate(grid[:HEADER_SCAN]):
        header = _classify(row, index)
        if "id" in header.roles and (header.months or header.long):
            return header
        seen.append(header)
    if quiet:
        return None
    for header in seen:
        if "id" in header.roles:
            raise DataError(name, header.row + 1, None, "no month columns: expected headers such as "
                            "Feb-21, February 2021 or 2021-02 (or Period and Value columns)")
    for header in seen:
        if header.months:
            raise DataError(name, header.row + 1, None, "no indicator id column: expected a header "
                            "such as Indicator Number, Ref, KPI or ID")
    raise DataError(name, None, None, f"no header row in the first {HEADER_SCAN} rows: expected "
                    "an indicator id column (Indicator Number, Ref, KPI, ID) and month columns")


def _check_header(header: _Header, grid: Grid, name: str, notices: list[str]) -> list[int]:
    """Months must run oldest to newest; returns the comparator columns, in order."""
    seen: dict[Period, int] = {}
    previous: tuple[int, Period] | None = None
    for column, period in header.months:
        if period in seen:
            raise DataError(name, header.row + 1, header.texts[column], f"the month "
                            f"{period.label} appears twice (also in column {_letter(seen[period])}); "
                            "each month needs one column")
        if previous and period < previous[1]:
            raise DataError(name, header.row + 1, header.texts[column], "months must run oldest "
                            f"to newest from left to right, but this comes after "
                            f"{header.texts[previous[0]]!r}")
        seen[period] = column
        previous = (column, period)
    first_month = header.months[0][0] if header.months else -1
    comparators: list[int] = []
    for column in header.extra:
        if not header.texts[column]:
            if any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1 :]):
                raise DataError(name, header.row + 1, f"column {_letter(column)}",
                                "this column has values but no header; give it a name")
        elif header.long or column > first_month:
            comparators.append(column)
        else:
            notices.append(f"{name}: column {header.texts[column]!r} ignored: not a column "
                           "this tool knows and it comes before the months")
    names = [header.texts[c] for c in comparators]
    for column in comparators:
        if names.count(header.texts[column]) > 1:
            raise DataError(name, header.row + 1, header.texts[column],
                            "two comparator columns have this name; rename one")
    return comparators


# -- building indicators -----------------------------------------------------------------------


@dataclass
class _Fields:
    """One indicator's cells before they are typed, each with the row it came from."""

    id: str
    row: int
    section: str | None
    cells: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    series: dict[Period, tuple[Cell, int, str]] = field(default_factory=dict)


def _typed(parse: Callable[[Cell], T], cell: Cell, row: int, column: str, name: str) -> T:
    try:
        return parse(cell)
    except CellError as error:
        raise DataError(name, row, column, str(error)) from None


def _build(item: _Fields, header: _Header, comparators: list[int], periods: list[Period],
           name: str) -> Indicator:
    def text(role: str) -> str:
        column = header.roles.get(role)
        return cell_text(item.cells[column][0]) if column in item.cells else ""

    def typed(role: str, parse: Callable[[Cell], T]) -> T:
        column = header.roles.get(role)
        if column not in item.cells:
            return parse(Cell(None))
        cell, row = item.cells[column]
        return _typed(parse, cell, row, header.texts[column], name)

    def as_text(parse: Callable[[str], T]) -> Callable[[Cell], T]:
        return lambda cell: parse(cell_text(cell))

    series = []
    for period in periods:
        cell, row, column = item.series.get(period, (Cell(None), item.row, ""))
        series.append(_typed(cell_value, cell, row, column, name))
    compared = []
    for column in comparators:
        cell, row = item.cells.get(column, (Cell(None), item.row))
        compared.append(Comparator(header.texts[column],
                                   _typed(cell_value, cell, row, header.texts[column], name)))
    return Indicator(
        id=item.id,
        title=" ".join(text("title").split()),
        section=item.section,
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


def _row_cells(row: list[Cell], header: _Header, row_number: int, name: str, hint: str) -> list[Cell]:
    width = len(header.texts)
    used = max((i + 1 for i, cell in enumerate(row) if cell_text(cell)), default=0)
    if used > width:
        raise DataError(name, row_number, None, f"this row has {used} cells but the header "
                        f"(row {header.row + 1}) has {width}{hint}")
    return row[:width] + [Cell(None)] * (width - len(row))


def _wide(source: _Source, header: _Header, comparators: list[int], name: str) -> list[_Fields]:
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
        item = _Fields(ident, number, " ".join(own_section.split()) or section)
        item.cells = {column: (cells[column], number) for column in range(len(cells))}
        item.series = {p: (cells[c], number, header.texts[c]) for c, p in header.months}
        items[ident] = item
    return list(items.values())


def _long(source: _Source, header: _Header, comparators: list[int], name: str) -> list[_Fields]:
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
        if "section" in roles and roles["section"] in item.cells:
            item.section = " ".join(cell_text(item.cells[roles["section"]][0]).split())
    return list(items.values())


# -- commentary sheets -------------------------------------------------------------------------


def _commentary(source: _Source, indicators: list[Indicator], name: str) -> list[Indicator]:
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
    source = _load(Path(path), name, sheet)
    header = _find_header(source.grid, name)
    assert header is not None
    comparators = _check_header(header, source.grid, name, source.notices)
    items = (_long if header.long else _wide)(source, header, comparators, name)
    if not items:
        raise DataError(name, header.row + 1, None, "no indicator rows below the header")
    if header.long:
        periods = sorted({period for item in items for period in item.series})
    else:
        periods = [period for _, period in header.months]
    indicators = [_build(item, header, comparators, periods, name) for item in items]
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
