"""Child processes that never outlive the build that started them, and signals that unwind.

A chart worker or a batch child left running after its parent was killed (kill -9, a closed
terminal) would hold memory and files for nothing; on Linux the kernel sends it a signal the
moment its parent dies (`PR_SET_PDEATHSIG`), elsewhere a thread watches the parent. SIGTERM in
the command line raises `Terminated`, so every `finally` runs: temporary files are removed and
worker pools stopped, exactly as for Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from types import FrameType


KILL = getattr(signal, "SIGKILL", signal.SIGTERM)
"""SIGKILL where there is one (not on Windows)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the build unwinds and cleans up."""


def raise_on_sigterm() -> None:
    """In the main thread of the command line: SIGTERM raises `Terminated`."""

    def handler(number: int, frame: FrameType | None) -> None:
        raise Terminated()

    signal.signal(signal.SIGTERM, handler)


def die_with_parent(parent: int, number: int = KILL) -> None:
    """Have this (child) process receive signal `number` when process `parent` ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(number), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os.kill(os.getpid(), number)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch, args=(parent, number), daemon=True).start()


def _watch(parent: int, number: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), number)


def quiet_worker(parent: int) -> None:
    """A pool worker: killed with its parent; Ctrl-C is the parent's to handle (the parent
    stops its pools), and SIGTERM ends it at once, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent, KILL)
