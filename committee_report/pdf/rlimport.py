"""ReportLab's paragraph module imported without compiling, up front, the one pattern it
seldom uses.

`reportlab.platypus.paragraph` compiles at import a case-insensitive web-address pattern
(`uri_pat`) whose character ranges run to U+FFFF: compiling it is most of that import, a
tenth of a second of every build, and ReportLab matches it only when it hyphenates a web
address (`uriWasteReduce`, which no style here sets). `import_paragraph()` imports the
module with that one pattern made lazy: compiled, from the same source and flags, the first
time anything asks it for anything.

Contract (tested in tests/test_fastpaths.py): `paragraph.uri_pat` matches as the compiled
pattern does; every other pattern of the module is compiled as usual; if the module is
already imported, nothing is done.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_LOCK = threading.Lock()


class LazyPattern:
    """A compiled pattern made on first use: attribute access is delegated to it."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        with _LOCK:
            if self._compiled is None:
                self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


def import_paragraph() -> None:
    """Import `reportlab.platypus.paragraph` (and ReportLab's platypus with it), its web
    address pattern left to compile on first use."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_ = re.compile

    def lazy_uri(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and flags == re.I and pattern.startswith(_URI_START):
            return LazyPattern(pattern, flags)
        return compile_(pattern, flags)

    with _LOCK:
        re.compile = lazy_uri  # type: ignore[assignment]
        try:
            import reportlab.platypus.paragraph  # noqa: F401
        finally:
            re.compile = compile_
