"""Example data folders, picked up automatically.

- `data/valid/*/`: each must validate with no problem at all (not even a
  warning). A folder without `dataset.yaml` is an overlay on `minimal`.
- `data/invalid/<case>/`: the files that differ from `valid/minimal` plus
  `expected.txt`, one problem per line: `file:line:col code`, optionally
  followed by ` | text` that the problem's message must contain. The
  problems found must be exactly those: a missing or an extra one fails.
  `limits.txt` may lower a loader limit (`MAX_FILE_BYTES 4000`) for the
  case, so that no huge file has to be shipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DEFAULT_DATA, EXAMPLES, MINIMAL, overlay
from roadmap import loader
from roadmap.problems import UsageError
from roadmap.validation import validate

VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def _prepare(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(case, root)
    return root


def _found(root: Path) -> list[str]:
    _, problems = validate(root, base=root)
    return [f"{p.file}:{p.line}:{p.column} {p.code} | {p.message}" for p in problems]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_example_has_no_problem(case: Path, tmp_path: Path) -> None:
    root = case if (case / "dataset.yaml").exists() else _prepare(case, tmp_path)
    assert _found(root) == []


def test_default_data_has_no_problem() -> None:
    _, problems = validate(DEFAULT_DATA, base=DEFAULT_DATA.parent)
    assert [p.render() for p in problems] == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_reports_exactly_its_problems(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = case / "limits.txt"
    if limits.exists():
        for line in limits.read_text(encoding="utf-8").splitlines():
            name, value = line.split()
            assert hasattr(loader, name), f"{limits}: loader has no {name}"
            monkeypatch.setattr(loader, name, int(value))
    expected = [
        line
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert expected, f"{case.name}: expected.txt lists no problem"
    found = _found(_prepare(case, tmp_path))
    assert all("\n" not in f and "Traceback" not in f for f in found), found
    where = [f.split(" | ")[0] for f in found]
    assert where == [e.split(" | ")[0] for e in expected], "\n".join(found)
    for line, message in zip(expected, found, strict=True):
        if " | " in line:
            part = line.split(" | ", 1)[1]
            assert part in message.split(" | ", 1)[1], f"{message!r} lacks {part!r}"


def test_every_invalid_case_overlays_something() -> None:
    for case in INVALID:
        files = {p.name for p in case.iterdir()}
        assert "expected.txt" in files, case
        assert files - {"expected.txt", "limits.txt"}, f"{case.name} changes nothing"


def test_asking_for_a_year_without_a_plan(minimal: Path) -> None:
    """A usage error, for every command: the year asked for, not the data, is wrong."""
    with pytest.raises(UsageError) as caught:
        validate(minimal, {2026, 2030}, base=minimal)
    assert str(caught.value) == (
        f"no plan for 2030: {minimal}/plans/2030.yaml not found; plans here: 2026"
    )
    shutil.rmtree(minimal / "plans")
    with pytest.raises(UsageError, match=r"not found; no plan here yet$"):
        validate(minimal, {2026})


def test_only_the_years_asked_for_are_read(minimal: Path) -> None:
    (minimal / "plans" / "2025.yaml").write_text("year: [broken\n", encoding="utf-8")
    assert validate(minimal, {2026})[1] == []
    assert [p.code for p in validate(minimal)[1]] == ["yaml-unclosed"]


def test_digits_are_not_grouped(minimal: Path) -> None:
    """As documented (docs/data-format.md): YAML 1.2 reads `3_000_000` as text, as editors do."""
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    budget: 3000000\n" in text
    for grouped in ("3_000_000", "3,000,000"):
        plan.write_text(text.replace("budget: 3000000", f"budget: {grouped}"), encoding="utf-8")
        assert [(p.code, p.message) for p in validate(minimal)[1]] == [
            ("bad-type", f"expected a whole number, got {grouped!r}")
        ]
