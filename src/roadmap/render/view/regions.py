"""The regions section: each region's lead and emerging destination, other actions, proposals.

A region's proposals are those made for it (`region:`) or at one of its
meetings (the meeting's `region`); a proposal with neither is national: it
is listed once, after the regions, grouped by zone, then by product line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from roadmap import models, showcase
from roadmap.render.view.coconstruction import Proposal
from roadmap.render.view.context import Action, Context, anchor


@dataclass(slots=True)
class Destination:
    id: str
    name: str
    role: str
    identities: list[str]
    assets: list[str]
    #: The destinations priorities it is in, by name (high-potential ...).
    priorities: list[str]
    actions: list[Action]
    budget: str


@dataclass(slots=True)
class Region:
    id: str
    anchor: str
    name: str
    capital: str
    lead: Destination | None
    emerging: Destination | None
    #: Further lead or emerging destinations of regions.yaml, when `[roles]`
    #: allows a region several: shown after the year's own two.
    also: list[Destination]
    priorities: list[str]
    support_needs: list[str]
    other_actions: list[Action]
    proposals: list[Proposal]
    count: int
    budget: str


@dataclass(slots=True)
class ProposalGroup:
    """National proposals about one zone or product line (or about none)."""

    name: str
    proposals: list[Proposal]


def destination(
    ctx: Context,
    d: models.Destination,
    role: str,
    actions: list[Action],
    tags: dict[str, list[str]],
) -> Destination:
    lang, tx = ctx.lang, ctx.lang.text
    return Destination(
        id=d.id,
        name=tx(d.name),
        role=lang.t(f"regions.{role}"),
        identities=[ctx.identity(i) for i in d.identities],
        assets=[tx(s) for s in d.assets],
        priorities=tags.get(d.id, []),
        actions=actions,
        budget=ctx.sum_money(actions),
    )


def _proposals_by_region(
    ctx: Context, proposals: list[Proposal]
) -> tuple[dict[str, list[Proposal]], list[tuple[models.Proposal, Proposal]]]:
    """Each proposal under its region, or its meeting's region; and the national ones."""
    out: dict[str, list[Proposal]] = defaultdict(list)
    national = []
    records = [*ctx.plan.proposals, *ctx.earlier_models]
    for p, pv in zip(records, proposals, strict=True):
        rid = p.region or ctx.meeting_region.get(p.meeting)
        if rid:
            out[rid].append(pv)
        else:
            national.append((p, pv))
    return out, national


def national_proposals(ctx: Context, proposals: list[Proposal]) -> list[ProposalGroup]:
    """The proposals of no region, by zone (theirs or their market's), then by product line."""
    _, national = _proposals_by_region(ctx, proposals)
    groups: dict[tuple[int, str], list[Proposal]] = defaultdict(list)
    for p, pv in national:
        zone = p.zone or (ctx.market_zone.get(p.market) if p.market else None)
        if zone:
            groups[(0, zone)].append(pv)
        elif p.sector:
            groups[(1, p.sector)].append(pv)
        else:
            groups[(2, "")].append(pv)
    order = [(0, z) for z in ctx.zone_names] + [(1, s) for s in ctx.sector_names] + [(2, "")]
    # an unknown zone or sector (invalid data) still shows, after the known ones
    order += [key for key in groups if key not in order]
    names = {0: ctx.zone_names, 1: ctx.sector_names}
    other = ctx.lang.t("regions.national_other")
    return [
        ProposalGroup(names[kind].get(key, key) if kind < 2 else other, groups[(kind, key)])
        for kind, key in order
        if (kind, key) in groups
    ]


def _showcased(
    ctx: Context,
    region: models.Region,
    by_role: dict[showcase.Role, str | None],
    actions: list[Action],
    dest_of: dict[str, str | None],
    tags: dict[str, list[str]],
) -> dict[str, Destination | None]:
    """The region's lead and emerging destination (`showcase`), each with its actions."""
    dests = {d.id: d for d in region.destinations}
    picked: dict[str, Destination | None] = {}
    for role, did in by_role.items():
        d = dests.get(did) if did else None
        picked[role] = (
            destination(ctx, d, role, [a for a in actions if dest_of[a.id] == d.id], tags)
            if d
            else None
        )
    return picked


def _further(region: models.Region, chosen: set[str]) -> list[models.Destination]:
    """The second and later lead or emerging destinations of the region, not chosen."""
    seen: set[str] = set()
    out = []
    for d in region.destinations:
        if d.role in ("lead", "emerging"):
            if d.role in seen and d.id not in chosen:
                out.append(d)
            seen.add(d.role)
    return out


def regions(ctx: Context, proposals: list[Proposal]) -> list[Region]:
    tx = ctx.lang.text
    shown = showcase.by_region(ctx.plan, ctx.data_regions)
    per_region: dict[str, list[Action]] = defaultdict(list)
    for av in ctx.actions:
        if av.region_id:
            per_region[av.region_id].append(av)
    dest_of = {a.id: a.destination for a in ctx.plan.actions}
    region_of_proposal, _ = _proposals_by_region(ctx, proposals)
    tags = ctx.destination_priorities()
    out = []
    for r in ctx.regions.values():
        by_role = shown[r.id]
        actions = per_region.get(r.id, [])
        picked = _showcased(ctx, r, by_role, actions, dest_of, tags)
        chosen_ids = {did for did in by_role.values() if did}
        also = [
            destination(ctx, d, d.role, [a for a in actions if dest_of[a.id] == d.id], tags)
            for d in _further(r, chosen_ids)
        ]
        chosen_ids |= {d.id for d in also}
        out.append(
            Region(
                id=r.id,
                anchor=anchor("region", r.id),
                name=tx(r.name),
                capital=tx(r.capital),
                lead=picked["lead"],
                emerging=picked["emerging"],
                also=also,
                priorities=[tx(s) for s in r.priorities],
                support_needs=[tx(s) for s in r.support_needs],
                other_actions=[a for a in actions if dest_of[a.id] not in chosen_ids],
                proposals=region_of_proposal.get(r.id, []),
                count=len(actions),
                budget=ctx.sum_money(actions),
            )
        )
    return out
