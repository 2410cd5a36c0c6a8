"""Stacked blocks: one indicator per block instead of one table (a council web page copied out).

A block is a heading line, then labelled lines (`Status: Data Only`, `Current Target: N/A`),
then values whose cells carry their own period label (`April 2023/24: 23`, `Q1 2022/23: 1265`,
a label with no value for a period not yet reported), any table header line (`Month / Number`),
and note lines, which become the indicator's commentary. Cells may sit side by side (two years
in two columns); each is read by its own label, so column order does not matter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from committee_report.errors import DataError
from committee_report.inputs.cells import Cell, Grid, RawFile, cell_text, parse_period
from committee_report.model import Period, Scorecard, commonest_kind

if TYPE_CHECKING:
    from committee_report.inputs.reader import _Reader

_LABELLED = re.compile(
    r"^(status|rag|rag status|(?:current\s+|annual\s+)?target|polarity|"
    r"ideal direction|owner|lead officer|unit)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_PERIOD_CELL = re.compile(r"^(.{3,40}?)\s*:\s*(.*)$")


def _period_cell(text: str) -> tuple[Period, str] | None:
    """`April 2023/24: 23` -> (April 2023, "23"); None when the label is not a period."""
    match = _PERIOD_CELL.match(text)
    if not match:
        return None
    period = parse_period(match.group(1))
    return (period, match.group(2).strip()) if period is not None else None


def _filled(row: list[Cell]) -> list[str]:
    return [cell_text(cell) for cell in row if cell_text(cell)]


def looks_like_blocks(grid: Grid) -> bool:
    """Labelled `Status:`/`Target:` lines and period-labelled cells, and no header row."""
    labelled = sum(1 for row in grid for text in _filled(row)[:1] if _LABELLED.match(text))
    dated = sum(1 for row in grid for text in _filled(row) if _period_cell(text))
    return labelled >= 1 and dated >= 1


def read_blocks(source: RawFile, name: str, reader: _Reader) -> Scorecard:
    """Every block as an indicator; a block's period cells make its series."""
    from committee_report.inputs.header import _Header
    from committee_report.inputs.reader import _CODE, _Fields, _said_once

    rows = [(index + 1, _filled(row)) for index, row in enumerate(source.grid)]
    rows = [(number, texts) for number, texts in rows if texts]
    blocks: list[_Fields] = []
    left_out: list[tuple[int, str, str]] = []
    labelled: dict[str, dict[str, tuple[str, int]]] = {}
    for position, (number, texts) in enumerate(rows):
        first = texts[0]
        following = rows[position + 1][1][0] if position + 1 < len(rows) else ""
        if (
            len(texts) == 1
            and not _LABELLED.match(first)
            and _LABELLED.match(following)
            and not _period_cell(first)
        ):
            code = _CODE.search(first)
            ident = code.group(1) if code else str(len(blocks) + 1)
            blocks.append(_Fields(ident, number, None, title=" ".join(first.split())))
            labelled[ident] = {}
            continue
        if not blocks:
            left_out.append((number, "title line", first))
            continue
        block = blocks[-1]
        if match := _LABELLED.match(first):
            key = match.group(1).lower()
            key = "target" if "target" in key else "status" if key in ("rag", "rag status") else key
            labelled[block.id][key] = (match.group(2).strip(), number)
            continue
        cells = [_period_cell(text) for text in texts]
        if all(cells):
            for text, (period, value) in zip(texts, cells):  # type: ignore[misc]
                if period in block.series:
                    raise DataError(
                        name,
                        number,
                        text,
                        f"a second value for {period.label} in "
                        f"{block.title!r} (first on row {block.series[period][1]})",
                    )
                block.series[period] = (Cell(value or None), number, text)
            continue
        if len(set(texts)) == 1 and "/" in first and len(first.split()) <= 4:
            left_out.append((number, "table header line", first))
            continue
        block.commentary.append(" ".join(" ".join(texts).split()))
        left_out.append((number, "note", first))
    if not blocks:
        raise DataError(
            name,
            None,
            None,
            "no indicator blocks: expected a heading line, then "
            "'Status: ...' or 'Target: ...' lines and period-labelled values such as "
            "'April 2023/24: 23'",
        )
    seen: dict[str, int] = {}
    for block in blocks:
        if block.id in seen:
            raise DataError(
                name,
                block.row,
                None,
                f"duplicate indicator id {block.id!r} (first on row {seen[block.id]})",
            )
        seen[block.id] = block.row
        facts = labelled[block.id]
        if "status" in facts:
            block.rag_text = facts["status"][0]
        if "target" in facts:
            block.target_text = facts["target"][0]
    periods = sorted({p for block in blocks for p in block.series})
    if not periods:
        raise DataError(
            name,
            blocks[0].row,
            None,
            "no period-labelled values such as "
            "'April 2023/24: 23' or 'Q1 2022/23: 1265' in any block",
        )
    kinds = [p.kind for p in periods]
    table_kind = commonest_kind(kinds)
    header = _Header(0, ["Indicator"], {}, [], [], False)
    index = {p: i for i, p in enumerate(periods)}
    indicators = []
    for block in blocks:
        indicator = reader.build(block, header, index, table_kind)
        indicators.append(indicator)
    reader.problems.check()
    notices = list(source.notices)
    for indicator in indicators:
        if not any(v.status != "blank" for v in indicator.series):
            notices.append(
                f"{name}:{indicator.source.row}: {indicator.title!r} has no "
                "period-labelled values; it is shown with its text only"
            )
    notices.append(
        f"{name}: read as {len(blocks)} stacked indicator blocks (heading, Status:, "
        "Target:, period-labelled values); ids are numbered in order"
    )
    notices.extend(_said_once([r for r in left_out if r[1] != "title line"], name))
    return Scorecard(
        path=name,
        periods=tuple(periods),
        indicators=tuple(indicators),
        comparator_names=(),
        headers={"id": "Indicator", "title": "Indicator", "rag": "Status", "target": "Target"},
        notices=tuple(notices),
        left_out=tuple(left_out),
    )
