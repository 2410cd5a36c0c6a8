"""The outline (bookmarks) of a finished PDF: long runs of sibling bookmarks nested in groups,
so no reader walks a chain of thousands (a 1,000-indicator paper has that many)."""

from __future__ import annotations

import pikepdf
from pikepdf import Dictionary, Name, String

_OUTLINE_RUN = 100
"""Most outline entries one level may hold; see `_nest_long_outlines`."""


def _nest_long_outlines(doc: pikepdf.Pdf) -> None:
    """Gather runs of more than `_OUTLINE_RUN` sibling bookmarks under closed group entries.

    Outline siblings are a linked list (/Next), and validators walk it as a chain of
    references: page-validation stops at 256 links with a SafetyLimitError, so a paper with a
    few hundred featured indicators could not be validated at all. Groups of 100, titled by
    their first and last entry and pointing where their first entry points, keep every chain
    short and a long bookmark list easier to move through. Shorter outlines are left alone."""
    outlines = doc.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return
    changed = False
    stack = [outlines]
    while stack:
        parent = stack.pop()
        kids = _outline_kids(parent)
        stack += [k for k in kids if "/First" in k]
        if len(kids) <= _OUTLINE_RUN:
            continue
        changed = True
        while len(kids) > _OUTLINE_RUN:
            groups: list[pikepdf.Object] = []
            for start in range(0, len(kids), _OUTLINE_RUN):
                run = kids[start:start + _OUTLINE_RUN]
                group = doc.make_indirect(Dictionary(
                    Title=String(f"{_outline_head(run[0])} to {_outline_head(run[-1])}"),
                    Count=-1))
                for key in ("/Dest", "/A"):
                    if key in run[0]:
                        group[key] = run[0][key]
                _link_outline(group, run)
                groups.append(group)
            kids = groups
        _link_outline(parent, kids)
    if changed:
        _count_outline(outlines)


def _outline_kids(item: pikepdf.Object) -> list[pikepdf.Object]:
    kids, kid = [], item.get("/First")
    while kid is not None:
        kids.append(kid)
        kid = kid.get("/Next")
    return kids


def _outline_head(item: pikepdf.Object) -> str:
    """An entry's short name: "EH 7" from "EH 7: Early help cases closed"."""
    title = str(item.get("/Title", ""))
    return title.split(": ", 1)[0] if ": " in title else title[:40]


def _link_outline(parent: pikepdf.Object, kids: list[pikepdf.Object]) -> None:
    parent.First, parent.Last = kids[0], kids[-1]
    for n, kid in enumerate(kids):
        kid.Parent = parent
        for key, other in (("/Prev", n - 1), ("/Next", n + 1)):
            if 0 <= other < len(kids):
                kid[key] = kids[other]
            elif key in kid:
                del kid[key]


def _count_outline(item: pikepdf.Object) -> int:
    """Set /Count through the tree (negative: closed); returns the entries shown when open."""
    shown = 0
    for kid in _outline_kids(item):
        below = _count_outline(kid)
        shown += 1 + (below if int(kid.get("/Count", 0)) > 0 else 0)
    if "/First" in item:
        closed = item.get("/Type") != Name.Outlines and int(item.get("/Count", 0)) < 0
        item.Count = -shown if closed else shown
    return shown
