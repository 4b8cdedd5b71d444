"""The story `roadmap diff` tells from a plan to a later year's: proposals keep
their identity, meetings of the earlier plan are history, answers resolve
against both plans, and the report opens with what a planner would say.

Small fixtures: the minimal plan as 2026, edited copies as 2027.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINIMAL
from roadmap import diff_report, models
from roadmap.cli import app
from roadmap.diff import Change, PlanDiff, ProposalFate, Side, compare
from roadmap.validation import validate


@cache
def _minimal() -> Side:
    data, problems = validate(MINIMAL)
    assert not [p for p in problems if p.severity == "error"]
    return Side("2026", data.plans[2026], data.markets, data.regions)


def earlier() -> models.Plan:
    plan = _minimal().plan
    assert plan is not None
    return plan


def later(plan: models.Plan | None = None, year: int = 2027, **update: Any) -> models.Plan:
    """`plan` (default: the minimal one) as the plan of `year`, with `update`."""
    return (plan or earlier()).model_copy(update={"year": year, **update})


def side(plan: models.Plan, label: str) -> Side:
    base = _minimal()
    return Side(label, plan, base.markets, base.regions)


def story_of(b: models.Plan, a: models.Plan | None = None) -> PlanDiff:
    return compare(side(a or earlier(), "2026"), side(b, str(b.year)))


def proposals(plan: models.Plan, **status: tuple[str, str | None]) -> list[models.Proposal]:
    """The plan's proposals with some statuses (and reasons) changed: P2=("deferred", "why")."""
    out = []
    for p in plan.proposals:
        if p.id in status:
            new, reason = status[p.id]
            p = p.model_copy(update={"status": new, "reason": reason})
        out.append(p)
    return out


def without(plan: models.Plan, *ids: str) -> list[models.Proposal]:
    return [p for p in plan.proposals if p.id not in ids]


def fates(result: PlanDiff) -> dict[str, ProposalFate]:
    assert result.story is not None
    return {f.proposal: f for f in result.story.proposals}


def answering(plan: models.Plan, action: str, *answers: str) -> list[models.Action]:
    return [
        a.model_copy(update={"answers": list(answers)}) if a.id == action else a
        for a in plan.actions
    ]


# ------------------------------------------------------------ proposals keep their identity


def test_a_carried_proposal_is_compared_and_its_status_change_reported() -> None:
    p = earlier()  # P2 is open, answered by A2
    result = story_of(later(proposals=proposals(p, P2=("taken-up", None))))
    assert result.changes == (Change("changed", "proposals[P2].status", "open", "taken-up"),)
    p2 = fates(result)["P2"]
    assert (p2.before, p2.after, p2.outcome, p2.actions, p2.actions_in) == (
        "open",
        "taken-up",
        "taken-up",
        ("A2",),
        "after",
    )
    assert diff_report.fate_text(p2, "2026", "2027") == "open → taken-up by A2"


def test_a_carried_proposal_deferred_says_why() -> None:
    result = story_of(later(proposals=proposals(earlier(), P2=("deferred", "Pas de budget."))))
    p2 = fates(result)["P2"]
    assert (p2.outcome, p2.reason) == ("deferred", "Pas de budget.")
    assert (
        diff_report.fate_text(p2, "2026", "2027")
        == "open → deferred (answered by A2): Pas de budget."
    )


def test_an_unchanged_carried_proposal_is_still_where_it_was() -> None:
    result = story_of(later())
    assert {
        f.proposal: diff_report.fate_text(f, "2026", "2027") for f in fates(result).values()
    } == {
        "P1": "still taken-up by A3",
        "P2": "still open (answered by A2)",
        "P3": "still declined: Juillet est déjà le mois de pointe.",
    }
    # nothing moved: a later plan that only changes its year does not differ
    assert result.changes == () and not result.differs


def test_a_taken_up_proposal_left_behind_is_not_removed() -> None:
    p = earlier()  # P1 taken-up by A3, which the later plan drops
    actions = [a for a in p.actions if a.id != "A3"]
    result = story_of(later(proposals=without(p, "P1"), actions=actions))
    assert not any(c.path.startswith("proposals") for c in result.changes)
    p1 = fates(result)["P1"]
    assert (p1.after, p1.outcome, p1.actions, p1.actions_in) == (
        None,
        "taken-up",
        ("A3",),
        "before",
    )
    assert diff_report.fate_text(p1, "2026", "2027") == "taken-up by A3 in 2026"
    assert result.differs


def test_a_declined_proposal_left_behind_keeps_its_reason() -> None:
    result = story_of(later(proposals=without(earlier(), "P3")))
    p3 = fates(result)["P3"]
    assert (p3.outcome, p3.reason) == ("declined", "Juillet est déjà le mois de pointe.")
    assert (
        diff_report.fate_text(p3, "2026", "2027")
        == "declined in 2026: Juillet est déjà le mois de pointe."
    )


@pytest.mark.parametrize(("status", "reason"), [("open", None), ("deferred", "Plus tard.")])
def test_an_open_or_deferred_proposal_that_vanishes_is_flagged_dropped(
    status: str, reason: str | None
) -> None:
    p = earlier()
    # no action answers P2, in either plan
    a = p.model_copy(
        update={"proposals": proposals(p, P2=(status, reason)), "actions": answering(p, "A2")}
    )
    b = later(a, proposals=without(a, "P2"))
    result = story_of(b, a)
    p2 = fates(result)["P2"]
    assert (p2.outcome, p2.actions) == ("dropped", ())
    assert diff_report.fate_text(p2, "2026", "2027").endswith("dropped from 2027 with no outcome")
    assert result.story is not None and result.story.outcomes()["dropped"] == 1
    lines = diff_report.story_lines(result.story, "2026", "2027")
    assert (
        lines[0] == "3 proposal(s) of 2026: 1 taken-up, 1 declined, 1 dropped with no outcome (P2)"
    )


def test_a_proposal_answered_by_a_later_action_is_taken_up_not_dropped() -> None:
    p = earlier()  # P2 open in 2026; the 2027 plan does not list it but A2 answers it
    result = story_of(later(proposals=without(p, "P2")))
    p2 = fates(result)["P2"]
    assert (p2.outcome, p2.actions, p2.actions_in) == ("taken-up", ("A2",), "after")
    assert (
        diff_report.fate_text(p2, "2026", "2027")
        == "open → taken-up by A2 of 2027 (not listed in 2027)"
    )


def test_between_two_versions_of_one_year_a_missing_proposal_is_removed() -> None:
    p = earlier()
    result = compare(_minimal(), side(p.model_copy(update={"proposals": without(p, "P3")}), "B"))
    assert [(c.kind, c.path) for c in result.changes] == [("removed", "proposals[P3]")]
    assert result.story is None


def test_new_proposals_of_the_later_plan_are_added() -> None:
    p = earlier()
    fresh = p.proposals[2].model_copy(update={"id": "P27-1", "status": "open", "reason": None})
    result = story_of(later(proposals=[*p.proposals, fresh]))
    assert [(c.kind, c.path) for c in result.changes] == [("added", "proposals[P27-1]")]
    assert result.story is not None and result.story.new_proposals == ("P27-1",)
    assert "P27-1" not in fates(result)


# --------------------------------------------------------------------------- meetings


def _meeting(id_: str, year: int) -> models.Meeting:
    return models.Meeting(id=id_, name="Atelier", date=dt.date(year, 3, 1), place="Rabat")


def test_a_meeting_of_the_earlier_plan_is_history_not_a_removal() -> None:
    p = earlier()
    a = p.model_copy(update={"meetings": [*p.meetings, _meeting("tour-2026", 2026)]})
    b = later(a, meetings=[*p.meetings, _meeting("workshop-2027", 2027)])
    result = story_of(b, a)
    assert [(c.kind, c.path) for c in result.changes] == [("added", "meetings[workshop-2027]")]
    story = result.story
    assert story is not None
    assert (story.held, story.carried, story.new_meetings) == (
        ("tour-2026",),
        ("mazagan-2025",),
        ("workshop-2027",),
    )
    assert diff_report.story_lines(story, "2026", "2027")[-1] == (
        "meetings: 1 of 2026 carried into 2027, 1 held and left in 2026's history, "
        "1 new (workshop-2027)"
    )


def test_between_two_versions_of_one_year_a_missing_meeting_is_removed() -> None:
    p = earlier()
    a = p.model_copy(update={"meetings": [*p.meetings, _meeting("tour-2026", 2026)]})
    result = compare(side(a, "A"), _minimal())
    assert [(c.kind, c.path) for c in result.changes] == [("removed", "meetings[tour-2026]")]


# --------------------------------------------------------------------------- answers across plans


def test_an_answer_to_a_proposal_only_the_earlier_plan_lists_is_resolved() -> None:
    p = earlier()  # a recurring A1 answers P1, which 2027 no longer lists
    b = later(proposals=without(p, "P1"), actions=answering(p, "A1", "P1"))
    result = story_of(b)
    answered = {a.proposal: a for a in result.answers}
    assert (answered["P1"].in_before, answered["P1"].in_after) == (True, False)
    table = next(t for t in diff_report.tables(result) if t.title == "Proposals answered")
    assert ("P1", "2026", "A3", "A1, A3") in table.rows
    assert fates(result)["P1"].actions == ("A1", "A3")  # the later plan's answers


def test_an_answer_to_an_earlier_years_proposal_is_not_a_broken_link() -> None:
    p = earlier()  # P25-1: a proposal of a plan before both
    result = story_of(later(actions=answering(p, "A1", "P25-1")))
    (answer,) = result.answers
    assert (answer.proposal, answer.in_before, answer.in_after) == ("P25-1", False, False)
    table = next(t for t in diff_report.tables(result) if t.title == "Proposals answered")
    assert table.rows == (("P25-1", "an earlier plan", "—", "A1"),)


# ------------------------------------------------------------ markets and destinations


def test_markets_and_destinations_are_told_with_their_names() -> None:
    markets = [
        models.PlanMarket(market="FR", tier="growth"),  # core in markets.yaml
        models.PlanMarket(market="NO"),
        models.PlanMarket(market="US", tier="growth"),
    ]  # ES dropped
    choice = models.DestinationChoice(region="draa-tafilalet", emerging="zagora")
    result = story_of(later(markets=markets, destinations=[choice]))
    rows = {(s.kind, s.key): (s.before, s.after) for s in result.shifts}
    assert rows[("tier", "FR")] == ("core", "growth")
    assert rows[("market-dropped", "ES")][1] is None
    assert rows[("emerging", "draa-tafilalet")] == ("merzouga", "zagora")
    names = {s.key: s.name for s in result.shifts}
    assert names["FR"] == "France" and names["draa-tafilalet"] == "Drâa-Tafilalet"


# --------------------------------------------------------------------------- the report


def _report_later() -> PlanDiff:
    p = earlier()
    budgets = [a.model_copy(update={"budget": a.budget * 2, "cofinancing": []}) for a in p.actions]
    return story_of(
        later(
            proposals=proposals(p, P2=("taken-up", None)),
            actions=budgets,
            markets=[models.PlanMarket(market="FR", tier="growth"), *p.markets[1:]],
        )
    )


def test_the_report_opens_with_the_story_then_the_details() -> None:
    titles = [t.title for t in diff_report.tables(_report_later())]
    assert titles[:4] == [
        "Proposals of 2026: what became of them",
        "Markets and destinations",
        "Budget by lever",
        "Budget by zone",
    ]
    assert titles.index("Summary") == 4 and titles.index("Changes") == 5
    assert titles.index("Budget by region") > titles.index("Changes")


def test_text_md_and_json_tell_the_same_story() -> None:
    result = _report_later()
    text = diff_report.text(result)
    assert "3 proposal(s) of 2026: 2 taken-up, 1 declined" in text
    row = next(line for line in text.splitlines() if line.startswith("P2 "))
    assert "open → taken-up by A2" in row
    assert text.index("Proposals of 2026") < text.index("Budget by lever") < text.index("Summary")
    md = diff_report.md(result)
    assert "### Proposals of 2026: what became of them\n\n- 3 proposal(s) of 2026:" in md
    assert "| `P2` | taken-up | open → taken-up by A2 |" in md
    report = json.loads(diff_report.to_json(result))
    assert report["version"] == 2
    story = report["story"]
    assert story["outcomes"] == {
        "taken-up": 2,
        "open": 0,
        "deferred": 0,
        "declined": 1,
        "dropped": 0,
    }
    p2 = next(p for p in story["proposals"] if p["proposal"] == "P2")
    assert {k: p2[k] for k in ("before", "after", "outcome", "actions", "actions_in")} == {
        "before": "open",
        "after": "taken-up",
        "outcome": "taken-up",
        "actions": ["A2"],
        "actions_in": "after",
    }
    assert story["meetings"] == {"carried": ["mazagan-2025"], "held": [], "added": []}
    assert {"kind": "tier", "key": "FR"}.items() <= report["shifts"][0].items()


def test_one_year_compared_with_itself_has_no_story_in_json() -> None:
    report = json.loads(diff_report.to_json(compare(_minimal(), side(earlier(), "B"))))
    assert report["story"] is None and report["shifts"] == []


# --------------------------------------------------------------------------- command line


def _write_2027(root: Path, edit: Any) -> None:
    text = (root / "plans" / "2026.yaml").read_text(encoding="utf-8")
    (root / "plans" / "2027.yaml").write_text(
        edit(text.replace("year: 2026", "year: 2027")), encoding="utf-8"
    )


def test_cli_reports_a_proposal_left_behind_and_exits_1_with_exit_code(minimal: Path) -> None:
    def drop_p3(text: str) -> str:
        kept, n = re.subn(r"  - id: P3\n(    .*\n)+", "", text)
        assert n == 1
        return kept

    _write_2027(minimal, drop_p3)
    runner = CliRunner(env={"GITHUB_ACTIONS": None})
    result = runner.invoke(
        app, ["diff", "2026", "2027", "--data", str(minimal), "--exit-code", "--lang", "en"]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("2026 → 2027: no change in the plans\n")
    assert "P3        declined  declined in 2026: Juillet est déjà le mois de pointe." in (
        result.output
    )
    assert "removed" not in result.output


def test_a_terminal_shows_the_story_counts_before_the_table(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap.cli.diff as cli_diff

    _write_2027(minimal, lambda text: text.replace("status: open", "status: taken-up"))
    monkeypatch.setattr(cli_diff, "is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    out = (
        CliRunner(env={"GITHUB_ACTIONS": None})
        .invoke(app, ["diff", "2026", "2027", "--data", str(minimal), "--lang", "en"])
        .output
    )
    title = out.index("Proposals of 2026: what became of them")
    counts = out.index("3 proposal(s) of 2026: 2 taken-up, 1 declined")
    assert title < counts < out.index("open → taken-up by A2") < out.index("Summary")


# --------------------------------------------------------------------------- properties

STATUSES = st.sampled_from(["open", "taken-up", "deferred", "declined"])


@st.composite
def later_plans(draw: st.DrawFn) -> tuple[models.Plan, models.Plan]:
    """The minimal plan with drawn statuses, and a later plan that keeps, changes or
    leaves out each proposal and meeting, and drops or keeps each action's answers."""
    p = earlier()

    def restatus(plan_proposals: list[models.Proposal]) -> list[models.Proposal]:
        out = []
        for x in plan_proposals:
            status = draw(STATUSES)
            out.append(x.model_copy(update={"status": status, "reason": "r"}))
        return out

    def answers(actions: list[models.Action]) -> list[models.Action]:
        return [
            a.model_copy(update={"answers": a.answers if draw(st.booleans()) else []})
            for a in actions
        ]

    a = p.model_copy(update={"proposals": restatus(p.proposals), "actions": answers(p.actions)})
    kept = [x for x in a.proposals if draw(st.booleans())]
    meetings = [m for m in a.meetings if draw(st.booleans())]
    b = later(a, proposals=restatus(kept), meetings=meetings, actions=answers(a.actions))
    return a, b


@settings(max_examples=80, deadline=None)
@given(later_plans())
def test_property_every_earlier_proposal_has_one_fate_and_nothing_is_removed(
    plans: tuple[models.Plan, models.Plan],
) -> None:
    a, b = plans
    result = story_of(b, a)
    assert not [c for c in result.changes if c.kind == "removed" and c.section != "actions"]
    by_id = fates(result)
    assert list(by_id) == [p.id for p in a.proposals]
    listed = {p.id: p for p in b.proposals}
    answered_b = {pid for x in b.actions for pid in x.answers}
    answered_a = {pid for x in a.actions for pid in x.answers}
    for p in a.proposals:
        fate = by_id[p.id]
        if p.id in listed:
            assert (fate.after, fate.outcome) == (listed[p.id].status, listed[p.id].status)
        elif p.id in answered_b or p.status == "taken-up" or p.id in answered_a:
            assert fate.outcome == "taken-up" and fate.actions_in == (
                "after" if p.id in answered_b else "before"
            )
        else:
            expected = "declined" if p.status == "declined" else "dropped"
            assert fate.outcome == expected
    assert result.story is not None
    assert sum(result.story.outcomes().values()) == len(a.proposals)
    assert set(result.story.held) == {m.id for m in a.meetings} - {m.id for m in b.meetings}
