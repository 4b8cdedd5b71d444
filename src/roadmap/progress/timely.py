"""`roadmap check`'s follow-up warnings: a stale review, an action left without status.

They depend on today's date, so `validate` (whose answer must not change
with the calendar) never gives them. They apply once a year has at least
one progress review: a plan nobody follows with reviews is not nagged.

- `stale-review`: while the year runs (1 January to 31 December), its
  latest review is more than `review-age` days old (roadmap.toml
  `[progress]`, default 100: about one review a quarter);
- `action-without-status`: an action's last month is over and it is still
  `planned`: no review says whether it ran.
"""

from __future__ import annotations

import datetime as dt

from roadmap.dataset import Data
from roadmap.findings import Finding, resolve
from roadmap.messages import Message
from roadmap.problems import Problem, Severity
from roadmap.progress.state import Thresholds, month_end


def today() -> dt.date:
    """Today's date (tests replace it)."""
    return dt.date.today()


def timely_warnings(data: Data, year: int, on: dt.date, thresholds: Thresholds) -> list[Problem]:
    """The follow-up warnings for `year`'s plan as of the day `on`."""
    plan = data.plans.get(year)
    reviews = data.reviews.get(year, {})
    if plan is None or not reviews:
        return []
    problems: list[Problem] = []
    latest = max(reviews)
    age = (on - latest).days
    if dt.date(year, 1, 1) <= on <= dt.date(year, 12, 31) and age > thresholds.review_age:
        problems.append(
            Problem(
                data.review_sources[year][latest].display,
                1,
                1,
                "stale-review",
                Message(
                    "msg.follow-up.stale-review",
                    year=year,
                    age=age,
                    days=thresholds.review_age,
                ),
                Severity.WARNING,
            )
        )
    given = {
        item.action
        for date in sorted(reviews)
        for item in reviews[date].actions
        if item.status is not None
    }
    findings = []
    for i, action in enumerate(plan.actions):
        if action.status != "planned" or action.id in given or not action.months:
            continue
        last = max(action.months)
        if on > month_end(year, last):
            findings.append(
                Finding(
                    data.plan_sources[year],
                    ("actions", i, "months"),
                    "action-without-status",
                    Message(
                        "msg.follow-up.without-status",
                        action=repr(action.id),
                        month=last,
                        year=year,
                    ),
                    Severity.WARNING,
                    at_key=True,
                )
            )
    return sorted(problems + resolve(findings))
