"""Data-quality flags (judge/quality.py): each with a real-looking row that raises it and a real
row that does not. Rows are the Croydon reference's, changed only where the test says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from corpus_rows import CORPUS, indicator, rows

from committee_report.inputs.cells import parse_cell
from committee_report.inputs.config import Catalogue
from committee_report.judge.assess import judge
from committee_report.judge.checks import subject_warnings
from committee_report.judge.quality import retitled
from committee_report.judge.rules import load_rules
from committee_report.model import Scorecard


@pytest.fixture(scope="module")
def croydon(sample_report) -> Scorecard:
    return sample_report.scorecard


def _judge_rows(croydon: Scorecard, *indicators):
    card = replace(croydon, indicators=tuple(indicators))
    return {a.id: a for a in judge(card, Catalogue(), load_rules())}


def _with(item, index: int, text: str):
    series = list(item.series)
    series[index] = parse_cell(text)
    return replace(item, series=tuple(series))


def test_row_with_values_but_no_title(croydon):
    eh9 = croydon.indicator("EH 9")
    judged = _judge_rows(croydon, replace(eh9, title=""), croydon.indicator("EH 7"))
    assert judged["EH 9"].quality == ("untitled",)
    # Told once, by judge.checks (validate lists it first), naming the file and row.
    assert not any("no title" in w for w in judged["EH 9"].warnings)
    (told,) = subject_warnings(replace(croydon, indicators=(replace(eh9, title=""),)), Catalogue())
    assert "scorecard.tsv:3:" in told and "EH 9: no title, so the paper names it by its id" in told
    assert judged["EH 7"].quality == ()


@pytest.mark.parametrize(
    "title, flagged",
    [
        ("Total", True),
        ("Totals", True),
        ("Grand total", True),
        ("Total:", True),
        ("Sub-total (caseloads)", True),
        ("Summary", True),
        ("Total number of Care Leavers in EET", False),  # an indicator, not a totals row
        (
            (
                "Number of Care Leavers in employment, education, or training (EET) on their 17th to 21st "
                "Birthday"
            ),
            False,
        ),
    ],
)
def test_totals_row_by_title(croydon, title, flagged):
    cl1 = croydon.indicator("CL 1")
    (judged,) = _judge_rows(croydon, replace(cl1, title=title)).values()
    assert ("totals" in judged.quality) == flagged


def test_totals_row_by_its_sums(croydon):
    # Croydon's looked-after counts CLA 3 and CLA 4 in one section, and a third row holding
    # their month-by-month sums: a totals row whatever its title.
    cla3, cla4 = croydon.indicator("CLA 3"), croydon.indicator("CLA 4")
    sums = tuple(
        parse_cell(str(int(a.number + b.number))) if a.is_number and b.is_number else a
        for a, b in zip(cla3.series, cla4.series)
    )
    both = replace(
        cla3,
        id="CLA all",
        title="Children looked after and on plans",
        series=sums,
        reported_headline=parse_cell(""),
    )
    section = [replace(x, section="Children looked after") for x in (cla3, cla4, both)]
    judged = _judge_rows(croydon, *section)
    assert judged["CLA all"].quality == ("totals",)
    assert any("sums of the other 2 rows" in w for w in judged["CLA all"].warnings)
    assert judged["CLA 3"].quality == () and judged["CLA 4"].quality == ()
    # Two real rows and a third real row are not sums of each other.
    real = [
        replace(croydon.indicator(i), section="Children looked after")
        for i in ("CLA 3", "CLA 4", "MC 8")
    ]
    assert all(a.quality == () for a in _judge_rows(croydon, *real).values())


def test_typo_outlier(croydon):
    # CP 13 runs 93%..99%; a November typed "9.3%" (for 93%) is flagged, naming the month.
    cp13 = croydon.indicator("CP 13")
    index = croydon.periods.index(next(p for p in croydon.periods if str(p) == "2021-11"))
    judged = _judge_rows(croydon, _with(cp13, index, "9.3%"))["CP 13"]
    assert judged.quality == ("outlier",)
    (warning,) = [w for w in judged.warnings if "typo" in w]
    assert (
        ":2021-11: CP 13: Nov-21 is 9.3, 1/10 or less of the median of its values "
        "(96); is it a typo?" in warning
    )
    assert _judge_rows(croydon, cp13)["CP 13"].quality == ()


def test_percentage_over_100(croydon):
    cp13 = croydon.indicator("CP 13")
    judged = _judge_rows(croydon, _with(cp13, -1, "196%"))["CP 13"]
    assert "outlier" in judged.quality
    assert any("Jan-22 is 196%, over 100%" in w for w in judged.warnings)


def test_small_counts_and_zero_are_not_outliers(croydon):
    # QA 5 is 6%, 0%, 3%, 2%: a zero is the best value there, not a typo; MC 8's range
    # (83..154) is wide but within ten times.
    judged = _judge_rows(croydon, croydon.indicator("QA 5"), croydon.indicator("MC 8"))
    assert judged["QA 5"].quality == () and judged["MC 8"].quality == ()


def test_headline_that_disagrees_with_the_months(judged):
    # The reference's own: W1 f2 reports 19.7 where January is 17.7.
    assert judged["W1 f2"].quality == ("headline",)
    assert judged["W 1g"].quality == ()


def test_trend_window_across_a_long_gap(croydon):
    # AMT 2 with April to October not measured: the last six values are Feb, Mar, Nov, Dec,
    # Jan; the seven empty months are longer than the three-month window: no trend.
    amt2 = croydon.indicator("AMT 2")
    gappy = amt2
    for index, period in enumerate(croydon.periods):
        if 4 <= period.month <= 10:
            gappy = _with(gappy, index, "BM")
    judged = _judge_rows(croydon, gappy)["AMT 2"]
    assert judged.trend is None and "trend_gap" in judged.quality
    assert any(
        "7 periods without a value" in w and "no trend is claimed" in w for w in judged.warnings
    )
    assert _judge_rows(croydon, amt2)["AMT 2"].trend == "worsening"


def test_previous_scorecard_with_an_id_now_naming_another_indicator():
    # Bracknell Forest, Q3 2024/25 against Q2 2025/26: the same ids with their titles
    # restyled ("5-16yrs" -> "5 to 16 years") are flagged; identical ones are not.
    def card(case: str) -> Scorecard:
        items = [indicator(case, n, c["Indicator"], c["Description"], []) for n, c in rows(case)]
        return Scorecard(str(CORPUS / case / "scorecard.tsv"), (), tuple(items), ())

    before = card("bracknell-forest-council-plan-kpis-q3-2024-25")
    now = card("bracknell-forest-council-plan-kpis-q2-2025-26")
    found = retitled(now, before)
    # 1.1.4.KR's "(year to date)" -> "- year to date" is punctuation only: the same title.
    assert sorted(found) == ["1.1.3.KR", "1.1.4.PI"]
    assert "annual reviews" in found["1.1.4.PI"] and "EHCP annual reviews" in found["1.1.4.PI"]


def test_retitled_id_has_no_movement_in_the_paper(sample_dir, tmp_path):
    # A previous scorecard in which CIN 4 was the title of CIN 8: flagged, movement not shown.
    from committee_report.inputs.config import load_paper
    from committee_report.pipeline import assemble

    text = (sample_dir / "scorecard.tsv").read_text(encoding="utf-8")
    old = tmp_path / "previous.tsv"
    lines = text.splitlines(keepends=True)
    cin8 = next(line for line in lines if line.startswith("CIN 8\t")).split("\t")[1]
    old.write_text(
        "".join(
            line.replace(line.split("\t")[1], cin8) if line.startswith("CIN 4\t") else line
            for line in lines
        ),
        encoding="utf-8",
    )
    paper = tmp_path / "paper.yaml"
    paper.write_text(
        (sample_dir / "paper.yaml")
        .read_text(encoding="utf-8")
        .replace("scorecard: scorecard.tsv", f"scorecard: {sample_dir}/scorecard.tsv")
        .replace("report: report.md", f"report: {sample_dir}/report.md")
        .replace("catalogue: catalogue.yaml", f"catalogue: {sample_dir}/catalogue.yaml")
        .replace("  months: 1", f"  scorecard: {old}"),
        encoding="utf-8",
    )
    report = assemble(load_paper(paper))
    by_id = {a.id: a for a in report.assessments}
    assert "retitled" in by_id["CIN 4"].quality and by_id["CIN 4"].movement is None
    assert any(
        "CIN 4: the previous scorecard" in w and "the movement since then is not shown" in w
        for w in report.warnings
    )
    assert by_id["CIN 8"].movement == "unchanged" and "retitled" not in by_id["CIN 8"].quality


def test_flags_are_documented():
    from committee_report.judge.quality import FLAGS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in FLAGS:
        assert f"`{code}`" in readme, code
