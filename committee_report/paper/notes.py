"""Notes on the data, worded for the committee: the indicator and the problem, never a file.

The officer's warnings name the file, row and column so the table can be fixed; the paper goes
to councillors and the public, for whom a working file name (or, built from another folder, a
local path) is noise and private. So the paper keeps only the notes about an indicator, each
from its id onwards; notes about the file itself (its encoding, a column ignored, a catalogue
entry for an indicator the table lacks) stay with the officer, in `validate`.
"""

from __future__ import annotations

from committee_report.model import Assessment, Report


def committee_note(item: Assessment, warning: str) -> str | None:
    """`FILE:ROW:COLUMN: ID: message` -> `ID: message`; None when it is not about `item`."""
    marker = f"{item.id}: "
    source = item.indicator.source
    prefix = f"{source.file}:{source.row}"
    rest = warning.removeprefix(prefix)
    if rest.startswith(marker):
        return rest
    at = rest.find(f": {marker}")
    return rest[at + 2:] if at >= 0 else None


def data_notes(report: Report) -> list[str]:
    """The notes the paper prints: one per indicator warning, in the paper's indicator order."""
    notes = []
    for item in report.assessments:
        for warning in item.warnings:
            note = committee_note(item, warning)
            if note is not None:
                notes.append(note)
    return notes
