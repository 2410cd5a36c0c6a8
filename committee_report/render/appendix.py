"""The back of the paper: changes since the last report, and the appendix that explains how
to read it (rules in plain words, polarity, RAG, direction of travel, glossary, data notes)."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from committee_report.render.detail import bullet_list
from committee_report.render.styles import Anchor, Styles, colour
from committee_report.render.styles import MeasuredParagraph as Paragraph
from committee_report.model import CATEGORY_LABELS, Report
from committee_report.pdf.tagging import Tagger
from committee_report.inputs.theme import Theme

RAG_MEANINGS = {
    "green": "On target or better.",
    "amber": "Short of target, but within the amber band the council set for the indicator.",
    "red": "Short of target by more than the amber band.",
    "grey": "No target set (NA), so the indicator is not rated.",
}
MOVEMENT_WORDS = {"new": "New", "improved": "Improved", "worsened": "Worsened",
                  "unchanged": "Unchanged"}


def changes_story(report: Report, theme: Theme, st: Styles, tagger: Tagger, width: float
                  ) -> list[Flowable]:
    """A table of the indicators that moved between groups since the previous paper."""
    def cat(category: str | None) -> str:
        if not category:
            return "Not reported"
        s = theme.category(category)
        return f"{st.esc(s.symbol)} {st.esc(s.label)}"

    rows = [["Indicator", "Was", "Now", "Change", "Rule and reason"]]
    for c in report.changes:
        rows.append([f"<b>{st.esc(c.indicator_id)}</b> {st.esc(c.title)}", cat(c.previous_category),
                     cat(c.category), MOVEMENT_WORDS.get(c.movement, c.movement),
                     f"{st.esc(c.rule or '')}: {st.esc(c.reason)}" if c.rule else st.esc(c.reason)])
    return [_grid(rows, [0.27, 0.14, 0.14, 0.12, 0.33], width, theme, st, tagger)]


def appendix_story(report: Report, theme: Theme, st: Styles, tagger: Tagger, width: float
                   ) -> list[Flowable]:
    """How to read the paper: the rules in plain words, polarity, RAG, arrows, glossary and
    notes on the data."""
    out: list[Flowable] = []

    def h3(text: str, n: int) -> None:
        out.extend([Anchor(f"appendix-{n}", text, 1),
                    tagger.mark(Paragraph(st.esc(text), st.h3), "H3")])

    h3("How indicators were classified", 1)
    out.append(tagger.mark(Paragraph(
        "The rules are tried in this order; the first one that matches places the indicator.",
        st.body), "P"))
    rows = [["Rule", "When", "Places it in"]]
    for rule in report.rules:
        placed = "Not placed"
        if rule.category in CATEGORY_LABELS:
            s = theme.category(rule.category)
            placed = f"{s.symbol} {s.label or CATEGORY_LABELS[rule.category]}"
        rows.append([st.esc(rule.id), st.esc(_condition(rule.description, placed)),
                     st.esc(placed)])
    out.append(_grid(rows, [0.22, 0.53, 0.25], width, theme, st, tagger))
    h3("Polarity", 2)
    rows = [["Polarity", "Meaning"], ["BIB", "Bigger is better: a rise is an improvement."],
            ["SIB", "Smaller is better: a fall is an improvement."],
            ["(blank)", "No judgement of direction; the indicator is monitored."]]
    out.append(_grid(rows, [0.2, 0.8], width, theme, st, tagger))
    h3("RAG ratings", 3)
    rows = [["Rating", "Meaning"]]
    for name in ("green", "amber", "red", "grey"):
        s = theme.rag(name)
        rows.append([f"{st.esc(s.symbol)} {st.esc(s.label)}", RAG_MEANINGS[name]])
    out.append(_grid(rows, [0.2, 0.8], width, theme, st, tagger, rag_column=True))
    h3("Direction of travel", 4)
    d, t = theme.direction, theme.trend
    noun = report.scorecard.kind
    out.append(tagger.mark(Paragraph(
        f"The arrow shows which way the value moved: {st.esc(d.rising.symbol)} up, "
        f"{st.esc(d.falling.symbol)} down, {st.esc(d.flat.symbol)} level. The word beside it says "
        f"what that means for the indicator: {st.esc(t.improving)}, {st.esc(t.stable)} or "
        f"{st.esc(t.worsening)}; for indicators with no polarity it repeats the direction "
        f"({st.esc(d.rising.word)}, {st.esc(d.falling.word)}, {st.esc(d.flat.word)}). “vs {noun} "
        f"before” compares the latest {noun} with the {noun} before; “vs year before” with the "
        f"same {noun} a year earlier, where the scorecard has it.", st.body), "P"))
    if report.paper.glossary:
        h3("Glossary", 5)
        rows = [["Abbreviation", "Meaning"]]
        rows += [[st.esc(a), st.esc(m)] for a, m in report.paper.glossary]
        out.append(_grid(rows, [0.2, 0.8], width, theme, st, tagger))
    # Locations print as file:row, without the folders of the machine that built the paper.
    notes = [re.sub(r"^/(?:[^/:]+/)+([^/:]+:)", r"\1", w) for w in report.warnings]
    if notes:
        h3("Notes on the data", 6)
        out += bullet_list(notes, st, tagger)
    return out


def _condition(description: str, placed: str) -> str:
    """The rule's condition without a trailing ": <category>." that repeats its own column."""
    label = placed.split(" ", 1)[-1]
    for tail in (f": {label}.", f": {label.lower()}.", f": {placed}."):
        if description.endswith(tail):
            return description[:-len(tail)] + "."
    return description


def _grid(rows: list[list[str]], fractions: list[float], width: float, theme: Theme,
          st: Styles, tagger: Tagger, rag_column: bool = False) -> Flowable:
    """A simple text table with a header row; cells are markup already escaped. A long table
    (the changes of a large scorecard) is re-measured at every page it splits over, so its cells
    keep their line breaks."""
    c = theme.colours
    head = ParagraphStyle("grid-head", parent=st.small, fontName=st.fonts.bold,
                          textColor=colour(c.header_text))
    data = [[Paragraph(cell, head if r == 0 else st.small) for cell in row]
            for r, row in enumerate(rows)]
    commands = [("FONT", (0, 0), (-1, -1), st.fonts.regular, st.small.fontSize),
                ("BACKGROUND", (0, 0), (-1, 0), colour(c.header_fill)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colour(c.rule)),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if rag_column:
        for r, name in enumerate(("green", "amber", "red", "grey"), start=1):
            s = theme.rag(name)
            data[r][0] = Paragraph(rows[r][0], ParagraphStyle(
                f"rag-{name}", parent=st.small, fontName=st.fonts.bold,
                textColor=colour(s.text)))
            commands.append(("BACKGROUND", (0, r), (0, r), colour(s.fill)))
    table = Table(data, colWidths=[f * width for f in fractions], repeatRows=1,
                  style=TableStyle(commands), hAlign="LEFT", spaceBefore=2, spaceAfter=8)
    return tagger.table(table, header_rows=1)
