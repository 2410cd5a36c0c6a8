"""The named steps of a build, timed: `-v` prints each with its time, the progress display
shows the one under way.

Library code marks a step with `with stage("..."):` and never prints; what is shown, and
where, is the command line's choice (a logging handler, a listener).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger("committee_report")
_listeners: list[Callable[[str], None]] = []


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the step `name`; listeners hear its name as it starts, the log its time at the end."""
    for listener in _listeners:
        listener(name)
    start = time.perf_counter()
    try:
        yield
    finally:
        log.info("%s: %.2f s", name, time.perf_counter() - start)


def listen(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(step name)` as each step starts; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


class Steps:
    """Consecutive steps timed by marking where each starts: `steps.next(name)` ends the one
    before; `steps.done()` ends the last. Lets a long function be timed without re-indenting."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.start = 0.0

    def next(self, name: str) -> None:
        self.done()
        for listener in _listeners:
            listener(name)
        self.name, self.start = name, time.perf_counter()

    def done(self) -> None:
        if self.name is not None:
            log.info("%s: %.2f s", self.name, time.perf_counter() - self.start)
            self.name = None
