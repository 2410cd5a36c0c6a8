"""A formal report's blocks on PDF pages: the front sheet as a table whose labels are row
headers, numbered paragraphs whose numbers are part of the paragraph's text (read with it),
and numbered lists (the recommendations) tagged L > LI > (Lbl, LBody).

Every word comes from the Paper; the look from the Theme's styles.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm
from committee_report.pdf.tagging import Tagger
from committee_report.render.styles import ListLabel, Styles, colour, markup
from committee_report.render.styles import MeasuredParagraph as Paragraph


@lru_cache(maxsize=8)
def numbered_style(st: Styles) -> ParagraphStyle:
    """Body text hung from a number set in the margin of the text (3.1, 3.12)."""
    body = st.body
    return ParagraphStyle(
        "numbered",
        parent=body,
        leftIndent=body.fontSize * 3.2,
        bulletIndent=0,
        bulletFontName=st.fonts.regular,
        bulletFontSize=body.fontSize,
    )


def numbered_paragraph(block: pm.NumberedParagraph, st: Styles, tagger: Tagger) -> Flowable:
    """One P whose text starts with its number: the number is drawn as the paragraph's
    bullet, inside the paragraph's marked content, so it is read first, then a space."""
    return tagger.mark(
        Paragraph(markup(block.content, st), numbered_style(st), bulletText=f"{block.number} "), "P"
    )


def numbered_list(block: pm.BulletList, st: Styles, tagger: Tagger) -> list[Flowable]:
    """A list whose items carry their own labels, set where numbered paragraphs set their
    numbers, so the recommendations line up with the paragraphs around them."""
    style = numbered_style(st)
    opened = tagger.open("L", ListNumbering="Decimal")
    opened.keepWithNext = 1
    story: list[Flowable] = [opened]
    for item in block.items:
        label = ListLabel(st.plain(item.label or ""), style, 0)
        story.append(tagger.list_item(label, Paragraph(markup(item.content, st), style)))
    return story + [tagger.close(), Spacer(1, st.body.fontSize * 0.2)]


def front_sheet(
    block: pm.FrontSheet, width: float, theme: Theme, st: Styles, tagger: Tagger
) -> Flowable:
    """The front sheet: label and value per row, the labels row headers (TH, Scope Row)."""
    label = ParagraphStyle(
        "front-label",
        parent=st.body,
        fontName=st.fonts.bold,
        spaceAfter=0,
        textColor=colour(theme.colours.band_text),
    )
    value = ParagraphStyle("front-value", parent=st.body, spaceAfter=0)
    data = [
        [Paragraph(st.esc(name), label), Paragraph(markup(content, st), value)]
        for name, content in block.rows
    ]
    c = theme.colours
    table = Table(
        data,
        colWidths=[0.3 * width, 0.7 * width],
        hAlign="LEFT",
        spaceBefore=6,
        spaceAfter=12,
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.fonts.regular, st.body.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colour(c.band_fill)),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, colour(c.rule)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, colour(c.rule)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    return tagger.table(table, header_rows=0, header_columns=1)
