"""The layout's accessibility checks (inputs/theme.py calls them once a layout is built):
text and graphics contrast against what is really painted, and every symbol and label in the
fonts. Kept apart from the loader so each stays readable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from committee_report.inputs.cmap import font_coverage

if TYPE_CHECKING:
    from committee_report.errors import ConfigError
    from committee_report.inputs.theme import Swatch, Theme

TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
PAGE_COLOUR = "#FFFFFF"


class Where(Protocol):
    """Which file set a key (inputs/theme._Where)."""

    default: str

    def file(self, key: str) -> str: ...

    def error(self, key: str, message: str) -> ConfigError: ...


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_contrast(theme: Theme, where: Where) -> None:
    """Text against what is really painted under it reaches 4.5:1 and graphics 3:1 (WCAG
    1.4.3, 1.4.11). Pages are not painted: body, muted and heading text are checked against
    white paper, not `colours.background` (which fills only the charts); chart labels (axis
    text, the target label, the latest-value label in the first palette colour) are text, at
    4.5:1 against the chart's background; lines and marks at 3:1."""
    c = theme.colours
    page = ("page (white paper)", PAGE_COLOUR)
    pairs: list[tuple[str, str, str, str, float]] = [
        ("colours.text", c.text, *page, TEXT_CONTRAST),
        ("colours.muted", c.muted, *page, TEXT_CONTRAST),
        ("colours.primary", c.primary, *page, TEXT_CONTRAST),
        ("colours.accent", c.accent, *page, GRAPHIC_CONTRAST),
        ("colours.header_text", c.header_text, "colours.header_fill", c.header_fill, TEXT_CONTRAST),
        ("colours.band_text", c.band_text, "colours.band_fill", c.band_fill, TEXT_CONTRAST),
        (
            "colours.section_text",
            c.section_text,
            "colours.section_fill",
            c.section_fill,
            TEXT_CONTRAST,
        ),
        ("colours.text", c.text, "colours.stripe", c.stripe, TEXT_CONTRAST),
        ("colours.notice_text", c.notice_text, "colours.notice_fill", c.notice_fill, TEXT_CONTRAST),
        (
            "colours.chart.text",
            c.chart.text,
            "colours.chart.background",
            c.chart.background,
            TEXT_CONTRAST,
        ),
        (
            "colours.chart.target",
            c.chart.target,
            "colours.chart.background",
            c.chart.background,
            TEXT_CONTRAST,
        ),
        (
            "colours.chart.palette[0]",
            c.chart.palette[0],
            "colours.chart.background",
            c.chart.background,
            TEXT_CONTRAST,
        ),
    ]
    for group, swatches in (("rag", c.rag), ("categories", c.categories)):
        for name in swatches.__dataclass_fields__:
            s: Swatch = getattr(swatches, name)
            key = f"colours.{group}.{name}"
            pairs.append((f"{key}.text", s.text, f"{key}.fill", s.fill, TEXT_CONTRAST))
    for index, colour in enumerate(c.chart.palette):
        pairs.append(
            (
                f"colours.chart.palette[{index}]",
                colour,
                "colours.chart.background",
                c.chart.background,
                GRAPHIC_CONTRAST,
            )
        )
    for key, fore, other, back, needed in pairs:
        ratio = contrast(fore, back)
        if ratio < needed:
            # Name the side the user's own file set, so the message points at their edit.
            named = (
                other
                if (
                    other.startswith("colours.")
                    and where.file(other) == where.default
                    and where.file(key) != where.default
                )
                else key
            )
            raise where.error(
                named,
                f"{fore} on {back} ({key} on {other}) has contrast "
                f"{ratio:.2f}:1, below {needed:g}:1",
            )


def check_glyphs(theme: Theme, where: Where) -> None:
    """Symbols and labels must exist in the fonts, or they would print as empty boxes."""
    texts: list[tuple[str, str]] = []
    for group in ("rag", "categories"):
        swatches = getattr(theme.colours, group)
        for name in swatches.__dataclass_fields__:
            s = getattr(swatches, name)
            texts += [
                (f"colours.{group}.{name}.symbol", s.symbol),
                (f"colours.{group}.{name}.label", s.label),
            ]
    for name in theme.trend.__dataclass_fields__:
        texts.append((f"trend.{name}", getattr(theme.trend, name)))
    for name in theme.direction.__dataclass_fields__:
        mark = getattr(theme.direction, name)
        texts += [(f"direction.{name}.symbol", mark.symbol), (f"direction.{name}.word", mark.word)]
    for role in ("regular", "bold"):
        font = getattr(theme.fonts, role)
        covered = font_coverage(font)
        for key, text in texts:
            missing = [ch for ch in text if ord(ch) not in covered and not ch.isspace()]
            if missing:
                raise where.error(
                    key,
                    f"{missing[0]!r} (U+{ord(missing[0]):04X}) is not in "
                    f"font {Path(font).name} (fonts.{role})",
                )
