"""The co-construction section: contributors, meetings and proposals, with each proposal's fate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from roadmap import models
from roadmap.dataset import PLAN_NAME, Data, plan_files
from roadmap.loader import LoadError, SourceFile
from roadmap.render.view.context import Context

M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class Proposal:
    id: str
    text: str
    by: list[str]
    meeting: str
    #: What it is about (zone, market, region, sector), each named once.
    where: list[str]
    status: str
    status_id: str
    #: Beside the status: the actions that take it up, or the reason.
    outcome: str
    actions: list[str]
    #: The working group of the meeting it came from.
    group: str = ""
    #: Status and outcome in one sentence: "Reprise par A1 « … »", "Non retenue : …".
    fate: str = ""


@dataclass(slots=True)
class Contributor:
    name: str
    kind: str
    proposals: int
    meetings: int


@dataclass(slots=True)
class Meeting:
    name: str
    date: str
    place: str
    region: str
    participants: int


@dataclass(slots=True)
class Coconstruction:
    contributors: list[Contributor]
    meetings: list[Meeting]
    proposals: list[Proposal]
    #: Proposals of earlier plans that this plan's actions answer.
    earlier: list[Proposal] = field(default_factory=list)


def proposal(
    ctx: Context, p: models.Proposal, answered_by: dict[str, list[str]], earlier: bool = False
) -> Proposal:
    """A proposal and its fate; an earlier year's one answered now is taken up."""
    lang, tx = ctx.lang, ctx.lang.text
    where = []
    # a market names its zone: the zone is said only when it is another one
    if p.zone and not (p.market and ctx.market_zone.get(p.market) == p.zone):
        where.append(ctx.zone_names.get(p.zone, p.zone))
    if p.market:
        where.append(ctx.market_names.get(p.market, p.market))
    if p.region:
        where.append(ctx.region_names.get(p.region, p.region))
    if p.sector:
        where.append(ctx.sector_names.get(p.sector, p.sector))
    actions = answered_by.get(p.id, [])
    status_id = "taken-up" if earlier and actions else p.status
    if actions:
        outcome = lang.join([f"{aid} {lang.quoted(ctx.by_id[aid].title)}" for aid in actions])
        fate = lang.t("co.taken_up_by", actions=outcome)
    else:
        outcome = tx(p.reason)
        fate = lang.t(f"co.fate.{status_id}")
        if outcome:
            fate = lang.labelled(fate, outcome)
    text = tx(p.text)
    mark = ctx.marks.proposal(p)
    if mark.estimated:  # not a proposal reported as made: an example of one
        text = ctx.shown(lang.labelled(lang.t("mark.example"), text), mark)
    return Proposal(
        id=p.id,
        text=text,
        by=[ctx.partner_names.get(b, b) for b in p.by],
        meeting=ctx.meeting_names.get(p.meeting, p.meeting),
        where=list(dict.fromkeys(where)),
        status=lang.t(f"proposal.{status_id}"),
        status_id=status_id,
        outcome=outcome,
        actions=actions,
        group=tx(p.group),
        fate=fate,
    )


def proposals(ctx: Context) -> tuple[list[Proposal], list[Proposal]]:
    """This plan's proposals, and earlier plans' proposals its actions answer."""
    answered_by: dict[str, list[str]] = defaultdict(list)
    for a in ctx.plan.actions:
        for pid in dict.fromkeys(a.answers):
            answered_by[pid].append(a.id)
    own = [proposal(ctx, p, answered_by) for p in ctx.plan.proposals]
    missing = set(answered_by) - {p.id for p in ctx.plan.proposals}
    earlier = []
    if missing:
        found, meetings = earlier_proposals(ctx.data, ctx.plan.year, missing)
        for mid, m in meetings.items():
            ctx.meeting_names.setdefault(mid, ctx.lang.text(m.name))
            ctx.meeting_region.setdefault(mid, m.region)
        earlier = [proposal(ctx, p, answered_by, earlier=True) for p in found]
        ctx.earlier_models = found
    return own, earlier


def coconstruction(
    ctx: Context, proposals: list[Proposal], earlier: list[Proposal]
) -> Coconstruction:
    lang, tx = ctx.lang, ctx.lang.text
    n_props: dict[str, int] = defaultdict(int)
    n_meet: dict[str, int] = defaultdict(int)
    for p in ctx.plan.proposals:
        for b in dict.fromkeys(p.by):
            n_props[b] += 1
    for m in ctx.plan.meetings:
        for pid in dict.fromkeys(m.participants):
            n_meet[pid] += 1
    ids = list(dict.fromkeys([*ctx.plan.partners, *n_meet, *n_props]))
    contributors = [
        Contributor(
            name=ctx.partner_names.get(pid, pid),
            kind=lang.t(f"kind.{ctx.partners[pid].kind}") if pid in ctx.partners else "",
            proposals=n_props.get(pid, 0),
            meetings=n_meet.get(pid, 0),
        )
        for pid in ids
    ]
    meetings = [
        Meeting(
            name=tx(m.name),
            date=ctx.shown(lang.date(m.date), ctx.marks.meeting(m)),
            place=tx(m.place),
            region=ctx.region_names.get(m.region, m.region) if m.region else "",
            participants=len(m.participants),
        )
        for m in ctx.plan.meetings
    ]
    return Coconstruction(contributors, meetings, proposals, earlier)


def earlier_proposals(
    data: Data, year: int, wanted: set[str]
) -> tuple[list[models.Proposal], dict[str, models.Meeting]]:
    """Proposals `wanted` from the folder's plans before `year`, and those plans' meetings.

    A plan the build did not validate is read for its proposals and meetings
    alone; a record that does not validate there is skipped (validating that
    year reports it).
    """
    found: list[models.Proposal] = []
    meetings: dict[str, models.Meeting] = {}
    for path in plan_files(data.root):
        match = PLAN_NAME.match(path.name)
        if match is None or int(match.group(1)) >= year:
            continue
        plan = data.plans.get(int(match.group(1)))
        if plan is not None:
            proposals, met = plan.proposals, plan.meetings
        else:
            proposals, met = _read_proposals(path)
        meetings.update({m.id: m for m in met})
        found += [p for p in proposals if p.id in wanted]
    return found, meetings


def _read_proposals(path: Path) -> tuple[list[models.Proposal], list[models.Meeting]]:
    try:
        raw = SourceFile.at(path).load()
    except LoadError:
        return [], []
    if not isinstance(raw, dict):
        return [], []

    def each(key: str, model: type[M]) -> list[M]:
        items = raw.get(key)
        out = []
        for item in items if isinstance(items, list) else []:
            try:
                out.append(model.model_validate(item))
            except ValidationError:
                continue
        return out

    return each("proposals", models.Proposal), each("meetings", models.Meeting)
