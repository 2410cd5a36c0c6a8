"""openpyxl, imported without numpy.

openpyxl imports numpy when it can, only to accept numpy's number types in the cells it writes;
this package reads workbooks and writes Python numbers, and numpy was a third of openpyxl's
import (0.34 -> 0.22 s), paid by every build of an XLSX scorecard in a process that otherwise
never imports numpy. Where numpy is already imported (a program that uses it and calls this
package), openpyxl is imported as it is."""

from __future__ import annotations

import sys
from types import ModuleType


def openpyxl() -> ModuleType:
    """The openpyxl module (imported once; later calls return it)."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl as module

        return module
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy: ImportError
    try:
        import openpyxl as module
    finally:
        del sys.modules["numpy"]
    return module
