"""What moved in one year's plan between two dates: two progress states compared.

`roadmap diff 2026@2026-06-30 2026@2026-09-30` computes the plan's state
as of each date (`progress_state`, from the reviews dated up to it) and
compares them here: targets whose verdict changed, targets whose actual
moved, actions whose status changed (and those newly late), money
committed and spent by lever and in total, proposals whose status changed.
Pure: no I/O, no clock, no printing; the reports are in `compare_report`.

Both states are of the same plan, so every target, action, lever and
proposal is on both sides; a side dated before any review is the plan as
adopted (its statuses, no actual, no money reported).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from roadmap.diff import Delta
from roadmap.progress.state import (
    ActionState,
    ProgressState,
    ProposalState,
    ProposalStep,
    TargetState,
)


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: its label and the plan's state at its date."""

    label: str
    state: ProgressState

    @property
    def as_adopted(self) -> bool:
        """No review is dated up to this side's date: the plan as adopted."""
        return not self.state.reviews


@dataclass(frozen=True, slots=True)
class TargetMove:
    """One objective target on both sides."""

    before: TargetState
    after: TargetState

    @property
    def id(self) -> str:
        return self.after.id

    @property
    def verdict_changed(self) -> bool:
        return self.before.verdict != self.after.verdict

    @property
    def actual_moved(self) -> bool:
        return self.before.actual != self.after.actual

    @property
    def actual(self) -> Delta:
        return Delta(self.id, _exact(self.before.actual), _exact(self.after.actual))


@dataclass(frozen=True, slots=True)
class ActionMove:
    """An action whose status is not the same on both sides."""

    before: ActionState
    after: ActionState

    @property
    def id(self) -> str:
        return self.after.id

    @property
    def newly_late(self) -> bool:
        return self.after.status == "late"


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """Money committed and spent under one key ("" = none; "total": the plan's)."""

    key: str
    committed: Delta
    spent: Delta

    @property
    def moved(self) -> bool:
        return bool(self.committed.change) or bool(self.spent.change)


@dataclass(frozen=True, slots=True)
class ProposalMove:
    """A proposal whose status is not the same on both sides."""

    before: ProposalState
    after: ProposalState
    #: The decisions of the reviews after the earlier side up to the later
    #: one (both sides' dates in time order, whichever was given first).
    steps: tuple[ProposalStep, ...]

    @property
    def id(self) -> str:
        return self.after.id


@dataclass(frozen=True, slots=True)
class ReviewDiff:
    """Two states of one year's plan, compared."""

    before: Side
    after: Side
    #: Every target whose verdict changed or whose actual moved, in plan order.
    targets: tuple[TargetMove, ...]
    actions: tuple[ActionMove, ...]
    #: The plan's total, then one line per lever (largest planned first), every lever.
    total: MoneyLine
    levers: tuple[MoneyLine, ...]
    proposals: tuple[ProposalMove, ...]

    @property
    def year(self) -> int:
        return self.after.state.year

    def verdicts_changed(self) -> list[TargetMove]:
        return [t for t in self.targets if t.verdict_changed]

    def actuals_moved(self) -> list[TargetMove]:
        """Targets whose actual moved with their verdict unchanged."""
        return [t for t in self.targets if not t.verdict_changed]

    def newly_late(self) -> list[ActionMove]:
        return [a for a in self.actions if a.newly_late]

    @property
    def differs(self) -> bool:
        return bool(
            self.targets
            or self.actions
            or self.proposals
            or self.total.moved
            or any(line.moved for line in self.levers)
        )


def _exact(x: float | None) -> Fraction | None:
    """A figure as the decimal the data wrote (19.8 is 198/10), so 20.9 - 20.0 is 0.9."""
    return None if x is None else Fraction(repr(x))


def _money(
    key: str, before: tuple[Fraction, Fraction], after: tuple[Fraction, Fraction]
) -> MoneyLine:
    return MoneyLine(key, Delta(key, before[0], after[0]), Delta(key, before[1], after[1]))


def compare_states(before: Side, after: Side) -> ReviewDiff:
    """What moved from `before` to `after`; both states of the same plan."""
    a, b = before.state, after.state
    if a.year != b.year:
        raise ValueError(f"states of two years: {a.year} and {b.year}")
    targets = tuple(
        TargetMove(x, y)
        for x, y in zip(a.targets, b.targets, strict=True)
        if x.verdict != y.verdict or x.actual != y.actual
    )
    actions = tuple(
        ActionMove(x, y) for x, y in zip(a.actions, b.actions, strict=True) if x.status != y.status
    )
    lines_a = {line.key: line for line in a.budget.by["lever"]}
    lines_b = {line.key: line for line in b.budget.by["lever"]}
    zero = (Fraction(0), Fraction(0))
    levers = tuple(
        _money(
            key,
            (lines_a[key].committed, lines_a[key].spent) if key in lines_a else zero,
            (lines_b[key].committed, lines_b[key].spent) if key in lines_b else zero,
        )
        # the same plan: the same levers, in the same order (largest planned first)
        for key in dict.fromkeys([*lines_a, *lines_b])
    )
    total = _money(
        "total",
        (Fraction(a.budget.committed), Fraction(a.budget.spent)),
        (Fraction(b.budget.committed), Fraction(b.budget.spent)),
    )
    low, high = sorted((a.as_of, b.as_of))
    proposals = tuple(
        ProposalMove(x, y, _steps(y if b.as_of >= a.as_of else x, low, high))
        for x, y in zip(a.proposals, b.proposals, strict=True)
        if x.status != y.status
    )
    return ReviewDiff(before, after, targets, actions, total, levers, proposals)


def _steps(state: ProposalState, low: dt.date, high: dt.date) -> tuple[ProposalStep, ...]:
    """The decisions of the reviews dated after `low` up to `high`."""
    return tuple(step for step in state.history if low < step.review <= high)
