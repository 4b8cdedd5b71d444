"""The plan's "Results so far" section: the year's progress as its latest review leaves it.

Shown only when the year has progress reviews (`progress/YEAR/*.yaml`); as
of the latest review's date, with the verdict thresholds of roadmap.toml's
`[progress]` table. Targets come as the progress report shows them
(`roadmap.progress.document`: the same rows, the same estimate marks), so
the plan and `roadmap progress` never disagree; the budget, the actions by
status and the partners' share paid are one sentence each, and the
detail stays in the progress report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from roadmap.dataset import Data
from roadmap.i18n import Language
from roadmap.progress import report_labels
from roadmap.progress.document import Builder, TableView
from roadmap.progress.labels import status
from roadmap.progress.report import View, names, state_of
from roadmap.progress.state import STATUSES


@dataclass(slots=True)
class Results:
    id: str
    title: str
    #: "As of September 30, 2026, the date of the latest progress review."
    intro: str
    targets: TableView
    verdict_rule: str
    budget: str
    actions: str
    #: Late actions by id and title; empty when none is late.
    late: str
    partners: str
    report: str
    #: A figure is shown as an estimate: the section carries the legend.
    estimates: bool
    legend: str
    #: Heading of the status column the market and region sections add.
    status_title: str
    #: Action id -> its status as of the latest review (late included), in the reader's language.
    statuses: dict[str, str]


def results(
    data: Data, year: int, lang: Language, settings: Mapping[str, float] | None = None
) -> Results | None:
    """The section for `year`'s plan, or None when the year has no review.

    `settings`: roadmap.toml's `[progress]` options (`roadmap.config.Config.progress`).
    """
    reviews = data.reviews.get(year)
    if not reviews or data.dataset is None:
        return None
    state = state_of(data, year, max(reviews), settings or {})
    view = View(state, lang, names(data, year))
    builder = Builder(view)
    targets = builder.targets()
    label = report_labels.label
    b = state.budget
    estimated = builder.money_estimated()
    groups = state.by_status()
    # "ongoing (38)", not "38 ongoing": a status label need not agree with a number
    counts = [f"{status(lang, s)} ({len(groups[s])})" for s in STATUSES if groups[s]]
    late = state.late()
    return Results(
        id="results",
        title=label(lang, "results.title"),
        intro=label(lang, "results.intro", date=lang.date(state.as_of)),
        targets=targets,
        verdict_rule=builder.verdict_rule(),
        budget=label(
            lang,
            "results.budget",
            committed=builder.mark(lang.money(b.committed), estimated),
            spent=builder.mark(lang.money(b.spent), estimated),
            planned=lang.money(b.planned),
            share=lang.percent(b.spent / b.planned if b.planned else 0.0),
        ),
        actions=label(lang, "results.actions", counts=lang.join(list(counts))),
        late=(
            label(
                lang,
                "results.late",
                actions=lang.join([f"{a.id} {view.text(a.action.title)}" for a in late]),
            )
            if late
            else ""
        ),
        partners=(
            label(lang, "results.partners", share=lang.percent(b.partner_share_paid))
            if b.partner_share_paid is not None
            else ""
        ),
        report=label(lang, "results.report", year=year),
        estimates=builder.estimates,
        legend=label(lang, "estimate.legend"),
        status_title=label(lang, "status"),
        statuses={a.id: status(lang, a.status) for a in state.actions},
    )
