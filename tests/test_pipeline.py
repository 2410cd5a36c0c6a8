"""The pipeline: movement since the previous paper, commentary rules, exceptions, atomic writes."""

from __future__ import annotations

import errno
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from committee_report.errors import ConfigError, OutputError, UsageError
from committee_report.inputs.config import load_paper
from committee_report.model import Period
from committee_report.pipeline import assemble, load_report, write_atomically

# Worked by hand from the monthly series with the sample rules (see the comments).
AS_OF_JANUARY = {
    # CP 5 YTD: Apr-Dec mean 67.9 -> 68% and Apr-Jan 62.9 -> 63%, both under 77% less 3.85: Red.
    "CP 5": ("do_better", "red", "unchanged"),
    # CIN 8 latest: Dec 83% is beyond the 10-point band (Red), Jan 85% is inside it (Amber).
    "CIN 8": ("do_better", "red", "improved"),
    # CLA 10 latest: Dec 90% and Jan 87%, both within 10 points of 95%: Amber.
    "CLA 10": ("ones_to_watch", "amber", "unchanged"),
    # QA 3 YTD: no audit in Dec or Jan, so 62, 74, 85 -> 74% both months: Amber.
    "QA 3": ("ones_to_watch", "amber", "unchanged"),
}
AS_OF_DECEMBER = {
    # CP 5 YTD: Apr-Nov mean 72.25 -> 72%, under 73.15: Red, as in December.
    "CP 5": ("do_better", "red", "unchanged"),
    # CIN 8: Nov 92% Amber -> Dec 83% Red.
    "CIN 8": ("ones_to_watch", "amber", "worsened"),
    # CLA 10: Nov 95% Green -> Dec 90% Amber.
    "CLA 10": ("going_well", "green", "worsened"),
    # QA 3: 74% in November and December.
    "QA 3": ("ones_to_watch", "amber", "unchanged"),
}


@pytest.mark.parametrize(
    "as_of, expected", [(Period(2022, 1), AS_OF_JANUARY), (Period(2021, 12), AS_OF_DECEMBER)]
)
def test_movement_against_the_previous_month(as_of, expected):
    report, _ = load_report(None, as_of=as_of)
    judged = {a.id: a for a in report.assessments}
    for indicator_id, (category, rag, movement) in expected.items():
        item = judged[indicator_id]
        assert (item.previous_category, item.previous_rag, item.movement) == (
            category,
            rag,
            movement,
        ), indicator_id
    assert report.previous_period == as_of.shift(-1)


def test_changes_section_lists_moves_with_their_rule(sample_report):
    changes = {c.indicator_id: c for c in sample_report.changes}
    assert set(changes) == {
        a.id for a in sample_report.assessments if a.movement in ("new", "improved", "worsened")
    }
    cin8 = changes["CIN 8"]
    assert (cin8.previous_category, cin8.category, cin8.movement, cin8.rule) == (
        "do_better",
        "ones_to_watch",
        "improved",
        "near-target-amber",
    )
    assert cin8.reason.startswith("Amber: 85%")


def test_new_bullets_are_marked(sample_report):
    # Only CIN 8 changed category between December and January.
    assert [c.indicator_id for c in sample_report.changes] == ["CIN 8"]
    marked = [b for b in sample_report.bullets if b.new]
    assert [(b.category, b.indicator_ids) for b in marked] == [("ones_to_watch", ("CIN 8",))]


def test_quarterly_comparison(sample_dir, tmp_path):
    config = load_paper(sample_dir / "paper.yaml")
    report = assemble(replace(config, previous_months=3))
    assert report.previous_period == Period(2021, 10)
    cla10 = next(a for a in report.assessments if a.id == "CLA 10")
    assert (cla10.previous_rag, cla10.movement) == ("amber", "unchanged")  # Oct 94%


def test_exceptions_only_keeps_do_better_and_worsened(sample_report):
    report, _ = load_report(None, exceptions_only=True)
    assert report.exceptions_only
    kept = {a.id for a in report.assessments}
    expected = {
        a.id
        for a in sample_report.assessments
        if a.category == "do_better" or a.movement == "worsened"
    }
    assert kept == expected and len(kept) == 12
    assert set(report.featured) <= kept


def test_featured_follows_the_charts_setting(sample_report):
    assert sample_report.featured == tuple(
        a.id for a in sample_report.assessments if a.category in ("do_better", "ones_to_watch")
    )


def _copy_sample(sample_dir: Path, tmp_path: Path) -> Path:
    for name in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
        shutil.copy(sample_dir / name, tmp_path / name)
    return tmp_path / "paper.yaml"


def test_missing_required_commentary_is_listed(sample_dir, tmp_path):
    paper = _copy_sample(sample_dir, tmp_path)
    catalogue = yaml.safe_load((tmp_path / "catalogue.yaml").read_text(encoding="utf-8"))
    del catalogue["indicators"]["CP 5"]["commentary"]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(catalogue), encoding="utf-8")
    report, _ = load_report(paper)
    missing = [w for w in report.warnings if "commentary is required" in w]
    assert missing == [
        f"{tmp_path / 'scorecard.tsv'}:9: CP 5: commentary is required for do "
        f"better indicators and is missing (add it to catalogue.yaml or a "
        f"Commentary column)"
    ]


def test_period_outside_the_table_is_a_config_error(sample_dir, tmp_path):
    paper = _copy_sample(sample_dir, tmp_path)
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("period: 2022-01", "period: 2023-05")
    )
    with pytest.raises(ConfigError) as caught:
        load_report(paper)
    assert str(caught.value) == (
        f"{paper}: period: 2023-05 is not a month of the scorecard (2021-02 to 2022-01)"
    )


def test_atomic_write_leaves_an_earlier_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "paper.pdf"
    target.write_bytes(b"earlier")

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OutputError, match="paper.pdf: no space left on the disk"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


def test_atomic_write_into_a_missing_folder(tmp_path):
    with pytest.raises(UsageError, match="output folder .* does not exist"):
        write_atomically(tmp_path / "nope" / "paper.pdf", b"x")
