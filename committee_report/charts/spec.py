"""What a chart is, as plain frozen data (no matplotlib): the spec a chart is drawn from, its
style, and the drawn result (the marks as a PNG, the texts to set over it). The layout and
pdf/ use these types; charts/draw.py draws them.
"""

from __future__ import annotations

import json
import struct
from dataclasses import asdict, dataclass

from committee_report.inputs.theme import MM, Theme


@dataclass(frozen=True)
class ChartStyle:
    """What a chart needs from the theme, as plain values (picklable, hashable)."""

    font_regular: str
    font_bold: str
    palette: tuple[str, ...]
    background: str
    text: str
    grid: str
    target: str
    dpi: int
    width_in: float
    height_in: float
    font_size: float


@dataclass(frozen=True)
class Comparison:
    """A benchmark drawn as a marker beside the series, labelled with its own text."""

    name: str
    number: float
    text: str


@dataclass(frozen=True)
class ChartSpec:
    """One indicator's monthly series and the marks around it; texts are printed as given."""

    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    percent: bool
    y_label: str
    target: float | None = None
    target_text: str = ""
    comparators: tuple[Comparison, ...] = ()
    latest_text: str = ""
    style: ChartStyle | None = None


@dataclass(frozen=True)
class ChartText:
    """A label of the chart: where its anchor is, as fractions of the chart's width and height
    from the bottom left, and how it hangs from it. Sizes are points at the chart's own size."""

    text: str
    x: float
    y: float
    size: float
    colour: str
    ha: str = "left"        # left, center, right
    va: str = "baseline"    # baseline, center, top, bottom
    bold: bool = False
    rotation: int = 0
    box: str = ""           # "", "round" (outlined) or "fill" (masks what is behind)
    box_colour: str = ""    # the outline of a round box
    box_fill: str = ""


@dataclass(frozen=True)
class RenderedChart:
    """The chart's marks as a PNG and its texts, to be drawn over it."""

    png: bytes
    texts: tuple[ChartText, ...]

    def to_bytes(self) -> bytes:
        """One blob for the cache: a JSON header of the texts, then the PNG."""
        header = json.dumps([asdict(t) for t in self.texts], ensure_ascii=False).encode()
        return struct.pack(">I", len(header)) + header + self.png

    @classmethod
    def from_bytes(cls, blob: bytes) -> RenderedChart:
        (length,) = struct.unpack(">I", blob[:4])
        texts = tuple(ChartText(**t) for t in json.loads(blob[4:4 + length]))
        return cls(blob[4 + length:], texts)


def chart_style(theme: Theme) -> ChartStyle:
    c = theme.colours.chart
    return ChartStyle(
        font_regular=theme.fonts.regular, font_bold=theme.fonts.bold, palette=c.palette,
        background=c.background, text=c.text, grid=c.grid, target=c.target,
        dpi=theme.chart.dpi, width_in=theme.chart.width_mm * MM / 72,
        height_in=theme.chart.height_mm * MM / 72, font_size=theme.chart.font_size,
    )
