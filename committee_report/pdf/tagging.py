"""Tagged PDF (PDF/UA-1 and PDF/A-2a at once) for ReportLab documents.

Open-source ReportLab writes no tags, so they are added in two halves, each in its own module:
while ReportLab draws, the flowables `Tagger` hands out record marked content and the element
owning it (pdf/marking.py, with the patched text object in pdf/wordbreak.py and tagged tables
in pdf/tagged_table.py); `Tagger.finish` then writes the structure tree, metadata and output
intent (pdf/finish.py). pdf/checks.py checks a finished file. This module is the one to import.

Reading order is draw order. Content drawn outside any `mark` is made an Artifact by `finish`,
so nothing is ever left untagged; text or images that end up there are reported in
`Tagger.warnings`. ReportLab writes no space where a line wraps, so text read in structure
order would join "the" and "year" across the break; every paragraph line but the last is given
a real trailing space (ISO 32000-1 14.8.2.5 asks for explicit spaces between words).

What the layout must do for the validators: no base-14 font anywhere (`initialFontName` on
the doc template, `FONTNAME` in table styles, `Drawing(initialFontName=...)`), `invariant=1`,
and `Tagger.unwrap` in `afterFlowable` hooks that test the flowable's class.
"""

from committee_report.pdf.checks import check_structure, untagged_content
from committee_report.pdf.marking import Grid, Tagger
from committee_report.pdf.metadata import srgb_profile
from committee_report.pdf.structure import STANDARD_ROLES, DocumentMeta

__all__ = ["STANDARD_ROLES", "DocumentMeta", "Grid", "Tagger", "check_structure",
           "srgb_profile", "untagged_content"]
