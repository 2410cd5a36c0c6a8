"""Tagged PDF, the post-pass: the structure record drawn by pdf/marking.py written as the
structure tree (PDF text appended as an incremental update), with MarkInfo, Lang,
DisplayDocTitle, XMP metadata and the sRGB output intent added with pikepdf, which saves one
clean file. Content drawn outside any mark is made an Artifact here.
"""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from committee_report.pdf.metadata import _write_catalog
from committee_report.pdf.outline import _nest_long_outlines
from committee_report.pdf.structure import (
    _ATTRIBUTE_OWNERS,
    DocumentMeta,
    _Annot,
    _Elem,
)

_TEXT_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_PATH_BUILD = frozenset({"m", "l", "c", "v", "y", "h", "re"})
_PATH_PAINT = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})


def finish_document(
    pdf: bytes,
    meta: DocumentMeta,
    root: _Elem,
    mcids: dict[int, list[_Elem]],
    elems: list[_Elem],
    *,
    repair: bool,
) -> tuple[bytes, list[str]]:
    """The finished file, and the content drawn outside any mark that was made an Artifact
    (only looked for with `repair`)."""
    with pikepdf.open(io.BytesIO(pdf)) as drawn:
        links = _find_links(drawn, root, elems)
        _link_text(links, elems, mcids)
        tree = _tree_update(pdf, drawn, root, mcids, links)
    doc = pikepdf.open(io.BytesIO(pdf + tree.update))
    warnings: list[str] = []
    for number, page in enumerate(doc.pages, start=1):
        if repair:
            warnings += _artifact_untagged(doc, page, number)
        page.obj.Tabs = Name.S
        if number in mcids:
            page.obj.StructParents = number - 1
        if _has_transparency(page):
            page.obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
    titles = _outline_titles(doc)
    for objgen, key in tree.annots.items():
        _mark_link(doc.get_object(objgen), key, titles)
    doc.Root.StructTreeRoot = doc.get_object((tree.root, 0))
    _clean_to_unicode(_objects(doc, range(1, tree.first)))
    _nest_long_outlines(doc)
    _write_catalog(doc, meta)
    _encode_streams(_objects(doc, range(1, tree.first), after=tree.end))
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=False)
    return out.getvalue(), warnings


def _artifact_untagged(
    doc: pikepdf.Pdf, page: pikepdf.Page, number: int, write: bool = True, quiet_paths: bool = True
) -> list[str]:
    """Wrap every piece of content drawn outside marked content in /Artifact BMC ... EMC.

    Paths (rules, backgrounds ReportLab draws on its own) go quietly unless `quiet_paths` is
    off; text and images are reported, since they are usually something the layout forgot to
    mark. With `write` off the page is only inspected."""
    out: list = []
    unit: list = []
    found: list[str] = []
    depth = q = 0
    art_q: int | None = None
    changed = False

    def close() -> None:
        nonlocal art_q
        if art_q is not None:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            art_q = None

    def emit(items: list, kind: str | None) -> None:
        nonlocal art_q, changed
        if kind and art_q is None:
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
            art_q, changed = q, True
        if kind in ("text", "image") or (kind == "path" and not quiet_paths):
            found.append(f"page {number}: untagged {kind}" + (" made an Artifact" if write else ""))
        out.extend(items)

    for item in pikepdf.parse_content_stream(page):
        inline = isinstance(item, pikepdf.ContentStreamInlineImage)
        op = "INLINE" if inline else str(item.operator)
        if unit:  # inside a text object or a path, at depth 0
            unit.append(item)
            if op == "ET":
                emit(unit, "text" if any(str(i.operator) in _TEXT_SHOW for i in unit) else None)
                unit = []
            elif op in _PATH_PAINT and str(unit[0].operator) != "BT":
                emit(unit, "path" if op != "n" else None)
                unit = []
            continue
        if op in ("BDC", "BMC"):
            close()
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif depth == 0 and (op == "BT" or op in _PATH_BUILD):
            unit = [item]
            continue
        elif depth == 0 and op in ("Do", "sh", "INLINE"):
            emit([item], "image" if op != "sh" else "path")
            continue
        elif op == "q":
            q += 1
        elif op == "Q":
            if art_q == q:
                close()
            q -= 1
        out.append(item)
    out.extend(unit)
    close()
    if changed and write:
        page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(out))
    return found


def _find_links(doc: pikepdf.Pdf, root: _Elem, elems: list[_Elem]) -> dict[int, list[_Elem]]:
    """A Link element for each link annotation, to go inside the smallest element drawn
    around it (PDF/UA-1 7.18.5); by id(owner). Nothing in `doc` is changed."""
    found: dict[int, list[tuple[tuple[int, int], float, float]]] = {}
    for number, page in enumerate(doc.pages, start=1):
        for annot in page.obj.get("/Annots", Array()):
            if annot.get("/Subtype") == Name.Link:
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                found.setdefault(number, []).append((annot.objgen, (x0 + x1) / 2, (y0 + y1) / 2))
    if not found:
        return {}
    boxes: dict[int, list[tuple[float, int, _Elem, tuple[float, ...]]]] = {}
    for n, elem in enumerate(elems):  # one pass over the elements, however many links
        for pg, *box in elem.boxes:
            if pg in found:
                area = (box[2] - box[0]) * (box[3] - box[1])
                boxes.setdefault(pg, []).append((area, -n, elem, tuple(box)))
    links: dict[int, list[_Elem]] = {}
    for number, annots in found.items():
        for objgen, cx, cy in annots:
            around = [
                (area, rank, elem)
                for area, rank, elem, (bx0, by0, bx1, by1) in boxes.get(number, [])
                if bx0 <= cx <= bx1 and by0 <= cy <= by1
            ]
            owner = min(around, key=lambda c: c[:2])[2] if around else root
            links.setdefault(id(owner), []).append(_Elem("Link", kids=[_Annot(number, objgen)]))
    return links


def _link_text(
    links: dict[int, list[_Elem]], elems: list[_Elem], mcids: dict[int, list[_Elem]]
) -> None:
    """A link that is all of its element's text (a contents entry) holds that text: the
    element's marked content moves into the Link, so the link is named by its own words
    (PDF/UA-1 7.18.1) and the ParentTree points at it. Other links keep their place."""
    by_id = {id(e): e for e in elems}
    for key, found in links.items():
        owner = by_id.get(key)
        if (
            owner is None
            or len(found) != 1
            or not owner.kids
            or not all(type(kid) is tuple for kid in owner.kids)
        ):
            continue
        link = found[0]
        link.kids = [*owner.kids, *link.kids]
        for page, mcid in owner.kids:  # type: ignore[misc]
            row = mcids.get(page, [])
            if mcid < len(row) and row[mcid] is owner:
                row[mcid] = link
        owner.kids = []


def _outline_titles(doc: pikepdf.Pdf) -> dict[tuple, str]:
    """Each bookmark's title by its destination (page and position): the heading a link to
    the same place goes to."""
    found: dict[tuple, str] = {}
    stack = [doc.Root.Outlines.get("/First")] if "/Outlines" in doc.Root else []
    seen: set = set()
    while stack:
        item = stack.pop()
        if item is None or item.objgen in seen:
            continue
        seen.add(item.objgen)
        if "/Dest" in item:
            found.setdefault(_dest_key(item.Dest), str(item.get("/Title", "")))
        stack += [item.get("/Next"), item.get("/First")]
    return found


def _dest_key(dest: pikepdf.Object) -> tuple:
    items = list(dest) if isinstance(dest, Array) else []
    return tuple(i.objgen if isinstance(i, Dictionary) else str(i) for i in items)


def _mark_link(annot: pikepdf.Object, key: int, titles: dict[tuple, str] | None = None) -> None:
    """A link annotation printable, described (/Contents: the heading it goes to, else its
    address) and tied to its Link element (PDF/UA-1 7.18.5, PDF/A-2 6.3.2)."""
    annot.F = int(annot.get("/F", 0)) | 4
    if not str(annot.get("/Contents", "")).strip():
        uri = str(annot.get("/A", Dictionary()).get("/URI", ""))
        title = (titles or {}).get(_dest_key(annot.get("/Dest", Array())), "")
        annot.Contents = String(
            f"Link to {uri}" if uri else title if title else "Link to another part of this document"
        )
    annot.StructParent = key


def _objects(
    doc: pikepdf.Pdf, numbers: range, after: int | None = None
) -> Iterator[pikepdf.Object]:
    """The objects numbered in `numbers`, then (with `after`) every object numbered from
    `after` on: all but the structure tree's, which hold no fonts or streams and are never
    loaded one by one (a large paper has tens of thousands)."""
    for number in numbers:
        obj = doc.get_object((number, 0))
        if obj is not None:
            yield obj
    if after is None:
        return
    following = after
    while True:
        obj = doc.get_object((following, 0))
        if obj is None:
            return
        yield obj
        following += 1


def _clean_to_unicode(objects: Iterable[pikepdf.Object]) -> None:
    """Drop the U+0000 entries ReportLab writes for the unused codes 0-31 of a TTF subset:
    PDF/A-2 and PDF/UA-1 reject U+0000 as a Unicode value, and no text uses those codes."""
    for obj in objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is None:
            continue
        text = cmap.read_bytes().decode("latin-1")
        match = re.search(r"\d+ beginbfchar\n(.*?)\nendbfchar", text, re.S)
        if not match or "beginbfrange" in text:
            continue
        pairs = re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", match.group(1))
        kept = [(code, uni) for code, uni in pairs if int(uni, 16) not in (0, 0xFEFF, 0xFFFE)]
        if len(kept) == len(pairs):
            continue
        blocks = [kept[i : i + 100] for i in range(0, len(kept), 100)]  # CMap limit per block
        body = "\n".join(
            f"{len(b)} beginbfchar\n" + "\n".join(f"<{c}> <{u}>" for c, u in b) + "\nendbfchar"
            for b in blocks
        )
        cmap.write((text[: match.start()] + body + text[match.end() :]).encode("latin-1"))


def _has_transparency(page: pikepdf.Page) -> bool:
    resources = page.obj.get("/Resources", Dictionary())
    for xobject in resources.get("/XObject", Dictionary()).values():
        if "/SMask" in xobject or "/Group" in xobject:
            return True
    for state in resources.get("/ExtGState", Dictionary()).values():
        if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
            return True
    return False


@dataclass(frozen=True)
class _TreeUpdate:
    update: bytes
    """An incremental update to the drawn file holding the structure tree's objects."""
    root: int
    """The StructTreeRoot's object number."""
    first: int
    end: int
    """The tree's objects are numbered from `first` up to (not including) `end`."""
    annots: dict[tuple[int, int], int]
    """Each link annotation's StructParent key."""


def _tree_update(
    pdf: bytes,
    doc: pikepdf.Pdf,
    root: _Elem,
    mcids: dict[int, list[_Elem]],
    links: dict[int, list[_Elem]],
) -> _TreeUpdate:
    """The StructTreeRoot, its elements and ParentTree, as PDF text appended to the drawn file.

    A paper has tens of thousands of elements; written as text in one pass and parsed by qpdf
    they cost a tenth of building each through pikepdf, call by call. Elements are numbered in
    reading order; an element's marked content on its own page (/Pg) is a bare MCID."""
    pages = [f"{page.obj.objgen[0]} {page.obj.objgen[1]} R" for page in doc.pages]
    first = int(doc.trailer.Size)
    numbers: dict[int, int] = {}
    order: list[tuple[_Elem, int]] = []  # (element, parent's number), parents first
    stack = [(root, first)]
    while stack:
        elem, parent = stack.pop()
        number = numbers[id(elem)] = first + 2 + len(order)
        order.append((elem, parent))
        kids = [*elem.kids, *links[id(elem)]] if id(elem) in links else elem.kids
        stack += [(kid, number) for kid in reversed(kids) if isinstance(kid, _Elem)]
    end = first + 2 + len(order)
    annots: dict[tuple[int, int], int] = {}
    annot_elems: list[int] = []
    body: list[str] = [
        f"{first} 0 obj\n<< /Type /StructTreeRoot /K {first + 2} 0 R /ParentTree {first + 1} 0 R"
        f" /ParentTreeNextKey {{next_key}} >>\nendobj\n",
        "",  # the ParentTree, once the links' keys are known
    ]
    for elem, parent in order:
        number = numbers[id(elem)]
        kids = [*elem.kids, *links[id(elem)]] if id(elem) in links else elem.kids
        if (
            len(kids) == 1
            and type(kids[0]) is tuple
            and not elem.alt
            and not elem.extra
            and not elem.attrs
            and elem.role != "Figure"
        ):  # most: one cell, one MCID
            page, mcid = kids[0]
            body.append(
                f"{number} 0 obj\n<< /Type /StructElem /S /{elem.role} /P {parent} 0 R"
                f" /Pg {pages[page - 1]} /K {mcid} >>\nendobj\n"
            )
            continue
        home = next((kid[0] for kid in kids if isinstance(kid, tuple)), None)
        home = home or next((kid.page for kid in kids if isinstance(kid, _Annot)), None)
        entry = [f"{number} 0 obj\n<< /Type /StructElem /S /{elem.role} /P {parent} 0 R"]
        if home:
            entry.append(f" /Pg {pages[home - 1]}")
        if elem.alt:
            entry.append(f" /Alt {_pdf_text(elem.alt)}")
        for key, value in elem.extra.items():
            entry.append(f" /{key} {_pdf_text(value)}")
        if elem.attrs or elem.role == "Figure":
            attributes = _attributes_text(elem)
            if attributes:
                entry.append(f" /A {attributes}")
        refs: list[str] = []
        for kid in kids:
            if isinstance(kid, _Elem):
                refs.append(f"{numbers[id(kid)]} 0 R")
            elif isinstance(kid, _Annot):
                annots[kid.objgen] = len(pages) + len(annot_elems)
                annot_elems.append(number)
                refs.append(
                    f"<< /Type /OBJR /Obj {kid.objgen[0]} {kid.objgen[1]} R"
                    f" /Pg {pages[kid.page - 1]} >>"
                )
            elif kid[0] == home:
                refs.append(str(kid[1]))
            else:
                refs.append(f"<< /Type /MCR /Pg {pages[kid[0] - 1]} /MCID {kid[1]} >>")
        if len(refs) == 1:
            entry.append(f" /K {refs[0]}")
        elif refs:
            entry.append(f" /K [{' '.join(refs)}]")
        entry.append(" >>\nendobj\n")
        body.append("".join(entry))
    nums: list[str] = []
    for page in sorted(mcids):
        nums.append(f"{page - 1} [{' '.join(f'{numbers[id(e)]} 0 R' for e in mcids[page])}]")
    nums += [f"{len(pages) + key} {number} 0 R" for key, number in enumerate(annot_elems)]
    body[0] = body[0].replace("{next_key}", str(len(pages) + len(annot_elems)))
    body[1] = f"{first + 1} 0 obj\n<< /Nums [{' '.join(nums)}] >>\nendobj\n"
    return _TreeUpdate(_increment(pdf, doc, first, body), first, first, end, annots)


def _increment(pdf: bytes, doc: pikepdf.Pdf, first: int, objects: list[str]) -> bytes:
    """Objects numbered from `first`, as an incremental update (ISO 32000-1 7.5.6) to `pdf`."""
    out = bytearray(b"" if pdf.endswith(b"\n") else b"\n")
    offsets = []
    for text in objects:
        offsets.append(len(pdf) + len(out))
        out += text.encode("latin-1")  # ASCII: strings are escaped or in hex
    xref = len(pdf) + len(out)
    previous = int(pdf[pdf.rindex(b"startxref") + 9 :].split()[0])
    trailer = [
        f"/Size {first + len(objects)}",
        "/Root {} {} R".format(*doc.Root.objgen),
        f"/Prev {previous}",
    ]
    if "/Info" in doc.trailer:
        trailer.append("/Info {} {} R".format(*doc.trailer.Info.objgen))
    out += (
        f"xref\n{first} {len(objects)}\n".encode("ascii")
        + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        + f"trailer\n<< {' '.join(trailer)} >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    )
    return bytes(out)


def _pdf_text(value: str) -> str:
    """A PDF text string: printable ASCII as a literal, anything else UTF-16BE in hex."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"
    return f"<FEFF{value.encode('utf-16-be').hex().upper()}>"


def _attributes_text(elem: _Elem) -> str:
    """The element's attribute dictionaries, one per owner (Table, Layout, List)."""
    attrs = dict(elem.attrs)
    if elem.role == "Figure" and elem.boxes:
        _, x0, y0, x1, y1 = elem.boxes[0]
        attrs["BBox"] = [round(v, 2) for v in (x0, y0, x1, y1)]
        attrs.setdefault("Placement", "Block")
    owners: dict[str, list[str]] = {}
    for key, value in attrs.items():
        entries = owners.setdefault(_ATTRIBUTE_OWNERS[key], [])
        if isinstance(value, str):
            entries.append(f"/{key} /{value}")
        elif isinstance(value, list):
            entries.append(f"/{key} [{' '.join(_pdf_number(v) for v in value)}]")
        else:
            entries.append(f"/{key} {_pdf_number(value)}")
    dicts = [f"<< /O /{owner} {' '.join(entries)} >>" for owner, entries in owners.items()]
    if len(dicts) > 1:
        return f"[{' '.join(dicts)}]"
    return dicts[0] if dicts else ""


def _pdf_number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number for a structure attribute: {value!r}")
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _encode_streams(objects: Iterable[pikepdf.Object]) -> None:
    """Compress every plain stream ourselves, and wrap any whose encoded bytes end in CR.

    A stream ending in CR is followed by the CR LF before `endstream`, which PDF/A validators
    read as an end-of-line marker, so its /Length looks one byte off. The last bytes of Flate
    data are a checksum of the content, so re-compressing cannot help; an ASCII85 layer over
    the encoded bytes always ends in `~>`. qpdf is told not to compress at save, so no stream
    escapes this check; XMP metadata stays uncompressed as PDF/A requires.
    """
    for obj in objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") == Name.Metadata:
            continue
        if obj.get("/Filter") is None:
            obj.write(zlib.compress(obj.read_raw_bytes(), 6), filter=Name.FlateDecode)
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        given = obj.get("/Filter")
        filters = list(given) if isinstance(given, pikepdf.Array) else [given]
        given_parms = obj.get("/DecodeParms")
        parms = None
        if given_parms is not None:
            listed = list(given_parms) if isinstance(given_parms, pikepdf.Array) else [given_parms]
            parms = Array([None, *listed])
        obj.write(
            base64.a85encode(raw) + b"~>",
            filter=Array([Name.ASCII85Decode, *filters]),
            decode_parms=parms,
        )
