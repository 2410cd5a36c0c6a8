"""Every real council scorecard in the shared corpus, read as published (issue #11).

Per case: the indicators read, their periods and values, what was left out and why, and that
`validate` accepts it (exit 0) and `build` makes a PDF. The paper.yaml of each case only maps
columns, names the period or sets the council's RAG codes and zero convention.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from committee_report.cli import main
from committee_report.inputs.ingest import read_scorecard
from committee_report.model import Report
from committee_report.pipeline import load_report

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
CASES = sorted(p.name for p in (HERE / "data" / "corpus").iterdir() if p.is_dir())


def paper(case: str) -> Path:
    return HERE / "data" / "corpus" / case / "paper.yaml"


_REPORTS: dict[str, Report] = {}


def report(case: str) -> Report:
    if case not in _REPORTS:
        _REPORTS[case] = load_report(paper(case))[0]
    return _REPORTS[case]


def by_id(case: str) -> dict:
    return {a.id: a for a in report(case).assessments}


def texts(case: str, ident: str) -> list[str]:
    """The indicator's own series as the council wrote it."""
    r = report(case)
    indicator = r.scorecard.indicator(ident)
    return [v.text for _, v in r.scorecard.own_periods(indicator)]


def labels(case: str) -> list[str]:
    return [p.label for p in report(case).scorecard.periods]


def left_out(case: str) -> list[tuple[int, str]]:
    return [(row, kind) for row, kind, _ in report(case).scorecard.left_out]


def test_every_corpus_case_has_a_paper_config() -> None:
    assert CASES == sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    assert len(CASES) == 10


@pytest.mark.parametrize("case", CASES)
def test_validate_accepts_every_case(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(paper(case))]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_bracknell_q3_relative_quarter_columns() -> None:
    case = "bracknell-forest-council-plan-kpis-q3-2024-25"
    r = report(case)
    assert labels(case) == ["Q2 2024/25", "Q3 2024/25"] and r.scorecard.kind == "quarter"
    assert len(r.assessments) == 10 and left_out(case) == []
    a = by_id(case)
    assert texts(case, "1.1.3.PI") == ["18,565", "10,966"]
    assert (
        a["1.1.3.PI"].headline_text == "10,966" and a["1.1.3.PI"].indicator.target.text == "19,625"
    )
    assert a["1.1.3.PI"].indicator.reported_rag == "red"
    assert a["1.1.4.KR"].indicator.reported_rag == "green"  # 43% against 50%, as published
    assert a["1.1.6.KR"].indicator.reported_rag == "amber"
    assert a["1.1.2.PI"].indicator.officer == "Communities"
    assert a["1.1.2.PI"].indicator.section == (
        "Engaged and healthy communities \u2013 Performance quarterly indicators"
    )
    assert a["1.3.3.KR"].headline_period.label == "Q3 2024/25"


def test_bracknell_q2_relative_period_columns_and_trend_words() -> None:
    case = "bracknell-forest-council-plan-kpis-q2-2025-26"
    assert labels(case) == ["Q1 2025/26", "Q2 2025/26"]
    a = by_id(case)
    assert len(a) == 9
    assert texts(case, "1.1.2.PI") == ["3%", "0%"]
    assert a["1.1.2.PI"].indicator.reported_trend == "improving"  # "Better" for 3% -> 0%
    assert a["1.1.4.KR"].indicator.reported_trend_text == "No change"
    assert a["1.2.1.KR"].indicator.reported_trend == "worsening"
    assert a["1.2.1.KR"].indicator.reported_rag == "red"
    assert a["1.1.3.PI"].headline_text == "26,502"


def test_conwy_codes_in_titles_free_text_cells_and_repeated_header() -> None:
    case = "conwy-social-services-pmf-2019-20"
    assert labels(case) == ["2019/20", "2020/21"] and report(case).scorecard.kind == "year"
    a = by_id(case)
    assert list(a) == ["AD/011a", "AD/002", "CH/012", "4"]
    first = report(case).scorecard.indicator("AD/011a").series
    assert (first[0].status, first[0].text) == ("not_applicable", "New measure for 20/21")
    assert (first[1].number, first[1].note) == (497.0, "whole year figure, 320 up to 23/11/2020")
    assert texts(case, "CH/012") == ["538 assessments", "307 assessment up to 23/11/2020"]
    assert a["4"].headline == 113.0 and a["4"].indicator.series[0].note == "Positions"
    assert a["4"].indicator.section.startswith("Quality Standard 2 \u2013 Effective leadership")
    assert a["AD/011a"].indicator.section.startswith("Quality Standard 1 \u2013 All people")
    assert left_out(case) == [(7, "repeated header row")]
    assert any(
        "ids are taken from the code in each title" in n for n in report(case).scorecard.notices
    )


def test_hart_mapped_keys_codes_units_and_zero_as_no_data() -> None:
    case = "hart-kpi-tiles-q2-2014-15"
    r = report(case)
    assert labels(case) == ["Q1 2014/15", "Q2 2014/15"]
    a = by_id(case)
    assert len(a) == 45 and left_out(case) == []
    assert a["CS01"].headline_text == "95.5%" and a["CS01"].unit == "percent"
    assert (
        a["CS01"].indicator.reported_rag == "green"
        and a["CS01"].indicator.officer == "Customer Services"
    )
    assert a["CS02a"].indicator.reported_rag == "amber"
    assert (
        a["RB09"].indicator.reported_rag is None and a["RB09"].indicator.reported_rag_text == "lu"
    )
    assert texts(case, "ETS01") == ["0", "0"]
    assert [v.status for v in r.scorecard.indicator("ETS01").series] == ["no_data", "no_data"]
    assert a["ETS01"].headline is None
    assert a["LS05"].headline_text == "-28"
    assert a["HS16"].indicator.commentary.startswith("Outturn for Q1 was 28 units")
    assert a["CS01"].indicator.commentary is None  # "No notes" is no commentary
    # IT06: current 0 is "no data", so its latest value (99.6%) is Q1's: stale, and said so
    assert a["IT06"].stale and a["IT06"].headline_period.label == "Q1 2014/15"
    assert a["IT06"].headline_text == "99.6%"


def test_maidstone_sections_repeated_header_and_ids_from_titles() -> None:
    case = "maidstone-strategic-plan-kpis-q1-2018-19"
    assert labels(case) == ["Q1 2018/19"]
    a = by_id(case)
    assert list(a) == ["1", "2", "3", "4", "NI 192", "6"]
    assert a["NI 192"].headline_text == "54.96%" and a["NI 192"].indicator.target.text == "52.5%"
    assert a["6"].headline_text == "2,973,349"
    assert a["1"].indicator.target.text == "" and a["1"].indicator.reported_trend_text == "N/A"
    assert a["1"].indicator.section == (
        "Priority 1: Keeping Maidstone Borough an attractive "
        "place for all \u2013 Providing a clean and safe "
        "environment"
    )
    assert a["6"].indicator.section.endswith("\u2013 Regenerating the Town Centre")
    assert left_out(case) == [(11, "repeated header row")]


def test_mole_valley_outturn_stacked_blocks() -> None:
    case = "mole-valley-housing-pis-2024-25-outturn"
    r = report(case)
    assert labels(case)[0] == "Apr-23" and labels(case)[-1] == "Mar-25"
    assert len(labels(case)) == 24
    a = by_id(case)
    assert [x.title for x in a.values()] == [
        "Number of rough sleepers in the district on a given date",
        "Number of households in bed & breakfast and nightly stay accommodation",
        "Number of households on the Housing Register",
    ]
    bb = texts(case, "2")
    assert bb[0] == "23" and bb[12] == "18" and bb[19:22] == ["below 10"] * 3
    assert [v.status for v in r.scorecard.indicator("2").series[19:22]] == ["suppressed"] * 3
    assert a["2"].headline_text == "13" and a["3"].headline_text == "653"
    assert (
        a["3"].indicator.reported_rag_text == "Data Only" and a["3"].indicator.reported_rag is None
    )
    assert a["1"].headline is None and a["1"].indicator.commentary == (
        "There were fewer than 10 rough sleepers on a given night in March 2025."
    )
    assert left_out(case) == [
        (4, "note"),
        (8, "table header line"),
        (21, "note"),
        (25, "table header line"),
    ]


def test_mole_valley_mixed_quarters_and_months() -> None:
    case = "mole-valley-pis-apr2023-jan2024"
    r = report(case)
    assert r.period.label == "Jan-24"
    a = by_id(case)
    assert a["1"].indicator.kind == "quarter" and a["2"].indicator.kind == "month"
    assert texts(case, "1") == ["1265", "1245", "1220", "1179", "1186", "1162", "1153"]
    assert a["1"].headline_text == "1,153" and a["1"].headline_period.label == "Q3 2023/24"
    assert not a["1"].stale  # Q4 2023/24 is not over in January 2024
    assert a["1"].short_change == "flat"  # 1,153 against Q2 2023/24's 1,162, its own kind
    assert "by quarter from Q1 2022/23 (April to June 2022) to Q3 2023/24" in a["1"].chart_alt
    assert "by month from April 2022 to January 2024" in a["2"].chart_alt
    assert a["2"].headline_text == "513" and a["2"].headline_period.label == "Jan-24"
    assert texts(case, "2")[-2:] == ["", ""]  # "February 2023/24:" with no value
    assert a["3"].headline_text == "20"


def test_north_lanarkshire_comparator_rows_and_notes() -> None:
    case = "north-lanarkshire-adult-social-care-annual-2017-18"
    assert labels(case) == [f"{y}/{(y + 1) % 100:02d}" for y in range(2010, 2018)]
    (a,) = report(case).assessments
    assert a.headline_text == "70.1%" and a.headline_period.label == "2017/18"
    assert texts(case, "1")[3] == "66.0%"
    assert [(c.name, c.value.text) for c in a.indicator.comparators] == [
        ("Scotland comparisons", "61.7%"),
        ("Family group comparisons", "65.9%"),
    ]
    assert a.short_change == "flat"  # 71.3% in 2016/17 to 70.1%: within the stable band
    assert left_out(case) == [
        (4, "comparator row for 1"),
        (5, "comparator row for 1"),
        (6, "note"),
        (7, "note"),
    ]
    assert a.indicator.commentary.startswith("\u2022 The percentage of people")


def test_north_lanarkshire_target_for_another_year_is_flagged() -> None:
    case = "north-lanarkshire-childrens-social-work-annual-2018-19"
    r = report(case)
    (a,) = r.assessments
    assert a.headline_text == "88.2%" and a.indicator.target.text == "87%"
    assert a.indicator.polarity == "bigger_is_better"  # "Performance arrow - up"
    assert a.indicator.reported_rag == "green" and a.rag == "green"
    assert a.indicator.target_period.label == "2017/18"
    assert any(
        "the target is for 2017/18 but the latest value is for 2018/19" in w for w in r.warnings
    )


def test_south_lanarkshire_verdicts_without_figures() -> None:
    case = "south-lanarkshire-areas-for-improvement-2023-24"
    r = report(case)
    assert labels(case) == ["2023/24"]
    assert [a.indicator.section for a in r.assessments] == [
        "Education and learning",
        "Education and learning",
        "Children and young people",
    ]
    for a in r.assessments:
        assert a.headline is None
        assert (a.indicator.target.text, a.indicator.reported_rag) == ("Met", "green")
        assert a.indicator.reported_trend_text == "Not improving"


def test_stale_value_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(paper("hart-kpi-tiles-q2-2014-15")), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    it06 = next(i for i in data["indicators"] if i["id"] == "IT06")
    assert (it06["stale"], it06["headline_period"], it06["kind"]) == (True, "2014/15 Q1", "quarter")
    cs01 = next(i for i in data["indicators"] if i["id"] == "CS01")
    assert (cs01["stale"], cs01["headline_period"]) == (False, "2014/15 Q2")
    assert any("IT06: stale: the latest value is for Q1 2014/15" in w for w in data["warnings"])


def test_stale_value_in_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(paper("hart-kpi-tiles-q2-2014-15"))]) == 0
    out = capsys.readouterr().out
    assert (
        "scorecard.tsv:25: warning: IT06: stale: the latest value is for Q1 2014/15, older "
        "than the paper's quarter Q2 2014/15, so it is not judged as current"
    ) in out


def test_relative_columns_need_the_paper_period(tmp_path: Path) -> None:
    from committee_report.errors import ConfigError

    source = CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv"
    with pytest.raises(ConfigError) as caught:
        read_scorecard(source)
    assert "the column 'Last quarter'" in str(caught.value)
    assert "name it with period: in paper.yaml" in str(caught.value)


@pytest.mark.pdf
@pytest.mark.parametrize("case", CASES)
def test_every_case_builds_a_pdf(case: str, tmp_path: Path) -> None:
    import pdfplumber

    out = tmp_path / "paper.pdf"
    assert main(["build", str(paper(case)), "-o", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert str(CORPUS) not in words and "/work/" not in words  # nothing private in a paper
    if any(a.stale for a in report(case).assessments):  # Hart IT06 and PS05
        assert "Not current: no newer figure" in words
        assert (
            "latest, Q1 2014/15, not updated since" in words.replace("\n", " ")
            or "Latest quarter: 99.6% (Q1 2014/15)" in words
        )
    kind = report(case).scorecard.kind
    if kind != "month":
        assert f"vs {kind} before" in words.replace("\n", " ")
        assert "vs month before" not in words.replace("\n", " ")


def _hart_hr11(catalogue: Path, tmp_path: Path):  # noqa: ANN202 - an Assessment
    """Hart's HR11 judged with `catalogue` in place of its case's own."""
    config = tmp_path / "paper.yaml"
    config.write_text(
        paper("hart-kpi-tiles-q2-2014-15")
        .read_text(encoding="utf-8")
        .replace(
            "scorecard: ../../../../../shared",
            f"catalogue: {catalogue}\nscorecard: {CORPUS.parent}",
        ),
        encoding="utf-8",
    )
    return {a.id: a for a in load_report(config)[0].assessments}["HR11"]


def test_annual_target_profiled_pro_rata(tmp_path: Path) -> None:
    """Hart's HR11 sickness days are cumulative: read as an annual target of 3.15 profiled
    pro rata, at Q2 2014/15 half of it is due (1.575) and 2.7 days is over it."""
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "indicators:\n  HR11:\n    polarity: smaller_is_better\n    target_profile: pro_rata\n",
        encoding="utf-8",
    )
    hr11 = _hart_hr11(catalogue, tmp_path)
    assert hr11.indicator.target.text == "3.15" and hr11.target == 1.575
    assert hr11.headline_text == "2.7" and hr11.rag == "red"
    from committee_report.paper.narrative import target_text

    assert target_text(hr11) == "1.575 to date (3.15 for the year, pro rata)"


def test_chart_spaced_by_real_time_with_a_gap_for_a_missing_quarter(tmp_path: Path) -> None:
    """Bracknell's 1.1.3.PI as published in Q3 2024/25 and Q2 2025/26: Q4 2024/25 is in
    neither copy, so the chart keeps a slot for it rather than squeezing the axis."""
    from committee_report.paper.compose import Labels, line_chart
    from committee_report.inputs.theme import load_theme

    title = "1.1.3.PI,Number of visits to the Look Out Discovery Centre"
    rows = [
        "Indicator,Description,Quarter,Value,Target",
        f'{title},Q2 2024/25,"18,565","19,625"',
        f'{title},Q3 2024/25,"10,966","19,625"',
        f'{title},Q1 2025/26,"20,843","19,875"',
        f'{title},Q2 2025/26,"26,502","19,875"',
    ]
    (tmp_path / "long.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = load_report(tmp_path / "long.csv")[0]
    spec = line_chart(r, r.assessments[0], Labels.from_theme(load_theme("default")))
    assert spec.labels == ("Q2 2024/25", "Q3 2024/25", "Q4 2024/25", "Q1 2025/26", "Q2 2025/26")
    assert spec.values == (18565.0, 10966.0, None, 20843.0, 26502.0)
    assert "by quarter from Q2 2024/25" in r.assessments[0].chart_alt
    assert "1 quarter in this span had no figure" in r.assessments[0].chart_alt


def test_stale_by_each_indicator_own_kind() -> None:
    """Mole Valley's report judged as of February 2024: the monthly indicators have no
    February figure (stale, latest January), while the quarterly one is still current, since
    Q3 2023/24 is the last quarter over by the end of February."""
    from committee_report.model import Period

    r = load_report(paper("mole-valley-pis-apr2023-jan2024"), as_of=Period(2024, 2))[0]
    a = {x.id: x for x in r.assessments}
    assert (a["2"].stale, a["2"].headline_period.label) == (True, "Jan-24")
    assert (a["3"].stale, a["3"].headline_period.label) == (True, "Jan-24")
    assert (a["1"].stale, a["1"].headline_period.label) == (False, "Q3 2023/24")
    current = by_id("mole-valley-pis-apr2023-jan2024")
    assert not any(x.stale for x in current.values())


def test_annual_target_profiled_as_the_catalogue_says(tmp_path: Path) -> None:
    """The same HR11 target profiled by quarter (20%, 45%, 70%, 100%): 45% is due by Q2."""
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "indicators:\n  HR11:\n    polarity: smaller_is_better\n"
        "    target_profile: [20, 45, 70, 100]\n",
        encoding="utf-8",
    )
    hr11 = _hart_hr11(catalogue, tmp_path)
    assert hr11.target == 1.4175  # 3.15 x 45%
    catalogue.write_text(
        "indicators:\n  HR11:\n    target_profile: [20, 45, 100]\n", encoding="utf-8"
    )
    from committee_report.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_report(tmp_path / "paper.yaml")  # the config _hart_hr11 wrote
    assert "indicators.HR11.target_profile: expected pro_rata, or a list of 4" in str(caught.value)
