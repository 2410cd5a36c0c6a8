"""Issue 4's acceptance: the real sample paper and a generated 1,000-indicator paper are
accessible, read in structure order as they read on the page, and the checks catch breakage.

Everything here reads the files with PyPI tools only: pikepdf walks /StructTreeRoot, pdfplumber
gives the text of each marked-content sequence (by page and MCID), page-validation judges
PDF/UA-1 and PDF/A-2a. Each paper is built twice per session (the second build proves the
bytes repeat); text is extracted only where a test needs it, since pdfplumber reads about five
pages a second.
"""

from __future__ import annotations

import importlib.util
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pytest

from committee_report.build import render
from committee_report.model import Report
from committee_report.paper.report import formal_report
from committee_report.pdf.tagging import check_structure

pytestmark = pytest.mark.pdf  # builds and reads PDFs: `pytest -m "not pdf"` skips it

ROOT = Path(__file__).resolve().parent.parent
CONTENT_ROLES = {"P", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "LBody", "Caption", "TH", "TD"}


# -- reading the structure tree with pikepdf --------------------------------------------------


@dataclass(eq=False)
class Node:
    """One structure element: its content in /K order, MCIDs as (page, mcid) tuples."""

    role: str
    attrs: dict[str, str] = field(default_factory=dict)
    alt: str | None = None
    lang: str | None = None
    content: list[Node | tuple[int, int]] = field(default_factory=list)

    @property
    def kids(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    def walk(self) -> list[Node]:
        """This element and every one below it, in structure (reading) order."""
        found, stack = [], [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.kids))
        return found

    def mcids(self) -> list[tuple[int, int]]:
        """Every marked-content sequence under this element, in structure order."""
        out: list[tuple[int, int]] = []
        for item in self.content:
            out += item.mcids() if isinstance(item, Node) else [item]
        return out

    def pages(self) -> list[int]:
        return sorted({number for number, _ in self.mcids()})

    def text(self, texts: dict[tuple[int, int], str]) -> str:
        return "".join(texts.get(m, "") for m in self.mcids())


def read_structure(pdf: pikepdf.Pdf) -> Node:
    """The Document element and everything below it (OBJR links are left out)."""
    numbers = {p.objgen: n for n, p in enumerate(pdf.pages, start=1)}

    def node(elem: pikepdf.Dictionary) -> Node:
        home = numbers.get(elem.Pg.objgen) if "/Pg" in elem else None
        found = Node(
            str(elem.S)[1:],
            alt=str(elem.Alt) if "/Alt" in elem else None,
            lang=str(elem.Lang) if "/Lang" in elem else None,
        )
        attrs = elem.get("/A")
        for owner in (
            list(attrs) if isinstance(attrs, pikepdf.Array) else [] if attrs is None else [attrs]
        ):
            found.attrs.update(
                {str(k)[1:]: str(v).lstrip("/") for k, v in owner.items() if k != "/O"}
            )
        kids = elem.get("/K")
        for kid in (
            list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        ):
            if isinstance(kid, int):
                found.content.append((home, int(kid)))
            elif kid.get("/Type") == pikepdf.Name.MCR:
                found.content.append((numbers[kid.Pg.objgen], int(kid.MCID)))
            elif "/S" in kid:
                found.content.append(node(kid))
        return found

    return node(pdf.Root.StructTreeRoot.K)


def marked_chars(path: Path, pages: list[int] | None = None) -> dict[tuple[int, int], list]:
    """pdfplumber's characters of each marked-content sequence, in content order."""
    chars: dict[tuple[int, int], list] = {}
    with pdfplumber.open(path, pages=pages) as pdf:
        for pdf_page in pdf.pages:
            for char in pdf_page.chars:
                if char.get("mcid") is not None:
                    chars.setdefault((pdf_page.page_number, char["mcid"]), []).append(char)
    return chars


def validate(path: Path, profile: str) -> list[str]:
    """page-validation's failures for `profile`, as `RULE: message` lines."""
    report = page.validate_pdf(str(path), profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


# -- the two papers ---------------------------------------------------------------------------


@dataclass
class Paper:
    path: Path
    pdf: bytes
    again: bytes
    report: Report
    tree: Node
    page_count: int


def _paper(source: Path | None, path: Path) -> Paper:
    pdf, report = render(source)
    again, _ = render(source)
    path.write_bytes(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return Paper(path, pdf, again, report, read_structure(doc), len(doc.pages))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    return _paper(None, tmp_path_factory.mktemp("a11y") / "sample.pdf")


@pytest.fixture(scope="session")
def sample_chars(sample: Paper) -> dict[tuple[int, int], list]:
    return marked_chars(sample.path)


@pytest.fixture(scope="session")
def sample_text(sample_chars: dict) -> dict[tuple[int, int], str]:
    return {key: "".join(c["text"] for c in found) for key, found in sample_chars.items()}


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    folder = tmp_path_factory.mktemp("a11y-1000")
    spec = importlib.util.spec_from_file_location(
        "scorecards", ROOT / "benchmarks" / "scorecards.py"
    )
    scorecards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorecards)
    paper_yaml = scorecards.write_paper(folder / "paper", 1000)
    return _paper(paper_yaml, folder / "paper.pdf")


PAPERS = ["sample", "big"]


def analysis(paper: Paper) -> list[Node]:
    """The Sects of the analysis: the sample carries a formal report (a front sheet and its
    sections) before it, as Appendix A."""
    sects = [s for s in paper.tree.kids if s.role == "Sect"]
    formal = formal_report(paper.report)
    return sects[1 + len(formal.sections) :] if formal else sects


@pytest.fixture(params=PAPERS)
def paper(request: pytest.FixtureRequest) -> Paper:
    return request.getfixturevalue(request.param)


# -- both papers ------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["ua1", "2a"])
def test_passes_page_validation(paper: Paper, profile: str):
    assert validate(paper.path, profile) == []


def test_passes_our_structure_checks(paper: Paper):
    assert check_structure(str(paper.path)) == []


def test_two_builds_are_byte_identical(paper: Paper):
    assert paper.pdf == paper.again


def test_document_then_h1_first_and_no_skipped_heading_level(paper: Paper):
    assert paper.tree.role == "Document"
    levels = [int(n.role[1]) for n in paper.tree.walk() if re.fullmatch(r"H[1-6]", n.role)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    sections = [n for n in paper.tree.kids if n.role == "Sect"]
    assert [[k.role for k in s.kids if k.role[0] == "H"][0] for s in sections] == ["H1"] + [
        "H2"
    ] * (len(sections) - 1)


def test_structure_order_is_page_order(paper: Paper):
    """Each element starts on the page where the one before it started, or later."""
    firsts = [n.mcids()[0][0] for n in paper.tree.walk() if n.content and not n.kids and n.mcids()]
    assert firsts == sorted(firsts)
    assert firsts[0] == 1 and firsts[-1] == paper.page_count


def test_overview_lists_are_l_li_lbl_lbody(paper: Paper):
    overview = analysis(paper)[1]
    lists = [k for k in overview.kids if k.role == "L"]
    assert [k.role for k in overview.kids] == ["H2", "P", "H3", "L", "H3", "L", "H3", "L"]
    for found in lists:
        assert {k.role for k in found.kids} == {"LI"}
        assert all([k.role for k in item.kids] == ["Lbl", "LBody"] for item in found.kids)


def test_every_table_is_tr_th_td_with_scoped_headers(paper: Paper):
    tables = [n for n in paper.tree.walk() if n.role == "Table"]
    assert tables
    for table in tables:
        groups = {k.role for k in table.kids}
        # Rows straight under the Table, or all in row groups (the KPI tables: THead, TBody).
        assert groups == {"TR"} or groups <= {"THead", "TBody", "TFoot"}
        rows = [r for k in table.kids for r in ([k] if k.role == "TR" else k.kids)]
        assert {r.role for r in rows} == {"TR"}
        cells = [c for row in rows for c in row.kids]
        assert {c.role for c in cells} <= {"TH", "TD"}
        assert all(c.attrs.get("Scope") in ("Column", "Row") for c in cells if c.role == "TH")
        assert any(c.role == "TH" for c in cells)


def test_every_chart_is_a_figure_with_its_alt_text(paper: Paper):
    """Charts (outside tables) carry the pipeline's alt text, in the paper's order; the
    KPI tables' sparklines are Figures too, each with alt text of its own."""
    by_id = {a.id: a for a in paper.report.assessments}
    tables = [n for n in paper.tree.walk() if n.role == "Table"]
    in_tables = {id(n) for t in tables for n in t.walk() if n.role == "Figure"}
    figures = [n for n in paper.tree.walk() if n.role == "Figure"]
    charts = [f for f in figures if id(f) not in in_tables]
    wanted = [by_id[i].chart_alt for i in paper.report.featured if i in by_id]
    assert [f.alt for f in charts] == wanted and all(wanted)
    assert all(f.alt and f.alt.strip() and f.attrs["Placement"] == "Block" for f in figures)


# -- the sample in detail ---------------------------------------------------------------------


def test_sample_reads_cover_overview_tables_charts_appendix(
    sample: Paper, sample_text: dict
) -> None:
    """The H1 and H2s in structure order, each on the page its tag says, in page order: the
    formal report's title, contents and sections, then the analysis as Appendix A; the KPI
    tables and the charts fall between the headings of their sections."""
    headings = [
        (n.text(sample_text), n.pages()[0]) for n in sample.tree.walk() if n.role in ("H1", "H2")
    ]
    assert [text for text, _ in headings] == [
        "Early Help and Children's Social Care Performance",
        "Contents",
        "1. Summary",
        "2. Recommendations",
        "3. Reasons for the recommendations",
        "4. Background",
        "5. Detail",
        "6. Consultation",
        "7. Implications",
        "8. Appendices",
        "9. Background documents",
        "Appendix A: Early Help & Children's Social Care Performance Analysis",
        "Overview of performance across EH & CSC KPIs",
        "Performance indicators",
        "Indicator detail",
        "Changes since the last report",
        "Appendix: how to read this paper",
    ]
    pages = [number for _, number in headings]
    assert pages[:2] == [1, 1] and pages == sorted(pages)
    with pdfplumber.open(sample.path) as pdf:
        for text, number in headings:
            assert "".join(text.split()) in "".join(pdf.pages[number - 1].extract_text().split())
    pages = pages[-6:]  # the analysis: its title, then its sections
    nodes = sample.tree.walk()
    tables = [n.pages() for n in analysis(sample)[2].kids if n.role == "Table"]  # KPI tables
    charts = [n.pages()[0] for n in nodes if n.role == "Figure" and n.alt.startswith("Line chart")]
    assert pages[2] <= tables[0][0] and tables[-1][-1] < pages[3]
    assert len(charts) == len(sample.report.featured) == 16
    assert pages[3] <= min(charts) and max(charts) <= pages[4]


def test_sample_kpi_tables_hold_every_indicator_with_row_headers(
    sample: Paper, sample_text: dict
) -> None:
    section = analysis(sample)[2]
    tables = [k for k in section.kids if k.role == "Table"]
    rows = [row for table in tables for row in table.walk() if row.role == "TR"]
    # At the 7 pt minimum (issue 14) the 33 rows take three table pages, each with its two
    # header rows: 33 + the section row + 3 x 2, and "Caseloads (continued)" on the third.
    assert len(tables) == 3 and len(rows) == 41
    body = [
        row.kids[0].text(sample_text)
        for row in rows
        if row.kids[0].role == "TH" and row.kids[0].attrs["Scope"] == "Row"
    ]
    ids = [a.id for a in sample.report.assessments]
    assert [cell for cell in body if cell in ids] == ids


def test_a_section_row_heads_the_rows_of_its_table_body(sample: Paper, sample_text: dict) -> None:
    """Issue 14: the "Caseloads" section row was not associated with the rows under it. Each
    table page is THead (its two header rows) then a TBody per run of rows, a section row
    first in its own TBody with the rows it heads; where the section runs on to the next
    table page, it is named again there, first in that page's TBody."""
    tables = [k for k in analysis(sample)[2].kids if k.role == "Table"]
    assert all([g.role for g in t.kids][0] == "THead" for t in tables)
    assert all(len(g.kids) == 2 for t in tables for g in t.kids if g.role == "THead")
    bodies = [g for t in tables for g in t.kids if g.role == "TBody"]
    headed = [b for b in bodies if len(b.kids[0].kids) == 1]
    assert len(headed) == 2
    heads = [b.kids[0].kids[0] for b in headed]
    assert [(h.role, h.attrs["Scope"], h.text(sample_text)) for h in heads] == [
        ("TH", "Row", "Caseloads"),
        ("TH", "Row", "Caseloads (continued)"),
    ]
    under = [[row.kids[0].text(sample_text) for row in b.kids[1:]] for b in headed]
    caseloads = [a.id for a in sample.report.assessments if a.indicator.section == "Caseloads"]
    # The section runs on to the next table page: 8 rows under it, 6 under its repeat.
    assert under[0] + under[1] == caseloads and [len(u) for u in under] == [8, 6]


def test_cla_19_chart_alt_text_is_the_pipelines(sample: Paper, judged) -> None:
    figures = [n for n in sample.tree.walk() if n.role == "Figure"]
    alt = judged["CLA 19"].chart_alt
    assert alt and alt.startswith("Line chart of ")
    assert alt in [f.alt for f in figures]


def test_wrapped_lines_end_in_a_real_space(
    sample: Paper, sample_chars: dict, sample_text: dict, judged
) -> None:
    """The do-better bullet for FD 8 wraps after "worse"; read in structure order it keeps
    the space ReportLab wraps at, and so does every wrap in every text element."""
    chars, texts = sample_chars, sample_text
    overview = analysis(sample)[1]
    bodies = [item.kids[1] for found in overview.kids if found.role == "L" for item in found.kids]
    fd8 = next(b for b in bodies if b.text(texts).startswith("Percentage of referrals"))
    assert fd8.text(texts) == judged["FD 8"].narrative
    assert "worse than 3 of 4" in fd8.text(texts)
    lines = [c for m in fd8.mcids() for c in chars[m]]
    assert len({round(c["top"]) for c in lines}) == 2  # really wrapped
    wraps = [
        (a["text"], b["text"])
        for a, b in zip(lines, lines[1:])
        if round(a["top"]) != round(b["top"])
    ]
    assert wraps == [(" ", "t")]

    joined = []
    for node in sample.tree.walk():
        if node.role not in CONTENT_ROLES or node.kids:
            continue
        found = [c for m in node.mcids() for c in chars.get(m, [])]
        joined += [
            node.text(texts)
            for a, b in zip(found, found[1:])
            if a["page_number"] == b["page_number"] and b["top"] - a["top"] > 2 and a["text"] != " "
        ]
    assert joined == []


# -- the 1,000-indicator paper's outline ----------------------------------------------------


def _outline(item: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids, kid = [], item.get("/First")
    while kid is not None:
        kids.append(kid)
        kid = kid.get("/Next")
    return kids


def test_big_outline_is_nested_so_no_bookmark_chain_is_long(big: Paper) -> None:
    """Hundreds of detail bookmarks in one /Next chain made page-validation stop
    (SafetyLimitError at 256 links); they are grouped by 100 under closed entries titled by
    their first and last indicator, every one still there, in order."""
    ids = list(big.report.featured)
    runs = [ids[i : i + 100] for i in range(0, len(ids), 100)]
    assert len(ids) > 256 and len(runs) > 2
    with pikepdf.open(big.path) as doc:
        top = _outline(doc.Root.Outlines)
        detail = next(t for t in top if str(t.Title) == "Indicator detail")
        groups = _outline(detail)
        leaves = [_outline(g) for g in groups]
        assert [[str(leaf.Title).split(": ")[0] for leaf in run] for run in leaves] == runs
        assert [str(g.Title) for g in groups] == [f"{run[0]} to {run[-1]}" for run in runs]
        assert [int(g.Count) for g in groups] == [-len(run) for run in runs]
        assert all(list(g.Dest) == list(run[0].Dest) for g, run in zip(groups, leaves))
        assert all(leaf.Parent.objgen == g.objgen for g, run in zip(groups, leaves) for leaf in run)
        assert int(detail.Count) == len(groups)
        assert int(doc.Root.Outlines.Count) == len(top) + len(groups) + sum(
            len(_outline(t)) for t in top if t is not detail
        )


# -- issue 14: every paper the tool builds, not only the sample ------------------------------


def _layout(folder: Path, sections: str) -> Path:
    path = folder / "layout.yaml"
    path.write_text(f"extends: croydon\nsections: [{sections}]\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    return _paper(
        ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml",
        tmp_path_factory.mktemp("a11y-cy") / "cy.pdf",
    )


def _once(source: Path | None, path: Path, layout: Path) -> Paper:
    """A paper built once (its repeatability is the sample's and big paper's test)."""
    pdf, report = render(source, layout=str(layout))
    path.write_bytes(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return Paper(path, pdf, pdf, report, read_structure(doc), len(doc.pages))


@pytest.fixture(scope="session")
def no_cover(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    folder = tmp_path_factory.mktemp("a11y-nocover")
    layout = _layout(folder, "overview, kpi_tables, details, changes, appendix")
    return _once(None, folder / "nocover.pdf", layout)


@pytest.fixture(scope="session")
def reordered(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    folder = tmp_path_factory.mktemp("a11y-reordered")
    layout = _layout(folder, "overview, cover, appendix, kpi_tables, details, changes")
    return _once(None, folder / "reordered.pdf", layout)


@pytest.fixture(scope="session")
def annual(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    """The annual sample (DfE figures by year): a paper of another period kind."""
    folder = tmp_path_factory.mktemp("a11y-annual")
    return _once(
        ROOT / "data" / "croydon-dfe-annual-2019-2023" / "paper.yaml",
        folder / "annual.pdf",
        ROOT / "layouts" / "croydon.yaml",
    )


EVERY_PAPER = [*PAPERS, "annual", "welsh", "no_cover", "reordered"]
LANGS = {
    "sample": "en-GB",
    "big": "en-GB",
    "annual": "en-GB",
    "welsh": "cy",
    "no_cover": "en-GB",
    "reordered": "en-GB",
}


@pytest.fixture(params=EVERY_PAPER)
def built(request: pytest.FixtureRequest) -> tuple[str, Paper]:
    return request.param, request.getfixturevalue(request.param)


@pytest.mark.parametrize("profile", ["ua1", "2a"])
def test_every_paper_passes_page_validation(built: tuple[str, Paper], profile: str):
    name, paper = built
    if name in PAPERS:
        pytest.skip("test_passes_page_validation covers it")
    assert validate(paper.path, profile) == []


def test_every_paper_has_one_h1_first_a_title_and_its_language(built: tuple[str, Paper]):
    name, paper = built
    headings = [n.role for n in paper.tree.walk() if re.fullmatch(r"H[1-6]", n.role)]
    assert headings[0] == "H1" and headings.count("H1") == 1
    with pikepdf.open(io.BytesIO(paper.pdf)) as doc:
        title = str(doc.docinfo.Title)
        formal = formal_report(paper.report)
        assert title.strip() and title == (formal.title if formal else paper.report.paper.title)
        assert str(doc.Root.Lang) == LANGS[name]
        xmp = doc.Root.Metadata.read_bytes().decode()
        assert f"<dc:language><rdf:Bag><rdf:li>{LANGS[name]}</rdf:li>" in xmp
        assert f'<rdf:li xml:lang="x-default">{title.replace("&", "&amp;")}</rdf:li>' in xmp


def _page_texts(path: Path) -> list[str]:
    """Each page's text (poppler's pdftotext, fast enough for the 1,000-indicator paper),
    whitespace folded."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in out.split("\f")]


def test_every_bookmark_and_contents_link_is_on_its_headings_page(built: tuple[str, Paper]):
    """Issue 14's item 5: bookmarks, contents links and the printed contents page numbers
    landed on the page before a heading that moved to the next page."""
    name, paper = built
    texts = _page_texts(paper.path)
    checked = 0
    with pikepdf.open(paper.path) as doc:
        numbers = {p.objgen: n for n, p in enumerate(doc.pages, start=1)}
        stack = [doc.Root.Outlines.First]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            page = numbers[item.Dest[0].objgen]
            title = " ".join(str(item.Title).split())
            if "/First" not in item or " to " not in title:  # the big outline's groups: ranges
                assert title[:40] in texts[page - 1], (title, page)
                checked += 1
            stack += [item.get("/Next"), item.get("/First")]
        numbered = 0
        links = [
            (n, a)
            for n, p in enumerate(doc.pages, start=1)
            for a in p.obj.get("/Annots", [])
            if a.get("/Subtype") == pikepdf.Name.Link
        ]
        for number, link in links:
            if "/Dest" not in link:
                continue  # a web address
            page = numbers[link.Dest[0].objgen]
            title = " ".join(str(link.Contents).split())
            assert title[:40] in texts[page - 1], (title, page)
            # The printed page number beside a contents entry is the heading's page (a link in
            # running text, "set out in full in Appendix A", has no number beside it).
            printed = re.search(rf"\b(\d+) {re.escape(title[:30])}", texts[number - 1])
            if printed:
                assert int(printed[1]) == page, title
                numbered += 1
    assert checked >= 5
    assert numbered >= 4 or name == "no_cover"  # the contents is on the cover


def test_category_headings_keep_a_separator(sample: Paper, sample_text: dict) -> None:
    overview = analysis(sample)[1]
    bands = [n.text(sample_text) for n in overview.walk() if n.role == "H3"]
    assert bands == [
        "Going well, 6 items",
        "Ones to watch, 4 items",
        "Things to do better, 12 items",
    ]


def test_contents_links_are_named_by_their_text(sample: Paper, sample_text: dict) -> None:
    """Every link is named by the words it is drawn on: the formal report's contents, the
    "Appendix A" in its running text, and the analysis's own contents."""
    links = [n for n in sample.tree.walk() if n.role == "Link"]
    named = [link.text(sample_text) for link in links]
    sections = [
        f"{n}. {t}"
        for n, t in enumerate(
            (
                "Summary",
                "Recommendations",
                "Reasons for the recommendations",
                "Background",
                "Detail",
                "Consultation",
                "Implications",
                "Appendices",
                "Background documents",
            ),
            start=1,
        )
    ]
    appendix = "Appendix A: Early Help & Children's Social Care Performance Analysis"
    assert named[:10] == [*sections, appendix]
    assert named[-5:] == [
        sample.report.paper.subtitle,
        "Performance indicators",
        "Indicator detail",
        "Changes since the last report",
        "Appendix: how to read this paper",
    ]
    with pikepdf.open(io.BytesIO(sample.pdf)) as doc:
        contents = [str(a.Contents) for p in doc.pages for a in p.obj.get("/Annots", [])]
    assert contents[:10] == named[:10] and contents[-5:] == named[-5:]
    # Links in running text ("set out in full in Appendix A") are named by where they go.
    assert contents[10:-5] == [appendix] * 3 + ["Link to https://www.croydon.gov.uk"]


def test_welsh_paper_speaks_welsh_and_marks_what_is_english(welsh: Paper) -> None:
    """A Welsh paper's fixed words are Welsh; what is English on it is marked English (/Lang
    en-GB, PDF/UA-1 7.2) so a screen reader voices it as English: the English title and the
    layout's English branding on the cover, and everything the narrative writes (the overview's
    bullets, each chart's and sparkline's alt text and caption, why an indicator is here and
    its evidence, the changes table, the appendix's explanations). Welsh words are not."""
    texts = _page_texts(welsh.path)
    for word in ("Yn y papur hwn", "Trosolwg o berfformiad", "Yn mynd yn dda", "Tudalen 1 o"):
        assert word in " ".join(texts), word
    assert "Going well" not in " ".join(texts) and "In this paper" not in texts[0]
    assert "Early Help and Children's Social Care Performance Analysis" in texts[0]
    marked = {
        key: "".join(c["text"] for c in found) for key, found in marked_chars(welsh.path).items()
    }
    nodes = welsh.tree.walk()
    english = [n for n in nodes if n.lang]
    assert {n.lang for n in english} == {"en-GB"}
    # The cover: the English title under the Welsh one, then "be the change" and its line.
    cover = [n for n in english if n.pages() == [1]]
    assert [n.role for n in cover] == ["P", "P", "P"]
    assert cover[0].text(marked) == "Early Help and Children's Social Care Performance Analysis"
    report = welsh.report
    # Every overview bullet, and no contents entry.
    items = [n for n in nodes if n.role == "LI"]
    bullets = [n.text(marked) for n in items if n.lang]
    for bullet in report.bullets:
        assert any(bullet.text in " ".join(b.split()) for b in bullets), bullet.text
    assert all(n.lang is None for n in items if n.pages() == [1])  # the contents
    # Every figure's alt text is English: a sparkline per indicator, a chart per featured one.
    figures = [n for n in nodes if n.role == "Figure"]
    assert len(figures) == len(report.assessments) + len(report.featured)
    assert all(n.lang == "en-GB" for n in figures)
    # The appendix's parts are English; the overview's group headings are Welsh.
    headings = {n.text(marked): n.lang for n in nodes if n.role == "H3"}
    assert headings["How indicators were classified"] == "en-GB"
    assert headings["RAG ratings"] == "en-GB"
    assert any(t.startswith("Yn mynd yn dda") and lang is None for t, lang in headings.items())
    assert all(n.lang is None for n in nodes if n.role in ("H1", "H2"))
    tables = [n for n in nodes if n.role == "Table"]
    assert sum(n.lang == "en-GB" for n in tables) == 4  # changes, rules, polarity, RAG
    assert tables[0].lang is None  # the KPI table: the council's words and Welsh labels


def test_an_english_paper_marks_no_language_of_its_own(sample: Paper) -> None:
    """On an English paper nothing is marked as another language: the narrative is the
    paper's language, and so is the layout's branding."""
    assert [n.role for n in sample.tree.walk() if n.lang] == []
