"""Checks of progress reviews against their year's plan.

Ids must exist in the plan (with the nearest id suggested, by the same
helper as the plan's own references); a KPI actual must name one of the
action's KPIs, a partner line one of its co-financers. Warnings: money
spent above the budget (the action's, or the partner's share), a value in
another unit than the plan's, and an action done with a KPI that never got
an actual value.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from roadmap import models
from roadmap.loader import Loc, SourceFile
from roadmap.messages import Message, Number, suggest
from roadmap.problems import Severity
from roadmap.progress.models import ActionReview, Review

if TYPE_CHECKING:
    from roadmap.checks import _Checker


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def indicator_forms(kpi: models.Kpi) -> list[str]:
    """The texts a review may name a KPI by: its indicator in each language."""
    return [kpi.indicator] if isinstance(kpi.indicator, str) else list(kpi.indicator.values())


def find_kpi(action: models.Action, indicator: str) -> int | None:
    """Position of the action's KPI named `indicator` (any language, case and spacing aside).

    A review most often names a KPI exactly as the plan does: that form
    is found before any text is normalised (validate and the progress
    state each look up every KPI value of a review).
    """
    wanted = None
    for i, kpi in enumerate(action.kpis):
        forms = indicator_forms(kpi)
        if indicator in forms:
            return i
        if wanted is None:
            wanted = _key(indicator)
        if any(_key(form) == wanted for form in forms):
            return i
    return None


def plan_targets(plan: models.Plan) -> dict[str, models.Target]:
    return {t.id: t for o in plan.objectives for t in o.targets}


def check_reviews(checker: _Checker) -> None:
    """Add the findings of every loaded review to `checker`."""
    data = checker.data
    for year, reviews in sorted(data.reviews.items()):
        plan = data.plans.get(year)
        if plan is None:  # the plan's own errors are reported; ids cannot be checked
            continue
        sources = data.review_sources[year]
        _Reviews(checker, plan).year(
            [(date, sources[date], reviews[date]) for date in sorted(reviews)]
        )


class _Reviews:
    def __init__(self, checker: _Checker, plan: models.Plan) -> None:
        self.c = checker
        self.plan = plan
        self.actions = {a.id: a for a in plan.actions}
        self.targets = plan_targets(plan)
        self.proposals = {p.id for p in plan.proposals}

    def year(self, reviews: list[tuple[dt.date, SourceFile, Review]]) -> None:
        # where each action's latest status was set, and which KPIs got a value
        status_at: dict[str, tuple[str, SourceFile, Loc]] = {}
        measured: dict[str, set[int]] = {}
        for date, source, review in reviews:
            self.review(date, source, review)
            for i, item in enumerate(review.actions):
                action = self.actions.get(item.action)
                if action is None:
                    continue
                if item.status is not None:
                    status_at[item.action] = (item.status, source, ("actions", i, "status"))
                for kpi in item.kpis:
                    found = find_kpi(action, kpi.indicator)
                    if found is not None:
                        measured.setdefault(item.action, set()).add(found)
        for action_id, (status, source, loc) in status_at.items():
            action = self.actions[action_id]
            missing = [
                i for i in range(len(action.kpis)) if i not in measured.get(action_id, set())
            ]
            if status == "done" and missing:
                names = ", ".join(repr(indicator_forms(action.kpis[i])[0]) for i in missing)
                self.c.add(
                    source,
                    loc,
                    "done-without-actual",
                    Message("msg.review.done-without-actual", action=repr(action_id), kpis=names),
                    Severity.WARNING,
                )

    def review(self, date: dt.date, s: SourceFile, review: Review) -> None:
        c = self.c
        c.unique(s, ("actions",), [a.action for a in review.actions], "action", key="action")
        c.unique(s, ("targets",), [t.target for t in review.targets], "target", key="target")
        c.unique(
            s, ("proposals",), [p.proposal for p in review.proposals], "proposal", key="proposal"
        )
        for i, item in enumerate(review.actions):
            c.ref(s, ("actions", i, "action"), item.action, self.actions, "action")
            action = self.actions.get(item.action)
            if action is not None:
                self.action(s, ("actions", i), item, action)
        for i, actual in enumerate(review.targets):
            c.ref(s, ("targets", i, "target"), actual.target, self.targets, "target")
            target = self.targets.get(actual.target)
            if target is not None:
                self.unit(s, ("targets", i, "unit"), actual.unit, target.unit)
        for i, change in enumerate(review.proposals):
            c.ref(s, ("proposals", i, "proposal"), change.proposal, self.proposals, "proposal")
            if change.date > date:
                c.add(
                    s,
                    ("proposals", i, "date"),
                    "change-after-review",
                    Message("msg.review.change-after", date=str(change.date), review=str(date)),
                )

    def unit(self, s: SourceFile, loc: Loc, given: models.Text | None, plan: models.Text) -> None:
        from roadmap.checks import same_unit, unit_label

        if given is not None and not same_unit(given, plan):
            self.c.add(
                s,
                loc,
                "unit-mismatch",
                Message("msg.unit.review", given=unit_label(given), unit=unit_label(plan)),
                Severity.WARNING,
            )

    def action(self, s: SourceFile, loc: Loc, item: ActionReview, action: models.Action) -> None:
        c = self.c
        if item.spent is not None and item.spent > action.budget:
            c.add(
                s,
                (*loc, "spent"),
                "spent-above-budget",
                Message(
                    "msg.review.spent-above-budget",
                    spent=Number(item.spent),
                    action=repr(action.id),
                    budget=Number(action.budget),
                    difference=Number(item.spent - action.budget, signed=True),
                ),
                Severity.WARNING,
            )
        shares = {f.partner: f.amount for f in action.cofinancing}
        c.unique(
            s, (*loc, "partners"), [p.partner for p in item.partners], "partner", key="partner"
        )
        for j, line in enumerate(item.partners):
            if line.partner not in shares:
                funders = ", ".join(shares) if shares else Message("msg.review.none")
                c.add(
                    s,
                    (*loc, "partners", j, "partner"),
                    "not-a-cofinancer",
                    Message(
                        "msg.review.not-a-cofinancer",
                        partner=repr(line.partner),
                        action=repr(action.id),
                        hint=suggest(line.partner, shares),
                        funders=funders,
                    ),
                )
            elif line.spent is not None and line.spent > shares[line.partner]:
                c.add(
                    s,
                    (*loc, "partners", j, "spent"),
                    "spent-above-budget",
                    Message(
                        "msg.review.spent-above-share",
                        partner=repr(line.partner),
                        spent=Number(line.spent),
                        share=Number(shares[line.partner]),
                        action=repr(action.id),
                    ),
                    Severity.WARNING,
                )
        seen: dict[int, int] = {}
        for j, kpi in enumerate(item.kpis):
            here = (*loc, "kpis", j)
            found = find_kpi(action, kpi.indicator)
            if found is None:
                forms = [f for k in action.kpis for f in indicator_forms(k)]
                has = (
                    Message("msg.review.kpis-are", kpis=", ".join(map(repr, forms)))
                    if forms
                    else Message("msg.review.no-kpis")
                )
                c.add(
                    s,
                    (*here, "indicator"),
                    "unknown-kpi",
                    Message(
                        "msg.review.unknown-kpi",
                        action=repr(action.id),
                        kpi=repr(kpi.indicator),
                        hint=suggest(kpi.indicator, forms),
                        has=has,
                    ),
                )
                continue
            if found in seen:
                c.add(
                    s,
                    (*here, "indicator"),
                    "duplicate-kpi",
                    Message(
                        "msg.review.duplicate-kpi", kpi=repr(kpi.indicator), action=repr(action.id)
                    ),
                )
            seen[found] = j
            self.unit(s, (*here, "unit"), kpi.unit, action.kpis[found].unit)
