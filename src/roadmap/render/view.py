"""The plan as the templates see it: every value resolved, summed, formatted.

`view(data, year, lang)` turns a validated data folder into a `Plan` view:
plain dataclasses of text (in the reader's language, numbers already
formatted) and a few raw numbers for charts. Templates only lay it out;
every grouping, sum, share and indicator is computed here, in one pass over
the actions plus one per group, so the cost grows linearly with the number
of actions.

Rules the document states in its notes:

- an action's zones are the zones of its markets; an action aimed at several
  zones (or sectors) counts in each, its budget split equally between them;
- an action's funding is its co-financing, or else its whole budget paid by
  its owner; public or private is the partner's `kind`;
- a region's lead and emerging destinations are the plan's own choice
  (`destinations:` in the plan) when it makes one, else `regions.yaml` roles;
- an action's budget is spread equally over its months in the month view;
- a low-season month is one whose seasonality value is below the yearly mean.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from roadmap import allocation, config, coverage, indicators, models, showcase
from roadmap.dataset import PLAN_NAME, Data, plan_files
from roadmap.i18n import Language
from roadmap.loader import LoadError, SourceFile
from roadmap.problems import UsageError

M = TypeVar("M", bound=BaseModel)

# ----------------------------------------------------------------------------- views


@dataclass(slots=True)
class Action:
    id: str
    title: str
    description: str
    markets: list[str]
    market_ids: list[str]
    region: str
    region_id: str
    destination: str
    lever: str
    lever_id: str
    sectors: list[str]
    owner: str
    co_owners: list[str]
    months: list[int]
    months_text: str
    ranges: list[tuple[int, int]]
    budget: str
    budget_value: int
    funding: list[str]
    kpis: list[str]
    status: str
    deseasonalisation: bool
    answers: list[str]
    result: str
    #: Twelve entries, January first: what a marked calendar cell says
    #: ("janvier : prévue"), empty for a month without the action.
    calendar: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Share:
    """One row of a breakdown: a name, how many actions, how much budget."""

    id: str
    name: str
    count: int
    budget: str
    share: str
    value: float
    ratio: float
    #: What the lever or sector covers (its `description`); empty for others.
    description: str = ""


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


@dataclass(slots=True)
class Destination:
    id: str
    name: str
    role: str
    identities: list[str]
    assets: list[str]
    high_potential: bool
    actions: list[Action]
    budget: str


@dataclass(slots=True)
class Proposal:
    id: str
    text: str
    by: list[str]
    meeting: str
    #: What it is about (zone, market, region, sector), each named once.
    where: list[str]
    status: str
    status_id: str
    #: Beside the status: the actions that take it up, or the reason.
    outcome: str
    actions: list[str]
    #: The working group of the meeting it came from.
    group: str = ""
    #: Status and outcome in one sentence: "Reprise par A1 « … »", "Non retenue : …".
    fate: str = ""


@dataclass(slots=True)
class Region:
    id: str
    anchor: str
    name: str
    capital: str
    lead: Destination | None
    emerging: Destination | None
    priorities: list[str]
    support_needs: list[str]
    other_actions: list[Action]
    proposals: list[Proposal]
    count: int
    budget: str


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
    profile: str
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
    assumption: bool
    months: list[Month]
    mean: str
    low_months: list[str]
    peak_to_trough: str
    top3_share: str
    gini: str
    actions: list[Action]


@dataclass(slots=True)
class Calendar:
    months: list[str]
    actions: list[Action]
    without_months: int


@dataclass(slots=True)
class Contributor:
    name: str
    kind: str
    proposals: int
    meetings: int


@dataclass(slots=True)
class Meeting:
    name: str
    date: str
    place: str
    region: str
    participants: int


@dataclass(slots=True)
class Coconstruction:
    contributors: list[Contributor]
    meetings: list[Meeting]
    proposals: list[Proposal]
    #: Proposals of earlier plans that this plan's actions answer.
    earlier: list[Proposal] = field(default_factory=list)


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


@dataclass(slots=True)
class Section:
    id: str
    title: str


@dataclass(slots=True)
class Plan:
    lang: str
    year: int
    title: str
    country: str
    theme: str
    currency: str
    date: str
    t: dict[str, str]
    sections: list[Section]
    summary: Summary
    zones: list[Zone]
    regions: list[Region]
    levers: list[Share]
    sectors: list[Share]
    high_potential: HighPotential
    deseasonalisation: Deseasonalisation
    calendar: Calendar
    coconstruction: Coconstruction
    annex: Annex
    filters: Filters


SECTIONS = (
    "summary",
    "markets",
    "regions",
    "levers",
    "priorities",
    "calendar",
    "coconstruction",
    "annex",
)

# ----------------------------------------------------------------------------- builder


def month_ranges(months: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of months: [1, 2, 11] -> [(1, 2), (11, 11)]."""
    runs: list[tuple[int, int]] = []
    for m in sorted(set(months)):
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def anchor(kind: str, ident: str) -> str:
    """A stable HTML id / Markdown anchor for a record."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in ident.lower())
    return f"{kind}-{safe}"


class _Builder:
    def __init__(self, data: Data, plan: models.Plan, lang: Language) -> None:
        if not (data.markets and data.regions and data.levers and data.sectors and data.partners):
            raise UsageError("the plan needs a data folder that validated without errors")
        self.data, self.plan, self.lang = data, plan, lang
        tx = lang.text
        self.zones = {z.id: z for z in data.markets.zones}
        self.markets = {m.id: m for m in data.markets.markets}
        self.market_zone = {m.id: m.zone for m in data.markets.markets}
        self.regions = {r.id: r for r in data.regions.regions}
        self.data_regions = data.regions
        self.partners = {p.id: p for p in data.partners.partners}
        self.dest_region: dict[str, str] = {}
        self.dest_names: dict[str, str] = {}
        for region in data.regions.regions:
            for d in region.destinations:
                self.dest_region[d.id] = region.id
                self.dest_names[d.id] = tx(d.name)
        self.market_names = {m.id: tx(m.name) for m in data.markets.markets}
        self.zone_names = {z.id: tx(z.name) for z in data.markets.zones}
        self.region_names = {r.id: tx(r.name) for r in data.regions.regions}
        self.lever_names = {lv.id: tx(lv.name) for lv in data.levers.levers}
        self.sector_names = {s.id: tx(s.name) for s in data.sectors.sectors}
        self.descriptions = {
            "lever": {lv.id: tx(lv.description) for lv in data.levers.levers},
            "sector": {s.id: tx(s.description) for s in data.sectors.sectors},
        }
        self.partner_names = {p.id: tx(p.name) for p in data.partners.partners}
        self.office = data.dataset.office if data.dataset else ""
        self.meeting_names = {m.id: tx(m.name) for m in plan.meetings}
        self.meeting_region = {m.id: m.region for m in plan.meetings}
        self.earlier_models: list[models.Proposal] = []
        self._month_marks: dict[str, list[str]] = {}
        self.actions = [self.action(a) for a in plan.actions]
        self.by_id = dict(zip((a.id for a in plan.actions), self.actions, strict=True))
        self.total = sum(a.budget for a in plan.actions)
        self.keys = [allocation.keys_of(a, self.market_zone) for a in plan.actions]
        self.split = allocation.budget_split(plan.actions, self.market_zone)

    # -------------------------------------------------------------- one action

    def action(self, a: models.Action) -> Action:
        lang, tx = self.lang, self.lang.text
        pn = self.partner_names
        months = sorted(set(a.months))
        abbr = lang.month_abbreviations_in_text
        kpis = []
        for k in a.kpis:
            line = lang.labelled(tx(k.indicator), f"{lang.number(k.target)} {tx(k.unit)}")
            if k.baseline is not None:
                line += f" ({lang.t('col.baseline').lower()} {lang.number(k.baseline)})"
            kpis.append(line)
        return Action(
            id=a.id,
            title=tx(a.title),
            description=tx(a.description),
            markets=[self.market_names.get(m, m) for m in a.markets],
            market_ids=list(a.markets),
            region=self.region_names.get(a.region, a.region) if a.region else "",
            region_id=a.region or "",
            destination=self.dest_names.get(a.destination, a.destination) if a.destination else "",
            lever=self.lever_names.get(a.lever, a.lever),
            lever_id=a.lever,
            sectors=[self.sector_names.get(s, s) for s in a.sectors],
            owner=pn.get(a.owner, a.owner) if a.owner else "",
            co_owners=[pn.get(p, p) for p in a.co_owners],
            months=months,
            months_text=", ".join(abbr[m - 1] for m in months),
            ranges=month_ranges(months),
            budget=lang.money(a.budget),
            budget_value=a.budget,
            funding=[
                lang.labelled(pn.get(f.partner, f.partner), lang.money(f.amount))
                for f in a.cofinancing
            ],
            kpis=kpis,
            status=lang.t(f"action.{a.status}"),
            deseasonalisation=a.deseasonalisation,
            answers=list(a.answers),
            result=tx(a.result),
            calendar=self.calendar_marks(a.status, months),
        )

    def calendar_marks(self, status: str, months: list[int]) -> list[str]:
        """What each of the twelve calendar cells says for an action: "janvier : prévue" or ""."""
        marks = self._month_marks.get(status)
        if marks is None:
            lang = self.lang
            state = lang.t(f"action.{status}")
            marks = self._month_marks[status] = [
                lang.t("calendar.on", month=name, status=state) for name in lang.month_names_in_text
            ]
        on = set(months)
        return [mark if m in on else "" for m, mark in enumerate(marks, 1)]

    # -------------------------------------------------------------- breakdowns

    def shares(
        self, counts: dict[str, int], amounts: dict[str, Fraction], names: dict[str, str]
    ) -> list[Share]:
        lang = self.lang
        ratios = indicators.shares(amounts)
        top = max(amounts.values(), default=Fraction(0)) or Fraction(1)
        zero = Fraction(0)
        return [
            Share(
                id=key,
                name=names.get(key, key),
                count=counts.get(key, 0),
                budget=lang.money(amounts.get(key, zero)),
                share=lang.percent(ratios.get(key, 0.0)),
                value=float(amounts.get(key, zero)),
                ratio=float(amounts.get(key, zero) / top),
            )
            for key in names
            if key in counts
        ]

    def breakdown(
        self, kind: allocation.Kind, names: dict[str, str], unassigned: str
    ) -> list[Share]:
        """The plan's budget by `kind`, split as `allocation.budget_split` says."""
        counts: dict[str, int] = defaultdict(int)
        for keys in self.keys:
            for key in keys[kind] or [""]:
                counts[key] += 1
        named = dict(names)
        if unassigned:
            named[""] = self.lang.t(unassigned)
        return self.shares(counts, self.split[kind], named)

    def described(self, kind: str, rows: list[Share]) -> list[Share]:
        """`rows` with each lever's or sector's description."""
        descriptions = self.descriptions[kind]
        for row in rows:
            row.description = descriptions.get(row.id, "")
        return rows

    def summary(self) -> Summary:
        lang, tx, plan = self.lang, self.lang.text, self.plan
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
        kinds = {p.id: p.kind for p in self.partners.values()}
        contributions: list[tuple[str, int]] = []
        for a in plan.actions:
            if a.cofinancing:
                contributions += [(kinds.get(f.partner, "public"), f.amount) for f in a.cofinancing]
            else:
                payer = a.owner or self.office
                contributions.append((kinds.get(payer, "public"), a.budget))
        split = indicators.funding_split(contributions)
        ratio = indicators.shares({"public": split.public, "private": split.private})
        leverage = split.leverage
        return Summary(
            partners=[self.partner_names.get(p, p) for p in plan.partners],
            objectives=objectives,
            targets=all_targets,
            actions=len(plan.actions),
            total_budget=lang.money(self.total),
            public=lang.money(split.public),
            public_share=lang.percent(ratio["public"]),
            private=lang.money(split.private),
            private_share=lang.percent(ratio["private"]),
            leverage=lang.number(leverage)
            if leverage is not None
            else lang.t("summary.leverage_none"),
            by_zone=self.breakdown("zone", self.zone_names, "zones.unassigned"),
            by_region=self.breakdown("region", self.region_names, "regions.unassigned"),
            by_lever=self.described("lever", self.breakdown("lever", self.lever_names, "")),
            by_sector=self.described(
                "sector", self.breakdown("sector", self.sector_names, "levers.unassigned")
            ),
        )

    # -------------------------------------------------------------- markets

    def zones_view(self) -> list[Zone]:
        lang, tx = self.lang, self.lang.text
        chosen = [pm.market for pm in self.plan.markets] or list(self.markets)
        tiers = {pm.market: pm.tier for pm in self.plan.markets}
        per_market: dict[str, list[Action]] = defaultdict(list)
        budgets: dict[str, int] = defaultdict(int)
        kpis_of: dict[str, list[str]] = defaultdict(list)
        for a, av in zip(self.plan.actions, self.actions, strict=True):
            for key in dict.fromkeys(a.markets):
                per_market[key].append(av)
                budgets[key] += a.budget
                kpis_of[key] += av.kpis
        markets_by_zone: dict[str, list[Market]] = defaultdict(list)
        for mid in chosen:
            m = self.markets.get(mid)
            if m is None:
                continue
            groups: dict[str, list[Action]] = {}
            for av in per_market.get(mid, []):
                groups.setdefault(av.lever_id, []).append(av)
            levers = [
                LeverGroup(self.lever_names.get(lid, lid), groups[lid])
                for lid in self._lever_order(groups)
            ]
            baseline = [self.figure(f) for f in m.baseline]
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
                levers=[self.lever_names.get(lv, lv) for lv in z.levers],
                markets=markets_by_zone[z.id],
            )
            for z in self.zones.values()
            if markets_by_zone.get(z.id)
        ]

    def _lever_order(self, groups: dict[str, list[Action]]) -> list[str]:
        order = [lid for lid in self.lever_names if lid in groups]
        return order + sorted(set(groups) - set(order))

    def figure(self, f: models.Figure) -> str:
        lang = self.lang
        text = f"{lang.number(f.value)} {lang.text(f.unit)}"
        details = [str(f.year)] if f.year is not None else []
        if f.period:
            details.append(lang.text(f.period))
        details.append(f.source)
        if f.assumption:
            details.append(lang.t("misc.assumption"))
        return f"{text} ({', '.join(details)})"

    # -------------------------------------------------------------- regions

    def proposal(
        self, p: models.Proposal, answered_by: dict[str, list[str]], earlier: bool = False
    ) -> Proposal:
        """A proposal and its fate; an earlier year's one answered now is taken up."""
        lang, tx = self.lang, self.lang.text
        where = []
        # a market names its zone: the zone is said only when it is another one
        if p.zone and not (p.market and self.market_zone.get(p.market) == p.zone):
            where.append(self.zone_names.get(p.zone, p.zone))
        if p.market:
            where.append(self.market_names.get(p.market, p.market))
        if p.region:
            where.append(self.region_names.get(p.region, p.region))
        if p.sector:
            where.append(self.sector_names.get(p.sector, p.sector))
        actions = answered_by.get(p.id, [])
        status_id = "taken-up" if earlier and actions else p.status
        if actions:
            outcome = ", ".join(f"{aid} {lang.quoted(self.by_id[aid].title)}" for aid in actions)
            fate = lang.t("co.taken_up_by", actions=outcome)
        else:
            outcome = tx(p.reason)
            fate = lang.t(f"co.fate.{status_id}")
            if outcome:
                fate = lang.labelled(fate, outcome)
        return Proposal(
            id=p.id,
            text=tx(p.text),
            by=[self.partner_names.get(b, b) for b in p.by],
            meeting=self.meeting_names.get(p.meeting, p.meeting),
            where=list(dict.fromkeys(where)),
            status=lang.t(f"proposal.{status_id}"),
            status_id=status_id,
            outcome=outcome,
            actions=actions,
            group=tx(p.group),
            fate=fate,
        )

    def proposals(self) -> tuple[list[Proposal], list[Proposal]]:
        """This plan's proposals, and earlier plans' proposals its actions answer."""
        answered_by: dict[str, list[str]] = defaultdict(list)
        for a in self.plan.actions:
            for pid in dict.fromkeys(a.answers):
                answered_by[pid].append(a.id)
        own = [self.proposal(p, answered_by) for p in self.plan.proposals]
        missing = set(answered_by) - {p.id for p in self.plan.proposals}
        earlier = []
        if missing:
            found, meetings = earlier_proposals(self.data, self.plan.year, missing)
            for mid, name in meetings.items():
                self.meeting_names.setdefault(mid, self.lang.text(name))
            earlier = [self.proposal(p, answered_by, earlier=True) for p in found]
            self.earlier_models = found
        return own, earlier

    def destination(self, d: models.Destination, role: str, actions: list[Action]) -> Destination:
        lang, tx = self.lang, self.lang.text
        return Destination(
            id=d.id,
            name=tx(d.name),
            role=lang.t(f"regions.{role}"),
            identities=[lang.t(f"identity.{i}") for i in d.identities],
            assets=[tx(s) for s in d.assets],
            high_potential=d.id in self.high_potential_ids,
            actions=actions,
            budget=lang.money(sum(a.budget_value for a in actions)),
        )

    def regions_view(self, proposals: list[Proposal]) -> list[Region]:
        lang, tx = self.lang, self.lang.text
        shown = showcase.by_region(self.plan, self.data_regions)
        per_region: dict[str, list[Action]] = defaultdict(list)
        for av in self.actions:
            if av.region_id:
                per_region[av.region_id].append(av)
        dest_of = {a.id: a.destination for a in self.plan.actions}
        region_of_proposal: dict[str, list[Proposal]] = defaultdict(list)
        records = [*self.plan.proposals, *self.earlier_models]
        for p, pv in zip(records, proposals, strict=True):
            rid = p.region or self.meeting_region.get(p.meeting)
            if rid:
                region_of_proposal[rid].append(pv)
        out = []
        for r in self.regions.values():
            by_role = shown[r.id]
            dests = {d.id: d for d in r.destinations}
            actions = per_region.get(r.id, [])
            picked: dict[str, Destination | None] = {}
            for role, did in by_role.items():
                d = dests.get(did) if did else None
                picked[role] = (
                    self.destination(d, role, [a for a in actions if dest_of[a.id] == d.id])
                    if d
                    else None
                )
            chosen_ids = {did for did in by_role.values() if did}
            out.append(
                Region(
                    id=r.id,
                    anchor=anchor("region", r.id),
                    name=tx(r.name),
                    capital=tx(r.capital),
                    lead=picked["lead"],
                    emerging=picked["emerging"],
                    priorities=[tx(s) for s in r.priorities],
                    support_needs=[tx(s) for s in r.support_needs],
                    other_actions=[a for a in actions if dest_of[a.id] not in chosen_ids],
                    proposals=region_of_proposal.get(r.id, []),
                    count=len(actions),
                    budget=lang.money(sum(a.budget_value for a in actions)),
                )
            )
        return out

    # -------------------------------------------------------------- priorities

    @property
    def high_potential_ids(self) -> list[str]:
        return self.plan.priorities.high_potential.destinations

    def high_potential(self) -> HighPotential:
        lang, tx = self.lang, self.lang.text
        hp = self.plan.priorities.high_potential
        per_dest: dict[str, list[Action]] = defaultdict(list)
        for a, view in zip(self.plan.actions, self.actions, strict=True):
            if a.destination:
                per_dest[a.destination].append(view)
        dests = []
        total = 0
        for did in dict.fromkeys(hp.destinations):
            actions = per_dest.get(did, [])
            budget = sum(a.budget_value for a in actions)
            total += budget
            rid = self.dest_region.get(did, "")
            dests.append(
                HighPotentialDestination(
                    name=self.dest_names.get(did, did),
                    region=self.region_names.get(rid, rid),
                    count=len(actions),
                    budget=lang.money(budget),
                    actions=actions,
                )
            )
        share = total / self.total if self.total else 0.0
        return HighPotential(
            description=tx(hp.description),
            destinations=dests,
            total=lang.t(
                "priorities.hp_total", budget=lang.money(total), share=lang.percent(share)
            ),
        )

    def deseasonalisation(self) -> Deseasonalisation:
        lang, tx = self.lang, self.lang.text
        ds = self.plan.priorities.deseasonalisation
        profile = ds.seasonality
        values = profile.values
        ind = indicators.seasonality(values)
        counts = [0] * 12
        flagged = [0] * 12
        low = set(ind.low_months)
        in_low: list[Action] = []
        for a in self.actions:
            for m in a.months:
                counts[m - 1] += 1
                flagged[m - 1] += a.deseasonalisation
            if low.intersection(a.months):
                in_low.append(a)
        budgets = allocation.allocate(
            ((a.budget_value, a.months) for a in self.actions if a.months), 0
        )
        top_value = max(values) or 1.0
        top_count = max(counts) or 1
        months = [
            Month(
                number=m,
                name=lang.month_names[m - 1],
                abbreviation=lang.month_abbreviations[m - 1],
                profile=lang.number(values[m - 1]),
                profile_ratio=max(values[m - 1], 0.0) / top_value,
                low=m in low,
                count=counts[m - 1],
                count_ratio=counts[m - 1] / top_count,
                deseasonalisation=flagged[m - 1],
                budget=lang.money(budgets.get(m, 0)),
            )
            for m in range(1, 13)
        ]
        ptt = ind.peak_to_trough
        return Deseasonalisation(
            description=tx(ds.description),
            profile=lang.t(
                "priorities.profile",
                unit=tx(profile.unit),
                year=profile.year,
                source=profile.source,
            ),
            assumption=profile.assumption,
            months=months,
            mean=lang.number(ind.mean),
            low_months=[lang.month_names_in_text[m - 1] for m in ind.low_months],
            peak_to_trough=lang.number(ptt, 1) if ptt is not None else lang.t("misc.none"),
            top3_share=lang.percent(ind.top3_share),
            gini=lang.number(ind.gini, 2),
            actions=in_low,
        )

    # -------------------------------------------------------------- co-construction

    def coconstruction(self, proposals: list[Proposal], earlier: list[Proposal]) -> Coconstruction:
        lang, tx = self.lang, self.lang.text
        n_props: dict[str, int] = defaultdict(int)
        n_meet: dict[str, int] = defaultdict(int)
        for p in self.plan.proposals:
            for b in dict.fromkeys(p.by):
                n_props[b] += 1
        for m in self.plan.meetings:
            for pid in dict.fromkeys(m.participants):
                n_meet[pid] += 1
        ids = list(dict.fromkeys([*self.plan.partners, *n_meet, *n_props]))
        contributors = [
            Contributor(
                name=self.partner_names.get(pid, pid),
                kind=lang.t(f"kind.{self.partners[pid].kind}") if pid in self.partners else "",
                proposals=n_props.get(pid, 0),
                meetings=n_meet.get(pid, 0),
            )
            for pid in ids
        ]
        meetings = [
            Meeting(
                name=tx(m.name),
                date=lang.date(m.date),
                place=tx(m.place),
                region=self.region_names.get(m.region, m.region) if m.region else "",
                participants=len(m.participants),
            )
            for m in self.plan.meetings
        ]
        return Coconstruction(contributors, meetings, proposals, earlier)

    # -------------------------------------------------------------- annex

    def annex(self) -> Annex:
        lang, tx = self.lang, self.lang.text
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

        for m in self.markets.values():
            for f in m.baseline:
                figure(f, tx(m.name))
        for o in self.plan.objectives:
            for t in o.targets:
                figure(t.baseline, tx(t.indicator))
                if t.source:
                    note(t.source, tx(t.indicator))
        profile = self.plan.priorities.deseasonalisation.seasonality
        what = lang.t("col.profile")
        note(profile.source, what)
        if profile.assumption:
            assumptions.append(
                Assumption(what, f"{tx(profile.unit)} ({profile.year})", profile.source)
            )
        return Annex(
            actions=self.actions,
            sources=[SourceRef(s, used) for s, used in sources.items()],
            assumptions=assumptions,
            warnings=coverage.warnings_for_plan(
                self.data, self.plan.year, config.load(self.data.root).rules, lang
            ),
            coverage=coverage.matrix(self.data, self.plan.year, lang.code),
        )

    def filters(self) -> Filters:
        used_markets = {m for a in self.plan.actions for m in a.markets}
        used_regions = {a.region for a in self.plan.actions if a.region}
        used_levers = {a.lever for a in self.plan.actions}
        return Filters(
            markets=[FilterOption(k, v) for k, v in self.market_names.items() if k in used_markets],
            regions=[FilterOption(k, v) for k, v in self.region_names.items() if k in used_regions],
            levers=[FilterOption(k, v) for k, v in self.lever_names.items() if k in used_levers],
        )


def earlier_proposals(
    data: Data, year: int, wanted: set[str]
) -> tuple[list[models.Proposal], dict[str, models.Text]]:
    """Proposals `wanted` from the folder's plans before `year`, and their meetings' names.

    A plan the build did not validate is read for its proposals and meetings
    alone; a record that does not validate there is skipped (validating that
    year reports it).
    """
    found: list[models.Proposal] = []
    meetings: dict[str, models.Text] = {}
    for path in plan_files(data.root):
        match = PLAN_NAME.match(path.name)
        if match is None or int(match.group(1)) >= year:
            continue
        plan = data.plans.get(int(match.group(1)))
        if plan is not None:
            proposals, met = plan.proposals, plan.meetings
        else:
            proposals, met = _read_proposals(path)
        meetings.update({m.id: m.name for m in met})
        found += [p for p in proposals if p.id in wanted]
    return found, meetings


def _read_proposals(path: Path) -> tuple[list[models.Proposal], list[models.Meeting]]:
    try:
        raw = SourceFile.at(path).load()
    except LoadError:
        return [], []
    if not isinstance(raw, dict):
        return [], []

    def each(key: str, model: type[M]) -> list[M]:
        items = raw.get(key)
        out = []
        for item in items if isinstance(items, list) else []:
            try:
                out.append(model.model_validate(item))
            except ValidationError:
                continue
        return out

    return each("proposals", models.Proposal), each("meetings", models.Meeting)


def view(data: Data, year: int, lang: Language, date: dt.date | None = None) -> Plan:
    """The view of `data`'s plan for `year` in `lang` (data must be valid)."""
    if data.dataset is None or year not in data.plans:
        raise UsageError(f"no valid plan for {year}: the plan needs data without errors")
    plan = data.plans[year]
    b = _Builder(data, plan, lang)
    tx = lang.text
    summary = b.summary()
    proposals, earlier = b.proposals()
    title = tx(data.dataset.title) or lang.t("document.title", year=year)
    return Plan(
        lang=lang.code,
        year=year,
        title=title,
        country=tx(data.dataset.country),
        theme=tx(plan.theme),
        currency=lang.t("document.currency", currency=lang.currency),
        date=lang.t("document.generated", date=lang.date(date)) if date else "",
        t=lang.messages,
        sections=[Section(s, lang.t(f"section.{s}")) for s in SECTIONS],
        summary=summary,
        zones=b.zones_view(),
        regions=b.regions_view(proposals + earlier),
        levers=summary.by_lever,
        sectors=summary.by_sector,
        high_potential=b.high_potential(),
        deseasonalisation=b.deseasonalisation(),
        calendar=Calendar(
            months=lang.month_abbreviations,
            actions=[a for a in b.actions if a.months],
            without_months=sum(1 for a in b.actions if not a.months),
        ),
        coconstruction=b.coconstruction(proposals, earlier),
        annex=b.annex(),
        filters=b.filters(),
    )
