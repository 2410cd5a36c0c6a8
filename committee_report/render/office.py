"""What Word and Excel files share: a fixed date for their properties, and a zip without
the time it was written, so the same inputs give the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}


def paper_datetime(date_text: str, fallback: tuple[int, int]) -> datetime:
    """The paper's date ("February 2022", "3 March 2022", "2022-02-03") as midnight of its
    day (the first of the month where only the month is given); `fallback` (year, month),
    the month reported on, where the text names no date."""
    text = date_text.strip().lower()
    iso = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3] or 1)
    else:
        match = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?\s+(\d{4})", text)
        named = _MONTHS.get(match[2]) if match else None
        if match is None or named is None:
            return datetime(fallback[0], fallback[1], 1)
        year, month, day = int(match[3]), named, int(match[1] or 1)
    try:
        return datetime(year, month, day)
    except ValueError:
        return datetime(fallback[0], fallback[1], 1)


def fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated `when`, in the same order, deflated, and with no
    extra fields or comments: python-docx and openpyxl stamp entries with the clock."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
