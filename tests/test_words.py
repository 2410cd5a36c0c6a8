"""The paper's fixed words (paper/words.py, inputs/label_files.py): every label the paper asks
for is in English's file, a council's own wording is checked when its layout is read, and
words it translates are no longer marked as English on its paper."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from committee_report.errors import Problems
from committee_report.inputs.label_files import LAYOUT_WORDS, label_file, label_problem
from committee_report.inputs.theme import load_theme
from committee_report.paper import model as pm
from committee_report.paper.compose import Labels, compose
from committee_report.pipeline import load_report

ROOT = Path(__file__).resolve().parent.parent
WELSH = ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml"


def test_every_label_the_paper_asks_for_is_in_the_english_file() -> None:
    """A key asked for in code (w["kpi.none"], w.lang_of("figure.alt"), w[f"period.{kind}"])
    that en.yaml lacks would fail only on the paper that reaches it."""
    english = label_file("en")
    asked: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "committee_report" / "paper").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in re.findall(r"(?:\bw|words)(?:\[|\.lang_of\(|\.word\()([^\])]*)", source):
            asked.update(re.findall(r'(?<![f\w])"([a-z_.0-9]+)"', call))
            prefixes.update(re.findall(r'\bf"([a-z_.]+)\{', call))
    assert len(asked) > 40 and len(prefixes) >= 5
    assert sorted(asked - set(english)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in english)) == []
    for kind in ("month", "quarter", "year"):
        for prefix in ("period.", "latest.", "before.", "overview.none.", "kpi.trend."):
            assert prefix + kind in english


def test_shipped_label_files_use_only_englishs_keys_and_placeholders() -> None:
    english, welsh = label_file("en"), label_file("cy")
    assert set(welsh) <= set(english) | LAYOUT_WORDS and len(LAYOUT_WORDS & set(welsh)) == 13
    assert [k for k, v in welsh.items() if label_problem(k, v)] == []
    assert welsh["continued"].format(section="Llwythi achosion") == "Llwythi achosion (parhad)"


def test_a_councils_wording_is_checked_when_its_layout_is_read(tmp_path: Path) -> None:
    """A misspelt key, a placeholder the label does not fill and a stray brace are refused,
    each named by its key, rather than failing later while the paper is composed."""
    path = tmp_path / "mine.yaml"
    labels = {
        "cy": {
            "apendix.rules": "Sut y dosbarthwyd y dangosyddion",
            "count.other": "{nifer} eitem",
            "continued": "{section} (parhad",
            "overview.intro": "Mae pob dangosydd mewn {number} grŵp} yn ôl y rheolau.",
            "contents": "Yn y papur hwn {drafft}",  # set as written: braces are text
        }
    }
    path.write_text(yaml.safe_dump({"extends": "croydon", "labels": labels}), encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_theme(path)
    lines = str(caught.value).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "labels.cy.apendix.rules",
        "labels.cy.count.other",
        "labels.cy.overview.intro",
    ], lines
    assert lines[0].endswith("is not a label key (the keys are those of data/labels/en.yaml)")
    assert lines[1].endswith("uses {nifer}, which this label does not have (it has {n})")
    assert "not a placeholder" in lines[2]


def test_words_a_council_translates_are_no_longer_marked_english() -> None:
    """The Welsh sample's appendix is English (the shipped Welsh file does not have its
    words), so marked en-GB; a layout giving the Welsh for two of its labels turns those two
    into the paper's language, and the rest stay marked."""
    report, configured = load_report(WELSH)
    theme = load_theme(configured)
    own = {
        "appendix.rules": "Sut y dosbarthwyd y dangosyddion",
        "appendix.rules.intro": "Rhoddir cynnig ar y rheolau yn y drefn hon.",
    }
    translated = dataclasses.replace(theme, labels=(("cy", tuple(own.items())),))
    for layout, marked in ((theme, "en-GB"), (translated, None)):
        paper = compose(report, Labels.from_theme(layout, "cy"))
        appendix = next(s for s in paper.sections if s.key == "appendix")
        heading, intro = appendix.blocks[0], appendix.blocks[1]
        assert isinstance(heading, pm.Heading) and isinstance(intro, pm.Paragraph)
        assert heading.lang == marked and intro.lang == marked
        polarity = next(
            b for b in appendix.blocks if isinstance(b, pm.Heading) and b.anchor == "appendix-2"
        )
        assert (polarity.text, polarity.lang) == ("Polarity", "en-GB")
    assert heading.text == own["appendix.rules"] and intro.text == own["appendix.rules.intro"]


def test_a_caption_is_marked_english_until_every_word_of_it_is_translated() -> None:
    """A chart's caption and source line are made of several labels (the caption, the period's
    and the unit's words, the span, the target's and comparators' clauses, the source): left
    English while any one of them is, in the paper's language once all are."""
    report, configured = load_report(WELSH)
    theme = load_theme(configured)
    welsh = {
        "figure.caption": "Ffigur {number}: {id} fesul {period}{span} ({unit})",
        "figure.span": ", {first} i {last}",
        "figure.target": "; y llinell doredig yw'r targed",
        "figure.comparators": "; cymaryddion ar y dde",
        "figure.source": "Ffynhonnell: cerdyn sgorio {council}.",
        "period.month": "mis",
    }

    def first_figure(words: dict[str, str]) -> pm.Figure:
        layout = dataclasses.replace(theme, labels=(("cy", tuple(words.items())),))
        paper = compose(report, Labels.from_theme(layout, "cy"))
        detail = next(
            b for s in paper.sections for b in s.blocks if isinstance(b, pm.IndicatorDetail)
        )
        assert detail.figure is not None
        return detail.figure

    figure = first_figure(welsh)
    assert figure.caption.startswith("Ffigur 1: EH 7 fesul mis, Feb-21 i Jan-22 (per cent)")
    assert figure.caption_lang == "en-GB"  # "per cent" is still English
    figure = first_figure({**welsh, "unit.percent": "Y cant"})
    assert figure.caption.startswith("Ffigur 1: EH 7 fesul mis, Feb-21 i Jan-22 (y cant)")
    assert figure.caption_lang is None
    assert figure.lang == "en-GB"  # the alt text is the narrative's
