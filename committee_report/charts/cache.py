"""Draw each chart once: a disk cache keyed on the chart's data and style, and a process pool.

An unchanged chart is never drawn twice: its PNG is kept in the user's cache folder under a key
made from everything that shapes it (the spec, the chart code, matplotlib's version, the font
files). Charts not in the cache are drawn in worker processes across the cores while the layout
goes on, and collected when the page that shows them is drawn. Bytes are the same whichever way
they were made, so the PDF is byte-identical with or without the cache. The cache is safe to
delete; an unwritable cache folder is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from committee_report.charts.spec import ChartSpec, RenderedChart

CACHE_VERSION = "2"


def cache_dir() -> Path:
    """`$COMMITTEE_REPORT_CACHE`, else the platform's cache folder + `committee-report/charts`.

    The platform's folder is the one its users and cleaners expect: `$XDG_CACHE_HOME` or
    `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows (where a
    cache under the roaming profile would be copied at every logon)."""
    explicit = os.environ.get("COMMITTEE_REPORT_CACHE")
    if explicit:
        return Path(explicit)
    return platform_cache_dir(sys.platform) / "charts"


def platform_cache_dir(platform: str) -> Path:
    """The user cache folder for committee-report on `platform` (a `sys.platform` value)."""
    if platform == "win32":
        from platformdirs.windows import Windows as Dirs
    elif platform == "darwin":
        from platformdirs.macos import MacOS as Dirs  # type: ignore[assignment]
    else:
        from platformdirs.unix import Unix as Dirs  # type: ignore[assignment]
    return Path(Dirs("committee-report", appauthor=False, opinion=False).user_cache_dir)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What, besides the spec, decides a chart's pixels: our chart code, matplotlib, Pillow
    and afcharts. Each package by its `_version.py`, else by its files (afcharts is a style
    sheet and a colour list), found without importing it: importlib.metadata would import
    the email package to read the versions, 50-80 ms of every build's critical path."""
    from importlib.util import find_spec

    from committee_report.charts import draw, spec

    digest = hashlib.sha256(CACHE_VERSION.encode())
    for module in (draw, spec):
        digest.update(Path(str(module.__file__)).read_bytes())
    for package in ("matplotlib", "PIL", "afcharts"):
        digest.update(package.encode())
        found = find_spec(package)
        if found is None or found.origin is None:
            continue  # a missing package simply does not count
        folder = Path(found.origin).parent
        version = folder / "_version.py"
        files = (
            [version]
            if version.is_file()
            else sorted(
                f for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts
            )
        )
        for file in files:
            digest.update(file.relative_to(folder).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@cache
def _file_fingerprint(path: str) -> str:
    stat = os.stat(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def chart_key(spec: ChartSpec) -> str:
    digest = hashlib.sha256(_code_fingerprint().encode())
    digest.update(repr(spec).encode())
    if spec.style is not None:
        for font in (spec.style.font_regular, spec.style.font_bold):
            digest.update(_file_fingerprint(font).encode())
    return digest.hexdigest()


class _Done:
    """A finished result with the same face as a Future."""

    def __init__(self, chart: RenderedChart) -> None:
        self._chart = chart

    def result(self) -> RenderedChart:
        return self._chart


class _Pooled:
    """A chart being drawn by a worker; if the worker died, it is drawn here instead, so a
    real error (say, a missing package) is raised with its own message."""

    def __init__(self, future: Future, spec: ChartSpec) -> None:
        self.future, self.spec = future, spec

    def result(self) -> RenderedChart:
        try:
            return self.future.result()
        except BrokenProcessPool:
            return _draw(self.spec)


ChartHandle = _Pooled | _Done


class ChartRenderer:
    """Hand out charts by spec: from the cache, or drawn in worker processes and then cached.

    Use as a context manager; `submit_all` returns at once, `result()` blocks until the chart
    is drawn. Identical specs are drawn once per build. With `prewarm`, one worker starts at
    once and imports matplotlib while this process reads the inputs; more join it, on cores
    this process (which lays the paper out) does not use, when there are enough charts to
    repay their own imports (about 40 charts' worth of time each).
    """

    CHARTS_PER_EXTRA_WORKER = 40

    def __init__(
        self, *, use_cache: bool = True, workers: int | None = None, prewarm: bool = False
    ) -> None:
        self.use_cache = use_cache
        self.folder = cache_dir() if use_cache else None
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._pools: list[ProcessPoolExecutor] = []
        self._turn = 0
        self._pending: dict[str, ChartHandle] = {}
        self.hits = 0
        self.drawn = 0
        if prewarm and self.workers > 1:
            self._start(1)

    def __enter__(self) -> ChartRenderer:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(wait=kind is None)

    def close(self, wait: bool = True) -> None:
        """Wait for the charts asked for; workers that never got one are stopped at once,
        rather than waited for while they import matplotlib."""
        for pool in self._pools:
            if wait and any(isinstance(h, _Pooled) for h in self._pending.values()):
                pool.shutdown(wait=True)
            else:
                _stop(pool)
        self._pools = []

    def submit_all(self, specs: list[ChartSpec]) -> list[ChartHandle]:
        """Submit many at once, so the workers are sized for the charts that need drawing."""
        keyed = [(chart_key(spec), spec) for spec in specs]
        cached = {key: self._cached(key) for key, _ in keyed if key not in self._pending}
        misses = sum(1 for chart in cached.values() if chart is None)
        running = sum(pool._max_workers for pool in self._pools)  # type: ignore[attr-defined]
        # This process lays the paper out on one core; workers get the others.
        spare = max(1, self.workers - 1)
        wanted = (
            min(spare, 1 + misses // self.CHARTS_PER_EXTRA_WORKER)
            if misses > 1 and self.workers > 1
            else 0
        )  # one worker: drawn in this process
        if wanted > running:
            self._start(wanted - running)
        elif not misses and not any(isinstance(h, _Pooled) for h in self._pending.values()):
            self.close(wait=False)  # everything came from the cache: no workers needed
        return [self._submit(key, spec, cached.get(key)) for key, spec in keyed]

    def submit(self, spec: ChartSpec) -> ChartHandle:
        return self.submit_all([spec])[0]

    def _start(self, workers: int) -> None:
        pool = _pool(workers, warm=True)
        for _ in range(workers):
            pool.submit(int)  # workers start on the first task, not with the pool
        self._pools.append(pool)

    def _submit(self, key: str, spec: ChartSpec, cached: RenderedChart | None) -> ChartHandle:
        if key in self._pending:
            return self._pending[key]
        handle: ChartHandle
        if cached is not None:
            self.hits += 1
            handle = _Done(cached)
        else:
            self.drawn += 1
            if self._pools:
                # Round robin, weighted by workers, so charts come back in page order.
                slots = [p for p in self._pools for _ in range(p._max_workers)]  # type: ignore[attr-defined]
                pool = slots[self._turn % len(slots)]
                self._turn += 1
                try:
                    future = pool.submit(_draw, spec)
                except BrokenProcessPool:
                    handle = _Done(_draw(spec))  # a worker died: draw here, and say why if it fails
                else:
                    future.add_done_callback(partial(self._store, key))
                    handle = _Pooled(future, spec)
            else:
                handle = _Done(_draw(spec))
                self._store_bytes(key, handle.result().to_bytes())
        self._pending[key] = handle
        return handle

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.chart" if self.folder else None

    def _cached(self, key: str) -> RenderedChart | None:
        """The cached chart, or None: an entry that cannot be read or decoded (truncated by a
        full disk, corrupted) is ignored, so the chart is drawn again and the entry rewritten."""
        path = self._path(key)
        if path is None:
            return None
        try:
            return _decode(path.read_bytes())
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss, never a failure
            return None

    def _store(self, key: str, done: Future) -> None:
        if not done.cancelled() and done.exception() is None:
            self._store_bytes(key, done.result().to_bytes())

    def _store_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temp, path)
            temp = None
        except (OSError, ValueError):
            pass  # a cache that cannot be written is not used; the build goes on
        finally:
            if temp is not None:  # a full disk or a failed rename leaves no partial file
                try:
                    os.unlink(temp)
                except OSError:
                    pass


def _draw(spec: ChartSpec) -> RenderedChart:
    from committee_report.charts.draw import render_chart

    return render_chart(spec)


def _decode(blob: bytes) -> RenderedChart:
    from committee_report.charts.spec import RenderedChart

    return RenderedChart.from_bytes(blob)


def _pool(workers: int, warm: bool = False) -> ProcessPoolExecutor:
    """Forked workers start at once (no re-import of our modules); elsewhere, spawn. Warm
    workers import matplotlib as they start rather than on their first chart."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(warm, os.getpid()),
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting for its workers, and end them."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def _start(warm: bool, parent: int) -> None:
    """A worker draws many charts: it collects cycles as usual, even when forked from a
    build that turned the collector off. It dies with its parent (even on kill -9), and
    leaves Ctrl-C to the parent, which stops the pool."""
    import gc

    from committee_report.processes import quiet_worker

    quiet_worker(parent)
    gc.enable()
    if warm:
        from committee_report.charts import draw as charts

        charts.warm_up()
