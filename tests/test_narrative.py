"""Sentences in the reference paper's voice, with the real figures."""

from __future__ import annotations

from committee_report.model import CATEGORIES


def _bullets(report, category):
    return [b.text for b in report.bullets if b.category == category]


def test_do_better_bullets_carry_the_figures(sample_report):
    bullets = _bullets(sample_report, "do_better")
    assert "Percentage of Early Help cases stepped up to CSC is above target at 17%" in bullets
    assert (
        "Percentage of care leavers in education, employment or training (19-21 year olds) "
        "is below target at 58% but better than all benchmarks available"
    ) in bullets
    assert len(bullets) == 12


def test_ones_to_watch_bullets(sample_report):
    assert _bullets(sample_report, "ones_to_watch") == [
        "Percentage of CIN with an up-to-date plan is just below target at 85% and worsening",
        "Percentage of CLA visited within statutory timescales is just below target at 87% and "
        "worsening",
        "Percentage of children whose supervision was within timescales is just below target at "
        "84% and worsening",
        "Percentage of cases audited that are Good or Outstanding is just below target at 74% and "
        "improving",
    ]


def test_related_indicators_share_one_bullet(sample_report):
    bullets = _bullets(sample_report, "going_well")
    assert "Average caseloads are within targets in all 9 teams" in bullets
    assert (
        "Overall CLA numbers have reduced: local looked-after children (non-UASC) 435 and "
        "unaccompanied asylum-seeking children looked after 112"
    ) in bullets
    assert (
        "The rate of children in need per 10,000 under-18s has remained stable over the last "
        "3 months at 65.2"
    ) in bullets
    caseloads = next(b for b in sample_report.bullets if b.text.startswith("Average caseloads"))
    assert caseloads.indicator_ids == (
        "W 1",
        "W 1a",
        "W 1b",
        "W 1c",
        "W 1d",
        "W 1e",
        "W1 f1",
        "W1 f2",
        "W 1g",
    )


def test_every_categorised_indicator_is_in_exactly_one_bullet(sample_report):
    seen = [i for b in sample_report.bullets for i in b.indicator_ids]
    assert sorted(seen) == sorted(a.id for a in sample_report.assessments if a.category)
    assert [b.category for b in sample_report.bullets] == sorted(
        (b.category for b in sample_report.bullets), key=CATEGORIES.index
    )


def test_chart_title_and_alt_text(judged):
    cla19 = judged["CLA 19"]
    assert cla19.chart_title == (
        "Percentage of CLA in care 12+ months with the same social "
        "worker for the last 6 months: below the 65% target, stable"
    )
    assert cla19.chart_alt == (
        "Line chart of the percentage of CLA in care 12+ months with the same social worker for "
        "the last 6 months by month from February 2021 to January 2022: started at 66% in "
        "February 2021, rose to 75% in May 2021, fell to 53% in November 2021 and rose to 56% in "
        "January 2022. The target is 65%; the latest figure of 56% misses it (Red). Comparators "
        "shown: DfE Published Croydon 2020-21 72%."
    )


def test_alt_text_counts_months_without_figures(judged):
    assert judged["QA 2"].chart_alt.endswith("5 months in this span had no figure.")


def test_acronyms_keep_their_capitals_mid_sentence(judged):
    assert "CIN with an up-to-date plan" in judged["CIN 8"].chart_alt
    assert judged["CIN 8"].chart_alt.startswith("Line chart of the percentage of CIN")
