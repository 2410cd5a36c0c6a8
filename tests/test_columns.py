"""What each column was taken for: the table `init` prints, from today's header recognition."""

from __future__ import annotations

from pathlib import Path

from committee_report.inputs.columns import describe_columns
from committee_report.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "data" / "ingest"


def test_sample_columns_and_periods():
    found = describe_columns(data_dir() / "croydon-2022-02" / "scorecard.tsv")
    roles = [(c.letter, c.header, c.role) for c in found.columns if c.role != "month"]
    assert roles == [
        ("A", "Indicator Number", "id"),
        ("B", "Indicator Title", "title"),
        ("C", "Polarity", "polarity"),
        ("P", "RO", "officer"),
        ("Q", "2021-22 Target", "target"),
        ("R", "RAG", "rag"),
        ("S", "YTD/LATEST", "basis"),
        ("T", "2021-22 YTD or latest", "headline"),
        ("U", "DfE Published Croydon 2020-21", "comparator"),
        ("V", "Stats Nbr Average 2020-21", "comparator"),
        ("W", "London 2020-21", "comparator"),
        ("X", "England 2020-21", "comparator"),
    ]
    months = [c for c in found.columns if c.role == "month"]
    assert (months[0].header, months[0].note, len(months)) == ("Feb-21", "2021-02", 12)
    assert (found.step, found.problem, found.header_row) == (1, None, 1)
    assert found.period_kind == "monthly, February 2021 to January 2022 (12 periods)"


def test_long_table_is_described_as_one():
    found = describe_columns(FIXTURES / "scorecard-long.csv")
    assert found.period_kind.startswith("monthly (long table), February 2021")
    assert (found.role_of("Period"), found.role_of("Value")) == ("period", "value")


def test_corpus_column_roles():
    """Roles of real tables that a richer recognition (#11) will keep; a table the ingest
    cannot read still gets its columns described, with the reason."""
    bracknell = describe_columns(
        CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv"
    )
    assert bracknell.header_row == 1
    assert [c.header for c in bracknell.columns] == [
        "Indicator",
        "Description",
        "Directorate",
        "Last quarter",
        "This quarter",
        "Target",
        "Status",
    ]
    for header, role in (
        ("Indicator", "id"),
        ("Description", "title"),
        ("Target", "target"),
        ("Status", "rag"),
    ):
        assert bracknell.role_of(header) == role
    # relative columns are read once the paper's period is named (#11)
    assert bracknell.scorecard is None and bracknell.problem is not None
    assert bracknell.problem.startswith("the column 'Last quarter' of ")
    assert bracknell.problem.endswith(
        "is relative to the paper's period; name it with period: "
        "in paper.yaml (e.g. period: Q3 2024/25) or --period"
    )
    lanark = describe_columns(
        CORPUS / "north-lanarkshire-childrens-social-work-annual-2018-19" / "scorecard.tsv"
    )
    assert lanark.header_row == 2
    # beside year columns, "Indicator" holds the description: the title (ids are numbered)
    assert (lanark.role_of("Indicator"), lanark.role_of("Target 2017/18")) == ("title", "target")


def test_roles_guessed_from_contents_where_headers_are_unknown():
    """Hart's one-letter field names: every role from what its column holds, marked a guess;
    the mapping is what init writes as columns:, the codes as rag_codes:."""
    hart = describe_columns(CORPUS / "hart-kpi-tiles-q2-2014-15" / "scorecard.tsv")
    assert all(c.guessed for c in hart.columns) and hart.mappable
    assert [(c.header, c.role) for c in hart.columns] == [
        ("i", "ignore"),
        ("k", "id"),
        ("d", "title"),
        ("n", "commentary"),
        ("y", "ignore"),
        ("lq", "previous"),
        ("tq", "current"),
        ("t", "target"),
        ("s", "rag"),
        ("u", "officer"),
        ("c", "ignore"),
        ("p", "unit"),
    ]
    assert hart.mapping[1] == ("k", "id")
    assert dict(hart.rag_codes) == {
        "la": "amber",
        "ld": "none",
        "lg": "green",
        "lr": "red",
        "lu": "none",
    }
    assert hart.needs_period == "'lq' and 'tq' are relative to the paper's period"
    assert hart.period_found is None


def test_a_tidy_table_is_recognised_by_its_period_column():
    """The DfE figures (measure, time_period, area, ..., value): `time_period` holds years
    repeated down the rows, so the table is long and needs no period named."""
    dfe = describe_columns(
        ROOT.parent / "shared" / "data" / "dfe-comparators-croydon-2020-2023" / "scorecard.tsv"
    )
    assert (dfe.role_of("time_period"), dfe.role_of("value")) == ("period", "value")
    assert dfe.needs_period == "" and dfe.mappable


def test_a_table_that_dates_its_figures_needs_no_period_and_guesses_nothing():
    sample = describe_columns(data_dir() / "croydon-2022-02" / "scorecard.tsv")
    assert (sample.needs_period, sample.rag_codes) == ("", ())
    assert not any(c.guessed for c in sample.columns)
    assert ("Indicator Number", "id") in sample.mapping
    assert all(role != "month" for _, role in sample.mapping)


def test_unknown_header_under_a_title_row_is_the_row_that_names_most(tmp_path):
    """Hart's table under its page's heading, `KPIs`: no header is known, so the header is the
    row with the most cells of text, not the first row."""
    rows = (CORPUS / "hart-kpi-tiles-q2-2014-15" / "scorecard.tsv").read_text(encoding="utf-8")
    titled = tmp_path / "tiles.tsv"
    titled.write_text("KPIs\n" + rows, encoding="utf-8")
    hart = describe_columns(titled)
    assert hart.header_row == 2
    assert (hart.role_of("k"), hart.role_of("tq"), hart.role_of("s")) == ("id", "current", "rag")
    assert (hart.period_found, hart.period_source) == (None, "")


def test_period_from_the_sheet_name(tmp_path):
    """Bracknell's Q2 2025/26 rows saved as a workbook whose sheet is named for the quarter."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Q2 2025-26"
    source = CORPUS / "bracknell-forest-council-plan-kpis-q2-2025-26" / "scorecard.tsv"
    for line in source.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split("\t"))
    book.save(tmp_path / "KPIs.xlsx")
    found = describe_columns(tmp_path / "KPIs.xlsx")
    assert found.needs_period == (
        "'Last period' and 'This period' are relative to the paper's period"
    )
    assert (found.period_found.label, found.period_source) == (
        "Q2 2025/26",
        "the sheet's name 'Q2 2025-26'",
    )
