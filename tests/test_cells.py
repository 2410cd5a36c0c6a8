"""Cells as people write them: each spelling the issue lists is read to a value, keeping its text."""

from __future__ import annotations

import pytest

from committee_report.inputs.cells import (
    CellError,
    parse_cell,
    parse_polarity,
    parse_rag,
    parse_trend,
)


@pytest.mark.parametrize(
    "text, number, percent",
    [
        ("98.2 per cent", 98.2, True),
        ("98.2 percent", 98.2, True),
        ("98.2 %", 98.2, True),
        ("five per cent", 5.0, True),
        ("twenty", 20.0, False),
        ("Twelve", 12.0, False),
        ("no child", 0.0, False),
        ("none", 0.0, False),
        ("nil", 0.0, False),
        ("zero", 0.0, False),
        ("2,973,349", 2973349.0, False),
        ("66.0%", 66.0, True),
        ("-28", -28.0, False),
    ],
)
def test_figures_in_words_and_per_cent(text: str, number: float, percent: bool) -> None:
    value = parse_cell(text)
    assert (value.text, value.number, value.status, value.percent) == (
        text,
        number,
        "value",
        percent,
    )


@pytest.mark.parametrize(
    "text, number, parts, note",
    [
        ("58% (45 of 78)", 58.0, (45.0, 78.0), ""),
        ("6.5 per cent (19/291)", 6.5, (19.0, 291.0), ""),
        ("19.6% (976 of 4987)", 19.6, (976.0, 4987.0), ""),
        ("18 per cent (internal target)", 18.0, None, "internal target"),
        ("20 (full year)", 20.0, None, "full year"),
        ("90% target", 90.0, None, "target"),
        ("497 whole year figure", 497.0, None, "whole year figure"),
        (
            "497 whole year figure, 320 up to 23/11/2020",
            497.0,
            None,
            "whole year figure, 320 up to 23/11/2020",
        ),
        ("139 Positions", 139.0, None, "Positions"),
        ("538 assessments", 538.0, None, "assessments"),
    ],
)
def test_figures_with_parts_or_notes(
    text: str, number: float, parts: tuple | None, note: str
) -> None:
    value = parse_cell(text)
    assert (value.number, value.parts, value.note, value.text) == (number, parts, note, text)


@pytest.mark.parametrize("text", ["below 10", "fewer than 10", "<10", "less than 5"])
def test_suppressed_is_never_a_number(text: str) -> None:
    value = parse_cell(text)
    assert (value.status, value.number) == ("suppressed", None)


def test_provisional_star() -> None:
    value = parse_cell("12*")
    assert (value.number, value.provisional, value.text) == (12.0, True, "12*")


@pytest.mark.parametrize(
    "text",
    [
        "N/A",
        "n/a",
        "New measure for 20/21",
        "Data not available",
        "-",
        "N/A (aim to maximise)",
        "Not available",
    ],
)
def test_not_available(text: str) -> None:
    assert parse_cell(text).status == "not_applicable"


@pytest.mark.parametrize("text", ["12a", "abc", "1,2", "No change", "sixty-nine"])
def test_still_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_cell(text)


@pytest.mark.parametrize(
    "text, rag",
    [
        ("Red", "red"),
        ("Amber", "amber"),
        ("Green", "green"),
        ("R", "red"),
        ("A", "amber"),
        ("G", "green"),
        ("Yellow", "amber"),
        ("Met", "green"),
        ("Not met", "red"),
        ("on target", "green"),
        ("close to target", "amber"),
        ("below target", "red"),
        ("Data Only", None),
        ("For information", None),
        ("M", None),
        ("Performance status - green", "green"),
        ("Target slightly missed (within 10%)", "amber"),
        ("Target not achieved", "red"),
        ("Target met", "green"),
    ],
)
def test_rag_vocabularies(text: str, rag: str | None) -> None:
    assert parse_rag(text) == rag


def test_council_rag_codes_come_first() -> None:
    codes = {"lg": "green", "la": "amber", "lr": "red", "lu": None}
    assert [parse_rag(c, codes) for c in ("lg", "la", "lr", "lu")] == [
        "green",
        "amber",
        "red",
        None,
    ]
    with pytest.raises(CellError):
        parse_rag("lg")


@pytest.mark.parametrize(
    "text, trend",
    [
        ("Improving", "improving"),
        ("Getting better", "improving"),
        ("Better", "improving"),
        ("Getting worse", "worsening"),
        ("Worse", "worsening"),
        ("No change", "stable"),
        ("\u2191", "improving"),
        ("\u2193", "worsening"),
        ("Not improving", None),
        ("", None),
    ],
)
def test_direction_of_travel_words_and_arrows(text: str, trend: str | None) -> None:
    assert parse_trend(text) == trend


@pytest.mark.parametrize(
    "text, polarity",
    [
        ("Performance arrow - up", "bigger_is_better"),
        ("N/A (aim to maximise)", "bigger_is_better"),
        ("aim to minimise", "smaller_is_better"),
        ("SIB", "smaller_is_better"),
    ],
)
def test_polarity_as_councils_write_it(text: str, polarity: str) -> None:
    assert parse_polarity(text) == polarity


def test_a_workbook_read_again_is_not_parsed_again(tmp_path, monkeypatch):
    """The same workbook bytes (as `init` reads them twice) are read by openpyxl once; each
    caller gets its own lists of the same cells; another content is read afresh."""
    from pathlib import Path

    from committee_report.inputs import cells
    from committee_report.inputs.cells import read_cells

    fixtures = Path(__file__).resolve().parent / "data" / "ingest"
    book = tmp_path / "scorecard.xlsx"
    book.write_bytes((fixtures / "scorecard-commentary.xlsx").read_bytes())
    first = read_cells(book, str(book), None, lambda rows: None)
    assert [c.value for c in first.grid[0][:2]] == ["Indicator Number", "Indicator Title"]
    calls: list[Path] = []
    parse = cells._read_xlsx
    monkeypatch.setattr(cells, "_read_xlsx", lambda *args: calls.append(args[0]) or parse(*args))
    again = read_cells(book, str(book), None, lambda rows: None)
    assert calls == [] and again.grid == first.grid and again.grid[0] is not first.grid[0]
    assert again.side_sheets == first.side_sheets
    again.grid[0].clear()  # one caller's change reaches no other
    assert read_cells(book, str(book), None, lambda rows: None).grid[0] == first.grid[0]
    book.write_bytes((fixtures / "scorecard-percent.xlsx").read_bytes())
    other = read_cells(book, str(book), None, lambda rows: None)
    assert calls == [book] and (other.grid, other.side_sheets) != (first.grid, first.side_sheets)
