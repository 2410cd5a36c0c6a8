"""Checks that every indicator can be written about: a subject (a title) and, where it has a
target, a direction (a polarity).

Without a title the paper's sentences would lack their subject ("has remained stable at
14,581"), so the id stands in and the officer is told; without any polarity in a scorecard that
gives targets, nothing can be rated at all. Both are warnings that `validate --strict` turns
into errors; they are listed apart from the others so the command line can show them first.
"""

from __future__ import annotations

from committee_report.errors import format_location
from committee_report.inputs.config import Catalogue
from committee_report.model import Scorecard

SUBJECT_MARK = "so the paper names it by its id"
POLARITY_MARK = "no indicator has a polarity"


def subject_warnings(scorecard: Scorecard, catalogue: Catalogue) -> list[str]:
    """One warning per indicator without a title, and one if targets come with no polarity."""
    out = []
    title_header = scorecard.headers.get("title")
    for indicator in scorecard.indicators:
        if indicator.title.strip() or (catalogue.info(indicator.id).short_title or "").strip():
            continue
        out.append(
            format_location(
                indicator.source.file,
                indicator.source.row,
                title_header,
                f"{indicator.id}: no title, {SUBJECT_MARK} (add a title to the table or a "
                "short_title to the catalogue)",
            )
        )
    with_target = [i for i in scorecard.indicators if i.target.is_number]
    polar = [i for i in scorecard.indicators if i.polarity or catalogue.info(i.id).polarity]
    if with_target and not polar:
        out.append(
            format_location(
                scorecard.path,
                None,
                None,
                f"{POLARITY_MARK}, but {len(with_target)} have targets, so none can be rated "
                "Green, Amber or Red; add a Polarity column (BIB or SIB) or a polarity per "
                "indicator in the catalogue",
            )
        )
    return out


def is_prominent(warning: str) -> bool:
    """A warning of `subject_warnings`: shown first, and counted apart, by the command line."""
    return SUBJECT_MARK in warning or POLARITY_MARK in warning
