"""Colours of the HTML plan's charts, chosen so every text meets WCAG AA contrast.

A heat-map cell is a base colour laid over white at an opacity that grows
with its value; its number is written in the text colour that reads best on
that shade. Dark ink against white is the first choice; on the mid shades
where neither reaches 4.5:1 (the ink is not quite black) the number is black,
which always does (the worst case over every shade is above 4.58:1).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The stylesheet's palette (plan.css :root), which a test keeps in step.
INK = "#1d2330"
ACCENT = "#0b6e6e"
WARM = "#b5542b"
WHITE = "#ffffff"
BLACK = "#000000"
#: WCAG 2 AA for normal-size text (the charts' 12 px labels).
AA_NORMAL = 4.5


def _channels(colour: str) -> tuple[int, int, int]:
    if len(colour) != 7 or colour[0] != "#":
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _channels(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21, in either order."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over_white(colour: str, opacity: float) -> str:
    """The solid colour a browser paints for `colour` at `opacity` over white."""
    if not 0 <= opacity <= 1:
        raise ValueError(f"opacity out of 0..1: {opacity}")
    return "#" + "".join(f"{round(255 + (c - 255) * opacity):02x}" for c in _channels(colour))


def text_on(background: str) -> str:
    """The text colour that reads on `background` at AA: ink or white, else black."""
    best = max((INK, WHITE), key=lambda text: contrast(text, background))
    return best if contrast(best, background) >= AA_NORMAL else BLACK


@dataclass(frozen=True, slots=True)
class Cell:
    fill: str
    text: str


def heat_opacity(ratio: float) -> float:
    """A cell's opacity: 0.1 for the smallest value (still visible), 1 for the largest."""
    return round(0.1 + 0.9 * min(max(ratio, 0.0), 1.0), 3)


def heat_cell(ratio: float, base: str) -> Cell:
    """The fill and text colours of a heat-map cell whose value is `ratio` of the largest."""
    fill = over_white(base, heat_opacity(ratio))
    return Cell(fill, text_on(fill))
