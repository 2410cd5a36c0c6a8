"""Fast text paths, fenced: one line of text written as the operators ReportLab's own text
object would write (`canvas._code`, `canvas._doc`, `canvas._escape`, a TTF's
`_dynamicFont`), and a paragraph's line breaks read from its `blPara`.

Each has a contract, and tests/test_fastpaths.py checks it against ReportLab's public path:
`cell_text` writes the same content-stream bytes as a `PDFTextObject`, and `one_line` gives the
same text, font, size and position as drawing the Paragraph. `MeasuredParagraph` keeps a
Paragraph's line breaks (its `blPara`) and skips the markup parser for plain text and for text
marked up only with `<b>` and four entities: the same fragments and lines as a Paragraph.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags


def cell_text(
    canvas: Canvas,
    text: str,
    x: float,
    baseline: float,
    width: float,
    align: str,
    font: str,
    size: float,
    ink: colors.Color,
    pad: float,
) -> None:
    """One line of text in a cell `width` wide at `x`, padded by `pad` and aligned (LEFT,
    RIGHT, CENTER) as ReportLab's Table sets strings.

    Written as the text operators ReportLab's own text object would write for it (a TTF's
    subset runs, then Tj), without setting up a text object for each of the 30,000 cells of
    a large paper, and each text's runs made once a document (`_RUNS`). The fill colour is
    set inside the text object; the caller restores the graphics state. Contract: the same
    bytes as `public_cell_text` (tested)."""
    face = pdfmetrics.getFont(font)
    x = _aligned(face, text, x, width, align, size, pad)
    if not getattr(face, "_dynamicFont", False):  # not a TTF: ReportLab's general path
        _public(canvas, text, x, baseline, font, size, ink)
        return
    doc = canvas._doc
    known = _RUNS.get(doc)
    if known is None:
        known = _RUNS[doc] = {}
    runs = known.get((font, size, text))
    if runs is None:  # the first time this text is set in this font in this document
        escape = canvas._escape
        runs = known[(font, size, text)] = " ".join(
            f"{face.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf ({escape(chunk)}) Tj"
            for subset, chunk in face.splitString(text, doc)
        )
    canvas._code.append(
        f"BT 1 0 0 1 {fp_str(x, baseline)} Tm {fp_str(ink.red, ink.green, ink.blue)} rg {runs} ET"
    )


_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Per document, the text operators of each (font, size, text) `cell_text` has set: a TTF's
subsets only grow, so the subset a text's glyphs went to the first time stands for the rest of
the document, and a large paper sets the same few thousand cell texts tens of thousands of
times."""


def public_cell_text(
    canvas: Canvas,
    text: str,
    x: float,
    baseline: float,
    width: float,
    align: str,
    font: str,
    size: float,
    ink: colors.Color,
    pad: float,
) -> None:
    """`cell_text` through ReportLab's public text object: the reference it is tested
    against, and the path for fonts that are not TTFs."""
    face = pdfmetrics.getFont(font)
    _public(
        canvas, text, _aligned(face, text, x, width, align, size, pad), baseline, font, size, ink
    )


def _aligned(
    face: object, text: str, x: float, width: float, align: str, size: float, pad: float
) -> float:
    if align == "RIGHT":
        return x + width - pad - face.stringWidth(text, size)  # type: ignore[attr-defined]
    if align == "CENTER":
        return x + width / 2 - face.stringWidth(text, size) / 2  # type: ignore[attr-defined]
    return x + pad


def _public(
    canvas: Canvas, text: str, x: float, baseline: float, font: str, size: float, ink: colors.Color
) -> None:
    line = PDFTextObject(canvas, x, baseline)
    line.setFont(font, size, size * 1.2)
    line.setFillColor(ink)
    line.textOut(text)
    canvas.drawText(line)


def one_line(
    para: Flowable, width: float, height: float
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
    if (
        lines is None
        or lines.kind != 0
        or len(lines.lines) != 1
        or para.style.alignment != TA_LEFT
        or para.style.leftIndent
        or para.bulletText
    ):
        return None
    return " ".join(lines.lines[0][1]), lines.fontSize, h, lines.fontName, lines.textColor


class MeasuredParagraph(Paragraph):
    """A Paragraph that keeps its line breaks for the width it was last wrapped at. Detail items
    are measured before the frame sets them (to keep each whole); breaking every line twice was
    a third of the time those pages took. The breaks depend on the width alone.

    Text without markup (no `<`, no `&`) is not run through ReportLab's HTML parser: it would
    give one fragment, the style's, holding the cleaned text, and so does a copy of the
    fragment the parser made for that style once. Most of a large paper's paragraphs are such
    text, and parsing them was a tenth of its build.

    Text whose only markup is `<b>` (not nested) and the entities `&nbsp;`, `&amp;`, `&lt;`
    and `&gt;` (an indicator's facts line, "<b>Target:</b> 10% &nbsp;·&nbsp; ...") is split
    as the parser splits it: a fragment per run of text and one per entity, in the style's
    fragment or its bold one. Anything else goes through the parser."""

    def __init__(self, text: str, style: ParagraphStyle | None = None, **kwargs: object) -> None:
        if kwargs or style is None:
            super().__init__(text, style, **kwargs)
            return
        marked = "<" in text or "&" in text
        clean = cleanBlockQuotedText(text)
        frags = (
            _bold_and_entities(clean, style)
            if marked
            else (
                [_plain_fragment(style).clone(text=clean, link=[], us_lines=[])] if clean else None
            )
        )
        if not frags:
            super().__init__(text, style)
            return
        textTransformFrags(frags, style)
        super().__init__(clean, style, frags=frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if getattr(self, "_wrapped_width", None) == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return width, height


_PLAIN_FRAGMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BOLD_FRAGMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BOLD_MARKUP = re.compile(r"(</?b>|&(?:nbsp|amp|lt|gt);)")
_ENTITIES = {"&nbsp;": "\xa0", "&amp;": "&", "&lt;": "<", "&gt;": ">"}


def _plain_fragment(style: ParagraphStyle) -> Any:
    """The fragment ReportLab's parser makes for plain text in `style`, made once a style."""
    try:
        return _PLAIN_FRAGMENTS[style]
    except KeyError:
        fragment = _PLAIN_FRAGMENTS[style] = Paragraph("x", style).frags[0]
        return fragment


def _bold_fragment(style: ParagraphStyle) -> Any:
    """The fragment ReportLab's parser makes for `<b>` text in `style`, made once a style."""
    try:
        return _BOLD_FRAGMENTS[style]
    except KeyError:
        fragment = _BOLD_FRAGMENTS[style] = Paragraph("<b>x</b>", style).frags[0]
        return fragment


def _bold_and_entities(clean: str, style: ParagraphStyle) -> list[Any] | None:
    """The parser's fragments for text marked up with `<b>` and four entities only, else None.
    The parser gives a fragment per run of text between tags and entities, one per entity
    (its character), none for an empty run; bold runs in the style's bold fragment."""
    parts = _BOLD_MARKUP.split(clean)
    plain: Any = _plain_fragment(style)
    bold: Any = None
    frags: list[Any] = []
    in_bold = False
    for index, part in enumerate(parts):
        if index % 2 == 0:  # text between tokens
            if not part:
                continue
            if "<" in part or "&" in part:
                return None  # other markup: the parser's
        elif part in ("<b>", "</b>"):
            if in_bold == (part == "<b>"):
                return None  # nested or unbalanced: the parser's (and its error)
            in_bold = not in_bold
            continue
        else:
            part = _ENTITIES[part]
        if in_bold and bold is None:
            bold = _bold_fragment(style)
        frags.append((bold if in_bold else plain).clone(text=part, link=[], us_lines=[]))
    return None if in_bold else frags
