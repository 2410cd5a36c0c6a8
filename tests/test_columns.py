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
        ("A", "Indicator Number", "id"), ("B", "Indicator Title", "title"),
        ("C", "Polarity", "polarity"), ("P", "RO", "officer"), ("Q", "2021-22 Target", "target"),
        ("R", "RAG", "rag"), ("S", "YTD/LATEST", "basis"),
        ("T", "2021-22 YTD or latest", "headline"),
        ("U", "DfE Published Croydon 2020-21", "comparator"),
        ("V", "Stats Nbr Average 2020-21", "comparator"), ("W", "London 2020-21", "comparator"),
        ("X", "England 2020-21", "comparator")]
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
    bracknell = describe_columns(CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25"
                                 / "scorecard.tsv")
    assert bracknell.header_row == 1
    assert [c.header for c in bracknell.columns] == [
        "Indicator", "Description", "Directorate", "Last quarter", "This quarter", "Target",
        "Status"]
    for header, role in (("Indicator", "id"), ("Description", "title"), ("Target", "target"),
                         ("Status", "rag")):
        assert bracknell.role_of(header) == role
    if bracknell.scorecard is None:  # today: no month columns
        assert bracknell.problem == ("row 1: no month columns: expected headers such as Feb-21, "
                                     "February 2021 or 2021-02 (or Period and Value columns)")
    lanark = describe_columns(CORPUS / "north-lanarkshire-childrens-social-work-annual-2018-19"
                              / "scorecard.tsv")
    assert lanark.header_row == 2
    assert (lanark.role_of("Indicator"), lanark.role_of("Target 2017/18")) == ("id", "target")
