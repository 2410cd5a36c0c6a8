"""Metrics over an indicator's own periods: steps between values, age, year on year, the
previous period, benchmark kinds and gaps in a trend window.

Periods are compared only through `distance` and `year_earlier`, in periods of the indicator's
own kind, so the same functions hold for months, quarters or years. Pure functions; no words
beyond metric values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from committee_report.model import (
    PERIOD_SPAN,
    BenchmarkPosition,
    Comparison,
    Direction,
    Period,
    Trend,
)

if TYPE_CHECKING:
    from committee_report.judge.rules import RuleSet

Point = tuple[Period, Decimal]

_AS_COMPARISON: dict[str | None, Comparison | None] = {
    "improving": "better",
    "stable": "similar",
    "worsening": "worse",
    None: None,
}

# Comparator names by kind, as councils head the columns or rows.
BENCHMARK_KINDS: dict[str, re.Pattern[str]] = {
    "vs_england": re.compile(r"\b(england|national|scotland|wales|all wales)\b", re.IGNORECASE),
    "vs_neighbours": re.compile(
        r"neighbou?rs?\b|\bnbrs?\b|family group|statistical|\bsn\b", re.IGNORECASE
    ),
    "vs_region": re.compile(
        r"\b(region(al)?|london|south east|south west|north east|north west|"
        r"east midlands|west midlands|yorkshire|east of england)\b",
        re.IGNORECASE,
    ),
}


def as_comparison(trend: Trend | None) -> Comparison | None:
    """improving / stable / worsening as better / similar / worse."""
    return _AS_COMPARISON[trend]


def distance(earlier: Period, later: Period) -> int:
    """Whole periods of `later`'s kind from `earlier` to `later` (both of one kind)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month  # index - index
    return months // PERIOD_SPAN[later.kind]


def step(points: Sequence[Point]) -> int:
    """The indicator's own rhythm: the median distance between its values, in periods (1 for a
    single value, so a lone figure is expected every period)."""
    gaps = [distance(a, b) for (a, _), (b, _) in pairwise(points)]
    return max(1, int(median(gaps))) if gaps else 1


def periodicity(points: Sequence[Point], per_year: int, rhythm: int | None = None) -> str | None:
    """monthly, quarterly or annual by the usual step between values, else irregular."""
    if len(points) < 2:
        return None
    months = (rhythm or step(points)) * 12 // per_year if 12 % per_year == 0 else None
    return {1: "monthly", 3: "quarterly", 12: "annual"}.get(months or 0, "irregular")


def age(points: Sequence[Point], as_of: Period) -> int | None:
    """Periods from the latest value to the as-of period; None with no value at all."""
    return distance(points[-1][0], as_of) if points else None


def is_stale(
    points: Sequence[Point],
    as_of: Period,
    missed_updates: int,
    rhythm: int | None = None,
    not_measured: bool = False,
) -> bool:
    """More than `missed_updates` of the indicator's own updates are missing by `as_of` (the
    paper's period as a period of the indicator's own kind). The one place staleness is decided:
    the JSON's `stale`, the paper's "Not current" and the `stale` rule metric all read it.

    An indicator reported every period of its kind misses an update as soon as the paper's own
    period has none; one reported every `rhythm` > 1 periods (an audit every three months in a
    monthly table) only once a whole rhythm has passed after an update fell due, since which
    period it falls in is not known. A period the council marks as not measured (`not_measured`,
    e.g. `BM` for a bi-monthly audit) leaves the last value current."""
    periods = age(points, as_of)
    if periods is None or not_measured:
        return False
    rhythm = rhythm or step(points)
    missed = periods // rhythm if rhythm == 1 else max(0, periods - 1) // rhythm
    return missed > missed_updates


def is_flat(before: Decimal, after: Decimal, unit: str, rules: RuleSet) -> bool:
    delta = abs(after - before)
    if unit == "percent":
        return delta <= Decimal(str(rules.trend.stable_points))
    return delta <= abs(before) * Decimal(str(rules.trend.stable_relative))


def judge_step(
    before: Decimal, after: Decimal, unit: str, polarity: str | None, rules: RuleSet
) -> tuple[Direction, Trend | None]:
    """Which way a value moved, and whether that is better, within the stable band."""
    if is_flat(before, after, unit, rules):
        return "flat", "stable"
    direction: Direction = "rising" if after > before else "falling"
    if polarity is None:
        return direction, None
    good = (direction == "rising") == (polarity == "bigger_is_better")
    return direction, "improving" if good else "worsening"


def compare_step(
    before: Decimal | None, after: Decimal | None, unit: str, polarity: str | None, rules: RuleSet
) -> tuple[Direction | None, Trend | None]:
    if before is None or after is None:
        return None, None
    return judge_step(before, after, unit, polarity, rules)


def year_on_year(
    points: Sequence[Point], unit: str, polarity: str | None, rules: RuleSet
) -> Comparison | None:
    """The latest value against the same period a year before it (not against an older or a
    newer one), polarity aware."""
    if not points:
        return None
    last, value = points[-1]
    earlier = dict(points).get(last.year_earlier())
    return as_comparison(compare_step(earlier, value, unit, polarity, rules)[1])


def vs_previous(
    points: Sequence[Point],
    unit: str,
    polarity: str | None,
    rules: RuleSet,
    rhythm: int | None = None,
) -> Comparison | None:
    """The latest value against the one before, where that is one step of the indicator's own
    rhythm earlier (a value after a gap is not compared with the one before the gap)."""
    if len(points) < 2:
        return None
    (before_period, before), (last_period, last) = points[-2], points[-1]
    if distance(before_period, last_period) != (rhythm or step(points)):
        return None
    return as_comparison(compare_step(before, last, unit, polarity, rules)[1])


def window_gap(points: Sequence[Point], window: int, rhythm: int | None = None) -> int | None:
    """The longest run of missing updates inside the two trend windows, in periods, when it is
    longer than a window itself (so a trend would join figures from far apart); else None."""
    span = list(points[-2 * window :])
    if len(span) < window + 1:
        return None
    rhythm = rhythm or step(points)
    missing = max((distance(a, b) - rhythm for (a, _), (b, _) in pairwise(span)), default=0)
    return missing if missing > window * rhythm else None


def by_kind(benchmarks: Sequence[BenchmarkPosition]) -> dict[str, Comparison | None]:
    """Position against England, neighbours and the region; None where there is no such
    comparator or the comparators of that kind disagree."""
    result: dict[str, Comparison | None] = {}
    for kind, pattern in BENCHMARK_KINDS.items():
        found = {b.position for b in benchmarks if b.position and pattern.search(b.name)}
        result[kind] = found.pop() if len(found) == 1 else None
    return result
