"""Loaded records that give the same fields share one set of their names
(`models.SharedFieldsSet`): a set per record was 40 % of a plan's models.
Nothing a caller sees changes: a record whose field is set gets its own set
first, and a copy has its own."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from roadmap import models
from roadmap.validation import validate

MINIMAL = Path(__file__).parent / "data" / "valid" / "minimal"


@pytest.fixture
def plan() -> models.Plan:
    loaded, _ = validate(MINIMAL, {2026})
    return loaded.plans[2026]


def _fields(record: models.Record) -> set[str]:
    return record.__pydantic_fields_set__


def test_records_that_give_the_same_fields_share_one_set(plan: models.Plan) -> None:
    fundings = [f for a in plan.actions for f in a.cofinancing]
    assert len(fundings) >= 2
    assert all(type(_fields(f)) is models.SharedFieldsSet for f in fundings)
    by_names: dict[frozenset[str], set[int]] = {}
    for funding in fundings:
        by_names.setdefault(frozenset(_fields(funding)), set()).add(id(_fields(funding)))
    assert all(len(ids) == 1 for ids in by_names.values())
    assert type(_fields(plan)) is models.SharedFieldsSet
    assert all(type(_fields(a)) is models.SharedFieldsSet for a in plan.actions)
    # the plan's other records too, not only its actions'
    assert all(type(_fields(o)) is models.SharedFieldsSet for o in plan.objectives)


def test_setting_a_field_changes_that_record_s_set_alone(plan: models.Plan) -> None:
    first, second = plan.actions[0], plan.actions[1]
    shared = _fields(first)
    before = [a.model_dump(exclude_unset=True) for a in plan.actions]
    assert "result" not in shared
    first.result = "Done early"
    assert first.model_dump(exclude_unset=True)["result"] == "Done early"
    assert "result" not in shared and type(_fields(first)) is set
    assert [a.model_dump(exclude_unset=True) for a in plan.actions[1:]] == before[1:]
    assert second.model_fields_set == set(before[1])


def test_copies_have_a_set_of_their_own(plan: models.Plan) -> None:
    action = plan.actions[0]
    shared = _fields(action)
    changed = action.model_copy(update={"result": "x"})
    changed.model_fields_set.add("status")  # as rollover does to a copy
    assert "result" in changed.model_fields_set and "result" not in shared
    deep = action.model_copy(deep=True)
    assert type(_fields(deep)) is set and _fields(deep) == shared
    assert type(copy.copy(shared)) is set
    again = pickle.loads(pickle.dumps(action))
    assert again == action and again.model_fields_set == shared


def test_the_shared_set_itself_is_read_only(plan: models.Plan) -> None:
    shared = _fields(plan.actions[0])
    name = next(iter(shared))
    shared.add(name)  # already there: nothing changes
    for change in (
        lambda: shared.add("not-a-field"),
        lambda: shared.discard(name),
        lambda: shared.update({"x"}),
        lambda: shared.clear(),
        lambda: shared.pop(),
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    with pytest.raises(TypeError, match="read-only"):
        shared |= {"x"}
    assert name in shared and "x" not in shared
