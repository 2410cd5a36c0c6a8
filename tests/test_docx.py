"""The Word paper (render/docx.py), read back with python-docx: headings at the PDF's levels
in Word's own styles, every table's header rows marked to repeat, every chart a picture with
alt text, the cover's details as properties dated by the paper, and the same bytes each time.
LibreOffice (Debian libreoffice-writer; .ci/run installs it) converts it to PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from committee_report.inputs.theme import load_theme
from committee_report.paper import model as pm
from committee_report.paper.compose import Labels, compose
from committee_report.publish import paper_date
from committee_report.render.docx import render_docx
from committee_report.render.office import paper_datetime

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def paper(sample_report) -> pm.Paper:
    return compose(sample_report, Labels.from_theme(load_theme("croydon")))


@pytest.fixture(scope="module")
def docx_bytes(paper: pm.Paper, sample_report) -> bytes:
    return render_docx(paper, load_theme("croydon"), paper_date(sample_report))


@pytest.fixture(scope="module")
def document(docx_bytes: bytes):
    return Document(io.BytesIO(docx_bytes))


def test_same_paper_gives_the_same_bytes(paper: pm.Paper, docx_bytes: bytes, sample_report) -> None:
    again = render_docx(paper, load_theme("croydon"), paper_date(sample_report))
    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2022, 2, 1, 0, 0, 0)}


def test_headings_use_words_heading_styles_at_the_papers_levels(document, paper: pm.Paper) -> None:
    expected: list[tuple[int, str]] = []
    for section in paper.sections:
        if section.heading:
            expected.append((section.heading.level, section.heading.text))
        for block in section.blocks:
            if isinstance(block, pm.Heading):
                expected.append((block.level, block.text))
            elif isinstance(block, pm.CategoryHeading):
                expected.append((3, f"{block.symbol} {block.label} ({block.count})"))
            elif isinstance(block, pm.IndicatorDetail):
                expected.append((block.heading.level, block.heading.text))
    found = [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert found == expected
    assert found[0] == (1, "Early Help and Children's Social Care Performance")
    assert (
        3,
        "EH 7: Percentage of cases closed due to family no longer requiring service",
    ) in found


def test_every_table_has_its_header_rows_marked_to_repeat(document, paper: pm.Paper) -> None:
    tables = document.tables
    kpi = next(b for s in paper.sections for b in s.blocks if isinstance(b, pm.KpiTable))
    simple = [b for s in paper.sections for b in s.blocks if isinstance(b, pm.Table)]
    assert len(tables) == 1 + len(simple)
    for table in tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
    # The formal report's tables come first; the KPI table is the one headed by the months.
    kpi_table = next(
        t for t in tables if len(t.rows) > 1 and "Feb-21" in [c.text for c in t.rows[1].cells]
    )
    # Two header rows (years and comparator groups over the columns), both repeated.
    assert kpi_table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert (
        kpi_table.rows[2]._tr.trPr is None
        or kpi_table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    )
    headers = [c.text for c in kpi_table.rows[1].cells]
    assert "Feb-21" in headers and "Jan-22" in headers
    assert len(kpi_table.rows) == 2 + len(kpi.rows)
    eh7 = next(r for r in kpi_table.rows if r.cells[0].text == "EH 7")
    texts = [c.text for c in eh7.cells]
    assert "▪ Red" in texts and "25%" in texts  # RAG in words; the latest month as printed


def test_every_chart_is_a_picture_with_alt_text(document, paper: pm.Paper) -> None:
    figures = [
        b.figure
        for s in paper.sections
        for b in s.blocks
        if isinstance(b, pm.IndicatorDetail) and b.figure is not None
    ]
    pictures = [s._inline for s in document.inline_shapes]
    assert len(pictures) == len(figures) == 16
    for inline, figure in zip(pictures, figures):
        assert inline.docPr.get("descr") == figure.alt and figure.alt
        assert inline.docPr.get("title") == figure.title


def test_cover_details_are_the_document_properties(document, paper: pm.Paper) -> None:
    cp = document.core_properties
    assert cp.title == "Early Help and Children's Social Care Performance"
    assert cp.author == paper.metadata.author == "Performance and Business Intelligence"
    assert cp.subject == paper.metadata.subject
    assert cp.category == "Children and Young People's Scrutiny Committee"
    assert cp.language == "en-GB"
    assert cp.created == cp.modified == datetime(2022, 2, 1, tzinfo=timezone.utc)


def test_paper_dates_are_read_from_the_papers_own_words() -> None:
    assert paper_datetime("February 2022", (2022, 1)) == datetime(2022, 2, 1)
    assert paper_datetime("3 March 2022", (2022, 1)) == datetime(2022, 3, 3)
    assert paper_datetime("2023-07-14", (2022, 1)) == datetime(2023, 7, 14)
    assert paper_datetime("Spring", (2022, 1)) == datetime(2022, 1, 1)
    assert paper_datetime("31 February 2022", (2021, 6)) == datetime(2021, 6, 1)


@pytest.mark.browser
@pytest.mark.skipif(
    SOFFICE is None,
    reason="needs LibreOffice (Debian libreoffice-writer-nogui; .ci/run installs it)",
)
def test_libreoffice_converts_it_to_pdf(docx_bytes: bytes, tmp_path: Path) -> None:
    source = tmp_path / "paper.docx"
    source.write_bytes(docx_bytes)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    import pdfplumber

    with pdfplumber.open(tmp_path / "paper.pdf") as pdf:
        assert len(pdf.pages) >= 10
        first = pdf.pages[0].extract_text()
    assert "Early Help & Children's Social Care" in first


def test_a_formal_reports_emphasis_and_web_links_are_kept(document) -> None:
    """report.md's *not rated* is an italic run; its web address a w:hyperlink to it."""
    italic = [r.text for p in document.paragraphs for r in p.runs if r.italic]
    assert italic == ["not rated"]
    links = {r.target_ref for r in document.part.rels.values() if r.is_external}
    assert links == {"https://www.croydon.gov.uk"}
    body = document.element.body.xml
    found = re.findall(r"<w:hyperlink [^>]*>.*?<w:t>([^<]*)</w:t>.*?</w:hyperlink>", body, re.S)
    assert found == ["www.croydon.gov.uk"]


def test_a_welsh_documents_english_parts_are_marked_english() -> None:
    """Word's language of parts: each run of what the narrative wrote on a Welsh paper (an
    overview bullet, an appendix heading) carries w:lang en-GB; the Welsh headings none."""
    from committee_report.publish import compose_paper

    root = Path(__file__).resolve().parent.parent
    welsh = compose_paper(root / "data" / "croydon-2022-02-cy" / "paper.yaml")
    built = render_docx(welsh, load_theme("croydon"), datetime(2022, 2, 1))
    document = Document(io.BytesIO(built))

    def langs(paragraph) -> set:
        return {
            tag.get(qn("w:val")) for run in paragraph.runs for tag in run.element.iter(qn("w:lang"))
        }

    paragraphs = {p.text: langs(p) for p in document.paragraphs if p.text}
    bullet = next(t for t in paragraphs if t.startswith("The rate of children in need"))
    assert paragraphs[bullet] == {"en-GB"}
    assert paragraphs["How indicators were classified"] == {"en-GB"}
    overview = next(t for t in paragraphs if t.startswith("Trosolwg o berfformiad"))
    assert paragraphs[overview] == set()
