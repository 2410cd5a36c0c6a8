"""A chart drawn whole, its labels drawn in by matplotlib, for formats that cannot set the
labels over a picture as the PDF does (charts/draw.py): SVG for HTML, with every label kept
as SVG text, and PNG for Word. The marks are draw.py's own, drawn by the same code on the same
board, so every format shows the same chart.
"""

from __future__ import annotations

import io
from typing import Any

from committee_report.charts.draw import ChartSpec, ChartText, _board, _draw, _style_applied, _Texts


def render_chart_whole(spec: ChartSpec, fmt: str = "svg") -> bytes:
    """The chart with its texts drawn in by matplotlib, for formats that cannot set them
    over a picture: "svg" keeps every label as SVG `<text>` (searchable, read in the page's
    font where the reader has it; for HTML), "png" rasterises them (for Word). Same spec,
    same bytes: the SVG's ids are salted, and neither file carries a date or a creator."""
    from matplotlib.font_manager import FontProperties

    style = spec.style
    if style is None:
        raise ValueError("ChartSpec.style is required")
    if fmt not in ("svg", "png"):
        raise ValueError(f"no whole-chart format {fmt!r}")
    board = _board(style)
    fonts = {
        False: FontProperties(fname=style.font_regular),
        True: FontProperties(fname=style.font_bold),
    }
    with _style_applied({**board.rc, "svg.fonttype": "none"}):
        texts = _Texts(board.figure, board.axes, style)
        _draw(board, spec, style, texts)
        artists = [_text_artist(board.figure, item, fonts[item.bold]) for item in texts.items]
        out = io.BytesIO()
        try:
            metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
            board.figure.savefig(
                out,
                format=fmt,
                dpi=style.dpi,
                metadata=metadata,
                facecolor=style.background,
                bbox_inches="tight",
                pad_inches=0.04,
            )
        finally:
            for artist in artists:
                artist.remove()
    return out.getvalue()


def _text_artist(figure: Any, item: ChartText, font: Any) -> Any:
    """A ChartText as a matplotlib text of the figure, boxed as the PDF draws it."""
    box = None
    if item.box == "round":
        box = {
            "boxstyle": "round,pad=0.3",
            "facecolor": item.box_fill or "none",
            "edgecolor": item.box_colour or item.colour,
            "linewidth": 0.8,
        }
    elif item.box == "fill":
        box = {"boxstyle": "square,pad=0.15", "facecolor": item.box_fill, "edgecolor": "none"}
    return figure.text(
        item.x,
        item.y,
        item.text,
        ha=item.ha,
        va=item.va,
        fontproperties=font,
        fontsize=item.size,
        color=item.colour,
        rotation=item.rotation,
        bbox=box,
    )
