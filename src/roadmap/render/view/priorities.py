"""The priorities section: one view per cross-cutting priority, by its kind.

A `destinations` priority (high-potential destinations) lists its
destinations with their actions; a `seasonality` priority (de-seasonalisation)
sets the plan's months against its profile; a `text` priority lists the
actions that name it. Plans in the first form (the mapping of
`high_potential` and `deseasonalisation`) keep their catalogue names, their
anchors and their markup exactly as before priorities were a list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from roadmap import allocation, indicators
from roadmap.models import CrossPriority, Seasonality
from roadmap.render.view.context import Action, Context, anchor


@dataclass(slots=True)
class HighPotentialDestination:
    name: str
    region: str
    count: int
    budget: str
    actions: list[Action]


@dataclass(slots=True)
class HighPotential:
    description: str
    destinations: list[HighPotentialDestination]
    total: str


@dataclass(slots=True)
class Month:
    number: int
    name: str
    abbreviation: str
    #: The profile's value, marked when an estimate; `chart_value` unmarked,
    #: for the heat map (whose row label carries the mark).
    profile: str
    chart_value: str
    profile_ratio: float
    low: bool
    count: int
    count_ratio: float
    deseasonalisation: int
    budget: str


@dataclass(slots=True)
class Deseasonalisation:
    description: str
    profile: str
    #: The profile is an estimate: its chart's row label is marked too.
    estimate: bool
    months: list[Month]
    mean: str
    low_months: list[str]
    peak_to_trough: str
    top3_share: str
    gini: str
    actions: list[Action]
    #: Per action of `actions`: it serves the priority (the "flagged" tag).
    serving: list[bool]


@dataclass(slots=True)
class Priority:
    """One cross-cutting priority; the field of its kind is set, the others None."""

    id: str
    kind: str
    #: HTML id of its section; `chart`, of its heat map (seasonality only).
    anchor: str
    chart: str
    name: str
    description: str
    #: The tag on an action serving a seasonality priority, and the month
    #: table's column of those actions.
    flag: str
    flag_column: str
    destinations: HighPotential | None = None
    seasonality: Deseasonalisation | None = None
    #: A text priority's actions.
    actions: list[Action] | None = None


#: The sections' ids of the first form's priorities, as plans always had them.
_FIRST_FORM = {
    "high_potential": ("high-potential", ""),
    "deseasonalisation": ("deseasonalisation", "chart-seasonality"),
}


def priorities(ctx: Context) -> list[Priority]:
    """Every priority of the plan, in its order, each with the view of its kind."""
    lang, tx = ctx.lang, ctx.lang.text
    views = []
    for p in ctx.plan.cross_priorities():
        if p.name is None:
            section, chart = _FIRST_FORM[p.id]
            name = lang.t(p.label)
            flag, column = lang.t("priorities.flagged"), lang.t("col.deseasonalisation")
        else:
            section = anchor("priority", p.id)
            chart = f"chart-{section}"
            name = tx(p.name)
            flag, column = name, lang.t("priorities.col_serving")
        view = Priority(p.id, p.kind, section, chart, name, tx(p.description), flag, column)
        if p.kind == "destinations":
            view.destinations = high_potential(ctx, p)
        elif p.seasonality is not None:
            view.seasonality = deseasonalisation(ctx, p, p.seasonality)
        else:
            view.actions = [
                v for a, v in zip(ctx.plan.actions, ctx.actions, strict=True) if p.serves(a)
            ]
        views.append(view)
    return views


def high_potential(ctx: Context, hp: CrossPriority) -> HighPotential:
    """A destinations priority: each destination with the actions promoting it."""
    lang, tx = ctx.lang, ctx.lang.text
    per_dest: dict[str, list[Action]] = defaultdict(list)
    for a, view in zip(ctx.plan.actions, ctx.actions, strict=True):
        if a.destination:
            per_dest[a.destination].append(view)
    dests = []
    every: list[Action] = []
    for did in dict.fromkeys(hp.destinations):
        actions = per_dest.get(did, [])
        every += actions
        rid = ctx.dest_region.get(did, "")
        dests.append(
            HighPotentialDestination(
                name=ctx.dest_names.get(did, did),
                region=ctx.region_names.get(rid, rid),
                count=len(actions),
                budget=ctx.sum_money(actions),
                actions=actions,
            )
        )
    total = sum(a.budget_value for a in every)
    share = total / ctx.total if ctx.total else 0.0
    total_key = "priorities.hp_total" if hp.name is None else "priorities.destinations_total"
    return HighPotential(
        description=tx(hp.description),
        destinations=dests,
        total=lang.t(total_key, budget=ctx.sum_money(every), share=lang.percent(share)),
    )


def deseasonalisation(ctx: Context, ds: CrossPriority, profile: Seasonality) -> Deseasonalisation:
    """A seasonality priority: the plan's months against its profile."""
    lang, tx = ctx.lang, ctx.lang.text
    values = profile.values
    ind = indicators.seasonality(values)
    mark = ctx.marks.figure(profile)
    counts = [0] * 12
    flagged = [0] * 12
    estimated = [False] * 12
    low = set(ind.low_months)
    in_low: list[Action] = []
    serving: list[bool] = []
    for record, a in zip(ctx.plan.actions, ctx.actions, strict=True):
        serves = ds.serves(record)
        for m in a.months:
            counts[m - 1] += 1
            flagged[m - 1] += serves
            estimated[m - 1] |= a.budget_estimate
        if low.intersection(a.months):
            in_low.append(a)
            serving.append(serves)
    budgets = allocation.allocate(((a.budget_value, a.months) for a in ctx.actions if a.months), 0)
    top_value = max(values) or 1.0
    top_count = max(counts) or 1
    months = [
        Month(
            number=m,
            name=lang.month_names[m - 1],
            abbreviation=lang.month_abbreviations[m - 1],
            profile=ctx.shown(lang.number(values[m - 1]), mark),
            chart_value=lang.number(values[m - 1]),
            profile_ratio=max(values[m - 1], 0.0) / top_value,
            low=m in low,
            count=counts[m - 1],
            count_ratio=counts[m - 1] / top_count,
            deseasonalisation=flagged[m - 1],
            budget=ctx.money(budgets.get(m, 0), estimated[m - 1]),
        )
        for m in range(1, 13)
    ]
    ptt = ind.peak_to_trough
    return Deseasonalisation(
        description=tx(ds.description),
        profile=ctx.shown(
            lang.t(
                # the first form's profile is the national one; a listed one says its own
                "priorities.profile" if ds.name is None else "priorities.profile_of",
                unit=tx(profile.unit),
                year=profile.year,
                source=tx(profile.source),
            ),
            mark,
        ),
        estimate=mark.estimated,
        months=months,
        mean=lang.number(ind.mean),
        low_months=[lang.month_names_in_text[m - 1] for m in ind.low_months],
        peak_to_trough=lang.number(ptt, 1) if ptt is not None else lang.t("misc.none"),
        top3_share=lang.percent(ind.top3_share),
        gini=lang.number(ind.gini, 2),
        actions=in_low,
        serving=serving,
    )
