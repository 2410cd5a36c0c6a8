"""Trend charts: built from the sample's real figures, deterministic, text kept out of the image."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import warnings
from dataclasses import replace

import pytest
from PIL import Image
from specs import chart_spec

from committee_report.charts.draw import ChartSpec, _y_limits, chart_style, render_chart
from committee_report.inputs.theme import load_theme
from committee_report.model import Assessment, Report
from committee_report.pipeline import load_report


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report()[0]


def assessment(report: Report, indicator_id: str) -> Assessment:
    return next(a for a in report.assessments if a.id == indicator_id)


def test_spec_carries_the_reports_figures_as_given(report: Report) -> None:
    spec = chart_spec(report, assessment(report, "AMT 2"), load_theme("default"))
    assert spec.labels == (
        "Feb-21",
        "Mar-21",
        "Apr-21",
        "May-21",
        "Jun-21",
        "Jul-21",
        "Aug-21",
        "Sep-21",
        "Oct-21",
        "Nov-21",
        "Dec-21",
        "Jan-22",
    )
    assert spec.values == (79.0, 83.0, 82.0, 69.0, 72.0, 73.0, 65.0, 72.0, 61.0, 66.0, 63.0, 60.0)
    assert spec.percent is True and spec.y_label == "Per cent"
    assert spec.target == 85.0 and spec.target_text == "Target 85%"
    assert [(c.name, c.number, c.text) for c in spec.comparators] == [
        ("DfE Published Croydon 2020-21", 81.0, "81%"),
        ("Stats Nbr Average 2020-21", 92.0, "92%"),
        ("London 2020-21", 89.0, "89%"),
        ("England 2020-21", 88.0, "88%"),
    ]
    assert spec.latest_text == "Jan-22: 60% (Red)"


def test_gaps_and_missing_target_are_kept(report: Report) -> None:
    theme = load_theme("default")
    qa2 = chart_spec(report, assessment(report, "QA 2"), theme)
    assert qa2.values == (None, 35.0, None, 48.0, None, None, 31.0, None, None, 48.0, None, None)
    assert qa2.target is None and qa2.target_text == ""
    assert qa2.latest_text == "Nov-21: 48 (No target)"
    w1f1 = chart_spec(report, assessment(report, "W1 f1"), theme)
    assert w1f1.values[:8] == (None,) * 8 and w1f1.values[8:] == (18.5, 18.7, 18.7, 17.1)
    assert w1f1.latest_text == "Jan-22: 17.1 (Green)"


@pytest.mark.pdf
def test_png_is_a_palette_image_of_the_marks_and_deterministic(report: Report) -> None:
    theme = load_theme("default")
    spec = chart_spec(report, assessment(report, "CP 5"), theme)
    first, second = render_chart(spec), render_chart(spec)
    assert first == second
    image = Image.open(io.BytesIO(first.png))
    assert image.format == "PNG" and image.mode == "P"
    assert len(image.getpalette()) // 3 <= 64 and "transparency" not in image.info
    size = (int(theme.chart.width_mm / 25.4 * 150), int(theme.chart.height_mm / 25.4 * 150))
    assert image.size == size and size[0] == 1003
    assert set(image.info) <= {"dpi"}  # no Software/timestamp text chunks
    assert round(image.info["dpi"][0]) == 150


@pytest.mark.pdf
def test_same_bytes_whatever_was_drawn_before(report: Report) -> None:
    """Each chart reuses one figure and its lines: the sample's charts (with and without a
    target and comparators) drawn on a fresh figure, forwards and backwards, are identical."""
    from committee_report.charts.draw import _board

    theme = load_theme("croydon")
    ids = [*report.featured, "QA 2"]
    specs = [chart_spec(report, assessment(report, i), theme) for i in ids]
    fresh = []
    for spec in specs:
        _board.cache_clear()
        fresh.append(render_chart(spec))
    assert [render_chart(s) for s in specs] == fresh
    assert [render_chart(s) for s in reversed(specs)] == fresh[::-1]
    assert len({c.png for c in fresh}) == len(specs) == 17


@pytest.mark.pdf
def test_palette_keeps_the_background_and_inks_exact(report: Report) -> None:
    """White stays white and the series' and target's solid colours are their own."""
    spec = chart_spec(report, assessment(report, "AMT 2"), load_theme("croydon"))
    image = Image.open(io.BytesIO(render_chart(spec).png)).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(1 << 16)}
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert max(counts, key=counts.get) == (255, 255, 255)
    assert counts[(0x12, 0x43, 0x6D)] > 1000 and counts[(0x3D, 0x3D, 0x3D)] > 500
    assert counts[(0xD9, 0xD9, 0xD9)] > 1000  # the gridlines


@pytest.mark.pdf
def test_different_data_gives_a_different_chart(report: Report) -> None:
    theme = load_theme("default")
    spec = chart_spec(report, assessment(report, "CP 5"), theme)
    assert render_chart(spec) != render_chart(replace(spec, target=70.0))


@pytest.mark.pdf
def test_every_label_comes_back_as_text_not_pixels(
    report: Report, caplog: pytest.LogCaptureFixture
) -> None:
    """Matplotlib draws marks only; each label is returned for the layout to set in its own
    font, placed inside the chart, and the global rcParams are untouched."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    spec = chart_spec(report, assessment(report, "AMT 2"), load_theme("croydon"))
    with (
        warnings.catch_warnings(record=True) as caught,
        caplog.at_level(logging.WARNING, logger="matplotlib"),
    ):
        warnings.simplefilter("always")
        chart = render_chart(spec)
    assert [str(w.message) for w in caught] == [] and caplog.records == []
    assert dict(matplotlib.rcParams) == before
    words = [t.text for t in chart.texts]
    months = ["Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert words[:25] == [w for m in months for w in (m, "21")] + ["Jan", "22", "Comparators"]
    assert words[25:31] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert words[31:] == [
        "Per cent",
        "Target 85%",
        "Jan-22: 60% (Red)",
        "DfE Published Croydon 2020-21: 81%",
        "Stats Nbr Average 2020-21: 92%",
        "London 2020-21: 89%",
        "England 2020-21: 88%",
    ]
    # Inside the chart, but for the months' second lines, which a short chart hangs below its
    # image (the layout makes room for them).
    assert all(0 <= t.x <= 1 and t.y <= 1 for t in chart.texts)
    assert [t.text for t in chart.texts if t.y < 0] == ["21"] * 11 + ["22"]
    latest = chart.texts[33]
    assert (latest.bold, latest.box, latest.ha) == (True, "round", "right")
    from committee_report.charts.draw import _board

    axes = _board(spec.style).axes
    assert not axes.texts and not any(
        t.get_visible() and t.get_text() for t in axes.get_xticklabels() + axes.get_yticklabels()
    )
    assert not axes.xaxis.get_visible() and not axes.yaxis.get_visible()


@pytest.mark.pdf
def test_rendered_chart_survives_the_cache_format(report: Report) -> None:
    from committee_report.charts.draw import RenderedChart

    chart = render_chart(chart_spec(report, assessment(report, "CL 1c"), load_theme("default")))
    assert RenderedChart.from_bytes(chart.to_bytes()) == chart


def test_spec_needs_a_style() -> None:
    with pytest.raises(ValueError, match="ChartSpec.style is required"):
        render_chart(ChartSpec(("Jan-22",), (1.0,), False, "Value"))


def test_y_axis_starts_at_zero_and_percentages_stop_at_100() -> None:
    assert _y_limits([79.0, 60.0, 92.0], percent=True) == (0.0, 100.0)
    assert _y_limits([18.0, 33.0, 8.0], percent=True) == (0.0, 40.0)
    assert _y_limits([138.0, 83.0, 71470.0], percent=False) == (0.0, 100000.0)
    assert _y_limits([15.1, 16.7], percent=False) == (0.0, 20.0)


@pytest.mark.slow
def test_importing_charts_does_not_import_matplotlib() -> None:
    code = (
        "import sys, committee_report.charts.draw, committee_report.render.layout; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_style_is_plain_values(report: Report) -> None:
    style = chart_style(load_theme("croydon"))
    assert style.dpi == 150 and style.palette[0] == "#12436D"
    assert style.font_regular.endswith("Lato-Regular.ttf")
    assert hash(chart_spec(report, assessment(report, "QA 1"), load_theme("croydon")))
