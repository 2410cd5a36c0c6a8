"""Read a KPI scorecard (TSV, CSV, XLSX; wide, tidy long or stacked blocks) into a `Scorecard`.

Councils keep the same table many ways, so this module is liberal in what it reads and
strict in what it means: every cell either becomes a typed `Value` or stops the build with
one line naming FILE:ROW:COLUMN. Rows are numbered as a spreadsheet shows them (1-based,
header row included); columns are named by their header text. Rows that are not indicators
(sections, repeated headers, notes, summary counts, comparator rows) are recognised, left out
and said once. No raw exception escapes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from committee_report.errors import ConfigError, DataError
from committee_report.inputs.cells import (
    HEADER_SCAN,
    Cell,
    Grid,
    RawFile,
    cell_text,
    file_bytes,
    parse_cell,
    parse_period,
    read_cells,
)
from committee_report.inputs.roles import (
    ROLES,
    is_comparator_label,
    norm,
)
from committee_report.model import (
    Indicator,
    Period,
    Scorecard,
    commonest_kind,
)

__all__ = [
    "ROLES",
    "ReadOptions",
    "parse_cell",
    "parse_period",
    "read_scorecard",
    "scorecard_from",
]

from committee_report.inputs.header import (  # noqa: F401 - re-exported for columns and tests
    ReadOptions,
    _check_header,
    _check_mapping,
    _classify,
    _find_header,
    _Header,
    _letter,
    _relative,
    _scan_header,
    _target_period,
    _usable,
)
from committee_report.inputs.reader import (  # noqa: F401 - re-exported for blocks and tests
    _CODE,
    _NOTE,
    _SUMMARY_LABELS,
    _VERDICT,
    _Fields,
    _is_note,
    _is_summary,
    _Reader,
    _row_cells,
    _said_once,
    _sections_above,
    _typed,
)


def _header_width(options: ReadOptions) -> Callable[[Grid], int | None]:
    def width(rows: Grid) -> int | None:
        header = _scan_header(rows, options)
        if header is not None:
            return len(header.texts)
        from committee_report.inputs.blocks import looks_like_blocks

        return 2 if looks_like_blocks(rows) else None

    return width


def _wide(
    source: RawFile,
    header: _Header,
    name: str,
    reader: _Reader,
    periods: list[tuple[int, Period]],
    notices: list[str],
    left_out: list[tuple[int, str, str]],
) -> list[_Fields]:
    """Indicator rows of a wide table, with everything else recognised and left out."""
    id_col = header.roles.get("id")
    title_col = header.roles.get("title")
    section_col = header.roles.get("section")
    label_cols = {c for c in (id_col, title_col, section_col) if c is not None} | {0}
    header_key = [norm(t) for t in header.texts]
    mapped = {norm(text) for text in reader.options.comparator_rows}
    rows: list[tuple[int, list[Cell], str, list[str]]] = []  # (number, cells, kind, texts)
    after_summary = False
    for index in range(header.row + 1, len(source.grid)):
        number = index + 1
        cells = _row_cells(source.grid[index], header, number, name, source.ragged_hint)
        texts = [cell_text(cell) for cell in cells]
        filled = [c for c, t in enumerate(texts) if t]
        if not filled:
            continue
        if all(norm(t) == key for t, key in zip(texts, header_key)):  # as wide as the header
            kind = "header"
        elif _is_summary(texts, reader.codes, after_summary):
            kind = "summary"
        elif len(filled) == 1 and filled[0] in label_cols:
            kind = "label"
        else:
            label = texts[title_col] if title_col is not None else texts[filled[0]]
            kind = (
                "comparator"
                if (is_comparator_label(label) or norm(label) in mapped)
                and (id_col is None or not texts[id_col] or texts[id_col] == label)
                else "data"
            )
        rows.append((number, cells, kind, texts))
        after_summary = kind == "summary"
    items: dict[str, _Fields] = {}
    section_parts: list[str] = _sections_above(source.grid, header)
    section: str | None = " \u2013 ".join(section_parts) or None
    numbered = 0
    from_titles = False
    for position, (number, cells, kind, texts) in enumerate(rows):
        first = next(t for t in texts if t)
        if kind == "header":
            left_out.append((number, "repeated header row", first))
            continue
        if kind == "summary":
            left_out.append((number, "summary count row", first))
            continue
        if kind == "label":
            following = next((k for _, _, k, _ in rows[position + 1 :] if k != "label"), None)
            if _is_note(
                first, following if following in ("data", "header", "comparator") else None
            ):
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
                raise DataError(
                    name,
                    number,
                    header.texts[title_col or 0],
                    "a comparator row must come after the indicator it compares",
                )
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
            raise DataError(
                name,
                number,
                header.texts[id_col],
                "expected an indicator id; the cell is blank but the row has data",
            )
        if id_col is None:
            code = _CODE.search(title)
            numbered += 1
            if code and code.group(1) not in items:
                ident, from_titles = code.group(1), True
            else:
                ident = str(numbered)
        if ident in items:
            raise DataError(
                name,
                number,
                header.texts[id_col] if id_col is not None else None,
                f"duplicate indicator id {ident!r} (first on row {items[ident].row})",
            )
        own_section = " ".join(texts[section_col].split()) if section_col is not None else ""
        items[ident] = _Fields(
            ident,
            number,
            own_section or section,
            cells={column: (cell, number) for column, cell in enumerate(cells)},
            series={p: (cells[c], number, header.texts[c]) for c, p in periods},
        )
    if id_col is None and items:
        how = (
            "taken from the code in each title, such as (AD/011a), or numbered in order"
            if from_titles
            else "numbered in order"
        )
        notices.append(f"{name}:{header.row + 1}: no indicator id column: ids are {how}")
    return list(items.values())


def _long(source: RawFile, header: _Header, name: str) -> list[_Fields]:
    """Pivot tidy rows (indicator, period, value, ...) into one `_Fields` per indicator."""
    roles = header.roles
    id_col, period_col, value_col = (
        roles.get("id", roles.get("title")),
        roles["period"],
        roles["value"],
    )
    if id_col is None:
        raise DataError(name, header.row + 1, None, "a long table needs an indicator column")
    per_row = [c for c, when in header.targets if when is None]
    constant = (
        [c for r, c in roles.items() if r not in ("id", "period", "value")]
        + header.comparators
        + [c for c, _ in header.targets if c not in per_row]
    )
    items: dict[str, _Fields] = {}
    for index in range(header.row + 1, len(source.grid)):
        number = index + 1
        cells = _row_cells(source.grid[index], header, number, name, source.ragged_hint)
        if not any(cell_text(cell) for cell in cells):
            continue
        ident = cell_text(cells[id_col])
        if not ident:
            raise DataError(
                name,
                number,
                header.texts[id_col],
                "expected an indicator id; the cell is blank but the row has data",
            )
        period = parse_period(cells[period_col].value)
        if period is None:
            raise DataError(
                name,
                number,
                header.texts[period_col],
                "expected a period such as "
                f"Feb-21, 2021-02, Q3 2021/22 or 2020/21; got "
                f"{cell_text(cells[period_col])!r}",
            )
        item = items.setdefault(ident, _Fields(ident, number, None))
        if period in item.series:
            raise DataError(
                name,
                number,
                header.texts[period_col],
                f"a second value for "
                f"{ident!r} in {period.label} (first on row {item.series[period][1]})",
            )
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
                raise DataError(
                    name,
                    number,
                    header.texts[column],
                    f"{ident!r} has {shown!r} "
                    f"here but {before!r} on row {row}; it must be the same on "
                    "every row of an indicator",
                )
            item.cells[column] = (cells[column], number)
    return list(items.values())


# -- commentary sheets -------------------------------------------------------------------------


def _commentary(
    source: RawFile, indicators: list[Indicator], name: str, options: ReadOptions
) -> list[Indicator]:
    """Fill commentary from other sheets keyed by indicator id (sheet named like Commentary,
    or any sheet whose header has id and commentary columns but no months)."""
    by_id = {indicator.id: i for i, indicator in enumerate(indicators)}
    plain = ReadOptions()
    for title, grid in source.side_sheets:
        where = f"{name}[{title}]"
        header = next(
            (
                h
                for h in (_classify(row, i, plain) for i, row in enumerate(grid[:HEADER_SCAN]))
                if "commentary" in h.roles and "id" in h.roles
            ),
            None,
        )
        if header is None or (header.months and "comment" not in norm(title)):
            if "comment" in norm(title):
                raise DataError(
                    where,
                    None,
                    None,
                    "expected a header row with an indicator id "
                    f"column and a Commentary column in the first {HEADER_SCAN} rows",
                )
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
                raise DataError(
                    where,
                    index + 1,
                    column,
                    f"a second commentary for {key!r} (first on row {seen[key]})",
                )
            seen[key] = index + 1
            current = indicators[by_id[key]]
            if text and current.commentary and current.commentary != text:
                raise DataError(
                    where,
                    index + 1,
                    header.texts[text_col],
                    f"differs from the "
                    f"commentary for {key!r} on row {current.source.row} of the table",
                )
            if text:
                indicators[by_id[key]] = replace(current, commentary=text)
    return indicators


# -- the entry point ---------------------------------------------------------------------------


def read_scorecard(
    path: str | Path, *, sheet: str | None = None, options: ReadOptions | None = None
) -> Scorecard:
    """Read a scorecard file; raises `DataError` (one line, FILE:ROW:COLUMN) on any bad input.

    A file read before with the same bytes and options gives the same Scorecard without
    reading it again (a batch of papers on one table, a test run); a problem is found anew."""
    options = options or ReadOptions()
    if sheet is not None:
        options = replace(options, sheet=sheet)
    name = str(path)
    data = file_bytes(Path(path), name)
    key = (hashlib.sha256(data).digest(), str(Path(path)), name, options)
    scorecard = _READ.get(key)
    if scorecard is None:
        cells = read_cells(Path(path), name, options.sheet, _header_width(options), data)
        scorecard = scorecard_from(cells, name, options)
        if len(_READ) >= 4:  # bounded: a Scorecard holds every value
            del _READ[next(iter(_READ))]
        _READ[key] = scorecard
    return replace(scorecard, headers=dict(scorecard.headers))  # the one mutable part


_READ: dict[tuple[bytes, str, str, ReadOptions], Scorecard] = {}
"""Scorecards read, by content, path, name and options (everything a reading depends on)."""


def scorecard_from(source: RawFile, name: str, options: ReadOptions) -> Scorecard:
    """The scorecard in cells already read (by `read_cells`, with `_header_width(options)`):
    `describe_columns` reads the file once for its own look and for this."""
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
            raise ConfigError(
                options.config or name,
                "period",
                f"{name} has no period columns "
                "(only the council's verdicts), so the paper's period must be "
                "named: period: in paper.yaml (e.g. period: 2023/24) or --period",
            )
        periods = [options.period]
    kinds = [p.kind for p in periods]
    table_kind = commonest_kind(kinds)
    index = {p: i for i, p in enumerate(periods)}
    indicators = [reader.build(item, header, index, table_kind) for item in items]
    reader.problems.check()
    indicators = _commentary(source, indicators, name, options)
    notices.extend(_said_once(left_out, name))
    for indicator in indicators:
        latest = max(
            (p for p, v in zip(periods, indicator.series) if v.status != "blank"), default=None
        )
        when = indicator.target_period
        if when is not None and latest is not None and when.kind == latest.kind and when != latest:
            notices.append(
                f"{name}:{indicator.source.row}: {indicator.id}: the target is for "
                f"{when.label} but the latest value is for {latest.label}"
            )
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
