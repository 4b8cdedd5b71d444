"""The summary: objectives and targets, funding, and the budget by zone, region, lever, sector."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap import indicators
from roadmap.render.view.context import Context, Share
from roadmap.render.view.levers import levers, sectors


@dataclass(slots=True)
class Target:
    objective: str
    indicator: str
    unit: str
    baseline: str
    target: str
    change: str
    source: str
    assumption: bool


@dataclass(slots=True)
class Objective:
    name: str
    description: str
    targets: list[Target]


@dataclass(slots=True)
class Summary:
    partners: list[str]
    objectives: list[Objective]
    targets: list[Target]
    actions: int
    total_budget: str
    public: str
    public_share: str
    private: str
    private_share: str
    leverage: str
    by_zone: list[Share]
    by_region: list[Share]
    by_lever: list[Share]
    by_sector: list[Share]


def summary(ctx: Context) -> Summary:
    lang, tx, plan = ctx.lang, ctx.lang.text, ctx.plan
    objectives = []
    all_targets = []
    for o in plan.objectives:
        targets = []
        for t in o.targets:
            change = indicators.change(t.baseline.value, t.target)
            baseline = f"{lang.number(t.baseline.value)}"
            if t.baseline.year is not None:
                baseline += f" ({t.baseline.year})"
            view = Target(
                objective=tx(o.name),
                indicator=tx(t.indicator),
                unit=tx(t.unit),
                baseline=baseline,
                target=lang.number(t.target),
                change=lang.signed_percent(change) if change is not None else "",
                source=t.source or t.baseline.source,
                assumption=t.baseline.assumption,
            )
            targets.append(view)
        all_targets += targets
        objectives.append(Objective(tx(o.name), tx(o.description), targets))
    kinds = {p.id: p.kind for p in ctx.partners.values()}
    contributions: list[tuple[str, int]] = []
    for a in plan.actions:
        if a.cofinancing:
            contributions += [(kinds.get(f.partner, "public"), f.amount) for f in a.cofinancing]
        else:
            payer = a.owner or ctx.office
            contributions.append((kinds.get(payer, "public"), a.budget))
    split = indicators.funding_split(contributions)
    ratio = indicators.shares({"public": split.public, "private": split.private})
    leverage = split.leverage
    return Summary(
        partners=[ctx.partner_names.get(p, p) for p in plan.partners],
        objectives=objectives,
        targets=all_targets,
        actions=len(plan.actions),
        total_budget=lang.money(ctx.total),
        public=lang.money(split.public),
        public_share=lang.percent(ratio["public"]),
        private=lang.money(split.private),
        private_share=lang.percent(ratio["private"]),
        leverage=lang.number(leverage) if leverage is not None else lang.t("summary.leverage_none"),
        by_zone=ctx.breakdown("zone", ctx.zone_names, "zones.unassigned"),
        by_region=ctx.breakdown("region", ctx.region_names, "regions.unassigned"),
        by_lever=levers(ctx),
        by_sector=sectors(ctx),
    )
