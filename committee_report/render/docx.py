"""A Paper as an editable Word document (python-docx), for officers whose councils take
reports in Word.

Every word comes from the Paper. Headings use Word's own "Heading 1..3" styles (so the
navigation pane, a council's template and its table of contents work), lists the "List
Bullet" style, KPI and appendix tables are real tables whose header rows repeat on each page
(and so are marked as headers), the KPI table sits in a landscape section, charts are
pictures with the Paper's alt text (title and description), and the cover's details are the
document's properties. Nothing carries the time it was built: properties take the paper's
date and the zip's entries a fixed one.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm
from committee_report.render.office import fixed_zip

_STYLE = {"cover_detail": "Subtitle", "notice": "Intense Quote"}
_WEIGHTS = {
    "title": 5.0,
    "id": 1.4,
    "officer": 1.0,
    "rag": 1.6,
    "trend": 1.7,
    "comparator": 1.3,
    "polarity": 1.0,
    "month": 1.1,
}
_SMALL = {"small", "facts", "detail", "lead", "website", "strapline_sub", "wordmark_sub"}


def render_docx(paper: pm.Paper, theme: Theme, when: datetime) -> bytes:
    """The paper as .docx bytes; `when` dates its properties (the paper's own date)."""
    return _Docx(paper, theme, when).build()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _shade(cell: Any, fill: str) -> None:
    """A cell's background colour (w:shd)."""
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    props.append(shading)


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)
    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    props.append(no_split)


def _lang(paragraph: Any, lang: str | None) -> None:
    """Mark each run of `paragraph` as in `lang` (w:lang), for text in another language than
    the document's; nothing for None."""
    if not lang:
        return
    for run in paragraph.runs:
        tag = OxmlElement("w:lang")
        tag.set(qn("w:val"), lang)
        run.element.get_or_add_rPr().append(tag)


def _hyperlink(paragraph: Any, run: Any, url: str) -> None:
    """Wrap `run` in a w:hyperlink to `url` (python-docx has no public call for it), styled
    as Word's Hyperlink: the address is kept in the document, not only its words."""
    rel = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run.element.addprevious(link)
    link.append(run.element)
    run.underline = True


class _Docx:
    def __init__(self, paper: pm.Paper, theme: Theme, when: datetime) -> None:
        self.paper, self.theme, self.when = paper, theme, when
        self.doc = Document()
        self.figures = 0

    def build(self) -> bytes:
        doc, f = self.doc, self.paper.furniture
        section = doc.sections[0]
        section.page_width, section.page_height = (
            Pt(self.theme.page.width),
            Pt(self.theme.page.height),
        )
        for side in ("top", "right", "bottom", "left"):
            setattr(section, f"{side}_margin", Pt(getattr(self.theme.page, side)))
        normal = doc.styles["Normal"]
        normal.font.size = Pt(self.theme.sizes.body)
        header = " · ".join(x for x in (f.marking, f.header_left, f.header_right) if x)
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = " · ".join(x for x in (f.footer_left, f.marking) if x)
        self.props()
        for part in self.paper.sections:
            self.section(part)
        for para in f.strapline:
            self.paragraph(para)
        out = io.BytesIO()
        doc.save(out)
        return fixed_zip(out.getvalue(), self.when)

    def props(self) -> None:
        """The cover's details as the document's properties, dated by the paper."""
        m, f = self.paper.metadata, self.paper.furniture
        cp = self.doc.core_properties
        cp.title, cp.author, cp.subject = m.title, m.author, m.subject
        cp.keywords = ", ".join(m.keywords)
        cp.category = f.header_left
        cp.comments = f.header_right
        cp.content_status = f.marking
        cp.language = m.lang
        cp.last_modified_by = m.author
        cp.identifier = ""
        cp.version = ""
        cp.revision = 1
        cp.created = cp.modified = cp.last_printed = self.when

    def section(self, section: pm.Section) -> None:
        landscape = section.key == "kpi_tables"
        if landscape:
            self.orient(landscape=True)
        if section.heading is not None:
            self.heading(section.heading)
        for block in section.blocks:
            self.block(block)
        if landscape:
            self.orient(landscape=False)

    def orient(self, landscape: bool) -> None:
        page = self.theme.page
        new = self.doc.add_section(WD_SECTION.NEW_PAGE)
        new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        wide, tall = (
            (page.table_width, page.table_height) if landscape else (page.width, page.height)
        )
        if landscape and wide < tall:
            wide, tall = tall, wide
        new.page_width, new.page_height = Pt(wide), Pt(tall)

    def block(self, block: object) -> None:
        if isinstance(block, pm.Heading):
            self.heading(block)
        elif isinstance(block, pm.Paragraph):
            self.paragraph(block)
        elif isinstance(block, pm.NumberedParagraph):  # a formal report's: its number, its words
            self.runs(self.doc.add_paragraph(), (pm.Span(f"{block.number} "), *block.content))
        elif isinstance(block, pm.BulletList):
            for item in block.items:
                added = self.doc.add_paragraph(style="List Bullet")
                self.runs(added, item.content, small=block.kind == "evidence")
                _lang(added, item.lang)
        elif isinstance(block, pm.CategoryHeading):
            self.doc.add_heading(f"{block.symbol} {block.label} ({block.count})", 3)
        elif isinstance(block, pm.Logo):
            self.logo(block)
        elif isinstance(block, pm.KpiTable):
            self.kpi_table(block)
        elif isinstance(block, pm.Table):
            self.table(block)
        elif isinstance(block, pm.Figure):
            self.figure(block)
        elif isinstance(block, pm.IndicatorDetail):
            self.detail(block)
        else:
            self.unknown(block)

    def unknown(self, block: object) -> None:
        """A block with no form of its own here: its nested blocks, else its text."""
        import dataclasses

        if not dataclasses.is_dataclass(block):
            return
        found = False
        for field in dataclasses.fields(block):
            value = getattr(block, field.name)
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if dataclasses.is_dataclass(item) and not isinstance(item, pm.Span):
                    self.block(item)
                    found = True
        text = getattr(block, "text", None)
        if not found and isinstance(text, str) and text:
            self.doc.add_paragraph(text)

    def heading(self, heading: pm.Heading) -> None:
        _lang(self.doc.add_heading(heading.text, min(max(heading.level, 1), 9)), heading.lang)

    def paragraph(self, para: pm.Paragraph) -> None:
        style = _STYLE.get(para.kind)
        added = self.doc.add_paragraph(style=style)
        self.runs(
            added,
            para.content,
            small=para.kind in _SMALL,
            bold=para.kind in ("chart_title", "wordmark"),
        )
        _lang(added, para.lang)

    def runs(
        self,
        paragraph: Any,
        content: pm.Inline,
        small: bool = False,
        bold: bool = False,
        size: float | None = None,
    ) -> None:
        for span in content:
            run = paragraph.add_run(span.text)  # type: ignore[attr-defined]
            if span.strong or span.badge or bold:
                run.bold = True
            if span.emphasis:
                run.italic = True
            if span.url:
                _hyperlink(paragraph, run, span.url)
            if size is not None:
                run.font.size = Pt(size)
            elif small:
                run.font.size = Pt(self.theme.sizes.small)

    def logo(self, block: pm.Logo) -> None:
        path = self.theme.branding.logo
        if not path:
            return
        shape = self.doc.add_paragraph().add_run().add_picture(path, height=Pt(40))
        self.alt(shape, block.alt, block.alt)

    def alt(self, shape: Any, title: str, description: str) -> None:
        doc_pr = shape._inline.docPr  # type: ignore[attr-defined]
        doc_pr.set("title", title)
        doc_pr.set("descr", description)

    def figure(self, figure: pm.Figure) -> None:
        from committee_report.charts.whole import render_chart_whole
        from committee_report.render.detail import chart_spec

        self.figures += 1
        png = render_chart_whole(chart_spec(figure.chart, self.theme), "png")
        self.runs(self.doc.add_paragraph(), pm.spans(figure.title), bold=True)
        width = self.theme.page.width - self.theme.page.left - self.theme.page.right
        shape = self.doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Pt(width))
        self.alt(shape, figure.title, figure.alt)
        _lang(
            self.doc.add_paragraph(f"{figure.caption} {figure.source}", style="Caption"),
            figure.caption_lang,
        )

    def detail(self, detail: pm.IndicatorDetail) -> None:
        self.heading(detail.heading)
        self.paragraph(detail.facts)
        if detail.figure is not None:
            self.figure(detail.figure)
        if detail.why is not None:
            self.paragraph(detail.why)
        if detail.evidence is not None:
            self.block(detail.evidence)
        if detail.definition is not None:
            self.paragraph(detail.definition)
        for para in detail.commentary:
            self.paragraph(para)

    # --- tables ---------------------------------------------------------------------------

    def new_table(self, rows: int, cols: int) -> Any:
        table = self.doc.add_table(rows=rows, cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        margins = OxmlElement("w:tblCellMar")  # narrow cell padding: many columns to fit
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "40")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
        return table

    def header_cell(self, cell: Any, text: str, size: float) -> None:
        c = self.theme.colours
        _shade(cell, c.header_fill)
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        run.font.color.rgb = _rgb(c.header_text)

    def kpi_table(self, table: pm.KpiTable) -> None:
        size = self.theme.sizes.table
        # The sparkline is decorative (the row's cells carry the figures): Word gets none.
        keep = [i for i, c in enumerate(table.columns) if c.key != "sparkline"]
        table = pm.KpiTable(
            tuple(table.columns[i] for i in keep),
            tuple(
                r
                if isinstance(r, pm.SectionRow)
                else pm.KpiRow(r.indicator_id, tuple(r.cells[i] for i in keep))
                for r in table.rows
            ),
        )
        cols = table.columns
        grouped = any(c.group for c in cols)
        heads = 2 if grouped else 1
        out = self.new_table(heads, len(cols))
        if grouped:
            start = 0
            while start < len(cols):
                end = start
                while (
                    end + 1 < len(cols)
                    and cols[start].group
                    and cols[end + 1].group == cols[start].group
                ):
                    end += 1
                top = out.cell(0, start)
                if cols[start].group:
                    if end > start:
                        top = top.merge(out.cell(0, end))
                    self.header_cell(top, cols[start].group, size)
                    for i in range(start, end + 1):
                        self.header_cell(out.cell(1, i), cols[i].header, size)
                else:
                    top = top.merge(out.cell(1, start))
                    self.header_cell(top, cols[start].header, size)
                start = end + 1
        else:
            for i, col in enumerate(cols):
                self.header_cell(out.cell(0, i), col.header, size)
        for row in out.rows[:heads]:
            _repeat_header(row)
        c = self.theme.colours
        page = self.theme.page
        span = max(page.table_width, page.table_height) - page.left - page.right
        weights = [_WEIGHTS.get(col.key, 1.0) for col in cols]
        widths = [Pt(span * w / sum(weights)) for w in weights]
        out.autofit = False
        for row in table.rows:
            cells = out.add_row().cells
            if isinstance(row, pm.SectionRow):
                merged = cells[0].merge(cells[-1])
                _shade(merged, c.section_fill)
                run = merged.paragraphs[0].add_run(row.title)
                run.bold = True
                run.font.size = Pt(size)
                run.font.color.rgb = _rgb(c.section_text)
                continue
            for i, cell in enumerate(row.cells):
                text = cell.text
                if isinstance(cell, pm.SparklineCell):
                    text = ""
                run = cells[i].paragraphs[0].add_run(text)
                run.font.size = Pt(size)
                if isinstance(cell, pm.RagCell):
                    swatch = getattr(c.rag, cell.rag)
                    _shade(cells[i], swatch.fill)
                    run.font.color.rgb = _rgb(swatch.text)
                    run.bold = True

        grid = out._tbl.tblGrid.findall(qn("w:gridCol"))
        for column, width in zip(grid, widths):
            column.set(qn("w:w"), str(int(width.pt * 20)))
        for row in out.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width

    def table(self, table: pm.Table) -> None:
        size = self.theme.sizes.table
        out = self.new_table(1, len(table.header))
        for i, text in enumerate(table.header):
            self.header_cell(out.cell(0, i), text, size)
            _lang(out.cell(0, i).paragraphs[0], table.lang)
        _repeat_header(out.rows[0])
        for row in table.rows:
            cells = out.add_row().cells
            for i, content in enumerate(row):
                self.runs(cells[i].paragraphs[0], content, size=size)
                _lang(cells[i].paragraphs[0], table.lang)
        self.doc.add_paragraph()
