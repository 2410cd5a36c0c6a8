"""Indicator detail pages: an IndicatorDetail of the Paper on one page (a chart with its
message title, caption and alt text, then why it is here, the evidence, the definition and the
officer's commentary), and the tagged lists every page uses.

Every word comes from the Paper; the chart's look from the Theme.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Spacer

from committee_report.charts.cache import ChartHandle
from committee_report.charts.spec import ChartSpec, Comparison, chart_style
from committee_report.inputs.theme import MM, Theme
from committee_report.paper import model as pm
from committee_report.pdf.image import ChartImage
from committee_report.pdf.platypus import frame_state, group_content, stacked_height
from committee_report.pdf.tagging import Tagger
from committee_report.render.styles import Anchor, LateText, ListLabel, Styles, markup, styles
from committee_report.render.styles import MeasuredParagraph as Paragraph


def chart_spec(chart: pm.LineChart, theme: Theme) -> ChartSpec:
    """What the chart draws: the Paper's numbers and texts, printed as given (characters
    the fonts lack boxed, as in the rest of the paper), in the theme's style."""
    plain = styles(theme).plain
    return ChartSpec(
        labels=tuple(plain(label) for label in chart.labels),
        values=chart.values,
        percent=chart.percent,
        y_label=chart.y_label,
        target=chart.target,
        target_text=plain(chart.target_text),
        comparators=tuple(
            Comparison(plain(c.name), c.value, plain(c.text)) for c in chart.comparators
        ),
        latest_text=plain(chart.latest_text),
        style=chart_style(theme),
    )


def detail_story(
    detail: pm.IndicatorDetail,
    theme: Theme,
    st: Styles,
    tagger: Tagger,
    charts: dict[str, ChartHandle],
    width: float,
    pages: dict[str, int] | None = None,
) -> list[Flowable]:
    """One featured indicator, kept on one page (see KeepItem)."""
    h = detail.heading
    head: list[Flowable] = [
        Anchor(h.anchor or "", h.outline or h.text, 1, pages),
        tagger.mark(Paragraph(st.esc(h.text), st.h3), "H3"),
        tagger.mark(Paragraph(markup(detail.facts.content, st), st.facts), "P"),
    ]
    png = charts.get(detail.indicator_id)
    figure = detail.figure
    if png is not None and figure is not None:
        chart_w = min(width, theme.chart.width_mm * MM)
        chart_h = chart_w * theme.chart.height_mm / theme.chart.width_mm
        # hanging: the chart's bottom margin is a share of its height, too little in a chart
        # this short for month labels set on two lines; the image makes room for them.
        image = ChartImage(
            png,
            chart_w,
            chart_h,
            st.fonts.regular,
            st.fonts.bold,
            theme.chart.width_mm * MM,
            hanging=True,
        )
        image.hAlign = "LEFT"
        # What the axes hold and when go in the caption, under the chart: the chart title says
        # what it shows, and a separate subtitle line would cost the page a second item.
        head += [
            tagger.mark(Paragraph(st.esc(figure.title), st.chart_title), "P"),
            tagger.mark(image, "Figure", alt=figure.alt, lang=figure.lang),
            tagger.mark(
                Paragraph(st.esc(f"{figure.caption} {figure.source}"), st.caption),
                "Caption",
                lang=figure.caption_lang,
            ),
        ]
    body: list[Flowable] = []
    if detail.why is not None:
        body.append(
            tagger.mark(
                Paragraph(markup(detail.why.content, st), st.detail), "P", lang=detail.why.lang
            )
        )
    if detail.evidence is not None:  # the evidence, smaller
        body += bullet_list(
            [markup(i.content, st) for i in detail.evidence.items],
            st,
            tagger,
            markup=True,
            style=st.bullet_small,
            langs=[i.lang for i in detail.evidence.items],
        )
    if detail.definition is not None:
        body.append(tagger.mark(Paragraph(markup(detail.definition.content, st), st.small), "P"))
    core, tail = len(head) + len(body), 0.0
    for para in detail.commentary:
        body.append(tagger.mark(Paragraph(markup(para.content, st), st.detail), "P"))
    if detail.commentary:
        tail = st.detail.leading * 2  # the commentary may run on, but not from a lone line
    return [KeepItem(head + body, core, tail)]


class KeepItem(KeepTogether):
    """One indicator's detail on one page: started on a fresh page unless it fits in the space
    left, so short items share a page and none starts at a page foot. An item taller than a
    page (a long commentary) starts where everything but its commentary, and the commentary's
    first two lines, fit; only the commentary runs on."""

    def __init__(self, flowables: list[Flowable], core: int, tail: float) -> None:
        super().__init__(flowables)
        self.core, self.tail = core, tail

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's
        return aW, 0xFFFFFF  # never placed whole: split decides where the parts start

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        content = group_content(self)
        frame = frame_state(self)
        if frame is None or frame.at_top:
            return content
        need = stacked_height(content, aW, self.canv, frame.pending)
        if need > frame.height:
            need = stacked_height(content[: self.core], aW, self.canv, frame.pending) + self.tail
        return content if need <= aH else [FrameBreak(), *content]


def bullet_list(
    items: list[str],
    st: Styles,
    tagger: Tagger,
    bullet: str = "•",
    markup: bool = False,
    labels: list[str | LateText] | None = None,
    style: ParagraphStyle | None = None,
    langs: list[str | None] | None = None,
) -> list[Flowable]:
    """A tagged list: L > LI > (Lbl, LBody), the label drawn beside the body's first line.

    `labels` gives each item its own label (e.g. page numbers), set right-aligned; `langs`
    each item's language where it is not the paper's (the LI's /Lang)."""
    if not items:
        return []
    style = style or (st.contents if labels else st.bullet_body)
    opened = tagger.open("L")
    opened.keepWithNext = 1  # so a heading kept with the list stays with its first item
    story: list[Flowable] = [opened]
    for index, item in enumerate(items):
        body = Paragraph(item if markup else st.esc(item), style)
        label = (
            ListLabel(labels[index], style, 0, style.leftIndent - 8)
            if labels
            else ListLabel(bullet, style, st.body.fontSize * 0.4)
        )
        story.append(tagger.list_item(label, body, langs[index] if langs else None))
    story += [tagger.close(), Spacer(1, st.body.fontSize * 0.4)]
    return story
