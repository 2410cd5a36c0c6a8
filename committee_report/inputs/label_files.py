"""The shipped label files (`data/labels/<lang>.yaml`), and the check every label passes, a
shipped one or a layout's own (`labels: {cy: {key: text}}`): its key is one of English's (en.yaml
has every key), and a label the paper fills in ("{n} items") names only the placeholders the
English one has, so a council's wording is refused with its key when read, never failing
later while the paper is composed."""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import get_args

from committee_report.errors import ConfigError
from committee_report.inputs.yamlio import load_yaml
from committee_report.model import CATEGORIES, Direction, Rag, Trend
from committee_report.paths import data_dir

LAYOUT_WORDS = frozenset(
    [f"rag.{k}" for k in get_args(Rag)]
    + [f"category.{k}" for k in CATEGORIES]
    + [f"trend.{k}" for k in get_args(Trend)]
    + [f"direction.{k}" for k in get_args(Direction)]
)
"""Keys a language's file may give that English's has not: in English the layout's own words
for ratings, groups and directions stand (paper/labels.py)."""


@cache
def label_file(lang: str) -> Mapping[str, str]:
    """A shipped label file's words (checked); empty when none is shipped for the language."""
    for tag in (lang, lang.split("-")[0].lower()):
        path = data_dir() / "labels" / f"{tag}.yaml"
        if path.is_file():
            data = load_yaml(path, "label file")
            for key, value in data.items():
                if not isinstance(value, str):
                    raise ConfigError(str(path), str(key), "expected text")
            if tag != "en":
                for key, value in data.items():
                    problem = label_problem(str(key), value)
                    if problem:
                        raise ConfigError(str(path), str(key), problem)
            return MappingProxyType(dict(data))
    return MappingProxyType({})


def placeholders(text: str) -> set[str] | None:
    """The {names} a label fills in; None where its braces are not placeholders."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def label_problem(key: str, text: str) -> str | None:
    """What is wrong with `text` as the label `key`, in a sentence; None when it will do."""
    english = label_file("en")
    if key in LAYOUT_WORDS:
        return None
    if key not in english:
        return "is not a label key (the keys are those of data/labels/en.yaml)"
    allowed = placeholders(english[key]) or set()
    if not allowed:  # a label set as written: any text will do
        return None
    used = placeholders(text)
    if used is None:
        return "has a { or } that is not a placeholder (write {{ or }} for a brace)"
    unknown = sorted(used - allowed)
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        return f"uses {{{unknown[0]}}}, which this label does not have (it has {names})"
    return None
