"""Words from judgements: reasons, one sentence per indicator, chart titles, alt text, bullets.

Everything here is filled from templates with figures the engine already computed; it formats,
it does not judge.
"""

from __future__ import annotations

import re
from dataclasses import replace

from committee_report.inputs.config import Catalogue
from committee_report.judge.assess import format_number
from committee_report.judge.rules import Rule, RuleSet
from committee_report.model import (
    CATEGORIES,
    RAG_LABELS,
    Assessment,
    Bullet,
    Period,
    Scorecard,
)
from committee_report.paper.notes import committee_note

_LEADING_ACRONYM = re.compile(r"^[A-Z0-9&]{2,}\b")
_NEEDS_ARTICLE = re.compile(r"^(percentage|proportion|number|rate|average|share)\b")
_POLARITY_WORDS = {"bigger_is_better": "bigger is better", "smaller_is_better": "smaller is better"}


def describe(assessments: list[Assessment], rules: RuleSet, scorecard: Scorecard,
             as_of: Period) -> list[Assessment]:
    """Add reasons, narrative, chart title and alt text to each judged indicator."""
    by_id = {rule.id: rule for rule in (*rules.rules, rules.default)}
    described = []
    for item in assessments:
        rule = by_id.get(item.rule or "")
        values = placeholders(item, rules, as_of)
        reasons = [rule.reason.format(**values)] if rule else []
        reasons += _evidence(item, rules)
        described.append(replace(
            item,
            reasons=tuple(reasons),
            narrative=_sentence(rule, values) if rule and item.category else "",
            chart_title=chart_title(item),
            chart_alt=alt_text(item, scorecard.periods, as_of),
        ))
    return described


def placeholders(item: Assessment, rules: RuleSet, as_of: Period) -> dict[str, str]:
    name = short_name(item)
    headline, target = item.headline, item.target
    side = "at"
    if headline is not None and target is not None:
        side = "below" if headline < target else "above" if headline > target else "at"
    polarity = item.polarity
    good = item.rag == "green"
    return {
        "name": name[:1].upper() + name[1:],
        "name_lower": mid_sentence(name),
        "id": item.id,
        "headline": item.headline_text or "no data",
        "target": target_text(item),
        "rag": RAG_LABELS[item.rag],
        "basis": "year to date" if item.basis == "ytd" else f"latest, {as_of.label}",
        "side": side,
        "level": "high" if polarity == "smaller_is_better" else "low",
        "trend": item.trend or "not judged",
        "trend_phrase": f" and {item.trend}" if item.trend else "",
        "benchmark_phrase": benchmark_phrase(item, good),
        "months_off_target": str(item.months_off_target),
        "window": str(rules.trend.window),
        "change_phrase": change_phrase(item, rules.trend.window),
        "period": as_of.long_label,
    }


def short_name(item: Assessment) -> str:
    """The indicator's name in sentences; its id where the table gives no title, so no
    sentence lacks its subject."""
    return (item.info.short_title or item.indicator.title).strip() or item.id


def mid_sentence(name: str) -> str:
    """Lower-case the first letter unless the name starts with an acronym (CIN, CLA, EET)."""
    if _LEADING_ACRONYM.match(name):
        return name
    return name[:1].lower() + name[1:]


def target_text(item: Assessment) -> str:
    if item.target is None:
        return "none set"
    return item.indicator.target.text or format_number(item.target, 0, item.unit)


def benchmark_phrase(item: Assessment, good: bool) -> str:
    judged = [b for b in item.benchmarks if b.position is not None]
    if not judged:
        return ""
    better = sum(b.position == "better" for b in judged)
    worse = sum(b.position == "worse" for b in judged)
    if better == len(judged):
        return f" {'and' if good else 'but'} better than all benchmarks available"
    if worse == len(judged):
        return f" {'but' if good else 'and'} worse than all benchmarks available"
    similar = len(judged) - better - worse
    parts = [f"better than {better}" if better else "", f"similar to {similar}" if similar else "",
             f"worse than {worse}" if worse else ""]
    listed = [p for p in parts if p]
    return f" ({', '.join(listed[:-1])} and {listed[-1]} of {len(judged)} benchmarks)" \
        if len(listed) > 1 else f" ({listed[0]} of {len(judged)} benchmarks)"


def change_phrase(item: Assessment, window: int) -> str:
    if item.trend_before is None or item.trend_after is None:
        return "too few months to judge"
    decimals = max(1 if item.unit in ("rate", "number") else 0,
                   max((v.decimals for v in item.indicator.series if v.is_number), default=0))
    before = format_number(item.trend_before, decimals, item.unit)
    after = format_number(item.trend_after, decimals, item.unit)
    word = {"rising": "up", "falling": "down"}.get(item.change or "")
    if word is None:
        return f"an average of {after} over the last {window} months against {before} before"
    return f"{word} to an average of {after} over the last {window} months from {before} before"


def chart_title(item: Assessment) -> str:
    """A message title of about ten words: what the chart shows, not what it is."""
    name = short_name(item)
    if item.headline is None:
        return f"{name}: no data yet"
    if item.target is None:
        state = "no target set"
    elif item.rag == "green":
        state = "on target"
    else:
        side = "below" if item.headline < item.target else "above"
        state = f"{side} the {target_text(item)} target"
    trend = f", {item.trend}" if item.trend else ""
    return f"{name}: {state}{trend}"


def alt_text(item: Assessment, periods: tuple[Period, ...], as_of: Period) -> str:
    """Describe the chart's line for someone who cannot see it, with the real figures."""
    points = [(p, v) for p, v in zip(periods, item.indicator.series) if p <= as_of and v.is_number]
    name = mid_sentence(short_name(item))
    if _NEEDS_ARTICLE.match(name):
        name = "the " + name
    if not points:
        return f"Chart of {name}: no data has been reported yet."
    first, last = points[0], points[-1]
    text = (f"Line chart of {name} by month from {first[0].long_label} to "
            f"{last[0].long_label}: {_shape(points)}.")
    if item.target is not None:
        verb = {"green": "meets", "amber": "falls just short of", "red": "misses"}.get(item.rag,
                                                                                   "is set against")
        basis = "year-to-date" if item.basis == "ytd" else "latest"
        text += f" The target is {target_text(item)}; the {basis} figure of " \
                f"{item.headline_text} {verb} it ({RAG_LABELS[item.rag]})."
    gaps = sum(1 for p, v in zip(periods, item.indicator.series)
               if first[0] <= p <= last[0] and not v.is_number)
    if gaps:
        text += f" {gaps} month{'s' if gaps > 1 else ''} in this span had no figure."
    marks = [f"{b.name} {b.value.text}" for b in item.benchmarks if b.value.is_number]
    if marks:
        text += " Comparators shown: " + "; ".join(marks) + "."
    return text


def _shape(points: list) -> str:
    """Start, the highest and lowest points in the order they came, and the end."""
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"a single value of {first[1].text}"
    high = max(points, key=lambda pv: pv[1].number)
    low = min(points, key=lambda pv: pv[1].number)
    steps = [first]
    for point in sorted({high, low}, key=lambda pv: pv[0]):
        if point not in (first, last):
            steps.append(point)
    steps.append(last)
    words = [f"started at {first[1].text} in {first[0].long_label}"]
    for (_, before), (period, value) in zip(steps, steps[1:]):
        verb = "rose to" if value.number > before.number else \
            "fell to" if value.number < before.number else "was again"
        words.append(f"{verb} {value.text} in {period.long_label}")
    return ", ".join(words[:-1]) + " and " + words[-1]


def _sentence(rule: Rule, values: dict[str, str]) -> str:
    return rule.narrative.format(**values)


def _evidence(item: Assessment, rules: RuleSet) -> list[str]:
    """The figures behind the RAG, the trend and the benchmarks, in plain words."""
    lines = []
    polarity = item.polarity
    if item.target is not None and polarity:
        band = format_number(item.amber_band, 2, "number").rstrip("0").rstrip(".")
        unit = " points" if item.unit == "percent" else ""
        lines.append(f"RAG {RAG_LABELS[item.rag]}: {item.headline_text or 'no data'} against a "
                     f"target of {target_text(item)} ({_POLARITY_WORDS[polarity]}; amber within "
                     f"{band}{unit} of target)")
    if item.trend_before is not None:
        trend = item.trend or (item.change or "")
        lines.append(f"Direction of travel {trend}: {change_phrase(item, rules.trend.window)} "
                     f"(months with data)")
    judged = [b for b in item.benchmarks if b.position is not None]
    if judged:
        lines.append("Benchmarks: " + "; ".join(f"{b.position} than {b.name} ({b.value.text})"
                                                 if b.position != "similar" else
                                                 f"similar to {b.name} ({b.value.text})"
                                                 for b in judged))
    lines.extend(note for w in item.warnings if (note := committee_note(item, w)) is not None)
    return lines


def bullets(assessments: list[Assessment], catalogue: Catalogue) -> list[Bullet]:
    """Overview bullets per category in table order; a catalogue group whose members share a
    category becomes one bullet where the catalogue gives it a sentence."""
    result: list[Bullet] = []
    moved = {a.id: a.movement in ("new", "improved", "worsened") for a in assessments}
    for category in CATEGORIES:
        members = [a for a in assessments if a.category == category]
        by_group: dict[str, list[Assessment]] = {}
        for a in members:
            by_group.setdefault(a.info.group or "", []).append(a)
        done: set[str] = set()
        for item in members:
            if item.id in done:
                continue
            group = catalogue.groups.get(item.info.group or "")
            together = by_group[item.info.group or ""] if group else []
            if group and category in group.bullets and len(together) > 1:
                members_text = [f"{mid_sentence(short_name(a))} {a.headline_text}"
                                for a in together]
                text = group.bullets[category].format(
                    label=group.label, n=len(together), ids=", ".join(a.id for a in together),
                    members=", ".join(members_text[:-1]) + " and " + members_text[-1])
                ids = tuple(a.id for a in together)
            else:
                text, ids = item.narrative, (item.id,)
            done.update(ids)
            new = any(moved.get(i, False) for i in ids)
            result.append(Bullet(category, text, ids, new))  # type: ignore[arg-type]
    return result
