"""The structure record of a tagged PDF: the element types, and the checks on roles and
attributes, shared by the drawing half (pdf/marking.py) and the post-pass (pdf/finish.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image

STANDARD_ROLES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 "
    "H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry "
    "Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
_ATTRIBUTE_OWNERS = {
    "ListNumbering": "List", "Scope": "Table", "ColSpan": "Table", "RowSpan": "Table",
    "Summary": "Table", "BBox": "Layout", "Placement": "Layout",
}
_TEXT_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_PATH_BUILD = frozenset({"m", "l", "c", "v", "y", "h", "re"})
_PATH_PAINT = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})


@dataclass(frozen=True)
class DocumentMeta:
    """What the metadata says; Info and XMP are written from this one record so they agree."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en-GB"
    creator: str = "committee-report"
    date: dt.date | None = None
    """Creation and modification date; None writes no dates at all (byte-identical builds)."""


_NONE: Mapping = MappingProxyType({})


@dataclass(eq=False, slots=True)
class _Elem:
    """A structure element as recorded during drawing (mutable while the pass runs). Slotted,
    attributes shared when empty: a large paper records a hundred thousand of these."""

    role: str
    alt: str | None = None
    attrs: Mapping[str, object] = field(default_factory=lambda: _NONE)
    extra: Mapping[str, str] = field(default_factory=lambda: _NONE)
    kids: list[_Elem | tuple[int, int] | _Annot] = field(default_factory=list)
    boxes: list[tuple[int, float, float, float, float]] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class _Annot:
    """A link annotation found by the post-pass, to be referenced from a Link element."""

    page: int
    objgen: tuple[int, int]


class _Spec:
    """Identity shared by the parts of one split flowable or table: they make one element."""

    def __init__(self, role: str, alt: str | None = None, attrs: dict | None = None,
                 extra: dict[str, str] | None = None) -> None:
        self.role, self.alt, self.attrs, self.extra = role, alt, attrs or {}, extra or {}


def _check_role(role: str, alt: object = None) -> None:
    if role not in STANDARD_ROLES:
        raise ValueError(f"{role!r} is not a standard PDF structure type")
    if role == "Figure" and not str(alt or "").strip():
        raise ValueError("a Figure needs alt text; draw decorative images as artifacts")


def _split_attrs(attrs: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Layout attributes (ListNumbering, Scope...) vs. element keys (title, lang, actual_text)."""
    keys = {"title": "T", "lang": "Lang", "actual_text": "ActualText"}
    layout = {k: v for k, v in attrs.items() if k not in keys and k != "alt"}
    unknown = sorted(set(layout) - set(_ATTRIBUTE_OWNERS))
    if unknown:
        raise ValueError(f"unknown structure attribute(s): {', '.join(unknown)}")
    return layout, {keys[k]: str(v) for k, v in attrs.items() if k in keys}


def _contains_marked(value: object) -> bool:
    """Whether a value (a flowable, a cell's list of flowables) holds flowables that tag
    themselves (marked flowables, tagged tables and list items say so by `tags_itself`)."""
    if getattr(type(value), "tags_itself", False):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_marked(v) for v in value)
    return isinstance(value, Flowable) and _contains_marked(getattr(value, "_content", ()))


def _is_picture(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_is_picture(v) for v in value)
    return isinstance(value, (Drawing, Image)) or getattr(type(value), "decorative", False) is True
