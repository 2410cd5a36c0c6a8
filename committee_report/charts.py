"""Indicator trend charts: the only module that imports matplotlib (lazily, on first chart).

`render_chart(spec)` is a pure function of a small frozen `ChartSpec`, so its PNG bytes can be
cached by spec or rendered in a process pool, and the same spec always gives the same bytes.
The style is the Analysis Function's (afcharts) applied per figure with `rc_context`, never
globally; meaning is carried by direct labels, markers and line styles as well as colour.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from committee_report.theme import MM, Theme

COMPARATOR_MARKERS = ("s", "D", "^", "v", "P", "X")
AXES_RECT = (0.08, 0.12, 0.90, 0.84)
COMPARATOR_STEP = 0.45


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


def chart_style(theme: Theme) -> ChartStyle:
    c = theme.colours.chart
    return ChartStyle(
        font_regular=theme.fonts.regular, font_bold=theme.fonts.bold, palette=c.palette,
        background=c.background, text=c.text, grid=c.grid, target=c.target,
        dpi=theme.chart.dpi, width_in=theme.chart.width_mm * MM / 72,
        height_in=theme.chart.height_mm * MM / 72, font_size=theme.chart.font_size,
    )


def render_chart(spec: ChartSpec) -> bytes:
    """The chart as a 64-colour palette PNG (no alpha, no metadata), identical bytes for an
    identical spec."""
    import matplotlib
    from PIL import Image

    style = spec.style
    if style is None:
        raise ValueError("ChartSpec.style is required")
    with matplotlib.rc_context(_rc(style)):
        figure, axes = _figure(style.width_in, style.height_in, style.dpi)
        axes.cla()
        figure.set_facecolor(style.background)
        _draw(axes, spec, style)
        figure.canvas.draw()
        width, height = figure.canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", (width, height), figure.canvas.buffer_rgba(), "raw",
                                "RGBA", 0, 1)
        # A chart has few colours: 64 palette entries keep every anti-aliased edge and make
        # the PNG a third the size of RGB (and the paper under 1 MB), for less time to encode.
        palette = rgba.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE,
                                               dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="PNG", dpi=(style.dpi, style.dpi), compress_level=6)
    return out.getvalue()


@lru_cache(maxsize=None)
def _figure(width_in: float, height_in: float, dpi: int) -> tuple[Any, Any]:
    """One Figure per chart size, reused: creating figures is most of matplotlib's cost."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(AXES_RECT)
    return figure, axes


@lru_cache(maxsize=None)
def _font_family(path: str) -> str:
    """Register a TTF with matplotlib once per process; return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@lru_cache(maxsize=None)
def _afcharts_rc() -> dict[str, Any]:
    import matplotlib
    from pathlib import Path

    import afcharts

    path = Path(afcharts.__file__).parent / "afcharts.mplstyle"
    return dict(matplotlib.rc_params_from_file(str(path), use_default_template=False))


def _rc(style: ChartStyle) -> dict[str, Any]:
    from cycler import cycler

    family = _font_family(style.font_regular)
    _font_family(style.font_bold)
    rc = dict(_afcharts_rc())
    rc.update({
        "font.family": "sans-serif", "font.sans-serif": [family], "font.size": style.font_size,
        "axes.prop_cycle": cycler(color=list(style.palette)), "axes.facecolor": style.background,
        "axes.labelcolor": style.text, "xtick.labelcolor": style.text,
        "ytick.labelcolor": style.text, "text.color": style.text, "grid.color": style.grid,
        "svg.hashsalt": "committee-report", "path.simplify": False,
    })
    return rc


def _draw(ax: Any, spec: ChartSpec, style: ChartStyle) -> None:
    n = len(spec.values)
    xs = list(range(n))
    ys = [math.nan if v is None else v for v in spec.values]
    series = style.palette[0]
    numbers = [v for v in spec.values if v is not None]
    numbers += [c.number for c in spec.comparators]
    if spec.target is not None:
        numbers.append(spec.target)
    low, high = _y_limits(numbers, spec.percent)
    ax.set_xlim(-0.6, _right_edge(spec, style, n))
    ax.set_ylim(low, high)
    _month_ticks(ax, spec, style, n)
    ax.yaxis.set_major_formatter(_formatter(spec.percent))
    ax.set_ylabel(spec.y_label, fontsize=style.font_size * 0.9)
    ax.tick_params(axis="y", labelsize=style.font_size * 0.9)

    if spec.target is not None:
        ax.hlines(spec.target, -0.6, n - 1 + 0.45 if spec.comparators else n - 0.4,
                  color=style.target, linestyle=(0, (5, 3)), linewidth=1.4, zorder=2)
        # Label the line where the first months leave room: above it unless they crowd it.
        early = [v for v in spec.values[:3] if v is not None]
        crowded = any(0 <= v - spec.target < (high - low) * 0.12 for v in early)
        below = crowded and spec.target - low > (high - low) * 0.12
        ax.annotate(spec.target_text, (-0.5, spec.target), xytext=(0, -4 if below else 4),
                    textcoords="offset points", ha="left", va="top" if below else "bottom",
                    color=style.target, fontsize=style.font_size * 0.9, zorder=5,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": style.background,
                          "edgecolor": "none"})
    # The line joins the months that have a value (bi-monthly measures would otherwise be
    # loose dots); a marker on each real value shows which months were measured.
    measured = [(x, y) for x, y in zip(xs, ys) if not math.isnan(y)]
    ax.plot([x for x, _ in measured], [y for _, y in measured], color=series, linewidth=2.2,
            marker="o", markersize=4.2, zorder=3, solid_capstyle="round")
    last = max((i for i, v in enumerate(spec.values) if v is not None), default=None)
    if last is not None:
        ax.plot([last], [ys[last]], marker="o", markersize=8, color=series,
                markeredgecolor=style.background, markeredgewidth=1.5, zorder=4)
        before = [v for v in spec.values[max(0, last - 3):last] if v is not None]
        room_above = high - ys[last] > (high - low) * 0.1
        room_below = ys[last] - low > (high - low) * 0.1
        # Put the label on the side the line does not come from, where there is room.
        above = room_above and not (before and max(before) > ys[last] and room_below)
        ax.annotate(spec.latest_text, (last, ys[last]), xytext=(0, 12 if above else -12),
                    textcoords="offset points", ha="right", va="bottom" if above else "top",
                    fontsize=style.font_size, fontweight="bold", color=series, zorder=5,
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": style.background,
                          "edgecolor": series, "linewidth": 0.8})
    _comparators(ax, spec, style, n, low, high)


def _comparators(ax: Any, spec: ChartSpec, style: ChartStyle, n: int, low: float,
                 high: float) -> None:
    """Benchmarks as distinct markers right of the series, each labelled directly."""
    if not spec.comparators:
        return
    first = n - 1 + 0.9
    ax.axvline(n - 1 + 0.45, color=style.grid, linewidth=0.8, zorder=1)
    numbers = [c.number for c in spec.comparators]
    label_y = _spread(numbers, (high - low) * 0.08, low, high)
    label_x = first + COMPARATOR_STEP * (len(numbers) - 1) + 0.45
    for index, comparison in enumerate(spec.comparators):
        x = first + COMPARATOR_STEP * index
        colour = style.palette[(index + 1) % len(style.palette)]
        marker = COMPARATOR_MARKERS[index % len(COMPARATOR_MARKERS)]
        ax.plot([x], [comparison.number], marker=marker, markersize=6.5, color=colour,
                markeredgecolor=style.background, markeredgewidth=0.6, linestyle="none",
                zorder=4, clip_on=False)
        ax.annotate(f"{comparison.name}: {comparison.text}", (x, comparison.number),
                    xytext=(label_x, label_y[index]), textcoords="data", ha="left",
                    va="center", fontsize=style.font_size * 0.85, color=style.text,
                    annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": style.grid, "linewidth": 0.6,
                                "shrinkA": 0, "shrinkB": 4})


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


def _month_ticks(ax: Any, spec: ChartSpec, style: ChartStyle, n: int) -> None:
    """Every month labelled when there is room; on two lines, then every k-th, when not."""
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
    ticks, texts = list(range(n)), keep
    if spec.comparators:
        ticks.append(n - 1 + 0.6)
        texts.append("Comparators")
    ax.set_xticks(ticks)
    ax.set_xticklabels(texts, fontsize=size, ha="center")
    if spec.comparators:
        ax.get_xticklabels()[-1].set_horizontalalignment("left")
        ax.get_xticklines()[-2].set_visible(False)


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
    from matplotlib.ticker import FuncFormatter

    if percent:
        return FuncFormatter(lambda v, _pos: f"{v:g}%")
    return FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}")
