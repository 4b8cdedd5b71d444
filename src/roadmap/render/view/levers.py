"""The levers and sectors sections: the plan's budget by lever and by sector."""

from __future__ import annotations

from roadmap.render.view.context import Context, Share


def levers(ctx: Context) -> list[Share]:
    """The budget by lever, each with its description."""
    return ctx.described("lever", ctx.breakdown("lever", ctx.lever_names, ""))


def sectors(ctx: Context) -> list[Share]:
    """The budget by sector (filière), each with its description."""
    return ctx.described("sector", ctx.breakdown("sector", ctx.sector_names, "levers.unassigned"))
