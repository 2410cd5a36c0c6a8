"""Indicator trend charts: the only module that imports matplotlib (lazily, on first chart).

`render_chart(spec)` is a pure function of a small frozen `ChartSpec`, so its result can be
cached by spec or rendered in a process pool, and the same spec always gives the same bytes.
The style is the Analysis Function's (afcharts), in force only while a chart is drawn and
the caller's rcParams put back after; meaning is carried by direct labels, markers and line
styles as well as colour.

Matplotlib draws the marks only (lines, markers, grid, ticks) into a PNG. Every word and number
of the chart (tick labels, axis title, target, latest value, comparator labels) comes back as a
`ChartText` placed by matplotlib's own transforms, for the layout to set as real text in the
layout's font: no text is baked into the image, labels stay sharp and searchable, and a chart
costs a quarter of the time (glyph layout and rasterising were three quarters of it).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from committee_report.charts.spec import (
    ChartSpec,
    ChartStyle,
    ChartText,
    Comparison,
    RenderedChart,
    chart_style,
)

__all__ = [
    "ChartSpec",
    "ChartStyle",
    "ChartText",
    "Comparison",
    "RenderedChart",
    "chart_style",
    "render_chart",
    "warm_up",
]

COMPARATOR_MARKERS = ("s", "D", "^", "v", "P", "X")
AXES_RECT = (0.08, 0.12, 0.90, 0.84)
COMPARATOR_STEP = 0.45
PALETTE_SIZE = 64


def render_chart(spec: ChartSpec) -> RenderedChart:
    """The chart's marks as a 64-colour palette PNG (no alpha, no metadata) and its texts;
    identical output for an identical spec, whichever charts were drawn before it."""
    from PIL import Image

    style = spec.style
    if style is None:
        raise ValueError("ChartSpec.style is required")
    board = _board(style)
    with _style_applied(board.rc):
        texts = _Texts(board.figure, board.axes, style)
        _draw(board, spec, style, texts)
        board.figure.canvas.draw()
        width, height = board.figure.canvas.get_width_height()
        rgb = Image.frombytes(
            "RGB", (width, height), board.figure.canvas.buffer_rgba(), "raw", "RGBX"
        )
        # A chart has few colours: mapping onto a palette made from the inks it uses (each
        # with its anti-aliasing ramp to the background) keeps every edge, makes the PNG a
        # fifth the size of RGB, and costs a third of adaptive quantizing. The palette is
        # a function of the spec, so the bytes are too.
        image = rgb.quantize(
            palette=_palette(style, spec.target is not None, len(spec.comparators)),
            dither=Image.Dither.NONE,
        )
        out = io.BytesIO()
        image.save(out, format="PNG", dpi=(style.dpi, style.dpi), compress_level=6)
    return RenderedChart(out.getvalue(), tuple(texts.items))


class _Texts:
    """Collects the chart's labels, placed through matplotlib's transforms."""

    def __init__(self, figure: Any, axes: Any, style: ChartStyle) -> None:
        self.figure, self.axes, self.style = figure, axes, style
        self.items: list[ChartText] = []
        self._matrix: Any = None

    def limits_set(self) -> None:
        """Take the data-to-pixel matrix once the axes' limits are final: a chart places a
        hundred labels, and asking transData each time was a tenth of the chart's time."""
        self._matrix = self.axes.transData.get_affine().get_matrix().tolist()
        self._size = (self.figure.bbox.width, self.figure.bbox.height)

    def at_data(
        self, text: str, x: float, y: float, dx_pt: float = 0.0, dy_pt: float = 0.0, **how: Any
    ) -> None:
        # transData's affine part as matplotlib computes it ((a*x + c*y) + e), so the
        # positions are the same to the last bit (its scales here are linear).
        (a, c, e), (b, d, f), _ = self._matrix
        px, py = a * x + c * y + e, b * x + d * y + f
        self.at_fraction(text, px / self._size[0], py / self._size[1], dx_pt, dy_pt, **how)

    def at_fraction(
        self, text: str, fx: float, fy: float, dx_pt: float = 0.0, dy_pt: float = 0.0, **how: Any
    ) -> None:
        fx += dx_pt / (self.style.width_in * 72)
        fy += dy_pt / (self.style.height_in * 72)
        how.setdefault("size", self.style.font_size)
        how.setdefault("colour", self.style.text)
        # Rounded as before (numpy's rounding, for numpy positions), then plain floats, as the
        # cache gives them back: a numpy scalar sent to the building process would make it
        # import numpy (a tenth of a second) just to unpickle the chart.
        self.items.append(ChartText(text, float(round(fx, 5)), float(round(fy, 5)), **how))


def warm_up() -> None:
    """Import what drawing needs, ahead of the first chart (for pool workers)."""
    import importlib

    for module in ("matplotlib.figure", "matplotlib.backends.backend_agg", "PIL.Image"):
        importlib.import_module(module)
    _afcharts_rc()


@dataclass
class _Board:
    """One figure per chart style, reused with all its artists: each chart moves, shows or
    hides them (set_data, set_visible) instead of creating them, which was a third of a
    chart's time. The axes' own tick machinery is switched off (it formats and measures tick
    labels that are never drawn); the ticks and value gridlines are three lines set up as
    matplotlib's own ticks are, so the picture is the same."""

    figure: Any
    axes: Any
    rc: dict[str, Any]
    month_ticks: Any
    grid: Any
    value_ticks: Any
    target: Any
    series: Any
    last: Any
    divider: Any
    markers: list[Any] = field(default_factory=list)
    leaders: list[Any] = field(default_factory=list)

    def comparator(self, index: int, style: ChartStyle) -> tuple[Any, Any]:
        """The marker and leader line of the index-th comparator, made on first use (in
        index order, so the drawing order is the same whichever chart made them)."""
        while len(self.markers) <= index:
            k = len(self.markers)
            colour = style.palette[(k + 1) % len(style.palette)]
            self.markers += self.axes.plot(
                [],
                [],
                marker=COMPARATOR_MARKERS[k % len(COMPARATOR_MARKERS)],
                markersize=6.5,
                color=colour,
                markeredgecolor=style.background,
                markeredgewidth=0.6,
                linestyle="none",
                zorder=4,
                clip_on=False,
            )
            self.leaders += self.axes.plot(
                [], [], color=style.grid, linewidth=0.6, zorder=2, clip_on=False
            )
        return self.markers[index], self.leaders[index]


@cache
def _board(style: ChartStyle) -> _Board:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    rc = _rc(style)
    with _style_applied(rc):
        figure = Figure(
            figsize=(style.width_in, style.height_in), dpi=style.dpi, facecolor=style.background
        )
        FigureCanvasAgg(figure)
        axes = figure.add_axes(AXES_RECT)
        axes.tick_params(labelbottom=False, labelleft=False)
        x_tick = axes.xaxis.get_major_ticks()[0]
        y_tick = axes.yaxis.get_major_ticks()[0]
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_visible(False)
        axes.patch.set_visible(False)  # the figure's own background is the same colour
        # In the order matplotlib draws them (x ticks, then each value's gridline and tick),
        # below everything else as axes.axisbelow puts them.
        lines: list[Any] = []
        for model in (x_tick.tick1line, y_tick.gridline, y_tick.tick1line):
            line = Line2D([], [])
            line.update_from(model)  # colour, width, marker, cap, transform and clipping
            line.set_zorder(0.5)
            axes.add_line(line)
            line.set_clip_on(model.get_clip_on() and model.clipbox is not None)
            lines.append(line)
        series = style.palette[0]
        target = axes.hlines(
            [0.0], [0.0], [1.0], color=style.target, linestyle=(0, (5, 3)), linewidth=1.4, zorder=2
        )
        (line,) = axes.plot(
            [],
            [],
            color=series,
            linewidth=2.2,
            marker="o",
            markersize=4.2,
            zorder=3,
            solid_capstyle="round",
        )
        (last,) = axes.plot(
            [],
            [],
            marker="o",
            markersize=8,
            color=series,
            markeredgecolor=style.background,
            markeredgewidth=1.5,
            zorder=4,
        )
        divider = axes.axvline(0.0, color=style.grid, linewidth=0.8, zorder=1)
    month_ticks, grid, value_ticks = lines
    return _Board(figure, axes, rc, month_ticks, grid, value_ticks, target, line, last, divider)


@contextmanager
def _style_applied(rc: dict[str, Any]) -> Iterator[None]:
    """The chart style in the global rcParams while a chart is drawn (matplotlib reads some
    of it at draw time), then the caller's values back. `rc` is validated once per style, so
    this swaps a few dozen entries where `rc_context` copies and validates all of them."""
    import matplotlib

    params: dict[str, Any] = matplotlib.rcParams  # type: ignore[assignment]
    saved = {key: dict.__getitem__(params, key) for key in rc}
    dict.update(params, rc)
    try:
        yield
    finally:
        dict.update(params, saved)


@cache
def _afcharts_rc() -> dict[str, Any]:
    from pathlib import Path

    import afcharts
    import matplotlib

    path = Path(afcharts.__file__).parent / "afcharts.mplstyle"
    return dict(
        matplotlib.rc_params_from_file(  # type: ignore[arg-type]
            str(path), use_default_template=False
        )
    )


def _rc(style: ChartStyle) -> dict[str, Any]:
    """The afcharts style with the theme's colours and size, validated as rcParams are."""
    import matplotlib
    from cycler import cycler

    rc = dict(_afcharts_rc())
    rc.update(
        {
            "font.size": style.font_size,
            "axes.prop_cycle": cycler(color=list(style.palette)),
            "axes.facecolor": style.background,
            "axes.labelcolor": style.text,
            "xtick.labelcolor": style.text,
            "ytick.labelcolor": style.text,
            "text.color": style.text,
            "grid.color": style.grid,
            "svg.hashsalt": "committee-report",
            "path.simplify": False,
        }
    )
    return dict(matplotlib.RcParams(rc))  # type: ignore[arg-type]


@lru_cache(maxsize=64)
def _palette(style: ChartStyle, target: bool, comparators: int) -> Any:
    """Up to 64 colours, from what the chart draws: the background, then each ink (grid,
    ticks, series, target, comparators) with even steps towards the background (the colours
    an anti-aliased edge of it takes), and the blends where the series crosses the target.

    Pillow maps a pixel to the entry nearest the corner of its 4x4x4 cell, so steps closer
    than 8 levels would let the background and solid inks land on a neighbour: an ink gets
    one step per 8 levels of its distance from the background, within an even share.
    """
    from matplotlib.colors import to_rgb
    from PIL import Image

    def rgb(colour: Any) -> tuple[int, ...]:
        return tuple(round(c * 255) for c in to_rgb(colour))

    def ramp(ink: tuple[int, ...], to: tuple[int, ...], steps: int) -> list[tuple[int, ...]]:
        return [
            tuple(round(i + (t - i) * k / steps) for t, i in zip(to, ink)) for k in range(steps)
        ]

    rc = _afcharts_rc()
    inks = [
        style.grid,
        rc["xtick.color"],
        rc["ytick.color"],
        rc["axes.edgecolor"],
        style.palette[0],
    ]
    inks += [style.target] if target else []
    inks += [style.palette[(i + 1) % len(style.palette)] for i in range(comparators)]
    back = rgb(style.background)
    distinct = list(dict.fromkeys(c for c in map(rgb, inks) if c != back))
    crossing = ramp(rgb(style.palette[0]), rgb(style.target), 4)[1:] if target else []
    share = (PALETTE_SIZE - 1 - len(crossing)) // max(1, len(distinct))
    colours = [back]
    for ink in distinct:
        colours += ramp(
            ink, back, max(1, min(share, max(abs(b - i) for b, i in zip(back, ink)) // 8))
        )
    colours += crossing
    image = Image.new("P", (1, 1))
    image.putpalette([c for colour in list(dict.fromkeys(colours))[:PALETTE_SIZE] for c in colour])
    return image


def _draw(board: _Board, spec: ChartSpec, style: ChartStyle, texts: _Texts) -> None:
    ax = board.axes
    n = len(spec.values)
    xs = list(range(n))
    ys = [math.nan if v is None else v for v in spec.values]
    numbers = [v for v in spec.values if v is not None]
    numbers += [c.number for c in spec.comparators]
    if spec.target is not None:
        numbers.append(spec.target)
    low, high = _y_limits(numbers, spec.percent)
    ax.set_xlim(-0.6, _right_edge(spec, style, n))
    ax.set_ylim(low, high)
    texts.limits_set()
    _month_ticks(board, spec, style, n, texts)
    _value_ticks(board, spec, style, low, high, texts)

    board.target.set_visible(spec.target is not None)
    if spec.target is not None:
        end = n - 1 + 0.45 if spec.comparators else n - 0.4
        board.target.set_segments([[(-0.6, spec.target), (end, spec.target)]])
        # Label the line where the first months leave room: above it unless they crowd it.
        early = [v for v in spec.values[:3] if v is not None]
        crowded = any(0 <= v - spec.target < (high - low) * 0.12 for v in early)
        below = crowded and spec.target - low > (high - low) * 0.12
        texts.at_data(
            spec.target_text,
            -0.5,
            spec.target,
            0,
            -4 if below else 4,
            ha="left",
            va="top" if below else "bottom",
            colour=style.target,
            size=style.font_size * 0.9,
            box="fill",
            box_fill=style.background,
        )
    # The line joins the months that have a value (bi-monthly measures would otherwise be
    # loose dots); a marker on each real value shows which months were measured.
    measured = [(x, y) for x, y in zip(xs, ys) if not math.isnan(y)]
    board.series.set_data([x for x, _ in measured], [y for _, y in measured])
    last = max((i for i, v in enumerate(spec.values) if v is not None), default=None)
    board.last.set_visible(last is not None)
    if last is not None:
        board.last.set_data([last], [ys[last]])
        above = _latest_label_above(spec, style, measured, last, ys[last], low, high)
        texts.at_data(
            spec.latest_text,
            last,
            ys[last],
            0,
            12 if above else -12,
            ha="right",
            va="bottom" if above else "top",
            bold=True,
            colour=style.palette[0],
            box="round",
            box_colour=style.palette[0],
            box_fill=style.background,
        )
    _comparators(board, spec, style, n, low, high, texts)


def _latest_label_above(
    spec: ChartSpec,
    style: ChartStyle,
    measured: list[tuple[int, float]],
    last: int,
    y: float,
    low: float,
    high: float,
) -> bool:
    """Above or below the latest point: the side where the label's box hides less of the line
    (sampled under the box's span), and where it fits inside the axes; above on a tie."""
    axes_w_in = style.width_in * AXES_RECT[2]
    axes_h_pt = style.height_in * AXES_RECT[3] * 72
    span_x = _right_edge(spec, style, len(spec.values)) + 0.6
    label_in = (len(spec.latest_text) * style.font_size * 0.55 + style.font_size) / 72
    width = label_in / axes_w_in * span_x  # in months
    per_pt = (high - low) / axes_h_pt  # data units per point
    offset, depth = 8 * per_pt, (12 + style.font_size * 1.6) * per_pt
    at = [_line_at(measured, last - width + k * width / 16) for k in range(17)]
    samples = [v for v in at if v is not None]

    def hidden(top: float, bottom: float) -> int:
        return sum(bottom <= v <= top for v in samples)

    above_fits = y + offset + depth <= high
    below_fits = y - offset - depth >= low
    cost_above = hidden(y + offset + depth, y + offset) + (100 if not above_fits else 0)
    cost_below = hidden(y - offset, y - offset - depth) + (100 if not below_fits else 0)
    return cost_above <= cost_below


def _line_at(measured: list[tuple[int, float]], x: float) -> float | None:
    """The series line's height at `x` (between measured months), or None off its ends."""
    for (x0, y0), (x1, y1) in zip(measured, measured[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return None


def _comparators(
    board: _Board,
    spec: ChartSpec,
    style: ChartStyle,
    n: int,
    low: float,
    high: float,
    texts: _Texts,
) -> None:
    """Benchmarks as distinct markers right of the series, each labelled directly."""
    for marker, leader in zip(board.markers, board.leaders):
        marker.set_visible(False)
        leader.set_visible(False)
    board.divider.set_visible(bool(spec.comparators))
    if not spec.comparators:
        return
    first = n - 1 + 0.9
    board.divider.set_xdata([n - 1 + 0.45] * 2)
    numbers = [c.number for c in spec.comparators]
    label_y = _spread(numbers, (high - low) * 0.08, low, high)
    label_x = first + COMPARATOR_STEP * (len(numbers) - 1) + 0.45
    for index, comparison in enumerate(spec.comparators):
        x = first + COMPARATOR_STEP * index
        marker, leader = board.comparator(index, style)
        marker.set_data([x], [comparison.number])
        leader.set_data([x + 0.12, label_x - 0.08], [comparison.number, label_y[index]])
        marker.set_visible(True)
        leader.set_visible(True)
        texts.at_data(
            f"{comparison.name}: {comparison.text}",
            label_x,
            label_y[index],
            ha="left",
            va="center",
            size=style.font_size * 0.85,
        )


def _spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights near their values but at least `gap` apart and inside the axis."""
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    placed = [values[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - (high - gap * 0.5) if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = max(placed[k], low + gap * 0.5)
    return out


def _month_ticks(board: _Board, spec: ChartSpec, style: ChartStyle, n: int, texts: _Texts) -> None:
    """Every month labelled when there is room; on two lines, then every k-th, when not."""
    import matplotlib

    ax = board.axes
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    per_month_in = style.width_in * AXES_RECT[2] / span
    size = style.font_size * 0.9
    widest = max((len(label) for label in spec.labels), default=1) * size * 0.56 / 72
    labels = list(spec.labels)
    if widest > per_month_in * 0.92:
        labels = [label.replace("-", "\n", 1) for label in labels]
        widest = max((len(p) for label in labels for p in label.split("\n")), default=1)
        widest = widest * size * 0.56 / 72
    step = max(1, math.ceil(widest / (per_month_in * 0.92)))
    keep = [lab if (n - 1 - i) % step == 0 else "" for i, lab in enumerate(labels)]
    ticks: list[float] = list(range(n))
    words = keep
    board.month_ticks.set_data(ticks, [0.0] * n)  # the comparators' label has no tick mark
    if spec.comparators:
        ticks.append(n - 1 + 0.6)
        words.append("Comparators")
    gap = matplotlib.rcParams["xtick.major.size"] + matplotlib.rcParams["xtick.major.pad"]
    bottom = ax.get_ylim()[0]
    for index, (tick, word) in enumerate(zip(ticks, words)):
        comparators = spec.comparators and index == len(ticks) - 1
        for line, part in enumerate(word.split("\n") if word else []):
            texts.at_data(
                part,
                tick,
                bottom,
                0,
                -gap - line * size * 1.2,
                ha="left" if comparators else "center",
                va="top",
                size=size,
            )


def _value_ticks(
    board: _Board, spec: ChartSpec, style: ChartStyle, low: float, high: float, texts: _Texts
) -> None:
    """The value axis: matplotlib's own tick choice, a gridline and tick mark at each,
    labelled left of the axes, and its title."""
    import matplotlib

    ax = board.axes
    size = style.font_size * 0.9
    formatter = _formatter(spec.percent)
    gap = matplotlib.rcParams["ytick.major.size"] + matplotlib.rcParams["ytick.major.pad"]
    left = ax.get_xlim()[0]
    values = [float(v) for v in ax.get_yticks() if low - 1e-9 <= v <= high + 1e-9]
    board.grid.set_data(
        [x for _ in values for x in (0.0, 1.0, math.nan)],
        [y for v in values for y in (v, v, math.nan)],
    )
    board.value_ticks.set_data([0.0] * len(values), values)
    for value in values:
        texts.at_data(formatter(value), left, value, -gap, 0, ha="right", va="center", size=size)
    texts.at_fraction(
        spec.y_label,
        AXES_RECT[0] * 0.12,
        AXES_RECT[1] + AXES_RECT[3] / 2,
        ha="center",
        va="top",
        size=size,
        rotation=90,
    )


def _right_edge(spec: ChartSpec, style: ChartStyle, n: int) -> float:
    """Leave room right of the series for the comparator labels, sized to the longest one."""
    if not spec.comparators:
        return n - 0.4
    longest = max(len(f"{c.name}: {c.text}") for c in spec.comparators)
    label_in = 0.15 + longest * style.font_size * 0.85 * 0.5 / 72
    axes_in = style.width_in * AXES_RECT[2]
    base = n - 1 + 0.9 + COMPARATOR_STEP * (len(spec.comparators) - 1) + 0.45 + 0.6
    return base / (1 - min(label_in / axes_in, 0.6)) - 0.6


def _y_limits(numbers: list[float], percent: bool) -> tuple[float, float]:
    """Axis from zero to a round number above the data: honest and cheap to lay out."""
    top = max(numbers, default=1.0)
    bottom = min(0.0, min(numbers, default=0.0))
    if percent and 0 <= top <= 100:
        return bottom, 100.0 if top > 80 else _nice(top * 1.2)
    return bottom, _nice(top * 1.18) if top > 0 else 1.0


def _nice(value: float) -> float:
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _formatter(percent: bool) -> Any:
    if percent:
        return lambda v: f"{v:g}%"
    return lambda v: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"
