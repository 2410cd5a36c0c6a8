"""Period labels: every spelling the issue lists, and the arithmetic the paper relies on."""

from __future__ import annotations

import pytest

from committee_report.inputs.periods import find_period, parse_period, relative_kind
from committee_report.model import Period, commonest_kind

MONTH = {
    "Feb-21": (2021, 2),
    "February 2021": (2021, 2),
    "2021-02": (2021, 2),
    "January 2023/24": (2024, 1),
    "April 2023/24": (2023, 4),
    "March 2024/25:": (2025, 3),
    "as at March 2021": (2021, 3),
    "end of December 2021": (2021, 12),
    "31/03/2024": (2024, 3),
}
QUARTER = {  # label -> (year, last month, financial?)
    "Q1 2022/23": (2022, 6, True),
    "Quarter 3 2021/22": (2021, 12, True),
    "Quarter One 2017/18": (2017, 6, True),
    "quarter 2, 2025 to 2026": (2025, 9, True),
    "Qtr 2 21/22": (2021, 9, True),
    "Quarter 1 1819": (2018, 6, True),
    "Q4 2022/23": (2023, 3, True),
    "2021/22 Q3": (2021, 12, True),
    "Q3 2021": (2021, 9, False),
    "2021 Q3": (2021, 9, False),
    "2021-Q3": (2021, 9, False),
}
YEAR = {  # label -> (year it ends, financial?)
    "2020/21": (2021, True),
    "2020-21": (2021, True),
    "2019-2020": (2020, True),
    "20/21": (2021, True),
    "2024 to 2025": (2025, True),
    "Year end 2020/21": (2021, True),
    "Actual 2018/19": (2019, True),
    "2021": (2021, False),
}


@pytest.mark.parametrize("label, expected", MONTH.items())
def test_months(label: str, expected: tuple[int, int]) -> None:
    assert parse_period(label) == Period(*expected)


@pytest.mark.parametrize("label, expected", QUARTER.items())
def test_quarters(label: str, expected: tuple[int, int, bool]) -> None:
    year, month, fiscal = expected
    assert parse_period(label) == Period(year, month, "quarter", fiscal)


@pytest.mark.parametrize("label, expected", YEAR.items())
def test_years(label: str, expected: tuple[int, bool]) -> None:
    year, fiscal = expected
    assert parse_period(label) == Period(year, 3 if fiscal else 12, "year", fiscal)


@pytest.mark.parametrize(
    "label",
    [
        "Target 2017/18",
        "2021-22 Target",
        "London 2020-21",
        "Last quarter",
        "44228",
        "Feb",
        "13/2021",
        "2020/22",
        "Q5 2021/22",
        "Quarter 2 2021/23",
        "Measure",
    ],
)
def test_not_periods(label: str) -> None:
    assert parse_period(label) is None


def test_labels_and_text_round_trip() -> None:
    for label in [*MONTH, *QUARTER, *YEAR]:
        period = parse_period(label)
        assert parse_period(str(period)) == period, label
        assert parse_period(period.label) == period, label
    assert parse_period("Quarter 3 2021/22").label == "Q3 2021/22"
    assert parse_period("Quarter 3 2021/22").long_label == "Q3 2021/22 (October to December 2021)"
    assert parse_period("2020-21").label == "2020/21"
    assert parse_period("2021-Q3").label == "Q3 2021"


def test_financial_quarters_run_april_to_june_as_q1() -> None:
    q1 = parse_period("Q1 2022/23")
    assert (q1.year, q1.month, q1.quarter) == (2022, 6, 1)
    assert parse_period("Q4 2022/23").financial_year_label == "2022/23"
    assert parse_period("Q3 2021").quarter == 3 and parse_period("Q3 2021").month == 9


def test_previous_year_earlier_and_ordering_by_real_time() -> None:
    q3 = parse_period("Q3 2021/22")
    assert q3.previous().label == "Q2 2021/22"
    assert parse_period("Q1 2022/23").previous().label == "Q4 2021/22"
    assert q3.year_earlier().label == "Q3 2020/21"
    assert parse_period("2020/21").previous().label == "2019/20"
    assert Period(2022, 1).year_earlier() == Period(2021, 1)
    assert q3.ordinal - parse_period("Q1 2021/22").ordinal == 2  # a missing Q2 leaves a gap
    assert parse_period("Q1 2022/23") < Period(2022, 6)  # a quarter is over when its month is
    assert parse_period("2021/22") <= Period(2022, 3)
    assert Period(2024, 1).latest_of("quarter").label == "Q3 2023/24"
    assert Period(2024, 1).latest_of("year").label == "2022/23"
    assert parse_period("Q4 2023/24").latest_of("year").label == "2023/24"


def test_periods_order_by_when_they_end_then_the_longer_first() -> None:
    """Every pair of months, quarters and years over a year and a month orders as (months
    since year 0 to its end, the longer first): the order the comparisons are written out for."""
    import itertools

    periods = [
        Period(year, month, kind, fiscal)  # type: ignore[arg-type]
        for year, month in [(2021, m) for m in range(1, 13)] + [(2022, 1)]
        for kind in ("month", "quarter", "year")
        for fiscal in (True, False)
    ]
    key = {p: (p.index, -p.span) for p in periods}
    for a, b in itertools.product(periods, periods):
        assert (a < b, a <= b, a > b, a >= b) == (
            key[a] < key[b],
            key[a] <= key[b],
            key[a] > key[b],
            key[a] >= key[b],
        )
    assert sorted(periods) == sorted(periods, key=key.__getitem__)
    assert Period(2021, 12, "quarter") < Period(2021, 12) < Period(2022, 1, "year")
    # Hashed from numbers: equal periods alike (a month is fiscal either way), others apart.
    assert len({hash(p) for p in periods}) == len(set(periods)) == len(periods) - 13
    assert hash(Period(2021, 3, "month", False)) == hash(Period(2021, 3))


def test_relative_headers_name_their_kind() -> None:
    assert relative_kind("Last quarter") == "quarter"
    assert relative_kind("This period") is None
    assert relative_kind("Previous year") == "year"


def test_find_period_in_titles_and_file_names() -> None:
    """The corpus's own titles (source.md) and file names as officers write them."""
    assert (
        find_period("Appendix 1 Key Performance Indicator Update Quarter 1 1819").label
        == "Q1 2018/19"
    )
    assert (
        find_period("This is the key performance data for quarter 2, 2025 to 2026.").label
        == "Q2 2025/26"
    )
    assert find_period("KPIs_Q3_2024-25_final_v2").label == "Q3 2024/25"
    assert str(find_period("croydon-2022-02")) == "2022-02"
    assert find_period("Annual performance spotlights 2023-24").label == "2023/24"
    # a quarter over the year it sits in; of two quarters, the later (the one reported on)
    assert find_period("Performance report 2023/24 Q2").label == "Q2 2023/24"
    assert find_period("Q2 2024/25 compared with Q2 2023/24").label == "Q2 2024/25"
    for title in (
        "Council plan overview report - Quarterly updates on key performance indicators",
        "Strategic Plan 2015-20",
        "scorecard",
        "Footfall 2,973,349",
    ):
        assert find_period(title) is None, title


def test_the_commonest_kind_of_a_tie_is_the_one_met_first() -> None:
    """Four quarters beside four months (a council's quarterly columns next to its monthly
    ones): the table's kind is the one met first, the same in every process; a set's order of
    the kinds changes with the hash seed, so which won a tie did too."""
    quarters = [parse_period(t) for t in ("Q1 2021/22", "Q2 2021/22", "Q3 2021/22", "Q4 2021/22")]
    months = [parse_period(t) for t in ("Jan-22", "Feb-22", "Mar-22", "Apr-22")]
    assert all(p is not None for p in quarters + months)
    kinds = [p.kind for p in quarters + months if p is not None]
    assert kinds.count("quarter") == kinds.count("month") == 4
    assert commonest_kind(kinds) == "quarter"
    assert commonest_kind(kinds[4:] + kinds[:4]) == "month"
    assert commonest_kind(kinds[4:] + kinds[:3]) == "month"
    assert commonest_kind(kinds[:4] + kinds[5:] + ["month"]) == "quarter"
