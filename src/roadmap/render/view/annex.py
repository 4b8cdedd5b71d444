"""The annex: every action, the sources and assumptions, `check`'s warnings, the filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap import config, coverage, provenance
from roadmap.dataset import Data
from roadmap.i18n import Language, TextValue
from roadmap.render.view.context import Action, Context


@dataclass(slots=True)
class SourceRef:
    """A source, or an assumption, and what rests on it, by kind: "Actions : A1, A2"."""

    source: str
    used_for: list[str]


@dataclass(slots=True)
class Annex:
    actions: list[Action]
    #: Public sources, then the assumptions estimates rest on: each text once.
    sources: list[SourceRef]
    assumptions: list[SourceRef]
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


def plan_warnings(data: Data, year: int, lang: Language) -> list[coverage.PlanWarning]:
    """`roadmap check`'s warnings as the annex lists them (a draft's).

    The rules and placing their warnings (one more parse of the plan file)
    cost as much as the rest of the view, and their peak memory as much as
    the view's context: the view runs them before it builds its context.
    """
    return coverage.warnings_for_plan(data, year, config.load(data.root).rules, lang)


def annex(ctx: Context, warnings: list[coverage.PlanWarning] | None = None) -> Annex:
    """The annex, with `warnings` (`plan_warnings`) when the plan shows them."""
    sources, assumptions = provenance.sources(ctx.plan, ctx.data.dataset)
    # The plan's markets' baselines (markets.yaml) are shown in the plan too.
    chosen = [pm.market for pm in ctx.plan.markets] or list(ctx.markets)
    for mid in dict.fromkeys(chosen):
        market = ctx.markets.get(mid)
        for f in market.baseline if market else []:
            mark = ctx.marks.figure(f)
            cited = assumptions if mark.estimated else sources
            _cite(cited, f.source, mid)
    return Annex(
        actions=ctx.actions,
        sources=[SourceRef(ctx.lang.text(c.text), _used_for(ctx, c.used_by)) for c in sources],
        assumptions=[
            SourceRef(ctx.lang.text(c.text), _used_for(ctx, c.used_by)) for c in assumptions
        ],
        warnings=warnings or [],
        coverage=coverage.matrix(ctx.data, ctx.plan.year, ctx.lang.code),
    )


def _cite(cited: list[provenance.Cited], text: TextValue | None, owner: str) -> None:
    """Add `owner` to the entry of `text` in `cited`, or a new entry."""
    if text is None:
        return
    key = provenance.same_text(text)
    for i, c in enumerate(cited):
        if provenance.same_text(c.text) == key:
            if owner not in c.used_by:
                cited[i] = provenance.Cited(text, (*c.used_by, owner))
            return
    cited.append(provenance.Cited(text, (owner,)))


def _used_for(ctx: Context, ids: tuple[str, ...]) -> list[str]:
    """What rests on a source, by kind of record: "Targets: Tourist arrivals", "Actions: A1, A2".

    `provenance.sources` gives ids; each is named as the plan names it
    (a target by its indicator, a meeting by its name), actions and
    proposals by their ids, which the plan's tables show.
    """
    plan, tx = ctx.plan, ctx.lang.text
    objectives = {o.id: tx(o.name) for o in plan.objectives}
    targets = {t.id: tx(t.indicator) for o in plan.objectives for t in o.targets}
    proposals = {p.id: p.id for p in plan.proposals}
    # `seasonality` (the profile's owner) first: an objective may share the id
    profile = ctx.lang.t("col.profile")
    profiles = {"seasonality": profile}
    for p in plan.cross_priorities():
        if p.name is not None and p.seasonality is not None:
            profiles[f"priority:{p.id}"] = ctx.lang.labelled(profile, tx(p.name))
    kinds: list[tuple[str, dict[str, str]]] = [
        ("", profiles),
        ("annex.for.objectives", objectives),
        ("annex.for.targets", targets),
        ("annex.for.markets", ctx.market_names),
        ("annex.for.meetings", ctx.meeting_names),
        ("annex.for.proposals", proposals),
        ("annex.for.actions", {a.id: a.id for a in plan.actions}),
    ]
    found: dict[str, list[str]] = {}
    for owner in ids:
        for key, names in kinds:
            if owner in names:
                found.setdefault(key, []).append(names[owner])
                break
    sep = ctx.lang.t("misc.comma")
    # a profile is one thing: named alone, not under a kind
    return [
        ctx.lang.labelled(ctx.lang.t(key), sep.join(found[key])) if key else sep.join(found[key])
        for key, _ in kinds
        if key in found
    ]


def filters(ctx: Context) -> Filters:
    used_markets = {m for a in ctx.plan.actions for m in a.markets}
    used_regions = {a.region for a in ctx.plan.actions if a.region}
    used_levers = {a.lever for a in ctx.plan.actions}
    return Filters(
        markets=[FilterOption(k, v) for k, v in ctx.market_names.items() if k in used_markets],
        regions=[FilterOption(k, v) for k, v in ctx.region_names.items() if k in used_regions],
        levers=[FilterOption(k, v) for k, v in ctx.lever_names.items() if k in used_levers],
    )
