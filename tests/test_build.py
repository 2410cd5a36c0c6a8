"""Building papers: the one-line summary, atomic output, and batches on every core."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from committee_report.build import build_paper
from committee_report.cli import main
from committee_report.paths import data_dir


def _copy(folder: Path, name: str = "paper.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
        shutil.copy(data_dir() / "croydon-2022-02" / item, folder / item)
    return (folder / "paper.yaml").rename(folder / name)


@pytest.mark.pdf
def test_summary_line(tmp_path, capsys):
    out = tmp_path / "paper.pdf"
    assert main(["build", "-o", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    size = out.stat().st_size / 1024
    with pikepdf.open(out) as pdf:
        pages = len(pdf.pages)
    assert line == (
        f"Wrote {out}: {pages} pages, {size:.0f} KB; 15 going well, 4 ones to watch, "
        f"12 things to do better; 1 warning(s)"
    )


def test_failed_build_leaves_an_earlier_paper_untouched(tmp_path, capsys):
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"the paper that went to the last meeting")
    assert main(["build", "-o", str(out), "--layout", "no-such-layout"]) == 2
    assert out.read_bytes() == b"the paper that went to the last meeting"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.pdf
def test_batch_builds_the_good_papers_and_reports_the_bad(tmp_path, capsys):
    good = [_copy(tmp_path / "a", "children.yaml"), _copy(tmp_path / "b", "adults.yaml")]
    bad = _copy(tmp_path / "c", "broken.yaml")
    (bad.parent / "scorecard.tsv").write_text(
        "Indicator Number\tFeb-21\nX 1\tabc\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    code = main(
        ["build", str(good[0]), str(bad), str(good[1]), "--output-dir", str(out), "--jobs", "2"]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["adults.pdf", "children.pdf"]
    progress = captured.out.splitlines()
    assert progress[0].startswith(f"[1/3] {good[0]}: Wrote {out / 'children.pdf'}: ")
    assert progress[1].startswith(f"[3/3] {good[1]}: Wrote {out / 'adults.pdf'}: ")
    assert progress[2] == f"Built 2 of 3 papers into {out}; 1 failed"
    assert captured.err == (
        f"[2/3] {bad}: Error: {bad.parent / 'scorecard.tsv'}:2:Feb-21: "
        "expected a number such as 81%, 1,219 or 15.6, or BM, NA or blank; "
        "got 'abc'\n"
    )
    single = tmp_path / "single.pdf"
    build_paper(good[0], single)
    assert (out / "children.pdf").read_bytes() == single.read_bytes()


def test_batch_needs_an_existing_folder(tmp_path, capsys):
    assert main(["build", "a.yaml", "b.yaml", "--output-dir", str(tmp_path / "nope")]) == 2
    assert "output folder does not exist" in capsys.readouterr().err


def test_output_names_of_same_stem_papers_are_kept_apart(tmp_path):
    from committee_report.build import _output_names

    names = _output_names(["x/north/paper.yaml", "x/south/paper.yaml", "y/cabinet.yaml"], tmp_path)
    assert [n.name for n in names] == ["north-paper.pdf", "south-paper.pdf", "cabinet.pdf"]


@pytest.mark.parametrize("args", [["build", "-o", "x.pdf", "a.yaml", "b.yaml"]])
def test_output_and_several_papers_do_not_mix(args, capsys):
    assert main(args) == 2  # a usage error
    assert "use --output-dir" in capsys.readouterr().err


def _children() -> list[int]:
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            if int(fields[1]) == os.getpid() and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.pdf
def test_a_batch_paper_whose_process_dies_fails_alone(tmp_path):
    """kill -9 on the child building one paper: that paper fails with one line, the other is
    built, and nothing is left behind."""
    import os
    import signal
    import threading
    import time

    from committee_report.build import build_many

    papers = [
        str(_copy(tmp_path / "a", "children.yaml")),
        str(_copy(tmp_path / "b", "adults.yaml")),
    ]
    out = tmp_path / "out"
    out.mkdir()
    killed: list[int] = []

    def kill_the_first_child() -> None:
        deadline = time.monotonic() + 20
        while not killed and time.monotonic() < deadline:
            for pid in _children():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.01)

    killer = threading.Thread(target=kill_the_first_child)
    killer.start()
    outcomes = build_many(papers, out, jobs=1, timeout=60)
    killer.join()
    assert killed
    assert [o.error is None for o in outcomes] == [False, True], outcomes
    assert outcomes[0].error == (
        "the process building this paper stopped unexpectedly (signal 9); no file was written"
    )
    assert outcomes[0].exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["adults.pdf"]
    assert not _children()


@pytest.mark.pdf
def test_a_batch_paper_over_the_time_limit_is_stopped(tmp_path, capsys):
    papers = [str(_copy(tmp_path / "a", "children.yaml"))]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", *papers, "--output-dir", str(out), "--timeout", "0.2"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"[1/1] {papers[0]}: Error: took longer than the time limit of 0.2 s and was "
        "stopped; no file was written\n"
    )
    assert not list(out.iterdir())  # no PDF, no temporary file
    assert not _children()


@pytest.mark.pdf
def test_quiet_batch_prints_only_the_failure(tmp_path, capsys):
    good = _copy(tmp_path / "a", "children.yaml")
    bad = _copy(tmp_path / "c", "broken.yaml")
    (bad.parent / "scorecard.tsv").write_text(
        "Indicator Number\tFeb-21\nX 1\tabc\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", "-q", str(good), str(bad), "--output-dir", str(out), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"[2/2] {bad}: Error: {bad.parent / 'scorecard.tsv'}:2:Feb-21:")
    assert sorted(p.name for p in out.iterdir()) == ["children.pdf"]
