"""The pipeline: inputs -> judged, worded Report; Report -> PDF written atomically.

ingest -> model -> rules -> narrative -> layout -> pdf, each stage in its own module; this one
only wires them together.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from committee_report import limits
from committee_report.errors import (
    Collector,
    CommitteeReportError,
    ConfigError,
    DataError,
    OutputError,
    UsageError,
    format_location,
)
from committee_report.inputs.config import Catalogue, PaperConfig, load_catalogue, load_paper
from committee_report.inputs.ingest import ReadOptions, read_scorecard
from committee_report.judge import assess, quality
from committee_report.judge.checks import subject_warnings
from committee_report.judge.rules import RuleSet, load_rules
from committee_report.model import (
    CATEGORIES,
    DEFAULT_SCHEME,
    Assessment,
    CategoryScheme,
    Change,
    Movement,
    NotUpdated,
    PaperInfo,
    Period,
    Report,
    Scorecard,
)
from committee_report.paper import narrative
from committee_report.paths import sample_paper
from committee_report.stages import Steps

_RANK = {
    category: rank for rank, category in enumerate(("do_better", "ones_to_watch", "going_well"))
}


def load_config(source: str | Path | None, problems: Collector | None = None) -> PaperConfig:
    """A paper YAML as given, or a bare scorecard with default settings; None is the sample.
    With `problems`, a config's problems are collected there (see `load_paper`)."""
    if source is None:
        return load_paper(sample_paper(), problems)
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_paper(path, problems)
    # Not titled after the file: a working file name is private and means nothing to readers.
    return PaperConfig(path=None, paper=PaperInfo(title="Performance report"), scorecard=path)


def load_report(
    source: str | Path | None = None,
    *,
    exceptions_only: bool | None = None,
    as_of: Period | None = None,
    sheet: str | None = None,
    with_report: bool = True,
) -> tuple[Report, str]:
    """Read, judge and word a paper; returns the Report and the layout its config names.
    `as_of` and `sheet` override the config's period and sheet (the command line's --period
    and --sheet); `with_report` False leaves out the formal report (the analysis alone)."""
    config = load_config(source)
    if sheet is not None:
        config = replace(config, sheet=sheet)
    report = assemble(config, exceptions_only=exceptions_only, as_of=as_of, with_report=with_report)
    return report, config.layout


def read_options(
    config: PaperConfig, period: Period | None = None, *, earlier: bool = False
) -> ReadOptions:
    """How paper.yaml says to read its scorecard: columns, period, RAG codes, zeros. The
    previous paper's scorecard (`earlier`) is read with the period before the paper's."""
    period = period or config.period
    if earlier and period is not None:
        period = period.shift(-config.previous_months)
    return ReadOptions(
        sheet=config.sheet,
        period=period,
        columns=config.columns,
        rag_codes=config.rag_codes,  # type: ignore[arg-type]
        zero_means_missing=config.zero_means_missing,
        comparator_rows=config.comparator_rows,
        config=config.path,
    )


def check_inputs(
    source: str | Path | None = None, *, as_of: Period | None = None, sheet: str | None = None
) -> tuple[list[CommitteeReportError], Report | None]:
    """Every problem in a paper's inputs (config, scorecard, catalogue, rules, layout), and,
    when there are none, the Report: what `validate` shows. Nothing is printed. `as_of` and
    `sheet` are as for `load_report`."""
    from committee_report.inputs.theme import load_theme

    found = Collector()
    try:
        config = load_config(source, found)
    except CommitteeReportError as error:
        found.add(error)
        return found.problems, None
    if sheet is not None:
        config = replace(config, sheet=sheet)
    earlier_options = read_options(config, None, earlier=True)
    steps: dict[str, Callable[[], object]] = {
        "scorecard": lambda: (
            config.scorecard and read_checked(config.scorecard, read_options(config, as_of))
        ),
        "catalogue": lambda: load_catalogue(config.catalogue),
        "rules": lambda: load_rules(config.rules),
        "layout": lambda: load_theme(config.layout),
    }
    earlier = config.previous_scorecard
    if earlier is not None:
        steps["earlier"] = lambda: read_checked(earlier, earlier_options)
    held: dict[str, object] = {}
    for key, step in steps.items():
        try:
            held[key] = step()
        except CommitteeReportError as error:
            found.add(error)
    if found:
        return found.problems, None
    given = None
    if isinstance(held["scorecard"], Scorecard):  # read once: the report is judged from it
        earlier_read = cast(Scorecard | None, held.get("earlier"))
        given = Inputs(
            held["scorecard"],
            cast(Catalogue, held["catalogue"]),
            cast(RuleSet, held["rules"]),
            (earlier_options, earlier_read) if earlier_read is not None else None,
        )
    try:
        return [], assemble(config, as_of=as_of, given=given)
    except CommitteeReportError as error:
        found.add(error)
        return found.problems, None


@dataclass(frozen=True)
class Inputs:
    """A paper's inputs as already read and checked (by `check_inputs`), for `assemble` to
    judge without reading them again; the earlier scorecard with the options it was read with."""

    scorecard: Scorecard
    catalogue: Catalogue
    rules: RuleSet
    earlier: tuple[ReadOptions, Scorecard] | None = None


def read_checked(path: Path, options: ReadOptions) -> Scorecard:
    """A scorecard read as paper.yaml says, and held to the limits of what a paper can show."""
    scorecard = read_scorecard(path, options=options)
    check_scorecard_limits(scorecard)
    return scorecard


def check_scorecard_limits(scorecard: Scorecard) -> None:
    """Text a paper must set (ids, titles, officers, commentary, comparator names) within
    `limits.MAX_TEXT`, tokens short enough to break across lines, and no more months,
    comparators or indicators than a paper can lay out: over-long content is refused here,
    with its row and column, rather than failing in the layout."""
    found = Collector()
    name = scorecard.path

    def over(row: int | None, column: str | None, what: str) -> None:
        found.add(DataError(name, row, column, what))

    if len(scorecard.periods) > limits.MAX_PERIODS:
        over(
            None,
            None,
            f"{len(scorecard.periods):,} month columns, over the limit of "
            f"{limits.MAX_PERIODS}; keep the last few years",
        )
    if len(scorecard.comparator_names) > limits.MAX_COMPARATORS:
        over(
            None,
            None,
            f"{len(scorecard.comparator_names):,} comparator columns, over the limit "
            f"of {limits.MAX_COMPARATORS}",
        )
    if len(scorecard.indicators) > limits.MAX_INDICATORS:
        over(
            None,
            None,
            f"{len(scorecard.indicators):,} indicators, over the limit of "
            f"{limits.MAX_INDICATORS:,}",
        )
    for column in scorecard.comparator_names:
        if len(column) > limits.MAX_TEXT["comparator"]:
            over(
                None,
                limits.quote(column, 40),
                f"a comparator name of {len(column):,} "
                f"characters, over the limit of {limits.MAX_TEXT['comparator']}",
            )
    headers = scorecard.headers
    for item in scorecard.indicators:
        row = item.source.row
        fields = (
            ("id", item.id),
            ("title", item.title),
            ("officer", item.officer),
            ("commentary", item.commentary or ""),
            ("section", item.section or ""),
        )
        for role, text in fields:
            limit = limits.MAX_TEXT[role]
            if len(text) > limit:
                over(
                    row,
                    headers.get(role, role),
                    f"{len(text):,} characters, over the limit of {limit:,} a paper can show",
                )
            elif (
                role in ("id", "title", "section")
                and text
                and max(len(word) for word in text.split()) > limits.MAX_TOKEN
            ):
                over(
                    row,
                    headers.get(role, role),
                    f"a word of more than {limits.MAX_TOKEN} "
                    "characters with no space cannot be set on a line; add spaces",
                )
    found.check()


def assemble(
    config: PaperConfig,
    *,
    exceptions_only: bool | None = None,
    as_of: Period | None = None,
    with_report: bool = True,
    given: Inputs | None = None,
) -> Report:
    """The judged, worded Report; with the formal report of `report:` around it unless
    `with_report` is False (the analysis alone). `given` are the inputs already read."""
    steps = Steps()
    steps.next("read the scorecard")
    if given is None:
        scorecard = read_checked(config.scorecard, read_options(config, as_of))
        catalogue = load_catalogue(config.catalogue)
        rules = load_rules(config.rules)
    else:
        scorecard, catalogue, rules = given.scorecard, given.catalogue, given.rules
    period = _as_of(config, scorecard, as_of)
    warnings = list(scorecard.notices) + _catalogue_warnings(catalogue, scorecard)
    warnings += subject_warnings(scorecard, catalogue)
    steps.next("judge the indicators")

    # The paper's own period is judged as current (benchmarks, the table's own figures, stale
    # values), whether it is the table's last period or the one paper.yaml names.
    is_current = period == scorecard.periods[-1] or (as_of is None and config.period is not None)
    current = assess.judge(scorecard, catalogue, rules, period, current=is_current)
    previous_period = period.shift(-config.previous_months)
    renamed: dict[str, str] = {}
    if config.previous_scorecard is not None:
        options = read_options(config, period, earlier=True)
        if given is not None and given.earlier is not None and given.earlier[0] == options:
            earlier = given.earlier[1]
        else:
            earlier = read_checked(config.previous_scorecard, options)
        previous_period = earlier.periods[-1]
        renamed = quality.retitled(scorecard, earlier)
        previous = {a.id: a for a in assess.judge(earlier, catalogue, rules) if a.id not in renamed}
    elif previous_period >= scorecard.periods[0]:
        previous = {a.id: a for a in assess.judge(scorecard, catalogue, rules, previous_period)}
    else:
        previous, previous_period = {}, None  # type: ignore[assignment]
    current = [_with_movement(item, previous.get(item.id), rules.scheme) for item in current]
    current = [
        _retitled(item, renamed[item.id]) if item.id in renamed else item for item in current
    ]
    steps.next("write the narrative")
    current = narrative.describe(current, rules, scorecard, period)
    steps.done()

    for item in current:
        warnings.extend(item.warnings)
    warnings.extend(missing_commentary(current, config))
    only = config.exceptions_only if exceptions_only is None else exceptions_only
    shown = [
        a for a in current if not only or a.category == "do_better" or a.movement == "worsened"
    ]
    report = Report(
        paper=replace(
            config.paper,
            glossary=catalogue.glossary,
            period_label=config.paper.period_label or f"Data to {period.long_label}",
        ),
        scorecard=scorecard,
        period=period,
        previous_period=previous_period,
        assessments=tuple(shown),
        bullets=tuple(narrative.bullets(shown, catalogue, rules.scheme)),
        changes=tuple(_changes(shown)),
        rules=rules.descriptions,
        warnings=tuple(warnings),
        featured=tuple(a.id for a in shown if _featured(a, config)),
        exceptions_only=only,
        scheme=rules.scheme,
        not_updated=tuple(
            NotUpdated(a.id, narrative.short_name(a), a.last_period) for a in shown if a.stale
        ),
    )
    if config.report is not None and with_report:
        from committee_report.paper.report import formal_report, read_text

        report = replace(report, formal=read_text(config.report))
        formal_report(report)  # its problems (a placeholder, the front matter) found now
    return report


def _retitled(item: Assessment, message: str) -> Assessment:
    """An id the previous scorecard gave another title: flagged, and no movement shown."""
    where = format_location(item.indicator.source.file, item.indicator.source.row, None, message)
    return replace(item, quality=(*item.quality, "retitled"), warnings=(*item.warnings, where))


def missing_commentary(assessments: list[Assessment], config: PaperConfig) -> list[str]:
    """Indicators the paper config says must carry commentary, and do not."""
    required = set(config.commentary_required)
    problems = []
    for item in assessments:
        needs = item.category in required or item.rag in required
        if needs and not (item.commentary or "").strip():
            why = item.category if item.category in required else item.rag
            where = config.catalogue.name if config.catalogue else "the catalogue"
            problems.append(
                format_location(
                    item.indicator.source.file,
                    item.indicator.source.row,
                    None,
                    f"{item.id}: commentary is required for {why.replace('_', ' ')} indicators "
                    f"and is missing (add it to {where} or a Commentary column)",
                )
            )
    return problems


def write_atomically(path: str | Path, data: bytes) -> None:
    """Temporary file in the same folder, then rename: a reader never sees half a PDF, and an
    earlier file is untouched if anything fails. A special file (`/dev/stdout`, a FIFO) is
    written to directly, never renamed over. Failures are `OutputError`s in plain words."""
    path = Path(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(
            f"{path}: is a folder; give the PDF's file name, such as "
            f"{limits.one_line(str(path / 'paper.pdf'), 200)}"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            with open(path, "wb") as stream:
                stream.write(data)
        except OSError as error:
            raise OutputError(str(path), limits.describe_os_error(error)) from None
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: the output folder {folder} does not exist")
    _refuse_read_only(path, info)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(
            str(path), f"cannot write in the folder {folder}: {limits.describe_os_error(error)}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as error:
        reason = limits.describe_os_error(error)
        if isinstance(error, PermissionError) and path.exists():
            reason = (
                "cannot replace the file: it is read-only or open in another program; "
                "close the PDF in your viewer and try again"
            )
        raise OutputError(str(path), reason) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def prepare_output(path: str | Path) -> None:
    """Refuse, before any work is done, an output that can never be written: a folder, or a
    file in a folder that does not exist (exit 2)."""
    path = Path(path)
    if not str(path).strip():
        raise UsageError("the output file name is empty")
    try:
        is_folder = path.is_dir()
        folder = path.parent if str(path.parent) else Path(".")
        folder_exists = folder.is_dir()
    except (OSError, ValueError):
        raise UsageError(f"{limits.one_line(str(path), 200)}: not a usable output path") from None
    if is_folder:
        raise UsageError(
            f"{limits.one_line(str(path), 200)}: is a folder; give the PDF's file "
            f"name, such as {limits.one_line(str(path / 'paper.pdf'), 200)}"
        )
    if not folder_exists:
        raise UsageError(
            f"{limits.one_line(str(path), 200)}: the output folder "
            f"{limits.one_line(str(folder), 200)} does not exist"
        )
    if path.exists() and not path.is_file():
        return  # a device or FIFO, written to directly
    _refuse_read_only(path, None)
    try:  # a read-only or unwritable folder is found now, not after the paper is laid out
        handle, probe = tempfile.mkstemp(prefix=".committee-report.", suffix=".tmp", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise OutputError(
            str(path), f"cannot write in the folder {folder}: {limits.describe_os_error(error)}"
        ) from None


def _refuse_read_only(path: Path, info: os.stat_result | None) -> None:
    """A paper file marked read-only is kept: replacing it by rename would succeed on POSIX,
    but the mark says someone meant it not to change (Windows refuses the same)."""
    try:
        info = info or os.stat(path)
    except (OSError, ValueError):
        return
    if stat.S_ISREG(info.st_mode) and not info.st_mode & stat.S_IWUSR:
        raise OutputError(
            str(path), "the file is read-only; make it writable or choose another name with -o"
        )


def check_output(output: str | Path, inputs: list[str | Path]) -> None:
    """Refuse (exit 2) an output that is one of the inputs: building `x.csv -o x.csv` must
    never replace the scorecard with a PDF. Compared by file identity, so links count."""
    try:
        target = os.stat(output)
    except (OSError, ValueError):
        return  # nothing there yet: it cannot be an input
    if not stat.S_ISREG(target.st_mode):
        return
    for item in inputs:
        try:
            other = os.stat(item)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (target.st_dev, target.st_ino):
            raise UsageError(
                f"{limits.one_line(str(output), 200)}: the output is an input of "
                f"this paper ({limits.one_line(str(item), 200)}); "
                "choose another output file"
            )


def input_files(config: PaperConfig) -> list[str | Path]:
    """Every file a paper config reads (the layout's files are added by the caller)."""
    from committee_report.judge.rules import default_rules_path

    found: list[str | Path | None] = [
        config.path,
        config.scorecard,
        config.catalogue,
        config.rules or default_rules_path(),
        config.previous_scorecard,
        config.report,
    ]
    return [item for item in found if item is not None]


def _as_of(config: PaperConfig, scorecard: Scorecard, override: Period | None) -> Period:
    period = override or config.period or scorecard.periods[-1]
    if period not in scorecard.periods:
        within = scorecard.periods[0] <= period and period.index <= scorecard.periods[-1].index
        if not within or period.kind == scorecard.kind:
            where = config.path or str(config.scorecard)
            raise ConfigError(
                where,
                "period",
                f"{period} is not a {period.noun} of the scorecard "
                f"({scorecard.periods[0]} to {scorecard.periods[-1]})",
            )
    return period


def _catalogue_warnings(catalogue: Catalogue, scorecard: Scorecard) -> list[str]:
    known = {ind.id for ind in scorecard.indicators}
    return [
        f"{catalogue.path}: indicators.{limits.one_line(key, 60)}: no indicator "
        f"{limits.quote(key, 60)} in the scorecard"
        for key in catalogue.indicators
        if key not in known
    ]


def _with_movement(
    item: Assessment, before: Assessment | None, scheme: CategoryScheme = DEFAULT_SCHEME
) -> Assessment:
    if before is None or before.headline is None or before.stale:
        return item  # nothing current to compare with: no movement claimed
    movement: Movement | None
    if before.category == item.category or (
        item.category is not None
        and before.category is not None
        and scheme.list_of(before.category) == scheme.list_of(item.category)
    ):
        movement = "unchanged"
    elif item.category is None:
        movement = None
    elif before.category is None:
        movement = "new"
    else:
        movement = "improved" if _RANK[item.category] > _RANK[before.category] else "worsened"
    return replace(
        item, previous_category=before.category, previous_rag=before.rag, movement=movement
    )


def _changes(assessments: list[Assessment]) -> list[Change]:
    moved = [a for a in assessments if a.movement in ("new", "improved", "worsened")]
    order: dict[str, int] = {c: i for i, c in enumerate(CATEGORIES)}
    moved.sort(key=lambda a: order.get(a.category or "", 9))
    return [
        Change(
            a.id,
            narrative.short_name(a),
            a.previous_category,
            a.category,
            a.movement,  # type: ignore[arg-type]
            a.rule,
            a.reasons[0] if a.reasons else "",
        )
        for a in moved
    ]


def _featured(item: Assessment, config: PaperConfig) -> bool:
    if item.info.featured is not None:
        return item.info.featured
    if item.headline is None:
        return False
    return "all" in config.charts or item.category in config.charts
