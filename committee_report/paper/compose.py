"""Compose the paper: a judged, worded Report and the layout's words -> a format-free Paper.

Every word, cell and figure the paper shows is decided here (section intros, "None this
month.", captions, the "Source:" line, the appendix's tables of meanings, column headers), from
figures the pipeline already computed; nothing is judged. A renderer maps the Paper to pages.
"""

from __future__ import annotations

import re
from dataclasses import replace

from committee_report.errors import ConfigError
from committee_report.inputs.config import UNITS
from committee_report.model import (
    RAG_LABELS,
    Assessment,
    Report,
    Value,
)
from committee_report.paper.appendix import appendix_section, changes_section
from committee_report.paper.formal import formal_sections
from committee_report.paper.kpi import kpi_section
from committee_report.paper.labels import Labels
from committee_report.paper.model import (
    BulletList,
    CategoryHeading,
    ChartPoint,
    Figure,
    Furniture,
    Heading,
    IndicatorDetail,
    Inline,
    LineChart,
    ListItem,
    Logo,
    Metadata,
    Paper,
    Paragraph,
    Section,
    Span,
    spans,
)
from committee_report.paper.report import formal_report

SECTION_TITLES = {
    "overview": "Overview of performance",
    "kpi_tables": "Performance indicators",
    "details": "Indicator detail",
    "changes": "Changes since the last report",
    "appendix": "Appendix: how to read this paper",
}
BASIS_WORDS = {"ytd": "year to date", "latest": "latest month"}
NBSP = "\u00a0"


def compose(report: Report, labels: Labels) -> Paper:
    """The paper the Report makes in this layout's words."""
    if not report.paper.title.strip():
        raise ConfigError(
            "paper",
            "title",
            "is empty; the paper needs a title (it is the document's title and its first heading)",
        )
    present = present_sections(report, labels)
    sections = []
    for key in present:
        if key == "cover":
            sections.append(Section("cover", None, _cover(report, labels, present)))
        else:
            heading = Heading(section_title(key, report, labels), 2, anchor=f"section-{key}")
            sections.append(Section(key, heading, _SECTIONS[key](report, labels)))
    p = report.paper
    other = (
        labels.branding_lang
        if labels.branding_lang.split("-")[0].lower() != labels.words.lang.split("-")[0].lower()
        else None
    )
    strapline = tuple(
        para
        for para in (
            Paragraph(spans(labels.strapline), "strapline", other),
            Paragraph(spans(labels.strapline_sub), "strapline_sub", other),
            Paragraph(spans(labels.website), "website"),
        )
        if para.content
    )
    title, date, appendix_label = p.title, p.date, ""
    formal = formal_report(report)
    if formal is not None and labels.report is not None:
        # A formal report around the analysis (paper/formal.py): the analysis is its appendix.
        settings = labels.report
        sections = formal_sections(report, formal, labels, settings, sections)
        title, date = formal.title, formal.field("meeting_date") or p.date
        if settings.appendix_pages == "own":
            appendix_label = f"{settings.appendix_title}, page {{page}} of {{pages}}"
    sections = _title_first(sections, title, _titles_in(report))
    furniture = Furniture(
        header_left=p.committee,
        header_right=" · ".join(x for x in (title, date) if x),
        footer_left=p.council,
        marking=p.marking,
        strapline=strapline,
        page_label=labels.words["page_label"],
        appendix_page_label=appendix_label,
    )
    metadata = Metadata(
        title=title,
        author=p.author,
        subject=subject(report),
        keywords=p.keywords,
        lang=labels.words.lang,
    )
    return Paper(metadata, furniture, tuple(sections))


def _titles_in(report: Report) -> tuple[Paragraph, ...]:
    """The title in the council's other languages, each marked with its own (`title_in`)."""
    return tuple(
        Paragraph(spans(text), "cover_detail", lang) for lang, text in report.paper.title_in
    )


def _title_first(
    sections: list[Section], title: str, also: tuple[Paragraph, ...] = ()
) -> list[Section]:
    """The first heading is the paper's title (H1) whatever the layout's order: without a
    cover (or a formal report's front sheet) first, the title (and `also`, the title in other
    languages) opens the first section, and any other title (a later cover's) is an H2."""
    if not sections:
        return sections
    if sections[0].key not in ("cover", "front_sheet"):
        sections[0] = replace(sections[0], blocks=(Heading(title, 1), *also, *sections[0].blocks))
    return [
        sections[0],
        *(
            replace(
                s,
                blocks=tuple(
                    replace(b, level=2) if isinstance(b, Heading) and b.level == 1 else b
                    for b in s.blocks
                ),
            )
            for s in sections[1:]
        ),
    ]


def subject(report: Report) -> str:
    bits = [report.paper.committee, report.paper.period_label or report.paper.date]
    return " · ".join(b for b in bits if b)


def present_sections(report: Report, labels: Labels) -> list[str]:
    """The layout's sections that have something to show for this report."""
    empty = {"changes": not report.changes, "details": not report.featured}
    return [s for s in labels.sections if not empty.get(s, False)]


def section_title(section: str, report: Report, labels: Labels | None = None) -> str:
    """A section's heading: the paper's subtitle for the overview, else the fixed title in
    the paper's language (English without `labels`)."""
    if section == "overview" and report.paper.subtitle:
        return report.paper.subtitle
    return labels.words[f"section.{section}"] if labels else SECTION_TITLES[section]


# --- Cover ---------------------------------------------------------------------------------


def _cover(report: Report, labels: Labels, present: list[str]) -> tuple:
    p = report.paper
    out: list = []
    if labels.logo:
        out.append(Logo(alt=f"{labels.wordmark or p.council} logo"))
    wordmark = labels.wordmark or p.council
    if wordmark:
        out.append(Paragraph(spans(wordmark), "wordmark"))
    if labels.wordmark_sub:
        out.append(Paragraph(spans(labels.wordmark_sub), "wordmark_sub"))
    if p.council and labels.wordmark:
        out.append(Paragraph(spans(p.council), "cover_council"))
    if p.committee:
        out.append(Paragraph(spans(p.committee), "cover_committee"))
    out.append(Heading(p.title, 1))
    out += _titles_in(report)
    for text in (p.subtitle, p.period_label, p.date):
        if text:
            out.append(Paragraph(spans(text), "cover_detail"))
    w = labels.words
    for label, text in (
        (w["agenda_item"], p.agenda_item),
        (w["author"], p.author),
        (w["protective_marking"], p.marking),
    ):
        if text:
            out.append(Paragraph(_labelled(label, text)))
    if p.sample_notice:
        out.append(
            Paragraph((Span(w["sample"], strong=True), Span(f" {p.sample_notice}")), "notice")
        )
    sections = [s for s in present if s != "cover"]
    if sections:
        out.append(Heading(w["contents"], 2))
        out.append(
            BulletList(
                tuple(
                    ListItem(
                        (Span(section_title(s, report, labels), link=f"section-{s}"),),
                        page_of=f"section-{s}",
                    )
                    for s in sections
                ),
                "contents",
            )
        )
    return tuple(out)


def _labelled(label: str, text: str) -> Inline:
    return (Span(f"{label}:", strong=True), Span(f" {text}"))


# --- Overview ------------------------------------------------------------------------------


def _overview(report: Report, labels: Labels) -> tuple:
    scheme = report.scheme
    w = labels.words
    number = w.get(f"number.{len(scheme.lists)}") or str(len(scheme.lists))
    intro = w["overview.intro"].format(number=number)
    if report.exceptions_only:
        intro += (
            " This paper is by exception: it shows only the indicators in "
            f"“{labels.listed(scheme, 'do_better').word}”."
        )
    if report.paper.period_label:
        intro = f"{report.paper.period_label}. {intro}"
    out: list = [Paragraph(spans(intro), "lead")]
    for listed in scheme.lists:
        bullets = [b for b in report.bullets if b.category == listed.id]
        if not bullets and report.exceptions_only:
            continue  # a paper by exception shows only the lists it has
        mark = labels.listed(scheme, listed.id)
        out.append(CategoryHeading(listed.style, mark.word, mark.symbol, w.count(len(bullets))))
        if not bullets:
            out.append(Paragraph(spans(w[f"overview.none.{report.period.noun}"])))
            continue
        out.append(
            BulletList(
                tuple(
                    ListItem(
                        (Span(w["new"], badge=True), Span(f" {b.text}"))
                        if b.new
                        else spans(b.text),
                        lang=w.narrative_lang,
                    )
                    for b in bullets
                )
            )
        )
    if report.not_updated:
        # Stale indicators: placed nowhere, listed with the period of their latest value.
        out.append(Heading(w["not_updated"], 3))
        out.append(
            BulletList(
                tuple(
                    ListItem(
                        spans(
                            f"{n.id} {n.title}: {w['latest_value']} "
                            f"{n.last_period.label if n.last_period else w['none']}"
                        )
                    )
                    for n in report.not_updated
                )
            )
        )
    return tuple(out)


# --- KPI tables ----------------------------------------------------------------------------


# --- Indicator detail ----------------------------------------------------------------------


def _details(report: Report, labels: Labels) -> tuple:
    by_id = {a.id: a for a in report.assessments}
    out = []
    for number, indicator_id in enumerate(report.featured, start=1):
        a = by_id.get(indicator_id)
        if a is not None:
            out.append(indicator_detail(report, a, number, labels))
    return tuple(out)


def _unit_key(unit: str) -> str:
    """The label of a unit's word (`unit.percent`: "Per cent"); a unit without one is a value."""
    return f"unit.{unit}" if unit in UNITS else "unit.number"


def line_chart(report: Report, a: Assessment, labels: Labels) -> LineChart:
    """What the chart draws: the pipeline's numbers and texts, as printed."""
    months, series = timeline(report, a)
    values = tuple(v.number if v.is_number else None for v in series)
    last = max((i for i, v in enumerate(values) if v is not None), default=None)
    latest = ""
    if last is not None:
        latest = f"{months[last]}: {series[last].text} ({labels.rag[a.latest_rag or a.rag].word})"
    points = tuple(
        ChartPoint(b.name, b.value.number, b.value.text)
        for b in a.benchmarks
        if b.value.is_number and b.value.number is not None
    )
    return LineChart(
        labels=months,
        values=values,
        percent=a.unit == "percent",
        y_label=labels.words[_unit_key(a.unit)],
        target=a.target,
        target_text=f"{labels.words['target']} {a.indicator.target.text}"
        if a.target is not None
        else "",
        comparators=points,
        latest_text=latest,
    )


def timeline(report: Report, a: Assessment) -> tuple[tuple[str, ...], list[Value]]:
    """The indicator's own periods from first to last, one slot per period of its kind, so the
    chart is spaced by real time: a period the table lacks is an empty slot, not a squeeze."""
    own = [(p, v) for p, v in report.scorecard.own_periods(a.indicator) if p <= report.period]
    if not own:
        return (), []
    given = dict(own)
    first, last = own[0][0], own[-1][0]
    steps = round(last.ordinal - first.ordinal)
    periods = (
        [first.shift(k) for k in range(steps + 1)] if 0 <= steps <= 400 else [p for p, _ in own]
    )
    return tuple(p.label for p in periods), [given.get(p, Value("")) for p in periods]


def indicator_detail(report: Report, a: Assessment, number: int, labels: Labels) -> IndicatorDetail:
    """The `number`th featured indicator's page."""
    periods = [p for p, _ in report.scorecard.own_periods(a.indicator) if p <= report.period]
    w = labels.words
    said: list[str] = []  # the labels the caption and source line are made of

    def say(key: str) -> str:
        said.append(key)
        return w[key]

    kind = f"period.{a.indicator.kind}"
    span = (
        say("figure.span").format(first=periods[0].label, last=periods[-1].label) if periods else ""
    )
    caption = (
        say("figure.caption").format(
            number=number,
            id=a.id,
            period=say(kind),
            span=span,
            unit=say(_unit_key(a.unit)).lower(),
        )
        + (say("figure.target") if a.target is not None else "")
        + (say("figure.comparators") if any(b.value.is_number for b in a.benchmarks) else "")
        + "."
    )
    source = say("figure.source").format(council=report.paper.council or say("figure.council"))
    figure = Figure(
        line_chart(report, a, labels),
        title=a.chart_title or a.title,
        caption=caption,
        source=source,
        alt=a.chart_alt or w["figure.alt"].format(title=a.title, period=w[kind]),
        lang=w.narrative_lang if a.chart_alt else w.lang_of("figure.alt", kind),
        caption_lang=w.lang_of(*said),
    )
    # The narrative, then why the indicator is here: the category, the rule and the rule's own
    # reason (the first of the reasons) in one paragraph; the other reasons are its evidence.
    lead: list[Inline] = [spans(_sentence(a.narrative))] if a.narrative else []
    reasons = list(a.reasons)
    if a.category or a.rule:
        placed = (
            labels.listed(report.scheme, a.category or "").word
            if report.scheme.list_of(a.category)
            else labels.words["not_placed"]
        )
        why = f" {placed}, by the rule “{a.rule or 'none'}”"
        if a.rule and reasons:
            why += f" — {reasons.pop(0)}"
        lead.append((Span(labels.words["why"], strong=True), Span(_sentence(why))))
    why_para = None
    if lead:
        joined: list[Span] = []
        for index, part in enumerate(lead):
            joined += ([Span(" ")] if index else []) + list(part)
        why_para = Paragraph(tuple(joined), "detail", labels.words.narrative_lang)
    definition = (
        Paragraph(_labelled(labels.words["definition"], a.info.definition), "small")
        if a.info.definition
        else None
    )
    commentary = []
    if a.commentary:
        chunks = [p.strip() for p in re.split(r"\n\s*\n", a.commentary) if p.strip()]
        for index, chunk in enumerate(chunks):
            line = chunk.replace("\n", " ")
            commentary.append(
                Paragraph(
                    _labelled(labels.words["commentary"], line) if index == 0 else spans(line),
                    "detail",
                )
            )
    return IndicatorDetail(
        indicator_id=a.id,
        heading=Heading(": ".join(x for x in (a.id, a.title) if x), 3, anchor=f"detail-{number}"),
        facts=Paragraph(_facts(a, labels), "facts"),
        figure=figure,
        why=why_para,
        evidence=BulletList(
            tuple(ListItem(spans(r), lang=labels.words.narrative_lang) for r in reasons),
            "evidence",
        )
        if reasons
        else None,
        definition=definition,
        commentary=tuple(commentary),
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _facts(a: Assessment, labels: Labels) -> Inline:
    rag = labels.rag[a.rag]
    w = labels.words
    noun = a.indicator.kind
    basis = {"ytd": w["year_to_date"], "latest": w[f"latest.{noun}"]}.get(
        a.basis
    ) or BASIS_WORDS.get(a.basis, a.basis).capitalize()
    when = (
        f" ({a.headline_period.label})"
        if a.headline_period and (a.stale or noun != "month")
        else ""
    )
    latest = next((v for v in reversed(a.indicator.series) if v.is_number), None)
    written = ""
    if a.basis == "latest" and latest is not None and (latest.parts or latest.note):
        written = f", {w['written']} “{latest.text}”"  # the council's own figure, with its parts
    parts = [_labelled(basis, f"{a.headline_text}{when}{written}")]
    if a.stale:
        parts.append(_labelled(w["not_current"], w["no_newer_figure"]))
    if a.indicator.target.text:
        parts.append(_labelled(w["target"], a.indicator.target.text))
    parts.append(_labelled(w["rag"], f"{rag.symbol} {rag.word}"))
    mark = labels.direction[a.short_change] if a.short_change else None
    if a.short_trend or mark:
        word = labels.trend[a.short_trend] if a.short_trend else mark.word if mark else ""
        arrow = mark.symbol if mark else ""
        parts.append(_labelled(w[f"before.{noun}"], f"{arrow} {word}".strip()))
    if a.indicator.reported_rag_text and a.indicator.reported_rag != a.rag:  # where it differs
        said, meant = a.indicator.reported_rag_text, a.indicator.reported_rag
        label = (w.get(f"rag.{meant}") or RAG_LABELS[meant]) if meant else w["no_judgement"]
        if said.lower() != label.lower() and label.lower() not in said.lower():
            said = f"{said} ({label})"  # a council's code, with what it means
        parts.append(_labelled(w["councils_rating"], said))
    if a.indicator.reported_trend_text:
        parts.append(_labelled(w["councils_trend"], a.indicator.reported_trend_text))
    if a.indicator.officer:
        parts.append(_labelled(w["officer"], a.indicator.officer))
    out: list[Span] = []
    for index, part in enumerate(parts):
        out += ([Span(f" {NBSP}·{NBSP} ")] if index else []) + list(part)
    return tuple(out)


# --- Changes and appendix ------------------------------------------------------------------


_SECTIONS = {
    "overview": _overview,
    "kpi_tables": kpi_section,
    "details": _details,
    "changes": changes_section,
    "appendix": appendix_section,
}
