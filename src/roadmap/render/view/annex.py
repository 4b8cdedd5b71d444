"""The annex: every action, the sources and assumptions, `check`'s warnings, the filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap import config, coverage, models
from roadmap.render.view.context import Action, Context


@dataclass(slots=True)
class SourceRef:
    source: str
    used_for: list[str]


@dataclass(slots=True)
class Assumption:
    figure: str
    value: str
    source: str


@dataclass(slots=True)
class Annex:
    actions: list[Action]
    sources: list[SourceRef]
    assumptions: list[Assumption]
    #: Points of attention (`roadmap check`'s warnings, in the plan's language,
    #: with their place and rule); rendered when not empty.
    warnings: list[coverage.PlanWarning] = field(default_factory=list)
    #: Coverage matrices (`coverage.matrix`): markets x levers, regions x destinations.
    coverage: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class FilterOption:
    value: str
    label: str


@dataclass(slots=True)
class Filters:
    markets: list[FilterOption]
    regions: list[FilterOption]
    levers: list[FilterOption]


def annex(ctx: Context) -> Annex:
    lang, tx = ctx.lang, ctx.lang.text
    sources: dict[str, list[str]] = {}
    assumptions: list[Assumption] = []

    def note(source: str, what: str) -> None:
        used = sources.setdefault(source, [])
        if what not in used:
            used.append(what)

    def figure(f: models.Figure, what: str) -> None:
        note(f.source, what)
        if f.assumption:
            value = f"{lang.number(f.value)} {tx(f.unit)}" + (f" ({f.year})" if f.year else "")
            assumptions.append(Assumption(what, value, f.source))

    for m in ctx.markets.values():
        for f in m.baseline:
            figure(f, tx(m.name))
    for o in ctx.plan.objectives:
        for t in o.targets:
            figure(t.baseline, tx(t.indicator))
            if t.source:
                note(t.source, tx(t.indicator))
    profile = ctx.plan.priorities.deseasonalisation.seasonality
    what = lang.t("col.profile")
    note(profile.source, what)
    if profile.assumption:
        assumptions.append(Assumption(what, f"{tx(profile.unit)} ({profile.year})", profile.source))
    return Annex(
        actions=ctx.actions,
        sources=[SourceRef(s, used) for s, used in sources.items()],
        assumptions=assumptions,
        warnings=coverage.warnings_for_plan(
            ctx.data, ctx.plan.year, config.load(ctx.data.root).rules, lang
        ),
        coverage=coverage.matrix(ctx.data, ctx.plan.year, lang.code),
    )


def filters(ctx: Context) -> Filters:
    used_markets = {m for a in ctx.plan.actions for m in a.markets}
    used_regions = {a.region for a in ctx.plan.actions if a.region}
    used_levers = {a.lever for a in ctx.plan.actions}
    return Filters(
        markets=[FilterOption(k, v) for k, v in ctx.market_names.items() if k in used_markets],
        regions=[FilterOption(k, v) for k, v in ctx.region_names.items() if k in used_regions],
        levers=[FilterOption(k, v) for k, v in ctx.lever_names.items() if k in used_levers],
    )
