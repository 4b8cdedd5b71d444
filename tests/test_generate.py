"""The benchmark generator makes valid data: the benchmarks measure the happy path."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from roadmap.validation import validate

GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
