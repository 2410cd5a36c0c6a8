"""A Paper as JSON: every block named by its type, fields in the model's order, so that a
change to any word, cell or figure of a paper reads as a small diff.

`python -m committee_report.publish [INPUT] [--layout NAME]` prints the Paper of a paper
config or scorecard as this JSON (default: the bundled sample in its own layout); this is how
tests/golden/sample-paper.json is made.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from committee_report.paper.model import Paper


def to_plain(value: Any) -> Any:
    """Dataclasses as {"type": name, field: value, ...} without the fields left at their
    defaults (a Span's `strong: false`); tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and item == f.default:
                continue
            out[f.name] = to_plain(item)
        return out
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def paper_json(paper: Paper) -> str:
    """The Paper as JSON text, each value on one line where it fits in 100 characters."""
    return _dump(to_plain(paper), 0) + "\n"


def _dump(value: Any, indent: int) -> str:
    compact = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or not value or indent + len(compact) <= 100:
        return compact
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        inner = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, indent + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"
    inner = [pad + _dump(v, indent + 1) for v in value]
    return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"
