"""Tagged PDF, the drawing half: while ReportLab draws, the flowables `Tagger` hands out wrap
their drawing in marked content (`BDC ... EMC` with an MCID) and record which structure element
owns each piece; `Tagger.finish` hands that record to the post-pass (pdf/finish.py).

The layout says *what* a thing is (`mark(p, "H1")`); this module says how that is recorded.
Reading order is draw order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from committee_report.pdf.checks import check_held
from committee_report.pdf.finish import finish_document
from committee_report.pdf.structure import (
    _NONE,
    DocumentMeta,
    _check_role,
    _contains_marked,
    _Elem,
    _Spec,
    _split_attrs,
)
from committee_report.pdf.tagged_table import tag_table
from committee_report.pdf.wordbreak import WordBreakText


@dataclass
class Tagger:
    """One per document build: hands out tagging flowables, then post-processes the PDF.

    The same story may be drawn more than once (`multiBuild`); each new canvas starts a fresh
    record, and `finish` uses the record of the last one. `lang` is the document language
    when `DocumentMeta.lang` is empty.
    """

    lang: str = "en-GB"
    repair: bool = True
    """Make content drawn outside any mark an Artifact in `finish` (a page-by-page parse). A
    layout known to mark everything (checked by `untagged_content` in its tests) turns it off."""
    warnings: list[str] = field(default_factory=list, repr=False)
    problems: list[str] = field(default_factory=list, repr=False)
    """What keeps the finished file from its PDF/UA-1 and PDF/A-2a claims, by the project's
    own checks (pdf/checks.check_held); empty when they hold."""
    """Set by `finish`: content drawn outside any mark that `finish` made an Artifact."""
    _canvas: Canvas | None = field(default=None, repr=False)
    _root: _Elem = field(default_factory=lambda: _Elem("Document"), repr=False)
    _stack: list[_Elem] = field(default_factory=list, repr=False)
    _mcids: dict[int, list[_Elem]] = field(default_factory=dict, repr=False)
    _elems: dict[object, _Elem] = field(default_factory=dict, repr=False)
    _marking: int = field(default=0, repr=False)
    _artifacts: int = field(default=0, repr=False)
    _space_last_line: bool = field(default=False, repr=False)
    _spaces: dict[tuple, tuple[str, int]] = field(default_factory=dict, repr=False)
    """Set while a split part that the next part continues is drawn: its last line is not the
    paragraph's last, so it too ends in a space."""

    # -- drawing half: what the layout calls ----------------------------------------------------

    def open(self, role: str, **attrs: object) -> Flowable:
        """A zero-size flowable that opens a grouping element (Document, Sect, L, LI, ...).

        `attrs` may hold `alt`, `title`, `lang`, `actual_text`, or attributes such as
        `ListNumbering="Disc"`."""
        _check_role(role, attrs.get("alt"))
        layout, extra = _split_attrs(attrs)
        return _Open(
            self, _Spec(role, str(attrs["alt"]) if attrs.get("alt") else None, layout, extra)
        )

    def close(self) -> Flowable:
        """A zero-size flowable that closes the element opened last."""
        return _Close(self, _Spec("Div"))

    def mark(
        self, flowable: Flowable, role: str, *, alt: str | None = None, lang: str | None = None
    ) -> Flowable:
        """`flowable` as one structure element of `role` (H1, H2, P, Lbl, LBody, Caption,
        Figure with `alt`, ...), its drawing wrapped in marked content. Split parts stay one
        element. A flowable holding marked flowables (e.g. KeepTogether) becomes a group."""
        _check_role(role, alt)
        return _Marked(self, flowable, _Spec(role, alt, None, {"Lang": lang} if lang else None))

    def table(
        self,
        table: Table,
        *,
        header_rows: int = 1,
        header_columns: int = 0,
        lang: str | None = None,
    ) -> Table:
        """The same Table, now tagged Table > TR > TH/TD: header rows give TH /Scope /Column,
        header columns TH /Scope /Row, spans ColSpan/RowSpan. Backgrounds, grid lines and
        header rows repeated on continuation pages are artifacts; so are cells holding only a
        Drawing or Image (pass `mark(d, "Figure", alt=...)` as the cell to have it read)."""
        if not isinstance(table, Table):  # ReportLab turns an empty table into something else
            return table
        return tag_table(self, table, header_rows, header_columns, lang)

    def list_item(self, label: Flowable, body: Flowable, lang: str | None = None) -> Flowable:
        """One list item as one flowable, tagged LI > (Lbl, LBody), the label never parted
        from the body. Spaced as a frame spaces the two set one after the other: `label`
        (usually zero-height) at the top, the body below it by the larger of the label's
        space after and the body's space before. Splits as the body does; later parts continue
        the same LI and LBody. `lang`: the LI's /Lang, where it is not the document's."""
        return _ListItem(
            self,
            self.mark(label, "Lbl"),
            self.mark(body, "LBody"),
            _Spec("LI", None, None, {"Lang": lang} if lang else None),
        )

    def grid(self, canvas: Canvas, width: float, height: float) -> Grid:
        """For a flowable that draws a table cell by cell itself, called in its draw: the
        recorder whose `row` and `cell` bracket the drawing, tagged Table > TR > TH/TD."""
        return Grid(self, canvas, width, height)

    @staticmethod
    def unwrap(flowable: Flowable) -> Flowable:
        """The flowable `mark` wrapped, e.g. for `afterFlowable` hooks testing isinstance."""
        while isinstance(flowable, _Marked):
            flowable = flowable.flowable
        return flowable

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Pagination") -> Iterator[None]:
        """Page furniture drawn inside this block (headers, footers, rules) is an Artifact."""
        self._sync(canvas)
        self._artifact_begin(canvas, f"/Artifact <</Type /{kind}>> BDC")
        try:
            yield
        finally:
            self._artifact_end(canvas)

    @contextmanager
    def marked(
        self, canvas: Canvas, role: str, *, alt: str | None = None, lang: str | None = None
    ) -> Iterator[None]:
        """What is drawn straight on the canvas inside this block (e.g. a cover panel drawn in
        an onPage callback) is one element of `role`, placed in reading order where drawn."""
        _check_role(role, alt)
        self._sync(canvas)
        if self._artifacts:
            yield
            return
        elem = self._element(object(), _Spec(role, alt, None, {"Lang": lang} if lang else None))
        self._begin(canvas, elem)
        try:
            yield
        finally:
            self._end(canvas)

    # -- recording, called while ReportLab draws ------------------------------------------------

    def _sync(self, canvas: Canvas) -> None:
        if canvas is not self._canvas:
            self._canvas, self._root = canvas, _Elem("Document")
            self._stack, self._mcids, self._elems = [self._root], {}, {}
            self._marking = self._artifacts = 0
            self._space_last_line, self._spaces = False, {}

            WordBreakText.install(canvas, self)

    def _element(self, key: object, spec: _Spec, parent: _Elem | None = None) -> _Elem:
        """The element for `key` in this pass, created under `parent` (or the open one)."""
        elem = self._elems.get(key)
        if elem is None:
            elem = _Elem(
                spec.role,
                spec.alt,
                dict(spec.attrs) if spec.attrs else _NONE,
                dict(spec.extra) if spec.extra else _NONE,
            )
            self._elems[key] = elem
            (parent or self._stack[-1]).kids.append(elem)
        return elem

    def _begin(self, canvas: Canvas, elem: _Elem) -> None:
        if self._marking:
            raise ValueError(f"{elem.role} drawn inside another marked element; use open/close")
        page = canvas.getPageNumber()
        ids = self._mcids.setdefault(page, [])
        elem.kids.append((page, len(ids)))
        canvas.addLiteral(f"/{elem.role} <</MCID {len(ids)}>> BDC")
        ids.append(elem)
        self._marking += 1

    def _end(self, canvas: Canvas) -> None:
        canvas.addLiteral("EMC")
        self._marking -= 1

    def _artifact_begin(self, canvas: Canvas, operator: str = "/Artifact BMC") -> None:
        canvas.addLiteral(operator)
        self._artifacts += 1

    def _artifact_end(self, canvas: Canvas) -> None:
        canvas.addLiteral("EMC")
        self._artifacts -= 1

    # -- post-pass ------------------------------------------------------------------------------

    def finish(self, pdf: bytes, meta: DocumentMeta) -> bytes:
        """Post-pass: structure tree, MarkInfo, Lang, DisplayDocTitle, XMP, output intent
        (pdf/finish.py), then the project's structure checks on the result (`problems`).
        Deterministic: the same input bytes and meta give the same output bytes."""
        if self._canvas is None:
            raise ValueError("nothing was drawn through this Tagger")
        if len(self._stack) != 1:
            raise ValueError(f"unclosed structure element(s): {[e.role for e in self._stack[1:]]}")
        out, self.warnings = finish_document(
            pdf,
            meta if meta.lang else replace(meta, lang=self.lang),
            self._root,
            self._mcids,
            list(self._elems.values()),
            repair=self.repair,
        )
        self.problems = check_held(out, self._root)
        return out


class _ListItem(Flowable):
    """See `Tagger.list_item`. One flowable per item: a large paper has thousands of items,
    and an item made of four flowables kept together cost the frame four placements and a
    measuring pass each."""

    tags_itself = True

    def __init__(self, tagger: Tagger, label: _Marked | None, body: _Marked, spec: _Spec) -> None:
        super().__init__()
        self.tagger, self.label, self.body, self.spec = tagger, label, body, spec
        self.width = self.height = 0

    def _lead(self) -> float:
        if self.label is None:
            return 0.0
        return max(self.label.getSpaceAfter(), self.body.getSpaceBefore())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lead = self._lead()
        self.width, height = self.body.wrapOn(self.canv, availWidth, availHeight - lead)
        self.height = height + lead
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self.body.splitOn(self.canv, availWidth, availHeight - self._lead())
        return [
            _ListItem(self.tagger, self.label if n == 0 else None, part, self.spec)
            for n, part in enumerate(parts)
        ]

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return (self.label or self.body).getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.body.getSpaceAfter()

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        tagger = self.tagger
        tagger._sync(canvas)
        grouped = not tagger._artifacts
        if grouped:
            item = tagger._element(self.spec, self.spec)
            ax, ay = canvas.absolutePosition(x, y)
            item.boxes.append((canvas.getPageNumber(), ax, ay, ax + self.width, ay + self.height))
            tagger._stack.append(item)
        try:
            if self.label is not None:
                self.label.wrapOn(canvas, self.width, self.height)
                self.label.drawOn(canvas, x, y + self.height)
            self.body.drawOn(canvas, x, y, _sW)
        finally:
            if grouped:
                tagger._stack.pop()


class Grid:
    """Tags a table drawn cell by cell: Table > TR > TH/TD in drawing order, TH with Scope,
    ColSpan and RowSpan as given; backgrounds and rules drawn in `artifact()`. Inside an
    artifact (e.g. a repeated header) nothing is tagged."""

    def __init__(self, tagger: Tagger, canvas: Canvas, width: float, height: float) -> None:
        tagger._sync(canvas)
        self._tagger, self._canvas = tagger, canvas
        self._live = not tagger._artifacts
        self._row: _Elem | None = None
        self._group: _Elem | None = None
        if self._live:
            self._table = tagger._element(object(), _Spec("Table"))
            self._table.boxes.append(self._box(0, 0, width, height))

    def _box(
        self, x: float, y: float, w: float, h: float
    ) -> tuple[int, float, float, float, float]:
        ax, ay = self._canvas.absolutePosition(x, y)
        return self._canvas.getPageNumber(), ax, ay, ax + w, ay + h

    def group(self, role: str) -> None:
        """Rows from here on go in a new THead, TBody or TFoot of the table: the header rows
        together, and each section's rows with the section's own header row, so a reader
        knows which rows a section row heads."""
        if role not in ("THead", "TBody", "TFoot"):
            raise ValueError(f"{role!r} is not a table row group")
        if self._live:
            self._group = _Elem(role)
            self._table.kids.append(self._group)

    def row(self) -> None:
        if self._live:
            self._row = _Elem("TR")
            (self._group or self._table).kids.append(self._row)

    @contextmanager
    def cell(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        scope: str | None = None,
        colspan: int = 1,
        rowspan: int = 1,
        group: bool = False,
    ) -> Iterator[None]:
        """The cell at (x, y, w, h), a TH when it has a `scope` ("Column" or "Row"). With
        `group`, what is drawn inside tags itself (a marked Figure) under the cell."""
        if not self._live:
            yield
            return
        attrs: dict[str, object] = {"Scope": scope} if scope else {}
        if colspan > 1:
            attrs["ColSpan"] = colspan
        if rowspan > 1:
            attrs["RowSpan"] = rowspan
        elem = _Elem("TH" if scope else "TD", None, attrs or _NONE)
        elem.boxes.append(self._box(x, y, w, h))
        if self._row is None:
            raise ValueError("Grid.cell() before Grid.row()")
        self._row.kids.append(elem)
        tagger = self._tagger
        if group:
            tagger._stack.append(elem)
            try:
                yield
            finally:
                tagger._stack.pop()
            return
        tagger._begin(self._canvas, elem)
        try:
            yield
        finally:
            tagger._end(self._canvas)

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Backgrounds and rules: drawn, not read."""
        self._tagger._artifact_begin(self._canvas)
        try:
            yield
        finally:
            self._tagger._artifact_end(self._canvas)


class _Marked(Flowable):
    """A flowable drawn inside marked content; split parts share one structure element.

    Everything but size, splitting and drawing is looked up on the wrapped flowable, so frame
    and doctemplate hints (keepWithNext, hAlign, ...) keep working."""

    tags_itself = True

    def __init__(
        self, tagger: Tagger, flowable: Flowable, spec: _Spec, continues: bool = False
    ) -> None:
        self.tagger, self.flowable, self.spec = tagger, flowable, spec
        self.continues = continues  # a split part with more of the element to come
        self.width = self.height = 0
        self._fixedWidth = getattr(flowable, "_fixedWidth", 0)
        self._fixedHeight = getattr(flowable, "_fixedHeight", 0)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("flowable", "tagger", "spec", "continues"):
            raise AttributeError(name)
        return getattr(self.flowable, name)

    def _lend(self) -> None:
        """Frames set canv/_frame on what they add; some flowables need them while splitting."""
        for name in ("canv", "_frame"):
            if name in self.__dict__:
                setattr(self.flowable, name, self.__dict__[name])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lend()
        self.width, self.height = self.flowable.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._lend()
        parts = self.flowable.split(availWidth, availHeight)
        return [
            _Marked(self.tagger, part, self.spec, self.continues or n < len(parts) - 1)
            for n, part in enumerate(parts)
        ]

    def minWidth(self) -> float:
        return self.flowable.minWidth()

    def getSpaceBefore(self) -> float:
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.flowable.getSpaceAfter()

    def isIndexing(self) -> int:
        return self.flowable.isIndexing()

    def identity(self, maxLen: int | None = None) -> str:
        return f"<{self.spec.role}> " + self.flowable.identity(maxLen)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tagger = self.tagger
        tagger._sync(canvas)
        if tagger._artifacts:  # e.g. a marked cell in a header row repeated on a later page
            self.flowable.drawOn(canvas, x, y, _sW)
            return
        elem = tagger._element(self.spec, self.spec)
        ax, ay = canvas.absolutePosition(self.flowable._hAlignAdjust(x, _sW), y)
        elem.boxes.append((canvas.getPageNumber(), ax, ay, ax + self.width, ay + self.height))
        if _contains_marked(self.flowable):  # a group: its marked parts tag themselves
            tagger._stack.append(elem)
            try:
                self.flowable.drawOn(canvas, x, y, _sW)
            finally:
                tagger._stack.pop()
            return
        tagger._begin(canvas, elem)
        tagger._space_last_line = self.continues
        try:
            self.flowable.drawOn(canvas, x, y, _sW)
        finally:
            tagger._space_last_line = False
        tagger._end(canvas)


class _Open(Flowable):
    """Zero-size: when drawn, opens a grouping element where the story has got to."""

    _ZEROSIZE = True

    def __init__(self, tagger: Tagger, spec: _Spec) -> None:
        super().__init__()
        self.tagger, self.spec = tagger, spec

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.tagger._sync(canvas)
        stack = self.tagger._stack
        if self.spec.role == "Document" and len(stack) == 1:
            stack.append(stack[0])  # the root already is the Document
        else:
            stack.append(self.tagger._element(self.spec, self.spec))


class _Close(_Open):
    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.tagger._sync(canvas)
        if len(self.tagger._stack) == 1:
            raise ValueError("close() without a matching open()")
        self.tagger._stack.pop()
