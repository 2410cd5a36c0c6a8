"""Indicator detail pages: a chart with its message title, caption and alt text, then the
narrative, the rule that placed the indicator, its definition and the officer's commentary.

The chart spec is built here from figures the pipeline already computed; nothing is derived.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Spacer

from committee_report.charts.cache import ChartHandle
from committee_report.charts.draw import ChartSpec, Comparison, chart_style
from committee_report.render.styles import Anchor, LateText, ListLabel, Styles, styles
from committee_report.render.styles import MeasuredParagraph as Paragraph
from committee_report.pdf.image import ChartImage
from committee_report.model import CATEGORY_LABELS, RAG_LABELS, Assessment, Report, Value
from committee_report.pdf.tagging import Tagger
from committee_report.inputs.theme import MM, Theme

UNIT_WORDS = {"percent": "Per cent", "rate": "Rate", "count": "Number", "number": "Value"}
BASIS_WORDS = {"ytd": "year to date", "latest": "latest month"}
"""Words for the basis; "month" becomes the indicator's own period kind (quarter, year)."""


def chart_spec(report: Report, a: Assessment, theme: Theme) -> ChartSpec:
    """What the chart draws: the pipeline's numbers and texts, printed as given (characters
    the fonts lack boxed, as in the rest of the paper)."""
    plain = styles(theme).plain
    labels, series = _timeline(report, a, plain)
    values = tuple(v.number if v.is_number else None for v in series)
    last = max((i for i, v in enumerate(values) if v is not None), default=None)
    latest = ""
    if last is not None:
        rag = theme.rag(a.latest_rag or a.rag).label
        latest = plain(f"{labels[last]}: {series[last].text} ({rag})")
    comparisons = tuple(Comparison(plain(b.name), b.value.number, plain(b.value.text))
                        for b in a.benchmarks if b.value.is_number and b.value.number is not None)
    return ChartSpec(
        labels=labels, values=values, percent=a.unit == "percent",
        y_label=UNIT_WORDS.get(a.unit, "Value"), target=a.target,
        target_text=plain(f"Target {a.indicator.target.text}") if a.target is not None else "",
        comparators=comparisons, latest_text=latest, style=chart_style(theme))


def _timeline(report: Report, a: Assessment, plain) -> tuple[tuple[str, ...], list[Value]]:
    """The indicator's own periods from first to last, one slot per period of its kind, so the
    chart is spaced by real time: a period the table lacks is an empty slot, not a squeeze."""
    own = [(p, v) for p, v in report.scorecard.own_periods(a.indicator) if p <= report.period]
    if not own:
        return (), []
    given = dict(own)
    first, last = own[0][0], own[-1][0]
    steps = round(last.ordinal - first.ordinal)
    periods = [first.shift(k) for k in range(steps + 1)] if 0 <= steps <= 400 else \
        [p for p, _ in own]
    return (tuple(plain(p.label) for p in periods),
            [given.get(p, Value("")) for p in periods])


def detail_story(report: Report, theme: Theme, st: Styles, tagger: Tagger,
                 charts: dict[str, ChartHandle], width: float) -> list[Flowable]:
    """Flowables for every featured indicator."""
    by_id = {a.id: a for a in report.assessments}
    story: list[Flowable] = []
    for number, indicator_id in enumerate(report.featured, start=1):
        a = by_id.get(indicator_id)
        if a is None:
            continue
        story += _one(report, a, number, theme, st, tagger, charts.get(a.id), width)
    return story


def _one(report: Report, a: Assessment, number: int, theme: Theme, st: Styles, tagger: Tagger,
         png: ChartHandle | None, width: float) -> list[Flowable]:
    periods = [p for p, _ in report.scorecard.own_periods(a.indicator) if p <= report.period]
    noun = a.indicator.kind
    head: list[Flowable] = [
        Anchor(f"detail-{number}", f"{a.id}: {a.info.short_title or a.title}", 1),
        tagger.mark(Paragraph(f"{st.esc(a.id)}: {st.esc(a.title)}", st.h3), "H3"),
        tagger.mark(Paragraph(_facts(a, theme, st), st.facts), "P"),
    ]
    if png is not None:
        chart_w = min(width, theme.chart.width_mm * MM)
        chart_h = chart_w * theme.chart.height_mm / theme.chart.width_mm
        # What the axes hold and when go in the caption, under the chart: the chart title says
        # what it shows, and a separate subtitle line would cost the page a second item.
        span = f", {periods[0].label} to {periods[-1].label}" if periods else ""
        unit = UNIT_WORDS.get(a.unit, "Value").lower()
        # hanging: the chart's bottom margin is a share of its height, too little in a chart
        # this short for month labels set on two lines; the image makes room for them.
        image = ChartImage(png, chart_w, chart_h, st.fonts.regular, st.fonts.bold,
                           theme.chart.width_mm * MM, hanging=True)
        image.hAlign = "LEFT"
        head += [
            tagger.mark(Paragraph(st.esc(a.chart_title or a.title), st.chart_title), "P"),
            tagger.mark(image, "Figure", alt=a.chart_alt or f"Chart of {a.title} by {noun}"),
            tagger.mark(Paragraph(
                f"Figure {number}: {st.esc(a.id)} by {noun}{st.esc(span)} ({st.esc(unit)})"
                + ("; the dashed line is the target" if a.target is not None else "")
                + ("; comparators to the right"
                   if any(b.value.is_number for b in a.benchmarks) else "")
                + f". Source: {st.esc(report.paper.council or 'council')} scorecard.",
                st.caption), "Caption"),
        ]
    # The narrative, then why the indicator is here: the category, the rule and the rule's own
    # reason (the first of the reasons) in one paragraph; the other reasons are its evidence.
    body: list[Flowable] = []
    lead = [_sentence(st.esc(a.narrative))] if a.narrative else []
    reasons = list(a.reasons)
    if a.category or a.rule:
        placed = (theme.category(a.category).label or CATEGORY_LABELS[a.category]
                  if a.category in CATEGORY_LABELS else "Not placed")
        rule = st.esc(a.rule or "none")
        why = f"<b>Why it is here:</b> {st.esc(placed)}, by the rule “{rule}”"
        if a.rule and reasons:
            why += f" — {st.esc(reasons.pop(0))}"
        lead.append(_sentence(why))
    if lead:
        body.append(tagger.mark(Paragraph(" ".join(lead), st.detail), "P"))
    body += bullet_list(reasons, st, tagger, style=st.bullet_small)  # the evidence, smaller
    if a.info.definition:
        body.append(tagger.mark(Paragraph(f"<b>Definition:</b> {st.esc(a.info.definition)}",
                                          st.small), "P"))
    core, tail = len(head) + len(body), 0.0
    if a.commentary:
        parts = [p.strip() for p in re.split(r"\n\s*\n", a.commentary) if p.strip()]
        for index, part in enumerate(parts):
            label = "<b>Officer commentary:</b> " if index == 0 else ""
            body.append(tagger.mark(Paragraph(label + st.esc(part).replace("\n", " "),
                                              st.detail), "P"))
        tail = st.detail.leading * 2  # the commentary may run on, but not from a lone line
    return [KeepItem(head + body, core, tail)]


class KeepItem(KeepTogether):
    """One indicator's detail on one page: started on a fresh page unless it fits in the space
    left, so short items share a page and none starts at a page foot. An item taller than a
    page (a long commentary) starts where everything but its commentary, and the commentary's
    first two lines, fit; only the commentary runs on."""

    def __init__(self, flowables: list[Flowable], core: int, tail: float) -> None:
        super().__init__(flowables)
        self._core, self._tail = core, tail

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's
        return aW, 0xFFFFFF  # never placed whole: split decides where the parts start

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", 0):
            return list(self._content)
        pending = getattr(frame, "_prevASpace", 0.0)
        need = _stacked(self._content, aW, self.canv, pending)
        if need > frame._height:
            need = _stacked(self._content[:self._core], aW, self.canv, pending) + self._tail
        return list(self._content) if need <= aH else [FrameBreak(), *self._content]


def _stacked(flowables: list[Flowable], width: float, canv: object, pending: float) -> float:
    """The height a frame gives these flowables set one after another, spaces merged as
    Frame._add merges them (ReportLab's _listWrapOn skips zero-height flowables, such as list
    labels, whose space after a frame does keep). `pending` is the space after the flowable
    above."""
    height = 0.0
    for flowable in flowables:
        h = flowable.wrapOn(canv, width, 0xFFFFFF)[1]
        before = 0.0 if getattr(flowable, "_ZEROSIZE", False) else flowable.getSpaceBefore()
        pending, previous = flowable.getSpaceAfter(), pending
        height += h + max(before - previous, 0.0) + pending
    return height - pending


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _facts(a: Assessment, theme: Theme, st: Styles) -> str:
    swatch = theme.rag(a.rag)
    noun = a.indicator.kind
    basis = BASIS_WORDS.get(a.basis, a.basis).replace("month", noun).capitalize()
    when = f" ({a.headline_period.label})" if a.headline_period and (
        a.stale or noun != "month") else ""
    latest = next((v for v in reversed(a.indicator.series) if v.is_number), None)
    written = ""
    if a.basis == "latest" and latest is not None and (latest.parts or latest.note):
        written = f", written “{latest.text}”"  # the council's own figure, with its parts
    parts = [f"<b>{st.esc(basis)}:</b> {st.esc(a.headline_text)}{st.esc(when)}{st.esc(written)}"]
    if a.stale:
        parts.append("<b>Not current:</b> no newer figure")
    if a.indicator.target.text:
        parts.append(f"<b>Target:</b> {st.esc(a.indicator.target.text)}")
    parts.append(f"<b>RAG:</b> {st.esc(swatch.symbol)} {st.esc(swatch.label)}")
    if a.short_trend or a.short_change:
        word = getattr(theme.trend, a.short_trend) if a.short_trend else \
            getattr(theme.direction, a.short_change).word
        arrow = getattr(theme.direction, a.short_change).symbol if a.short_change else ""
        parts.append(f"<b>On the {noun} before:</b> {st.esc(f'{arrow} {word}'.strip())}")
    if a.indicator.reported_rag_text and a.indicator.reported_rag != a.rag:  # where it differs
        written, meant = a.indicator.reported_rag_text, a.indicator.reported_rag
        label = RAG_LABELS[meant] if meant else "no judgement"
        if written.lower() != label.lower() and label.lower() not in written.lower():
            written = f"{written} ({label})"  # a council's code, with what it means
        parts.append(f"<b>Council's rating:</b> {st.esc(written)}")
    if a.indicator.reported_trend_text:
        parts.append(f"<b>Council's trend:</b> {st.esc(a.indicator.reported_trend_text)}")
    if a.indicator.officer:
        parts.append(f"<b>Responsible officer:</b> {st.esc(a.indicator.officer)}")
    return " &nbsp;·&nbsp; ".join(parts)


def bullet_list(items: list[str], st: Styles, tagger: Tagger, bullet: str = "•",
                markup: bool = False, labels: list[str | LateText] | None = None,
                style: ParagraphStyle | None = None) -> list[Flowable]:
    """A tagged list: L > LI > (Lbl, LBody), the label drawn beside the body's first line.

    `labels` gives each item its own label (e.g. page numbers), set right-aligned."""
    if not items:
        return []
    style = style or (st.contents if labels else st.bullet_body)
    opened = tagger.open("L")
    opened.keepWithNext = 1  # so a heading kept with the list stays with its first item
    story: list[Flowable] = [opened]
    for index, item in enumerate(items):
        body = Paragraph(item if markup else st.esc(item), style)
        label = ListLabel(labels[index], style, 0, style.leftIndent - 8) if labels else \
            ListLabel(bullet, style, st.body.fontSize * 0.4)
        story.append(tagger.list_item(label, body))
    story += [tagger.close(), Spacer(1, st.body.fontSize * 0.4)]
    return story
