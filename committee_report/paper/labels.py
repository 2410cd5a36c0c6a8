"""The layout's words, as compose needs them: how ratings, categories and directions are
named and marked, which sections and KPI columns appear, and the branding's texts."""

from __future__ import annotations

from dataclasses import dataclass

from committee_report.inputs.theme import Theme
from committee_report.model import CATEGORIES, CATEGORY_LABELS


@dataclass(frozen=True)
class Mark:
    """A symbol and the word that says the same thing (a RAG rating, a category, an arrow)."""

    symbol: str
    word: str


@dataclass(frozen=True)
class Labels:
    """The layout's words: how ratings, categories and directions are named and marked,
    which sections and KPI columns appear in what order, and the branding's texts. A layout
    changes these and the look; compose turns them into the paper's words."""

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

    @classmethod
    def from_theme(cls, theme: Theme) -> Labels:
        c, b = theme.colours, theme.branding
        return cls(
            rag={k: Mark(getattr(c.rag, k).symbol, getattr(c.rag, k).label)
                 for k in ("green", "amber", "red", "grey")},
            categories={k: Mark(getattr(c.categories, k).symbol, getattr(c.categories, k).label)
                        for k in CATEGORIES},
            trend={k: getattr(theme.trend, k) for k in ("improving", "stable", "worsening")},
            direction={k: Mark(getattr(theme.direction, k).symbol,
                               getattr(theme.direction, k).word)
                       for k in ("rising", "falling", "flat")},
            sections=theme.sections, columns=theme.columns, wordmark=b.wordmark,
            wordmark_sub=b.wordmark_sub, strapline=b.strapline, strapline_sub=b.strapline_sub,
            website=b.website, logo=bool(b.logo))

    def category(self, category: str) -> str:
        """The category's label (the built-in one where the layout leaves it empty)."""
        return self.categories[category].word or CATEGORY_LABELS[category]
