"""One error family, and no `assert` that `python -O` would take away."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO
from roadmap import files
from roadmap.dataset import Data
from roadmap.i18n import Language
from roadmap.loader import LoadError
from roadmap.problems import RoadmapError, UsageError
from roadmap.render.view import view

SRC = REPO / "src" / "roadmap"


def _asserts(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]


def test_no_assert_in_the_package() -> None:
    """Under `python -O` an assert vanishes: a check the code relies on must be an `if`."""
    found = {
        str(p.relative_to(SRC)): lines for p in sorted(SRC.rglob("*.py")) if (lines := _asserts(p))
    }
    assert found == {}


def test_the_scan_sees_an_assert(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f(x):\n    assert x\n    return x\n", encoding="utf-8")
    assert _asserts(module) == [2]


def test_a_load_error_is_a_roadmap_error() -> None:
    assert issubclass(LoadError, RoadmapError)
    with pytest.raises(RoadmapError):
        raise LoadError([])


def test_the_plan_of_data_that_did_not_load_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no valid plan for 2026"):
        view(Data(tmp_path), 2026, Language("en", "en", "EUR"))


def test_without_fcntl_the_folder_is_written_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "fcntl", None)
    assert files._acquire(-1, tmp_path, 0.1) is False
    with files.locked([tmp_path]) as held:
        assert held == {tmp_path: False}
