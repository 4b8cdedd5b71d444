"""The benchmark generator makes valid data: the benchmarks measure the happy path."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from conftest import bench_module
from roadmap.validation import validate


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return bench_module("generate")


def test_generated_dataset_of_50_actions_validates_clean(
    generator: ModuleType, tmp_path: Path
) -> None:
    root = generator.generate(tmp_path / "data", 50)
    data, problems = validate(root)
    assert problems == []
    assert len(data.plans[2026].actions) == 50


def test_changed_next_year_plan_validates_and_differs(
    generator: ModuleType, tmp_path: Path
) -> None:
    root = generator.generate(tmp_path / "data", 200, change=0.2)
    data, problems = validate(root)
    assert problems == []
    before, after = data.plans[2026].actions, data.plans[2027].actions
    assert [a.id for a in before] == [a.id for a in after]
    changed = sum(a.budget != b.budget for a, b in zip(before, after, strict=True))
    assert 0 < changed < len(before)


def test_a_broken_generated_dataset_is_caught(generator: ModuleType, tmp_path: Path) -> None:
    """The clean result above means something: one bad reference is found."""
    root = generator.generate(tmp_path / "data", 50)
    plan = root / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("lever: ", "lever: x", 1), encoding="utf-8"
    )
    _, problems = validate(root)
    assert [(p.file.endswith("plans/2026.yaml"), p.code) for p in problems] == [
        (True, "unknown-lever")
    ]


def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    """The benchmarks cache the folders by the generator's source: same arguments, same bytes."""
    first = generator.generate(tmp_path / "a", 300, change=0.1, reviews=2)
    second = generator.generate(tmp_path / "b", 300, change=0.1, reviews=2)
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert len(files) == 6 + 2 + 2  # catalogues, two plans, two reviews
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_generated_data_is_shaped_like_a_real_plan(generator: ModuleType, tmp_path: Path) -> None:
    """Recurring actions for `roadmap new`, proposals in every status with the
    taken-up ones answered, co-financing by one to three partners, a year-end
    review of every action."""
    root = generator.generate(tmp_path / "data", 400)
    data, problems = validate(root)
    assert problems == []
    plan = data.plans[2026]
    recurring = sum(a.recurring for a in plan.actions)
    assert 0.6 < recurring / len(plan.actions) < 0.8
    assert {p.status for p in plan.proposals} == {"open", "taken-up", "deferred", "declined"}
    answered = {pid for a in plan.actions for pid in a.answers}
    assert {p.id for p in plan.proposals if p.status == "taken-up"} <= answered
    assert {len(a.cofinancing) for a in plan.actions} == {1, 2, 3}
    assert all(sum(f.amount for f in a.cofinancing) == a.budget for a in plan.actions)
    (review,) = data.reviews[2026].values()
    assert [r.action for r in review.actions] == [a.id for a in plan.actions]
    assert {c.status for c in review.proposals} == {"deferred", "declined"}


def test_roadmap_new_carries_the_generated_plan(generator: ModuleType, tmp_path: Path) -> None:
    from roadmap import rollover

    root = generator.generate(tmp_path / "data", 100)
    data, _ = validate(root)
    result = rollover.roll(data.plans[2026], 2027, reviews=data.reviews[2026])
    assert 0 < len(result.actions) < 100
    assert result.from_actuals == 1  # the year-end review's actual becomes the baseline
