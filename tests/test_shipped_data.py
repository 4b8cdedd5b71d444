"""The shipped data tells the truth about itself.

Every figure of the default plans is sourced or marked as an estimate; no
text credits an organisation with a figure it never published; meetings of
national scope are not filed under a region; a proposal carried from one
year to the next keeps its id, its meeting and its text, and one left out
of the next plan was closed the year it was made; ratios shown as targets
are computed the way the data computes them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DEFAULT_DATA
from roadmap import indicators, models, provenance
from roadmap.dataset import Data
from roadmap.problems import Severity
from roadmap.validation import validate


def _load(root: Path) -> Data:
    data, problems = validate(root, base=root)
    assert [p.render() for p in problems if p.severity is Severity.ERROR] == []
    return data


@pytest.fixture(scope="module")
def shipped() -> Data:
    return _load(DEFAULT_DATA)


def _plan(data: Data, year: int) -> models.Plan:
    return data.plans[year]


def _years(data: Data) -> list[int]:
    return sorted(data.plans)


# --------------------------------------------------------------------------- provenance


def test_every_shipped_figure_is_sourced_or_marked(shipped: Data) -> None:
    assert len(_years(shipped)) >= 2
    for year in _years(shipped):
        found = provenance.unmarked(_plan(shipped, year), shipped.dataset)
        assert [(p.what, p.owner) for p in found] == [], year


def test_an_unmarked_budget_in_the_shipped_data_is_found(tmp_path: Path) -> None:
    """The test above has teeth: one action's `basis` removed is one finding."""
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root, ignore=shutil.ignore_patterns("progress"))
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    # the second action's basis is an alias of the first's; drop that line only
    first = text.index("    basis: *est\n")
    plan.write_text(text[:first] + text[first + len("    basis: *est\n") :], encoding="utf-8")
    data = _load(root)
    found = provenance.unmarked(data.plans[2026], data.dataset)
    owners = {p.owner for p in found}
    assert len(owners) == 1
    assert {p.what for p in found} >= {"budget", "funding"}


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _shipped_texts() -> Iterator[tuple[Path, str]]:
    for path in sorted(DEFAULT_DATA.rglob("*.yaml")):
        if "progress" in path.relative_to(DEFAULT_DATA).parts:
            continue  # reviews are checked by their own tests
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path, text


#: How the data used to credit bodies with figures they never published.
CREDITED = re.compile(
    r"hypoth[eè]se de travail|working hypothesis|estimation (de l')?ONMT|ONMT estimate"
    r"|barom[eè]tre de marque|brand barometer|ONMT-CNT[^;]*non publi",
    re.IGNORECASE,
)


def test_no_text_credits_a_body_with_an_unpublished_figure() -> None:
    texts = list(_shipped_texts())
    assert len(texts) > 500
    assert [(p.name, t) for p, t in texts if CREDITED.search(t)] == []


def test_the_pattern_catches_the_old_wording() -> None:
    for old in (
        "Hypothèse de travail ONMT-CNT, non publiée",
        "Estimation ONMT",
        "Valeur provisoire en attendant le baromètre de marque ONMT 2026",
    ):
        assert CREDITED.search(old), old
    assert not CREDITED.search("Estimation du planificateur ; aucune cible publiée")


#: The word for the planner in each language the shipped sources are written in.
PLANNER = {"fr": "planificateur", "en": "planner"}


def test_every_estimated_target_says_it_is_the_planners(shipped: Data) -> None:
    """In every language it is given in: a plain source is the dataset's language."""
    estimated = 0
    for year in _years(shipped):
        for objective in _plan(shipped, year).objectives:
            for target in objective.targets:
                if target.assumption:
                    estimated += 1
                    source = target.source
                    assert source is not None, (year, target.id)
                    plain = isinstance(source, str)
                    texts = {shipped.dataset.language: source} if plain else source
                    assert all(PLANNER[lang] in text.lower() for lang, text in texts.items()), (
                        year,
                        target.id,
                        texts,
                    )
    assert estimated >= 10


def test_only_the_published_tour_date_is_given_as_a_fact(shipped: Data) -> None:
    """Marrakech, 10 January 2025 is the one date the sources give."""
    for year in _years(shipped):
        tour = [m for m in _plan(shipped, year).meetings if m.id.startswith("tour-2025-")]
        if not tour:
            continue
        facts = {str(m.date): m.id for m in tour if not m.assumption}
        assert facts == {"2025-01-10": "tour-2025-marrakech"}, year
        assert all(m.source for m in tour)


# --------------------------------------------------------------------------- meetings


def _regions_of(data: Data, meeting: models.Meeting) -> set[str]:
    assert data.partners is not None
    regional = {p.id: p.region for p in data.partners.partners if p.region is not None}
    return {regional[p] for p in meeting.participants if p in regional}


def test_no_meeting_of_national_scope_has_a_region(shipped: Data) -> None:
    """A meeting gathering several regions' councils is national: no `region`."""
    national = 0
    for year in _years(shipped):
        for meeting in _plan(shipped, year).meetings:
            regions = _regions_of(shipped, meeting)
            if len(regions) > 1:
                national += 1
                assert meeting.region is None, (year, meeting.id)
            elif meeting.region is not None:
                assert regions <= {meeting.region}, (year, meeting.id)
    assert national >= 2  # Mazagan and the July 2022 meeting with the councils


def test_a_regional_meetings_proposals_are_for_its_region(
    shipped: Data,
) -> None:
    for year in _years(shipped):
        plan = _plan(shipped, year)
        regional = {m.id: m.region for m in plan.meetings}
        for proposal in plan.proposals:
            held_in = regional[proposal.meeting]
            if held_in is not None:
                assert proposal.region in (None, held_in), (year, proposal.id)


# --------------------------------------------------------------------------- proposals across years


def _pairs(data: Data) -> list[tuple[models.Plan, models.Plan]]:
    years = _years(data)
    return [(data.plans[a], data.plans[b]) for a, b in pairwise(years)]


def test_a_proposal_left_out_of_the_next_plan_was_closed(shipped: Data) -> None:
    for before, after in _pairs(shipped):
        kept = {p.id for p in after.proposals}
        left = [p for p in before.proposals if p.id not in kept]
        assert [p.id for p in left if p.status not in ("taken-up", "declined")] == []


def test_a_carried_proposal_keeps_its_meeting_and_text(shipped: Data) -> None:
    carried = 0
    for before, after in _pairs(shipped):
        meetings = {m.id: m for m in after.meetings}
        later = {p.id: p for p in after.proposals}
        for proposal in before.proposals:
            if proposal.id not in later:
                continue
            carried += 1
            again = later[proposal.id]
            assert (again.meeting, again.text, again.by) == (
                proposal.meeting,
                proposal.text,
                proposal.by,
            )
            old = next(m for m in before.meetings if m.id == proposal.meeting)
            new = meetings[proposal.meeting]
            assert (new.date, new.place, new.region) == (old.date, old.place, old.region)
    assert carried >= 9


def test_an_open_or_deferred_proposal_has_an_outcome_the_next_year(shipped: Data) -> None:
    for before, after in _pairs(shipped):
        later = {p.id: p for p in after.proposals}
        answered = {a for action in after.actions for a in action.answers}
        for proposal in before.proposals:
            if proposal.status not in ("open", "deferred"):
                continue
            again = later[proposal.id]
            if again.status == "taken-up":
                assert proposal.id in answered, proposal.id
            else:
                assert again.reason is not None, proposal.id


def test_every_answered_proposal_is_in_the_answering_plan(shipped: Data) -> None:
    for year in _years(shipped):
        plan = _plan(shipped, year)
        ids = {p.id for p in plan.proposals}
        assert [(a.id, p) for a in plan.actions for p in a.answers if p not in ids] == []


def test_a_continued_action_keeps_the_proposals_it_answered(shipped: Data) -> None:
    for before, after in _pairs(shipped):
        later = {a.id: a for a in after.actions}
        for action in before.actions:
            if action.id in later:
                missing = set(action.answers) - set(later[action.id].answers)
                assert missing == set(), action.id


def test_no_later_proposal_repeats_an_earlier_one_under_a_new_id(shipped: Data) -> None:
    for before, after in _pairs(shipped):
        earlier = {p.id for p in before.proposals}
        texts = {str(p.text): p.id for p in before.proposals}
        for proposal in after.proposals:
            if proposal.id not in earlier:
                assert str(proposal.text) not in texts, proposal.id


# --------------------------------------------------------------------------- origins and history


def test_market_origins_are_meetings_held_before_the_plans_year(shipped: Data) -> None:
    plan = _plan(shipped, 2026)
    held = {m.id: m.date for m in plan.meetings}
    assert all(pm.origins for pm in plan.markets)
    for pm in plan.markets:
        assert all(held[o].year < plan.year for o in pm.origins), pm.market
    # the July 2022 recommendations fed the core markets' roadmaps
    origins = {pm.market: set(pm.origins) for pm in plan.markets}
    assert {"task-force-2022-delegates", "task-force-2022-cnt"} <= origins["FR"]


def test_the_july_2022_recommendations_are_proposals_by_market(shipped: Data) -> None:
    plan = _plan(shipped, 2026)
    july = {m.id for m in plan.meetings if (m.date.year, m.date.month) == (2022, 7)}
    assert len(july) == 2
    made = [p for p in plan.proposals if p.meeting in july]
    assert len({p.market for p in made if p.market is not None}) >= 4
    # what the communiqués report is sourced; one market's ask is an illustration
    assert any(p.source and not p.assumption for p in made)
    assert all(p.assumption for p in made if p.market not in (None, "MA"))


def test_history_is_oldest_first_and_tells_the_recovery(shipped: Data) -> None:
    for year in _years(shipped):
        for objective in _plan(shipped, year).objectives:
            years = [m.year for m in objective.history]
            assert years == sorted(years), (year, objective.id)
            assert all(m.year <= year for m in objective.history)
        growth = next(o for o in _plan(shipped, year).objectives if o.id == "growth")
        assert {2019, 2022, 2023, 2024} <= {m.year for m in growth.history}


# --------------------------------------------------------------------------- ratios


def _partner_per_office(data: Data, plan: models.Plan) -> float:
    """Money from every partner but the office, per unit of the office's money."""
    assert data.dataset is not None
    office = data.dataset.office
    payments = [
        line
        for action in plan.actions
        for line in [(f.partner, f.amount) for f in action.cofinancing]
        or [(action.owner or office, action.budget)]
    ]
    ratio = indicators.partner_leverage(payments, office)
    assert ratio is not None
    return ratio


def test_partner_leverage_baseline_is_the_previous_plans_own_figure(shipped: Data) -> None:
    plan = _plan(shipped, 2026)
    target = next(t for o in plan.objectives for t in o.targets if t.id == "partner-leverage")
    assert target.baseline.year == 2025
    computed = _partner_per_office(shipped, _plan(shipped, 2025))
    assert round(float(computed), 2) == target.baseline.value
    # the target is what the 2026 plan's own co-financing reaches
    assert round(float(_partner_per_office(shipped, plan)), 2) >= target.target


def test_a_baseline_measured_over_part_of_the_year_is_targeted_over_it(shipped: Data) -> None:
    """A Jan-Jul baseline stands against a Jan-Jul target, said in the indicator."""
    partial = 0
    for year in _years(shipped):
        for objective in _plan(shipped, year).objectives:
            for target in objective.targets:
                period = target.baseline.period
                if period is None:
                    continue
                partial += 1
                indicator = target.indicator
                assert isinstance(period, dict) and isinstance(indicator, dict)
                assert "juillet" in indicator["fr"] and "July" in indicator["en"], target.id
    assert partial >= 2
