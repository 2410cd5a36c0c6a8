"""Each fenced fast path in pdf/ against ReportLab's own public path: the same content-stream
bytes, or the same text at the same places. Text is the sample's own (titles, reasons)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from committee_report.inputs.cmap import cmap_codes
from committee_report.inputs.theme import load_theme
from committee_report.model import Report
from committee_report.paths import fonts_dir
from committee_report.pdf.fonts import SplitMemoFont
from committee_report.pdf.platypus import (
    KeepWithNext,
    LateDocTemplate,
    binary_streams,
    stacked_height,
)
from committee_report.pdf.tagging import Tagger
from committee_report.pdf.text import (
    MeasuredParagraph,
    _bold_and_entities,
    cell_text,
    one_line,
    public_cell_text,
)
from committee_report.render.styles import Styles, styles

pytestmark = pytest.mark.pdf
INK = colors.HexColor("#12436D")
WORD_BREAK = re.compile(r" 1 Tz (?:/\S+ [\d.]+ Tf )?\((?:[^()\\]|\\.)*\) Tj [\d.]+ Tz")
"""The space pdf/wordbreak.py adds at the end of a wrapped line, at 1% horizontal scaling."""


@pytest.fixture(scope="module")
def st() -> Styles:
    return styles(load_theme("default"))


@pytest.fixture(scope="module")
def titles(sample_report: Report) -> list[str]:
    return [a.title for a in sample_report.assessments]


def content(canvas: Canvas) -> str:
    """What the canvas has written on its current page so far."""
    return "\n".join(canvas._code)


def canvas() -> Canvas:
    return Canvas(io.BytesIO(), invariant=1)


def chars(pdf: bytes) -> list[tuple[str, float, float, str, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [
            (c["text"], round(c["x0"], 3), round(c["top"], 3), c["fontname"], round(c["size"], 3))
            for c in doc.pages[0].chars
        ]


# -- cell_text: text operators written straight into the page ---------------------------------


@pytest.mark.parametrize("align", ["LEFT", "RIGHT", "CENTER"])
def test_cell_text_writes_what_reportlabs_text_object_writes(
    st: Styles, titles: list[str], align: str
) -> None:
    """The same bytes, but for the text leading (TL), which a one-line text object never
    uses and the fast path leaves out; each text set twice, the second time from the runs
    remembered for the document."""
    texts = (titles[:20] + ["85%", "▪ Red", "↓ Better", "1,219", "n/a"]) * 2
    fast, public = canvas(), canvas()
    for n, text in enumerate(texts):
        cell_text(fast, text, 40, 700 - n * 9, 90, align, st.fonts.regular, 7.5, INK, 2.2)
        public_cell_text(public, text, 40, 700 - n * 9, 90, align, st.fonts.regular, 7.5, INK, 2.2)
    assert content(fast) == re.sub(r" [\d.]+ TL", "", content(public))
    assert content(fast).count(" Tj") >= len(texts)


def test_cell_text_in_a_base14_font_takes_reportlabs_path() -> None:
    fast, public = canvas(), canvas()
    cell_text(fast, "Caseloads", 10, 10, 80, "LEFT", "Helvetica", 8, INK, 2.2)
    public_cell_text(public, "Caseloads", 10, 10, 80, "LEFT", "Helvetica", 8, INK, 2.2)
    assert content(fast) == content(public)


# -- one_line: a paragraph's single line drawn without the paragraph ---------------------------


def test_one_line_sets_a_title_where_the_paragraph_sets_it(st: Styles, titles: list[str]) -> None:
    """As KpiPage sets a title: the paragraph at the cell's middle, or its one line at the
    same baseline. Every character lands at the same place, in the same font and size."""
    width, height, pad = 260.0, 20.0, 2.2
    drawn = set_by_fast = 0  # both paths taken: titles on one line and titles that wrap
    pages = {}
    for fast in (False, True):
        c = canvas()
        for n, title in enumerate(titles):
            x, bottom = 30.0, 780 - (n % 40) * 19
            para = Paragraph(st.esc(title), st.cell)
            line = one_line(para, width - 2 * pad, height) if fast else None
            if line is None:
                h = para.wrap(width - 2 * pad, height)[1]
                para.drawOn(c, x + pad, bottom + (height - h) / 2)
                drawn += fast
            else:
                text, size, h, font, ink = line
                top = bottom + (height - h) / 2 + h
                cell_text(c, text, x, top - size, width, "LEFT", font, size, ink, pad)
                set_by_fast += 1
            if n % 40 == 39:
                c.showPage()
        pages[fast] = c.getpdfdata()
    assert set_by_fast >= 10 and drawn >= 10
    slow, quick = chars(pages[False]), chars(pages[True])
    assert quick == slow


def test_one_line_leaves_wrapped_and_marked_up_paragraphs_alone(
    st: Styles, titles: list[str]
) -> None:
    long = max(titles, key=len)
    assert one_line(Paragraph(st.esc(long), st.cell), 80, 100) is None
    assert one_line(Paragraph("RAG", st.cell), 80, 100) is not None


# -- MeasuredParagraph: the same lines without the markup parser -------------------------------


def test_measured_paragraph_breaks_and_draws_as_paragraph_does(
    sample_report: Report, st: Styles
) -> None:
    texts = [r for a in sample_report.assessments for r in a.reasons][:60]
    texts += ["Plain & <b>marked</b> text", "  spaced   out  "]
    for text in texts:
        plain, measured = Paragraph(text, st.detail), MeasuredParagraph(text, st.detail)
        assert plain.wrap(240, 1000) == measured.wrap(240, 1000)
        assert measured.wrap(240, 1000) == plain.wrap(240, 1000)  # remembered breaks
        assert (
            [(w, t) for w, t in plain.blPara.lines] == [(w, t) for w, t in measured.blPara.lines]
            if plain.blPara.kind == 0
            else True
        )
        a, b = canvas(), canvas()
        plain.drawOn(a, 20, 400)
        measured.drawOn(b, 20, 400)
        assert content(a) == content(b), text


def test_measured_paragraph_splits_bold_labels_as_the_parser_does(
    sample_report: Report, st: Styles
) -> None:
    """Every marked-up text of the sample's indicator pages (facts lines, why, evidence,
    definitions, commentary): the same fragments, line breaks and drawing as a Paragraph."""
    from committee_report.paper.compose import Labels, compose
    from committee_report.render.styles import markup

    paper = compose(sample_report, Labels.from_theme(load_theme("croydon")))
    details = [d for s in paper.sections for d in getattr(s, "details", ())] or [
        b for s in paper.sections for b in getattr(s, "blocks", ()) if hasattr(b, "facts")
    ]
    texts = []
    for detail in details:
        parts = [detail.facts, detail.why, detail.definition, *detail.commentary]
        parts += list(detail.evidence.items) if detail.evidence is not None else []
        texts += [markup(p.content, st) for p in parts if p is not None]
    marked = [t for t in texts if "<b>" in t and "&nbsp;" in t]
    assert len(marked) == len(details) >= 16  # every facts line, which the fast path takes
    assert all(_bold_and_entities(t, st.facts) for t in marked)
    for text in texts + ["<b>a</b><b>b</b>", "  <b> lead </b>  trail  ", "a &lt;b&gt; &amp; c"]:
        for style in (st.facts, st.detail, st.h3):
            plain, measured = Paragraph(text, style), MeasuredParagraph(text, style)
            assert [vars(f) for f in plain.frags] == [vars(f) for f in measured.frags], text
            assert plain.text == measured.text
            assert plain.wrap(240, 1000) == measured.wrap(240, 1000)
            a, b = canvas(), canvas()
            plain.drawOn(a, 20, 400)
            measured.drawOn(b, 20, 400)
            assert content(a) == content(b), text


# -- SplitMemoFont: remembered subset splits ---------------------------------------------------


def test_remembered_font_splits_write_the_same_bytes(titles: list[str]) -> None:
    path = load_theme("default").fonts.regular
    pdfmetrics.registerFont(TTFont("FastpathPlain", path))
    pdfmetrics.registerFont(SplitMemoFont("FastpathMemo", path))
    out = {}
    for name in ("FastpathPlain", "FastpathMemo"):
        c = canvas()
        for _ in range(2):  # the second round comes from the memo
            for n, title in enumerate(titles + ["Zoë, Ελληνικά, Кириллица ↑ ↓ → ▪ ●"]):
                c.setFont(name, 8)
                c.drawString(20, 800 - (n % 90) * 9, title)
        out[name] = content(c)
    assert out["FastpathMemo"] == out["FastpathPlain"]


# -- binary_streams: the global ASCII85 switch ------------------------------------------------


def test_binary_streams_decode_to_the_same_content_and_restore_the_switch(
    titles: list[str],
) -> None:
    def build() -> bytes:
        c = Canvas(io.BytesIO(), invariant=1, pageCompression=1)
        for n, title in enumerate(titles):
            c.drawString(20, 800 - n * 9, title.encode("ascii", "replace").decode())
        c.showPage()
        return c.getpdfdata()

    before = rl_config.useA85
    plain = build()
    with binary_streams():
        assert rl_config.useA85 == 0
        binary = build()
    assert rl_config.useA85 == before
    assert b"ASCII85Decode" in plain and b"ASCII85Decode" not in binary
    with pikepdf.open(io.BytesIO(plain)) as a, pikepdf.open(io.BytesIO(binary)) as b:
        assert a.pages[0].Contents.read_bytes() == b.pages[0].Contents.read_bytes()


# -- platypus: KeepWithNext, stacked heights, late texts ---------------------------------------


def _doc_content(story_of, keep_class: type) -> list[bytes]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, invariant=1, keepTogetherClass=keep_class)
    doc.addPageTemplates([PageTemplate("p", [Frame(50, 50, 300, 400)])])
    doc.build(story_of())
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


def test_keep_with_next_breaks_pages_as_keep_together_does(
    sample_report: Report, st: Styles
) -> None:
    def story() -> list:
        out = []
        for a in sample_report.assessments:
            out.append(Paragraph(st.esc(f"{a.id}: {a.title}"), st.h3))  # keepWithNext
            out += [Paragraph(st.esc(r), st.detail) for r in a.reasons]
        return out

    ours, reportlabs = _doc_content(story, KeepWithNext), _doc_content(story, KeepTogether)
    assert len(ours) > 5
    assert ours == reportlabs


def test_stacked_height_is_the_height_a_frame_gives(sample_report: Report, st: Styles) -> None:
    """KeepItem decides with `stacked_height` whether an item fits where the frame is; it
    must be what the frame then uses (spaces merged, zero-height flowables' spaces kept)."""
    c = canvas()
    for a in sample_report.assessments[:25]:
        frame = Frame(0, 0, 400, 5000, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        first = Paragraph("Above", st.body)
        frame.add(first, c)
        flowables = [
            Paragraph(st.esc(a.title), st.h3),
            Paragraph(st.esc(a.narrative or "-"), st.facts),
        ]
        flowables += [Paragraph(st.esc(r), st.bullet_small) for r in a.reasons]
        y = frame._y
        predicted = stacked_height(flowables, 400, c, first.getSpaceAfter())
        for flowable in flowables:
            assert frame.add(flowable, c)
        used = y - frame._y - flowables[-1].getSpaceAfter()
        assert predicted == pytest.approx(used, abs=1e-6), a.id


def test_late_texts_are_filled_in_before_the_save(st: Styles) -> None:
    buffer = io.BytesIO()

    class Doc(LateDocTemplate):
        def after(self, canvas: Canvas, doc: object) -> None:
            self.draw_late(canvas, "pages", 500, 20, st.fonts.regular, 8, INK, "left")

    doc = Doc(buffer, invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(50, 50, 300, 400)], onPage=doc.after)])
    doc.build([Paragraph("Word " * 400, st.body)] * 3)
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        count = len(pdf.pages)
        assert count > 2
        assert all(p.extract_text().rstrip().endswith(str(count)) for p in pdf.pages)


# -- tagging: the patched text object and the tagged table -------------------------------------


def test_word_breaks_only_add_a_hairline_space_to_each_wrapped_line(
    sample_report: Report, st: Styles
) -> None:
    texts = [a.chart_alt for a in sample_report.assessments if a.chart_alt][:30]
    for text in texts:
        plain, tagged = canvas(), canvas()
        Tagger()._sync(tagged)  # installs the word-break text object on this canvas only
        for c in (plain, tagged):
            para = Paragraph(st.esc(text), st.detail)
            para.wrap(220, 1000)
            para.drawOn(c, 20, 300)
        ours, theirs = content(tagged), content(plain)
        lines = theirs.count(" T*") - 1
        assert len(WORD_BREAK.findall(ours)) == lines > 0
        assert WORD_BREAK.sub("", ours) == theirs


def test_a_tagged_table_splits_and_draws_as_the_table_does(
    sample_report: Report, st: Styles
) -> None:
    rows = [["Indicator", "Reason"]]
    rows += [[a.id, a.reasons[0] if a.reasons else ""] for a in sample_report.assessments]

    def build(tag: bool) -> list[bytes]:
        buffer = io.BytesIO()
        tagger = Tagger(repair=False)
        data = [[Paragraph(st.esc(cell), st.small) for cell in row] for row in rows]
        table = Table(
            data,
            colWidths=[60, 220],
            repeatRows=1,
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), st.fonts.regular, 8),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, INK),
                ]
            ),
        )
        doc = BaseDocTemplate(buffer, invariant=1)
        doc.addPageTemplates([PageTemplate("p", [Frame(50, 50, 300, 300)])])
        story = [tagger.open("Document"), tagger.table(table), tagger.close()] if tag else [table]
        doc.build(story)
        with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
            return [page.Contents.read_bytes().decode("latin-1") for page in pdf.pages]

    marks = re.compile(r"/\w+ (?:<<[^>]*>> )?BDC\n|/Artifact BMC\n|EMC\n")
    tagged, plain = build(True), build(False)
    assert len(plain) > 2
    assert [WORD_BREAK.sub("", marks.sub("", page)) for page in tagged] == plain
    assert all("/TD <</MCID" in page for page in tagged)


# -- draw_png: a chart's PNG embedded as it is -------------------------------------------------


def test_png_embedded_as_is_shows_what_drawimage_shows(sample_report: Report) -> None:
    """The same pixels at the same place on the page as ReportLab's drawImage."""
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader
    from specs import chart_spec

    from committee_report.charts.draw import render_chart
    from committee_report.pdf.image import draw_png

    a = next(x for x in sample_report.assessments if x.id == "AMT 2")
    png = render_chart(chart_spec(sample_report, a, load_theme("default"))).png
    rgb = io.BytesIO()
    PILImage.open(io.BytesIO(png)).convert("RGB").save(rgb, "PNG")

    def page(draw: object) -> tuple[str, bytes]:
        c = Canvas(io.BytesIO(), invariant=1)
        draw(c)
        c.showPage()
        with pikepdf.open(io.BytesIO(c.getpdfdata())) as pdf:
            stream = pdf.pages[0].Contents.read_bytes().decode("latin-1")
            (image,) = pdf.pages[0].get_images().values()
            pixels = pikepdf.PdfImage(image).as_pil_image().convert("RGB").tobytes()
        return re.sub(r"/\S+ Do", "/Im Do", stream), pixels

    for data in (png, rgb.getvalue()):  # palette and RGB
        ours = page(lambda c: draw_png(c, data, 30, 400, 480, 120))
        theirs = page(lambda c: c.drawImage(ImageReader(io.BytesIO(data)), 30, 400, 480, 120))
        assert ours[1] == theirs[1]
        assert ours[0].split() == theirs[0].split()


def _font_files() -> list[Path]:
    """Every bundled font, and every TrueType font matplotlib ships (its LastResort font has a
    format 13 cmap, which the reader leaves to fontTools)."""
    import matplotlib

    shipped = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return sorted(fonts_dir().glob("*.ttf")) + sorted(shipped.glob("*.ttf"))


def test_cmap_reader_gives_fonttools_best_cmap_codes() -> None:
    from fontTools.ttLib import TTFont as FontToolsFont

    read = 0
    for path in _font_files():
        codes = cmap_codes(path.read_bytes())
        with FontToolsFont(str(path), lazy=True) as font:
            expected = frozenset(font.getBestCmap() or {})
        assert codes is None or codes == expected, path.name
        read += codes is not None
    assert read >= len(list(fonts_dir().glob("*.ttf"))) + 10  # the fast path, not the fallback


def test_cmap_reader_leaves_what_is_not_a_font_to_fonttools() -> None:
    lato = (fonts_dir() / "Lato-Regular.ttf").read_bytes()
    assert 0x41 in (cmap_codes(lato) or ())
    assert cmap_codes(lato[:2000]) is None  # truncated: its tables lie past the end
    assert cmap_codes(b"key: value\n" * 100) is None
    assert cmap_codes(b"OTTO" + lato[4:]) is None  # CFF outlines: not ours to read


def test_remembered_widths_are_ttfonts_widths(titles: list[str]) -> None:
    """Every word and title of the sample, at body, table and odd sizes, asked twice (the
    second answer from the memo): the width TTFont measures."""
    path = str(fonts_dir() / "Lato-Regular.ttf")
    ours, theirs = SplitMemoFont("memo-widths", path), TTFont("plain-widths", path)
    texts = [*titles, *{word for title in titles for word in title.split()}, " ", ""]
    for size in (7, 8.5, 10, 10.0, 13.333):
        for text in texts * 2:
            assert ours.stringWidth(text, size) == theirs.stringWidth(text, size), (text, size)
    assert len(ours._widths) > len(titles)  # answered from the memo
    encoded = titles[0].encode("utf8")  # bytes are measured, not remembered
    assert ours.stringWidth(encoded, 10) == theirs.stringWidth(encoded, 10)


def test_reportlabs_web_address_pattern_compiles_on_first_use() -> None:
    """pdf/rlimport.py: in a process that imports the package first (as the command line
    does), ReportLab's web address pattern is lazy, and matches as the compiled one does."""
    import subprocess
    import sys

    check = (
        "import re, committee_report.pdf\n"
        "import reportlab.platypus.paragraph as p\n"
        "from committee_report.pdf.rlimport import LazyPattern\n"
        "assert isinstance(p.uri_pat, LazyPattern), type(p.uri_pat)\n"
        "assert isinstance(p._hy_letters_pat, re.Pattern)  # the others compiled as usual\n"
        "real = re.compile(*p.uri_pat._source)\n"
        f"for text in {WEB_ADDRESSES!r}:\n"
        "    ours, theirs = p.uri_pat.match(text), real.match(text)\n"
        "    assert (ours and ours.groups()) == (theirs and theirs.groups()), text\n"
        "assert p._uri_split_pairs('https://www.croydon.gov.uk/council')[0][0] == "
        "'https://www.croydon.gov.uk/'\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


WEB_ADDRESSES = [
    "https://www.croydon.gov.uk/council-and-elections",
    "http://192.168.0.1:8080/x",
    "ftp://example.org",
    "www.gov.uk/performance",
    "not an address",
    "C:\\data\\kpi",
]


# -- Replay: a drawing written again from memory ----------------------------------------------


def test_a_replayed_drawing_writes_what_drawing_it_again_writes(
    sample_report: Report, st: Styles
) -> None:
    """The KPI header cells and the wrapped chart descriptions of the sample, each drawn at
    three places on a tagged canvas (wrapped lines end in the word-break space): the same
    bytes as drawing each with `drawOn` every time, on two pages."""
    from committee_report.pdf.replay import Replay

    texts = ["Indicator Number", "Feb-<br/>21", "Direction of travel", "YTD/ LATEST"]
    texts += [st.esc(a.chart_alt) for a in sample_report.assessments if a.chart_alt][:12]
    paras = [Paragraph(text, st.header_cell) for text in texts]
    widths = [30.0, 12.0, 40.0, 18.0] + [180.0] * (len(paras) - 4)
    drawn = []
    for replayed in (False, True):
        c = canvas()
        Tagger()._sync(c)
        replay = Replay()
        for _page in range(2):
            for n, (para, width) in enumerate(zip(paras, widths)):
                para.wrap(width, 1000)
                for x, y in ((20, 700 - 40 * n), (300, 690 - 40 * n), (20.5, 100)):
                    if replayed:
                        replay.draw_on(para, c, x, y)
                    else:
                        para.drawOn(c, x, y)
            drawn.append(content(c))
            c.showPage()
    assert drawn[0] == drawn[2] and drawn[1] == drawn[3]
    assert len(WORD_BREAK.findall(drawn[2])) > 10  # wrapped lines among them
