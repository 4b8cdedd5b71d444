"""Checks across records and files: references, duplicate ids, sums, roles.

Each check knows which file and data path a record came from, so its
findings get a line and column like any schema error. References into a
catalogue that failed to load are not checked: its errors are reported
already, and "unknown market" for every market would only bury them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from roadmap import languages, models
from roadmap.dataset import PLAN_NAME, Data, plan_files
from roadmap.findings import Finding
from roadmap.loader import LoadError, Loc, SourceFile
from roadmap.messages import Message, Number, suggest
from roadmap.problems import Severity


@dataclass
class _Index:
    """Known ids per kind; `None` for a kind whose file did not load."""

    zones: set[str] | None
    markets: set[str] | None
    regions: set[str] | None
    destinations: dict[str, str] | None  # destination id -> region id
    levers: set[str] | None
    sectors: set[str] | None
    partners: set[str] | None
    tiers: set[str] | None
    identities: set[str] | None


def _declared(labels: list[models.Label] | None, default: tuple[str, ...]) -> set[str]:
    return set(default) if labels is None else {label.id for label in labels}


def _index(data: Data) -> _Index:
    dests: dict[str, str] | None = None
    if data.regions is not None:
        dests = {}
        for region in data.regions.regions:
            for dest in region.destinations:  # a duplicate id keeps its first region
                dests.setdefault(dest.id, region.id)
    return _Index(
        zones={z.id for z in data.markets.zones} if data.markets else None,
        markets={m.id for m in data.markets.markets} if data.markets else None,
        regions={r.id for r in data.regions.regions} if data.regions else None,
        destinations=dests,
        levers={lv.id for lv in data.levers.levers} if data.levers else None,
        sectors={s.id for s in data.sectors.sectors} if data.sectors else None,
        partners={p.id for p in data.partners.partners} if data.partners else None,
        tiers=_declared(data.markets.tiers, models.TIERS) if data.markets else None,
        identities=(
            _declared(data.regions.identities, models.IDENTITIES) if data.regions else None
        ),
    )


def _unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def same_unit(a: models.Text, b: models.Text) -> bool:
    """Whether two units name the same thing, plain or per language.

    Units given in the same languages must agree in each; a plain unit
    matches a per-language one when it is one of its translations.
    Case and spacing do not count.
    """
    if isinstance(a, dict) and isinstance(b, dict):
        common = a.keys() & b.keys()
        if common:
            return all(_unit_key(a[k]) == _unit_key(b[k]) for k in common)
    forms_a = {_unit_key(u) for u in ([a] if isinstance(a, str) else a.values())}
    forms_b = {_unit_key(u) for u in ([b] if isinstance(b, str) else b.values())}
    return not forms_a.isdisjoint(forms_b)


def unit_label(unit: models.Text) -> str:
    """A unit as a message shows it: `'MAD'`, or `'millions' (fr), 'million' (en)`."""
    if isinstance(unit, str):
        return repr(unit)
    return ", ".join(f"{text!r} ({lang})" for lang, text in unit.items())


class _Checker:
    def __init__(self, data: Data) -> None:
        self.data = data
        self.index = _index(data)
        self.findings: list[Finding] = []
        self._earlier: dict[int, set[str]] = {}

    def add(
        self,
        source: SourceFile,
        loc: Loc,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> None:
        """A finding; `at_key` places it on the key (`cofinancing:`), not its value."""
        self.findings.append(Finding(source, loc, code, message, severity, at_key))

    def ref(
        self,
        source: SourceFile,
        loc: Loc,
        value: str | None,
        known: Iterable[str] | None,
        kind: str,
    ) -> None:
        """One reference: an unknown id is an error with the nearest known id."""
        if value is None or known is None:
            return
        known = set(known) if not isinstance(known, set | dict) else known
        if value not in known:
            self.add(
                source,
                loc,
                f"unknown-{kind}",
                Message(f"msg.unknown.{kind}", value=repr(value), hint=suggest(value, known)),
            )

    def refs(
        self,
        source: SourceFile,
        loc: Loc,
        values: Sequence[str],
        known: Iterable[str] | None,
        kind: str,
    ) -> None:
        for i, value in enumerate(values):
            self.ref(source, (*loc, i), value, known, kind)

    def unique(
        self,
        source: SourceFile,
        loc: Loc,
        ids: Sequence[str],
        kind: str,
        seen: dict[str, Loc] | None = None,
        key: str = "id",
        rows: Sequence[int] | None = None,
    ) -> None:
        """Duplicate ids: an error at the second one, naming where the first is."""
        first: dict[str, Loc] = {} if seen is None else seen
        for i, value in zip(rows or range(len(ids)), ids, strict=True):
            here = (*loc, i, key)
            if value in first:
                self.findings.append(
                    Finding(
                        source,
                        here,
                        f"duplicate-{kind}",
                        Message(f"msg.duplicate.{kind}", value=repr(value)),
                        first=first[value],
                    )
                )
            else:
                first[value] = here

    # ------------------------------------------------------------------ catalogues

    def catalogues(self) -> None:
        d, ix, src = self.data, self.index, self.data.sources
        if d.dataset is not None:
            self.ref(src["dataset.yaml"], ("office",), d.dataset.office, ix.partners, "partner")
            tag, have = d.dataset.language, languages.available(d.locales)
            # a catalogue first: a tag none serves needs no Babel to be refused
            why = languages.unknown(tag) if languages.has_catalogue(tag, d.locales) else None
            if why:
                self.add(src["dataset.yaml"], ("language",), "unknown-language", why)
            elif not languages.has_catalogue(tag, d.locales):
                # `roadmap build` could not render it: say so now, at its place
                self.add(
                    src["dataset.yaml"],
                    ("language",),
                    "unknown-language",
                    Message(
                        "msg.no-catalogue",
                        tag=repr(tag),
                        hint=suggest(tag, have),
                        available=", ".join(have),
                        file=tag,
                    ),
                )
        if d.markets is not None:
            s = src["markets.yaml"]
            self.unique(s, ("zones",), [z.id for z in d.markets.zones], "zone")
            self.unique(s, ("markets",), [m.id for m in d.markets.markets], "market")
            for i, zone in enumerate(d.markets.zones):
                self.refs(s, ("zones", i, "levers"), zone.levers, ix.levers, "lever")
            if d.markets.tiers is not None:
                self.unique(s, ("tiers",), [t.id for t in d.markets.tiers], "tier")
            for i, market in enumerate(d.markets.markets):
                self.ref(s, ("markets", i, "zone"), market.zone, ix.zones, "zone")
                self.ref(s, ("markets", i, "tier"), market.tier, ix.tiers, "tier")
        if d.regions is not None:
            self.regions(src["regions.yaml"], d.regions)
        if d.levers is not None:
            self.unique(src["levers.yaml"], ("levers",), [lv.id for lv in d.levers.levers], "lever")
        if d.sectors is not None:
            self.unique(
                src["sectors.yaml"], ("sectors",), [s.id for s in d.sectors.sectors], "sector"
            )
        if d.partners is not None:
            s = src["partners.yaml"]
            self.unique(s, ("partners",), [p.id for p in d.partners.partners], "partner")
            for i, partner in enumerate(d.partners.partners):
                self.ref(s, ("partners", i, "region"), partner.region, ix.regions, "region")

    def regions(self, s: SourceFile, regions: models.RegionsFile) -> None:
        self.unique(s, ("regions",), [r.id for r in regions.regions], "region")
        if regions.identities is not None:
            ids = [label.id for label in regions.identities]
            self.unique(s, ("identities",), ids, "identity")
        seen: dict[str, Loc] = {}
        for i, region in enumerate(regions.regions):
            loc = ("regions", i)
            self.ref(s, (*loc, "council"), region.council, self.index.partners, "partner")
            self.unique(
                s, (*loc, "destinations"), [d.id for d in region.destinations], "destination", seen
            )
            self.roles(s, loc, region)
            for j, dest in enumerate(region.destinations):
                where = (*loc, "destinations", j, "identities")
                self.refs(s, where, dest.identities, self.index.identities, "identity")

    def roles(self, s: SourceFile, loc: Loc, region: models.Region) -> None:
        """Each role's count within its bounds (`[roles]` in roadmap.toml)."""
        from roadmap.config import ROLES  # the bounds of data built by hand

        for role, (low, high) in (self.data.roles or ROLES).items():
            having = [j for j, d in enumerate(region.destinations) if d.role == role]
            if low <= len(having) and (high is None or len(having) <= high):
                continue
            # one too many is placed at its role; too few, at `destinations:`
            where: Loc = (*loc, "destinations")
            too_many = high is not None and len(having) > high
            if high is not None and too_many:
                where = (*where, having[high], "role")
            if low == high:
                needs = Message("msg.roles.exactly", count=low)
            elif too_many:
                needs = Message("msg.roles.at-most", count=high)
            else:
                needs = Message("msg.roles.at-least", count=low)
            self.add(
                s,
                where,
                f"{role}-count",
                Message(
                    "msg.roles.count",
                    region=repr(region.id),
                    count=len(having),
                    role=role,
                    needs=needs,
                ),
                at_key=not too_many,
            )

    # ------------------------------------------------------------------ plans

    def plan(self, s: SourceFile, plan: models.Plan, rows: Sequence[int] | None = None) -> None:
        """Checks of one plan; `rows` maps a partial plan's actions to their rows."""
        ix = self.index
        self.refs(s, ("partners",), plan.partners, ix.partners, "partner")
        self.unique(s, ("markets",), [m.market for m in plan.markets], "market", key="market")
        for i, pm in enumerate(plan.markets):
            self.ref(s, ("markets", i, "market"), pm.market, ix.markets, "market")
            self.ref(s, ("markets", i, "tier"), pm.tier, ix.tiers, "tier")
        self.destination_choices(s, plan)
        self.objectives(s, plan)
        kinds = self.priorities(s, plan)
        self.meetings_and_proposals(s, plan)
        self.adoption(s, plan)
        meetings = {m.id for m in plan.meetings}
        for i, pm in enumerate(plan.markets):
            self.refs(s, ("markets", i, "origins"), pm.origins, meetings, "meeting")
        self.unique(s, ("actions",), [a.id for a in plan.actions], "action", rows=rows)
        proposals = {p.id for p in plan.proposals}
        answered: set[str] = set()
        for i, action in zip(rows or range(len(plan.actions)), plan.actions, strict=True):
            self.action(s, ("actions", i), action, proposals, plan.year)
            self.action_priorities(s, ("actions", i, "priorities"), action, kinds)
            answered.update(action.answers)
        if rows is not None:
            return  # some actions are missing: which proposals they answer is unknown
        self.proposal_statuses(s, plan, answered)

    def priorities(self, s: SourceFile, plan: models.Plan) -> dict[str, str]:
        """Priority ids unique, their destinations known; the kind of each id."""
        ix = self.index
        found = plan.cross_priorities()
        if isinstance(plan.priorities, list):
            self.unique(s, ("priorities",), [p.id for p in found], "priority")
        for p in found:
            locs = (*p.loc, "destinations")
            self.refs(s, locs, p.destinations, ix.destinations, "destination")
        kinds: dict[str, str] = {}
        for p in found:
            kinds.setdefault(p.id, p.kind)
        return kinds

    def action_priorities(
        self, s: SourceFile, loc: Loc, action: models.Action, kinds: dict[str, str]
    ) -> None:
        """An action names priorities of the plan, never one that gathers by destination."""
        for j, pid in enumerate(action.priorities):
            kind = kinds.get(pid)
            if kind is None:
                self.ref(s, (*loc, j), pid, kinds, "priority")
            elif kind == "destinations":
                self.add(
                    s,
                    (*loc, j),
                    "priority-by-destination",
                    Message("msg.priority-by-destination", priority=repr(pid)),
                )

    def objectives(self, s: SourceFile, plan: models.Plan) -> None:
        """Objective and target ids unique; a baseline in its target's unit."""
        self.unique(s, ("objectives",), [o.id for o in plan.objectives], "objective")
        seen_targets: dict[str, Loc] = {}
        for i, objective in enumerate(plan.objectives):
            self.unique(
                s,
                ("objectives", i, "targets"),
                [t.id for t in objective.targets],
                "target",
                seen_targets,
            )
            for j, target in enumerate(objective.targets):
                if not same_unit(target.baseline.unit, target.unit):
                    self.add(
                        s,
                        ("objectives", i, "targets", j, "baseline", "unit"),
                        "unit-mismatch",
                        Message(
                            "msg.unit.baseline",
                            given=unit_label(target.baseline.unit),
                            unit=unit_label(target.unit),
                        ),
                        Severity.WARNING,
                    )

    def meetings_and_proposals(self, s: SourceFile, plan: models.Plan) -> None:
        """Meeting and proposal ids unique, and what they name known."""
        ix = self.index
        self.unique(s, ("meetings",), [m.id for m in plan.meetings], "meeting")
        meetings = {m.id for m in plan.meetings}
        for i, meeting in enumerate(plan.meetings):
            self.ref(s, ("meetings", i, "region"), meeting.region, ix.regions, "region")
            self.refs(
                s, ("meetings", i, "participants"), meeting.participants, ix.partners, "partner"
            )
        self.unique(s, ("proposals",), [p.id for p in plan.proposals], "proposal")
        for i, proposal in enumerate(plan.proposals):
            loc = ("proposals", i)
            self.ref(s, (*loc, "meeting"), proposal.meeting, meetings, "meeting")
            self.refs(s, (*loc, "by"), proposal.by, ix.partners, "partner")
            self.ref(s, (*loc, "zone"), proposal.zone, ix.zones, "zone")
            self.ref(s, (*loc, "region"), proposal.region, ix.regions, "region")
            self.ref(s, (*loc, "market"), proposal.market, ix.markets, "market")
            self.ref(s, (*loc, "sector"), proposal.sector, ix.sectors, "sector")

    def adoption(self, s: SourceFile, plan: models.Plan) -> None:
        """The plan's way to signature: dated once adopted, not before its own
        meetings, and signed by partners the data knows."""
        adoption = plan.adoption
        if adoption is None:
            return
        loc = ("adoption",)
        if adoption.status == "adopted" and adoption.date is None:
            self.add(
                s,
                (*loc, "status"),
                "adoption-undated",
                Message("msg.adoption.undated"),
            )
        last = max(plan.meetings, key=lambda m: m.date, default=None)
        if adoption.date is not None and last is not None and adoption.date < last.date:
            self.add(
                s,
                (*loc, "date"),
                "adoption-before-meetings",
                Message(
                    "msg.adoption.before-meetings",
                    status=Message(f"msg.adoption.state.{adoption.status}"),
                    date=adoption.date.isoformat(),
                    meeting=repr(last.id),
                    held=last.date.isoformat(),
                ),
            )
        for i, signatory in enumerate(adoption.signatories):
            self.ref(
                s,
                (*loc, "signatories", i, "partner"),
                signatory.partner,
                self.index.partners,
                "partner",
            )

    def proposal_statuses(self, s: SourceFile, plan: models.Plan, answered: set[str]) -> None:
        """A proposal's status agrees with the actions that answer it."""
        for i, proposal in enumerate(plan.proposals):
            if proposal.status == "taken-up" and proposal.id not in answered:
                self.add(
                    s,
                    ("proposals", i, "status"),
                    "proposal-unanswered",
                    Message("msg.proposal.unanswered", proposal=repr(proposal.id)),
                )
            elif proposal.status in ("declined", "deferred") and proposal.id in answered:
                self.add(
                    s,
                    ("proposals", i, "status"),
                    "proposal-status",
                    Message(
                        "msg.proposal.answered", proposal=repr(proposal.id), status=proposal.status
                    ),
                    Severity.WARNING,
                )

    def destination_choices(self, s: SourceFile, plan: models.Plan) -> None:
        ix = self.index
        self.unique(
            s, ("destinations",), [c.region for c in plan.destinations], "region", key="region"
        )
        for i, choice in enumerate(plan.destinations):
            self.ref(s, ("destinations", i, "region"), choice.region, ix.regions, "region")
            for role in ("lead", "emerging"):
                dest = getattr(choice, role)
                self.in_region(s, ("destinations", i, role), dest, choice.region)

    def in_region(self, s: SourceFile, loc: Loc, dest: str | None, region: str | None) -> None:
        """A destination must exist and, when a region is named, lie in it."""
        known = self.index.destinations
        if dest is None or known is None:
            return
        if dest not in known:
            self.ref(s, loc, dest, known, "destination")
        elif (
            region is not None
            and known[dest] != region
            and (self.index.regions is None or region in self.index.regions)
        ):  # an unknown region is reported once, by the region check
            self.add(
                s,
                loc,
                "destination-region",
                Message(
                    "msg.destination-region",
                    destination=repr(dest),
                    actual=repr(known[dest]),
                    region=repr(region),
                ),
            )

    def earlier_proposals(self, year: int) -> set[str]:
        """Proposal ids of the folder's plans before `year`: an action may answer them.

        Read only when an action answers a proposal its own plan lacks; a plan
        left out of this run (`years`) is read for its ids alone.
        """
        if year not in self._earlier:
            ids: set[str] = set()
            for path in plan_files(self.data.root):
                match = PLAN_NAME.match(path.name)
                if match is None or int(match.group(1)) >= year:
                    continue
                plan = self.data.plans.get(int(match.group(1)))
                if plan is not None:
                    ids.update(p.id for p in plan.proposals)
                else:
                    ids.update(self._proposal_ids(path))
            self._earlier[year] = ids
        return self._earlier[year]

    def _proposal_ids(self, path: Path) -> set[str] | frozenset[str]:
        """The proposal ids of a plan file this run did not load: as read
        earlier in this process while the file is unchanged, else read now."""
        # imported here: only `roadmap new` hands proposals over
        from roadmap.files import digest

        known = self.data.known_proposals.get(path)
        if known is not None and known[0] == digest(path):
            return known[1]
        return _raw_proposal_ids(path)

    def action(
        self, s: SourceFile, loc: Loc, action: models.Action, proposals: set[str], year: int
    ) -> None:
        ix = self.index
        self.refs(s, (*loc, "markets"), action.markets, ix.markets, "market")
        self.ref(s, (*loc, "region"), action.region, ix.regions, "region")
        self.in_region(s, (*loc, "destination"), action.destination, action.region)
        self.ref(s, (*loc, "lever"), action.lever, ix.levers, "lever")
        self.refs(s, (*loc, "sectors"), action.sectors, ix.sectors, "sector")
        self.ref(s, (*loc, "owner"), action.owner, ix.partners, "partner")
        self.refs(s, (*loc, "co_owners"), action.co_owners, ix.partners, "partner")
        for j, co_owner in enumerate(action.co_owners):
            if co_owner == action.owner:
                self.add(
                    s,
                    (*loc, "co_owners", j),
                    "owner-co-owner",
                    Message("msg.owner-co-owner", owner=repr(co_owner)),
                    Severity.WARNING,
                )
        for j, answer in enumerate(action.answers):
            if answer not in proposals and answer not in self.earlier_proposals(year):
                # the union, for the nearest id, only for an unknown answer: built
                # for every answer of an earlier plan's proposal, it made the
                # check quadratic (a carried plan answers thousands of them)
                known = proposals | self.earlier_proposals(year)
                self.ref(s, (*loc, "answers", j), answer, known, "proposal")
        months: set[int] = set()
        for j, month in enumerate(action.months):
            if month in months:
                self.add(
                    s,
                    (*loc, "months", j),
                    "duplicate-month",
                    Message("msg.duplicate-month", month=month),
                    Severity.WARNING,
                )
            months.add(month)
        funders = [f.partner for f in action.cofinancing]
        for j, funder in enumerate(funders):
            self.ref(s, (*loc, "cofinancing", j, "partner"), funder, ix.partners, "partner")
        if len(set(funders)) != len(funders):
            self.add(
                s,
                (*loc, "cofinancing"),
                "duplicate-funder",
                Message("msg.duplicate-funder"),
                at_key=True,
            )
        if action.cofinancing:
            total = sum(f.amount for f in action.cofinancing)
            if total != action.budget:
                self.add(
                    s,
                    (*loc, "cofinancing"),
                    "cofinancing-sum",
                    Message(
                        "msg.cofinancing-sum",
                        total=Number(total),
                        budget=Number(action.budget),
                        difference=Number(total - action.budget, signed=True),
                    ),
                    at_key=True,
                )


def _raw_proposal_ids(path: Path) -> set[str]:
    """The proposal ids a plan file holds, read without validating it."""
    try:
        raw = SourceFile.at(path).load()
    except LoadError as exc:
        # a recoverable problem (a repeated key) still leaves the ids readable;
        # the file's own problems are reported when that year is validated
        raw = exc.data
    items = raw.get("proposals") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return set()
    return {p["id"] for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)}


def check(data: Data) -> list[Finding]:
    """Every cross-record finding for a loaded data folder."""
    checker = _Checker(data)
    checker.catalogues()
    for year, plan in sorted(data.plans.items()):
        checker.plan(data.plan_sources[year], plan)
    for year, (partial, rows) in sorted(data.partial_plans.items()):
        checker.plan(data.plan_sources[year], partial, rows)
    _reviews(checker)
    return checker.findings


def _reviews(checker: _Checker) -> None:
    """Progress reviews against their plan (roadmap.progress.checks builds on this module)."""
    from roadmap.progress.checks import check_reviews

    check_reviews(checker)
