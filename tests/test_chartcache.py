"""Charts drawn once: the disk cache, the pool, and byte-identical results either way."""

from __future__ import annotations

import pytest

from committee_report.charts.cache import ChartRenderer, cache_dir, chart_key
from committee_report.charts.draw import render_chart
from specs import chart_spec
from committee_report.inputs.theme import load_theme


@pytest.fixture(scope="module")
def specs(sample_report):
    theme = load_theme("croydon")
    by_id = {a.id: a for a in sample_report.assessments}
    return [chart_spec(sample_report, by_id[i], theme) for i in sample_report.featured[:4]]


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("COMMITTEE_REPORT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "committee-report" / "charts"


def test_cache_folder_is_the_platforms(monkeypatch, tmp_path):
    """Linux follows XDG, macOS ~/Library/Caches, Windows %LOCALAPPDATA% (not the roaming
    profile, and not ~/.cache, which Windows users and their cleaners do not know)."""
    import platformdirs.windows

    from committee_report.charts.cache import platform_cache_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert platform_cache_dir("linux") == tmp_path / ".cache" / "committee-report"
    assert platform_cache_dir("darwin") == tmp_path / "Library" / "Caches" / "committee-report"
    local = r"C:\Users\ann\AppData\Local"
    # Off Windows there is no shell API to ask; platformdirs' own fallback reads the variable.
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda name: {"CSIDL_LOCAL_APPDATA": local}[name])
    assert str(platform_cache_dir("win32")).replace("/", "\\") == local + r"\committee-report"
    monkeypatch.delenv("COMMITTEE_REPORT_CACHE")
    assert cache_dir() == platform_cache_dir(__import__("sys").platform) / "charts"


def test_key_follows_data_and_style(specs):
    from dataclasses import replace

    assert chart_key(specs[0]) == chart_key(replace(specs[0]))
    assert chart_key(specs[0]) != chart_key(replace(specs[0], target=1.0))
    assert len({chart_key(s) for s in specs}) == len(specs)


def test_pool_cache_and_direct_drawing_give_the_same_bytes(specs, monkeypatch, tmp_path):
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path))
    direct = [render_chart(s) for s in specs]
    with ChartRenderer(workers=2) as cold:
        pooled = [h.result() for h in cold.submit_all(specs)]
    assert (cold.drawn, cold.hits) == (len(specs), 0)
    assert pooled == direct
    assert len(list(tmp_path.rglob("*.chart"))) == len(specs)
    with ChartRenderer(workers=2) as warm:
        cached = [h.result() for h in warm.submit_all(specs)]
    assert (warm.drawn, warm.hits) == (0, len(specs))
    assert cached == direct


def test_no_cache_draws_and_writes_nothing(specs, monkeypatch, tmp_path):
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path))
    with ChartRenderer(use_cache=False, workers=1) as renderer:
        handles = renderer.submit_all([specs[0], specs[0]])
    assert handles[0] is handles[1] and renderer.drawn == 1
    assert not any(tmp_path.iterdir())


def test_an_unwritable_cache_is_not_an_error(specs, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(blocker / "cache"))
    with ChartRenderer(workers=1) as renderer:
        assert renderer.submit(specs[0]).result() == render_chart(specs[0])


def test_a_dead_worker_means_drawing_here_not_a_broken_build(specs, monkeypatch, tmp_path):
    import time

    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path))
    with ChartRenderer(workers=2, prewarm=True) as renderer:
        for pool in renderer._pools:
            for process in list(pool._processes.values()):
                process.kill()
        time.sleep(0.5)
        drawn = [h.result() for h in renderer.submit_all(specs[:2])]
    assert drawn == [render_chart(s) for s in specs[:2]]


def test_a_corrupt_entry_is_drawn_again_and_rewritten(specs, monkeypatch, tmp_path):
    """A truncated or overwritten cache file (a full disk, a crash) is a miss, not a failure."""
    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path))
    with ChartRenderer(workers=1) as first:
        expected = first.submit(specs[0]).result()
    (entry,) = tmp_path.rglob("*.chart")
    good = entry.read_bytes()
    for damage in (good[: len(good) // 2], b"", b"\x00" * 64, b"not a chart at all"):
        entry.write_bytes(damage)
        with ChartRenderer(workers=1) as again:
            assert again.submit(specs[0]).result() == expected
        assert (again.drawn, again.hits) == (1, 0)
        assert entry.read_bytes() == good  # rewritten whole
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_full_disk_leaves_no_partial_file_in_the_cache(specs, monkeypatch, tmp_path):
    import errno
    import os

    monkeypatch.setenv("COMMITTEE_REPORT_CACHE", str(tmp_path))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("committee_report.charts.cache.os.replace", full)
    with ChartRenderer(workers=1) as renderer:
        assert renderer.submit(specs[0]).result() == render_chart(specs[0])
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_chart_workers_die_with_their_parent():
    """A worker is killed by the kernel when the build that started it dies (kill -9)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    code = ("import os, time\n"
            "from committee_report.charts.cache import _pool\n"
            "pool = _pool(1)\n"
            "pool.submit(int).result()\n"
            "print(*[p.pid for p in pool._processes.values()], flush=True)\n"
            "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        raise AssertionError("the chart worker outlived its parent")
