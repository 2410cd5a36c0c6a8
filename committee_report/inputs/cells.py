"""The cells of a scorecard file: the raw grid (text or XLSX) and what each cell means.

`ingest` gives the grid its shape (header, rows, sections); this module only gets the cells
out of the file and types them, so the rules for what a person may type in a cell live in one
place and can be tested without a file. A bad cell raises `CellError` and the caller adds
the ROW:COLUMN; a bad file raises `DataError` naming it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from committee_report import limits
from committee_report.errors import DataError
from committee_report.inputs.periods import parse_period
from committee_report.inputs.vocab import (  # noqa: F401 - part of this module's API
    RAG_WORDS,
    CellError,
    parse_basis,
    parse_polarity,
    parse_rag,
    parse_trend,
    rag_known,
)
from committee_report.model import Rag, Value

__all__ = ["parse_period"]  # re-exported: headers and cells share one period parser

csv.field_size_limit(limits.MAX_SCORECARD_BYTES)  # a long line is bounded by the file's size
MAX_DIGITS = 15
"""Significant digits of a number cell: Excel's own precision; more cannot be exact."""

HEADER_SCAN = 15
"""The header row is looked for in this many rows at the top of a sheet."""
NUMBER_EXPECTED = "expected a number such as 81%, 1,219 or 15.6, or BM, NA or blank"


@dataclass(frozen=True)
class Cell:
    """A raw cell: text from a CSV, or an XLSX value with the number format Excel shows it in."""

    value: object
    number_format: str = "General"
    fill: str | None = None
    """An XLSX cell's solid fill colour as RRGGBB, where it has one (a RAG shown by colour)."""


Grid = list[list[Cell]]


@dataclass(frozen=True)
class RawFile:
    """The raw grid of the main table and what was learned while reading the file."""

    grid: Grid
    notices: list[str] = field(default_factory=list)
    side_sheets: list[tuple[str, Grid]] = field(default_factory=list)
    ragged_hint: str = ""


# -- raw cells from a file ---------------------------------------------------------------------


def file_bytes(path: Path, name: str) -> bytes:
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
    binary = DataError(
        name, None, None, "not a scorecard: binary data, not CSV/TSV text or an XLSX workbook"
    )
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
    """The rows as cells; a text seen before is the same (frozen) Cell: a table repeats its
    blanks, units and ratings, and a Cell is slower to make than to look up."""
    rows: Grid = []
    made: dict[str, Cell] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in islice(reader, limit):
            rows.append([made.get(value) or made.setdefault(value, Cell(value)) for value in row])
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
    hint = '; quote values that hold a comma, such as "1,219"' if delimiter == "," else ""
    return RawFile(_csv_rows(text, delimiter, None, name), notices, ragged_hint=hint)


def _fill(cell: object) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or getattr(fill, "patternType", None) != "solid":
        return None
    rgb = getattr(getattr(fill, "fgColor", None), "rgb", None)
    if not isinstance(rgb, str) or not re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb):
        return None  # theme and indexed colours are not resolved; the text must say it
    return rgb[-6:].upper()


def _sheet_grid(sheet: Any) -> Grid:  # an openpyxl worksheet; openpyxl publishes no types
    """The sheet's cells; a merged range in the first rows (a title block, a header spanning
    columns) gives its text to every cell it covers, so each column has its header."""
    grid = [
        [Cell(c.value, c.number_format or "General", _fill(c)) for c in row]
        for row in sheet.iter_rows()
    ]
    merged_ranges = sheet.merged_cells.ranges if hasattr(sheet, "merged_cells") else ()
    for merged in merged_ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= HEADER_SCAN or top >= len(grid) or left >= len(grid[top]):
            continue
        source = grid[top][left]
        for row in range(top, min(merged.max_row, len(grid))):
            for col in range(left, min(merged.max_col, len(grid[row]))):
                if (row, col) != (top, left):
                    grid[row][col] = Cell(source.value, source.number_format, source.fill)
    return grid


def rag_from_fill(rgb: str | None) -> Rag | None:
    """A RAG read from a cell's fill colour by its hue: red, amber (or yellow), green."""
    if not rgb:
        return None
    import colorsys

    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or not 0.15 < light < 0.92:
        return None  # grey, white or black: no rating
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return "red"
    if degrees < 65:
        return "amber"
    if 75 <= degrees < 170:
        return "green"
    return None


def _read_xlsx(path: Path, name: str, sheet: str | None) -> RawFile:
    """The chosen (or first) worksheet, plus the others in case one holds commentary."""
    try:
        limits.check_xlsx(path)  # before openpyxl: a zip bomb or a vast sheet never loads
    except limits.LimitError as error:
        raise DataError(name, None, None, str(error)) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from committee_report.inputs.openpyxl_import import openpyxl

            book = openpyxl().load_workbook(path, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors all mean "unreadable"
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        raise DataError(name, None, None, f"not a readable XLSX workbook ({reason})") from None
    try:
        every = list(book.worksheets)
        # Hidden sheets (lookups, workings) are skipped unless named with --sheet / sheet:.
        sheets = [ws for ws in every if ws.sheet_state == "visible" or ws.title == sheet]
        titles = [ws.title for ws in sheets]
        if sheet is not None and sheet not in titles:
            listed = ", ".join(repr(title) for title in titles)
            raise DataError(
                name, None, None, f"no sheet named {sheet!r}; the workbook has {listed}"
            )
        if not sheets:
            raise DataError(
                name,
                None,
                None,
                "the workbook has no worksheets"
                if not every
                else "every worksheet is hidden; name one with --sheet or sheet:",
            )
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


_WORKBOOKS: dict[tuple[bytes, str, str | None], RawFile] = {}
"""Workbooks read, by content, name and sheet: openpyxl takes tens of milliseconds a sheet,
and `init` (its look, then its judgement) or a test run reads one workbook many times."""


def _workbook(path: Path, data: bytes, name: str, sheet: str | None) -> RawFile:
    """`_read_xlsx`, once per content; each caller gets its own lists (the cells are frozen)."""
    key = (hashlib.sha256(data).digest(), name, sheet)
    raw = _WORKBOOKS.get(key)
    if raw is None:
        raw = _read_xlsx(path, name, sheet)  # a bad workbook raises every time, never kept
        if len(_WORKBOOKS) >= 4:  # bounded: a grid holds every cell of every sheet
            del _WORKBOOKS[next(iter(_WORKBOOKS))]
        _WORKBOOKS[key] = raw
    return RawFile(
        [list(row) for row in raw.grid],
        list(raw.notices),
        [(title, [list(row) for row in grid]) for title, grid in raw.side_sheets],
        raw.ragged_hint,
    )


def read_cells(
    path: Path,
    name: str,
    sheet: str | None,
    header_width: Callable[[Grid], int | None],
    data: bytes | None = None,
) -> RawFile:
    """The raw cells of a scorecard file, named `name` in messages (from `data`, its bytes as
    `file_bytes` read them, where the caller has them already).

    `header_width(first rows)` says how wide a header row those rows hold, or None: the
    delimiter of a text file is whichever one makes a header appear.
    """
    if data is None:
        data = file_bytes(path, name)
    if not data.strip():
        raise DataError(name, None, None, "the file is empty")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _workbook(path, data, name, sheet)
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
_BELOW = re.compile(
    r"^(?:below|fewer than|less than|under)\s+(\d[\d,]*(?:\.\d+)?)\b", re.IGNORECASE
)
_NOT_AVAILABLE = re.compile(
    r"^(?:n/?a\b|not (?:available|applicable|reported|collected|yet (?:available|reported))|"
    r"data not (?:available|yet available|collected)|no data|new (?:measure|indicator)\b|"
    r"awaiting (?:data|figures?)|tbc\b|to be confirmed|unavailable)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_ZERO = re.compile(r"^(?:none|nil|zero|no\s+[a-z][a-z\s-]*)$", re.IGNORECASE)
_PER_CENT = re.compile(r"\s*(?:per\s*cent|percent|pc|%)$", re.IGNORECASE)
_FIGURE = re.compile(
    r"^(?P<figure>[a-z]+|[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<percent>\s*(?:%|per\s*cent\b|percent\b))?(?P<star>\*)?"
    r"(?:\s+(?P<rest>[a-z(].*)|\s*(?P<paren>\(.*))?$",
    re.IGNORECASE,
)
_PARTS = re.compile(
    r"^\(\s*(\d[\d,]{0,19})\s*(?:of|/|out of)\s*(\d[\d,]{0,19})\s*\)\s*(.*)$", re.IGNORECASE
)


def _plain_number(shown: str) -> Value | None:
    """`81%`, `1,219`, `-3.5`: a bare figure, as the table types it."""
    match = _NUMBER.match(shown)
    if not match or not (match.group(2) or match.group(3)):
        return None
    sign, whole, fraction, percent = match.groups()
    digits = (whole or "0").replace(",", "") + (f".{fraction}" if fraction else "")
    _check_digits(digits.lstrip("0").split(".")[0], fraction or "", shown)
    number = float(digits)
    if sign in ("-", "\u2212"):
        number = -number
    return Value(shown, number, "value", percent == "%", len(fraction or ""))


def _figure(token: str, percent: bool) -> Value | None:
    """A figure in digits or a number word up to twenty."""
    word = _NUMBER_WORDS.get(token.lower())
    if word is not None:
        return Value(token, float(word), "value", percent, 0)
    found = _plain_number(token + ("%" if percent else ""))
    return found


def parse_cell(text: str) -> Value:
    """Read a cell as people write it; keep the text so the paper can show it as written.

    Figures: `81%`, `1,219`, `98.2 per cent`, `five per cent`; zero in words (`none`, `nil`,
    `no child`); a figure with its parts (`58% (45 of 78)`) or with a note (`139 Positions`,
    `497 whole year figure`, `90% target`); provisional `12*`. Not figures: `BM` (not
    measured), `NA`/`n/a`/`-`/`New measure for 20/21`/`Data not available` (not available),
    `<5`/`*`/`c`/`below 10`/`fewer than 10` (suppressed: never counted as zero). Raises
    `CellError` for anything else. Cached, as `excel_number` is: a table repeats its
    spellings (blanks, `BM`, `n/a`, round figures), and a test run reads the same tables.
    """
    return _parse_text(str(text))


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> Value:
    shown = " ".join(text.split())
    if not shown:
        return Value("", None, "blank")
    folded = shown.lower()
    if folded == "bm":
        return Value(shown, None, "not_measured")
    if folded in _NOT_APPLICABLE or _NOT_AVAILABLE.match(shown):
        return Value(shown, None, "not_applicable")
    if _SUPPRESSED.match(shown) or _BELOW.match(shown):
        return Value(shown, None, "suppressed")
    plain = _plain_number(shown)
    if plain is not None:
        return plain
    if _ZERO.match(shown) and not folded.startswith(("no change", "no notes")):
        return Value(shown, 0.0, "value", False, 0)
    match = _FIGURE.match(shown)
    if match and match.group("figure"):
        value = _figure(match.group("figure"), bool(match.group("percent")))
        rest = (match.group("rest") or match.group("paren") or "").strip()
        if value is not None:
            parts = None
            if (found := _PARTS.match(rest)) is not None:
                parts = (
                    float(found.group(1).replace(",", "")),
                    float(found.group(2).replace(",", "")),
                )
                rest = found.group(3).strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1].strip()
            return Value(
                shown,
                value.number,
                "value",
                value.percent,
                value.decimals,
                note=rest.lstrip(",;: ").strip(),
                parts=parts,
                provisional=bool(match.group("star")),
            )
    raise CellError(f"{NUMBER_EXPECTED}; got {shown!r}")


def _check_digits(whole: str, fraction: str, shown: str) -> None:
    if len(whole) > MAX_DIGITS:
        raise CellError(
            f"a number of {len(whole)} digits is more than a spreadsheet holds "
            f"exactly (at most {MAX_DIGITS}); got {limits.quote(shown, 60)}"
        )
    if len(fraction) > MAX_DIGITS:
        raise CellError(
            f"{len(fraction)} decimal places is more than a spreadsheet holds "
            f"exactly (at most {MAX_DIGITS}); got {limits.quote(shown, 60)}"
        )


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
    decimals = len(after_point) - len(after_point.lstrip("0#?"))  # its leading 0, # and ?
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


@lru_cache(maxsize=4096, typed=True)
def excel_number(number: float | int, number_format: str = "General") -> Value:
    """An XLSX number cell as Excel displays it: `0.81` in `0%` is `81%`, number 81.0.

    The number is the displayed value, not the stored one, so that a workbook and the CSV Excel
    saves from it give the same scorecard and the paper judges exactly what it prints. Cached
    (by type too, so 1 and 1.0 stay apart): the reader asks for each cell's text many times.
    """
    if not math.isfinite(number) or abs(number) >= 10**MAX_DIGITS:
        raise CellError(
            f"a number this large ({number:.6g}) is more than a spreadsheet holds "
            f"exactly (at most {MAX_DIGITS} digits)"
        )
    fmt = _number_format(number_format)
    if fmt is not None and fmt.decimals > MAX_DIGITS:
        raise CellError(
            f"the cell's number format shows {fmt.decimals} decimal places; at most "
            f"{MAX_DIGITS} are supported"
        )
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
    if type(raw) is str:  # every CSV cell, most XLSX ones: the reader asks for each many times
        return raw.strip()
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
