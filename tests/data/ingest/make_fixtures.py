"""Make the ingest fixtures from the reference scorecard: the same table, spelled other ways.

Run once from the repository root (`python tests/data/ingest/make_fixtures.py`); the output is
committed, so the tests never depend on this script. It reads the TSV with the stdlib only,
never with the code under test, so a bug in ingest cannot hide in its own fixtures.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parents[2] / "data" / "croydon-2022-02" / "scorecard.tsv"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
YEAR_BAND = ["", "", "", "2020/21"] + [""] * 12 + ["2021/22"] + [""] * 2 + ["Comparative Data"]
FIXED = datetime(2022, 2, 1)


def reference() -> list[list[str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t")]


def write_csv(
    name: str,
    rows: list[list[str]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> None:
    with (HERE / name).open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows(rows)


def month(label: str) -> datetime:
    name, year = label.split("-")
    return datetime(2000 + int(year), MONTHS.index(name) + 1, 1)


def typed(text: str) -> tuple[object, str]:
    """The number Excel would hold for a cell typed as `text`, and its number format."""
    match = re.fullmatch(r"(-?[\d,]+)(?:\.(\d+))?(%?)", text)
    if not match:
        return (text or None), "General"
    whole, fraction, percent = match.groups()
    decimals = len(fraction or "")
    digits = whole.replace(",", "") + (f".{fraction}" if fraction else "")
    places = "." + "0" * decimals if decimals else ""
    if percent:
        return int(digits.replace(".", "")) / 10 ** (decimals + 2), f"0{places}%"
    if "," in whole:
        return int(digits), "#,##0"
    if decimals:
        return float(digits), f"0{places}"
    return int(digits), "General"


def fill_sheet(sheet, rows: list[list[str]], headline: int) -> None:
    """Months as real dates, numbers as numbers; the headline column in General with the float
    noise a formula's cached result carries (65.2 stored as 65.200000000001)."""
    header = rows[0]
    sheet.append([month(h) if re.fullmatch(r"[A-Z][a-z]{2}-\d\d", h) else h for h in header])
    for cell in sheet[1]:
        if isinstance(cell.value, datetime):
            cell.number_format = "mmm-yy"
    for row in rows[1:]:
        values = [typed(text) for text in row]
        sheet.append([value for value, _ in values])
        for cell, (value, number_format) in zip(sheet[sheet.max_row], values):
            cell.number_format = number_format
            if (
                cell.column == headline + 1
                and isinstance(value, float)
                and "%" not in number_format
            ):
                cell.value, cell.number_format = value + 1e-12, "General"


def save(book, name: str) -> None:
    book.properties.created = book.properties.modified = FIXED
    book.save(HERE / name)


def main() -> None:
    rows = reference()
    header = rows[0]
    headline = header.index("2021-22 YTD or latest")
    write_csv("scorecard-comma.csv", rows)
    write_csv("scorecard-semicolon.csv", rows, delimiter=";")
    write_csv("scorecard-bom-crlf.csv", rows, encoding="utf-8-sig", newline="\r\n")
    cp1252 = [
        [cell.replace("in month - CLA", "in month \u2013 CLA") for cell in row] for row in rows
    ]
    write_csv("scorecard-cp1252.csv", cp1252, encoding="cp1252", newline="\r\n")
    titled = [
        ["Early Help & Children's Social Care Performance Analysis"],
        ["February 2022"],
        [],
        YEAR_BAND,
    ] + rows
    write_csv("scorecard-titled.tsv", titled, delimiter="\t")

    book = openpyxl.Workbook()
    book.active.title = "KPIs"
    fill_sheet(book.active, rows, headline)
    save(book, "scorecard-percent.xlsx")

    book = openpyxl.Workbook()
    book.active.title = "Scorecard"
    fill_sheet(book.active, rows, headline)
    notes = book.create_sheet("Notes")
    notes.append(["BM = bi-monthly measure, not collected that month"])
    comments = book.create_sheet("Commentary")
    comments.append(["Indicator Number", "Commentary"])
    comments.append(["AMT 2", "Timeliness fell as demand rose; a recovery plan is in place."])
    comments.append(["W1 f2", "January's 17.7 is the latest figure."])
    comments.append([None, None])
    comments.append(["QA 5", "Two inadequate audits, both re-audited in March."])
    save(book, "scorecard-commentary.xlsx")

    months = [h for h in header if re.fullmatch(r"[A-Z][a-z]{2}-\d\d", h)]
    fixed = ["Polarity", "RO", "2021-22 Target", "RAG", "YTD/LATEST", "2021-22 YTD or latest"]
    comparators = header[headline + 1 :]
    long = [["Indicator", "Title", "Section", "Period", "Value"] + fixed + comparators]
    section = ""
    for row in rows[1:]:
        if not any(row[1:]):
            section = row[0]
            continue
        cells = dict(zip(header, row))
        for label in months:
            if cells[label]:
                period = f"{month(label):%Y-%m}"
                long.append(
                    [
                        cells["Indicator Number"],
                        cells["Indicator Title"],
                        section,
                        period,
                        cells[label],
                    ]
                    + [cells[name] for name in fixed + comparators]
                )
    write_csv("scorecard-long.csv", long)


if __name__ == "__main__":
    main()
