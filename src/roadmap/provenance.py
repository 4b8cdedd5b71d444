"""Where each figure of a plan comes from: a source, an estimate, or nothing said.

A figure is *sourced* when its record names a `source` and does not say
`assumption: true`; an *estimate* (or an illustration) when it says
`assumption: true`, its `source` then stating what the estimate rests on;
*unmarked* when neither is said. Some figures inherit: a co-financing line
or a KPI with no `source` of its own takes its action's `basis`. A dataset
that says it is `illustrative` as a whole turns every unmarked figure into
an illustration, resting on the dataset's own note.

One definition serves every client: the `unsourced` rule of `roadmap check`
lists the unmarked figures, the built plan marks the estimates and lists
sources and assumptions in its annex, and the tests of the shipped data
check that nothing is left unmarked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from roadmap import models
from roadmap.i18n import TextValue
from roadmap.loader import Loc


class Kind(StrEnum):
    SOURCED = "sourced"
    ESTIMATE = "estimate"
    UNMARKED = "unmarked"


@dataclass(frozen=True, slots=True)
class Mark:
    """How a figure stands: its kind and the source (or assumption) text, if any."""

    kind: Kind
    #: Plain, or per language: the reader's language is chosen where it is shown.
    source: TextValue | None = None

    @property
    def estimated(self) -> bool:
        """Shown as an estimate: marked so, or left unmarked in an illustrative dataset."""
        return self.kind is Kind.ESTIMATE


#: What a figure is, for messages and the annex: the rule's message keys
#: (`check.unsourced.<what>`) and the plan's labels use the same names.
WHATS = ("budget", "funding", "kpi", "target", "meeting", "proposal")


@dataclass(frozen=True, slots=True)
class Placed:
    """One figure of a plan: what it is, where it is (a data path), how it stands."""

    what: str
    loc: Loc
    mark: Mark
    #: Id of the record holding it (action, target, meeting, proposal).
    owner: str


def mark(
    source: TextValue | None,
    assumption: bool,
    inherited: Mark | None = None,
    illustrative: bool = False,
) -> Mark:
    """The mark of a figure from its own keys, else what it inherits."""
    if assumption:
        return Mark(Kind.ESTIMATE, source)
    if source is not None:
        return Mark(Kind.SOURCED, source)
    if inherited is not None and inherited.kind is not Kind.UNMARKED:
        return inherited
    return Mark(Kind.ESTIMATE) if illustrative else Mark(Kind.UNMARKED)


class Marks:
    """The marks of one plan's figures; `illustrative` is the dataset's say."""

    def __init__(self, illustrative: bool = False) -> None:
        self.illustrative = illustrative

    def basis(self, action: models.Action) -> Mark:
        """The action's budget (and what its lines and KPIs inherit)."""
        basis = action.basis
        if basis is None:
            return mark(None, False, illustrative=self.illustrative)
        return mark(basis.source, basis.assumption)

    def funding(
        self, action: models.Action, funding: models.Funding, basis: Mark | None = None
    ) -> Mark:
        """A co-financing line; `basis`: the action's, when the caller has it."""
        inherited = basis or self.basis(action)
        return mark(funding.source, funding.assumption, inherited, self.illustrative)

    def kpi(self, action: models.Action, kpi: models.Kpi, basis: Mark | None = None) -> Mark:
        """A KPI's target; `basis`: the action's, when the caller has it."""
        return mark(kpi.source, kpi.assumption, basis or self.basis(action), self.illustrative)

    def target(self, target: models.Target) -> Mark:
        return mark(target.source, target.assumption, illustrative=self.illustrative)

    def figure(self, figure: models.Figure | models.Seasonality | models.Milestone) -> Mark:
        """A baseline, profile or milestone: its `source` is required, so never unmarked."""
        return mark(figure.source, figure.assumption)

    def meeting(self, meeting: models.Meeting) -> Mark:
        return mark(meeting.source, meeting.assumption, illustrative=self.illustrative)

    def proposal(self, proposal: models.Proposal) -> Mark:
        return mark(proposal.source, proposal.assumption, illustrative=self.illustrative)


def marks_for(dataset: models.Dataset | None) -> Marks:
    return Marks(illustrative=dataset is not None and dataset.illustrative is not None)


def figures(plan: models.Plan, marks: Marks) -> Iterator[Placed]:
    """Every figure of the plan that may lack a source, in file order.

    Baselines, the seasonality profile and milestones require a `source`
    in the model, so they are never unmarked; they are listed by
    `sources` for the annex, not here.
    """
    yield from _head_figures(plan, marks)
    for i, action in enumerate(plan.actions):
        yield from _action_figures(i, action, marks, marks.basis(action))


def _head_figures(plan: models.Plan, marks: Marks) -> Iterator[Placed]:
    """The targets', meetings' and proposals' figures (`figures` before the actions')."""
    for i, objective in enumerate(plan.objectives):
        for j, target in enumerate(objective.targets):
            loc = ("objectives", i, "targets", j, "target")
            yield Placed("target", loc, marks.target(target), target.id)
    for i, meeting in enumerate(plan.meetings):
        yield Placed("meeting", ("meetings", i, "date"), marks.meeting(meeting), meeting.id)
    for i, proposal in enumerate(plan.proposals):
        yield Placed("proposal", ("proposals", i, "text"), marks.proposal(proposal), proposal.id)


def _action_figures(i: int, action: models.Action, marks: Marks, basis: Mark) -> Iterator[Placed]:
    """The figures of the plan's `i`th action: its budget, co-financing lines, KPIs."""
    yield Placed("budget", ("actions", i, "budget"), basis, action.id)
    for j, line in enumerate(action.cofinancing):
        loc = ("actions", i, "cofinancing", j, "amount")
        yield Placed("funding", loc, marks.funding(action, line, basis), action.id)
    for j, kpi in enumerate(action.kpis):
        loc = ("actions", i, "kpis", j, "target")
        yield Placed("kpi", loc, marks.kpi(action, kpi, basis), action.id)


def unmarked(plan: models.Plan, dataset: models.Dataset | None) -> list[Placed]:
    """The plan's figures that are neither sourced nor marked as estimates, in file order.

    An action whose budget is marked has nothing unmarked: each line and
    KPI has a mark of its own or inherits the budget's (`mark`). Only the
    other actions' figures are looked at: `roadmap check` and a draft's
    annex ask of every action, and most have a basis.
    """
    marks = marks_for(dataset)
    found = [p for p in _head_figures(plan, marks) if p.mark.kind is Kind.UNMARKED]
    for i, action in enumerate(plan.actions):
        basis = marks.basis(action)
        if basis.kind is not Kind.UNMARKED:
            continue
        found += [
            p for p in _action_figures(i, action, marks, basis) if p.mark.kind is Kind.UNMARKED
        ]
    return found


@dataclass(frozen=True, slots=True)
class Cited:
    """One source or assumption text, and the ids of what rests on it, in first-use order."""

    text: TextValue
    used_by: tuple[str, ...]


def same_text(value: TextValue) -> str | tuple[tuple[str, str], ...]:
    """A key equal for two equal texts, plain or per language (a dict is not hashable)."""
    return value if isinstance(value, str) else tuple(sorted(value.items()))


def sources(plan: models.Plan, dataset: models.Dataset | None) -> tuple[list[Cited], list[Cited]]:
    """The plan's sources and its assumptions, each text once, in first-use order.

    Baselines, the seasonality profile and objectives' milestones are
    included. An illustrative dataset's figures without a source of their
    own rest on the dataset's note, which the plan shows on its own.
    """
    marks = marks_for(dataset)
    # users as the keys of a dict: an ordered set (one assumption may hold up
    # every one of 10,000 actions: a list's `in` made this quadratic)
    found: dict[
        tuple[bool, str | tuple[tuple[str, str], ...]], tuple[TextValue, dict[str, None]]
    ] = {}

    def add(m: Mark, owner: str) -> None:
        if m.source is None:
            return
        key = (m.kind is Kind.ESTIMATE, same_text(m.source))
        _, users = found.setdefault(key, (m.source, {}))
        users.setdefault(owner)

    for objective in plan.objectives:
        for milestone in objective.history:
            add(marks.figure(milestone), objective.id)
        for target in objective.targets:
            add(marks.figure(target.baseline), target.id)
            add(marks.target(target), target.id)
    for priority in plan.cross_priorities():
        if priority.seasonality is not None:
            # the first form's profile has always been cited as "seasonality";
            # a listed one by its priority (no id holds a colon: no clash)
            owner = "seasonality" if priority.name is None else f"priority:{priority.id}"
            add(marks.figure(priority.seasonality), owner)
    for placed in _head_figures(plan, marks):
        if placed.what != "target":
            add(placed.mark, placed.owner)
    for action in plan.actions:
        add(marks.basis(action), action.id)
        # A line or KPI with no source of its own cites nothing the budget
        # does not (it inherits the budget's mark, or an estimate's with no
        # text): only its own source is looked at, not 40,000 marks.
        for line in action.cofinancing:
            if line.source is not None:
                add(mark(line.source, line.assumption), action.id)
        for kpi in action.kpis:
            if kpi.source is not None:
                add(mark(kpi.source, kpi.assumption), action.id)
    cited = [
        (estimate, Cited(text, tuple(users))) for (estimate, _), (text, users) in found.items()
    ]
    return [c for e, c in cited if not e], [c for e, c in cited if e]
