"""What the command line shows while it works, on standard error: each step with its time
(-v), and a one-line progress display on a terminal. The library only names its steps
(stages.py); these listen."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PROGRESS_AFTER = 1.0
"""Seconds a build runs before the progress display appears."""


@contextmanager
def verbose(enabled: bool) -> Iterator[None]:
    """With -v, each step of the library's work and its time on standard error."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("committee_report")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    start = time.perf_counter()
    try:
        yield
        logger.info("total: %.2f s", time.perf_counter() - start)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def progress(enabled: bool) -> Iterator[None]:
    """A one-line display of the step under way, on standard error, for builds that run longer
    than PROGRESS_AFTER seconds; only on a terminal, and wiped before anything else prints."""
    if not enabled:
        yield
        return
    import shutil

    from committee_report.stages import listen

    step = ["loading the libraries"]  # imports and chart workers, before the first step
    stop = threading.Event()
    shown = threading.Event()
    start = time.perf_counter()
    width = max(20, min(78, shutil.get_terminal_size().columns - 1))

    def show() -> None:
        if stop.wait(PROGRESS_AFTER):
            return
        while not stop.is_set():
            line = f"Building: {step[0]} ({time.perf_counter() - start:.0f} s)"
            sys.stderr.write("\r" + line[:width].ljust(width))
            sys.stderr.flush()
            shown.set()
            stop.wait(0.25)

    unlisten = listen(lambda name: step.__setitem__(0, name))
    thread = threading.Thread(target=show, name="progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        unlisten()
        if shown.is_set():
            sys.stderr.write("\r" + " " * width + "\r")
            sys.stderr.flush()
