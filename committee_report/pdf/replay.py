"""A drawing replayed, fenced: a flowable that draws the same thing each time (a KPI table's
header cells, on every page of the table) is drawn once through ReportLab, its operators kept
(`canvas._code`), and later drawn by appending those operators again.

Contract (tested against `Flowable.drawOn` in tests/test_fastpaths.py): the same content-stream
bytes as drawing the flowable with `drawOn` each time. It holds for a flowable whose drawing
depends on nothing but itself (no page number, no position-dependent link, nothing that
records where it was drawn): the operators a flowable writes inside `drawOn` are relative to
its own origin (`drawOn` translates to it), and the canvas's state is saved and restored
around them, so the same flowable writes the same operators wherever it goes. The font
subsets its text needs were assigned the first time, so later copies need no new glyphs.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


class Replay:
    """The operators of flowables drawn once, by the flowable (and the width it was set at)."""

    def __init__(self) -> None:
        self._drawn: dict[tuple[int, float], tuple[Flowable, list[str]]] = {}

    def draw_on(self, flowable: Flowable, canvas: Canvas, x: float, y: float) -> None:
        """`flowable.drawOn(canvas, x, y)`, its operators written from memory after the first
        time. The flowable must already be wrapped at the width it is drawn at."""
        key = (id(flowable), float(getattr(flowable, "width", 0.0)))
        known = self._drawn.get(key)
        if known is None:
            canvas.saveState()
            canvas.translate(x, y)
            start = len(canvas._code)
            flowable._drawOn(canvas)
            self._drawn[key] = (flowable, canvas._code[start:])  # the flowable kept: its id
            canvas.restoreState()
            return
        canvas.saveState()
        canvas.translate(x, y)
        canvas._code.extend(known[1])
        canvas.restoreState()
