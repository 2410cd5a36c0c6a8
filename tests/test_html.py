"""The HTML paper (render/html.py): its structure read back with the standard library, and
(where Chromium and chromedriver are installed: CI installs them) axe-core's WCAG 2.2 A/AA
rules in real headless Chromium on the sample and the 1,000-indicator paper, nothing wider
than a 320 px screen, and the paper's words in the visible text of both HTML and PDF.

One browser session serves the whole module; screenshots at 320 and 1280 px are kept in
the test's temporary folder (printed with -s) for a person to look at.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from committee_report.inputs.theme import load_theme
from committee_report.paper import model as pm
from committee_report.paper.compose import Labels, compose
from committee_report.render.html import render_html

pytestmark = pytest.mark.pdf  # builds papers (PDF, Word or charts): slow

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Chromium and chromedriver (Debian chromium, chromium-driver; .ci/run "
    "installs them)",
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def paper(sample_report) -> pm.Paper:
    return compose(sample_report, Labels.from_theme(load_theme("croydon")))


@pytest.fixture(scope="module")
def html(paper: pm.Paper) -> bytes:
    return render_html(paper, load_theme("croydon"))


@pytest.fixture(scope="module")
def sample_file(html: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "sample.html"
    path.write_bytes(html)
    return path


def words_of(paper: pm.Paper) -> list[str]:
    """Every text the Paper shows, block by block (headings, paragraphs, list items, table
    and KPI cells, figure titles and captions)."""
    out: list[str] = []

    def visit(value: object) -> None:
        if isinstance(value, (pm.Heading, pm.Paragraph)):
            out.append(value.text)
        elif isinstance(value, pm.ListItem):
            out.append(pm.plain(value.content))
        elif isinstance(value, pm.CategoryHeading):
            out.extend([value.label, value.count])
        elif isinstance(value, pm.KpiTable):
            out.extend(c.header for c in value.columns)
            for row in value.rows:
                if isinstance(row, pm.SectionRow):
                    out.append(row.title)
                else:
                    out.extend(c.text for c in row.cells if c.text)
        elif isinstance(value, pm.Table):
            out.extend(value.header)
            out.extend(pm.plain(cell) for row in value.rows for cell in row)
        elif isinstance(value, pm.Figure):
            out.extend([value.title, value.caption, value.source])
        elif isinstance(value, pm.IndicatorDetail):
            for part in (
                value.heading,
                value.facts,
                value.figure,
                value.why,
                value.evidence,
                value.definition,
                *value.commentary,
            ):
                visit(part)
        elif isinstance(value, pm.BulletList):
            for item in value.items:
                visit(item)
        elif isinstance(value, pm.Section):
            if value.heading:
                visit(value.heading)
            for block in value.blocks:
                visit(block)

    for section in paper.sections:
        visit(section)
    return [t for t in out if t.strip()]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


class Outline(HTMLParser):
    """What a structure check needs: headings in order, tables with their captions and
    header cells, SVG images with their titles, landmarks, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.svg_titles: list[str] = []
        self.captions = 0
        self._capture: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag) or tag == "title" and "svg" in self.stack:
            self._capture = []
        if tag == "caption":
            self.captions += 1
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass
        if self._capture is not None and (re.fullmatch(r"h[1-6]", tag) or tag == "title"):
            text = squash("".join(self._capture))
            if tag == "title":
                self.svg_titles.append(text)
            else:
                self.headings.append((int(tag[1]), text))
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._capture.append(data)


@pytest.fixture(scope="module")
def outline(html: bytes) -> Outline:
    parser = Outline()
    parser.feed(html.decode("utf-8"))
    return parser


def test_same_paper_gives_the_same_bytes(paper: pm.Paper, html: bytes) -> None:
    assert render_html(paper, load_theme("croydon")) == html


def test_document_has_lang_title_skip_link_and_landmarks(
    html: bytes, outline: Outline, paper: pm.Paper
) -> None:
    text = html.decode("utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert ("<title>Early Help and Children&#x27;s Social Care Performance</title>") in text
    tags = [t for t, _ in outline.tags]
    first_in_body = outline.tags[tags.index("body") + 1]
    assert first_in_body == ("a", {"class": "skip-link", "href": "#main-content"})
    assert tags.count("main") == 1 and "header" in tags and "footer" in tags
    assert "script" not in tags  # nothing needs JavaScript
    assert '<main id="main-content"' in text


def test_headings_are_the_papers_at_the_pdfs_levels(outline: Outline, paper: pm.Paper) -> None:
    expected: list[tuple[int, str]] = []
    for section in paper.sections:
        if section.heading:
            expected.append((section.heading.level, section.heading.text))
        for block in section.blocks:
            if isinstance(block, pm.Heading):
                expected.append((block.level, block.text))
            elif isinstance(block, pm.CategoryHeading):
                expected.append((3, None))  # symbol, label and count
            elif isinstance(block, pm.IndicatorDetail):
                expected.append((block.heading.level, block.heading.text))
    assert [level for level, _ in outline.headings] == [level for level, _ in expected]
    for (_, got), (_, want) in zip(outline.headings, expected):
        if want is not None:
            assert got == want
    title = "Early Help and Children's Social Care Performance"
    assert outline.headings[0] == (1, title)
    assert sum(1 for level, _ in outline.headings if level == 1) == 1
    # The three overview panels, with the sample's own counts (as the golden Paper has them).
    bands = [t for level, t in outline.headings if t.endswith(("items", "item"))]
    assert bands == [
        "● Going well 6 items",
        "◊ Ones to watch 4 items",
        "▪ Things to do better 12 items",
    ]


def test_kpi_table_is_a_real_table_with_two_header_levels(html: bytes, paper: pm.Paper) -> None:
    text = html.decode("utf-8")
    kpi = next(b for s in paper.sections for b in s.blocks if isinstance(b, pm.KpiTable))
    table = text[
        text.index('<table class="kpi">') : text.index(
            "</table>", text.index('<table class="kpi">')
        )
    ]
    assert '<caption id="kpi-caption" class="visually-hidden">Performance indicators' in table
    assert '<th scope="colgroup" colspan="2" class="group">2020/21</th>' in table
    assert '<th scope="colgroup" colspan="10" class="group">2021/22</th>' in table
    assert '<th scope="colgroup" colspan="4" class="group">Comparative Data</th>' in table
    assert table.count('<th scope="col"') == len(kpi.columns)
    assert table.count("<colgroup") == table.count('scope="colgroup"') + sum(
        1 for c in kpi.columns if not c.group
    )
    rows = [r for r in kpi.rows if isinstance(r, pm.KpiRow)]
    assert table.count('<th scope="row"') == len(rows) == 33
    assert table.count('<th scope="rowgroup"') == sum(
        isinstance(r, pm.SectionRow) for r in kpi.rows
    )
    # RAG is a word as well as a colour: EH 7 is Red in the reference paper.
    assert re.search(
        r'<th scope="row">EH 7</th>.*?<td class="rag rag-red">'
        r'<span aria-hidden="true">▪</span> Red</td>',
        table,
    )
    # The table scrolls in its own named, focusable region.
    assert (
        '<div class="table-wrap" role="region" aria-labelledby="kpi-caption" tabindex="0">'
    ) in text


def test_every_chart_is_an_svg_image_named_by_the_papers_alt_text(
    outline: Outline, paper: pm.Paper, html: bytes
) -> None:
    figures = [
        b.figure
        for s in paper.sections
        for b in s.blocks
        if isinstance(b, pm.IndicatorDetail) and b.figure is not None
    ]
    assert len(figures) == 16
    svgs = [a for t, a in outline.tags if t == "svg" and a.get("aria-labelledby")]
    assert len(svgs) == len(figures)
    assert all(a["role"] == "img" for a in svgs)
    assert outline.svg_titles == [squash(f.alt) for f in figures]
    text = html.decode("utf-8")
    assert text.count("<figcaption>") == len(figures)
    # Labels stay text: EH 7's latest point, as the PDF prints it.
    assert ">Jan-22: 25% (Red)</text>" in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_colours_are_the_layouts(html: bytes) -> None:
    theme = load_theme("croydon")
    text = html.decode("utf-8")
    assert f"--primary: {theme.colours.primary};" in text
    assert f"--red-fill: {theme.colours.rag.red.fill};" in text
    assert "@media print" in text and "@media (max-width: 40em)" in text


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Chromium and chromedriver (Debian chromium, chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="committee-report-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # axe-core takes minutes over the 1,000-indicator paper's 20,000 table cells: the page
    # and script limits, and the client's own wait for chromedriver's answer (120 s by
    # default), are raised to match.
    driver.set_script_timeout(1500)
    driver.set_page_load_timeout(600)
    driver.command_executor._client_config._timeout = 1600
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def axe_source() -> str:
    """axe-core's script as the PyPI package ships it (no network at test time)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.submodule_search_locations
    return (Path(spec.submodule_search_locations[0]) / "axe.min.js").read_text("utf-8")


def set_width(driver, width: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )


def axe_violations(driver, path: Path) -> list[dict]:
    driver.get(path.as_uri())
    driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, "
        "resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e)}])));",
        AXE_TAGS,
    )
    return json.loads(result)


def overflowing(driver) -> list[str]:
    """Elements reaching past the viewport's right edge, outside the tables' own scrolling
    regions; and whether the page itself scrolls sideways."""
    return driver.execute_script("""
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width) out.push('page scrolls sideways');
        for (const el of document.body.querySelectorAll('*')) {
          if (el.closest('.table-wrap') && !el.classList.contains('table-wrap')) continue;
          if (el.closest('.visually-hidden')) continue;
          const r = el.getBoundingClientRect();
          if (r.width && r.right > width + 0.5)
            out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
          if (out.length > 20) break;
        }
        return out;""")


@needs_browser
@pytest.mark.browser
def test_axe_finds_no_wcag22_violations_in_the_sample(browser, sample_file: Path) -> None:
    for width in (320, 1280):
        set_width(browser, width)
        violations = axe_violations(browser, sample_file)
        assert [
            (v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations
        ] == []


@needs_browser
@pytest.mark.browser
def test_axe_finds_no_violations_in_the_welsh_page_and_its_english_parts(
    browser, tmp_path: Path
) -> None:
    """The Welsh sample (lang="cy") with its English parts marked lang="en-GB": axe-core checks
    every lang attribute (valid-lang) along with the rest of WCAG 2.2 A/AA."""
    from committee_report.publish import compose_paper

    welsh = compose_paper(ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml")
    path = tmp_path / "cy.html"
    path.write_bytes(render_html(welsh, load_theme("croydon")))
    assert path.read_text(encoding="utf-8").count('lang="en-GB"') > 100
    set_width(browser, 1280)
    violations = axe_violations(browser, path)
    assert [(v["id"], v["help"]) for v in violations] == []


@needs_browser
@pytest.mark.browser
def test_nothing_overflows_at_320px_and_screenshots_are_kept(browser, sample_file: Path) -> None:
    browser.get(sample_file.as_uri())
    for width in (320, 1280):
        set_width(browser, width)
        assert overflowing(browser) == []
        shot = sample_file.with_name(f"sample-{width}.png")
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        print(f"screenshot: {shot}")
    set_width(browser, 320)
    # The KPI table is wider than the screen and scrolls in its own region.
    wrap = browser.execute_script(
        "const w = document.querySelector('table.kpi').closest('.table-wrap'); return [w.scrollWidth, "
        "w.clientWidth, document.documentElement.clientWidth];"
    )
    assert wrap[0] > wrap[1] and wrap[1] <= wrap[2]


@needs_browser
@pytest.mark.browser
@pytest.mark.pdf
def test_html_and_pdf_show_every_word_of_the_paper(
    browser, sample_file: Path, paper: pm.Paper, sample_report
) -> None:
    import pdfplumber

    from committee_report.publish import render_pdf

    browser.get(sample_file.as_uri())
    set_width(browser, 1280)
    visible = squash(browser.execute_script("return document.body.innerText"))
    pdf = render_pdf(sample_report, load_theme("croydon"))
    # The PDF's text by marked-content sequence (a cell, a line of a paragraph), so a
    # table cell's lines are read together, not across the row.
    sequences: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            found: dict[object, list[str]] = {}
            for char in page.chars:
                found.setdefault(char.get("mcid"), []).append(char["text"])
            sequences += ["".join(chars) for chars in found.values()]
    printed = "".join(sequences)
    words = [squash(w) for w in words_of(paper)]
    assert len(words) > 900
    missing_html = [w for w in words if w not in visible]
    assert missing_html == []
    # The PDF sets the same words, broken into lines and pages: compare without spaces.
    flat = re.sub(r"\s", "", printed)
    missing_pdf = [w for w in words if re.sub(r"\s", "", w) not in flat]
    assert missing_pdf == []


@needs_browser
@pytest.mark.browser
def test_axe_finds_no_violations_in_the_1000_indicator_paper(browser, tmp_path: Path) -> None:
    from committee_report.build import render_all

    spec = importlib.util.spec_from_file_location(
        "scorecards", ROOT / "benchmarks" / "scorecards.py"
    )
    scorecards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorecards)
    paper_yaml = scorecards.write_paper(tmp_path / "paper", 1000)
    outputs, report = render_all(paper_yaml, ("html",))
    assert len(report.assessments) == 1000
    path = tmp_path / "big.html"
    path.write_bytes(outputs["html"])
    set_width(browser, 320)
    violations = axe_violations(browser, path)
    assert [
        (v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations
    ] == []
    assert overflowing(browser) == []


def test_a_formal_reports_numbered_paragraphs_keep_their_emphasis_and_links(html: bytes) -> None:
    """report.md's *not rated*, **officer commentary** and its links (to Appendix A, to the council's site) reach the
    HTML as <em> and <a>, not as plain text."""
    text = html.decode("utf-8")
    assert "it is <em>not rated</em>." in text
    assert "The <strong>officer commentary</strong> on each indicator" in text
    assert (
        'are published at <a href="https://www.croydon.gov.uk">www.croydon.gov.uk</a>.</p>' in text
    )
    assert text.count('<a href="#appendix-a">Appendix A</a>') == 3
    assert 'id="appendix-a"' in text


def test_a_welsh_page_marks_its_english_parts() -> None:
    """The Paper's language of parts reaches the page: lang="en-GB" on the narrative's bullets,
    figures, sparklines and the appendix's English parts of a Welsh page; none on its own
    Welsh words."""
    from committee_report.publish import compose_paper

    welsh = compose_paper(ROOT / "data" / "croydon-2022-02-cy" / "paper.yaml")
    page = render_html(welsh, load_theme("croydon")).decode()
    assert page.count('<html lang="cy">') == 1
    bullets = re.findall(r'<ul class="bullets">(.*?)</ul>', page, re.DOTALL)
    items = [li for block in bullets for li in re.findall(r"<li[^>]*>", block)]
    lists = [b for s in welsh.sections for b in s.blocks if isinstance(b, pm.BulletList)]
    expected = sum(len(b.items) for b in lists if b.kind == "bullets")
    assert expected == 23  # 22 in the overview, one note on the data
    assert len(items) == expected and set(items) == {'<li lang="en-GB">'}
    assert page.count('<figcaption lang="en-GB">') == 16  # English captions, until translated
    assert (
        len(
            re.findall(
                r'<svg [^>]*role="img" aria-labelledby="figure-\d+-alt"[^>]* lang="en-GB"', page
            )
        )
        == 16
    )
    sparklines = re.findall(
        r'<svg viewBox="-1 0 62 20" role="img" aria-label="[^"]*"([^>]*)>', page
    )
    assert len(sparklines) == 33 and all(' lang="en-GB"' in attrs for attrs in sparklines)
    assert '<h3 id="appendix-1" lang="en-GB">How indicators were classified</h3>' in page
    assert re.search(r"<h2[^>]*>Trosolwg o berfformiad", page) and "<h2 lang" not in page
