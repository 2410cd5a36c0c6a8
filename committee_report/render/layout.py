"""The committee paper as a PDF: cover, overview, KPI tables, indicator detail, changes and
appendix, in the order the layout names, with furniture, outline and tags.

`render_pdf(report, theme)` is the only entry point. The layout prints what the Report says
(texts, labels, ratings) and maps ratings to words, symbols and colours; it never computes a
figure. The same Report and Theme always give the same bytes.
"""

from __future__ import annotations

import io
from contextlib import nullcontext

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, Image,
                                KeepTogether, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer)

from committee_report.charts.cache import ChartHandle, ChartRenderer
from committee_report.render.appendix import appendix_story, changes_story
from committee_report.render.detail import bullet_list, chart_spec, detail_story
from committee_report.render.styles import (
    Anchor,
    Band,
    LateText,
    Styles,
    colour,
    fit_paragraph,
    styles,
)
from committee_report.render.tables import kpi_tables
from committee_report.model import CATEGORIES, CATEGORY_LABELS, Report
from committee_report.pdf.tagging import DocumentMeta, Tagger
from committee_report.inputs.theme import Theme

SECTION_TITLES = {
    "overview": "Overview of performance",
    "kpi_tables": "Performance indicators",
    "details": "Indicator detail",
    "changes": "Changes since the last report",
    "appendix": "Appendix: how to read this paper",
}
def render_pdf(report: Report, theme: Theme, *, use_cache: bool = True,
               charts: ChartRenderer | None = None) -> bytes:
    """The whole paper, tagged and finished, laid out in one pass.

    Charts are handed to the chart renderer first, so they are drawn on the other cores (or
    come from the cache) while the layout runs; each is collected when its page is drawn. Page
    numbers not known until the end ("of M", the cover's contents) are form XObjects filled in
    just before the document is saved.
    """
    st = styles(theme)
    with nullcontext(charts) if charts else ChartRenderer(use_cache=use_cache) as renderer:
        handles: dict[str, ChartHandle] = {}
        if "details" in theme.sections:
            by_id = {a.id: a for a in report.assessments}
            ids = [i for i in report.featured if i in by_id]
            specs = [chart_spec(report, by_id[i], theme) for i in ids]
            handles = dict(zip(ids, renderer.submit_all(specs)))
        saved = rl_config.useA85
        rl_config.useA85 = 0  # binary streams: ASCII85 in pure Python is most of the build time
        try:
            pdf, tagger = _build(report, theme, st, handles)
        finally:
            rl_config.useA85 = saved
    meta = DocumentMeta(title=report.paper.title, author=report.paper.author,
                        subject=_subject(report), keywords=report.paper.keywords)
    return tagger.finish(pdf, meta)


def _subject(report: Report) -> str:
    bits = [report.paper.committee, report.paper.period_label or report.paper.date]
    return " · ".join(b for b in bits if b)


class _KeepWithNext(KeepTogether):
    """ReportLab's group for flowables kept with the next (headings, the opening of a list),
    measured without the deep copy of the frame ReportLab makes for every group: that copy is
    there for flowables that add content to the frame while measured, which this paper has
    none of, and a large paper has thousands of these groups."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is not None:
            doc.frame = None
        try:
            return super().wrap(aW, aH)
        finally:
            if frame is not None:
                doc.frame = frame


class _Paper(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, report: Report, theme: Theme, st: Styles,
                 tagger: Tagger) -> None:
        p = report.paper
        super().__init__(
            buffer, pagesize=(theme.page.width, theme.page.height), invariant=1,
            title=p.title, author=p.author, subject=_subject(report),
            keywords=list(p.keywords), creator="committee-report", lang="en-GB",
            displayDocTitle=1, initialFontName=st.fonts.regular,
            initialFontSize=theme.sizes.body, leftMargin=theme.page.left,
            rightMargin=theme.page.right, topMargin=theme.page.top,
            bottomMargin=theme.page.bottom, keepTogetherClass=_KeepWithNext)
        self.report, self.theme, self.st, self.tagger = report, theme, st, tagger
        self.late: dict[str, tuple[str, float, object, str]] = {}
        pg = theme.page
        text_w = pg.width - pg.left - pg.right
        text_h = pg.height - pg.top - pg.bottom
        table_w = pg.table_width - pg.left - pg.right
        table_h = pg.table_height - pg.top - pg.bottom

        def frame(fid: str, x: float, y: float, w: float, h: float) -> Frame:
            return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0)

        self.text_size, self.table_size = (text_w, text_h), (table_w, table_h)
        self.strapline = _strapline(report, theme, st)
        foot = sum(_height(f, text_w) for f in self.strapline)
        foot = foot + st.body.fontSize * 2 if foot else 0
        self.addPageTemplates([
            PageTemplate("cover", [frame("cover", pg.left, pg.bottom + foot, text_w,
                                         text_h - foot)],
                         onPage=self._furniture, onPageEnd=self._cover_end,
                         pagesize=(pg.width, pg.height), autoNextPageTemplate="text"),
            PageTemplate("text", [frame("text", pg.left, pg.bottom, text_w, text_h)],
                         onPage=self._furniture, pagesize=(pg.width, pg.height)),
            PageTemplate("table", [frame("table", pg.left, pg.bottom, table_w, table_h)],
                         onPage=self._furniture,
                         pagesize=(pg.table_width, pg.table_height)),
        ])

    def _cover_end(self, canvas, doc) -> None:  # noqa: ANN001 - ReportLab callback
        """The strapline, set at the foot of the cover after its other content (reading
        order follows drawing order, so it is read last, as it is seen)."""
        if doc.page != 1:
            return
        y = self.theme.page.bottom
        for flowable in reversed(self.strapline):
            width, height = flowable.wrap(self.text_size[0], self.text_size[1])
            with self.tagger.marked(canvas, "P"):
                flowable.drawOn(canvas, self.theme.page.left, y)
            y += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()

    def _furniture(self, canvas, doc) -> None:  # noqa: ANN001 - ReportLab callback
        """Header and footer on every page, drawn as artifacts."""
        if doc.page == 1:
            canvas.showOutline()
        theme, paper, st = self.theme, self.report.paper, self.st
        width, height = canvas._pagesize
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
            if paper.marking:
                canvas.setFont(st.fonts.bold, size + 1)
                canvas.setFillColor(colour(theme.colours.text))
                marking = st.plain(paper.marking)
                canvas.drawCentredString(width / 2, height - theme.page.top * 0.42, marking)
                canvas.drawCentredString(width / 2, theme.page.bottom * 0.3, marking)
                canvas.setFillColor(muted)
            if doc.page > 1:
                canvas.setFont(st.fonts.regular, size)
                span = right - left
                tail = " · ".join(x for x in (paper.title, paper.date) if x)
                committee = st.plain(paper.committee)
                first = min(stringWidth(committee, st.fonts.regular, size), span * 0.45)
                canvas.drawString(left, top_y, _fit(committee, st.fonts.regular, size, first))
                canvas.drawRightString(right, top_y, _fit(st.plain(tail), st.fonts.regular, size,
                                                          span - first - 16))
                third = span / 2 - 8
                canvas.setStrokeColor(rule)
                canvas.setLineWidth(0.5)
                canvas.line(left, top_y - size * 0.6, right, top_y - size * 0.6)
                canvas.line(left, foot_y + size * 1.3, right, foot_y + size * 1.3)
                canvas.drawString(left, foot_y, _fit(st.plain(paper.council), st.fonts.regular,
                                                     size, third))
            # "of M" is filled in at the end, left-aligned in a slot wide enough for 4 digits.
            slot = right - stringWidth("0000", st.fonts.regular, size)
            canvas.setFont(st.fonts.regular, size)
            canvas.drawRightString(slot, foot_y, f"Page {doc.page} of ")
            canvas.restoreState()
            self.draw_late(canvas, "pages", slot, foot_y, st.fonts.regular, size, muted, "left")

    def draw_late(self, canvas, key: str, x: float, y: float, font: str,  # noqa: ANN001
                  size: float, colour: object, align: str) -> None:
        """Place text that is known only at the end of the build (see LateText)."""
        self.late[key] = (font, size, colour, align)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(f"late-{key}")
        canvas.restoreState()

    def _endBuild(self) -> None:  # noqa: N802 - ReportLab's name
        """Fill in the late texts, now that every page is laid out, then save."""
        self._doSave = 0
        super()._endBuild()
        values = {"pages": str(self.page),
                  **{key: str(page) for key, page in self.section_pages.items()}}
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


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Furniture text cut with an ellipsis to its slot (geometry, not content)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _build(report: Report, theme: Theme, st: Styles, charts: dict[str, ChartHandle]
           ) -> tuple[bytes, Tagger]:
    buffer = io.BytesIO()
    tagger = Tagger(lang="en-GB", repair=False)  # tests check nothing is left unmarked
    doc = _Paper(buffer, report, theme, st, tagger)
    doc.charts, doc.section_pages = charts, {}
    story = _story(report, theme, st, tagger, charts, doc)
    doc.build(story)
    return buffer.getvalue(), tagger


def _story(report: Report, theme: Theme, st: Styles, tagger: Tagger, charts: dict[str, bytes],
           doc: _Paper) -> list[Flowable]:
    story: list[Flowable] = [tagger.open("Document")]
    current = "cover" if theme.sections[0] == "cover" else "text"
    story.insert(0, NextPageTemplate(current))
    if current != "cover":
        doc.pageTemplates.sort(key=lambda t: t.id != current)
    first = True
    for section in _present(report, theme):
        wanted = {"cover": "cover", "kpi_tables": "table"}.get(section, "text")
        if not first and (wanted != current or section in ("overview", "kpi_tables")
                          or current == "cover"):
            story += [NextPageTemplate(wanted), PageBreak()]
        elif not first:
            story.append(CondPageBreak(doc.text_size[1] * 0.3))
        current, first = wanted, False
        story.append(tagger.open("Sect"))
        if section == "cover":
            story += _cover(report, theme, st, tagger, doc)
        else:
            key, title = f"section-{section}", _title(section, report)
            story += [Anchor(key, title, 0, doc.section_pages),
                      tagger.mark(Paragraph(st.esc(title), st.h2), "H2")]
            story += _SECTIONS[section](report, theme, st, tagger, doc)
        story.append(tagger.close())
    story.append(tagger.close())
    return story


def _present(report: Report, theme: Theme) -> list[str]:
    """The layout's sections that have something to show for this report."""
    empty = {"changes": not report.changes, "details": not report.featured}
    return [s for s in theme.sections if not empty.get(s, False)]


def _title(section: str, report: Report) -> str:
    if section == "overview" and report.paper.subtitle:
        return report.paper.subtitle
    return SECTION_TITLES[section]


def _cover(report: Report, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
           ) -> list[Flowable]:
    p, brand = report.paper, theme.branding
    width, height = doc.text_size
    out: list[Flowable] = []
    if brand.logo:
        logo = Image(brand.logo)
        scale = min(1.0, (height * 0.09) / logo.imageHeight, (width * 0.4) / logo.imageWidth)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        logo.hAlign = "LEFT"
        out.append(tagger.mark(logo, "Figure", alt=f"{brand.wordmark or p.council} logo"))
    wordmark = brand.wordmark or p.council
    if wordmark:
        out.append(tagger.mark(Paragraph(st.esc(wordmark), st.wordmark), "P"))
    if brand.wordmark_sub:
        out.append(tagger.mark(Paragraph(st.esc(brand.wordmark_sub), st.wordmark_sub), "P"))
    out.append(Spacer(1, height * 0.06))
    if p.council and brand.wordmark:
        out.append(tagger.mark(Paragraph(st.esc(p.council), st.cover_council), "P"))
    if p.committee:
        out.append(tagger.mark(Paragraph(st.esc(p.committee), st.cover_committee), "P"))
    title = fit_paragraph(st.esc(p.title), st.cover_title, width, height * 0.3, st.h3.fontSize)
    out.append(tagger.mark(title, "H1"))
    for text, style in ((p.subtitle, st.cover_detail), (p.period_label, st.cover_detail),
                        (p.date, st.cover_detail)):
        if text:
            out.append(tagger.mark(Paragraph(st.esc(text), style), "P"))
    for label, text in (("Agenda item", p.agenda_item), ("Author", p.author),
                        ("Protective marking", p.marking)):
        if text:
            out.append(tagger.mark(Paragraph(f"<b>{label}:</b> {st.esc(text)}", st.body), "P"))
    if p.sample_notice:
        out.append(tagger.mark(Paragraph(f"<b>Sample.</b> {st.esc(p.sample_notice)}", st.notice),
                               "P"))
    sections = [s for s in _present(report, theme) if s != "cover"]
    if sections:
        out += [Spacer(1, st.body.fontSize),
                tagger.mark(Paragraph("In this paper", st.h3), "H2")]
        items = [f'<a href="#section-{s}">{st.esc(_title(s, report))}</a>' for s in sections]
        pages: list[str | LateText] = [LateText(f"section-{s}") for s in sections]
        out += bullet_list(items, st, tagger, markup=True, labels=pages)
    return out


def _strapline(report: Report, theme: Theme, st: Styles) -> list[Paragraph]:
    brand = theme.branding
    return [Paragraph(st.esc(text), style) for text, style in (
        (brand.strapline, st.strapline), (brand.strapline_sub, st.strapline_sub),
        (brand.website, st.muted)) if text]


def _overview(report: Report, theme: Theme, st: Styles, tagger: Tagger,
              doc: _Paper) -> list[Flowable]:
    intro = ("Each indicator is placed in one of three groups by the rules listed in the "
             "appendix.")
    if report.exceptions_only:
        intro += (" This paper is by exception: it shows only the indicators in "
                  f"“{st.esc(theme.category('do_better').label)}”.")
    if report.paper.period_label:
        intro = f"{st.esc(report.paper.period_label)}. {intro}"
    out: list[Flowable] = [tagger.mark(Paragraph(intro, st.muted), "P")]
    new = theme.colours.categories.ones_to_watch
    for category in CATEGORIES:
        swatch = theme.category(category)
        bullets = [b for b in report.bullets if b.category == category]
        count = f"{len(bullets)} item{'s' if len(bullets) != 1 else ''}"
        band = Band(st.plain(swatch.label or CATEGORY_LABELS[category]), category, swatch.fill,
                    swatch.text, st.fonts.bold, theme.sizes.h3, count)
        out.append(tagger.mark(band, "H3"))
        if not bullets:
            out.append(tagger.mark(Paragraph(f"None this {report.period.noun}.", st.body), "P"))
            continue
        texts = []
        for bullet in bullets:
            mark = (f'<font name="{st.fonts.bold}" color="{new.text}" backColor="{new.fill}">'
                    f'&nbsp;New&nbsp;</font> ' if bullet.new else "")
            texts.append(mark + st.esc(bullet.text))
        out += bullet_list(texts, st, tagger, markup=True)
    return out


def _kpi(report: Report, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
         ) -> list[Flowable]:
    width, height = doc.table_size
    key = _key(theme, st)
    used = sum(_height(f, width) for f in (Paragraph("X", st.h2), key))
    if not report.assessments:
        return [tagger.mark(Paragraph("The scorecard has no indicators.", st.body), "P")]
    tables = kpi_tables(report, theme, st, tagger, width, height - used - 4, height - 1)
    return [tagger.mark(key, "P")] + tables


def _height(flowable: Flowable, width: float) -> float:
    h = flowable.wrap(width, 1e6)[1]
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _key(theme: Theme, st: Styles) -> Paragraph:
    rag = theme.colours.rag
    parts = [f"{st.esc(s.symbol)} {st.esc(s.label)}" for s in (rag.green, rag.amber, rag.red, rag.grey)]
    d = theme.direction
    arrows = f"{d.rising.symbol} up, {d.falling.symbol} down, {d.flat.symbol} level"
    return Paragraph(
        f"<b>RAG:</b> {' &nbsp; '.join(parts)}. &nbsp; <b>Direction of travel:</b> {st.esc(arrows)}"
        f"; the word says whether that is {st.esc(theme.trend.improving.lower())} or "
        f"{st.esc(theme.trend.worsening.lower())} for the indicator. Definitions are in the "
        "appendix.", st.small)


def _details(report: Report, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
             ) -> list[Flowable]:
    return detail_story(report, theme, st, tagger, doc.charts, doc.text_size[0])


def _changes(report: Report, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
             ) -> list[Flowable]:
    return changes_story(report, theme, st, tagger, doc.text_size[0])


def _appendix(report: Report, theme: Theme, st: Styles, tagger: Tagger, doc: _Paper
              ) -> list[Flowable]:
    return appendix_story(report, theme, st, tagger, doc.text_size[0])


_SECTIONS = {"overview": _overview, "kpi_tables": _kpi, "details": _details,
             "changes": _changes, "appendix": _appendix}
