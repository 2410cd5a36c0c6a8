"""Issue 17: the formal committee report around the analysis (paper/report.py, formal.py and
render/report.py), on the bundled sample's report.md and the real Croydon scorecard.

The sample's PDF is built once here; its accessibility (page-validation UA-1 and 2a, heading
order, page order) is checked with the rest of the paper in test_accessibility.py."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from test_accessibility import marked_chars, read_structure, validate

from committee_report.build import render
from committee_report.cli import main
from committee_report.errors import ConfigError
from committee_report.inputs.theme import load_theme
from committee_report.model import CATEGORIES, Report
from committee_report.paper import model as pm
from committee_report.paper.compose import Labels, compose
from committee_report.paper.report import (
    PLACEHOLDERS,
    draft_report,
    figures,
    formal_report,
    missing_sections,
    parse_report,
)
from committee_report.paths import data_dir
from committee_report.publish import render_pdf

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow

CABINET = Path(__file__).parent / "data" / "layouts" / "report_cabinet.yaml"
SAMPLE = data_dir() / "croydon-2022-02"


@pytest.fixture(scope="module")
def paper(sample_report: Report) -> pm.Paper:
    return compose(sample_report, Labels.from_theme(load_theme("croydon")))


def _text(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, (pm.Paragraph, pm.NumberedParagraph)):
            out.append(b.text)
        elif isinstance(b, pm.BulletList):
            out += [(f"{i.label} " if i.label else "") + pm.plain(i.content) for i in b.items]
        elif isinstance(b, pm.Table):
            out += [" | ".join(pm.plain(c) for c in row) for row in b.rows]
    return "\n".join(out)


def report_sections(paper: pm.Paper) -> dict[str, pm.Section]:
    return {s.heading.text: s for s in paper.sections if s.key == "report" and s.heading}


# --- the paper model ------------------------------------------------------------------------


def test_sample_is_a_formal_report_with_the_analysis_as_appendix_a(paper: pm.Paper) -> None:
    keys = [s.key for s in paper.sections]
    assert keys == ["front_sheet"] + ["report"] * 9 + [
        "cover",
        "overview",
        "kpi_tables",
        "details",
        "changes",
        "appendix",
    ]
    assert [s.appendix for s in paper.sections] == [False] * 10 + [True] * 6
    assert list(report_sections(paper)) == [
        "1. Summary",
        "2. Recommendations",
        "3. Reasons for the recommendations",
        "4. Background",
        "5. Detail",
        "6. Consultation",
        "7. Implications",
        "8. Appendices",
        "9. Background documents",
    ]
    front = paper.sections[0].blocks
    assert pm.Heading("Early Help and Children's Social Care Performance", 1) in front
    sheet = next(b for b in front if isinstance(b, pm.FrontSheet))
    assert [(label, pm.plain(v)) for label, v in sheet.rows][:3] == [
        ("Committee", "Children and Young People's Scrutiny Committee"),
        ("Date of meeting", "1 March 2022"),
        ("Agenda item", "7"),
    ]
    assert ("Decision or information", "For information") in [
        (label, pm.plain(v)) for label, v in sheet.rows
    ]
    notice = next(b for b in front if isinstance(b, pm.Paragraph) and b.kind == "notice")
    assert "Sample text" in notice.text and "not Croydon Council's report" in notice.text
    contents = next(b for b in front if isinstance(b, pm.BulletList))
    assert [i.page_of for i in contents.items] == [f"report-{n}" for n in range(1, 10)] + [
        "appendix-a"
    ]
    cover = paper.sections[10].blocks
    assert (
        pm.Heading(
            "Appendix A: Early Help & Children's Social Care Performance Analysis",
            2,
            anchor="appendix-a",
        )
        in cover
    )
    assert not any(isinstance(b, pm.Heading) and b.level == 1 for b in cover)
    assert paper.metadata.title == "Early Help and Children's Social Care Performance"


def test_paragraphs_are_numbered_and_recommendations_are_a_numbered_list(paper: pm.Paper) -> None:
    sections = report_sections(paper)
    summary = sections["1. Summary"].blocks
    assert [b.number for b in summary] == ["1.1", "1.2"]  # type: ignore[union-attr]
    recommendations = sections["2. Recommendations"].blocks
    assert len(recommendations) == 1 and isinstance(recommendations[0], pm.BulletList)
    assert recommendations[0].kind == "numbered"
    assert [i.label for i in recommendations[0].items] == ["2.1", "2.2"]
    implications = sections["7. Implications"].blocks
    assert [b.text for b in implications if isinstance(b, pm.Heading)][:3] == [
        "Financial implications",
        "Legal implications",
        "Equalities implications",
    ]
    assert all(b.level == 3 for b in implications if isinstance(b, pm.Heading))
    detail = sections["5. Detail"].blocks
    first = detail[0]
    assert isinstance(first, pm.NumberedParagraph) and first.number == "5.1"
    assert pm.Span("officer commentary", strong=True) in first.content
    assert pm.Span("not rated", emphasis=True) in first.content
    table = next(b for b in detail if isinstance(b, pm.Table))
    assert table.kind == "report" and table.header == ("Group", "Indicators")
    links = [s for s in sections["9. Background documents"].blocks[0].content if s.url]
    assert links == [pm.Span("www.croydon.gov.uk", url="https://www.croydon.gov.uk")]


def test_placeholders_are_the_figures_the_analysis_shows(
    paper: pm.Paper, sample_report: Report
) -> None:
    """Counts per category as the overview's panels hold them, the do-better indicators of
    its third panel, the changes table's rows, the KPI table's red ratings, the period."""
    values = figures(sample_report)
    panels = {
        c: [i for b in sample_report.bullets if b.category == c for i in b.indicator_ids]
        for c in CATEGORIES
    }
    assert {c: values[c] for c in CATEGORIES} == {c: str(len(panels[c])) for c in CATEGORIES}
    assert (values["going_well"], values["ones_to_watch"], values["do_better"]) == ("15", "4", "12")
    assert values["indicators"] == "33"
    assert sorted(values["do_better_list"].split(", ")) == sorted(panels["do_better"])
    changes = next(
        b
        for b in paper.section("changes").blocks  # type: ignore[union-attr]
        if isinstance(b, pm.Table)
    )
    assert values["moved"] == str(len(changes.rows)) == "1"
    assert values["improved"] == str(sum(pm.plain(r[3]) == "Improved" for r in changes.rows))
    kpi = next(
        b
        for b in paper.section("kpi_tables").blocks  # type: ignore[union-attr]
        if isinstance(b, pm.KpiTable)
    )
    rags = [
        c
        for r in kpi.rows
        if isinstance(r, pm.KpiRow)
        for c in r.cells
        if isinstance(c, pm.RagCell)
    ]
    assert values["red"] == str(sum(c.rag == "red" for c in rags)) == "12"
    assert values["green"] == str(sum(c.rag == "green" for c in rags)) == "10"
    assert values["period"] == "January 2022"
    assert sample_report.paper.period_label == "Data to January 2022"

    sections = report_sections(paper)
    summary = _text(sections["1. Summary"].blocks)
    assert "to January 2022" in summary
    assert (
        "Of the 33 indicators, 15 are going well, 4 are ones to watch and 12 are things "
        "to do better."
    ) in summary
    assert "since December 2021: 1, of which 1 moved to a better category and 0" in summary
    assert "{{" not in _text(b for s in sections.values() for b in s.blocks)
    reasons = sections["3. Reasons for the recommendations"].blocks
    listed = next(b for b in reasons if isinstance(b, pm.BulletList))
    assert [i.content[0].text for i in listed.items] == values["do_better_list"].split(", ")
    assert pm.plain(listed.items[0].content) == (
        "EH 7: Percentage of Early Help cases closed "
        "because the family no longer required the "
        "service"
    )
    table = next(b for b in sections["5. Detail"].blocks if isinstance(b, pm.Table))
    assert [pm.plain(r[1]) for r in table.rows] == ["15", "4", "12"]


def test_the_analysis_is_unchanged_within_the_report(
    paper: pm.Paper, sample_report: Report
) -> None:
    alone = compose(replace(sample_report, formal=None), Labels.from_theme(load_theme("croydon")))
    assert next(s.key for s in alone.sections) == "cover"
    appendix = [s for s in paper.sections if s.appendix]
    assert [replace(s, appendix=False) for s in appendix[1:]] == list(alone.sections[1:])
    changed = [(a, b) for a, b in zip(appendix[0].blocks, alone.sections[0].blocks) if a != b]
    assert changed == [
        (
            pm.Heading(
                "Appendix A: Early Help & Children's Social Care Performance Analysis",
                2,
                anchor="appendix-a",
            ),
            pm.Heading("Early Help & Children's Social Care Performance Analysis", 1),
        ),
        (pm.Heading("In this appendix", 3), pm.Heading("In this paper", 2)),
    ]
    assert alone.metadata.title == "Early Help & Children's Social Care Performance Analysis"


def test_another_layout_changes_front_sheet_numbering_and_missing_sections(
    sample_report: Report, paper: pm.Paper
) -> None:
    theme = load_theme(CABINET)
    other = compose(sample_report, Labels.from_theme(theme))
    sheet = next(b for b in other.sections[0].blocks if isinstance(b, pm.FrontSheet))
    assert [(label, pm.plain(v)) for label, v in sheet.rows] == [
        ("Report", "Early Help and Children's Social Care Performance"),
        ("Meeting", "Children and Young People's Scrutiny Committee"),
        ("Date", "1 March 2022"),
        ("Report of", "Director of Children's Social Care (sample)"),
        ("Electoral divisions", "All"),
        ("Key decision?", "No"),
    ]
    sections = report_sections(other)
    assert isinstance(sections["1. Summary"].blocks[0], pm.Paragraph)  # headings-only numbering
    recommendations = sections["2. Recommendations"].blocks[0]
    assert [i.label for i in recommendations.items] == ["1.", "2."]  # type: ignore[union-attr]
    assert (
        pm.Heading(
            "Appendix 1: Early Help & Children's Social Care Performance Analysis",
            2,
            anchor="appendix-a",
        )
        in other.sections[10].blocks
    )
    assert other.furniture.appendix_page_label == "Appendix 1, page {page} of {pages}"
    assert paper.furniture.appendix_page_label == ""

    formal = formal_report(sample_report)
    assert formal is not None
    assert missing_sections(formal, load_theme("default").report) == []
    file = str(SAMPLE / "report.md")
    assert missing_sections(formal, theme.report) == [
        f"{file}: required section {name!r} is missing (the layout's report.required_sections)"
        for name in (
            "Purpose of the report",
            "Comments of the Chief Finance Officer",
            "Comments of the Monitoring Officer",
            "Welsh language implications",
        )
    ]


def _copy(tmp_path: Path, report: str | None = None, layout: str | None = None) -> Path:
    for name in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    if report is not None:
        (tmp_path / "report.md").write_text(report, encoding="utf-8")
    paper = tmp_path / "paper.yaml"
    if layout:
        paper.write_text(
            paper.read_text(encoding="utf-8").replace("layout: croydon", f"layout: {layout}"),
            encoding="utf-8",
        )
    return paper


def test_validate_flags_the_sections_the_layout_requires(tmp_path, capsys) -> None:
    paper = _copy(tmp_path, layout=str(CABINET))
    assert main(["validate", str(paper)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "report.md" in line]
    assert lines == [
        f"{tmp_path / 'report.md'}: warning: required section {name!r} is missing "
        "(the layout's report.required_sections)"
        for name in (
            "Purpose of the report",
            ("Comments of the Chief Finance Officer"),
            "Comments of the Monitoring Officer",
            "Welsh language implications",
        )
    ]
    assert main(["validate", "--strict", str(paper)]) == 1
    capsys.readouterr()
    text = (SAMPLE / "report.md").read_text(encoding="utf-8")
    paper = _copy(
        tmp_path,
        report=text.replace("## Equalities implications\n", "## Equality of opportunity\n").replace(
            "wards: All\n", ""
        ),
    )
    assert main(["validate", str(paper)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "report.md" in line]
    assert lines == [
        (
            f"{tmp_path / 'report.md'}: warning: required section 'Equalities implications' is "
            "missing (the layout's report.required_sections)"
        ),
        (
            f"{tmp_path / 'report.md'}: warning: front matter: wards is empty (the layout's front "
            "sheet shows it)"
        ),
    ]


BODY = "---\ntitle: T\n---\n\n# Summary\n\nOne.\n\n"


@pytest.mark.parametrize(
    "text, where, message",
    [
        (
            BODY + "Of {{ indicators }}, {{ do_beter }} are to do better.\n",
            "line 9",
            "unknown placeholder {{ do_beter }} (expected one of: period, previous_period, ",
        ),
        (BODY + "Of {{ indicators } to do better.\n", "line 9", "a placeholder's {{ is not closed"),
        ("---\ntitle: T\nward: All\n---\n# Summary\n", "front matter.ward", "unknown key"),
        (
            "---\ntitle: T\ndecision: maybe\n---\n# S\n",
            "front matter.decision",
            "expected decision or information, got 'maybe'",
        ),
        ("---\ncommittee: C\n---\n# Summary\n", "front matter.title", "missing"),
        ("# Summary\n", "line 1", "expected YAML front matter between --- lines"),
        ("---\ntitle: [T\n---\n# S\n", "line 2", "malformed YAML front matter"),
        ("---\ntitle: T\n---\nIntro.\n\n# Summary\n", "line 4", "text before the first section"),
        (BODY + "See [the tables](#kpi).\n", "line 9", "link to #kpi, which is not in the paper"),
        (BODY + "See [this](ftp://example.org/a).\n", "line 9", "link to 'ftp://example.org/a'"),
        (BODY + "![chart](chart.png)\n", "line 9", "pictures are not supported"),
    ],
)
def test_report_problems_are_one_line_naming_file_and_line(
    sample_report: Report, tmp_path: Path, capsys, text: str, where: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_report(text, "report.md", sample_report)
    assert str(caught.value).startswith(f"report.md: {where}: {message}")
    paper = _copy(tmp_path, report=text)
    out = tmp_path / "paper.pdf"
    assert main(["build", str(paper), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {tmp_path / 'report.md'}: {where}: {message}")
    assert err.count("\n") == 1 and not out.exists()


def test_every_placeholder_is_filled(sample_report: Report) -> None:
    text = BODY + "\n".join(f"{name}: {{{{ {name} }}}}." for name in PLACEHOLDERS) + "\n"
    formal = parse_report(text, "report.md", sample_report)
    filled = pm.plain(formal.sections[0].blocks[1].content)  # type: ignore[union-attr]
    values = figures(sample_report)
    assert filled == " ".join(f"{name}: {values[name]}." for name in PLACEHOLDERS)
    assert "previous_period: December 2021." in filled and "green: 10." in filled


@pytest.mark.parametrize("layout", ["default", str(CABINET)])
def test_draft_report_parses_and_has_every_required_section(
    sample_report: Report, layout: str
) -> None:
    theme = load_theme(layout)
    draft = draft_report(theme)
    assert draft == draft_report(layout)
    formal = parse_report(draft, "report.md", sample_report)
    assert [s.title for s in formal.sections] == list(theme.report.required_sections)
    problems = missing_sections(formal, theme.report)
    given = ("title", "committee", "meeting_date")  # the draft's, or paper.yaml's committee, date
    assert problems == [
        f"report.md: front matter: {name} is empty (the layout's front sheet shows it)"
        for name in theme.report.front_sheet
        if name not in given
    ]
    summary = pm.plain(formal.sections[0].blocks[0].content)  # type: ignore[union-attr]
    if layout == "default":
        assert "performance to January 2022: 15 indicators are going well" in summary


# --- the PDF --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "sample.pdf"
    path.write_bytes(render(None)[0])
    return path


def test_pdf_reads_numbers_with_paragraphs_and_recommendations_as_a_list(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as doc:
        tree = read_structure(doc)
    chars = marked_chars(sample_pdf, pages=[1, 2])
    texts = {k: "".join(c["text"] for c in v) for k, v in chars.items()}
    sects = [s for s in tree.kids if s.role == "Sect"]
    front = sects[0]
    assert [k.role for k in front.kids][:4] == ["P", "P", "H1", "P"]
    sheet = next(k for k in front.kids if k.role == "Table")
    first = sheet.kids[0].kids
    assert [(c.role, c.attrs.get("Scope")) for c in first] == [("TH", "Row"), ("TD", None)]
    assert [c.text(texts) for c in first] == [
        "Committee",
        "Children and Young People's Scrutiny Committee",
    ]
    summary = sects[1]
    assert [k.role for k in summary.kids] == ["H2", "P", "P"]
    assert summary.kids[1].text(texts).startswith("1.1 This report presents the performance")
    recommendations = sects[2]
    assert [k.role for k in recommendations.kids] == ["H2", "L"]
    items = recommendations.kids[1].kids
    assert [[k.role for k in item.kids] for item in items] == [["Lbl", "LBody"]] * 2
    assert [item.kids[0].text(texts) for item in items] == ["2.1", "2.2"]
    assert (
        items[1]
        .kids[1]
        .text(texts)
        .startswith("The Committee is asked to consider the 12 indicators to do better")
    )


def test_pdf_contents_and_bookmarks_reach_both_parts(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as doc:
        pages = {p.objgen: n for n, p in enumerate(doc.pages, start=1)}
        top, item = [], doc.Root.Outlines.get("/First")
        while item is not None:
            top.append((str(item.Title), pages[item.Dest[0].objgen]))
            item = item.get("/Next")
    titles = [t for t, _ in top]
    assert titles[:2] == ["1. Summary", "2. Recommendations"]
    assert titles[9:12] == [
        ("Appendix A: Early Help & Children's Social Care Performance Analysis"),
        "Overview of performance across EH & CSC KPIs",
        "Performance indicators",
    ]
    with pdfplumber.open(sample_pdf) as pdf:
        first = pdf.pages[0].extract_text()
        links = [a for a in pdf.pages[0].annots]
        appendix_page = dict(top)[titles[9]]
        assert f"{appendix_page} Appendix A: Early Help & Children's Social Care" in first
        assert "2 1. Summary" in first
        assert len(links) == 10
        assert (
            f"Page {appendix_page} of {len(pdf.pages)}"
            in pdf.pages[appendix_page - 1].extract_text()
        )


def test_appendix_numbers_its_own_pages_where_the_layout_says(
    sample_report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "cabinet.pdf"
    path.write_bytes(render_pdf(sample_report, load_theme(CABINET)))
    assert validate(path, "ua1") == []
    with pdfplumber.open(path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    start = next(
        i for i, t in enumerate(texts) if "Appendix 1: Early Help" in t and "In this appendix" in t
    )
    report_pages, appendix_pages = start, len(texts) - start
    assert report_pages == 3
    for number, text in enumerate(texts[:start], start=1):
        assert f"Page {number} of {report_pages}" in text
    for number, text in enumerate(texts[start:], start=1):
        assert f"Appendix 1, page {number} of {appendix_pages}" in text
    assert "1 Appendix 1: Early Help & Children's Social Care" in texts[0]


def test_without_report_the_paper_is_the_analysis_alone(tmp_path: Path) -> None:
    paper = _copy(tmp_path)
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("report: report.md", ""), encoding="utf-8"
    )
    pdf, report = render(paper)
    assert report.formal is None
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.Title) == "Early Help & Children's Social Care Performance Analysis"


def test_readme_example_parses_to_the_figures(sample_report: Report) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    part = readme.split("## The report around the analysis", 1)[1]
    example = part.split("```markdown\n", 1)[1].split("```", 1)[0]
    formal = parse_report(example, "report.md", sample_report)
    assert [s.title for s in formal.sections] == ["Summary", "Recommendations"]
    assert formal.field("key_decision") == "No" and formal.field("wards") == "All"
    summary = formal.sections[0].blocks[0]
    assert isinstance(summary, pm.Paragraph)
    assert summary.text == "Of the 33 indicators, 12 are things to do better in January 2022."


def test_html_in_the_report_is_text_not_markup(sample_report: Report) -> None:
    formal = parse_report(
        BODY + "<b>Bold</b> & <script>x</script> stay as typed.\n", "report.md", sample_report
    )
    assert formal.sections[0].blocks[1] == pm.Paragraph(
        pm.spans("<b>Bold</b> & <script>x</script> stay as typed.")
    )
