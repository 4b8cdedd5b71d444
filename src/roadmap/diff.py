"""What changed between two plans: records matched by id, and the totals.

`compare` is a plain keyed walk over the two plans' models: every list of
records becomes a dict by id (or partner, market, region), so matching is
linear in the number of records, and two equal records are skipped with one
`==` before any field is looked at. A change names its field by a path such
as `actions[A26-014].cofinancing[RAM].amount`.

Rules (documented in the README):

- Lists of ids or months are sets: order counts only with `order=True`,
  which reports a reordered list or reordered records as `reordered`.
- Text given per language is compared per language (`title.fr`).
- The year's markets are compared by their tier as seen by each plan (the
  plan's override, else markets.yaml); each region's lead and emerging
  destination likewise (the plan's `destinations`, else regions.yaml).
- An action's budget counts for its lever and region; for zones it is split
  equally over the distinct zones of its markets, as the plan does (an action
  on FR, ES and US puts half in Western Europe and half in the Americas).
- From a plan to a later year's plan, proposals and meetings keep their
  identity (a plan carries earlier proposals with their ids): a proposal of
  the earlier plan that the later one does not list was not removed, it has
  an outcome there (`Story`); a meeting it does not list was held, and is
  history. Between two versions of one year's plan, both are removals.
- An action's `answers` is resolved against both plans' proposals: a
  recurring action may answer a proposal that only the earlier plan lists.

`load_sides` turns the command's two arguments (years, plan files or data
folders) into validated plans; it raises `DataError` when either side has
errors, exactly the problems `roadmap validate` reports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from roadmap import allocation, models
from roadmap.i18n import resolve_text
from roadmap.problems import DataError, Problem, Severity, UsageError
from roadmap.showcase import by_region

Kind = Literal["added", "removed", "changed", "reordered"]
#: What became of a proposal of the earlier plan, in the order reports count them.
Outcome = Literal["taken-up", "open", "deferred", "declined", "dropped"]
OUTCOMES: tuple[Outcome, ...] = ("taken-up", "open", "deferred", "declined", "dropped")

#: Sections in report order; a change's section is its path's first name.
SECTIONS = (
    "plan",
    "markets",
    "destinations",
    "objectives",
    "priorities",
    "meetings",
    "proposals",
    "actions",
)
#: Plan fields outside any list of records, reported under "plan".
_PLAN_FIELDS = {"theme", "partners"}
#: Plan fields not walked field by field: compared as each plan sees them.
_RESOLVED = {"year", "markets", "destinations"}
#: The field that keys a record in its list, first one the model has.
_KEY_FIELDS = ("id", "partner", "market", "region")
#: Lists of numbers whose positions mean something (January first).
_POSITIONAL = {"values"}
#: Names for budgets that have no lever, zone or region.
NO_REGION = "(no region)"
NO_MARKET = "(no market)"


@dataclass(frozen=True)
class Change:
    """One difference: `before` is None for added, `after` None for removed."""

    kind: Kind
    path: str
    before: Any = None
    after: Any = None

    @property
    def section(self) -> str:
        head = re.split(r"[.\[]", self.path, maxsplit=1)[0]
        return "plan" if head in _PLAN_FIELDS else head

    def swapped(self) -> Change:
        kind: Kind = {"added": "removed", "removed": "added"}.get(self.kind, self.kind)  # type: ignore[assignment]
        return Change(kind, self.path, self.after, self.before)


#: A number of the totals: exact, so that sums and changes are never off by
#: a float's rounding (amounts are ints, split budgets and targets fractions).
Exact = int | Fraction


def exact(value: float) -> Fraction:
    """A number of the data as the decimal it was written as (`19.8` is 198/10).

    The data's real numbers have at most 15 significant digits
    (`models.REAL`), which the shortest repr of their float gives back.
    """
    return Fraction(repr(value))


@dataclass(frozen=True)
class Delta:
    """A number on each side; None where the side does not have it."""

    key: str
    before: Exact | None
    after: Exact | None

    @property
    def change(self) -> Exact | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        """Relative change in %, None when there is nothing to compare to."""
        change = self.change
        if change is None or not self.before:
            return None
        return float(100 * Fraction(change) / abs(Fraction(self.before)))

    def swapped(self) -> Delta:
        return Delta(self.key, self.after, self.before)


@dataclass(frozen=True)
class TargetChange:
    """An objective's KPI target on each side (`key` is the target id)."""

    objective: str
    delta: Delta
    unit: str
    #: The unit as the data gives it (per language): a report shows it in its reader's.
    unit_text: Any = None

    def swapped(self) -> TargetChange:
        return replace(self, delta=self.delta.swapped())


@dataclass(frozen=True)
class Coverage:
    """Markets, regions (ids) or months (1-12) with at least one action, on each side."""

    before: tuple[str | int, ...]
    after: tuple[str | int, ...]

    @property
    def gained(self) -> tuple[str | int, ...]:
        lost = set(self.before)
        return tuple(x for x in self.after if x not in lost)

    @property
    def lost(self) -> tuple[str | int, ...]:
        kept = set(self.after)
        return tuple(x for x in self.before if x not in kept)

    def swapped(self) -> Coverage:
        return Coverage(self.after, self.before)


@dataclass(frozen=True)
class AnswerChange:
    """The actions answering one proposal, on each side.

    `in_before` and `in_after` say which plans list the proposal; when
    neither does, it is an earlier plan's (validation has found it there).
    """

    proposal: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    in_before: bool = False
    in_after: bool = False

    def swapped(self) -> AnswerChange:
        return AnswerChange(self.proposal, self.after, self.before, self.in_after, self.in_before)


@dataclass(frozen=True)
class Shift:
    """A change of the year's markets or destinations, as a planner tells it.

    `kind` is `market-added`, `market-dropped` or `tier` (key: a market id),
    `lead` or `emerging` (key: a region id, values destination ids).
    """

    kind: str
    key: str
    name: str
    before: str | None
    after: str | None
    #: The name as the data gives it (per language): a report shows it in its reader's.
    text: Any = None

    def swapped(self) -> Shift:
        kind = {"market-added": "market-dropped", "market-dropped": "market-added"}
        return replace(
            self, kind=kind.get(self.kind, self.kind), before=self.after, after=self.before
        )


@dataclass(frozen=True)
class ProposalFate:
    """What became of one proposal of the earlier plan in the later one.

    `after` is its status in the later plan, None when that plan does not
    list it. `actions` answer it: the later plan's when any of its actions
    does (`actions_in` "after"), else the earlier plan's ("before"). The
    `outcome` is its status in the later plan when carried; when not
    carried, taken-up if an action of either plan answers it, declined if
    it was, and `dropped` for an open or deferred proposal that vanished
    with no outcome (a planner has to look at it).
    """

    proposal: str
    text: Any
    before: str
    after: str | None
    outcome: Outcome
    actions: tuple[str, ...]
    actions_in: Literal["before", "after"]
    reason: Any = None

    @property
    def carried(self) -> bool:
        return self.after is not None

    @property
    def changed(self) -> bool:
        """Its status moved, or the later plan does not list it."""
        return self.after != self.before if self.carried else True


@dataclass(frozen=True)
class Story:
    """The earlier plan's proposals and meetings as seen from a later year's plan."""

    proposals: tuple[ProposalFate, ...]
    #: Meetings of the earlier plan the later one does not list: held, history.
    held: tuple[str, ...]
    #: Meetings both plans list (the later one carries their proposals).
    carried: tuple[str, ...]
    #: Meetings only the later plan lists.
    new_meetings: tuple[str, ...]
    #: Proposals only the later plan lists.
    new_proposals: tuple[str, ...]

    def outcomes(self) -> dict[str, int]:
        """Number of the earlier plan's proposals per outcome, every outcome listed."""
        out: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        for fate in self.proposals:
            out[fate.outcome] += 1
        return out

    @property
    def moved(self) -> bool:
        return bool(self.held or any(f.changed for f in self.proposals))


@dataclass(frozen=True)
class PlanDiff:
    before: str
    after: str
    changes: tuple[Change, ...]
    budget_total: Delta
    budgets: dict[str, tuple[Delta, ...]]  # "lever", "zone", "region"
    targets: tuple[TargetChange, ...]
    coverage: dict[str, Coverage]  # "markets", "regions", "months"
    answers: tuple[AnswerChange, ...]
    shifts: tuple[Shift, ...] = ()
    #: From a plan to a later year's only (see `Story`); None otherwise.
    story: Story | None = None

    @property
    def differs(self) -> bool:
        """True when anything differs, changes or derived totals alike."""
        return bool(
            self.changes
            or self.targets
            or self.answers
            or (self.story is not None and self.story.moved)
            or self.budget_total.change
            or any(d.change != 0 for rows in self.budgets.values() for d in rows)
            or any(c.gained or c.lost for c in self.coverage.values())
        )

    def swapped(self) -> PlanDiff:
        """The diff of after against before, for two plans of one year.

        The story reads one way only (what became of the earlier plan's
        proposals), so it is left out; between two years, `compare` the
        plans the other way round instead.
        """
        return PlanDiff(
            self.after,
            self.before,
            tuple(c.swapped() for c in self.changes),
            self.budget_total.swapped(),
            {k: tuple(d.swapped() for d in rows) for k, rows in self.budgets.items()},
            tuple(t.swapped() for t in self.targets),
            {k: c.swapped() for k, c in self.coverage.items()},
            tuple(a.swapped() for a in self.answers),
            tuple(s.swapped() for s in self.shifts),
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of changes per section and kind, sections in report order."""
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            section = out.setdefault(
                c.section, {"added": 0, "removed": 0, "changed": 0, "reordered": 0}
            )
            section[c.kind] += 1
        return out


@dataclass
class Side:
    """One plan with the catalogues it is read against."""

    label: str
    plan: models.Plan | None
    markets: models.MarketsFile | None = None
    regions: models.RegionsFile | None = None


# --------------------------------------------------------------------------- walk


def _natural(text: str) -> list[Any]:
    parts: list[Any] = re.split(r"(\d+)", text)
    parts[1::2] = [int(p) for p in parts[1::2]]
    return parts


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a value: records as mappings, dates as ISO text.

    A whole float is an int (a target of 40000 read as 40000.0 is 40000, as
    in the data and in the budgets); a real fraction stays a float.
    """
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="json", exclude_defaults=True))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    """Equality, a third faster than pydantic's `==` for two records of one type."""
    if isinstance(a, BaseModel):
        return type(a) is type(b) and a.__dict__ == b.__dict__
    return bool(a == b)


def _key_field(model: type[BaseModel]) -> str | None:
    return next((k for k in _KEY_FIELDS if k in model.model_fields), None)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Walker:
    def __init__(self, order: bool) -> None:
        self.order = order
        self.out: list[Change] = []

    def add(self, kind: Kind, path: str, before: Any = None, after: Any = None) -> None:
        self.out.append(Change(kind, path, _plain(before), _plain(after)))

    def value(self, path: str, a: Any, b: Any) -> None:
        if _same(a, b):
            return
        if isinstance(a, BaseModel) and type(a) is type(b):
            self.model(path, a, b)
        elif isinstance(a, dict) and isinstance(b, dict):  # text per language
            for lang in sorted(a.keys() | b.keys()):
                if a.get(lang) != b.get(lang):
                    self.add("changed", _join(path, lang), a.get(lang), b.get(lang))
        elif isinstance(a, list) and isinstance(b, list):
            self.sequence(path, a, b)
        else:
            self.add("changed", path, a, b)

    def model(self, path: str, a: BaseModel, b: BaseModel, skip: Iterable[str] = ()) -> None:
        for name in type(a).model_fields:
            if name not in skip:
                self.value(_join(path, name), getattr(a, name), getattr(b, name))

    def sequence(self, path: str, a: list[Any], b: list[Any]) -> None:
        sample = a[0] if a else b[0]
        if isinstance(sample, BaseModel):
            self.records(path, a, b, _key_field(type(sample)))
        elif path.rsplit(".", 1)[-1] in _POSITIONAL or set(a) != set(b):
            self.add("changed", path, a, b)
        elif self.order:
            self.add("reordered", path, a, b)

    def records(self, path: str, a: list[Any], b: list[Any], key: str | None) -> None:
        def keyed(items: list[Any]) -> dict[str, Any]:
            if key is None:
                return {str(i): x for i, x in enumerate(items)}
            return {getattr(x, key): x for x in items}

        self.keyed(path, keyed(a), keyed(b))

    def keyed(self, path: str, ka: dict[str, Any], kb: dict[str, Any]) -> None:
        for k, x in ka.items():
            y = kb.get(k)
            if y is None:
                self.add("removed", f"{path}[{k}]", x, None)
            elif not _same(x, y):
                self.value(f"{path}[{k}]", x, y)
        for k, y in kb.items():
            if k not in ka:
                self.add("added", f"{path}[{k}]", None, y)
        if self.order:
            common_a = [k for k in ka if k in kb]
            common_b = [k for k in kb if k in ka]
            if common_a != common_b:
                self.add("reordered", path, common_a, common_b)


# --------------------------------------------------------------------------- as each plan sees it


def market_tiers(side: Side) -> dict[str, str | None]:
    """The year's markets and their tier: the plan's, else markets.yaml's."""
    if side.plan is None:
        return {}
    catalogue = {m.id: m.tier for m in side.markets.markets} if side.markets else {}
    return {pm.market: pm.tier or catalogue.get(pm.market) for pm in side.plan.markets}


def region_destinations(side: Side) -> dict[str, dict[str, str | None]]:
    """Each region's lead and emerging destination as the plan sees it (`roadmap.showcase`)."""
    if side.regions is None or side.plan is None:
        return {}
    return {
        region: {str(role): dest for role, dest in roles.items()}
        for region, roles in by_region(side.plan, side.regions).items()
    }


def _budgets(side: Side) -> dict[str, dict[str, Fraction]]:
    """Budget by lever, zone and region, split as the plan does (`allocation.budget_split`)."""
    if side.plan is None:
        return {"lever": {}, "zone": {}, "region": {}}
    zones = {m.id: m.zone for m in side.markets.markets} if side.markets else {}
    split = allocation.budget_split(side.plan.actions, zones)
    none: dict[allocation.Kind, str] = {"lever": "", "zone": NO_MARKET, "region": NO_REGION}
    return {
        kind: {key or empty: amount for key, amount in split[kind].items()}
        for kind, empty in none.items()
    }


def _deltas(a: dict[str, Fraction], b: dict[str, Fraction]) -> tuple[Delta, ...]:
    keys = sorted(a.keys() | b.keys(), key=_natural)
    return tuple(Delta(k, a.get(k, 0), b.get(k, 0)) for k in keys)


def _targets(a: models.Plan | None, b: models.Plan | None) -> tuple[TargetChange, ...]:
    def index(plan: models.Plan | None) -> dict[str, tuple[str, models.Target]]:
        if plan is None:
            return {}
        return {t.id: (o.id, t) for o in plan.objectives for t in o.targets}

    ia, ib = index(a), index(b)
    out = []
    for tid in [*ia, *(k for k in ib if k not in ia)]:
        oa, ta = ia.get(tid, (None, None))
        ob, tb = ib.get(tid, (None, None))
        before = exact(ta.target) if ta else None
        after = exact(tb.target) if tb else None
        if before != after:
            given = (tb or ta).unit  # type: ignore[union-attr]
            out.append(
                TargetChange(str(ob or oa), Delta(tid, before, after), resolve_text(given), given)
            )
    return tuple(sorted(out, key=lambda t: _natural(t.delta.key)))


def _coverage(a: models.Plan | None, b: models.Plan | None) -> dict[str, Coverage]:
    def covered(plan: models.Plan | None) -> dict[str, tuple[str | int, ...]]:
        markets: set[str] = set()
        regions: set[str] = set()
        months: set[int] = set()
        for action in plan.actions if plan else ():
            markets.update(action.markets)
            if action.region is not None:
                regions.add(action.region)
            months.update(action.months)
        ids: dict[str, list[str]] = {
            "markets": sorted(markets, key=_natural),
            "regions": sorted(regions, key=_natural),
        }
        return {**{k: tuple(v) for k, v in ids.items()}, "months": tuple(sorted(months))}

    ca, cb = covered(a), covered(b)
    return {k: Coverage(ca[k], cb[k]) for k in ca}


def _answering(plan: models.Plan | None) -> dict[str, list[str]]:
    """Proposal id -> the plan's actions that answer it, in plan order."""
    out: dict[str, list[str]] = {}
    for action in plan.actions if plan else ():
        for pid in action.answers:
            out.setdefault(pid, []).append(action.id)
    return out


def _sorted_ids(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=_natural))


def _answers(a: models.Plan | None, b: models.Plan | None) -> tuple[AnswerChange, ...]:
    wa, wb = _answering(a), _answering(b)
    listed_a = {p.id for p in a.proposals} if a else set()
    listed_b = {p.id for p in b.proposals} if b else set()
    changes = []
    for pid in wa.keys() | wb.keys():
        before, after = wa.get(pid, []), wb.get(pid, [])
        if sorted(before) != sorted(after):
            changes.append(
                AnswerChange(
                    pid, _sorted_ids(before), _sorted_ids(after), pid in listed_a, pid in listed_b
                )
            )
    return tuple(sorted(changes, key=lambda c: _natural(c.proposal)))


def _shifts(a: Side, b: Side, changes: Iterable[Change]) -> tuple[Shift, ...]:
    """The markets and destinations changes, named for a planner."""
    texts: dict[str, Any] = {}
    for side in (a, b):  # the later side's names win
        for market in side.markets.markets if side.markets else ():
            texts[f"markets[{market.id}]"] = market.name
        for region in side.regions.regions if side.regions else ():
            texts[f"destinations[{region.id}]"] = region.name
    names = {head: resolve_text(text) for head, text in texts.items()}
    out = []
    for c in changes:
        if c.section not in ("markets", "destinations"):
            continue
        head, _, field_name = c.path.partition(".")
        key = head[head.index("[") + 1 : -1]
        if c.section == "markets":
            kind = {"added": "market-added", "removed": "market-dropped"}.get(c.kind, "tier")
            before = (c.before or {}).get("tier") if c.kind == "removed" else c.before
            after = (c.after or {}).get("tier") if c.kind == "added" else c.after
            out.append(Shift(kind, key, names.get(head, key), before, after, texts.get(head)))
        elif field_name:
            shift = Shift(field_name, key, names.get(head, key), c.before, c.after, texts.get(head))
            out.append(shift)
        else:  # a region only one side knows (a folder against another)
            for role in ("lead", "emerging"):
                before = (c.before or {}).get(role)
                after = (c.after or {}).get(role)
                out.append(Shift(role, key, names.get(head, key), before, after, texts.get(head)))

    def order(s: Shift) -> tuple[Any, ...]:
        # markets first, then destinations; by id, so that swapping keeps the order
        return (s.kind in ("lead", "emerging"), _natural(s.key), s.kind in ("emerging",))

    return tuple(sorted(out, key=order))


def _later(a: models.Plan | None, b: models.Plan | None) -> bool:
    """B is a later year's plan than A: proposals and meetings carry over."""
    return a is not None and b is not None and a.year < b.year


def _fate(
    p: models.Proposal, carried: models.Proposal | None, wa: list[str], wb: list[str]
) -> ProposalFate:
    if carried is not None:
        reason = carried.reason if carried.reason is not None else p.reason
        return ProposalFate(
            p.id, p.text, p.status, carried.status, carried.status, _sorted_ids(wb), "after", reason
        )
    if wb:  # a recurring action of the later plan answers it: the link holds
        return ProposalFate(p.id, p.text, p.status, None, "taken-up", _sorted_ids(wb), "after")
    if p.status == "taken-up" or wa:
        return ProposalFate(p.id, p.text, p.status, None, "taken-up", _sorted_ids(wa), "before")
    outcome: Outcome = "declined" if p.status == "declined" else "dropped"
    return ProposalFate(p.id, p.text, p.status, None, outcome, (), "before", p.reason)


def _story(a: models.Plan, b: models.Plan) -> Story:
    wa, wb = _answering(a), _answering(b)
    later = {p.id: p for p in b.proposals}
    fates = tuple(
        _fate(p, later.get(p.id), wa.get(p.id, []), wb.get(p.id, [])) for p in a.proposals
    )
    earlier_proposals = {p.id for p in a.proposals}
    meetings_a = [m.id for m in a.meetings]
    meetings_b = {m.id for m in b.meetings}
    return Story(
        fates,
        tuple(m for m in meetings_a if m not in meetings_b),
        tuple(m for m in meetings_a if m in meetings_b),
        tuple(m.id for m in b.meetings if m.id not in set(meetings_a)),
        tuple(p.id for p in b.proposals if p.id not in earlier_proposals),
    )


def _history(change: Change) -> bool:
    """A proposal or meeting of the earlier plan that the later one does not list."""
    return (
        change.kind == "removed"
        and re.fullmatch(r"(proposals|meetings)\[[^]]+\]", change.path) is not None
    )


# --------------------------------------------------------------------------- compare


def _priorities(plan: models.Plan) -> dict[str, dict[str, Any]]:
    """A plan's priorities as the list form writes them, by id (first form included)."""
    found: dict[str, dict[str, Any]] = {}
    for p in plan.cross_priorities():
        record: dict[str, Any] = {"kind": p.kind, "description": p.description}
        if p.name is not None:
            record["name"] = p.name
        if p.destinations:
            record["destinations"] = list(p.destinations)
        if p.seasonality is not None:
            record["seasonality"] = _plain(p.seasonality)
        found.setdefault(p.id, record)
    return found


def compare(a: Side, b: Side, order: bool = False) -> PlanDiff:
    """Everything that differs from plan `a` to plan `b`."""
    walker = _Walker(order)
    pa, pb = a.plan, b.plan
    if pa is not None and pb is not None:
        if type(pa.priorities) is type(pb.priorities):
            walker.model("", pa, pb, skip=_RESOLVED)
        else:
            # one plan keeps the first form (a mapping), the other a list: both
            # are compared as the list they mean, priority by priority
            walker.model("", pa, pb, skip=_RESOLVED | {"priorities"})
            walker.keyed("priorities", _priorities(pa), _priorities(pb))
    else:
        for name, info in models.Plan.model_fields.items():
            if name in _RESOLVED:
                continue
            empty: Any = (
                [] if info.annotation is not None and "list" in str(info.annotation) else None
            )
            walker.value(
                name,
                getattr(pa, name) if pa is not None else empty,
                getattr(pb, name) if pb is not None else empty,
            )
    ta, tb = market_tiers(a), market_tiers(b)
    walker.keyed(
        "markets",
        {k: {"market": k, "tier": v} for k, v in ta.items()},
        {k: {"market": k, "tier": v} for k, v in tb.items()},
    )
    da, db = region_destinations(a), region_destinations(b)
    walker.keyed("destinations", da, db)

    later = _later(pa, pb)
    found = [c for c in walker.out if not (later and _history(c))]
    rank = {s: i for i, s in enumerate(SECTIONS)}
    changes = sorted(found, key=lambda c: (rank.get(c.section, len(rank)), _natural(c.path)))
    ba, bb = _budgets(a), _budgets(b)
    total_a = sum(x.budget for x in pa.actions) if pa else 0
    total_b = sum(x.budget for x in pb.actions) if pb else 0
    return PlanDiff(
        a.label,
        b.label,
        tuple(changes),
        Delta("total", total_a, total_b),
        {k: _deltas(ba[k], bb[k]) for k in ba},
        _targets(pa, pb),
        _coverage(pa, pb),
        _answers(pa, pb),
        _shifts(a, b, changes),
        _story(pa, pb) if later and pa is not None and pb is not None else None,
    )


# --------------------------------------------------------------------------- loading the sides

YEAR = re.compile(r"^\d{4}$")


@dataclass
class _Spec:
    """Where one side comes from: a year of a data folder, or a lone plan file."""

    label: str
    root: Path
    year: int | None = None
    file: Path | None = None
    empty: bool = False
    problems: list[Problem] = field(default_factory=list)


def _year_in_folder(path: Path) -> int | None:
    """The year of a plan file that sits in its data folder's plans/, else None."""
    from roadmap.dataset import PLAN_NAME, PLANS_DIR

    match = PLAN_NAME.match(path.name)
    if match is None or path.parent.name != PLANS_DIR:
        return None
    return int(match.group(1)) if (path.parent.parent / "dataset.yaml").is_file() else None


def _years_in(root: Path) -> set[int]:
    from roadmap.dataset import PLAN_NAME, plan_files

    return {int(m.group(1)) for p in plan_files(root) if (m := PLAN_NAME.match(p.name))}


def _specs(a: str, b: str, data: Path) -> tuple[_Spec, _Spec]:
    import os

    def one(arg: str) -> _Spec:
        path = Path(arg)
        if YEAR.match(arg) and not path.exists():
            return _Spec(arg, data, year=int(arg))
        if arg == os.devnull:
            return _Spec(arg, data, empty=True)
        if not path.exists():
            raise UsageError(f"no such year, file or folder: {arg}")
        if path.is_dir():
            return _Spec(arg, path)
        year = _year_in_folder(path)
        if year is not None:
            return _Spec(arg, path.parent.parent, year=year)
        return _Spec(arg, data, file=path)

    sa, sb = one(a), one(b)
    folders = [s for s in (sa, sb) if s.year is None and s.file is None and not s.empty]
    if len(folders) == 1:
        raise UsageError(
            "compare two years, two plan files or two data folders, not a folder with a "
            f"{'year' if (sb if folders[0] is sa else sa).year is not None else 'file'}"
        )
    if len(folders) == 2:
        common = _years_in(sa.root) & _years_in(sb.root)
        if not common:
            raise UsageError(f"the data folders {a} and {b} have no plan year in common")
        sa.year = sb.year = max(common)
    return sa, sb


def _load_file(spec: _Spec, file: Path) -> Side:
    """A plan file outside its data folder, read against the --data catalogues."""
    from roadmap.checks import check
    from roadmap.dataset import load, validate_model
    from roadmap.findings import Finding, resolve
    from roadmap.loader import LoadError, SourceFile

    if not spec.root.is_dir():
        raise UsageError(f"data folder not found: {spec.root}")
    result = load(spec.root, years=set())
    data, findings = result.data, list(result.findings)
    problems = list(result.problems)
    source = SourceFile.at(file)
    plan: models.Plan | None = None
    try:
        raw = source.load()
    except LoadError as exc:
        problems += exc.problems
    else:
        extra: list[Finding] = []
        plan = validate_model(source, raw, models.Plan, extra)
        findings += extra
        if plan is not None:
            data.plans[plan.year] = plan
            data.plan_sources[plan.year] = source
    spec.problems = problems + resolve(findings + check(data))
    return Side(spec.label, plan, data.markets, data.regions)


def load_sides(a: str, b: str, data: Path, order: bool = False) -> tuple[Side, Side]:
    """The two validated sides of `roadmap diff A B`; DataError on any error."""
    from roadmap.validation import validate

    specs = _specs(a, b, data)
    sides: list[Side] = []
    loaded: dict[Path, tuple[Any, list[Problem]]] = {}
    wanted: dict[Path, set[int]] = {}
    for s in specs:
        if s.year is not None:
            wanted.setdefault(s.root.resolve(), set()).add(s.year)
    problems: list[Problem] = []
    for s in specs:
        if s.empty:
            sides.append(Side(s.label, None))
            continue
        if s.file is not None:
            sides.append(_load_file(s, s.file))
            problems += s.problems
            continue
        if s.year is None:  # _specs gives every other side a year
            raise UsageError(f"{s.label}: not a year, a plan file or a data folder")
        root = s.root.resolve()
        if root not in loaded:
            loaded[root] = validate(s.root, years=wanted[root])
            problems += loaded[root][1]
        found = loaded[root][0]
        sides.append(Side(s.label, found.plans.get(s.year), found.markets, found.regions))
    # dict, not set: a repeated problem is dropped, the others keep the
    # order they were found in (a set's order changes from run to run)
    unique = sorted(dict.fromkeys(problems))
    if any(p.severity is Severity.ERROR for p in unique):
        raise DataError(unique)
    return sides[0], sides[1]


__all__: Sequence[str] = (
    "OUTCOMES",
    "AnswerChange",
    "Change",
    "Coverage",
    "Delta",
    "Outcome",
    "PlanDiff",
    "ProposalFate",
    "Shift",
    "Side",
    "Story",
    "TargetChange",
    "compare",
    "load_sides",
)
