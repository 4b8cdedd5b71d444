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
class Kpi:
    """An indicator of one of the market's actions, with that action's id."""

    action: str
    text: str


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
    #: Where the market's approach comes from: its `origins` meetings, "name, month year".
    origins: list[str]
    levers: list[LeverGroup]
    kpis: list[Kpi]
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
    tx = ctx.lang.text
    chosen = [pm.market for pm in ctx.plan.markets] or list(ctx.markets)
    tiers = {pm.market: pm.tier for pm in ctx.plan.markets}
    origins = {pm.market: pm.origins for pm in ctx.plan.markets}
    per_market: dict[str, list[Action]] = defaultdict(list)
    for a, av in zip(ctx.plan.actions, ctx.actions, strict=True):
        for key in dict.fromkeys(a.markets):
            per_market[key].append(av)
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
        actions = per_market.get(mid, [])
        # an indicator is its action's: shown with the action's id, since an
        # action aimed at several markets may measure a destination or a region
        kpis = [Kpi(av.id, k) for av in actions for k in dict.fromkeys(av.kpis)]
        markets_by_zone[m.zone].append(
            Market(
                id=m.id,
                anchor=anchor("market", m.id),
                name=tx(m.name),
                tier=ctx.tier(tiers.get(mid) or m.tier),
                office=tx(m.office),
                segments=[tx(s) for s in m.segments],
                targeting=tx(m.approach.targeting),
                messages=[tx(s) for s in m.approach.messages],
                channels=[tx(s) for s in m.approach.channels],
                baseline=baseline,
                origins=[meeting_when(ctx, i) for i in origins.get(mid, [])],
                levers=levers,
                kpis=kpis,
                count=len(actions),
                budget=ctx.sum_money(actions),
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
    """A baseline figure, marked when it is an estimate: "8 460 arrivals (2024, source)"."""
    lang = ctx.lang
    details = [str(f.year)] if f.year is not None else []
    if f.period:
        details.append(lang.text(f.period))
    details.append(lang.text(f.source))
    text = f"{lang.number(f.value)} {lang.text(f.unit)} ({', '.join(details)})"
    return ctx.shown(text, ctx.marks.figure(f))


def meeting_when(ctx: Context, meeting_id: str) -> str:
    """A meeting as an origin: "name, month year", marked when its date is an estimate."""
    lang = ctx.lang
    meeting = ctx.meetings.get(meeting_id)
    if meeting is None:  # validation refuses it; the id is all there is to show
        return meeting_id
    month = lang.month_names_in_text[meeting.date.month - 1]
    when = f"{month} {meeting.date.year}"
    return ctx.shown(when, ctx.marks.meeting(meeting), prefix=f"{lang.text(meeting.name)}, ")
