"""Planning-quality rules: the gaps a committee wants to see before adopting a plan.

Each rule is a small function over a valid data folder and one year's plan;
it yields `Gap`s: a data path (so they get a line and column like any
validation problem), a message key of `roadmap.i18n.CATALOGUES` and the
message's parameters, typed (`Ref`, `Share`, `Amount` ...) rather than
formatted. The words are chosen once per reader: `run`/`warnings` word them
for `roadmap check` (the dataset's language or --lang, ids quoted, whole
percentages; the reference English catalogue when no language is given),
`warnings_for_plan` for the built plan's annex (the plan's language, names
in that language, numbers formatted by Babel). Rules have a
stable kebab-case name, which is both the problem code and the key that
switches the rule off or tunes it in `[tool.roadmap.rules]` (see
`roadmap.config`).

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
from decimal import Decimal
from fractions import Fraction
from typing import Any

from babel.numbers import format_decimal, format_percent

from roadmap import models, provenance
from roadmap.allocation import allocate, kind_keys
from roadmap.dataset import Data
from roadmap.findings import Finding, resolve
from roadmap.i18n import Language, resolve_text
from roadmap.indicators import low_season
from roadmap.languages import REFERENCE
from roadmap.loader import Loc, SourceFile
from roadmap.problems import Problem, Severity, UsageError
from roadmap.showcase import showcased

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
    """A text in `lang`, else in the first language given (`i18n.resolve_text`)."""
    return resolve_text(value, lang, lang)


# --------------------------------------------------------------------------- gaps


@dataclass(frozen=True, slots=True)
class Ref:
    """A record a message names: its id and its name (shown in the plan).

    `roadmap check` quotes the id (`'US'`) and adds the name after it only
    when `named_in_cli` (markets and destinations, as it always has); the
    plan shows the name in its language, the id in brackets.
    """

    id: str
    name: models.Text | None = None
    named_in_cli: bool = False


@dataclass(frozen=True, slots=True)
class Refs:
    """Several records: their ids for `roadmap check`, their names in the plan."""

    items: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class Month:
    number: int  # 1 = January


@dataclass(frozen=True, slots=True)
class Number:
    value: float  # an int for whole units: a float's digits stop at 2^53
    spec: str  # format spec of `roadmap check`'s message
    digits: int = 2  # decimals at most, in the plan


@dataclass(frozen=True, slots=True)
class Share:
    ratio: float  # 0.36 = 36 %


@dataclass(frozen=True, slots=True)
class Amount:
    value: int  # whole units of the dataset's currency


Param = str | int | Ref | Refs | Month | Number | Share | Amount


@dataclass(frozen=True, slots=True)
class Gap:
    """One warning of a rule, not yet worded: where, which message, its parameters."""

    code: str
    key: str
    source: SourceFile
    loc: Loc
    params: Mapping[str, Param]


def _cli_number(value: Number, lang: Language) -> str:
    """A number as its Python format spec rounds it, in `lang`'s digits and separators."""
    written = Decimal(format(value.value, value.spec).replace(",", ""))
    decimals = max(0, -int(written.as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(written, format=pattern, locale=lang.locale))


def _cli_words(value: Param, lang: Language, names: str | None = None) -> str:
    """A parameter as `roadmap check` words it: ids quoted (a reader greps for them),
    names, months and numbers in `lang` (names in `names` if given); whole
    percentages, amounts with the code after."""
    if isinstance(value, Ref):
        said = lang.text(value.name) if names is None else text(value.name, names)
        name = f" ({said or value.id})" if value.named_in_cli else ""
        return f"{value.id!r}{name}"
    if isinstance(value, Refs):
        return lang.join([r.id for r in value.items])
    if isinstance(value, Month):
        return lang.month_names[value.number - 1]
    if isinstance(value, Number):
        return _cli_number(value, lang)
    if isinstance(value, Share):
        # The locale's own pattern, whole: `36 %` in French, `36%` in English.
        return str(format_percent(value.ratio, locale=lang.locale))
    if isinstance(value, Amount):
        return f"{format_decimal(value.value, locale=lang.locale)} {lang.currency}".rstrip()
    return str(value)


def _plan_words(value: Param, lang: Language) -> str:
    """A parameter as the plan words it, in `lang`."""
    if isinstance(value, Ref):
        name = lang.text(value.name)
        if not name or name.casefold() == value.id.casefold():
            return name or value.id
        return f"{name} ({value.id})"
    if isinstance(value, Refs):
        return lang.join([lang.text(r.name) or r.id for r in value.items])
    if isinstance(value, Month):
        return lang.month_names[value.number - 1]
    if isinstance(value, Number):
        return lang.number(value.value, value.digits)
    if isinstance(value, Share):
        return lang.percent(value.ratio)
    if isinstance(value, Amount):
        return lang.money(value.value)
    return str(value)


def cli_message(gap: Gap, lang: Language, names: str | None = None) -> str:
    """The message of `roadmap check` in `lang` (`cli_language`); the records it
    names in `names` if given, else in `lang`."""
    return lang.t(gap.key, **{k: _cli_words(v, lang, names) for k, v in gap.params.items()})


def cli_language(data: Data, tag: str | None = None) -> Language:
    """The language `roadmap check` words its messages in: `tag`, else the dataset's.

    Without a tag or a dataset, the reference catalogue (English): what the
    library's callers got before messages followed the dataset."""
    own = data.dataset.language if data.dataset else REFERENCE
    currency = data.dataset.currency if data.dataset else ""
    return Language(tag or own, own, currency, data.locales)


def plan_message(gap: Gap, lang: Language) -> str:
    """The message in the plan's language, as a sentence (capital first letter)."""
    message = lang.t(gap.key, **{k: _plan_words(v, lang) for k, v in gap.params.items()})
    return message[:1].upper() + message[1:]


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
        self.market_names = {m.id: m.name for m in self.markets.markets}
        self.region_names = {r.id: r.name for r in self.regions.regions}
        self.destination_names = {
            d.id: d.name for r in self.regions.regions for d in r.destinations
        }
        levers = self.data.levers.levers if self.data.levers else []
        self.lever_names = {lv.id: lv.name for lv in levers}

    def gap(
        self,
        loc: Loc,
        key: str,
        source: SourceFile | None = None,
        **params: Param,
    ) -> Gap:
        """A gap of the rule `key` names (its first part: `budget-concentration.market`)."""
        code = key.split(".", 1)[0]
        return Gap(code, f"check.{key}", source or self.source, loc, params)

    def market(self, market_id: str) -> Ref:
        return Ref(market_id, self.market_names.get(market_id), named_in_cli=True)

    def destination(self, dest_id: str) -> Ref:
        return Ref(dest_id, self.destination_names.get(dest_id), named_in_cli=True)

    def action(self, action: models.Action) -> Ref:
        return Ref(action.id, action.title)


RuleFn = Callable[[Context], Iterator[Gap]]


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


def market_without_action(ctx: Context) -> Iterator[Gap]:
    for i, pm in enumerate(ctx.plan.markets):
        if not ctx.actions_by_market.get(pm.market):
            yield ctx.gap(
                ("markets", i, "market"),
                "market-without-action",
                market=ctx.market(pm.market),
                year=ctx.year,
            )


def _plan_market_ids(ctx: Context) -> set[str]:
    if ctx.plan.markets:
        return {pm.market for pm in ctx.plan.markets}
    return {m.id for m in ctx.markets.markets}


def zone_lever_unused(ctx: Context) -> Iterator[Gap]:
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
                yield ctx.gap(
                    ("zones", z, "levers", j),
                    "zone-lever-unused",
                    source,
                    zone=Ref(zone.id, zone.name),
                    lever=Ref(lever, ctx.lever_names.get(lever)),
                    year=ctx.year,
                    markets=Refs(tuple(ctx.market(m) for m in sorted(markets))),
                )


def destination_without_action(ctx: Context) -> Iterator[Gap]:
    regions_source = ctx.data.sources["regions.yaml"]
    for shown in showcased(ctx.plan, ctx.regions):
        if not ctx.actions_by_destination.get(shown.destination):
            yield ctx.gap(
                shown.loc,
                f"destination-without-action.{shown.role}",
                None if shown.in_plan else regions_source,
                destination=ctx.destination(shown.destination),
                region=Ref(shown.region.id, shown.region.name),
                year=ctx.year,
            )


def low_season_month_uncovered(ctx: Context) -> Iterator[Gap]:
    """Low season = months below the yearly mean (`indicators.low_season`, the
    same months the built plan marks on its seasonality curve), for each
    seasonality priority: its low months with no action serving it."""
    for priority in ctx.plan.cross_priorities():
        if priority.seasonality is None:
            continue
        values = priority.seasonality.values
        mean = sum(values) / len(values)
        covered = {m for a in ctx.plan.actions if priority.serves(a) for m in a.months}
        # the first form's message names no priority: there is one of its kind
        named: dict[str, Param] = {}
        if priority.name is not None:
            named["priority"] = _priority(priority)
        for month in low_season(values):
            if month not in covered:
                yield ctx.gap(
                    (*priority.loc, "seasonality", "values", month - 1),
                    "low-season-month-uncovered" + (".listed" if named else ""),
                    None,
                    month=Month(month),
                    value=Number(values[month - 1], "g"),
                    mean=Number(mean, ".3g"),
                    **named,
                )


def high_potential_without_action(ctx: Context) -> Iterator[Gap]:
    """A destination of a destinations priority (high-potential ones) with no action."""
    for priority in ctx.plan.cross_priorities():
        named: dict[str, Param] = {}
        if priority.name is not None:
            named["priority"] = _priority(priority)
        for i, dest in enumerate(priority.destinations):
            if not ctx.actions_by_destination.get(dest):
                yield ctx.gap(
                    (*priority.loc, "destinations", i),
                    "high-potential-without-action" + (".listed" if named else ""),
                    None,
                    destination=ctx.destination(dest),
                    year=ctx.year,
                    **named,
                )


def _priority(priority: models.CrossPriority) -> Ref:
    return Ref(priority.id, priority.name, named_in_cli=True)


def proposal_unanswered(ctx: Context) -> Iterator[Gap]:
    """An open proposal no action answers, or one deferred without a reason.

    Taken-up (with an answering action: validate checks that), deferred with
    a reason and declined (which always has a reason) count as answered.
    """
    answered = {p for a in ctx.plan.actions for p in a.answers}
    for i, proposal in enumerate(ctx.plan.proposals):
        if proposal.status == "open" and proposal.id not in answered:
            status = "open"
        elif proposal.status == "deferred" and proposal.reason is None:
            status = "deferred"
        else:
            continue
        yield ctx.gap(
            ("proposals", i, "status"),
            f"proposal-unanswered.{status}",
            proposal=Ref(proposal.id),
        )


def action_without_kpi(ctx: Context) -> Iterator[Gap]:
    for i, action in enumerate(ctx.plan.actions):
        if not action.kpis:
            yield ctx.gap(("actions", i, "id"), "action-without-kpi", action=ctx.action(action))


def action_without_owner(ctx: Context) -> Iterator[Gap]:
    for i, action in enumerate(ctx.plan.actions):
        if action.owner is None:
            yield ctx.gap(("actions", i, "id"), "action-without-owner", action=ctx.action(action))


def action_without_month(ctx: Context) -> Iterator[Gap]:
    for i, action in enumerate(ctx.plan.actions):
        if not action.months:
            yield ctx.gap(("actions", i, "id"), "action-without-month", action=ctx.action(action))


def unsourced(ctx: Context) -> Iterator[Gap]:
    """A figure neither sourced nor marked as an estimate (`roadmap.provenance`)."""
    for placed in provenance.unmarked(ctx.plan, ctx.data.dataset):
        yield ctx.gap(placed.loc, f"unsourced.{placed.what}", subject=Ref(placed.owner))


#: Default share of the plan's budget above which one market or region is
#: flagged (budget-concentration `threshold`), and one lever (`lever-threshold`).
CONCENTRATION_THRESHOLD = 0.25
LEVER_CONCENTRATION_THRESHOLD = 0.40


def budget_shares(plan: models.Plan) -> dict[str, dict[str, Fraction]]:
    """Budget per market, region and lever, as the plan splits it
    (`allocation.budget_split`). Actions without a market or region count in
    the total but in no market or region."""
    # the three kinds read, not `budget_split`'s five: zones and sectors
    # were half the time of a draft's annex warnings
    shares: dict[str, dict[str, Fraction]] = {}
    for kind in ("market", "region", "lever"):
        split = allocate(((a.budget, kind_keys(a, kind, {})) for a in plan.actions), "")
        shares[kind] = {key: amount for key, amount in split.items() if key}
    return shares


def budget_concentration(ctx: Context) -> Iterator[Gap]:
    plan = ctx.plan
    total = sum(a.budget for a in plan.actions)
    if total <= 0:
        return
    limits = {
        "market": ctx.options.get("threshold", CONCENTRATION_THRESHOLD),
        "region": ctx.options.get("threshold", CONCENTRATION_THRESHOLD),
        "lever": ctx.options.get("lever-threshold", LEVER_CONCENTRATION_THRESHOLD),
    }
    names = {"market": ctx.market_names, "region": ctx.region_names, "lever": ctx.lever_names}
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
            share = float(amount / total)  # the nearest float, as the threshold is written
            if share > limit:
                yield ctx.gap(
                    first[(kind, key)],
                    f"budget-concentration.{kind}",
                    subject=Ref(key, names[kind].get(key)),
                    share=Share(share),
                    year=ctx.year,
                    amount=Number(round(amount), ",", digits=0),
                    total=Amount(total),
                    limit=Share(limit),
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
            "with no action serving the priority in it (naming it in `priorities`, or for the"
            " first seasonality priority flagged `deseasonalisation: true`)",
        ),
        _rule(
            high_potential_without_action,
            "a destination of a destinations priority (high-potential) with no action",
        ),
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
        _rule(
            unsourced,
            "a figure (budget, co-financing amount, KPI or target value, meeting date, "
            "proposal) with no `source` and not marked `assumption: true`",
        ),
    )
}


# --------------------------------------------------------------------------- running


def _context(data: Data, year: int, options: Mapping[str, float]) -> Context:
    if data.markets is None or data.regions is None or year not in data.plans:
        raise UsageError(f"no valid plan for {year}: the coverage rules need data without errors")
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


def gaps(
    data: Data, year: int, settings: Mapping[str, RuleSettings] | None = None
) -> tuple[Context, list[Gap]]:
    """Every enabled rule's gaps for the plan of `year`, rule by rule, not yet worded."""
    settings = settings or {}
    found: list[Gap] = []
    ctx = _context(data, year, {})
    for name, rule in RULES.items():
        setting = settings.get(name, RuleSettings())
        if not setting.enabled:
            continue
        ctx.options = {**rule.options, **setting.options}
        found.extend(rule.check(ctx))
    return ctx, found


def run(
    data: Data,
    year: int,
    settings: Mapping[str, RuleSettings] | None = None,
    lang: Language | None = None,
) -> list[Finding]:
    """Every enabled rule's warnings for the plan of `year`, worded for `roadmap check`.

    In `lang`; without one, in the reference catalogue with names in the
    dataset's language (`roadmap check` passes the dataset's or --lang)."""
    ctx, found = gaps(data, year, settings)
    names = None
    if lang is None:
        lang, names = Language(REFERENCE, ctx.lang, ctx.currency, data.locales), ctx.lang
    return [
        Finding(g.source, g.loc, g.code, cli_message(g, lang, names), Severity.WARNING)
        for g in found
    ]


def warnings(
    data: Data,
    year: int,
    settings: Mapping[str, RuleSettings] | None = None,
    lang: Language | None = None,
) -> list[Problem]:
    """The warnings of `run`, placed (file, line, column) and sorted."""
    return resolve(run(data, year, settings, lang))


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """A warning as the built plan's annex shows it."""

    code: str  # the rule's name
    place: str  # file:line, the file relative to the data folder ("plans/2026.yaml:395")
    message: str  # in the plan's language


def warnings_for_plan(
    data: Data,
    year: int,
    settings: Mapping[str, RuleSettings] | None,
    lang: Language,
) -> list[PlanWarning]:
    """The warnings of `warnings`, in the same order, worded in `lang` for the plan."""
    _ctx, found = gaps(data, year, settings)
    places: dict[str, str] = {}
    findings = []
    for g in found:
        try:
            places[g.source.display] = g.source.path.relative_to(data.root).as_posix()
        except ValueError:  # a file outside the data folder: as validate names it
            places[g.source.display] = g.source.display
        findings.append(Finding(g.source, g.loc, g.code, plan_message(g, lang), Severity.WARNING))
    return [PlanWarning(p.code, f"{places[p.file]}:{p.line}", p.message) for p in resolve(findings)]


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
    for shown in showcased(ctx.plan, ctx.regions):
        region, dest = shown.region, shown.destination
        row_ = dest_rows.setdefault(
            region.id,
            {"id": region.id, "name": text(region.name, lang), "lead": None, "emerging": None},
        )
        row_[shown.role] = {
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
