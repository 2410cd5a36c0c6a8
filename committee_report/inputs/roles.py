"""Column roles and their aliases: what each header of a council's table is for.

Built-in aliases cover the usual spellings; `columns:` in paper.yaml maps any other header to a
role, and wins over the aliases. The README lists every alias (kept in step by a test).
"""

from __future__ import annotations

import re
from functools import lru_cache

ROLES = (
    "id",
    "title",
    "polarity",
    "target",
    "rag",
    "direction",
    "direction_year",
    "basis",
    "headline",
    "officer",
    "unit",
    "commentary",
    "notes",
    "section",
    "comparator",
    "previous",
    "current",
    "period",
    "value",
    "ignore",
)
"""Roles a column can have. `previous`/`current` are relative period columns (`Last quarter`,
`This quarter`), read with the paper's period; `period`/`value` make a tidy long table."""


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Header text folded for matching: lower case, punctuation as spaces. Remembered: the
    reader asks for the same headers and cells again and again."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", str(text).lower()).split())


ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "Indicator Number",
        "Indicator No",
        "Ref",
        "KPI",
        "ID",
        "Indicator ID",
        "PI",
        "Code",
        "KPI ref",
        "PI ref",
        "PI code",
        "KPI code",
        "Indicator code",
        "Reference",
        "Measure ID",
    ),
    "title": (
        "Indicator Title",
        "Title",
        "Indicator",
        "Indicator Name",
        "Measure",
        "Description",
        "Performance Indicator",
        "Performance Indicator Description",
        "Measure description",
        "Indicator description",
        "KPI description",
        "Measure name",
        "Name",
    ),
    "polarity": (
        "Polarity",
        "Good performance is",
        "Direction",
        "Ideal direction",
        "Desired direction",
        "Aim",
        "Good is",
    ),
    "officer": (
        "RO",
        "Responsible Officer",
        "Owner",
        "Lead Officer",
        "Lead",
        "Officer",
        "Directorate",
        "Department",
        "Service",
        "Team",
        "Responsible",
    ),
    "rag": (
        "RAG",
        "RAG Rating",
        "Status",
        "RAG status",
        "Progress status",
        "Performance status",
        "PI status",
        "Rating",
    ),
    "direction": ("Trend", "Direction of travel", "DoT", "Short term trend"),
    "direction_year": (
        "Long term trend",
        "Direction of travel vs last year",
        "Compared with last year",
    ),
    "basis": ("YTD/LATEST", "Basis", "YTD or Latest?"),
    "headline": ("Latest", "YTD", "Headline", "Outturn", "Actual"),
    "officer_": (),
    "unit": ("Unit", "Units", "Unit of measure"),
    "commentary": (
        "Commentary",
        "Comments",
        "Officer commentary",
        "Explanations/narrative",
        "Narrative",
        "Explanation",
        "Commentary and actions",
    ),
    "notes": ("Notes", "Note"),
    "section": (
        "Section",
        "Service area",
        "Theme",
        "Priority",
        "Outcome",
        "Connect outcome",
        "Category",
        "Group",
    ),
    "previous": (
        "Last quarter",
        "Last period",
        "Previous",
        "Previous period",
        "Last month",
        "Previous quarter",
        "Previous month",
        "Previous year",
        "Last year",
    ),
    "current": (
        "This quarter",
        "This period",
        "Current",
        "Current period",
        "This month",
        "Current quarter",
        "Current month",
        "This year",
        "Current year",
    ),
    "period": ("Period", "Month", "Date", "Reporting period", "Month ending", "Quarter", "Year"),
    "value": ("Value",),
}
ALIASES.pop("officer_")
_LOOKUP = {norm(name): role for role, names in ALIASES.items() for name in names}
LONG_ONLY = {"period", "value"}
"""Roles only a tidy long table has; in a wide table `Value` is the current period's value."""

COMPARATOR_WORDS = re.compile(
    r"\b(england|english|london|wales|welsh|scotland|scottish|national|nationally|regional|"
    r"region|statistical neighbou?rs?|neighbou?rs?|stats? nbrs?|sn average|family group|"
    r"comparators?|"
    r"comparisons?|benchmarks?|published|all wales|uk|great britain|county average|"
    r"peer group|nearest neighbou?rs?|cipfa|core cities|shire districts?)\b"
)
"""Words that make a column (or a row) a comparator: a figure for somewhere else."""


def alias_role(header: str) -> str | None:
    """The built-in role of a header, or None for a column the tool does not know."""
    key = norm(header)
    if key in _LOOKUP:
        return _LOOKUP[key]
    if re.search(r"\btarget\b", key):
        return "target"
    if "ytd or latest" in key:
        return "headline"
    if COMPARATOR_WORDS.search(key) and not re.search(r"\bdates?\b", key):
        return "comparator"
    return None


def is_comparator_label(text: str) -> bool:
    """A row label such as `Scotland comparisons` or `England average`: a comparator row."""
    key = norm(text)
    if not key or len(key.split()) > 5:
        return False
    return bool(COMPARATOR_WORDS.search(key))
