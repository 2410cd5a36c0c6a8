"""The judged indicators as JSON (for other tools) and as a plain text table (for people)."""

from __future__ import annotations

from typing import Any

from committee_report.model import RAG_LABELS, Assessment, CategoryScheme, Report


def report_json(report: Report) -> dict[str, Any]:
    periods = [p for p in report.scorecard.periods if p <= report.period]
    scheme = report.scheme
    return {
        "period": str(report.period),
        "previous_period": str(report.previous_period) if report.previous_period else None,
        "categories": [{"id": c.id, "label": c.label, "includes": list(c.includes)}
                       for c in scheme.lists],
        "not_updated": [{"id": n.id, "title": n.title,
                         "last_period": str(n.last_period) if n.last_period else None}
                        for n in report.not_updated],
        "warnings": list(report.warnings),
        "indicators": [_indicator(a, periods, scheme) for a in report.assessments],
    }


def _indicator(item: Assessment, periods: list, scheme: CategoryScheme) -> dict[str, Any]:
    listed = scheme.list_of(item.category)
    series = {str(p): v for p, v in zip(periods, item.indicator.series)}
    return {
        "id": item.id,
        "title": item.title,
        "short_title": item.info.short_title,
        "section": item.indicator.section,
        "polarity": item.polarity,
        "unit": item.unit,
        "series": {p: (v.number if v.is_number else None) for p, v in series.items()},
        "series_text": {p: v.text for p, v in series.items()},
        "basis": item.basis,
        "kind": item.indicator.kind,
        "headline_period": str(item.headline_period) if item.headline_period else None,
        "stale": item.stale,
        "headline": item.headline,
        "headline_text": item.headline_text,
        "reported_headline": item.indicator.reported_headline.number
        if item.indicator.reported_headline.is_number else None,
        "target": item.target,
        "rag": item.rag,
        "rag_source": item.rag_source,
        "computed_rag": item.computed_rag,
        "reported_rag": item.indicator.reported_rag,
        "in_line_with_target": item.in_line,
        "reported_rag_text": item.indicator.reported_rag_text,
        "reported_trend": item.indicator.reported_trend,
        "reported_trend_text": item.indicator.reported_trend_text,
        "amber_band": item.amber_band,
        "trend": item.trend,
        "change": item.change,
        "short_trend": item.short_trend,
        "long_trend": item.long_trend,
        "yoy": item.yoy,
        "vs_previous": item.vs_previous,
        "last_period": str(item.last_period) if item.last_period else None,
        "age": item.age,
        "provisional": item.provisional,
        "periodicity": item.periodicity,
        "months_off_target": item.months_off_target,
        "comparators": {b.name: {"value": b.value.number if b.value.is_number else None,
                                 "text": b.value.text, "position": b.position}
                        for b in item.benchmarks},
        "category": item.category,
        "list": listed.id if listed else None,
        "rule": item.rule,
        "reasons": list(item.reasons),
        "trace": [{"metric": t.metric, "op": t.op, "expected": _plain(t.expected),
                   "actual": _plain(t.actual), "passed": t.passed} for t in item.trace],
        "narrative": item.narrative,
        "previous_category": item.previous_category,
        "previous_rag": item.previous_rag,
        "movement": item.movement,
        "commentary": item.commentary,
        "quality": list(item.quality),
        "metrics": {name: _plain(value) for name, value in item.metrics},
        "warnings": list(item.warnings),
    }


def _plain(value: Any) -> Any:
    """Tuples as lists; the per-comparator positions (pairs) as an object."""
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        return {str(k): v for k, v in value}
    return list(value) if isinstance(value, tuple) else value


def report_table(report: Report) -> str:
    """One line per indicator: what a performance officer checks first."""
    rows = [("Indicator", "Headline", "Target", "RAG", "Trend", "Category", "Rule", "Movement")]
    for a in report.assessments:
        rows.append((a.id, a.headline_text or "-", a.indicator.target.text or "-",
                     RAG_LABELS[a.rag], a.trend or "-",
                     report.scheme.label(a.category) or "-", a.rule or "-", a.movement or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"As of {report.period.long_label}: {len(report.assessments)} indicators, "
                 + ", ".join(f"{sum(a.category in c.includes for a in report.assessments)} "
                             f"{c.label.lower()}" for c in report.scheme.lists))
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines) + "\n"
