"""The markets section: each zone's strategy and its priority markets with their actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from roadmap import models
from roadmap.render.view.context import Action, Context, anchor


@dataclass(slots=True)
class LeverGroup:
    name: str
    actions: list[Action]


@dataclass(slots=True)
class Market:
    id: str
    anchor: str
    name: str
    tier: str
    office: str
    segments: list[str]
    targeting: str
    messages: list[str]
    channels: list[str]
    baseline: list[str]
    levers: list[LeverGroup]
    kpis: list[str]
    count: int
    budget: str


@dataclass(slots=True)
class Zone:
    id: str
    anchor: str
    name: str
    strategy: str
    levers: list[str]
    markets: list[Market]


def zones(ctx: Context) -> list[Zone]:
    lang, tx = ctx.lang, ctx.lang.text
    chosen = [pm.market for pm in ctx.plan.markets] or list(ctx.markets)
    tiers = {pm.market: pm.tier for pm in ctx.plan.markets}
    per_market: dict[str, list[Action]] = defaultdict(list)
    budgets: dict[str, int] = defaultdict(int)
    kpis_of: dict[str, list[str]] = defaultdict(list)
    for a, av in zip(ctx.plan.actions, ctx.actions, strict=True):
        for key in dict.fromkeys(a.markets):
            per_market[key].append(av)
            budgets[key] += a.budget
            kpis_of[key] += av.kpis
    markets_by_zone: dict[str, list[Market]] = defaultdict(list)
    for mid in chosen:
        m = ctx.markets.get(mid)
        if m is None:
            continue
        groups: dict[str, list[Action]] = {}
        for av in per_market.get(mid, []):
            groups.setdefault(av.lever_id, []).append(av)
        levers = [
            LeverGroup(ctx.lever_names.get(lid, lid), groups[lid])
            for lid in _lever_order(ctx, groups)
        ]
        baseline = [figure(ctx, f) for f in m.baseline]
        markets_by_zone[m.zone].append(
            Market(
                id=m.id,
                anchor=anchor("market", m.id),
                name=tx(m.name),
                tier=lang.t(f"tier.{tiers.get(mid) or m.tier}"),
                office=tx(m.office),
                segments=[tx(s) for s in m.segments],
                targeting=tx(m.approach.targeting),
                messages=[tx(s) for s in m.approach.messages],
                channels=[tx(s) for s in m.approach.channels],
                baseline=baseline,
                levers=levers,
                kpis=list(dict.fromkeys(kpis_of.get(mid, []))),
                count=len(per_market.get(mid, [])),
                budget=lang.money(budgets.get(mid, 0)),
            )
        )
    return [
        Zone(
            id=z.id,
            anchor=anchor("zone", z.id),
            name=tx(z.name),
            strategy=tx(z.strategy),
            levers=[ctx.lever_names.get(lv, lv) for lv in z.levers],
            markets=markets_by_zone[z.id],
        )
        for z in ctx.zones.values()
        if markets_by_zone.get(z.id)
    ]


def _lever_order(ctx: Context, groups: dict[str, list[Action]]) -> list[str]:
    order = [lid for lid in ctx.lever_names if lid in groups]
    return order + sorted(set(groups) - set(order))


def figure(ctx: Context, f: models.Figure) -> str:
    lang = ctx.lang
    text = f"{lang.number(f.value)} {lang.text(f.unit)}"
    details = [str(f.year)] if f.year is not None else []
    if f.period:
        details.append(lang.text(f.period))
    details.append(f.source)
    if f.assumption:
        details.append(lang.t("misc.assumption"))
    return f"{text} ({', '.join(details)})"
