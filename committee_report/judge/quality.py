"""Data-quality flags: rows that should not be judged as they stand, found before they mislead.

Each flag is a code (kept on the Assessment and in the JSON) with a located one-line message
(a warning in `validate`, the JSON and the paper's notes on the data). The checks are general:
titles, sums and each indicator's own range, never particular councils' rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from statistics import median

from committee_report.model import Indicator, Period, Scorecard

Point = tuple[Period, Decimal]
Flag = tuple[str, str, str]
"""(code, column role for the location, message)."""

FLAGS: dict[str, str] = {
    "untitled": "a row with values but no title",
    "totals": "a totals or summary row among the indicators",
    "outlier": "a value far outside the indicator's own range, or a percentage over 100",
    "headline": "the table's headline disagrees with its own periods",
    "retitled": "the previous scorecard gives this id a different title",
    "trend_gap": "the trend window spans a gap longer than itself, so no trend is claimed",
}

_TOTALS = re.compile(
    r"^(grand\s+|sub[\s-]?)?totals?\b(\s*[:(\-].*)?$|^(summary|overall|"
    r"all indicators|all kpis)$",
    re.IGNORECASE,
)
_GROWTH = re.compile(r"\b(increase|growth|change|variance|index)\b", re.IGNORECASE)


def row_flags(
    indicator: Indicator, points: Sequence[Point], unit: str, outlier_factor: float
) -> list[Flag]:
    """Flags a row earns on its own: no title, a totals title, values out of its range."""
    flags: list[Flag] = []
    has_values = bool(points) or indicator.reported_headline.is_number or indicator.target.is_number
    if has_values and not indicator.title.strip():
        flags.append(
            (
                "untitled",
                "title",
                (
                    f"{indicator.id}: the row has values but no title; "
                    "is it a continuation or a note row?"
                ),
            )
        )
    if _TOTALS.match(indicator.title.strip()) or _TOTALS.match(indicator.id.strip()):
        flags.append(
            (
                "totals",
                "title",
                (
                    f"{indicator.id}: {indicator.title or indicator.id!r} "
                    "looks like a totals or summary row, not an indicator"
                ),
            )
        )
    for period, value, middle in outliers(points, unit, outlier_factor):
        side = (
            f"{outlier_factor:g} times or more"
            if value > middle
            else f"1/{outlier_factor:g} or less of"
        )
        flags.append(
            (
                "outlier",
                str(period),
                (
                    f"{indicator.id}: {period.label} is {float(value):g}, "
                    f"{side} the median of its values ({float(middle):g}); is it a typo?"
                ),
            )
        )
    if unit == "percent" and not _GROWTH.search(indicator.title):
        for period, value in points:
            if value > 100:
                flags.append(
                    (
                        "outlier",
                        str(period),
                        f"{indicator.id}: {period.label} is {float(value):g}%, over 100%",
                    )
                )
    return flags


def outliers(
    points: Sequence[Point], unit: str, factor: float
) -> list[tuple[Period, Decimal, Decimal]]:
    """Values `factor` times or more, or one `factor`th or less, of the median of the
    indicator's values (three values at least, so one typo cannot move the median far;
    signed series skipped, and a zero, which no ratio can judge, never flagged)."""
    values = [v for _, v in points]
    if len(values) < 3 or any(v < 0 for v in values):
        return []
    middle = Decimal(str(median(values)))
    if middle <= 0:
        return []
    scale = Decimal(str(factor))
    return [
        (period, value, middle)
        for period, value in points
        if value != 0 and (value >= middle * scale or value * scale <= middle)
    ]


def totals_rows(scorecard: Scorecard, upto: Period) -> dict[str, Flag]:
    """Rows whose every value is the sum of the other rows of their section (three rows and
    two periods at least), whatever their title says. One pass per section: a row is the sum
    of the others where twice its value is the section's total."""
    found: dict[str, Flag] = {}
    columns = [i for i, p in enumerate(scorecard.periods) if p <= upto]
    sections: dict[str | None, list[Indicator]] = {}
    for indicator in scorecard.indicators:
        sections.setdefault(indicator.section, []).append(indicator)
    for members in sections.values():
        if len(members) < 3:
            continue
        totals: dict[int, Decimal] = {}
        for i in columns:
            cells = [m.series[i] for m in members]
            if all(c.is_number for c in cells):
                totals[i] = sum((Decimal(str(c.number)) for c in cells), Decimal(0))
        if len(totals) < 2:
            continue
        for candidate in members:
            if all(
                2 * Decimal(str(candidate.series[i].number)) == total for i, total in totals.items()
            ):
                found[candidate.id] = (
                    "totals",
                    "title",
                    (
                        f"{candidate.id}: its values are the sums of the other {len(members) - 1} "
                        "rows of its section; is it a totals row?"
                    ),
                )
    return found


def retitled(current: Scorecard, previous: Scorecard) -> dict[str, str]:
    """Ids the previous scorecard gives another title: id -> message. Titles are compared
    without case, spacing and punctuation, so a restyled title is the same one."""
    before = {i.id: i.title for i in previous.indicators}
    found = {}
    for indicator in current.indicators:
        old = before.get(indicator.id)
        if old is not None and _words(old) != _words(indicator.title):
            found[indicator.id] = (
                f"{indicator.id}: the previous scorecard ({previous.path}) "
                f"titles it {old!r}, now {indicator.title!r}; the movement "
                "since then is not shown"
            )
    return found


def _words(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.casefold()))
