"""Resource limits: every input is bounded before it is read, so a small hostile file can neither
exhaust memory nor hang a build, and every refusal is one line that says which limit and why.

The numbers are far above any real council paper (the largest scorecard in the corpus is 160 KB
with 120 indicators) and far below what would hurt a laptop. They are documented in the README's
"Limits and safety" section; change them there too.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

# Files.
MAX_SCORECARD_BYTES = 20 * 1024 * 1024
"""A CSV/TSV/XLSX file: 20 MB is some 200,000 rows of a typical scorecard."""
MAX_YAML_BYTES = 1024 * 1024
"""A paper, catalogue, rules or layout YAML: 1 MB of hand-written configuration."""
MAX_YAML_ALIASES = 50
"""YAML aliases (`*name`, `<<: *name`) in one file: enough to share a few settings, too few
for an alias bomb (nine levels of nine aliases each expand a 1 KB file to gigabytes)."""
MAX_NESTING = 24
"""Nesting depth of a YAML document (rule conditions nest `all`/`any`/`not`)."""
MAX_YAML_NODES = 200_000
"""Scalars, lists and mappings in one YAML file."""

# XLSX, checked before openpyxl loads the workbook.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
"""All parts of a workbook, uncompressed."""
MAX_XLSX_RATIO = 200
"""Uncompressed over compressed size of one part: a zip bomb compresses by thousands."""
MAX_ROWS = 100_000
MAX_COLUMNS = 16_384
MAX_CELLS = 2_000_000
"""A sheet's declared (or found) rows, columns and rows x columns."""

# Text a paper can show.
MAX_TEXT = {
    "id": 40,
    "title": 400,
    "officer": 200,
    "commentary": 10_000,
    "section": 400,
    "paper": 1_000,
    "comparator": 200,
}
"""Characters of each kind of text field; longer text is refused with the field named."""
MAX_TOKEN = 80
"""Characters without a space in a title or identifier: a line must be able to break."""
MAX_PERIODS = 240
"""Month columns (20 years)."""
MAX_COMPARATORS = 40
"""Comparator columns."""
MAX_INDICATORS = 20_000

# Messages.
MAX_QUOTE = 200
"""Characters of any input quoted back in a message."""
MAX_LINE = 1_000
"""Characters of one message line, everything included."""

# Layout numbers: (minimum, maximum) of each, in the layout's own units.
MIN_TEXT_PT = 7.0
"""The smallest type a paper sets (points): every layout size, and the KPI table as it shrinks."""
LAYOUT_RANGES: dict[str, tuple[float, float]] = {
    "page.margins_mm": (5, 60),
    "sizes": (MIN_TEXT_PT, 48),
    "chart.dpi": (72, 600),
    "chart.width_mm": (40, 260),
    "chart.height_mm": (20, 180),
    "chart.font_size": (8, 24),  # its smallest label is 0.9 of it: at least MIN_TEXT_PT
    "table.max_rows": (1, 200),
    "table.max_title_lines": (1, 20),
}
MAX_LOGO_PIXELS = 4000 * 4000
"""A logo's width x height in pixels: a cover logo is a few hundred pixels across."""
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_FONT_BYTES = 20 * 1024 * 1024


class LimitError(ValueError):
    """An input over one of the limits; `str()` is the one-line reason."""


def quote(text: object, limit: int = MAX_QUOTE) -> str:
    """`repr` of at most `limit` characters of `text`: a 100 MB input never becomes a 100 MB
    message, and a newline in it cannot forge a second message line."""
    if not isinstance(text, str):
        shown = repr(text)
        return shown if len(shown) <= limit else shown[:limit] + "..."
    if len(text) > limit:
        return repr(text[:limit]) + f" (and {len(text) - limit:,} more characters)"
    return repr(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x0b\x0c\x85]+")


def one_line(message: str, limit: int = MAX_LINE) -> str:
    """A message as one bounded line: line breaks become spaces, control characters `?`, and
    the middle of an over-long line is cut (the end names what was wrong)."""
    line = _CONTROL.sub("?", _BREAKS.sub(" ", message))
    if len(line) > limit:
        half = limit // 2 - 3
        line = f"{line[:half]} ... {line[-half:]}"
    return line


def clean_text(text: str) -> str:
    """Text without control characters (tabs and line breaks become spaces): safe in the PDF's
    Info dictionary and XMP, where a control character makes the metadata invalid."""
    return _CONTROL.sub("", _BREAKS.sub(" ", text)) if text else text


def read_bounded(path: Path, limit: int, fail: Callable[[str], Exception]) -> bytes:
    """A regular file's bytes, at most `limit` of them; `fail(reason)` makes the error raised.

    Devices (`/dev/zero`), FIFOs and sockets are refused before they are opened: opening a FIFO
    waits forever for a writer, and reading a device never ends.
    """
    try:
        info = os.stat(path)
    except ValueError:  # a NUL in the path
        raise fail("the path contains a NUL character") from None
    except OSError as error:
        raise fail(describe_os_error(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise fail("not a regular file (a device, pipe or socket cannot be read as input)")
    if info.st_size > limit:
        raise fail(f"the file is {_size(info.st_size)}, over the limit of {_size(limit)}")
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise fail(describe_os_error(error)) from None
    if len(data) > limit:
        raise fail(f"the file is over the limit of {_size(limit)}")
    return data


def describe_os_error(error: OSError) -> str:
    """An operating-system error in the words a user can act on."""
    import errno

    code = error.errno
    if code == errno.ENOENT:
        return "no such file or folder"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EROFS:
        return "the folder is on a read-only file system"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the disk"
    if code == errno.EISDIR:
        return "is a folder, not a file"
    if code == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if code == errno.ENAMETOOLONG:
        return "the path is too long"
    if code == errno.ELOOP:
        return "the path has a symbolic link loop"
    if code in (errno.ETXTBSY, errno.EBUSY) or getattr(error, "winerror", None) in (32, 33):
        return (
            "the file is locked by another program: close it (for a PDF, close it in "
            "your viewer) and try again"
        )
    return error.strerror or type(error).__name__


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"


# -- XLSX ---------------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def check_xlsx(path: Path) -> None:
    """Refuse a workbook that would take too much memory or time to load, before openpyxl
    loads it: a zip bomb (parts that expand hundreds of times, or too much in all) or a sheet
    that declares more rows, columns or cells than a scorecard has. Raises `LimitError`."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_XLSX_UNCOMPRESSED:
                raise LimitError(
                    f"the workbook expands to {_size(total)}, over the limit of "
                    f"{_size(MAX_XLSX_UNCOMPRESSED)}"
                )
            for part in parts:
                if part.file_size > 1024 * 1024 and part.file_size > MAX_XLSX_RATIO * max(
                    part.compress_size, 1
                ):
                    raise LimitError(
                        f"part {quote(part.filename, 60)} expands "
                        f"{part.file_size // max(part.compress_size, 1):,} times "
                        "(a zip bomb, not a spreadsheet)"
                    )
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    with archive.open(part) as stream:
                        head = stream.read(4096)
                    _check_dimension(head)
    except zipfile.BadZipFile:
        return  # openpyxl says why in its own words


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return
    check_sheet_size(int(match.group(4)), _column_number(match.group(3).decode()))


def check_sheet_size(rows: int, columns: int) -> None:
    """A sheet's extent within the limits, or `LimitError` naming the one it is over."""
    if rows > MAX_ROWS:
        raise LimitError(f"the sheet reaches row {rows:,}, over the limit of {MAX_ROWS:,} rows")
    if columns > MAX_COLUMNS:
        raise LimitError(f"the sheet reaches column {columns:,}, over the limit of {MAX_COLUMNS:,}")
    if rows * columns > MAX_CELLS:
        raise LimitError(
            f"the sheet spans {rows:,} rows by {columns:,} columns, over the limit "
            f"of {MAX_CELLS:,} cells (is there a stray value far below or to the "
            "right of the table?)"
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
