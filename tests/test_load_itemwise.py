"""A plan's and a review's actions are validated one at a time, each one's
raw data dropped as soon as its model exists (`dataset.validate_itemwise`):
the findings must be exactly those of validating the file whole."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from roadmap import models
from roadmap.dataset import validate_itemwise
from roadmap.findings import Finding
from roadmap.loader import SourceFile
from roadmap.progress.models import Review
from roadmap.validation import validate

MINIMAL = Path(__file__).parent / "data" / "valid" / "minimal"
PLAN = MINIMAL / "plans" / "2026.yaml"


def _raw_plan() -> dict[str, Any]:
    raw = SourceFile.at(PLAN).load()
    assert isinstance(raw, dict) and len(raw["actions"]) >= 2
    return raw


def _bad_month(raw: dict[str, Any]) -> None:
    raw["actions"][0]["months"] = [1, 13]


def _two_bad_actions_and_theme(raw: dict[str, Any]) -> None:
    del raw["theme"]
    raw["actions"][0]["budget"] = -5
    raw["actions"][1]["colour"] = "blue"  # unknown key


def _every_action_bad(raw: dict[str, Any]) -> None:
    for action in raw["actions"]:
        del action["lever"]


def _action_not_a_mapping(raw: dict[str, Any]) -> None:
    raw["actions"][1] = "A2"


def _no_action(raw: dict[str, Any]) -> None:
    raw["actions"] = []


def _actions_not_a_list(raw: dict[str, Any]) -> None:
    raw["actions"] = {"id": "A1"}


def _actions_missing(raw: dict[str, Any]) -> None:
    del raw["actions"]


def _valid(raw: dict[str, Any]) -> None:
    pass


def _findings(raw: Any, model: type[Any], field: str | None) -> tuple[Any, list[Finding]]:
    found: list[Finding] = []
    result = validate_itemwise(SourceFile.at(PLAN), raw, model, found, field)
    return result, found


@pytest.mark.parametrize(
    "mutate",
    [
        _valid,
        _bad_month,
        _two_bad_actions_and_theme,
        _every_action_bad,
        _action_not_a_mapping,
        _no_action,
        _actions_not_a_list,
        _actions_missing,
    ],
)
def test_plan_findings_are_those_of_the_whole_validation(mutate: Any) -> None:
    raw = _raw_plan()
    mutate(raw)
    (whole, _), expected = _findings(copy.deepcopy(raw), models.Plan, None)
    (plan, _), found = _findings(raw, models.Plan, "actions")
    key = lambda f: (f.loc, f.code, str(f.message), f.at_key)  # noqa: E731
    assert sorted(map(key, found)) == sorted(map(key, expected))
    assert (plan is None) is (whole is None)
    if plan is not None:
        assert plan.model_dump(exclude_unset=True) == whole.model_dump(exclude_unset=True)


def test_each_action_is_dropped_from_the_raw_data_once_validated() -> None:
    raw = _raw_plan()
    (plan, _), found = _findings(raw, models.Plan, "actions")
    assert plan is not None and not found
    assert raw["actions"] == [None] * len(plan.actions)


def test_a_partial_plan_keeps_its_valid_actions_and_their_rows() -> None:
    raw = _raw_plan()
    ids = [a["id"] for a in raw["actions"]]
    _bad_month(raw)
    (plan, partial), found = _findings(raw, models.Plan, "actions")
    assert plan is None and [f.loc for f in found] == [("actions", 0, "months", 1)]
    assert partial is not None
    kept, rows = partial
    assert [a.id for a in kept.actions] == ids[1:]
    assert rows == list(range(1, len(ids)))


def test_no_partial_plan_when_another_field_is_wrong_or_no_action_is_valid() -> None:
    raw = _raw_plan()
    _two_bad_actions_and_theme(raw)
    assert _findings(raw, models.Plan, "actions")[0] == (None, None)
    raw = _raw_plan()
    _every_action_bad(raw)
    (plan, partial), found = _findings(raw, models.Plan, "actions")
    assert (plan, partial) == (None, None)
    # one finding per action, and no "at least one action" besides
    assert sorted(f.loc for f in found) == [("actions", i, "lever") for i in range(len(found))]


def test_a_review_is_validated_action_by_action() -> None:
    raw = {
        "actions": [
            {"action": "A1", "status": "done", "spent": 10},
            {"action": "A2", "status": "finished"},
        ]
    }
    (whole, _), expected = _findings(copy.deepcopy(raw), Review, None)
    (review, _), found = _findings(raw, Review, "actions")
    assert whole is None and review is None
    assert [(f.loc, f.code) for f in found] == [(f.loc, f.code) for f in expected]
    assert found and found[0].loc[:2] == ("actions", 1)


def test_reference_mistakes_of_valid_actions_are_reported_next_to_a_schema_error(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("months: [1, 2, 11]", "months: [1, 2, 13]")
    text = text.replace("lever: air-connectivity", "lever: air-conectivity")
    plan.write_text(text, encoding="utf-8")
    _, problems = validate(root, base=tmp_path)
    assert [(p.line, p.column, p.code) for p in problems] == [
        (81, 20, "out-of-range"),
        (94, 12, "unknown-lever"),
    ]
