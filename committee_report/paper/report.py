"""The formal committee report around the analysis: a Markdown file with YAML front matter.

`formal_report(report)` parses the file named by `report:` in paper.yaml (read by `read_text`
into the Report; CommonMark through markdown-it-py, HTML off, tables on) into a
`FormalReport`: the front sheet's fields
and the sections, each a heading and blocks of the paper model (paragraphs, lists, tables,
sub-headings) with `{{ placeholders }}` filled from the judged Report, so the report quotes
the very figures the analysis shows. Numbering and the front sheet's layout are the layout's
(compose.py applies them); nothing here draws.

Every problem is a one-line ConfigError naming the file and the line (exit 2).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from committee_report.errors import ConfigError
from committee_report.inputs.report_layout import FRONT_SHEET_FIELDS, ReportSettings
from committee_report.inputs.theme import Theme, load_theme
from committee_report.inputs.yamlio import Section
from committee_report.limits import clean_text
from committee_report.model import CATEGORIES, Report, ReportText
from committee_report.paper import model as pm

if TYPE_CHECKING:
    from markdown_it.token import Token

PLACEHOLDERS: dict[str, str] = {
    "period": "the month reported on (January 2022)",
    "previous_period": "the month compared with (December 2021), empty without one",
    "indicators": "how many indicators the analysis shows",
    "going_well": "how many indicators are going well",
    "ones_to_watch": "how many are ones to watch",
    "do_better": "how many are things to do better",
    "do_better_list": "the do-better indicators (alone in a paragraph: a list of them)",
    "moved": "how many indicators moved category since the last report",
    "improved": "how many of those moved to a better category",
    "worsened": "how many moved to a worse one",
    "red": "how many indicators are rated red",
    "amber": "how many are rated amber",
    "green": "how many are rated green",
}
"""The fixed list of `{{ name }}` placeholders a report may use, and what each is."""

LABELS = {
    "contents": "Contents",
    "appendix_contents": "In this appendix",
    "sample": "Sample.",
    "decision": "For decision",
    "information": "For information",
    "yes": "Yes",
    "no": "No",
}
"""The report's fixed words, in one place so a language's labels can replace them."""

FRONT_MATTER_KEYS = (*FRONT_SHEET_FIELDS, "sample_notice")
APPENDIX_ANCHOR = "appendix-a"
ANALYSIS_ANCHORS = tuple(
    f"section-{key}" for key in ("overview", "kpi_tables", "details", "changes", "appendix")
)
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_WORDS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class ReportSection:
    """One section of the report as written: its title (without a number), the line it
    starts on, and its blocks before numbering (paragraphs, lists with `numbered` marking
    an ordered list, sub-headings, tables)."""

    title: str
    line: int
    blocks: tuple[pm.Block, ...]


@dataclass(frozen=True)
class FormalReport:
    """The report's words with its placeholders filled: the front sheet's fields (key and
    text, the empty ones left out), the title, a sample notice, the sections, and the file
    it came from (for `validate`'s messages; never shown in a paper)."""

    source: str
    title: str
    fields: tuple[tuple[str, str], ...]
    sections: tuple[ReportSection, ...]
    sample_notice: str = ""

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")


def figures(report: Report) -> dict[str, str]:
    """The placeholders' values, from the Report the analysis is composed from."""
    shown = report.assessments
    counts = {c: sum(a.category == c for a in shown) for c in CATEGORIES}
    rags = {r: sum(a.rag == r for a in shown) for r in ("red", "amber", "green")}
    moves = [c.movement for c in report.changes]
    return {
        "period": report.period.long_label,
        "previous_period": report.previous_period.long_label if report.previous_period else "",
        "indicators": str(len(shown)),
        **{c: str(n) for c, n in counts.items()},
        "do_better_list": ", ".join(a.id for a in do_better(report)),
        "moved": str(len(report.changes)),
        "improved": str(moves.count("improved")),
        "worsened": str(moves.count("worsened")),
        **{r: str(n) for r, n in rags.items()},
    }


def do_better(report: Report) -> list:
    """The do-better indicators in the scorecard's order."""
    return [a for a in report.assessments if a.category == "do_better"]


def read_text(path: str | Path) -> ReportText:
    """The report's Markdown at `path`, read as UTF-8 (with or without a BOM)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot be read: {exc.strerror}") from None
    return ReportText(str(path), text)


def formal_report(report: Report) -> FormalReport | None:
    """The Report's formal report parsed, its placeholders filled from the Report; None
    when the paper is the analysis alone."""
    if report.formal is None:
        return None
    return parse_report(report.formal.text, report.formal.file, report)


def parse_report(text: str, file: str, report: Report) -> FormalReport:
    """See `formal_report`; `file` names the source in messages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_placeholders(text, file)
    values = figures(report)
    front, offset = _front_matter(text, file)
    body = "\n".join(text.split("\n")[offset:])
    fields, title, notice = _fields(front, file, report, values)
    sections = _Parser(file, offset, values, report).sections(body)
    return FormalReport(file, title, fields, sections, notice)


# --- placeholders and front matter ------------------------------------------------------------


def _check_placeholders(text: str, file: str) -> None:
    """Every `{{ name }}` one of PLACEHOLDERS, every `{{` closed on its line."""
    known = ", ".join(PLACEHOLDERS)
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _PLACEHOLDER.finditer(line):
            name = match.group(1).strip()
            if name not in PLACEHOLDERS:
                raise ConfigError(
                    file,
                    f"line {number}",
                    f"unknown placeholder {{{{ {name} }}}} (expected one of: {known})",
                )
        if "{{" in _PLACEHOLDER.sub("", line):
            raise ConfigError(
                file, f"line {number}", "a placeholder's {{ is not closed by }} on the same line"
            )


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1).strip()], text)


def _front_matter(text: str, file: str) -> tuple[dict, int]:
    """The YAML between the opening `---` and the next `---` (safe-loaded), and the number
    of lines it takes, so that body lines are numbered as in the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ConfigError(
            file,
            "line 1",
            "expected YAML front matter between --- lines (title, committee, meeting_date, ...)",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ConfigError(file, "line 1", "the front matter's --- is not closed by a --- line")
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark else "line 1"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(file, where, f"malformed YAML front matter: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(file, "line 2", "the front matter must be a mapping of keys")
    return data, end + 1


def _fields(
    data: dict, file: str, report: Report, values: dict[str, str]
) -> tuple[tuple[tuple[str, str], ...], str, str]:
    front = Section(file, data, "front matter")
    with front.checked():
        front.allow(*FRONT_MATTER_KEYS)
        p = report.paper
        fallback = {"committee": p.committee, "meeting_date": p.date, "agenda_item": p.agenda_item}
        out: dict[str, str] = {}
        for name in FRONT_SHEET_FIELDS:
            value = data.get(name)
            if name == "wards" and isinstance(value, list):
                text = ", ".join(str(x).strip() for x in value)
            elif name == "key_decision" and isinstance(value, bool):
                text = LABELS["yes" if value else "no"]
            elif isinstance(value, (datetime.date, datetime.datetime)):
                text = value.strftime("%-d %B %Y")
            else:
                text = front.text(name) or ""
            if name == "decision" and text:
                if text not in ("decision", "information"):
                    raise front.error(name, f"expected decision or information, got {text!r}")
                text = LABELS[text]
            text = clean_text(_fill(text or fallback.get(name, ""), values))
            if text:
                out[name] = text
        title = out.get("title", "")
        if not title:
            raise front.error("title", "missing (expected the report's title)")
        notice = clean_text(_fill(front.text("sample_notice") or "", values))
    return tuple(out.items()), title, notice


# --- the body ---------------------------------------------------------------------------------


class _Parser:
    """Markdown tokens -> sections of paper-model blocks. The shallowest heading level the
    body uses is a section; deeper headings are sub-headings within it."""

    def __init__(self, file: str, offset: int, values: dict[str, str], report: Report) -> None:
        self.file, self.offset, self.values, self.report = file, offset, values, report

    def error(self, token: Token | None, message: str) -> ConfigError:
        line = self.offset + 1 + (token.map[0] if token is not None and token.map else 0)
        return ConfigError(self.file, f"line {line}", message)

    def sections(self, body: str) -> tuple[ReportSection, ...]:
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(body)
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
        if not levels:
            raise self.error(None, "the report has no section headings (# Summary, ...)")
        top = min(levels)
        count = sum(level == top for level in levels)
        self.anchors = {
            APPENDIX_ANCHOR,
            *ANALYSIS_ANCHORS,
            *(f"report-{n}" for n in range(1, count + 1)),
        }
        out: list[ReportSection] = []
        current: tuple[str, int, list] | None = None
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open":
                words = pm.plain(self.inline(tokens[i + 1]))
                if int(token.tag[1]) == top:
                    if current:
                        out.append(ReportSection(current[0], current[1], tuple(current[2])))
                    current = (words, self.offset + 1 + (token.map or [0])[0], [])
                else:
                    assert current is not None  # the first heading is the shallowest
                    current[2].append(pm.Heading(words, 3))
                i += 3
                continue
            if current is None:
                raise self.error(
                    token,
                    "text before the first section heading; start the "
                    "report with a heading such as # Summary",
                )
            block, i = self.block(tokens, i)
            if block is not None:
                current[2].append(block)
        if current:
            out.append(ReportSection(current[0], current[1], tuple(current[2])))
        for section in out:
            if not section.title:
                raise ConfigError(
                    self.file, f"line {section.line}", "a section heading has no words"
                )
        return tuple(out)

    def block(self, tokens: list[Token], i: int) -> tuple[pm.Block | None, int]:
        """The block starting at token `i`, and the index after it."""
        token = tokens[i]
        kind = token.type
        if kind == "paragraph_open":
            inline = tokens[i + 1]
            if re.fullmatch(r"\{\{\s*do_better_list\s*\}\}", inline.content.strip()):
                return pm.BulletList(
                    tuple(
                        pm.ListItem(
                            (
                                pm.Span(a.id, strong=True),
                                pm.Span(f": {a.info.short_title or a.title}"),
                            )
                        )
                        for a in do_better(self.report)
                    )
                ), i + 3
            return pm.Paragraph(self.inline(inline)), i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, i)
            items = [pm.ListItem(self.inline(t)) for t in tokens[i:end] if t.type == "inline"]
            if kind == "ordered_list_open":
                return pm.BulletList(tuple(items), "numbered"), end + 1
            return pm.BulletList(tuple(items)), end + 1
        if kind == "table_open":
            end = _closing(tokens, i)
            rows: list[list[pm.Inline]] = []
            for t in tokens[i:end]:
                if t.type == "tr_open":
                    rows.append([])
                elif t.type == "inline":
                    rows[-1].append(self.inline(t))
            header = tuple(pm.plain(cell) for cell in rows[0])
            return pm.Table("report", header, tuple(tuple(r) for r in rows[1:])), end + 1
        if kind in ("fence", "code_block"):
            text = _fill(token.content.rstrip("\n"), self.values)
            return pm.Paragraph(pm.spans(" ".join(text.split()))), i + 1
        if kind in ("blockquote_open", "blockquote_close", "hr"):
            return None, i + 1
        if kind == "html_block":  # cannot happen with HTML off; kept as its text if it did
            return pm.Paragraph(pm.spans(token.content.strip())), i + 1
        raise self.error(token, f"unexpected {kind.replace('_', ' ')}")

    def inline(self, token: Token) -> pm.Inline:
        """Text, emphasis and links of an inline token as Spans, placeholders filled."""
        out: list[pm.Span] = []
        strong = emphasis = 0
        link: str | None = None
        url: str | None = None
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline", "softbreak", "hardbreak"):
                text = child.content if kind in ("text", "code_inline") else " "
                out.append(
                    pm.Span(
                        _fill(text, self.values),
                        strong=bool(strong),
                        emphasis=bool(emphasis),
                        link=link,
                        url=url,
                    )
                )
            elif kind in ("strong_open", "strong_close"):
                strong += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                emphasis += 1 if kind == "em_open" else -1
            elif kind == "link_open":
                link, url = self.target(token, str(child.attrs.get("href", "")))
            elif kind == "link_close":
                link = url = None
            elif kind == "image":
                raise self.error(
                    token,
                    "pictures are not supported in the report (they "
                    "would need alt text and a source); describe it in words",
                )
        return _merge(out)

    def target(self, token: Token, href: str) -> tuple[str | None, str | None]:
        if href.startswith("#"):
            if href[1:] not in self.anchors:
                raise self.error(
                    token,
                    f"link to {href}, which is not in the paper "
                    f"(expected #{APPENDIX_ANCHOR}, #report-N or "
                    f"#{ANALYSIS_ANCHORS[0]} ...)",
                )
            return href[1:], None
        if re.match(r"(https?:|mailto:)", href, re.IGNORECASE):
            return None, href
        raise self.error(
            token,
            f"link to {href!r}: expected a web address (https://...), "
            "a mailto: address or #appendix-a",
        )


def _closing(tokens: list[Token], i: int) -> int:
    """The index of the token that closes the one opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _merge(spans: list[pm.Span]) -> pm.Inline:
    """Neighbouring spans of the same kind as one, so a paragraph's text is one run."""
    out: list[pm.Span] = []
    for span in spans:
        if out and (out[-1].strong, out[-1].emphasis, out[-1].link, out[-1].url) == (
            span.strong,
            span.emphasis,
            span.link,
            span.url,
        ):
            out[-1] = pm.Span(
                out[-1].text + span.text, span.strong, span.link, False, span.emphasis, span.url
            )
        else:
            out.append(span)
    return tuple(s for s in out if s.text)


# --- validate and init ------------------------------------------------------------------------


def _key(title: str) -> str:
    return " ".join(_WORDS.sub(" ", title.lower()).split())


def missing_sections(formal: FormalReport, settings: ReportSettings) -> list[str]:
    """The sections the layout requires that the report has no heading for (section or
    sub-heading, matched without case or punctuation), and the front sheet's empty fields,
    as `FILE: message` lines for `validate`."""
    have = {_key(s.title) for s in formal.sections}
    have |= {_key(b.text) for s in formal.sections for b in s.blocks if isinstance(b, pm.Heading)}
    file = formal.source
    out = [
        f"{file}: required section {name!r} is missing (the layout's report.required_sections)"
        for name in settings.required_sections
        if _key(name) not in have
    ]
    out += [
        f"{file}: front matter: {name} is empty (the layout's front sheet shows it)"
        for name in settings.front_sheet
        if not formal.field(name)
    ]
    return out


def draft_report(layout: Theme | str | Path) -> str:
    """A report.md to start from: front matter with the layout's front-sheet fields, then a
    heading for each section the layout requires, with the placeholders where figures go.
    It parses as it is; `validate` then lists the front-sheet fields still empty."""
    theme = layout if isinstance(layout, Theme) else load_theme(layout)
    settings = theme.report
    lines = [
        "---",
        "# The front sheet (see README: The report around the analysis)",
        'title: "Performance report"',
    ]
    for name in settings.front_sheet:
        if name != "title":
            lines.append(f'{name}: ""   # {settings.label(name)}')
    lines += ["---", ""]
    sections = list(settings.required_sections) or ["Summary", "Recommendations"]
    for name in sections:
        lines += [f"# {name}", ""]
        if _key(name).startswith(("summary", "purpose")):
            lines += [
                (
                    "This report presents performance to {{ period }}: {{ going_well }} "
                    "indicators are going well, {{ ones_to_watch }} are ones to watch and "
                    "{{ do_better }} are things to do better. {{ moved }} indicators moved "
                    "category since the last report."
                ),
                "",
            ]
        elif _key(name) == _key(settings.recommendations):
            lines += [
                (
                    "1. The Committee is asked to note performance to {{ period }}, set "
                    "out in [Appendix A](#appendix-a)."
                ),
                "",
            ]
        elif _key(name) == _key("Appendices"):
            lines += [f"[{settings.appendix_title}](#appendix-a): the performance analysis.", ""]
        else:
            lines += ["Write this section.", ""]
    if not settings.required_sections:
        lines += ["The indicators to do better are: {{ do_better_list }}.", ""]
    return "\n".join(lines)
