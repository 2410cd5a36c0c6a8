"""Classification rules as data: the paper's categories, and precise errors for bad rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee_report.errors import ConfigError
from committee_report.judge.rules import METRICS, OPERATORS, PLACEHOLDERS, load_rules

ONES_TO_WATCH = ["CIN 8", "CLA 10", "QA 1", "QA 3"]
DO_BETTER = ["EH 9", "FD 8", "AMT 2", "CIN 4", "CP 5", "CP 11", "CLA 19", "CL 1c"]
GOING_WELL = [
    "CP 13",
    "CIN 3",
    "CLA 3",
    "CLA 4",
    "W 1",
    "W 1a",
    "W 1b",
    "W 1c",
    "W 1d",
    "W 1e",
    "W1 f1",
    "W1 f2",
    "W 1g",
]


@pytest.mark.parametrize("indicator_id", ONES_TO_WATCH)
def test_the_papers_ones_to_watch(judged, indicator_id):
    assert judged[indicator_id].category == "ones_to_watch"
    assert judged[indicator_id].rule == "near-target-amber"


@pytest.mark.parametrize("indicator_id", DO_BETTER)
def test_the_papers_things_to_do_better(judged, indicator_id):
    assert judged[indicator_id].category == "do_better"
    assert judged[indicator_id].rule == "off-target-red"


@pytest.mark.parametrize("indicator_id", GOING_WELL)
def test_the_papers_going_well(judged, indicator_id):
    assert judged[indicator_id].category == "going_well"


def test_rules_that_fired_for_going_well(judged):
    assert judged["CP 13"].rule == "on-target"
    assert judged["CIN 3"].rule == "no-target-stable"
    assert judged["CLA 3"].rule == "no-target-improving"
    assert judged["CLA 4"].rule == "no-target-improving"


def test_context_indicators_use_the_explicit_default(judged):
    for indicator_id in ("MC 1c", "QA 2"):
        assert judged[indicator_id].category is None
        assert judged[indicator_id].rule == "context-only"


def test_every_result_keeps_its_rule_and_reason(judged):
    for item in judged.values():
        assert item.rule
        assert item.reasons and "{" not in item.reasons[0]


def test_reason_is_filled_with_real_figures(judged):
    assert judged["EH 9"].reasons[0] == "Red: 17% (year to date) against a target of 15%"
    assert judged["CIN 8"].reasons[0] == (
        "Amber: 85% (latest, Jan-22) is within the tolerance of the 95% target"
    )
    assert judged["CIN 8"].reasons[1] == (
        "RAG Amber: 85% against a target of 95% (bigger is "
        "better; amber within 10 points of target)"
    )


def test_trace_records_each_condition(judged):
    (leaf,) = judged["EH 9"].trace
    assert (leaf.metric, leaf.op, leaf.expected, leaf.actual, leaf.passed) == (
        "rag",
        "eq",
        "red",
        "red",
        True,
    )


def test_plain_words_descriptions_for_the_appendix():
    rules = load_rules()
    described = {d.id: d.description for d in rules.descriptions}
    assert described["off-target-red"] == "The RAG rating is Red."
    assert described["council-red"] == "Red by the council's own rating."
    assert described["not-updated"] == "No recent data."
    assert described["no-target-improving"] == (
        "No target is set and the direction of travel is improving."
    )
    assert described["context-only"] == "Any indicator no rule above has placed."
    categories = {d.id: d.category for d in rules.descriptions}
    assert categories["off-target-red"] == "do_better" and categories["context-only"] is None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RULE = (
    "rules:\n  - {id: r, category: do_better, when: {metric: rag, op: eq, value: red}, reason: x}\n"
    "default: {id: d, category: none, reason: y}\n"
)

BAD_RULES = [
    ("rules: [\n", "line 2, column 1: malformed YAML: did not find expected node content"),
    ("- a\n- b\n", "expected a mapping of keys, got a list"),
    (
        "colour: red\n" + GOOD_RULE,
        "colour: unknown key (expected one of: rag, trend, benchmarks, stale, quality, "
        "categories, rules, default)",
    ),
    ("default: {id: d, reason: y}\n", "rules: expected a non-empty list of rules"),
    (
        "rules:\n  - {id: r, category: great, when: {metric: rag, op: eq, value: red}, reason: x}\n"
        "default: {id: d, reason: y}\n",
        "rules[0].category: expected one of going_well, ones_to_watch, do_better or none, got 'great'",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {metric: mood, op: eq, value: red}, reason: x}\n"
        "default: {id: d, reason: y}\n",
        "rules[0].when.metric: unknown metric 'mood'",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {metric: rag, op: like, value: red}, reason: x}\n"
        "default: {id: d, reason: y}\n",
        "rules[0].when.op: unknown operator 'like'",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {metric: rag, op: eq, value: crimson}, reason: x}\n"
        "default: {id: d, reason: y}\n",
        "rules[0].when.value: 'crimson' is not a value of rag",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {all: [{metric: rag, op: eq, value: red}, "
        "{metric: vs_target, op: lt, value: lots}]}, reason: x}\ndefault: {id: d, reason: y}\n",
        "rules[0].when.all[1].value: metric vs_target is a number, got 'lots'",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {metric: rag, op: eq, value: red}, reason: '{oops}'}\n"
        "default: {id: d, reason: y}\n",
        "rules[0].reason: unknown placeholder {oops}",
    ),
    (
        "rules:\n  - {id: r, category: do_better, reason: x}\ndefault: {id: d, reason: y}\n",
        "rules[0].when: missing (expected a condition)",
    ),
    (GOOD_RULE.replace("default: {id: d, category: none, reason: y}\n", ""), "default: missing"),
    (
        "trend: {window: 0}\n" + GOOD_RULE,
        "trend.window: expected a whole number of at least 1, got 0",
    ),
    (
        "rag: {default_tolerance: -1}\n" + GOOD_RULE,
        "rag.default_tolerance: expected a number of at least 0, got -1",
    ),
    (
        "rules:\n  - {id: r, category: do_better, when: {metric: rag, op: eq, value: red}, reason: x}\n"
        "  - {id: r, category: do_better, when: {metric: rag, op: eq, value: red}, reason: x}\n"
        "default: {id: d, reason: y}\n",
        "rules: rule id 'r' is used twice",
    ),
]


@pytest.mark.parametrize("text, message", BAD_RULES)
def test_bad_rule_files_name_file_and_key(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_rules(tmp_path / "nope.yaml")


def test_rules_are_never_evaluated_as_code(tmp_path):
    path = _write(
        tmp_path,
        "rules:\n  - {id: r, category: do_better, when: "
        "{metric: group, op: eq, value: '__import__(\"os\")'}, reason: x}\n"
        "default: {id: d, reason: y}\n",
    )
    rules = load_rules(path)
    rule, trace = rules.classify({"group": "caseloads"})
    assert rule.id == "d" and trace == ()


def test_every_metric_operator_and_placeholder_is_documented():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in [*METRICS, *OPERATORS, *PLACEHOLDERS]:
        assert f"`{name}`" in readme, name
