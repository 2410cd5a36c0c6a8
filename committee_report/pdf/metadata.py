"""The document's metadata, written once from one record so that they agree: the Info
dictionary, XMP (with the PDF/UA and PDF/A identification), language, title display and the
sRGB output intent."""

from __future__ import annotations

import datetime as dt
import hashlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from committee_report.pdf.structure import DocumentMeta


def srgb_profile() -> bytes:
    """Pillow's built-in sRGB ICC profile with its creation date fixed, so builds repeat."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01T00:00:00
    data[84:100] = bytes(16)
    scratch = bytearray(data)
    scratch[44:48] = scratch[64:68] = bytes(4)
    data[84:100] = hashlib.md5(scratch).digest()  # ICC profile ID over the zeroed fields
    return bytes(data)


def _pdf_date(date: dt.date) -> str:
    return f"D:{date:%Y%m%d}000000Z"


def _write_catalog(doc: pikepdf.Pdf, meta: DocumentMeta) -> None:
    """Catalog flags, Info and XMP written from one DocumentMeta, and the sRGB output intent."""
    root = doc.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(meta.lang)
    root.ViewerPreferences = root.get("/ViewerPreferences", Dictionary())
    root.ViewerPreferences.DisplayDocTitle = True
    if "/AcroForm" in root and not len(root.AcroForm.get("/Fields", Array())):
        del root.AcroForm
    producer = "ReportLab PDF Library; pikepdf"
    info = Dictionary(
        Title=String(meta.title), Creator=String(meta.creator), Producer=String(producer)
    )
    if meta.author:
        info.Author = String(meta.author)
    if meta.subject:
        info.Subject = String(meta.subject)
    if meta.keywords:
        info.Keywords = String(", ".join(meta.keywords))
    if meta.date:
        info.CreationDate = info.ModDate = String(_pdf_date(meta.date))
    doc.trailer.Info = doc.make_indirect(info)
    xmp = _xmp(meta, producer).encode("utf-8")
    root.Metadata = doc.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    icc = doc.make_stream(srgb_profile(), N=3)
    root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String("sRGB"),
                Info=String("sRGB IEC61966-2.1"),
                DestOutputProfile=icc,
            )
        ]
    )


def escape(text: str) -> str:
    """XML character data: &, < and > escaped, as xml.sax.saxutils.escape does (whose import
    pulls in urllib, http and ssl: a tenth of a second of every build)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _xmp(meta: DocumentMeta, producer: str) -> str:
    e = escape
    rows = [
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt>'
        "</dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if meta.author:
        rows.append(
            f"<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if meta.subject:
        rows.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}'
            "</rdf:li></rdf:Alt></dc:description>"
        )
    rows += [
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        f"<pdf:Producer>{e(producer)}</pdf:Producer>",
    ]
    if meta.keywords:
        rows.append(f"<pdf:Keywords>{e(', '.join(meta.keywords))}</pdf:Keywords>")
    rows += [
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        f"<xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>",
    ]
    if meta.date:
        stamp = f"{meta.date:%Y-%m-%d}T00:00:00Z"
        rows.append(
            f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        )
    rows += [
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
        "<pdfuaid:part>1</pdfuaid:part>",
        "</rdf:Description>",
        _PDFUA_EXTENSION,
    ]
    body = "\n".join(rows)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'{body}\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>'
    )


# PDF/A-2 accepts only predefined XMP schemas unless an extension schema describes the rest.
_PDFUA_EXTENSION = """<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""
