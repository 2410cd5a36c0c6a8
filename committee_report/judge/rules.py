"""Rules as data: the YAML rule set, its validation, and the one small condition engine.

A rule is a record (id, condition, category, reason template, narrative template). Conditions
are nested `all` / `any` / `not` over leaves `{metric, op, value}` drawn from fixed, documented
lists; nothing is ever `eval`-ed. Evaluating a rule keeps every leaf's result, so the paper can say
which rule fired and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from committee_report.inputs.yamlio import Section, load_yaml
from committee_report.limits import MAX_YAML_BYTES
from committee_report.model import (
    CATEGORIES,
    DEFAULT_SCHEME,
    CategoryList,
    CategoryScheme,
    ConditionResult,
    RuleDescription,
)
from committee_report.paths import data_dir

_COMPARISON = ("better", "similar", "worse", None)
_SOURCE_WORDS = {
    "computed": "the rules compute the RAG rating",
    "reported": "the council gives the RAG rating",
}

# metric name -> (plain-words label, allowed values or None for numbers)
METRICS: dict[str, tuple[str, tuple[object, ...] | None]] = {
    "rag": ("the RAG rating", ("green", "amber", "red", "grey")),
    "trend": ("the direction of travel", ("improving", "stable", "worsening", None)),
    "change": ("the recent change", ("rising", "falling", "flat", None)),
    "has_target": ("a target is set", (True, False)),
    "has_polarity": ("a polarity is set", (True, False)),
    "unit": ("the unit", ("percent", "rate", "count", "number")),
    "basis": ("the basis", ("ytd", "latest")),
    "months_off_target": ("the number of recent months off target", None),
    "vs_target": ("the margin against target (positive is better)", None),
    "benchmarks": (
        "the position against benchmarks",
        ("better", "worse", "mixed", "similar", None),
    ),
    "benchmarks_better": ("the number of benchmarks it is better than", None),
    "benchmarks_worse": ("the number of benchmarks it is worse than", None),
    "data_points": ("the number of months with data", None),
    "group": ("the catalogue group", None),
    "section": ("the section", None),
    "reported_rag": ("the council's own RAG rating", ("green", "amber", "red", "grey", None)),
    "computed_rag": ("the RAG rating the rules compute", ("green", "amber", "red", "grey")),
    "rag_source": ("whose RAG rating places it", ("computed", "reported", None)),
    "in_line_with_target": ("in line with target (within the on-target band)", (True, False)),
    "improving_below_target": ("Red but improving on a year earlier", (True, False)),
    "reported_trend": (
        "the direction of travel the council reports",
        ("improving", "stable", "worsening", None),
    ),
    "yoy": ("the change on a year earlier", _COMPARISON),
    "vs_previous": ("the change on the previous period", _COMPARISON),
    "stale": ("no recent data", (True, False)),
    "age": ("the number of periods since the latest value", None),
    "provisional": ("the latest value is provisional", (True, False)),
    "periodicity": (
        "how often it is reported",
        ("monthly", "quarterly", "annual", "irregular", None),
    ),
    "vs_england": ("the position against England", _COMPARISON),
    "vs_neighbours": ("the position against statistical neighbours", _COMPARISON),
    "vs_region": ("the position against the region", _COMPARISON),
    "benchmark": ("the position against", _COMPARISON),
}

OPERATORS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "eq": ("is", lambda actual, expected: actual == expected),
    "ne": ("is not", lambda actual, expected: actual != expected),
    "lt": ("is less than", lambda actual, expected: actual is not None and actual < expected),
    "le": ("is at most", lambda actual, expected: actual is not None and actual <= expected),
    "gt": ("is more than", lambda actual, expected: actual is not None and actual > expected),
    "ge": ("is at least", lambda actual, expected: actual is not None and actual >= expected),
    "in": ("is one of", lambda actual, expected: actual in expected),
    "not_in": ("is none of", lambda actual, expected: actual not in expected),
    "between": (
        "is between",
        lambda actual, expected: actual is not None and expected[0] <= actual <= expected[1],
    ),
}

# Placeholders a reason or narrative template may use; the narrative module fills them.
PLACEHOLDERS: dict[str, str] = {
    "name": "the indicator's short title, capitalised",
    "name_lower": "the short title as it reads mid-sentence",
    "id": "the indicator number",
    "headline": "the headline value as printed (e.g. 17%)",
    "target": "the target as printed",
    "rag": "the RAG rating in words",
    "basis": "'year to date' or 'latest month'",
    "side": "'above' or 'below' (the target)",
    "level": "'high' or 'low' (against target, by polarity)",
    "trend": "improving, stable or worsening",
    "trend_phrase": "a clause on the direction of travel",
    "benchmark_phrase": "a clause on the benchmarks",
    "months_off_target": "recent months off target",
    "window": "the trend window in periods of the indicator's own kind",
    "periods": "'months', 'quarters' or 'years': the indicator's own periods",
    "change_phrase": "a clause on the change over the trend window",
    "period": "the month the paper reports on",
    "reported_rag": "the council's own RAG rating in words",
    "computed_rag": "the RAG rating the rules compute, in words",
    "yoy_phrase": "a clause on the change on a year earlier",
    "last_period": "the period of the latest value",
    "improving_phrase": "what shows it improving: a year earlier, or the council's word",
}


@dataclass(frozen=True)
class Condition:
    """`all`/`any` of children, `not` of one child, or a leaf comparison."""

    kind: str  # "all", "any", "not", "leaf", "always"
    children: tuple[Condition, ...] = ()
    metric: str = ""
    op: str = ""
    value: Any = None
    name: str = ""
    """For `benchmark`: the comparator whose name contains this text (case aside)."""

    def evaluate(self, metrics: Mapping[str, Any], trace: list[ConditionResult] | None) -> bool:
        """Whether the condition holds; each leaf's result is added to `trace` unless None."""
        if self.kind == "always":
            return True
        if self.kind == "leaf":
            actual = metrics.get(self.metric)
            metric = self.metric
            if self.name:
                metric = f"{self.metric}[{self.name}]"
                wanted = self.name.casefold()
                actual = next(
                    (
                        position
                        for name, position in (actual or {}).items()
                        if wanted in name.casefold()
                    ),
                    None,
                )
            try:
                passed = bool(OPERATORS[self.op][1](actual, self.value))
            except TypeError:
                passed = False
            if trace is not None:
                trace.append(ConditionResult(metric, self.op, self.value, actual, passed))
            return passed
        if self.kind == "not":
            return not self.children[0].evaluate(metrics, trace)
        results = (child.evaluate(metrics, trace) for child in self.children)
        return all(results) if self.kind == "all" else any(results)

    def describe(self) -> str:
        if self.kind == "always":
            return "always"
        if self.kind == "leaf":
            label = METRICS[self.metric][0]
            if self.name:
                label = f"{label} {self.name}"
            if self.metric == "rag_source" and self.op == "eq" and self.value in _SOURCE_WORDS:
                return _SOURCE_WORDS[self.value]
            if isinstance(self.value, bool) and self.op in ("eq", "ne"):
                holds = self.value == (self.op == "eq")
                return label if holds else "no " + label.removeprefix("a ")
            return f"{label} {OPERATORS[self.op][0]} {_words(self.value)}"
        if self.kind == "not":
            return f"not ({self.children[0].describe()})"
        joiner = " and " if self.kind == "all" else " or "
        parts = [child.describe() for child in self.children]
        if len(parts) == 1:
            return parts[0]
        return joiner.join(f"({p})" if " and " in p or " or " in p else p for p in parts)


@dataclass(frozen=True)
class Rule:
    id: str
    category: str | None
    when: Condition
    reason: str
    narrative: str
    description: str = ""
    """The condition in plain words for the appendix, where the generated words are clumsy."""


@dataclass(frozen=True)
class RagSettings:
    """Amber band used where the catalogue sets none: `relative` is a share of the target."""

    default_tolerance: float = 0.05
    default_relative: bool = True
    compare: str = "displayed"
    prefer: str = "computed"
    """Whose RAG places an indicator when both exist: `computed` or `reported` (the council's)."""
    on_target_band: float = 0.0
    """A miss within this band counts as on target ("in line with target"), not amber."""
    on_target_relative: bool = False


@dataclass(frozen=True)
class StaleSettings:
    """An indicator is stale when more than `missed_updates` of its own updates are missing."""

    missed_updates: int = 0


@dataclass(frozen=True)
class QualitySettings:
    """Outliers: a value more than `outlier_factor` times, or less than one over it, of the
    median of the indicator's own values."""

    outlier_factor: float = 10.0


@dataclass(frozen=True)
class TrendSettings:
    """Direction of travel: mean of the last `window` months with data against the `window`
    before them; a change within the band (points for percentages, a share otherwise) is stable."""

    window: int = 3
    stable_points: float = 2.0
    stable_relative: float = 0.02


@dataclass(frozen=True)
class BenchmarkSettings:
    """Within this band of a comparator, the indicator is `similar` to it."""

    similar_points: float = 1.0
    similar_relative: float = 0.02
    units: tuple[str, ...] = ("percent", "rate")


@dataclass(frozen=True)
class RuleSet:
    path: str
    rag: RagSettings
    trend: TrendSettings
    benchmarks: BenchmarkSettings
    rules: tuple[Rule, ...]
    default: Rule
    descriptions: tuple[RuleDescription, ...] = field(default=())
    stale: StaleSettings = StaleSettings()
    quality: QualitySettings = QualitySettings()
    scheme: CategoryScheme = DEFAULT_SCHEME

    def classify(self, metrics: Mapping[str, Any]) -> tuple[Rule, tuple[ConditionResult, ...]]:
        """First matching rule wins; the default rule is explicit, with its own id. Only the
        matching rule's conditions are traced (evaluated again, alike): the rules that do not
        match leave no trace, so none is made for them."""
        for rule in self.rules:
            if rule.when.evaluate(metrics, None):
                trace: list[ConditionResult] = []
                rule.when.evaluate(metrics, trace)
                return rule, tuple(trace)
        return self.default, ()


def default_rules_path() -> Path:
    return data_dir() / "rules.yaml"


_LOADED: dict[tuple[str, bytes], RuleSet] = {}
"""Rule sets already checked, by file name and content: a RuleSet is frozen, and every paper
and every `validate` reads the same rules file."""


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read and check a rule set; every problem names the file and the key."""
    path = Path(path) if path else default_rules_path()
    key = _content_key(path)
    if key in _LOADED:
        return _LOADED[key]
    root = Section(path, load_yaml(path, "rules file"))
    with root.checked():
        rules = _rule_set(path, root)
    # Kept only if the file did not change while it was read, so the key is what was checked.
    if key is not None and len(_LOADED) < 16 and _content_key(path) == key:
        _LOADED[key] = rules
    return rules


def _content_key(path: Path) -> tuple[str, bytes] | None:
    """The file's name and bytes, where it is an ordinary readable file of a YAML file's size
    (anything else is left to `load_yaml`, which says what is wrong)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_YAML_BYTES:
            return None
        return str(path), path.read_bytes()
    except OSError:
        return None


def _rule_set(path: Path, root: Section) -> RuleSet:
    root.allow("rag", "trend", "benchmarks", "stale", "quality", "categories", "rules", "default")
    rag = root.section("rag")
    rag.allow(
        "default_tolerance",
        "default_relative",
        "compare",
        "prefer",
        "on_target_band",
        "on_target_relative",
    )
    stale = root.section("stale")
    stale.allow("missed_updates")
    quality = root.section("quality")
    quality.allow("outlier_factor")
    trend = root.section("trend")
    trend.allow("window", "stable_points", "stable_relative")
    bench = root.section("benchmarks")
    bench.allow("similar_points", "similar_relative", "units")
    units = tuple(str(u) for u in bench.items("units")) or BenchmarkSettings.units
    for unit in units:
        if unit not in METRICS["unit"][1]:  # type: ignore[operator]
            raise bench.error("units", f"unknown unit {unit!r}")
    rules: list[Rule] = []
    seen: set[str] = set()
    raw_rules = root.items("rules")
    if not raw_rules:
        raise root.error("rules", "expected a non-empty list of rules")
    for index, raw in enumerate(raw_rules):
        rule = _rule(root.child(raw, root.path("rules") + f"[{index}]"), require_when=True)
        if rule.id in seen:
            raise root.error("rules", f"rule id {rule.id!r} is used twice")
        seen.add(rule.id)
        rules.append(rule)
    default = _rule(root.section("default", required=True), require_when=False)
    descriptions = tuple(
        RuleDescription(r.id, r.category, _describe(r))  # type: ignore[arg-type]
        for r in [*rules, default]
    )
    return RuleSet(
        path=str(path),
        rag=RagSettings(
            default_tolerance=rag.number("default_tolerance", 0.05, minimum=0),  # type: ignore[arg-type]
            default_relative=rag.flag("default_relative", True),
            compare=rag.choice("compare", ("displayed", "exact"), "displayed"),  # type: ignore[arg-type]
            prefer=rag.choice("prefer", ("computed", "reported"), "computed"),  # type: ignore[arg-type]
            on_target_band=rag.number("on_target_band", 0.0, minimum=0),  # type: ignore[arg-type]
            on_target_relative=rag.flag("on_target_relative", False),
        ),
        trend=TrendSettings(
            window=trend.integer("window", 3, minimum=1),
            stable_points=trend.number("stable_points", 2.0, minimum=0),  # type: ignore[arg-type]
            stable_relative=trend.number("stable_relative", 0.02, minimum=0),  # type: ignore[arg-type]
        ),
        benchmarks=BenchmarkSettings(
            similar_points=bench.number("similar_points", 1.0, minimum=0),  # type: ignore[arg-type]
            similar_relative=bench.number("similar_relative", 0.02, minimum=0),  # type: ignore[arg-type]
            units=units,
        ),
        rules=tuple(rules),
        default=default,
        descriptions=descriptions,
        stale=StaleSettings(stale.integer("missed_updates", 0, minimum=0)),
        quality=QualitySettings(quality.number("outlier_factor", 10.0, minimum=1)),  # type: ignore[arg-type]
        scheme=_scheme(root),
    )


def _scheme(root: Section) -> CategoryScheme:
    """The council's lists: ids, labels, order and the rule categories each gathers. Every
    rule category must go to exactly one list, so no placed indicator is lost."""
    if "categories" not in root.data:
        return DEFAULT_SCHEME
    raw = root.items("categories")
    if not raw:
        raise root.error("categories", "expected a non-empty list of lists")
    lists: list[CategoryList] = []
    taken: dict[str, str] = {}
    for index, item in enumerate(raw):
        node = root.child(item, root.path("categories") + f"[{index}]")
        node.allow("id", "label", "includes", "style")
        list_id = node.text("id", required=True) or ""
        if list_id in [x.id for x in lists]:
            raise node.error("id", f"list id {list_id!r} is used twice")
        label = node.text("label", required=True) or ""
        includes = tuple(str(c) for c in node.items("includes"))
        if not includes:
            raise node.error(
                "includes",
                f"expected a non-empty list of rule categories ({', '.join(CATEGORIES)})",
            )
        for category in includes:
            if category not in CATEGORIES:
                raise node.error(
                    "includes",
                    f"expected rule categories from {', '.join(CATEGORIES)}, got {category!r}",
                )
            if category in taken:
                raise node.error("includes", f"{category} already goes to list {taken[category]!r}")
            taken[category] = list_id
        style = node.choice("style", CATEGORIES, includes[0])
        lists.append(CategoryList(list_id, label, includes, style))  # type: ignore[arg-type]
    missing = [c for c in CATEGORIES if c not in taken]
    if missing:
        raise root.error(
            "categories",
            f"no list includes {', '.join(missing)} (every rule category needs a list)",
        )
    return CategoryScheme(tuple(lists), configured=True)


def _rule(section: Section, require_when: bool) -> Rule:
    section.allow("id", "category", "when", "reason", "narrative", "description")
    rule_id = section.text("id", required=True) or ""
    category = section.text("category")
    if category in ("none", "null", ""):
        category = None
    if category is not None and category not in CATEGORIES:
        raise section.error(
            "category", f"expected one of {', '.join(CATEGORIES)} or none, got {category!r}"
        )
    if require_when and "when" not in section.data:
        raise section.error("when", "missing (expected a condition)")
    when = _condition(section, "when") if "when" in section.data else Condition("always")
    reason = section.template("reason", PLACEHOLDERS, required=True) or ""
    narrative = section.template("narrative", PLACEHOLDERS) or reason
    return Rule(rule_id, category, when, reason, narrative, section.text("description") or "")


def _condition(parent: Section, key: str | int) -> Condition:
    # The holder of an all/any list is keyed by each item's index, so `key` may be an int.
    data = cast("dict[str | int, Any]", parent.data)
    raw = data[key] if isinstance(data, dict) else None
    where = parent.path(key)
    if raw == "always":
        return Condition("always")
    node = parent.child(raw, where)
    if len(node.data) == 1 and next(iter(node.data)) in ("all", "any"):
        kind = next(iter(node.data))
        items = node.items(kind)
        if not items:
            raise node.error(kind, "expected a non-empty list of conditions")
        holder = node.child(dict(enumerate(items)), node.path(kind))
        return Condition(kind, tuple(_condition(holder, i) for i in range(len(items))))
    if len(node.data) == 1 and "not" in node.data:
        return Condition("not", (_condition(node, "not"),))
    node.allow("metric", "op", "value", "name")
    metric = node.text("metric", required=True) or ""
    if metric not in METRICS:
        raise node.error(
            "metric", f"unknown metric {metric!r} (expected one of: {', '.join(METRICS)})"
        )
    name = node.text("name") or ""
    if metric == "benchmark" and not name:
        raise node.error(
            "name", "missing (the benchmark metric needs the comparator's name, or part of it)"
        )
    if name and metric != "benchmark":
        raise node.error("name", "only the benchmark metric takes a name")
    op = node.text("op", required=True) or ""
    if op not in OPERATORS:
        raise node.error("op", f"unknown operator {op!r} (expected one of: {', '.join(OPERATORS)})")
    if "value" not in node.data:
        raise node.error("value", "missing")
    value = node.data["value"]
    allowed = METRICS[metric][1]
    if op in ("in", "not_in"):
        if not isinstance(value, list):
            raise node.error("value", f"operator {op} expects a list")
        values = value
    elif op == "between":
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) for v in value)
        ):
            raise node.error("value", "operator between expects a list of two numbers")
        values = []
    else:
        values = [value]
    for item in values:
        if allowed is not None and item not in allowed:
            options = ", ".join("null" if a is None else str(a).lower() for a in allowed)
            raise node.error("value", f"{item!r} is not a value of {metric} (expected {options})")
        if (
            allowed is None
            and metric not in ("group", "section")
            and op not in ("eq", "ne")
            and not isinstance(item, (int, float))
        ):
            raise node.error("value", f"metric {metric} is a number, got {item!r}")
    if op in ("in", "not_in"):
        value = tuple(value)
    return Condition("leaf", metric=metric, op=op, value=value, name=name)


def _describe(rule: Rule) -> str:
    """The condition in words; the category it places an indicator in is shown beside it."""
    if rule.description:
        return rule.description
    if rule.when.kind == "always":
        return "Any indicator no rule above has placed."
    text = rule.when.describe()
    return f"{text[:1].upper()}{text[1:]}."


def _words(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, list):
        return " and ".join(_words(v) for v in value)
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return (
            value.replace("_", " ").capitalize()
            if value in ("red", "amber", "green", "grey")
            else value.replace("_", " ")
        )
    return f"{value:g}" if isinstance(value, float) else str(value)
