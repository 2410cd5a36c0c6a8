"""Tagged PDF (PDF/UA-1, PDF/A-2a) for ReportLab documents.

PLACEHOLDER INTERFACE: the methods below pass flowables through unchanged. The real
implementation keeps this interface. The layout says *what* a thing is; this module says how
it is tagged.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en-GB"
    creator: str = "committee-report"


@dataclass
class Tagger:
    """One per document build."""

    lang: str = "en-GB"
    _depth: int = field(default=0, repr=False)

    def open(self, role: str, **attrs: object) -> Flowable:
        """A zero-size flowable that opens a grouping element (Document, Sect, L, LI, ...)."""
        return Spacer(0, 0)

    def close(self) -> Flowable:
        """A zero-size flowable that closes the element opened last."""
        return Spacer(0, 0)

    def mark(self, flowable: Flowable, role: str, *, alt: str | None = None) -> Flowable:
        """`flowable` as one structure element of `role` (H1, H2, P, Lbl, LBody, Caption,
        Figure with `alt`, ...), its drawing wrapped in marked content."""
        return flowable

    def table(self, table: Table, *, header_rows: int = 1, header_columns: int = 0) -> Table:
        """A Table tagged as Table > TR > TH/TD; header cells get Scope; repeated header rows
        on continuation pages and cell backgrounds are artifacts."""
        return table

    @contextmanager
    def artifact(self, canvas: Canvas) -> Iterator[None]:
        """Page furniture drawn inside this block (headers, footers, rules) is an Artifact."""
        yield

    def finish(self, pdf: bytes, meta: DocumentMeta) -> bytes:
        """Post-pass: structure tree, MarkInfo, Lang, DisplayDocTitle, XMP, output intent."""
        return pdf
