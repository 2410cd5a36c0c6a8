"""The paper as a PDF, built from the bundled sample through `load_report()` and read back
with pdfplumber, pypdf and pikepdf: what a councillor and a screen reader would get."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pypdf
import pytest

from committee_report.inputs.theme import load_theme
from committee_report.model import CATEGORY_LABELS, Report
from committee_report.paper.compose import SECTION_TITLES
from committee_report.pipeline import load_report
from committee_report.publish import render_pdf

pytestmark = pytest.mark.pdf  # builds and reads PDFs: `pytest -m "not pdf"` skips it

BASE14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}
LAYOUTS = Path(__file__).parent / "data" / "layouts"


@pytest.fixture(scope="module")
def report() -> Report:
    """The sample's analysis alone (its formal report is tested in test_report.py)."""
    return load_report(with_report=False)[0]


@pytest.fixture(scope="module")
def papers(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name in ("default", "croydon"):
        path = tmp_path_factory.mktemp("paper") / f"{name}.pdf"
        path.write_bytes(render_pdf(report, load_theme(name)))
        out[name] = path
    return out


@pytest.fixture(scope="module")
def texts(papers: dict[str, Path]) -> dict[str, list[str]]:
    out = {}
    for name, path in papers.items():
        with pdfplumber.open(path) as pdf:
            out[name] = [p.extract_text() or "" for p in pdf.pages]
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def kpi_pages(path: Path) -> list[int]:
    """Landscape pages: the KPI tables."""
    with pdfplumber.open(path) as pdf:
        return [i for i, p in enumerate(pdf.pages) if p.width > p.height]


def test_every_indicator_row_has_its_id_and_headline(
    report: Report, papers: dict[str, Path]
) -> None:
    basis = {"ytd": "YTD", "latest": "LATEST"}
    with pdfplumber.open(papers["default"]) as pdf:
        lines = [
            line["text"]
            for i in kpi_pages(papers["default"])
            for line in pdf.pages[i].extract_text_lines()
        ]
    for a in report.assessments:
        rows = [line for line in lines if line.startswith(f"{a.id} ")]
        assert len(rows) == 1, a.id
        assert f" {basis[a.basis]} {a.headline_text} " in f"{rows[0]} ", (a.id, rows[0])
    row = next(line for line in lines if line.startswith("AMT 2 "))
    assert (
        "79% 83% 82% 69% 72% 73% 65% 72% 61% 66% 63% 60% JD 85% ■ Red YTD 68% ↓ Worse "
        "81% 92% 89% 88%" in row
    )
    w1f2 = next(line for line in lines if line.startswith("W1 f2 "))
    assert "19.7 18.7 18.7 17.7 RM 25 ● Green LATEST 17.7" in w1f2


PIECES = re.compile(r"[^/-]*[/-]+|[^/-]+")
"""A word's pieces where a header may wrap (after a hyphen or slash)."""


def test_kpi_header_repeats_on_every_table_page(
    report: Report, papers: dict[str, Path], texts: dict[str, list[str]]
) -> None:
    pages = kpi_pages(papers["default"])
    assert len(pages) == 3  # at the 7 pt minimum text size (issue 14)
    for i in pages:
        words = set(texts["default"][i].split())
        for word in (
            "2020/21",
            "2021/22",
            "Comparative",
            "Data",
            "Indicator",
            "Number",
            "Title",
            "Polarity",
            "RO",
            "RAG",
            "YTD/LATEST",
            "Feb-21",
            "Jan-22",
            "England",
            "Direction",
            "travel",
            "DfE",
            "Published",
            "Croydon",
        ):
            # At the 7 pt minimum a header may wrap after a hyphen or slash ("Feb-" over "21").
            assert word in words or set(PIECES.findall(word)) <= words, (i, word)
    assert "Caseloads" in " ".join(texts["default"][i] for i in pages[1:])


def test_overview_has_the_three_panels_and_every_bullet(
    report: Report, texts: dict[str, list[str]]
) -> None:
    for name in ("default", "croydon"):
        text = flat(" ".join(texts[name][1:3]))
        positions = [text.index(label) for label in CATEGORY_LABELS.values()]
        assert positions == sorted(positions)
        for bullet in report.bullets:
            mark = "New " if bullet.new else ""
            assert flat(mark + bullet.text) in text, bullet.text
    assert [b.indicator_ids for b in report.bullets if b.new] == [("CIN 8",)]


def test_cover_carries_the_paper_facts(report: Report, texts: dict[str, list[str]]) -> None:
    cover = flat(texts["croydon"][0])
    p = report.paper
    for text in (
        p.council,
        p.committee,
        p.title,
        p.period_label,
        p.date,
        p.author,
        "OFFICIAL",
        "be the change",
        "for children and young people in croydon",
        "CROYDON",
        p.sample_notice,
    ):
        assert flat(text) in cover, text
    assert "be the change" not in flat(texts["default"][0])


def test_cover_lists_the_sections_with_their_pages(
    report: Report, texts: dict[str, list[str]]
) -> None:
    for name in ("default", "croydon"):
        cover = texts[name][0].split("In this paper\n")[1].splitlines()
        titles = [report.paper.subtitle] + [
            SECTION_TITLES[k] for k in ("kpi_tables", "details", "changes", "appendix")
        ]
        for line, title in zip(cover, titles):
            number, text = line.split(" ", 1)
            assert text == title
            heading_page = next(
                i for i, t in enumerate(texts[name][1:], start=2) if title in t.split("\n")
            )
            assert int(number) == heading_page, (name, title)


def test_detail_pages_for_featured_indicators(
    report: Report, papers: dict[str, Path], texts: dict[str, list[str]]
) -> None:
    whole = flat(" ".join(texts["default"]))
    by_id = {a.id: a for a in report.assessments}
    for number, indicator_id in enumerate(report.featured, start=1):
        a = by_id[indicator_id]
        for text in (
            f"{a.id}: {a.title}",
            a.chart_title,
            a.narrative,
            f"Figure {number}: {a.id} by month",
            a.info.definition,
            a.rule,
            *a.reasons,
        ):
            assert flat(text) in whole, (indicator_id, text)
        if a.commentary:
            assert flat(a.commentary) in whole
    pdf = pikepdf.open(papers["default"])
    images = [name for pg in pdf.pages for name in pg.get_images()]
    assert len(images) == len(report.featured)


def test_changes_and_appendix(report: Report, texts: dict[str, list[str]]) -> None:
    whole = flat(" ".join(texts["default"]))
    page_text = next(t for t in texts["default"] if "Rule and reason" in t)
    change = report.changes[0]
    assert "Indicator Was Now Change Rule and reason" in page_text
    row = page_text.split("Rule and reason\n")[1]
    assert row.startswith("CIN 8 Percentage of CIN with an ■ Things to do ▲ Ones to Improved")
    for part in ("up-to-date plan better watch", change.rule, "85% (latest", "95%"):
        assert part in row
    for rule in report.rules:
        assert flat(rule.description) in whole
    for abbreviation, meaning in report.paper.glossary:
        assert flat(f"{abbreviation} {meaning}") in whole
    for label in (
        "● Green On target or better.",
        "○ No target No target set (NA)",
        "BIB Bigger is better",
        "SIB Smaller is better",
    ):
        assert label in whole
    # The note is written for the committee: the indicator and the problem, no file or path.
    assert report.warnings[0].startswith("/") and "scorecard.tsv" not in whole
    assert (
        "W1 f2: the scorecard gives 19.7 as the latest value, its January figure is 17.7; "
        "the paper shows 17.7"
    ) in whole


def test_page_furniture_and_page_count(
    papers: dict[str, Path], texts: dict[str, list[str]]
) -> None:
    reader = pypdf.PdfReader(papers["default"])
    total = len(reader.pages)
    for number, text in enumerate(texts["default"], start=1):
        assert f"Page {number} of {total}" in text
        assert text.count("OFFICIAL") >= 2
    assert "Children and Young People's Scrutiny Committee" in texts["default"][5].split("\n")[1]
    with pikepdf.open(papers["default"]) as pdf:
        assert len(pdf.pages) == total
        assert str(pdf.docinfo.Title) == "Early Help & Children's Social Care Performance Analysis"


def test_document_properties_and_outline(report: Report, papers: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(papers["default"])
    meta = reader.metadata
    assert meta.title == report.paper.title
    assert meta.author == "Performance and Business Intelligence"
    assert meta.subject == ("Children and Young People's Scrutiny Committee · Data to January 2022")
    assert "early help" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True

    def titles(items: list, depth: int = 0) -> list[tuple[int, str]]:
        out = []
        for item in items:
            if isinstance(item, list):
                out += titles(item, depth + 1)
            else:
                out.append((depth, item.title))
        return out

    outline = titles(reader.outline)
    top = [t for d, t in outline if d == 0]
    assert top == [
        report.paper.subtitle,
        SECTION_TITLES["kpi_tables"],
        SECTION_TITLES["details"],
        SECTION_TITLES["changes"],
        SECTION_TITLES["appendix"],
    ]
    nested = [t for d, t in outline if d == 1]
    # The bookmark is the heading's own text (issue 14), the scorecard's title.
    assert nested[0] == "EH 7: Percentage of cases closed due to family no longer requiring service"
    assert len([t for t in nested if t.split(":")[0] in report.featured]) == 16
    assert nested[-3:] == ["Direction of travel", "Glossary", "Notes on the data"]


def test_fonts_are_embedded_subsets_never_base14(papers: dict[str, Path]) -> None:
    for name, expected in (("default", "LiberationSans"), ("croydon", "Lato")):
        pdf = pikepdf.open(papers[name])
        seen = set()
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/Font":
                base = str(font.BaseFont)[1:]
                assert re.fullmatch(r"[A-Z]{6}\+[A-Za-z-]+", base), base
                assert not any(base.split("+")[1].startswith(b) for b in BASE14)
                assert "/FontFile2" in font.FontDescriptor
                seen.add(base.split("+")[1])
        assert seen == {expected, f"{expected}-Bold", f"{expected}-Italic"} or seen == {
            f"{expected}-Regular",
            f"{expected}-Bold",
            f"{expected}-Italic",
        }
        fonts = [
            f
            for f in pdf.objects
            if isinstance(f, pikepdf.Dictionary) and f.get("/Type") == "/Font"
        ]
        assert fonts and all("/ToUnicode" in f for f in fonts)  # embedded, subset, mapped


def test_two_builds_are_byte_identical_across_processes(
    report: Report, papers: dict[str, Path]
) -> None:
    again = render_pdf(report, load_theme("default"))
    assert again == papers["default"].read_bytes()
    code = (
        "import hashlib, sys; from committee_report.pipeline import load_report; "
        "from committee_report.publish import render_pdf; "
        "from committee_report.inputs.theme import load_theme; "
        "sys.stdout.write(hashlib.sha256(render_pdf(load_report(with_report=False)[0], "
        "load_theme('default'))).hexdigest())"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert fresh == hashlib.sha256(again).hexdigest()


def test_layouts_change_the_look_not_the_words(papers: dict[str, Path]) -> None:
    """Overview and KPI pages carry the same words in both layouts; fonts and colours differ."""

    def words(path: Path) -> tuple[Counter, Counter, set]:
        theme = load_theme("default")
        overview, tables, colours = Counter(), Counter(), set()
        with pdfplumber.open(path) as pdf:
            last_table = max(i for i, pg in enumerate(pdf.pages) if pg.width > pg.height)
            for pg in pdf.pages[1 : last_table + 1]:
                body = pg.crop((0, theme.page.top, pg.width, pg.height - theme.page.bottom))
                # A header may wrap after a hyphen in one layout's font and not in the other's:
                # words are compared in pieces ("2020-21" as "2020-" and "21").
                pieces = [p for w in body.extract_text().split() for p in PIECES.findall(w)]
                (tables if pg.width > pg.height else overview).update(pieces)
                colours |= {str(r.get("non_stroking_color")) for r in pg.rects}
        return overview, tables, colours

    d_over, d_tab, d_col = words(papers["default"])
    c_over, c_tab, c_col = words(papers["croydon"])
    assert d_over and d_tab
    assert c_over == d_over
    # RAG symbols are part of the look (Lato has no ▲ or ■): the words around them match.
    symbols = {
        load_theme(n).rag(r).symbol
        for n in ("default", "croydon")
        for r in ("green", "amber", "red", "grey")
    }
    assert symbols == {"●", "▲", "■", "○", "◊", "▪"}
    assert Counter({k: v for k, v in c_tab.items() if k not in symbols}) == Counter(
        {k: v for k, v in d_tab.items() if k not in symbols}
    )
    assert d_col != c_col


def test_paper_is_pdf_ua_and_pdf_a(papers: dict[str, Path]) -> None:
    for name in ("default", "croydon"):
        for profile in ("ua1", "2a"):
            result = page.validate_pdf(str(papers[name]), profile=profile)
            # A stream whose encoded bytes end in CR reads as CR LF before `endstream` and
            # fails PDFA2A-STREAM-LENGTH-001; name such streams to make the cause plain.
            with pikepdf.open(papers[name]) as pdf:
                ends_in_cr = [
                    obj.objgen
                    for obj in pdf.objects
                    if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r")
                ]
            assert [f"{f.rule_id}: {f.message}" for f in result.failures] == [], (
                name,
                profile,
                "streams ending in CR:",
                ends_in_cr,
            )


def test_nothing_is_left_untagged(report: Report, papers: dict[str, Path], tmp_path: Path) -> None:
    """Every piece of text, image and path the layout draws is marked or furniture, so the
    paper needs no repair pass (the layout turns it off)."""
    from committee_report.pdf.tagging import untagged_content

    exceptions = tmp_path / "exceptions.pdf"
    exceptions.write_bytes(render_pdf(replace(report, exceptions_only=True), load_theme("croydon")))
    for path in [*papers.values(), exceptions]:
        assert untagged_content(str(path)) == [], path


def test_column_set_and_sections_come_from_the_layout(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "narrow.pdf"
    path.write_bytes(render_pdf(report, load_theme(LAYOUTS / "good_narrow.yaml")))
    with pdfplumber.open(path) as pdf:
        text = [p.extract_text() for p in pdf.pages]
        assert all(p.width > p.height for p in pdf.pages)
    whole = flat(" ".join(text))
    assert "Going well" in text[0] and "Performance indicators" in whole
    assert "Comparative Data" not in whole and "Polarity Feb-21" not in whole
    assert "Indicator detail" not in whole and "Changes since the last report" not in whole
    assert (
        "AMT 2 Percentage of C&F assessments completed within 45 working days 85% ▪ Red "
        "68%" in whole
    )


def test_logo_from_the_layout_is_drawn_on_the_cover_with_alt_text(
    report: Report, tmp_path: Path
) -> None:
    from PIL import Image

    Image.new("RGB", (120, 40), "#12436D").save(tmp_path / "logo.png")
    (tmp_path / "logo.yaml").write_text(
        "extends: default\nname: logo\nsections: [cover]\n"
        "branding:\n  logo: logo.png\n  wordmark: Borough\n"
    )
    pdf = render_pdf(report, load_theme(tmp_path / "logo.yaml"))
    doc = pikepdf.open(__import__("io").BytesIO(pdf))
    assert len(doc.pages) == 1
    assert len(doc.pages[0].get_images()) == 1
    figures = [
        e for e in doc.objects if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Figure"
    ]
    assert [str(f.Alt) for f in figures] == ["Borough logo"]


def test_changes_section_is_left_out_when_there_are_none(report: Report, tmp_path: Path) -> None:
    quiet = replace(report, changes=(), featured=report.featured[:1])
    reader = pypdf.PdfReader(__import__("io").BytesIO(render_pdf(quiet, load_theme("default"))))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert SECTION_TITLES["changes"] not in titles
    assert SECTION_TITLES["appendix"] in titles


def awkward_report(report: Report, count: int) -> Report:
    """`count` indicators made from the sample's, one with a 600-character title of markup
    characters and several scripts, another with a 5,000-character commentary."""
    items = []
    for k in range(count):
        a = report.assessments[k % len(report.assessments)]
        indicator = replace(a.indicator, id=f"{a.id} #{k}", section=f"Group {k // 100}")
        items.append(replace(a, indicator=indicator))
    title = ("Children & young people <under 18> seen by Zoë, Ελληνικά, Кириллица, 中文; " * 9)[
        :600
    ]
    items[1] = replace(items[1], indicator=replace(items[1].indicator, title=title))
    commentary = " ".join(
        f"Sentence {n} of the officer's long commentary & <notes>." for n in range(1, 95)
    )
    items[3] = replace(items[3], commentary=commentary)
    return replace(
        report,
        assessments=tuple(items),
        featured=(items[1].id, items[3].id),
        bullets=report.bullets[:3],
    )


def test_awkward_titles_and_long_commentary_stay_inside_the_page(
    report: Report, tmp_path: Path
) -> None:
    big = awkward_report(report, 60)
    theme = load_theme("default")
    path = tmp_path / "awkward.pdf"
    path.write_bytes(render_pdf(big, theme))
    title = big.assessments[1].title
    commentary = big.assessments[3].commentary
    with pdfplumber.open(path) as pdf:
        text = flat(
            " ".join(
                p.crop((0, theme.page.top, p.width, p.height - theme.page.bottom)).extract_text()
                for p in pdf.pages
            )
        )
        for pg in pdf.pages:
            for ch in pg.chars:
                if ch["text"].isspace():  # a line's trailing word space draws nothing
                    continue
                assert (
                    theme.page.left - 1 <= ch["x0"] and ch["x1"] <= pg.width - theme.page.right + 1
                ), (pg.page_number, ch["text"])
                assert 0 <= ch["top"] and ch["bottom"] <= pg.height
    printed = title.replace("中文", "□□")
    assert flat(printed) in text
    assert "Zoë, Ελληνικά, Кириллица, □□;" in text
    assert flat(commentary) in text
    assert "Sentence 94 of the officer's long commentary & <notes>." in text


def test_a_thousand_indicators_build(report: Report, tmp_path: Path) -> None:
    big = awkward_report(report, 1000)
    pdf = render_pdf(big, load_theme("croydon"))
    reader = pypdf.PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) > 40
    sample = "".join(reader.pages[i].extract_text() for i in (3, 20, len(reader.pages) - 8))
    assert "Indicator" in sample and "Comparative" in sample


def test_details_pair_up_and_each_stays_on_one_page(
    report: Report, papers: dict[str, Path], texts: dict[str, list[str]]
) -> None:
    """Two indicator details share a page where both fit; none is split (no commentary in the
    sample is longer than a page), so heading, figure, reasons, definition and commentary of
    one indicator are read together."""
    with pdfplumber.open(papers["croydon"]) as pdf:
        figures = [
            [int(n) for n in re.findall(r"Figure (\d+):", p.extract_text() or "")]
            for p in pdf.pages
        ]
    assert [f for f in figures if f] == [
        [1],
        [2, 3],
        [4, 5],
        [6, 7],
        [8],
        [9],
        [10],
        [11],
        [12, 13],
        [14, 15],
        [16],
    ]
    by_id = {a.id: a for a in report.assessments}
    for name in ("default", "croydon"):
        pages = [flat(t) for t in texts[name]]
        for number, indicator_id in enumerate(report.featured, start=1):
            a = by_id[indicator_id]
            page = next(p for p in pages if f"{a.id}: {flat(a.title)}" in p)
            for part in (
                f"Figure {number}: {a.id} by month",
                a.narrative,
                a.info.definition,
                a.commentary,
                *a.reasons,
            ):
                assert part is None or flat(part) in page, (name, indicator_id, part)


def test_why_it_is_here_gives_rule_and_reason_once(
    report: Report, texts: dict[str, list[str]]
) -> None:
    whole = flat(" ".join(texts["croydon"]))
    a = next(x for x in report.assessments if x.id == "EH 9")
    assert a.reasons[0] == "Red: 17% (year to date) against a target of 15%"
    assert (
        "Percentage of Early Help cases stepped up to CSC is above target at 17%. Why it "
        "is here: Things to do better, by the rule “off-target-red” — Red: 17% (year to "
        "date) against a target of 15%."
    ) in whole
    assert whole.count(a.reasons[0]) == 1
    assert f"• {a.reasons[1]}" in whole and f"• {a.reasons[2]}" in whole


def test_rule_table_says_when_and_where_without_repeating_the_category(
    report: Report, texts: dict[str, list[str]]
) -> None:
    from committee_report.paper.appendix import _condition

    whole = flat(" ".join(texts["default"]))
    assert "Rule When Places it in" in whole
    assert "off-target-red The RAG rating is Red. ■ Things to do better" in whole
    assert (
        "no-target-worsening No target is set and the direction of travel is worsening. "
        "▲ Ones to watch" in whole
    )
    assert "context-only Any indicator no rule above has placed. Not placed" in whole
    assert (
        _condition("If the RAG rating is Red: Things to do better.", "■ Things to do better")
        == "If the RAG rating is Red."
    )
    assert _condition("The RAG rating is Red.", "■ Things to do better") == "The RAG rating is Red."


def test_list_labels_sit_on_their_first_lines_baseline(papers: dict[str, Path]) -> None:
    """Bullets are drawn level with the text they label, whatever the list's style (overview
    bullets, a detail's evidence in small type)."""
    with pdfplumber.open(papers["croydon"]) as pdf:
        checked = 0
        for number in (0, 1, 7):  # the cover, the overview, EH 9's and FD 8's page
            chars = pdf.pages[number].chars
            for index, ch in enumerate(chars):
                if ch["text"] == "•":
                    nxt = next(c for c in chars[index + 1 :] if not c["text"].isspace())
                    assert abs(ch["matrix"][5] - nxt["matrix"][5]) < 0.01, (number, nxt["text"])
                    checked += 1
        assert checked == 27  # 22 overview bullets, 5 evidence lines of EH 9 and FD 8


def test_overview_bands_never_end_a_page(report: Report, tmp_path: Path) -> None:
    """However many bullets spill the overview over pages, a panel's band always has its first
    bullet under it on the same page, and every bullet has its text beside it."""
    theme = load_theme("default")
    labels = {theme.category(c).label for c in CATEGORY_LABELS}
    seen = 0
    for copies in (2, 3, 4):
        bullets = tuple(sorted(report.bullets * copies, key=lambda b: b.category))
        path = tmp_path / f"overview-{copies}.pdf"
        path.write_bytes(render_pdf(replace(report, bullets=bullets), theme))
        with pdfplumber.open(path) as pdf:
            for pg in pdf.pages:
                if pg.width > pg.height:
                    break  # the KPI tables: the overview is over
                body = pg.crop((0, theme.page.top, pg.width, pg.height - theme.page.bottom))
                lines = [line["text"] for line in body.extract_text_lines()]
                for index, line in enumerate(lines):
                    if any(line.startswith(label) for label in labels) and "item" in line:
                        seen += 1
                        assert index + 1 < len(lines) and lines[index + 1].startswith("•"), (
                            copies,
                            pg.page_number,
                            line,
                        )
                    assert line != "•", (copies, pg.page_number)
    assert seen == 9


def test_a_list_holds_on_to_its_heading_and_each_label_to_its_item() -> None:
    """The list's opening mark keeps with what follows, so ReportLab groups a heading
    (keep-with-next) with the first item; each bullet and its text are one flowable, so no
    page break can fall between them."""
    from committee_report.pdf.tagging import Tagger
    from committee_report.render.detail import bullet_list
    from committee_report.render.styles import ListLabel, styles

    story = bullet_list(["first", "second"], styles(load_theme("default")), Tagger())
    assert [int(bool(f.getKeepWithNext())) for f in story] == [1, 0, 0, 0, 0]
    items = story[1:3]
    assert [Tagger.unwrap(item.body).text for item in items] == ["first", "second"]
    assert all(isinstance(Tagger.unwrap(item.label), ListLabel) for item in items)
