"""A Paper on pages: cover, overview, KPI tables, indicator detail, changes and appendix, in
the Paper's order, with furniture, outline and tags.

`render_paper(paper, theme, charts)` maps a composed Paper (paper/compose.py) and a Theme to a
tagged PDF. It writes no sentence of its own and reads nothing from the scorecard: every word
comes from the Paper, every look from the Theme. The same Paper and Theme give the same bytes.
"""

from __future__ import annotations

import io
from typing import Protocol

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.doctemplate import LayoutError  # noqa: F401 - the app catches it here

from committee_report.charts.cache import ChartHandle
from committee_report.charts.spec import ChartSpec
from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm
from committee_report.pdf.platypus import LateDocTemplate, binary_streams, doc_template, page_size
from committee_report.pdf.tagging import DocumentMeta, Tagger
from committee_report.render.detail import bullet_list, chart_spec, detail_story
from committee_report.render.grids import grid
from committee_report.render.report import front_sheet, numbered_list, numbered_paragraph
from committee_report.render.styles import (
    Anchor,
    Band,
    LateText,
    Styles,
    colour,
    fit_paragraph,
    markup,
    styles,
)
from committee_report.render.tables import kpi_tables

__all__ = ["ChartSource", "LayoutError", "render_paper"]
"""LayoutError is ReportLab's, raised by `render_paper` for content no page can hold; the app
layer catches it from here, so only render/ and pdf/ import ReportLab."""


class ChartSource(Protocol):
    """Where charts come from (charts/cache.ChartRenderer): specs in, handles out at once."""

    def submit_all(self, specs: list[ChartSpec]) -> list[ChartHandle]: ...


def render_paper(
    paper: pm.Paper, theme: Theme, charts: ChartSource, problems: list[str] | None = None
) -> bytes:
    """The whole paper, tagged and finished, laid out in one pass.

    Charts are handed to `charts` first, so they are drawn on other cores (or come from the
    cache) while the layout runs; each is collected when its page is drawn. Page numbers not
    known until the end ("of M", the cover's contents) are form XObjects filled in just before
    the document is saved. The structure checks' findings on the finished file (empty when
    it meets its claims) are added to `problems`.
    """
    st = styles(theme)
    details = [
        b
        for s in paper.sections
        for b in s.blocks
        if isinstance(b, pm.IndicatorDetail) and b.figure is not None
    ]
    specs = [chart_spec(d.figure.chart, theme) for d in details if d.figure is not None]
    handles = dict(zip((d.indicator_id for d in details), charts.submit_all(specs)))
    with binary_streams():
        pdf, tagger = _build(paper, theme, st, handles)
    m = paper.metadata
    meta = DocumentMeta(
        title=m.title, author=m.author, subject=m.subject, keywords=m.keywords, lang=m.lang
    )
    out = tagger.finish(pdf, meta)
    if problems is not None:  # what the structure checks found, for the build to judge
        problems += tagger.problems
    return out


class _Paper(LateDocTemplate):
    def __init__(
        self, buffer: io.BytesIO, paper: pm.Paper, theme: Theme, st: Styles, tagger: Tagger
    ) -> None:
        m = paper.metadata
        super().__init__(
            buffer,
            pagesize=(theme.page.width, theme.page.height),
            invariant=1,
            title=m.title,
            author=m.author,
            subject=m.subject,
            keywords=list(m.keywords),
            creator="committee-report",
            lang=m.lang,
            displayDocTitle=1,
            initialFontName=st.fonts.regular,
            initialFontSize=theme.sizes.body,
            leftMargin=theme.page.left,
            rightMargin=theme.page.right,
            topMargin=theme.page.top,
            bottomMargin=theme.page.bottom,
        )
        self.paper, self.theme, self.st, self.tagger = paper, theme, st, tagger
        pg = theme.page
        text_w = pg.width - pg.left - pg.right
        text_h = pg.height - pg.top - pg.bottom
        table_w = pg.table_width - pg.left - pg.right
        table_h = pg.table_height - pg.top - pg.bottom

        def frame(fid: str, x: float, y: float, w: float, h: float) -> Frame:
            return Frame(
                x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
            )

        self.text_size, self.table_size = (text_w, text_h), (table_w, table_h)
        self.strapline = [
            Paragraph(markup(p.content, st), _style(st, p.kind)) for p in paper.furniture.strapline
        ]
        self.strapline_langs = [p.lang for p in paper.furniture.strapline]
        foot = sum(_height(f, text_w) for f in self.strapline)
        foot = foot + st.body.fontSize * 2 if foot else 0
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover",
                    [frame("cover", pg.left, pg.bottom + foot, text_w, text_h - foot)],
                    onPage=self._furniture,
                    onPageEnd=self._cover_end,
                    pagesize=(pg.width, pg.height),
                    autoNextPageTemplate="text",
                ),
                PageTemplate(
                    "text",
                    [frame("text", pg.left, pg.bottom, text_w, text_h)],
                    onPage=self._furniture,
                    pagesize=(pg.width, pg.height),
                ),
                PageTemplate(
                    "table",
                    [frame("table", pg.left, pg.bottom, table_w, table_h)],
                    onPage=self._furniture,
                    pagesize=(pg.table_width, pg.table_height),
                ),
            ]
        )

    appendix_start: int | None = None
    """The page the appendix starts on (a formal report's analysis), once it is known."""

    def late_values(self) -> dict[str, str]:
        """With an appendix numbering its own pages, the report's page count, the
        appendix's, and the appendix's anchors counted from its first page."""
        values = super().late_values()
        start = self.appendix_start
        if self.paper.furniture.appendix_page_label and start:
            values["report-pages"] = str(start - 1)
            values["appendix-pages"] = str(self.page - start + 1)
            for key, page in self.section_pages.items():
                if page >= start:
                    values[key] = str(page - start + 1)
        return values

    def _cover_end(self, canvas, doc) -> None:  # noqa: ANN001 - ReportLab callback
        """The strapline, set at the foot of the cover after its other content (reading
        order follows drawing order, so it is read last, as it is seen)."""
        if doc.page != 1:
            return
        # Placed from the foot up, then drawn (and so read) from the top down.
        y, placed = self.theme.page.bottom, []
        for flowable, lang in reversed(list(zip(self.strapline, self.strapline_langs))):
            width, height = flowable.wrap(self.text_size[0], self.text_size[1])
            placed.append((flowable, lang, y))
            y += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        for flowable, lang, y in reversed(placed):
            with self.tagger.marked(canvas, "P", lang=lang):
                flowable.drawOn(canvas, self.theme.page.left, y)

    def _furniture(self, canvas, doc) -> None:  # noqa: ANN001 - ReportLab callback
        """Header and footer on every page, drawn as artifacts."""
        if doc.page == 1:
            canvas.showOutline()
        theme, furniture, st = self.theme, self.paper.furniture, self.st
        width, height = page_size(canvas)
        left, right = theme.page.left, width - theme.page.right
        size = theme.sizes.small
        muted, rule = colour(theme.colours.muted), colour(theme.colours.rule)
        top_y = height - theme.page.top + size * 1.6
        foot_y = theme.page.bottom - size * 2.6
        with self.tagger.artifact(canvas):
            canvas.saveState()
            if doc.page == 1:
                canvas.setFillColor(colour(theme.colours.primary))
                canvas.rect(0, height - 10, width, 10, stroke=0, fill=1)
            canvas.setFillColor(muted)
            if furniture.marking:
                canvas.setFont(st.fonts.bold, size + 1)
                canvas.setFillColor(colour(theme.colours.text))
                marking = st.plain(furniture.marking)
                canvas.drawCentredString(width / 2, height - theme.page.top * 0.42, marking)
                canvas.drawCentredString(width / 2, theme.page.bottom * 0.3, marking)
                canvas.setFillColor(muted)
            if doc.page > 1:
                canvas.setFont(st.fonts.regular, size)
                span = right - left
                first_text = st.plain(furniture.header_left)
                first = min(stringWidth(first_text, st.fonts.regular, size), span * 0.45)
                canvas.drawString(left, top_y, _fit(first_text, st.fonts.regular, size, first))
                canvas.drawRightString(
                    right,
                    top_y,
                    _fit(
                        st.plain(furniture.header_right), st.fonts.regular, size, span - first - 16
                    ),
                )
                third = span / 2 - 8
                canvas.setStrokeColor(rule)
                canvas.setLineWidth(0.5)
                canvas.line(left, top_y - size * 0.6, right, top_y - size * 0.6)
                canvas.line(left, foot_y + size * 1.3, right, foot_y + size * 1.3)
                canvas.drawString(
                    left,
                    foot_y,
                    _fit(st.plain(furniture.footer_left), st.fonts.regular, size, third),
                )
            # "of M" is filled in at the end, left-aligned in a slot wide enough for 4 digits.
            slot = right - stringWidth("0000", st.fonts.regular, size)
            canvas.setFont(st.fonts.regular, size)
            template, page, total = furniture.page_label, doc.page, "pages"
            if furniture.appendix_page_label:
                start = self.appendix_start
                if start and doc.page >= start:
                    template, page = furniture.appendix_page_label, doc.page - start + 1
                    total = "appendix-pages"
                else:
                    total = "report-pages"
            label = template.split("{pages}")[0].format(page=page)
            canvas.drawRightString(slot, foot_y, label)
            canvas.restoreState()
            self.draw_late(canvas, total, slot, foot_y, st.fonts.regular, size, muted, "left")


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Furniture text cut with an ellipsis to its slot (geometry, not content)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _build(
    paper: pm.Paper, theme: Theme, st: Styles, charts: dict[str, ChartHandle]
) -> tuple[bytes, Tagger]:
    buffer = io.BytesIO()
    tagger = Tagger(lang=paper.metadata.lang, repair=False)  # tests check nothing is unmarked
    doc = _Paper(buffer, paper, theme, st, tagger)
    doc.charts = charts
    story = _story(paper, theme, st, tagger, doc)
    doc.build(story)
    return buffer.getvalue(), tagger


def _story(
    paper: pm.Paper, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
) -> list[Flowable]:
    story: list[Flowable] = [tagger.open("Document")]
    keys = [s.key for s in paper.sections]
    current = "cover" if keys and keys[0] == "cover" else "text"
    story.insert(0, NextPageTemplate(current))
    if current != "cover":
        doc.pageTemplates.sort(key=lambda t: t.id != current)
    first, appendix = True, False
    for section in paper.sections:
        wanted = {"cover": "cover", "kpi_tables": "table"}.get(section.key, "text")
        if section.appendix and not appendix:
            story.append(_AppendixStart())  # on the page before the appendix's first
            appendix = True
        if not first and (
            wanted != current or section.key in ("overview", "kpi_tables") or current == "cover"
        ):
            story += [NextPageTemplate(wanted), PageBreak()]
        elif not first:
            # a report section runs on unless it would start in the last eighth of a page
            share = 0.12 if section.key == "report" else 0.3
            story.append(CondPageBreak(doc.text_size[1] * share))
        current, first = wanted, False
        story.append(tagger.open("Sect"))
        if section.key in ("cover", "front_sheet"):
            story += _cover(section, theme, st, tagger, doc)
        else:
            # The paper's title, where it opens a section (no cover first), goes before the
            # section's own heading: the first heading is always the H1.
            lead = _title_lead(section.blocks)
            blocks = section.blocks[len(lead) :]
            for title in lead:
                if isinstance(title, pm.Heading):
                    story.append(
                        tagger.mark(
                            fit_paragraph(
                                st.esc(title.text),
                                st.h1,
                                doc.text_size[0],
                                doc.text_size[1] * 0.3,
                                st.h3.fontSize,
                            ),
                            "H1",
                        )
                    )
                else:  # the title in another language, under it
                    story.append(
                        tagger.mark(
                            Paragraph(markup(title.content, st), _style(st, title.kind)),
                            "P",
                            lang=title.lang,
                        )
                    )
            if section.heading is not None:
                story += _heading(section.heading, st, tagger, doc)
            if section.key == "kpi_tables":
                story += _kpi(
                    pm.Section(section.key, section.heading, blocks), theme, st, tagger, doc
                )
            else:
                story += _blocks(blocks, theme, st, tagger, doc)
        story.append(tagger.close())
    story.append(tagger.close())
    return story


_STYLE_OF = {"body": "body", "lead": "muted", "website": "muted"}


def _style(st: Styles, kind: str) -> object:
    return getattr(st, _STYLE_OF.get(kind, kind))


def _heading(heading: pm.Heading, st: Styles, tagger: Tagger, doc: _Paper) -> list[Flowable]:
    """A section (H2) or part (H3) heading, with its bookmark at the outline's level."""
    style = st.h2 if heading.level == 2 else st.h3
    out: list[Flowable] = []
    if heading.anchor:
        out.append(
            Anchor(
                heading.anchor,
                heading.outline or heading.text,
                heading.level - 2,
                doc.section_pages,
            )
        )
    out.append(
        tagger.mark(Paragraph(st.esc(heading.text), style), f"H{heading.level}", lang=heading.lang)
    )
    return out


def _blocks(blocks: tuple, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper) -> list[Flowable]:
    out: list[Flowable] = []
    new = theme.colours.categories.ones_to_watch
    for block in blocks:
        if isinstance(block, pm.Heading):
            if block.level == 3:
                out += _part_heading(block, st, tagger, doc)
            else:
                out += _heading(block, st, tagger, doc)
        elif isinstance(block, pm.Paragraph):
            out.append(
                tagger.mark(
                    Paragraph(markup(block.content, st), _style(st, block.kind)),
                    "P",
                    lang=block.lang,
                )
            )
        elif isinstance(block, pm.NumberedParagraph):
            out.append(numbered_paragraph(block, st, tagger))
        elif isinstance(block, pm.BulletList) and block.kind == "numbered":
            out += numbered_list(block, st, tagger)
        elif isinstance(block, pm.BulletList):
            out += bullet_list(
                [markup(i.content, st, (new.text, new.fill)) for i in block.items],
                st,
                tagger,
                markup=True,
                langs=[i.lang for i in block.items],
            )
        elif isinstance(block, pm.CategoryHeading):
            swatch = theme.category(block.category)
            band = Band(
                st.plain(block.label),
                block.category,
                swatch.fill,
                swatch.text,
                st.fonts.bold,
                theme.sizes.h3,
                block.count,
            )
            out.append(tagger.mark(band, "H3"))
        elif isinstance(block, pm.Table):
            out.append(grid(block, doc.text_size[0], theme, st, tagger))
        elif isinstance(block, pm.IndicatorDetail):
            out += detail_story(
                block, theme, st, tagger, doc.charts, doc.text_size[0], doc.section_pages
            )
        else:
            raise TypeError(f"no way to render a {type(block).__name__} here")
    return out


def _part_heading(heading: pm.Heading, st: Styles, tagger: Tagger, doc: _Paper) -> list[Flowable]:
    """A level-3 heading inside a section (the appendix's parts), in the MeasuredParagraph
    the detail and appendix pages use."""
    from committee_report.render.styles import MeasuredParagraph

    out: list[Flowable] = []
    if heading.anchor:
        out.append(Anchor(heading.anchor, heading.outline or heading.text, 1, doc.section_pages))
    out.append(tagger.mark(MeasuredParagraph(st.esc(heading.text), st.h3), "H3", lang=heading.lang))
    return out


def _cover(
    section: pm.Section, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
) -> list[Flowable]:
    width, height = doc.text_size
    out: list[Flowable] = []
    spaced = False
    for block in section.blocks:
        branding = isinstance(block, pm.Logo) or (
            isinstance(block, pm.Paragraph) and block.kind in ("wordmark", "wordmark_sub")
        )
        if not branding and not spaced:
            out.append(Spacer(1, height * 0.06))
            spaced = True
        if isinstance(block, pm.Logo) and theme.branding.logo:
            logo = Image(theme.branding.logo)
            scale = min(1.0, (height * 0.09) / logo.imageHeight, (width * 0.4) / logo.imageWidth)
            logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
            logo.hAlign = "LEFT"
            out.append(tagger.mark(logo, "Figure", alt=block.alt))
        elif isinstance(block, pm.Paragraph):
            out.append(
                tagger.mark(
                    Paragraph(markup(block.content, st), _style(st, block.kind)),
                    "P",
                    lang=block.lang,
                )
            )
        elif isinstance(block, pm.Heading) and (
            block.level == 1
            or block.anchor
            or block is next(b for b in section.blocks if isinstance(b, pm.Heading))
        ):
            # The cover's title: H1 when the cover comes first, else H2 (the H1 opens the
            # paper); or the analysis's title as a formal report's appendix (an H2 with an
            # anchor). Set in the cover's title style either way.
            if block.anchor:
                out.append(Anchor(block.anchor, block.outline or block.text, 0, doc.section_pages))
            title = fit_paragraph(
                st.esc(block.text), st.cover_title, width, height * 0.3, st.h3.fontSize
            )
            out.append(tagger.mark(title, f"H{block.level}"))
        elif isinstance(block, pm.FrontSheet):
            out.append(front_sheet(block, width, theme, st, tagger))
        elif isinstance(block, pm.Heading):
            out += [
                Spacer(1, st.body.fontSize),
                tagger.mark(Paragraph(st.esc(block.text), st.h3), f"H{block.level}"),
            ]
        elif isinstance(block, pm.BulletList):
            items = [markup(i.content, st) for i in block.items]
            pages: list[str | LateText] = [LateText(i.page_of or "") for i in block.items]
            out += bullet_list(items, st, tagger, markup=True, labels=pages)
    return out


def _kpi(
    section: pm.Section, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
) -> list[Flowable]:
    """The key, then the table's pages; the first page holds what the heading and key leave."""
    width, height = doc.table_size
    table = next((b for b in section.blocks if isinstance(b, pm.KpiTable)), None)
    out: list[Flowable] = []
    used = _height(Paragraph("X", st.h2), width)
    for block in section.blocks:
        if isinstance(block, pm.Paragraph):
            para = Paragraph(markup(block.content, st), _style(st, block.kind))
            if table is not None:
                used += _height(para, width)
            out.append(tagger.mark(para, "P", lang=block.lang))
    if table is not None:
        out += kpi_tables(table, theme, st, tagger, width, height - used - 4, height - 1)
    return out


def _title_lead(blocks: tuple) -> tuple:
    """The paper's title where it opens a section (no cover first: paper/compose.py), with
    the title in other languages under it: set before the section's own heading."""
    if not blocks or not (isinstance(blocks[0], pm.Heading) and blocks[0].level == 1):
        return ()
    end = 1
    while end < len(blocks) and isinstance(blocks[end], pm.Paragraph) and blocks[end].lang:
        end += 1
    return tuple(blocks[:end])


class _AppendixStart(Flowable):
    """Zero-size mark drawn on the last page before the appendix: from the next page on,
    the page label counts the appendix's own pages (where the layout says so). The page
    furniture is drawn as a page begins, before any flowable on it, hence the page before."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = doc_template(self.canv)
        if doc is not None:
            doc.appendix_start = self.canv.getPageNumber() + 1  # type: ignore[attr-defined]


def _height(flowable: Flowable, width: float) -> float:
    h = flowable.wrap(width, 1e6)[1]
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
