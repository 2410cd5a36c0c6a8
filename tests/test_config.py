"""Paper config and catalogue: validated at the edge, every message naming file and key."""

from __future__ import annotations

import pytest

from committee_report.inputs.config import load_catalogue, load_paper
from committee_report.errors import ConfigError


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
    ("paper: {title: [a, b]}\nscorecard: scorecard.tsv\n", "paper.title: expected text, got a list"),
    ("paper: {chair: Cllr X}\nscorecard: scorecard.tsv\n", "paper.chair: unknown key"),
    ("layout: default\n", "scorecard: missing (expected text)"),
    ("scorecard: nothere.tsv\n", "scorecard: file not found: "),
    ("scorecard: scorecard.tsv\nperiod: January\n", "period: expected a period such as 2022-01, Q3 2021/22 or 2020/21, got 'January'"),
    ("scorecard: scorecard.tsv\ncharts: [some]\n", "charts: expected a list of going_well"),
    ("scorecard: scorecard.tsv\nprevious: {months: -1}\n", "previous.months: expected a whole number of at least 1, got -1"),
    ("scorecard: scorecard.tsv\nexceptions_only: maybe\n", "exceptions_only: expected true or false, got 'maybe'"),
    ("scorecard: scorecard.tsv\ncommentary: {required_for: [purple]}\n", "commentary.required_for: expected categories or red/amber, got 'purple'"),
    ("scorecard: [scorecard.tsv\n", "line 2, column 1: malformed YAML"),
]


BAD_CATALOGUES = [
    ("indicators:\n  EH 9: {amber_tolerance: wide}\n", "indicators.EH 9.amber_tolerance: expected a number, got text 'wide'"),
    ("indicators:\n  EH 9: {unit: furlongs}\n", "indicators.EH 9.unit: expected one of percent, rate, count, number, got 'furlongs'"),
    ("indicators:\n  EH 9: {polarity: up}\n", "indicators.EH 9.polarity: expected one of bigger_is_better, smaller_is_better, got 'up'"),
    ("indicators:\n  EH 9: {colour: red}\n", "indicators.EH 9.colour: unknown key"),
    ("indicators:\n  EH 9: {group: nope}\n", "indicators.EH 9.group: unknown group 'nope'"),
    ("groups:\n  g: {bullets: {going_well: '{oops}'}}\n", "groups.g.bullets.going_well: unknown placeholder {oops}"),
    ("indicators: [a]\n", "indicators: expected a mapping, got a list"),
    ("glossary:\n  CIN: [a]\n", "glossary.CIN: expected text, got a list"),
]


@pytest.mark.parametrize("load, name, text, message",
                         [(load_paper, "paper.yaml", *case) for case in BAD_PAPERS]
                         + [(load_catalogue, "catalogue.yaml", *case) for case in BAD_CATALOGUES])
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
