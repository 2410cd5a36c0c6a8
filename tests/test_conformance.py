"""The build checks what it claims (pdf/conformance.py): a paper that fails its PDF/UA-1 or
PDF/A-2a checks is not written, or with --no-conformance is written without the claims."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from committee_report import cli
from committee_report.build import render
from committee_report.pdf import conformance, marking
from committee_report.pdf.checks import check_structure

pytestmark = pytest.mark.pdf

FIGURES = 49
"""The sample's Figures: 16 charts and the 33 KPI rows' sparklines."""


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render(None)[0]


def test_the_sample_meets_its_claims(sample_pdf: bytes):
    assert conformance.problems(sample_pdf) == []
    assert conformance.claims(sample_pdf)


def test_the_checks_on_the_held_tree_agree_with_the_file(monkeypatch):
    """The build checks the structure tree it holds (pdf/checks.check_held), not the tree read
    back from the file: both must find the same problems, on a sound paper and a broken one."""
    held: list[str] = []
    pdf, _ = render(None, problems=held)
    assert held == check_structure(io.BytesIO(pdf)) == []
    _drop_figure_alt(monkeypatch)
    held = []
    pdf, _ = render(None, problems=held, use_cache=False)
    assert held == check_structure(io.BytesIO(pdf))
    assert held[0] == "structure: Figure #1 has no Alt text" and len(held) == FIGURES


def test_drop_claims_removes_only_the_identification(sample_pdf: bytes):
    dropped = conformance.drop_claims(sample_pdf)
    assert not conformance.claims(dropped)
    assert conformance.drop_claims(sample_pdf) == dropped  # deterministic
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(dropped)) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode()
        assert "<dc:language>" in xmp and "dc:title" in xmp


def _drop_figure_alt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test hook: every Figure loses its Alt text, as a regression in tagging would."""
    original = marking.Tagger.mark

    def mark(self, flowable, role, *, alt=None, **kw):  # noqa: ANN001, ANN003, ANN202
        return original(self, flowable, role, alt=" " if role == "Figure" else alt, **kw)

    monkeypatch.setattr(marking.Tagger, "mark", mark)
    monkeypatch.setattr(marking, "_check_role", lambda role, alt: None)  # the guard, bypassed


def test_a_build_that_drops_an_alt_fails_and_writes_nothing(tmp_path: Path, monkeypatch, capsys):
    _drop_figure_alt(monkeypatch)
    out = tmp_path / "paper.pdf"
    assert cli.main(["build", "--no-cache", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "fails its accessibility checks" in err and "has no Alt text" in err
    assert "--no-conformance" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_no_conformance_writes_it_without_the_claims(tmp_path: Path, monkeypatch, capsys):
    _drop_figure_alt(monkeypatch)
    out = tmp_path / "paper.pdf"
    assert cli.main(["build", "--no-cache", "--no-conformance", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Warning:" in err and "without its PDF/UA-1 and PDF/A-2a claims" in err
    assert "has no Alt text" in err
    assert out.exists() and not conformance.claims(out.read_bytes())
