"""The one stakeholder palette, and the text colours every chart uses (docs/accessibility.md).

Okabe-Ito colours, told apart with the common colour-vision deficiencies; each stakeholder group
keeps its colour on every chart (live summary, presenter view, Trends). Text drawn on a colour
takes `ink_on(fill)`, the one of black or white with the higher contrast (≥ 4.5:1 for all seven).
"""
from __future__ import annotations

STAKEHOLDER_COLOURS: dict[str, str] = {
    "member_state": "#0072B2",       # blue
    "industry": "#E69F00",           # orange
    "academia": "#009E73",           # bluish green
    "civil_society": "#CC79A7",      # reddish purple
    "intergovernmental": "#56B4E9",  # sky blue
    "youth": "#D55E00",              # vermilion
    "other": "#999999",              # grey
}

# Charts are drawn on a canvas, which axe cannot read: these are checked by tests/charts/test_palette.py.
CHART_INK = "#31333F"   # axis labels and titles, legends, value labels on white (12.6:1)
MUTED_INK = "#595959"   # secondary chart text ("–", "too early") on white or a light band (7:1 on white)
EMPTY_FILL = "#F2F2F2"  # a grid cell with nothing in it yet
BLACK, WHITE = "#000000", "#FFFFFF"


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill`."""
    return WHITE if contrast_ratio(WHITE, fill) >= contrast_ratio(BLACK, fill) else BLACK
