"""HTML helpers: the pieces of the plan's HTML that repeat for every action.

A Jinja loop over twelve month cells for each of 10,000 actions costs more
than the rest of the document; `calendar_cells` builds one action's row of
cells in Python, every text escaped, and returns it as markup. So do
`action_entry` (an action in the annex's table), `lever_rows` (a
market's actions), `action_items` (a destination's or priority's list),
`low_season_items`, `calendar_rows` and `action_descriptions` (the annex's
descriptions; these four give their items in batches, `pieces.batches`):
in Jinja each value is one more piece of the stream,
one `getattr` and one `escape`, and those two tables were three quarters of
the HTML's rendering. Each writes what its template once wrote, byte for
byte, and escapes as autoescape does (`escape`: an `Estimate` gives its
`__html__`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from roadmap.render import colours
from roadmap.render.pieces import batches
from roadmap.render.view.context import Action, html_text
from roadmap.render.view.markets import LeverGroup
from roadmap.render.view.results import Results

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


def _joined(items: Sequence[object], sep: str) -> str:
    """`items|join(sep)` as autoescape renders it: each item and `sep` escaped."""
    return html_text(sep).join(map(html_text, items))


def action_entry(a: Action, t: Mapping[str, str], index: int, columns: int) -> Markup:
    """One action of the annex's table: its row of short fields and, under it,
    the row of its long ones (`index` makes the first row's id)."""
    e = html_text
    row_id = f"action-{index}"
    comma = t["misc.comma"]
    parts = [
        f'<tbody class="action" data-markets="{_joined(a.market_ids, " ")}"'
        f' data-region="{e(a.region_id)}" data-lever="{e(a.lever_id)}">\n'
        f'<tr class="action-row"><th scope="row" id="{row_id}">{e(a.id)}</th>'
        f'<td class="title" data-label="{e(t["col.action"])}">{e(a.title)}</td>'
        f'<td data-label="{e(t["col.markets"])}">{_joined(a.markets, comma)}</td>'
        f'<td data-label="{e(t["col.region"])}">{e(a.region)}</td>'
        f'<td data-label="{e(t["col.destination"])}">{e(a.destination)}</td>'
        f'<td data-label="{e(t["col.lever"])}">{e(a.lever)}</td>'
        f'<td data-label="{e(t["col.months"])}">{e(a.months_text)}</td>'
        f'<td class="num" data-label="{e(t["col.budget"])}">{e(a.budget)}</td>'
        f'<td data-label="{e(t["col.status"])}">{e(a.status)}</td></tr>\n'
        f'<tr class="details"><td colspan="{columns}" headers="{row_id}"><dl>\n'
    ]
    if a.sectors:
        parts.append(
            f"<div><dt>{e(t['col.sectors'])}</dt><dd>{_joined(a.sectors, comma)}</dd></div>"
        )
    co_owners = (
        f'<span class="co-owners"> ({_joined(a.co_owners, comma)})</span>' if a.co_owners else ""
    )
    parts.append(f"<div><dt>{e(t['col.owner'])}</dt><dd>{e(a.owner)}{co_owners}</dd></div>\n")
    for key, items in (("col.funding", a.funding), ("col.kpis", a.kpis)):
        if items:
            listed = "".join(f"<li>{e(x)}</li>" for x in items)
            parts.append(f"<div><dt>{e(t[key])}</dt><dd><ul>{listed}</ul></dd></div>")
    parts.append("</dl></td></tr>\n</tbody>")
    return Markup("".join(parts))


def lever_rows(levers: Sequence[LeverGroup], results: Results | None) -> Markup:
    """A market's table body: one row per action, under its lever's name,
    with the action's status as of the latest review when there is one."""
    e = html_text
    rows = []
    for g in levers:
        name = e(g.name)
        for a in g.actions:
            status = f"<td>{e(results.statuses[a.id])}</td>" if results else ""
            rows.append(
                f"<tr><td>{name}</td><td>{e(a.id)} {e(a.title)}</td><td>{e(a.months_text)}</td>"
                f'<td class="num">{e(a.budget)}</td>{status}</tr>\n'
            )
    return Markup("".join(rows))


def action_items(
    actions: Sequence[Action], t: Mapping[str, str], results: Results | None
) -> Iterator[Markup]:
    """The items of an action list (a destination's, a priority's), in
    batches (`pieces.batches`): id, title, then lever, months, budget and,
    when there is a review, status."""
    e = html_text
    sep = e(t["misc.list_sep"])

    def item(a: Action) -> str:
        status = f"{sep}{e(results.statuses[a.id])}" if results else ""
        return (
            f'<li>{e(a.id)} <bdi>{e(a.title)}</bdi> <span class="note">({e(a.lever)}{sep}'
            f"{e(a.months_text)}{sep}{e(a.budget)}{status})</span></li>\n"
        )

    return map(Markup, batches(map(item, actions)))


def low_season_items(
    actions: Sequence[Action], serving: Sequence[bool], flag: str
) -> Iterator[Markup]:
    """The low-season actions' items, in batches: id, title, months, and the
    priority's tag on those that serve it (`serving`, one flag per action)."""
    e = html_text
    tag = f' <span class="tag">{e(flag)}</span>'
    items = (
        f'<li>{e(a.id)} {e(a.title)} <span class="note">({e(a.months_text)})</span>'
        f"{tag if serves else ''}</li>\n"
        for a, serves in zip(actions, serving, strict=True)
    )
    return map(Markup, batches(items))


def calendar_rows(actions: Sequence[Action]) -> Iterator[Markup]:
    """The calendar's body in batches: a row per action, its name, lever and
    twelve month cells."""
    e = html_text
    rows = (
        f'<tr><th scope="row">{e(a.id)} <bdi>{e(a.title)}</bdi></th><td>{e(a.lever)}</td>'
        f"{_cells(tuple(a.calendar))}</tr>\n"
        for a in actions
    )
    return map(Markup, batches(rows))


def action_descriptions(actions: Sequence[Action]) -> Iterator[Markup]:
    """The annex's descriptions in batches: each action that has one, by id and title."""
    e = html_text
    entries = (
        f"<dt>{e(a.id)} <bdi>{e(a.title)}</bdi></dt>\n<dd>{e(a.description)}</dd>\n"
        for a in actions
        if a.description
    )
    return map(Markup, batches(entries))
