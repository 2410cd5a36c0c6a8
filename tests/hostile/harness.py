"""The hostile-input harness: run one case and check every promise the tool makes about it.

Each case builds a workspace from the bundled sample paper (Croydon's real February 2022
scorecard, catalogue and paper config), breaks one thing in it, and names the command to run,
the exit code and what the one-line error must say. The harness then checks, for every case:
the exit code; every error line is one bounded line naming the file and the problem, with no
traceback and no "please report it"; no file that was there before changed (the inputs and an
earlier paper at the output path); no new file appeared (no half-written PDF, no `.tmp`); and
no child process is left running. Expensive cases (memory bombs, signals) run the command line
in a subprocess with an address-space limit of 1 GB and a time limit of 20 s.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from committee_report.limits import MAX_LINE
from committee_report.paths import data_dir

SAMPLE = data_dir() / "croydon-2022-02"
EARLIER = b"%PDF-1.7 an earlier paper that must survive any failed build\n"
MEMORY_LIMIT = 1024 * 1024 * 1024
TIME_LIMIT = 20.0


class Workspace:
    """A folder holding a copy of the sample paper (`paper/`) and an earlier output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paper = root / "paper"
        self.paper.mkdir(parents=True)
        for name in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
            shutil.copy(SAMPLE / name, self.paper / name)
        self.out = root / "out"
        self.out.mkdir()
        (self.out / "paper.pdf").write_bytes(EARLIER)
        self.cache = root.parent / f"{root.name}-cache"
        self.cache.mkdir(exist_ok=True)

    def rows(self) -> list[list[str]]:
        text = (self.paper / "scorecard.tsv").read_text(encoding="utf-8")
        return [line.split("\t") for line in text.splitlines()]

    def write_rows(self, rows: list[list[str]], name: str = "scorecard.tsv") -> Path:
        path = self.paper / name
        path.write_text("\n".join("\t".join(row) for row in rows) + "\n", encoding="utf-8")
        return path

    def trim(self, rows: int = 6) -> None:
        """Keep the header and the first `rows` rows of the real scorecard: a case that must
        lay a paper out before it fails (a full disk) does so in a fraction of the time."""
        self.write_rows(self.rows()[: rows + 1])

    def cell(self, row: int, column: str, value: str) -> Path:
        """Set the cell at spreadsheet row `row` (1 = header) in the column headed `column`."""
        rows = self.rows()
        rows[row - 1][rows[0].index(column)] = value
        return self.write_rows(rows)

    def config(self, **changes: str) -> Path:
        """paper.yaml with top-level lines replaced or added (`key: value` text)."""
        path = self.paper / "paper.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        for key, value in changes.items():
            lines = [line for line in lines if not line.startswith(f"{key}:")]
            lines.append(f"{key}: {value}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def write(self, name: str, data: str | bytes) -> Path:
        path = self.paper / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def layout(self, extra: str, name: str = "layout.yaml") -> Path:
        """A layout that extends the bundled default with `extra` YAML, named by paper.yaml."""
        path = self.write(name, "extends: default\n" + extra)
        self.config(layout=name)
        return path

    def snapshot(self) -> dict[str, str]:
        found = {}
        for folder in (self.root, self.cache):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                elif path.is_symlink() or not path.is_dir():
                    found[str(path)] = "special"
        return found


@dataclass
class Case:
    """One hostile input: `make` prepares the workspace and returns the command's arguments."""

    name: str
    make: Callable[[Workspace], list[str]]
    code: int
    says: tuple[str, ...]
    names: str | None
    lines: int = 1
    heavy: bool = False
    creates: tuple[str, ...] = ()
    after: Callable[[Workspace], None] | None = None
    signal_after: tuple[int, float] | None = None
    extra: dict = field(default_factory=dict)


CASES: dict[str, Case] = {}


def case(
    code: int,
    *says: str,
    names: str | None = None,
    lines: int = 1,
    heavy: bool = False,
    creates: tuple[str, ...] = (),
    after: Callable[[Workspace], None] | None = None,
    signal_after: tuple[int, float] | None = None,
) -> Callable:
    """Register a case; `says` are fragments the error must contain, `names` the file it must
    name (None: the case exits 0, or the message names an option). `creates` are new files the
    case is allowed to make (a successful build)."""

    def register(make: Callable[[Workspace], list[str]]) -> Callable[[Workspace], list[str]]:
        CASES[make.__name__] = Case(
            make.__name__, make, code, says, names, lines, heavy, creates, after, signal_after
        )
        return make

    return register


def _live(field: int, value: int) -> list[int]:
    """Live (not zombie) processes whose /proc stat `field` (1: parent, 2: group) is `value`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[field]) == value and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def children(pid: int | None = None) -> list[int]:
    """Live processes whose parent is `pid` (default: this one)."""
    return _live(1, os.getpid() if pid is None else pid)


def descendants_of_group(group: int) -> list[int]:
    """Live processes of a process group (a subprocess started with its own session)."""
    return _live(2, group)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_subprocess(
    args: list[str], ws: Workspace, signal_after: tuple[int, float] | None = None
) -> tuple[int, str, str, float]:
    """The command line in a child with 1 GB of address space and 20 s, in its own session
    so that anything it leaves behind can be found by process group."""
    env = dict(os.environ, COMMITTEE_REPORT_CACHE=str(ws.cache), PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "committee_report", *args],
        cwd=ws.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits,  # noqa: PLW1509 - no threads yet here
        start_new_session=True,
    )
    if signal_after is not None:
        number, delay = signal_after
        _wait_for_children(process.pid, delay)
        process.send_signal(number)
    try:
        out, err = process.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        raise AssertionError(f"took more than {TIME_LIMIT} s") from None
    elapsed = time.monotonic() - started
    deadline = time.monotonic() + 5
    while descendants_of_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = descendants_of_group(process.pid)
    if left:
        os.killpg(process.pid, 9)
    assert not left, f"processes left running: {left}"
    return (
        process.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        elapsed,
    )


def _wait_for_children(pid: int, delay: float) -> None:
    """Until the build has started its chart workers (or `delay` seconds have passed)."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and not children(pid):
        time.sleep(0.02)
    time.sleep(0.1)


def check_lines(err: str, case: Case) -> list[str]:
    """The stderr lines: each `Error: ...`, bounded, naming the file and what was wrong."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and "please report" not in err, err[:2000]
    if case.code == 0:
        return lines
    errors = [line for line in lines if line.startswith(("Error: ", "["))]
    assert errors, f"no error line in {err[:500]!r}"
    assert len(errors) == case.lines, errors
    for line in errors:
        assert len(line) <= MAX_LINE + 80, len(line)
    text = "\n".join(errors)
    for fragment in case.says:
        assert fragment in text, f"{fragment!r} not in {text[:1500]!r}"
    if case.names:
        assert case.names in text, f"{case.names!r} not named in {text[:1500]!r}"
    return errors


def check_files(before: dict[str, str], after: dict[str, str], case: Case) -> None:
    changed = [path for path, digest in before.items() if after.get(path) != digest]
    assert not changed, f"changed or removed: {changed}"
    new = [
        path
        for path in after
        if path not in before
        and not any(path.endswith(allowed) for allowed in case.creates)
        and not (path.endswith(".chart") and "-cache" in path)
    ]
    assert not new, f"new files left: {new}"
