"""Checks of a finished tagged PDF: content left unmarked, and the structure rules the
validators do not all check (headings in order, table headers with a scope, figures with alt
text, fonts embedded)."""

from __future__ import annotations

import io
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name

from committee_report.pdf.finish import _artifact_untagged
from committee_report.pdf.structure import STANDARD_ROLES, _Elem


def untagged_content(path: str) -> list[str]:
    """Every piece of content (text, image or path) drawn outside marked content, by page."""
    found: list[str] = []
    with pikepdf.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            found += _artifact_untagged(doc, page, number, write=False, quiet_paths=False)
    return found


def check_structure(path: str | BinaryIO) -> list[str]:
    """What a reader of the tagged file would trip over, one line each; empty when fine.

    Complements page-validation with checks of our own: H1 first and no skipped heading level,
    every Figure has Alt, table and list nesting, TH Scope, fonts embedded, catalog flags."""
    with pikepdf.open(path) as doc:
        problems = _catalog_problems(doc)
        if "/StructTreeRoot" not in doc.Root:
            return problems + ["structure: no StructTreeRoot"]
        return problems + tree_problems(_file_kids(doc.Root.StructTreeRoot))


def check_held(pdf: bytes, root: _Elem) -> list[str]:
    """`check_structure` for a paper just finished: the catalog and pages read from its bytes
    (no page content is parsed), the structure tree checked as the build holds it (the same
    rules, without reading forty thousand elements back through pikepdf)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        problems = _catalog_problems(doc)
        if "/StructTreeRoot" not in doc.Root:
            return problems + ["structure: no StructTreeRoot"]
    return problems + tree_problems(_held_kids(root))


def _catalog_problems(doc: pikepdf.Pdf) -> list[str]:
    problems: list[str] = []
    root = doc.Root
    if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
        problems.append("catalog: MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")):
        problems.append("catalog: no /Lang")
    if not bool(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)):
        problems.append("catalog: ViewerPreferences /DisplayDocTitle is not true")
    xmp = root.Metadata.read_bytes() if "/Metadata" in root else b""
    if b"pdfuaid:part>1<" not in xmp:
        problems.append("catalog: XMP metadata does not claim PDF/UA-1 (pdfuaid:part)")
    seen: set = set()
    for number, page in enumerate(doc.pages, start=1):
        if page.obj.get("/Tabs") != Name.S:
            problems.append(f"page {number}: /Tabs is not /S")
        problems += [
            f"page {number}: font {name} is not embedded"
            for name in _unembedded_fonts(page.obj.get("/Resources"), seen)
        ]
    return problems


def _unembedded_fonts(resources: pikepdf.Object | None, seen: set | None = None) -> list[str]:
    seen = set() if seen is None else seen
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return []
    seen.add(resources.objgen)
    missing = []
    for font in resources.get("/Font", Dictionary()).values():
        if font.get("/Subtype") == Name.Type3:
            continue
        target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor", Dictionary())
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font.get("/BaseFont", "?")))
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form:
            missing += _unembedded_fonts(xobject.get("/Resources"), seen)
    return missing


_PARENTS = {
    "TR": ("Table", "THead", "TBody", "TFoot"),
    "TH": ("TR",),
    "TD": ("TR",),
    "LI": ("L",),
    "Lbl": ("LI",),
    "LBody": ("LI",),
}

Node = tuple[str, str, bool, list]
"""A structure element as the checks see it: role, Alt text, whether it has a Scope
attribute, and its element kids (as nodes), read from a file or from the held tree."""


def tree_problems(top: list[Node]) -> list[str]:
    """The structure rules over the tree's top elements (the kids of StructTreeRoot)."""
    problems: list[str] = []
    level = 0
    counts: dict[str, int] = {}

    def walk(node: Node, parent_role: str) -> bool:
        """Checks `node` and below; whether a TH is among them (for the Table rule)."""
        nonlocal level
        role, alt, scoped, kids = node
        counts[role] = counts.get(role, 0) + 1
        where = f"{role} #{counts[role]}"
        if role not in STANDARD_ROLES:
            problems.append(f"structure: {where} is not a standard structure type")
        if parent_role == "StructTreeRoot" and role != "Document":
            problems.append(f"structure: the root element is {role}, not Document")
        if role in _PARENTS and parent_role not in _PARENTS[role]:
            problems.append(f"structure: {where} is inside {parent_role}, not {_PARENTS[role][0]}")
        if role[:1] == "H" and role[1:].isdigit():
            wanted = int(role[1:])
            if level == 0 and wanted != 1:
                problems.append(f"structure: the first heading is {role}, not H1")
            elif wanted > level + 1 and level:
                problems.append(f"structure: {role} follows H{level}, skipping a level")
            level = wanted
        if role == "Figure" and not alt.strip():
            problems.append(f"structure: {where} has no Alt text")
        if role == "TH" and not scoped:
            problems.append(f"structure: {where} has no Scope")
        header = role == "TH"
        for kid in kids:
            header = walk(kid, role) or header
        if role == "Table" and not header:
            problems.append(f"structure: {where} has no header cells (TH)")
        return header

    for node in top:
        walk(node, "StructTreeRoot")
    return problems


def _held_kids(root: _Elem) -> list[Node]:
    """The held tree as nodes, its Document element on top (as written: pdf/finish.py)."""

    def node(elem: _Elem) -> Node:
        return (
            elem.role,
            elem.alt or "",
            "Scope" in elem.attrs,
            [node(k) for k in elem.kids if isinstance(k, _Elem)],
        )

    return [node(root)]


def _file_kids(elem: pikepdf.Object) -> list[Node]:
    def node(e: pikepdf.Object) -> Node:
        role = str(e.get("/S", "/?"))[1:]
        alt = str(e.get("/Alt", "")) if role == "Figure" else ""
        scoped = role == "TH" and any("/Scope" in a for a in _attributes(e))
        return (role, alt, scoped, [node(k) for k in _kids(e)])

    return [node(k) for k in _kids(elem)]


def _kids(elem: pikepdf.Object) -> list[pikepdf.Object]:
    kids = elem.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [
        k
        for k in items
        if isinstance(k, Dictionary)
        and k.get("/Type", Name.StructElem) == Name.StructElem
        and "/S" in k
    ]


def _attributes(elem: pikepdf.Object) -> list[pikepdf.Object]:
    attrs = elem.get("/A")
    if attrs is None:
        return []
    return [
        a
        for a in (list(attrs) if isinstance(attrs, Array) else [attrs])
        if isinstance(a, Dictionary)
    ]


def page_count(pdf: bytes) -> int:
    """The pages of a finished PDF, from the page tree's own count (no page is read); the XMP
    metadata is parsed on the way, since the PDF/A and PDF/UA claims rest on it (an
    ElementTree.ParseError here is our bug)."""
    import xml.etree.ElementTree as ElementTree

    with pikepdf.open(io.BytesIO(pdf)) as document:
        metadata = document.Root.get("/Metadata")
        if metadata is not None:
            ElementTree.fromstring(metadata.read_bytes())
        return int(document.Root.Pages.Count)
