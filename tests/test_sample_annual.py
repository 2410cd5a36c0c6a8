"""The bundled annual sample: every figure checked against the DfE rows it was copied from."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from committee_report.cli import main
from committee_report.paths import data_dir
from committee_report.pipeline import load_report

DFE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "dfe-comparators-croydon-2020-2023"
)
SAMPLE = data_dir() / "croydon-dfe-annual-2019-2023" / "paper.yaml"
MEASURES = {  # indicator -> (source rows file, value column, count columns)
    "DfE 1": (
        "c1_referrals_rereferrals.tsv",
        "rereferral_percent",
        ("rereferral_count", "referral_count"),
    ),
    "DfE 2": (
        "d3_cpp_subsequent_plan.tsv",
        "CPP_subsequent_percent",
        ("CPP_subsequent", "CPP_start"),
    ),
    "DfE 3": ("care_leavers_activity_19_to_21.tsv", "care_leaver_percent", ()),
    "DfE 4": ("cla_rate_per_10000.tsv", "rate_per_10000", ()),
}


def rows(file: str) -> list[dict[str, str]]:
    with (DFE / "source_rows" / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def neighbours() -> list[str]:
    (croydon,) = rows("statistical_neighbours_croydon.tsv")
    return croydon["SN names (looked up from same file)"].split("; ")


EET = "Total in education, employment or training"


def area(file: str, name: str, year: str) -> dict[str, str]:
    """The one source row of an area and year (care leavers: the in-EET breakdown)."""
    level = {"England": "National", "London": "Regional"}.get(name, "Local authority")
    key = {"National": "country_name", "Regional": "region_name"}.get(level, "la_name")
    found = [
        r
        for r in rows(file)
        if r["time_period"] == year
        and r["geographic_level"] == level
        and r[key] == name
        and r.get("breakdown", EET) == EET
    ]
    assert len(found) == 1, (file, name, year, len(found))
    return found[0]


@pytest.fixture(scope="module")
def report():
    return load_report(SAMPLE)[0]


def test_sample_is_annual_and_reads_croydon_figures_as_published(report) -> None:
    card = report.scorecard
    assert [p.label for p in card.periods] == ["2019/20", "2020/21", "2021/22", "2022/23"]
    assert card.kind == "year" and report.period.label == "2022/23"
    for ident, (file, column, counts) in MEASURES.items():
        indicator = card.indicator(ident)
        for period, value in zip(card.periods, indicator.series):
            year = str(period.year)  # DfE time_period 2021 = year ending 31 March 2021
            source = [r for r in rows(file) if r["time_period"] == year]
            if not source:
                assert value.status == "blank"
                continue
            croydon = area(file, "Croydon", year)
            assert value.number == float(croydon[column]), (ident, year)
            if counts:
                assert value.parts == (float(croydon[counts[0]]), float(croydon[counts[1]]))


def test_comparators_are_england_london_and_the_neighbour_mean(report) -> None:
    names = ("England 2022/23", "London 2022/23", "Statistical neighbours average 2022/23")
    for ident, (file, column, _) in MEASURES.items():
        compared = {c.name: c.value for c in report.scorecard.indicator(ident).comparators}
        assert tuple(compared) == names
        assert compared[names[0]].number == float(area(file, "England", "2023")[column])
        assert compared[names[1]].number == float(area(file, "London", "2023")[column])
        values = [Decimal(area(file, la, "2023")[column]) for la in neighbours()]
        assert len(values) == 10, (ident, len(values))
        mean = (sum(values) / 10).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert Decimal(str(compared[names[2]].number)) == mean


def test_headlines_years_and_judgements(report) -> None:
    a = {x.id: x for x in report.assessments}
    assert [a[i].headline_text for i in a] == ["19.6%", "24.0%", "52%", "58"]
    assert all(x.headline_period.label == "2022/23" and not x.stale for x in a.values())
    assert a["DfE 1"].short_trend == "stable"  # 18.9% in 2021/22, within 1 point
    assert a["DfE 2"].trend == "worsening"
    assert [(b.name, b.position) for b in a["DfE 1"].benchmarks] == [
        ("England 2022/23", "better"),
        ("London 2022/23", "similar"),
        ("Statistical neighbours average 2022/23", "similar"),
    ]
    assert a["DfE 4"].unit == "rate"


@pytest.mark.pdf
def test_sample_builds_with_year_labels(tmp_path: Path) -> None:
    import pdfplumber

    out = tmp_path / "annual.pdf"
    assert main(["build", str(SAMPLE), "-o", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        words = " ".join((page.extract_text() or "").replace("\n", " ") for page in pdf.pages)
    assert "vs year before" in words and "vs month before" not in words
    assert "DfE 1 by year, 2019/20 to 2022/23" in words
    assert "19.6% (976 of 4987)" in words
