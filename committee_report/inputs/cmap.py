"""The code points a TrueType font maps, read straight from its `cmap` table.

fontTools reads the same table, but names every glyph on the way (its glyph order, the
Adobe glyph list): a tenth of a second per font, three fonts per build, to learn a set of
integers. This reads only the table directory and the one subtable fontTools'
`getBestCmap` would pick, in its order of preference, and returns exactly its keys (the
codes mapped to a glyph other than 0, read by fontTools' own rules). Anything else
(another subtable format, a file that does not parse cleanly) returns None, and the caller
asks fontTools, which also gives the error for a file that is not a font.
`tests/test_fastpaths.py` compares the two on every bundled font.
"""

from __future__ import annotations

import array
import struct
import sys
from functools import cache

# fontTools' ttFont.getBestCmap preferences: (platform, encoding), best first.
PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
# Tables ReportLab needs to embed a TrueType font (pdfbase/ttfonts.py reads each).
REQUIRED = (b"head", b"hhea", b"maxp", b"hmtx", b"cmap", b"name", b"post", b"loca", b"glyf")
HEAD_MAGIC = 0x5F0F3CF5


@cache
def font_coverage(path: str) -> frozenset[int]:
    """The code points a TTF has glyphs for (read once per file), from its best Unicode cmap:
    read here when it can be, else by fontTools (which matplotlib already depends on: inputs/
    imports no ReportLab), which also rejects what is not a font."""
    with open(path, "rb") as stream:
        codes = cmap_codes(stream.read())
    if codes is not None:
        return codes
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def cmap_codes(data: bytes) -> frozenset[int] | None:
    """The code points of the font's best Unicode cmap, or None when this reader cannot say."""
    try:
        return _codes(data)
    except (struct.error, IndexError, ValueError):
        return None


def _codes(data: bytes) -> frozenset[int] | None:
    version, count = struct.unpack_from(">IH", data, 0)
    if version not in (0x00010000, 0x74727565):  # TrueType outlines ("true" on old Macs)
        return None
    tables: dict[bytes, tuple[int, int]] = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if offset + length > len(data):
            return None
        tables.setdefault(tag, (offset, length))
    if any(tag not in tables for tag in REQUIRED):
        return None
    if struct.unpack_from(">I", data, tables[b"head"][0] + 12)[0] != HEAD_MAGIC:
        return None
    start, length = tables[b"cmap"]
    table = data[start : start + length]
    _version, subtables = struct.unpack_from(">HH", table, 0)
    found: dict[tuple[int, int], int] = {}
    for index in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
        found.setdefault((platform, encoding), offset)  # fontTools' getcmap takes the first
    for key in PREFERENCES:
        if key in found:
            return _subtable(table, found[key])
    return frozenset()


def _subtable(table: bytes, offset: int) -> frozenset[int] | None:
    (kind,) = struct.unpack_from(">H", table, offset)
    if kind == 4:
        return _format_4(table, offset)
    if kind == 12:
        return _format_12(table, offset)
    return None


def _format_4(table: bytes, offset: int) -> frozenset[int] | None:
    """Segments of 16-bit codes: a code counts when its segment maps it to a glyph other than
    0 (fontTools' cmap_format_4.decompile, which skips the final 0xFFFF segment)."""
    (length,) = struct.unpack_from(">H", table, offset + 2)
    body = table[offset + 14 : offset + length]
    if length < 14 or offset + length > len(table) or len(body) % 2:
        return None
    (seg_x2,) = struct.unpack_from(">H", table, offset + 6)
    segments = seg_x2 // 2
    words = array.array("H", body)
    if sys.byteorder != "big":
        words.byteswap()
    if len(words) < 4 * segments + 1:
        return None
    ends = words[:segments]
    starts = words[segments + 1 : 2 * segments + 1]  # after the reserved pad
    deltas = words[2 * segments + 1 : 3 * segments + 1]
    range_offsets = words[3 * segments + 1 : 4 * segments + 1]
    glyphs = words[4 * segments + 1 :]
    codes: set[int] = set()
    for i in range(segments - 1):
        first, delta, step = starts[i], deltas[i], range_offsets[i]
        span = range(first, ends[i] + 1)
        if step == 0:
            codes.update(c for c in span if (c + delta) & 0xFFFF)
            continue
        partial = step // 2 - first + i - segments
        for code in span:
            index = code + partial
            if not 0 <= index < len(glyphs):
                return None  # fontTools refuses the font: let it say so
            if glyphs[index] and (glyphs[index] + delta) & 0xFFFF:
                codes.add(code)
    return frozenset(codes)


def _format_12(table: bytes, offset: int) -> frozenset[int] | None:
    """Groups of 32-bit codes, as fontTools' cmap_format_12_or_13.decompile reads them:
    clamped to U+10FFFF, an inverted or overlapping group skipped, and a group starting at
    glyph 0 counted from its second code."""
    length, _language, groups = struct.unpack_from(">III", table, offset + 4)
    if offset + length > len(table) or 16 + 12 * groups > length:
        return None
    codes: set[int] = set()
    last_end = 0
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">III", table, offset + 16 + 12 * index)
        last = min(last, 0x10FFFF)
        if first > last or first < last_end:
            continue
        last_end = last
        codes.update(range(first + (glyph == 0), last + 1))
    return frozenset(codes)
