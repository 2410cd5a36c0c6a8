"""Compose a formal report around the analysis: front sheet, numbered sections, then the
analysis as Appendix A, all as blocks of the one paper model, so every renderer sets it
without a special case.

The layout decides the front sheet's fields and words, the numbering (`paragraphs`: sections
1., 2. and paragraphs 1.1, 1.2; `sections`: headings only; `none`), which section's numbered
paragraphs are read as the list of recommendations, and the appendix's title.
"""

from __future__ import annotations

from committee_report.inputs.report_layout import ReportSettings
from committee_report.model import Report
from committee_report.paper import model as pm
from committee_report.paper.labels import Labels
from committee_report.paper.report import APPENDIX_ANCHOR, LABELS, FormalReport, _key


def formal_sections(
    report: Report,
    formal: FormalReport,
    labels: Labels,
    settings: ReportSettings,
    analysis: list[pm.Section],
) -> list[pm.Section]:
    """The front sheet and the report's sections, then `analysis` as the appendix."""
    body = [
        _section(n, s.title, s.blocks, settings) for n, s in enumerate(formal.sections, start=1)
    ]
    appendix_title = f"{settings.appendix_title}: {report.paper.title}"
    front = _front_sheet(formal, labels, settings, body, appendix_title)
    return [front, *body, *_appendix(analysis, appendix_title)]


def _front_sheet(
    formal: FormalReport,
    labels: Labels,
    settings: ReportSettings,
    body: list[pm.Section],
    appendix_title: str,
) -> pm.Section:
    blocks: list[pm.Block] = []
    if labels.logo:
        blocks.append(pm.Logo(alt=f"{labels.wordmark or formal.field('committee')} logo"))
    if labels.wordmark:
        blocks.append(pm.Paragraph(pm.spans(labels.wordmark), "wordmark"))
    if labels.wordmark_sub:
        blocks.append(pm.Paragraph(pm.spans(labels.wordmark_sub), "wordmark_sub"))
    blocks.append(pm.Heading(formal.title, 1))
    if formal.sample_notice:
        blocks.append(
            pm.Paragraph(
                (pm.Span(LABELS["sample"], strong=True), pm.Span(f" {formal.sample_notice}")),
                "notice",
            )
        )
    rows = tuple(
        (settings.label(name), pm.spans(formal.field(name)))
        for name in settings.front_sheet
        if formal.field(name)
    )
    if rows:
        blocks.append(pm.FrontSheet(rows))
    blocks.append(pm.Heading(LABELS["contents"], 2))
    entries = [(s.heading.text, s.heading.anchor) for s in body if s.heading is not None]
    entries.append((appendix_title, APPENDIX_ANCHOR))
    blocks.append(
        pm.BulletList(
            tuple(
                pm.ListItem((pm.Span(text, link=anchor),), page_of=anchor)
                for text, anchor in entries
            ),
            "contents",
        )
    )
    return pm.Section("front_sheet", None, tuple(blocks))


def _section(
    number: int, title: str, blocks: tuple[pm.Block, ...], settings: ReportSettings
) -> pm.Section:
    """A report section numbered as the layout says. With paragraph numbering every
    paragraph and every item of an ordered list is numbered on (3.1, 3.2 ...); in the
    recommendations section the numbered paragraphs are one list, read as a list."""
    numbered = settings.numbering != "none"
    by_paragraph = settings.numbering == "paragraphs"
    recommendations = _key(title) == _key(settings.recommendations)
    heading = pm.Heading(f"{number}. {title}" if numbered else title, 2, anchor=f"report-{number}")
    out: list[pm.Block] = []
    count = 0
    pending: list[pm.ListItem] = []

    def flush() -> None:
        if pending:
            out.append(pm.BulletList(tuple(pending), "numbered"))
            pending.clear()

    for block in blocks:
        if isinstance(block, pm.BulletList) and block.kind == "numbered":
            items = []
            for index, item in enumerate(block.items, start=1):
                if by_paragraph:
                    count += 1
                label = f"{number}.{count}" if by_paragraph else f"{index}."
                items.append(pm.ListItem(item.content, label=label))
            pending.extend(items)
            if not recommendations:
                flush()
            continue
        if isinstance(block, pm.Paragraph) and by_paragraph:
            count += 1
            if recommendations:
                pending.append(pm.ListItem(block.content, label=f"{number}.{count}"))
                continue
            flush()
            out.append(pm.NumberedParagraph(f"{number}.{count}", block.content))
            continue
        flush()
        out.append(block)
    flush()
    return pm.Section("report", heading, tuple(out))


def _appendix(analysis: list[pm.Section], title: str) -> list[pm.Section]:
    """The analysis as it is, its sections marked as the appendix; its cover's title (the
    paper's one level-1 heading until now) becomes the appendix's level-2 heading, under
    which its contents are a level-3 part."""
    out: list[pm.Section] = []
    heading = pm.Heading(title, 2, anchor=APPENDIX_ANCHOR)
    if not analysis or analysis[0].key != "cover":  # a layout without a cover: make one
        contents = [s.heading for s in analysis if s.heading is not None]
        out.append(
            pm.Section(
                "cover",
                None,
                (
                    heading,
                    pm.BulletList(
                        tuple(
                            pm.ListItem((pm.Span(h.text, link=h.anchor),), page_of=h.anchor)
                            for h in contents
                        ),
                        "contents",
                    ),
                ),
                True,
            )
        )
    for section in analysis:
        if section.key != "cover":
            out.append(pm.Section(section.key, section.heading, section.blocks, True))
            continue
        blocks: list[pm.Block] = []
        for block in section.blocks:
            if isinstance(block, pm.Heading) and block.level == 1:
                blocks.append(heading)
            elif isinstance(block, pm.Heading):
                blocks.append(pm.Heading(LABELS["appendix_contents"], 3))
            else:
                blocks.append(block)
        out.append(pm.Section("cover", None, tuple(blocks), True))
    return out
