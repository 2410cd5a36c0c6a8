"""Notes on the data, as the paper prints them: for the committee, never a file or a path."""

from __future__ import annotations

import pytest

from dataclasses import replace

from committee_report.paper.notes import committee_note, data_notes

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow


def test_notes_name_the_indicator_and_the_problem(sample_report, judged):
    assert data_notes(sample_report) == [
        (
            "W1 f2: the scorecard gives 19.7 as the latest value, its January figure is 17.7; the "
            "paper shows 17.7"
        )
    ]
    (warning,) = judged["W1 f2"].warnings
    assert warning.startswith(f"{judged['W1 f2'].indicator.source.file}:29:")


def test_a_note_keeps_nothing_before_the_indicator_id(judged):
    item = judged["EH 9"]
    windows = replace(
        item,
        indicator=replace(
            item.indicator,
            source=replace(item.indicator.source, file=r"C:\Users\ann\Desktop\KPIs: final.xlsx"),
        ),
    )
    text = r"C:\Users\ann\Desktop\KPIs: final.xlsx:3:RAG: EH 9: the scorecard rates it Amber"
    assert committee_note(windows, text) == "EH 9: the scorecard rates it Amber"
    assert committee_note(item, "scorecard.tsv: not UTF-8; read as Windows-1252") is None


def test_a_layout_can_leave_the_notes_out(tmp_path):
    import io

    import pypdf

    from committee_report.build import render

    layout = tmp_path / "quiet.yaml"
    layout.write_text("extends: croydon\ndata_notes: false\n", encoding="utf-8")
    shown, _ = render(None)
    hidden, _ = render(None, layout=str(layout))

    def text(pdf: bytes) -> str:
        return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    assert "Notes on the data" in text(shown) and "W1 f2: the scorecard gives 19.7" in text(shown)
    assert "Notes on the data" not in text(hidden) and "gives 19.7" not in text(hidden)


def test_data_notes_must_be_true_or_false(tmp_path):
    import pytest

    from committee_report.errors import ConfigError
    from committee_report.inputs.theme import load_theme

    layout = tmp_path / "bad.yaml"
    layout.write_text("extends: default\ndata_notes: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_theme(layout)
    assert str(caught.value) == f"{layout}: data_notes: expected true or false, got 'sometimes'"
