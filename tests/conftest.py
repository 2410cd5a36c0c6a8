"""Shared fixtures: the real reference scorecard and its sample paper, judged once per session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from committee_report.paths import data_dir, sample_paper

REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"


def pytest_configure(config: pytest.Config) -> None:
    """Charts drawn by tests go to a cache of the run's own, never the user's."""
    import os
    import tempfile

    os.environ["COMMITTEE_REPORT_CACHE"] = tempfile.mkdtemp(prefix="committee-report-test-cache-")
    _check_every_paper_for_private_text()


PRIVATE_PATH = re.compile(r"(?<![\w.])(?:/(?:home|tmp|work|root|Users|var|private|mnt)/|"
                          r"[A-Za-z]:\\)")


def private_text(pdf: bytes, report=None, names: tuple[str, ...] = ()) -> list[str]:
    """What a paper must never show: an absolute path, or the name of an input file (the
    report's scorecard, and any of `names`)."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = _pdftotext(pdf)
    if text is None:  # no poppler: pypdf reads the text too, ten times slower
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    text += "\n" + "\n".join(str(v) for v in (reader.metadata or {}).values())
    found = [match.group(0) for match in PRIVATE_PATH.finditer(text)]
    if report is not None:
        source = Path(report.scorecard.path)
        names += (source.name, str(source.parent))
    for name in names:
        if name in text or name.encode() in pdf:
            found.append(name)
    return found


def _pdftotext(pdf: bytes) -> str | None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def _check_every_paper_for_private_text() -> None:
    """Every paper a test builds in this process is checked as it is made: no absolute path
    and no input file name in its text, properties or bytes."""
    from committee_report import build

    render = build.render

    def checked(*args, **kwargs):
        pdf, report = render(*args, **kwargs)
        leaked = private_text(pdf, report)
        assert not leaked, f"private text in a built paper: {leaked}"
        return pdf, report

    build.render = checked


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return data_dir() / "croydon-2022-02"


@pytest.fixture(scope="session")
def sample_report():
    from committee_report.pipeline import load_report

    report, _ = load_report(sample_paper())
    return report


@pytest.fixture(scope="session")
def judged(sample_report):
    return {a.id: a for a in sample_report.assessments}
