"""Titles and polarity: warned about first, errors under --strict, and no sentence without its
subject (the id stands in for a missing title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee_report.cli import main
from committee_report.paths import data_dir
from committee_report.pipeline import load_report

SAMPLE = data_dir() / "croydon-2022-02" / "scorecard.tsv"


def _sample_with(tmp_path: Path, edit) -> Path:
    """The real sample scorecard with one edit, as an officer's table might have it."""
    rows = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    edit(rows)
    path = tmp_path / "scorecard.tsv"
    path.write_text("\n".join("\t".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def untitled(tmp_path) -> Path:
    def blank_eh9_title(rows):
        assert rows[2][0] == "EH 9"
        rows[2][1] = ""

    return _sample_with(tmp_path, blank_eh9_title)


def test_missing_title_is_listed_first_and_fails_strict(untitled, capsys):
    assert main(["validate", str(untitled)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == (
        f"{untitled}:3:Indicator Title: warning: EH 9: no title, so the paper names it by its id "
        "(add a title to the table or a short_title to the catalogue)"
    )
    assert captured.err == (
        "33 indicators checked, 6 warning(s); 1 about missing titles or "
        "polarity, which the paper needs (listed first)\n"
    )
    assert main(["validate", "--strict", str(untitled)]) == 1


def test_the_id_stands_in_for_a_missing_title(untitled):
    report, _ = load_report(untitled)
    eh9 = next(a for a in report.assessments if a.id == "EH 9")
    assert eh9.narrative == "EH 9 is above target at 17%"
    assert eh9.chart_title == "EH 9: above the 15% target, improving"
    assert eh9.chart_alt.startswith("Line chart of EH 9 by month from February 2021")
    assert [b.text for b in report.bullets if "EH 9" in b.indicator_ids] == [
        "EH 9 is above target at 17%"
    ]


def test_a_short_title_in_the_catalogue_is_a_title(untitled, tmp_path, capsys):
    (tmp_path / "catalogue.yaml").write_text(
        'indicators:\n  "EH 9": {short_title: Early Help step-ups}\n', encoding="utf-8"
    )
    (tmp_path / "paper.yaml").write_text(
        "scorecard: scorecard.tsv\ncatalogue: catalogue.yaml\n", encoding="utf-8"
    )
    report, _ = load_report(tmp_path / "paper.yaml")
    assert not [w for w in report.warnings if "no title" in w]
    eh9 = next(a for a in report.assessments if a.id == "EH 9")
    assert eh9.narrative == "Early Help step-ups is above target at 17%"


def test_targets_without_any_polarity_are_warned_about_first(tmp_path, capsys):
    def blank_polarity(rows):
        assert rows[0][2] == "Polarity"
        for row in rows[1:]:
            if len(row) > 2:
                row[2] = ""

    path = _sample_with(tmp_path, blank_polarity)
    assert main(["validate", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        f"{path}: warning: no indicator has a polarity, but 26 have targets, so "
        "none can be rated Green, Amber or Red; add a Polarity column (BIB or SIB) "
        "or a polarity per indicator in the catalogue"
    )
    assert main(["validate", "--strict", str(path)]) == 1


def test_the_sample_has_titles_and_polarity(sample_report):
    assert not [w for w in sample_report.warnings if "no title" in w or "no indicator has" in w]


@pytest.mark.pdf
def test_an_untitled_indicator_page_is_headed_by_its_id(untitled, tmp_path):
    from dataclasses import replace

    from committee_report.inputs.theme import load_theme
    from committee_report.paper.compose import Labels, indicator_detail

    report, _ = load_report(untitled)
    eh9 = next(a for a in report.assessments if a.id == "EH 9")
    detail = indicator_detail(report, eh9, 1, Labels.from_theme(load_theme("default")))
    assert (detail.heading.text, detail.heading.outline) == ("EH 9", None)  # bookmark = text
    titled = indicator_detail(
        report,
        replace(eh9, indicator=replace(eh9.indicator, title="Step-ups")),
        1,
        Labels.from_theme(load_theme("default")),
    )
    assert titled.heading.text == "EH 9: Step-ups"
