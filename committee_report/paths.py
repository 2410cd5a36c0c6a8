"""Where the bundled layouts, sample data and fonts live, installed or in a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resource_root() -> Path:
    """The folder holding `layouts/`, `data/` and `fonts/`.

    A wheel installs them as the `committee_report.resources` package; an editable install or a
    plain checkout finds them at the top of the repository, next to the package.
    """
    try:
        import committee_report.resources as resources  # type: ignore[import-not-found]

        for entry in resources.__path__:
            if (Path(entry) / "layouts").is_dir():
                return Path(entry)
    except ImportError:
        pass
    return Path(__file__).resolve().parent.parent


def layouts_dir() -> Path:
    return resource_root() / "layouts"


def fonts_dir() -> Path:
    return resource_root() / "fonts"


def data_dir() -> Path:
    return resource_root() / "data"


def sample_paper() -> Path:
    """The bundled sample paper config: what `build` uses when given no input."""
    return data_dir() / "croydon-2022-02" / "paper.yaml"
