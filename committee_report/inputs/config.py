"""Paper config and indicator catalogue: the YAML that adds what the scorecard lacks.

Both are validated at the edge: an unknown key, a wrong type or a missing file is a one-line
ConfigError naming the file and the key.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path

from committee_report import limits
from committee_report.errors import Collector
from committee_report.inputs.yamlio import Section, load_yaml
from committee_report.limits import clean_text
from committee_report.model import CATEGORIES, IndicatorInfo, PaperInfo, Period

POLARITIES = ("bigger_is_better", "smaller_is_better")
UNITS = ("percent", "rate", "count", "number")
GROUP_PLACEHOLDERS = ("label", "n", "ids", "members")
PAPER_KEYS = ("council", "committee", "title", "subtitle", "date", "period_label", "agenda_item",
              "author", "marking", "keywords", "sample_notice", "lang")
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


def load_paper(path: str | Path, problems: Collector | None = None) -> PaperConfig:
    """Read and check a paper YAML; every problem in it is raised at once (see `Section`), or,
    given `problems`, collected there and the config returned with defaults in their place,
    so that `validate` can go on to check the files it names.

    Every path in it is resolved against the file's own folder, the layout's too, so the
    paper is the same whichever folder it is built from."""
    path = Path(path)
    root = Section(path, load_yaml(path, "paper config"), problems=problems)
    with root.checked(keep=problems is not None):
        root.allow("paper", "scorecard", "sheet", "catalogue", "rules", "layout", "period",
                   "previous", "charts", "commentary", "exceptions_only")
        here = path.parent
        paper = root.section("paper")
        paper.allow(*PAPER_KEYS)
        keywords = tuple(clean_text(str(k))[:limits.MAX_TEXT["paper"]]
                         for k in paper.items("keywords")[:50])
        # A missing title is the default one ("Performance report"); an empty one is refused.
        info = PaperInfo(**{k: clean_text(paper.text(k, getattr(PaperInfo, k, "")) or "")
                            for k in PAPER_KEYS  # type: ignore[arg-type]
                            if k not in ("keywords", "lang")},
                         keywords=keywords, lang=paper.text("lang", "en-GB") or "")
        if not info.title.strip():
            paper.report("title", "is empty; the paper needs a title (it is the document's "
                                  "title and its first heading)")
        if not LANG_TAG.fullmatch(info.lang):
            paper.report("lang", f"expected a BCP 47 language tag such as en-GB or cy, got "
                                 f"{limits.quote(info.lang, 40)}")
        previous = root.section("previous")
        previous.allow("months", "scorecard")
        commentary = root.section("commentary")
        commentary.allow("required_for")
        required = tuple(str(x) for x in commentary.items("required_for"))
        for item in required:
            if item not in (*CATEGORIES, "red", "amber"):
                commentary.report("required_for", f"expected categories or red/amber, "
                                                  f"got {limits.quote(item, 60)}")
        charts = tuple(str(x) for x in root.items("charts")) if root.has("charts") \
            else PaperConfig.charts
        for item in charts:
            if item not in (*CATEGORIES, "all"):
                root.report("charts", f"expected a list of {', '.join(CATEGORIES)} or all, "
                                      f"got {limits.quote(item, 60)}")
        config = PaperConfig(
            path=str(path),
            paper=info,
            scorecard=_file(root, "scorecard", here, required=True),  # type: ignore[arg-type]
            sheet=root.text("sheet"),
            catalogue=_file(root, "catalogue", here),
            rules=_file(root, "rules", here),
            layout=_layout(root, here),
            period=_period(root, "period"),
            previous_months=previous.integer("months", 1, minimum=1, maximum=120),
            previous_scorecard=_file(previous, "scorecard", here),
            charts=charts,
            commentary_required=required,
            exceptions_only=root.flag("exceptions_only", False),
        )
    return config


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
            groups[name] = Group(label=entry.text("label", name) or name,
                                 bullets={c: t for c, t in texts.items() if t is not None})
        for indicator_id, info in indicators.items():
            if info.group and info.group not in groups:
                entries.report(f"{indicator_id}.group", f"unknown group "
                               f"{limits.quote(info.group, 60)} (declare it under groups)")
        glossary = root.section("glossary")
        terms = tuple((k, glossary.text(k, required=True) or "") for k in glossary.data)
    return Catalogue(str(path), indicators, groups, terms)


def _indicator_info(entry: Section) -> IndicatorInfo:
    entry.allow("short_title", "polarity", "unit", "aggregation", "basis", "amber_tolerance",
                "amber_relative", "definition", "commentary", "group", "featured")
    return IndicatorInfo(
        short_title=entry.text("short_title"),
        polarity=entry.choice("polarity", POLARITIES),  # type: ignore[arg-type]
        unit=entry.choice("unit", UNITS),  # type: ignore[arg-type]
        aggregation=entry.choice("aggregation", ("mean", "sum")),  # type: ignore[arg-type]
        basis=entry.choice("basis", ("ytd", "latest")),  # type: ignore[arg-type]
        amber_tolerance=entry.number("amber_tolerance", minimum=0, maximum=1e12),
        amber_relative=entry.flag("amber_relative", False),
        definition=entry.text("definition", limit=limits.MAX_TEXT["commentary"]),
        commentary=entry.text("commentary", limit=limits.MAX_TEXT["commentary"]),
        group=entry.text("group"),
        featured=entry.flag("featured") if entry.has("featured") else None,
    )


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
        period = Period.parse(text)
        if not 1 <= period.month <= 12:
            raise ValueError
    except ValueError:
        section.report(key, f"expected a month as YYYY-MM, got {limits.quote(text, 40)}")
        return None
    return period
