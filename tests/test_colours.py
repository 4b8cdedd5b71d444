"""Contrast of the HTML plan's chart colours, computed as WCAG 2 defines it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap.render import colours, html
from roadmap.render.colours import AA_NORMAL, contrast, heat_cell, luminance, over_white

CSS = Path(__file__).parents[1] / "src" / "roadmap" / "templates" / "plan.css"


def test_luminance_and_contrast_match_wcag_reference_values() -> None:
    assert luminance("#000000") == 0
    assert luminance("#ffffff") == pytest.approx(1)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)
    # WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") < AA_NORMAL


def test_over_white_blends_like_a_browser() -> None:
    assert over_white("#0b6e6e", 1) == "#0b6e6e"
    assert over_white("#0b6e6e", 0) == "#ffffff"
    assert over_white("#000000", 0.5) == "#808080"


@pytest.mark.parametrize("bad", ["red", "#fff", "0b6e6e0", "#gggggg"])
def test_a_colour_that_is_not_rrggbb_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        luminance(bad)


@pytest.mark.parametrize("opacity", [-0.1, 1.01])
def test_an_opacity_out_of_range_is_refused(opacity: float) -> None:
    with pytest.raises(ValueError, match="opacity"):
        over_white("#0b6e6e", opacity)


@pytest.mark.parametrize("base", ["accent", "warm"])
def test_every_possible_heat_cell_shade_has_aa_text(base: str) -> None:
    # opacities are rounded to 3 decimals: 0.100 to 1.000 is every shade there is
    cells = {html.heat_cell(step / 900, base) for step in range(901)}
    assert len({c.fill for c in cells}) > 100
    worst = min(contrast(c.text, c.fill) for c in cells)
    assert worst >= AA_NORMAL
    # the three text colours are all needed: pale cells ink, dark cells white,
    # and the mid shades where neither reaches 4.5:1 black
    assert {c.text for c in cells} == {colours.INK, colours.WHITE, colours.BLACK}


def test_the_old_fixed_threshold_failed_and_the_chosen_colour_does_not() -> None:
    """White on any cell above 60 % used to fall to 2.6:1; the chosen colour never does."""
    cell = heat_cell(0.61, colours.ACCENT)
    assert contrast(colours.WHITE, cell.fill) < AA_NORMAL
    assert contrast(cell.text, cell.fill) >= AA_NORMAL


def test_out_of_range_ratios_are_clamped_and_unknown_bases_refused() -> None:
    assert heat_cell(-1, colours.ACCENT) == heat_cell(0, colours.ACCENT)
    assert heat_cell(2, colours.ACCENT) == heat_cell(1, colours.ACCENT)
    with pytest.raises(ValueError, match="heat-map colour"):
        html.heat_cell(0.5, "blue")


def test_the_palette_is_the_stylesheets() -> None:
    root = re.search(r":root\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8"))
    assert root
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", root.group(1)))
    assert variables["ink"] == colours.INK
    assert variables["accent"] == colours.ACCENT
    assert variables["warm"] == colours.WARM
