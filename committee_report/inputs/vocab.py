"""The small vocabularies a council writes in its cells: polarity, RAG, trend and basis
words, as inputs/cells.py reads them (kept apart so each module stays readable)."""

from __future__ import annotations

import re

from committee_report.model import Basis, Polarity, Rag, Trend


class CellError(ValueError):
    """A cell that does not say what its column needs; `str()` is the one-line reason."""


# -- the small vocabularies --------------------------------------------------------------------

_BLANKISH = {"", "na", "n/a", "-", "\u2014", "\u2013"}
_POLARITY: dict[str, Polarity] = {
    **dict.fromkeys(
        [
            "bib",
            "hib",
            "higher is better",
            "bigger is better",
            "larger is better",
            "more is better",
            "high",
            "higher",
            "up",
        ],
        "bigger_is_better",
    ),
    **dict.fromkeys(
        [
            "sib",
            "lib",
            "lower is better",
            "smaller is better",
            "less is better",
            "fewer is better",
            "low",
            "lower",
            "down",
        ],
        "smaller_is_better",
    ),
}
_RAG: dict[str, Rag | None] = {
    "red": "red",
    "r": "red",
    "amber": "amber",
    "a": "amber",
    "green": "green",
    "g": "green",
    "grey": "grey",
    "gray": "grey",
    # Green / Yellow / Amber / Red scales: yellow is nearer the target than amber, so it is
    # read as amber (the paper still shows the council's own word).
    "yellow": "amber",
    "y": "amber",
    "met": "green",
    "target met": "green",
    "on target": "green",
    "above target": "green",
    "achieved": "green",
    "target achieved": "green",
    "exceeded": "green",
    "not met": "red",
    "target not met": "red",
    "below target": "red",
    "off target": "red",
    "target not achieved": "red",
    "not achieved": "red",
    "missed": "red",
    "close to target": "amber",
    "near target": "amber",
    "slightly below target": "amber",
    "target slightly missed": "amber",
    "slightly missed": "amber",
    "target slightly missed (within 10%)": "amber",
    # no judgement: the council reports the figure for information
    "data only": None,
    "for information": None,
    "for info only": None,
    "for info": None,
    "information only": None,
    "context": None,
    "contextual": None,
    "m": None,
    "in measurement": None,
    "not rated": None,
    "no target": None,
    "baseline": None,
}
RAG_WORDS = (
    "Red, Amber, Green, Yellow, Grey, R/A/G, Met, Not met, On target, Close to target, "
    "Below target, Data only, For information"
)
_TREND: dict[str, Trend | None] = {
    **dict.fromkeys(
        [
            "improving",
            "improved",
            "better",
            "getting better",
            "up",
            "\u2191",
            "\u2197",
            "performance has improved",
            "improvement",
        ],
        "improving",
    ),
    **dict.fromkeys(
        [
            "worsening",
            "worsened",
            "worse",
            "getting worse",
            "declining",
            "declined",
            "down",
            "\u2193",
            "\u2198",
            "performance has declined",
            "deteriorating",
            "deteriorated",
        ],
        "worsening",
    ),
    **dict.fromkeys(
        [
            "no change",
            "stable",
            "unchanged",
            "same",
            "sustained",
            "maintained",
            "\u2192",
            "\u2194",
            "performance has been sustained",
            "static",
        ],
        "stable",
    ),
    **dict.fromkeys(["not improving", "n/a", "na", "-", "new", "no previous data"], None),
}
_BASIS: dict[str, Basis] = {
    "ytd": "ytd",
    "year to date": "ytd",
    "latest": "latest",
    "latest month": "latest",
}


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _last_word(key: str) -> str:
    """`performance status - green` -> `green`: alt text and labelled cells end in the word."""
    for mark in (" - ", ": ", ":"):
        if mark in key:
            return key.rsplit(mark, 1)[1].strip()
    return key


def parse_polarity(text: str) -> Polarity | None:
    """`BIB`/`SIB`, `Higher is better`, `Down`, `Performance arrow - up`, `aim to maximise`;
    blank, NA or `-` means no direction."""
    key = _fold(text)
    if key in _BLANKISH:
        return None
    if re.search(r"\bmaximi[sz]e\b", key):
        return "bigger_is_better"
    if re.search(r"\bminimi[sz]e\b", key):
        return "smaller_is_better"
    for candidate in (key, _last_word(key)):
        if candidate in _POLARITY:
            return _POLARITY[candidate]
    raise CellError(
        "expected a polarity such as BIB, SIB, Higher is better or Lower is better, "
        f"or blank; got {text.strip()!r}"
    )


def rag_known(text: str, codes: dict[str, Rag | None] | None = None) -> bool:
    """Whether `text` is a RAG word (or a council code from paper.yaml) at all."""
    key = _fold(text)
    codes = codes or {}
    return key in codes or key in _RAG or _last_word(key) in _RAG


def parse_rag(text: str, codes: dict[str, Rag | None] | None = None) -> Rag | None:
    """The council's RAG in any vocabulary; None where it gives no judgement (`Data only`).

    `codes` are council-specific codes mapped in paper.yaml (`lg: green`); they come first.
    """
    key = _fold(text)
    codes = codes or {}
    if key in codes:
        return codes[key]
    if key in _BLANKISH:
        return None
    for candidate in (key, _last_word(key), re.sub(r"\s*\(.*\)$", "", key)):
        if candidate in _RAG:
            return _RAG[candidate]
    raise CellError(
        f"expected a RAG rating Red, Amber, Green or Grey (or R, A, G), or NA or blank; "
        f"got {text.strip()!r}"
    )


def parse_trend(text: str) -> Trend | None:
    """The council's own direction of travel (`Improving`, `Getting worse`, `No change`, `↑`);
    words that say no more than "not improving" give None and keep their text."""
    key = _fold(text)
    if not key:
        return None
    for candidate in (key, _last_word(key)):
        if candidate in _TREND:
            return _TREND[candidate]
    raise CellError(
        "expected a direction of travel such as Improving, Getting worse, No change, "
        f"Better, Worse or an arrow, or blank; got {text.strip()!r}"
    )


def parse_basis(text: str) -> Basis | None:
    key = _fold(text)
    if key in _BLANKISH:
        return None
    if key not in _BASIS:
        raise CellError(f"expected YTD or Latest, or NA or blank; got {text.strip()!r}")
    return _BASIS[key]
