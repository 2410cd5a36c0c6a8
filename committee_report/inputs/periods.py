"""Period labels as councils write them: months, quarters and years, financial or calendar.

One parser for column headers, tidy-table period cells, block labels (`January 2023/24: 20`)
and the paper's own `period:`. Ambiguity is settled one way everywhere (see the README):

- a year written as two years (`2020/21`, `2020-21`, `2019-2020`, `20/21`, `2024 to 2025`)
  is a financial year, April to March; a bare `2021` is a calendar year;
- a quarter with a financial year (`Q1 2022/23`) is a financial quarter, Q1 = April-June; a
  quarter with one year (`Q3 2021`, `2021 Q3`, `2021-Q3`) is a calendar quarter, Q1 = January-
  March;
- a month with a financial year (`January 2023/24`) is that month in that financial year
  (January 2024); `2021/02` is February 2021 unless it reads as a financial year (`2021/22`);
- point-in-time labels (`as at March 2021`, `end of December 2021`, `31/03/2024`) are the month.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from committee_report.model import Period

__all__ = ["find_period", "parse_period", "relative_kind"]

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_QUARTER_WORDS = {
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_PREFIX = re.compile(
    r"^(?:actual|actuals|outturn|year end|year ending|year to|as at|as of|"
    r"at end of|at the end of|end of|position at|fy|financial year)\s+"
)
_SUFFIX = re.compile(r"\s+(?:actual|actuals|outturn|out-turn)$")

_FY = r"(\d{4})\s*(?:/|-|\u2013|\bto\b)\s*(\d{4}|\d{2})|(\d{2})\s*/\s*(\d{2})|(\d{4})"
"""A financial year in any spelling; a lone 4 digits is `1819` (2018/19) or a calendar year."""
_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*(\w+?)(?:\s*,\s*|\s+)(?:" + _FY + r")$")
_YEAR_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*q([1-4])$")
_FY_QUARTER = re.compile(r"^(\d{4})\s*/\s*(\d{2})\s*[-/ ]?\s*q([1-4])$")
_YEAR = re.compile(r"^(?:" + _FY + r")$")
_NAMED = re.compile(r"^([a-z]+)[\s\-/'.,_]*(\d{4}|\d{2})$")
_NAMED_FY = re.compile(r"^([a-z]+)\s+(\d{4})\s*/\s*(\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?)?$")
_YEAR_LAST = re.compile(r"^(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})$")


def _in_range(year: int) -> bool:
    return 1900 <= year <= 2099


def _month(year: int, month: int) -> Period | None:
    return Period(year, month) if _in_range(year) and 1 <= month <= 12 else None


def _financial_start(groups: tuple[str | None, ...]) -> tuple[int, bool] | None:
    """(start year, fiscal?) of a `_FY` match: two consecutive years, or one calendar year."""
    first, second, short_a, short_b, lone = groups
    if first is not None and second is not None:
        start = int(first)
        end = int(second)
        if (len(second) == 2 and end == (start + 1) % 100) or end == start + 1:
            return start, True
        return None
    if short_a is not None and short_b is not None:
        if int(short_b) == (int(short_a) + 1) % 100:
            return 2000 + int(short_a), True
        return None
    if lone is not None:
        year = int(lone)
        if _in_range(year):
            return year, False
        head, tail = int(lone[:2]), int(lone[2:])  # `1819` in "Quarter 1 1819"
        if tail == (head + 1) % 100:
            return 2000 + head, True
    return None


def _quarter(number: int, start: int, fiscal: bool) -> Period | None:
    if not 1 <= number <= 4 or not _in_range(start):
        return None
    if fiscal:
        index = start * 12 + 3 + number * 3 - 1  # Q1 ends in June of the start year
    else:
        index = start * 12 + number * 3 - 1
    return Period(index // 12, index % 12 + 1, "quarter", fiscal)


def _year(start: int, fiscal: bool) -> Period | None:
    if not _in_range(start):
        return None
    return Period(start + 1, 3, "year", True) if fiscal else Period(start, 12, "year", False)


def _clean(text: str) -> str:
    text = " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).lower()
    text = text.rstrip(":").strip()
    for _ in range(2):
        text = _PREFIX.sub("", text)
        text = _SUFFIX.sub("", text)
    return text


def parse_period(header: object) -> Period | None:
    """A period label -> its `Period`; anything that is not a period -> None.

    Months: `Feb-21`, `Feb 21`, `February 2021`, `2021-02`, `02/2021`, `01/02/2021` (UK order),
    Excel dates, `January 2023/24`, `as at March 2021`. Quarters: `Q1 2022/23`, `Quarter 3
    2021/22`, `Quarter One 2017/18`, `quarter 2, 2025 to 2026`, `Qtr 2 21/22`, `Q3 2021`,
    `2021 Q3`, `2021-Q3`. Years: `2020/21`, `2020-21`, `2019-2020`, `20/21`, `2024 to 2025`,
    `Year end 2020/21`, `Actual 2018/19`, `2021`. A bare 5-digit number is not a period.
    """
    if isinstance(header, (datetime, date)):
        return _month(header.year, header.month)
    if not isinstance(header, str):
        return None
    text = _clean(header)
    if not text:
        return None
    if match := _QUARTER.match(text):
        number = _QUARTER_WORDS.get(match.group(1))
        found = _financial_start(match.groups()[1:])
        return _quarter(number, *found) if number and found else None
    if match := _FY_QUARTER.match(text):
        start = int(match.group(1))
        if int(match.group(2)) == (start + 1) % 100:
            return _quarter(int(match.group(3)), start, True)
        return None
    if match := _YEAR_QUARTER.match(text):
        return _quarter(int(match.group(2)), int(match.group(1)), False)
    if match := _NAMED_FY.match(text):
        month = _MONTHS.get(match.group(1))
        start = int(match.group(2))
        if month and int(match.group(3)) == (start + 1) % 100:
            return _month(start if month >= 4 else start + 1, month)
        return None
    if match := _NAMED.match(text):
        month = _MONTHS.get(match.group(1))
        year = int(match.group(2))
        return _month(year + 2000 if year < 100 else year, month) if month else None
    if match := _YEAR_FIRST.match(text):
        year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
        if day is None and month == (year + 1) % 100:
            return _year(year, True)
        if day is not None and not 1 <= int(day) <= 31:
            return None
        if day is None and not 1 <= month <= 12:
            return None
        return _month(year, month)
    if match := _YEAR_LAST.match(text):
        day, month, year = match.group(1), int(match.group(2)), int(match.group(3))
        if day is not None and not 1 <= int(day) <= 31:
            return None
        return _month(year, month)
    if match := _YEAR.match(text):
        found = _financial_start(match.groups())
        return _year(*found) if found else None
    return None


_RELATIVE_KIND = re.compile(r"\b(month|quarter|year)\b")


def relative_kind(header: str) -> str | None:
    """The kind a relative header names (`Last quarter` -> quarter), or None (`This period`)."""
    match = _RELATIVE_KIND.search(header.lower())
    return match.group(1) if match else None


def parse_period_strict(text: str) -> Period:
    """Any period spelling this module reads (`2022-01`, `Q3 2021/22`, `2020/21`), for a
    setting or an option that must name one; ValueError otherwise."""
    period = parse_period(text)
    if period is None:
        raise ValueError(f"not a period: {text!r}")
    return period


_MOST_SPECIFIC = {"month": 0, "quarter": 1, "year": 2}


def _words(text: str) -> list[tuple[str, str]]:
    """(word, the glue before it): `kpis_q2-2025-26` -> kpis, q2, 2025, -26; a hyphen or a
    full stop stays only between two numbers (`2025-26`, `31.03.2024`)."""
    out: list[tuple[str, str]] = []
    for token in re.split(r"[\s_]+", text):
        token = token.strip(".,;:!?()[]{}'\"")
        parts = re.split(r"([-.\u2013/])", token)
        glue = " "
        for part in parts:
            if part in ("-", ".", "\u2013", "/"):
                glue = part
                continue
            if not part:
                continue
            numeric = part.isdigit() and bool(out) and out[-1][0].isdigit()
            out.append((part, glue if numeric or glue == "/" else " "))
            glue = " "
    return out


def find_period(text: str) -> Period | None:
    """The period a title, a sheet name or a file name is about, where it names one.

    Every run of up to five words holding a digit is read with `parse_period`, longest first
    (`KPI Update Quarter 1 1819` -> Q1 2018/19, `kpis-q2-2025-26` -> Q2 2025/26). Of several,
    the most specific kind wins (a quarter over its year), then the latest: a report's title
    names the period it reports on before any it compares with. Numbers joined by `-` or `/`
    are read together or not at all (`Strategic Plan 2015-20` names no period)."""
    words = _words(text)
    found: list[Period] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + 5), start, -1):
            if words[start][1] != " " or (end < len(words) and words[end][1] != " "):
                continue  # never part of `2015-20`: a span is read whole or not at all
            window = words[start][0] + "".join(glue + word for word, glue in words[start + 1 : end])
            period = parse_period(window) if any(c.isdigit() for c in window) else None
            if period is not None:
                found.append(period)
                start = end
                break
        else:
            start += 1
    if not found:
        return None
    return min(found, key=lambda p: (_MOST_SPECIFIC[p.kind], -p.index))
