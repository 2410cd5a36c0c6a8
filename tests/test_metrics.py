"""Rule metrics on real rows: year on year, the previous period, age and staleness, rhythm,
benchmark kinds and the benchmark-by-name condition (judge/metrics.py, judge/assess.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from corpus_rows import cell, indicator, nl_adults, stacked_months

from committee_report.errors import ConfigError
from committee_report.inputs.config import Catalogue
from committee_report.judge import metrics
from committee_report.judge.assess import judge, judge_indicator
from committee_report.judge.rules import load_rules
from committee_report.model import IndicatorInfo, Period

MOLE_HOUSING = "mole-valley-housing-pis-2024-25-outturn"
MOLE_PIS = "mole-valley-pis-apr2023-jan2024"
BNB = "Number of households in bed & breakfast and nightly stay accommodation"


def _monthly(case: str, heading: str, polarity: str | None = None):
    row, months = stacked_months(case, heading)
    periods = tuple(months)
    item = indicator(case, row, heading[:12], heading, list(months.values()), polarity=polarity)
    return periods, item


def _judged(periods, item, as_of: Period, info: IndicatorInfo | None = None, rules=None):
    return judge_indicator(
        periods,
        item,
        info or IndicatorInfo(),
        rules or load_rules(),
        as_of,
        current=as_of == periods[-1],
    )


@pytest.mark.parametrize(
    "as_of, expected, now, year_before",
    [
        (Period(2025, 2), "better", "12", "18"),  # fewer households in B&B than a year before
        (Period(2024, 8), "worse", "16", "15"),  # 16 against 15: beyond the 2% stable band
        (Period(2025, 3), "similar", "13", "13"),
    ],
)
def test_year_on_year_is_polarity_aware(as_of, expected, now, year_before):
    # Mole Valley B&B households, two financial years side by side; fewer is better (the
    # council's catalogue would say so: the page gives no polarity).
    periods, item = _monthly(MOLE_HOUSING, BNB, polarity="smaller_is_better")
    months = dict(zip(periods, item.series))
    assert (months[as_of].text, months[as_of.year_earlier()].text) == (now, year_before)
    assert _judged(periods, item, as_of).yoy == expected


def test_year_on_year_needs_the_same_period_a_year_earlier():
    # January 2025 is "below 10" (suppressed), so the latest value is October 2024's 11; it is
    # compared with October 2023 (22), not with January 2024.
    periods, item = _monthly(MOLE_HOUSING, BNB, polarity="smaller_is_better")
    judged = _judged(periods, item, Period(2025, 1))
    assert judged.last_period == Period(2024, 10) and judged.age == 3
    assert judged.yoy == "better"
    assert judged.stale  # three months without a value a monthly indicator can show


def test_year_on_year_without_polarity_is_not_judged():
    periods, item = _monthly(MOLE_HOUSING, "Number of households on the Housing Register")
    assert _judged(periods, item, Period(2025, 3)).yoy is None


def test_vs_previous_follows_the_indicators_own_rhythm(judged):
    # Croydon QA 3 (audits every three months): November's 85% against August's 74%.
    assert judged["QA 3"].periodicity == "quarterly"
    assert judged["QA 3"].vs_previous == "better"
    assert (judged["QA 3"].age, judged["QA 3"].stale) == (2, False)
    # CP 5, monthly: January 18% against December 33% (bigger is better).
    assert judged["CP 5"].vs_previous == "worse" and judged["CP 5"].periodicity == "monthly"
    assert judged["CP 5"].age == 0


def test_stale_monthly_indicator_is_not_placed():
    # Mole Valley community transport journeys: the table runs to March 2024 but February and
    # March are empty ("February 2023/24:"). Judged as of March, January is two months old.
    periods, item = _monthly(
        MOLE_PIS, "Number of community transport journeys", polarity="bigger_is_better"
    )
    judged = _judged(periods, item, Period(2024, 3))
    assert (judged.last_period, judged.age, judged.stale) == (Period(2024, 1), 2, True)
    assert (judged.category, judged.rule) == (None, "not-updated")
    # As of January (the paper's own month) it is current, and placed.
    current = _judged(periods, item, Period(2024, 1))
    assert (current.stale, current.age) == (False, 0)
    assert current.yoy == "worse"  # 513 against 534 in January 2023: 3.9% down, beyond 2%


def test_quarterly_indicator_in_a_monthly_table_is_not_stale_between_quarters():
    # Mole Valley telecare users, quarterly ("Q3 2023/24: 1153" = December 2023), in a report
    # of months to March 2024: three months on, one update is due, none missed.
    case = MOLE_PIS
    quarters = {
        Period(2022, 6): "1265",
        Period(2022, 9): "1245",
        Period(2022, 12): "1220",
        Period(2023, 3): "1179",
        Period(2023, 6): "1186",
        Period(2023, 9): "1162",
        Period(2023, 12): "1153",
    }  # scorecard.tsv lines 4-10
    periods = tuple(Period(2022, 4).shift(i) for i in range(24))
    item = indicator(
        case,
        4,
        "telecare",
        "Number of telecare service users",
        [quarters.get(p, "") for p in periods],
        polarity="bigger_is_better",
    )
    judged = _judged(periods, item, Period(2024, 3))
    assert (judged.periodicity, judged.age, judged.stale) == ("quarterly", 3, False)
    assert judged.vs_previous == "similar"  # 1153 against 1162: within 2%
    assert judged.yoy == "worse"  # 1153 against 1220 in December 2022


def test_benchmark_kinds_and_no_target_rules_on_north_lanarkshire():
    # Home care 65+: 70.1% in 2017/18 against Scotland 61.7% and the family group 65.9%;
    # 71.3% the year before. No target.
    scorecard, _ = nl_adults()
    (judged,) = judge(scorecard, Catalogue(), load_rules())
    values = dict(judged.metrics)
    assert values["vs_england"] == "better"  # the national comparator (Scotland)
    assert values["vs_neighbours"] == "better"  # the family group
    assert values["vs_region"] is None
    assert values["benchmarks"] == "better"
    assert judged.yoy == "similar"  # down 1.2 points: within the 2-point band
    assert judged.periodicity == "annual"
    assert (judged.category, judged.rule) == ("going_well", "no-target-yoy-better")


def test_no_target_falls_back_to_comparators_then_trend():
    # Without the year before (only 2017/18 judged against its comparators)...
    scorecard, item = nl_adults()
    last_only = replace(item, series=(cell(""),) * 7 + item.series[-1:])
    (judged,) = judge(replace(scorecard, indicators=(last_only,)), Catalogue(), load_rules())
    assert judged.yoy is None
    assert (judged.category, judged.rule) == ("going_well", "no-target-beats-comps")
    # ...and without comparators or a year before, nothing to judge by: context only.
    bare = replace(last_only, comparators=())
    (judged,) = judge(replace(scorecard, indicators=(bare,)), Catalogue(), load_rules())
    assert (judged.category, judged.rule) == (None, "context-only")


def test_benchmark_by_name(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - id: behind-family\n    category: do_better\n"
        "    when: {metric: benchmark, name: family group, op: eq, value: worse}\n"
        "    reason: x\n"
        "  - id: ahead-family\n    category: going_well\n"
        "    when: {metric: benchmark, name: Family Group, op: eq, value: better}\n"
        "    reason: y\n"
        "default: {id: d, category: none, reason: z}\n",
        encoding="utf-8",
    )
    scorecard, _ = nl_adults()
    (judged,) = judge(scorecard, Catalogue(), load_rules(path))
    assert judged.rule == "ahead-family"
    (leaf,) = judged.trace
    assert (leaf.metric, leaf.actual, leaf.passed) == ("benchmark[Family Group]", "better", True)
    described = {d.id: d.description for d in load_rules(path).descriptions}
    assert described["ahead-family"] == "The position against Family Group is better."


@pytest.mark.parametrize(
    "when, message",
    [
        ("{metric: benchmark, op: eq, value: worse}", "when.name: missing"),
        ("{metric: rag, name: London, op: eq, value: red}", "when.name: only the benchmark metric"),
        ("{metric: yoy, op: eq, value: up}", "when.value: 'up' is not a value of yoy"),
    ],
)
def test_bad_benchmark_conditions(tmp_path, when, message):
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"rules:\n  - {{id: r, category: do_better, when: {when}, reason: x}}\n"
        "default: {id: d, reason: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=message):
        load_rules(path)


def test_provisional_latest_value(sample_report):
    # Maidstone's key: "*" marks "provisional figures that are awaiting confirmation". A
    # provisional January on Croydon's CP 13 row is reported as such; December's is not.
    item = sample_report.scorecard.indicator("CP 13")
    series = item.series[:-1] + (replace(item.series[-1], provisional=True),)
    periods = sample_report.scorecard.periods
    judged = _judged(periods, replace(item, series=series), periods[-1])
    assert judged.provisional and dict(judged.metrics)["provisional"] is True
    assert not _judged(periods, item, periods[-1]).provisional


def test_period_steps_are_ordinal():
    # Merged with #11's general Period: previous() and year_earlier() are methods, distances
    # are counted by metrics.distance in periods of the kind, periods_per_year from the kind.
    assert metrics.distance(Period(2023, 10), Period(2024, 1)) == 3
    assert Period(2024, 1).previous() == Period(2023, 12)
    assert Period(2024, 1).year_earlier() == Period(2023, 1)
    q3 = Period(2023, 12, "quarter")
    assert (q3.previous(), q3.year_earlier()) == (
        Period(2023, 9, "quarter"),
        Period(2022, 12, "quarter"),
    )
    assert metrics.distance(Period(2023, 6, "quarter"), q3) == 2
    assert (
        Period(2024, 1).periods_per_year,
        q3.periods_per_year,
        Period(2023, 3, "year").periods_per_year,
    ) == (12, 4, 1)
    points = [(Period(2023, m), Decimal(1)) for m in (3, 6, 9, 12)]
    assert metrics.step(points) == 3 and metrics.periodicity(points, 12) == "quarterly"


def test_json_carries_every_metric_and_the_new_fields(sample_report):
    import json

    from committee_report.judge.rules import METRICS
    from committee_report.paper.report_json import report_json

    data = json.loads(json.dumps(report_json(sample_report)))
    assert [c["id"] for c in data["categories"]] == ["going_well", "ones_to_watch", "do_better"]
    assert data["not_updated"] == []
    fd8 = next(i for i in data["indicators"] if i["id"] == "FD 8")
    assert set(METRICS) <= set(fd8["metrics"])
    assert fd8["metrics"]["benchmark"] == {
        "DfE Published Croydon 2020-21": "worse",
        "Stats Nbr Average 2020-21": "worse",
        "London 2020-21": "worse",
        "England 2020-21": "similar",
    }
    assert (
        fd8["metrics"]["vs_england"],
        fd8["metrics"]["vs_neighbours"],
        fd8["metrics"]["vs_region"],
    ) == ("similar", "worse", "worse")
    assert (fd8["rag"], fd8["computed_rag"], fd8["reported_rag"], fd8["rag_source"]) == (
        "red",
        "red",
        "red",
        "computed",
    )
    assert (fd8["list"], fd8["stale"], fd8["age"], fd8["periodicity"], fd8["quality"]) == (
        "do_better",
        False,
        0,
        "monthly",
        [],
    )
    for key in (
        "in_line_with_target",
        "reported_trend",
        "yoy",
        "vs_previous",
        "last_period",
        "provisional",
    ):
        assert key in fd8
