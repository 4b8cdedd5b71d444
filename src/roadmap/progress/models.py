"""The records of a progress review file, `progress/YEAR/YYYY-MM-DD.yaml`.

A review says only what changed or became known by its date: every key
but the ids is optional, and a later review supersedes an earlier one key
by key (`state.merge`). Provenance uses the plan's two keys: `source`
(a public source, or for an estimate the assumption it rests on) and
`assumption: true` (an estimate). Like `roadmap.models`, every description
ends up in the JSON Schema and in docs/data-format.md.
"""

# No `from __future__ import annotations`: see roadmap.models.

from typing import Literal

from pydantic import Field, model_validator

from roadmap.models import (
    Basis,
    Day,
    Flag,
    Id,
    Money,
    NonEmpty,
    ProposalStatus,
    Real,
    Record,
    Text,
    empty_list,
)

#: An action's status in a review: the plan's four, and `late` (should
#: have started and has not).
ReviewStatus = Literal["planned", "ongoing", "done", "cancelled", "late"]


class Note(Record):
    """A dated remark on an action."""

    date: Day = Field(description="Day the note was written or the event it reports happened.")
    text: Text = Field(description="The note (plain or by language).")


class PartnerMoney(Record):
    """One co-financing partner's money on an action, as of the review."""

    partner: Id = Field(description="Partner id; one of the action's `cofinancing` partners.")
    committed: Money | None = Field(
        default=None, description="What the partner has committed so far (whole units)."
    )
    spent: Money | None = Field(
        default=None, description="What the partner has actually paid so far (whole units)."
    )
    source: Text | None = Field(
        default=None, description="Where the amounts come from, when not the action's `basis`."
    )
    assumption: Flag = Field(default=False, description="True when the amounts are estimates.")


class KpiActual(Record):
    """The actual value of one of the action's KPIs.

    The KPI is named by its `indicator`, as the plan writes it (in any of
    its languages; case and spacing do not count): a name survives the
    KPIs being reordered, where a position would silently point at
    another KPI.
    """

    indicator: NonEmpty = Field(
        description="The KPI's indicator as the plan writes it (any of its languages)."
    )
    actual: Real = Field(description="Value reached so far, in the KPI's unit.")
    unit: Text | None = Field(
        default=None, description="Unit of `actual`, when stated; a warning if not the KPI's."
    )
    source: Text | None = Field(
        default=None, description="Where the value comes from, when not the action's `basis`."
    )
    assumption: Flag = Field(default=False, description="True when the value is an estimate.")


class ActionReview(Record):
    """What became of one action, as of the review; absent keys keep earlier values."""

    action: Id = Field(description="Action id in the year's plan.")
    status: ReviewStatus | None = Field(
        default=None, description="planned, ongoing, done, cancelled or late."
    )
    committed: Money | None = Field(
        default=None, description="Amount committed so far, all partners (whole units)."
    )
    spent: Money | None = Field(
        default=None, description="Amount actually spent so far, all partners (whole units)."
    )
    partners: list[PartnerMoney] = Field(
        default_factory=empty_list, description="Committed and spent per co-financing partner."
    )
    kpis: list[KpiActual] = Field(
        default_factory=empty_list, description="Actual values of the action's KPIs."
    )
    note: Note | None = Field(default=None, description="A dated note.")
    reason: Text | None = Field(
        default=None, description="Why the action was cancelled; required when cancelled."
    )
    basis: Basis | None = Field(
        default=None,
        description=(
            "Where the amounts and KPI values come from, or the assumption they rest on"
            " (a partner line or a KPI value may give its own)."
        ),
    )

    @model_validator(mode="after")
    def _reason_when_cancelled(self) -> "ActionReview":
        if self.status == "cancelled" and self.reason is None:
            from roadmap.messages import Message  # it builds on the plan's models

            raise ValueError(Message("msg.reason.cancelled-action"))
        return self


class TargetActual(Record):
    """The actual value of an objective target, as of the review.

    Before the year ends, give the indicator as it stands at the review
    date, comparable with the baseline and the target (for a yearly count,
    the last twelve months or the year's projection: say which in
    `source`).
    """

    target: Id = Field(description="Target id in the year's plan (an objective's `targets`).")
    actual: Real = Field(description="Value reached, in the target's unit.")
    unit: Text | None = Field(
        default=None, description="Unit of `actual`, when stated; a warning if not the target's."
    )
    period: Text | None = Field(
        default=None, description="What part of the year the value covers, e.g. 'Jan-Sep'."
    )
    source: Text = Field(
        description="Where the value is published, or for an estimate what it rests on."
    )
    assumption: Flag = Field(default=False, description="True when the value is an estimate.")


class ProposalChange(Record):
    """A proposal's change of status, with its date and reason."""

    proposal: Id = Field(description="Proposal id in the year's plan.")
    status: ProposalStatus = Field(description="open, taken-up, deferred or declined.")
    date: Day = Field(description="Day the decision was taken; at most the review's date.")
    reason: Text | None = Field(
        default=None, description="Why; required when deferred or declined."
    )
    source: Text | None = Field(
        default=None, description="Where the decision is reported, or what an estimate rests on."
    )
    assumption: Flag = Field(default=False, description="True when the change is an estimate.")

    @model_validator(mode="after")
    def _reason_when_set_aside(self) -> "ProposalChange":
        if self.status in ("declined", "deferred") and self.reason is None:
            from roadmap.messages import Message

            raise ValueError(Message(f"msg.reason.{self.status}-proposal"))
        return self


class Review(Record):
    """A progress review: the file's name is the date it is as of."""

    note: Text | None = Field(default=None, description="What the review covers, in a sentence.")
    actions: list[ActionReview] = Field(
        default_factory=empty_list, description="Actions whose status, money or KPIs changed."
    )
    targets: list[TargetActual] = Field(
        default_factory=empty_list, description="Objective targets whose actual value is known."
    )
    proposals: list[ProposalChange] = Field(
        default_factory=empty_list, description="Proposals whose status changed."
    )
