"""The fence around ReportLab's private document machinery: every use of a platypus or canvas
name that starts with `_` (or is otherwise undocumented) by the layout lives here, each with
its contract, and tests/test_fastpaths.py checks each against ReportLab's public path.

- `LateDocTemplate`: a document template whose late texts (page count, section pages) are
  filled in by overriding `_endBuild` just before the save.
- `KeepWithNext`: ReportLab's keep-together group measured without its frame copy.
- `binary_streams()`: the global `rl_config.useA85` switched off for one build.
- `page_size(canvas)`, `doc_template(canvas)`: a canvas's page size and the template it draws
  for (`canvas._pagesize`, `canvas._doctemplate`).
- `frame_state(flowable)`: whether the frame is at its top, the space pending above, and the
  frame's height (`_frame`, `frame._atTop`, `frame._prevASpace`, `frame._height`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether


@contextmanager
def binary_streams() -> Iterator[None]:
    """Page streams compressed but not ASCII85-encoded while the block runs.

    ReportLab reads the global `rl_config.useA85` when it writes each stream; ASCII85 in pure
    Python was most of the build time, and a PDF/A file needs no 7-bit streams. The global is
    restored afterwards, also on error, so other ReportLab users in the process see no change.
    Contract: the streams decode to the same bytes as with ASCII85 (tested)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def page_size(canvas: Canvas) -> tuple[float, float]:
    """The size of the page being drawn: the canvas's current `_pagesize` (set per page
    template), which its public `pagesize` attribute does not follow."""
    return canvas._pagesize


def doc_template(canvas: Canvas) -> BaseDocTemplate | None:
    """The document template a flowable's canvas is drawing for (ReportLab sets
    `canvas._doctemplate` during a build), or None outside one."""
    return getattr(canvas, "_doctemplate", None)


class KeepWithNext(KeepTogether):
    """ReportLab's group for flowables kept with the next (headings, the opening of a list),
    measured without the deep copy of the frame ReportLab makes for every group: that copy is
    there for flowables that add content to the frame while measured, which this paper has
    none of, and a large paper has thousands of these groups.

    Contract: the same `wrap` as KeepTogether's for flowables that do not draw while measured
    (tested: the same page breaks and positions)."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's
        doc = doc_template(self.canv)
        frame = getattr(doc, "frame", None)
        if frame is not None:
            doc.frame = None  # type: ignore[union-attr]
        try:
            return super().wrap(aW, aH)
        finally:
            if frame is not None:
                doc.frame = frame  # type: ignore[union-attr]


class LateDocTemplate(BaseDocTemplate):
    """A document template with text known only at the end (the page count, the page a
    section starts on): each is drawn as a form XObject by `draw_late` and the forms are
    filled in after the last page, just before the save, so the paper is laid out once.

    `section_pages` maps an anchor to its page (filled by the layout's anchors while drawn).
    Contract: ReportLab's `_endBuild` is run with its save held back (`_doSave = 0`), then the
    forms are written and the canvas saved, as `_endBuild` would have."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("keepTogetherClass", KeepWithNext)
        super().__init__(*args, **kwargs)
        self.late: dict[str, tuple[str, float, object, str]] = {}
        self.section_pages: dict[str, int] = {}

    def draw_late(self, canvas: Canvas, key: str, x: float, y: float, font: str,
                  size: float, colour: object, align: str) -> None:
        """Place text that is known only at the end of the build."""
        self.late[key] = (font, size, colour, align)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(f"late-{key}")
        canvas.restoreState()

    def late_values(self) -> dict[str, str]:
        return {"pages": str(self.page),
                **{key: str(page) for key, page in self.section_pages.items()}}

    def _endBuild(self) -> None:  # noqa: N802 - ReportLab's name
        """Fill in the late texts, now that every page is laid out, then save."""
        self._doSave = 0
        super()._endBuild()
        values = self.late_values()
        for key, (font, size, fill, align) in sorted(self.late.items()):
            self.canv.beginForm(f"late-{key}", -400, -size, 400, size * 2)
            self.canv.setFont(font, size)
            self.canv.setFillColor(fill)
            text = values.get(key, "")
            if align == "right":
                self.canv.drawRightString(0, 0, text)
            else:
                self.canv.drawString(0, 0, text)
            self.canv.endForm()
        self.canv.save()


@dataclass(frozen=True)
class FrameState:
    """Where a flowable is being split: `at_top` of a fresh frame, the space `pending` after
    the flowable above, and the frame's full `height`."""

    at_top: bool
    pending: float
    height: float


def frame_state(flowable: Flowable) -> FrameState | None:
    """The frame a flowable is being split in, as ReportLab's Frame records it while it adds
    flowables (`_frame`, `_atTop`, `_prevASpace`, `_height`); None outside a frame."""
    frame = getattr(flowable, "_frame", None)
    if frame is None:
        return None
    return FrameState(bool(getattr(frame, "_atTop", 0)), getattr(frame, "_prevASpace", 0.0),
                      frame._height)


def stacked_height(flowables: list[Flowable], width: float, canv: object,
                   pending: float) -> float:
    """The height a frame gives these flowables set one after another, spaces merged as
    Frame._add merges them (ReportLab's _listWrapOn skips zero-height flowables, such as list
    labels, whose space after a frame does keep; `_ZEROSIZE` marks them). `pending` is the
    space after the flowable above."""
    height = 0.0
    for flowable in flowables:
        h = flowable.wrapOn(canv, width, 0xFFFFFF)[1]
        before = 0.0 if getattr(flowable, "_ZEROSIZE", False) else flowable.getSpaceBefore()
        pending, previous = flowable.getSpaceAfter(), pending
        height += h + max(before - previous, 0.0) + pending
    return height - pending


def group_content(group: KeepTogether) -> list[Flowable]:
    """The flowables of a keep-together group (its `_content`)."""
    return list(group._content)
