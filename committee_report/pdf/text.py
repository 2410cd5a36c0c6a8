"""Fast text paths, fenced: one line of text written as the operators ReportLab's own text
object would write (`canvas._code`, `canvas._doc`, `canvas._escape`, a TTF's
`_dynamicFont`), and a paragraph's line breaks read from its `blPara`.

Each has a contract, and tests/test_fastpaths.py checks it against ReportLab's public path:
`cell_text` writes the same content-stream bytes as a `PDFTextObject`, and `one_line` gives the
same text, font, size and position as drawing the Paragraph.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph


def cell_text(canvas: Canvas, text: str, x: float, baseline: float, width: float, align: str,
              font: str, size: float, ink: colors.Color, pad: float) -> None:
    """One line of text in a cell `width` wide at `x`, padded by `pad` and aligned (LEFT,
    RIGHT, CENTER) as ReportLab's Table sets strings.

    Written as the text operators ReportLab's own text object would write for it (a TTF's
    subset runs, then Tj), without setting up a text object for each of the 30,000 cells of
    a large paper. The fill colour is set inside the text object; the caller restores the
    graphics state. Contract: the same bytes as `public_cell_text` (tested)."""
    face = pdfmetrics.getFont(font)
    x = _aligned(face, text, x, width, align, size, pad)
    if not getattr(face, "_dynamicFont", False):  # not a TTF: ReportLab's general path
        _public(canvas, text, x, baseline, font, size, ink)
        return
    doc, escape = canvas._doc, canvas._escape
    runs = " ".join(f"{face.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf"
                    f" ({escape(chunk)}) Tj" for subset, chunk in face.splitString(text, doc))
    canvas._code.append(f"BT 1 0 0 1 {fp_str(x, baseline)} Tm"
                        f" {fp_str(ink.red, ink.green, ink.blue)} rg {runs} ET")


def public_cell_text(canvas: Canvas, text: str, x: float, baseline: float, width: float,
                     align: str, font: str, size: float, ink: colors.Color, pad: float
                     ) -> None:
    """`cell_text` through ReportLab's public text object: the reference it is tested
    against, and the path for fonts that are not TTFs."""
    face = pdfmetrics.getFont(font)
    _public(canvas, text, _aligned(face, text, x, width, align, size, pad), baseline, font,
            size, ink)


def _aligned(face: object, text: str, x: float, width: float, align: str, size: float,
             pad: float) -> float:
    if align == "RIGHT":
        return x + width - pad - face.stringWidth(text, size)  # type: ignore[attr-defined]
    if align == "CENTER":
        return x + width / 2 - face.stringWidth(text, size) / 2  # type: ignore[attr-defined]
    return x + pad


def _public(canvas: Canvas, text: str, x: float, baseline: float, font: str, size: float,
            ink: colors.Color) -> None:
    line = PDFTextObject(canvas, x, baseline)
    line.setFont(font, size, size * 1.2)
    line.setFillColor(ink)
    line.textOut(text)
    canvas.drawText(line)


def one_line(para: Flowable, width: float, height: float
             ) -> tuple[str, float, float, str, colors.Color] | None:
    """The text, size, height, font and colour of a plain paragraph that sets on one line at
    `width` (most KPI titles), else None: such a line can be drawn without the paragraph's
    machinery, where the paragraph would draw it (its first baseline one font size below its
    top). Reads the line breaks ReportLab's `wrap` leaves in `blPara`. Contract: the same
    words at the same place as `Paragraph.drawOn` (tested)."""
    if not isinstance(para, Paragraph):
        return None
    h = para.wrap(width, height)[1]
    lines = getattr(para, "blPara", None)
    if (lines is None or lines.kind != 0 or len(lines.lines) != 1 or para.style.alignment
            != TA_LEFT or para.style.leftIndent or para.bulletText):
        return None
    return " ".join(lines.lines[0][1]), lines.fontSize, h, lines.fontName, lines.textColor
