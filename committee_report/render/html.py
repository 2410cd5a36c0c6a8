"""A Paper as one self-contained, accessible HTML file, laid out like a GOV.UK publication.

`render_html(paper, theme)` writes every word from the Paper and every look from the Theme:
a skip link, banner/main/contentinfo landmarks, the PDF's heading levels, KPI tables as real
tables (caption, a two-level header through `scope="colgroup"`, a row header per indicator, a
`tbody` per scorecard section) that scroll sideways inside their own focusable region, RAG as
word and symbol as well as colour, charts as inline SVG (`role="img"` with the Paper's alt
text; every label kept as text) with a figcaption, and a print stylesheet. No JavaScript; the
same Paper and Theme give the same bytes. Block types this module does not know are rendered
by their text fields (see `_unknown`), so new blocks of the Paper still show.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from html import escape
from importlib.resources import files
from pathlib import Path

from committee_report.inputs.theme import Theme
from committee_report.paper import model as pm

CHART_FORMAT = "svg"


def render_html(paper: pm.Paper, theme: Theme) -> bytes:
    """The paper as UTF-8 HTML bytes."""
    return _Html(paper, theme).document().encode("utf-8")


def lang_attr(lang: str | None) -> str:
    """` lang="en-GB"` for an element in another language than the page's, else nothing."""
    return f' lang="{_e(lang)}"' if lang else ""


def _e(text: str) -> str:
    return escape(text, quote=True)


def font_stack(theme: Theme) -> str:
    """The layout's font family by name (used where the reader has it), then system fonts:
    nothing is downloaded, and every reader gets a sans-serif of the same kind."""
    family = Path(theme.fonts.regular).stem.split("-")[0]
    return (
        f'"{family}", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", '
        "system-ui, sans-serif"
    )


def css_variables(theme: Theme) -> str:
    """The layout's colours as CSS custom properties (pairs used together are the ones its
    contrast gate checks: text on background, header text on header fill, and so on)."""
    c = theme.colours
    pairs = {
        "background": c.background,
        "text": c.text,
        "muted": c.muted,
        "primary": c.primary,
        "accent": c.accent,
        "rule": c.rule,
        "header-fill": c.header_fill,
        "header-text": c.header_text,
        "band-fill": c.band_fill,
        "band-text": c.band_text,
        "section-fill": c.section_fill,
        "section-text": c.section_text,
        "stripe": c.stripe,
        "notice-fill": c.notice_fill,
        "notice-text": c.notice_text,
        "badge-fill": c.categories.ones_to_watch.fill,
        "badge-text": c.categories.ones_to_watch.text,
    }
    for name in ("green", "amber", "red", "grey"):
        swatch = getattr(c.rag, name)
        pairs[f"{name}-fill"], pairs[f"{name}-text"] = swatch.fill, swatch.text
    for name in ("going_well", "ones_to_watch", "do_better"):
        swatch = getattr(c.categories, name)
        pairs[f"{name}-fill"], pairs[f"{name}-text"] = swatch.fill, swatch.text
    lines = [f"  --{key}: {value};" for key, value in pairs.items()]
    lines.append(f"  --font: {font_stack(theme)};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def stylesheet(theme: Theme) -> str:
    return css_variables(theme) + files("committee_report.render").joinpath("html.css").read_text(
        encoding="utf-8"
    )


def inline(content: pm.Inline) -> str:
    """An Inline as HTML: text escaped, `strong` in <strong>, `emphasis` in <em>, a `link` to
    its anchor, a `url` to its address, a `badge` as a tag set apart."""
    out = []
    for span in content:
        text = _e(span.text)
        if span.badge:
            text = f'<span class="badge">{text}</span>'
        elif span.strong:
            text = f"<strong>{text}</strong>"
        if span.emphasis:
            text = f"<em>{text}</em>"
        if span.link:
            text = f'<a href="#{_e(span.link)}">{text}</a>'
        elif span.url:
            text = f'<a href="{_e(span.url)}">{text}</a>'
        out.append(text)
    return "".join(out)


class _Html:
    def __init__(self, paper: pm.Paper, theme: Theme) -> None:
        self.paper, self.theme = paper, theme
        self.ids: dict[str, int] = {}
        self.figures = 0
        self.caption = ""  # the last heading's text: a table's caption

    def uid(self, base: str) -> str:
        """An id unique in the document (`base`, then `base-2`, ...)."""
        n = self.ids.get(base, 0) + 1
        self.ids[base] = n
        return base if n == 1 else f"{base}-{n}"

    def document(self) -> str:
        p, f = self.paper, self.paper.furniture
        m = p.metadata
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{_e(m.lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(m.title)}</title>",
        ]
        for name, value in (
            ("author", m.author),
            ("description", m.subject),
            ("keywords", ", ".join(m.keywords)),
        ):
            if value:
                head.append(f'<meta name="{name}" content="{_e(value)}">')
        head += [f"<style>\n{stylesheet(self.theme)}</style>", "</head>", "<body>"]
        body = ['<a class="skip-link" href="#main-content">Skip to main content</a>']
        banner = ['<header class="masthead">']
        if f.marking:
            banner.append(f'<p class="marking">{_e(f.marking)}</p>')
        bits = [x for x in (f.header_left, f.header_right) if x]
        if bits:
            banner.append(
                '<div class="width">' + "".join(f"<p>{_e(b)}</p>" for b in bits) + "</div>"
            )
        banner.append("</header>")
        body += banner
        body.append('<main id="main-content" class="width" tabindex="-1">')
        for section in p.sections:
            body.append(self.section(section))
        body.append("</main>")
        foot = ['<footer class="page-footer"><div class="width">']
        foot += [self.paragraph(x) for x in f.strapline]
        if f.footer_left:
            foot.append(f"<p>{_e(f.footer_left)}</p>")
        if f.marking:
            foot.append(f'<p class="marking">{_e(f.marking)}</p>')
        foot.append("</div></footer>")
        body += foot
        return "\n".join(head + body + ["</body>", "</html>", ""])

    # --- sections and blocks ------------------------------------------------------------

    def section(self, section: pm.Section) -> str:
        if section.heading is None:
            return f'<div class="{_e(section.key)}">\n' + self.blocks(section.blocks) + "\n</div>"
        anchor = section.heading.anchor or self.uid(f"section-{section.key}")
        heading = dataclasses.replace(section.heading, anchor=anchor)
        return (
            f'<section class="{_e(section.key)}" aria-labelledby="{_e(anchor)}">\n'
            + self.heading(heading)
            + "\n"
            + self.blocks(section.blocks)
            + "\n</section>"
        )

    def blocks(self, blocks: tuple) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, block: object) -> str:
        if isinstance(block, pm.Heading):
            return self.heading(block)
        if isinstance(block, pm.Paragraph):
            return self.paragraph(block)
        if isinstance(block, pm.NumberedParagraph):  # a formal report's: its number, its words
            return f"<p>{_e(block.number)} {inline(block.content)}</p>"
        if isinstance(block, pm.BulletList):
            return self.bullets(block)
        if isinstance(block, pm.CategoryHeading):
            self.caption = block.label
            return (
                f'<h3 class="band cat-{_e(block.category)}"><span aria-hidden="true">'
                f"{_e(block.symbol)}</span> {_e(block.label)} "
                f'<span class="count">{_e(block.count)}</span></h3>'
            )
        if isinstance(block, pm.Logo):
            return self.logo(block)
        if isinstance(block, pm.KpiTable):
            return self.kpi_table(block)
        if isinstance(block, pm.Table):
            return self.table(block)
        if isinstance(block, pm.Figure):
            return self.figure(block, None)
        if isinstance(block, pm.IndicatorDetail):
            return self.detail(block)
        return self._unknown(block)

    def _unknown(self, block: object) -> str:
        """A block this renderer has no special form for: its nested blocks in order, else
        its text, as a paragraph (the words are the Paper's, whatever its type)."""
        if dataclasses.is_dataclass(block):
            parts = []
            for f in dataclasses.fields(block):
                value = getattr(block, f.name)
                if (
                    isinstance(value, tuple)
                    and value
                    and all(
                        dataclasses.is_dataclass(v) and not isinstance(v, pm.Span) for v in value
                    )
                ):
                    parts.append(self.blocks(value))
                elif dataclasses.is_dataclass(value) and not isinstance(value, pm.Span):
                    parts.append(self.block(value))
            if parts:
                return "\n".join(parts)
            text = getattr(block, "text", None)
            if isinstance(text, str) and text:
                return f"<p>{_e(text)}</p>"
        return ""

    def heading(self, heading: pm.Heading) -> str:
        level = min(max(heading.level, 1), 6)
        self.caption = heading.text
        anchor = f' id="{_e(heading.anchor)}"' if heading.anchor else ""
        return f"<h{level}{anchor}{lang_attr(heading.lang)}>{_e(heading.text)}</h{level}>"

    def paragraph(self, para: pm.Paragraph) -> str:
        return f'<p class="p-{_e(para.kind)}"{lang_attr(para.lang)}>{inline(para.content)}</p>'

    def bullets(self, block: pm.BulletList) -> str:
        items = "".join(f"<li{lang_attr(i.lang)}>{inline(i.content)}</li>" for i in block.items)
        if block.kind == "contents":
            return (
                f'<nav aria-label="{_e(self.caption or "Contents")}">'
                f'<ul class="contents">{items}</ul></nav>'
            )
        return f'<ul class="{_e(block.kind)}">{items}</ul>'

    def logo(self, block: pm.Logo) -> str:
        path = self.theme.branding.logo
        if not path:
            return ""
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        return f'<p><img class="logo" src="data:image/png;base64,{data}" alt="{_e(block.alt)}"></p>'

    # --- tables ---------------------------------------------------------------------------

    def wrap(self, table: str, caption_id: str) -> str:
        """A table in its own scrolling region, named by its caption and reachable by
        keyboard (so a keyboard user can scroll it)."""
        return (
            f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" '
            f'tabindex="0">\n{table}\n</div>'
        )

    def kpi_table(self, table: pm.KpiTable) -> str:
        caption_id = self.uid("kpi-caption")
        cols = table.columns
        groups: list[tuple[str, int]] = []  # (group, span) runs of neighbouring columns
        for col in cols:
            if groups and col.group and groups[-1][0] == col.group:
                groups[-1] = (col.group, groups[-1][1] + 1)
            else:
                groups.append((col.group, 1))
        two_rows = any(g for g, _ in groups)
        caption = f'<caption id="{caption_id}" class="visually-hidden">{_e(self.caption)}</caption>'
        out = [f'<table class="kpi">{caption}']
        out += [f'<colgroup span="{span}"></colgroup>' for _, span in groups]
        out.append("<thead><tr>")
        index = 0
        for group, span in groups:
            if group:
                out.append(f'<th scope="colgroup" colspan="{span}" class="group">{_e(group)}</th>')
            else:
                rows = ' rowspan="2"' if two_rows else ""
                out.append(
                    f'<th scope="col"{rows} class="{cols[index].align}">'
                    f"{_e(cols[index].header)}</th>"
                )
            index += span
        out.append("</tr>")
        if two_rows:
            out.append("<tr>")
            out += [
                f'<th scope="col" class="{c.align}">{_e(c.header)}</th>' for c in cols if c.group
            ]
            out.append("</tr>")
        out.append("</thead>")
        row_key = 0 if cols and cols[0].key == "id" else None
        body_open = False
        for row in table.rows:
            if isinstance(row, pm.SectionRow):
                if body_open:
                    out.append("</tbody>")
                out.append(
                    f'<tbody><tr class="section"><th scope="rowgroup" '
                    f'colspan="{len(cols)}">{_e(row.title)}</th></tr>'
                )
                body_open = True
                continue
            if not body_open:
                out.append("<tbody>")
                body_open = True
            cells = []
            for i, (col, cell) in enumerate(zip(cols, row.cells)):
                cells.append(self.kpi_cell(col, cell, i == row_key))
            out.append("<tr>" + "".join(cells) + "</tr>")
        if body_open:
            out.append("</tbody>")
        out.append("</table>")
        return self.wrap("\n".join(out), caption_id)

    def kpi_cell(self, col: pm.Column, cell: pm.Cell, row_header: bool) -> str:
        classes: list[str] = [col.align] if col.align != "left" else []
        if col.key in ("month", "comparator", "target", "headline"):
            classes.append("num")
        if col.key == "title":
            classes.append("title")
        if isinstance(cell, pm.RagCell):
            classes += ["rag", f"rag-{cell.rag}"]
            body = f'<span aria-hidden="true">{_e(cell.symbol)}</span> {_e(cell.word)}'
        elif isinstance(cell, pm.TrendCell):
            classes.append("nowrap")
            body = _e(cell.text)
        elif isinstance(cell, pm.SparklineCell):
            classes.append("sparkline")
            body = sparkline(cell)
        else:
            body = _e(cell.text)
        cls = f' class="{" ".join(classes)}"' if classes else ""
        if row_header:
            return f'<th scope="row"{cls}>{body}</th>'
        return f"<td{cls}>{body}</td>"

    def table(self, table: pm.Table) -> str:
        caption_id = self.uid(f"{table.kind}-caption")
        out = [
            (
                f'<table class="{_e(table.kind)}"{lang_attr(table.lang)}>'
                f'<caption id="{caption_id}" class="visually-hidden">{_e(self.caption)}</caption>'
            ),
            "<thead><tr>",
        ]
        out += [f'<th scope="col">{_e(h)}</th>' for h in table.header]
        out.append("</tr></thead><tbody>")
        for index, row in enumerate(table.rows):
            rag = table.rags[index] if index < len(table.rags) else None
            cells = []
            for i, content in enumerate(row):
                if i == 0:
                    cls = f' class="rag rag-{rag}"' if rag else ""
                    cells.append(f'<th scope="row"{cls}>{inline(content)}</th>')
                else:
                    cells.append(f"<td>{inline(content)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        return self.wrap("\n".join(out), caption_id)

    # --- figures and indicator detail ---------------------------------------------------

    def figure(self, figure: pm.Figure, title_id: str | None) -> str:
        from committee_report.charts.whole import render_chart_whole
        from committee_report.render.detail import chart_spec

        self.figures += 1
        n = self.figures
        svg = render_chart_whole(chart_spec(figure.chart, self.theme), CHART_FORMAT).decode()
        alt_id = f"figure-{n}-alt"
        svg = inline_svg(svg, f"f{n}-", alt_id, figure.alt, figure.lang)
        title = (
            f'<p class="p-chart_title" id="{title_id}">{_e(figure.title)}</p>'
            if title_id
            else f'<p class="p-chart_title">{_e(figure.title)}</p>'
        )
        return (
            f"{title}\n<figure>\n{svg}\n<figcaption{lang_attr(figure.caption_lang)}>"
            f"{_e(figure.caption)} "
            f"{_e(figure.source)}</figcaption>\n</figure>"
        )

    def detail(self, detail: pm.IndicatorDetail) -> str:
        h = detail.heading
        anchor = h.anchor or self.uid(f"indicator-{detail.indicator_id}")
        out = [
            f'<article class="indicator" aria-labelledby="{_e(anchor)}">',
            self.heading(dataclasses.replace(h, anchor=anchor)),
            self.paragraph(detail.facts),
        ]
        if detail.figure is not None:
            out.append(self.figure(detail.figure, None))
        if detail.why is not None:
            out.append(self.paragraph(detail.why))
        if detail.evidence is not None:
            out.append(self.bullets(detail.evidence))
        if detail.definition is not None:
            out.append(self.paragraph(detail.definition))
        out += [self.paragraph(p) for p in detail.commentary]
        out.append("</article>")
        return "\n".join(out)


_SVG_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def inline_svg(svg: str, prefix: str, alt_id: str, alt: str, lang: str | None = None) -> str:
    """Matplotlib's SVG made fit to sit in a page: no XML prolog or metadata, every id
    prefixed (ids must be unique in the page, and two charts share marker shapes), sized by
    its viewBox (so CSS scales it), and announced as one image named by the alt text."""
    svg = _METADATA.sub("", _SVG_HEAD.sub("", svg, count=1))
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(
        r"(xlink:href=\"#|url\(#)([^\")]+)",
        lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in ids else m.group(2)),
        svg,
    )
    svg = re.sub(
        r'<svg\b[^>]*?(viewBox="[^"]+")[^>]*>',
        lambda m: (
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" {m.group(1)} '
            f'role="img" aria-labelledby="{alt_id}" focusable="false"{lang_attr(lang)}>'
            f'<title id="{alt_id}">{_e(alt)}</title>'
        ),
        svg,
        count=1,
    )
    return svg.strip()


def sparkline(cell: pm.SparklineCell) -> str:
    """The monthly values as a small line, named by the cell's alt text."""
    numbers = [v for v in cell.values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = 60 / max(1, len(cell.values) - 1)
    points = " ".join(
        f"{i * step:.1f},{18 - (v - low) / span * 16:.1f}"
        for i, v in enumerate(cell.values)
        if v is not None
    )
    return (
        f'<svg viewBox="-1 0 62 20" role="img" aria-label="{_e(cell.alt)}"{lang_attr(cell.lang)} '
        f'focusable="false"><polyline points="{points}" fill="none" '
        'stroke="currentColor" stroke-width="1.5"/></svg>'
    )
