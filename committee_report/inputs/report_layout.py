"""The layout's keys for a formal report around the analysis (`report:` in a layout YAML):
which front-sheet fields, in what order and words, the sections a council's template
requires, the numbering and the appendix. Checked with the rest of the layout by theme.py."""

from __future__ import annotations

from dataclasses import dataclass

FRONT_SHEET_FIELDS = (
    "committee",
    "meeting_date",
    "agenda_item",
    "title",
    "lead_officer",
    "cabinet_member",
    "wards",
    "decision",
    "key_decision",
    "contact_officer",
    "classification",
)
"""The fields a formal report's front sheet may show (paper/report.py reads them from the
report's front matter); the layout picks which, in what order, and labels them."""

REPORT_SCHEMA = {
    "front_sheet": ("list", ("choice", FRONT_SHEET_FIELDS)),
    "front_sheet_labels": {name: "str" for name in FRONT_SHEET_FIELDS},
    "required_sections": ("list", "str"),
    "recommendations": "str",
    "numbering": ("choice", ("paragraphs", "sections", "none")),
    "appendix_title": "str",
    "appendix_pages": ("choice", ("continuous", "own")),
}
"""The layout schema's `report` section (leaf types as theme.py's SCHEMA)."""


@dataclass(frozen=True)
class ReportSettings:
    """How a formal report around the analysis is set out (paper/report.py): the front
    sheet's fields in order and their labels, the sections a council's template requires
    (validate flags missing ones), the section whose numbered list is the recommendations,
    the numbering (`paragraphs`: 1. and 1.1; `sections`: headings only; `none`), the
    analysis's title as an appendix, and whether the appendix numbers its own pages."""

    front_sheet: tuple[str, ...]
    front_sheet_labels: tuple[tuple[str, str], ...]
    required_sections: tuple[str, ...]
    recommendations: str
    numbering: str
    appendix_title: str
    appendix_pages: str

    def label(self, field: str) -> str:
        return dict(self.front_sheet_labels).get(field, field.replace("_", " ").capitalize())


def report_settings(data: dict) -> ReportSettings:
    return ReportSettings(
        front_sheet=tuple(data["front_sheet"]),
        front_sheet_labels=tuple((k, str(v)) for k, v in data["front_sheet_labels"].items()),
        required_sections=tuple(str(x) for x in data["required_sections"]),
        recommendations=str(data["recommendations"]),
        numbering=str(data["numbering"]),
        appendix_title=str(data["appendix_title"]),
        appendix_pages=str(data["appendix_pages"]),
    )
