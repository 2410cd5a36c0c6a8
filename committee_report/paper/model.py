"""The paper as a document, free of any format: every word, cell and figure it shows.

`compose(report, labels)` (paper/compose.py) decides all of it; a renderer (the PDF in
render/, or any other) maps a `Paper` and its own look to pages and writes no sentence of its
own. The model is frozen and holds only text, numbers and keys (a RAG rating, a category, an
anchor), never a colour, font or size, so that two renderers of one Paper say the same thing
and every word of the paper can be tested without a PDF (see tests/golden/sample-paper.json).

Text is plain Unicode, never markup: a renderer escapes it for its own format. A run of text
that needs emphasis or a link is an `Inline` (a tuple of `Span`s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from committee_report.model import Category, Rag

Align = Literal["left", "right", "center"]
ParagraphKind = Literal[
    "body",
    "lead",
    "small",
    "detail",
    "facts",
    "notice",
    "chart_title",
    "wordmark",
    "wordmark_sub",
    "cover_council",
    "cover_committee",
    "cover_detail",
    "strapline",
    "strapline_sub",
    "website",
]
"""What a paragraph is for (its role in the paper), so a renderer can give each role its own
style: `lead` is an introduction set quietly, `small` a key or definition, `detail` the words
of an indicator's page, `facts` the line of figures under its heading, `notice` a boxed note."""


@dataclass(frozen=True)
class Span:
    """A run of text: `strong` for a label such as "Target:", `link` the `anchor` of a
    Heading it points to, `badge` a short tag set apart from the text (e.g. "New");
    `emphasis` (italic) and `url` (a web or mail address) come from a formal report's text."""

    text: str
    strong: bool = False
    link: str | None = None
    badge: bool = False
    emphasis: bool = False
    url: str | None = None


Inline = tuple[Span, ...]


def plain(inline: Inline) -> str:
    """The words of an Inline without its emphasis."""
    return "".join(span.text for span in inline)


def spans(text: str) -> Inline:
    """Plain text as an Inline (none when the text is empty)."""
    return (Span(text),) if text else ()


@dataclass(frozen=True)
class Heading:
    """A heading of the document outline: `level` 1 is the paper's title, 2 a section, 3 a
    part of one. `anchor` names it for links and bookmarks; `outline` is the bookmark's text
    where it differs from the heading's (a shorter title)."""

    text: str
    level: int
    anchor: str | None = None
    outline: str | None = None
    lang: str | None = None
    """Its language where it is not the paper's (see `Paragraph.lang`)."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; see `ParagraphKind` for what `kind` says."""

    content: Inline
    kind: ParagraphKind = "body"
    lang: str | None = None
    """The BCP 47 tag of the paragraph's language where it is not the paper's (`Paper.
    metadata.lang`), e.g. an English strapline on a Welsh paper; None: the paper's."""

    @property
    def text(self) -> str:
        return plain(self.content)


@dataclass(frozen=True)
class NumberedParagraph:
    """A paragraph of a formal report with its number ("2.3"), which is part of what it
    says: a councillor refers to it by number, so it is read with it, not as decoration."""

    number: str
    content: Inline

    @property
    def text(self) -> str:
        return f"{self.number} {plain(self.content)}"


@dataclass(frozen=True)
class ListItem:
    """One item of a list. `page_of` names the anchor whose page number is the item's label
    (a contents entry); `label` is a label of its own (a recommendation's number "2.1");
    otherwise the label is a bullet."""

    content: Inline
    page_of: str | None = None
    label: str | None = None
    lang: str | None = None
    """Its language where it is not the paper's (see `Paragraph.lang`)."""


@dataclass(frozen=True)
class BulletList:
    """A list. `kind` "evidence" is the smaller list of the figures behind a judgement,
    "contents" the cover's list of sections with page numbers, "numbered" a list whose
    items carry their own labels (a formal report's recommendations), "bullets" any other."""

    items: tuple[ListItem, ...]
    kind: Literal["bullets", "evidence", "contents", "numbered"] = "bullets"


@dataclass(frozen=True)
class FrontSheet:
    """A formal report's front sheet: the facts a committee clerk files it by (committee,
    meeting date, agenda item, lead officer, wards, decision or information, key decision...),
    each row a label and its value, in the layout's order and words. A table with the labels
    as row headers, so each value is read with its label."""

    rows: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class CategoryHeading:
    """The heading of an overview panel (a level-3 heading): the category's label and symbol
    (shape as well as colour carries it), and how many items the panel holds."""

    category: Category
    label: str
    symbol: str
    count: str

    @property
    def text(self) -> str:
        return self.label


@dataclass(frozen=True)
class Logo:
    """The council's logo (the picture is the renderer's, from its branding), and its alt
    text."""

    alt: str


# --- KPI tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a KPI table: `key` says what it holds (id, title, polarity, month, sparkline,
    officer, target, rag, basis, headline, trend, comparator), `header` its label, `group` the
    band over it shared with its neighbours (a financial year, "Direction of travel",
    "Comparative Data"; empty for none), `align` how its cells line up."""

    key: str
    header: str
    group: str = ""
    align: Align = "left"


@dataclass(frozen=True)
class TextCell:
    """A cell of text as printed (a figure keeps the characters the scorecard gave)."""

    text: str


@dataclass(frozen=True)
class RagCell:
    """A RAG rating: the rating, and the symbol and word that say it without colour."""

    rag: Rag
    symbol: str
    word: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.word}"


@dataclass(frozen=True)
class TrendCell:
    """A direction of travel: the arrow for which way the value moved, and the word for what
    that means for the indicator (or the direction again, for an indicator with no
    polarity). Both empty reads "n/a" (the comparison could not be made)."""

    arrow: str
    word: str

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.word}".strip() or "n/a"


@dataclass(frozen=True)
class SparklineCell:
    """The monthly values as a small line (None where a month has no number), decorative:
    the row's own cells carry the figures. `alt` describes it for the structure tree."""

    values: tuple[float | None, ...]
    alt: str
    lang: str | None = None
    """The language of `alt` where it is not the paper's."""

    @property
    def text(self) -> str:
        return ""


Cell = TextCell | RagCell | TrendCell | SparklineCell


@dataclass(frozen=True)
class KpiRow:
    """One indicator's row: one cell per column of the table."""

    indicator_id: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class SectionRow:
    """A row spanning the table that starts a section of the scorecard ("Caseloads")."""

    title: str


@dataclass(frozen=True)
class KpiTable:
    """Every indicator of the paper in the scorecard's order, with section rows between.

    A title too long for any page is cut and ended with `shortened`, or replaced by
    `too_long` where not even a part of it fits (where, is the renderer's to measure). A
    section that runs on to another page is named again at its top, as `continued` says
    ("Caseloads (continued)"), so a reader who turns the page still knows where they are."""

    columns: tuple[Column, ...]
    rows: tuple[KpiRow | SectionRow, ...]
    shortened: str = " … (title shortened)"
    too_long: str = "(title too long to print)"
    continued: str = "{section} (continued)"


# --- Figures and indicator pages ----------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    """A comparator drawn beside the line: its name, value and the value as printed."""

    name: str
    value: float
    text: str


@dataclass(frozen=True)
class LineChart:
    """What a line chart of an indicator draws: the month labels and values (None for a
    month with no number), whether values are percentages, the y-axis label, the target and
    its label, comparators, and the label of the latest point. No colour, font or size."""

    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    percent: bool
    y_label: str
    target: float | None
    target_text: str
    comparators: tuple[ChartPoint, ...]
    latest_text: str


@dataclass(frozen=True)
class Figure:
    """A chart with its message title (what it shows), caption (what the axes hold), source
    line and alt text written from the data for someone who cannot see it."""

    chart: LineChart
    title: str
    caption: str
    source: str
    alt: str
    lang: str | None = None
    """The language of the alt text where it is not the paper's."""
    caption_lang: str | None = None
    """The language of the caption and source line where it is not the paper's."""


@dataclass(frozen=True)
class IndicatorDetail:
    """One featured indicator's page, kept together: heading, the line of facts, the figure,
    why it is here (narrative, category, rule), the evidence, its definition, and the
    officer's commentary (which alone may run on to the next page)."""

    indicator_id: str
    heading: Heading
    facts: Paragraph
    figure: Figure | None
    why: Paragraph | None
    evidence: BulletList | None
    definition: Paragraph | None
    commentary: tuple[Paragraph, ...] = ()


# --- Appendix tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A simple table with one header row: the changes since the last paper, the rules, the
    meanings of polarity and RAG, the glossary, or a table an officer wrote in a formal
    report ("report", columns of equal width). `kind` names which (a renderer may size
    columns by it); `rags` gives a row's RAG rating where its first cell names one."""

    kind: Literal["changes", "rules", "polarity", "rag", "glossary", "report"]
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    rags: tuple[Rag | None, ...] = ()
    lang: str | None = None
    """Its language where it is not the paper's (see `Paragraph.lang`)."""


Block = (
    Heading
    | Paragraph
    | BulletList
    | CategoryHeading
    | Logo
    | KpiTable
    | Figure
    | IndicatorDetail
    | Table
    | NumberedParagraph
    | FrontSheet
)


@dataclass(frozen=True)
class Section:
    """A part of the paper in the layout's order: `key` is one of cover, overview,
    kpi_tables, details, changes, appendix; `heading` is None for the cover, whose title is
    its own heading. A formal report adds `front_sheet` (the paper's own cover, with the
    report's level-1 title) and `report` sections before the analysis, whose cover's title
    is then a level-2 heading, "Appendix A: ...". `appendix` is True for the analysis's
    sections in such a paper."""

    key: str
    heading: Heading | None
    blocks: tuple[Block, ...]
    appendix: bool = False


@dataclass(frozen=True)
class Furniture:
    """What every page repeats: the running header (left and right), the footer's left text,
    the protective marking (top and bottom of every page), the cover's strapline, and the page
    label ("Page {page} of {pages}")."""

    header_left: str
    header_right: str
    footer_left: str
    marking: str
    strapline: tuple[Paragraph, ...] = ()
    page_label: str = "Page {page} of {pages}"
    appendix_page_label: str = ""
    """The page label of the appendix when it numbers its own pages ("Page A{page} of
    A{pages}", both counted from its first page); empty: pages are numbered on through."""


@dataclass(frozen=True)
class Metadata:
    """The document's properties: title, author, subject, keywords, and `lang`, the paper's
    language as a BCP 47 tag (`en-GB`, `cy`), from `paper.lang`: the document's /Lang and
    dc:language, and the language its fixed words are in (data/labels/<lang>.yaml)."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str = "en-GB"


@dataclass(frozen=True)
class Paper:
    """The whole paper: properties, page furniture and the sections in order."""

    metadata: Metadata
    furniture: Furniture
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
