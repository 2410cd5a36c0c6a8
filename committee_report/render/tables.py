"""The KPI tables: every indicator with the reference paper's columns, paginated by hand.

Row heights are measured and rows dealt onto pages here, so each page is one flowable
(`KpiPage`) with its own header rows, drawn cell by cell: no row is ever split, the header
repeats on every page, and a 1,000-indicator scorecard lays out in linear time (one big
ReportLab Table would be re-split page after page, in quadratic time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm
from committee_report.pdf.replay import Replay
from committee_report.pdf.tagging import Grid, Tagger
from committee_report.pdf.text import cell_text, one_line
from committee_report.render.styles import MeasuredParagraph as Paragraph
from committee_report.render.styles import Sparkline, Styles, colour

PAD = 2.2
MIN_TITLE_WIDTH = 120.0
SPARK_WIDTH = 34.0


@dataclass
class Column:
    """One printed column of the Paper's KPI table: its texts and measured width."""

    key: str
    header: str
    band: str = ""
    align: str = "LEFT"
    cells: list[str] = field(default_factory=list)
    width: float = 0.0


def kpi_tables(
    table: pm.KpiTable,
    theme: Theme,
    st: Styles,
    tagger: Tagger,
    width: float,
    first_height: float,
    page_height: float,
) -> list[Flowable]:
    """The table's pages: the first page has `first_height` points free, the rest
    `page_height`; pages are separated by page breaks."""
    items = [row for row in table.rows if isinstance(row, pm.KpiRow)]
    columns = [
        Column(
            c.key,
            c.header,
            c.group,
            c.align.upper(),
            [st.plain(row.cells[i].text) for row in items],
        )
        for i, c in enumerate(table.columns)
    ]
    size, title_width = _fit_widths(columns, theme, st, width)
    cell = ParagraphStyle("kpi-cell", parent=st.cell, fontSize=size, leading=size * 1.2)
    head = ParagraphStyle("kpi-head", parent=st.header_cell, fontSize=size, leading=size * 1.15)
    header = _header_rows(columns, head, st)
    header_height = _header_heights(header, columns)
    rows = _body_rows(
        table, theme, st, columns, cell, size, title_width, page_height - sum(header_height)
    )
    pages = _paginate(
        rows,
        first_height - sum(header_height),
        page_height - sum(header_height),
        table.continued,
    )
    story: list[Flowable] = []
    replay = Replay()  # the header cells, drawn on the first page and replayed on the rest
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        story.append(KpiPage(page, header, header_height, columns, theme, st, size, tagger, replay))
    return story


def _fit_widths(
    columns: list[Column], theme: Theme, st: Styles, width: float
) -> tuple[float, float]:
    """Largest table font size (down to the layout's minimum) that leaves the title room.

    Headers keep their words whole while they can; at the minimum size, a header may wrap
    after a hyphen or slash too ("Feb-" over "21", "YTD/" over "LATEST"), as ReportLab breaks
    such words, so that no column is narrower than its longest piece and no word is cut."""
    size = theme.sizes.table
    pieces = False
    while True:
        fixed = 0.0
        for column in columns:
            if column.key != "title":
                column.width = _natural_width(column, st, size, pieces)
                fixed += column.width
        title = width - fixed
        if title >= MIN_TITLE_WIDTH:
            break
        if size <= theme.sizes.table_min:
            if pieces:
                break
            pieces = True
            continue
        size = max(theme.sizes.table_min, size - 0.25)
    title -= _widen_for_bands(columns, st, size)
    if title < MIN_TITLE_WIDTH * 0.6:
        scale = (width - MIN_TITLE_WIDTH * 0.6) / fixed
        for column in columns:
            column.width *= scale
        title = MIN_TITLE_WIDTH * 0.6
    for column in columns:
        if column.key == "title":
            column.width = title
    return size, title


def _widen_for_bands(columns: list[Column], st: Styles, size: float) -> float:
    """Make each band at least as wide as its longest word; returns the width added."""
    added = 0.0
    start = 0
    while start < len(columns):
        end = start
        while end + 1 < len(columns) and columns[end + 1].band == columns[start].band:
            end += 1
        band = columns[start].band
        if band:
            need = max(stringWidth(w, st.fonts.bold, size) for w in band.split()) + 2 * PAD + 1
            have = sum(c.width for c in columns[start : end + 1])
            if need > have:
                columns[end].width += need - have
                added += need - have
        start = end + 1
    return added


_PIECE = re.compile(r"[^\s/-]*[/-]+|[^\s/-]+")
"""A header's unbreakable pieces when it may wrap after a hyphen or slash."""


def _natural_width(column: Column, st: Styles, size: float, pieces: bool = False) -> float:
    if column.key == "sparkline":
        return SPARK_WIDTH * size / 7 + 2 * PAD
    font = st.fonts.bold if column.key in ("rag", "id") else st.fonts.regular
    body = max((stringWidth(text, font, size) for text in set(column.cells)), default=0)
    words = (_PIECE.findall(column.header) if pieces else column.header.split()) or [""]
    head = max(stringWidth(word, st.fonts.bold, size) for word in words)
    return max(body, head) + 2 * PAD + 0.5


def _header_rows(
    columns: list[Column], head: ParagraphStyle, st: Styles
) -> list[list[Paragraph | None]]:
    """Two rows: bands (financial years, direction of travel, comparators) over the columns."""
    band_row: list[Paragraph | None] = []
    label_row: list[Paragraph | None] = []
    previous = None
    for column in columns:
        label = Paragraph(_header_markup(column, head, st), head)
        if column.band:
            band_row.append(
                Paragraph(st.esc(column.band), head) if column.band != previous else None
            )
            label_row.append(label)
        else:
            band_row.append(label)
            label_row.append(None)
        previous = column.band
    return [band_row, label_row]


def _header_markup(column: Column, head: ParagraphStyle, st: Styles) -> str:
    """A column header, with its line breaks chosen here when a word is wider than the
    column: after a hyphen or slash ("Feb-" over "21"), never inside a word, as ReportLab
    would ("Indicat" over "or"). Lines that fit are left to ReportLab."""
    room = column.width - 2 * PAD
    words = column.header.split()
    if not words or all(stringWidth(w, head.fontName, head.fontSize) <= room for w in words):
        return st.esc(column.header)
    lines: list[str] = []
    for word in words:
        for index, piece in enumerate(_PIECE.findall(word)):
            joined = lines[-1] + ("" if index else " ") + piece if lines else piece
            if lines and stringWidth(joined, head.fontName, head.fontSize) <= room:
                lines[-1] = joined
            else:
                lines.append(piece)
    return "<br/>".join(st.esc(line) for line in lines)


def _header_heights(header: list[list[Paragraph | None]], columns: list[Column]) -> list[float]:
    """Heights of the two header rows, so that cells spanning both rows fit too."""
    band = label = 0.0
    spanning = 0.0
    for index, column in enumerate(columns):
        top, bottom = header[0][index], header[1][index]
        if column.band:
            if top is not None:
                width = 0.0
                for other in columns[index:]:
                    if other.band != column.band:
                        break
                    width += other.width
                band = max(band, top.wrap(width - 2 * PAD, 1e6)[1])
            if bottom is not None:
                label = max(label, bottom.wrap(column.width - 2 * PAD, 1e6)[1])
        elif top is not None:
            spanning = max(spanning, top.wrap(column.width - 2 * PAD, 1e6)[1])
    band += 2 * PAD
    label += 2 * PAD
    label = max(label, spanning + 2 * PAD - band)
    return [band, label]


@dataclass
class _Row:
    height: float
    cells: list
    row: pm.KpiRow | None = None
    section: str | None = None


def _body_rows(
    table: pm.KpiTable,
    theme: Theme,
    st: Styles,
    columns: list[Column],
    cell: ParagraphStyle,
    size: float,
    title_width: float,
    max_height: float,
) -> list[_Row]:
    title_index = next((i for i, c in enumerate(columns) if c.key == "title"), None)
    line = cell.leading + 2 * PAD
    rows: list[_Row] = []
    index = 0
    for row in table.rows:
        if isinstance(row, pm.SectionRow):
            rows.append(_Row(line + 1, [], section=row.title))
            continue
        values: list = [column.cells[index] for column in columns]
        index += 1
        height = line
        if title_index is not None:
            para = _title(
                st,
                table,
                row.cells[title_index].text,
                cell,
                title_width - 2 * PAD,
                max_height - 2 * PAD - 1,
                theme.sizes.table_min,
                theme.table.max_title_lines,
            )
            height = max(height, para.wrap(title_width - 2 * PAD, max_height)[1] + 2 * PAD)
            values[title_index] = para
        if any(column.key == "sparkline" for column in columns):
            height = max(height, spark_height(size) + 2 * PAD)
        rows.append(_Row(height, values, row))
    return rows


def _title(
    st: Styles,
    table: pm.KpiTable,
    text: str,
    style: ParagraphStyle,
    width: float,
    max_height: float,
    min_size: float,
    max_lines: int,
) -> Paragraph:
    """The title at table size if it takes at most `max_lines` lines, else smaller; cut short
    only if even the smallest size could never fit on a page, in the table's words."""
    para = Paragraph(st.esc(text), style)
    if para.wrap(width, max_height)[1] <= min(max_height, style.leading * max_lines + 0.1):
        return para
    small = ParagraphStyle(
        "kpi-title-small", parent=style, fontSize=min_size, leading=min_size * 1.15
    )
    para = Paragraph(st.esc(text), small)
    if para.wrap(width, max_height)[1] <= max_height:
        return para
    per_line = max(1, int(width / (min_size * 0.5)))
    keep = int(max_height / small.leading) * per_line - 40
    while keep > 0:
        para = Paragraph(st.esc(text[:keep].rstrip() + table.shortened), small)
        if para.wrap(width, max_height)[1] <= max_height:
            return para
        keep -= per_line
    return Paragraph(st.esc(table.too_long), small)


def spark_height(size: float) -> float:
    return size * 1.5


def _sparkline(spark: pm.SparklineCell, theme: Theme, size: float) -> Sparkline:
    """A line through the months that have a number (bi-monthly gaps are bridged), the latest
    one dotted."""
    width, height = SPARK_WIDTH * size / 7, spark_height(size)
    values = list(spark.values)
    numbers = [v for v in values if v is not None]
    points: list[tuple[float, float]] = []
    if numbers:
        low, high = min(numbers), max(numbers)
        step = (width - 4) / max(1, len(values) - 1)
        for index, value in enumerate(values):
            if value is not None:
                points.append(
                    (
                        2 + index * step,
                        2 + (value - low) / (high - low) * (height - 4)
                        if high != low
                        else height / 2,
                    )
                )
    return Sparkline(points, width, height, colour(theme.colours.primary))


def _paginate(
    rows: list[_Row], first: float, rest: float, continued: str = "{section} (continued)"
) -> list[list[_Row]]:
    """Deal rows onto pages; a section heading row never ends a page, and a section that runs
    on to a new page is named again at its top (`continued`, "Caseloads (continued)")."""
    pages: list[list[_Row]] = [[]]
    free = first
    heading: _Row | None = None  # the section row of the rows being dealt
    for row in rows:
        if row.height > free and pages[-1]:
            if pages[-1][-1].section is not None:
                carry = [pages[-1].pop()]
            elif heading is not None and heading.height + row.height <= rest:
                carry = [replace(heading, section=continued.format(section=heading.section))]
            else:
                carry = []
            pages.append(carry)
            free = rest - sum(r.height for r in carry)
        if row.section is not None:
            heading = row
        pages[-1].append(row)
        free -= row.height
    return [page for page in pages if page]


class KpiPage(Flowable):
    """One page of the KPI table, its two header rows on top, drawn cell by cell.

    Rows are dealt onto pages before layout, so a page never splits, and a ReportLab Table
    would only add cost: per-cell styles and a text object set up per cell were a sixth of a
    1,000-indicator build (30,000 cells). Tagged Table > THead/TBody > TR > TH/TD: the
    header cells TH with Scope Column (bands with ColSpan, the others RowSpan 2), a TBody per
    section's run of rows, the first cell of each row TH with Scope Row, backgrounds and
    rules artifacts."""

    def __init__(
        self,
        rows: list[_Row],
        header: list[list],
        header_height: list[float],
        columns: list[Column],
        theme: Theme,
        st: Styles,
        size: float,
        tagger: Tagger,
        replay: Replay | None = None,
    ) -> None:
        super().__init__()
        self.replay = replay or Replay()
        self.rows, self.header, self.header_height = rows, header, header_height
        self.columns, self.theme, self.st, self.size, self.tagger = (
            columns,
            theme,
            st,
            size,
            tagger,
        )
        self.width = sum(c.width for c in columns)
        self.height = sum(header_height) + sum(r.height for r in rows)
        self._xs = [0.0]
        for column in columns:
            self._xs.append(self._xs[-1] + column.width)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        grid = self.tagger.grid(canvas, self.width, self.height)
        header_bottom = self.height - sum(self.header_height)
        bottoms, y = [], header_bottom
        for row in self.rows:
            y -= row.height
            bottoms.append(y)
        canvas.saveState()
        with grid.artifact():
            self._backgrounds(canvas, header_bottom, bottoms)
        grid.group("THead")
        self._header_cells(canvas, grid, header_bottom)
        for index, (row, bottom) in enumerate(zip(self.rows, bottoms)):
            if index == 0 or row.section is not None:
                grid.group("TBody")  # a section row and the rows it heads, together
            grid.row()
            if row.section is not None:
                self._section_cell(canvas, grid, row, bottom)
            else:
                self._body_cells(canvas, grid, row, bottom)
        with grid.artifact():
            self._rules(canvas, header_bottom, bottoms)
        canvas.restoreState()

    def _backgrounds(self, canvas: Canvas, header_bottom: float, bottoms: list[float]) -> None:
        c, theme = self.theme.colours, self.theme
        canvas.setFillColor(colour(c.header_fill))
        canvas.rect(0, header_bottom, self.width, self.height - header_bottom, stroke=0, fill=1)
        rag = next((i for i, col in enumerate(self.columns) if col.key == "rag"), None)
        for index, (row, bottom) in enumerate(zip(self.rows, bottoms), start=2):
            band = (
                c.section_fill
                if row.section is not None
                else (c.stripe if index % 2 == 1 else None)
            )
            if band:
                canvas.setFillColor(colour(band))
                canvas.rect(0, bottom, self.width, row.height, stroke=0, fill=1)
            rating = row.row.cells[rag] if rag is not None and row.row is not None else None
            if rag is not None and isinstance(rating, pm.RagCell):
                canvas.setFillColor(colour(theme.rag(rating.rag).fill))
                canvas.rect(
                    self._xs[rag], bottom, self.columns[rag].width, row.height, stroke=0, fill=1
                )

    def _header_cells(self, canvas: Canvas, grid: Grid, header_bottom: float) -> None:
        top_h, label_h = self.header_height
        label_bottom, band_bottom = header_bottom, header_bottom + label_h
        columns, (band_row, label_row) = self.columns, self.header
        grid.row()
        for index, column in enumerate(columns):
            para = band_row[index]
            if para is None:
                continue
            x = self._xs[index]
            if column.band:
                end = index
                while (
                    end + 1 < len(columns)
                    and columns[end + 1].band == column.band
                    and band_row[end + 1] is None
                ):
                    end += 1
                width = self._xs[end + 1] - x
                with grid.cell(
                    x, band_bottom, width, top_h, scope="Column", colspan=end - index + 1
                ):
                    self._header(canvas, para, x, band_bottom, width, top_h)
            else:
                with grid.cell(
                    x, label_bottom, column.width, top_h + label_h, scope="Column", rowspan=2
                ):
                    self._header(canvas, para, x, label_bottom, column.width, top_h + label_h)
        grid.row()
        for index, column in enumerate(columns):
            para = label_row[index]
            if para is not None:
                x = self._xs[index]
                with grid.cell(x, label_bottom, column.width, label_h, scope="Column"):
                    self._header(canvas, para, x, label_bottom, column.width, label_h)

    def _section_cell(self, canvas: Canvas, grid: Grid, row: _Row, bottom: float) -> None:
        c, size = self.theme.colours, self.size
        para = Paragraph(
            self.st.esc(row.section),
            ParagraphStyle(
                "kpi-section",
                parent=self.st.cell_bold,
                fontSize=size + 0.5,
                leading=(size + 0.5) * 1.2,
                textColor=colour(c.section_text),
            ),
        )
        with grid.cell(0, bottom, self.width, row.height, scope="Row", colspan=len(self.columns)):
            self._paragraph(canvas, para, 0, bottom, self.width, row.height, "MIDDLE")

    def _body_cells(self, canvas: Canvas, grid: Grid, row: _Row, bottom: float) -> None:
        theme, st, size = self.theme, self.st, self.size
        text_colour = colour(theme.colours.text)
        leading = size * 1.2
        baseline = bottom + (row.height + leading) / 2 - size  # ReportLab's MIDDLE for text
        for index, (column, value) in enumerate(zip(self.columns, row.cells)):
            x, width = self._xs[index], column.width
            scope = "Row" if index == 0 else None
            model = row.row.cells[index] if row.row is not None else None
            if isinstance(model, pm.SparklineCell):
                figure = self.tagger.mark(
                    _sparkline(model, theme, size), "Figure", alt=model.alt, lang=model.lang
                )
                w, h = figure.wrap(width, row.height)
                with grid.cell(x, bottom, width, row.height, scope=scope, group=True):
                    figure.drawOn(canvas, x + (width - w) / 2, bottom + (row.height - h) / 2)
                continue
            with grid.cell(x, bottom, width, row.height, scope=scope):
                if isinstance(value, Flowable):
                    line = one_line(value, width - 2 * PAD, row.height)
                    if line is None:
                        self._paragraph(canvas, value, x, bottom, width, row.height, "MIDDLE")
                    else:  # a title on one line: set as the paragraph would set it
                        text, font_size, height, font, ink = line
                        top = bottom + (row.height - height) / 2 + height
                        cell_text(
                            canvas,
                            text,
                            x,
                            top - font_size,
                            width,
                            "LEFT",
                            font,
                            font_size,
                            ink,
                            PAD,
                        )
                    continue
                font, ink = st.fonts.regular, text_colour
                if isinstance(model, pm.RagCell):
                    font, ink = st.fonts.bold, colour(theme.rag(model.rag).text)
                elif column.key == "id":
                    font = st.fonts.bold
                cell_text(
                    canvas, str(value), x, baseline, width, column.align, font, size, ink, PAD
                )

    def _header(
        self, canvas: Canvas, para: Flowable, x: float, bottom: float, width: float, height: float
    ) -> None:
        """A header cell's paragraph, set at its cell's foot: the same on every page of the
        table, so drawn once and replayed (pdf/replay.py)."""
        para.wrap(width - 2 * PAD, height)
        self.replay.draw_on(para, canvas, x + PAD, bottom + PAD)

    @staticmethod
    def _paragraph(
        canvas: Canvas,
        para: Flowable,
        x: float,
        bottom: float,
        width: float,
        height: float,
        valign: str,
    ) -> None:
        h = para.wrap(width - 2 * PAD, height)[1]
        y = bottom + PAD if valign == "BOTTOM" else bottom + (height - h) / 2
        para.drawOn(canvas, x + PAD, y)

    def _rules(self, canvas: Canvas, header_bottom: float, bottoms: list[float]) -> None:
        c = self.theme.colours
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(colour(c.rule))
        for y in [header_bottom] + bottoms:
            canvas.line(0, y, self.width, y)
        canvas.setStrokeColor(colour(c.header_text))
        label_top = header_bottom + self.header_height[1]
        band_row = self.header[0]
        for index, column in enumerate(self.columns[:-1]):
            x = self._xs[index + 1]
            joined = bool(column.band) and band_row[index + 1] is None  # inside a band's span
            canvas.line(x, header_bottom, x, label_top if joined else self.height)
