"""Tagged ReportLab tables, fenced: `tag_table` swaps a Table's class for one that also
remembers, through ReportLab's private `_splitRows`, which original row each row of a split
part is, and hooks the table's `_renderCB` so row and cell boundaries become marked content.

Contract (tested in tests/test_fastpaths.py): a tagged table splits where the untagged table
splits and draws the same content, with marked-content operators around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Table

from committee_report.pdf.structure import _contains_marked, _is_picture, _Spec

if TYPE_CHECKING:
    from committee_report.pdf.marking import Tagger


def tag_table(
    tagger: Tagger, table: Table, header_rows: int, header_columns: int, lang: str | None = None
) -> Table:
    """The same Table object, now drawing through `tagger` (see `Tagger.table`)."""
    table.__class__ = _tagged_class(type(table))
    spec = _Spec("Table", None, None, {"Lang": lang} if lang else None)
    table._tag = (tagger, spec, header_rows, header_columns, table._renderCB)
    table._tag_rows = [(i, False) for i in range(table._nrows)]
    table._renderCB = _table_event
    return table


class _TaggedTable(Table):
    """A Table whose parts remember which original row each of their rows is.

    Mixed in front of the table's own class, so a LongTable or a layout's subclass keeps its
    behaviour; ReportLab builds split parts with `self.__class__`, so they stay tagged."""

    tags_itself = True
    _tag: tuple
    _tag_rows: list[tuple[int, bool]]

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> list[Flowable]:
        parts = super()._splitRows(availHeight, doInRowSplit)
        if len(parts) != 2:
            return parts
        first, rest = parts
        rows = self._tag_rows
        rr = self.repeatRows
        repeated = list(range(rr)) if isinstance(rr, int) else sorted(rr)
        if len(first._cellvalues) + len(rest._cellvalues) - len(repeated) > len(rows):
            n = len(first._cellvalues)  # a row split in two: both halves are that row
            rows = rows[:n] + rows[n - 1 :]
        first._tag = rest._tag = self._tag
        first._tag_rows = rows[: len(first._cellvalues)]
        tail = len(rest._cellvalues) - len(repeated)
        rest._tag_rows = [(rows[i][0], True) for i in repeated] + rows[len(rows) - tail :]
        return parts


_TAGGED_CLASSES: dict[type, type] = {}


def _tagged_class(cls: type) -> type:
    if issubclass(cls, _TaggedTable):
        return cls
    if cls not in _TAGGED_CLASSES:
        _TAGGED_CLASSES[cls] = type(f"Tagged{cls.__name__}", (_TaggedTable, cls), {})
    return _TAGGED_CLASSES[cls]


def _table_event(table: _TaggedTable, event: str, *args: Any) -> None:
    """ReportLab's Table(renderCB=...) hook: row and cell boundaries become marked content."""
    tagger, spec, header_rows, header_columns, chained = table._tag
    canvas = table.canv
    if event == "startTable":
        tagger._sync(canvas)
        if not tagger._artifacts:
            elem = tagger._element(spec, spec)
            x, y = canvas.absolutePosition(0, 0)
            elem.boxes.append((canvas.getPageNumber(), x, y, x + table._width, y + table._height))
    elif event in ("startBG", "startLines"):
        tagger._artifact_begin(canvas)
    elif event in ("endBG", "endLines"):
        tagger._artifact_end(canvas)
    elif event == "startCell":
        row, col, value, pos, size = args[0], args[1], args[2], args[4], args[5]
        original, repeated = table._tag_rows[row]
        if repeated or tagger._artifacts:
            table._tag_cell = "artifact"
            tagger._artifact_begin(canvas)
        else:
            table._tag_cell = _start_cell(
                tagger,
                table,
                spec,
                original,
                (row, col),
                value,
                (pos, size),
                header_rows,
                header_columns,
            )
    elif event == "endCell":
        if table._tag_cell == "group":
            tagger._stack.pop()
        elif table._tag_cell == "content":
            tagger._end(canvas)
        else:
            tagger._artifact_end(canvas)
    if chained:
        chained(table, event, *args)


def _start_cell(
    tagger: Tagger,
    table: _TaggedTable,
    spec: _Spec,
    original: int,
    where: tuple[int, int],
    value: object,
    rect: tuple,
    header_rows: int,
    header_columns: int,
) -> str:
    """Create the cell's TH/TD (once per original cell) and say how its drawing is marked."""
    canvas, (row, col) = table.canv, where
    tr = tagger._element((spec, original), _Spec("TR"), tagger._elems[spec])
    attrs: dict[str, object] = {}
    if original < header_rows or col < header_columns:
        attrs["Scope"] = "Column" if original < header_rows else "Row"
    spans = getattr(table, "_spanRanges", None) or {}
    sc, sr, ec, er = spans.get((col, row)) or (col, row, col, row)
    if ec > sc:
        attrs["ColSpan"] = ec - sc + 1
    if er > sr:
        attrs["RowSpan"] = er - sr + 1
    cell = tagger._element(
        (spec, original, col), _Spec("TH" if "Scope" in attrs else "TD", None, attrs), tr
    )
    (x, y), (w, h) = canvas.absolutePosition(*rect[0]), rect[1]
    cell.boxes.append((canvas.getPageNumber(), x, y, x + w, y + h))
    if _is_picture(value):
        tagger._artifact_begin(canvas)
        return "artifact"
    if _contains_marked(value):
        tagger._stack.append(cell)
        return "group"
    tagger._begin(canvas, cell)
    return "content"
