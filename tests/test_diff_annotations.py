"""`roadmap diff` under GitHub Actions: data errors are workflow annotations,
as `validate` and `check` print them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app

#: The runner keeps stdout and stderr apart (click >= 8.2).
runner = CliRunner()


def _misspell_lever(root: Path) -> Path:
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "lever: influence" in text
    plan.write_text(text.replace("lever: influence", "lever: influense", 1), encoding="utf-8")
    return plan


def _expected_annotation(root: Path) -> str:
    """What validate prints for the same data under Actions: diff must say the same."""
    result = runner.invoke(app, ["validate", "--data", str(root)], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    return result.stdout


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_data_errors_are_annotations_under_github_actions(minimal: Path, fmt: str) -> None:
    plan = _misspell_lever(minimal)
    result = runner.invoke(
        app,
        ["diff", "2026", "2026", "--data", str(minimal), "--format", fmt],
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"::error file={plan},line=")
    # in the dataset's language (French), as validate says it
    assert ",title=unknown-lever::levier inconnu 'influense' (vouliez-vous dire 'influence'" in (
        result.stderr
    )
    assert result.stderr == _expected_annotation(minimal)
    # stdout is the report a workflow may send to $GITHUB_STEP_SUMMARY: no error text there
    assert result.stdout == ""


def test_data_errors_stay_text_outside_github_actions(minimal: Path) -> None:
    _misspell_lever(minimal)
    result = runner.invoke(
        app, ["diff", "2026", "2026", "--data", str(minimal)], env={"GITHUB_ACTIONS": None}
    )
    assert result.exit_code == 2
    assert "::error" not in result.output
    assert "error unknown-lever levier inconnu 'influense'" in result.stdout


def test_json_format_keeps_json_under_github_actions(minimal: Path) -> None:
    """A tool reading `--format json` gets JSON wherever it runs."""
    _misspell_lever(minimal)
    result = runner.invoke(
        app,
        ["diff", "2026", "2026", "--data", str(minimal), "--format", "json"],
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.exit_code == 2
    assert '"code": "unknown-lever"' in result.stdout
    assert "::error" not in result.output
