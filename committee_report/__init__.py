"""committee-report: a council's performance scorecard in, a formal committee paper out."""

from __future__ import annotations

__version__ = "0.1.0"
