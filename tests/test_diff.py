"""The keyed comparison: matching by id, field paths, sets, totals, symmetry."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEFAULT_DATA, MINIMAL
from roadmap import models
from roadmap.diff import NO_MARKET, Change, Side, compare
from roadmap.validation import validate


@cache
def _minimal() -> Side:
    data, problems = validate(MINIMAL)
    assert not [p for p in problems if p.severity == "error"]
    assert data.markets is not None and data.regions is not None
    return Side("A", data.plans[2026], data.markets, data.regions)


def side(plan: models.Plan, label: str = "B") -> Side:
    base = _minimal()
    return Side(label, plan, base.markets, base.regions)


def plan() -> models.Plan:
    p = _minimal().plan
    assert p is not None
    return p


def with_action(p: models.Plan, index: int, **update: Any) -> models.Plan:
    actions = list(p.actions)
    actions[index] = actions[index].model_copy(update=update)
    return p.model_copy(update={"actions": actions})


def test_a_plan_against_itself_is_empty() -> None:
    result = compare(_minimal(), side(plan()))
    assert result.changes == ()
    assert not result.differs


def test_changed_budget_is_one_change_with_its_path() -> None:
    after = with_action(plan(), 1, budget=1_800_000)
    result = compare(_minimal(), side(after))
    assert result.changes == (Change("changed", "actions[A2].budget", 1_500_000, 1_800_000),)
    assert result.budget_total.change == 300_000
    lever = {d.key: d for d in result.budgets["lever"]}
    assert lever["air-connectivity"].change == 300_000
    assert lever["air-connectivity"].percent == pytest.approx(20.0)
    assert result.differs


def test_cofinancing_is_keyed_by_partner() -> None:
    a = plan().actions[0]
    funds = [f.model_copy(update={"amount": f.amount + 1}) for f in a.cofinancing]
    after = with_action(plan(), 0, cofinancing=list(reversed(funds)))
    paths = [c.path for c in compare(_minimal(), side(after)).changes]
    assert paths == ["actions[A1].cofinancing[CNT].amount", "actions[A1].cofinancing[ONMT].amount"]


def test_text_is_compared_per_language() -> None:
    after = with_action(
        plan(), 0, title={"fr": "Campagne hiver en France", "en": "Winter in France"}
    )
    changes = compare(_minimal(), side(after)).changes
    assert changes == (
        Change("changed", "actions[A1].title.en", "Winter campaign in France", "Winter in France"),
    )


def test_added_and_removed_actions() -> None:
    p = plan()
    new = p.actions[0].model_copy(update={"id": "A9"})
    after = p.model_copy(update={"actions": [*p.actions[1:], new]})
    changes = compare(_minimal(), side(after)).changes
    assert [(c.kind, c.path) for c in changes] == [
        ("removed", "actions[A1]"),
        ("added", "actions[A9]"),
    ]
    assert changes[1].after["id"] == "A9"
    assert changes[0].before["budget"] == 3_000_000


def test_lists_of_ids_are_sets_unless_order_is_asked() -> None:
    after = with_action(plan(), 0, months=[11, 2, 1])
    assert compare(_minimal(), side(after)).changes == ()
    assert compare(_minimal(), side(after), order=True).changes == (
        Change("reordered", "actions[A1].months", [1, 2, 11], [11, 2, 1]),
    )


def test_record_order_counts_only_with_order() -> None:
    p = plan()
    after = p.model_copy(update={"actions": list(reversed(p.actions))})
    assert compare(_minimal(), side(after)).changes == ()
    (change,) = compare(_minimal(), side(after), order=True).changes
    assert (change.kind, change.path) == ("reordered", "actions")
    assert change.after == ["A4", "A3", "A2", "A1"]


def test_seasonality_values_are_positional() -> None:
    p = plan()
    season = p.priorities.deseasonalisation.seasonality
    values = list(reversed(season.values))
    new_season = season.model_copy(update={"values": values})
    des = p.priorities.deseasonalisation.model_copy(update={"seasonality": new_season})
    prio = p.priorities.model_copy(update={"deseasonalisation": des})
    (change,) = compare(_minimal(), side(p.model_copy(update={"priorities": prio}))).changes
    assert change.path == "priorities.deseasonalisation.seasonality.values"


def test_objective_target_change_and_kpi_table() -> None:
    p = plan()
    objective = p.objectives[0]
    target = objective.targets[0].model_copy(update={"target": 22.0})
    objectives = [objective.model_copy(update={"targets": [target]}), *p.objectives[1:]]
    result = compare(_minimal(), side(p.model_copy(update={"objectives": objectives})))
    assert result.changes == (
        Change("changed", "objectives[growth].targets[arrivals].target", 21.5, 22.0),
    )
    (t,) = result.targets
    assert (t.objective, t.delta.key, t.delta.change) == ("growth", "arrivals", 0.5)
    # a whole number is an int in the change, as in the data and the JSON budgets;
    # a real fraction stays a float
    (change,) = result.changes
    assert type(change.before) is float and type(change.after) is int


def test_whole_numbers_inside_records_are_ints() -> None:
    p = plan()
    objective = p.objectives[0]
    target = objective.targets[0].model_copy(update={"id": "new", "target": 40000.0})
    objectives = [objective.model_copy(update={"targets": [target]}), *p.objectives[1:]]
    result = compare(_minimal(), side(p.model_copy(update={"objectives": objectives})))
    added = next(c for c in result.changes if c.kind == "added")
    assert added.after["target"] == 40000 and type(added.after["target"]) is int


def test_proposal_status_change() -> None:
    p = plan()
    proposals = [p.proposals[0], p.proposals[1].model_copy(update={"status": "taken-up"})]
    result = compare(
        _minimal(), side(p.model_copy(update={"proposals": [*proposals, p.proposals[2]]}))
    )
    assert result.changes == (Change("changed", "proposals[P2].status", "open", "taken-up"),)


def test_market_tier_as_each_plan_sees_it() -> None:
    p = plan()
    # US: tier growth by the plan's override; FR gets an override; ES dropped
    markets = [
        models.PlanMarket(market="FR", tier="growth"),
        models.PlanMarket(market="NO"),
        models.PlanMarket(market="US"),
    ]
    result = compare(_minimal(), side(p.model_copy(update={"markets": markets})))
    tiers = {c.path: (c.kind, c.before, c.after) for c in result.changes}
    assert tiers["markets[FR].tier"] == ("changed", "core", "growth")
    assert tiers["markets[ES]"][0] == "removed"
    us_catalogue = next(m.tier for m in _minimal().markets.markets if m.id == "US")  # type: ignore[union-attr]
    assert tiers["markets[US].tier"] == ("changed", "growth", us_catalogue)


def test_region_destinations_as_each_plan_sees_it() -> None:
    p = plan()
    # A names zagora (a candidate) as its emerging destination; B keeps regions.yaml's
    before = p.model_copy(
        update={
            "destinations": [models.DestinationChoice(region="draa-tafilalet", emerging="zagora")]
        }
    )
    result = compare(side(before, "A"), side(p.model_copy(update={"destinations": []})))
    assert result.changes == (
        Change("changed", "destinations[draa-tafilalet].emerging", "zagora", "merzouga"),
    )
    # an override that repeats regions.yaml changes nothing
    assert compare(_minimal(), side(p.model_copy(update={"destinations": []}))).changes == ()


def test_zone_budget_is_split_evenly_over_markets() -> None:
    result = compare(_minimal(), side(plan()))
    zones = {d.key: d.before for d in result.budgets["zone"]}
    # A1 (3,000,000) on FR and ES, A4 (400,000) on FR and US, A3 (800,000) on US,
    # A2 (1,500,000) on NO: everything adds up to the total
    assert sum(v or 0 for v in zones.values()) == pytest.approx(result.budget_total.before)


def test_zone_budget_is_split_over_distinct_zones_as_the_plan_does() -> None:
    # FR and ES are both in Western Europe: half there, half in the Americas,
    # not two thirds and one third (one share per market)
    after = with_action(plan(), 0, markets=["FR", "ES", "US"], budget=3_000_000)
    zones = {d.key: d.after for d in compare(_minimal(), side(after)).budgets["zone"]}
    assert zones["western-europe"] == 1_500_000 + 200_000  # A1's half, A4's half
    assert zones["americas"] == 1_500_000 + 800_000 + 200_000
    no_market = with_action(plan(), 1, markets=[])
    zones = {d.key: d.after for d in compare(_minimal(), side(no_market)).budgets["zone"]}
    assert zones[NO_MARKET] == 1_500_000


def test_diff_budget_by_zone_is_the_plan_views() -> None:
    """The default data: `roadmap diff`'s 'after' column equals the plan's budget by zone."""
    from roadmap.i18n import Language
    from roadmap.render.view import view

    data, problems = validate(DEFAULT_DATA)
    assert not [p for p in problems if p.severity == "error"]
    assert data.markets is not None and data.regions is not None
    years = sorted(data.plans)
    year, before = years[-1], years[-2]
    sides = [Side(str(y), data.plans[y], data.markets, data.regions) for y in (before, year)]
    result = compare(*sides)
    in_diff = {d.key: d.after for d in result.budgets["zone"] if d.after}
    shown = view(data, year, Language("fr", "fr", "MAD")).summary.by_zone
    in_plan = {s.id or NO_MARKET: s.value for s in shown}
    assert in_diff == pytest.approx(in_plan)
    assert len(in_plan) > 3


def test_coverage_gained_and_lost() -> None:
    after = with_action(plan(), 1, months=[6], markets=["FR"])
    result = compare(_minimal(), side(after))
    assert result.coverage["months"].gained == (6,)
    assert result.coverage["months"].lost == (12,)
    assert result.coverage["markets"].lost == ("NO",)


def test_answers_table() -> None:
    after = with_action(plan(), 1, answers=[])
    (answer,) = compare(_minimal(), side(after)).answers
    assert (answer.proposal, answer.before, answer.after) == ("P2", ("A2",), ())


def test_an_empty_side_adds_everything() -> None:
    result = compare(Side("/dev/null", None), side(plan()))
    kinds = {c.kind for c in result.changes if c.section == "actions"}
    assert kinds == {"added"}
    assert len([c for c in result.changes if c.section == "actions"]) == 4
    assert compare(side(plan()), Side("/dev/null", None)) == result.swapped()


# --------------------------------------------------------------------------- properties

FIELDS = st.sampled_from(["budget", "months", "lever", "status", "co_owners"])
LEVERS = ["content", "air-connectivity", "influence", "distribution"]


def _new_value(field: str, draw: st.DrawFn) -> Any:
    if field == "budget":
        return draw(st.integers(0, 10_000_000))
    if field == "months":
        return sorted(draw(st.sets(st.integers(1, 12), max_size=5)))
    if field == "lever":
        return draw(st.sampled_from(LEVERS))
    if field == "status":
        return draw(st.sampled_from(["planned", "ongoing", "done", "cancelled"]))
    return sorted(draw(st.sets(st.sampled_from(["CNT", "RAM", "FNIH"]), max_size=3)))


@st.composite
def mutated(draw: st.DrawFn) -> models.Plan:
    """The minimal plan with a few actions changed, dropped or added."""
    p = plan()
    actions = list(p.actions)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["change", "drop", "add"]))
        if op == "drop" and actions:
            actions.pop(draw(st.integers(0, len(actions) - 1)))
        elif op == "add" or not actions:
            source = p.actions[draw(st.integers(0, len(p.actions) - 1))]
            new_id = f"N{draw(st.integers(0, 99))}"
            if all(a.id != new_id for a in actions):
                actions.append(source.model_copy(update={"id": new_id}))
        else:
            i = draw(st.integers(0, len(actions) - 1))
            field = draw(FIELDS)
            actions[i] = actions[i].model_copy(update={field: _new_value(field, draw)})
    if not actions:
        actions = [p.actions[0]]
    return p.model_copy(update={"actions": actions})


@settings(max_examples=60, deadline=None)
@given(mutated())
def test_property_a_plan_against_itself_is_empty(p: models.Plan) -> None:
    result = compare(side(p, "A"), side(p, "B"), order=True)
    assert result.changes == ()
    assert not result.differs


@settings(max_examples=60, deadline=None)
@given(mutated(), mutated(), st.booleans())
def test_property_swapping_sides_swaps_the_diff(
    a: models.Plan, b: models.Plan, order: bool
) -> None:
    forward = compare(side(a, "A"), side(b, "B"), order)
    backward = compare(side(b, "B"), side(a, "A"), order)
    assert backward == forward.swapped()
    assert forward.swapped().swapped() == forward


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_property_one_changed_field_is_exactly_one_change(data: st.DataObject) -> None:
    p = plan()
    i = data.draw(st.integers(0, len(p.actions) - 1))
    field = data.draw(FIELDS)
    value = _new_value(field, data.draw)
    old = getattr(p.actions[i], field)
    result = compare(_minimal(), side(with_action(p, i, **{field: value})))
    same = set(old) == set(value) if isinstance(old, list) else old == value
    if same:
        assert result.changes == ()
    else:
        assert result.changes == (
            Change("changed", f"actions[{p.actions[i].id}].{field}", old, value),
        )
