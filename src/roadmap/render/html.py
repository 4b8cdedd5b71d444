"""HTML helpers: the pieces of the plan's HTML that repeat for every action.

A Jinja loop over twelve month cells for each of 10,000 actions costs more
than the rest of the document; `calendar_cells` builds one action's row of
cells in Python, every text escaped, and returns it as markup.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from roadmap.render import colours

_EMPTY = '<td class="month"></td>'


def calendar_cells(marks: list[str]) -> Markup:
    """One cell per month; a marked one says what it marks in visually hidden text."""
    return _cells(tuple(marks))


@lru_cache(maxsize=4096)
def _cells(marks: tuple[str, ...]) -> Markup:
    return Markup(
        "".join(
            f'<td class="month on"><span class="visually-hidden">{escape(mark)}</span></td>'
            if mark
            else _EMPTY
            for mark in marks
        )
    )


def svg_text(value: object) -> str:
    """`value` as plain text for an SVG `<text>`: no HTML inside.

    A value that renders as HTML (an estimate's marked symbol) would put a
    `<span>` in the SVG, and the HTML parser ends the SVG at it: the rest
    of the chart fell out of it. Its plain form keeps the symbol (≈).
    """
    return str.__str__(value) if isinstance(value, str) else str(value)


#: The heat maps' base colours by the name a template gives (the stylesheet's).
_HEAT_BASES = {"accent": colours.ACCENT, "warm": colours.WARM}


def heat_cell(ratio: float, base: str) -> colours.Cell:
    """A heat-map cell's fill and text colours: the template only lays it out."""
    try:
        colour = _HEAT_BASES[base]
    except KeyError:
        raise ValueError(f"no heat-map colour {base!r}: one of {sorted(_HEAT_BASES)}") from None
    return colours.heat_cell(ratio, colour)
