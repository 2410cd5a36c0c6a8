"""PNG charts go into the PDF as their own Flate data, and read back pixel for pixel."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from committee_report.charts.draw import render_chart
from specs import chart_spec
from committee_report.pdf.image import draw_png
from committee_report.inputs.theme import load_theme
import pytest

pytestmark = pytest.mark.pdf  # builds and reads PDFs: `pytest -m "not pdf"` skips it


def _pdf_with(png: bytes) -> pikepdf.Pdf:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(600, 300), invariant=1, initialFontName="Times-Roman")
    draw_png(canvas, png, 0, 0, 600, 250)
    canvas.save()
    return pikepdf.open(io.BytesIO(out.getvalue()))


_KEEP: list[pikepdf.Pdf] = []  # an image is only readable while its Pdf is open


def _image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    _KEEP.append(pdf)
    (image,) = pdf.pages[0].get_images().values()
    return image


def test_chart_png_is_embedded_without_recompression(sample_report):
    theme = load_theme("croydon")
    a = next(x for x in sample_report.assessments if x.id == "CP 5")
    png = render_chart(chart_spec(sample_report, a, theme)).png
    image = _image(_pdf_with(png))
    assert image.Filter == pikepdf.Name.FlateDecode      # a name, not an array
    assert image.DecodeParms.Predictor == 15
    assert image.read_raw_bytes() in png                  # the PNG's own IDAT data
    original = Image.open(io.BytesIO(png)).convert("RGB")
    decoded = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
    assert decoded.size == original.size
    assert decoded.tobytes() == original.tobytes()


def test_rgb_png_reads_back_exactly():
    picture = Image.new("RGB", (40, 10))
    picture.putdata([(x * 6, y * 20, (x + y) % 256) for y in range(10) for x in range(40)])
    out = io.BytesIO()
    picture.save(out, "PNG")
    image = _image(_pdf_with(out.getvalue()))
    assert image.ColorSpace == pikepdf.Name.DeviceRGB
    assert pikepdf.PdfImage(image).as_pil_image().tobytes() == picture.tobytes()


def test_transparent_png_takes_reportlabs_path():
    picture = Image.new("RGBA", (8, 8), (10, 20, 30, 128))
    out = io.BytesIO()
    picture.save(out, "PNG")
    image = _image(_pdf_with(out.getvalue()))
    assert "/DecodeParms" not in image       # decoded and re-encoded by ReportLab
    assert "/SMask" in image


def test_chart_makes_room_for_labels_hanging_below_the_plot():
    """A short chart's two-line month labels reach below the image: the flowable grows by
    exactly that much and draws the image higher, so the caption never overlaps them."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    from committee_report.charts.draw import ChartText, RenderedChart
    from committee_report.render.styles import styles
    from committee_report.pdf.image import ChartImage

    fonts = styles(load_theme("default")).fonts
    texts = (ChartText("Feb", 0.5, 0.2, 9.0, "#000000", va="top"),
             ChartText("21", 0.5, -0.05, 9.0, "#000000", va="top"),
             ChartText("Per cent", 0.01, 0.5, 9.0, "#000000", rotation=90))
    chart = RenderedChart(b"", texts)
    flat = ChartImage(chart, 400, 100, fonts.regular, fonts.bold, 400)
    assert flat.wrap(500, 500) == (400, 100)                 # not asked: no room kept
    hanging = ChartImage(chart, 400, 100, fonts.regular, fonts.bold, 400, hanging=True)
    ascent, descent = getAscentDescent(fonts.regular, 9.0)
    lowest = -0.05 * 100 - ascent + descent                  # the "21" hangs from -5 pt
    assert (round(ascent, 3), round(descent, 3), round(lowest, 3)) == (6.552, -1.894, -13.446)
    assert hanging.wrap(500, 500) == (400, 114.0)
    assert hanging.below == 14.0
    inside = ChartImage(RenderedChart(b"", texts[:1]), 400, 100, fonts.regular, fonts.bold, 400,
                        hanging=True)
    assert inside.wrap(500, 500) == (400, 100)              # "Feb" ends above the bottom
