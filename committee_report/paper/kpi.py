"""The KPI table of the paper: every indicator in the layout's columns, each cell as printed
(the scorecard's own text for figures), with the effective polarity, RAG word and symbol,
direction of travel and the monthly values for a sparkline."""

from __future__ import annotations

from committee_report.model import Assessment, Period, Report
from committee_report.paper.labels import Labels
from committee_report.paper.model import (
    Cell,
    Column,
    KpiRow,
    KpiTable,
    Paragraph,
    RagCell,
    SectionRow,
    Span,
    SparklineCell,
    TextCell,
    TrendCell,
    spans,
)

DEFAULT_HEADERS = {
    "id": "Indicator",
    "title": "Title",
    "polarity": "Polarity",
    "officer": "Officer",
    "target": "Target",
    "rag": "RAG",
    "basis": "Basis",
    "headline": "Latest",
}
BASIS_TEXT = {"ytd": "YTD", "latest": "LATEST"}
POLARITY_CODES = {"bigger_is_better": "BIB", "smaller_is_better": "SIB"}
NBSP = "\u00a0"


def polarity_text(a: Assessment) -> str:
    """The Polarity cell: the scorecard's own text, or the catalogue's polarity as the code
    the appendix explains, so a judged direction never shows as a blank (no judgement)."""
    if a.indicator.polarity:
        return a.indicator.polarity_text
    return POLARITY_CODES.get(a.polarity or "", "")


def kpi_section(report: Report, labels: Labels) -> tuple:
    if not report.assessments:
        w = labels.words
        return (Paragraph(spans(w["kpi.none"]), lang=w.lang_of("kpi.none")),)
    return (_key(labels), kpi_table(report, labels))


def _key(labels: Labels) -> Paragraph:
    parts = [
        f"{m.symbol} {m.word}" for m in (labels.rag[k] for k in ("green", "amber", "red", "grey"))
    ]
    d, w = labels.direction, labels.words
    text = w["kpi.key.text"].format(
        rising=d["rising"].symbol,
        falling=d["falling"].symbol,
        flat=d["flat"].symbol,
        improving=labels.trend["improving"].lower(),
        worsening=labels.trend["worsening"].lower(),
    )
    return Paragraph(
        (
            Span(w["kpi.key.rag"], strong=True),
            Span(f" {f' {NBSP} '.join(parts)}. {NBSP} "),
            Span(w["kpi.key.direction"], strong=True),
            Span(f" {text}"),
        ),
        "small",
        w.lang_of("kpi.key.rag", "kpi.key.direction", "kpi.key.text"),
    )


def kpi_table(report: Report, labels: Labels) -> KpiTable:
    """Every indicator in the layout's columns, with a row for each scorecard section."""
    card = report.scorecard
    w = labels.words
    headers = {**DEFAULT_HEADERS, **card.headers}
    items = report.assessments
    columns: list[Column] = []
    cells: list[list[Cell]] = []
    for key in labels.columns:
        if key == "months":
            for index, period in shown_periods(report):
                group = period.financial_year_label if period.kind == "month" else ""
                columns.append(Column("month", period.label, group, "right"))
                cells.append(
                    [
                        TextCell(
                            a.indicator.series[index].text
                            if index < len(a.indicator.series)
                            else ""
                        )
                        for a in items
                    ]
                )
        elif key == "comparators":
            for name in card.comparator_names:
                columns.append(Column("comparator", name, w["kpi.comparators"], "right"))
                cells.append(
                    [
                        TextCell(
                            next(
                                (c.value.text for c in a.indicator.comparators if c.name == name),
                                "",
                            )
                        )
                        for a in items
                    ]
                )
        elif key == "trend":
            parts = (("short", w[f"kpi.trend.{card.kind}"]), ("long", w["kpi.trend.long"]))
            for part, label in parts[:1] if card.kind == "year" else parts:  # one and the same
                trend_cells = [_trend(a, part, labels) for a in items]
                if any(cell.text != "n/a" for cell in trend_cells):
                    columns.append(Column("trend", label, w["kpi.trend"], "left"))
                    cells.append(list(trend_cells))
        elif key == "sparkline":
            columns.append(Column("sparkline", w["kpi.sparkline"], "", "center"))
            cells.append(
                [
                    SparklineCell(
                        tuple(v.number if v.is_number else None for v in a.indicator.series),
                        sparkline_alt(a, card.periods),
                        labels.words.narrative_lang,
                    )
                    for a in items
                ]
            )
        else:
            align, column_cells = _cells(key, items, labels)
            columns.append(Column(key, headers[key], "", align))
            cells.append(column_cells)
    rows: list[KpiRow | SectionRow] = []
    section = None
    for index, a in enumerate(items):
        if a.indicator.section and a.indicator.section != section:
            rows.append(SectionRow(a.indicator.section))
        section = a.indicator.section
        rows.append(KpiRow(a.id, tuple(column[index] for column in cells)))
    return KpiTable(tuple(columns), tuple(rows), continued=labels.words["continued"])


ADJECTIVE = {"month": "monthly", "quarter": "quarterly", "year": "annual"}
SHOWN = {"month": 12, "quarter": 5, "year": 8}
"""How many of each kind of period the KPI table shows, the latest up to the paper's period."""


def shown_periods(report: Report) -> list[tuple[int, Period]]:
    """The table's period columns: the last 12 months, 5 quarters or 8 years to the paper's
    period, so a long or mixed table stays readable (the chart pages show the whole series)."""
    periods = list(enumerate(report.scorecard.periods))
    keep: set[int] = set()
    for kind, count in SHOWN.items():
        own = [i for i, p in periods if p.kind == kind and p <= report.period]
        keep.update(own[-count:])
    return [(i, p) for i, p in periods if i in keep]


def sparkline_alt(a: Assessment, periods: tuple[Period, ...]) -> str:
    """What the line shows, in words: its first and last values and its lowest and highest,
    each with its period, as printed in the row ("EH 9 by month: 19% in Feb-21 to 13% in
    Jan-22; lowest 8% (Dec-21), highest 28% (Apr-21)")."""
    by = f"{a.id} by {a.indicator.kind}"
    points = [
        (periods[i].label if i < len(periods) else "", v.text, v.number)
        for i, v in enumerate(a.indicator.series)
        if v.is_number and v.number is not None
    ]
    if not points:
        return f"{by}: no values"
    first, last = points[0], points[-1]
    low = min(points, key=lambda p: p[2])
    high = max(points, key=lambda p: p[2])
    if len(points) == 1:
        return f"{by}: {first[1]} in {first[0]} only"
    return (
        f"{by}: {first[1]} in {first[0]} to {last[1]} in {last[0]}; "
        f"lowest {low[1]} ({low[0]}), highest {high[1]} ({high[0]})"
    )


def _cells(key: str, items: tuple[Assessment, ...], labels: Labels) -> tuple:
    if key == "id":
        return "left", [TextCell(a.id) for a in items]
    if key == "title":
        return "left", [TextCell(a.title) for a in items]
    if key == "polarity":
        return "center", [TextCell(polarity_text(a)) for a in items]
    if key == "officer":
        return "left", [TextCell(a.indicator.officer) for a in items]
    if key == "target":
        return "right", [TextCell(a.indicator.target.text) for a in items]
    if key == "rag":
        return "left", [
            RagCell(a.rag, labels.rag[a.rag].symbol, rag_word(a, labels)) for a in items
        ]
    if key == "basis":
        return "center", [TextCell(BASIS_TEXT.get(a.basis, a.basis.upper())) for a in items]
    return "right", [TextCell(a.headline_text) for a in items]


def rag_word(a: Assessment, labels: Labels) -> str:
    """The rating's word, saying where it is the council's own, or where the council's own
    differs from the rules' (the paper shows both)."""
    word = labels.rag[a.rag].word
    reported = a.indicator.reported_rag
    if a.rag_source == "reported":
        return f"{word} (council)"
    # The council's rating as it wrote it (`Met`, `Data Only`, `lg`), else its colour's word.
    written = a.indicator.reported_rag_text
    if reported is not None and reported != a.rag and a.computed_rag != "grey":
        return f"{word} (council: {written or labels.rag[reported].word})"
    if reported is None and written:
        return f"{word} (council: {written})"
    return word


def _trend(a: Assessment, part: str, labels: Labels) -> TrendCell:
    """Arrow for which way the value moved, word for whether that is better or worse."""
    trend = a.short_trend if part == "short" else a.long_trend
    change = a.short_change if part == "short" else a.long_change
    mark = labels.direction[change] if change else None
    theirs = (
        f" (council: {a.indicator.reported_trend_text})"
        if part == "short" and a.indicator.reported_trend_text
        else ""
    )
    if trend:
        return TrendCell(mark.symbol if mark else "", labels.trend[trend] + theirs)
    if mark:
        return TrendCell(mark.symbol, mark.word + theirs)
    return TrendCell("", f"n/a{theirs}" if theirs else "")
