"""The paper's fixed words in its language: `data/labels/<lang>.yaml`, then the layout's own
`labels:` for that language over them.

A language is found by its BCP 47 tag, then by its primary subtag (`cy-GB` -> `cy`); a key a
file leaves out falls back to English, so a council's partial file still builds. English
is the default, and for English the layout's own words (ratings, groups, direction) stand;
for another language the label file's words for those replace the layout's English ones,
unless the layout gives them for that language under `labels:`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from committee_report.inputs.label_files import label_file as _file

DEFAULT_LANG = "en-GB"


def english(lang: str) -> bool:
    return lang.split("-")[0].lower() == "en"


@dataclass(frozen=True)
class Words:
    """The fixed words of one paper: `words["contents"]`, `words.count(6)`."""

    lang: str = DEFAULT_LANG
    table: Mapping[str, str] = field(default_factory=lambda: _file("en"))

    def __getitem__(self, key: str) -> str:
        return self.table.get(key) or _file("en")[key]

    def word(self, key: str, default: str) -> str:
        """The word for `key` (in English where the language has none), else `default`."""
        return self.table.get(key) or _file("en").get(key) or default

    def get(self, key: str) -> str | None:
        """A word the language's file (or the layout) gives, else None (the layout's own)."""
        return self.table.get(key)

    @property
    def narrative_lang(self) -> str | None:
        """The tag to mark what the narrative writes (its sentences, captions, alt text and the
        appendix's explanations are English) on a paper in another language, so a screen
        reader voices them as English (PDF/UA-1 7.2, WCAG 3.1.2); None on an English paper."""
        return None if english(self.lang) else DEFAULT_LANG

    def lang_of(self, *keys: str) -> str | None:
        """en-GB where any of `keys` has no word in the paper's language (the English one
        stands in), so the element holding them is marked English; None where all have."""
        if english(self.lang) or all(key in self.table for key in keys):
            return None
        return DEFAULT_LANG

    def count(self, n: int) -> str:
        """ "6 items" in the paper's language."""
        return self["count.one" if n == 1 else "count.other"].format(n=n)


def words(
    lang: str = DEFAULT_LANG, overrides: Mapping[str, Mapping[str, str]] | None = None
) -> Words:
    """The words of a paper in `lang`, with the layout's `labels:` for it (by full tag, then
    primary subtag) over the shipped file's."""
    table = dict(_file("en")) if english(lang) else {}
    table.update(_file(lang))
    for tag in (lang.split("-")[0].lower(), lang):
        table.update((overrides or {}).get(tag, {}))
    return Words(lang, MappingProxyType(table))
