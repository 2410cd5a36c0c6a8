"""`init`: draft paper.yaml, catalogue.yaml and a layout from a council's own scorecard.

A new user should not have to read the code to learn which headers exist and which settings a
paper needs. `draft` reads the scorecard the way a build will, records what it found (the role
of every column, the kind of period, each indicator's unit, polarity and target) and writes
three commented YAML files that `validate` accepts as they are; what the data cannot decide
(a missing polarity where there is a target, a missing title, the cover's wording, the period
of a table whose figures are relative to it) is listed, not guessed. `columns:` is written
live, so a wrong role is one value to edit; roles read from a column's contents rather than
its header are marked as guesses. Nothing here prints: the command line shows the result.
"""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

from committee_report.errors import CommitteeReportError, ConfigError
from committee_report.inputs.columns import ROLE_WORDS, ColumnReport, describe_columns
from committee_report.inputs.config import PaperConfig
from committee_report.inputs.periods import relative_kind
from committee_report.inputs.roles import ROLES
from committee_report.limits import one_line
from committee_report.model import Assessment, PaperInfo, Period, Report

FILES = ("paper.yaml", "catalogue.yaml", "layout.yaml")
EXAMPLES = {"quarter": "Q3 2024/25", "month": "2025-01", "year": "2024/25"}
STAND_IN = Period(2000, 3, "quarter", True)
"""A period to read relative columns with while drafting the catalogue, where the paper's own
is not known yet: units, polarities and targets do not depend on it, and it is never written."""
POLARITY_WORDS = {"bigger_is_better": "bigger is better", "smaller_is_better": "smaller is better"}


@dataclass(frozen=True)
class Draft:
    """What `init` wrote and what the officer still has to decide."""

    folder: Path
    written: tuple[Path, ...]
    columns: ColumnReport
    decisions: tuple[str, ...]
    report: Report | None


def draft(
    scorecard: str | Path,
    folder: str | Path = ".",
    *,
    sheet: str | None = None,
    period: Period | None = None,
    force: bool = False,
    name: str | None = None,
) -> Draft:
    """Write the three drafts into `folder`; never replaces a file unless `force`.

    `name` is how the scorecard is named in messages (default: its path)."""
    scorecard, folder = Path(scorecard), Path(folder)
    if not folder.is_dir():
        raise ConfigError(str(folder), None, "folder does not exist; create it first")
    targets = [folder / file for file in FILES]
    if not force:
        existing = [str(path) for path in targets if path.exists()]
        if existing:
            raise ConfigError(
                existing[0],
                None,
                "already exists; init never replaces a file "
                "(add --force to replace the drafts, or choose another --dir)",
            )
    columns = describe_columns(scorecard, sheet=sheet, name=name)
    if period is not None and columns.periods and period not in columns.periods:
        raise ConfigError(
            name or str(scorecard),
            None,
            f"--period {period} is not a period of "
            f"the table ({columns.periods[0]} to {columns.periods[-1]})",
        )
    chosen = period or (columns.period_found if columns.needs_period else None)
    readable = columns.scorecard is not None or columns.mappable
    report, unread = _judged(scorecard, sheet, columns, chosen) if readable else (None, None)
    decisions = _decisions(columns, report, chosen)
    if unread:
        decisions.append(
            f"the scorecard does not read as drafted ({unread}); fix the table, "
            "or a role in columns:, then run validate"
        )
    texts = (
        _paper_yaml(scorecard, folder, sheet, period, columns, report),
        _catalogue_yaml(columns, report),
        _layout_yaml(),
    )
    from committee_report.pipeline import write_atomically

    for path, text in zip(targets, texts):
        write_atomically(path, text.encode("utf-8"))
    return Draft(folder, tuple(targets), columns, tuple(decisions), report)


def _judged(
    scorecard: Path, sheet: str | None, columns: ColumnReport, period: Period | None
) -> tuple[Report | None, str | None]:
    """The scorecard judged as the drafts read it (their `columns:`, `rag_codes:` and period,
    else a stand-in period): the units, polarities and targets it gives."""
    from committee_report.pipeline import assemble

    config = PaperConfig(
        path=None,
        paper=PaperInfo(title="Draft"),
        scorecard=scorecard,
        sheet=sheet,
        columns=columns.mapping,
        rag_codes=tuple(
            (code, None if meaning == "none" else meaning) for code, meaning in columns.rag_codes
        ),
        period=period or (STAND_IN if columns.needs_period else None),
    )
    try:
        return assemble(config), None
    except CommitteeReportError as error:
        return None, one_line(str(error))


def _decisions(columns: ColumnReport, report: Report | None, period: Period | None) -> list[str]:
    """What the officer must decide, one line each, in the order of the files."""
    out = ["paper.yaml: the cover's council, committee, title and date (paper: ...)"]
    if columns.needs_period and period is None:
        out.append(f"paper.yaml: {_period_wanted(columns)}")
    elif columns.needs_period and period is not None and period == columns.period_found:
        out.append(
            f"paper.yaml: check period: {_period_text(period)} (read from {columns.period_source})"
        )
    guessed = [c.header for c in columns.columns if c.guessed]
    if guessed and columns.mappable:
        out.append(
            f"paper.yaml: check the roles guessed from the contents of {_ids(guessed)} "
            "(columns:, marked 'guessed')"
        )
    if columns.rag_codes:
        out.append("paper.yaml: check what the table's status codes mean (rag_codes:)")
    if columns.problem and report is None and not columns.mappable:
        out.append(
            f"the scorecard cannot be read yet ({columns.problem}); rename its headers "
            "as README.md's 'The scorecard' describes, then run init again with --force"
        )
    if report is None:
        return out
    targets = [a for a in report.assessments if a.target is not None]
    unpolar = [a.id for a in targets if a.indicator.polarity is None]
    if unpolar:
        out.append(
            f"catalogue.yaml: polarity for {_ids(unpolar)} (each has a target but the "
            "table gives no polarity, so no RAG rating can be given)"
        )
    untitled = [a.id for a in report.assessments if not a.indicator.title.strip()]
    if untitled:
        out.append(f"catalogue.yaml: short_title for {_ids(untitled)} (the table gives no title)")
    return out


def _period_kind_word(columns: ColumnReport) -> str | None:
    kinds = {relative_kind(c.header) for c in columns.columns if c.role in ("previous", "current")}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def _period_wanted(columns: ColumnReport) -> str:
    """The one line that asks for the paper's period: what it is for and an example."""
    kind = _period_kind_word(columns)
    example = (
        f"e.g. period: {EXAMPLES[kind]}"
        if kind
        else (
            f"e.g. period: {EXAMPLES['quarter']} (a quarter), {EXAMPLES['month']} (a month) or "
            f"{EXAMPLES['year']} (a year)"
        )
    )
    return (
        f"period: the {kind or 'period'} this paper reports on, which the table does not "
        f"name ({columns.needs_period}); {example}"
    )


def _period_text(period: Period) -> str:
    """A period as paper.yaml takes it back: 2022-01, Q3 2021/22, 2020/21."""
    return str(period) if period.kind == "month" else period.label


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _relative(path: Path, folder: Path) -> str:
    """Relative to the drafts where the two are near (the folder moves with them), else whole."""
    try:
        relative = Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return path.resolve().as_posix()
    return path.resolve().as_posix() if relative.startswith("../..") else relative


def _paper_yaml(
    scorecard: Path,
    folder: Path,
    sheet: str | None,
    period: Period | None,
    columns: ColumnReport,
    report: Report | None,
) -> str:
    last = str(columns.periods[-1]) if columns.periods else "YYYY-MM"
    step = columns.step if columns.step in (1, 3, 12) else 1
    lines = [
        f"# The paper's settings, drafted by `committee-report init` from {scorecard.name}.",
        "# Every key is explained; edit the values, then run `committee-report validate` on",
        "# this file. Paths are relative to this file.",
        "paper:                    # what goes on the cover and into the PDF's properties",
        '  council: ""             # the council\'s name, e.g. Croydon Council',
        '  committee: ""           # the committee the paper goes to',
        '  title: "Performance report"   # the paper\'s title on the cover',
        '  date: ""                # the meeting date as printed, e.g. February 2022',
        '  # agenda_item: "7"      # optional: the agenda item number',
        '  # author: ""            # optional: the team that wrote the paper',
        "  # marking: OFFICIAL     # optional: a protective marking on every page",
        f"scorecard: {_q(_relative(scorecard, folder))}   # the table the paper is built from",
    ]
    if sheet:
        lines.append(f"sheet: {_q(sheet)}   # the workbook's sheet that holds the table")
    else:
        lines.append("# sheet: KPIs             # for a workbook: the sheet (default: the first)")
    lines += [
        "catalogue: catalogue.yaml # per-indicator facts the table lacks (polarity, unit, ...)",
        "# rules: rules.yaml        # how indicators are judged (default: the bundled rules)",
        "layout: layout.yaml       # the look: a layout name (default, croydon) or a YAML file",
        *_period_lines(period, columns, last),
        "previous:                 # movement since the last paper is judged against",
        f"  months: {step}               # the paper this many months earlier",
        "charts: [do_better, ones_to_watch]   # categories that get a chart page, or [all]",
        "commentary:",
        "  required_for: []        # e.g. [do_better]: validate warns where commentary is missing",
        "exceptions_only: false    # true: only do-better and worsened indicators",
        "",
    ]
    lines += _columns_lines(scorecard, columns)
    return "\n".join(lines) + "\n"


def _period_lines(period: Period | None, columns: ColumnReport, last: str) -> list[str]:
    if period is not None:
        return [f"period: {_q(_period_text(period))}   # the period reported on"]
    if columns.needs_period and columns.period_found is not None:
        return [
            f"period: {_q(_period_text(columns.period_found))}   # the period reported on, "
            f"read from {columns.period_source}: check it"
        ]
    if columns.needs_period:
        wanted = _period_wanted(columns)[len("period: ") :]
        return [
            *textwrap.wrap(f"DECIDE {wanted}", 96, initial_indent="# ", subsequent_indent="#   "),
            "period:                   # DECIDE: see above; validate says so until it is set",
        ]
    return [f"# period: {last}          # the period reported on (default: the table's last)"]


def _columns_lines(scorecard: Path, columns: ColumnReport) -> list[str]:
    """`columns:` live where the table reads through it, so a wrong role is one value to edit;
    else what was seen, as comments."""
    where = f" (header on row {columns.header_row})" if columns.header_row else ""
    lines = [f"# How init read {scorecard.name}{where}."]
    if columns.problem and not columns.mappable:
        lines.append(f"#   not readable yet: {columns.problem}")
    months = [c for c in columns.columns if c.role == "month"]
    mapping = dict(columns.mapping)
    if mapping:
        lines += [
            "# columns: each header and its role; edit a role that is wrong, or make it ignore.",
            *textwrap.wrap(
                f"Roles: {', '.join(ROLES)}.", 96, initial_indent="# ", subsequent_indent="#   "
            ),
            "# A role marked 'guessed' was read from the column's contents: check it.",
            "columns:",
        ]
        notes = {c.header: c for c in columns.columns if c.header in mapping}
        for header, role in mapping.items():
            column = notes[header]
            comment = f"guessed: {column.note}" if column.guessed else column.note
            lines.append(f"  {_q(header)}: {role}" + (f"   # {comment}" if comment else ""))
        if columns.rag_codes:
            lines += [
                "# rag_codes: the table's own status codes as green, amber, red, grey or "
                "none (no judgement);",
                "# guessed from the codes' last letters: check them.",
                "rag_codes:",
            ]
            lines += [f"  {_q(code)}: {meaning}" for code, meaning in columns.rag_codes]
        lines.append("# zero_means_missing: true   # where the council writes 0 for no figure")
    else:
        lines.append("# columns:")
        for column in columns.columns:
            if column.role == "month":
                continue
            header = column.header or f"(column {column.letter}, no header)"
            lines.append(
                f"#   {_q(header)}: {column.role}" + (f"   # {column.note}" if column.note else "")
            )
    if months:
        lines.append(
            f"# period columns, read from their headers: {months[0].header} to "
            f"{months[-1].header} ({columns.period_kind.split(',')[0]})"
        )
    return lines


def _catalogue_yaml(columns: ColumnReport, report: Report | None) -> str:
    lines = [
        "# Facts about each indicator that the scorecard lacks, drafted by "
        "`committee-report init`.",
        "# Keys per indicator: short_title (a shorter name for bullets and charts), polarity",
        "# (bigger_is_better or smaller_is_better, where the table has none), unit (percent, rate,",
        "# count, number), aggregation (mean or sum, for year to date), basis (ytd or latest),",
        "# amber_tolerance (how far short of target is still Amber, in the indicator's units)",
        "# with amber_relative: true to make it a share of the target, definition, commentary,",
        "# group and featured (true/false: a chart page or not). Lines marked DECIDE are for you.",
    ]
    if report is None:
        lines += [
            "# The scorecard could not be read yet"
            + (f" ({columns.problem})" if columns.problem else "")
            + "; run init again once it reads.",
            "indicators: {}",
        ]
        return "\n".join(lines) + "\n"
    lines.append("indicators:")
    for item in report.assessments:
        lines += _entry(item)
    lines += [
        "# groups:                  # related indicators sharing one overview bullet",
        "#   caseloads: {label: Caseloads}",
        "# glossary:                # abbreviations explained in the appendix",
        "#   CIN: Child in need",
    ]
    return "\n".join(lines) + "\n"


def _entry(item: Assessment) -> list[str]:
    indicator = item.indicator
    title = " ".join(indicator.title.split())
    head = f"  {_q(item.id)}:   # row {indicator.source.row}"
    lines = [head + (f": {title}" if title else "")]
    if not title:
        lines.append(
            '    # short_title: ""      # DECIDE: the table gives no title; the id is '
            "used meanwhile"
        )
    lines.append(
        f"    unit: {item.unit}"
        + " " * max(1, 16 - len(item.unit))
        + "# as read from the values; change it if wrong"
    )
    if indicator.polarity:
        said = _q(" ".join(indicator.polarity_text.split()))
        lines.append(
            f"    # polarity: the table says {said} ({POLARITY_WORDS[indicator.polarity]})"
        )
    elif item.target is not None:
        lines.append(
            "    # polarity: DECIDE bigger_is_better or smaller_is_better (the table "
            "gives a target but no polarity)"
        )
    else:
        lines.append("    # polarity: none in the table; without a target none is needed")
    if item.target is not None:
        target = " ".join(indicator.target.text.split())
        lines.append(
            f"    # target: {target} from the table; amber_tolerance: "
            "the rules' default unless set here"
        )
    else:
        lines.append(
            "    # target: none in the table, so the indicator is shown without a RAG rating"
        )
    return lines


def _layout_yaml() -> str:
    return """\
# The paper's look, drafted by `committee-report init`: it extends the bundled default
# layout and overrides only what you set here. Every key is checked when it loads; see
# layouts/default.yaml in the package for all of them.
extends: default
# colours:                 # brand colours; text needs 4.5:1 contrast (checked)
#   primary: "#12436D"
#   header_fill: "#12436D"
# branding:
#   wordmark: ""           # text in place of a logo (empty: the council's name)
#   logo: logo.png         # a .png or .jpg next to this file, drawn on the cover
# sections: [cover, overview, kpi_tables, details, changes, appendix]
# data_notes: true         # false: leave the notes on the data out of the appendix
"""


def summary_lines(result: Draft) -> list[str]:
    """The table of columns and what to do next, as the command line prints it."""
    columns = result.columns
    where = f" (header on row {columns.header_row})" if columns.header_row else ""
    lines = [f"Columns of {columns.file}{where}:"]
    width = max((len(c.header) for c in columns.columns), default=6)
    width = min(max(width, 6), 40)
    months = [c for c in columns.columns if c.role == "month"]
    for column in columns.columns:
        if column.role == "month" and column is not months[0]:
            continue
        header = column.header or "(no header)"
        if column.role == "month":
            header = f"{months[0].header} .. {months[-1].header}"
            kinds = {p.kind for p in columns.periods} or {"month"}
            noun = f"{kinds.pop()}s" if len(kinds) == 1 else "periods"
            role = f"{noun} ({len(months)})"
        else:
            role = ROLE_WORDS.get(column.role, column.role)
        note = f": {column.note}" if column.note and column.role != "month" else ""
        if column.guessed:
            note = f" (guessed from contents: {column.note})"
        lines.append(f"  {column.letter:>3}  {header[:width]:<{width}}  {role}{note}")
    lines.append(f"Periods: {columns.period_kind}")
    if columns.needs_period and columns.period_found is not None:
        lines.append(
            f"Period of the paper: {_period_text(columns.period_found)} (from "
            f"{columns.period_source})"
        )
    if result.report is not None:
        lines.append(f"Indicators: {len(result.report.assessments)}")
    lines.append("Wrote " + ", ".join(str(path) for path in result.written))
    lines.append("Still to decide:")
    lines += [f"  - {decision}" for decision in result.decisions]
    paper = result.written[0]
    lines.append(f"Next: committee-report validate {paper}")
    return lines


__all__ = ["Draft", "draft", "summary_lines"]
