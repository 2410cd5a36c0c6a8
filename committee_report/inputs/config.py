"""Paper config and indicator catalogue: the YAML that adds what the scorecard lacks.

Both are validated at the edge: an unknown key, a wrong type or a missing file is a one-line
ConfigError naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from committee_report import limits
from committee_report.errors import Collector
from committee_report.inputs.periods import parse_period_strict
from committee_report.inputs.yamlio import Section, load_yaml
from committee_report.limits import clean_text
from committee_report.model import CATEGORIES, IndicatorInfo, PaperInfo, Period

POLARITIES = ("bigger_is_better", "smaller_is_better")
UNITS = ("percent", "rate", "count", "number")
GROUP_PLACEHOLDERS = ("label", "n", "ids", "members")
PAPER_KEYS = (
    "council",
    "committee",
    "title",
    "subtitle",
    "date",
    "period_label",
    "agenda_item",
    "author",
    "marking",
    "keywords",
    "sample_notice",
    "lang",
    "title_in",
)
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A BCP 47 language tag as a paper may give it: `en-GB`, `cy`, `cy-GB`, `gd`."""


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
    report: Path | None = None
    """The formal report's Markdown (paper/report.py); None: the paper is the analysis alone."""
    columns: tuple[tuple[str, str], ...] = ()
    """The council's headers mapped to roles (`columns:`)."""
    rag_codes: tuple[tuple[str, str | None], ...] = ()
    """Council RAG codes mapped to green/amber/red/grey or none (`rag_codes:`)."""
    zero_means_missing: bool = False
    comparator_rows: tuple[str, ...] = ()
    """Row labels that hold comparators, as the council writes them (`comparator_rows:`)."""


def _titles_in(section: Section) -> tuple[tuple[str, str], ...]:
    """`paper.title_in`: the title in other languages, `{cy: Adroddiad Perfformiad}`."""
    out = []
    for tag in list(section.data)[:8]:
        if not LANG_TAG.fullmatch(str(tag)):
            section.report(str(tag), "expected a BCP 47 language tag such as en-GB or cy")
            continue
        text = clean_text(section.text(str(tag), "") or "")
        if not text.strip():
            section.report(str(tag), "is empty; give the title in that language")
            continue
        out.append((str(tag), text))
    if len(section.data) > 8:
        section.report(None, "at most 8 languages")
    return tuple(out)


def load_paper(path: str | Path, problems: Collector | None = None) -> PaperConfig:
    """Read and check a paper YAML; every problem in it is raised at once (see `Section`), or,
    given `problems`, collected there and the config returned with defaults in their place,
    so that `validate` can go on to check the files it names.

    Every path in it is resolved against the file's own folder, the layout's too, so the
    paper is the same whichever folder it is built from."""
    path = Path(path)
    root = Section(path, load_yaml(path, "paper config"), problems=problems)
    with root.checked(keep=problems is not None):
        root.allow(
            "paper",
            "scorecard",
            "sheet",
            "catalogue",
            "rules",
            "layout",
            "period",
            "previous",
            "charts",
            "commentary",
            "exceptions_only",
            "report",
            "columns",
            "rag_codes",
            "zero_means_missing",
            "comparator_rows",
        )
        here = path.parent
        paper = root.section("paper")
        paper.allow(*PAPER_KEYS)
        keywords = tuple(
            clean_text(str(k))[: limits.MAX_TEXT["paper"]] for k in paper.items("keywords")[:50]
        )
        # A missing title is the default one ("Performance report"); an empty one is refused.
        info = PaperInfo(
            **{
                k: clean_text(paper.text(k, getattr(PaperInfo, k, "")) or "")
                for k in PAPER_KEYS  # type: ignore[arg-type]
                if k not in ("keywords", "lang", "title_in")
            },
            keywords=keywords,
            lang=paper.text("lang", "en-GB") or "",
            title_in=_titles_in(paper.section("title_in")),
        )
        if not info.title.strip():
            paper.report(
                "title",
                "is empty; the paper needs a title (it is the document's "
                "title and its first heading)",
            )
        if not LANG_TAG.fullmatch(info.lang):
            paper.report(
                "lang",
                f"expected a BCP 47 language tag such as en-GB or cy, got "
                f"{limits.quote(info.lang, 40)}",
            )
        previous = root.section("previous")
        previous.allow("months", "periods", "scorecard")
        commentary = root.section("commentary")
        commentary.allow("required_for")
        required = tuple(str(x) for x in commentary.items("required_for"))
        for item in required:
            if item not in (*CATEGORIES, "red", "amber"):
                commentary.report(
                    "required_for",
                    f"expected categories or red/amber, got {limits.quote(item, 60)}",
                )
        charts = (
            tuple(str(x) for x in root.items("charts"))
            if root.has("charts")
            else PaperConfig.charts
        )
        for item in charts:
            if item not in (*CATEGORIES, "all"):
                root.report(
                    "charts",
                    f"expected a list of {', '.join(CATEGORIES)} or all, "
                    f"got {limits.quote(item, 60)}",
                )
        config = PaperConfig(
            path=str(path),
            paper=info,
            scorecard=_file(root, "scorecard", here, required=True),  # type: ignore[arg-type]
            sheet=root.text("sheet"),
            catalogue=_file(root, "catalogue", here),
            rules=_file(root, "rules", here),
            layout=_layout(root, here),
            period=_period(root, "period"),
            previous_months=previous.integer(
                "periods",
                previous.integer("months", 1, minimum=1, maximum=120),
                minimum=1,
                maximum=120,
            ),
            previous_scorecard=_file(previous, "scorecard", here),
            charts=charts,
            commentary_required=required,
            exceptions_only=root.flag("exceptions_only", False),
            report=_file(root, "report", here),
            columns=_columns(root),
            rag_codes=_rag_codes(root),
            zero_means_missing=root.flag("zero_means_missing", False),
            comparator_rows=tuple(str(x)[:200] for x in root.items("comparator_rows")[:200]),
        )
    return config


def _columns(root: Section) -> tuple[tuple[str, str], ...]:
    """`columns: {council header: role}`; roles as in `inputs.roles.ROLES`."""
    from committee_report.inputs.roles import ROLES

    section = root.section("columns")
    out = []
    for header in section.data:
        role = section.text(str(header), required=True)
        if role not in ROLES:
            section.report(
                str(header),
                f"expected a role: {', '.join(ROLES)}; got {limits.quote(str(role), 40)}",
            )
            continue
        out.append((str(header), str(role)))
    return tuple(out)


def _rag_codes(root: Section) -> tuple[tuple[str, str | None], ...]:
    """`rag_codes: {lg: green, lu: none}`: a council's own RAG codes."""
    section = root.section("rag_codes")
    out: list[tuple[str, str | None]] = []
    for code in section.data:
        meaning = section.text(str(code), required=True)
        if meaning not in ("green", "amber", "red", "grey", "none"):
            section.report(
                str(code),
                "expected green, amber, red, grey or none (no judgement); "
                f"got {limits.quote(str(meaning), 40)}",
            )
            continue
        out.append((str(code), None if meaning == "none" else meaning))
    return tuple(out)


def load_catalogue(path: str | Path | None) -> Catalogue:
    """Read and check a catalogue; keys are indicator numbers as text (`101:` and `"101":`
    name the same indicator), and every problem in the file is raised at once."""
    if path is None:
        return Catalogue()
    path = Path(path)
    root = Section(path, load_yaml(path, "catalogue"))
    with root.checked():
        root.allow("indicators", "groups", "glossary")
        indicators: dict[str, IndicatorInfo] = {}
        entries = root.section("indicators")
        for indicator_id in entries.data:
            entry = entries.section(indicator_id)
            indicators[indicator_id.strip()] = _indicator_info(entry)
        groups: dict[str, Group] = {}
        group_section = root.section("groups")
        for name in group_section.data:
            entry = group_section.section(name)
            entry.allow("label", "bullets")
            bullets = entry.section("bullets")
            bullets.allow(*CATEGORIES)
            texts = {c: bullets.template(c, GROUP_PLACEHOLDERS) for c in CATEGORIES}
            groups[name] = Group(
                label=entry.text("label", name) or name,
                bullets={c: t for c, t in texts.items() if t is not None},
            )
        for indicator_id, info in indicators.items():
            if info.group and info.group not in groups:
                entries.report(
                    f"{indicator_id}.group",
                    f"unknown group {limits.quote(info.group, 60)} (declare it under groups)",
                )
        glossary = root.section("glossary")
        terms = tuple((k, glossary.text(k, required=True) or "") for k in glossary.data)
    return Catalogue(str(path), indicators, groups, terms)


def _indicator_info(entry: Section) -> IndicatorInfo:
    entry.allow(
        "short_title",
        "polarity",
        "unit",
        "aggregation",
        "basis",
        "amber_tolerance",
        "amber_relative",
        "definition",
        "commentary",
        "group",
        "featured",
        "on_target_band",
        "target_profile",
    )
    return IndicatorInfo(
        short_title=entry.text("short_title"),
        polarity=entry.choice("polarity", POLARITIES),  # type: ignore[arg-type]
        unit=entry.choice("unit", UNITS),  # type: ignore[arg-type]
        aggregation=entry.choice("aggregation", ("mean", "sum")),  # type: ignore[arg-type]
        basis=entry.choice("basis", ("ytd", "latest")),  # type: ignore[arg-type]
        amber_tolerance=entry.number("amber_tolerance", minimum=0, maximum=1e12),
        amber_relative=entry.flag("amber_relative", False),
        on_target_band=entry.number("on_target_band", minimum=0, maximum=1e12),
        definition=entry.text("definition", limit=limits.MAX_TEXT["commentary"]),
        commentary=entry.text("commentary", limit=limits.MAX_TEXT["commentary"]),
        group=entry.text("group"),
        featured=entry.flag("featured") if entry.has("featured") else None,
        target_profile=None
        if isinstance(entry.data.get("target_profile"), list)
        else entry.choice("target_profile", ("pro_rata",)),  # type: ignore[arg-type]
        target_shares=_shares(entry),
    )


def _shares(entry: Section) -> tuple[float, ...]:
    """`target_profile: [10, 35, 60, 100]`: per cent of the year's target due by each quarter's
    end (or 12 for months), rising to 100."""
    raw = entry.data.get("target_profile")
    if not isinstance(raw, list):
        return ()
    if len(raw) not in (4, 12) or not all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in raw
    ):
        entry.report(
            "target_profile",
            "expected pro_rata, or a list of 4 (quarters) or 12 "
            "(months) numbers: the per cent of the year's target due by each",
        )
        return ()
    if any(b < a for a, b in pairwise(raw)) or raw[-1] != 100:
        entry.report(
            "target_profile",
            "the shares must rise to 100 (per cent of the "
            f"year's target), got {limits.quote(str(raw), 60)}",
        )
        return ()
    return tuple(float(x) for x in raw)


def _file(section: Section, key: str, here: Path, required: bool = False) -> Path | None:
    name = section.text(key, required=required)
    if name is None:
        return None
    try:
        candidate = (here / name).resolve()
        found = candidate.exists()
    except (OSError, ValueError):
        candidate, found = here / name, False
    if not found:
        section.report(key, f"file not found: {limits.one_line(str(candidate), 300)}")
        return None
    return candidate


def _layout(section: Section, here: Path) -> str:
    """A layout name (`croydon`), or a path, which is relative to the paper config."""
    name = section.text("layout", "default") or "default"
    if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
        return str(here / name)
    return name


def _period(section: Section, key: str) -> Period | None:
    text = section.text(key)
    if text is None:
        return None
    try:
        return parse_period_strict(text)
    except ValueError:
        section.report(
            key,
            "expected a period such as 2022-01, Q3 2021/22 or 2020/21, got "
            f"{limits.quote(text, 40)}",
        )
        return None
