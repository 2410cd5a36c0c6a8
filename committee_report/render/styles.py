"""ReportLab building blocks shared by the layout modules: fonts, paragraph styles, escaping,
and the few small flowables the paper needs (outline anchors, panel bands, list labels).

Nothing here knows about indicators; it turns a Theme into things ReportLab can draw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from committee_report.inputs.theme import Theme, font_coverage
from committee_report.pdf.fonts import SplitMemoFont
from committee_report.pdf.platypus import doc_template
from committee_report.pdf.text import MeasuredParagraph

__all__ = ["MeasuredParagraph"]  # re-exported: the layout modules' paragraph

_REGISTERED: dict[str, str] = {}


@dataclass(frozen=True)
class FontNames:
    regular: str
    bold: str
    italic: str


def register_fonts(theme: Theme) -> FontNames:
    """Register the layout's TTFs with ReportLab, each file once per process.

    The family mapping lets `<b>` and `<i>` in paragraph markup pick the bold and italic files,
    so no base-14 font is ever asked for.
    """
    names = []
    for path in (theme.fonts.regular, theme.fonts.bold, theme.fonts.italic):
        if path not in _REGISTERED:
            # Unique per file: two layouts may ship different files with the same name.
            name = f"CR-{Path(path).stem}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"
            pdfmetrics.registerFont(SplitMemoFont(name, path))
            _REGISTERED[path] = name
        names.append(_REGISTERED[path])
    regular, bold, italic = names
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=italic, boldItalic=bold
    )
    pdfmetrics.registerFontFamily(bold, normal=bold, bold=bold, italic=bold, boldItalic=bold)
    return FontNames(regular, bold, italic)


MISSING_GLYPH = "□"


def esc(text: object) -> str:
    """Data text made safe for Paragraph markup (`&`, `<`, `>`)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def printable(text: object, covered: frozenset[int]) -> str:
    """Characters the layout's fonts cannot draw become a visible box (□), not a silent gap.

    ReportLab would draw such characters with the font's empty .notdef glyph, which copies
    out of the PDF as a space; a box at least shows the reader something is missing.
    """
    text = str(text)
    chars = _characters(covered)
    if chars.issuperset(text):  # the common case, tested in C rather than a loop
        return text
    return "".join(ch if ch in chars or ch in "\n\t" else MISSING_GLYPH for ch in text)


@lru_cache(maxsize=8)
def _characters(covered: frozenset[int]) -> frozenset[str]:
    return frozenset(map(chr, covered))


def colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one theme."""

    fonts: FontNames
    covered: frozenset[int]
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    caption: ParagraphStyle
    chart_title: ParagraphStyle
    detail: ParagraphStyle
    facts: ParagraphStyle
    bullet_body: ParagraphStyle
    bullet_small: ParagraphStyle
    contents: ParagraphStyle
    notice: ParagraphStyle
    cover_council: ParagraphStyle
    cover_committee: ParagraphStyle
    cover_title: ParagraphStyle
    cover_detail: ParagraphStyle
    wordmark: ParagraphStyle
    wordmark_sub: ParagraphStyle
    strapline: ParagraphStyle
    strapline_sub: ParagraphStyle
    marking: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    header_cell: ParagraphStyle
    cell_right: ParagraphStyle

    def esc(self, text: object) -> str:
        """Data text for Paragraph markup: escaped, with undrawable characters boxed."""
        return esc(printable(text, self.covered))

    def plain(self, text: object) -> str:
        """Data text for canvas strings and plain table cells (no markup parsing)."""
        return printable(text, self.covered)


@lru_cache(maxsize=8)
def styles(theme: Theme) -> Styles:
    f = register_fonts(theme)
    s, c = theme.sizes, theme.colours
    text, muted, primary = colour(c.text), colour(c.muted), colour(c.primary)
    base = ParagraphStyle(
        "base",
        fontName=f.regular,
        fontSize=s.body,
        leading=s.body * 1.4,
        textColor=text,
        bulletFontName=f.regular,
        spaceAfter=s.body * 0.6,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    def heading(name: str, size: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("textColor", primary)
        return derive(
            name,
            fontName=f.bold,
            fontSize=size,
            leading=size * 1.2,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.45,
            keepWithNext=1,
            **kw,
        )

    table = s.table
    covered = font_coverage(theme.fonts.regular) & font_coverage(theme.fonts.bold)
    return Styles(
        fonts=f,
        covered=covered | {0x20},
        body=base,
        small=derive("small", fontSize=s.small, leading=s.small * 1.35),
        muted=derive("muted", fontSize=s.small, leading=s.small * 1.35, textColor=muted),
        h1=heading("h1", s.h1),
        h2=heading("h2", s.h2),
        h3=heading("h3", s.h3),
        caption=derive(
            "caption",
            fontName=f.italic,
            fontSize=s.small,
            leading=s.small * 1.35,
            textColor=muted,
            spaceBefore=2,
            spaceAfter=s.body * 0.6,
        ),
        chart_title=derive(
            "chart_title",
            fontName=f.bold,
            fontSize=s.body + 1,
            leading=(s.body + 1) * 1.3,
            spaceAfter=2,
            keepWithNext=1,
        ),
        detail=derive("detail", leading=s.body * 1.3, spaceAfter=s.body * 0.45),
        facts=derive(
            "facts",
            fontSize=s.small,
            leading=s.small * 1.35,
            spaceAfter=s.small * 0.4,
            keepWithNext=1,
        ),
        bullet_body=derive(
            "bullet_body",
            leftIndent=s.body * 1.6,
            spaceAfter=s.body * 0.3,
            fontSize=s.body * 0.96,
            leading=s.body * 0.96 * 1.3,
        ),
        bullet_small=derive(
            "bullet_small",
            leftIndent=s.body * 1.6,
            spaceAfter=s.small * 0.25,
            fontSize=s.small,
            leading=s.small * 1.35,
        ),
        contents=derive("contents", leftIndent=s.body * 3.2, spaceAfter=s.body * 0.3),
        notice=derive(
            "notice",
            fontSize=s.small + 0.5,
            leading=(s.small + 0.5) * 1.4,
            textColor=colour(c.notice_text),
            backColor=colour(c.notice_fill),
            borderPadding=(6, 8, 6, 8),
            spaceBefore=14,
            spaceAfter=14,
            borderColor=colour(c.rule),
            borderWidth=0.5,
        ),
        cover_council=derive(
            "cover_council", fontName=f.bold, fontSize=s.h3, leading=s.h3 * 1.3, textColor=muted
        ),
        cover_committee=derive(
            "cover_committee",
            fontSize=s.h2,
            leading=s.h2 * 1.3,
            textColor=text,
            spaceAfter=s.h2 * 0.8,
        ),
        cover_title=derive(
            "cover_title",
            fontName=f.bold,
            fontSize=s.cover_title,
            leading=s.cover_title * 1.15,
            textColor=primary,
            spaceAfter=s.cover_title * 0.5,
        ),
        cover_detail=derive(
            "cover_detail", fontSize=s.body + 1.5, leading=(s.body + 1.5) * 1.4, spaceAfter=2
        ),
        wordmark=derive(
            "wordmark",
            fontName=f.bold,
            fontSize=s.h2 + 3,
            leading=(s.h2 + 3) * 1.1,
            textColor=primary,
            spaceAfter=0,
        ),
        wordmark_sub=derive(
            "wordmark_sub", fontSize=s.small, leading=s.small * 1.3, textColor=muted
        ),
        strapline=derive(
            "strapline",
            fontName=f.bold,
            fontSize=s.h1,
            leading=s.h1 * 1.05,
            textColor=colour(c.accent) if _dark_enough(c.accent, c.background) else primary,
            spaceAfter=2,
        ),
        strapline_sub=derive("strapline_sub", fontSize=s.h3, leading=s.h3 * 1.3, textColor=primary),
        marking=derive(
            "marking",
            fontName=f.bold,
            fontSize=s.body,
            leading=s.body * 1.2,
            alignment=TA_RIGHT,
            textColor=text,
        ),
        cell=derive("cell", fontSize=table, leading=table * 1.2, spaceAfter=0),
        cell_bold=derive(
            "cell_bold", fontName=f.bold, fontSize=table, leading=table * 1.2, spaceAfter=0
        ),
        header_cell=derive(
            "header_cell",
            fontName=f.bold,
            fontSize=table,
            leading=table * 1.15,
            spaceAfter=0,
            textColor=colour(c.header_text),
        ),
        cell_right=derive(
            "cell_right", fontSize=table, leading=table * 1.2, spaceAfter=0, alignment=TA_RIGHT
        ),
    )


def _dark_enough(fore: str, back: str) -> bool:
    from committee_report.inputs.theme import contrast

    return contrast(fore, back) >= 4.5


class Anchor(Flowable):
    """Zero-size mark that adds a bookmark and an outline entry where it is drawn.

    Drawn, not built, so the outline points at the page the heading really landed on.
    """

    def __init__(
        self, key: str, title: str, level: int, pages: dict[str, int] | None = None
    ) -> None:
        super().__init__()
        self.key, self.title, self.level, self.pages = key, title, level, pages
        self.width = self.height = 0
        # Kept with the heading after it: where the heading moves to the next page, the
        # bookmark, contents link and printed page number go with it.
        self.keepWithNext = 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, 0)
        canvas.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
        if self.pages is not None:
            self.pages[self.key] = canvas.getPageNumber()


class Band(Flowable):
    """A panel heading: a tinted band with a drawn icon and the label.

    The label is real text; the icon (tick, exclamation, cross) is a second, shape-based cue, so
    colour never carries the meaning alone.
    """

    def __init__(
        self, label: str, icon: str, fill: str, text: str, font: str, size: float, count: str = ""
    ) -> None:
        super().__init__()
        self.label, self.icon, self.count = label, icon, count
        self.fill, self.text, self.font, self.size = fill, text, font, size
        self.height = size * 2.2
        self.spaceBefore, self.spaceAfter = size * 0.8, size * 0.45
        self.keepWithNext = 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def getKeepWithNext(self) -> bool:
        return True

    def draw(self) -> None:
        c, h = self.canv, self.height
        c.saveState()
        c.setFillColor(colour(self.fill))
        c.roundRect(0, 0, self.width, h, 3, stroke=0, fill=1)
        c.setFillColor(colour(self.text))
        c.rect(0, 0, 4, h, stroke=0, fill=1)
        r = h * 0.3
        cx, cy = 12 + r, h / 2
        c.circle(cx, cy, r, stroke=0, fill=1)
        c.setStrokeColor(colour(self.fill))
        c.setFillColor(colour(self.fill))
        c.setLineWidth(r * 0.28)
        c.setLineCap(1)
        c.setLineJoin(1)
        if self.icon == "going_well":
            p = c.beginPath()
            p.moveTo(cx - r * 0.45, cy)
            p.lineTo(cx - r * 0.1, cy - r * 0.38)
            p.lineTo(cx + r * 0.5, cy + r * 0.35)
            c.drawPath(p, stroke=1, fill=0)
        elif self.icon == "ones_to_watch":
            c.line(cx, cy + r * 0.5, cx, cy - r * 0.08)
            c.circle(cx, cy - r * 0.45, r * 0.12, stroke=0, fill=1)
        else:
            d = r * 0.38
            c.line(cx - d, cy - d, cx + d, cy + d)
            c.line(cx - d, cy + d, cx + d, cy - d)
        c.setFillColor(colour(self.text))
        c.setFont(self.font, self.size)
        c.drawString(cx + r + 8, cy - self.size * 0.35, self.label)
        if self.count:
            # A real separator in the text layer ("Going well, 6 items"), not seen: the count
            # is set apart on the page by its place at the band's right.
            sep = c.beginText(
                cx + r + 8 + c.stringWidth(self.label, self.font, self.size), cy - self.size * 0.35
            )
            sep.setFont(self.font, self.size)
            sep.setTextRenderMode(3)
            sep.textOut(", ")
            c.drawText(sep)
            c.setFont(self.font, self.size * 0.8)
            c.drawRightString(self.width - 10, cy - self.size * 0.3, self.count)
        c.restoreState()


class ListLabel(Flowable):
    """A list item's label (bullet), drawn level with the first line of the item's body: its
    origin is the top of the body's space before (see `Tagger.list_item`).

    It has no height of its own; keeping it a flowable of its own lets tagging give it its own
    Lbl element.
    """

    def __init__(
        self, text: str | LateText, style: ParagraphStyle, indent: float, right: float | None = None
    ) -> None:
        super().__init__()
        self.text, self.style, self.indent, self.right = text, style, indent, right
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        st = self.style
        # The item sets the body the larger of this style's space after and space before
        # below the label's origin (Tagger.list_item), and a Paragraph's first baseline is one
        # font size below its top (paraFontSizeHeightOffset): the baselines match, in every
        # style.
        baseline = -max(st.spaceBefore or 0, st.spaceAfter or 0) - st.fontSize
        x = self.right if self.right is not None else self.indent
        align = "right" if self.right is not None else "left"
        if isinstance(self.text, LateText):
            doc_template(self.canv).draw_late(  # type: ignore[union-attr]
                self.canv, self.text.key, x, baseline, st.fontName, st.fontSize, st.textColor, align
            )
            return
        self.canv.saveState()
        self.canv.setFont(st.fontName, st.fontSize)
        self.canv.setFillColor(st.textColor)
        if align == "right":
            self.canv.drawRightString(x, baseline, self.text)
        else:
            self.canv.drawString(x, baseline, self.text)
        self.canv.restoreState()


class LateText:
    """Text known only once the whole paper is laid out (a section's page number, the page
    count). It is drawn as a form XObject that the document fills in before it saves, so the
    paper is laid out once, not once to count pages and again to print them."""

    def __init__(self, key: str) -> None:
        self.key = key


def fit_paragraph(
    text: str, style: ParagraphStyle, width: float, max_height: float, min_size: float
) -> Paragraph:
    """A paragraph at the style's size, or smaller (down to `min_size`) until it fits."""
    size = style.fontSize
    while True:
        st = ParagraphStyle(
            f"{style.name}-{size:g}",
            parent=style,
            fontSize=size,
            leading=size * style.leading / style.fontSize,
        )
        para = Paragraph(text, st)
        _, height = para.wrap(width, max_height)
        if height <= max_height or size <= min_size:
            return para
        size = max(min_size, size - 0.5)


class Sparkline(Flowable):
    """A row's small trend line, drawn straight onto the canvas (a reportlab.graphics Drawing
    per row cost a millisecond each). Decorative: the row's own cells carry the figures, so
    tagging makes it an artifact."""

    decorative = True

    def __init__(
        self, points: list[tuple[float, float]], width: float, height: float, ink: colors.Color
    ) -> None:
        super().__init__()
        self.points, self.width, self.height, self.ink = points, width, height, ink

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        if not self.points:
            return
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.ink)
        canvas.setFillColor(self.ink)
        canvas.setLineWidth(0.8)
        if len(self.points) > 1:
            path = canvas.beginPath()
            path.moveTo(*self.points[0])
            for point in self.points[1:]:
                path.lineTo(*point)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.circle(*self.points[-1], 1.3, stroke=0, fill=1)
        canvas.restoreState()


def markup(content: tuple, st: Styles, badge_colours: tuple[str, str] | None = None) -> str:
    """A Paper's Inline as Paragraph markup: text escaped (undrawable characters boxed),
    `strong` in bold, `emphasis` in italic, a `link` to its anchor, a `url` to its address, a
    `badge` set in bold on its own colours (`badge_colours` is text and fill). No-break
    spaces are written as the entity."""
    out = []
    for span in content:
        text = st.esc(span.text).replace("\u00a0", "&nbsp;")
        if span.badge and badge_colours:
            ink, fill = badge_colours
            text = (
                f'<font name="{st.fonts.bold}" color="{ink}" backColor="{fill}">'
                f"&nbsp;{text}&nbsp;</font>"
            )
        elif span.strong:
            text = f"<b>{text}</b>"
        if span.emphasis:
            text = f"<i>{text}</i>"
        if span.link:
            text = f'<a href="#{span.link}">{text}</a>'
        elif span.url:
            # underlined as well as a link: a web address is told from text by more than colour
            text = f'<a href="{esc(span.url).replace(chr(34), "%22")}"><u>{text}</u></a>'
        out.append(text)
    return "".join(out)
