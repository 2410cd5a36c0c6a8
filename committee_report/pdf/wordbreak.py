"""The patched text object, fenced: ReportLab writes no space where a paragraph line wraps,
so text read in structure order would join the words either side of the break. A canvas that
is being tagged gets `WordBreakText` from its `beginText` (this canvas only, not ReportLab's
class); it overrides the text object's private `_textOut` and `_formatText`.

Contract (tested against ReportLab's own PDFTextObject in tests/test_fastpaths.py): the same
content-stream bytes, except that each wrapped line but the last ends in a space set at 1%
horizontal scaling, so every glyph stays where ReportLab put it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

if TYPE_CHECKING:
    from committee_report.pdf.marking import Tagger


class WordBreakText(PDFTextObject):
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
    _curSubset: int  # ReportLab's: the TTF subset of the last text formatted

    @classmethod
    def install(cls, canvas: Canvas, tagger: Tagger) -> None:
        """Paragraphs drawn on `canvas` from now on draw through this text object."""

        def begin_text(x: float = 0, y: float = 0, direction: object = None
                       ) -> WordBreakText:
            text = cls(canvas, x, y, direction=direction)
            text._tagger = tagger
            return text

        canvas.beginText = begin_text  # type: ignore[method-assign]

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
