"""The paper's look, loaded from `layouts/*.yaml` and checked at the edge.

A base YAML plus small overrides (`extends: default`), after rst2pdf; every key checked against
one schema (a typo is a one-line error naming file and key); a frozen `Theme`, never a dict.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from committee_report import limits
from committee_report.errors import Collector, ConfigError
from committee_report.inputs.label_files import label_problem
from committee_report.inputs.report_layout import REPORT_SCHEMA, report_settings
from committee_report.inputs.theme_checks import (  # noqa: F401 - part of this module's API
    GRAPHIC_CONTRAST,
    PAGE_COLOUR,
    TEXT_CONTRAST,
    check_contrast,
    check_glyphs,
    contrast,
    font_coverage,
)
from committee_report.inputs.theme_model import (  # noqa: F401 - part of this module's API
    Branding,
    CategorySwatches,
    ChartColours,
    ChartSettings,
    Colours,
    Directions,
    Fonts,
    Mark,
    Page,
    RagSwatches,
    Sizes,
    Swatch,
    TableSettings,
    Theme,
    TrendWords,
)
from committee_report.inputs.yamlio import load_yaml
from committee_report.paths import fonts_dir, layouts_dir

MM = 72 / 25.4
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "letter": (215.9, 279.4)}
SECTIONS = ("cover", "overview", "kpi_tables", "details", "changes", "appendix")
COLUMNS = (
    "id",
    "title",
    "polarity",
    "months",
    "sparkline",
    "officer",
    "target",
    "rag",
    "basis",
    "headline",
    "trend",
    "comparators",
)
REQUIRED_COLUMNS = ("id", "title", "rag", "headline")
"""What the pages are painted: nothing, so white paper (a layout's `background` fills charts)."""

# Leaf types: "num", "int", "str", "colour", "font", "logo", ("choice", options), ("list", leaf).
_SWATCH = {"fill": "colour", "text": "colour", "symbol": "str", "label": "str"}
_MARK = {"symbol": "str", "word": "str"}
SCHEMA: dict[str, Any] = {
    "name": "str",
    "extends": "str",
    "page": {
        "size": ("choice", tuple(PAGE_SIZES_MM)),
        "orientation": ("choice", ("portrait", "landscape")),
        "table_orientation": ("choice", ("portrait", "landscape")),
        "margins_mm": {"top": "num", "right": "num", "bottom": "num", "left": "num"},
    },
    "fonts": {"regular": "font", "bold": "font", "italic": "font"},
    "sizes": {
        "body": "num",
        "small": "num",
        "table": "num",
        "table_min": "num",
        "h1": "num",
        "h2": "num",
        "h3": "num",
        "cover_title": "num",
    },
    "colours": {
        "text": "colour",
        "muted": "colour",
        "background": "colour",
        "primary": "colour",
        "accent": "colour",
        "rule": "colour",
        "header_fill": "colour",
        "header_text": "colour",
        "band_fill": "colour",
        "band_text": "colour",
        "section_fill": "colour",
        "section_text": "colour",
        "stripe": "colour",
        "notice_fill": "colour",
        "notice_text": "colour",
        "rag": {"green": _SWATCH, "amber": _SWATCH, "red": _SWATCH, "grey": _SWATCH},
        "categories": {"going_well": _SWATCH, "ones_to_watch": _SWATCH, "do_better": _SWATCH},
        "chart": {
            "palette": ("list", "colour"),
            "background": "colour",
            "target": "colour",
            "grid": "colour",
            "text": "colour",
        },
    },
    "trend": {"improving": "str", "stable": "str", "worsening": "str"},
    "direction": {"rising": _MARK, "falling": _MARK, "flat": _MARK},
    "branding": {
        "wordmark": "str",
        "wordmark_sub": "str",
        "strapline": "str",
        "strapline_sub": "str",
        "website": "str",
        "logo": "logo",
        "lang": "str",
    },
    "sections": ("list", ("choice", SECTIONS)),
    "columns": ("list", ("choice", COLUMNS)),
    "chart": {"dpi": "int", "width_mm": "num", "height_mm": "num", "font_size": "num"},
    "table": {"max_rows": "int", "max_title_lines": "int"},
    "data_notes": "bool",
    "report": REPORT_SCHEMA,
    "labels": ("labels",),
}
OPTIONAL_KEYS = {"extends", "branding.logo", "branding.lang", "data_notes", "labels"}


_LOADED: dict[Path, tuple[Theme, tuple[tuple[str, int, int], ...]]] = {}
"""Layouts already loaded in this process, with the stat of every file each was made from: a
batch, or a test run, loads the same layout many times (15 ms each)."""


def _stamps(files: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for name in files:
        st = os.stat(name)
        out.append((name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_theme(name_or_path: str | Path) -> Theme:
    """The layout called `name` in `layouts/`, or the YAML file at a path, merged and checked.
    A layout loaded before is given again while none of its files (layers, fonts, logo) has
    changed since."""
    path = _locate(name_or_path)
    cached = _LOADED.get(path)
    if cached is not None:
        try:
            if _stamps(tuple(s[0] for s in cached[1])) == cached[1]:
                return cached[0]
        except OSError:
            pass  # a file gone: load again, and let the loader say what is missing
    theme = _load_theme(path)
    try:
        _LOADED[path] = (theme, _stamps(theme.files))
    except OSError:
        pass
    return theme


def _load_theme(path: Path) -> Theme:
    data, origin = _load_layers(path, ())
    where = _Where(origin, str(path))
    problems = Collector()
    _check(data, SCHEMA, "", where, problems)
    problems.check()
    theme = _build(data, path, where)
    files = {
        str(path),
        *where.origin.values(),
        theme.fonts.regular,
        theme.fonts.bold,
        theme.fonts.italic,
        *([theme.branding.logo] if theme.branding.logo else []),
    }
    return replace(theme, files=tuple(sorted(files)))


class _Where:
    """Which file set each key, so an error names the file the user has to edit."""

    def __init__(self, origin: dict[str, str], default: str) -> None:
        self.origin, self.default = origin, default

    def file(self, key: str) -> str:
        parts = key.split(".")
        for n in range(len(parts), 0, -1):
            found = self.origin.get(".".join(parts[:n]))
            if found:
                return found
        return self.default

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.file(key), key, message)


def _locate(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or "/" in text or text.endswith((".yaml", ".yml")):
        path = Path(text)
        if not path.is_file():
            raise ConfigError(text, None, "layout file not found")
        return path
    path = layouts_dir() / f"{text}.yaml"
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in layouts_dir().glob("*.yaml")))
        raise ConfigError(text, None, f"no such layout; available: {names}")
    return path


def _load_layers(path: Path, seen: tuple[Path, ...]) -> tuple[dict, dict[str, str]]:
    """The file merged over the layers it extends, with the file each key came from."""
    if path.resolve() in seen:
        raise ConfigError(str(path), "extends", "layouts extend each other in a loop")
    data = load_yaml(path, "layout")
    origin: dict[str, str] = {}
    _mark_origin(data, "", str(path), origin)
    parent = data.get("extends")
    if parent is None:
        return data, origin
    if not isinstance(parent, str) or not parent:
        raise ConfigError(str(path), "extends", "expected the name of a layout")
    parent_path = path.parent / f"{parent}.yaml"
    if not parent_path.is_file():
        parent_path = layouts_dir() / f"{parent}.yaml"
    if not parent_path.is_file():
        raise ConfigError(str(path), "extends", f"no layout called {parent!r}")
    base, base_origin = _load_layers(parent_path, seen + (path.resolve(),))
    base_origin.update(origin)
    merged = _merge(base, data)
    merged.pop("extends", None)
    return merged, base_origin


def _mark_origin(data: dict, prefix: str, file: str, origin: dict[str, str]) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        origin[dotted] = file
        if isinstance(value, dict):
            _mark_origin(value, dotted + ".", file, origin)


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _check(data: Any, schema: Any, key: str, where: _Where, problems: Collector) -> None:
    """Every key known, every value of the declared type and range, nothing required missing;
    every problem is collected, so `validate` lists them all."""
    if isinstance(schema, dict):
        if not isinstance(data, dict):
            problems.add(where.error(key.rstrip("."), f"expected a mapping, got {_show(data)}"))
            return
        for name in data:
            if name not in schema:
                known = ", ".join(schema)
                problems.add(where.error(f"{key}{name}", f"unknown key; expected one of: {known}"))
        for name, sub in schema.items():
            dotted = f"{key}{name}"
            if name not in data or data[name] is None:
                if dotted in OPTIONAL_KEYS:
                    continue
                problems.add(
                    where.error(
                        dotted, "missing; add it or start the layout with `extends: default`"
                    )
                )
                continue
            _check(data[name], sub, dotted + ".", where, problems)
        return
    key = key.rstrip(".")
    if schema == ("labels",):  # {lang: {key: text}}: the paper's fixed words, per language
        if not isinstance(data, dict):
            problems.add(where.error(key, f"expected a mapping of languages, got {_show(data)}"))
            return
        for lang, table in data.items():
            if not isinstance(table, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in table.items()
            ):
                problems.add(
                    where.error(
                        f"{key}.{lang}",
                        "expected a mapping of label keys to text (see data/labels/en.yaml)",
                    )
                )
                continue
            for name, text in table.items():
                problem = label_problem(name, text)
                if problem:
                    problems.add(where.error(f"{key}.{lang}.{name}", problem))
        return
    if isinstance(schema, tuple) and schema[0] == "list":
        if not isinstance(data, list) or not data:
            problems.add(where.error(key, f"expected a non-empty list, got {_show(data)}"))
            return
        for index, item in enumerate(data):
            _check(item, schema[1], f"{key}[{index}].", where, problems)
        if len(set(map(str, data))) != len(data):
            problems.add(where.error(key, "lists an entry twice"))
        return
    if isinstance(schema, tuple) and schema[0] == "choice":
        if data not in schema[1]:
            problems.add(where.error(key, f"{_show(data)} is not one of: {', '.join(schema[1])}"))
        return
    if schema == "bool":
        if not isinstance(data, bool):
            problems.add(where.error(key, f"expected true or false, got {_show(data)}"))
        return
    if schema in ("num", "int"):
        wanted = int if schema == "int" else (int, float)
        if isinstance(data, bool) or not isinstance(data, wanted) or data <= 0:
            kind = "a whole number" if schema == "int" else "a number"
            problems.add(where.error(key, f"expected {kind} above 0, got {_show(data)}"))
            return
        low, high = _range(key)
        if key.startswith(("sizes.", "chart.font_size")) and data < low:
            why = " (its smallest labels are set at 0.9 of it)" if key.startswith("chart") else ""
            problems.add(
                where.error(
                    key, f"{data:g} pt is below the smallest text a paper may set: {low:g} pt{why}"
                )
            )
            return
        if not low <= data <= high:
            problems.add(
                where.error(
                    key,
                    f"{data:g} is outside the range a paper can be laid "
                    f"out with ({low:g} to {high:g})",
                )
            )
        return
    if not isinstance(data, str):
        problems.add(where.error(key, f"expected text, got {_show(data)}"))
        return
    if len(data) > limits.MAX_TEXT["title"]:
        problems.add(
            where.error(
                key, f"{len(data):,} characters, over the limit of {limits.MAX_TEXT['title']}"
            )
        )
    elif schema == "colour" and not _COLOUR.match(data):
        problems.add(where.error(key, f"{_show(data)} is not a colour; write it as #RRGGBB"))


def _range(key: str) -> tuple[float, float]:
    """The documented range of a layout number (`limits.LAYOUT_RANGES`)."""
    for prefix, bounds in limits.LAYOUT_RANGES.items():
        if key == prefix or key.startswith(prefix + "."):
            return bounds
    return (0, 1e6)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return limits.quote(value, 60)


def _build(data: dict, path: Path, where: _Where) -> Theme:
    page = data["page"]
    width, height = (v * MM for v in PAGE_SIZES_MM[page["size"]])
    text_size = (height, width) if page["orientation"] == "landscape" else (width, height)
    table_size = (height, width) if page["table_orientation"] == "landscape" else (width, height)
    margins = page["margins_mm"]
    fonts = Fonts(**{k: _font(v, path, f"fonts.{k}", where) for k, v in data["fonts"].items()})
    c = data["colours"]
    colours = Colours(
        **{k: v.upper() for k, v in c.items() if isinstance(v, str)},
        rag=RagSwatches(**{k: Swatch(**v) for k, v in c["rag"].items()}),
        categories=CategorySwatches(**{k: Swatch(**v) for k, v in c["categories"].items()}),
        chart=ChartColours(
            palette=tuple(x.upper() for x in c["chart"]["palette"]),
            **{k: v.upper() for k, v in c["chart"].items() if k != "palette"},
        ),
    )
    brand = dict(data["branding"])
    brand["logo"] = _logo(brand.get("logo"), path, where)
    theme = Theme(
        name=str(data["name"]),
        source=str(path),
        page=Page(
            text_size[0],
            text_size[1],
            table_size[0],
            table_size[1],
            *(float(margins[k]) * MM for k in ("top", "right", "bottom", "left")),
        ),
        fonts=fonts,
        sizes=Sizes(**{k: float(v) for k, v in data["sizes"].items()}),
        colours=colours,
        trend=TrendWords(**data["trend"]),
        direction=Directions(**{k: Mark(**v) for k, v in data["direction"].items()}),
        branding=Branding(**brand),
        sections=tuple(data["sections"]),
        columns=tuple(data["columns"]),
        chart=ChartSettings(**data["chart"]),
        table=TableSettings(**data["table"]),
        data_notes=data.get("data_notes") is not False,
        report=report_settings(data["report"]),
        labels=tuple(
            sorted(
                (str(lang), tuple(sorted((str(k), str(v)) for k, v in table.items())))
                for lang, table in (data.get("labels") or {}).items()
            )
        ),
    )
    for column in REQUIRED_COLUMNS:
        if column not in theme.columns:
            raise where.error("columns", f"must include {column!r}")
    check_contrast(theme, where)
    check_glyphs(theme, where)
    return theme


def _font(name: str, layout: Path, key: str, where: _Where) -> str:
    """A font file named in the layout: next to the layout, in its fonts/, or bundled; it
    must be a TrueType font ReportLab can embed."""
    for folder in (layout.parent, layout.parent.parent / "fonts", fonts_dir()):
        candidate = _confined(folder, name)
        if candidate is not None and candidate.is_file() and candidate.suffix.lower() == ".ttf":
            _check_font(candidate, key, where)
            return str(candidate)
    raise where.error(
        key,
        f"font file {_show(name)} not found: give a .ttf next to the layout "
        "or in the bundled fonts/ folder",
    )


def _check_font(path: Path, key: str, where: _Where) -> None:
    try:
        if path.stat().st_size > limits.MAX_FONT_BYTES:
            raise ValueError("over the size limit")
        font_coverage(str(path))
    except Exception:  # noqa: BLE001 - any failure to parse means "not a usable font"
        raise where.error(key, f"{path.name} is not a TrueType font that can be embedded") from None


def _confined(folder: Path, name: str) -> Path | None:
    """`folder/name` if it stays inside `folder` (no `../` or absolute path out of it)."""
    try:
        base = folder.resolve()
        candidate = (base / name).resolve()
    except (OSError, ValueError):
        return None
    return candidate if candidate.is_relative_to(base) else None


def _logo(name: str | None, layout: Path, where: _Where) -> str | None:
    """A PNG or JPEG in the layout's folder or the bundled layouts, and nowhere else (a layout
    cannot embed an arbitrary image from the machine), small enough to decode safely."""
    if name is None:
        return None
    for folder in (layout.parent, layouts_dir()):
        candidate = _confined(folder, name)
        if (
            candidate is not None
            and candidate.is_file()
            and candidate.suffix.lower() in (".png", ".jpg", ".jpeg")
        ):
            _check_image(candidate, where)
            return str(candidate)
    raise where.error(
        "branding.logo", f"logo {_show(name)} not found (a .png or .jpg next to the layout)"
    )


def _check_image(path: Path, where: _Where) -> None:
    from PIL import Image

    try:
        if path.stat().st_size > limits.MAX_LOGO_BYTES:
            raise where.error(
                "branding.logo",
                f"{path.name} is over the limit of {limits.MAX_LOGO_BYTES // 1024 // 1024} MB",
            )
        with Image.open(path) as image:
            width, height = image.size
            if width * height > limits.MAX_LOGO_PIXELS:
                raise where.error(
                    "branding.logo",
                    f"{path.name} is {width} x {height} pixels, "
                    f"over the limit of {limits.MAX_LOGO_PIXELS:,} pixels",
                )
            image.verify()
    except ConfigError:
        raise
    except Image.DecompressionBombError:
        raise where.error(
            "branding.logo", f"{path.name} is over the limit of {limits.MAX_LOGO_PIXELS:,} pixels"
        ) from None
    except Exception:  # noqa: BLE001 - Pillow's many decode errors all mean "not an image"
        raise where.error(
            "branding.logo", f"{path.name} is not a readable PNG or JPEG image"
        ) from None
