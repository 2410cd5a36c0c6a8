"""A layout as the rest of the package sees it: frozen records, loaded and checked by
inputs/theme.py (kept apart so the loader stays readable)."""

from __future__ import annotations

from dataclasses import dataclass

from committee_report.inputs.report_layout import ReportSettings


@dataclass(frozen=True)
class Swatch:
    """A RAG rating or category: fill colour, text colour on it, and the non-colour cues."""

    fill: str
    text: str
    symbol: str
    label: str


@dataclass(frozen=True)
class Mark:
    """A direction-of-travel arrow and the word that says the same thing."""

    symbol: str
    word: str


@dataclass(frozen=True)
class Page:
    """Sizes in points; `width`/`height` are for text pages, `table_*` for the KPI tables."""

    width: float
    height: float
    table_width: float
    table_height: float
    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@dataclass(frozen=True)
class Sizes:
    body: float
    small: float
    table: float
    table_min: float
    h1: float
    h2: float
    h3: float
    cover_title: float


@dataclass(frozen=True)
class RagSwatches:
    green: Swatch
    amber: Swatch
    red: Swatch
    grey: Swatch


@dataclass(frozen=True)
class CategorySwatches:
    going_well: Swatch
    ones_to_watch: Swatch
    do_better: Swatch


@dataclass(frozen=True)
class TrendWords:
    """How performance moved (polarity applied): the word printed beside the arrow."""

    improving: str
    stable: str
    worsening: str


@dataclass(frozen=True)
class Directions:
    """Which way the value moved (polarity-free): the arrow, and a word for no-polarity rows."""

    rising: Mark
    falling: Mark
    flat: Mark


@dataclass(frozen=True)
class ChartColours:
    palette: tuple[str, ...]
    background: str
    target: str
    grid: str
    text: str


@dataclass(frozen=True)
class Colours:
    text: str
    muted: str
    background: str
    primary: str
    accent: str
    rule: str
    header_fill: str
    header_text: str
    band_fill: str
    band_text: str
    section_fill: str
    section_text: str
    stripe: str
    notice_fill: str
    notice_text: str
    rag: RagSwatches
    categories: CategorySwatches
    chart: ChartColours


@dataclass(frozen=True)
class Branding:
    wordmark: str
    wordmark_sub: str
    strapline: str
    strapline_sub: str
    website: str
    logo: str | None
    lang: str = "en-GB"
    """The language the branding's words are in: a paper in another language marks them."""


@dataclass(frozen=True)
class ChartSettings:
    dpi: int
    width_mm: float
    height_mm: float
    font_size: float


@dataclass(frozen=True)
class TableSettings:
    max_rows: int
    max_title_lines: int


@dataclass(frozen=True)
class Theme:
    """Everything about the look of a paper, and nothing about its content."""

    name: str
    source: str
    page: Page
    fonts: Fonts
    sizes: Sizes
    colours: Colours
    trend: TrendWords
    direction: Directions
    branding: Branding
    sections: tuple[str, ...]
    columns: tuple[str, ...]
    chart: ChartSettings
    table: TableSettings
    report: ReportSettings
    files: tuple[str, ...] = ()
    """Every file the layout reads (its YAML layers, fonts, logo): never an output."""
    data_notes: bool = True
    """Whether the appendix prints the notes on the data (where the table and the paper differ)."""
    labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """The layout's own fixed words per language (`labels: {cy: {contents: ...}}`), over the
    shipped data/labels/<lang>.yaml; see paper/words.py."""

    def rag(self, rag: str) -> Swatch:
        return getattr(self.colours.rag, rag)

    def category(self, category: str) -> Swatch:
        return getattr(self.colours.categories, category)
