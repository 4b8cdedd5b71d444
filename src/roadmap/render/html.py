"""HTML helpers: the pieces of the plan's HTML that repeat for every action.

A Jinja loop over twelve month cells for each of 10,000 actions costs more
than the rest of the document; `calendar_cells` builds one action's row of
cells in Python, every text escaped, and returns it as markup.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

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
