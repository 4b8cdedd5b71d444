"""Loading pauses the cyclic garbage collector and freezes what it built (the
benchmarks' 1.9x at 100,000 actions); the collector is always given back
in the state it was found in."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import bench_module
from roadmap import dataset


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder large enough for the collector to run many times."""
    root: Path = bench_module("generate").generate(tmp_path_factory.mktemp("big") / "data", 2000)
    return root


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Generations of the automatic collections that run while the test does."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)


def _watch_load(monkeypatch: pytest.MonkeyPatch, collections: list[int]) -> list[int]:
    """Counts the collections that run inside the loading itself."""
    during: list[int] = []
    real = dataset._load

    def watched(*args: Any) -> dataset.LoadResult:
        before = len(collections)
        result = real(*args)
        during.append(len(collections) - before)
        return result

    monkeypatch.setattr(dataset, "_load", watched)
    return during


def test_no_collection_while_loading(
    big_data: Path, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    during = _watch_load(monkeypatch, collections)
    assert gc.isenabled()
    result = dataset.load(big_data)
    assert len(result.data.plans[2026].actions) == 2000
    assert during == [0]
    assert gc.isenabled()


def test_loaded_data_is_frozen_out_of_the_collectors_sight(
    big_data: Path, collections: list[int]
) -> None:
    """Else the first collections after loading would rescan all of it."""
    frozen = gc.get_freeze_count()
    result = dataset.load(big_data)
    assert gc.get_freeze_count() - frozen > 2000 * 5  # an action is several objects
    actions = result.data.plans[2026].actions
    assert not any(obj is actions for obj in gc.get_objects())
    gc.collect()
    assert len(result.data.plans[2026].actions) == 2000  # still there, still usable


def test_the_collector_would_run_without_the_pause(
    big_data: Path, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above means something: the same load, unpaused, collects."""
    during = _watch_load(monkeypatch, collections)
    monkeypatch.setattr(dataset, "collector_paused", contextlib.nullcontext)
    dataset.load(big_data)
    assert during[0] > 10


def test_collector_restored_after_a_failed_load(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    result = dataset.load(tmp_path)
    assert result.problems
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(big_data: Path) -> None:
    gc.disable()
    try:
        dataset.load(big_data)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_restored_when_loading_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(dataset, "_load", boom)
    with pytest.raises(OSError):
        dataset.load(Path("nowhere"))
    assert gc.isenabled()
