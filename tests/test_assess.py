"""The engine on the real reference scorecard: the paper's own figures, to the digit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from committee_report.judge.assess import format_number, infer_unit, round_half_up

# (id, headline as the paper printed it, basis, RAG column of the paper)
PAPER = [
    ("EH 7", "21%", "ytd", "red"),
    ("EH 9", "17%", "ytd", "red"),
    ("FD 8", "24%", "ytd", "red"),
    ("AMT 2", "68%", "ytd", "red"),
    ("CIN 3", "65.2", "latest", "grey"),
    ("CIN 4", "81%", "latest", "red"),
    ("CIN 8", "85%", "latest", "amber"),
    ("CP 5", "63%", "ytd", "red"),
    ("CP 11", "23%", "latest", "red"),
    ("CP 13", "96%", "latest", "green"),
    ("MC 1c", "185", "ytd", "grey"),
    ("MC 8", "1,219", "ytd", "grey"),
    ("CLA 3", "435", "latest", "grey"),
    ("CLA 4", "112", "latest", "grey"),
    ("CLA 10", "87%", "latest", "amber"),
    ("CLA 19", "56%", "latest", "red"),
    ("CL 1", "354", "latest", "grey"),
    ("CL 1a", "60%", "latest", "red"),
    ("CL 1c", "58%", "latest", "red"),
    ("W 1", "15.6", "latest", "green"),
    ("W 1a", "19.1", "latest", "green"),
    ("W 1b", "14.5", "latest", "green"),
    ("W 1c", "12.7", "latest", "green"),
    ("W 1d", "14.6", "latest", "green"),
    ("W 1e", "10.1", "latest", "green"),
    ("W1 f1", "17.1", "latest", "green"),
    ("W1 f2", "19.7", "latest", "green"),
    ("W 1g", "7.6", "latest", "green"),
    ("QA 1", "84%", "ytd", "amber"),
    ("QA 2", "127", "ytd", "grey"),
    ("QA 3", "74%", "ytd", "amber"),
    ("QA 4", "25%", "ytd", "red"),
    ("QA 5", "2%", "ytd", "red"),
]


def test_every_reference_indicator_is_judged(judged):
    assert list(judged) == [row[0] for row in PAPER]


@pytest.mark.parametrize("indicator_id, printed, basis, rag", PAPER)
def test_headline_basis_and_rag_match_the_paper(judged, indicator_id, printed, basis, rag):
    item = judged[indicator_id]
    assert item.basis == basis
    assert item.rag == rag
    if indicator_id == "W1 f2":  # the paper's own error: 19.7 printed, January was 17.7
        assert item.headline_text == "17.7"
    else:
        assert item.headline_text == printed


def test_w1_f2_mismatch_is_flagged_with_both_values(judged, sample_report):
    (warning,) = judged["W1 f2"].warnings
    assert warning.endswith(
        "W1 f2: the scorecard gives 19.7 as the latest value, its January "
        "figure is 17.7; the paper shows 17.7"
    )
    assert ":29:2021-22 YTD or latest:" in warning
    assert warning in sample_report.warnings
    assert all(not judged[i].warnings for i in judged if i != "W1 f2")


def test_numeric_headlines_in_percentage_points(judged):
    assert judged["EH 9"].headline == 17.0
    assert judged["QA 1"].headline == 84.0  # mean 83.5, rounded half up as the paper does
    assert judged["MC 8"].headline == 1219.0
    assert judged["CIN 3"].headline == 65.2


def test_qa2_basis_is_inferred_from_the_reported_value(judged):
    # The table says NA; the sum Apr-Jan of the bi-monthly audits (48 + 31 + 48) is 127.
    item = judged["QA 2"]
    assert item.indicator.reported_basis is None
    assert item.basis == "ytd" and item.headline == 127.0


def test_amber_bands_come_from_catalogue_or_default(judged):
    assert judged["CIN 8"].amber_band == 10.0  # catalogue: 10 points
    assert judged["CLA 19"].amber_band == pytest.approx(3.25)  # default: 5% of 65
    assert judged["QA 5"].amber_band == 0.0  # a target of 0% has no band
    assert judged["QA 5"].rag == "red"


def test_trend_is_polarity_aware(judged):
    # CP 11 (smaller is better): Aug-Oct mean 27.0 -> Nov-Jan mean 23.0: improving.
    assert judged["CP 11"].trend == "improving"
    assert judged["CP 11"].trend_before == pytest.approx(27.0)
    assert judged["CP 11"].trend_after == pytest.approx(23.0)
    # AMT 2 (bigger is better): 66.0 -> 63.0, beyond the 2-point band: worsening.
    assert judged["AMT 2"].trend == "worsening"
    # CIN 3 has no polarity: 63.7 -> 62.9 is within 2%: stable.
    assert judged["CIN 3"].trend == "stable"
    # MC 1c has no polarity and fell: a direction, but no judgement.
    assert judged["MC 1c"].trend is None and judged["MC 1c"].change == "falling"
    # QA 2 has four audits in the year: too few for two 3-month windows.
    assert judged["QA 2"].trend is None


def test_short_and_long_term_direction(judged):
    # CP 5: Dec 33% -> Jan 18%, worsening; Jan-21 not in the table, so no long-term view.
    assert judged["CP 5"].short_trend == "worsening"
    assert judged["CP 5"].long_trend is None
    # CLA 4 (catalogue: smaller is better): 124 -> 112 improving.
    assert judged["CLA 4"].short_trend == "improving"


def test_benchmark_positions(judged):
    positions = {b.name: b.position for b in judged["CL 1c"].benchmarks}
    assert positions == {
        "DfE Published Croydon 2020-21": "better",
        "Stats Nbr Average 2020-21": "better",
        "London 2020-21": "better",
        "England 2020-21": "better",
    }
    fd8 = {b.name: b.position for b in judged["FD 8"].benchmarks}
    assert fd8["England 2020-21"] == "similar"  # 24% against 23%
    assert fd8["Stats Nbr Average 2020-21"] == "worse"
    # Counts are never set against regional or national totals.
    assert all(b.position is None for b in judged["MC 8"].benchmarks)


def test_months_off_target(judged):
    assert judged["CP 5"].months_off_target == 7  # Jul-Jan all under 77%; Jun was 89%
    assert judged["CP 13"].months_off_target == 0


@pytest.mark.parametrize(
    "value, decimals, unit, text",
    [
        (83.5, 0, "percent", "84%"),
        (2.5, 0, "percent", "3%"),
        (1219, 0, "count", "1,219"),
        (65.25, 1, "rate", "65.3"),
        (-0.4, 0, "number", "0"),
        (None, 0, "count", ""),
    ],
)
def test_format_number_rounds_half_up(value, decimals, unit, text):
    assert format_number(value, decimals, unit) == text


def test_round_half_up_is_exact():
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")


def test_units_are_inferred(sample_report):
    units = {i.id: infer_unit(i) for i in sample_report.scorecard.indicators}
    assert units["EH 9"] == "percent"
    assert units["CIN 3"] == "rate"
    assert units["MC 8"] == "count"
    assert units["W 1"] == "number"


def test_latest_month_has_its_own_rag(judged):
    # EH 9 is Red on its year-to-date 17%, but January alone (13%) met the 15% target.
    assert (judged["EH 9"].rag, judged["EH 9"].latest_rag) == ("red", "green")
    assert judged["QA 2"].latest_rag == "grey"
    assert judged["CIN 8"].latest_rag == judged["CIN 8"].rag == "amber"
