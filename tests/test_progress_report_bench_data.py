"""The benchmark's quarterly reviews (generate.py --reviews 4) are valid and say what they mean.

`roadmap progress` is benchmarked on them: they must take the happy path
(no problem), cover every action in each review, and grow quarter by
quarter so that later reviews really supersede earlier ones.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import bench_module
from roadmap.progress.state import progress_state
from roadmap.validation import validate


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root: Path = bench_module("generate").generate(
        tmp_path_factory.mktemp("bench") / "data", 60, reviews=4
    )
    paths = sorted((root / "progress" / "2026").iterdir())
    assert [p.name for p in paths] == [
        "2026-03-31.yaml",
        "2026-06-30.yaml",
        "2026-09-30.yaml",
        "2026-12-31.yaml",
    ]
    return root


def test_the_reviews_validate_clean(reviewed: Path) -> None:
    data, problems = validate(reviewed)
    assert problems == []
    assert sorted(data.reviews[2026]) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]
    assert all(len(r.actions) == 60 for r in data.reviews[2026].values())


def test_each_quarter_supersedes_the_last(reviewed: Path) -> None:
    data, _ = validate(reviewed)
    plan, reviews = data.plans[2026], data.reviews[2026]
    spent = [progress_state(plan, reviews, day).budget.spent for day in sorted(reviews)]
    assert spent == sorted(spent) and len(set(spent)) == 4
    final = progress_state(plan, reviews, dt.date(2026, 12, 31))
    assert {a.status for a in final.actions} == {"done"}
    assert final.budget.committed == final.budget.planned  # a quarter each time, all by Q4
