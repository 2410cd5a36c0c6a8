"""Read a KPI scorecard (TSV, CSV, XLSX; wide, tidy long or stacked blocks) into a `Scorecard`.

Councils keep the same table many ways, so this module is liberal in what it reads and
strict in what it means: every cell either becomes a typed `Value` or stops the build with
one line naming FILE:ROW:COLUMN. Rows are numbered as a spreadsheet shows them (1-based,
header row included); columns are named by their header text. Rows that are not indicators
(sections, repeated headers, notes, summary counts, comparator rows) are recognised, left out
and said once. No raw exception escapes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from committee_report.errors import Collector, ConfigError, DataError
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
    parse_trend,
    rag_from_fill,
    rag_known,
    read_cells,
)
from committee_report.inputs.roles import (
    LONG_ONLY,
    ROLES,
    alias_role,
    is_comparator_label,
    norm,
)
from committee_report.inputs.periods import relative_kind
from committee_report.model import (
    Comparator,
    Indicator,
    Period,
    Rag,
    Scorecard,
    SourceRef,
    Value,
)

__all__ = ["ROLES", "ReadOptions", "parse_cell", "parse_period", "read_scorecard"]

T = TypeVar("T")


@dataclass(frozen=True)
class ReadOptions:
    """What paper.yaml (or the command line) says about how to read one scorecard."""

    sheet: str | None = None
    period: Period | None = None
    """The paper's period: what `This quarter` / `Last quarter` columns mean."""
    columns: tuple[tuple[str, str], ...] = ()
    """(header as the council writes it, role), from `columns:` in paper.yaml."""
    rag_codes: tuple[tuple[str, Rag | None], ...] = ()
    """Council RAG codes (`lg` -> green, `lu` -> no judgement), from `rag_codes:`."""
    zero_means_missing: bool = False
    """The council writes 0 where it has no figure (`zero_means_missing: true`)."""
    comparator_rows: tuple[str, ...] = ()
    """Row labels that hold comparators (`comparator_rows:`), besides the ones recognised."""
    config: str | None = None
    """The paper.yaml these came from, for messages about them."""


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
    targets: list[tuple[int, Period | None]] = field(default_factory=list)
    comparators: list[int] = field(default_factory=list)
    mapped: dict[int, str] = field(default_factory=dict)
    """Columns whose role came from `columns:` in paper.yaml."""


# -- the header row ----------------------------------------------------------------------------


def _target_period(text: str, options: ReadOptions) -> Period | None:
    """`Target 2017/18` -> 2017/18; `Q2 target` -> Q2 of the paper's financial year."""
    rest = re.sub(r"(?i)\btargets?\b", " ", text).strip(" -:")
    period = parse_period(rest) if rest else None
    match = re.fullmatch(r"(?i)q(?:uarter|tr)?\s*([1-4])", rest)
    if period is None and match and options.period is not None:
        year = options.period.financial_year_start.year
        period = parse_period(f"Q{match.group(1)} {year}/{(year + 1) % 100:02d}")
    return period


def _classify(row: list[Cell], index: int, options: ReadOptions) -> _Header:
    """Name each column of a candidate header row: a role, a period, or extra.

    A column mapped in paper.yaml has that role. Otherwise a period label is a period column,
    then the built-in aliases apply. The first column for a role wins; later ones are extra
    (several target columns are targets per period). A bare `Indicator` header is the title in
    a table with an id column or periods, but the id in one with neither.
    """
    mapping = {norm(header): role for header, role in options.columns}
    texts: list[str] = []
    periods: list[Period | None] = []
    found: list[str | None] = []
    mapped: dict[int, str] = {}
    for column, cell in enumerate(row):
        period = parse_period(cell.value)
        dated = period is not None and not isinstance(cell.value, str)
        text = period.label if dated and period is not None else cell_text(cell)
        texts.append(text)
        if norm(text) in mapping and text:
            mapped[column] = mapping[norm(text)]
            periods.append(None)
            found.append(mapped[column])
        else:
            periods.append(period)
            found.append(None if period else alias_role(text))
    if "id" not in found:
        titles = [c for c, r in enumerate(found) if r == "title" and c not in mapped]
        has_values = any(periods) or any(r in ("current", "previous", "value") for r in found)
        if len(titles) > 1 or not has_values:
            found = ["id" if c in titles and norm(texts[c]) == "indicator" else r
                     for c, r in enumerate(found)]
    long = not any(periods) and "period" in found and "value" in found
    roles: dict[str, int] = {}
    months: list[tuple[int, Period]] = []
    extra: list[int] = []
    targets: list[tuple[int, Period | None]] = []
    comparators: list[int] = []
    dated = any(periods)
    for column, (period, role) in enumerate(zip(periods, found)):
        if dated and role in ("previous", "current", "value") and column not in mapped:
            role = None  # beside real period columns, `Last year` or `Value` is something else
        if period is not None:
            months.append((column, period))
        elif role == "target":
            targets.append((column, _target_period(texts[column], options)))
        elif role == "comparator":
            comparators.append(column)
        elif role == "value" and not long and "current" not in roles:
            roles["current"] = column
        elif role is not None and role not in roles and (long or role not in LONG_ONLY):
            roles[role] = column
        elif role == "ignore":
            continue
        else:
            extra.append(column)
    return _Header(index, texts, roles, months, extra, long, targets, comparators, mapped)


def _usable(header: _Header) -> bool:
    """A header names the indicators and where their values (or the council's verdicts) are."""
    named = "id" in header.roles or "title" in header.roles
    values = bool(header.months) or header.long or "current" in header.roles \
        or "previous" in header.roles
    verdicts = bool(header.targets) or "rag" in header.roles or "direction" in header.roles
    return named and (values or verdicts)


def _scan_header(grid: Grid, options: ReadOptions) -> _Header | None:
    """The first row in the first 15 that names indicators and their values."""
    for index, row in enumerate(grid[:HEADER_SCAN]):
        if sum(1 for cell in row if cell_text(cell)) < 2:
            continue
        header = _classify(row, index, options)
        if _usable(header):
            return header
    return None


def _find_header(grid: Grid, name: str, options: ReadOptions) -> _Header:
    """The header row, or the error that says what the nearest candidate lacks."""
    found = _scan_header(grid, options)
    if found is not None:
        return found
    seen = [_classify(row, index, options) for index, row in enumerate(grid[:HEADER_SCAN])]
    for header in seen:
        if "id" in header.roles or "title" in header.roles:
            raise DataError(name, header.row + 1, None, "no period columns: expected headers "
                            "such as Feb-21, Q3 2021/22, 2020/21 or This quarter (or Period and "
                            "Value columns); map other headers with columns: in paper.yaml")
    for header in seen:
        if header.months:
            raise DataError(name, header.row + 1, None, "no indicator column: expected a header "
                            "such as Indicator Number, Ref, KPI or ID, or a title such as "
                            "Indicator Title, Measure or Description")
    raise DataError(name, None, None, f"no header row in the first {HEADER_SCAN} rows: expected "
                    "an indicator column (Indicator Number, Ref, KPI, ID or a title such as "
                    "Measure) and period columns (Feb-21, Q3 2021/22, 2020/21, This quarter); "
                    "map other headers with columns: in paper.yaml")


def _header_width(options: ReadOptions) -> Callable[[Grid], int | None]:
    def width(rows: Grid) -> int | None:
        header = _scan_header(rows, options)
        if header is not None:
            return len(header.texts)
        from committee_report.inputs.blocks import looks_like_blocks

        return 2 if looks_like_blocks(rows) else None
    return width


def _check_mapping(header: _Header, name: str, options: ReadOptions) -> None:
    """Every header named in `columns:` must be in the table: a typo must not pass silently."""
    present = {norm(text) for text in header.texts}
    for text, _ in options.columns:
        if norm(text) not in present:
            shown = ", ".join(repr(t) for t in header.texts if t)
            raise ConfigError(options.config or name, f"columns.{text}",
                              f"no column {text!r} in {name} (row {header.row + 1} has {shown})")


def _relative(header: _Header, name: str, options: ReadOptions) -> list[tuple[int, Period]]:
    """`Last quarter` / `This quarter` as real periods, from the paper's period."""
    found = [(header.roles[role], role) for role in ("previous", "current") if role in header.roles]
    if not found:
        return []
    if options.period is None:
        shown = header.texts[found[0][0]]
        raise ConfigError(options.config or name, "period",
                          f"the column {shown!r} of {name} is relative to the paper's period; "
                          "name it with period: in paper.yaml (e.g. period: Q3 2024/25) or "
                          "--period")
    out = []
    for column, role in found:
        kind = relative_kind(header.texts[column]) or options.period.kind
        current = options.period if kind == options.period.kind \
            else options.period.latest_of(kind, options.period.fiscal)
        out.append((column, current if role == "current" else current.previous()))
    return out


def _check_header(header: _Header, grid: Grid, name: str, notices: list[str]) -> list[int]:
    """Periods must run oldest to newest; returns the comparator columns, in order."""
    seen: dict[Period, int] = {}
    previous: tuple[int, Period] | None = None
    for column, period in header.months:
        if period in seen:
            raise DataError(name, header.row + 1, header.texts[column], f"the {period.noun} "
                            f"{period.label} appears twice (also in column "
                            f"{_letter(seen[period])}); each {period.noun} needs one column")
        if previous and period < previous[1]:
            raise DataError(name, header.row + 1, header.texts[column], f"{period.noun}s must "
                            "run oldest to newest from left to right, but this comes after "
                            f"{header.texts[previous[0]]!r}")
        seen[period] = column
        previous = (column, period)
    first_month = header.months[0][0] if header.months else -1
    last_month = header.months[-1][0] if header.months else -1
    unused: list[str] = []
    for column in header.extra:
        text = header.texts[column]
        if re.fullmatch(r"\d{5}", text) and 20000 <= int(text) <= 80000:
            raise DataError(name, header.row + 1, text, "looks like an Excel date serial, not a "
                            "month; format the header cell as a date or type it as Feb-21")
        if text and first_month < column < last_month:
            raise DataError(name, header.row + 1, text, "expected a period such as Feb-21, "
                            "2021-02, Q3 2021/22 or 2020/21 here, between the period columns")
        if not text:
            if any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1:]):
                raise DataError(name, header.row + 1, f"column {_letter(column)}",
                                "this column has values but no header; give it a name")
        else:
            unused.append(text)
    if len(unused) <= 10:
        notices.extend(f"{name}:{header.row + 1}:{text}: column {text!r} is not used; map it "
                       "with columns: in paper.yaml" for text in unused)
    else:  # said once, however wide the sheet
        shown = ", ".join(repr(text[:40]) for text in unused[:5])
        notices.append(f"{name}:{header.row + 1}: {len(unused):,} columns are not used ({shown}, "
                       "...); map them with columns: in paper.yaml")
    names = Counter(header.texts[c] for c in header.comparators)  # linear: a sheet may be wide
    for column in header.comparators:
        if names[header.texts[column]] > 1:
            raise DataError(name, header.row + 1, header.texts[column],
                            "two comparator columns have this name; rename one")
    return header.comparators


# -- building indicators -----------------------------------------------------------------------


@dataclass
class _Fields:
    """One indicator's cells before they are typed, each with the row it came from."""

    id: str
    row: int
    section: str | None
    cells: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    series: dict[Period, tuple[Cell, int, str]] = field(default_factory=dict)
    comparators: list[tuple[str, Cell, int]] = field(default_factory=list)
    period_targets: dict[Period, tuple[Cell, int, str]] = field(default_factory=dict)
    """A long table's target per row: the target for that row's period."""
    title: str | None = None
    rag_text: str | None = None
    target_text: str | None = None
    commentary: list[str] = field(default_factory=list)


def _typed(parse: Callable[[Cell], T], cell: Cell, row: int, column: str, name: str,
           problems: Collector | None = None) -> T:
    """The typed cell; with `problems`, a bad one is collected (every bad cell is listed) and
    read as blank, else it is raised."""
    try:
        return parse(cell)
    except CellError as error:
        if problems is None:
            raise DataError(name, row, column, str(error)) from None
        problems.add(DataError(name, row, column, str(error)))
        return parse(Cell(None))


_VERDICT = {"met": "green", "not met": "red", "achieved": "green", "not achieved": "red",
            "target met": "green", "target not met": "red"}


class _Reader:
    """Types one table's cells with the per-file settings of paper.yaml."""

    def __init__(self, name: str, options: ReadOptions) -> None:
        self.name = name
        self.options = options
        self.codes = {" ".join(k.lower().split()): v for k, v in options.rag_codes}
        self.problems = Collector()

    def value(self, cell: Cell, row: int, column: str, percent: bool = False) -> Value:
        value = _typed(cell_value, cell, row, column, self.name, self.problems)
        if self.options.zero_means_missing and value.is_number and value.number == 0:
            return Value(value.text, None, "no_data")
        if percent and value.is_number and not value.percent:
            value = replace(value, percent=True)
        return value

    def rag(self, text: str, row: int, column: str) -> Rag | None:
        try:
            return parse_rag(text, self.codes)
        except CellError as error:
            self.problems.add(DataError(self.name, row, column, f"{error}; map a council's own "
                                        "codes with rag_codes: in paper.yaml"))
            return None

    def build(self, item: _Fields, header: _Header, periods: dict[Period, int],
              table_kind: str) -> Indicator:
        """One indicator from its raw cells: typed, with the council's verdicts kept."""
        name = self.name

        def cell_of(role: str) -> tuple[Cell, int, str] | None:
            column = header.roles.get(role)
            if column is None or column not in item.cells:
                return None
            cell, row = item.cells[column]
            return cell, row, header.texts[column]

        def text(role: str) -> str:
            found = cell_of(role)
            return " ".join(cell_text(found[0]).split()) if found else ""

        unit = text("unit")
        percent = unit.strip().lower() in ("%", "percent", "per cent", "percentage")
        series: list[Value] = []
        for period in periods:
            cell, row, column = item.series.get(period, (Cell(None), item.row, ""))
            series.append(self.value(cell, row, column, percent))
        kinds = [p.kind for p, v in zip(periods, series) if v.status != "blank"]
        kind = max(set(kinds), key=kinds.count) if kinds else table_kind

        polarity_text = text("polarity")
        found = cell_of("polarity")
        polarity = _typed(lambda c: parse_polarity(cell_text(c)), *found, name,
                          self.problems) if found else None

        rag_text = item.rag_text if item.rag_text is not None else text("rag")
        rag_where = cell_of("rag")
        reported_rag = self.rag(rag_text, rag_where[1] if rag_where else item.row,
                                rag_where[2] if rag_where else "Status") if rag_text else None
        if not rag_text and rag_where and (coloured := rag_from_fill(rag_where[0].fill)):
            reported_rag, rag_text = coloured, f"{coloured.capitalize()} (cell colour)"

        target, targets, target_period = Value(""), [], None
        verdict_text = ""
        for col, when in header.targets:
            cell, at = item.cells.get(col, (Cell(None), item.row))
            shown = cell_text(cell)
            if " ".join(shown.lower().split()) in _VERDICT:
                verdict_text = shown
                value = Value(shown, None, "not_applicable")
            elif shown.lower().startswith(("n/a", "na ")) and polarity is None:
                value = self.value(cell, at, header.texts[col], percent)
                try:
                    polarity = parse_polarity(shown)
                    polarity_text = polarity_text or shown
                except CellError:
                    pass
            else:
                value = self.value(cell, at, header.texts[col], percent)
            if len(header.targets) == 1:
                target, target_period = value, when
            elif when is not None:
                targets.append((when, value))
            elif target.status == "blank":
                target = value
        for when, (cell, row, column) in sorted(item.period_targets.items()):
            targets.append((when, self.value(cell, row, column, percent)))
        if item.target_text is not None:
            target = _typed(cell_value, Cell(item.target_text), item.row, "Target", name,
                            self.problems)
            if polarity is None:
                try:
                    polarity = parse_polarity(item.target_text)
                    polarity_text = item.target_text
                except CellError:
                    pass
        if targets and target.status == "blank":
            latest = max((p for p, v in zip(periods, series) if v.is_number), default=None)
            chosen = dict(targets).get(latest) if latest else None
            target = chosen or targets[-1][1]
        if verdict_text and reported_rag is None and not rag_text:
            reported_rag = _VERDICT[" ".join(verdict_text.lower().split())]  # type: ignore
            rag_text = verdict_text

        trend_text = text("direction")
        found = cell_of("direction")
        trend = _typed(lambda c: parse_trend(cell_text(c)), *found, name, self.problems) \
            if found else None
        if trend is None and not trend_text:
            trend_text = text("direction_year")
            found = cell_of("direction_year")
            trend = _typed(lambda c: parse_trend(cell_text(c)), *found, name, self.problems) \
                if found and trend_text else None

        compared = []
        for col in header.comparators:
            cell, at = item.cells.get(col, (Cell(None), item.row))
            compared.append(Comparator(header.texts[col],
                                       self.value(cell, at, header.texts[col], percent)))
        for label, cell, at in item.comparators:
            compared.append(Comparator(label, self.value(cell, at, label, percent)))

        commentary = [text("commentary"), text("notes"), *item.commentary]
        commentary = [c for c in commentary if c and c.lower() not in ("no notes", "none")]
        basis_where = cell_of("basis")
        headline_where = cell_of("headline")
        extra = tuple((header.texts[c], cell_text(item.cells[c][0])) for c in header.extra
                      if c in item.cells and header.texts[c])
        return Indicator(
            id=item.id,
            title=" ".join((item.title if item.title is not None else text("title")).split()),
            section=(text("section") or None) if header.long else item.section,
            polarity=polarity,  # type: ignore[arg-type]
            polarity_text=polarity_text,
            series=tuple(series),
            officer=text("officer"),
            target=target,
            reported_rag=reported_rag,
            reported_basis=_typed(lambda c: parse_basis(cell_text(c)), *basis_where, name,
                                  self.problems) if basis_where else None,
            reported_basis_text=text("basis"),
            reported_headline=self.value(*headline_where, percent) if headline_where
            else Value(""),
            comparators=tuple(compared),
            source=SourceRef(name, item.row),
            commentary="\n\n".join(commentary) or None,
            kind=kind,  # type: ignore[arg-type]
            reported_rag_text=rag_text,
            reported_trend=trend,
            reported_trend_text=trend_text,
            targets=tuple(targets),
            target_period=target_period,
            extra=extra,
        )


def _row_cells(row: list[Cell], header: _Header, number: int, name: str, hint: str) -> list[Cell]:
    """The row cut or padded to the header's width; extra filled cells mean a ragged row."""
    width = len(header.texts)
    used = max((i + 1 for i, cell in enumerate(row) if cell_text(cell)), default=0)
    if used > width:
        raise DataError(name, number, None, f"this row has {used} cells but the header "
                        f"(row {header.row + 1}) has {width}{hint}")
    return row[:width] + [Cell(None)] * (width - len(row))


_NOTE = re.compile(r"^(?:[\u2022\u00b7\u25cf\u25aa*\u2013\u2014-]\s*|note\b|notes\b|data shows\b|"
                   r"source\b|key\b|please note\b)", re.IGNORECASE)
_SUMMARY_LABELS = {"total", "totals", "grand total", "kpis", "pis", "indicators", "measures",
                   "count", "number of indicators", "all"}
_CODE = re.compile(r"\(\s*([A-Z]{1,6}(?:\s?[/.\-]?\s?)\d{1,4}[A-Za-z]{0,2})\s*\)")


def _is_summary(texts: list[str], codes: dict[str, Rag | None], after_summary: bool) -> bool:
    """`KPIs | 10 | 0 | 1 | 3 | 14` or its header `RAG Rating | Green | Amber | Red | Total`;
    under such a header, any label followed by counts only (`Last Year | 8 | 0 | 4 | 2 | 14`)."""
    filled = [t for t in texts if t]
    if len(filled) >= 2 and norm(filled[0]) in ("total", "totals", "grand total"):
        return True  # a totals row is never an indicator, whatever it sums
    if len(filled) < 3:
        return False
    rest = filled[1:]
    counts = all(re.fullmatch(r"\d+", t) for t in rest)
    if counts and (after_summary or norm(filled[0]) in _SUMMARY_LABELS):
        return True
    words = [norm(t) for t in rest]
    return all(rag_known(t, codes) or w in ("total", "n a", "up", "down", "no change")
               for t, w in zip(rest, words)) and words[-1] == "total"


def _is_note(text: str, next_kind: str | None) -> bool:
    """A line of text under a table rather than a heading over its rows."""
    if _NOTE.match(text):
        return True
    sentence = text.rstrip().endswith((".", "!", "?")) and len(text.split()) >= 12
    return next_kind != "header" and (sentence or next_kind is None)


def _sections_above(grid: Grid, header: _Header) -> list[str]:
    """Headings directly over the header row, where the header repeats under each section
    below: then they head the first section (otherwise they are the sheet's title block)."""
    key = [norm(t) for t in header.texts]
    repeats = any([norm(cell_text(c)) for c in row][:len(key)] + [""] * (len(key) - len(row))
                  == key for row in grid[header.row + 1:])
    parts: list[str] = []
    for row in reversed(grid[:header.row]):
        filled = [cell_text(c) for c in row if cell_text(c)]
        if len(filled) != 1:
            break
        parts.insert(0, " ".join(filled[0].split()))
    return parts if repeats else []


def _wide(source: RawFile, header: _Header, name: str, reader: _Reader,
          periods: list[tuple[int, Period]], notices: list[str],
          left_out: list[tuple[int, str, str]]) -> list[_Fields]:
    """Indicator rows of a wide table, with everything else recognised and left out."""
    id_col = header.roles.get("id")
    title_col = header.roles.get("title")
    section_col = header.roles.get("section")
    label_cols = {c for c in (id_col, title_col, section_col) if c is not None} | {0}
    header_key = [norm(t) for t in header.texts]
    rows: list[tuple[int, list[Cell], str]] = []  # (number, cells, kind)
    after_summary = False
    for index in range(header.row + 1, len(source.grid)):
        number = index + 1
        cells = _row_cells(source.grid[index], header, number, name, source.ragged_hint)
        texts = [cell_text(cell) for cell in cells]
        filled = [c for c, t in enumerate(texts) if t]
        if not filled:
            continue
        if [norm(t) for t in texts] == header_key:
            kind = "header"
        elif _is_summary(texts, reader.codes, after_summary):
            kind = "summary"
        elif len(filled) == 1 and filled[0] in label_cols:
            kind = "label"
        else:
            label = texts[title_col] if title_col is not None else texts[filled[0]]
            mapped = {norm(text) for text in reader.options.comparator_rows}
            kind = "comparator" if (is_comparator_label(label) or norm(label) in mapped) and (
                id_col is None or not texts[id_col] or texts[id_col] == label) else "data"
        rows.append((number, cells, kind))
        after_summary = kind == "summary"
    items: dict[str, _Fields] = {}
    section_parts: list[str] = _sections_above(source.grid, header)
    section: str | None = " \u2013 ".join(section_parts) or None
    numbered = 0
    from_titles = False
    for position, (number, cells, kind) in enumerate(rows):
        texts = [cell_text(cell) for cell in cells]
        first = next(t for t in texts if t)
        if kind == "header":
            left_out.append((number, "repeated header row", first))
            continue
        if kind == "summary":
            left_out.append((number, "summary count row", first))
            continue
        if kind == "label":
            following = next((k for _, _, k in rows[position + 1:] if k != "label"), None)
            if _is_note(first, following if following in ("data", "header", "comparator")
                        else None):
                left_out.append((number, "note", first))
                if items:
                    list(items.values())[-1].commentary.append(" ".join(first.split()))
                continue
            previous_kind = rows[position - 1][2] if position else "data"
            if previous_kind != "label":
                section_parts = []
            section_parts.append(" ".join(first.split()))
            section = " \u2013 ".join(section_parts)
            continue
        if kind == "comparator":
            if not items:
                raise DataError(name, number, header.texts[title_col or 0], "a comparator row "
                                "must come after the indicator it compares")
            owner = list(items.values())[-1]
            label = " ".join((texts[title_col] if title_col is not None else first).split())
            latest = max((p for c, p in periods if cell_text(cells[c])), default=None)
            column = next((c for c, p in periods if p == latest), None)
            if column is not None:
                owner.comparators.append((label, cells[column], number))
            left_out.append((number, f"comparator row for {owner.id}", label))
            continue
        ident = texts[id_col] if id_col is not None else ""
        title = texts[title_col] if title_col is not None else ""
        if id_col is not None and not ident:
            raise DataError(name, number, header.texts[id_col],
                            "expected an indicator id; the cell is blank but the row has data")
        if id_col is None:
            code = _CODE.search(title)
            numbered += 1
            if code and code.group(1) not in items:
                ident, from_titles = code.group(1), True
            else:
                ident = str(numbered)
        if ident in items:
            raise DataError(name, number, header.texts[id_col] if id_col is not None else None,
                            f"duplicate indicator id {ident!r} (first on row {items[ident].row})")
        own_section = " ".join(texts[section_col].split()) if section_col is not None else ""
        items[ident] = _Fields(
            ident, number, own_section or section,
            cells={column: (cell, number) for column, cell in enumerate(cells)},
            series={p: (cells[c], number, header.texts[c]) for c, p in periods},
        )
    if id_col is None and items:
        how = "taken from the code in each title, such as (AD/011a), or numbered in order" \
            if from_titles else "numbered in order"
        notices.append(f"{name}:{header.row + 1}: no indicator id column: ids are {how}")
    return list(items.values())


def _long(source: RawFile, header: _Header, name: str) -> list[_Fields]:
    """Pivot tidy rows (indicator, period, value, ...) into one `_Fields` per indicator."""
    roles = header.roles
    id_col, period_col, value_col = roles.get("id", roles.get("title")), roles["period"], \
        roles["value"]
    if id_col is None:
        raise DataError(name, header.row + 1, None, "a long table needs an indicator column")
    per_row = [c for c, when in header.targets if when is None]
    constant = [c for r, c in roles.items() if r not in ("id", "period", "value")] + \
        header.comparators + [c for c, _ in header.targets if c not in per_row]
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
            raise DataError(name, number, header.texts[period_col], "expected a period such as "
                            f"Feb-21, 2021-02, Q3 2021/22 or 2020/21; got "
                            f"{cell_text(cells[period_col])!r}")
        item = items.setdefault(ident, _Fields(ident, number, None))
        if period in item.series:
            raise DataError(name, number, header.texts[period_col], f"a second value for "
                            f"{ident!r} in {period.label} (first on row {item.series[period][1]})")
        item.series[period] = (cells[value_col], number, header.texts[value_col])
        for column in per_row[:1]:  # a target per row is the target for that row's period
            if cell_text(cells[column]):
                item.period_targets[period] = (cells[column], number, header.texts[column])
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


def _commentary(source: RawFile, indicators: list[Indicator], name: str,
                options: ReadOptions) -> list[Indicator]:
    """Fill commentary from other sheets keyed by indicator id (sheet named like Commentary,
    or any sheet whose header has id and commentary columns but no months)."""
    by_id = {indicator.id: i for i, indicator in enumerate(indicators)}
    plain = ReadOptions()
    for title, grid in source.side_sheets:
        where = f"{name}[{title}]"
        header = next((h for h in (_classify(row, i, plain) for i, row in
                                   enumerate(grid[:HEADER_SCAN]))
                       if "commentary" in h.roles and "id" in h.roles), None)
        if header is None or (header.months and "comment" not in norm(title)):
            if "comment" in norm(title):
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


def _said_once(left_out: list[tuple[int, str, str]], name: str) -> list[str]:
    """One notice per kind of row left out, naming its rows."""
    by_kind: dict[str, list[int]] = {}
    for row, kind, _ in left_out:
        key = "comparator row" if kind.startswith("comparator row") else kind
        by_kind.setdefault(key, []).append(row)
    why = {"repeated header row": "the header repeated under a section",
           "summary count row": "a count of indicators by rating, not an indicator",
           "note": "a note under the table, kept as commentary of the indicator above it",
           "comparator row": "read as comparators of the indicator above"}
    out = []
    for kind, rows in by_kind.items():
        listed = ", ".join(str(r) for r in rows)
        plural = "s" if len(rows) > 1 else ""
        out.append(f"{name}:{rows[0]}: left out {kind}{plural} (row{plural} {listed}): "
                   f"{why.get(kind, kind)}")
    return out


def read_scorecard(path: str | Path, *, sheet: str | None = None,
                   options: ReadOptions | None = None) -> Scorecard:
    """Read a scorecard file; raises `DataError` (one line, FILE:ROW:COLUMN) on any bad input."""
    options = options or ReadOptions()
    if sheet is not None:
        options = replace(options, sheet=sheet)
    name = str(path)
    source = read_cells(Path(path), name, options.sheet, _header_width(options))
    reader = _Reader(name, options)
    header = _scan_header(source.grid, options)
    if header is None:
        from committee_report.inputs.blocks import looks_like_blocks, read_blocks

        if looks_like_blocks(source.grid):
            return read_blocks(source, name, reader)
        header = _find_header(source.grid, name, options)
    _check_mapping(header, name, options)
    notices = list(source.notices)
    _check_header(header, source.grid, name, notices)
    left_out: list[tuple[int, str, str]] = []
    relative = _relative(header, name, options)
    columns = sorted(header.months + relative, key=lambda cp: cp[0])
    if header.long:
        items = _long(source, header, name)
    else:
        items = _wide(source, header, name, reader, columns, notices, left_out)
    if not items:
        raise DataError(name, header.row + 1, None, "no indicator rows below the header")
    if header.long:
        periods = sorted({period for item in items for period in item.series})
    else:
        periods = sorted({period for _, period in columns})
    if not periods:
        if options.period is None:
            raise ConfigError(options.config or name, "period", f"{name} has no period columns "
                              "(only the council's verdicts), so the paper's period must be "
                              "named: period: in paper.yaml (e.g. period: 2023/24) or --period")
        periods = [options.period]
    kinds = [p.kind for p in periods]
    table_kind = max(set(kinds), key=kinds.count)
    index = {p: i for i, p in enumerate(periods)}
    indicators = [reader.build(item, header, index, table_kind) for item in items]
    reader.problems.check()
    indicators = _commentary(source, indicators, name, options)
    notices.extend(_said_once(left_out, name))
    for indicator in indicators:
        latest = max((p for p, v in zip(periods, indicator.series) if v.status != "blank"),
                     default=None)
        when = indicator.target_period
        if when is not None and latest is not None and when.kind == latest.kind and \
                when != latest:
            notices.append(f"{name}:{indicator.source.row}: {indicator.id}: the target is for "
                           f"{when.label} but the latest value is for {latest.label}")
    headers = {role: header.texts[column] for role, column in header.roles.items()}
    if header.targets:
        headers["target"] = header.texts[header.targets[0][0]]
    return Scorecard(
        path=name,
        periods=tuple(periods),
        indicators=tuple(indicators),
        comparator_names=tuple(dict.fromkeys(c.name for i in indicators for c in i.comparators)),
        headers=headers,
        notices=tuple(notices),
        left_out=tuple(left_out),
    )

