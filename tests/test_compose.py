"""The sample's Paper, composed without any PDF: every word, cell and figure checked against
a golden file and against the judged report it comes from."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from committee_report.inputs.theme import load_theme
from committee_report.model import Report
from committee_report.paper import model as pm
from committee_report.paper.compose import Labels, compose
from committee_report.paper.paper_json import paper_json
from committee_report.publish import compose_paper
from committee_report.publish import main as paper_json_main

GOLDEN = Path(__file__).parent / "golden" / "sample-paper.json"
REGENERATE = (
    "python -m committee_report.publish > tests/golden/sample-paper.json "
    "(or UPDATE_GOLDEN=1 pytest tests/test_compose.py), then review the diff"
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def paper(sample_report: Report) -> pm.Paper:
    return compose(sample_report, Labels.from_theme(load_theme("croydon")))


def kpi(paper: pm.Paper) -> pm.KpiTable:
    section = paper.section("kpi_tables")
    assert section is not None
    return next(b for b in section.blocks if isinstance(b, pm.KpiTable))


def cell(table: pm.KpiTable, indicator: str, key: str) -> pm.Cell:
    index = [c.key for c in table.columns].index(key)
    return next(
        r for r in table.rows if isinstance(r, pm.KpiRow) and r.indicator_id == indicator
    ).cells[index]


def test_sample_paper_matches_the_golden_json(paper: pm.Paper) -> None:
    text = paper_json(paper)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), f"Paper changed; to accept: {REGENERATE}"


def test_the_golden_command_prints_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert paper_json_main([]) == 0
    assert capsys.readouterr().out == GOLDEN.read_text(encoding="utf-8")


def test_polarity_cell_shows_the_effective_polarity(paper: pm.Paper, judged: dict) -> None:
    """CLA 3 and CLA 4 are blank in the scorecard and smaller-is-better in the catalogue: the
    table says SIB (beside their "↓ Better"), which the appendix explains; only indicators
    with no polarity at all show a blank, which the appendix says is no judgement."""
    table = kpi(paper)
    assert judged["CLA 3"].indicator.polarity_text == ""
    assert cell(table, "CLA 3", "polarity").text == "SIB"
    assert cell(table, "CLA 4", "polarity").text == "SIB"
    assert cell(table, "CLA 3", "trend").text == "↓ Better"
    for row in table.rows:
        if isinstance(row, pm.KpiRow):
            shown = cell(table, row.indicator_id, "polarity").text
            a = judged[row.indicator_id]
            assert (shown == "") == (a.polarity is None), row.indicator_id
            if a.indicator.polarity:
                assert shown == a.indicator.polarity_text
    appendix = paper.section("appendix")
    assert appendix is not None
    meanings = next(b for b in appendix.blocks if isinstance(b, pm.Table) and b.kind == "polarity")
    assert [pm.plain(r[0]) for r in meanings.rows] == ["BIB", "SIB", "(blank)"]
    assert pm.plain(meanings.rows[1][1]) == "Smaller is better: a fall is an improvement."
    assert pm.plain(meanings.rows[2][1]).startswith("No judgement of direction")


def test_kpi_rows_carry_the_scorecards_cells(paper: pm.Paper, judged: dict) -> None:
    table = kpi(paper)
    assert [c.key for c in table.columns][:3] == ["id", "title", "polarity"]
    months = [c for c in table.columns if c.key == "month"]
    assert [m.header for m in months[:2]] == ["Feb-21", "Mar-21"]
    assert months[0].group == "2020/21" and months[2].group == "2021/22"
    amt2 = [
        c.text
        for c in next(
            r for r in table.rows if isinstance(r, pm.KpiRow) and r.indicator_id == "AMT 2"
        ).cells
    ]
    assert amt2[3:15] == [
        "79%",
        "83%",
        "82%",
        "69%",
        "72%",
        "73%",
        "65%",
        "72%",
        "61%",
        "66%",
        "63%",
        "60%",
    ]
    assert cell(table, "AMT 2", "rag") == pm.RagCell("red", "▪", "Red")
    assert cell(table, "AMT 2", "headline").text == "68%"
    spark = cell(table, "AMT 2", "sparkline")
    assert isinstance(spark, pm.SparklineCell) and spark.values[:3] == (79.0, 83.0, 82.0)
    sections = [r.title for r in table.rows if isinstance(r, pm.SectionRow)]
    assert "Caseloads" in sections
    ids = [r.indicator_id for r in table.rows if isinstance(r, pm.KpiRow)]
    assert ids == list(judged)


def test_figures_carry_caption_source_and_alt_from_the_data(
    paper: pm.Paper, sample_report: Report
) -> None:
    details = paper.section("details")
    assert details is not None
    items = [b for b in details.blocks if isinstance(b, pm.IndicatorDetail)]
    assert [d.indicator_id for d in items] == list(sample_report.featured)
    amt2 = next(d for d in items if d.indicator_id == "AMT 2")
    assert amt2.figure is not None
    assert amt2.figure.caption == (
        "Figure 4: AMT 2 by month, Feb-21 to Jan-22 (per cent); the "
        "dashed line is the target; comparators to the right."
    )
    assert amt2.figure.source == "Source: Croydon Council scorecard."
    assert amt2.figure.chart.values[-1] == 60.0 and amt2.figure.chart.target == 85.0
    assert amt2.figure.chart.latest_text == "Jan-22: 60% (Red)"
    assert amt2.figure.alt.startswith("Line chart of the percentage of assessments completed")
    assert [c.text for c in amt2.figure.chart.comparators] == ["81%", "92%", "89%", "88%"]


def test_overview_says_none_this_month_for_an_empty_panel(sample_report: Report) -> None:
    only = replace(
        sample_report, bullets=tuple(b for b in sample_report.bullets if b.category != "going_well")
    )
    overview = compose(only, Labels.from_theme(load_theme("default"))).section("overview")
    assert overview is not None
    blocks = list(overview.blocks)
    going_well = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, pm.CategoryHeading) and b.category == "going_well"
    )
    assert blocks[going_well].count == "0 items"
    assert blocks[going_well + 1] == pm.Paragraph((pm.Span("None this month."),))


def test_text_is_plain_never_markup(paper: pm.Paper) -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    for mark in ("<b>", "</", "&nbsp;", "&amp;", "<a href"):
        assert mark not in text
    assert any(
        b
        for s in paper.sections
        for b in s.blocks
        if isinstance(b, pm.Paragraph) and any(span.strong for span in b.content)
    )


def test_a_welsh_paper_marks_what_the_narrative_writes_as_english() -> None:
    """The narrative writes English; on a Welsh paper each block it wrote carries en-GB (its
    language of parts) and each block of the paper's own fixed words carries none. An English
    paper marks nothing (the golden JSON above has no `lang`)."""
    welsh = compose_paper(ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml")
    overview = next(s for s in welsh.sections if s.key == "overview")
    lists = [b for b in overview.blocks if isinstance(b, pm.BulletList)]
    assert lists and all(i.lang == "en-GB" for b in lists for i in b.items)
    assert all(b.lang is None for b in overview.blocks if isinstance(b, pm.Paragraph))
    details = [b for s in welsh.sections for b in s.blocks if isinstance(b, pm.IndicatorDetail)]
    assert len(details) == 16
    for d in details:
        assert d.figure is not None and d.figure.lang == "en-GB"
        assert d.why is not None and d.why.lang == "en-GB"
        assert d.facts.lang is None and d.heading.lang is None  # Welsh labels, the data's title
        assert d.evidence is None or all(i.lang == "en-GB" for i in d.evidence.items)
    table = next(b for s in welsh.sections for b in s.blocks if isinstance(b, pm.KpiTable))
    sparks = [c for r in table.rows if isinstance(r, pm.KpiRow) for c in r.cells]
    sparks = [c for c in sparks if isinstance(c, pm.SparklineCell)]
    assert len(sparks) == 33 and {c.lang for c in sparks} == {"en-GB"}
    appendix = next(s for s in welsh.sections if s.key == "appendix")
    assert appendix.heading is not None and appendix.heading.lang is None  # Welsh section title
    parts = [b for b in appendix.blocks if isinstance(b, pm.Heading)]
    assert [h.text for h in parts][:2] == ["How indicators were classified", "Polarity"]
    assert {h.lang for h in parts} == {"en-GB"}
    # Any element's language other than the paper's is in its JSON (defaults are left out):
    # the Welsh paper's are, the English paper has none, at any depth.
    assert '"lang": "en-GB"' in paper_json(welsh) and '"caption_lang": "en-GB"' in paper_json(welsh)
    assert '"lang":' not in paper_json(compose_paper()) and "caption_lang" not in paper_json(
        compose_paper()
    )
