"""`init`: drafts that load as they are, from the sample, the XLSX fixtures and the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from committee_report.cli import main
from committee_report.errors import ConfigError
from committee_report.init import draft
from committee_report.inputs.config import load_catalogue, load_paper
from committee_report.inputs.periods import parse_period
from committee_report.inputs.theme import load_theme
from committee_report.paths import data_dir
from committee_report.pipeline import load_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "scorecard.tsv").is_file())
FIXTURES = ROOT / "tests" / "data" / "ingest"
SAMPLE = data_dir() / "croydon-2022-02" / "scorecard.tsv"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""Plain safe YAML, as any other program reads the drafts (libyaml's, where installed)."""
# Tables that do not name their own period: their figures are relative to the paper's
# ('Last period', 'tq') or are verdicts only. The period each reports on, from its source.md,
# is the one decision the data cannot make.
PERIOD_TO_NAME = {
    "bracknell-forest-council-plan-kpis-q2-2025-26": ("Last period", "Q2 2025/26"),
    "bracknell-forest-council-plan-kpis-q3-2024-25": ("Last quarter", "Q3 2024/25"),
    "hart-kpi-tiles-q2-2014-15": ("lq", "Q2 2014/15"),
    "maidstone-strategic-plan-kpis-q1-2018-19": ("Value", "Q1 2018/19"),
    "south-lanarkshire-areas-for-improvement-2023-24": (None, "2023/24"),
}


def _name_the_period(paper: Path, period: str) -> None:
    """The officer's one edit: the placeholder `period:` line given a value."""
    text = paper.read_text(encoding="utf-8")
    placeholder = "period:                   # DECIDE: see above; validate says so until it is set"
    assert text.count(placeholder) == 1
    paper.write_text(text.replace(placeholder, f'period: "{period}"'), encoding="utf-8")


def _loads(folder: Path) -> None:
    """The three drafts are valid configuration: each loads with the project's own loaders."""
    paper = load_paper(folder / "paper.yaml")
    load_catalogue(paper.catalogue)
    load_theme(paper.layout)
    for name in ("paper.yaml", "catalogue.yaml", "layout.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        assert isinstance(yaml.load(text, YAML_LOADER), dict)


def test_sample_drafts_validate_and_judge_as_the_table_alone(tmp_path, capsys):
    assert main(["init", str(SAMPLE), "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"Columns of {SAMPLE} (header on row 1):"
    assert lines[1].split() == ["A", "Indicator", "Number", "indicator", "id"]
    assert lines[4].split() == ["D", "Feb-21", "..", "Jan-22", "months", "(12)"]
    assert "Periods: monthly, February 2021 to January 2022 (12 periods)" in lines
    assert "Indicators: 33" in lines
    assert lines[-1] == f"Next: committee-report validate {tmp_path / 'paper.yaml'}"
    _loads(tmp_path)
    catalogue = load_catalogue(tmp_path / "catalogue.yaml")
    assert len(catalogue.indicators) == 33
    assert (catalogue.info("EH 9").unit, catalogue.info("CIN 3").unit) == ("percent", "rate")
    text = (tmp_path / "catalogue.yaml").read_text(encoding="utf-8")
    assert '    # polarity: the table says "SIB" (smaller is better)' in text
    assert "    # target: 15% from the table;" in text
    assert main(["validate", str(tmp_path / "paper.yaml")]) == 0
    drafted, _ = load_report(tmp_path / "paper.yaml")
    bare, _ = load_report(SAMPLE)
    assert [(a.id, a.headline_text, a.rag, a.category) for a in drafted.assessments] == [
        (a.id, a.headline_text, a.rag, a.category) for a in bare.assessments
    ]
    eh9 = next(a for a in drafted.assessments if a.id == "EH 9")
    assert (eh9.headline_text, eh9.target, eh9.rag) == ("17%", 15.0, "red")


def test_annual_sample_drafts_validate_and_judge_as_the_table_alone(tmp_path, capsys):
    scorecard = data_dir() / "croydon-dfe-annual-2019-2023" / "scorecard.tsv"
    assert main(["init", str(scorecard), "--dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4].split() == ["D", "2019/20", "..", "2022/23", "years", "(4)"]
    assert "Periods: yearly, 2019/20 to 2022/23 (4 periods)" in lines
    assert load_paper(tmp_path / "paper.yaml").previous_months == 12
    assert main(["validate", str(tmp_path / "paper.yaml")]) == 0
    drafted, _ = load_report(tmp_path / "paper.yaml")
    bare, _ = load_report(scorecard)
    assert [(a.id, a.headline_text, a.category) for a in drafted.assessments] == [
        (a.id, a.headline_text, a.category) for a in bare.assessments
    ]
    assert len(drafted.assessments) == 4


@pytest.mark.pdf
def test_paper_built_from_the_sample_drafts_unedited(tmp_path, capsys):
    folder = tmp_path / "paper"
    folder.mkdir()
    scorecard = tmp_path / "KPIs_final_v3_JB.tsv"  # a working file name, never to be printed
    shutil.copy(SAMPLE, scorecard)
    assert main(["init", str(scorecard), "--dir", str(folder)]) == 0
    out = tmp_path / "paper.pdf"
    assert main(["build", str(folder / "paper.yaml"), "-o", str(out)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    # As the table alone judges it: the sample catalogue's amber bands are not drafted.
    assert summary.startswith(f"Wrote {out}: ") and summary.endswith(
        "13 going well, 0 ones to watch, 16 things to do better; 5 warning(s)"
    )
    assert out.read_bytes().startswith(b"%PDF")  # conftest checks its text for private names


def test_init_never_replaces_a_file_without_force(tmp_path, capsys):
    draft(SAMPLE, tmp_path)
    (tmp_path / "catalogue.yaml").write_text("indicators: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        draft(SAMPLE, tmp_path)
    assert caught.value.exit_code == 2
    assert main(["init", str(SAMPLE), "--dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"Error: {tmp_path / 'paper.yaml'}: already exists; init never replaces a file "
        "(add --force to replace the drafts, or choose another --dir)\n"
    )
    assert (tmp_path / "catalogue.yaml").read_text(encoding="utf-8") == "indicators: {}\n"
    assert main(["init", str(SAMPLE), "--dir", str(tmp_path), "--force", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert len(load_catalogue(tmp_path / "catalogue.yaml").indicators) == 33


def test_init_into_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["init", str(SAMPLE), "--dir", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("scorecard-*")))
def test_fixtures_draft_and_validate(tmp_path, capsys, name):
    result = draft(FIXTURES / name, tmp_path)
    _loads(tmp_path)
    assert result.report is not None and len(result.report.assessments) == 33
    assert result.columns.problem is None
    assert result.columns.period_kind.startswith("monthly")
    assert main(["validate", str(tmp_path / "paper.yaml")]) == 0
    assert capsys.readouterr().err.startswith("33 indicators checked")


def test_sheet_and_period_are_written_into_the_draft(tmp_path):
    draft(
        FIXTURES / "scorecard-percent.xlsx",
        tmp_path,
        sheet="KPIs",
        period=load_report(SAMPLE)[0].period.shift(-1),
    )
    paper = load_paper(tmp_path / "paper.yaml")
    assert (paper.sheet, str(paper.period)) == ("KPIs", "2021-12")


@pytest.mark.parametrize("case", CASES)
def test_corpus_init_never_fails_and_drafts_valid_config(tmp_path, capsys, case):
    """Readable or not today, every corpus table gets a column table and loadable drafts."""
    assert main(["init", str(CORPUS / case / "scorecard.tsv"), "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Columns of {CORPUS / case / 'scorecard.tsv'}")
    assert "Still to decide:" in out and "Next: committee-report validate" in out
    _loads(tmp_path)


@pytest.mark.parametrize("case", [c for c in CASES if c not in PERIOD_TO_NAME])
def test_corpus_drafts_validate(tmp_path, capsys, case):
    draft(CORPUS / case / "scorecard.tsv", tmp_path)
    assert main(["validate", str(tmp_path / "paper.yaml")]) == 0


@pytest.mark.parametrize("case", sorted(PERIOD_TO_NAME))
def test_corpus_drafts_list_only_the_period_to_name(tmp_path, capsys, case):
    """validate on the unedited drafts says one thing, the period the table does not name;
    once it is named, nothing is left (so nothing else was hidden behind it)."""
    scorecard = CORPUS / case / "scorecard.tsv"
    column, period = PERIOD_TO_NAME[case]
    result = draft(scorecard, tmp_path)
    assert result.columns.needs_period and result.columns.period_found is None
    assert result.report is not None  # the catalogue is drafted all the same
    assert sum("period" in line for line in result.decisions) == 1
    paper = tmp_path / "paper.yaml"
    capsys.readouterr()
    assert main(["validate", str(paper)]) == 2
    out, err = capsys.readouterr()
    if column is None:
        expected = (
            f"{paper}: period: {scorecard} has no period columns (only the council's "
            "verdicts), so the paper's period must be named: period: in paper.yaml "
            "(e.g. period: 2023/24) or --period"
        )
    else:
        # The example is of the column's own kind ("Last Year": a year), else a quarter.
        example = "2024/25" if column == "Last Year" else "Q3 2024/25"
        expected = (
            f"{paper}: period: the column {column!r} of {scorecard} is relative to the "
            f"paper's period; name it with period: in paper.yaml (e.g. period: {example}) "
            "or --period"
        )
    assert out.splitlines() == [expected]
    assert err == "1 problem(s) found\n"
    _name_the_period(paper, period)
    assert main(["validate", str(paper)]) == 0
    assert str(load_paper(paper).period) == str(parse_period(period))


def test_hart_terse_keys_get_roles_from_their_contents(tmp_path, capsys):
    """Hart's dashboard export names its fields i, k, d, n, y, lq, tq, t, s, u, c, p: no header
    the tool knows, so each role is guessed from what the column holds, and said to be."""
    scorecard = CORPUS / "hart-kpi-tiles-q2-2014-15" / "scorecard.tsv"
    assert main(["init", str(scorecard), "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split() == [
        "B",
        "k",
        "indicator",
        "id",
        "(guessed",
        "from",
        "contents:",
        "short",
        "codes,",
        "one",
        "per",
        "row)",
    ]
    assert sum("(guessed from contents:" in line for line in out) == 12
    paper = load_paper(tmp_path / "paper.yaml")
    assert paper.columns == (
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
    )
    assert paper.rag_codes == (
        ("la", "amber"),
        ("ld", None),
        ("lg", "green"),
        ("lr", "red"),
        ("lu", None),
    )
    text = (tmp_path / "paper.yaml").read_text(encoding="utf-8")
    assert '  "tq": current   # guessed: figures, with a shorthand header\n' in text
    assert '  "i": ignore   # guessed: row numbers (0, 1, 2 ...)\n' in text
    catalogue = load_catalogue(paper.catalogue)
    assert len(catalogue.indicators) == 45
    assert (catalogue.info("CS01").unit, catalogue.info("HS07").unit) == ("percent", "count")
    _name_the_period(tmp_path / "paper.yaml", "Q2 2014/15")
    report, _ = load_report(tmp_path / "paper.yaml")
    cs01 = next(a for a in report.assessments if a.id == "CS01")
    assert (cs01.indicator.title, cs01.headline_text, cs01.target) == (
        "Quality of Customer Service Call Handling - % score from monitoring sample",
        "95.5%",
        90.0,
    )
    assert [(str(p), v.text) for p, v in zip(report.scorecard.periods, cs01.indicator.series)] == [
        ("2014/15 Q1", "95.9"),
        ("2014/15 Q2", "95.5"),
    ]
    assert (cs01.indicator.officer, cs01.indicator.reported_rag) == ("Customer Services", "green")


def test_contents_decide_unknown_and_empty_columns(tmp_path):
    maidstone = draft(
        CORPUS / "maidstone-strategic-plan-kpis-q1-2018-19" / "scorecard.tsv", tmp_path
    ).columns
    assert [(c.header, c.role, c.note) for c in maidstone.columns if c.guessed] == [
        ("Last Year", "ignore", "no figures in it, so not a period's value"),
        ("Last Quarter", "ignore", "only N/A or blank"),
    ]
    lanark = draft(
        CORPUS / "south-lanarkshire-areas-for-improvement-2023-24" / "scorecard.tsv",
        tmp_path,
        force=True,
    ).columns
    assert [(c.header, c.role) for c in lanark.columns if c.guessed] == [
        ("Performance", "direction")
    ]


def test_a_table_that_reads_but_is_no_scorecard_says_why(tmp_path, capsys):
    """The DfE figures hold each measure for many areas: init drafts them as a long table and
    says, as validate will, why they do not read as one indicator per row."""
    scorecard = (
        ROOT.parent / "shared" / "data" / "dfe-comparators-croydon-2020-2023" / "scorecard.tsv"
    )
    result = draft(scorecard, tmp_path)
    assert result.report is None
    assert result.decisions[-1] == (
        f"the scorecard does not read as drafted ({scorecard}:3:time_period: a second value for "
        "'re-referrals within 12 months of a previous referral' in 2020 (first on row 2)); fix "
        "the table, or a role in columns:, then run validate"
    )
    assert main(["validate", str(tmp_path / "paper.yaml")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{scorecard}:3:time_period: a second value for 're-referrals within 12 months of a "
        "previous referral' in 2020 (first on row 2)"
    ]


def test_period_named_by_the_file_is_written_live(tmp_path, capsys):
    """Bracknell's relative columns read with the period its file's name gives: the drafts
    validate unedited."""
    scorecard = tmp_path / "Council plan KPIs Q2 2025-26.tsv"
    shutil.copy(
        CORPUS / "bracknell-forest-council-plan-kpis-q2-2025-26" / "scorecard.tsv", scorecard
    )
    (tmp_path / "paper").mkdir()
    assert main(["init", str(scorecard), "--dir", str(tmp_path / "paper")]) == 0
    out = capsys.readouterr().out
    assert (
        "Period of the paper: Q2 2025/26 (from the file's name "
        "'Council plan KPIs Q2 2025-26.tsv')\n" in out
    )
    text = (tmp_path / "paper" / "paper.yaml").read_text(encoding="utf-8")
    assert (
        'period: "Q2 2025/26"   # the period reported on, read from the file\'s name '
        "'Council plan KPIs Q2 2025-26.tsv': check it\n" in text
    )
    assert main(["validate", str(tmp_path / "paper" / "paper.yaml")]) == 0
    report, _ = load_report(tmp_path / "paper" / "paper.yaml")
    appeals = report.assessments[0]
    assert (appeals.id, [v.text for v in appeals.indicator.series]) == ("1.1.2.PI", ["3%", "0%"])
    assert [str(p) for p in report.scorecard.periods] == ["2025/26 Q1", "2025/26 Q2"]


def test_period_named_by_a_title_row(tmp_path):
    """A title row above the header, in the council's own words (Bracknell's page says "This is
    the key performance data for quarter 3, 2024 to 2025.")."""
    rows = (CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv").read_text(
        encoding="utf-8"
    )
    scorecard = tmp_path / "scorecard.tsv"
    scorecard.write_text(
        "This is the key performance data for quarter 3, 2024 to 2025.\n" + rows, encoding="utf-8"
    )
    (tmp_path / "paper").mkdir()
    result = draft(scorecard, tmp_path / "paper")
    assert (str(result.columns.period_found), result.columns.period_source) == (
        "2024/25 Q3",
        "the title in row 1",
    )
    assert "paper.yaml: check period: Q3 2024/25 (read from the title in row 1)" in result.decisions
    assert load_paper(tmp_path / "paper" / "paper.yaml").period == result.columns.period_found


@pytest.mark.pdf
@pytest.mark.parametrize("case", CASES)
def test_corpus_paper_built_from_the_drafts(tmp_path, capsys, case):
    """Unedited where the table names its periods; else with the period named, the one edit."""
    draft(CORPUS / case / "scorecard.tsv", tmp_path)
    if case in PERIOD_TO_NAME:
        _name_the_period(tmp_path / "paper.yaml", PERIOD_TO_NAME[case][1])
    assert main(["build", str(tmp_path / "paper.yaml"), "-o", str(tmp_path / "p.pdf")]) == 0
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.pdf
def test_paper_built_from_drafts_whose_period_the_file_names(tmp_path, capsys):
    scorecard = tmp_path / "KPIs Q3 2024-25.tsv"
    shutil.copy(
        CORPUS / "bracknell-forest-council-plan-kpis-q3-2024-25" / "scorecard.tsv", scorecard
    )
    draft(scorecard, tmp_path)
    assert main(["build", str(tmp_path / "paper.yaml"), "-o", str(tmp_path / "p.pdf")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"Wrote {tmp_path / 'p.pdf'}: ")


def test_init_refuses_a_period_the_table_lacks(tmp_path, capsys):
    assert main(["init", str(SAMPLE), "--dir", str(tmp_path), "--period", "2019-01"]) == 2
    assert capsys.readouterr().err == (
        f"Error: {SAMPLE}: --period 2019-01 is not a period of the table (2021-02 to 2022-01)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_scorecard_path_is_relative_to_the_drafts_when_near(tmp_path):
    scorecard = tmp_path / "KPIs.tsv"
    shutil.copy(SAMPLE, scorecard)
    (tmp_path / "paper").mkdir()
    draft(scorecard, tmp_path / "paper")
    text = (tmp_path / "paper" / "paper.yaml").read_text(encoding="utf-8")
    assert 'scorecard: "../KPIs.tsv"' in text
    far = tmp_path / "a" / "b" / "c"
    far.mkdir(parents=True)
    draft(scorecard, far)
    text = (far / "paper.yaml").read_text(encoding="utf-8")
    assert f'scorecard: "{scorecard.as_posix()}"' in text
