"""Shared fixtures: the real reference scorecard and its sample paper, judged once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee_report.paths import data_dir, sample_paper

REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"


def pytest_configure(config: pytest.Config) -> None:
    """Charts drawn by tests go to a cache of the run's own, never the user's."""
    import os
    import tempfile

    config.addinivalue_line("markers", "pdf: builds whole PDF papers (slower; -m 'not pdf' skips)")

    os.environ["COMMITTEE_REPORT_CACHE"] = tempfile.mkdtemp(prefix="committee-report-test-cache-")


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
