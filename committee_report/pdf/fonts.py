"""Fonts, fenced: a TTFont that remembers how it split each text into subset codes, keeping
its memo on ReportLab's per-document font state."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont


class SplitMemoFont(TTFont):
    """A TTFont that remembers, per document, how it split each text into subset codes.

    A large paper sets the same numbers, ratings and labels tens of thousands of times, and
    ReportLab maps every one character by character. A character keeps the subset and code it
    was first given, so a remembered split is exactly the split ReportLab would make again.

    Contract (tested in tests/test_fastpaths.py): the same content-stream bytes as TTFont. It
    keeps its memo on ReportLab's per-document font state (`state[doc]`)."""

    def splitString(self, text: str, doc: object, encoding: str = "utf-8"  # noqa: N802
                    ) -> list[tuple[int, bytes]]:
        memo = getattr(self.state.get(doc), "_split_memo", None)
        if memo is not None and text in memo:
            return memo[text]
        split = super().splitString(text, doc, encoding)  # makes the document's state
        vars(self.state[doc]).setdefault("_split_memo", {})[text] = split
        return split
