"""Every hostile case keeps every promise: see `harness` for what is checked and `cases` for
the inputs. Cheap cases run the command line in this process; memory bombs and signals run it
in a subprocess with 1 GB of address space and 20 s."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import cases  # noqa: F401 - registers the cases
from harness import (
    CASES,
    Workspace,
    check_files,
    check_lines,
    children,
    run_subprocess,
)

from committee_report.cli import main


def _left_running() -> list[int]:
    deadline = time.monotonic() + 5
    while children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return children()


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.heavy))
def test_hostile_input_in_process(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    ws = Workspace(tmp_path / "ws")
    ws.monkeypatch = monkeypatch  # type: ignore[attr-defined]
    monkeypatch.chdir(ws.root)
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(ws.cache))
    args = case.make(ws)
    before = ws.snapshot()
    started = time.monotonic()
    try:
        code = main(args)
    except SystemExit as stop:  # argparse's own usage errors
        code = stop.code  # type: ignore[assignment]
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == case.code, err[:2000]
    check_lines(err, case)
    check_files(before, ws.snapshot(), case)
    assert not _left_running()
    assert elapsed < 20
    if case.after:
        case.after(ws)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.heavy))
def test_hostile_input_in_a_subprocess(name, tmp_path):
    case = CASES[name]
    ws = Workspace(tmp_path / "ws")
    args = case.make(ws)
    before = ws.snapshot()
    code, _out, err, elapsed = run_subprocess(args, ws, case.signal_after)
    assert code == case.code, err[:2000]
    if case.code >= 0:
        check_lines(err, case)
    check_files(before, ws.snapshot(), case)
    assert elapsed < 20
