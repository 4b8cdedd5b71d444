"""Rule configuration: roadmap.toml or [tool.roadmap], and its mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import config
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS


@pytest.fixture
def project(clean: Path) -> Path:
    """A project folder with ./data: the clean plan, A8 without KPI (one warning)."""
    root = clean
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("    kpis: [{indicator: Vues, unit: views, target: 1000000}]\n", ""),
        encoding="utf-8",
    )
    return root.parent


def check(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "2026", "--lang", "en", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_defaults_without_a_config(runner: CliRunner, project: Path) -> None:
    assert config.load(project / "data").rules == {}
    code, out = check(runner)
    assert (code, out.splitlines()[-1]) == (EXIT_OK, "1 warning")


def test_roadmap_toml_switches_a_rule_off(runner: CliRunner, project: Path) -> None:
    (project / "data" / "roadmap.toml").write_text("[rules]\naction-without-kpi = false\n")
    assert check(runner, "--strict") == (EXIT_OK, "no problems found\n")


def test_pyproject_switches_a_rule_off(runner: CliRunner, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "plans"\n\n[tool.roadmap.rules]\naction-without-kpi = false\n'
    )
    assert check(runner, "--strict") == (EXIT_OK, "no problems found\n")


def test_a_rule_table_with_enabled(runner: CliRunner, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.roadmap.rules.action-without-kpi]\nenabled = false\n"
    )
    assert check(runner, "--strict") == (EXIT_OK, "no problems found\n")


def test_roadmap_toml_wins_over_pyproject(runner: CliRunner, project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.roadmap.rules]\naction-without-kpi = false\n")
    (project / "data" / "roadmap.toml").write_text("[rules]\naction-without-month = false\n")
    _, out = check(runner)
    assert "action-without-kpi" in out


def test_a_pyproject_without_roadmap_settings_means_defaults(
    runner: CliRunner, project: Path
) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert check(runner)[1].endswith("1 warning\n")


def test_thresholds_from_the_config(runner: CliRunner, project: Path) -> None:
    plan = project / "data" / "plans" / "2026.yaml"
    # A8 grows to 5M: content (A1 and A8) holds 7M of 13M, 54% (> 40%).
    text = plan.read_text(encoding="utf-8")
    old = "    months: [7]\n    budget: 1000000\n"
    assert old in text
    plan.write_text(text.replace(old, "    months: [7]\n    budget: 5000000\n"), encoding="utf-8")
    assert "budget-concentration lever 'content' holds 54%" in check(runner)[1]
    (project / "data" / "roadmap.toml").write_text(
        "[rules.budget-concentration]\nlever-threshold = 0.6\n"
    )
    assert "budget-concentration" not in check(runner)[1]
    (project / "data" / "roadmap.toml").write_text(
        "[rules.budget-concentration]\nlever-threshold = 0.45\nthreshold = 0.2\n"
    )
    out = check(runner)[1]
    assert "over the 45% threshold" in out
    assert "market 'FR' holds 15% of the 2026 budget" not in out
    assert "over the 20% threshold" not in out


CASES = {
    "unknown rule, with a suggestion": (
        "[rules]\naction-without-kpis = false\n",
        "data/roadmap.toml:2:1: error config-unknown-rule unknown rule "
        "'action-without-kpis' (did you mean 'action-without-kpi'?)",
    ),
    "unknown rule in a table header": (
        "[rules]\n\n[rules.no-kpi]\nenabled = false\n",
        "data/roadmap.toml:3:8: error config-unknown-rule unknown rule 'no-kpi'",
    ),
    "unknown top-level key": (
        "rule = 1\n",
        "data/roadmap.toml:1:1: error config-unknown-key unknown key 'rule' "
        "(did you mean 'rules'?)",
    ),
    "rules not a table": (
        "rules = 3\n",
        "data/roadmap.toml:1:1: error config-bad-value rules must be a table of rule names",
    ),
    "a rule set to a number": (
        "[rules]\naction-without-kpi = 0\n",
        "data/roadmap.toml:2:1: error config-bad-value rule 'action-without-kpi' takes "
        "true, false or a table of options, got 0",
    ),
    "threshold above 1": (
        "[rules.budget-concentration]\nthreshold = 25\n",
        "data/roadmap.toml:2:1: error config-bad-value rules.budget-concentration.threshold "
        "is a share of the budget, more than 0 and at most 1 (0.25 = 25%), got 25",
    ),
    "threshold as text": (
        "[rules]\nbudget-concentration = {threshold = '25%'}\n",
        "data/roadmap.toml:2:25: error config-bad-value rules.budget-concentration.threshold "
        "is a share of the budget, more than 0 and at most 1 (0.25 = 25%), got '25%'",
    ),
    "threshold zero": (
        "[rules.budget-concentration]\nthreshold = 0\n",
        "data/roadmap.toml:2:1: error config-bad-value",
    ),
    "enabled not a boolean": (
        "[rules.action-without-kpi]\nenabled = 'no'\n",
        "data/roadmap.toml:2:1: error config-bad-value rules.action-without-kpi.enabled "
        "must be true or false, got 'no'",
    ),
    "unknown option": (
        "[rules.budget-concentration]\nlever_threshold = 0.5\n",
        "data/roadmap.toml:2:1: error config-unknown-option rule 'budget-concentration' has "
        "no option 'lever_threshold' (did you mean 'lever-threshold'?); it takes enabled, "
        "threshold, lever-threshold",
    ),
    "option of a rule without options": (
        "[rules.action-without-kpi]\nthreshold = 0.5\n",
        "data/roadmap.toml:2:1: error config-unknown-option rule 'action-without-kpi' has "
        "no option 'threshold'\n",
    ),
    "TOML syntax": (
        "[rules]\naction-without-kpi = flase\n",
        "data/roadmap.toml:2:22: error config-syntax TOML: Invalid value",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_config_mistakes_are_placed_errors(runner: CliRunner, project: Path, case: str) -> None:
    content, expected = CASES[case]
    (project / "data" / "roadmap.toml").write_text(content)
    code, out = check(runner)
    assert code == EXIT_PROBLEMS
    assert expected in out
    # Planning warnings wait until the configuration is right.
    assert "action-without-kpi action" not in out


def test_a_pyproject_mistake_names_its_tool_table(runner: CliRunner, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.roadmap]\nrules = {}\nthresholds = 1\n'
    )
    code, out = check(runner)
    assert code == EXIT_PROBLEMS
    assert out.startswith(
        "pyproject.toml:6:1: error config-unknown-key unknown key 'tool.roadmap.thresholds'"
    )


def test_a_pyproject_tool_roadmap_that_is_not_a_table(runner: CliRunner, project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool]\nroadmap = 1\n")
    code, out = check(runner)
    assert code == EXIT_PROBLEMS
    assert "pyproject.toml:2:1: error config-bad-value tool.roadmap must be a table" in out


def test_a_config_that_is_not_utf8(runner: CliRunner, project: Path) -> None:
    (project / "data" / "roadmap.toml").write_bytes(b"[rules]\n# \xff\n")
    code, out = check(runner)
    assert code == EXIT_PROBLEMS
    assert "data/roadmap.toml:1:1: error config-syntax cannot read: not UTF-8 text" in out


def test_a_config_with_a_bom_is_read(runner: CliRunner, project: Path) -> None:
    (project / "data" / "roadmap.toml").write_bytes(
        b"\xef\xbb\xbf[rules]\naction-without-kpi = false\n"
    )
    assert check(runner) == (EXIT_OK, "no problems found\n")


def test_the_config_file_is_found_from_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.roadmap.rules]\naction-without-month = false\n")
    data = tmp_path / "plans-repo" / "data"
    data.mkdir(parents=True)
    loaded = config.load(data)
    assert loaded.path == tmp_path / "pyproject.toml"
    assert loaded.rules["action-without-month"].enabled is False
    assert loaded.problems == []


def test_the_nearest_pyproject_ends_the_search(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.roadmap.rules]\naction-without-month = false\n")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "inner" / "data").mkdir()
    assert config.load(tmp_path / "inner" / "data").rules == {}
