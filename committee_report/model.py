"""The domain model: plain frozen dataclasses that every stage passes along.

Data flows one way: ingest -> model -> rules -> narrative -> layout -> pdf. Nothing here reads
files or draws; it only names the things the paper is made of.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Literal

Polarity = Literal["bigger_is_better", "smaller_is_better"]
CellStatus = Literal["value", "blank", "not_measured", "not_applicable", "suppressed"]
Unit = Literal["percent", "rate", "count", "number"]
Basis = Literal["ytd", "latest"]
Rag = Literal["green", "amber", "red", "grey"]
Trend = Literal["improving", "stable", "worsening"]
Position = Literal["better", "similar", "worse"]
Category = Literal["going_well", "ones_to_watch", "do_better"]
Movement = Literal["new", "improved", "worsened", "unchanged"]
Direction = Literal["rising", "falling", "flat"]

CATEGORIES: tuple[Category, ...] = ("going_well", "ones_to_watch", "do_better")
CATEGORY_LABELS: dict[str, str] = {
    "going_well": "Going well",
    "ones_to_watch": "Ones to watch",
    "do_better": "Things to do better",
}
RAG_LABELS: dict[str, str] = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month; `str()` is `YYYY-MM`, `label` is the paper's `Feb-21`."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{calendar.month_abbr[self.month]}-{self.year % 100:02d}"

    @property
    def long_label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    @property
    def financial_year_start(self) -> Period:
        """April of the UK financial year this month falls in."""
        return Period(self.year if self.month >= 4 else self.year - 1, 4)

    @property
    def financial_year_label(self) -> str:
        start = self.financial_year_start.year
        return f"{start}/{(start + 1) % 100:02d}"

    @classmethod
    def parse(cls, text: str) -> Period:
        year, month = text.split("-")
        return cls(int(year), int(month))


@dataclass(frozen=True)
class Value:
    """One scorecard cell: the text as typed and what it means.

    `number` is in display units: 81.0 for `81%`, 1219.0 for `1,219`. `decimals` is how many
    digits the input showed after the point, so the paper can print numbers as the input did.
    """

    text: str
    number: float | None = None
    status: CellStatus = "blank"
    percent: bool = False
    decimals: int = 0

    @property
    def is_number(self) -> bool:
        return self.number is not None and self.status == "value"


BLANK = Value("")


@dataclass(frozen=True)
class SourceRef:
    """Where a row came from, for messages: `file:row`."""

    file: str
    row: int


@dataclass(frozen=True)
class Comparator:
    name: str
    value: Value


@dataclass(frozen=True)
class Indicator:
    """One KPI row of the scorecard, exactly as the input gave it."""

    id: str
    title: str
    section: str | None
    polarity: Polarity | None
    polarity_text: str
    series: tuple[Value, ...]
    officer: str
    target: Value
    reported_rag: Rag | None
    reported_basis: Basis | None
    reported_basis_text: str
    reported_headline: Value
    comparators: tuple[Comparator, ...]
    source: SourceRef
    commentary: str | None = None


@dataclass(frozen=True)
class Scorecard:
    """The whole table: its months, its indicators in order, and its column headers."""

    path: str
    periods: tuple[Period, ...]
    indicators: tuple[Indicator, ...]
    comparator_names: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)
    """Display headers of the fixed columns as the input spelled them, keyed by role:
    id, title, polarity, officer, target, rag, basis, headline."""
    notices: tuple[str, ...] = ()
    """Things the reader of the input should know, e.g. the encoding that was guessed."""

    @property
    def sections(self) -> tuple[str, ...]:
        seen: list[str] = []
        for indicator in self.indicators:
            if indicator.section and indicator.section not in seen:
                seen.append(indicator.section)
        return tuple(seen)

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)


@dataclass(frozen=True)
class IndicatorInfo:
    """What the catalogue YAML adds to an indicator; every field optional."""

    short_title: str | None = None
    polarity: Polarity | None = None
    """Overrides a blank polarity in the scorecard, where the council has a desired direction."""
    unit: Unit | None = None
    aggregation: Literal["mean", "sum"] | None = None
    basis: Basis | None = None
    amber_tolerance: float | None = None
    amber_relative: bool = False
    definition: str | None = None
    commentary: str | None = None
    group: str | None = None
    featured: bool | None = None


@dataclass(frozen=True)
class BenchmarkPosition:
    name: str
    value: Value
    position: Position | None


@dataclass(frozen=True)
class ConditionResult:
    """One leaf of a rule's condition as evaluated: after pandera's CheckResult."""

    metric: str
    op: str
    expected: object
    actual: object
    passed: bool


@dataclass(frozen=True)
class Assessment:
    """An indicator as the rules engine judged it, with every reason kept."""

    indicator: Indicator
    info: IndicatorInfo
    unit: Unit
    basis: Basis
    headline: float | None
    headline_text: str
    target: float | None
    rag: Rag
    trend: Trend | None
    benchmarks: tuple[BenchmarkPosition, ...]
    months_off_target: int
    category: Category | None
    rule: str | None
    reasons: tuple[str, ...]
    trace: tuple[ConditionResult, ...] = ()
    narrative: str = ""
    chart_title: str = ""
    chart_alt: str = ""
    warnings: tuple[str, ...] = ()
    previous_category: Category | None = None
    previous_rag: Rag | None = None
    movement: Movement | None = None
    change: Direction | None = None
    """Polarity-free direction over the trend window, for indicators with no polarity."""
    trend_before: float | None = None
    trend_after: float | None = None
    """Means of the earlier and the recent trend windows, in display units."""
    amber_band: float | None = None
    """Width of the amber band below (or above) the target, in display units."""
    latest_rag: Rag | None = None
    """RAG of the latest month on its own (a year-to-date headline can differ from it)."""
    short_trend: Trend | None = None
    """Latest month against the month before."""
    short_change: Direction | None = None
    long_trend: Trend | None = None
    """Latest month against the same month a year earlier."""
    long_change: Direction | None = None
    commentary: str | None = None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def polarity(self) -> Polarity | None:
        """The effective polarity, defined here once: the scorecard's, else the catalogue's
        (where the table leaves it blank but the council has a desired direction)."""
        return self.indicator.polarity or self.info.polarity


@dataclass(frozen=True)
class Bullet:
    """One line of an overview panel: narrative text and the indicators behind it."""

    category: Category
    text: str
    indicator_ids: tuple[str, ...]
    new: bool = False


@dataclass(frozen=True)
class RuleDescription:
    """A classification rule in plain words, for the appendix."""

    id: str
    category: Category | None
    description: str


@dataclass(frozen=True)
class Change:
    """An indicator that moved between categories since the previous paper."""

    indicator_id: str
    title: str
    previous_category: Category | None
    category: Category | None
    movement: Movement
    rule: str | None
    reason: str


@dataclass(frozen=True)
class PaperInfo:
    """Per-paper facts from the paper YAML: what goes on the cover and in the metadata."""

    council: str = ""
    committee: str = ""
    title: str = "Performance report"
    subtitle: str = ""
    date: str = ""
    period_label: str = ""
    agenda_item: str = ""
    author: str = ""
    marking: str = ""
    keywords: tuple[str, ...] = ()
    sample_notice: str = ""
    glossary: tuple[tuple[str, str], ...] = ()
    lang: str = "en-GB"
    """The paper's language, a BCP 47 tag (`en-GB`, `cy`): the document's /Lang, dc:language
    and the label file its fixed words come from (data/labels/)."""


@dataclass(frozen=True)
class Report:
    """Everything the layout needs, computed: the layout never computes a figure."""

    paper: PaperInfo
    scorecard: Scorecard
    period: Period
    previous_period: Period | None
    assessments: tuple[Assessment, ...]
    bullets: tuple[Bullet, ...]
    changes: tuple[Change, ...]
    rules: tuple[RuleDescription, ...]
    warnings: tuple[str, ...]
    featured: tuple[str, ...]
    """Ids of indicators that get a chart page, in paper order."""
    exceptions_only: bool = False
