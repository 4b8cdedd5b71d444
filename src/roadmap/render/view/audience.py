"""Audience packs: the plan as one market office, one region or one partner reads it.

A pack is the plan's view (`roadmap.render.view.view`) filtered to what
concerns one audience, behind the national frame (objectives, the two
cross-cutting priorities). Which actions concern whom:

- a market: the actions whose `markets` name it, whatever their region,
  national actions included. Its own indicators are those of the actions
  aimed at it alone; an action shared with other markets measures itself
  across all of them, so its indicators are listed apart, with the action
  (not as the market's). An action naming no market is in no market's pack.
- a region: the actions in it, whose `region` is it or, with no `region`,
  whose `destination` lies in it. National actions (neither a region nor a
  destination) promote the whole country, so every region's pack lists them
  apart, after the region's own: first those that name one of the region's
  destinations (its name in any language the data gives, as a whole word of
  the action's title or description), then the others. Neither counts in
  the region's budget.
- a partner: the actions it owns, carries as a co-owner or co-finances; its
  share of one is its co-financing line, or, when it owns an action with no
  co-financing, the whole budget (the plan's funding rule).

Proposals: a market's are those about it (`market`) or about its zone as a
whole (`zone` and no market); a region's are those of the plan's region
section (`region`, or made at one of its meetings); a partner's are those
it made (`by`). Each comes with what became of it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmap import models
from roadmap.messages import did_you_mean
from roadmap.problems import UsageError
from roadmap.render.view import Plan
from roadmap.render.view.coconstruction import Proposal
from roadmap.render.view.context import Action, Context, Estimate
from roadmap.render.view.markets import Kpi, Market
from roadmap.render.view.regions import Destination, destination
from roadmap.render.view.summary import Objective, Target

#: The kinds of audience, in the order the index lists them.
KINDS = ("market", "region", "partner")


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a pack is for: a kind (market, region, partner) and the record's id."""

    kind: str
    id: str

    @property
    def stem(self) -> str:
        """The pack's file name without year, language and format: market-FR."""
        return f"{self.kind}-{self.id}"


@dataclass(slots=True)
class FramePriority:
    """A cross-cutting priority in the frame: its name, what it means and, by kind,
    what it lists (a destinations priority its destinations, a seasonality one its
    low months; `label` is the catalogue key of that list, None for a text one)."""

    name: str
    description: str
    label: str | None
    items: list[str]


@dataclass(slots=True)
class Frame:
    """The national plan in one page: what every pack puts first."""

    objectives: list[Objective]
    targets: list[Target]
    actions: int
    total_budget: str
    priorities: list[FramePriority]


@dataclass(slots=True)
class MarketPack:
    #: The plan's own view of the market: approach, office, baseline, origins.
    market: Market
    zone: str
    strategy: str
    #: The actions aimed at this market alone, and their budget.
    alone: int
    alone_budget: str
    #: Indicators of the actions aimed at it alone.
    kpis: list[Kpi]
    #: Indicators of the actions it shares with other markets, by action.
    shared_kpis: list[Kpi]
    #: Action id -> the other markets the action aims at.
    others: dict[str, list[str]]
    proposals: list[Proposal]


@dataclass(slots=True)
class RegionPack:
    capital: str
    lead: Destination | None
    emerging: Destination | None
    candidates: list[Destination]
    priorities: list[str]
    support_needs: list[str]
    #: The region's actions promoting none of its destinations above.
    other_actions: list[Action]
    #: National actions naming one of its destinations, then the others.
    naming: list[Action]
    national: list[Action]
    national_budget: str
    proposals: list[Proposal]


@dataclass(slots=True)
class PartnerRow:
    action: Action
    #: "owner, co-financer": what the partner is to the action.
    role: str
    #: Its share of the action's funding; empty when it pays nothing.
    amount: str


@dataclass(slots=True)
class PartnerPack:
    kind: str
    type: str
    region: str
    rows: list[PartnerRow]
    contribution: str
    proposals: list[Proposal]


@dataclass(slots=True)
class Pack:
    kind: str
    id: str
    #: The audience's name: "France", "Drâa-Tafilalet", a partner's full name.
    name: str
    #: "Plan 2026 — France".
    title: str
    #: "Market pack": what kind of document this is.
    label: str
    stem: str
    frame: Frame
    #: The actions the pack is about (a region's: those in it), in plan order.
    actions: list[Action]
    budget: str
    #: Said instead of the actions when there are none; else "".
    empty: str
    market: MarketPack | None = None
    region: RegionPack | None = None
    partner: PartnerPack | None = None
    #: Some figure of the pack is an estimate: it shows the legend.
    estimates: bool = False


@dataclass(slots=True)
class IndexEntry:
    name: str
    id: str
    stem: str
    count: int
    budget: str


@dataclass(slots=True)
class IndexGroup:
    kind: str
    title: str
    entries: list[IndexEntry]


@dataclass(slots=True)
class Index:
    title: str
    groups: list[IndexGroup] = field(default_factory=list)
    #: Some budget is an estimate: the index shows the legend.
    estimates: bool = False


# ------------------------------------------------------------------ audiences


def known(ctx: Context, plan: Plan, kind: str) -> list[str]:
    """The ids a pack of `kind` can be asked for, in the order packs are written.

    Markets are the plan's own (its `markets:`, else every market), as its
    markets section shows them; regions and partners, every one of the data.
    """
    if kind == "market":
        return [m.id for z in plan.zones for m in z.markets]
    if kind == "region":
        return list(ctx.regions)
    if kind == "partner":
        return list(ctx.partners)
    raise ValueError(f"no audience kind {kind!r}: one of {KINDS}")


def audiences(ctx: Context, plan: Plan, asked: Iterable[Audience] | None = None) -> list[Audience]:
    """`asked` checked against the data (each once, in the order given), or every audience.

    An unknown id is a usage error that names the nearest known one.
    """
    if asked is None:
        return [Audience(kind, i) for kind in KINDS for i in known(ctx, plan, kind)]
    out: list[Audience] = []
    for a in dict.fromkeys(asked):
        ids = known(ctx, plan, a.kind)
        if a.id not in ids:
            where = f"in the {ctx.plan.year} plan" if a.kind == "market" else "in the data"
            names = {"market": ctx.market_names, "region": ctx.region_names}.get(
                a.kind, ctx.partner_names
            )
            hint = _suggest(a.id, ids, names)
            raise UsageError(f"--{a.kind} {a.id}: no {a.kind} {a.id!r} {where}{hint}")
        out.append(a)
    return out


def _suggest(value: str, ids: list[str], names: dict[str, str]) -> str:
    """' (did you mean 'x'?)': a misspelt id, the start of one, or a name given for its id."""
    hint = did_you_mean(value, ids)
    if hint:
        return hint
    wanted = value.casefold()
    for ident in ids:
        if ident.casefold().startswith(wanted) or names.get(ident, "").casefold() == wanted:
            return f" (did you mean {ident!r}?)"
    close = difflib.get_close_matches(value.upper(), [i.upper() for i in ids], n=1, cutoff=0.5)
    by_upper = {i.upper(): i for i in ids}
    return f" (did you mean {by_upper[close[0]]!r}?)" if close else ""


# ------------------------------------------------------------------ the frame


def frame(plan: Plan) -> Frame:
    priorities = []
    for p in plan.priorities:
        label, items = None, []
        if p.destinations is not None:
            label, items = "pack.frame.listed", [d.name for d in p.destinations.destinations]
        elif p.seasonality is not None:
            label, items = "col.low_months", p.seasonality.low_months
        priorities.append(FramePriority(p.name, p.description, label, items))
    return Frame(
        objectives=plan.summary.objectives,
        targets=plan.summary.targets,
        actions=plan.summary.actions,
        total_budget=plan.summary.total_budget,
        priorities=priorities,
    )


class Packs:
    """Every pack of one plan view: what they share is computed once."""

    def __init__(self, ctx: Context, plan: Plan) -> None:
        self.ctx, self.plan = ctx, plan
        self.frame = frame(plan)
        # each proposal record with its view, this plan's then earlier plans'
        self.proposals = list(
            zip(
                [*ctx.plan.proposals, *ctx.earlier_models],
                [*plan.coconstruction.proposals, *plan.coconstruction.earlier],
                strict=True,
            )
        )
        self.markets = {m.id: (z, m) for z in plan.zones for m in z.markets}
        self.regions = {r.id: r for r in plan.regions}
        self.records = dict(zip((a.id for a in ctx.plan.actions), ctx.plan.actions, strict=True))
        # each action under every market, region and partner it concerns, once:
        # a pack then reads its own actions, not the whole plan's
        self.of: dict[tuple[str, str], list[tuple[models.Action, Action]]] = defaultdict(list)
        self._national: list[models.Action] = []
        for a, av in zip(ctx.plan.actions, ctx.actions, strict=True):
            for key in _concerns(a, ctx.dest_region):
                self.of[key].append((a, av))
            if a.region is None and a.destination is None:
                self._national.append(a)

    def pack(self, audience: Audience) -> Pack:
        lang = self.ctx.lang
        build = {"market": self._market, "region": self._region, "partner": self._partner}
        pack = build[audience.kind](audience.id)
        pack.title = lang.t("pack.title", year=self.ctx.plan.year, audience=pack.name)
        pack.label = lang.t(f"pack.kind.{audience.kind}")
        pack.estimates = _has_estimate(pack)
        return pack

    def _new(self, audience: Audience, name: str, actions: list[Action], empty: str) -> Pack:
        return Pack(
            kind=audience.kind,
            id=audience.id,
            name=name,
            title="",
            label="",
            stem=audience.stem,
            frame=self.frame,
            actions=actions,
            budget=self.ctx.sum_money(actions),
            empty="" if actions else self.ctx.lang.t(empty, year=self.ctx.plan.year, audience=name),
        )

    # ------------------------------------------------------------ markets

    def _market(self, mid: str) -> Pack:
        ctx = self.ctx
        zone, market = self.markets[mid]
        actions = [av for _, av in self.of.get(("market", mid), [])]
        alone = [av for av in actions if set(av.market_ids) == {mid}]
        kpis: list[Kpi] = []
        shared: list[Kpi] = []
        for av in actions:
            into = kpis if set(av.market_ids) == {mid} else shared
            into += [Kpi(av.id, k) for k in dict.fromkeys(av.kpis)]
        others = {
            av.id: [ctx.market_names.get(m, m) for m in dict.fromkeys(av.market_ids) if m != mid]
            for av in actions
        }
        market_zone = ctx.market_zone.get(mid)
        proposals = [
            pv
            for p, pv in self.proposals
            if p.market == mid
            or (p.market is None and p.zone is not None and p.zone == market_zone)
        ]
        pack = self._new(Audience("market", mid), market.name, actions, "pack.empty")
        pack.market = MarketPack(
            market=market,
            zone=zone.name,
            strategy=zone.strategy,
            alone=len(alone),
            alone_budget=ctx.sum_money(alone),
            kpis=kpis,
            shared_kpis=shared,
            others=others,
            proposals=proposals,
        )
        return pack

    # ------------------------------------------------------------ regions

    def _region(self, rid: str) -> Pack:
        ctx = self.ctx
        record = ctx.regions[rid]
        view = self.regions[rid]
        actions = [av for _, av in self.of.get(("region", rid), [])]
        dest_of = {av.id: self.records[av.id].destination for av in actions}
        tags = ctx.destination_priorities()

        def at(d: models.Destination, role: str) -> Destination:
            # the plan's view names the lead and emerging roles; a candidate's is the pack's
            shown_as = role if role != "candidate" else "lead"
            dv = destination(
                ctx, d, shown_as, [av for av in actions if dest_of[av.id] == d.id], tags
            )
            if role == "candidate":
                dv.role = ctx.lang.t("pack.region.candidate")
            return dv

        shown = {v.id for v in (view.lead, view.emerging) if v is not None}
        by_id = {d.id: d for d in record.destinations}
        lead = at(by_id[view.lead.id], "lead") if view.lead else None
        emerging = at(by_id[view.emerging.id], "emerging") if view.emerging else None
        candidates = [at(d, "candidate") for d in record.destinations if d.id not in shown]
        listed = shown | {d.id for d in record.destinations}
        naming: list[Action] = []
        national: list[Action] = []
        words = self._names_of(record)
        for a in self._national_actions():
            (naming if _names_any(a, words) else national).append(ctx.by_id[a.id])
        pack = self._new(Audience("region", rid), view.name, actions, "pack.region.empty")
        pack.region = RegionPack(
            capital=view.capital,
            lead=lead,
            emerging=emerging,
            candidates=candidates,
            priorities=view.priorities,
            support_needs=view.support_needs,
            other_actions=[av for av in actions if dest_of[av.id] not in listed],
            naming=naming,
            national=national,
            national_budget=ctx.sum_money(naming + national),
            proposals=view.proposals,
        )
        return pack

    def _national_actions(self) -> list[models.Action]:
        return self._national

    def _names_of(self, region: models.Region) -> list[re.Pattern[str]]:
        """Each of the region's destination names, in every language given, as a whole word."""
        names: set[str] = set()
        for d in region.destinations:
            names.update(_texts(d.name))
        return [_word(n) for n in sorted(names)]

    # ------------------------------------------------------------ partners

    def _partner(self, pid: str) -> Pack:
        ctx, lang = self.ctx, self.ctx.lang
        record = ctx.partners[pid]
        rows: list[PartnerRow] = []
        paid = 0
        estimated = False
        for a, av in self.of.get(("partner", pid), []):
            roles = []
            if a.owner == pid:
                roles.append("owner")
            if pid in a.co_owners:
                roles.append("co_owner")
            lines = [f for f in a.cofinancing if f.partner == pid]
            if lines:
                roles.append("funder")
            if not roles:
                continue
            amount = ""
            if lines:
                share = sum(f.amount for f in lines)
                mark = any(ctx.marks.funding(a, f).estimated for f in lines)
                amount, paid, estimated = ctx.money(share, mark), paid + share, estimated or mark
            elif a.owner == pid and not a.cofinancing:
                amount = av.budget
                paid += a.budget
                estimated = estimated or av.budget_estimate
            role = lang.join([lang.t(f"pack.partner.{r}") for r in roles])
            rows.append(PartnerRow(av, role, amount))
        name = ctx.partner_names.get(pid, pid)
        pack = self._new(Audience("partner", pid), name, [r.action for r in rows], "pack.empty")
        pack.partner = PartnerPack(
            kind=lang.t(f"kind.{record.kind}"),
            type=record.type,
            region=ctx.region_names.get(record.region, record.region) if record.region else "",
            rows=rows,
            contribution=ctx.money(paid, estimated),
            proposals=[pv for p, pv in self.proposals if pid in p.by],
        )
        return pack

    # ------------------------------------------------------------ index

    def index(self, packs: Iterable[Pack]) -> Index:
        lang = self.ctx.lang
        groups: dict[str, IndexGroup] = {}
        for p in packs:
            if p.kind not in groups:
                groups[p.kind] = IndexGroup(p.kind, lang.t(f"pack.index.{p.kind}"), [])
            groups[p.kind].entries.append(
                IndexEntry(p.name, p.id, p.stem, len(p.actions), p.budget)
            )
        index = Index(
            lang.t("pack.index.title", year=self.ctx.plan.year),
            [groups[k] for k in KINDS if k in groups],
        )
        index.estimates = _has_estimate(index.groups)
        return index


def _concerns(a: models.Action, dest_region: dict[str, str]) -> dict[tuple[str, str], None]:
    """The audiences `a` is an action of (the rules in the module's docstring), in order."""
    keys: dict[tuple[str, str], None] = {}
    for m in a.markets:
        keys[("market", m)] = None
    region = a.region or (dest_region.get(a.destination) if a.destination else None)
    if region:
        keys[("region", region)] = None
    for p in [a.owner, *a.co_owners, *(f.partner for f in a.cofinancing)]:
        if p:
            keys[("partner", p)] = None
    return keys


def _texts(value: str | dict[str, str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())


def _word(name: str) -> re.Pattern[str]:
    # a whole word: "Fès" in "Fès, capitale", not "Rabat" in "Rabattage"
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _names_any(action: models.Action, names: list[re.Pattern[str]]) -> bool:
    texts = [*_texts(action.title), *_texts(action.description)]
    return any(n.search(t) for n in names for t in texts)


def _has_estimate(value: object) -> bool:
    """Whether a figure shown anywhere in `value` (a view tree) is marked as an estimate."""
    if isinstance(value, Estimate):
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, list | tuple):
        return any(_has_estimate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_estimate(v) for v in value.values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_has_estimate(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False
