"""The build checks what it claims: a finished paper's PDF/UA-1 and PDF/A-2a claims are held
to the project's own structure checks and, where it is installed, to page-validation's UA-1 and
2a profiles, before the file is written.

`problems(pdf)` lists what fails (empty when the claims hold); `drop_claims(pdf)` removes the
claims from the XMP metadata, for a paper built with `--no-conformance` that fails them. The
checks read the bytes the build already holds (no page is rendered); page-validation reads a
private temporary copy, since it takes a path.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import tempfile
from collections.abc import Callable
from typing import Any

import pikepdf

from committee_report.pdf.checks import check_structure

PROFILES = ("ua1", "2a")
"""page-validation's profiles for the two claims the XMP metadata makes."""

_CLAIMS = re.compile(
    r'<rdf:Description rdf:about="" xmlns:pdfaid="[^"]*">.*?</rdf:Description>\n?'
    r'|<rdf:Description rdf:about="" xmlns:pdfuaid="[^"]*">.*?</rdf:Description>\n?'
    r'|<rdf:Description rdf:about="" xmlns:pdfaExtension="[^"]*".*?</rdf:Description>\n?',
    re.S,
)


def problems(pdf: bytes, *, validator: bool = True, held: list[str] | None = None) -> list[str]:
    """What keeps the paper from its PDF/UA-1 and PDF/A-2a claims, one line each; empty when
    they hold. Our own checks first (catalog, H1 first, no skipped levels, Alt on every
    Figure, TH scopes, fonts embedded: `held` when the build already ran them on the tree it
    holds, else read from the bytes), then page-validation where installed."""
    if held is None:
        held = check_structure(io.BytesIO(pdf))
    found = list(held)
    if validator and importlib.util.find_spec("page") is not None:
        found += _page_validation(pdf)
    return found


_USED_BY: list[int] = []
"""The process that first ran page-validation here. Its native code keeps worker threads, so
a process forked after it (a batch child) would wait forever on them: there it runs in a
fresh interpreter instead."""


def _page_validation(pdf: bytes) -> list[str]:
    if not _USED_BY or _USED_BY[0] == os.getpid():
        _USED_BY[:] = [os.getpid()]
        return _validate(lambda page, profile: page.validate_pdf_bytes(pdf, profile=profile))
    import subprocess
    import sys

    handle, path = tempfile.mkstemp(suffix=".pdf", prefix="committee-report-check-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        done = subprocess.run(
            [sys.executable, "-m", "committee_report.pdf.conformance", path],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            return [f"page-validation could not run: {done.stderr.strip()[-200:]}"]
        return [line for line in done.stdout.splitlines() if line]
    finally:
        os.unlink(path)


def validate(path: str) -> list[str]:
    """page-validation's failures of the file at `path` for each claimed profile."""
    return _validate(lambda page, profile: page.validate_pdf(path, profile=profile))


def _validate(run: Callable[[Any, str], Any]) -> list[str]:
    """Each profile's failures, one profile after the other: side by side they take no less
    time on a busy two-core machine and twice the memory (500 MB at 1,000 indicators)."""
    import page

    return [
        f"{profile}: {f.rule_id}: {f.message}"
        for profile in PROFILES
        for f in run(page, profile).failures
    ]


def drop_claims(pdf: bytes) -> bytes:
    """The paper without its PDF/A and PDF/UA identification in the XMP metadata (the rest of
    the file unchanged in content), for a paper that does not meet them."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8")
        doc.Root.Metadata = doc.make_stream(
            _CLAIMS.sub("", xmp).encode("utf-8"),
            Type=pikepdf.Name.Metadata,
            Subtype=pikepdf.Name.XML,
        )
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()


def claims(pdf: bytes) -> bool:
    """Whether the XMP metadata claims PDF/UA-1 or PDF/A (any part)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if "/Metadata" not in doc.Root:
            return False
        xmp = doc.Root.Metadata.read_bytes()
    return b"pdfuaid:part" in xmp or b"pdfaid:part" in xmp


if __name__ == "__main__":  # the fresh interpreter of `_page_validation`
    import sys

    print("\n".join(validate(sys.argv[1])))
