"""Paper config and catalogue: validated at the edge, every message naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee_report.errors import ConfigError
from committee_report.inputs.config import load_catalogue, load_paper

ROOT = Path(__file__).resolve().parent.parent


def test_sample_paper_config(sample_dir):
    config = load_paper(sample_dir / "paper.yaml")
    assert config.paper.committee == "Children and Young People's Scrutiny Committee"
    assert config.layout == "croydon"
    assert str(config.period) == "2022-01"
    assert config.commentary_required == ("do_better",)


def test_sample_catalogue(sample_dir):
    catalogue = load_catalogue(sample_dir / "catalogue.yaml")
    assert catalogue.info("CIN 8").amber_tolerance == 10
    assert catalogue.info("CLA 3").polarity == "smaller_is_better"
    assert dict(catalogue.glossary)["UASC"] == "Unaccompanied asylum-seeking children"
    assert catalogue.info("nope").short_title is None


BAD_PAPERS = [
    ("scorecard: scorecard.tsv\nlayuot: default\n", "layuot: unknown key"),
    (
        "paper: {title: [a, b]}\nscorecard: scorecard.tsv\n",
        "paper.title: expected text, got a list",
    ),
    ("paper: {chair: Cllr X}\nscorecard: scorecard.tsv\n", "paper.chair: unknown key"),
    ("layout: default\n", "scorecard: missing (expected text)"),
    ("scorecard: nothere.tsv\n", "scorecard: file not found: "),
    (
        "scorecard: scorecard.tsv\nperiod: January\n",
        "period: expected a period such as 2022-01, Q3 2021/22 or 2020/21, got 'January'",
    ),
    ("scorecard: scorecard.tsv\ncharts: [some]\n", "charts: expected a list of going_well"),
    (
        "scorecard: scorecard.tsv\nprevious: {months: -1}\n",
        "previous.months: expected a whole number of at least 1, got -1",
    ),
    (
        "scorecard: scorecard.tsv\nexceptions_only: maybe\n",
        "exceptions_only: expected true or false, got 'maybe'",
    ),
    (
        "scorecard: scorecard.tsv\ncommentary: {required_for: [purple]}\n",
        "commentary.required_for: expected categories or red/amber, got 'purple'",
    ),
    ("scorecard: [scorecard.tsv\n", "line 2, column 1: malformed YAML"),
]


BAD_CATALOGUES = [
    (
        "indicators:\n  EH 9: {amber_tolerance: wide}\n",
        "indicators.EH 9.amber_tolerance: expected a number, got text 'wide'",
    ),
    (
        "indicators:\n  EH 9: {unit: furlongs}\n",
        "indicators.EH 9.unit: expected one of percent, rate, count, number, got 'furlongs'",
    ),
    (
        "indicators:\n  EH 9: {polarity: up}\n",
        "indicators.EH 9.polarity: expected one of bigger_is_better, smaller_is_better, got 'up'",
    ),
    ("indicators:\n  EH 9: {colour: red}\n", "indicators.EH 9.colour: unknown key"),
    ("indicators:\n  EH 9: {group: nope}\n", "indicators.EH 9.group: unknown group 'nope'"),
    (
        "groups:\n  g: {bullets: {going_well: '{oops}'}}\n",
        "groups.g.bullets.going_well: unknown placeholder {oops}",
    ),
    ("indicators: [a]\n", "indicators: expected a mapping, got a list"),
    ("glossary:\n  CIN: [a]\n", "glossary.CIN: expected text, got a list"),
]


@pytest.mark.parametrize(
    "load, name, text, message",
    [(load_paper, "paper.yaml", *case) for case in BAD_PAPERS]
    + [(load_catalogue, "catalogue.yaml", *case) for case in BAD_CATALOGUES],
)
def test_bad_yaml_names_file_and_key_in_one_line(tmp_path, load, name, text, message):
    (tmp_path / "scorecard.tsv").write_text("x", encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("indicators: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="malformed YAML"):
        load_catalogue(path)


def test_numeric_catalogue_keys_name_the_indicator(tmp_path, sample_dir):
    """`101:` is an int in YAML; it names indicator 101 all the same, so its polarity counts.

    The sample's CLA 3 row (blank polarity in the table; smaller is better in the catalogue)
    numbered 101, as councils that number their indicators would have it."""
    from committee_report.pipeline import load_report

    for name in ("paper.yaml", "scorecard.tsv", "report.md"):
        (tmp_path / name).write_bytes((sample_dir / name).read_bytes())
    table = (tmp_path / "scorecard.tsv").read_text(encoding="utf-8")
    (tmp_path / "scorecard.tsv").write_text(table.replace("\nCLA 3\t", "\n101\t"), encoding="utf-8")
    for key in ("101", '"101"'):
        (tmp_path / "catalogue.yaml").write_text(
            f"indicators:\n  {key}:\n    polarity: smaller_is_better\n"
            "    short_title: Local looked-after children (non-UASC)\n",
            encoding="utf-8",
        )
        report, _ = load_report(tmp_path / "paper.yaml")
        judged = {a.id: a for a in report.assessments}
        assert judged["101"].info.polarity == "smaller_is_better"
        assert judged["101"].indicator.polarity is None  # blank in the table
        assert not [w for w in report.warnings if "no indicator" in w]


def test_yaml_keys_are_the_text_written(tmp_path):
    from committee_report.inputs.yamlio import load_yaml

    path = tmp_path / "x.yaml"
    path.write_text("101: a\n1.10: b\non: c\n2022-01: d\nnull: e\n", encoding="utf-8")
    assert load_yaml(path) == {"101": "a", "1.10": "b", "on": "c", "2022-01": "d", "null": "e"}


def test_every_bad_key_of_a_paper_config_is_listed(tmp_path):
    """The validator is lazy: two typos are two problems, not the first of them."""
    from committee_report.errors import Problems

    (tmp_path / "scorecard.tsv").write_text("x", encoding="utf-8")
    path = tmp_path / "paper.yaml"
    path.write_text(
        "scorecard: scorecard.tsv\nperiodd: 2022-01\npaper: {titel: X}\nexceptions_only: maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(Problems) as caught:
        load_paper(path)
    assert [line.split(": ", 1)[1] for line in str(caught.value).splitlines()] == [
        "periodd: unknown key (expected one of: paper, scorecard, sheet, catalogue, rules, "
        "layout, period, previous, charts, commentary, exceptions_only, report, columns, rag_codes, "
        "zero_means_missing, comparator_rows)",
        "paper.titel: unknown key (expected one of: council, committee, title, subtitle, date, "
        "period_label, agenda_item, author, marking, keywords, sample_notice, lang, title_in)",
        "exceptions_only: expected true or false, got 'maybe'",
    ]
    assert caught.value.exit_code == 2


def test_the_title_in_other_languages_is_checked_and_kept(tmp_path):
    """`paper.title_in` (issue 14, a bilingual title): each key a BCP 47 tag, each value a
    title; every bad entry is listed."""
    from committee_report.errors import Problems

    welsh = load_paper(ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml")
    assert welsh.paper.lang == "cy" and welsh.paper.title_in == (
        ("en-GB", "Early Help and Children's Social Care Performance Analysis"),
    )
    (tmp_path / "scorecard.tsv").write_text("x", encoding="utf-8")
    path = tmp_path / "paper.yaml"
    path.write_text(
        "scorecard: scorecard.tsv\npaper:\n  lang: cy\n  title: Adroddiad\n"
        "  title_in: {en-GB: '', 'Saesneg!': Report}\n",
        encoding="utf-8",
    )
    with pytest.raises(Problems) as caught:
        load_paper(path)
    assert [line.split(": ", 1)[1] for line in str(caught.value).splitlines()] == [
        "paper.title_in.en-GB: is empty; give the title in that language",
        "paper.title_in.Saesneg!: expected a BCP 47 language tag such as en-GB or cy",
    ]
