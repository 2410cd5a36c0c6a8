"""Tagged PDF: a small real paper built through Tagger must pass PDF/UA-1 and PDF/A-2a.

The document is built once per module from the reference scorecard (Croydon, February 2022):
headings, a commentary long enough to split across pages, a bullet list, the KPI table with a
two-row spanned header repeated on each page, and two charts (RGB and RGBA PNG) as Figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import page
import pdfplumber
import pikepdf
import pytest
from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from committee_report.paths import data_dir, fonts_dir
from committee_report.pdf.tagging import DocumentMeta, Tagger, check_structure, srgb_profile
from test_accessibility import Node, marked_chars, read_structure

pytestmark = pytest.mark.pdf  # builds and reads PDFs: `pytest -m "not pdf"` skips it

SCORECARD = data_dir() / "croydon-2022-02" / "scorecard.tsv"
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/liberation2")
META = DocumentMeta(
    title="Early Help & Children's Social Care Performance Analysis",
    author="Croydon Council",
    subject="Children and Young People's Scrutiny Committee, February 2022",
    keywords=("performance", "children's social care"),
    date=dt.date(2022, 2, 22),
)
EH7 = "Percentage of cases closed due to family no longer requiring service"


def _font_files() -> tuple[Path, Path]:
    """The project's bundled Liberation Sans if the layout has added it, else the system one."""
    for folder in (fonts_dir(), SYSTEM_FONTS):
        regular, bold = folder / "LiberationSans-Regular.ttf", folder / "LiberationSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    pytest.skip("Liberation Sans is not installed")


def _register_fonts() -> None:
    regular, bold = _font_files()
    pdfmetrics.registerFont(TTFont("TagSans", str(regular)))
    pdfmetrics.registerFont(TTFont("TagSans-Bold", str(bold)))
    pdfmetrics.registerFontFamily("TagSans", normal="TagSans", bold="TagSans-Bold",
                                  italic="TagSans", boldItalic="TagSans-Bold")


def _rows() -> list[list[str]]:
    with SCORECARD.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def _chart(values: list[float], labels: list[str], alpha: bool) -> io.BytesIO:
    """A line chart PNG: RGBA with a transparent background, or flattened to RGB."""
    from matplotlib.figure import Figure  # here: `pytest -m "not pdf"` need not import it

    fig = Figure(figsize=(5, 2.2), dpi=100)
    ax = fig.add_subplot()
    ax.plot(labels, values, color="#12436D", marker="o")
    ax.set_ylim(0, 40)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    raw = io.BytesIO()
    fig.savefig(raw, format="png", transparent=alpha, metadata={"Software": None})
    raw.seek(0)
    if alpha:
        return raw
    flat = io.BytesIO()
    PILImage.open(raw).convert("RGB").save(flat, format="PNG")
    flat.seek(0)
    return flat


def build_document(path: Path) -> Tagger:
    """The test paper; returns its Tagger so tests can read warnings."""
    _register_fonts()
    tagger = Tagger()
    body = ParagraphStyle("body", fontName="TagSans", fontSize=9, leading=12, spaceAfter=4)
    h1 = ParagraphStyle("h1", parent=body, fontName="TagSans-Bold", fontSize=16, leading=20)
    h2 = ParagraphStyle("h2", parent=body, fontName="TagSans-Bold", fontSize=12, leading=15,
                        spaceBefore=6)
    h2_keep = ParagraphStyle("h2", parent=h2, keepWithNext=1)  # delegated through mark()
    cell = ParagraphStyle("cell", parent=body, fontSize=7, leading=8.5, spaceAfter=0)
    head = ParagraphStyle("head", parent=cell, fontName="TagSans-Bold")

    rows = _rows()
    header, data = rows[0], rows[1:]
    eh7 = data[0]
    months = header[3:15]

    story = [tagger.open("Document")]
    story += [tagger.mark(Paragraph(escape(META.title), h1), "H1")]
    story += [tagger.open("Sect"), tagger.mark(Paragraph("Overview", h2), "H2")]
    story += [tagger.mark(Paragraph(escape(
        f"{eh7[0]}: {EH7.lower()} was {eh7[14]} in {months[-1]} against a target of "
        f"{eh7[16]}; the year to date figure is {eh7[19]}."), body), "P")]
    story += [tagger.open("L", ListNumbering="Disc")]
    for line in data[1:4]:
        story += [tagger.open("LI"),
                  tagger.mark(Paragraph("\u2022", body), "Lbl"),
                  tagger.mark(Paragraph(escape(f"{line[0]} {line[1]}: {line[14]} in "
                                               f"{months[-1]} ({line[17]})"), body), "LBody"),
                  tagger.close()]
    story += [tagger.close(), tagger.close()]

    commentary = " ".join(
        f"{r[0]} {r[1]} was {r[14]} in {months[-1]}, target {r[16]}, rated {r[17]}."
        for r in data if r[1]
    )
    story += [tagger.open("Sect"), tagger.mark(Paragraph("Commentary", h2), "H2")]
    story += [tagger.mark(Paragraph(escape(commentary + " " + commentary), body), "P"),
              tagger.close()]

    story += [tagger.open("Sect"), tagger.mark(Paragraph("Trend", h2_keep), "H2")]
    values = [float(v.rstrip("%")) for v in eh7[3:15]]
    for alpha in (False, True):
        kind = "transparent" if alpha else "opaque"
        picture = Image(_chart(values, months, alpha), width=125 * mm, height=55 * mm)
        story += [KeepTogether([
            tagger.mark(picture, "Figure",
                        alt=f"Line chart ({kind}) of {eh7[0]} from {months[0]} to {months[-1]}: "
                            f"{eh7[3]} to {eh7[14]}, above the {eh7[16]} target all year."),
            tagger.mark(Paragraph(f"Figure: {eh7[0]}, {months[0]} to {months[-1]}", body),
                        "Caption"),
        ])]
    story += [tagger.close()]

    story += [tagger.open("Sect"), tagger.mark(Paragraph("Scorecard", h2), "H2")]
    columns = [0, 1, 2, 13, 14, 16, 17, 19, 20, 21, 22, 23]
    band = ["Indicator", "", "", "Monthly", "", "2021-22", "", "", "Comparative Data", "", "", ""]
    table_rows = [[Paragraph(t, head) for t in band],
                  [Paragraph(escape(header[c]), head) for c in columns]]
    for line in data:
        table_rows.append([Paragraph(escape(line[c]), cell) if line[c] else ""
                           for c in columns])
    widths = [30, 150, 26, 30, 30, 36, 30, 34, 40, 40, 40, 40]
    style = [("FONTNAME", (0, 0), (-1, -1), "TagSans"), ("FONTSIZE", (0, 0), (-1, -1), 7),
             ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
             ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#DDE6F0")),
             ("ROWBACKGROUNDS", (0, 2), (-1, -1), [colors.white, colors.HexColor("#F3F3F3")]),
             ("SPAN", (0, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)), ("SPAN", (5, 0), (7, 0)),
             ("SPAN", (8, 0), (11, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    section = next(i for i, line in enumerate(data) if not line[1]) + 2
    style.append(("SPAN", (0, section), (-1, section)))
    kpis = Table(table_rows, colWidths=widths, repeatRows=2, style=TableStyle(style))
    story += [tagger.table(kpis, header_rows=2, header_columns=1), tagger.close()]
    story += [tagger.close()]

    def furniture(canvas, doc) -> None:
        with tagger.artifact(canvas):
            canvas.setFont("TagSans", 8)
            canvas.drawString(15 * mm, A4[1] - 10 * mm, "Croydon Council | Scrutiny Committee")
            canvas.line(15 * mm, A4[1] - 11 * mm, A4[0] - 15 * mm, A4[1] - 11 * mm)
            canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {doc.page}")

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable) -> None:
            inner = Tagger.unwrap(flowable)
            if isinstance(inner, Paragraph) and inner.style.name in ("h1", "h2"):
                key = f"h{len(self._outline)}"
                self._outline.append(key)
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(inner.getPlainText(), key,
                                          level=int(inner.style.name[1]) - 1)

    out = io.BytesIO()
    doc = Doc(out, pagesize=A4, invariant=1, initialFontName="TagSans",
              leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
              title=META.title, author=META.author)
    doc._outline = []
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=furniture)])
    doc.build(story)
    path.write_bytes(tagger.finish(out.getvalue(), META))
    return tagger


# -- reusable checks --------------------------------------------------------------------------


def validate(path: Path, profile: str) -> list[str]:
    """page-validation's failures for `profile` ("ua1", "2a"), as `RULE: message` lines."""
    report = page.validate_pdf(str(path), profile=profile)
    lines = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant == (not lines)
    return lines


def struct_tree(path: Path) -> dict:
    """The structure tree as nested dicts: role, attrs ("/Scope /Column", sorted), texts (the
    element's own marked text), kids; read with pikepdf and pdfplumber (see test_accessibility)."""
    with pikepdf.open(path) as pdf:
        root = read_structure(pdf)
    chars = marked_chars(path)
    texts = {key: "".join(c["text"] for c in found) for key, found in chars.items()}

    def convert(node: Node) -> dict:
        own = "".join(texts.get(m, "") for m in node.content if isinstance(m, tuple))
        attrs = sorted(f"/{k} {v if v.isdigit() else '/' + v}" for k, v in node.attrs.items())
        return {"role": node.role, "attrs": attrs, "texts": [own] if own else [],
                "kids": [convert(kid) for kid in node.kids]}

    return {"role": "", "attrs": [], "texts": [], "kids": [convert(root)]}


def roles(node: dict) -> list[str]:
    return [kid["role"] for kid in node["kids"]]


def text(node: dict) -> str:
    """All text under `node` in structure order, without whitespace (to compare with
    pdfplumber's page text, which lays out its own spaces)."""
    joined = "".join(node["texts"]) + "".join(text(kid) for kid in node["kids"])
    return "".join(joined.split())


def squash(value: str) -> str:
    return "".join(value.split())


def elements(path: Path) -> list[tuple[str, set[int], dict[str, object]]]:
    """(role, pages its marked content is on, {Alt, attributes}) per element, in tree order."""
    result = []
    with pikepdf.open(path) as doc:
        numbers = {page.obj.objgen: n for n, page in enumerate(doc.pages, start=1)}

        def walk(elem: pikepdf.Dictionary) -> None:
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
            pages = {numbers[elem.Pg.objgen] for k in kids if isinstance(k, int)}
            pages |= {numbers[k.Pg.objgen] for k in kids
                      if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"}
            attrs = elem.get("/A", pikepdf.Dictionary())
            details = {str(k)[1:]: str(v) if not isinstance(v, pikepdf.Array) else len(v)
                       for k, v in attrs.items()} if isinstance(attrs, pikepdf.Dictionary) else {}
            if "/Alt" in elem:
                details["Alt"] = str(elem.Alt)
            result.append((str(elem.S)[1:], pages, details))
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(doc.Root.StructTreeRoot.K)
        return result


def broken_copy(source: Path, target: Path, role: str, change) -> Path:
    """A copy of `source` with `change(element)` applied to the first element of `role`."""
    with pikepdf.open(source) as doc:
        stack = [doc.Root.StructTreeRoot.K]
        while stack:
            elem = stack.pop(0)
            if elem.S == pikepdf.Name("/" + role):
                change(elem)
                break
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack[:0] = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        doc.save(target)
    return target


# -- the paper --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tagger]:
    path = tmp_path_factory.mktemp("tagging") / "paper.pdf"
    tagger = build_document(path)
    return path, tagger


@pytest.fixture(scope="module")
def tree(paper: tuple[Path, Tagger]) -> dict:
    """The paper's structure with its text (pdfplumber takes ~1 s, so once per module)."""
    return struct_tree(paper[0])


def test_paper_passes_pdf_ua_1(paper):
    assert validate(paper[0], "ua1") == []


def test_paper_passes_pdf_a_2a(paper):
    assert validate(paper[0], "2a") == []


def test_paper_passes_our_structure_checks_and_left_nothing_untagged(paper):
    path, tagger = paper
    assert check_structure(str(path)) == []
    assert tagger.warnings == []


def test_document_outline_reads_h1_then_h2_sections(tree):
    document = tree["kids"][0]
    assert document["role"] == "Document"
    assert roles(document) == ["H1", "Sect", "Sect", "Sect", "Sect"]
    assert document["kids"][0]["texts"] == [META.title]
    sections = [kid for kid in document["kids"] if kid["role"] == "Sect"]
    assert [s["kids"][0]["role"] for s in sections] == ["H2"] * 4
    assert [s["kids"][0]["texts"] for s in sections] == [
        ["Overview"], ["Commentary"], ["Trend"], ["Scorecard"]]
    assert roles(sections[0]) == ["H2", "P", "L"]
    assert roles(sections[2]) == ["H2", "Figure", "Caption", "Figure", "Caption"]
    assert roles(sections[3]) == ["H2", "Table"]


def test_list_is_l_of_li_with_lbl_and_lbody(tree):
    items = tree["kids"][0]["kids"][1]["kids"][2]
    assert items["attrs"] == ["/ListNumbering /Disc"]
    assert roles(items) == ["LI", "LI", "LI"]
    assert [roles(item) for item in items["kids"]] == [["Lbl", "LBody"]] * 3
    assert [item["kids"][1]["texts"][0] for item in items["kids"]] == [
        "EH 9 Percentage of Early Help cases that were stepped up to CSC: 13% in Jan-22 (Red)",
        "FD 8 Percentage of re-referrals within 12 months: 22% in Jan-22 (Red)",
        "AMT 2 Percentage of C&F assessments completed within 45 working days: 60% in Jan-22 "
        "(Red)",
    ]


def test_figures_have_alt_text_and_a_bbox(paper):
    figures = [e for role, _, e in elements(paper[0]) if role == "Figure"]
    assert [f["Alt"] for f in figures] == [
        f"Line chart ({kind}) of EH 7 from Feb-21 to Jan-22: 25% to 25%, above the 10% target "
        "all year." for kind in ("opaque", "transparent")]
    assert [(f["O"], f["BBox"], f["Placement"]) for f in figures] == [("/Layout", 4, "/Block")] * 2


def test_split_commentary_is_one_paragraph_on_two_pages(paper):
    paragraphs = [(pages, e) for role, pages, e in elements(paper[0]) if role == "P"]
    assert [sorted(pages) for pages, _ in paragraphs] == [[1], [1, 2]]


def test_wrapped_and_split_commentary_reads_word_for_word(tree):
    """Every line wrap, and the page break, keeps its space: the text read in structure order
    is the paragraph as written, not "...Jan-22,target..." as ReportLab alone would give."""
    rows = _rows()
    months = rows[0][3:15]
    commentary = " ".join(
        f"{r[0]} {r[1]} was {r[14]} in {months[-1]}, target {r[16]}, rated {r[17]}."
        for r in rows[1:] if r[1]
    )
    paragraph = tree["kids"][0]["kids"][2]["kids"][1]
    assert paragraph["role"] == "P"
    assert paragraph["texts"] == [commentary + " " + commentary]


def test_table_is_one_element_across_pages_with_scoped_headers(paper, tree):
    path = paper[0]
    found = elements(path)
    assert [role for role, _, _ in found].count("Table") == 1
    cell_pages = set().union(*(pages for role, pages, _ in found if role in ("TH", "TD")))
    assert cell_pages == {2, 3, 4}
    table = tree["kids"][0]["kids"][4]["kids"][1]
    rows = table["kids"]
    assert roles(table) == ["TR"] * 36
    assert [(kid["role"], kid["attrs"]) for kid in rows[0]["kids"]] == [
        ("TH", ["/ColSpan 3", "/Scope /Column"]), ("TH", ["/ColSpan 2", "/Scope /Column"]),
        ("TH", ["/ColSpan 3", "/Scope /Column"]), ("TH", ["/ColSpan 4", "/Scope /Column"])]
    assert [text(kid) for kid in rows[0]["kids"]] == [
        "Indicator", "Monthly", "2021-22", "ComparativeData"]
    assert {(kid["role"], tuple(kid["attrs"])) for kid in rows[1]["kids"]} == {
        ("TH", ("/Scope /Column",))}
    assert len(rows[1]["kids"]) == 12
    for row in rows[2:]:
        assert row["kids"][0]["role"] == "TH" and "/Scope /Row" in row["kids"][0]["attrs"]
        assert roles(row)[1:] in ([], ["TD"] * 11)
    section = [row for row in rows if len(row["kids"]) == 1]
    assert [(text(r), r["kids"][0]["attrs"]) for r in section] == [
        ("Caseloads", ["/ColSpan 12", "/Scope /Row"])]


def test_table_cells_read_row_by_row_as_the_scorecard(tree):
    table = tree["kids"][0]["kids"][4]["kids"][1]
    columns = [0, 1, 2, 13, 14, 16, 17, 19, 20, 21, 22, 23]
    expected = [[squash(line[c]) for c in columns] for line in _rows()]
    got = [[text(cell) for cell in row["kids"]] for row in table["kids"][1:]]
    assert got[0] == expected[0]
    body = [row for row in got[1:] if len(row) == 12]
    assert body == [row for row in expected[1:] if row[1]]
    assert got[1][:4] == ["EH7", squash(EH7), "SIB", "23%"]


def test_repeated_header_rows_are_artifacts(paper, tree):
    """'Comparative Data' is drawn on each of the three table pages but tagged only once."""
    path = paper[0]
    with pdfplumber.open(path) as pdf:
        words = {n: pdf.pages[n - 1].search("Comparative Data") for n in (2, 3, 4)}
        tags = {n: {(pdf.pages[n - 1].crop((w["x0"], w["top"], w["x1"], w["bottom"])).chars[0]
                     ["tag"]) for w in words[n]} for n in (2, 3, 4)}
    assert {n: len(words[n]) for n in words} == {2: 1, 3: 1, 4: 1}
    assert tags == {2: {"TH"}, 3: {"Artifact"}, 4: {"Artifact"}}
    assert text(tree).count("ComparativeData") == 1


def test_structure_order_reads_as_the_page_reads(paper, tree):
    """Everything above the table, in structure order, is the tagged text of pages 1-2 in
    visual order; page furniture (header, footer) is not in it."""
    path = paper[0]
    document = tree["kids"][0]
    before_table = text({"texts": [], "kids": document["kids"][:4]}) + "Scorecard"
    with pdfplumber.open(path) as pdf:
        shown = ""
        for number in (1, 2):
            pdf_page = pdf.pages[number - 1]
            if number == 2:
                heading = pdf_page.search("Scorecard")[0]
                pdf_page = pdf_page.crop((0, 0, pdf_page.width, heading["bottom"]))
            tagged = pdf_page.filter(lambda o: o.get("object_type") != "char"
                                     or o.get("mcid") is not None)
            shown += squash(tagged.extract_text())
    assert "CroydonCouncil|ScrutinyCommittee" not in shown
    assert shown == before_table


def test_metadata_agrees_and_claims_ua1_and_a2a(paper):
    with pikepdf.open(paper[0]) as doc:
        info, root = doc.docinfo, doc.Root
        assert str(info.Title) == META.title and str(info.Author) == "Croydon Council"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20220222000000Z"
        assert str(root.Lang) == "en-GB" and root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.OutputIntents[0].DestOutputProfile.read_bytes() == srgb_profile()
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            assert xmp["dc:title"] == META.title
            assert xmp["pdfuaid:part"] == "1"
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "A")
            assert xmp["xmp:CreateDate"] == "2022-02-22T00:00:00Z"
            assert xmp["pdf:Keywords"] == "performance, children's social care"
        with doc.open_outline() as outline:
            assert [item.title for item in outline.root] == [META.title]
            assert [item.title for item in outline.root[0].children] == [
                "Overview", "Commentary", "Trend", "Scorecard"]


def test_only_embedded_liberation_fonts_with_unicode_maps(paper):
    fonts = set()
    with pikepdf.open(paper[0]) as doc:
        for pdf_page in doc.pages:
            for font in pdf_page.obj.Resources.Font.values():
                descriptor = font.FontDescriptor
                fonts.add((str(font.BaseFont).split("+")[1], "/FontFile2" in descriptor,
                           "/ToUnicode" in font))
    assert fonts == {("LiberationSans", True, True), ("LiberationSans-Bold", True, True)}


def test_srgb_profile_is_deterministic_and_valid_icc():
    data = srgb_profile()
    assert data == srgb_profile()
    assert data[36:40] == b"acsp" and data[12:20] == b"mntrRGB "
    assert data[24:36] == bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])


def test_two_builds_are_byte_identical(paper, tmp_path):
    """Again in this process, and in a fresh one with another hash seed."""
    again = tmp_path / "again.pdf"
    build_document(again)
    assert again.read_bytes() == paper[0].read_bytes()
    fresh = tmp_path / "fresh.pdf"
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import test_tagging as t; from pathlib import Path; "
            f"t.build_document(Path({str(fresh)!r}))")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONHASHSEED": "7",
                   "PATH": "/usr/bin:/bin"})
    assert fresh.read_bytes() == paper[0].read_bytes()


def test_a_figure_without_alt_fails_the_checks(paper, tmp_path):
    broken = broken_copy(paper[0], tmp_path / "no-alt.pdf", "Figure",
                         lambda e: e.__delitem__("/Alt"))
    assert check_structure(str(broken)) == ["structure: Figure #1 has no Alt text"]
    assert [line.split(":")[0] for line in validate(broken, "ua1")] == [
        "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"]


def test_a_header_cell_without_scope_fails_our_check(paper, tmp_path):
    """page-validation does not flag a TH without /Scope, so check_structure must."""
    broken = broken_copy(paper[0], tmp_path / "no-scope.pdf", "TH",
                         lambda e: e.A.__delitem__("/Scope"))
    assert check_structure(str(broken)) == ["structure: TH #1 has no Scope"]
    assert validate(broken, "ua1") == []


def test_a_skipped_heading_level_fails_the_checks(paper, tmp_path):
    broken = broken_copy(paper[0], tmp_path / "h3.pdf", "H1",
                         lambda e: setattr(e, "S", pikepdf.Name.H3))
    assert check_structure(str(broken)) == ["structure: the first heading is H3, not H1"]
    assert [line.split(":")[0] for line in validate(broken, "ua1")] == [
        "PDFUA1-HEADING-NESTING-001"]


# -- the edges: cell kinds, canvas drawing, links, several passes, untagged content ------------


def build_small(path: Path, passes: int = 1) -> Tagger:
    """A one-page note drawn `passes` times (as multiBuild does) through one Tagger: a cover
    line drawn on the canvas, links, a table whose cells hold a string, a bare sparkline, a
    sparkline as Figure and nothing; and one paragraph the layout forgot to mark."""
    from reportlab.graphics.shapes import Drawing, PolyLine

    _register_fonts()
    tagger = Tagger()
    body = ParagraphStyle("body", fontName="TagSans", fontSize=9, leading=12)
    rows = {line[0]: line for line in _rows()[1:]}

    def spark(code: str) -> Drawing:
        values = [float(v.rstrip("%")) for v in rows[code][3:15]]
        drawing = Drawing(60, 14, initialFontName="TagSans")
        drawing.add(PolyLine([c for i, v in enumerate(values) for c in (i * 5, v / 3)],
                             strokeColor=colors.black, strokeWidth=0.5))
        return drawing

    cells = [["Indicator", "Trend", "Jan-22"],
             ["EH 7", spark("EH 7"), rows["EH 7"][14]],
             ["EH 9", tagger.mark(spark("EH 9"), "Figure", alt="EH 9 from 19% to 13%"), ""]]
    table = Table(cells, style=[("FONTNAME", (0, 0), (-1, -1), "TagSans")])
    story = [
        tagger.mark(Paragraph("Performance note", body), "H1"),
        tagger.mark(Paragraph('See <a href="https://www.croydon.gov.uk/">the council site</a> '
                              'or <a href="#top">the top</a>.', body), "P"),
        tagger.table(table),
        Paragraph("Forgotten", body),
    ]

    def cover(canvas, doc) -> None:
        canvas.bookmarkPage("top")
        with tagger.marked(canvas, "P"):
            canvas.setFont("TagSans", 9)
            canvas.drawString(72, A4[1] - 50, "Agenda item 7")

    for _ in range(passes):
        out = io.BytesIO()
        doc = BaseDocTemplate(out, pagesize=A4, invariant=1, initialFontName="TagSans")
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height - 40)
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=cover)])
        doc.build(list(story))
    path.write_bytes(tagger.finish(out.getvalue(), DocumentMeta("Performance note")))
    return tagger


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tagger]:
    path = tmp_path_factory.mktemp("tagging") / "small.pdf"
    return path, build_small(path, passes=2)


def test_small_note_passes_both_profiles(small):
    assert validate(small[0], "ua1") == []
    assert validate(small[0], "2a") == []
    assert check_structure(str(small[0])) == []


def test_second_pass_replaces_the_first(small):
    """Drawn twice, recorded once; the cover line drawn on the canvas reads first."""
    assert [(role, sorted(pages)) for role, pages, _ in elements(small[0])] == [
        ("Document", []), ("P", [1]), ("H1", [1]), ("P", [1]), ("Link", []), ("Link", []),
        ("Table", []),
        ("TR", []), ("TH", [1]), ("TH", [1]), ("TH", [1]),
        ("TR", []), ("TD", [1]), ("TD", []), ("TD", [1]),
        ("TR", []), ("TD", [1]), ("TD", []), ("Figure", [1]), ("TD", [1]),
    ]


def test_forgotten_paragraph_becomes_an_artifact_and_is_reported(small):
    assert small[1].warnings == ["page 1: untagged text made an Artifact"]
    with pdfplumber.open(small[0]) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["tag"] == "Artifact"]
    assert "".join(c["text"] for c in chars) == "Forgotten"


def test_links_get_contents_print_flag_and_a_struct_parent(small):
    with pikepdf.open(small[0]) as doc:
        annots = [(str(a.Contents), int(a.F), int(a.StructParent)) for a in doc.pages[0].Annots]
    assert annots == [("Link to https://www.croydon.gov.uk/", 4, 1),
                      ("Link to another part of this document", 4, 2)]


def test_layout_mistakes_are_refused_early():
    tagger = Tagger()
    with pytest.raises(ValueError, match="a Figure needs alt text"):
        tagger.mark(Spacer(1, 1), "Figure", alt=" ")
    with pytest.raises(ValueError, match="'Heading' is not a standard PDF structure type"):
        tagger.mark(Spacer(1, 1), "Heading")
    with pytest.raises(ValueError, match="unknown structure attribute"):
        tagger.open("L", Numbering="Disc")
    with pytest.raises(ValueError, match="nothing was drawn"):
        tagger.finish(b"", DocumentMeta("x"))


def test_an_unclosed_element_is_refused_by_finish(tmp_path):
    _register_fonts()
    tagger = Tagger()
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, invariant=1, initialFontName="TagSans")
    doc.addPageTemplates([PageTemplate("page", [Frame(72, 72, 400, 600)])])
    doc.build([tagger.open("Sect"), tagger.mark(Paragraph("Alone"), "P")])
    with pytest.raises(ValueError, match=r"unclosed structure element\(s\): \['Sect'\]"):
        tagger.finish(out.getvalue(), DocumentMeta("x"))


def test_streams_ending_in_cr_are_wrapped_so_their_length_reads_true():
    """Flate data ends in a checksum; where its last byte is CR, PDF/A readers miscount /Length."""
    import zlib

    import pikepdf

    from committee_report.pdf.finish import _encode_streams

    # Adler-32's last byte is 1 + the byte sum, mod 256: some run of ones hits 13 (CR).
    content = next(b"%" + b"1" * n + b"\n" for n in range(1, 600)
                   if zlib.compress(b"%" + b"1" * n + b"\n").endswith(b"\r"))
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, zlib.compress(content))
    stream.Filter = pikepdf.Name.FlateDecode
    plain = pikepdf.Stream(pdf, b"BT ET\n")
    pdf.Root.Extra = pikepdf.Array([stream, plain])
    _encode_streams(pdf.objects)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert list(stream.Filter) == [pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode]
    assert stream.read_bytes() == content
    assert plain.Filter == pikepdf.Name.FlateDecode and plain.read_bytes() == b"BT ET\n"


def test_untagged_content_finds_what_a_layout_forgot(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from committee_report.pdf.tagging import untagged_content

    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.line(10, 10, 100, 10)
    canvas.drawString(10, 20, "forgotten")
    canvas.save()
    assert untagged_content(str(path)) == ["page 1: untagged path", "page 1: untagged text"]


@pytest.mark.parametrize("value", [
    "Chart of EH 7 by month", "with (parens), a lone ) and a back\\slash",
    "Kinder- und Jugendhilfe: ünïcode — “quotes”", "tab\tand\nnewline", "chart 📈", "",
])
def test_structure_text_strings_read_back_as_written(value):
    """Alt text and other element strings are written as PDF text by hand (the tree is
    appended as text): whatever the data holds must read back exactly."""
    from committee_report.pdf.finish import _pdf_number, _pdf_text

    assert str(pikepdf.Object.parse(_pdf_text(value).encode("latin-1"))) == value
    assert [_pdf_number(v) for v in (3, 12.5, 100.0, 0.004, -7.25)] == \
        ["3", "12.5", "100", "0", "-7.25"]


def test_a_list_item_split_over_two_pages_stays_one_li_with_one_label(tmp_path):
    """Tagger.list_item: the body runs on to the next page, the label is drawn once, and both
    parts of the body are one LBody in one LI, read in order."""
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    tagger = Tagger()
    body = ParagraphStyle("body", fontName="TagSans", fontSize=9, leading=12, spaceAfter=4,
                          leftIndent=14)
    filler = ParagraphStyle("filler", parent=body, leftIndent=0)
    words = " ".join(f"word{n}" for n in range(400))
    story = [tagger.open("Document"), tagger.mark(Paragraph("Split list", filler), "H1"),
             tagger.mark(Spacer(1, 600), "P"), tagger.open("L"),
             tagger.list_item(Paragraph("\u2022", filler), Paragraph(words, body)),
             tagger.close(), tagger.close()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName="TagSans").build(story)
    path = tmp_path / "split.pdf"
    path.write_bytes(tagger.finish(out.getvalue(), META))

    with pikepdf.open(path) as pdf:
        tree = read_structure(pdf)
    lists = [node for node in tree.walk() if node.role == "L"]
    assert len(lists) == 1 and [k.role for k in lists[0].kids] == ["LI"]
    item = lists[0].kids[0]
    assert [k.role for k in item.kids] == ["Lbl", "LBody"]
    label, text = item.kids
    assert label.pages() == [1] and text.pages() == [1, 2]
    chars = marked_chars(path)
    read = "".join(c["text"] for m in text.mcids() for c in chars.get(m, []))
    assert read.split() == words.split()
    assert check_structure(str(path)) == []
