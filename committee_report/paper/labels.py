"""The layout's words, as compose needs them: how ratings, categories and directions are
named and marked, which sections and KPI columns appear, and the branding's texts."""

from __future__ import annotations

from dataclasses import dataclass, field

from committee_report.inputs.report_layout import ReportSettings
from committee_report.inputs.theme import Theme
from committee_report.model import CATEGORIES, CATEGORY_LABELS, CategoryScheme
from committee_report.paper.words import DEFAULT_LANG, Words, words


@dataclass(frozen=True)
class Mark:
    """A symbol and the word that says the same thing (a RAG rating, a category, an arrow)."""

    symbol: str
    word: str


@dataclass(frozen=True)
class Labels:
    """The layout's words: how ratings, categories and directions are named and marked,
    which sections and KPI columns appear in what order, the branding's texts, and how a
    formal report around the analysis is set out. A layout changes these and the look;
    compose turns them into the paper's words."""

    rag: dict[str, Mark]
    categories: dict[str, Mark]
    trend: dict[str, str]
    direction: dict[str, Mark]
    sections: tuple[str, ...]
    columns: tuple[str, ...]
    wordmark: str = ""
    wordmark_sub: str = ""
    strapline: str = ""
    strapline_sub: str = ""
    website: str = ""
    logo: bool = False
    data_notes: bool = True
    """Whether the appendix prints the notes on the data."""
    report: ReportSettings | None = None
    branding_lang: str = "en-GB"
    words: Words = field(default_factory=Words)
    """The paper's other fixed words in its language (paper/words.py): section titles,
    "In this paper", "None this month.", "6 items", the facts' labels; `words.lang` is the
    paper's BCP 47 language tag."""

    @classmethod
    def from_theme(cls, theme: Theme, lang: str = DEFAULT_LANG) -> Labels:
        """The layout's words, in `lang`: for a language other than English the label file's
        rating, group and direction words replace the layout's English ones."""
        c, b = theme.colours, theme.branding
        w = words(lang, {k: dict(v) for k, v in theme.labels})
        return cls(
            rag={
                k: Mark(getattr(c.rag, k).symbol, w.get(f"rag.{k}") or getattr(c.rag, k).label)
                for k in ("green", "amber", "red", "grey")
            },
            categories={
                k: Mark(
                    getattr(c.categories, k).symbol,
                    w.get(f"category.{k}") or getattr(c.categories, k).label,
                )
                for k in CATEGORIES
            },
            trend={
                k: w.get(f"trend.{k}") or getattr(theme.trend, k)
                for k in ("improving", "stable", "worsening")
            },
            direction={
                k: Mark(
                    getattr(theme.direction, k).symbol,
                    w.get(f"direction.{k}") or getattr(theme.direction, k).word,
                )
                for k in ("rising", "falling", "flat")
            },
            words=w,
            sections=theme.sections,
            columns=theme.columns,
            wordmark=b.wordmark,
            wordmark_sub=b.wordmark_sub,
            strapline=b.strapline,
            strapline_sub=b.strapline_sub,
            website=b.website,
            logo=bool(b.logo),
            data_notes=theme.data_notes,
            branding_lang=b.lang or "en-GB",
            report=theme.report,
        )

    def category(self, category: str) -> str:
        """The category's label (the built-in one where the layout leaves it empty)."""
        return self.categories[category].word or CATEGORY_LABELS[category]

    def listed(self, scheme: CategoryScheme, category: str) -> Mark:
        """The symbol and label of the scheme's list a rule category (or list id) goes to:
        the layout's for the default lists, the council's own where the rules name them."""
        item = scheme.list_of(category) or scheme.get(category)
        return Mark(
            self.categories[item.style].symbol, scheme.label(item.id, self.category(item.style))
        )
