"""The calendar section: each action's months, and how many actions have none."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.render.view.context import Action, Context


@dataclass(slots=True)
class Calendar:
    months: list[str]
    actions: list[Action]
    without_months: int


def calendar(ctx: Context) -> Calendar:
    return Calendar(
        months=ctx.lang.month_abbreviations,
        actions=[a for a in ctx.actions if a.months],
        without_months=sum(1 for a in ctx.actions if not a.months),
    )
