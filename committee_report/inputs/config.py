"""Paper config and indicator catalogue: the YAML that adds what the scorecard lacks.

Both are validated at the edge: an unknown key, a wrong type or a missing file is a one-line
ConfigError naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from committee_report.errors import ConfigError
from committee_report.model import CATEGORIES, IndicatorInfo, PaperInfo, Period
from committee_report.inputs.yamlio import Section, load_yaml

POLARITIES = ("bigger_is_better", "smaller_is_better")
UNITS = ("percent", "rate", "count", "number")
GROUP_PLACEHOLDERS = ("label", "n", "ids", "members")
PAPER_KEYS = ("council", "committee", "title", "subtitle", "date", "period_label", "agenda_item",
              "author", "marking", "keywords", "sample_notice")


@dataclass(frozen=True)
class Group:
    """Related indicators that may share one overview bullet when they share a category."""

    label: str
    bullets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    path: str | None = None
    indicators: dict[str, IndicatorInfo] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    glossary: tuple[tuple[str, str], ...] = ()

    def info(self, indicator_id: str) -> IndicatorInfo:
        return self.indicators.get(indicator_id, IndicatorInfo())


@dataclass(frozen=True)
class PaperConfig:
    """Where the inputs are and what kind of paper to make."""

    path: str | None
    paper: PaperInfo
    scorecard: Path
    sheet: str | None = None
    catalogue: Path | None = None
    rules: Path | None = None
    layout: str = "default"
    period: Period | None = None
    previous_months: int = 1
    previous_scorecard: Path | None = None
    charts: tuple[str, ...] = ("do_better", "ones_to_watch")
    commentary_required: tuple[str, ...] = ()
    exceptions_only: bool = False
    columns: tuple[tuple[str, str], ...] = ()
    """The council's headers mapped to roles (`columns:`)."""
    rag_codes: tuple[tuple[str, str | None], ...] = ()
    """Council RAG codes mapped to green/amber/red/grey or none (`rag_codes:`)."""
    zero_means_missing: bool = False
    comparator_rows: tuple[str, ...] = ()
    """Row labels that hold comparators, as the council writes them (`comparator_rows:`)."""


def load_paper(path: str | Path) -> PaperConfig:
    path = Path(path)
    root = Section(path, load_yaml(path))
    root.allow("paper", "scorecard", "sheet", "catalogue", "rules", "layout", "period",
               "previous", "charts", "commentary", "exceptions_only", "columns", "rag_codes",
               "zero_means_missing", "comparator_rows")
    here = path.parent
    paper = root.section("paper")
    paper.allow(*PAPER_KEYS)
    keywords = tuple(str(k) for k in paper.items("keywords"))
    info = PaperInfo(**{k: paper.text(k, "") for k in PAPER_KEYS if k != "keywords"},  # type: ignore[arg-type]
                     keywords=keywords)
    previous = root.section("previous")
    previous.allow("months", "periods", "scorecard")
    commentary = root.section("commentary")
    commentary.allow("required_for")
    required = tuple(str(x) for x in commentary.items("required_for"))
    for item in required:
        if item not in (*CATEGORIES, "red", "amber"):
            raise commentary.error("required_for", f"expected categories or red/amber, got {item!r}")
    charts = tuple(str(x) for x in root.items("charts")) if root.has("charts") \
        else PaperConfig.charts
    for item in charts:
        if item not in (*CATEGORIES, "all"):
            raise root.error("charts", f"expected a list of {', '.join(CATEGORIES)} or all, "
                                       f"got {item!r}")
    return PaperConfig(
        path=str(path),
        paper=info,
        scorecard=_file(root, "scorecard", here, required=True),  # type: ignore[arg-type]
        sheet=root.text("sheet"),
        catalogue=_file(root, "catalogue", here),
        rules=_file(root, "rules", here),
        layout=root.text("layout", "default") or "default",
        period=_period(root, "period"),
        previous_months=previous.integer("periods", previous.integer("months", 1, minimum=1),
                                         minimum=1),
        previous_scorecard=_file(previous, "scorecard", here),
        charts=charts,
        commentary_required=required,
        exceptions_only=root.flag("exceptions_only", False),
        columns=_columns(root),
        rag_codes=_rag_codes(root),
        zero_means_missing=root.flag("zero_means_missing", False),
        comparator_rows=tuple(str(x) for x in root.items("comparator_rows")),
    )


def _columns(root: Section) -> tuple[tuple[str, str], ...]:
    """`columns: {council header: role}`; roles as in `inputs.columns.ROLES`."""
    from committee_report.inputs.columns import ROLES

    section = root.section("columns")
    out = []
    for header in section.data:
        role = section.text(str(header), required=True)
        if role not in ROLES:
            raise section.error(str(header), f"expected a role: {', '.join(ROLES)}; got {role!r}")
        out.append((str(header), str(role)))
    return tuple(out)


def _rag_codes(root: Section) -> tuple[tuple[str, str | None], ...]:
    """`rag_codes: {lg: green, lu: none}`: a council's own RAG codes."""
    section = root.section("rag_codes")
    out: list[tuple[str, str | None]] = []
    for code in section.data:
        meaning = section.text(str(code), required=True)
        if meaning not in ("green", "amber", "red", "grey", "none"):
            raise section.error(str(code), "expected green, amber, red, grey or none "
                                f"(no judgement); got {meaning!r}")
        out.append((str(code), None if meaning == "none" else meaning))
    return tuple(out)


def load_catalogue(path: str | Path | None) -> Catalogue:
    if path is None:
        return Catalogue()
    path = Path(path)
    root = Section(path, load_yaml(path))
    root.allow("indicators", "groups", "glossary")
    indicators: dict[str, IndicatorInfo] = {}
    entries = root.section("indicators")
    for indicator_id in entries.data:
        entry = entries.section(str(indicator_id))
        indicators[str(indicator_id).strip()] = _indicator_info(entry)
    groups: dict[str, Group] = {}
    group_section = root.section("groups")
    for name in group_section.data:
        entry = group_section.section(str(name))
        entry.allow("label", "bullets")
        bullets = entry.section("bullets")
        bullets.allow(*CATEGORIES)
        groups[str(name)] = Group(
            label=entry.text("label", str(name)) or str(name),
            bullets={c: bullets.template(c, GROUP_PLACEHOLDERS)  # type: ignore[misc]
                     for c in CATEGORIES if bullets.has(c)},
        )
    for indicator_id, info in indicators.items():
        if info.group and info.group not in groups:
            raise ConfigError(str(path), f"indicators.{indicator_id}.group",
                              f"unknown group {info.group!r} (declare it under groups)")
    glossary = root.section("glossary")
    terms = tuple((str(k), glossary.text(str(k), required=True) or "") for k in glossary.data)
    return Catalogue(str(path), indicators, groups, terms)


def _indicator_info(entry: Section) -> IndicatorInfo:
    entry.allow("short_title", "polarity", "unit", "aggregation", "basis", "amber_tolerance",
                "amber_relative", "definition", "commentary", "group", "featured",
                "target_profile")
    return IndicatorInfo(
        short_title=entry.text("short_title"),
        polarity=entry.choice("polarity", POLARITIES),  # type: ignore[arg-type]
        unit=entry.choice("unit", UNITS),  # type: ignore[arg-type]
        aggregation=entry.choice("aggregation", ("mean", "sum")),  # type: ignore[arg-type]
        basis=entry.choice("basis", ("ytd", "latest")),  # type: ignore[arg-type]
        amber_tolerance=entry.number("amber_tolerance", minimum=0),
        amber_relative=entry.flag("amber_relative", False),
        definition=entry.text("definition"),
        commentary=entry.text("commentary"),
        group=entry.text("group"),
        featured=entry.flag("featured") if entry.has("featured") else None,
        target_profile=None if isinstance(entry.data.get("target_profile"), list)
        else entry.choice("target_profile", ("pro_rata",)),  # type: ignore[arg-type]
        target_shares=_shares(entry),
    )


def _shares(entry: Section) -> tuple[float, ...]:
    """`target_profile: [10, 35, 60, 100]`: per cent of the year's target due by each quarter's
    end (or 12 for months), rising to 100."""
    raw = entry.data.get("target_profile")
    if not isinstance(raw, list):
        return ()
    if len(raw) not in (4, 12) or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                          for x in raw):
        raise entry.error("target_profile", "expected pro_rata, or a list of 4 (quarters) or 12 "
                          "(months) numbers: the per cent of the year's target due by each")
    if any(b < a for a, b in pairwise(raw)) or raw[-1] != 100:
        raise entry.error("target_profile", "the shares must rise to 100 (per cent of the "
                          f"year's target), got {raw}")
    return tuple(float(x) for x in raw)


def _file(section: Section, key: str, here: Path, required: bool = False) -> Path | None:
    name = section.text(key, required=required)
    if name is None:
        return None
    candidate = (here / name).resolve()
    if not candidate.exists():
        raise section.error(key, f"file not found: {candidate}")
    return candidate


def _period(section: Section, key: str) -> Period | None:
    text = section.text(key)
    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError:
        raise section.error(key, "expected a period such as 2022-01, Q3 2021/22 or 2020/21, "
                            f"got {text!r}") from None
