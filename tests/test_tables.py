"""The KPI table's first page, position by position: every word of it where the sample paper
put it (tests/golden/kpi-page.tsv), so a cell drawn a few points off fails."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pdfplumber
import pytest

from committee_report.inputs.theme import load_theme
from committee_report.model import Report
from committee_report.publish import render_pdf

pytestmark = pytest.mark.pdf
GOLDEN = Path(__file__).parent / "golden" / "kpi-page.tsv"
REGENERATE = "UPDATE_GOLDEN=1 pytest tests/test_tables.py, then review the diff"


def kpi_page_words(pdf: bytes) -> str:
    """Each word of the first landscape page: x0, top (points, to 0.1) and text, a line each."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = next(p for p in doc.pages if p.width > p.height)
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    return "".join(f"{w['x0']:.1f}\t{w['top']:.1f}\t{w['text']}\n" for w in words)


@pytest.fixture(scope="module")
def sample_words(sample_report: Report) -> str:
    return kpi_page_words(render_pdf(sample_report, load_theme("croydon")))


def test_kpi_page_matches_its_positional_golden(sample_words: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(sample_words, encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8")
    assert golden.count("\n") > 400  # the header, a section and 8 rows at the 7 pt minimum
    assert sample_words == golden, f"KPI page moved; to accept: {REGENERATE}"


def test_a_cell_moved_three_points_fails_the_golden(
    sample_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The golden is not vacuous: every cell's text drawn 3 pt to the right is caught."""
    from committee_report.render import tables

    original = tables.cell_text

    def shifted(canvas, text, x, *args):  # noqa: ANN001, ANN002, ANN202
        original(canvas, text, x + 3, *args)

    monkeypatch.setattr(tables, "cell_text", shifted)
    moved = kpi_page_words(render_pdf(sample_report, load_theme("croydon")))
    golden = GOLDEN.read_text(encoding="utf-8")
    assert moved != golden
    changed = set(moved.splitlines()) - set(golden.splitlines())
    assert any(line.endswith("\tAMT") or line.endswith("\t68%") for line in changed)


def test_a_section_that_runs_on_is_named_again_at_the_top_of_the_next_page(
    sample_report: Report,
) -> None:
    """The sample's "Caseloads" section starts on the second KPI page and runs on to the
    third: the third page opens with "Caseloads (continued)" above W 1g, its first row, and no
    other page repeats a section (the first page's rows belong to none)."""
    pdf = render_pdf(sample_report, load_theme("croydon"))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [p.extract_text() for p in doc.pages if p.width > p.height]
    assert len(pages) == 3
    assert "Caseloads" in pages[1] and "(continued)" not in pages[1]
    lines = pages[2].splitlines()
    opened = lines.index("Caseloads (continued)")
    assert lines[opened - 1].startswith("Number Indicator Title")  # right under the header
    assert lines[opened + 1] == "Average Caseload per Worker -"
    assert lines[opened + 2].startswith("W 1g SIB 9.2 11.2")
    assert sum("(continued)" in page for page in pages) == 1
    assert "(continued)" not in pages[0]
