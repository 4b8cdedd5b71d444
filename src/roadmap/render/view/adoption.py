"""The document to sign: the cover's status and edition, the approval page,
and the one-page executive summary (built from the summary's own view)."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap import models
from roadmap.render.view.context import Context
from roadmap.render.view.priorities import Priority
from roadmap.render.view.summary import Summary, Target


@dataclass(slots=True)
class Signatory:
    partner: str
    role: str


@dataclass(slots=True)
class Approval:
    #: draft, submitted or adopted (for a class name), and as the reader reads it.
    status_id: str
    status: str
    #: "Adopted on 3 March 2026", "Submitted on ...", or "" when undated.
    dated: str
    body: str
    signatories: list[Signatory]


@dataclass(slots=True)
class Executive:
    """One page: the headline targets, the money, the priorities, the key figures."""

    targets: list[Target]
    #: (label, figure, share): a figure may be an `Estimate`, kept whole so
    #: that the HTML marks it as the body does.
    figures: list[tuple[str, str, str]]
    #: (name, what it is, the budget it gets)
    priorities: list[tuple[str, str, str]]
    zones: list[tuple[str, str, str]]


def approval(ctx: Context) -> Approval | None:
    """The plan's adoption as the cover and approval page show it; None without a block."""
    adoption = ctx.plan.adoption
    if adoption is None:
        return None
    lang, tx = ctx.lang, ctx.lang.text
    dated = ""
    if adoption.date is not None and adoption.status != "draft":
        dated = lang.t(f"adoption.on.{adoption.status}", date=lang.date(adoption.date))
    return Approval(
        status_id=adoption.status,
        status=lang.t(f"adoption.status.{adoption.status}"),
        dated=dated,
        body=tx(adoption.body),
        signatories=[
            Signatory(
                partner=tx(ctx.partners[s.partner].name)
                if s.partner in ctx.partners
                else s.partner,
                role=tx(s.role),
            )
            for s in adoption.signatories
        ],
    )


def shows_warnings(plan: models.Plan) -> bool:
    """The checker's points of attention belong in a draft, not in a plan submitted or signed."""
    return plan.adoption is None or plan.adoption.status == "draft"


def executive(ctx: Context, summary: Summary, cross: list[Priority]) -> Executive:
    t = ctx.lang.t
    return Executive(
        targets=summary.targets,
        figures=[
            (t("summary.total_budget"), summary.total_budget, ""),
            (t("summary.public"), summary.public, summary.public_share),
            (t("summary.private"), summary.private, summary.private_share),
            (t("summary.leverage"), summary.leverage, ""),
            (t("summary.actions"), str(summary.actions), ""),
        ],
        priorities=[
            (p.name, p.description, p.destinations.total if p.destinations else "") for p in cross
        ],
        zones=[(z.name, z.budget, z.share) for z in summary.by_zone],
    )
