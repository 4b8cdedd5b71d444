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


@dataclass(slots=True)
class Milestone:
    """A step of an objective's history: its year and what was aimed at or reached."""

    year: int
    text: str


@dataclass(slots=True)
class Objective:
    name: str
    description: str
    targets: list[Target]
    #: Earlier aims and results, oldest first, shown before the targets.
    history: list[Milestone]


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
    lang, tx, plan, marks = ctx.lang, ctx.lang.text, ctx.plan, ctx.marks
    objectives = []
    all_targets = []
    for o in plan.objectives:
        targets = []
        for t in o.targets:
            change = indicators.change(t.baseline.value, t.target)
            base_mark, target_mark = marks.figure(t.baseline), marks.target(t)
            baseline = f"{lang.number(t.baseline.value)}"
            if t.baseline.year is not None:
                baseline += f" ({t.baseline.year})"
            view = Target(
                objective=tx(o.name),
                indicator=tx(t.indicator),
                unit=tx(t.unit),
                baseline=ctx.shown(baseline, base_mark),
                target=ctx.shown(lang.number(t.target), target_mark),
                change=(
                    ctx.shown(
                        lang.signed_percent(change), base_mark.estimated or target_mark.estimated
                    )
                    if change is not None
                    else ""
                ),
                source=tx(t.source or t.baseline.source),
            )
            targets.append(view)
        all_targets += targets
        history = [Milestone(m.year, ctx.shown(tx(m.text), marks.figure(m))) for m in o.history]
        objectives.append(Objective(tx(o.name), tx(o.description), targets, history))
    kinds = {p.id: p.kind for p in ctx.partners.values()}
    # (payer, amount, estimated): an action's co-financing, or its whole budget
    # paid by its owner (the office when it has none)
    payments: list[tuple[str, int, bool]] = []
    for a, av in zip(plan.actions, ctx.actions, strict=True):
        if a.cofinancing:
            basis = marks.basis(a)
            payments += [
                (f.partner, f.amount, marks.funding(a, f, basis).estimated) for f in a.cofinancing
            ]
        else:
            payments.append((a.owner or ctx.office, a.budget, av.budget_estimate))
    estimated = any(e for _, _, e in payments)
    public_estimated = any(e for p, _, e in payments if kinds.get(p, "public") == "public")
    private_estimated = any(e for p, _, e in payments if kinds.get(p, "public") != "public")
    split = indicators.funding_split((kinds.get(p, "public"), amount) for p, amount, _ in payments)
    ratio = indicators.shares({"public": split.public, "private": split.private})
    leverage = indicators.partner_leverage(((p, amount) for p, amount, _ in payments), ctx.office)
    return Summary(
        partners=[ctx.partner_names.get(p, p) for p in plan.partners],
        objectives=objectives,
        targets=all_targets,
        actions=len(plan.actions),
        total_budget=ctx.sum_money(ctx.actions),
        public=ctx.money(split.public, public_estimated),
        public_share=lang.percent(ratio["public"]),
        private=ctx.money(split.private, private_estimated),
        private_share=lang.percent(ratio["private"]),
        leverage=(
            ctx.shown(lang.number(leverage), estimated)
            if leverage is not None
            else lang.t("summary.leverage_none")
        ),
        by_zone=ctx.breakdown("zone", ctx.zone_names, "zones.unassigned"),
        by_region=ctx.breakdown("region", ctx.region_names, "regions.unassigned"),
        by_lever=levers(ctx),
        by_sector=sectors(ctx),
    )
