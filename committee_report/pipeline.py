"""The pipeline: inputs -> judged, worded Report; Report -> PDF written atomically.

ingest -> model -> rules -> narrative -> layout -> pdf, each stage in its own module; this one
only wires them together.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from committee_report.judge import assess
from committee_report.paper import narrative
from committee_report.inputs.config import Catalogue, PaperConfig, load_catalogue, load_paper
from committee_report.errors import ConfigError, format_location
from committee_report.inputs.ingest import ReadOptions, read_scorecard
from committee_report.model import (
    CATEGORIES,
    Assessment,
    Change,
    Movement,
    PaperInfo,
    Period,
    Report,
    Scorecard,
)
from committee_report.paths import sample_paper
from committee_report.judge.rules import load_rules

_RANK = {category: rank for rank, category in enumerate(("do_better", "ones_to_watch",
                                                           "going_well"))}


def load_config(source: str | Path | None) -> PaperConfig:
    """A paper YAML as given, or a bare scorecard with default settings; None is the sample."""
    if source is None:
        return load_paper(sample_paper())
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_paper(path)
    title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Scorecard"
    return PaperConfig(path=None, paper=PaperInfo(title=f"Performance report: {title}"),
                       scorecard=path)


def load_report(source: str | Path | None = None, *, exceptions_only: bool | None = None,
                as_of: Period | None = None) -> tuple[Report, str]:
    """Read, judge and word a paper; returns the Report and the layout its config names."""
    config = load_config(source)
    report = assemble(config, exceptions_only=exceptions_only, as_of=as_of)
    return report, config.layout


def read_options(config: PaperConfig, period: Period | None = None) -> ReadOptions:
    """How paper.yaml says to read its scorecard: columns, period, RAG codes, zeros."""
    return ReadOptions(sheet=config.sheet, period=period or config.period,
                       columns=config.columns, rag_codes=config.rag_codes,  # type: ignore[arg-type]
                       zero_means_missing=config.zero_means_missing,
                       comparator_rows=config.comparator_rows, config=config.path)


def assemble(config: PaperConfig, *, exceptions_only: bool | None = None,
             as_of: Period | None = None) -> Report:
    scorecard = read_scorecard(config.scorecard, options=read_options(config, as_of))
    catalogue = load_catalogue(config.catalogue)
    rules = load_rules(config.rules)
    period = _as_of(config, scorecard, as_of)
    warnings = list(scorecard.notices) + _catalogue_warnings(catalogue, scorecard)

    # The paper's own period is judged as current (benchmarks, the table's own figures, stale
    # values), whether it is the table's last period or the one paper.yaml names.
    is_current = period == scorecard.periods[-1] or (as_of is None and config.period is not None)
    current = assess.judge(scorecard, catalogue, rules, period, current=is_current)
    previous_period = period.shift(-config.previous_months)
    if config.previous_scorecard is not None:
        earlier = read_scorecard(config.previous_scorecard,
                                 options=read_options(config, period.shift(-1)))
        previous_period = earlier.periods[-1]
        previous = {a.id: a for a in assess.judge(earlier, catalogue, rules)}
    elif previous_period >= scorecard.periods[0]:
        previous = {a.id: a for a in assess.judge(scorecard, catalogue, rules, previous_period)}
    else:
        previous, previous_period = {}, None  # type: ignore[assignment]
    current = [_with_movement(item, previous.get(item.id)) for item in current]
    current = narrative.describe(current, rules, scorecard, period)

    for item in current:
        warnings.extend(item.warnings)
    warnings.extend(missing_commentary(current, config))
    only = config.exceptions_only if exceptions_only is None else exceptions_only
    shown = [a for a in current if not only or a.category == "do_better"
             or a.movement == "worsened"]
    return Report(
        paper=replace(config.paper, glossary=catalogue.glossary,
                      period_label=config.paper.period_label or f"Data to {period.long_label}"),
        scorecard=scorecard,
        period=period,
        previous_period=previous_period,
        assessments=tuple(shown),
        bullets=tuple(narrative.bullets(shown, catalogue)),
        changes=tuple(_changes(shown)),
        rules=rules.descriptions,
        warnings=tuple(warnings),
        featured=tuple(a.id for a in shown if _featured(a, config)),
        exceptions_only=only,
    )


def missing_commentary(assessments: list[Assessment], config: PaperConfig) -> list[str]:
    """Indicators the paper config says must carry commentary, and do not."""
    required = set(config.commentary_required)
    problems = []
    for item in assessments:
        needs = item.category in required or item.rag in required
        if needs and not (item.commentary or "").strip():
            why = item.category if item.category in required else item.rag
            where = config.catalogue.name if config.catalogue else "the catalogue"
            problems.append(format_location(
                item.indicator.source.file, item.indicator.source.row, None,
                f"{item.id}: commentary is required for {why.replace('_', ' ')} indicators "
                f"and is missing (add it to {where} or a Commentary column)"))
    return problems


def write_atomically(path: str | Path, data: bytes) -> None:
    """Temporary file in the same folder, then rename: a reader never sees half a PDF, and an
    earlier file is untouched if anything fails."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(str(path), None, f"output folder {folder} does not exist")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _as_of(config: PaperConfig, scorecard: Scorecard, override: Period | None) -> Period:
    period = override or config.period or scorecard.periods[-1]
    if period not in scorecard.periods:
        within = scorecard.periods[0] <= period and period.index <= scorecard.periods[-1].index
        if not within or period.kind == scorecard.kind:
            where = config.path or str(config.scorecard)
            raise ConfigError(where, "period",
                              f"{period} is not a {period.noun} of the scorecard "
                              f"({scorecard.periods[0]} to {scorecard.periods[-1]})")
    return period


def _catalogue_warnings(catalogue: Catalogue, scorecard: Scorecard) -> list[str]:
    known = {ind.id for ind in scorecard.indicators}
    return [f"{catalogue.path}: indicators.{key}: no indicator {key!r} in the scorecard"
            for key in catalogue.indicators if key not in known]


def _with_movement(item: Assessment, before: Assessment | None) -> Assessment:
    if before is None or before.headline is None:
        return item
    movement: Movement | None
    if before.category == item.category:
        movement = "unchanged"
    elif item.category is None:
        movement = None
    elif before.category is None:
        movement = "new"
    else:
        movement = "improved" if _RANK[item.category] > _RANK[before.category] else "worsened"
    return replace(item, previous_category=before.category, previous_rag=before.rag,
                   movement=movement)


def _changes(assessments: list[Assessment]) -> list[Change]:
    moved = [a for a in assessments if a.movement in ("new", "improved", "worsened")]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    moved.sort(key=lambda a: order.get(a.category or "", 9))
    return [Change(a.id, narrative.short_name(a), a.previous_category, a.category,
                   a.movement, a.rule, a.reasons[0] if a.reasons else "")  # type: ignore[arg-type]
            for a in moved]


def _featured(item: Assessment, config: PaperConfig) -> bool:
    if item.info.featured is not None:
        return item.info.featured
    if item.headline is None:
        return False
    return "all" in config.charts or item.category in config.charts
