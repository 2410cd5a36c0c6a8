"""The Paper's simple tables (changes since the last paper, the appendix's rules, meanings of
polarity and RAG, the glossary) as tagged ReportLab tables with one header row."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm
from committee_report.pdf.tagging import Tagger
from committee_report.render.styles import MeasuredParagraph as Paragraph
from committee_report.render.styles import Styles, colour, markup

FRACTIONS = {
    "changes": [0.27, 0.14, 0.14, 0.12, 0.33],
    "rules": [0.22, 0.53, 0.25],
    "polarity": [0.2, 0.8],
    "rag": [0.2, 0.8],
    "glossary": [0.2, 0.8],
}
"""Column widths of each kind of table, as shares of the text width; any other kind (a table
a formal report's author wrote) has columns of equal width."""


def grid(table: pm.Table, width: float, theme: Theme, st: Styles, tagger: Tagger) -> Flowable:
    rows = [[st.esc(text) for text in table.header]]
    rows += [[markup(cell, st) for cell in row] for row in table.rows]
    fractions = FRACTIONS.get(table.kind) or [1 / len(table.header)] * len(table.header)
    return _grid(rows, fractions, width, theme, st, tagger, table.rags, table.lang)


def _grid(
    rows: list[list[str]],
    fractions: list[float],
    width: float,
    theme: Theme,
    st: Styles,
    tagger: Tagger,
    rags: tuple[str | None, ...] = (),
    lang: str | None = None,
) -> Flowable:
    """A simple text table with a header row; cells are markup already escaped. A long table
    (the changes of a large scorecard) is re-measured at every page it splits over, so its cells
    keep their line breaks."""
    c = theme.colours
    head = ParagraphStyle(
        "grid-head", parent=st.small, fontName=st.fonts.bold, textColor=colour(c.header_text)
    )
    data = [
        [Paragraph(cell, head if r == 0 else st.small) for cell in row]
        for r, row in enumerate(rows)
    ]
    commands = [
        ("FONT", (0, 0), (-1, -1), st.fonts.regular, st.small.fontSize),
        ("BACKGROUND", (0, 0), (-1, 0), colour(c.header_fill)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colour(c.rule)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, name in enumerate(rags, start=1):
        if name:
            s = theme.rag(name)
            data[r][0] = Paragraph(
                rows[r][0],
                ParagraphStyle(
                    f"rag-{name}", parent=st.small, fontName=st.fonts.bold, textColor=colour(s.text)
                ),
            )
            commands.append(("BACKGROUND", (0, r), (0, r), colour(s.fill)))
    table = Table(
        data,
        colWidths=[f * width for f in fractions],
        repeatRows=1,
        style=TableStyle(commands),
        hAlign="LEFT",
        spaceBefore=2,
        spaceAfter=8,
    )
    return tagger.table(table, header_rows=1, lang=lang)
