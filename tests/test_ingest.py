"""Ingest: the real Croydon scorecard, the same table spelled the ways councils export it, and
every bad input as its exact one-line error."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from committee_report.errors import DataError
from committee_report.inputs.cells import CellError, excel_number
from committee_report.inputs.ingest import parse_cell, parse_period, read_scorecard
from committee_report.model import Period, Scorecard, Value
from committee_report.paths import data_dir

REFERENCE = data_dir() / "croydon-2022-02" / "scorecard.tsv"
FIXTURES = Path(__file__).parent / "data" / "ingest"
NUMBER = "expected a number such as 81%, 1,219 or 15.6, or BM, NA or blank"


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return read_scorecard(REFERENCE)


def series_text(card: Scorecard, indicator_id: str) -> list[str]:
    return [value.text for value in card.indicator(indicator_id).series]


# -- the reference scorecard -------------------------------------------------------------------


def test_reference_shape(card: Scorecard) -> None:
    assert len(card.indicators) == 33
    assert card.periods == tuple(Period(2021, 2).shift(n) for n in range(12))
    assert str(card.periods[0]) == "2021-02" and str(card.periods[-1]) == "2022-01"
    assert card.path == str(REFERENCE)
    assert card.notices == ()
    assert card.indicators[0].id == "EH 7" and card.indicators[-1].id == "QA 5"
    assert card.headers == {
        "id": "Indicator Number",
        "title": "Indicator Title",
        "polarity": "Polarity",
        "officer": "RO",
        "target": "2021-22 Target",
        "rag": "RAG",
        "basis": "YTD/LATEST",
        "headline": "2021-22 YTD or latest",
    }


def test_comparator_names_in_order(card: Scorecard) -> None:
    # The reference header has four comparator columns after the headline.
    assert card.comparator_names == (
        "DfE Published Croydon 2020-21",
        "Stats Nbr Average 2020-21",
        "London 2020-21",
        "England 2020-21",
    )
    assert [c.name for c in card.indicator("FD 8").comparators] == list(card.comparator_names)


def test_caseloads_section_starts_at_w1(card: Scorecard) -> None:
    ids = [indicator.id for indicator in card.indicators]
    start = ids.index("W 1")
    assert ids[start - 1] == "CL 1c"
    assert all(i.section is None for i in card.indicators[:start])
    assert all(i.section == "Caseloads" for i in card.indicators[start:])
    assert ids[start:] == [
        "W 1",
        "W 1a",
        "W 1b",
        "W 1c",
        "W 1d",
        "W 1e",
        "W1 f1",
        "W1 f2",
        "W 1g",
        "QA 1",
        "QA 2",
        "QA 3",
        "QA 4",
        "QA 5",
    ]
    assert card.sections == ("Caseloads",)
    # Row numbers as a spreadsheet shows them: header 1, the section row 21, W 1 below it.
    assert card.indicator("EH 7").source.row == 2
    assert card.indicator("CL 1c").source.row == 20
    assert card.indicator("W 1").source.row == 22
    assert card.indicator("W 1").source.file == str(REFERENCE)


def test_qa2_bimonthly_months_are_not_measured(card: Scorecard) -> None:
    qa2 = card.indicator("QA 2")
    assert series_text(card, "QA 2") == [
        "BM",
        "35",
        "BM",
        "48",
        "BM",
        "BM",
        "31",
        "BM",
        "BM",
        "48",
        "BM",
        "BM",
    ]
    assert [v.status for v in qa2.series].count("not_measured") == 8
    assert all(v.number is None for v in qa2.series if v.status == "not_measured")
    assert qa2.series[1] == Value("35", 35.0, "value", False, 0)
    assert qa2.reported_basis is None and qa2.reported_basis_text == "NA"
    assert qa2.target == Value("NA", None, "not_applicable")
    assert qa2.reported_rag == "grey" and qa2.polarity is None


def test_cl1c_blank_before_august(card: Scorecard) -> None:
    series = card.indicator("CL 1c").series
    assert [v.status for v in series[:6]] == ["blank"] * 6
    assert all(v.text == "" and v.number is None for v in series[:6])
    assert series[6] == Value("63%", 63.0, "value", True, 0)
    assert card.periods[6] == Period(2021, 8)
    assert card.indicator("CL 1c").comparators[3].value == Value("52%", 52.0, "value", True, 0)


def test_headlines_and_comparators(card: Scorecard) -> None:
    assert card.indicator("MC 8").reported_headline == Value("1,219", 1219.0, "value", False, 0)
    assert [c.value.number for c in card.indicator("MC 8").comparators] == [1801, 498, 14580, 71470]
    w1f2 = card.indicator("W1 f2")
    assert w1f2.reported_headline == Value("19.7", 19.7, "value", False, 1)
    assert w1f2.series[-1] == Value("17.7", 17.7, "value", False, 1)
    cla3 = card.indicator("CLA 3").comparators[0]
    assert cla3.name == "DfE Published Croydon 2020-21"
    assert cla3.value == Value("69%", 69.0, "value", True, 0)
    assert card.indicator("CIN 3").series[6] == Value("62.0", 62.0, "value", False, 1)
    assert card.indicator("W 1").target == Value("17", 17.0, "value", False, 0)


def test_polarity_rag_basis(card: Scorecard) -> None:
    assert card.indicator("EH 9").polarity == "smaller_is_better"
    assert card.indicator("AMT 2").polarity == "bigger_is_better"
    cin3 = card.indicator("CIN 3")
    assert cin3.polarity is None and cin3.polarity_text == ""
    assert cin3.reported_basis == "latest" and cin3.reported_basis_text == "LATEST"
    assert card.indicator("CIN 8").reported_rag == "amber"
    assert card.indicator("CP 13").reported_rag == "green"
    assert card.indicator("EH 7").reported_basis == "ytd"
    assert card.indicator("QA 1").officer == "AllHoS"
    assert card.indicator("W1 f2").id == "W1 f2"
    assert card.indicator("EH 7").commentary is None


# -- the same table, other spellings -----------------------------------------------------------


def facts(card: Scorecard) -> list[tuple[object, ...]]:
    """What must survive any spelling of the table: ids, sections, codes and every value."""
    rows = []
    for i in card.indicators:
        values = [*i.series, i.target, i.reported_headline, *(c.value for c in i.comparators)]
        rows.append(
            (
                i.id,
                i.section,
                i.polarity,
                i.polarity_text,
                i.officer,
                i.reported_rag,
                i.reported_basis,
                i.reported_basis_text,
                [(v.number, v.status, v.percent, v.decimals, v.text) for v in values],
            )
        )
    return rows


@pytest.mark.parametrize(
    "name",
    [
        "scorecard-comma.csv",
        "scorecard-semicolon.csv",
        "scorecard-bom-crlf.csv",
        "scorecard-cp1252.csv",
        "scorecard-titled.tsv",
        "scorecard-percent.xlsx",
        "scorecard-commentary.xlsx",
        "scorecard-long.csv",
    ],
)
def test_every_spelling_reads_as_the_reference(name: str, card: Scorecard) -> None:
    other = read_scorecard(FIXTURES / name)
    assert other.periods == card.periods
    assert other.comparator_names == card.comparator_names
    assert facts(other) == facts(card)
    titles = [i.title for i in other.indicators]
    expected = [i.title for i in card.indicators]
    if name == "scorecard-cp1252.csv":
        expected[11] = expected[11].replace("month - CLA", "month \u2013 CLA")
    assert titles == expected


def test_encoding_guess_is_a_notice() -> None:
    path = FIXTURES / "scorecard-cp1252.csv"
    other = read_scorecard(path)
    assert other.notices == (f"{path}: not UTF-8; read as Windows-1252",)
    assert other.indicator("MC 8").title.startswith(
        "Number of missing episodes started in month \u2013 CLA"
    )
    assert read_scorecard(FIXTURES / "scorecard-bom-crlf.csv").indicators[0].id == "EH 7"


def test_sheet_name_on_a_text_file_is_a_notice() -> None:
    other = read_scorecard(REFERENCE, sheet="KPIs")
    assert other.notices == (f"{REFERENCE}: not a workbook, so the sheet 'KPIs' does not apply",)
    assert len(other.indicators) == 33


def test_title_rows_shift_the_row_numbers() -> None:
    other = read_scorecard(FIXTURES / "scorecard-titled.tsv")
    assert other.indicator("EH 7").source.row == 6
    assert other.indicator("W 1").source.row == 26


def test_xlsx_numbers_display_as_excel_shows_them() -> None:
    other = read_scorecard(FIXTURES / "scorecard-percent.xlsx")
    assert other.indicator("EH 7").series[0] == Value("25%", 25.0, "value", True, 0)
    assert other.indicator("MC 8").reported_headline == Value("1,219", 1219.0, "value", False, 0)
    # Stored as 65.200000000001 in General: shown, and read, as Excel shows it.
    assert other.indicator("CIN 3").reported_headline == Value("65.2", 65.2, "value", False, 1)
    sheet = openpyxl.load_workbook(FIXTURES / "scorecard-percent.xlsx")["KPIs"]
    assert sheet["D1"].value == datetime(2021, 2, 1)
    assert sheet["D2"].value == 0.25 and sheet["D2"].number_format == "0%"


def test_xlsx_named_sheet_and_commentary_sheet() -> None:
    other = read_scorecard(FIXTURES / "scorecard-commentary.xlsx", sheet="Scorecard")
    notes = {i.id: i.commentary for i in other.indicators if i.commentary}
    assert notes == {
        "AMT 2": "Timeliness fell as demand rose; a recovery plan is in place.",
        "W1 f2": "January's 17.7 is the latest figure.",
        "QA 5": "Two inadequate audits, both re-audited in March.",
    }


def test_long_format_sorts_periods_and_fills_gaps(tmp_path: Path, card: Scorecard) -> None:
    lines = (FIXTURES / "scorecard-long.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "long.csv"
    path.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    other = read_scorecard(path)
    assert other.periods == card.periods
    assert other.indicators[0].id == "QA 5" and other.indicators[-1].id == "EH 7"
    assert other.indicator("CL 1c").series == card.indicator("CL 1c").series
    assert other.indicator("W1 f1").series[:8] == (Value(""),) * 8
    assert other.indicator("W 1").section == "Caseloads"
    assert other.headers["id"] == "Indicator" and other.headers["value"] == "Value"


def test_commentary_column_and_extra_columns(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(REFERENCE.read_text(encoding="utf-8")), delimiter="\t"))
    rows[0][1:1] = ["Measure type"]
    rows[0].append("Commentary")
    for row in rows[1:]:
        row[1:1] = ["internal"]
        row.append("")
    rows[2][-1] = "  Stepping up is falling.  "
    path = tmp_path / "extra.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    other = read_scorecard(path)
    assert other.indicator("EH 9").commentary == "Stepping up is falling."
    assert other.indicator("EH 7").commentary is None
    assert other.headers["commentary"] == "Commentary"
    assert len(other.comparator_names) == 4
    assert other.notices == (
        f"{path}:1:Measure type: column 'Measure type' is not used; map it with columns: in "
        "paper.yaml",
    )
    assert other.indicator("EH 9").extra == (("Measure type", "internal"),)


# -- cells -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("81%", Value("81%", 81.0, "value", True, 0)),
        (" 81 % ", Value("81 %", 81.0, "value", True, 0)),
        ("1,219", Value("1,219", 1219.0, "value", False, 0)),
        ("15.6", Value("15.6", 15.6, "value", False, 1)),
        ("-3.5", Value("-3.5", -3.5, "value", False, 1)),
        ("12.50%", Value("12.50%", 12.5, "value", True, 2)),
        ("BM", Value("BM", None, "not_measured")),
        ("", Value("", None, "blank")),
        ("   ", Value("", None, "blank")),
        ("NA", Value("NA", None, "not_applicable")),
        ("N/A", Value("N/A", None, "not_applicable")),
        ("n/a", Value("n/a", None, "not_applicable")),
        ("-", Value("-", None, "not_applicable")),
        ("\u2014", Value("\u2014", None, "not_applicable")),
        ("<5", Value("<5", None, "suppressed")),
        ("*", Value("*", None, "suppressed")),
        ("c", Value("c", None, "suppressed")),
    ],
)
def test_parse_cell(text: str, expected: Value) -> None:
    assert parse_cell(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2", "%", "12a", "1.2.3", "£5"])
def test_parse_cell_rejects(text: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(text)
    assert str(caught.value) == f"{NUMBER}; got {text!r}"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Feb-21", Period(2021, 2)),
        ("Feb 21", Period(2021, 2)),
        ("February 2021", Period(2021, 2)),
        ("Feb 2021", Period(2021, 2)),
        ("Sept 2021", Period(2021, 9)),
        ("2021-02", Period(2021, 2)),
        ("02/2021", Period(2021, 2)),
        ("2021/02", Period(2021, 2)),
        ("01/02/2021", Period(2021, 2)),
        ("2021-02-01 00:00:00", Period(2021, 2)),
        (datetime(2022, 1, 1), Period(2022, 1)),
        (date(2021, 12, 31), Period(2021, 12)),
        ("2021/22", Period(2022, 3, "year")),
        ("2011/12", Period(2012, 3, "year")),
        ("2020/21", Period(2021, 3, "year")),
        ("44228", None),
        (44228, None),
        ("Feb", None),
        ("2021-22 Target", None),
        ("Comparative Data", None),
        ("RO", None),
        ("Indicator Number", None),
        (None, None),
        ("13/2021", None),
    ],
)
def test_parse_period(header: object, expected: Period | None) -> None:
    assert parse_period(header) == expected


@pytest.mark.parametrize(
    "number, number_format, expected",
    [
        (0.81, "0%", Value("81%", 81.0, "value", True, 0)),
        (0.815, "0.0%", Value("81.5%", 81.5, "value", True, 1)),
        (0.815, "0%", Value("82%", 82.0, "value", True, 0)),
        (1219, "#,##0", Value("1,219", 1219.0, "value", False, 0)),
        (15.600000000000001, "General", Value("15.6", 15.6, "value", False, 1)),
        (62, "0.0", Value("62.0", 62.0, "value", False, 1)),
        (-3.5, "General", Value("-3.5", -3.5, "value", False, 1)),
        (2.5, "0", Value("3", 3.0, "value", False, 0)),
        (1219.5, "#,##0.00_);[Red](#,##0.00)", Value("1,219.50", 1219.5, "value", False, 2)),
    ],
)
def test_excel_number(number: float, number_format: str, expected: Value) -> None:
    assert excel_number(number, number_format) == expected


@pytest.mark.slow
def test_ingest_imports_neither_pandas_nor_openpyxl() -> None:
    code = (
        "import sys, committee_report.inputs.ingest; "
        "print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


@pytest.mark.slow
def test_reading_a_workbook_does_not_import_numpy() -> None:
    """openpyxl imports numpy when it can (to write numpy's numbers); reading a scorecard
    workbook reads the same cells without it (inputs/openpyxl_import.py)."""
    workbook = Path(__file__).parent / "data" / "ingest" / "scorecard-percent.xlsx"
    code = (
        "import sys; from committee_report.inputs.ingest import read_scorecard; "
        f"card = read_scorecard({str(workbook)!r}); "
        "print(len(card.indicators), 'openpyxl' in sys.modules, 'numpy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "33 True False"


# -- errors ------------------------------------------------------------------------------------


def fails(path: Path | str, **kwargs: str) -> str:
    """The one-line message of the `DataError` reading `path` raises, with no chained cause."""
    with pytest.raises(DataError) as caught:
        read_scorecard(path, **kwargs)
    error = caught.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    assert "\n" not in str(error)
    return str(error)


def edited(
    tmp_path: Path, old: str, new: str, *, name: str = "scorecard.tsv", source: Path = REFERENCE
) -> str:
    """Copy a real scorecard into tmp_path with one edit; returns the bare file name."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (tmp_path / name).write_text(text.replace(old, new), encoding="utf-8")
    return name


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path so messages carry the short file names a user would type."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_missing_empty_binary_and_fake_xlsx(here: Path) -> None:
    assert fails("nope.csv") == "nope.csv: no such file"
    (here / "empty.csv").write_bytes(b"")
    assert fails("empty.csv") == "empty.csv: the file is empty"
    (here / "blank.tsv").write_bytes(b"\xef\xbb\xbf \r\n")
    assert fails("blank.tsv") == "blank.tsv: the file is empty"
    (here / "garbage.csv").write_bytes(bytes(range(256)) * 4)
    assert fails("garbage.csv") == (
        "garbage.csv: not a scorecard: binary data, not CSV/TSV text or an XLSX workbook"
    )
    (here / "book.xlsx").write_text("Indicator Number,Feb-21\n", encoding="utf-8")
    assert fails("book.xlsx") == "book.xlsx: not an XLSX workbook: the file is not a zip archive"
    (here / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert fails("broken.xlsx").startswith("broken.xlsx: not a readable XLSX workbook (")


def test_unknown_sheet(here: Path) -> None:
    shutil.copy(FIXTURES / "scorecard-commentary.xlsx", here / "book.xlsx")
    assert fails("book.xlsx", sheet="Sheet1") == (
        "book.xlsx: no sheet named 'Sheet1'; the workbook has 'Scorecard', 'Notes', 'Commentary'"
    )


def test_no_indicator_column_and_no_period_columns(here: Path) -> None:
    name = edited(here, "Indicator Number\tIndicator Title\t", "Num\tWording\t")
    assert fails(name) == (
        "scorecard.tsv:1: no indicator column: expected a header such as "
        "Indicator Number, Ref, KPI or ID, or a title such as Indicator Title, "
        "Measure or Description"
    )
    months = "Feb-21\tMar-21\tApr-21\tMay-21\tJun-21\tJul-21\tAug-21\tSep-21\tOct-21\tNov-21"
    name = edited(here, months, "\t".join(f"M{n}" for n in range(10)), name="nomonths.tsv")
    name = edited(here, "Dec-21\tJan-22", "M10\tM11", name=name, source=here / name)
    name = edited(here, "\tRAG\t", "\tRating code\t", name=name, source=here / name)
    name = edited(here, "2021-22 Target", "Goal", name=name, source=here / name)
    assert fails(name) == (
        "nomonths.tsv:1: no period columns: expected headers such as Feb-21, "
        "Q3 2021/22, 2020/21 or This quarter (or Period and Value columns); "
        "map other headers with columns: in paper.yaml"
    )


def test_no_id_column_ids_are_numbered_and_said_once(here: Path) -> None:
    name = edited(here, "Indicator Number\t", "Code word\t")
    card = read_scorecard(name)
    assert [i.id for i in card.indicators[:3]] == ["1", "2", "3"]
    assert card.indicators[0].extra == (("Code word", "EH 7"),)
    assert "scorecard.tsv:1: no indicator id column: ids are numbered in order" in card.notices


def test_duplicate_indicator_id(here: Path) -> None:
    name = edited(here, "EH 9\t", "EH 7\t")
    assert fails(name) == (
        "scorecard.tsv:3:Indicator Number: duplicate indicator id 'EH 7' (first on row 2)"
    )


def test_bad_numbers_name_row_and_column(here: Path) -> None:
    comma = FIXTURES / "scorecard-comma.csv"
    name = edited(
        here, "81%,84%,84%,82%,82%", "81%,84%,84%,abc,82%", name="scorecard.csv", source=comma
    )
    assert fails(name) == f"scorecard.csv:7:Jun-21: {NUMBER}; got 'abc'"
    name = edited(here, "JD\t10%\tRed", "JD\t1O%\tRed", name="target.tsv")
    assert fails(name) == f"target.tsv:2:2021-22 Target: {NUMBER}; got '1O%'"
    name = edited(here, "YTD\t1,219\t", "YTD\t1.219.0\t", name="headline.tsv")
    assert fails(name) == f"headline.tsv:13:2021-22 YTD or latest: {NUMBER}; got '1.219.0'"
    name = edited(here, "\t435\t69%", "\t435\tsixty-nine", name="comparator.tsv")
    assert fails(name) == (
        f"comparator.tsv:14:DfE Published Croydon 2020-21: {NUMBER}; got 'sixty-nine'"
    )


def test_bad_polarity_rag_basis(here: Path) -> None:
    name = edited(here, "service\tSIB", "service\tXIB", name="polarity.tsv")
    assert fails(name) == (
        "polarity.tsv:2:Polarity: expected a polarity such as BIB, SIB, Higher "
        "is better or Lower is better, or blank; got 'XIB'"
    )
    name = edited(here, "10%\tRed", "10%\tPurple", name="rag.tsv")
    assert fails(name) == (
        "rag.tsv:2:RAG: expected a RAG rating Red, Amber, Green or Grey "
        "(or R, A, G), or NA or blank; got 'Purple'; map a council's own "
        "codes with rag_codes: in paper.yaml"
    )
    name = edited(here, "Red\tYTD\t21%", "Red\tMonthly\t21%", name="basis.tsv")
    assert fails(name) == (
        "basis.tsv:2:YTD/LATEST: expected YTD or Latest, or NA or blank; got 'Monthly'"
    )


def test_ragged_csv_row(here: Path) -> None:
    name = edited(
        here,
        'YTD,"1,219",',
        "YTD,1,219,",
        name="scorecard.csv",
        source=FIXTURES / "scorecard-comma.csv",
    )
    assert fails(name) == (
        "scorecard.csv:13: this row has 25 cells but the header (row 1) has 24; "
        'quote values that hold a comma, such as "1,219"'
    )


def test_repeated_and_out_of_order_months(here: Path) -> None:
    name = edited(here, "Mar-21\t", "Feb-21\t")
    assert fails(name) == (
        "scorecard.tsv:1:Feb-21: the month Feb-21 appears twice (also in "
        "column D); each month needs one column"
    )
    name = edited(here, "Feb-21\tMar-21", "Mar-21\tFeb-21", name="order.tsv")
    assert fails(name) == (
        "order.tsv:1:Feb-21: months must run oldest to newest from left to "
        "right, but this comes after 'Mar-21'"
    )


def test_month_headers_that_are_not_months(here: Path) -> None:
    name = edited(here, "Feb-21\t", "44228\t")
    assert fails(name) == (
        "scorecard.tsv:1:44228: looks like an Excel date serial, not a month; "
        "format the header cell as a date or type it as Feb-21"
    )
    name = edited(here, "Jun-21\t", "Jun-21x\t", name="typo.tsv")
    assert fails(name) == (
        "typo.tsv:1:Jun-21x: expected a period such as Feb-21, 2021-02, "
        "Q3 2021/22 or 2020/21 here, between the period columns"
    )


def test_long_format_conflicting_title(here: Path) -> None:
    long = FIXTURES / "scorecard-long.csv"
    old = "EH 9,Percentage of Early Help cases that were stepped up to CSC,,2021-03"
    name = edited(here, old, old.replace("CSC", "Social Care"), name="long.csv", source=long)
    assert fails(name) == (
        "long.csv:15:Title: 'EH 9' has 'Percentage of Early Help cases that "
        "were stepped up to Social Care' here but 'Percentage of Early Help "
        "cases that were stepped up to CSC' on row 14; it must be the same on "
        "every row of an indicator"
    )


def test_unknown_commentary_key(here: Path) -> None:
    book = openpyxl.load_workbook(FIXTURES / "scorecard-commentary.xlsx")
    book["Commentary"].append(["XX 9", "No such indicator."])
    book.save(here / "book.xlsx")
    assert fails("book.xlsx") == (
        "book.xlsx[Commentary]:6:Indicator Number: no indicator 'XX 9' in the scorecard"
    )


# -- XLSX as councils keep it: hidden sheets, a merged title block, RAG by fill colour ----------

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def test_xlsx_hidden_sheet_merged_title_and_rag_fill(tmp_path: Path) -> None:
    """Bracknell's published Q3 2024/25 table as a workbook: its Status shown only as colour."""
    from openpyxl.styles import PatternFill

    from committee_report.inputs.ingest import ReadOptions
    from committee_report.inputs.periods import parse_period

    source = CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv"
    table = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8")), delimiter="\t"))
    colours = {"Green": "00B050", "Amber": "FFC000", "Red": "FF0000"}
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Lookups"
    hidden.append(["Indicator", "Feb-21"])  # would be a header if it were read
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("KPIs")
    sheet.append(["Council plan overview report: quarter 3, 2024 to 2025"])
    sheet.merge_cells("A1:G1")
    published = {}
    for row in table:
        status = row[6] if len(row) > 6 else ""
        sheet.append([*row[:6], ""] if status in colours else row)
        if status in colours:
            sheet.cell(sheet.max_row, 7).fill = PatternFill("solid", fgColor=colours[status])
            published[row[0]] = status.lower()
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    card = read_scorecard(path, options=ReadOptions(period=parse_period("Q3 2024/25")))
    assert len(card.indicators) == 10 and len(published) == 10
    assert {i.id: i.reported_rag for i in card.indicators} == published
    assert card.indicator("1.1.6.KR").reported_rag_text == "Amber (cell colour)"
    assert [p.label for p in card.periods] == ["Q2 2024/25", "Q3 2024/25"]
    # the hidden sheet is read only when named: its lone header row has no indicators below it
    assert fails(path, sheet="Lookups") == f"{path}:1: no indicator rows below the header"


def test_new_refusals_are_one_line_with_row_and_column(here: Path) -> None:
    blocks = (CORPUS / "mole-valley-pis-apr2023-jan2024" / "scorecard.tsv").read_text(
        encoding="utf-8"
    )
    (here / "blocks.tsv").write_text(
        blocks.replace("Q2 2022/23: 1245", "Q1 2022/23: 1245"), encoding="utf-8"
    )
    assert fails("blocks.tsv") == (
        "blocks.tsv:5:Q1 2022/23: 1245: a second value for "
        "Q1 2022/23 in 'Number of telecare service users' "
        "(first on row 4)"
    )
    wide = (
        (CORPUS / "north-lanarkshire-adult-social-care-annual-2017-18" / "scorecard.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    wide[2], wide[3] = wide[3], wide[2]  # the comparator row above its indicator
    (here / "rows.tsv").write_text("\n".join(wide) + "\n", encoding="utf-8")
    assert fails("rows.tsv") == (
        "rows.tsv:3:Indicator: a comparator row must come after the indicator it compares"
    )
    annual = (CORPUS / "conwy-social-services-pmf-2019-20" / "scorecard.tsv").read_text(
        encoding="utf-8"
    )
    (here / "cells.tsv").write_text(
        annual.replace("139 Positions", "1.3.9 Positions"), encoding="utf-8"
    )
    assert fails("cells.tsv") == (f"cells.tsv:8:2019-2020: {NUMBER}; got '1.3.9 Positions'")


def test_long_table_target_per_row_follows_the_period(tmp_path: Path) -> None:
    """Bracknell's 1.1.3.PI from two published quarters, one row per quarter, each with the
    target the council set for its year (19,625 in 2024/25, 19,875 in 2025/26)."""
    from committee_report.inputs.config import Catalogue
    from committee_report.judge.assess import judge
    from committee_report.judge.rules import load_rules

    rows = [
        "Indicator,Quarter,Value,Target",
        '1.1.3.PI,Q2 2024/25,"18,565","19,625"',
        '1.1.3.PI,Q3 2024/25,"10,966","19,625"',
        '1.1.3.PI,Q1 2025/26,"20,843","19,875"',
        '1.1.3.PI,Q2 2025/26,"26,502","19,875"',
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    card = read_scorecard(path)
    (indicator,) = card.indicators
    assert [p.label for p in card.periods] == [
        "Q2 2024/25",
        "Q3 2024/25",
        "Q1 2025/26",
        "Q2 2025/26",
    ]
    assert [(p.label, v.text) for p, v in indicator.targets] == [
        ("Q2 2024/25", "19,625"),
        ("Q3 2024/25", "19,625"),
        ("Q1 2025/26", "19,875"),
        ("Q2 2025/26", "19,875"),
    ]
    assert indicator.target.text == "19,875"
    earlier = judge(card, Catalogue(), load_rules(None), card.periods[1])[0]
    assert earlier.target == 19625.0 and earlier.headline_text == "10,966"
    latest = judge(card, Catalogue(), load_rules(None))[0]
    assert latest.target == 19875.0 and latest.short_change == "rising"
    assert latest.long_change == "rising"  # against Q2 2024/25, a year earlier: 18,565


def test_relative_headers_beside_month_columns_are_not_relative(here: Path) -> None:
    """Beside real months, `Last year` is not the previous period: unused, and said so."""
    name = edited(here, "DfE Published Croydon 2020-21", "Last year")
    card = read_scorecard(name)
    assert len(card.periods) == 12 and card.periods[-1] == Period(2022, 1)
    assert (
        "scorecard.tsv:1:Last year: column 'Last year' is not used; map it with columns: in "
        "paper.yaml" in card.notices
    )
    assert card.indicator("FD 8").extra[0] == ("Last year", "19%")


def test_summary_count_rows_are_left_out(here: Path) -> None:
    """Maidstone's own summary tables (from the same appendix) under its KPI table."""
    from committee_report.inputs.ingest import ReadOptions
    from committee_report.inputs.periods import parse_period

    table = (CORPUS / "maidstone-strategic-plan-kpis-q1-2018-19" / "scorecard.tsv").read_text(
        encoding="utf-8"
    )
    summary = [
        "RAG Rating\tGreen\tAmber\tRed\tN/A\tTotal",
        "KPIs\t10\t0\t1\t3\t14",
        "Direction\tUp\tNo Change\tDown\tN/A\tTotal",
        "Last Year\t8\t0\t4\t2\t14",
        "Last Quarter\t8\t0\t4\t2\t14",
    ]
    (here / "maidstone.tsv").write_text(table + "\n".join(summary) + "\n", encoding="utf-8")
    options = ReadOptions(
        period=parse_period("Q1 2018/19"),
        columns=(("Last Year", "direction_year"), ("Last Quarter", "direction")),
    )
    card = read_scorecard("maidstone.tsv", options=options)
    assert len(card.indicators) == 6
    assert [(row, kind) for row, kind, _ in card.left_out] == [
        (11, "repeated header row"),
        (13, "summary count row"),
        (14, "summary count row"),
        (15, "summary count row"),
        (16, "summary count row"),
        (17, "summary count row"),
    ]
    assert (
        "maidstone.tsv:13: left out summary count rows (rows 13, 14, 15, 16, 17): a count "
        "of indicators by rating, not an indicator"
    ) in card.notices


def test_many_unused_columns_are_said_once(here: Path) -> None:
    """Twelve columns the tool does not know, before the months: one notice, not twelve."""
    text = REFERENCE.read_text(encoding="utf-8").splitlines()
    extra = [f"Measure type {n}" for n in range(12)]
    rows = [line.split("\t") for line in text]
    rows[0][2:2] = extra
    for row in rows[1:]:
        row[2:2] = ["x" if sum(1 for c in row if c) > 1 else ""] * 12  # not on section rows
    (here / "wide.tsv").write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    card = read_scorecard("wide.tsv")
    unused = [n for n in card.notices if "not used" in n]
    assert unused == [
        "wide.tsv:1: 12 columns are not used ('Measure type 0', 'Measure type 1', "
        "'Measure type 2', 'Measure type 3', 'Measure type 4', ...); map them with "
        "columns: in paper.yaml"
    ]
    assert len(card.indicators) == 33


def test_a_table_read_again_is_the_same_scorecard_without_reading_its_cells(tmp_path, monkeypatch):
    """Same bytes, path and options: the Scorecard read before, with its own headers dict;
    new bytes or other options are read afresh, and a bad file is refused every time."""
    from committee_report.inputs import ingest
    from committee_report.inputs.ingest import ReadOptions

    table = tmp_path / "scorecard.tsv"
    table.write_bytes(REFERENCE.read_bytes())
    first = read_scorecard(table)
    reads: list[str] = []
    cells = ingest.read_cells
    monkeypatch.setattr(ingest, "read_cells", lambda *a: reads.append(a[1]) or cells(*a))
    again = read_scorecard(table)
    assert reads == [] and again == first and again.headers is not first.headers
    assert again.indicators[0].series[-1].text == first.indicators[0].series[-1].text == "25%"
    again.headers["id"] = "changed"  # one caller's change reaches no other
    assert read_scorecard(table).headers == first.headers
    assert read_scorecard(table, options=ReadOptions(zero_means_missing=True)) != first
    table.write_bytes(REFERENCE.read_bytes().replace(b"\t25%\tJD", b"\t26%\tJD", 1))
    assert read_scorecard(table).indicators[0].series[-1].text == "26%"
    assert reads == [str(table), str(table)]
    table.write_bytes(REFERENCE.read_bytes().replace(b"\t25%\tJD", b"\t2S%\tJD", 1))
    for _ in range(2):
        with pytest.raises(DataError, match="got '2S%'"):
            read_scorecard(table)
