"""The judged indicators as a spreadsheet (.xlsx) and as CSV, for analysts.

Both are made from `assess --format json` (paper/report_json.py), so a value is the same in
all three. The workbook follows the Analysis Function's guidance for releasing statistics in
spreadsheets: a cover sheet, a contents sheet and a notes sheet; one table per sheet, its
title in A1 and the table starting a few rows below, marked as an Excel table; no merged
cells, no meaning carried by colour alone (RAG and trend are words), numbers stored as
numbers with their number formats, and blank cells explained. openpyxl writes it (it is
already how the tool reads .xlsx scorecards, so no new dependency; pandas or gptables would
add a dataframe library for a single table).

The CSV is the Indicators sheet's table: UTF-8 with a byte-order mark (so Excel reads the
characters right), one header row, blank where the JSON has null.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from committee_report.render.office import fixed_zip

NUMBER_FORMATS = {
    "percent": '0.0##"%"',
    "rate": "0.0##",
    "count": "#,##0.###",
    "number": "#,##0.0##",
}
"""Per unit; percentages are stored in points (17.0 for 17%), as the JSON gives them."""


@dataclass(frozen=True)
class Field:
    """A column of the indicator table: its header, how its value comes from an indicator
    of the JSON, and whether it is a figure in the indicator's unit (so takes its format)."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    figure: bool = False
    integer: bool = False


def _get(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: item.get(key)


def _words(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: (item.get(key) or "").replace("_", " ") or None


def _joined(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: " | ".join(item.get(key) or []) or None


def _comparator(name: str, key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda item: (item["comparators"].get(name) or {}).get(key)


def fields(data: dict[str, Any]) -> list[Field]:
    """Every field of the JSON a person reads, in reading order; one value column (and one
    position column) per comparator the scorecard has."""
    out = [
        Field("Indicator", _get("id")),
        Field("Title", _get("title")),
        Field("Section", _get("section")),
        Field("Period", lambda item: data["period"]),
        Field("Polarity", _words("polarity")),
        Field("Unit", _get("unit")),
        Field("Basis", _get("basis")),
        Field("Headline", _get("headline"), figure=True),
        Field("Headline as printed", _get("headline_text")),
        Field("Target", _get("target"), figure=True),
        Field("RAG", _get("rag")),
        Field("RAG in the scorecard", _get("reported_rag")),
        Field("Amber band", _get("amber_band"), figure=True),
        Field("Trend", _get("trend")),
        Field("Change", _get("change")),
        Field("Trend vs month before", _get("short_trend")),
        Field("Trend vs year before", _get("long_trend")),
        Field("Months off target", _get("months_off_target"), integer=True),
    ]
    names: list[str] = []
    for item in data["indicators"]:
        names += [n for n in item["comparators"] if n not in names]
    for name in names:
        out.append(Field(name, _comparator(name, "value"), figure=True))
        out.append(Field(f"{name}: position", _comparator(name, "position")))
    out += [
        Field("Category", _words("category")),
        Field("Rule", _get("rule")),
        Field("Reasons", _joined("reasons")),
        Field("Narrative", _get("narrative")),
        Field("Previous category", _words("previous_category")),
        Field("Previous RAG", _get("previous_rag")),
        Field("Movement", _get("movement")),
        Field("Commentary", _get("commentary")),
    ]
    return out


_FOLDERS = re.compile(r"/(?:[^/:\s]+/)+([^/:\s]+:)")


def unplaced(value: Any) -> Any:
    """Text without the folders of the machine that built it ("/home/x/scorecard.tsv:29:"
    -> "scorecard.tsv:29:"): a warning quoted in a reason names its file and row, and
    nothing private goes into a published file."""
    return _FOLDERS.sub(r"\1", value) if isinstance(value, str) else value


def indicator_rows(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The indicator table: headers, and one row of values per indicator."""
    columns = fields(data)
    return (
        [c.header for c in columns],
        [[unplaced(c.value(item)) for c in columns] for item in data["indicators"]],
    )


def csv_text(value: Any) -> str:
    """A value as CSV text: blank for null, numbers as Python writes them (17.0, 3)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def render_csv(data: dict[str, Any]) -> bytes:
    headers, rows = indicator_rows(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_xlsx(data: dict[str, Any], paper: dict[str, str], when: datetime) -> bytes:
    """The workbook: Cover, Contents, Notes, Indicators, Series. `paper` gives the cover's
    title, council, committee, date and author; `when` dates the file's properties."""
    from committee_report.inputs.openpyxl_import import openpyxl

    openpyxl()  # without numpy, before its parts are imported
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.properties import CalcProperties
    from openpyxl.worksheet.table import Table, TableStyleInfo
    from openpyxl.writer.excel import ExcelWriter

    title_font, heading_font = Font(bold=True, size=16), Font(bold=True, size=12)
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    contents = wb.create_sheet("Contents")
    notes = wb.create_sheet("Notes")
    indicators = wb.create_sheet("Indicators")
    series = wb.create_sheet("Series")
    wb.calculation = CalcProperties(fullCalcOnLoad=False)

    title = paper.get("title") or "Judged indicators"
    cover["A1"] = f"{title}: judged indicators"
    cover["A1"].font = title_font
    lines = [
        ("Council", paper.get("council")),
        ("Committee", paper.get("committee")),
        ("Paper date", paper.get("date")),
        ("Data to", data["period"]),
        ("Compared with", data.get("previous_period")),
        ("Author", paper.get("author")),
        (
            "About these tables",
            (
                "Every indicator of the paper as judged by committee-report: "
                "its values, headline, target, RAG rating, direction of "
                "travel, comparators, the group the rules placed it in, the "
                "rule and its reasons, and the officer's commentary. The "
                "Series sheet has every monthly value in long form."
            ),
        ),
        ("Percentages", "Percentages are stored in points: 17.0 is 17%."),
        (
            "Blank cells",
            (
                "A blank cell means there is no value: not measured, suppressed "
                "or not applicable (the 'as printed' columns keep the scorecard's "
                "own text)."
            ),
        ),
    ]
    row = 3
    for label, text in lines:
        if not text:
            continue
        cover.cell(row, 1, label).font = heading_font
        cover.cell(row + 1, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 3
    cover.column_dimensions["A"].width = 100

    contents["A1"] = "Table of contents"
    contents["A1"].font = title_font
    contents["A2"] = "This worksheet contains one table."
    sheets = [
        ("Cover", "About these tables"),
        ("Notes", "Notes on the data"),
        ("Indicators", f"Judged indicators, data to {data['period']}"),
        ("Series", "Every indicator's values by period, in long form"),
    ]
    _table(
        contents,
        3,
        ["Sheet name", "Table description"],
        [list(s) for s in sheets],
        "contents_table",
        Table,
        TableStyleInfo,
    )
    for index, (name, _) in enumerate(sheets, start=4):
        contents.cell(index, 1).hyperlink = f"#'{name}'!A1"
    _widths(contents, [20, 70])

    notes["A1"] = "Notes"
    notes["A1"].font = title_font
    notes["A2"] = "This worksheet contains one table."
    note_rows = [[f"Note {i}", unplaced(text)] for i, text in enumerate(data["warnings"], start=1)]
    if not note_rows:
        note_rows = [["Note 1", "The scorecard raised no warnings."]]
    _table(notes, 3, ["Note number", "Note text"], note_rows, "notes_table", Table, TableStyleInfo)
    _widths(notes, [14, 120])

    headers, rows = indicator_rows(data)
    columns = fields(data)
    indicators["A1"] = f"Judged indicators, data to {data['period']}"
    indicators["A1"].font = title_font
    indicators["A2"] = (
        "This worksheet contains one table. Some cells are blank where there "
        "is no value. Percentages are in points (17.0 is 17%)."
    )
    _table(indicators, 3, headers, rows, "indicators_table", Table, TableStyleInfo)
    for r, item in enumerate(data["indicators"], start=4):
        fmt = NUMBER_FORMATS.get(item.get("unit") or "", "General")
        for c, column in enumerate(columns, start=1):
            if column.figure:
                indicators.cell(r, c).number_format = fmt
            elif column.integer:
                indicators.cell(r, c).number_format = "0"
    _widths(indicators, [14 if c.figure else 24 for c in columns])
    indicators.freeze_panes = "B4"

    series["A1"] = "Values by period, in long form"
    series["A1"].font = title_font
    series["A2"] = (
        "This worksheet contains one table. Value is blank where the scorecard has "
        "no number (its text is in Value as printed)."
    )
    long_rows = []
    for item in data["indicators"]:
        for period, value in item["series"].items():
            long_rows.append(
                [item["id"], period, value, item["series_text"].get(period, ""), item["unit"]]
            )
    _table(
        series,
        3,
        ["Indicator", "Period", "Value", "Value as printed", "Unit"],
        long_rows,
        "series_table",
        Table,
        TableStyleInfo,
    )
    for r, values in enumerate(long_rows, start=4):
        series.cell(r, 3).number_format = NUMBER_FORMATS.get(values[4] or "", "General")
    _widths(series, [14, 12, 12, 18, 10])

    props = wb.properties
    props.title = f"{title}: judged indicators"
    props.creator = props.lastModifiedBy = paper.get("author") or paper.get("council") or ""
    props.subject = paper.get("committee") or ""
    props.created = props.modified = when
    props.language = paper.get("lang") or "en-GB"
    out = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save stamps the modified date with the clock.
    import zipfile

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return fixed_zip(out.getvalue(), when)


def _table(
    sheet: Any,
    top: int,
    headers: list[str],
    rows: list[list[Any]],
    name: str,
    table_cls: Any,
    style_cls: Any,
) -> None:
    """Headers in row `top`, the rows under them, marked as an Excel table (with its header
    row and banding; meaning never rests on the banding's colour)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for c, header in enumerate(headers, start=1):
        sheet.cell(top, c, header).font = Font(bold=True)
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    last = f"{get_column_letter(len(headers))}{top + max(1, len(rows))}"
    table = table_cls(displayName=name, ref=f"A{top}:{last}")
    table.tableStyleInfo = style_cls(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)


def _widths(sheet: Any, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
