"""Charts into the PDF: the PNG's own Flate data as it is, and the chart's texts as real text.

ReportLab decodes every image and compresses the pixels again (about 50 ms for a 200 dpi
chart). A PNG's IDAT data already is a Flate stream with PNG predictors, which PDF reads
directly (/DecodeParms with /Predictor 15), so an 8-bit RGB or grey PNG is embedded byte for
byte. Anything else goes through ReportLab's usual path.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
from functools import lru_cache
from typing import Protocol

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from committee_report.charts.spec import ChartText, RenderedChart

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOURS = {0: 1, 2: 3, 3: 1}  # PNG colour type -> components per pixel (grey, RGB, palette)


class _Handle(Protocol):
    def result(self) -> RenderedChart: ...


class ChartImage(Flowable):
    """A rendered chart at a fixed size: its marks as an image, its labels as text in the
    layout's fonts. `source` is fetched only when drawn, so charts can be drawn elsewhere
    (another core, the cache) while the layout goes on."""

    def __init__(self, source: RenderedChart | _Handle, width: float, height: float,
                 regular: str, bold: str, native_width: float, hanging: bool = False) -> None:
        """With `hanging`, the flowable also holds whatever labels hang below the image (a
        short chart's month labels set on two lines), so they never run into the caption;
        that needs the chart itself when the page is laid out, not only when it is drawn."""
        super().__init__()
        self.source, self.width, self.plot_height = source, width, height
        self.height, self.below, self.hanging = height, 0.0, hanging
        self.regular, self.bold, self.scale = regular, bold, width / native_width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.hanging:
            self.hanging = False
            lowest = 0.0
            for t, _, y, _, _, _, _, descent in self._labels():
                if not t.rotation:
                    lowest = min(lowest, y + descent)
            self.below = float(math.ceil(-lowest))
            self.height = self.plot_height + self.below
        return self.width, self.height

    def _labels(self) -> list[tuple[ChartText, float, float, float, str, float, float, float]]:
        """Each label with its placement (see `_place`), worked out once."""
        labels = self.__dict__.get("_placed")
        if labels is None:
            labels = self._placed = [(t, *self._place(t)) for t in self._chart().texts]
        return labels

    def _chart(self) -> RenderedChart:
        return self.source if isinstance(self.source, RenderedChart) else self.source.result()

    def draw(self) -> None:
        chart = self._chart()
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, self.below)
        try:
            self._draw(canvas, chart)
        finally:
            canvas.restoreState()

    def _draw(self, canvas: Canvas, chart: RenderedChart) -> None:
        draw_png(canvas, chart.png, 0, 0, self.width, self.plot_height)
        labels = self._labels()
        self.__dict__["_placed"] = None  # drawn once: the placements are not needed again
        for t, x, y, size, _font, width, ascent, descent in labels:
            if t.box and not t.rotation:
                pad = size * (0.3 if t.box == "round" else 0.1)
                canvas.setFillColor(_colour(t.box_fill))
                canvas.setStrokeColor(_colour(t.box_colour or t.box_fill))
                canvas.setLineWidth(0.6 * self.scale)
                box = (x - pad, y + descent - pad, width + 2 * pad, ascent - descent + 2 * pad)
                if t.box == "round":
                    canvas.roundRect(*box, pad, stroke=1, fill=1)
                else:
                    canvas.rect(*box, stroke=0, fill=1)
        # One text object for every upright label: a chart has dozens, and a text object each
        # was most of the cost of drawing a detail page.
        text = canvas.beginText()
        face = ink = None
        for t, x, y, size, font, *_ in labels:
            if not t.rotation:
                if (font, size) != face:  # labels mostly share one font, size and colour
                    text.setFont(font, size)
                    face = (font, size)
                if t.colour != ink:
                    text.setFillColor(_colour(t.colour))
                    ink = t.colour
                text.setTextOrigin(x, y)
                text.textOut(t.text)
        canvas.drawText(text)
        for t, x, y, size, font, *_ in labels:
            if t.rotation:
                canvas.saveState()
                canvas.translate(t.x * self.width, t.y * self.plot_height)
                canvas.rotate(t.rotation)
                canvas.setFont(font, size)
                canvas.setFillColor(_colour(t.colour))
                canvas.drawString(x, y, t.text)
                canvas.restoreState()

    def _place(self, t: ChartText) -> tuple[float, float, float, str, float, float, float]:
        """Where the label's baseline starts (on the page for upright labels, from its anchor
        for rotated ones), its size and font, width, and the font's ascent and descent."""
        font = self.bold if t.bold else self.regular
        size = t.size * self.scale
        ascent, descent = getAscentDescent(font, size)
        dy = {"top": -ascent, "bottom": -descent, "center": -(ascent + descent) / 2}.get(t.va, 0.0)
        width = stringWidth(t.text, font, size)
        dx = {"center": -width / 2, "right": -width}.get(t.ha, 0.0)
        if not t.rotation:
            dx, dy = dx + t.x * self.width, dy + t.y * self.plot_height
        return dx, dy, size, font, width, ascent, descent


@lru_cache(maxsize=64)
def _colour(hex_colour: str) -> HexColor:
    return HexColor(hex_colour)


def draw_png(canvas: Canvas, png: bytes, x: float, y: float, width: float, height: float
             ) -> None:
    """Draw a PNG at (x, y) scaled to width x height, its Flate data embedded as it is.

    Registers the image XObject with the canvas's document and writes its `Do` through
    ReportLab's private `_doc`, `_setXObjects`, `_code` and `_formsinuse`. Contract (tested in
    tests/test_fastpaths.py): the same pixels at the same place as `canvas.drawImage`; a PNG
    this cannot embed as it is (transparency, 16 bits, interlaced) takes that public path."""
    parsed = _parse(png)
    if parsed is None:
        from reportlab.lib.utils import ImageReader

        canvas.drawImage(ImageReader(io.BytesIO(png)), x, y, width, height, mask="auto")
        return
    name = "png" + hashlib.md5(png, usedforsecurity=False).hexdigest()
    reg_name = canvas._doc.getXObjectName(name)
    if not canvas._doc.idToObject.get(reg_name):
        image = _PngXObject(name, *parsed)
        canvas._setXObjects(image)
        canvas._doc.Reference(image, reg_name)
        canvas._doc.addForm(name, image)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


def _parse(png: bytes) -> tuple[int, int, object, int, bytes] | None:
    """Width, height, colour space, components and IDAT data of a plain 8-bit PNG (grey, RGB
    or palette without transparency), else None."""
    if not png.startswith(_SIGNATURE):
        return None
    position, idat, header, palette = len(_SIGNATURE), [], None, b""
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"tRNS":
            return None  # transparency: ReportLab's path handles it
        elif kind == b"IEND":
            break
        position += 12 + length
    if header is None or not idat:
        return None
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour_type not in _COLOURS:
        return None
    space: object = {0: "DeviceGray", 2: "DeviceRGB"}.get(colour_type)
    if colour_type == 3:
        if not palette:
            return None
        space = pdfdoc.PDFArray([pdfdoc.PDFName("Indexed"), pdfdoc.PDFName("DeviceRGB"),
                                 len(palette) // 3 - 1, _Hex(palette)])
    return width, height, space, _COLOURS[colour_type], b"".join(idat)


class _Hex(pdfdoc.PDFObject):
    """A PDF hex string: the palette's bytes exactly, with no text encoding in the way."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return b"<" + self.data.hex().encode() + b">"


class _PngXObject(pdfdoc.PDFImageXObject):
    """An image XObject whose stream is the PNG's Flate data with its predictor parameters."""

    def __init__(self, name: str, width: int, height: int, space: object, colours: int,
                 data: bytes) -> None:
        self.name, self.width, self.height = name, width, height
        self.colorSpace, self.colours, self.bitsPerComponent = space, colours, 8
        self.streamContent, self._filters, self.mask = data, ("FlateDecode",), None

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        stream = pdfdoc.PDFStream(content=self.streamContent)
        entries = stream.dictionary
        entries["Type"] = pdfdoc.PDFName("XObject")
        entries["Subtype"] = pdfdoc.PDFName("Image")
        entries["Width"] = self.width
        entries["Height"] = self.height
        entries["BitsPerComponent"] = 8
        entries["ColorSpace"] = pdfdoc.PDFName(self.colorSpace) \
            if isinstance(self.colorSpace, str) else self.colorSpace
        entries["Filter"] = pdfdoc.PDFName("FlateDecode")  # a name: some readers pair an
        # array of filters only with an array of parameters
        entries["DecodeParms"] = pdfdoc.PDFDictionary({
            "Predictor": 15, "Colors": self.colours, "BitsPerComponent": 8,
            "Columns": self.width})
        entries["Length"] = len(self.streamContent)
        return stream.format(document)
