"""The hostile and broken inputs: each breaks one thing in a copy of the real sample paper.

Commands run from the workspace root: the paper is `paper/paper.yaml` (with `scorecard.tsv`
and `catalogue.yaml` beside it), and an earlier paper sits at `out/paper.pdf`.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import struct
import zipfile
import zlib
from pathlib import Path

from harness import Workspace, case

BUILD = ["build", "paper/paper.yaml", "-o", "out/paper.pdf"]


def _build(ws: Workspace) -> list[str]:
    return list(BUILD)


# -- output paths: inputs are never outputs ----------------------------------------------------


@case(2, "the output is an input", names="scorecard.tsv")
def output_is_the_scorecard(ws: Workspace) -> list[str]:
    return ["build", "paper/scorecard.tsv", "-o", "paper/scorecard.tsv"]


@case(2, "the output is an input", names="paper.yaml")
def output_is_the_paper_config(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "-o", "paper/paper.yaml"]


@case(2, "the output is an input", names="catalogue.yaml")
def output_is_the_catalogue(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "-o", "paper/catalogue.yaml"]


@case(2, "the output is an input", names="scorecard.tsv")
def output_is_a_hard_link_to_the_scorecard(ws: Workspace) -> list[str]:
    os.link(ws.paper / "scorecard.tsv", ws.out / "linked.pdf")
    return ["build", "paper/paper.yaml", "-o", "out/linked.pdf"]


@case(2, "the output is an input", names="scorecard.tsv")
def output_is_a_symlink_to_the_scorecard(ws: Workspace) -> list[str]:
    (ws.out / "link.pdf").symlink_to(ws.paper / "scorecard.tsv")
    return ["build", "paper/paper.yaml", "-o", "out/link.pdf"]


@case(2, "the output is an input", names="layout.yaml")
def output_is_the_layout(ws: Workspace) -> list[str]:
    ws.layout("name: mine\n")
    return ["build", "paper/paper.yaml", "-o", "paper/layout.yaml"]


@case(2, "the output is an input", names="LiberationSans-Regular.ttf")
def output_is_a_font_of_the_layout(ws: Workspace) -> list[str]:
    ws.layout("name: mine\n")  # its fonts are found next to it first
    font = ws.paper / "LiberationSans-Regular.ttf"
    font.write_bytes((Path(__file__).parents[2] / "fonts" / font.name).read_bytes())
    return ["build", "paper/paper.yaml", "-o", str(font)]


@case(2, "-o/--output is empty", names=None)
def output_is_empty(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "-o", ""]


@case(2, "is a folder", names="out")
def output_is_a_folder(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "-o", "out"]


@case(2, "does not exist", names="nowhere")
def output_folder_missing(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "-o", "nowhere/paper.pdf"]


@case(2, "use --output-dir, not --output")
def output_and_output_dir_mixed(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "paper/paper.yaml", "-o", "out/x.pdf"]


@case(2, "--jobs must be at least 1")
def jobs_zero(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "--output-dir", "out", "--jobs", "0"]


@case(2, "--timeout must be a number of seconds above 0")
def timeout_negative(ws: Workspace) -> list[str]:
    return ["build", "paper/paper.yaml", "--output-dir", "out", "--timeout", "-1"]


@case(2, "expected a month as YYYY-MM")
def as_of_not_a_month(ws: Workspace) -> list[str]:
    return ["assess", "paper/paper.yaml", "--as-of", "2019-13"]


@case(2, "unrecognized arguments")
def unknown_option(ws: Workspace) -> list[str]:
    return ["build", "--no-such-option"]


# -- the environment: named for what it is ------------------------------------------------------


def _failing(ws: Workspace, target: str, number: int) -> list[str]:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    ws.monkeypatch.setattr(target, broken)  # type: ignore[attr-defined]
    ws.config(charts="[]")  # the write is the point: no chart to draw
    ws.trim(3)
    return list(BUILD)


@case(1, "no space left on the disk", names="out/paper.pdf")
def disk_full_when_writing(ws: Workspace) -> list[str]:
    return _failing(ws, "committee_report.pipeline.os.replace", errno.ENOSPC)


@case(1, "read-only file system", names="out/paper.pdf")
def read_only_output_folder(ws: Workspace) -> list[str]:
    return _failing(ws, "committee_report.pipeline.tempfile.mkstemp", errno.EROFS)


@case(1, "permission denied", names="out/paper.pdf")
def output_folder_not_writable(ws: Workspace) -> list[str]:
    return _failing(ws, "committee_report.pipeline.tempfile.mkstemp", errno.EACCES)


@case(1, "close the PDF in your viewer and try again", names="out/paper.pdf")
def output_locked_by_a_viewer(ws: Workspace) -> list[str]:
    """Windows refuses to replace a PDF open in Acrobat with a PermissionError."""
    return _failing(ws, "committee_report.pipeline.os.replace", errno.EACCES)


def _dev_null_is_still_a_device(ws: Workspace) -> None:
    import stat

    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # written to, never renamed over


@case(0, names=None, after=_dev_null_is_still_a_device)
def cache_folder_is_a_file(ws: Workspace) -> list[str]:
    """An unusable chart cache never fails the build: the paper goes to /dev/null here."""
    blocker = ws.root / "not-a-folder"
    blocker.write_text("x")
    ws.monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(blocker))  # type: ignore[attr-defined]
    ws.trim(2)
    return ["build", "paper/paper.yaml", "-o", os.devnull]


# -- scorecard files ----------------------------------------------------------------------------


@case(1, "not a regular file", names="/dev/zero")
def scorecard_is_dev_zero(ws: Workspace) -> list[str]:
    return ["assess", "/dev/zero"]


@case(1, "not a regular file", names="scorecard.tsv")
def scorecard_is_a_fifo(ws: Workspace) -> list[str]:
    (ws.paper / "scorecard.tsv").unlink()
    os.mkfifo(ws.paper / "scorecard.tsv")
    return list(BUILD)


@case(1, "is a folder", names="scorecard.tsv")
def scorecard_is_a_folder(ws: Workspace) -> list[str]:
    (ws.paper / "scorecard.tsv").unlink()
    (ws.paper / "scorecard.tsv").mkdir()
    return list(BUILD)


@case(1, "over the limit of 20.0 MB", names="scorecard.tsv")
def scorecard_over_the_size_limit(ws: Workspace) -> list[str]:
    with open(ws.paper / "scorecard.tsv", "r+b") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    return list(BUILD)


@case(1, "the file is empty", names="scorecard.tsv")
def scorecard_empty(ws: Workspace) -> list[str]:
    ws.write("scorecard.tsv", b"")
    return list(BUILD)


@case(1, "binary data", names="scorecard.tsv")
def scorecard_is_a_font(ws: Workspace) -> list[str]:
    ws.write("scorecard.tsv", (Path(__file__).parents[2] / "fonts" / "Lato-Bold.ttf").read_bytes())
    return list(BUILD)


@case(1, "the path is too long", names="x" * 200)
def scorecard_path_of_100_kb(ws: Workspace) -> list[str]:
    return ["assess", "x" * 100_000 + ".csv"]


@case(1, "the path is too long", names="y" * 100)
def scorecard_name_over_255_characters(ws: Workspace) -> list[str]:
    return ["assess", "y" * 300 + ".csv"]


@case(1, "not an XLSX workbook", names="scorecard.xlsx")
def xlsx_that_is_not_a_zip(ws: Workspace) -> list[str]:
    ws.write("scorecard.xlsx", (ws.paper / "scorecard.tsv").read_bytes())
    return ["assess", "paper/scorecard.xlsx"]


@case(1, "not a readable XLSX workbook", names="scorecard.xlsx")
def xlsx_truncated(ws: Workspace) -> list[str]:
    data = _xlsx(ws)
    ws.write("scorecard.xlsx", data[: len(data) // 2])
    return ["assess", "paper/scorecard.xlsx"]


def _xlsx(ws: Workspace, change=None) -> bytes:  # type: ignore[no-untyped-def]
    """The sample scorecard as an XLSX workbook, as Excel would save it, with `change(sheet)`."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in ws.rows():
        sheet.append(row)
    if change:
        change(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@case(
    1,
    "the sheet reaches row 1,048,576, over the limit of 100,000 rows",
    names="scorecard.xlsx",
    heavy=True,
)
def xlsx_cell_at_xfd1048576(ws: Workspace) -> list[str]:
    """5 KB on disk; openpyxl would build a grid of 17 billion cells."""
    ws.write("scorecard.xlsx", _xlsx(ws, lambda s: s.cell(1048576, 16384, "x")))
    return ["assess", "paper/scorecard.xlsx"]


@case(
    1,
    "the sheet reaches row 1,048,576, over the limit of 100,000 rows",
    names="scorecard.xlsx[Sheet]",
    heavy=True,
)
def xlsx_dimension_that_lies(ws: Workspace) -> list[str]:
    """The sheet claims A1:X34 but holds a cell at XFD1048576: caught after loading."""
    data = _xlsx(ws, lambda s: s.cell(1048576, 16384, "x"))
    ws.write(
        "scorecard.xlsx",
        _rewrite(
            data,
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b'ref="A1:XFD1048576"', b'ref="A1:X34"'),
        ),
    )
    return ["assess", "paper/scorecard.xlsx"]


@case(
    1,
    "spans 5,000 rows by 1,000 columns, over the limit of 2,000,000 cells",
    names="scorecard.xlsx",
)
def xlsx_stray_cell_far_from_the_table(ws: Workspace) -> list[str]:
    ws.write("scorecard.xlsx", _xlsx(ws, lambda s: s.cell(5000, 1000, "x")))
    return ["assess", "paper/scorecard.xlsx"]


@case(1, "a zip bomb", names="scorecard.xlsx", heavy=True)
def xlsx_zip_bomb(ws: Workspace) -> list[str]:
    """A sheet padded with 60 MB of spaces: 60 KB compressed."""
    padding = b" " * (60 * 1024 * 1024)
    ws.write(
        "scorecard.xlsx",
        _rewrite(
            _xlsx(ws),
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>"),
        ),
    )
    return ["assess", "paper/scorecard.xlsx"]


def _rewrite(data: bytes, part: str, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == part else content)
    return buffer.getvalue()


@case(1, "more than a spreadsheet holds exactly", names="scorecard.xlsx:3:Mar-21")
def xlsx_number_1e30(ws: Workspace) -> list[str]:
    ws.write("scorecard.xlsx", _xlsx(ws, lambda s: setattr(s.cell(3, 5), "value", 1e30)))
    return ["assess", "paper/scorecard.xlsx"]


@case(1, "40 decimal places", names="scorecard.xlsx:3:Mar-21")
def xlsx_format_with_40_decimals(ws: Workspace) -> list[str]:
    def change(sheet) -> None:  # type: ignore[no-untyped-def]
        sheet.cell(3, 5).value = 0.14
        sheet.cell(3, 5).number_format = "0." + "0" * 40 + "%"

    ws.write("scorecard.xlsx", _xlsx(ws, change))
    return ["assess", "paper/scorecard.xlsx"]


@case(1, "a number of 31 digits", names="scorecard.tsv:3:Mar-21")
def number_with_31_digits(ws: Workspace) -> list[str]:
    ws.cell(3, "Mar-21", "1" * 31)
    return list(BUILD)


@case(1, "20 decimal places", names="scorecard.tsv:3:Mar-21")
def number_with_20_decimals(ws: Workspace) -> list[str]:
    ws.cell(3, "Mar-21", "0." + "3" * 20)
    return list(BUILD)


@case(1, "expected a number", names="scorecard.tsv:3:Mar-21")
def number_in_e_notation(ws: Workspace) -> list[str]:
    ws.cell(3, "Mar-21", "1e30")
    return list(BUILD)


@case(1, "expected a number", names="scorecard.tsv:2:2021-22 Target", lines=3)
def three_bad_cells_all_listed(ws: Workspace) -> list[str]:
    ws.cell(2, "2021-22 Target", "1O")  # a letter O (a number word such as "ten" reads as 10)
    ws.cell(4, "Apr-21", "n.a.")
    ws.cell(6, "Jan-22", "12..5")
    return list(BUILD)


@case(1, "over the limit of 40", names="scorecard.tsv:2:Indicator Number")
def id_of_5_kb_without_spaces(ws: Workspace) -> list[str]:
    ws.cell(2, "Indicator Number", "EH" * 2500)
    return list(BUILD)


@case(1, "over the limit of 400", names="scorecard.tsv:2:Indicator Title")
def title_of_100_kb(ws: Workspace) -> list[str]:
    ws.cell(2, "Indicator Title", "Percentage of cases " * 5_000)
    return list(BUILD)


@case(1, "with no space cannot be set on a line", names="scorecard.tsv:2:Indicator Title")
def title_with_a_300_character_word(ws: Workspace) -> list[str]:
    ws.cell(2, "Indicator Title", "Percentage " + "x" * 300)
    return list(BUILD)


@case(1, "month columns, over the limit of 240", names="scorecard.tsv")
def scorecard_with_600_months(ws: Workspace) -> list[str]:
    rows = ws.rows()
    first = rows[0].index("Feb-21")
    months = [f"{2012 + m // 12}-{m % 12 + 1:02d}" for m in range(600)]
    for number, row in enumerate(rows):
        row[first : first + 12] = months if number == 0 else (row[first : first + 12] * 50)
    ws.write_rows(rows)
    return list(BUILD)


@case(1, "10,004 comparator columns, over the limit of 40", names="scorecard.csv")
def csv_10000_columns_wide(ws: Workspace) -> list[str]:
    """A valid CSV 10,000 columns wider than the sample: a clear limit, not the csv module's
    field-size error it once met."""
    rows = ws.rows()[:3]
    rows = [
        row
        + ([f"Neighbour {n} 2020-21" for n in range(10_000)] if number == 0 else ["23%"] * 10_000)
        for number, row in enumerate(rows)
    ]
    path = ws.paper / "scorecard.csv"
    path.write_text(
        "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n", encoding="utf-8"
    )
    return ["assess", "paper/scorecard.csv"]


@case(1, "304 comparator columns, over the limit of 40", names="scorecard.tsv")
def scorecard_with_300_more_comparators(ws: Workspace) -> list[str]:
    rows = ws.rows()
    for number, row in enumerate(rows):
        row.extend(
            [f"Neighbour {n} 2020-21" for n in range(300)] if number == 0 else [row[-1]] * 300
        )
    ws.write_rows(rows)
    return list(BUILD)


@case(1, "this row has", names="scorecard.tsv:5")
def ragged_row(ws: Workspace) -> list[str]:
    rows = ws.rows()
    rows[4].extend(["1", "2", "3"])
    ws.write_rows(rows)
    return list(BUILD)


# -- YAML: paper config, catalogue, rules --------------------------------------------------------

BOMB = "".join(
    f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]\n"
    if n
    else 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for n in range(10)
)


@case(2, "more than 50 aliases", names="paper.yaml", heavy=True)
def paper_yaml_alias_bomb(ws: Workspace) -> list[str]:
    ws.write("paper.yaml", (ws.paper / "paper.yaml").read_text() + BOMB)
    return ["assess", "paper/paper.yaml"]


@case(2, "more than 50 aliases", names="catalogue.yaml")
def catalogue_alias_bomb(ws: Workspace) -> list[str]:
    ws.write("catalogue.yaml", BOMB + (ws.paper / "catalogue.yaml").read_text())
    return list(BUILD)


@case(2, "nested more than 24 levels deep", names="paper.yaml")
def paper_yaml_nested_100_deep(ws: Workspace) -> list[str]:
    ws.config(keywords="[" * 100 + "]" * 100)
    return list(BUILD)


@case(2, "malformed YAML", "nesting depth", names="paper.yaml")
def paper_yaml_nested_5000_deep(ws: Workspace) -> list[str]:
    ws.config(keywords="[" * 5000 + "]" * 5000)
    return list(BUILD)


@case(2, "malformed YAML", "could not determine a constructor", names="paper.yaml")
def paper_yaml_python_tag(ws: Workspace) -> list[str]:
    ws.config(title="!!python/object/apply:os.system ['touch pwned']")
    return list(BUILD)


@case(2, "appears twice", names="paper.yaml")
def paper_yaml_duplicate_key(ws: Workspace) -> list[str]:
    ws.write("paper.yaml", (ws.paper / "paper.yaml").read_text() + "period: 2021-12\n")
    return list(BUILD)


@case(2, "unknown key", names="paper.yaml")
def paper_yaml_key_with_newlines(ws: Workspace) -> list[str]:
    """A key that would forge a second error line if echoed raw."""
    ws.config(**{'"x\\nError: forged line\\nkey"': "1"})
    return list(BUILD)


@case(2, "not UTF-8", names="paper.yaml")
def paper_yaml_not_utf8(ws: Workspace) -> list[str]:
    ws.write("paper.yaml", (ws.paper / "paper.yaml").read_bytes() + b"# caf\xe9\n")
    return list(BUILD)


@case(2, "over the limit of 1.0 MB", names="paper.yaml")
def paper_yaml_over_1_mb(ws: Workspace) -> list[str]:
    ws.write("paper.yaml", (ws.paper / "paper.yaml").read_text() + "#" * (1024 * 1024) + "\n")
    return list(BUILD)


@case(2, "expected a mapping of keys, got a list", names="paper.yaml")
def paper_yaml_is_a_list(ws: Workspace) -> list[str]:
    ws.write("paper.yaml", "- scorecard.tsv\n")
    return list(BUILD)


@case(2, "paper.title: 500,000 characters, over the limit of 1,000", names="paper.yaml")
def paper_title_of_half_a_megabyte(ws: Workspace) -> list[str]:
    text = (ws.paper / "paper.yaml").read_text()
    ws.write(
        "paper.yaml",
        text.replace(
            "  title: Early Help & Children's Social Care Performance Analysis",
            "  title: " + "x" * 500_000,
        ),
    )
    return list(BUILD)


@case(2, "scorecard: file not found", names="paper.yaml")
def paper_scorecard_path_with_nul(ws: Workspace) -> list[str]:
    ws.config(scorecard='"score\\0card.tsv"')
    return list(BUILD)


@case(2, "period: 2030-01 is not a month of the scorecard", names="paper.yaml")
def paper_period_outside_the_scorecard(ws: Workspace) -> list[str]:
    ws.config(period="2030-01")
    return list(BUILD)


@case(2, "unknown key", names="catalogue.yaml")
def catalogue_numeric_key_with_a_typo(ws: Workspace) -> list[str]:
    """`101:` is an int in YAML; its entry is still checked, so the typo is found."""
    text = (ws.paper / "catalogue.yaml").read_text()
    ws.write(
        "catalogue.yaml",
        text.replace("indicators:\n", "indicators:\n  101:\n    polarityy: smaller_is_better\n", 1),
    )
    return list(BUILD)


@case(2, "placeholder {members[0]} is not allowed", names="catalogue.yaml")
def catalogue_bullet_with_index_access(ws: Workspace) -> list[str]:
    text = (ws.paper / "catalogue.yaml").read_text()
    ws.write("catalogue.yaml", text.replace("{members}", "{members[0]}"))
    return list(BUILD)


def _rules(ws: Workspace, reason: str) -> list[str]:
    from committee_report.judge.rules import default_rules_path

    text = default_rules_path().read_text(encoding="utf-8")
    marker = text.index("reason:")
    end = text.index("\n", marker)
    ws.write("rules.yaml", text[:marker] + f"reason: {reason}" + text[end:])
    ws.config(rules="rules.yaml")
    return list(BUILD)


@case(2, "is not allowed", "{name:{name.__class__.__mro__}}", names="rules.yaml")
def rule_template_reaching_the_class(ws: Workspace) -> list[str]:
    return _rules(ws, '"{name:{name.__class__.__mro__}}"')


@case(2, "is not allowed", "width under 100", names="rules.yaml")
def rule_template_of_716_mb(ws: Workspace) -> list[str]:
    return _rules(ws, '"{name:>100000000}"')


@case(2, "no !z conversion", names="rules.yaml")
def rule_template_bad_conversion(ws: Workspace) -> list[str]:
    return _rules(ws, '"{name!z}"')


@case(2, "{headline:d} is not allowed", names="rules.yaml")
def rule_template_number_format_on_text(ws: Workspace) -> list[str]:
    return _rules(ws, '"{headline:d}"')


@case(2, "{name.__class__} is not allowed", names="rules.yaml")
def rule_template_attribute(ws: Workspace) -> list[str]:
    return _rules(ws, '"{name.__class__}"')


@case(2, "{0} is not allowed", names="rules.yaml")
def rule_template_positional(ws: Workspace) -> list[str]:
    return _rules(ws, '"{0}"')


@case(2, "malformed template", names="rules.yaml")
def rule_template_unclosed(ws: Workspace) -> list[str]:
    return _rules(ws, '"{name"')


# -- layouts ------------------------------------------------------------------------------------


@case(2, "page.margins_mm.left: 500 is outside the range", names="layout.yaml")
def layout_margin_of_500_mm(ws: Workspace) -> list[str]:
    ws.layout("page: {margins_mm: {top: 20, right: 16, bottom: 18, left: 500}}\n")
    return list(BUILD)


@case(2, "chart.dpi: 100000 is outside the range", names="layout.yaml")
def layout_dpi_of_100000(ws: Workspace) -> list[str]:
    ws.layout("chart: {dpi: 100000}\n")
    return list(BUILD)


@case(
    2, "sizes.body: 0.001 pt is below the smallest text a paper may set: 7 pt", names="layout.yaml"
)
def layout_font_size_of_0_001(ws: Workspace) -> list[str]:
    ws.layout("sizes: {body: 0.001}\n")
    return list(BUILD)


@case(2, "chart.width_mm: 10000 is outside the range", names="layout.yaml")
def layout_chart_10_metres_wide(ws: Workspace) -> list[str]:
    ws.layout("chart: {width_mm: 10000}\n")
    return list(BUILD)


@case(2, "sizes.h1: 1e+308 is outside the range", names="layout.yaml")
def layout_size_of_1e308(ws: Workspace) -> list[str]:
    ws.layout("sizes: {h1: 1.0e+308}\n")
    return list(BUILD)


@case(2, "logo '../secret.png' not found", names="layout.yaml")
def layout_logo_outside_its_folder(ws: Workspace) -> list[str]:
    (ws.root / "secret.png").write_bytes(_png(10, 10))
    ws.layout("branding: {logo: ../secret.png}\n")
    return list(BUILD)


@case(2, "logo '/etc/passwd' not found", names="layout.yaml")
def layout_logo_absolute_path(ws: Workspace) -> list[str]:
    ws.layout("branding: {logo: /etc/passwd}\n")
    return list(BUILD)


@case(2, "logo.png is not a readable PNG or JPEG image", names="layout.yaml")
def layout_logo_corrupt(ws: Workspace) -> list[str]:
    ws.write("logo.png", _png(40, 40)[:60])
    ws.layout("branding: {logo: logo.png}\n")
    return list(BUILD)


@case(2, "logo.png is over the limit of 16,000,000 pixels", names="layout.yaml")
def layout_logo_20000_pixels_square(ws: Workspace) -> list[str]:
    ws.write("logo.png", _png(20000, 20000))
    ws.layout("branding: {logo: logo.png}\n")
    return list(BUILD)


@case(2, "logo.png is 5000 x 5000 pixels, over the limit", names="layout.yaml")
def layout_logo_5000_pixels_square(ws: Workspace) -> list[str]:
    ws.write("logo.png", _png(5000, 5000))
    ws.layout("branding: {logo: logo.png}\n")
    return list(BUILD)


def _png(width: int, height: int) -> bytes:
    """A PNG header that declares the size; the pixels are a token row (never decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff" * width)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@case(2, "Broken-Regular.ttf is not a TrueType font", names="layout.yaml")
def layout_font_that_is_not_a_font(ws: Workspace) -> list[str]:
    ws.write("Broken-Regular.ttf", (ws.paper / "catalogue.yaml").read_bytes())
    ws.layout("fonts: {regular: Broken-Regular.ttf}\n")
    return list(BUILD)


@case(2, "layouts extend each other in a loop", names="layout.yaml")
def layout_extends_itself(ws: Workspace) -> list[str]:
    ws.write("layout.yaml", "extends: layout\n")
    ws.config(layout="layout.yaml")
    return list(BUILD)


@case(2, "more than 50 aliases", names="layout.yaml")
def layout_alias_bomb(ws: Workspace) -> list[str]:
    ws.layout(BOMB.replace("l", "x"))
    return list(BUILD)


@case(1, "cannot be laid out with layout.yaml", "too large for its pages", names="scorecard.tsv")
def layout_whose_pages_cannot_hold_the_content(ws: Workspace) -> list[str]:
    """Every size and margin at the top of its range: ReportLab's LayoutError, as one line."""
    ws.layout(
        "page: {margins_mm: {top: 60, right: 60, bottom: 60, left: 60}}\n"
        "sizes: {body: 48, small: 48, table: 48, table_min: 48, h1: 48, h2: 48, h3: 48, "
        "cover_title: 48}\n"
    )
    ws.config(charts="[]")
    ws.trim(3)
    return list(BUILD)


@case(0, names=None)
def layout_path_is_relative_to_the_paper(ws: Workspace) -> list[str]:
    """`layout: layout.yaml` in paper/paper.yaml is paper/layout.yaml, from any folder."""
    ws.layout("name: relative\n")
    return ["validate", "paper/paper.yaml"]


# -- paper text that reaches the PDF's metadata ---------------------------------------------------


def _xmp_is_clean(ws: Workspace) -> None:
    import pikepdf
    from lxml import etree

    with pikepdf.open(ws.out / "metadata.pdf") as pdf:
        title = str(pdf.docinfo["/Title"])
        xmp = pdf.Root.Metadata.read_bytes()
    assert title == "Early Help report"
    etree.fromstring(xmp)  # parses: the PDF/A and PDF/UA claims stand
    assert b"Early Help report" in xmp


@case(0, names=None, creates=("metadata.pdf",), after=_xmp_is_clean)
def title_with_control_characters(ws: Workspace) -> list[str]:
    text = (ws.paper / "paper.yaml").read_text()
    ws.write(
        "paper.yaml",
        text.replace(
            "  title: Early Help & Children's Social Care Performance Analysis",
            '  title: "Early\\x07 Help\\x1b\\x00 report"',
        ).replace("report: report.md", ""),
    )
    ws.config(charts="[]")  # the metadata is the point: no chart to draw
    ws.trim()
    return ["build", "paper/paper.yaml", "-o", "out/metadata.pdf"]


# -- signals: nothing left running, nothing half-written ------------------------------------------


@case(143, "interrupted", heavy=True, signal_after=(signal.SIGTERM, 10.0))
def sigterm_during_a_build(ws: Workspace) -> list[str]:
    return list(BUILD)


@case(130, "interrupted", heavy=True, signal_after=(signal.SIGINT, 10.0))
def ctrl_c_during_a_build(ws: Workspace) -> list[str]:
    return list(BUILD)


@case(-9, heavy=True, signal_after=(signal.SIGKILL, 10.0))
def kill_9_during_a_build(ws: Workspace) -> list[str]:
    """The chart workers die with the build (PR_SET_PDEATHSIG), checked by process group."""
    return list(BUILD)
