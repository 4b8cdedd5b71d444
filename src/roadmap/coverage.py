"""Planning-quality rules: the gaps a committee wants to see before adopting a plan.

Each rule is a small function over a valid data folder and one year's plan;
it yields warnings (`Finding`s with a data path, so they get a line and
column like any validation problem). Rules have a stable kebab-case name,
which is both the problem code and the key that switches the rule off or
tunes it in `[tool.roadmap.rules]` (see `roadmap.config`).

The rules assume the data validated without errors: every reference
resolves, every catalogue loaded. `roadmap check` runs them only then.

The module also computes the coverage matrices the built plan's annex
shows (markets by levers; regions by lead and emerging destination), as
plain lists and dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap import models
from roadmap.dataset import Data
from roadmap.findings import Finding, resolve
from roadmap.indicators import low_season
from roadmap.loader import Loc, SourceFile
from roadmap.problems import Problem, Severity

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def text(value: models.Text | None, lang: str) -> str:
    """A text in `lang`, falling back to the first language given."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()), "")


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """One plan and the catalogues it refers to, with the indexes rules share."""

    data: Data
    year: int
    plan: models.Plan
    source: SourceFile
    markets: models.MarketsFile
    regions: models.RegionsFile
    lang: str
    currency: str
    options: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.actions_by_market: dict[str, list[int]] = defaultdict(list)
        self.actions_by_destination: dict[str, list[int]] = defaultdict(list)
        for i, action in enumerate(self.plan.actions):
            for market in action.markets:
                self.actions_by_market[market].append(i)
            if action.destination is not None:
                self.actions_by_destination[action.destination].append(i)
        self.market_names = {m.id: text(m.name, self.lang) for m in self.markets.markets}
        self.destination_names = {
            d.id: text(d.name, self.lang) for r in self.regions.regions for d in r.destinations
        }

    def finding(
        self, loc: Loc, code: str, message: str, source: SourceFile | None = None
    ) -> Finding:
        return Finding(source or self.source, loc, code, message, Severity.WARNING)

    def market(self, market_id: str) -> str:
        return f"{market_id!r} ({self.market_names.get(market_id, market_id)})"

    def destination(self, dest_id: str) -> str:
        return f"{dest_id!r} ({self.destination_names.get(dest_id, dest_id)})"


RuleFn = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A planning-quality rule: its name (the problem code), what it flags, its options."""

    name: str
    summary: str
    check: RuleFn
    options: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSettings:
    """How the configuration sets one rule: on or off, and its options."""

    enabled: bool = True
    options: Mapping[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- rules


def market_without_action(ctx: Context) -> Iterator[Finding]:
    for i, pm in enumerate(ctx.plan.markets):
        if not ctx.actions_by_market.get(pm.market):
            yield ctx.finding(
                ("markets", i, "market"),
                "market-without-action",
                f"priority market {ctx.market(pm.market)} has no action in {ctx.year}",
            )


def _plan_market_ids(ctx: Context) -> set[str]:
    if ctx.plan.markets:
        return {pm.market for pm in ctx.plan.markets}
    return {m.id for m in ctx.markets.markets}


def zone_lever_unused(ctx: Context) -> Iterator[Finding]:
    """A lever a zone's approach needs that no action on the zone's markets uses.

    Only zones with at least one of the plan's priority markets count: a zone
    the plan leaves out needs nothing this year.
    """
    in_plan = _plan_market_ids(ctx)
    zone_markets: dict[str, set[str]] = defaultdict(set)
    for market in ctx.markets.markets:
        if market.id in in_plan:
            zone_markets[market.zone].add(market.id)
    source = ctx.data.sources["markets.yaml"]
    for z, zone in enumerate(ctx.markets.zones):
        markets = zone_markets.get(zone.id)
        if not markets:
            continue
        used = {
            ctx.plan.actions[i].lever for m in markets for i in ctx.actions_by_market.get(m, ())
        }
        for j, lever in enumerate(zone.levers):
            if lever not in used:
                yield ctx.finding(
                    ("zones", z, "levers", j),
                    "zone-lever-unused",
                    f"zone {zone.id!r} needs lever {lever!r}, but no {ctx.year} action "
                    f"on its markets ({', '.join(sorted(markets))}) uses it",
                    source,
                )


def showcase_destinations(
    plan: models.Plan, regions: models.RegionsFile
) -> list[tuple[models.Region, str, str, Loc, bool]]:
    """Each region's lead and emerging destination as the plan sees them.

    (region, role, destination id, data path, path is in the plan file): the
    plan's `destinations` choice wins over the role in regions.yaml.
    """
    choices = {c.region: (i, c) for i, c in enumerate(plan.destinations)}
    out: list[tuple[models.Region, str, str, Loc, bool]] = []
    for r, region in enumerate(regions.regions):
        for role in ("lead", "emerging"):
            chosen = choices.get(region.id)
            if chosen is not None and getattr(chosen[1], role) is not None:
                out.append(
                    (
                        region,
                        role,
                        getattr(chosen[1], role),
                        ("destinations", chosen[0], role),
                        True,
                    )
                )
                continue
            for d, dest in enumerate(region.destinations):
                if dest.role == role:
                    out.append((region, role, dest.id, ("regions", r, "destinations", d), False))
                    break
    return out


def destination_without_action(ctx: Context) -> Iterator[Finding]:
    regions_source = ctx.data.sources["regions.yaml"]
    for region, role, dest, loc, in_plan in showcase_destinations(ctx.plan, ctx.regions):
        if not ctx.actions_by_destination.get(dest):
            yield ctx.finding(
                loc if in_plan else (*loc, "id"),
                "destination-without-action",
                f"{role} destination {ctx.destination(dest)} of region {region.id!r} "
                f"has no action in {ctx.year}",
                None if in_plan else regions_source,
            )


def low_season_month_uncovered(ctx: Context) -> Iterator[Finding]:
    """Low season = months below the yearly mean (`indicators.low_season`, the
    same months the built plan marks on its seasonality curve)."""
    values = ctx.plan.priorities.deseasonalisation.seasonality.values
    mean = sum(values) / len(values)
    covered = {m for a in ctx.plan.actions if a.deseasonalisation for m in a.months}
    for month in low_season(values):
        if month not in covered:
            yield ctx.finding(
                ("priorities", "deseasonalisation", "seasonality", "values", month - 1),
                "low-season-month-uncovered",
                f"{MONTHS[month - 1]} is a low-season month ({values[month - 1]:g}, below the "
                f"yearly mean {mean:.3g}) but no de-seasonalisation action runs in it",
            )


def high_potential_without_action(ctx: Context) -> Iterator[Finding]:
    for i, dest in enumerate(ctx.plan.priorities.high_potential.destinations):
        if not ctx.actions_by_destination.get(dest):
            yield ctx.finding(
                ("priorities", "high_potential", "destinations", i),
                "high-potential-without-action",
                f"high-potential destination {ctx.destination(dest)} has no action in {ctx.year}",
            )


def proposal_unanswered(ctx: Context) -> Iterator[Finding]:
    """An open proposal no action answers, or one deferred without a reason.

    Taken-up (with an answering action: validate checks that), deferred with
    a reason and declined (which always has a reason) count as answered.
    """
    answered = {p for a in ctx.plan.actions for p in a.answers}
    for i, proposal in enumerate(ctx.plan.proposals):
        if proposal.status == "open" and proposal.id not in answered:
            yield ctx.finding(
                ("proposals", i, "status"),
                "proposal-unanswered",
                f"proposal {proposal.id!r} is still open and no action answers it: "
                f"answer it with an action, or mark it deferred or declined with a reason",
            )
        elif proposal.status == "deferred" and proposal.reason is None:
            yield ctx.finding(
                ("proposals", i, "status"),
                "proposal-unanswered",
                f"proposal {proposal.id!r} is deferred without a `reason` for its authors",
            )


def action_without_kpi(ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(ctx.plan.actions):
        if not action.kpis:
            yield ctx.finding(
                ("actions", i, "id"),
                "action-without-kpi",
                f"action {action.id!r} has no KPI: its impact cannot be measured",
            )


def action_without_owner(ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(ctx.plan.actions):
        if action.owner is None:
            yield ctx.finding(
                ("actions", i, "id"),
                "action-without-owner",
                f"action {action.id!r} has no owner: no partner answers for it",
            )


def action_without_month(ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(ctx.plan.actions):
        if not action.months:
            yield ctx.finding(
                ("actions", i, "id"),
                "action-without-month",
                f"action {action.id!r} has no month: it is missing from the calendar",
            )


#: Default share of the plan's budget above which one market or region is
#: flagged (budget-concentration `threshold`), and one lever (`lever-threshold`).
CONCENTRATION_THRESHOLD = 0.25
LEVER_CONCENTRATION_THRESHOLD = 0.40


def budget_shares(plan: models.Plan) -> dict[str, dict[str, float]]:
    """Budget per market, region and lever; an action on several markets splits
    its budget equally between them. Actions without a region count in the
    total but in no region."""
    shares: dict[str, dict[str, float]] = {"market": {}, "region": {}, "lever": {}}
    for action in plan.actions:
        for market in action.markets:
            bucket = shares["market"]
            bucket[market] = bucket.get(market, 0) + action.budget / len(action.markets)
        if action.region is not None:
            shares["region"][action.region] = shares["region"].get(action.region, 0) + action.budget
        shares["lever"][action.lever] = shares["lever"].get(action.lever, 0) + action.budget
    return shares


def budget_concentration(ctx: Context) -> Iterator[Finding]:
    plan = ctx.plan
    total = sum(a.budget for a in plan.actions)
    if total <= 0:
        return
    limits = {
        "market": ctx.options.get("threshold", CONCENTRATION_THRESHOLD),
        "region": ctx.options.get("threshold", CONCENTRATION_THRESHOLD),
        "lever": ctx.options.get("lever-threshold", LEVER_CONCENTRATION_THRESHOLD),
    }
    first: dict[tuple[str, str], Loc] = {}
    for i, pm in enumerate(plan.markets):
        first.setdefault(("market", pm.market), ("markets", i, "market"))
    for i, action in enumerate(plan.actions):
        for j, market in enumerate(action.markets):
            first.setdefault(("market", market), ("actions", i, "markets", j))
        if action.region is not None:
            first.setdefault(("region", action.region), ("actions", i, "region"))
        first.setdefault(("lever", action.lever), ("actions", i, "lever"))
    for kind, amounts in budget_shares(plan).items():
        limit = limits[kind]
        for key, amount in amounts.items():
            share = amount / total
            if share > limit:
                yield ctx.finding(
                    first[(kind, key)],
                    "budget-concentration",
                    f"{kind} {key!r} holds {share:.0%} of the {ctx.year} budget "
                    f"({amount:,.0f} of {total:,} {ctx.currency}), over the {limit:.0%} threshold",
                )


def _rule(fn: RuleFn, summary: str, **options: float) -> Rule:
    return Rule(fn.__name__.replace("_", "-"), summary, fn, options)


#: Every rule, by name, in the order the README lists them.
RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        _rule(market_without_action, "a priority market of the plan with no action"),
        _rule(
            zone_lever_unused,
            "a lever a zone's approach needs (markets.yaml `zones[].levers`) that no "
            "action on the zone's priority markets uses",
        ),
        _rule(
            destination_without_action,
            "a region's lead or emerging destination (the plan's `destinations` choice, "
            "else its role in regions.yaml) with no action",
        ),
        _rule(
            low_season_month_uncovered,
            "a low-season month (value below the yearly mean of the seasonality profile) "
            "with no action flagged `deseasonalisation: true` in it",
        ),
        _rule(high_potential_without_action, "a high-potential destination with no action"),
        _rule(
            proposal_unanswered,
            "an open proposal no action answers, or a deferred one without a reason",
        ),
        _rule(action_without_kpi, "an action with no KPI"),
        _rule(action_without_owner, "an action with no owner"),
        _rule(action_without_month, "an action with no month"),
        _rule(
            budget_concentration,
            "one market or region holding more than `threshold` of the plan's budget, "
            "or one lever more than `lever-threshold`",
            threshold=CONCENTRATION_THRESHOLD,
            **{"lever-threshold": LEVER_CONCENTRATION_THRESHOLD},
        ),
    )
}


# --------------------------------------------------------------------------- running


def _context(data: Data, year: int, options: Mapping[str, float]) -> Context:
    if data.markets is None or data.regions is None or year not in data.plans:
        raise ValueError("coverage rules need a data folder that validated without errors")
    return Context(
        data=data,
        year=year,
        plan=data.plans[year],
        source=data.plan_sources[year],
        markets=data.markets,
        regions=data.regions,
        lang=data.dataset.language if data.dataset else "en",
        currency=data.dataset.currency if data.dataset else "",
        options=options,
    )


def run(data: Data, year: int, settings: Mapping[str, RuleSettings] | None = None) -> list[Finding]:
    """Every enabled rule's warnings for the plan of `year`, rule by rule."""
    settings = settings or {}
    findings: list[Finding] = []
    ctx = _context(data, year, {})
    for name, rule in RULES.items():
        setting = settings.get(name, RuleSettings())
        if not setting.enabled:
            continue
        ctx.options = {**rule.options, **setting.options}
        findings.extend(rule.check(ctx))
    return findings


def warnings(
    data: Data, year: int, settings: Mapping[str, RuleSettings] | None = None
) -> list[Problem]:
    """The warnings of `run`, placed (file, line, column) and sorted."""
    return resolve(run(data, year, settings))


# --------------------------------------------------------------------------- matrices


def matrix(data: Data, year: int, lang: str | None = None) -> dict[str, Any]:
    """The coverage matrices of the plan of `year`, as plain data.

    `markets`: one row per market (the plan's priority markets in plan
    order, then any other market an action names, in markets.yaml order)
    with the number of actions per lever (`levers` gives the column order,
    levers.yaml's). `destinations`: one row per region with its lead and
    emerging destination (as the plan sees them) and their number of actions.
    """
    ctx = _context(data, year, {})
    lang = lang or ctx.lang
    levers = [lv.id for lv in data.levers.levers] if data.levers else []
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for action in ctx.plan.actions:
        for named in dict.fromkeys(action.markets):
            counts[named][action.lever] += 1
    priority = [pm.market for pm in ctx.plan.markets]
    others = [m.id for m in ctx.markets.markets if m.id in counts and m.id not in priority]
    by_id = {m.id: m for m in ctx.markets.markets}
    market_rows = []
    for market_id in [*priority, *others]:
        market = by_id[market_id]
        row = [counts[market_id].get(lever, 0) for lever in levers]
        market_rows.append(
            {
                "id": market_id,
                "name": text(market.name, lang),
                "zone": market.zone,
                "priority": market_id in priority,
                "counts": row,
                "total": len(ctx.actions_by_market.get(market_id, ())),
            }
        )
    names = {d.id: text(d.name, lang) for r in ctx.regions.regions for d in r.destinations}
    dest_rows: dict[str, dict[str, Any]] = {}
    for region, role, dest, _loc, _in_plan in showcase_destinations(ctx.plan, ctx.regions):
        row_ = dest_rows.setdefault(
            region.id,
            {"id": region.id, "name": text(region.name, lang), "lead": None, "emerging": None},
        )
        row_[role] = {
            "id": dest,
            "name": names.get(dest, dest),
            "actions": len(ctx.actions_by_destination.get(dest, ())),
        }
    return {
        "year": year,
        "levers": levers,
        "lever_names": [text(lv.name, lang) for lv in data.levers.levers] if data.levers else [],
        "markets": market_rows,
        "destinations": list(dest_rows.values()),
    }
