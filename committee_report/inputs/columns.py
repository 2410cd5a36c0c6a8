"""What each column of a scorecard is taken to be: the table `init` shows before drafting.

This is the one place that turns today's header recognition (`ingest`) into a description a
person can check: the header row, a role for every column (or why it is ignored), and the kind
of period the table holds. It reads the file but does not judge it, so it works on tables the
ingest cannot yet read, and says why. Where a header is not one the tool knows (`k`, `tq`,
`Performance`), the role is guessed from the column's contents and marked as a guess; where
the table's figures are relative to a period it does not name, the period is looked for in
its title rows, its sheet's name and its file's name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from committee_report.errors import ConfigError, DataError
from committee_report.inputs.cells import (
    HEADER_SCAN,
    Cell,
    CellError,
    Grid,
    cell_text,
    cell_value,
    parse_polarity,
    parse_trend,
    rag_known,
    read_cells,
)
from committee_report.inputs.ingest import (
    ReadOptions,
    _classify,
    _Header,
    _header_width,
    _letter,
    _scan_header,
    read_scorecard,
    scorecard_from,
)
from committee_report.inputs.periods import find_period, parse_period
from committee_report.inputs.roles import alias_role, norm
from committee_report.inputs.vocab import _RAG
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
    "direction": "the table's own direction of travel (kept beside ours)",
    "direction_year": "the table's own direction of travel against a year earlier",
    "unit": "unit",
    "notes": "notes (added to the commentary)",
    "previous": "last period's value (relative to the paper's period)",
    "current": "this period's value (relative to the paper's period)",
    "ignore": "ignored",
}


@dataclass(frozen=True)
class Column:
    """One column of the header row and the role it was given."""

    letter: str
    header: str
    role: str
    """A key of ROLE_WORDS."""
    note: str = ""
    guessed: bool = False
    """The role was guessed from the column's contents, not read from its header."""


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
    mappable: bool = False
    """The columns make a table the ingest reads (as `columns:` in paper.yaml), rather than
    stacked blocks or nothing it can read."""
    rag_codes: tuple[tuple[str, str], ...] = ()
    """The council's own status codes, guessed (`lg` -> green, `lu` -> none)."""
    needs_period: str = ""
    """Why the paper's period must be named ('Last period' and 'This period' are relative to
    it; the table has no period columns), or empty where the table dates its own figures."""
    period_found: Period | None = None
    period_source: str = ""
    """Where `period_found` was read (`the title in row 2`, `the sheet's name 'Q2 2024-25'`,
    `the file's name 'KPIs Q2 2024-25.xlsx'`)."""

    @property
    def mapping(self) -> tuple[tuple[str, str], ...]:
        """`columns:` for paper.yaml: every named column and its role, as the ingest reads it
        (period columns are read from their headers, so they are left out)."""
        if not self.mappable:
            return ()
        out: dict[str, str] = {}
        for column in self.columns:
            if column.header and column.role != "month":
                out.setdefault(column.header, "ignore" if column.role == "ignored" else column.role)
        return tuple(out.items())

    @property
    def step(self) -> int | None:
        """Months between one period and the next, where they are evenly spaced."""
        return _step(self.periods)

    def role_of(self, header: str) -> str | None:
        return next((c.role for c in self.columns if c.header == header), None)


def describe_columns(
    path: str | Path, *, sheet: str | None = None, name: str | None = None
) -> ColumnReport:
    """Guess the role of every column of the scorecard at `path` (named `name` in messages).

    Raises `DataError` only when the file cannot be opened as a table at all; a table whose
    header the ingest does not recognise is described from its most header-like row."""
    name = name or str(path)
    plain = ReadOptions()
    raw = read_cells(Path(path), name, sheet, _header_width(plain))
    scorecard: Scorecard | None = None
    problem: str | None = None
    try:
        # The cells just read, where messages name the file as read_scorecard does.
        scorecard = (
            scorecard_from(raw, name, replace(plain, sheet=sheet))
            if name == str(path)
            else read_scorecard(path, sheet=sheet)
        )
    except DataError as error:  # described below all the same; the reason is kept
        where = ", ".join(
            part
            for part in (
                f"row {error.row}" if error.row else "",
                f"column {error.column}" if error.column else "",
            )
            if part
        )
        problem = f"{where}: {error.message}" if where else error.message
    except ConfigError as error:  # e.g. relative columns, read once paper.yaml names a period
        problem = error.message
    scanned = _scan_header(raw.grid, plain)
    header = scanned or _likeliest_header(raw.grid)
    if header is None:
        return ColumnReport(name, None, (), "none found", (), scorecard, problem)
    columns = _columns(header, raw.grid)
    codes: tuple[tuple[str, str], ...] = ()
    blocks = scanned is None and scorecard is not None  # read another way: stacked blocks
    if not blocks:
        columns, codes = _guess_from_contents(columns, header, raw.grid)
    roles = {c.role for c in columns}
    long = header.long or {"period", "value"} <= roles
    mappable = (
        not blocks
        and bool(roles & {"id", "title"})
        and bool(roles & {"month", "current", "previous", "target", "rag", "direction"} or long)
    )
    if scorecard is not None:
        periods = scorecard.periods
    else:
        periods = tuple(period for _, period in header.months)
    needs = _needs_period(columns, long) if mappable else ""
    found, source = _period_in(raw.grid[: header.row], Path(path), sheet) if needs else (None, "")
    kind = _period_kind(periods, long)
    if needs and not periods:
        kind = f"none in the table: {needs}"
    return ColumnReport(
        name,
        header.row + 1,
        tuple(columns),
        kind,
        periods,
        scorecard,
        problem,
        mappable,
        codes,
        needs,
        found,
        source,
    )


def _likeliest_header(grid: Grid) -> _Header | None:
    """The row among the first few with the most recognised columns; on a tie, the most
    cells of text (a header names, data rows count; a title row has one cell), then the first."""
    best: _Header | None = None
    best_score = (0, 0)
    for index, row in enumerate(grid[:HEADER_SCAN]):
        texts = [cell_text(cell) for cell in row if cell_text(cell)]
        if not texts:
            continue
        header = _classify(row, index, ReadOptions())
        worded = sum(1 for cell in row if cell_text(cell) and not _is_number(cell))
        score = (len(header.roles) + len(header.months), worded if len(texts) > 1 else 0)
        if best is None or score > best_score:
            best, best_score = header, score
    return best


def _columns(header: _Header, grid: Grid) -> list[Column]:
    by_column = {column: role for role, column in header.roles.items()}
    by_column.update({column: "target" for column, _ in header.targets})
    by_column.update({column: "comparator" for column in header.comparators})
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
            used = any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1 :])
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


# -- roles from contents ----------------------------------------------------------------------

_SHORTHAND = {
    **dict.fromkeys(("t", "tgt", "trgt"), "target"),
    **dict.fromkeys(("lq", "lm", "ly", "pq", "pm", "py", "prev", "last", "lp"), "previous"),
    **dict.fromkeys(
        ("tq", "tm", "ty", "cq", "cm", "cy", "cur", "curr", "this", "now", "tp"), "current"
    ),
}
"""Shorthand headers for the relative figures (last/this quarter, month or year) and target."""
_UNITS = {
    "%",
    "percent",
    "per cent",
    "percentage",
    "no",
    "no.",
    "nos",
    "number",
    "#",
    "£",
    "£k",
    "£m",
    "days",
    "day",
    "weeks",
    "hours",
    "minutes",
    "rate",
    "ratio",
    "count",
    "score",
    "per 1,000",
    "per 1000",
    "per 10,000",
    "per 100,000",
    "per 100000",
}
_GUESSABLE = ("not a header this tool knows", "before the months")


def _data_rows(header: _Header, grid: Grid) -> list[list[Cell]]:
    """The rows under the header that hold more than a label (sections, notes) and are not a
    repeat of the header."""
    key = [norm(t) for t in header.texts]
    rows = []
    for row in grid[header.row + 1 :]:
        texts = [cell_text(cell) for cell in row]
        if sum(1 for t in texts if t) >= 2 and not (
            len(texts) >= len(key) and all(norm(t) == k for t, k in zip(texts, key))
        ):  # the header compared cell by cell until one differs
            rows.append(row)
    return rows


def _is_number(cell: Cell) -> bool:
    try:
        return cell_value(cell).is_number
    except CellError:
        return False


def _parses(parse: object, texts: list[str]) -> bool:
    try:
        for text in texts:
            parse(text)  # type: ignore[operator]
    except CellError:
        return False
    return True


def _codes(texts: list[str]) -> tuple[tuple[str, str], ...]:
    """A council's own status codes read as RAG: a few short codes in every row that, past a
    prefix they share, end in a RAG letter (`lg`, `la`, `lr`); the rest give no judgement."""
    distinct = sorted(set(texts))
    if not 2 <= len(distinct) <= 8 or any(len(t) > 4 or not t.isalnum() for t in distinct):
        return ()
    prefix = ""
    while all(
        len(t) > len(prefix) + 1 and t.startswith(distinct[0][: len(prefix) + 1]) for t in distinct
    ):
        prefix = distinct[0][: len(prefix) + 1]
    meanings = {t: _RAG.get(t[len(prefix) :].lower()) for t in distinct}
    if len({m for m in meanings.values() if m}) < 2:
        return ()
    return tuple((t, meanings[t] or "none") for t in distinct)


def _guess(cells: list[Cell]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(role, why, RAG codes) for one column from its cells; role `number` is placed later."""
    texts = [cell_text(cell) for cell in cells]
    filled = [t for t in texts if t]
    if not filled:
        return "ignore", "empty", ()
    if len(set(filled)) < len(filled) and all(parse_period(t) is not None for t in filled):
        return "period", "periods such as 2020/21, repeated down the rows (a long table)", ()
    numbers = [cell for cell in cells if cell_text(cell) and _is_number(cell)]
    if len(numbers) >= 0.8 * len(filled):
        whole = [cell_value(c).number for c in numbers]
        counting = [float(n) for n in range(len(whole) + 1)]
        if len(whole) == len(texts) >= 3 and whole in (counting[:-1], counting[1:]):
            return (
                "ignore",
                "row numbers (0, 1, 2 ...)" if whole[0] == 0 else "row numbers (1, 2, 3 ...)",
                (),
            )
        return "number", "", ()
    if all(t.lower() in ("n/a", "na", "-", "none", "n.a.") for t in filled):
        return "ignore", "only N/A or blank", ()
    distinct = set(filled)
    worded = any(len(t) > 3 and t.lower() not in ("n/a", "none") for t in filled)
    if all(rag_known(t) for t in filled) and worded:
        return "rag", "RAG words", ()
    if len(filled) == len(texts) and (codes := _codes(filled)):
        return "rag", "a few short codes in every row, read as RAG", codes
    if worded and _parses(parse_trend, filled):
        return "direction", "words such as Improving or Worse", ()
    if worded and _parses(parse_polarity, filled):
        return "polarity", "words such as Higher is better", ()
    if all(t.lower() in _UNITS for t in filled):
        return "unit", "units such as %", ()
    if len(distinct) == 1 and len(filled) >= 3:
        return "ignore", f"the same in every row ({filled[0][:20]!r})", ()
    average = sum(map(len, filled)) / len(filled)
    if average >= 25 and len(distinct) == len(filled):
        return "title", "long text, different in every row", ()
    if average >= 15 or max(map(len, filled)) >= 60:
        return "commentary", "long text", ()
    if len(distinct) == len(filled) and all(len(t.split()) <= 2 for t in filled):
        return "id", "short codes, one per row", ()
    if len(distinct) < len(filled) and any(len(t) > 3 for t in filled):
        return "officer", "names repeated across rows", ()
    return "ignore", "could not tell from its contents", ()


def _guess_from_contents(
    columns: list[Column], header: _Header, grid: Grid
) -> tuple[list[Column], tuple[tuple[str, str], ...]]:
    """Columns whose header the tool does not know, given a role from what they hold; and
    relative columns (`Last Year`) that hold no figures at all, left out."""
    rows = _data_rows(header, grid)

    def cells(letter_index: int) -> list[Cell]:
        return [row[letter_index] if letter_index < len(row) else Cell(None) for row in rows]

    taken = {c.role for c in columns if not (c.role == "ignored" and c.note in _GUESSABLE)}
    index_of = {_letter(i): i for i in range(len(header.texts))}
    out: list[Column] = list(columns)
    codes: tuple[tuple[str, str], ...] = ()
    numbers: list[int] = []
    for index, column in enumerate(columns):
        position = index_of[column.letter]
        if (
            column.role in ("previous", "current")
            and not header.months
            and rows
            and not any(_is_number(cell) for cell in cells(position))
        ):
            out[index] = Column(
                column.letter,
                column.header,
                "ignore",
                "no figures in it, so not a period's value",
                True,
            )
            taken.discard(column.role)
            continue
        if not (column.role == "ignored" and column.note in _GUESSABLE and column.header):
            continue
        role, why, found = _guess(cells(position))
        if role == "number":
            numbers.append(index)
            continue
        if role == "title" and "title" in taken:
            role, why = "commentary", "long text"
        if role == "commentary" and "commentary" in taken:
            role = "notes"
        if role == "officer" and "officer" in taken:
            role, why = "ignore", "names repeated across rows (map it as section if it is one)"
        if role != "ignore" and role in taken:
            role, why = "ignore", f"looks like a second {ROLE_WORDS[role]} column"
        taken.add(role)
        codes = codes or (found if role == "rag" else ())
        out[index] = Column(column.letter, column.header, role, why, True)
    if "period" in taken and not header.months:  # a long table: `Value` is each row's value
        for index, column in enumerate(out):
            if column.role == "current" and alias_role(column.header) == "value":
                out[index] = Column(column.letter, column.header, "value", "", column.guessed)
        taken.add("value")
        numbers = []
    if numbers and not header.months:
        for index in list(numbers):  # shorthand headers first: `t`, `tq`, `lq`
            short = _SHORTHAND.get(norm(columns[index].header))
            if short and short not in taken:
                taken.add(short)
                out[index] = Column(
                    columns[index].letter,
                    columns[index].header,
                    short,
                    "figures, with a shorthand header",
                    True,
                )
                numbers.remove(index)
        if "target" not in taken and len(numbers) >= 3:
            index = numbers.pop()
            taken.add("target")
            out[index] = Column(
                columns[index].letter,
                columns[index].header,
                "target",
                "figures, the last column of them",
                True,
            )
        for role in ("current", "previous"):
            if role not in taken and numbers:
                index = numbers.pop()
                taken.add(role)
                out[index] = Column(
                    columns[index].letter,
                    columns[index].header,
                    role,
                    "figures, placed by position",
                    True,
                )
    for index in numbers:
        out[index] = Column(
            columns[index].letter,
            columns[index].header,
            "ignore",
            "figures this tool cannot place (map it if it matters)",
            True,
        )
    return out, codes


def _needs_period(columns: list[Column], long: bool) -> str:
    """Why the paper's period must be named, or empty: the table dates its own figures."""
    if long or any(c.role == "month" for c in columns):
        return ""
    relative = [c.header for c in columns if c.role in ("previous", "current")]
    if relative:
        return (
            " and ".join(repr(h) for h in relative) + " are relative to the paper's period"
            if len(relative) > 1
            else f"{relative[0]!r} is relative to the paper's period"
        )
    return "the table has no period columns, only the council's verdicts"


def _period_in(above: Grid, path: Path, sheet: str | None) -> tuple[Period | None, str]:
    """The period the table's title rows, its sheet's name or its file's name give."""
    for index, row in enumerate(above):
        for cell in row:
            text = cell_text(cell)
            if text and (period := find_period(text)) is not None:
                return period, f"the title in row {index + 1}"
    title = sheet or _first_sheet(path)
    if title and (period := find_period(title)) is not None:
        return period, f"the sheet's name {title!r}"
    if (period := find_period(path.stem)) is not None:
        return period, f"the file's name {path.name!r}"
    return None, ""


def _first_sheet(path: Path) -> str | None:
    """The first visible sheet's name, for a workbook; None for a text table."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        from committee_report.inputs.openpyxl_import import openpyxl

        book = openpyxl().load_workbook(path, read_only=True)
        try:
            return next((ws.title for ws in book.worksheets if ws.sheet_state == "visible"), None)
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - the name is a hint; the read itself reports errors
        return None


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
    return (
        f"{kind}{' (long table)' if long else ''}, {periods[0].long_label} to "
        f"{periods[-1].long_label} ({len(periods)} periods)"
    )
