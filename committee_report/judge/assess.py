"""The judgement: headline values, RAG, direction of travel, benchmark position and category.

Pure functions over the model; no I/O, no drawing, no words beyond the rule that fired (the
narrative module turns judgements into sentences). Any month of the scorecard can be the "as of"
month, so an earlier paper can be re-judged with the same rules to show movement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from committee_report.inputs.config import Catalogue
from committee_report.errors import format_location
from committee_report.model import (
    RAG_LABELS,
    Assessment,
    BenchmarkPosition,
    Direction,
    Indicator,
    IndicatorInfo,
    Period,
    Scorecard,
    Trend,
    Unit,
    Value,
)
from committee_report.judge.rules import RuleSet

_RATE = re.compile(r"\brates?\b|\bper\s+[\d,]+\b", re.IGNORECASE)
_NOT_COUNT = re.compile(r"\b(average|mean|median|rate|ratio|per)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Headline:
    basis: str
    value: Decimal | None
    rounded: Decimal | None
    decimals: int
    text: str


def judge(scorecard: Scorecard, catalogue: Catalogue, rules: RuleSet,
          as_of: Period | None = None) -> list[Assessment]:
    """Judge every indicator as it stood at `as_of` (default: the latest month of the table)."""
    as_of = as_of or scorecard.periods[-1]
    current = as_of == scorecard.periods[-1]
    return [judge_indicator(scorecard.periods, ind, catalogue.info(ind.id), rules, as_of, current,
                            scorecard.headers)
            for ind in scorecard.indicators]


def judge_indicator(periods: tuple[Period, ...], indicator: Indicator, info: IndicatorInfo,
                    rules: RuleSet, as_of: Period, current: bool = True,
                    headers: dict[str, str] | None = None) -> Assessment:
    series = [(p, v) for p, v in zip(periods, indicator.series) if p <= as_of]
    points = [(p, Decimal(str(v.number))) for p, v in series if v.is_number]
    polarity = indicator.polarity or info.polarity
    unit = info.unit or infer_unit(indicator)
    warnings: list = []
    headline = _headline(indicator, info, unit, series, points, as_of, current, warnings)
    target = indicator.target.number if indicator.target.is_number else None
    shown = headline.rounded if rules.rag.compare == "displayed" else headline.value
    band = _amber_band(target, info, rules)
    rag = _rag(shown, target, band, polarity, indicator, warnings)
    window = _trend_window([v for _, v in points], rules.trend.window)
    change, trend = _step(*window, unit, polarity, rules)
    last, before, year_ago = _anchor_points(points, as_of)
    short_change, short_trend = _step(before, last, unit, polarity, rules)
    long_change, long_trend = _step(year_ago, last, unit, polarity, rules)
    benchmarks = _benchmarks(indicator, shown, unit, polarity, rules) if current else ()
    off = _months_off_target(points, target, polarity)
    if current:
        _compare_reported(indicator, headline, rag, points[-1][0] if points else as_of,
                          warnings)
    metrics: dict[str, Any] = {
        "rag": rag,
        "trend": trend,
        "change": change,
        "has_target": target is not None,
        "has_polarity": polarity is not None,
        "unit": unit,
        "basis": headline.basis,
        "months_off_target": off,
        "vs_target": _vs_target(shown, target, polarity),
        "benchmarks": _benchmark_summary(benchmarks),
        "benchmarks_better": sum(b.position == "better" for b in benchmarks),
        "benchmarks_worse": sum(b.position == "worse" for b in benchmarks),
        "data_points": len(points),
        "group": info.group,
        "section": indicator.section,
    }
    rule, trace = rules.classify(metrics) if points else (rules.default, ())
    return Assessment(
        indicator=indicator,
        info=info,
        unit=unit,
        basis=headline.basis,  # type: ignore[arg-type]
        headline=float(headline.rounded) if headline.rounded is not None else None,
        headline_text=headline.text,
        target=target,
        rag=rag,  # type: ignore[arg-type]
        trend=trend,
        benchmarks=benchmarks,
        months_off_target=off,
        category=rule.category if points else None,  # type: ignore[arg-type]
        rule=rule.id if points else None,
        reasons=(),
        trace=trace,
        warnings=tuple(_locate(indicator, headers or {}, w) for w in warnings),
        change=change,
        trend_before=float(window[0]) if window[0] is not None else None,
        trend_after=float(window[1]) if window[1] is not None else None,
        amber_band=float(band) if band is not None else None,
        latest_rag=_rag(points[-1][1], target, band, polarity, indicator, []) if points
        else None,  # type: ignore[arg-type]
        short_trend=short_trend,
        short_change=short_change,
        long_trend=long_trend,
        long_change=long_change,
        commentary=indicator.commentary or info.commentary,
    )


def _locate(indicator: Indicator, headers: dict[str, str], warning: tuple[str, str] | str) -> str:
    role, message = warning if isinstance(warning, tuple) else ("", warning)
    return format_location(indicator.source.file, indicator.source.row, headers.get(role, role)
                           or None, message)


def infer_unit(indicator: Indicator) -> Unit:
    """Percent if the cells say so; a rate or average by its title; else a count of whole numbers."""
    values = [v for v in indicator.series if v.is_number]
    if any(v.percent for v in values) or indicator.reported_headline.percent:
        return "percent"
    if _RATE.search(indicator.title):
        return "rate"
    if values and all(v.decimals == 0 for v in values) and not _NOT_COUNT.search(indicator.title):
        return "count"
    return "number"


def format_number(value: Decimal | float | None, decimals: int, unit: str) -> str:
    """As the paper prints it: half up, thousands separators, % for percentages."""
    if value is None:
        return ""
    rounded = round_half_up(Decimal(str(value)), decimals)
    text = f"{rounded:,.{decimals}f}"
    if text.startswith("-") and rounded == 0:
        text = text[1:]
    return text + ("%" if unit == "percent" else "")


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Half up, with precision for any number a cell can hold (15 digits each side of the
    point), so no Decimal exception can escape for a finite input."""
    with localcontext() as context:
        context.prec = 60
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _headline(indicator: Indicator, info: IndicatorInfo, unit: str,
              series: list[tuple[Period, Value]], points: list[tuple[Period, Decimal]],
              as_of: Period, current: bool, warnings: list) -> Headline:
    decimals = max([v.decimals for _, v in series if v.is_number] or [0])
    latest = points[-1][1] if points else None
    start = as_of.financial_year_start
    ytd_points = [v for p, v in points if p >= start]
    aggregation = info.aggregation or ("sum" if unit == "count" else "mean")
    if not ytd_points:
        ytd = None
    elif aggregation == "sum":
        ytd = sum(ytd_points, Decimal(0))
    else:
        ytd = sum(ytd_points, Decimal(0)) / len(ytd_points)
    basis = info.basis or indicator.reported_basis
    if basis is None:
        basis = _basis_matching_reported(indicator, latest, ytd, decimals, unit) if current \
            else None
        if basis is None:
            basis = "latest"
    if current and info.basis and indicator.reported_basis and info.basis != indicator.reported_basis:
        warnings.append(("basis", f"{indicator.id}: the catalogue's basis {info.basis} overrides the "
                        f"scorecard's {indicator.reported_basis_text}"))
    value = ytd if basis == "ytd" else latest
    rounded = round_half_up(value, decimals) if value is not None else None
    return Headline(basis, value, rounded, decimals, format_number(value, decimals, unit))


def _basis_matching_reported(indicator: Indicator, latest: Decimal | None, ytd: Decimal | None,
                             decimals: int, unit: str) -> str | None:
    """Where neither table nor catalogue says, the basis whose value the table reports."""
    reported = indicator.reported_headline
    if not reported.is_number:
        return None
    target = round_half_up(Decimal(str(reported.number)), reported.decimals)
    for basis, value in (("ytd", ytd), ("latest", latest)):
        if value is not None and round_half_up(value, reported.decimals) == target:
            return basis
    return None


def _amber_band(target: float | None, info: IndicatorInfo, rules: RuleSet) -> Decimal | None:
    """The catalogue's tolerance for this indicator, else the rules' default; a share of the
    target where relative (so a target of 0 has no amber band)."""
    if target is None:
        return None
    if info.amber_tolerance is not None:
        relative, tolerance = info.amber_relative, Decimal(str(info.amber_tolerance))
    else:
        relative, tolerance = rules.rag.default_relative, Decimal(str(rules.rag.default_tolerance))
    return abs(Decimal(str(target))) * tolerance if relative else tolerance


def _rag(value: Decimal | None, target: float | None, band: Decimal | None, polarity: str | None,
         indicator: Indicator, warnings: list) -> str:
    if value is None or target is None or band is None:
        return "grey"
    if polarity is None:
        warnings.append(("polarity",
                         f"{indicator.id}: has a target but no polarity, so no RAG is given"))
        return "grey"
    goal = Decimal(str(target))
    margin = value - goal if polarity == "bigger_is_better" else goal - value
    if margin >= 0:
        return "green"
    return "amber" if -margin <= band else "red"


def _vs_target(value: Decimal | None, target: float | None, polarity: str | None) -> float | None:
    if value is None or target is None or polarity is None:
        return None
    margin = value - Decimal(str(target))
    return float(margin if polarity == "bigger_is_better" else -margin)


def _is_flat(before: Decimal, after: Decimal, unit: str, rules: RuleSet) -> bool:
    delta = abs(after - before)
    if unit == "percent":
        return delta <= Decimal(str(rules.trend.stable_points))
    return delta <= abs(before) * Decimal(str(rules.trend.stable_relative))


def _judge_step(before: Decimal, after: Decimal, unit: str, polarity: str | None,
                rules: RuleSet) -> tuple[Direction, Trend | None]:
    if _is_flat(before, after, unit, rules):
        return "flat", "stable"
    direction: Direction = "rising" if after > before else "falling"
    if polarity is None:
        return direction, None
    good = (direction == "rising") == (polarity == "bigger_is_better")
    return direction, "improving" if good else "worsening"


def _trend_window(values: list[Decimal], window: int) -> tuple[Decimal | None, Decimal | None]:
    """Mean of the (up to) `window` data points before the last `window`, and of the last."""
    if len(values) < window + 1:
        return None, None
    recent = values[-window:]
    earlier = values[-2 * window:-window]
    return sum(earlier) / len(earlier), sum(recent) / len(recent)


def _anchor_points(points: list[tuple[Period, Decimal]], as_of: Period
                   ) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The as-of month's value, the month before's, and the same month a year earlier's."""
    by_period = dict(points)
    return by_period.get(as_of), by_period.get(as_of.shift(-1)), by_period.get(as_of.shift(-12))


def _step(before: Decimal | None, after: Decimal | None, unit: str, polarity: str | None,
          rules: RuleSet) -> tuple[Direction | None, Trend | None]:
    if before is None or after is None:
        return None, None
    return _judge_step(before, after, unit, polarity, rules)


def _benchmarks(indicator: Indicator, value: Decimal | None, unit: str, polarity: str | None,
                rules: RuleSet) -> tuple[BenchmarkPosition, ...]:
    """Position against each comparator of the same kind (a count is not set against a total)."""
    settings = rules.benchmarks
    positions = []
    for comparator in indicator.comparators:
        other = comparator.value
        comparable = (unit in settings.units and other.is_number and value is not None
                      and other.percent == (unit == "percent"))
        position = None
        if comparable and polarity is not None:
            theirs = Decimal(str(other.number))
            delta = value - theirs  # type: ignore[operator]
            band = Decimal(str(settings.similar_points)) if unit == "percent" \
                else abs(theirs) * Decimal(str(settings.similar_relative))
            if abs(delta) <= band:
                position = "similar"
            else:
                position = "better" if (delta > 0) == (polarity == "bigger_is_better") else "worse"
        positions.append(BenchmarkPosition(comparator.name, other, position))  # type: ignore[arg-type]
    return tuple(positions)


def _benchmark_summary(benchmarks: tuple[BenchmarkPosition, ...]) -> str | None:
    judged = {b.position for b in benchmarks if b.position is not None}
    if not judged:
        return None
    return judged.pop() if len(judged) == 1 else "mixed"


def _months_off_target(points: list[tuple[Period, Decimal]], target: float | None,
                       polarity: str | None) -> int:
    """How many of the most recent months with data, in a row, missed the target."""
    if target is None or polarity is None:
        return 0
    goal = Decimal(str(target))
    count = 0
    for _, value in reversed(points):
        missed = value < goal if polarity == "bigger_is_better" else value > goal
        if not missed:
            break
        count += 1
    return count


def _compare_reported(indicator: Indicator, headline: Headline, rag: str, latest: Period,
                      warnings: list) -> None:
    """Say where the table's own RAG or headline differs from ours, naming both values, in
    words a committee can read (the paper prints these as its notes on the data)."""
    reported = indicator.reported_headline
    if reported.is_number and headline.value is not None:
        theirs = round_half_up(Decimal(str(reported.number)), reported.decimals)
        ours = round_half_up(headline.value, reported.decimals)
        if theirs != ours:
            month = latest.long_label.split(" ")[0]
            ytd = headline.basis == "ytd"
            warnings.append(("headline",
                f"{indicator.id}: the scorecard gives {reported.text} as the "
                f"{'year-to-date' if ytd else 'latest'} value, its "
                f"{'year to date to ' + month if ytd else month + ' figure'} is "
                f"{headline.text}; the paper shows {headline.text}"))
    if indicator.reported_rag is not None and indicator.reported_rag != rag:
        warnings.append(("rag", f"{indicator.id}: the scorecard rates it "
                                f"{RAG_LABELS[indicator.reported_rag]}; against its target and "
                                f"amber band it is {RAG_LABELS[rag]}, as the paper shows"))
