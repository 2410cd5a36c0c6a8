"""The limits: bounded quotes and lines, bounded reads, the template checker, XLSX checks."""

from __future__ import annotations

import os

import pytest

from committee_report import limits
from committee_report.errors import DataError
from committee_report.inputs.yamlio import check_template
from committee_report.judge.rules import PLACEHOLDERS


def test_quote_bounds_any_input():
    assert limits.quote("EH 7") == "'EH 7'"
    assert limits.quote("x" * 1000, 10) == "'xxxxxxxxxx' (and 990 more characters)"
    assert limits.quote(12) == "12"


def test_one_line_cannot_forge_a_second_line():
    line = limits.one_line("paper.yaml: key\nError: forged\r\n\x1b[31mred")
    assert line == "paper.yaml: key Error: forged ?[31mred"
    long = limits.one_line("a" * 5000 + ": the problem", 100)
    assert len(long) <= 100 and long.endswith(": the problem")


def test_clean_text_keeps_words_and_drops_controls():
    assert limits.clean_text("Early\x07 Help\x1b\x00 report\tpaper") == "Early Help report paper"


def test_read_bounded_refuses_devices_fifos_folders_and_big_files(tmp_path):
    def fail(reason):
        return DataError("f", None, None, reason)

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big"
    with open(big, "wb") as stream:
        stream.truncate(2048)
    for path, reason in [
        ("/dev/zero", "not a regular file"),
        (fifo, "not a regular file"),
        (tmp_path, "is a folder"),
        (big, "over the limit of 1 KB"),
        (tmp_path / "none", "no such file or folder"),
    ]:
        with pytest.raises(DataError, match=reason):
            limits.read_bounded(path, 1024, fail)
    assert limits.read_bounded(big, 4096, fail) == b"\x00" * 2048


@pytest.mark.parametrize(
    "template, problem",
    [
        ("{name} is {side} target at {headline}", None),
        ("{name:<20}|{headline:>8}", None),
        ("{{literal}} {name}", None),
        ("{nome}", "unknown placeholder {nome}"),
        ("{name.__class__}", "placeholder {name.__class__} is not allowed"),
        ("{name[0]}", "placeholder {name[0]} is not allowed"),
        ("{}", "placeholder {} is not allowed"),
        ("{0}", "placeholder {0} is not allowed"),
        ("{name!r}", "no !r conversion"),
        ("{name:>100000000}", "width under 100"),
        ("{headline:d}", "{headline:d} is not allowed"),
        ("{name:{name.__class__.__mro__}}", "{name:{name.__class__.__mro__}} is not allowed"),
        ("{name", "malformed template"),
    ],
)
def test_one_template_checker(template, problem):
    found = check_template(template, tuple(PLACEHOLDERS))
    if problem is None:
        assert found is None
        template.format(**{k: "x" for k in PLACEHOLDERS})
    else:
        assert problem in found


def test_sheet_size_limits():
    limits.check_sheet_size(34, 24)
    with pytest.raises(limits.LimitError, match="over the limit of 100,000 rows"):
        limits.check_sheet_size(1_048_576, 1)
    with pytest.raises(limits.LimitError, match="over the limit of 16,384"):
        limits.check_sheet_size(1, 20_000)
    with pytest.raises(limits.LimitError, match="over the limit of 2,000,000 cells"):
        limits.check_sheet_size(5_000, 1_000)
