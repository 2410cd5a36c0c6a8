"""The judgement as the paper shows it: a council's own lists, a RAG-only table, stale data.

Each paper is built from real rows through the public inputs (a scorecard file and a paper
YAML), and read back from the PDF."""

from __future__ import annotations

import pytest

import csv
import io
import json
import re
from pathlib import Path

import pdfplumber
from corpus_rows import CORPUS, stacked_months

from committee_report.build import render
from committee_report.judge.rules import default_rules_path
from committee_report.paper.report_json import report_json

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow

TWO_LISTS = """
categories:
  - {id: performing_well, label: Performing well, includes: [going_well]}
  - {id: improvement, label: Areas where improvements are required,
     includes: [ones_to_watch, do_better]}
"""


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [re.sub(r"\s+", " ", page.extract_text() or "") for page in doc.pages]


def _paper(tmp_path: Path, scorecard: Path, extra: str = "", rules: Path | None = None) -> Path:
    path = tmp_path / "paper.yaml"
    path.write_text(
        "paper: {council: Test Council, title: Performance report, date: 2024}\n"
        f"scorecard: {scorecard}\n" + (f"rules: {rules}\n" if rules else "") + extra,
        encoding="utf-8",
    )
    return path


def test_two_list_scheme_gives_two_lists_everywhere(sample_dir, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(default_rules_path().read_text(encoding="utf-8") + TWO_LISTS, encoding="utf-8")
    paper = tmp_path / "paper.yaml"
    paper.write_text(
        (sample_dir / "paper.yaml")
        .read_text(encoding="utf-8")
        .replace("scorecard: scorecard.tsv", f"scorecard: {sample_dir}/scorecard.tsv")
        .replace("report: report.md", "")  # the analysis alone
        .replace(
            "catalogue: catalogue.yaml", f"catalogue: {sample_dir}/catalogue.yaml\nrules: {rules}"
        ),
        encoding="utf-8",
    )
    pdf, report = render(paper, use_cache=False, chart_workers=1)
    pages = _pages(pdf)
    whole = " ".join(pages)
    assert [c.label for c in report.scheme.lists] == [
        "Performing well",
        "Areas where improvements are required",
    ]
    overview = next(p for p in pages if "placed in one of two groups" in p)
    assert "Performing well 13 items" in overview or "Performing well" in overview
    assert "Areas where improvements are required" in overview
    # The overview: 4 ones to watch and 12 things to do better now in one list.
    lists = [b.category for b in report.bullets]
    assert set(lists) == {"performing_well", "improvement"}
    assert lists.count("improvement") == 16
    # Detail pages ("Why it is here"), the changes table and the appendix's rule table.
    assert "Why it is here: Areas where improvements are required, by the rule" in whole
    # CIN 8 went from "do better" to "ones to watch": one list now, so no change to report.
    cin8 = next(a for a in report.assessments if a.id == "CIN 8")
    assert (cin8.previous_category, cin8.category, cin8.movement) == (
        "do_better",
        "ones_to_watch",
        "unchanged",
    )
    assert report.changes == ()
    appendix = next(p for p in pages if "How indicators were classified" in p)
    assert "Performing well" in appendix
    for label in ("Going well", "Ones to watch", "Things to do better"):
        assert label not in whole, label
    data = report_json(report)
    assert [c["id"] for c in data["categories"]] == ["performing_well", "improvement"]
    cin8 = next(i for i in data["indicators"] if i["id"] == "CIN 8")
    assert (cin8["category"], cin8["list"]) == ("ones_to_watch", "improvement")


def _rag_only_table(tmp_path: Path) -> Path:
    """Bracknell Forest's Q3 2024/25 ids, titles and Status, with no values at all."""
    source = CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv"
    with source.open(encoding="utf-8", newline="") as handle:
        grid = list(csv.reader(handle, delimiter="\t"))
    out = [["Indicator Number", "Indicator Title", "Dec-24", "RAG"]]
    out += [[r[0], r[1], "", r[6]] for r in grid[1:] if r[1]]
    path = tmp_path / "rag-only.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(out)
    return path


def test_rag_only_table_uses_the_councils_rating(tmp_path):
    pdf, report = render(
        _paper(tmp_path, _rag_only_table(tmp_path)), use_cache=False, chart_workers=1
    )
    by_list = {
        c: [b.text for b in report.bullets if b.category == c]
        for c in ("going_well", "ones_to_watch", "do_better")
    }
    assert by_list["do_better"] == [
        "Number of visits to the Look Out Discovery Centre is rated Red by the council",
        (
            "Percentage of care leavers (19 to 21 years) Not in Education, Employment or Training "
            "(NEET) is rated Red by the council"
        ),
    ]
    assert by_list["ones_to_watch"] == [
        (
            "Number of young people involved in universal youth service activities is rated Amber "
            "by the council"
        )
    ]
    assert len(by_list["going_well"]) == 7
    assert all(a.rag_source == "reported" for a in report.assessments)
    overview = next(p for p in _pages(pdf) if "placed in one of three groups" in p)
    assert "None this month" not in overview
    assert "is rated Red by the council" in overview


TELECARE = {
    "2022-06": "1265",
    "2022-09": "1245",
    "2022-12": "1220",
    "2023-03": "1179",
    "2023-06": "1186",
    "2023-09": "1162",
    "2023-12": "1153",
}


def _mole_valley_months(tmp_path: Path) -> Path:
    """Mole Valley's community transport journeys and B&B households (April 2022 to March
    2024, February and March 2024 left empty as published) and its quarterly telecare users
    (scorecard.tsv lines 4-10, at each quarter's last month), in a monthly scorecard."""
    case = "mole-valley-pis-apr2023-jan2024"
    _, journeys = stacked_months(case, "Number of community transport journeys")
    _, bnb = stacked_months(case, "Number of households in bed & breakfast accommodation")
    months = list(journeys)
    header = ["Indicator Number", "Indicator Title", "Polarity", *[f"{m.label}" for m in months]]
    lines = [
        header,
        ["CT 1", "Number of community transport journeys", "BIB", *[journeys[m] for m in months]],
        [
            "BB 1",
            "Number of households in bed & breakfast accommodation",
            "SIB",
            *[bnb.get(m, "") for m in months],
        ],
        [
            "TC 1",
            "Number of telecare service users",
            "BIB",
            *[TELECARE.get(str(m), "") for m in months],
        ],
    ]
    path = tmp_path / "mole-valley.tsv"
    path.write_text("".join("\t".join(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_stale_indicator_is_listed_not_placed(tmp_path):
    # Judged as of March 2024 (the table's last column): January's journeys and B&B figures
    # are two months old, so not placed as current but listed under "Not updated this
    # period"; December's telecare figure is the latest of a quarterly series: current.
    pdf, report = render(
        _paper(tmp_path, _mole_valley_months(tmp_path)), use_cache=False, chart_workers=1
    )
    journeys = next(a for a in report.assessments if a.id == "CT 1")
    assert (journeys.stale, journeys.category, journeys.rule) == (True, None, "not-updated")
    assert [(n.id, str(n.last_period)) for n in report.not_updated] == [
        ("CT 1", "2024-01"),
        ("BB 1", "2024-01"),
    ]
    assert [b.indicator_ids for b in report.bullets] == [("TC 1",)]
    telecare = next(a for a in report.assessments if a.id == "TC 1")
    assert (telecare.stale, telecare.periodicity, telecare.rule) == (
        False,
        "quarterly",
        "no-target-yoy-worse",
    )  # 1,153 against 1,220
    overview = next(p for p in _pages(pdf) if "Not updated this period" in p)
    assert "CT 1 Number of community transport journeys: latest value Jan-24" in overview
    data = json.loads(json.dumps(report_json(report)))
    assert data["not_updated"][0] == {
        "id": "CT 1",
        "title": "Number of community transport journeys",
        "last_period": "2024-01",
    }
    # One staleness warning since the merge with #11 (which words it "stale: ... older than").
    assert any(
        w.endswith(
            "CT 1: stale: the latest value is for Jan-24, older than the paper's "
            "month Mar-24, so it is not judged as current; it is not placed, and "
            'is listed under "Not updated this period"'
        )
        for w in data["warnings"]
    )
    item = next(i for i in data["indicators"] if i["id"] == "CT 1")
    assert (item["stale"], item["age"], item["metrics"]["stale"]) == (True, 2, True)


def _bracknell_with_values(tmp_path: Path) -> Path:
    """Bracknell Forest's Q3 2024/25 table with its "Last quarter / This quarter" columns
    headed by the months that end them, and a polarity column a catalogue would give."""
    source = CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv"
    with source.open(encoding="utf-8", newline="") as handle:
        grid = list(csv.reader(handle, delimiter="\t"))
    out = [["Indicator Number", "Indicator Title", "Polarity", "Sep-24", "Dec-24", "Target", "RAG"]]
    out += [
        [r[0], r[1], "SIB" if r[0] in ("1.1.2.PI", "1.2.1.KR") else "BIB", r[3], r[4], r[5], r[6]]
        for r in grid[1:]
        if r[1]
    ]
    path = tmp_path / "bracknell.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(out)
    return path


def test_kpi_table_shows_both_ratings_where_they_differ(tmp_path):
    pdf, report = render(
        _paper(tmp_path, _bracknell_with_values(tmp_path)), use_cache=False, chart_workers=1
    )
    kpi = next(p for p in _pages(pdf) if "Indicator Title" in p)
    # 43% against 50%: Red by the rules, Green to the council; both in the table.
    assert "42.6% 43% 50% ■ Red (council: Green)" in kpi
    assert "20% 20% ● Green " in kpi  # they agree: one word
    assert any(
        "1.1.4.KR: the scorecard's RAG is Green but the rules give Red" in w
        for w in report.warnings
    )
    # The previous month (November) has only September's value, two months old: stale, so no
    # movement is claimed against it.
    assert all(a.movement is None for a in report.assessments) and report.changes == ()


def test_kpi_table_marks_the_councils_own_rating(tmp_path):
    pdf, _ = render(_paper(tmp_path, _rag_only_table(tmp_path)), use_cache=False, chart_workers=1)
    kpi = next(p for p in _pages(pdf) if "Indicator Title" in p)
    assert "■ Red (council)" in kpi and "● Green (council)" in kpi
