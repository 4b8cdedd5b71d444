"""The new plan is validated again once written; the previous plan's proposal
ids, which its carried actions may answer, are not read twice unless the
file changed in between."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import bench_module
from roadmap import checks, rollover
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS
from roadmap.files import digest
from roadmap.validation import validate


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A generated folder: carried actions answer P000000, taken up, so not carried."""
    return Path(bench_module("generate").generate(tmp_path / "data", 60))


def no_raw_read(path: Path) -> set[str]:
    raise AssertionError(f"{path} read again for its proposal ids")


def test_the_previous_plan_is_not_read_again_for_its_proposals(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "_raw_proposal_ids", no_raw_read)
    result = CliRunner().invoke(app, ["new", "2027", "--from", "2026", "--data", str(generated)])
    assert result.exit_code == EXIT_OK, result.output
    written = yaml.safe_load((generated / "plans" / "2027.yaml").read_text(encoding="utf-8"))
    carried = {p["id"] for p in written.get("proposals", [])}
    answered = {a for action in written["actions"] for a in action.get("answers", [])}
    assert "P000000" in answered - carried  # the earlier plan's ids were needed, and given


def test_a_previous_plan_changed_since_it_was_read_is_read_again(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its proposal P000000 is gone by the time the new plan is validated:
    the new plan's answers to it are errors, and the plan is not left behind."""
    previous = generated / "plans" / "2026.yaml"
    roll = rollover.roll

    def roll_then_edit(*args: Any, **kwargs: Any) -> rollover.Rollover:
        result = roll(*args, **kwargs)
        text = previous.read_text(encoding="utf-8")
        previous.write_text(text.replace("- id: P000000\n", "- id: P999999\n"), encoding="utf-8")
        return result

    monkeypatch.setattr(rollover, "roll", roll_then_edit)
    result = CliRunner().invoke(app, ["new", "2027", "--from", "2026", "--data", str(generated)])
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "error unknown-proposal" in result.output
    assert "'P000000'" in result.output
    assert not (generated / "plans" / "2027.yaml").exists()


def write_2027(root: Path) -> Path:
    """A 2027 plan of the generated folder that answers P000000 (only 2026 has it)."""
    loaded, _ = validate(root, {2026})
    text = rollover.roll(loaded.plans[2026], 2027, reviews=loaded.reviews[2026]).text
    path = root / "plans" / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_known_ids_of_an_unchanged_file_stand_for_its_content(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_2027(generated)
    previous = generated / "plans" / "2026.yaml"
    stamp = digest(previous)
    assert stamp is not None
    # ids said to be the file's are taken as they are: P000000 left out is unknown
    monkeypatch.setattr(checks, "_raw_proposal_ids", no_raw_read)
    _, problems = validate(
        generated, {2027}, known_proposals={previous: (stamp, frozenset({"P000001"}))}
    )
    assert any(p.code == "unknown-proposal" and "P000000" in p.message for p in problems)


def test_known_ids_of_a_file_changed_since_are_not_used(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_2027(generated)
    previous = generated / "plans" / "2026.yaml"
    read: list[Path] = []
    raw = checks._raw_proposal_ids

    def counted(path: Path) -> set[str]:
        read.append(path)
        return raw(path)

    monkeypatch.setattr(checks, "_raw_proposal_ids", counted)
    _, problems = validate(
        generated, {2027}, known_proposals={previous: ("stale digest", frozenset())}
    )
    assert read == [previous]
    assert [p for p in problems if p.code == "unknown-proposal"] == []


def test_a_file_that_cannot_be_read_has_no_digest(tmp_path: Path) -> None:
    assert digest(tmp_path / "missing.yaml") is None
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x: 2\n", encoding="utf-8")
    assert digest(tmp_path / "a.yaml") != digest(tmp_path / "b.yaml")


def test_an_unknown_answer_is_told_the_nearest_id_of_an_earlier_plan(generated: Path) -> None:
    """Answers to an earlier plan's proposals are accepted; an unknown one is
    an error that names the nearest id, looked for in the earlier plans too."""
    path = write_2027(generated)
    text = path.read_text(encoding="utf-8")
    assert "answers: [P000000]" in text
    path.write_text(text.replace("answers: [P000000]", "answers: [P000000x]", 1), encoding="utf-8")
    _, problems = validate(generated, {2027})
    unknown = [p for p in problems if p.code == "unknown-proposal"]
    assert len(unknown) == 1
    assert "'P000000x'" in unknown[0].message
    assert "'P000000'" in unknown[0].message  # the hint: only the 2026 plan has it
