"""The header row of a scorecard: where it is, and what role each column has (for ingest)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from committee_report.errors import ConfigError, DataError
from committee_report.inputs.cells import (
    HEADER_SCAN,
    Cell,
    Grid,
    cell_text,
    parse_period,
)
from committee_report.inputs.periods import relative_kind
from committee_report.inputs.roles import (
    LONG_ONLY,
    alias_role,
    norm,
)
from committee_report.model import (
    Period,
    Rag,
)

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
            found = [
                "id" if c in titles and norm(texts[c]) == "indicator" else r
                for c, r in enumerate(found)
            ]
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
    values = (
        bool(header.months)
        or header.long
        or "current" in header.roles
        or "previous" in header.roles
    )
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
            raise DataError(
                name,
                header.row + 1,
                None,
                "no period columns: expected headers "
                "such as Feb-21, Q3 2021/22, 2020/21 or This quarter (or Period and "
                "Value columns); map other headers with columns: in paper.yaml",
            )
    for header in seen:
        if header.months:
            raise DataError(
                name,
                header.row + 1,
                None,
                "no indicator column: expected a header "
                "such as Indicator Number, Ref, KPI or ID, or a title such as "
                "Indicator Title, Measure or Description",
            )
    raise DataError(
        name,
        None,
        None,
        f"no header row in the first {HEADER_SCAN} rows: expected "
        "an indicator column (Indicator Number, Ref, KPI, ID or a title such as "
        "Measure) and period columns (Feb-21, Q3 2021/22, 2020/21, This quarter); "
        "map other headers with columns: in paper.yaml",
    )


def _check_mapping(header: _Header, name: str, options: ReadOptions) -> None:
    """Every header named in `columns:` must be in the table: a typo must not pass silently."""
    present = {norm(text) for text in header.texts}
    for text, _ in options.columns:
        if norm(text) not in present:
            shown = ", ".join(repr(t) for t in header.texts if t)
            raise ConfigError(
                options.config or name,
                f"columns.{text}",
                f"no column {text!r} in {name} (row {header.row + 1} has {shown})",
            )


def _relative(header: _Header, name: str, options: ReadOptions) -> list[tuple[int, Period]]:
    """`Last quarter` / `This quarter` as real periods, from the paper's period."""
    found = [(header.roles[role], role) for role in ("previous", "current") if role in header.roles]
    if not found:
        return []
    if options.period is None:
        shown = header.texts[found[0][0]]
        example = {"month": "2024-12", "year": "2024/25"}.get(
            relative_kind(shown) or "", "Q3 2024/25"
        )
        raise ConfigError(
            options.config or name,
            "period",
            f"the column {shown!r} of {name} is relative to the paper's period; "
            f"name it with period: in paper.yaml (e.g. period: {example}) or "
            "--period",
        )
    out = []
    for column, role in found:
        kind = relative_kind(header.texts[column]) or options.period.kind
        current = (
            options.period
            if kind == options.period.kind
            else options.period.latest_of(kind, options.period.fiscal)
        )
        out.append((column, current if role == "current" else current.previous()))
    return out


def _check_header(header: _Header, grid: Grid, name: str, notices: list[str]) -> list[int]:
    """Periods must run oldest to newest; returns the comparator columns, in order."""
    seen: dict[Period, int] = {}
    previous: tuple[int, Period] | None = None
    for column, period in header.months:
        if period in seen:
            raise DataError(
                name,
                header.row + 1,
                header.texts[column],
                f"the {period.noun} "
                f"{period.label} appears twice (also in column "
                f"{_letter(seen[period])}); each {period.noun} needs one column",
            )
        if previous and period < previous[1]:
            raise DataError(
                name,
                header.row + 1,
                header.texts[column],
                f"{period.noun}s must "
                "run oldest to newest from left to right, but this comes after "
                f"{header.texts[previous[0]]!r}",
            )
        seen[period] = column
        previous = (column, period)
    first_month = header.months[0][0] if header.months else -1
    last_month = header.months[-1][0] if header.months else -1
    unused: list[str] = []
    for column in header.extra:
        text = header.texts[column]
        if re.fullmatch(r"\d{5}", text) and 20000 <= int(text) <= 80000:
            raise DataError(
                name,
                header.row + 1,
                text,
                "looks like an Excel date serial, not a "
                "month; format the header cell as a date or type it as Feb-21",
            )
        if text and first_month < column < last_month:
            raise DataError(
                name,
                header.row + 1,
                text,
                "expected a period such as Feb-21, "
                "2021-02, Q3 2021/22 or 2020/21 here, between the period columns",
            )
        if not text:
            if any(column < len(r) and cell_text(r[column]) for r in grid[header.row + 1 :]):
                raise DataError(
                    name,
                    header.row + 1,
                    f"column {_letter(column)}",
                    "this column has values but no header; give it a name",
                )
        else:
            unused.append(text)
    if len(unused) <= 10:
        notices.extend(
            f"{name}:{header.row + 1}:{text}: column {text!r} is not used; map it "
            "with columns: in paper.yaml"
            for text in unused
        )
    else:  # said once, however wide the sheet
        shown = ", ".join(repr(text[:40]) for text in unused[:5])
        notices.append(
            f"{name}:{header.row + 1}: {len(unused):,} columns are not used ({shown}, "
            "...); map them with columns: in paper.yaml"
        )
    names = Counter(header.texts[c] for c in header.comparators)  # linear: a sheet may be wide
    for column in header.comparators:
        if names[header.texts[column]] > 1:
            raise DataError(
                name,
                header.row + 1,
                header.texts[column],
                "two comparator columns have this name; rename one",
            )
    return header.comparators
