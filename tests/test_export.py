"""The judged indicators as XLSX and CSV (render/table_export.py), and `build --format`:
every bundled sample builds in every format, twice to the same bytes; the workbook read back
with openpyxl follows the Analysis Function's spreadsheet guidance; the CSV read back with the
csv module says what `assess --format json` says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from committee_report.build import build_paper, formats_for, output_paths
from committee_report.cli import main
from committee_report.inputs.theme import load_theme
from committee_report.paper.report_json import report_json
from committee_report.paths import data_dir
from committee_report.publish import FORMATS, render_formats
from committee_report.render.table_export import csv_text, render_csv, unplaced

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow

SAMPLES = sorted(p for p in data_dir().glob("*/paper.yaml"))


@pytest.fixture(scope="module")
def data(sample_report) -> dict:
    return report_json(sample_report)


@pytest.fixture(scope="module")
def workbook(sample_report):
    theme = load_theme("croydon")
    blob = render_formats(sample_report, theme, ("xlsx",))["xlsx"]
    assert blob == render_formats(sample_report, theme, ("xlsx",))["xlsx"]
    return load_workbook(io.BytesIO(blob))


@pytest.mark.pdf
@pytest.mark.parametrize("paper_yaml", SAMPLES, ids=[p.parent.name for p in SAMPLES])
def test_each_sample_builds_in_every_format_to_the_same_bytes(
    paper_yaml: Path, tmp_path: Path
) -> None:
    first = (
        build_paper(paper_yaml, tmp_path / "a" / "paper.pdf", formats=FORMATS)
        if (tmp_path / "a").mkdir() is None
        else None
    )
    second = (
        build_paper(paper_yaml, tmp_path / "b" / "paper.pdf", formats=FORMATS, use_cache=False)
        if (tmp_path / "b").mkdir() is None
        else None
    )
    assert first is not None and second is not None
    assert [p.name for p, _ in first.files] == [f"paper.{f}" for f in FORMATS]
    for (a, size), (b, _) in zip(first.files, second.files):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert size == a.stat().st_size > 1000
    assert first.pages > 5


def test_format_option_and_the_output_names_extension(tmp_path: Path, capsys) -> None:
    assert formats_for("paper.docx", None) == ("docx",)
    assert formats_for("paper.out", None) == ("pdf",)
    assert formats_for(None, None) == ("pdf",)
    assert output_paths("x/paper.pdf", ("pdf", "csv")) == {
        "pdf": Path("x/paper.pdf"),
        "csv": Path("x/paper.csv"),
    }
    out = tmp_path / "indicators.csv"
    assert main(["build", "-o", str(out)]) == 0  # the extension chooses CSV
    assert out.read_bytes().startswith("\ufeffIndicator,Title,".encode())
    assert main(["build", "--format", "xlsx,csv", "-o", str(tmp_path / "both.x")]) == 0
    assert (tmp_path / "both.xlsx").exists() and (tmp_path / "both.csv").exists()
    capsys.readouterr()
    assert main(["build", "--format", "pdf,odt", "-o", str(tmp_path / "no.pdf")]) == 2
    assert "--format: expected one or more of pdf, html, docx, xlsx, csv" in capsys.readouterr().err
    assert not (tmp_path / "no.pdf").exists()


def test_batch_builds_take_format(tmp_path: Path, capsys) -> None:
    sample = str(data_dir() / "croydon-2022-02" / "paper.yaml")
    out = tmp_path / "out"
    out.mkdir()
    assert (
        main(["build", sample, "--output-dir", str(out), "--format", "csv,xlsx", "--jobs", "1"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["paper.csv", "paper.xlsx"]


def test_workbook_has_cover_contents_notes_and_one_table_per_sheet(workbook) -> None:
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Indicators", "Series"]
    for sheet in workbook.worksheets:
        assert sheet.merged_cells.ranges == set() or not sheet.merged_cells.ranges
        assert isinstance(sheet["A1"].value, str) and sheet["A1"].font.b
        if sheet.title != "Cover":
            assert len(sheet.tables) == 1
            assert next(iter(sheet.tables.values())).ref.startswith("A3:")
    contents = workbook["Contents"]
    assert [contents.cell(r, 1).value for r in range(4, 8)] == [
        "Cover",
        "Notes",
        "Indicators",
        "Series",
    ]
    assert (
        contents.cell(6, 1).hyperlink.location == "'Indicators'!A1"
        or contents.cell(6, 1).hyperlink.target == "#'Indicators'!A1"
    )
    notes = workbook["Notes"]
    assert notes["A4"].value == "Note 1"
    # The sample's one data note, as the paper's appendix words it (no file, no folder).
    assert notes["B4"].value == (
        "W1 f2: the scorecard gives 19.7 as the latest value, its "
        "January figure is 17.7; the paper shows 17.7"
    )


def test_indicator_sheet_holds_numbers_with_number_formats(workbook, data: dict) -> None:
    sheet = workbook["Indicators"]
    headers = [c.value for c in sheet[3]]
    assert headers[:4] == ["Indicator", "Title", "Section", "Period"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    assert len(rows) == len(data["indicators"]) == 33
    eh7 = {h: c for h, c in zip(headers, rows["EH 7"])}
    # The reference paper: EH 7 is 21% (year to date) against a 10% target, Red.
    assert eh7["Headline"].value == 21.0 and eh7["Headline"].data_type == "n"
    assert eh7["Headline"].number_format == '0.0##"%"'
    assert eh7["Target"].value == 10.0 and eh7["Target"].number_format == '0.0##"%"'
    assert eh7["RAG"].value == "red"
    assert eh7["Headline as printed"].value == "21%" and eh7["Basis"].value == "ytd"
    assert eh7["Period"].value == "2022-01"
    mc8 = rows["MC 8"][headers.index("Headline")]
    assert (mc8.value, mc8.number_format) == (1219, "#,##0.###")  # a count, summed YTD
    series = workbook["Series"]
    long_rows = [[c.value for c in r] for r in series.iter_rows(min_row=4)]
    assert sum(len(i["series"]) for i in data["indicators"]) == len(long_rows)
    assert ["EH 7", "2022-01", 25.0, "25%", "percent"] in long_rows


def test_csv_read_back_equals_the_json(data: dict) -> None:
    blob = render_csv(data)
    assert blob.startswith(b"\xef\xbb\xbf")
    assert str(data_dir()).encode() not in blob
    rows = list(csv.DictReader(io.StringIO(blob.decode("utf-8-sig"))))
    assert len(rows) == len(data["indicators"]) == 33
    json_text = json.loads(json.dumps(data))  # as `assess --format json` prints it
    comparators = [n for n in json_text["indicators"][0]["comparators"]]
    for row, item in zip(rows, json_text["indicators"]):
        assert row["Indicator"] == item["id"] and row["Title"] == item["title"]
        assert row["Period"] == json_text["period"]
        for header, key in (
            ("Headline", "headline"),
            ("Target", "target"),
            ("Headline as printed", "headline_text"),
            ("RAG", "rag"),
            ("Trend", "trend"),
            ("Rule", "rule"),
            ("Movement", "movement"),
            ("Narrative", "narrative"),
            ("Commentary", "commentary"),
            ("Months off target", "months_off_target"),
            ("Amber band", "amber_band"),
            ("Basis", "basis"),
        ):
            assert row[header] == csv_text(item[key]), (item["id"], header)
        assert row["Category"] == (item["category"] or "").replace("_", " ")
        # As the JSON says it, less any folder of this machine a quoted warning might name.
        assert row["Reasons"] == unplaced(" | ".join(item["reasons"]))
        for name in comparators:
            value = (item["comparators"].get(name) or {}).get("value")
            assert row[name] == csv_text(value)
    eh7 = next(r for r in rows if r["Indicator"] == "EH 7")
    assert (eh7["Headline"], eh7["Target"], eh7["RAG"]) == ("21.0", "10.0", "red")
