"""`roadmap check YEAR` end to end: formats, places, --strict, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def without_kpi(root: Path) -> None:
    """A8 loses its KPI: one warning, at the action's id."""
    edit(
        root / "plans" / "2026.yaml",
        "    kpis: [{indicator: Vues, unit: views, target: 1000000}]\n",
        "",
    )


def test_a_plan_without_gaps(runner: CliRunner, clean: Path) -> None:
    result = runner.invoke(app, ["check", "2026", "--lang", "en"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "no problems found\n"


def test_warnings_are_placed_and_do_not_fail(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    result = runner.invoke(app, ["check", "2026", "--lang", "en"])
    assert result.exit_code == EXIT_OK
    line = next(
        i
        for i, text in enumerate((clean / "plans/2026.yaml").read_text().splitlines(), 1)
        if text == "  - id: A8"
    )
    assert result.output == (
        f"data/plans/2026.yaml:{line}:9: warning action-without-kpi "
        "action 'A8' has no KPI: its impact cannot be measured\n1 warning\n"
    )


def test_strict_makes_warnings_fail(runner: CliRunner, clean: Path) -> None:
    assert runner.invoke(app, ["check", "2026", "--strict"]).exit_code == EXIT_OK
    without_kpi(clean)
    result = runner.invoke(app, ["check", "2026", "--strict"])
    assert result.exit_code == EXIT_PROBLEMS
    assert "action-without-kpi" in result.output


def test_the_minimal_plan_has_gaps_in_several_files(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    result = runner.invoke(app, ["check", "2026", "--data", str(root), "--format", "json"])
    assert result.exit_code == EXIT_OK
    doc = json.loads(result.output)
    assert doc["version"] == 1
    assert doc["summary"] == {"errors": 0, "warnings": len(doc["problems"])}
    codes = {p["code"] for p in doc["problems"]}
    assert codes == {
        "zone-lever-unused",
        "budget-concentration",
        "low-season-month-uncovered",
        "action-without-kpi",
    }
    files = {Path(p["file"]).name for p in doc["problems"]}
    assert files == {"markets.yaml", "2026.yaml"}
    assert all(p["severity"] == "warning" for p in doc["problems"])
    places = [(p["file"], p["line"], p["column"], p["code"]) for p in doc["problems"]]
    assert places == sorted(places)


def test_github_annotations(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    result = runner.invoke(app, ["check", "2026", "--format", "github", "--lang", "en"])
    assert result.exit_code == EXIT_OK
    assert re.fullmatch(
        r"::warning file=data/plans/2026\.yaml,line=\d+,col=9,title=action-without-kpi::"
        r"action 'A8' has no KPI: its impact cannot be measured\n",
        result.output,
    )


def test_github_format_is_the_default_under_github_actions(
    runner: CliRunner, clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_kpi(clean)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert runner.invoke(app, ["check", "2026"]).output.startswith("::warning ")


def test_data_errors_are_reported_as_validate_does(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    edit(clean / "plans" / "2026.yaml", "    lever: influence\n", "    lever: influense\n")
    result = runner.invoke(app, ["check", "2026", "--lang", "en"])
    assert result.exit_code == EXIT_PROBLEMS
    assert "error unknown-lever unknown lever 'influense' (did you mean 'influence'?)" in (
        result.output
    )
    # No planning warning on data that does not hold together.
    assert "action-without-kpi" not in result.output
    assert result.output.endswith("1 error\n")
    validate = runner.invoke(app, ["validate", "--lang", "en"])
    assert validate.output == result.output


def test_a_missing_plan_is_a_usage_error(runner: CliRunner, clean: Path) -> None:
    result = runner.invoke(app, ["check", "2031"])
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith("roadmap: error: no plan for 2031: data/plans/2031.yaml ")


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "next"],
        ["check", "2026", "--format", "xml"],
        ["check", "2026", "--data", "nowhere"],
    ],
)
def test_usage_errors(runner: CliRunner, clean: Path, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output


def test_missing_data_folder_is_one_line(runner: CliRunner, clean: Path) -> None:
    result = runner.invoke(app, ["check", "2026", "--data", "nowhere"])
    assert result.output == "roadmap: error: data folder not found: nowhere\n"


def test_the_shipped_data_checks(runner: CliRunner) -> None:
    from conftest import DEFAULT_DATA

    result = runner.invoke(app, ["check", "2026", "--data", str(DEFAULT_DATA)])
    assert result.exit_code == EXIT_OK, result.output
    assert " error " not in result.output
