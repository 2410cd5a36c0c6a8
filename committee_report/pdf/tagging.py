"""Tagged PDF (PDF/UA-1 and PDF/A-2a at once) for ReportLab documents.

Open-source ReportLab writes no tags, so this module adds them in two halves. While ReportLab
draws, the flowables returned by `Tagger` wrap their drawing in marked content (`BDC ... EMC`
with an MCID) and record which structure element owns each piece; `Tagger.finish` then writes
that record as the structure tree (PDF text appended as an incremental update) and adds the
metadata and output intent with pikepdf, which saves one clean file. The layout says
*what* a thing is (`mark(p, "H1")`); this module says how that is written in the file.

Reading order is draw order. Content drawn outside any `mark` is made an Artifact by `finish`,
so nothing is ever left untagged; text or images that end up there are reported in
`Tagger.warnings`. ReportLab writes no space where a line wraps, so text read in structure
order would join "the" and "year" across the break; every paragraph line but the last is given
a real trailing space (ISO 32000-1 14.8.2.5 asks for explicit spaces between words).

What the layout must do for the validators: no base-14 font anywhere (`initialFontName` on
the doc template, `FONTNAME` in table styles, `Drawing(initialFontName=...)`), `invariant=1`,
and `Tagger.unwrap` in `afterFlowable` hooks that test the flowable's class.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import zlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Union
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Image, Table

STANDARD_ROLES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 "
    "H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry "
    "Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
_ATTRIBUTE_OWNERS = {
    "ListNumbering": "List", "Scope": "Table", "ColSpan": "Table", "RowSpan": "Table",
    "Summary": "Table", "BBox": "Layout", "Placement": "Layout",
}
_TEXT_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_PATH_BUILD = frozenset({"m", "l", "c", "v", "y", "h", "re"})
_PATH_PAINT = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})


@dataclass(frozen=True)
class DocumentMeta:
    """What the metadata says; Info and XMP are written from this one record so they agree."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en-GB"
    creator: str = "committee-report"
    date: dt.date | None = None
    """Creation and modification date; None writes no dates at all (byte-identical builds)."""


_NONE: Mapping = MappingProxyType({})


@dataclass(eq=False, slots=True)
class _Elem:
    """A structure element as recorded during drawing (mutable while the pass runs). Slotted,
    attributes shared when empty: a large paper records a hundred thousand of these."""

    role: str
    alt: str | None = None
    attrs: Mapping[str, object] = field(default_factory=lambda: _NONE)
    extra: Mapping[str, str] = field(default_factory=lambda: _NONE)
    kids: list[Union[_Elem, tuple[int, int], _Annot]] = field(default_factory=list)
    boxes: list[tuple[int, float, float, float, float]] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class _Annot:
    """A link annotation found by the post-pass, to be referenced from a Link element."""

    page: int
    objgen: tuple[int, int]


class _Spec:
    """Identity shared by the parts of one split flowable or table: they make one element."""

    def __init__(self, role: str, alt: str | None = None, attrs: dict | None = None,
                 extra: dict[str, str] | None = None) -> None:
        self.role, self.alt, self.attrs, self.extra = role, alt, attrs or {}, extra or {}


def _check_role(role: str, alt: object = None) -> None:
    if role not in STANDARD_ROLES:
        raise ValueError(f"{role!r} is not a standard PDF structure type")
    if role == "Figure" and not str(alt or "").strip():
        raise ValueError("a Figure needs alt text; draw decorative images as artifacts")


def _split_attrs(attrs: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Layout attributes (ListNumbering, Scope...) vs. element keys (title, lang, actual_text)."""
    keys = {"title": "T", "lang": "Lang", "actual_text": "ActualText"}
    layout = {k: v for k, v in attrs.items() if k not in keys and k != "alt"}
    unknown = sorted(set(layout) - set(_ATTRIBUTE_OWNERS))
    if unknown:
        raise ValueError(f"unknown structure attribute(s): {', '.join(unknown)}")
    return layout, {keys[k]: str(v) for k, v in attrs.items() if k in keys}


def _contains_marked(value: object) -> bool:
    if isinstance(value, (_Marked, _TaggedTable, _ListItem)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_marked(v) for v in value)
    return isinstance(value, Flowable) and _contains_marked(getattr(value, "_content", ()))


def _is_picture(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_is_picture(v) for v in value)
    return isinstance(value, (Drawing, Image)) or getattr(type(value), "decorative", False) is True


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
        return _Open(self, _Spec(role, str(attrs["alt"]) if attrs.get("alt") else None,
                                 layout, extra))

    def close(self) -> Flowable:
        """A zero-size flowable that closes the element opened last."""
        return _Close(self, _Spec("Div"))

    def mark(self, flowable: Flowable, role: str, *, alt: str | None = None) -> Flowable:
        """`flowable` as one structure element of `role` (H1, H2, P, Lbl, LBody, Caption,
        Figure with `alt`, ...), its drawing wrapped in marked content. Split parts stay one
        element. A flowable holding marked flowables (e.g. KeepTogether) becomes a group."""
        _check_role(role, alt)
        return _Marked(self, flowable, _Spec(role, alt))

    def table(self, table: Table, *, header_rows: int = 1, header_columns: int = 0) -> Table:
        """The same Table, now tagged Table > TR > TH/TD: header rows give TH /Scope /Column,
        header columns TH /Scope /Row, spans ColSpan/RowSpan. Backgrounds, grid lines and
        header rows repeated on continuation pages are artifacts; so are cells holding only a
        Drawing or Image (pass `mark(d, "Figure", alt=...)` as the cell to have it read)."""
        if not isinstance(table, Table):  # ReportLab turns an empty table into something else
            return table
        table.__class__ = _tagged_class(type(table))
        table._tag = (self, _Spec("Table"), header_rows, header_columns, table._renderCB)
        table._tag_rows = [(i, False) for i in range(table._nrows)]
        table._renderCB = _table_event
        return table

    def list_item(self, label: Flowable, body: Flowable) -> Flowable:
        """One list item as one flowable, tagged LI > (Lbl, LBody), the label never parted
        from the body. Spaced as a frame spaces the two set one after the other: `label`
        (usually zero-height) at the top, the body below it by the larger of the label's
        space after and the body's space before. Splits as the body does; later parts continue
        the same LI and LBody."""
        return _ListItem(self, self.mark(label, "Lbl"), self.mark(body, "LBody"), _Spec("LI"))

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
    def marked(self, canvas: Canvas, role: str, *, alt: str | None = None) -> Iterator[None]:
        """What is drawn straight on the canvas inside this block (e.g. a cover panel drawn in
        an onPage callback) is one element of `role`, placed in reading order where drawn."""
        _check_role(role, alt)
        self._sync(canvas)
        if self._artifacts:
            yield
            return
        elem = self._element(object(), _Spec(role, alt))
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

            def begin_text(x: float = 0, y: float = 0, direction: object = None) -> _WordBreakText:
                text = _WordBreakText(canvas, x, y, direction=direction)
                text._tagger = self
                return text

            # This canvas only, not ReportLab's class: paragraphs draw through beginText.
            canvas.beginText = begin_text  # type: ignore[method-assign]

    def _element(self, key: object, spec: _Spec, parent: _Elem | None = None) -> _Elem:
        """The element for `key` in this pass, created under `parent` (or the open one)."""
        elem = self._elems.get(key)
        if elem is None:
            elem = _Elem(spec.role, spec.alt, dict(spec.attrs) if spec.attrs else _NONE,
                         dict(spec.extra) if spec.extra else _NONE)
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
        """Post-pass: structure tree, MarkInfo, Lang, DisplayDocTitle, XMP, output intent.

        Deterministic: the same input bytes and meta give the same output bytes."""
        if self._canvas is None:
            raise ValueError("nothing was drawn through this Tagger")
        if len(self._stack) != 1:
            raise ValueError(f"unclosed structure element(s): {[e.role for e in self._stack[1:]]}")
        with pikepdf.open(io.BytesIO(pdf)) as drawn:
            links = _find_links(drawn, self._root, list(self._elems.values()))
            tree = _tree_update(pdf, drawn, self._root, self._mcids, links)
        doc = pikepdf.open(io.BytesIO(pdf + tree.update))
        self.warnings = []
        for number, page in enumerate(doc.pages, start=1):
            if self.repair:
                self.warnings += _artifact_untagged(doc, page, number)
            page.obj.Tabs = Name.S
            if number in self._mcids:
                page.obj.StructParents = number - 1
            if _has_transparency(page):
                page.obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
        for objgen, key in tree.annots.items():
            _mark_link(doc.get_object(objgen), key)
        doc.Root.StructTreeRoot = doc.get_object((tree.root, 0))
        _clean_to_unicode(_objects(doc, range(1, tree.first)))
        _nest_long_outlines(doc)
        _write_catalog(doc, meta if meta.lang else replace(meta, lang=self.lang))
        _encode_streams(_objects(doc, range(1, tree.first), after=tree.end))
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=False)
        return out.getvalue()


class _ListItem(Flowable):
    """See `Tagger.list_item`. One flowable per item: a large paper has thousands of items,
    and an item made of four flowables kept together cost the frame four placements and a
    measuring pass each."""

    def __init__(self, tagger: Tagger, label: _Marked | None, body: _Marked,
                 spec: _Spec) -> None:
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
        return [_ListItem(self.tagger, self.label if n == 0 else None, part, self.spec)
                for n, part in enumerate(parts)]

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
        if self._live:
            self._table = tagger._element(object(), _Spec("Table"))
            self._table.boxes.append(self._box(0, 0, width, height))

    def _box(self, x: float, y: float, w: float, h: float) -> tuple[int, float, float, float,
                                                                      float]:
        ax, ay = self._canvas.absolutePosition(x, y)
        return self._canvas.getPageNumber(), ax, ay, ax + w, ay + h

    def row(self) -> None:
        if self._live:
            self._row = _Elem("TR")
            self._table.kids.append(self._row)

    @contextmanager
    def cell(self, x: float, y: float, w: float, h: float, *, scope: str | None = None,
             colspan: int = 1, rowspan: int = 1, group: bool = False) -> Iterator[None]:
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

    def __init__(self, tagger: Tagger, flowable: Flowable, spec: _Spec,
                 continues: bool = False) -> None:
        self.tagger, self.flowable, self.spec = tagger, flowable, spec
        self.continues = continues  # a split part with more of the element to come
        self.width = self.height = 0
        self._fixedWidth = getattr(flowable, "_fixedWidth", 0)
        self._fixedHeight = getattr(flowable, "_fixedHeight", 0)

    def __getattr__(self, name: str) -> object:
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
        return [_Marked(self.tagger, part, self.spec, self.continues or n < len(parts) - 1)
                for n, part in enumerate(parts)]

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


class _WordBreakText(PDFTextObject):
    """A text object that ends each wrapped line but the last with a real space.

    ReportLab's paragraphs end every line with `_textOut(text, TStar=1)` and drop the space
    they wrapped at, so text read in structure order joins the words either side of a wrap.
    The space is encoded when the line ends (in that line's font and subset) but written only
    once another line follows in the same text object, or at the end when the paragraph goes
    on in a later split part. It is set at 1% horizontal scaling (1 Tz) after the line's last
    glyph, so it is all but zero wide: nothing on the page moves and no glyph box passes the
    margin, justified lines included (Tw is scaled too). It is plain marked text in an
    embedded font, so PDF/UA and PDF/A see nothing new."""

    _tagger: Tagger
    _pending: tuple[int, str] | None = None

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803 - ReportLab's name
        super()._textOut(text, TStar)
        if TStar and not getattr(self, "preformatted", False):
            # At 1% horizontal scaling the space is a few hundredths of a point wide: nothing
            # reaches past the margin. (0% would do too, but makes extractors such as pdfminer
            # take the text for rotated and read it out of line.)
            key = (self._fontname, self._fontsize, self._leading, self._curSubset)
            known = self._tagger._spaces.get(key)  # one text per font state: lines are many
            if known is None:
                space = PDFTextObject._formatText(self, " ")
                known = self._tagger._spaces[key] = (space, self._curSubset)
            else:
                self._curSubset = known[1]  # as formatting it would have left it
            self._pending = (len(self._code) - 1,
                             f"1 Tz {known[0]} {fp_str(self._scale())} Tz")

    def _scale(self) -> float:
        """The Tz in force: the canvas's, or one set on this object (which ReportLab writes
        as given but records plus 100)."""
        if "_horizScale" in self.__dict__:
            return self._horizScale - 100
        return getattr(self._canvas, "_horizScale", 100)

    def _formatText(self, text: str) -> str:
        self._write_break()
        return super()._formatText(text)

    def getCode(self) -> str:  # noqa: N802 - ReportLab's name
        if self._tagger._space_last_line:
            self._write_break()
        self._pending = None
        return super().getCode()

    def _write_break(self) -> None:
        if self._pending is not None:
            index, space = self._pending
            self._pending = None
            line = self._code[index]  # "<text operators> T*"
            self._code[index] = f"{line[:-3]} {space} T*"


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


class _TaggedTable(Table):
    """A Table whose parts remember which original row each of their rows is.

    Mixed in front of the table's own class, so a LongTable or a layout's subclass keeps its
    behaviour; ReportLab builds split parts with `self.__class__`, so they stay tagged."""

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
            rows = rows[:n] + rows[n - 1:]
        first._tag = rest._tag = self._tag
        first._tag_rows = rows[:len(first._cellvalues)]
        tail = len(rest._cellvalues) - len(repeated)
        rest._tag_rows = [(rows[i][0], True) for i in repeated] + rows[len(rows) - tail:]
        return parts


_TAGGED_CLASSES: dict[type, type] = {}


def _tagged_class(cls: type) -> type:
    if issubclass(cls, _TaggedTable):
        return cls
    if cls not in _TAGGED_CLASSES:
        _TAGGED_CLASSES[cls] = type(f"Tagged{cls.__name__}", (_TaggedTable, cls), {})
    return _TAGGED_CLASSES[cls]


def _table_event(table: _TaggedTable, event: str, *args: object) -> None:
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
            table._tag_cell = _start_cell(tagger, table, spec, original, (row, col), value,
                                          (pos, size), header_rows, header_columns)
    elif event == "endCell":
        if table._tag_cell == "group":
            tagger._stack.pop()
        elif table._tag_cell == "content":
            tagger._end(canvas)
        else:
            tagger._artifact_end(canvas)
    if chained:
        chained(table, event, *args)


def _start_cell(tagger: Tagger, table: _TaggedTable, spec: _Spec, original: int,
                where: tuple[int, int], value: object, rect: tuple, header_rows: int,
                header_columns: int) -> str:
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
    cell = tagger._element((spec, original, col), _Spec("TH" if "Scope" in attrs else "TD",
                                                         None, attrs), tr)
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


def untagged_content(path: str) -> list[str]:
    """Every piece of content (text, image or path) drawn outside marked content, by page."""
    found: list[str] = []
    with pikepdf.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            found += _artifact_untagged(doc, page, number, write=False, quiet_paths=False)
    return found


def _artifact_untagged(doc: pikepdf.Pdf, page: pikepdf.Page, number: int, write: bool = True,
                       quiet_paths: bool = True) -> list[str]:
    """Wrap every piece of content drawn outside marked content in /Artifact BMC ... EMC.

    Paths (rules, backgrounds ReportLab draws on its own) go quietly unless `quiet_paths` is
    off; text and images are reported, since they are usually something the layout forgot to
    mark. With `write` off the page is only inspected."""
    out: list = []
    unit: list = []
    found: list[str] = []
    depth = q = 0
    art_q: int | None = None
    changed = False

    def close() -> None:
        nonlocal art_q
        if art_q is not None:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            art_q = None

    def emit(items: list, kind: str | None) -> None:
        nonlocal art_q, changed
        if kind and art_q is None:
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
            art_q, changed = q, True
        if kind in ("text", "image") or (kind == "path" and not quiet_paths):
            found.append(f"page {number}: untagged {kind}" + (" made an Artifact" if write
                                                              else ""))
        out.extend(items)

    for item in pikepdf.parse_content_stream(page):
        inline = isinstance(item, pikepdf.ContentStreamInlineImage)
        op = "INLINE" if inline else str(item.operator)
        if unit:  # inside a text object or a path, at depth 0
            unit.append(item)
            if op == "ET":
                emit(unit, "text" if any(str(i.operator) in _TEXT_SHOW for i in unit) else None)
                unit = []
            elif op in _PATH_PAINT and str(unit[0].operator) != "BT":
                emit(unit, "path" if op != "n" else None)
                unit = []
            continue
        if op in ("BDC", "BMC"):
            close()
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif depth == 0 and (op == "BT" or op in _PATH_BUILD):
            unit = [item]
            continue
        elif depth == 0 and op in ("Do", "sh", "INLINE"):
            emit([item], "image" if op != "sh" else "path")
            continue
        elif op == "q":
            q += 1
        elif op == "Q":
            if art_q == q:
                close()
            q -= 1
        out.append(item)
    out.extend(unit)
    close()
    if changed and write:
        page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(out))
    return found


def _find_links(doc: pikepdf.Pdf, root: _Elem, elems: list[_Elem]) -> dict[int, list[_Elem]]:
    """A Link element for each link annotation, to go inside the smallest element drawn
    around it (PDF/UA-1 7.18.5); by id(owner). Nothing in `doc` is changed."""
    found: dict[int, list[tuple[tuple[int, int], float, float]]] = {}
    for number, page in enumerate(doc.pages, start=1):
        for annot in page.obj.get("/Annots", Array()):
            if annot.get("/Subtype") == Name.Link:
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                found.setdefault(number, []).append((annot.objgen, (x0 + x1) / 2,
                                                     (y0 + y1) / 2))
    if not found:
        return {}
    boxes: dict[int, list[tuple[float, int, _Elem, tuple[float, ...]]]] = {}
    for n, elem in enumerate(elems):  # one pass over the elements, however many links
        for pg, *box in elem.boxes:
            if pg in found:
                area = (box[2] - box[0]) * (box[3] - box[1])
                boxes.setdefault(pg, []).append((area, -n, elem, tuple(box)))
    links: dict[int, list[_Elem]] = {}
    for number, annots in found.items():
        for objgen, cx, cy in annots:
            around = [(area, rank, elem) for area, rank, elem, (bx0, by0, bx1, by1)
                      in boxes.get(number, []) if bx0 <= cx <= bx1 and by0 <= cy <= by1]
            owner = min(around, key=lambda c: c[:2])[2] if around else root
            links.setdefault(id(owner), []).append(_Elem("Link", kids=[_Annot(number, objgen)]))
    return links


def _mark_link(annot: pikepdf.Object, key: int) -> None:
    """A link annotation printable, described (/Contents) and tied to its Link element
    (PDF/UA-1 7.18.5, PDF/A-2 6.3.2)."""
    annot.F = int(annot.get("/F", 0)) | 4
    if not str(annot.get("/Contents", "")).strip():
        uri = str(annot.get("/A", Dictionary()).get("/URI", ""))
        annot.Contents = String(f"Link to {uri}" if uri else
                                "Link to another part of this document")
    annot.StructParent = key


def _objects(doc: pikepdf.Pdf, numbers: range, after: int | None = None
             ) -> Iterator[pikepdf.Object]:
    """The objects numbered in `numbers`, then (with `after`) every object numbered from
    `after` on: all but the structure tree's, which hold no fonts or streams and are never
    loaded one by one (a large paper has tens of thousands)."""
    for number in numbers:
        obj = doc.get_object((number, 0))
        if obj is not None:
            yield obj
    number = after
    while number is not None:
        obj = doc.get_object((number, 0))
        if obj is None:
            return
        yield obj
        number += 1


_OUTLINE_RUN = 100
"""Most outline entries one level may hold; see `_nest_long_outlines`."""


def _nest_long_outlines(doc: pikepdf.Pdf) -> None:
    """Gather runs of more than `_OUTLINE_RUN` sibling bookmarks under closed group entries.

    Outline siblings are a linked list (/Next), and validators walk it as a chain of
    references: page-validation stops at 256 links with a SafetyLimitError, so a paper with a
    few hundred featured indicators could not be validated at all. Groups of 100, titled by
    their first and last entry and pointing where their first entry points, keep every chain
    short and a long bookmark list easier to move through. Shorter outlines are left alone."""
    outlines = doc.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return
    changed = False
    stack = [outlines]
    while stack:
        parent = stack.pop()
        kids = _outline_kids(parent)
        stack += [k for k in kids if "/First" in k]
        if len(kids) <= _OUTLINE_RUN:
            continue
        changed = True
        while len(kids) > _OUTLINE_RUN:
            groups = []
            for start in range(0, len(kids), _OUTLINE_RUN):
                run = kids[start:start + _OUTLINE_RUN]
                group = doc.make_indirect(Dictionary(
                    Title=String(f"{_outline_head(run[0])} to {_outline_head(run[-1])}"),
                    Count=-1))
                for key in ("/Dest", "/A"):
                    if key in run[0]:
                        group[key] = run[0][key]
                _link_outline(group, run)
                groups.append(group)
            kids = groups
        _link_outline(parent, kids)
    if changed:
        _count_outline(outlines)


def _outline_kids(item: pikepdf.Object) -> list[pikepdf.Object]:
    kids, kid = [], item.get("/First")
    while kid is not None:
        kids.append(kid)
        kid = kid.get("/Next")
    return kids


def _outline_head(item: pikepdf.Object) -> str:
    """An entry's short name: "EH 7" from "EH 7: Early help cases closed"."""
    title = str(item.get("/Title", ""))
    return title.split(": ", 1)[0] if ": " in title else title[:40]


def _link_outline(parent: pikepdf.Object, kids: list[pikepdf.Object]) -> None:
    parent.First, parent.Last = kids[0], kids[-1]
    for n, kid in enumerate(kids):
        kid.Parent = parent
        for key, other in (("/Prev", n - 1), ("/Next", n + 1)):
            if 0 <= other < len(kids):
                kid[key] = kids[other]
            elif key in kid:
                del kid[key]


def _count_outline(item: pikepdf.Object) -> int:
    """Set /Count through the tree (negative: closed); returns the entries shown when open."""
    shown = 0
    for kid in _outline_kids(item):
        below = _count_outline(kid)
        shown += 1 + (below if int(kid.get("/Count", 0)) > 0 else 0)
    if "/First" in item:
        closed = item.get("/Type") != Name.Outlines and int(item.get("/Count", 0)) < 0
        item.Count = -shown if closed else shown
    return shown


def _clean_to_unicode(objects: Iterable[pikepdf.Object]) -> None:
    """Drop the U+0000 entries ReportLab writes for the unused codes 0-31 of a TTF subset:
    PDF/A-2 and PDF/UA-1 reject U+0000 as a Unicode value, and no text uses those codes."""
    for obj in objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is None:
            continue
        text = cmap.read_bytes().decode("latin-1")
        match = re.search(r"\d+ beginbfchar\n(.*?)\nendbfchar", text, re.S)
        if not match or "beginbfrange" in text:
            continue
        pairs = re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", match.group(1))
        kept = [(code, uni) for code, uni in pairs if int(uni, 16) not in (0, 0xFEFF, 0xFFFE)]
        if len(kept) == len(pairs):
            continue
        blocks = [kept[i:i + 100] for i in range(0, len(kept), 100)]  # CMap limit per block
        body = "\n".join(f"{len(b)} beginbfchar\n" + "\n".join(f"<{c}> <{u}>" for c, u in b)
                         + "\nendbfchar" for b in blocks)
        cmap.write((text[:match.start()] + body + text[match.end():]).encode("latin-1"))


def _has_transparency(page: pikepdf.Page) -> bool:
    resources = page.obj.get("/Resources", Dictionary())
    for xobject in resources.get("/XObject", Dictionary()).values():
        if "/SMask" in xobject or "/Group" in xobject:
            return True
    for state in resources.get("/ExtGState", Dictionary()).values():
        if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
            return True
    return False


@dataclass(frozen=True)
class _TreeUpdate:
    update: bytes
    """An incremental update to the drawn file holding the structure tree's objects."""
    root: int
    """The StructTreeRoot's object number."""
    first: int
    end: int
    """The tree's objects are numbered from `first` up to (not including) `end`."""
    annots: dict[tuple[int, int], int]
    """Each link annotation's StructParent key."""


def _tree_update(pdf: bytes, doc: pikepdf.Pdf, root: _Elem, mcids: dict[int, list[_Elem]],
                 links: dict[int, list[_Elem]]) -> _TreeUpdate:
    """The StructTreeRoot, its elements and ParentTree, as PDF text appended to the drawn file.

    A paper has tens of thousands of elements; written as text in one pass and parsed by qpdf
    they cost a tenth of building each through pikepdf, call by call. Elements are numbered in
    reading order; an element's marked content on its own page (/Pg) is a bare MCID."""
    pages = [f"{page.obj.objgen[0]} {page.obj.objgen[1]} R" for page in doc.pages]
    first = int(doc.trailer.Size)
    numbers: dict[int, int] = {}
    order: list[tuple[_Elem, int]] = []  # (element, parent's number), parents first
    stack = [(root, first)]
    while stack:
        elem, parent = stack.pop()
        number = numbers[id(elem)] = first + 2 + len(order)
        order.append((elem, parent))
        kids = elem.kids + links[id(elem)] if id(elem) in links else elem.kids
        stack += [(kid, number) for kid in reversed(kids) if isinstance(kid, _Elem)]
    end = first + 2 + len(order)
    annots: dict[tuple[int, int], int] = {}
    annot_elems: list[int] = []
    body: list[str] = [
        f"{first} 0 obj\n<< /Type /StructTreeRoot /K {first + 2} 0 R /ParentTree {first + 1} 0 R"
        f" /ParentTreeNextKey {{next_key}} >>\nendobj\n",
        "",  # the ParentTree, once the links' keys are known
    ]
    for elem, parent in order:
        number = numbers[id(elem)]
        kids = elem.kids + links[id(elem)] if id(elem) in links else elem.kids
        if (len(kids) == 1 and type(kids[0]) is tuple and not elem.alt and not elem.extra
                and not elem.attrs and elem.role != "Figure"):  # most: one cell, one MCID
            page, mcid = kids[0]
            body.append(f"{number} 0 obj\n<< /Type /StructElem /S /{elem.role} /P {parent} 0 R"
                        f" /Pg {pages[page - 1]} /K {mcid} >>\nendobj\n")
            continue
        home = next((kid[0] for kid in kids if isinstance(kid, tuple)), None)
        home = home or next((kid.page for kid in kids if isinstance(kid, _Annot)), None)
        entry = [f"{number} 0 obj\n<< /Type /StructElem /S /{elem.role} /P {parent} 0 R"]
        if home:
            entry.append(f" /Pg {pages[home - 1]}")
        if elem.alt:
            entry.append(f" /Alt {_pdf_text(elem.alt)}")
        for key, value in elem.extra.items():
            entry.append(f" /{key} {_pdf_text(value)}")
        if elem.attrs or elem.role == "Figure":
            attributes = _attributes_text(elem)
            if attributes:
                entry.append(f" /A {attributes}")
        refs: list[str] = []
        for kid in kids:
            if isinstance(kid, _Elem):
                refs.append(f"{numbers[id(kid)]} 0 R")
            elif isinstance(kid, _Annot):
                annots[kid.objgen] = len(pages) + len(annot_elems)
                annot_elems.append(number)
                refs.append(f"<< /Type /OBJR /Obj {kid.objgen[0]} {kid.objgen[1]} R"
                            f" /Pg {pages[kid.page - 1]} >>")
            elif kid[0] == home:
                refs.append(str(kid[1]))
            else:
                refs.append(f"<< /Type /MCR /Pg {pages[kid[0] - 1]} /MCID {kid[1]} >>")
        if len(refs) == 1:
            entry.append(f" /K {refs[0]}")
        elif refs:
            entry.append(f" /K [{' '.join(refs)}]")
        entry.append(" >>\nendobj\n")
        body.append("".join(entry))
    nums: list[str] = []
    for page in sorted(mcids):
        nums.append(f"{page - 1} [{' '.join(f'{numbers[id(e)]} 0 R' for e in mcids[page])}]")
    nums += [f"{len(pages) + key} {number} 0 R" for key, number in enumerate(annot_elems)]
    body[0] = body[0].replace("{next_key}", str(len(pages) + len(annot_elems)))
    body[1] = f"{first + 1} 0 obj\n<< /Nums [{' '.join(nums)}] >>\nendobj\n"
    return _TreeUpdate(_increment(pdf, doc, first, body), first, first, end, annots)


def _increment(pdf: bytes, doc: pikepdf.Pdf, first: int, objects: list[str]) -> bytes:
    """Objects numbered from `first`, as an incremental update (ISO 32000-1 7.5.6) to `pdf`."""
    out = bytearray(b"" if pdf.endswith(b"\n") else b"\n")
    offsets = []
    for text in objects:
        offsets.append(len(pdf) + len(out))
        out += text.encode("latin-1")  # ASCII: strings are escaped or in hex
    xref = len(pdf) + len(out)
    previous = int(pdf[pdf.rindex(b"startxref") + 9:].split()[0])
    trailer = [f"/Size {first + len(objects)}", "/Root {} {} R".format(*doc.Root.objgen),
               f"/Prev {previous}"]
    if "/Info" in doc.trailer:
        trailer.append("/Info {} {} R".format(*doc.trailer.Info.objgen))
    out += (f"xref\n{first} {len(objects)}\n".encode("ascii")
            + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
            + f"trailer\n<< {' '.join(trailer)} >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii"))
    return bytes(out)


def _pdf_text(value: str) -> str:
    """A PDF text string: printable ASCII as a literal, anything else UTF-16BE in hex."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"
    return f"<FEFF{value.encode('utf-16-be').hex().upper()}>"


def _attributes_text(elem: _Elem) -> str:
    """The element's attribute dictionaries, one per owner (Table, Layout, List)."""
    attrs = dict(elem.attrs)
    if elem.role == "Figure" and elem.boxes:
        _, x0, y0, x1, y1 = elem.boxes[0]
        attrs["BBox"] = [round(v, 2) for v in (x0, y0, x1, y1)]
        attrs.setdefault("Placement", "Block")
    owners: dict[str, list[str]] = {}
    for key, value in attrs.items():
        entries = owners.setdefault(_ATTRIBUTE_OWNERS[key], [])
        if isinstance(value, str):
            entries.append(f"/{key} /{value}")
        elif isinstance(value, list):
            entries.append(f"/{key} [{' '.join(_pdf_number(v) for v in value)}]")
        else:
            entries.append(f"/{key} {_pdf_number(value)}")
    dicts = [f"<< /O /{owner} {' '.join(entries)} >>" for owner, entries in owners.items()]
    if len(dicts) > 1:
        return f"[{' '.join(dicts)}]"
    return dicts[0] if dicts else ""


def _pdf_number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number for a structure attribute: {value!r}")
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def srgb_profile() -> bytes:
    """Pillow's built-in sRGB ICC profile with its creation date fixed, so builds repeat."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01T00:00:00
    data[84:100] = bytes(16)
    scratch = bytearray(data)
    scratch[44:48] = scratch[64:68] = bytes(4)
    data[84:100] = hashlib.md5(scratch).digest()  # ICC profile ID over the zeroed fields
    return bytes(data)


def _pdf_date(date: dt.date) -> str:
    return f"D:{date:%Y%m%d}000000Z"


def _write_catalog(doc: pikepdf.Pdf, meta: DocumentMeta) -> None:
    """Catalog flags, Info and XMP written from one DocumentMeta, and the sRGB output intent."""
    root = doc.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(meta.lang)
    root.ViewerPreferences = root.get("/ViewerPreferences", Dictionary())
    root.ViewerPreferences.DisplayDocTitle = True
    if "/AcroForm" in root and not len(root.AcroForm.get("/Fields", Array())):
        del root.AcroForm
    producer = "ReportLab PDF Library; pikepdf"
    info = Dictionary(Title=String(meta.title), Creator=String(meta.creator),
                      Producer=String(producer))
    if meta.author:
        info.Author = String(meta.author)
    if meta.subject:
        info.Subject = String(meta.subject)
    if meta.keywords:
        info.Keywords = String(", ".join(meta.keywords))
    if meta.date:
        info.CreationDate = info.ModDate = String(_pdf_date(meta.date))
    doc.trailer.Info = doc.make_indirect(info)
    xmp = _xmp(meta, producer).encode("utf-8")
    root.Metadata = doc.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    icc = doc.make_stream(srgb_profile(), N=3)
    root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB"),
        Info=String("sRGB IEC61966-2.1"), DestOutputProfile=icc)])


def _xmp(meta: DocumentMeta, producer: str) -> str:
    e = escape
    rows = [
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt>'
        "</dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if meta.author:
        rows.append(f"<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq>"
                    "</dc:creator>")
    if meta.subject:
        rows.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}'
                    "</rdf:li></rdf:Alt></dc:description>")
    rows += ["</rdf:Description>",
             '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
             f"<pdf:Producer>{e(producer)}</pdf:Producer>"]
    if meta.keywords:
        rows.append(f"<pdf:Keywords>{e(', '.join(meta.keywords))}</pdf:Keywords>")
    rows += ["</rdf:Description>",
             '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
             f"<xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>"]
    if meta.date:
        stamp = f"{meta.date:%Y-%m-%d}T00:00:00Z"
        rows.append(f"<xmp:CreateDate>{stamp}</xmp:CreateDate>"
                    f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>")
    rows += [
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
        "<pdfuaid:part>1</pdfuaid:part>",
        "</rdf:Description>",
        _PDFUA_EXTENSION,
    ]
    body = "\n".join(rows)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f"{body}\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")


# PDF/A-2 accepts only predefined XMP schemas unless an extension schema describes the rest.
_PDFUA_EXTENSION = """<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def check_structure(path: str) -> list[str]:
    """What a reader of the tagged file would trip over, one line each; empty when fine.

    Complements page-validation with checks of our own: H1 first and no skipped heading level,
    every Figure has Alt, table and list nesting, TH Scope, fonts embedded, catalog flags."""
    problems: list[str] = []
    with pikepdf.open(path) as doc:
        root = doc.Root
        if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
            problems.append("catalog: MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")):
            problems.append("catalog: no /Lang")
        if not bool(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)):
            problems.append("catalog: ViewerPreferences /DisplayDocTitle is not true")
        xmp = root.Metadata.read_bytes() if "/Metadata" in root else b""
        if b"pdfuaid:part>1<" not in xmp:
            problems.append("catalog: XMP metadata does not claim PDF/UA-1 (pdfuaid:part)")
        for number, page in enumerate(doc.pages, start=1):
            if page.obj.get("/Tabs") != Name.S:
                problems.append(f"page {number}: /Tabs is not /S")
            problems += [f"page {number}: font {name} is not embedded"
                         for name in _unembedded_fonts(page.obj.get("/Resources"))]
        if "/StructTreeRoot" not in root:
            return problems + ["structure: no StructTreeRoot"]
        problems += _check_tree(root.StructTreeRoot)
    return problems


def _unembedded_fonts(resources: pikepdf.Object | None, seen: set | None = None) -> list[str]:
    seen = set() if seen is None else seen
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return []
    seen.add(resources.objgen)
    missing = []
    for font in resources.get("/Font", Dictionary()).values():
        if font.get("/Subtype") == Name.Type3:
            continue
        target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor", Dictionary())
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font.get("/BaseFont", "?")))
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form:
            missing += _unembedded_fonts(xobject.get("/Resources"), seen)
    return missing


def _check_tree(tree: pikepdf.Object) -> list[str]:
    problems: list[str] = []
    parents = {"TR": ("Table", "THead", "TBody", "TFoot"), "TH": ("TR",), "TD": ("TR",),
               "LI": ("L",), "Lbl": ("LI",), "LBody": ("LI",)}
    level = 0
    counts: dict[str, int] = {}

    def walk(elem: pikepdf.Object, parent_role: str) -> None:
        nonlocal level
        role = str(elem.get("/S", "/?"))[1:]
        counts[role] = counts.get(role, 0) + 1
        where = f"{role} #{counts[role]}"
        if role not in STANDARD_ROLES:
            problems.append(f"structure: {where} is not a standard structure type")
        if parent_role in ("", "StructTreeRoot") and role != "Document":
            problems.append(f"structure: the root element is {role}, not Document")
        if role in parents and parent_role not in parents[role]:
            problems.append(f"structure: {where} is inside {parent_role}, not {parents[role][0]}")
        if role[:1] == "H" and role[1:].isdigit():
            wanted = int(role[1:])
            if level == 0 and wanted != 1:
                problems.append(f"structure: the first heading is {role}, not H1")
            elif wanted > level + 1 and level:
                problems.append(f"structure: {role} follows H{level}, skipping a level")
            level = wanted
        if role == "Figure" and not str(elem.get("/Alt", "")).strip():
            problems.append(f"structure: {where} has no Alt text")
        if role == "TH" and not any("/Scope" in a for a in _attributes(elem)):
            problems.append(f"structure: {where} has no Scope")
        if role == "Table" and not _has_descendant(elem, "TH"):
            problems.append(f"structure: {where} has no header cells (TH)")
        for kid in _kids(elem):
            walk(kid, role)

    for kid in _kids(tree):
        walk(kid, "StructTreeRoot")
    return problems


def _kids(elem: pikepdf.Object) -> list[pikepdf.Object]:
    kids = elem.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [k for k in items if isinstance(k, Dictionary) and k.get("/Type", Name.StructElem)
            == Name.StructElem and "/S" in k]


def _attributes(elem: pikepdf.Object) -> list[pikepdf.Object]:
    attrs = elem.get("/A")
    if attrs is None:
        return []
    return [a for a in (list(attrs) if isinstance(attrs, Array) else [attrs])
            if isinstance(a, Dictionary)]


def _has_descendant(elem: pikepdf.Object, role: str) -> bool:
    return any(str(k.S)[1:] == role or _has_descendant(k, role) for k in _kids(elem))


def _encode_streams(objects: Iterable[pikepdf.Object]) -> None:
    """Compress every plain stream ourselves, and wrap any whose encoded bytes end in CR.

    A stream ending in CR is followed by the CR LF before `endstream`, which PDF/A validators
    read as an end-of-line marker, so its /Length looks one byte off. The last bytes of Flate
    data are a checksum of the content, so re-compressing cannot help; an ASCII85 layer over
    the encoded bytes always ends in `~>`. qpdf is told not to compress at save, so no stream
    escapes this check; XMP metadata stays uncompressed as PDF/A requires.
    """
    for obj in objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") == Name.Metadata:
            continue
        if obj.get("/Filter") is None:
            obj.write(zlib.compress(obj.read_raw_bytes(), 6), filter=Name.FlateDecode)
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        filters = obj.get("/Filter")
        filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
        parms = obj.get("/DecodeParms")
        if parms is not None:
            parms = list(parms) if isinstance(parms, pikepdf.Array) else [parms]
            parms = Array([None, *parms])
        obj.write(base64.a85encode(raw) + b"~>", filter=Array([Name.ASCII85Decode, *filters]),
                  decode_parms=parms)
