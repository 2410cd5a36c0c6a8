"""The cells of a scorecard file: the raw grid (text or XLSX) and what each cell means.

`ingest` gives the grid its shape (header, rows, sections); this module only gets the cells
out of the file and types them, so the rules for what a person may type in a cell live in one
place and can be tested without a file. A bad cell raises `CellError` and the caller adds
the ROW:COLUMN; a bad file raises `DataError` naming it.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import islice
from pathlib import Path
from typing import Callable

from committee_report import limits
from committee_report.errors import DataError
from committee_report.model import Basis, Period, Polarity, Rag, Value

csv.field_size_limit(limits.MAX_SCORECARD_BYTES)  # a long line is bounded by the file's size
MAX_DIGITS = 15
"""Significant digits of a number cell: Excel's own precision; more cannot be exact."""

HEADER_SCAN = 15
"""The header row is looked for in this many rows at the top of a sheet."""
NUMBER_EXPECTED = "expected a number such as 81%, 1,219 or 15.6, or BM, NA or blank"


class CellError(ValueError):
    """A cell that does not say what its column needs; `str()` is the one-line reason."""


@dataclass(frozen=True)
class Cell:
    """A raw cell: text from a CSV, or an XLSX value with the number format Excel shows it in."""

    value: object
    number_format: str = "General"


Grid = list[list[Cell]]


@dataclass(frozen=True)
class RawFile:
    """The raw grid of the main table and what was learned while reading the file."""

    grid: Grid
    notices: list[str] = field(default_factory=list)
    side_sheets: list[tuple[str, Grid]] = field(default_factory=list)
    ragged_hint: str = ""



# -- raw cells from a file ---------------------------------------------------------------------


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes within `limits.MAX_SCORECARD_BYTES`; a device or FIFO is refused."""

    def fail(reason: str) -> DataError:
        if reason == "no such file or folder":
            reason = "no such file"
        elif reason == "is a folder, not a file":
            reason = "is a folder, not a scorecard file"
        elif reason == "permission denied":
            reason = "cannot read the file: permission denied"
        return DataError(name, None, None, reason)

    return limits.read_bounded(path, limits.MAX_SCORECARD_BYTES, fail)


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


def _read_text(data: bytes, name: str, header_width: Callable[[Grid], int | None]) -> RawFile:
    """Tab, semicolon or comma: whichever makes a header row appear, widest header first."""
    notices: list[str] = []
    text = _decode(data, name, notices)
    if not text.strip():
        raise DataError(name, None, None, "the file is empty")
    found: list[tuple[int, str]] = []
    for delimiter in ("\t", ";", ","):
        width = header_width(_csv_rows(text, delimiter, HEADER_SCAN, name))
        if width:
            found.append((width, delimiter))
    if found:
        delimiter = max(found, key=lambda item: item[0])[1]
    else:
        first = text.lstrip("\ufeff").splitlines()[0]
        delimiter = max(("\t", ";", ","), key=first.count)
    hint = "; quote values that hold a comma, such as \"1,219\"" if delimiter == "," else ""
    return RawFile(_csv_rows(text, delimiter, None, name), notices, ragged_hint=hint)


def _sheet_grid(sheet: object) -> Grid:
    return [[Cell(c.value, c.number_format or "General") for c in row] for row in sheet.iter_rows()]


def _read_xlsx(path: Path, name: str, sheet: str | None) -> RawFile:
    """The chosen (or first) worksheet, plus the others in case one holds commentary."""
    try:
        limits.check_xlsx(path)  # before openpyxl: a zip bomb or a vast sheet never loads
    except limits.LimitError as error:
        raise DataError(name, None, None, str(error)) from None
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
            raise DataError(name, None, None,
                            f"no sheet named {sheet!r}; the workbook has {listed}")
        if not sheets:
            raise DataError(name, None, None, "the workbook has no worksheets")
        main = titles.index(sheet) if sheet is not None else 0
        for ws in sheets:
            try:
                limits.check_sheet_size(ws.max_row, ws.max_column)
            except limits.LimitError as error:
                raise DataError(f"{name}[{ws.title}]", None, None, str(error)) from None
        grid = _sheet_grid(sheets[main])
        side = [(ws.title, _sheet_grid(ws)) for i, ws in enumerate(sheets) if i != main]
    finally:
        book.close()
    if not any(cell.value is not None for row in grid for cell in row):
        raise DataError(f"{name}[{titles[main]}]", None, None, "the sheet is empty")
    return RawFile(grid, side_sheets=side)


def read_cells(path: Path, name: str, sheet: str | None,
               header_width: Callable[[Grid], int | None]) -> RawFile:
    """The raw cells of a scorecard file, named `name` in messages.

    `header_width(first rows)` says how wide a header row those rows hold, or None: the
    delimiter of a text file is whichever one makes a header appear.
    """
    data = _read_bytes(path, name)
    if not data.strip():
        raise DataError(name, None, None, "the file is empty")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_xlsx(path, name, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise DataError(name, None, None, "not an XLSX workbook: the file is not a zip archive")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError(name, None, None, "an Excel 97-2003 .xls workbook; save it as .xlsx or CSV")
    raw = _read_text(data, name, header_width)
    if sheet is not None:  # one paper config may name a sheet for an XLSX and a CSV alike
        raw.notices.append(f"{name}: not a workbook, so the sheet {sheet!r} does not apply")
    return raw


# -- typed text --------------------------------------------------------------------------------

_NUMBER = re.compile(r"^([+\-\u2212]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?\s*(%?)$")
_NOT_APPLICABLE = {"na", "n/a", "-", "\u2014", "\u2013"}
_SUPPRESSED = re.compile(r"^(?:<\s*\d+(?:\.\d+)?|\*|c|\[c\])$", re.IGNORECASE)


def parse_cell(text: str) -> Value:
    """Read a cell as people type it: `81%`, `1,219`, `15.6`, `BM`, `NA`, `<5`, blank.

    Suppressed small numbers keep `number=None` so that nothing downstream can count them as
    zero. Raises `CellError` for anything else.
    """
    shown = str(text).strip()
    if not shown:
        return Value("", None, "blank")
    folded = shown.lower()
    if folded == "bm":
        return Value(shown, None, "not_measured")
    if folded in _NOT_APPLICABLE:
        return Value(shown, None, "not_applicable")
    if _SUPPRESSED.match(shown):
        return Value(shown, None, "suppressed")
    match = _NUMBER.match(shown)
    if not match or not (match.group(2) or match.group(3)):
        raise CellError(f"{NUMBER_EXPECTED}; got {shown!r}")
    sign, whole, fraction, percent = match.groups()
    digits = (whole or "0").replace(",", "") + (f".{fraction}" if fraction else "")
    _check_digits(digits.lstrip("0").split(".")[0], fraction or "", shown)
    number = float(digits)
    if sign in ("-", "\u2212"):
        number = -number
    return Value(shown, number, "value", percent == "%", len(fraction or ""))


def _check_digits(whole: str, fraction: str, shown: str) -> None:
    if len(whole) > MAX_DIGITS:
        raise CellError(f"a number of {len(whole)} digits is more than a spreadsheet holds "
                        f"exactly (at most {MAX_DIGITS}); got {limits.quote(shown, 60)}")
    if len(fraction) > MAX_DIGITS:
        raise CellError(f"{len(fraction)} decimal places is more than a spreadsheet holds "
                        f"exactly (at most {MAX_DIGITS}); got {limits.quote(shown, 60)}")


# -- Excel values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    percent: bool
    decimals: int
    thousands: bool


_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


def _number_format(code: str) -> _Format | None:
    """The parts of an Excel number format that change the digits shown; None for General."""
    section = _FORMAT_NOISE.sub("", code or "").split(";")[0].strip()
    if not section or section.lower() == "general" or section == "@":
        return None
    if not re.search(r"[0#?]", section):
        return None
    after_point = section.split(".", 1)[1] if "." in section else ""
    decimals = len(re.match(r"[0#?]*", after_point).group(0))
    return _Format("%" in section, decimals, bool(re.search(r"[0#?],[0#?]", section)))


def _round(number: Decimal, decimals: int) -> Decimal:
    """Round half away from zero, as Excel displays (with room for every digit shown)."""
    with localcontext() as context:
        context.prec = 2 * MAX_DIGITS + 10
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _general(number: float) -> tuple[Decimal, int]:
    """What Excel's General format shows: whole numbers in full, fractions to 10 significant
    digits, so binary float noise (15.600000000000001) disappears."""
    exact = Decimal(repr(number))
    if exact == exact.to_integral_value():
        return exact.quantize(Decimal(1)), 0
    shown = Decimal(f"{number:.10g}")
    text = format(shown, "f")
    return shown, len(text.split(".")[1]) if "." in text else 0


def excel_number(number: float | int, number_format: str = "General") -> Value:
    """An XLSX number cell as Excel displays it: `0.81` in `0%` is `81%`, number 81.0.

    The number is the displayed value, not the stored one, so that a workbook and the CSV Excel
    saves from it give the same scorecard and the paper judges exactly what it prints.
    """
    if not math.isfinite(number) or abs(number) >= 10 ** MAX_DIGITS:
        raise CellError(f"a number this large ({number:.6g}) is more than a spreadsheet holds "
                        f"exactly (at most {MAX_DIGITS} digits)")
    fmt = _number_format(number_format)
    if fmt is not None and fmt.decimals > MAX_DIGITS:
        raise CellError(f"the cell's number format shows {fmt.decimals} decimal places; at most "
                        f"{MAX_DIGITS} are supported")
    if fmt is None:
        shown, decimals = _general(float(number))
        thousands, percent = False, False
    else:
        raw = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
        percent, decimals, thousands = fmt.percent, fmt.decimals, fmt.thousands
        shown = _round(raw * 100 if percent else raw, decimals)
    if shown == 0:
        shown = abs(shown)
    text = format(shown, f"{',' if thousands else ''}.{decimals}f") + ("%" if percent else "")
    return Value(text, float(shown), "value", percent, decimals)


def cell_value(cell: Cell) -> Value:
    """Any raw cell as a `Value`; text goes through `parse_cell`."""
    raw = cell.value
    if raw is None:
        return Value("", None, "blank")
    if isinstance(raw, bool):
        raise CellError(f"{NUMBER_EXPECTED}; got {str(raw).upper()}")
    if isinstance(raw, (int, float)):
        return excel_number(raw, cell.number_format)
    if isinstance(raw, (datetime, date)):
        raise CellError(f"{NUMBER_EXPECTED}; got the date {raw:%Y-%m-%d}")
    return parse_cell(str(raw))


def cell_text(cell: Cell) -> str:
    """A raw cell as the text a reader sees, trimmed: ids, titles, officers, headers."""
    raw = cell.value
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw).upper()
    if isinstance(raw, (int, float)):
        try:
            return excel_number(raw, cell.number_format).text
        except CellError:  # as text (an id, a header), any number reads as itself
            return f"{raw:.15g}"
    if isinstance(raw, datetime) and (raw.hour, raw.minute, raw.second) != (0, 0, 0):
        return raw.isoformat(sep=" ")
    if isinstance(raw, (datetime, date)):
        return f"{raw:%Y-%m-%d}"
    return str(raw).strip()


# -- month headers -----------------------------------------------------------------------------

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NAMED = re.compile(r"^([a-z]+)[\s\-/'.,_]*(\d{4}|\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?)?$")
_YEAR_LAST = re.compile(r"^(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})$")


def _period(year: int, month: int) -> Period | None:
    return Period(year, month) if 1900 <= year <= 2099 and 1 <= month <= 12 else None


def parse_period(header: object) -> Period | None:
    """A month column header -> its `Period`; anything that is not a month -> None.

    Accepts `Feb-21`, `Feb 21`, `February 2021`, `2021-02`, `02/2021`, `01/02/2021` (UK order)
    and real Excel dates. `2021/02` counts only when it cannot be a financial year: `2021/22`
    and `2011/12` are years, not months. A bare number (an Excel date serial as text) is not
    a month.
    """
    if isinstance(header, (datetime, date)):
        return _period(header.year, header.month)
    if not isinstance(header, str):
        return None
    text = " ".join(header.split()).lower()
    if match := _NAMED.match(text):
        month = _MONTHS.get(match.group(1))
        year = int(match.group(2))
        return _period(year + 2000 if year < 100 else year, month) if month else None
    if match := _YEAR_FIRST.match(text):
        year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
        if day is None and month == (year + 1) % 100:
            return None
        if day is not None and not 1 <= int(day) <= 31:
            return None
        return _period(year, month)
    if match := _YEAR_LAST.match(text):
        day, month, year = match.group(1), int(match.group(2)), int(match.group(3))
        if day is not None and not 1 <= int(day) <= 31:
            return None
        return _period(year, month)
    return None


# -- the small vocabularies --------------------------------------------------------------------

_BLANKISH = {"", "na", "n/a", "-", "\u2014", "\u2013"}
_POLARITY: dict[str, Polarity] = {
    **dict.fromkeys(
        ["bib", "hib", "higher is better", "bigger is better", "larger is better",
         "more is better", "high", "higher", "up"],
        "bigger_is_better",
    ),
    **dict.fromkeys(
        ["sib", "lib", "lower is better", "smaller is better", "less is better",
         "fewer is better", "low", "lower", "down"],
        "smaller_is_better",
    ),
}
_RAG: dict[str, Rag] = {
    "red": "red", "r": "red", "amber": "amber", "a": "amber", "green": "green", "g": "green",
    "grey": "grey", "gray": "grey",
}
_BASIS: dict[str, Basis] = {
    "ytd": "ytd", "year to date": "ytd", "latest": "latest", "latest month": "latest",
}


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def parse_polarity(text: str) -> Polarity | None:
    """`BIB`/`SIB`, `Higher is better`, `Down`...; blank, NA or `-` means no direction."""
    key = _fold(text)
    if key in _BLANKISH:
        return None
    if key not in _POLARITY:
        raise CellError(
            "expected a polarity such as BIB, SIB, Higher is better or Lower is better, "
            f"or blank; got {text.strip()!r}"
        )
    return _POLARITY[key]


def parse_rag(text: str) -> Rag | None:
    key = _fold(text)
    if key in _BLANKISH:
        return None
    if key not in _RAG:
        raise CellError(
            f"expected a RAG rating Red, Amber, Green or Grey (or R, A, G), or NA or blank; "
            f"got {text.strip()!r}"
        )
    return _RAG[key]


def parse_basis(text: str) -> Basis | None:
    key = _fold(text)
    if key in _BLANKISH:
        return None
    if key not in _BASIS:
        raise CellError(f"expected YTD or Latest, or NA or blank; got {text.strip()!r}")
    return _BASIS[key]
