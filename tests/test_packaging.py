"""A non-editable install finds its layouts, sample data and fonts, from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.pdf  # builds a wheel, installs it and builds the sample paper with it


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("committee_report-*.whl")
    return built


def test_wheel_carries_layouts_data_and_fonts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    resources = "committee_report/resources/"
    assert f"{resources}data/croydon-2022-02/scorecard.tsv" in names
    assert f"{resources}data/croydon-2022-02/paper.yaml" in names
    assert f"{resources}data/croydon-dfe-annual-2019-2023/scorecard.tsv" in names
    assert f"{resources}data/croydon-dfe-annual-2019-2023/paper.yaml" in names
    assert f"{resources}data/rules.yaml" in names
    assert f"{resources}layouts/default.yaml" in names
    assert any(n.startswith(f"{resources}fonts/") and n.endswith(".ttf") for n in names)
    assert any(n.startswith(f"{resources}fonts/") and "OFL" in n.upper() for n in names) or any(
        n.startswith(f"{resources}fonts/") and "LICENSE" in n.upper() for n in names
    )
    assert not any(n.startswith(f"{resources}tests/") or "/.venv/" in n for n in names)


def test_installed_wheel_builds_the_sample_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # Dependencies come from the test environment's site-packages, listed after the fresh one;
    # .pth files there (our editable install) are not processed, so our package is the wheel's.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "PYTHONNOUSERSITE": "1"}
    run = tmp_path / "elsewhere"
    run.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import committee_report.paths as p; print(p.resource_root())"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(purelib)
    result = subprocess.run(
        [str(env_dir / "bin" / "committee-report"), "build", "-o", "paper.pdf"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote paper.pdf: ")
    assert (run / "paper.pdf").read_bytes().startswith(b"%PDF-")
