"""The domain model: plain frozen dataclasses that every stage passes along.

Data flows one way: ingest -> model -> rules -> narrative -> layout -> pdf. Nothing here reads
files or draws; it only names the things the paper is made of.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Literal

Polarity = Literal["bigger_is_better", "smaller_is_better"]
CellStatus = Literal["value", "blank", "not_measured", "not_applicable", "suppressed", "no_data"]
Unit = Literal["percent", "rate", "count", "number"]
Basis = Literal["ytd", "latest"]
Rag = Literal["green", "amber", "red", "grey"]
Trend = Literal["improving", "stable", "worsening"]
Position = Literal["better", "similar", "worse"]
Category = Literal["going_well", "ones_to_watch", "do_better"]
Movement = Literal["new", "improved", "worsened", "unchanged"]
Direction = Literal["rising", "falling", "flat"]
Comparison = Literal["better", "similar", "worse"]
RagSource = Literal["computed", "reported"]

CATEGORIES: tuple[Category, ...] = ("going_well", "ones_to_watch", "do_better")
CATEGORY_LABELS: dict[str, str] = {
    "going_well": "Going well",
    "ones_to_watch": "Ones to watch",
    "do_better": "Things to do better",
}
RAG_LABELS: dict[str, str] = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}


_MONTH_NAME = tuple(calendar.month_name)
"""Month names as the paper prints them, taken once (as inputs/periods reads them): each
look-up in `calendar` formats a date."""
_MONTH_ABBR = tuple(calendar.month_abbr)

PeriodKind = Literal["month", "quarter", "year"]
PERIOD_SPAN: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
_KIND_CODE: dict[str, int] = {"month": 0, "quarter": 1, "year": 2}


def commonest_kind(kinds: list[PeriodKind]) -> PeriodKind:
    """The period kind most of `kinds` are; on a tie the one met first, so the same table
    gives the same answer in every process (a set of strings is iterated in an order that
    changes with each process's hash seed)."""
    return max(dict.fromkeys(kinds), key=kinds.count)


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year, named by its last month (`year`, `month`).

    Quarters and years are financial (April to March) unless `fiscal` is False; a month is a
    month either way. Periods order by when they end (a quarter sorts before the month that
    ends it), so `p <= as_of` means "over by the end of as_of" for any mix of kinds.
    `str()` is stable text for JSON (`2021-02`, `2021/22 Q3`, `2021-Q3`, `2021/22`, `2021`);
    `label` is what the paper prints (`Feb-21`, `Q3 2021/22`, `2020/21`).
    """

    year: int
    month: int
    kind: PeriodKind = "month"
    fiscal: bool = True

    def __post_init__(self) -> None:
        if self.kind == "month" and not self.fiscal:
            object.__setattr__(self, "fiscal", True)  # a month is a month either way

    def __hash__(self) -> int:
        """From numbers alone (equal periods, equal fields): cheaper than hashing the kind's
        text, and the same in every process. Periods key every series and table column."""
        return ((self.year * 12 + self.month) * 4 + _KIND_CODE[self.kind]) * 2 + self.fiscal

    # -- time arithmetic ---------------------------------------------------------------------

    @property
    def span(self) -> int:
        """Months the period covers."""
        return PERIOD_SPAN[self.kind]

    @property
    def index(self) -> int:
        """Months since year 0 to the period's last month: its position in real time."""
        return self.year * 12 + self.month - 1

    @property
    def ordinal(self) -> float:
        """Position in units of the period's own kind, for chart spacing (a gap stays a gap)."""
        return self.index / self.span

    # Ordered by (index, -span), written out: judging compares periods ~100 times an indicator.
    # (i1, -s1) < (i2, -s2) exactly when (i1, s2) < (i2, s1); year * 12 + month orders as index.

    def __lt__(self, other: Period) -> bool:
        return (self.year * 12 + self.month, PERIOD_SPAN[other.kind]) < (
            other.year * 12 + other.month,
            PERIOD_SPAN[self.kind],
        )

    def __le__(self, other: Period) -> bool:
        return (self.year * 12 + self.month, PERIOD_SPAN[other.kind]) <= (
            other.year * 12 + other.month,
            PERIOD_SPAN[self.kind],
        )

    def __gt__(self, other: Period) -> bool:
        return other < self

    def __ge__(self, other: Period) -> bool:
        return other <= self

    def shift(self, periods: int) -> Period:
        """`periods` periods of its own kind later (earlier if negative)."""
        index = self.index + periods * self.span
        return Period(index // 12, index % 12 + 1, self.kind, self.fiscal)

    @property
    def periods_per_year(self) -> int:
        """Periods of its own kind in a year: 12, 4 or 1."""
        return 12 // self.span

    def previous(self) -> Period:
        return self.shift(-1)

    def year_earlier(self) -> Period:
        """The same period a year before."""
        return self.shift(-self.periods_per_year)

    def latest_of(self, kind: str, fiscal: bool = True) -> Period:
        """The last period of `kind` that is over by the end of this one."""
        span = PERIOD_SPAN[kind]
        offset = 3 if (kind == "year" and fiscal) else 0  # fiscal years end in March
        index = self.index
        while (index + 1 - offset) % span:
            index -= 1
        return Period(index // 12, index % 12 + 1, kind, fiscal)  # type: ignore[arg-type]

    @property
    def financial_year_start(self) -> Period:
        """April of the UK financial year the period ends in."""
        return Period(self.year if self.month >= 4 else self.year - 1, 4)

    @property
    def financial_year_label(self) -> str:
        start = self.financial_year_start.year
        return f"{start}/{(start + 1) % 100:02d}"

    # -- words -------------------------------------------------------------------------------

    @property
    def noun(self) -> str:
        """`month`, `quarter` or `year`: what the paper calls one step of this series."""
        return self.kind

    @property
    def quarter(self) -> int:
        """Quarter number: April-June is Q1 of a financial year, January-March of a calendar."""
        return ((self.month - 4) % 12) // 3 + 1 if self.fiscal else (self.month - 1) // 3 + 1

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.kind == "quarter":
            return (
                f"{self.financial_year_label} Q{self.quarter}"
                if self.fiscal
                else f"{self.year:04d}-Q{self.quarter}"
            )
        return self.financial_year_label if self.fiscal else f"{self.year:04d}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{_MONTH_ABBR[self.month]}-{self.year % 100:02d}"
        if self.kind == "quarter":
            return f"Q{self.quarter} {self.financial_year_label if self.fiscal else self.year}"
        return self.financial_year_label if self.fiscal else str(self.year)

    @property
    def long_label(self) -> str:
        if self.kind == "month":
            return f"{_MONTH_NAME[self.month]} {self.year}"
        if self.kind == "quarter":
            first = self.shift(0).index - 2
            months = f"{_MONTH_NAME[first % 12 + 1]} to {_MONTH_NAME[self.month]} {self.year}"
            return f"{self.label} ({months})"
        return self.label


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
    note: str = ""
    """Words the council wrote beside the figure: `whole year figure`, `Positions`."""
    parts: tuple[float, float] | None = None
    """Numerator and denominator written with the figure: `58% (45 of 78)`."""
    provisional: bool = False
    """Marked provisional with a trailing `*`: `12*`."""

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
    kind: PeriodKind = "month"
    """The indicator's own period kind: its series steps by month, quarter or year."""
    reported_rag_text: str = ""
    """The council's own RAG word or code as written (`Met`, `lg`, `Data Only`)."""
    reported_trend: Trend | None = None
    """The council's own direction of travel, beside the tool's."""
    reported_trend_text: str = ""
    targets: tuple[tuple[Period, Value], ...] = ()
    """Targets per period (`Q1 target` ... `Q4 target`, or a target per row of a long table)."""
    target_period: Period | None = None
    """The period a single target column names (`Target 2017/18`), if it names one."""
    extra: tuple[tuple[str, str], ...] = ()
    """Columns the tool does not use, kept as text: (header, cell)."""

    def target_for(self, period: Period | None) -> Value:
        """The target for `period`: its own per-period target, else the single target."""
        for when, value in self.targets:
            if when == period:
                return value
        return self.target


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
    left_out: tuple[tuple[int, str, str], ...] = ()
    """Rows read but not taken as indicators: (row, what it is, its first text)."""

    @property
    def kind(self) -> str:
        """The period kind most of the indicators use (the table's own periodicity)."""
        kinds: list[str] = [indicator.kind for indicator in self.indicators] or ["month"]
        return max(("month", "quarter", "year"), key=kinds.count)

    def own_periods(self, indicator: Indicator) -> list[tuple[Period, Value]]:
        """The indicator's series paired with its periods, only those of its own kind."""
        return [(p, v) for p, v in zip(self.periods, indicator.series) if p.kind == indicator.kind]

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
    on_target_band: float | None = None
    """A miss within this many units counts as "in line with target" (on target, not amber)."""
    target_profile: Literal["pro_rata"] | None = None
    """An annual target for a cumulative measure, profiled pro rata over the financial year."""
    target_shares: tuple[float, ...] = ()
    """Or as the catalogue says: the per cent of the annual target due by the end of each
    quarter (4 shares) or month (12) of the financial year, April first."""


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
    computed_rag: Rag = "grey"
    """The rules' own RAG from value, target and polarity; `rag` is the one that places it."""
    rag_source: RagSource | None = None
    """Whose RAG `rag` is: the rules' (computed) or the council's (reported); None when grey."""
    in_line: bool = False
    """Short of target by no more than the on-target band, so counted as on target."""
    yoy: Comparison | None = None
    """Latest value against the same period a year earlier, polarity aware."""
    vs_previous: Comparison | None = None
    """Latest value against the period before it."""
    last_period: Period | None = None
    """The latest period with a value, up to the as-of period."""
    age: int | None = None
    """Periods from the latest value to the as-of period (0 is current)."""
    stale: bool = False
    """The latest value is older than the paper's period by more than the indicator's own kind
    allows (`stale.missed_updates`): flagged "Not current" and placed under "Not updated"."""
    provisional: bool = False
    periodicity: str | None = None
    """monthly, quarterly, annual or irregular: the usual step between values."""
    quality: tuple[str, ...] = ()
    """Data-quality flags (codes from judge/quality.py), each also a warning."""
    metrics: tuple[tuple[str, object], ...] = ()
    """Every metric the rules could test, as evaluated: for the JSON and the trace."""
    headline_period: Period | None = None
    """The period the headline value is from (its latest value's, for either basis)."""

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
class CategoryList:
    """One list of the paper (e.g. "Performing well") and the rule categories it gathers."""

    id: str
    label: str
    includes: tuple[Category, ...]
    style: Category
    """Which of the layout's category swatches (colour, symbol) it is drawn with."""


@dataclass(frozen=True)
class CategoryScheme:
    """The council's lists, in order; rules place into categories, the scheme names the lists."""

    lists: tuple[CategoryList, ...]
    configured: bool = False
    """True when the rules set the lists: their labels then win over the layout's."""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.lists)

    def list_of(self, category: str | None) -> CategoryList | None:
        for item in self.lists:
            if category in item.includes:
                return item
        return None

    def get(self, list_id: str) -> CategoryList:
        for item in self.lists:
            if item.id == list_id:
                return item
        raise KeyError(list_id)

    def label(self, category: str | None, layout_label: str = "") -> str:
        """The label of the list a rule category (or list id) goes to; the layout's label
        for the default scheme, the council's own when configured."""
        item = self.list_of(category) or next((i for i in self.lists if i.id == category), None)
        if item is None:
            return ""
        return item.label if self.configured or not layout_label else layout_label


DEFAULT_SCHEME = CategoryScheme(
    tuple(CategoryList(c, CATEGORY_LABELS[c], (c,), c) for c in CATEGORIES)
)


@dataclass(frozen=True)
class NotUpdated:
    """An indicator with no recent value: listed, with the period of its latest value."""

    id: str
    title: str
    last_period: Period | None


@dataclass(frozen=True)
class Bullet:
    """One line of an overview panel: narrative text and the indicators behind it; `category`
    is the id of the scheme's list it sits in."""

    category: str
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
    title_in: tuple[tuple[str, str], ...] = ()
    """The title in other languages, (BCP 47 tag, title), as a bilingual council prints it
    under its title ("Performance Report" under "Adroddiad Perfformiad"), each marked with its
    own language."""


@dataclass(frozen=True)
class ReportText:
    """A formal report's Markdown as read: the file (for messages) and its text."""

    file: str
    text: str


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
    scheme: CategoryScheme = DEFAULT_SCHEME
    not_updated: tuple[NotUpdated, ...] = ()
    """Stale indicators, placed nowhere, listed under "Not updated this period"."""
    formal: ReportText | None = None
    """The formal report the analysis is Appendix A of (`report:` in paper.yaml), as read;
    paper/report.py parses it, filling its placeholders from this Report. None: the paper
    is the analysis alone."""
