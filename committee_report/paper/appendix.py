"""The paper's last two sections: the changes since the last report, and the appendix that
says how to read the paper (the rules in plain words, polarity, RAG, arrows, glossary, notes on
the data). Every fixed word is the label file's; an element whose words are English on a paper
in another language is marked so (`Words.lang_of`)."""

from __future__ import annotations

from committee_report.model import DEFAULT_SCHEME, CategoryScheme, Change, Rag, Report
from committee_report.paper.labels import Labels
from committee_report.paper.model import (
    BulletList,
    Heading,
    Inline,
    ListItem,
    Paragraph,
    Span,
    Table,
    spans,
)
from committee_report.paper.notes import data_notes


def changes_section(report: Report, labels: Labels) -> tuple:
    return (changes_table(report.changes, labels, report.scheme),)


def changes_table(
    changes: tuple[Change, ...], labels: Labels, scheme: CategoryScheme = DEFAULT_SCHEME
) -> Table:
    """The indicators that moved between groups since the previous paper."""

    w = labels.words

    def cat(category: str | None) -> Inline:
        if not category:
            return spans(w["changes.not_reported"])
        mark = labels.listed(scheme, category)
        return spans(f"{mark.symbol} {mark.word}")

    rows = []
    for c in changes:
        rows.append(
            (
                (Span(c.indicator_id, strong=True), Span(f" {c.title}")),
                cat(c.previous_category),
                cat(c.category),
                spans(w.word(f"movement.{c.movement}", c.movement)),
                spans(f"{c.rule}: {c.reason}" if c.rule else c.reason),
            )
        )
    header = ("indicator", "was", "now", "change", "reason")
    return Table(
        "changes",
        tuple(w[f"changes.{key}"] for key in header),
        tuple(rows),
        lang=w.narrative_lang,  # each row's reason is the narrative's
    )


def appendix_section(report: Report, labels: Labels) -> tuple:
    """How to read the paper: the rules in plain words, polarity, RAG, arrows, glossary and
    notes on the data. Each element is marked English where its words are (see `lang_of`)."""
    out: list = []
    w = labels.words

    def h3(key: str, n: int) -> None:
        out.append(Heading(w[key], 3, anchor=f"appendix-{n}", lang=w.lang_of(key)))

    h3("appendix.rules", 1)
    intro = "appendix.rules.intro"
    out.append(Paragraph(spans(w[intro]), lang=w.lang_of(intro)))
    rows = []
    for rule in report.rules:
        placed = w["not_placed"]
        if report.scheme.list_of(rule.category):
            mark = labels.listed(report.scheme, rule.category or "")
            placed = f"{mark.symbol} {mark.word}"
        rows.append((spans(rule.id), spans(_condition(rule.description, placed)), spans(placed)))
    header = ("appendix.rules.rule", "appendix.rules.when", "appendix.rules.places")
    out.append(
        Table(
            "rules",
            tuple(w[k] for k in header),
            tuple(rows),
            lang=w.lang_of(*header, "not_placed"),
        )
    )
    h3("appendix.polarity", 2)
    meanings = ("polarity.bib", "polarity.sib", "polarity.none")
    out.append(
        Table(
            "polarity",
            (w["appendix.polarity"], w["appendix.meaning"]),
            (
                (spans("BIB"), spans(w["polarity.bib"])),
                (spans("SIB"), spans(w["polarity.sib"])),
                (spans(w["polarity.blank"]), spans(w["polarity.none"])),
            ),
            lang=w.lang_of("appendix.polarity", "appendix.meaning", "polarity.blank", *meanings),
        )
    )
    h3("appendix.rag", 3)
    names: tuple[Rag, ...] = ("green", "amber", "red", "grey")
    out.append(
        Table(
            "rag",
            (w["appendix.rating"], w["appendix.meaning"]),
            tuple(
                (
                    spans(f"{labels.rag[n].symbol} {labels.rag[n].word}"),
                    spans(w[f"rag.meaning.{n}"]),
                )
                for n in names
            ),
            rags=names,
            lang=w.lang_of(
                "appendix.rating", "appendix.meaning", *(f"rag.meaning.{n}" for n in names)
            ),
        )
    )
    h3("appendix.direction", 4)
    d, t = labels.direction, labels.trend
    kind = report.scorecard.kind
    text = "appendix.direction.text"
    out.append(
        Paragraph(
            spans(
                w[text].format(
                    rising=d["rising"].symbol,
                    falling=d["falling"].symbol,
                    flat=d["flat"].symbol,
                    improving=t["improving"],
                    stable=t["stable"],
                    worsening=t["worsening"],
                    rising_word=d["rising"].word,
                    falling_word=d["falling"].word,
                    flat_word=d["flat"].word,
                    period=w[f"period.{kind}"],
                )
            ),
            lang=w.lang_of(text, f"period.{kind}"),
        )
    )
    if report.paper.glossary:
        h3("appendix.glossary", 5)
        out.append(
            Table(
                "glossary",
                (w["appendix.abbreviation"], w["appendix.meaning"]),
                tuple((spans(a), spans(m)) for a, m in report.paper.glossary),
            )
        )
    # Written for the committee: the indicator and the problem, never a file or a path.
    notes = data_notes(report) if labels.data_notes else []
    if notes:
        h3("appendix.notes", 6)
        out.append(BulletList(tuple(ListItem(spans(n), lang=w.narrative_lang) for n in notes)))
    return tuple(out)


def _condition(description: str, placed: str) -> str:
    """The rule's condition without a trailing ": <category>." that repeats its own column."""
    label = placed.split(" ", 1)[-1]
    for tail in (f": {label}.", f": {label.lower()}.", f": {placed}."):
        if description.endswith(tail):
            return description[: -len(tail)] + "."
    return description
