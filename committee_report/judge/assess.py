"""The judgement: headline values, RAG, direction of travel, benchmark position and category.

Pure functions over the model; no I/O, no drawing, no words beyond the rule that fired (the
narrative module turns judgements into sentences). Any month of the scorecard can be the "as of"
month, so an earlier paper can be re-judged with the same rules to show movement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from committee_report.errors import format_location
from committee_report.inputs.config import Catalogue
from committee_report.judge import metrics, quality
from committee_report.judge.rules import RuleSet
from committee_report.model import (
    RAG_LABELS,
    Assessment,
    Basis,
    BenchmarkPosition,
    Indicator,
    IndicatorInfo,
    Period,
    Rag,
    RagSource,
    Scorecard,
    Unit,
    Value,
)

_RATE = re.compile(r"\brates?\b|\bper\s+[\d,]+\b", re.IGNORECASE)
_NOT_COUNT = re.compile(r"\b(average|mean|median|rate|ratio|per)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Headline:
    basis: Basis
    value: Decimal | None
    rounded: Decimal | None
    decimals: int
    text: str


def judge(
    scorecard: Scorecard,
    catalogue: Catalogue,
    rules: RuleSet,
    as_of: Period | None = None,
    current: bool | None = None,
) -> list[Assessment]:
    """Judge every indicator as it stood at `as_of` (default: the latest period of the table);
    `current` says it is the paper's own period (default: when it is the table's last)."""
    as_of = as_of or scorecard.periods[-1]
    current = as_of == scorecard.periods[-1] if current is None else current
    totals = quality.totals_rows(scorecard, as_of) if current else {}
    return [
        judge_indicator(
            scorecard.periods,
            ind,
            catalogue.info(ind.id),
            rules,
            as_of,
            current,
            scorecard.headers,
            flags=[totals[ind.id]] if ind.id in totals else [],
        )
        for ind in scorecard.indicators
    ]


def judge_indicator(
    periods: tuple[Period, ...],
    indicator: Indicator,
    info: IndicatorInfo,
    rules: RuleSet,
    as_of: Period,
    current: bool = True,
    headers: dict[str, str] | None = None,
    flags: list[quality.Flag] | None = None,
) -> Assessment:
    kind = indicator.kind
    first_own = next((p for p in periods if p.kind == kind), None)
    anchor = (
        as_of
        if as_of.kind == kind or first_own is None
        else as_of.latest_of(kind, first_own.fiscal)
    )
    series = [(p, v) for p, v in zip(periods, indicator.series) if p.kind == kind and p <= as_of]
    points = [(p, Decimal(str(v.number))) for p, v in series if v.is_number]
    headline_period = points[-1][0] if points else None
    at_anchor = next((v for p, v in series if p == anchor), None)
    polarity = indicator.polarity or info.polarity
    unit = info.unit or infer_unit(indicator)
    warnings: list = []
    flags = list(flags or [])
    if current:
        flags = quality.row_flags(indicator, points, unit, rules.quality.outlier_factor) + flags
    headline = _headline(indicator, info, unit, series, points, anchor, current, warnings)
    target_value = indicator.target_for(headline_period)
    target = target_value.number if target_value.is_number else None
    if (
        target is not None
        and headline_period is not None
        and (info.target_profile == "pro_rata" or info.target_shares)
    ):
        target = _profiled(target, headline_period, info.target_shares)
    shown = headline.rounded if rules.rag.compare == "displayed" else headline.value
    band = _amber_band(target, info, rules)
    computed = _rag(shown, target, band, polarity, indicator, warnings)
    in_line = computed in ("amber", "red") and _in_line(shown, target, polarity, info, rules)
    if in_line:
        computed = "green"
    rag, rag_source = _placing_rag(computed, indicator.reported_rag, rules)
    rhythm = metrics.step(points)
    gap = metrics.window_gap(points, rules.trend.window, rhythm)
    values = [v for _, v in points]
    window = _trend_window(values, rules.trend.window) if gap is None else (None, None)
    if gap is not None and current:
        flags.append(
            (
                "trend_gap",
                "",
                (
                    f"{indicator.id}: {gap} periods without a value inside the last "
                    f"{2 * rules.trend.window} values, longer than the "
                    f"{rules.trend.window}-value trend window; no trend is claimed"
                ),
            )
        )
    change, trend = _step(*window, unit, polarity, rules)
    last, before, year_ago = _anchor_points(points, anchor)
    short_change, short_trend = _step(before, last, unit, polarity, rules)
    long_change, long_trend = _step(year_ago, last, unit, polarity, rules)
    benchmarks = _benchmarks(indicator, shown, unit, polarity, rules) if current else ()
    off = _months_off_target(points, target, polarity)
    if current:
        flags += _compare_reported(
            indicator, headline, computed, rag_source, points[-1][0] if points else as_of, warnings
        )
    yoy = metrics.year_on_year(points, unit, polarity, rules)
    previous = metrics.vs_previous(points, unit, polarity, rules, rhythm)
    age = metrics.age(points, anchor)
    stale = metrics.is_stale(
        points,
        anchor,
        rules.stale.missed_updates,
        rhythm,
        not_measured=at_anchor is not None and at_anchor.status == "not_measured",
    )
    if stale and current:
        warnings.append(
            (
                "",
                (
                    f"{indicator.id}: stale: the latest value is for {headline_period.label}, "  # type: ignore[union-attr]
                    f"older than the paper's {anchor.noun} {anchor.label}, so it is not judged as "
                    'current; it is not placed, and is listed under "Not updated this period"'
                ),
            )
        )
    provisional = bool(points) and next(v for _, v in reversed(series) if v.is_number).provisional
    # Improvement on a year earlier, or the council's own word for it; a few months' trend
    # is not enough to soften a Red.
    improving = yoy == "better" or indicator.reported_trend == "improving"
    values_for_rules: dict[str, Any] = {
        "stale": stale,
        "age": age,
        "periodicity": metrics.periodicity(points, anchor.periods_per_year, rhythm),
        "provisional": provisional,
        "rag": rag,
        "computed_rag": computed,
        "reported_rag": indicator.reported_rag,
        "rag_source": rag_source,
        "in_line_with_target": in_line,
        "improving_below_target": rag == "red" and improving,
        "trend": trend,
        "reported_trend": indicator.reported_trend,
        "change": change,
        "yoy": yoy,
        "vs_previous": previous,
        "has_target": target is not None,
        "has_polarity": polarity is not None,
        "unit": unit,
        "basis": headline.basis,
        "months_off_target": off,
        "vs_target": _vs_target(shown, target, polarity),
        "benchmarks": _benchmark_summary(benchmarks),
        "benchmarks_better": sum(b.position == "better" for b in benchmarks),
        "benchmarks_worse": sum(b.position == "worse" for b in benchmarks),
        **metrics.by_kind(benchmarks),
        "benchmark": {b.name: b.position for b in benchmarks},
        "data_points": len(points),
        "group": info.group,
        "section": indicator.section,
    }
    judged = bool(points) or rag_source == "reported"
    rule, trace = rules.classify(values_for_rules) if judged else (rules.default, ())
    # A missing title is told once, by judge.checks (listed first by validate); the flag stays
    # in `quality` for the JSON.
    warnings += [(role, message) for code, role, message in flags if code != "untitled"]
    return Assessment(
        indicator=indicator,
        info=info,
        unit=unit,
        basis=headline.basis,
        headline=float(headline.rounded) if headline.rounded is not None else None,
        headline_text=headline.text,
        target=target,
        rag=rag,
        trend=trend,
        benchmarks=benchmarks,
        months_off_target=off,
        category=rule.category if judged else None,  # type: ignore[arg-type]
        rule=rule.id if judged else None,
        reasons=(),
        trace=trace,
        warnings=tuple(_locate(indicator, headers or {}, w) for w in warnings),
        change=change,
        trend_before=float(window[0]) if window[0] is not None else None,
        trend_after=float(window[1]) if window[1] is not None else None,
        amber_band=float(band) if band is not None else None,
        latest_rag=_rag(points[-1][1], target, band, polarity, indicator, []) if points else None,
        short_trend=short_trend,
        short_change=short_change,
        long_trend=long_trend,
        long_change=long_change,
        commentary=indicator.commentary or info.commentary,
        computed_rag=computed,
        rag_source=rag_source,
        in_line=in_line,
        yoy=yoy,
        vs_previous=previous,
        last_period=headline_period,
        age=values_for_rules["age"],
        stale=stale,
        provisional=provisional,
        periodicity=values_for_rules["periodicity"],
        quality=tuple(dict.fromkeys(code for code, _, _ in flags)),
        metrics=tuple(
            [
                (k, tuple(v.items()) if isinstance(v, dict) else v)
                for k, v in values_for_rules.items()
            ]
        ),
        headline_period=headline_period,
    )


def _placing_rag(
    computed: Rag, reported: Rag | None, rules: RuleSet
) -> tuple[Rag, RagSource | None]:
    """The rules' RAG where they can give one, else the council's; `rag.prefer: reported`
    lets the council's own rating place the indicator wherever it gives one."""
    rated = reported not in (None, "grey")
    if computed != "grey" and not (rules.rag.prefer == "reported" and rated):
        return computed, "computed"
    if reported is not None and rated:
        return reported, "reported"
    return "grey", None


def _in_line(
    value: Decimal | None,
    target: float | None,
    polarity: str | None,
    info: IndicatorInfo,
    rules: RuleSet,
) -> bool:
    """Short of target by no more than the on-target band (the catalogue's, else the rules'):
    "in line with target", which the council counts as met."""
    if value is None or target is None or polarity is None:
        return False
    if info.on_target_band is not None:
        band = Decimal(str(info.on_target_band))
    else:
        band = Decimal(str(rules.rag.on_target_band))
        if rules.rag.on_target_relative:
            band = abs(Decimal(str(target))) * band
    if band <= 0:
        return False
    goal = Decimal(str(target))
    margin = value - goal if polarity == "bigger_is_better" else goal - value
    return -band <= margin < 0


def _locate(indicator: Indicator, headers: dict[str, str], warning: tuple[str, str] | str) -> str:
    role, message = warning if isinstance(warning, tuple) else ("", warning)
    return format_location(
        indicator.source.file, indicator.source.row, headers.get(role, role) or None, message
    )


def infer_unit(indicator: Indicator) -> Unit:
    """Percent if the cells say so; a rate or average by its title; else a count of whole
    numbers."""
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


_WIDE = Context(prec=60)
"""Precision for any number a cell can hold (15 digits each side of the point)."""
_EXPONENTS = [Decimal(1).scaleb(-n) for n in range(16)]


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Half up, with precision enough that no Decimal exception can escape for a finite
    input (one context for every call: judging rounds each indicator several times)."""
    exponent = _EXPONENTS[decimals] if 0 <= decimals < 16 else Decimal(1).scaleb(-decimals)
    return value.quantize(exponent, rounding=ROUND_HALF_UP, context=_WIDE)


def _headline(
    indicator: Indicator,
    info: IndicatorInfo,
    unit: str,
    series: list[tuple[Period, Value]],
    points: list[tuple[Period, Decimal]],
    as_of: Period,
    current: bool,
    warnings: list,
) -> Headline:
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
    basis: Basis | None = info.basis or indicator.reported_basis
    if basis is None:
        basis = (
            _basis_matching_reported(indicator, latest, ytd, decimals, unit) if current else None
        )
        if basis is None:
            basis = "latest"
    if (
        current
        and info.basis
        and indicator.reported_basis
        and info.basis != indicator.reported_basis
    ):
        warnings.append(
            (
                "basis",
                (
                    f"{indicator.id}: the catalogue's basis {info.basis} "
                    f"overrides the scorecard's {indicator.reported_basis_text}"
                ),
            )
        )
    value = ytd if basis == "ytd" else latest
    rounded = round_half_up(value, decimals) if value is not None else None
    return Headline(basis, value, rounded, decimals, format_number(value, decimals, unit))


def _basis_matching_reported(
    indicator: Indicator, latest: Decimal | None, ytd: Decimal | None, decimals: int, unit: str
) -> Basis | None:
    """Where neither table nor catalogue says, the basis whose value the table reports."""
    reported = indicator.reported_headline
    if not reported.is_number:
        return None
    target = round_half_up(Decimal(str(reported.number)), reported.decimals)
    candidates: tuple[tuple[Basis, Decimal | None], ...] = (("ytd", ytd), ("latest", latest))
    for basis, value in candidates:
        if value is not None and round_half_up(value, reported.decimals) == target:
            return basis
    return None


def _profiled(annual: float, period: Period, shares: tuple[float, ...]) -> float:
    """The part of an annual target due by the end of `period`: the catalogue's share for that
    quarter or month of the financial year, else pro rata (months elapsed over twelve: Q2 is
    half the year's target)."""
    elapsed = period.index - period.financial_year_start.index + 1
    if shares:
        step = 12 // len(shares)
        share = (
            Decimal(str(shares[max(0, elapsed // step - 1)])) / 100
            if elapsed >= step
            else Decimal(0)
        )
    else:
        share = Decimal(elapsed) / 12
    return float(round_half_up(Decimal(str(annual)) * share, 6))


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


def _rag(
    value: Decimal | None,
    target: float | None,
    band: Decimal | None,
    polarity: str | None,
    indicator: Indicator,
    warnings: list,
) -> Rag:
    if value is None or target is None or band is None:
        return "grey"
    if polarity is None:
        warnings.append(
            ("polarity", f"{indicator.id}: has a target but no polarity, so no RAG is given")
        )
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


def _trend_window(values: list[Decimal], window: int) -> tuple[Decimal | None, Decimal | None]:
    """Mean of the (up to) `window` data points before the last `window`, and of the last."""
    if len(values) < window + 1:
        return None, None
    recent = values[-window:]
    earlier = values[-2 * window : -window]
    return (sum(earlier, Decimal(0)) / len(earlier), sum(recent, Decimal(0)) / len(recent))


def _anchor_points(
    points: list[tuple[Period, Decimal]], as_of: Period
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The as-of period's value, the period before's, and the same period a year earlier's,
    each of the indicator's own kind (month, quarter or year)."""
    by_period = dict(points)
    return (
        by_period.get(as_of),
        by_period.get(as_of.previous()),
        by_period.get(as_of.year_earlier()),
    )


_step = metrics.compare_step


def _benchmarks(
    indicator: Indicator, value: Decimal | None, unit: str, polarity: str | None, rules: RuleSet
) -> tuple[BenchmarkPosition, ...]:
    """Position against each comparator of the same kind (a count is not set against a total)."""
    settings = rules.benchmarks
    positions = []
    for comparator in indicator.comparators:
        other = comparator.value
        comparable = (
            unit in settings.units
            and other.is_number
            and value is not None
            and other.percent == (unit == "percent")
        )
        position = None
        if comparable and polarity is not None:
            theirs = Decimal(str(other.number))
            delta = value - theirs  # type: ignore[operator]
            band = (
                Decimal(str(settings.similar_points))
                if unit == "percent"
                else abs(theirs) * Decimal(str(settings.similar_relative))
            )
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


def _months_off_target(
    points: list[tuple[Period, Decimal]], target: float | None, polarity: str | None
) -> int:
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


def _compare_reported(
    indicator: Indicator,
    headline: Headline,
    computed: str,
    rag_source: str | None,
    latest: Period,
    warnings: list,
) -> list[quality.Flag]:
    """Say where the table's own RAG or headline differs from ours, naming both values in words a
    committee can read (the paper prints them as its notes on the data); a headline that
    disagrees with the periods is a data-quality flag."""
    flags: list[quality.Flag] = []
    reported = indicator.reported_headline
    if reported.is_number and headline.value is not None:
        theirs = round_half_up(Decimal(str(reported.number)), reported.decimals)
        ours = round_half_up(headline.value, reported.decimals)
        if theirs != ours:
            month = latest.long_label.split(" ")[0]
            ytd = headline.basis == "ytd"
            flags.append(
                (
                    "headline",
                    "headline",
                    (
                        f"{indicator.id}: the scorecard gives {reported.text} as the "
                        f"{'year-to-date' if ytd else 'latest'} value, its "
                        f"{'year to date to ' + month if ytd else month + ' figure'} is "
                        f"{headline.text}; the paper shows {headline.text}"
                    ),
                )
            )
    if (
        indicator.reported_rag is not None
        and indicator.reported_rag != computed
        and computed != "grey"
    ):
        placed = "the council's" if rag_source == "reported" else "the rules'"
        warnings.append(
            (
                "rag",
                (
                    f"{indicator.id}: the scorecard's RAG is "
                    f"{RAG_LABELS[indicator.reported_rag]} but the rules give "
                    f"{RAG_LABELS[computed]}; the paper shows both and places it "
                    f"by {placed}"
                ),
            )
        )
    return flags
