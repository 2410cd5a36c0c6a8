"""Rows of a scorecard read into fields: the cells of an indicator row typed, and the rows
that are not indicators (notes, summary counts, repeated headers) recognised (for ingest)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from committee_report.errors import Collector, DataError
from committee_report.inputs.cells import (
    Cell,
    CellError,
    Grid,
    cell_text,
    cell_value,
    parse_basis,
    parse_polarity,
    parse_rag,
    parse_trend,
    rag_from_fill,
    rag_known,
)
from committee_report.inputs.header import ReadOptions, _Header
from committee_report.inputs.roles import (
    norm,
)
from committee_report.model import (
    Comparator,
    Indicator,
    Period,
    Rag,
    SourceRef,
    Value,
    commonest_kind,
)

T = TypeVar("T")
_EMPTY = Cell(None)
"""A missing cell (a short row, a period an indicator has no column for): one frozen Cell."""


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


def _typed(
    parse: Callable[[Cell], T],
    cell: Cell,
    row: int,
    column: str,
    name: str,
    problems: Collector | None = None,
) -> T:
    """The typed cell; with `problems`, a bad one is collected (every bad cell is listed) and
    read as blank, else it is raised."""
    try:
        return parse(cell)
    except CellError as error:
        if problems is None:
            raise DataError(name, row, column, str(error)) from None
        problems.add(DataError(name, row, column, str(error)))
        return parse(Cell(None))


_VERDICT: dict[str, Rag] = {
    "met": "green",
    "not met": "red",
    "achieved": "green",
    "not achieved": "red",
    "target met": "green",
    "target not met": "red",
}


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
            self.problems.add(
                DataError(
                    self.name,
                    row,
                    column,
                    f"{error}; map a council's own codes with rag_codes: in paper.yaml",
                )
            )
            return None

    def build(
        self, item: _Fields, header: _Header, periods: dict[Period, int], table_kind: str
    ) -> Indicator:
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
            found_cell = item.series.get(period)
            cell, row, column = found_cell if found_cell is not None else (_EMPTY, item.row, "")
            series.append(self.value(cell, row, column, percent))
        kinds = [p.kind for p, v in zip(periods, series) if v.status != "blank"]
        kind = commonest_kind(kinds) if kinds else table_kind

        polarity_text = text("polarity")
        found = cell_of("polarity")
        polarity = (
            _typed(lambda c: parse_polarity(cell_text(c)), *found, name, self.problems)
            if found
            else None
        )

        rag_text = item.rag_text if item.rag_text is not None else text("rag")
        rag_where = cell_of("rag")
        reported_rag = (
            self.rag(
                rag_text,
                rag_where[1] if rag_where else item.row,
                rag_where[2] if rag_where else "Status",
            )
            if rag_text
            else None
        )
        if not rag_text and rag_where and (coloured := rag_from_fill(rag_where[0].fill)):
            reported_rag, rag_text = coloured, f"{coloured.capitalize()} (cell colour)"

        target, targets, target_period = Value(""), [], None
        verdict_text = ""
        for col, when in header.targets:
            cell, at = item.cells.get(col) or (_EMPTY, item.row)
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
            target = _typed(
                cell_value, Cell(item.target_text), item.row, "Target", name, self.problems
            )
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
            reported_rag = _VERDICT[" ".join(verdict_text.lower().split())]
            rag_text = verdict_text

        trend_text = text("direction")
        found = cell_of("direction")
        trend = (
            _typed(lambda c: parse_trend(cell_text(c)), *found, name, self.problems)
            if found
            else None
        )
        if trend is None and not trend_text:
            trend_text = text("direction_year")
            found = cell_of("direction_year")
            trend = (
                _typed(lambda c: parse_trend(cell_text(c)), *found, name, self.problems)
                if found and trend_text
                else None
            )

        compared = []
        for col in header.comparators:
            cell, at = item.cells.get(col) or (_EMPTY, item.row)
            compared.append(
                Comparator(header.texts[col], self.value(cell, at, header.texts[col], percent))
            )
        for label, cell, at in item.comparators:
            compared.append(Comparator(label, self.value(cell, at, label, percent)))

        commentary = [text("commentary"), text("notes"), *item.commentary]
        commentary = [c for c in commentary if c and c.lower() not in ("no notes", "none")]
        basis_where = cell_of("basis")
        headline_where = cell_of("headline")
        extra = tuple(
            (header.texts[c], cell_text(item.cells[c][0]))
            for c in header.extra
            if c in item.cells and header.texts[c]
        )
        return Indicator(
            id=item.id,
            title=" ".join((item.title if item.title is not None else text("title")).split()),
            section=(text("section") or None) if header.long else item.section,
            polarity=polarity,
            polarity_text=polarity_text,
            series=tuple(series),
            officer=text("officer"),
            target=target,
            reported_rag=reported_rag,
            reported_basis=_typed(
                lambda c: parse_basis(cell_text(c)), *basis_where, name, self.problems
            )
            if basis_where
            else None,
            reported_basis_text=text("basis"),
            reported_headline=self.value(*headline_where, percent) if headline_where else Value(""),
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
    used = len(row)  # up to the last cell with text, looked for from the end
    while used > width and not cell_text(row[used - 1]):
        used -= 1
    if used > width:
        raise DataError(
            name,
            number,
            None,
            f"this row has {used} cells but the header (row {header.row + 1}) has {width}{hint}",
        )
    return row[:width] + [_EMPTY] * (width - len(row))


_NOTE = re.compile(
    r"^(?:[\u2022\u00b7\u25cf\u25aa*\u2013\u2014-]\s*|note\b|notes\b|data shows\b|"
    r"source\b|key\b|please note\b)",
    re.IGNORECASE,
)
_SUMMARY_LABELS = {
    "total",
    "totals",
    "grand total",
    "kpis",
    "pis",
    "indicators",
    "measures",
    "count",
    "number of indicators",
    "all",
}
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
    if norm(rest[-1]) != "total":  # the header of a count ends in Total
        return False
    return all(
        rag_known(t, codes) or norm(t) in ("total", "n a", "up", "down", "no change") for t in rest
    )


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
    repeats = any(_repeats(row, key) for row in grid[header.row + 1 :])
    parts: list[str] = []
    for row in reversed(grid[: header.row]):
        filled = [cell_text(c) for c in row if cell_text(c)]
        if len(filled) != 1:
            break
        parts.insert(0, " ".join(filled[0].split()))
    return parts if repeats else []


def _repeats(row: list[Cell], key: list[str]) -> bool:
    """The row's first cells read as the header (folded; missing cells blank), compared one
    by one until one differs: every row of the table is asked."""
    for index, wanted in enumerate(key):
        if (norm(cell_text(row[index])) if index < len(row) else "") != wanted:
            return False
    return True


def _said_once(left_out: list[tuple[int, str, str]], name: str) -> list[str]:
    """One notice per kind of row left out, naming its rows."""
    by_kind: dict[str, list[int]] = {}
    for row, kind, _ in left_out:
        key = "comparator row" if kind.startswith("comparator row") else kind
        by_kind.setdefault(key, []).append(row)
    why = {
        "repeated header row": "the header repeated under a section",
        "summary count row": "a count of indicators by rating, not an indicator",
        "note": "a note under the table, kept as commentary of the indicator above it",
        "comparator row": "read as comparators of the indicator above",
    }
    out = []
    for kind, rows in by_kind.items():
        listed = ", ".join(str(r) for r in rows)
        plural = "s" if len(rows) > 1 else ""
        out.append(
            f"{name}:{rows[0]}: left out {kind}{plural} (row{plural} {listed}): "
            f"{why.get(kind, kind)}"
        )
    return out
