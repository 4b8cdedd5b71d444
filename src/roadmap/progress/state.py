"""The state of a year's plan at a date: the core every progress output reads.

`progress_state` merges the reviews dated up to `as_of`, oldest first, key
by key: a later review's key replaces an earlier one's, a key a review
leaves out keeps its earlier value, and the plan gives the starting point
(its statuses, budgets, baselines and targets). The plan is never changed.
On top of the merged values it computes, per target, the share of the way
from baseline to target and a verdict; budget planned, committed and spent
by lever, zone, region and partner; actions by status with the late ones;
and what became of each proposal. Pure: no I/O, no clock, no printing.

Verdicts (thresholds in `Thresholds`, set in roadmap.toml's `[progress]`):

- **met**: the share of the way is at least `met` (1.0: the target reached);
- once the year is over (as of 31 December or later), any other target with
  an actual value is **missed**;
- before that, **on track** when the share of the way is at least
  `on_track` times the share of the year elapsed, else **at risk**
  (as of 30 June, half the year has elapsed: with `on_track` 0.9 a target
  is on track from 45 % of the way).

A target with no actual value yet has no verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from roadmap import models
from roadmap.allocation import Kind, allocate_columns, kind_keys
from roadmap.progress.checks import find_kpi, plan_targets
from roadmap.progress.models import ActionReview, Note, Review

Verdict = Literal["met", "on-track", "at-risk", "missed"]
VERDICTS: tuple[Verdict, ...] = ("met", "on-track", "at-risk", "missed")
#: Statuses in the order reports list them.
STATUSES: tuple[str, ...] = ("planned", "late", "ongoing", "done", "cancelled")
#: Kinds of key the budget is broken down by (the partner lines are apart).
BUDGET_KINDS: tuple[Kind, ...] = ("lever", "zone", "region")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How verdicts and the stale-review warning are decided (roadmap.toml `[progress]`)."""

    #: On track when the share of the way is at least this times the share
    #: of the year elapsed (key `on-track`).
    on_track: float = 0.9
    #: Met from this share of the way (key `met`; 1.0 = the target itself).
    met: float = 1.0
    #: `roadmap check` warns when the latest review is older than this many
    #: days while the year runs (key `review-age`).
    review_age: int = 100

    @classmethod
    def from_settings(cls, settings: Mapping[str, float]) -> Thresholds:
        """Thresholds from the `[progress]` table read by `roadmap.config` (defaults elsewhere)."""
        default = cls()
        return cls(
            on_track=float(settings.get("on-track", default.on_track)),
            met=float(settings.get("met", default.met)),
            review_age=int(settings.get("review-age", default.review_age)),
        )


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which review gave a value, and its `source` / `assumption`."""

    review: dt.date
    source: models.Text | None
    assumption: bool


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class TargetState:
    """An objective target at the date: where it started, aims at and stands."""

    objective: str
    target: models.Target
    actual: float | None
    #: Part of the year the actual covers, as the review says (e.g. 'Jan-Sep').
    period: models.Text | None
    provenance: Provenance | None
    #: (actual - baseline) / (target - baseline); None without an actual
    #: or when target and baseline are equal.
    share: float | None
    verdict: Verdict | None

    @property
    def id(self) -> str:
        return self.target.id

    @property
    def baseline(self) -> float:
        return self.target.baseline.value

    @property
    def goal(self) -> float:
        return self.target.target


@dataclass(frozen=True, slots=True)
class KpiState:
    """One of an action's KPIs at the date."""

    kpi: models.Kpi
    actual: float | None
    provenance: Provenance | None
    share: float | None


@dataclass(frozen=True, slots=True)
class PartnerMoneyState:
    """A co-financing partner's planned, committed and spent money on one action."""

    partner: str
    planned: int
    committed: int | None
    spent: int | None
    provenance: Provenance | None


@dataclass(frozen=True, slots=True)
class ActionState:
    """An action at the date: its merged status, money, KPIs and note."""

    action: models.Action
    #: planned, late, ongoing, done or cancelled; `late` also when still
    #: planned after the end of its first month.
    status: str
    #: Review that set the status; None: the plan's own.
    status_set: dt.date | None
    #: The status is late because its first month has passed, not because a review says so.
    late_by_date: bool
    committed: int | None
    spent: int | None
    money: Provenance | None
    partners: tuple[PartnerMoneyState, ...]
    kpis: tuple[KpiState, ...]
    note: Note | None
    reason: models.Text | None

    @property
    def id(self) -> str:
        return self.action.id

    @property
    def budget(self) -> int:
        return self.action.budget


@dataclass(frozen=True, slots=True)
class ProposalStep:
    """One change of a proposal's status, from a review."""

    review: dt.date
    status: str
    date: dt.date
    reason: models.Text | None
    source: models.Text | None
    assumption: bool


@dataclass(frozen=True, slots=True)
class ProposalState:
    """What became of a proposal: its plan status, each later change, where it stands."""

    proposal: models.Proposal
    status: str
    history: tuple[ProposalStep, ...]
    #: Actions of the plan that answer it.
    answered_by: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.proposal.id

    @property
    def changed(self) -> bool:
        return self.status != self.proposal.status


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """Money under one key (a lever, zone, region, partner; "" = none), exact."""

    key: str
    planned: Fraction
    committed: Fraction
    spent: Fraction

    @property
    def spent_share(self) -> float | None:
        """Share of the planned money spent (None when nothing was planned)."""
        return float(self.spent / self.planned) if self.planned else None


@dataclass(frozen=True, slots=True)
class BurnPoint:
    """Totals committed and spent as of one review (for a burn chart)."""

    date: dt.date
    committed: int
    spent: int


@dataclass(frozen=True, slots=True)
class Budget:
    planned: int
    committed: int
    spent: int
    #: kind ("lever", "zone", "region") -> lines, largest planned first.
    by: dict[str, tuple[BudgetLine, ...]]
    #: One line per co-financing partner: planned = its co-financing amounts;
    #: committed and spent = what the reviews' partner lines report.
    partners: tuple[BudgetLine, ...]
    #: Share of the planned money that partners other than the office bring,
    #: and share of the money reported spent that they paid (None: nothing
    #: spent by partner line yet).
    partner_share_planned: float | None
    partner_share_paid: float | None
    burn: tuple[BurnPoint, ...]


@dataclass(frozen=True, slots=True)
class ProgressState:
    """The plan of `year` as of `as_of`."""

    year: int
    as_of: dt.date
    #: Reviews merged, oldest first (those dated up to `as_of`).
    reviews: tuple[dt.date, ...]
    #: Share of the year elapsed at `as_of` (0 to 1).
    elapsed: float
    #: The year is over: verdicts are met or missed.
    final: bool
    thresholds: Thresholds
    targets: tuple[TargetState, ...]
    actions: tuple[ActionState, ...]
    budget: Budget
    proposals: tuple[ProposalState, ...]

    def by_status(self) -> dict[str, list[ActionState]]:
        """Actions per status, every status present (empty lists too), in `STATUSES` order."""
        out: dict[str, list[ActionState]] = {s: [] for s in STATUSES}
        for action in self.actions:
            out[action.status].append(action)
        return out

    def late(self) -> list[ActionState]:
        return [a for a in self.actions if a.status == "late"]

    def verdicts(self) -> dict[str, int]:
        """How many targets have each verdict ("none": no actual yet)."""
        out = dict.fromkeys((*VERDICTS, "none"), 0)
        for target in self.targets:
            out[target.verdict or "none"] += 1
        return out

    def worst(self) -> Verdict | None:
        """The worst verdict of any target (missed, then at-risk), or None."""
        present = {t.verdict for t in self.targets}
        worst: tuple[Verdict, ...] = ("missed", "at-risk", "on-track", "met")
        for verdict in worst:
            if verdict in present:
                return verdict
        return None


# --------------------------------------------------------------------------- arithmetic


def year_elapsed(year: int, as_of: dt.date) -> float:
    """Share of `year` elapsed at the end of the day `as_of`, from 0 to 1."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return min(1.0, max(0.0, ((as_of - start).days + 1) / days))


def share_of_way(baseline: float, target: float, actual: float) -> float | None:
    """How far `actual` has gone from `baseline` towards `target` (1.0 = reached).

    Works both ways: for a target below its baseline (a ratio to bring
    down) going down is progress. None when target equals baseline: there
    is no way to go (`verdict` then asks for the level to be held).
    """
    if target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def verdict(
    baseline: float,
    target: float,
    actual: float | None,
    elapsed: float,
    final: bool,
    thresholds: Thresholds,
) -> Verdict | None:
    """met, on-track, at-risk or missed (see the module's docstring); None without an actual."""
    if actual is None:
        return None
    share = share_of_way(baseline, target, actual)
    # no way to go: the level is to be held, met when kept at least at it
    reached = actual >= target if share is None else share >= thresholds.met
    if reached:
        return "met"
    if final:
        return "missed"
    if share is None:
        return "at-risk"
    return "on-track" if share >= thresholds.on_track * elapsed else "at-risk"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def is_late(action: models.Action, year: int, as_of: dt.date) -> bool:
    """Still planned after the end of its first month: it should have started."""
    return bool(action.months) and as_of > month_end(year, min(action.months))


# --------------------------------------------------------------------------- merging


@dataclass(slots=True)
class _Merged:
    """An action's values as the reviews leave them (None: no review said)."""

    status: str | None = None
    status_set: dt.date | None = None
    committed: int | None = None
    spent: int | None = None
    money: Provenance | None = None
    partners: dict[str, tuple[int | None, int | None, Provenance]] = field(default_factory=dict)
    kpis: dict[int, tuple[float, Provenance]] = field(default_factory=dict)
    note: Note | None = None
    reason: models.Text | None = None


def _basis(
    item: ActionReview, date: dt.date, source: models.Text | None, assumption: bool
) -> Provenance:
    if source is None and item.basis is not None:
        return Provenance(date, item.basis.source, item.basis.assumption or assumption)
    return Provenance(date, source, assumption)


def _line_basis(
    item: ActionReview,
    date: dt.date,
    source: models.Text | None,
    assumption: bool,
    own: Provenance,
) -> Provenance:
    """A partner line's or KPI value's provenance; `own`, the entry's, when it gives none."""
    if source is None and not assumption:
        return own
    return _basis(item, date, source, assumption)


def _merge_action(
    merged: _Merged, item: ActionReview, action: models.Action, date: dt.date
) -> None:
    """Apply one review's entry: every key it gives replaces the earlier value.

    A line with no source or assumption of its own has the entry's
    provenance: one object for all of them (a frozen value), not one per
    line.
    """
    given = item.model_fields_set
    own = _basis(item, date, None, False)
    if item.status is not None:
        merged.status, merged.status_set = item.status, date
    if item.committed is not None or item.spent is not None:
        if item.committed is not None:
            merged.committed = item.committed
        if item.spent is not None:
            merged.spent = item.spent
        merged.money = own
    for line in item.partners:
        old_committed, old_spent, _ = merged.partners.get(line.partner, (None, None, None))
        merged.partners[line.partner] = (
            line.committed if line.committed is not None else old_committed,
            line.spent if line.spent is not None else old_spent,
            _line_basis(item, date, line.source, line.assumption, own),
        )
    for kpi in item.kpis:
        found = find_kpi(action, kpi.indicator)
        if found is not None:
            basis = _line_basis(item, date, kpi.source, kpi.assumption, own)
            merged.kpis[found] = (kpi.actual, basis)
    if "note" in given and item.note is not None:
        merged.note = item.note
    if item.reason is not None:
        merged.reason = item.reason


def _action_state(
    action: models.Action, merged: _Merged | None, year: int, as_of: dt.date
) -> ActionState:
    m = merged or _Merged()
    status = m.status or action.status
    late_by_date = status == "planned" and is_late(action, year, as_of)
    if late_by_date:
        status = "late"
    partners = []
    for funding in action.cofinancing:
        committed, spent, prov = m.partners.get(funding.partner, (None, None, None))
        partners.append(PartnerMoneyState(funding.partner, funding.amount, committed, spent, prov))
    kpis = []
    for i, kpi in enumerate(action.kpis):
        actual, prov = m.kpis.get(i, (None, None))
        share = None if actual is None else share_of_way(kpi.baseline or 0.0, kpi.target, actual)
        kpis.append(KpiState(kpi, actual, prov, share))
    return ActionState(
        action=action,
        status=status,
        status_set=m.status_set,
        late_by_date=late_by_date,
        committed=m.committed,
        spent=m.spent,
        money=m.money,
        partners=tuple(partners),
        kpis=tuple(kpis),
        note=m.note,
        # a reason is a cancellation's: an action taken up again shows none
        reason=m.reason if status == "cancelled" else None,
    )


def _lines(parts: Sequence[dict[str, Fraction]]) -> tuple[BudgetLine, ...]:
    planned, committed, spent = parts
    keys = sorted(
        planned.keys() | committed.keys() | spent.keys(),
        key=lambda k: (-planned.get(k, Fraction(0)), k),
    )
    zero = Fraction(0)
    return tuple(
        BudgetLine(k, planned.get(k, zero), committed.get(k, zero), spent.get(k, zero))
        for k in keys
    )


def _budget(
    actions: Sequence[ActionState],
    market_zone: Mapping[str, str],
    office: str | None,
    burn: tuple[BurnPoint, ...],
) -> Budget:
    # one kind at a time, each action's keys found as they are counted: the
    # keys of every action held at once weighed half as much as the states
    by: dict[str, tuple[BudgetLine, ...]] = {}
    for kind in BUDGET_KINDS:
        by[kind] = _lines(
            allocate_columns(
                (
                    (
                        (a.action.budget, a.committed or 0, a.spent or 0),
                        kind_keys(a.action, kind, market_zone),
                    )
                    for a in actions
                ),
                "",
                3,
            )
        )
    # whole amounts: summed as integers (a Fraction per addition costs 10x)
    planned: dict[str, int] = {}
    committed: dict[str, int] = {}
    spent: dict[str, int] = {}
    for a in actions:
        for p in a.partners:
            planned[p.partner] = planned.get(p.partner, 0) + p.planned
            committed[p.partner] = committed.get(p.partner, 0) + (p.committed or 0)
            spent[p.partner] = spent.get(p.partner, 0) + (p.spent or 0)
    partners = _lines(
        [{k: Fraction(v) for k, v in sums.items()} for sums in (planned, committed, spent)]
    )
    others = [line for line in partners if line.key != office]
    total_planned = sum(line.planned for line in partners)
    total_spent = sum(line.spent for line in partners)
    return Budget(
        planned=sum(a.budget for a in actions),
        committed=sum(a.committed or 0 for a in actions),
        spent=sum(a.spent or 0 for a in actions),
        by=by,
        partners=partners,
        partner_share_planned=(
            float(sum(line.planned for line in others) / total_planned) if total_planned else None
        ),
        partner_share_paid=(
            float(sum(line.spent for line in others) / total_spent) if total_spent else None
        ),
        burn=burn,
    )


def _proposals(
    plan: models.Plan, steps: Mapping[str, list[ProposalStep]]
) -> tuple[ProposalState, ...]:
    answered: dict[str, list[str]] = {}
    for action in plan.actions:
        for pid in action.answers:
            answered.setdefault(pid, []).append(action.id)
    out = []
    for proposal in plan.proposals:
        history = steps.get(proposal.id, [])
        # the latest decision wins; two on one review: the later-dated one
        status = history[-1].status if history else proposal.status
        out.append(
            ProposalState(proposal, status, tuple(history), tuple(answered.get(proposal.id, ())))
        )
    return tuple(out)


class _ByAction:
    """A review's entries by action id, in the review's order.

    One entry per action in a valid review: the first is kept by itself
    (a list per action would weigh as much again as the index), any other
    (refused by `roadmap validate`, merged all the same) in `more`.
    """

    __slots__ = ("first", "more")

    def __init__(self, review: Review) -> None:
        self.first: dict[str, ActionReview] = {}
        self.more: dict[str, list[ActionReview]] = {}
        for item in review.actions:
            if self.first.setdefault(item.action, item) is not item:
                self.more.setdefault(item.action, []).append(item)

    def get(self, action: str) -> list[ActionReview]:
        first = self.first.get(action)
        if first is None:
            return []
        return [first, *self.more.get(action, ())]


def _merged_actions(
    plan: models.Plan, used: Sequence[tuple[dt.date, Review]], as_of: dt.date
) -> tuple[tuple[ActionState, ...], tuple[BurnPoint, ...]]:
    """Each action's state from the reviews `used` (oldest first), and the burn.

    One action at a time: its entries are merged, review after review in
    the order they supersede in, and its merged values are let go once its
    state exists. Merging every review first held a merged record per
    action beside the states: at 100,000 actions, 90 MiB more at the peak
    of `roadmap build` and `roadmap progress`. The burn's totals are
    summed from each action's changes per review: whole numbers, so the
    same totals in any order. Entries for actions the plan does not have
    are skipped (`roadmap validate` reports them).
    """
    indexed = [(date, _ByAction(review)) for date, review in used]
    committed = [0] * len(used)
    spent = [0] * len(used)
    states = []
    for action in plan.actions:
        m: _Merged | None = None
        for i, (date, items) in enumerate(indexed):
            for item in items.get(action.id):
                m = m or _Merged()
                before = (m.committed or 0, m.spent or 0)
                _merge_action(m, item, action, date)
                committed[i] += (m.committed or 0) - before[0]
                spent[i] += (m.spent or 0) - before[1]
        states.append(_action_state(action, m, plan.year, as_of))
    burn = []
    committed_total = spent_total = 0
    for i, (date, _) in enumerate(used):
        committed_total += committed[i]
        spent_total += spent[i]
        burn.append(BurnPoint(date, committed_total, spent_total))
    return tuple(states), tuple(burn)


def in_order(reviews: Mapping[dt.date, Review], as_of: dt.date) -> list[tuple[dt.date, Review]]:
    """The reviews dated up to `as_of`, oldest first: the order they supersede in."""
    return sorted(((d, r) for d, r in reviews.items() if d <= as_of), key=lambda item: item[0])


def progress_state(
    plan: models.Plan,
    reviews: Mapping[dt.date, Review],
    as_of: dt.date,
    market_zone: Mapping[str, str] | None = None,
    office: str | None = None,
    thresholds: Thresholds | None = None,
) -> ProgressState:
    """The state of `plan` as of `as_of`, from the reviews dated up to it.

    `market_zone` maps market ids to zone ids (markets.yaml) for the budget
    by zone; `office` is the dataset's office, whose money is not counted
    as the partners' share. Ids the plan does not know are skipped (they
    are reported by `roadmap validate`).
    """
    thresholds = thresholds or Thresholds()
    year = plan.year
    targets = plan_targets(plan)
    actuals: dict[str, tuple[float, models.Text | None, Provenance]] = {}
    steps: dict[str, list[ProposalStep]] = {}
    used = in_order(reviews, as_of)
    for date, review in used:
        for given in review.targets:
            if given.target in targets:
                actuals[given.target] = (
                    given.actual,
                    given.period,
                    Provenance(date, given.source, given.assumption),
                )
        for change in sorted(review.proposals, key=lambda c: c.date):
            steps.setdefault(change.proposal, []).append(
                ProposalStep(
                    date,
                    change.status,
                    change.date,
                    change.reason,
                    change.source,
                    change.assumption,
                )
            )
    action_states, burn = _merged_actions(plan, used, as_of)
    final = as_of >= dt.date(year, 12, 31)
    elapsed = year_elapsed(year, as_of)
    target_states = []
    for objective in plan.objectives:
        for target in objective.targets:
            actual, period, prov = actuals.get(target.id, (None, None, None))
            target_states.append(
                TargetState(
                    objective=objective.id,
                    target=target,
                    actual=actual,
                    period=period,
                    provenance=prov,
                    share=(
                        None
                        if actual is None
                        else share_of_way(target.baseline.value, target.target, actual)
                    ),
                    verdict=verdict(
                        target.baseline.value, target.target, actual, elapsed, final, thresholds
                    ),
                )
            )
    return ProgressState(
        year=year,
        as_of=as_of,
        reviews=tuple(d for d, _ in used),
        elapsed=elapsed,
        final=final,
        thresholds=thresholds,
        targets=tuple(target_states),
        actions=tuple(action_states),
        budget=_budget(action_states, market_zone or {}, office, burn),
        proposals=_proposals(plan, steps),
    )


def default_as_of(reviews: Iterable[dt.date], year: int, today: dt.date) -> dt.date:
    """The date a state is shown as of when none is asked: the latest review's,
    else today's, kept within the year (a year not begun is shown as of 1 January)."""
    dates = sorted(reviews)
    if dates:
        return dates[-1]
    return min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))
