"""Fonts, fenced: a TTFont that remembers how it split each text into subset codes, keeping
its memo on ReportLab's per-document font state, and the width of each text at each size."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

WIDTH_MEMO_LIMIT = 200_000
"""Most widths a font remembers; the memo starts again past it (a long-lived process)."""


class SplitMemoFont(TTFont):
    """A TTFont that remembers, per document, how it split each text into subset codes.

    A large paper sets the same numbers, ratings and labels tens of thousands of times, and
    ReportLab maps every one character by character. A character keeps the subset and code it
    was first given, so a remembered split is exactly the split ReportLab would make again.

    Widths are remembered too, per (text, size): a paper measures the same words, numbers and
    labels hundreds of thousands of times as ReportLab breaks lines and sets cells, and the
    width of a text at a size depends on the font file alone.

    Contract (tested in tests/test_fastpaths.py): the same content-stream bytes as TTFont, and
    the same width for every text and size. It keeps its split memo on ReportLab's
    per-document font state (`state[doc]`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        key = (text, size)
        try:
            return self._widths[key]
        except (KeyError, TypeError):  # not yet measured (or a text that is not a str)
            pass
        width = super().stringWidth(text, size, encoding)
        if isinstance(text, str):
            if len(self._widths) >= WIDTH_MEMO_LIMIT:
                self._widths.clear()
            self._widths[key] = width
        return width

    def splitString(
        self,
        text: str,
        doc: object,
        encoding: str = "utf-8",  # noqa: N802
    ) -> list[tuple[int, bytes]]:
        memo = getattr(self.state.get(doc), "_split_memo", None)
        if memo is not None and text in memo:
            return memo[text]
        split = super().splitString(text, doc, encoding)  # makes the document's state
        vars(self.state[doc]).setdefault("_split_memo", {})[text] = split
        return split
