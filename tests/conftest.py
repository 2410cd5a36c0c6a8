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


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection loaded (modules, the libraries they import, every test item) lives for
    the whole run: moved out of the cycle collector's sight once collected, so its full
    collections, and pytest's own at the end, no longer walk it again and again (about a
    seventh of the logic tests' time)."""
    import gc

    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After each test module (its module fixtures torn down): its garbage collected, and what
    lives on (session fixtures, memos) frozen as collection's was, so later modules' full
    collections do not walk it again (about a second of the logic tests under load). Frozen
    objects are still freed when their last reference goes; only their cycles wait for exit."""
    if nextitem is None or nextitem.module is not item.module:
        import gc

        gc.collect()
        gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A `slow` test (one that starts another interpreter) is selected as a `pdf` test is:
    `pytest -m "not pdf"` stays the quick logic tests, and the full suite runs both."""
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("pdf"):
            item.add_marker(pytest.mark.pdf)


WHOLLY_PDF = re.compile(r"^pytestmark = pytest\.mark\.pdf *(#.*)?$", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A test file marked `pdf` as a whole is not even imported when `-m` leaves out every
    pdf test: the same tests run, without importing (and rewriting the asserts of) the PDF
    test modules and the libraries they load. pytest then counts them as not collected
    rather than deselected."""
    if not (collection_path.name.startswith("test_") and collection_path.suffix == ".py"):
        return None
    markexpr = config.getoption("markexpr", "")
    if not markexpr or _selects_some_pdf_test(markexpr):
        return None
    try:
        text = collection_path.read_text(encoding="utf-8")
    except OSError:
        return None
    return True if WHOLLY_PDF.search(text) else None


def _selects_some_pdf_test(markexpr: str) -> bool:
    """Whether `-m markexpr` could select a test marked pdf, whatever its other marks: the
    expression is tried with pdf set and every other name it mentions set or not."""
    from itertools import product

    from _pytest.mark.expression import Expression

    try:
        expression = Expression.compile(markexpr)
    except Exception:  # pytest reports a bad expression itself
        return True
    names = sorted(set(re.findall(r"[^\s()]+", markexpr)) - {"and", "or", "not", "pdf"})
    if len(names) > 10:
        return True
    for values in product((False, True), repeat=len(names)):
        marks = dict(zip(names, values), pdf=True)
        if expression.evaluate(lambda name, /, marks=marks, **kwargs: marks.get(name, False)):
            return True
    return False


PRIVATE_PATH = re.compile(
    r"(?<![\w.])(?:/(?:home|tmp|work|root|Users|var|private|mnt)/|"
    r"[A-Za-z]:\\)"
)


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
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
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
