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
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .charts import ChartSpec, RenderedChart

CACHE_VERSION = "2"


def cache_dir() -> Path:
    """`$COMMITTEE_REPORT_CACHE`, else `$XDG_CACHE_HOME/committee-report`, else `~/.cache/...`."""
    explicit = os.environ.get("COMMITTEE_REPORT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "committee-report" / "charts"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What, besides the spec, decides a chart's pixels: our chart code and matplotlib."""
    from importlib.metadata import version

    from . import charts

    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(Path(charts.__file__).read_bytes())
    for package in ("matplotlib", "pillow", "afcharts"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except Exception:  # noqa: BLE001 - a missing distribution simply does not count
            digest.update(package.encode())
    return digest.hexdigest()


@lru_cache(maxsize=None)
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


ChartHandle = Union["Future[RenderedChart]", _Done]


class ChartRenderer:
    """Hand out chart PNGs by spec: from the cache, or drawn in a pool and then cached.

    Use as a context manager; `submit` returns at once, `result()` blocks until the chart is
    drawn. Identical specs are drawn once per build.
    """

    def __init__(self, *, use_cache: bool = True, workers: int | None = None) -> None:
        self.use_cache = use_cache
        self.folder = cache_dir() if use_cache else None
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future | _Done] = {}
        self.hits = 0
        self.drawn = 0

    def __enter__(self) -> ChartRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit_all(self, specs: list[ChartSpec]) -> list[Future | _Done]:
        """Submit many at once, so the pool is sized for the charts that really need drawing."""
        keyed = [(chart_key(spec), spec) for spec in specs]
        misses = {key for key, _ in keyed if key not in self._pending and self._cached(key) is None}
        if len(misses) > 1 and self.workers > 1 and self._pool is None:
            self._pool = _pool(min(self.workers, len(misses)))
        return [self._submit(key, spec) for key, spec in keyed]

    def submit(self, spec: ChartSpec) -> Future | _Done:
        return self.submit_all([spec])[0]

    def _submit(self, key: str, spec: ChartSpec) -> Future | _Done:
        if key in self._pending:
            return self._pending[key]
        cached = self._cached(key)
        if cached is not None:
            self.hits += 1
            handle: Future | _Done = _Done(_decode(cached))
        else:
            self.drawn += 1
            if self._pool is not None:
                handle = self._pool.submit(_draw, spec)
                handle.add_done_callback(lambda done, key=key: self._store(key, done))
            else:
                handle = _Done(_draw(spec))
                self._store_bytes(key, handle.result().to_bytes())
        self._pending[key] = handle
        return handle

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.chart" if self.folder else None

    def _cached(self, key: str) -> bytes | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _store(self, key: str, done: Future) -> None:
        if not done.cancelled() and done.exception() is None:
            self._store_bytes(key, done.result().to_bytes())

    def _store_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written is not used; the build goes on


def _draw(spec: ChartSpec) -> RenderedChart:
    from .charts import render_chart

    return render_chart(spec)


def _decode(blob: bytes) -> RenderedChart:
    from .charts import RenderedChart

    return RenderedChart.from_bytes(blob)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Forked workers start at once (no re-import of our modules); elsewhere, spawn."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
