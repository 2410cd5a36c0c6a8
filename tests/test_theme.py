"""Layouts load into a frozen Theme, and every bad layout fails at load with one exact line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from committee_report.errors import CommitteeReportError, ConfigError, Problems
from committee_report.inputs.theme import MM, Theme, contrast, font_coverage, load_theme
from committee_report.paths import fonts_dir, layouts_dir

BAD = Path(__file__).parent / "data" / "layouts"


def test_default_layout_is_complete_and_neutral() -> None:
    theme = load_theme("default")
    assert isinstance(theme, Theme)
    assert theme.name == "default"
    assert Path(theme.fonts.regular) == (fonts_dir() / "LiberationSans-Regular.ttf").resolve()
    assert (round(theme.page.width, 2), round(theme.page.height, 2)) == (595.28, 841.89)
    assert (round(theme.page.table_width, 2), round(theme.page.table_height, 2)) == (841.89, 595.28)
    assert round(theme.page.left / MM, 3) == 16.0
    assert theme.branding.wordmark == "" and theme.branding.logo is None
    assert theme.sections == ("cover", "overview", "kpi_tables", "details", "changes", "appendix")
    assert theme.rag("red").label == "Red" and theme.rag("red").symbol == "■"
    assert theme.category("do_better").label == "Things to do better"
    assert theme.direction.rising.symbol == "↑" and theme.trend.worsening == "Worse"
    assert theme.colours.chart.palette[:4] == ("#12436D", "#28A197", "#801650", "#F46A25")


def test_theme_is_frozen_and_hashable() -> None:
    theme = load_theme("default")
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.name = "other"  # type: ignore[misc]
    assert hash(theme) == hash(load_theme("default"))


def test_croydon_extends_default_and_overrides_only() -> None:
    croydon, default = load_theme("croydon"), load_theme("default")
    assert croydon.name == "croydon"
    assert Path(croydon.fonts.bold).name == "Lato-Bold.ttf"
    assert croydon.branding.strapline_sub == "for children and young people in croydon"
    assert croydon.branding.strapline == "be the change"
    assert croydon.colours.primary == "#4A1A6B"
    # Untouched keys come from default.
    assert croydon.colours.rag.green == default.colours.rag.green
    assert croydon.columns == default.columns and croydon.page == default.page

    def leaves(data: dict, prefix: str = "") -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                out.update(leaves(value, f"{prefix}{key}."))
            else:
                out[f"{prefix}{key}"] = value
        return out

    base = leaves(yaml.safe_load((layouts_dir() / "default.yaml").read_text()))
    over = leaves(yaml.safe_load((layouts_dir() / "croydon.yaml").read_text()))
    repeated = [k for k, v in over.items() if k in base and base[k] == v]
    assert repeated == []


@pytest.mark.parametrize("name", ["default", "croydon"])
def test_shipped_layouts_meet_contrast(name: str) -> None:
    theme = load_theme(name)
    c = theme.colours
    for swatches in (c.rag, c.categories):
        for field in dataclasses.fields(swatches):
            swatch = getattr(swatches, field.name)
            assert contrast(swatch.text, swatch.fill) >= 4.5, field.name
    for line in c.chart.palette:
        assert contrast(line, c.chart.background) >= 3.0, line
    assert contrast(c.header_text, c.header_fill) >= 4.5


def test_contrast_ratio_is_wcag() -> None:
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert round(contrast("#D4351C", "#FFFFFF"), 2) == 4.86
    assert contrast("#777777", "#777777") == pytest.approx(1.0)


def test_font_coverage_reads_the_cmap() -> None:
    covered = font_coverage(str(fonts_dir() / "Lato-Regular.ttf"))
    assert ord("ë") in covered and ord("λ") in covered and ord("●") in covered
    assert ord("■") not in covered and ord("中") not in covered


BAD_CASES = {
    "bad_unknown_key.yaml": "page.sizee: unknown key; expected one of: size, orientation, "
    "table_orientation, margins_mm",
    "bad_type.yaml": "sizes.body: expected a number above 0, got 'large'",
    "bad_number.yaml": "chart.dpi: expected a whole number above 0, got 199.5",
    "bad_font.yaml": "fonts.bold: font file 'Missing-Bold.ttf' not found: give a .ttf next to "
    "the layout or in the bundled fonts/ folder",
    "bad_colour.yaml": "colours.primary: '#12G45Z' is not a colour; write it as #RRGGBB",
    "bad_contrast.yaml": "colours.rag.red.text: #FF9999 on #D4351C (colours.rag.red.text on "
    "colours.rag.red.fill) has contrast 2.37:1, below 4.5:1",
    "bad_chart_contrast.yaml": "colours.chart.palette[1]: #FFDD00 on #FFFFFF "
    "(colours.chart.palette[1] on colours.chart.background) has "
    "contrast 1.35:1, below 3:1",
    "bad_glyph.yaml": "colours.rag.green.symbol: '✓' (U+2713) is not in font "
    "LiberationSans-Regular.ttf (fonts.regular)",
    "bad_missing.yaml": "page: missing; add it or start the layout with `extends: default`",
    "bad_yaml.yaml": "line 3, column 1: malformed YAML: did not find expected ',' or '}'",
    "bad_columns.yaml": "columns: must include 'rag'",
    "bad_column_name.yaml": "columns[3]: 'headlines' is not one of: id, title, polarity, "
    "months, sparkline, officer, target, rag, basis, headline, trend, "
    "comparators",
    "bad_extends.yaml": "extends: no layout called 'nowhere'",
    "bad_sections.yaml": "sections: expected a non-empty list, got 'overview'",
}


@pytest.mark.parametrize("fixture", sorted(BAD_CASES))
def test_bad_layout_gives_one_line_error(fixture: str) -> None:
    path = BAD / fixture
    with pytest.raises(CommitteeReportError) as caught:
        load_theme(path)
    first = caught.value.problems[0] if isinstance(caught.value, Problems) else caught.value
    assert str(first) == f"{path}: {BAD_CASES[fixture]}"
    assert "\n" not in str(first)
    assert first.file == str(path)


def test_every_missing_section_of_a_layout_is_listed() -> None:
    """The layout checker is lazy: a layout without `extends` lists each section it lacks."""
    with pytest.raises(Problems) as caught:
        load_theme(BAD / "bad_missing.yaml")
    lines = str(caught.value).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "page",
        "fonts",
        "sizes",
        "colours",
        "trend",
        "direction",
        "branding",
        "sections",
        "columns",
        "chart",
        "table",
        "report",
    ]


def test_error_names_the_file_that_set_the_key(tmp_path: Path) -> None:
    """A child layout that breaks an inherited pair is named, not default.yaml."""
    child = tmp_path / "child.yaml"
    child.write_text("extends: default\ncolours:\n  header_fill: '#EEEEEE'\n")
    with pytest.raises(ConfigError) as caught:
        load_theme(child)
    assert str(caught.value) == (
        f"{child}: colours.header_fill: #FFFFFF on #EEEEEE "
        "(colours.header_text on colours.header_fill) has contrast "
        "1.16:1, below 4.5:1"
    )


def test_extends_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b\n")
    (tmp_path / "b.yaml").write_text("extends: a\n")
    with pytest.raises(ConfigError) as caught:
        load_theme(tmp_path / "a.yaml")
    message = "extends: layouts extend each other in a loop"
    assert str(caught.value) == f"{tmp_path / 'a.yaml'}: {message}"


def test_unknown_layout_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        load_theme("nosuch")
    assert str(caught.value) == "nosuch: no such layout; available: croydon, default"


def test_missing_layout_path() -> None:
    with pytest.raises(ConfigError) as caught:
        load_theme("/nonexistent/paper.yaml")
    assert str(caught.value) == "/nonexistent/paper.yaml: layout file not found"


def test_valid_override_layout_loads() -> None:
    theme = load_theme(BAD / "good_narrow.yaml")
    assert theme.name == "narrow"
    assert theme.columns == ("id", "title", "target", "rag", "headline")
    assert theme.sections == ("overview", "kpi_tables", "appendix")
    assert theme.page.width > theme.page.height


# -- issue 14: contrast against what is really painted, and the 7 pt minimum -------------------


@pytest.mark.parametrize(
    ("override", "message"),
    [
        # A "dark" layout: white text on the white pages (colours.background fills only charts).
        (
            {"colours": {"text": "#FFFFFF", "background": "#111111"}},
            "colours.text: #FFFFFF on #FFFFFF (colours.text on page (white paper)) has contrast "
            "1.00:1, below 4.5:1",
        ),
        (
            {"colours": {"muted": "#949494"}},
            "colours.muted: #949494 on #FFFFFF (colours.muted on page (white paper)) has contrast "
            "3.03:1, below 4.5:1",
        ),
        # Chart labels are text: the target label at 3.45:1 passed the old 3:1 graphics gate.
        (
            {"colours": {"chart": {"target": "#8A8A8A"}}},
            "colours.chart.target: #8A8A8A on #FFFFFF (colours.chart.target on "
            "colours.chart.background) has contrast 3.45:1, below 4.5:1",
        ),
        (
            {"colours": {"chart": {"palette": ["#8A8A8A", "#12436D"]}}},
            "colours.chart.palette[0]: #8A8A8A on #FFFFFF (colours.chart.palette[0] on "
            "colours.chart.background) has contrast 3.45:1, below 4.5:1",
        ),
        (
            {"colours": {"rag": {"amber": {"text": "#FFFFFF"}}}},
            "colours.rag.amber.text: #FFFFFF on #FFBF47 (colours.rag.amber.text on "
            "colours.rag.amber.fill) has contrast 1.64:1, below 4.5:1",
        ),
        (
            {"colours": {"header_fill": "#777777"}},
            "colours.header_fill: #FFFFFF on #777777 (colours.header_text on colours.header_fill) "
            "has contrast 4.48:1, below 4.5:1",
        ),
        (
            {"sizes": {"table_min": 2}},
            "sizes.table_min: 2 pt is below the smallest text a paper may set: 7 pt",
        ),
        (
            {"sizes": {"small": 6.5}},
            "sizes.small: 6.5 pt is below the smallest text a paper may set: 7 pt",
        ),
        (
            {"chart": {"font_size": 7}},
            "chart.font_size: 7 pt is below the smallest text a paper "
            "may set: 8 pt (its smallest labels are set at 0.9 of it)",
        ),
    ],
)
def test_layout_below_contrast_or_size_is_refused_with_the_pair(
    tmp_path: Path, override, message: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": "default", **override}), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_theme(path)
    assert str(caught.value) == f"{path}: {message}"


def test_default_kpi_table_text_is_at_least_7pt() -> None:
    for name in ("default", "croydon"):
        sizes = load_theme(name).sizes
        assert min(dataclasses.asdict(sizes).values()) >= 7
        assert sizes.table_min == 7


def test_a_layout_is_loaded_again_only_when_a_file_of_it_changes(tmp_path: Path) -> None:
    """load_theme gives the theme it built before while every file it came from is unchanged,
    and reads the layout again once one is edited."""
    path = tmp_path / "mine.yaml"
    path.write_text("extends: default\ncolours: {primary: '#1D70B8'}\n", encoding="utf-8")
    first = load_theme(path)
    assert load_theme(path) is first and first.colours.primary == "#1D70B8"
    path.write_text("extends: default\ncolours: {primary: '#0B0C0C'}\n", encoding="utf-8")
    again = load_theme(path)
    assert again is not first and again.colours.primary == "#0B0C0C"
