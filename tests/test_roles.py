"""How many destinations of each role a region has: roadmap.toml's `[roles]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import config
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS
from roadmap.validation import validate


def with_role(root: Path, dest: str, role: str) -> None:
    """Give destination `dest` of regions.yaml the role `role`."""
    path = root / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split(f"      - id: {dest}\n", 1)
    before, after = tail.split("        role: ", 1)
    after = after.split("\n", 1)[1]
    path.write_text(f"{head}      - id: {dest}\n{before}        role: {role}\n{after}", "utf-8")


def settings(root: Path, text: str) -> Path:
    path = root / "roadmap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def shown(root: Path) -> list[str]:
    return [p.render() for p in validate(root)[1]]


def test_defaults_are_one_lead_and_one_emerging() -> None:
    assert config.ROLES == {"lead": (1, 1), "emerging": (1, 1), "candidate": (0, None)}


def test_a_second_lead_is_an_error_by_default(minimal: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    assert shown(minimal) == [
        f"{minimal}/regions.yaml:8:5: error emerging-count region 'marrakech-safi' has 0"
        " emerging destinations; it needs exactly 1",
        f"{minimal}/regions.yaml:16:15: error lead-count region 'marrakech-safi' has 2 lead"
        " destinations; it needs exactly 1",
    ]


def test_roles_table_allows_two_leads_and_no_emerging(minimal: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    settings(minimal, "[roles.lead]\nmax = 2\n\n[roles.emerging]\nmin = 0\n")
    assert shown(minimal) == []


def test_a_region_with_one_destination_is_valid_when_allowed(minimal: Path) -> None:
    path = minimal / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: essaouira\n")
    end = text.index("    priorities: [Étaler")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    plan = minimal / "plans" / "2026.yaml"
    # the plan no longer names essaouira anywhere
    plan.write_text(
        plan.read_text(encoding="utf-8")
        .replace("[essaouira, ouarzazate]", "[ouarzazate]")
        .replace("    destination: essaouira\n", ""),
        encoding="utf-8",
    )
    assert [s.split(" error ")[1] for s in shown(minimal)] == [
        "emerging-count region 'marrakech-safi' has 0 emerging destinations; it needs exactly 1"
    ]
    settings(minimal, "[roles]\nemerging = {min = 0}\n")
    assert shown(minimal) == []


def test_too_many_is_placed_at_the_first_one_over(minimal: Path) -> None:
    with_role(minimal, "merzouga", "candidate")
    settings(minimal, "[roles.candidate]\nmax = 1\n[roles.emerging]\nmin = 0\n")
    (problem,) = shown(minimal)
    assert problem == (
        f"{minimal}/regions.yaml:40:15: error candidate-count region 'draa-tafilalet' has 2"
        " candidate destinations; it needs at most 1"
    )


def test_too_few_says_at_least(minimal: Path) -> None:
    settings(minimal, "[roles.candidate]\nmin = 1\n")
    (problem,) = shown(minimal)
    assert problem.endswith(
        "candidate-count region 'marrakech-safi' has 0 candidate destinations; it needs at least 1"
    )


def test_pyproject_roles(minimal: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    (minimal / "pyproject.toml").write_text(
        "[tool.roadmap.roles.lead]\nmax = 2\n[tool.roadmap.roles.emerging]\nmin = 0\n"
    )
    assert shown(minimal) == []


@pytest.mark.parametrize(
    ("toml", "place", "message"),
    [
        (
            "[roles.lead]\nmin = 2\nmax = 1\n",
            "2:1",
            "config-bad-value roles.lead: min 2 is more than max 1",
        ),
        (
            "[roles.emerging]\nmin = 2\n",
            "2:1",
            "config-bad-value roles.emerging: min 2 is more than max 1",
        ),
        (
            "[roles.lead]\nmax = -1\n",
            "2:1",
            "config-bad-value roles.lead.max is a whole number from 0 to 1000, got -1",
        ),
        (
            "[roles.lead]\nmin = 1.5\n",
            "2:1",
            "config-bad-value roles.lead.min is a whole number of destinations, got 1.5",
        ),
        (
            '[roles.lead]\nmin = "1"\n',
            "2:1",
            "config-bad-value roles.lead.min is a whole number of destinations, got '1'",
        ),
        (
            "[roles.lead]\nmax = true\n",
            "2:1",
            "config-bad-value roles.lead.max is a whole number of destinations, got True",
        ),
        (
            "[roles.leader]\nmax = 2\n",
            "1:8",
            "config-unknown-role unknown role 'leader' (did you mean 'lead'?);"
            " roles are lead, emerging, candidate",
        ),
        (
            "[roles.lead]\nmaximum = 2\n",
            "2:1",
            "config-unknown-option role 'lead' has no option 'maximum' (did you mean 'max'?);"
            " it takes min, max",
        ),
        ("roles = 3\n", "1:1", "config-bad-value roles must be a table"),
        (
            "[roles]\nlead = 2\n",
            "2:1",
            "config-bad-value roles.lead must be a table of min and max",
        ),
    ],
)
def test_bad_roles_are_config_errors_with_their_place(
    minimal: Path, toml: str, place: str, message: str
) -> None:
    path = settings(minimal, toml)
    problems = shown(minimal)
    assert problems == [f"{config._display(path)}:{place}: error {message}"]


def test_a_bad_bound_keeps_the_default(minimal: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    settings(minimal, "[roles.lead]\nmin = 3\nmax = 2\n")
    codes = [p.split(" error ")[1].split()[0] for p in shown(minimal)]
    assert sorted(codes) == ["config-bad-value", "emerging-count", "lead-count"]


def test_validate_and_check_exit_1_and_say_it_once(minimal: Path) -> None:
    settings(minimal, "[roles.lead]\nmin = 2\nmax = 1\n")
    runner = CliRunner()
    for command in (["validate"], ["check", "2026"]):
        result = runner.invoke(app, [*command, "--data", str(minimal), "--lang", "en"])
        assert result.exit_code == EXIT_PROBLEMS, result.output
        assert "Traceback" not in result.output
        assert result.output.count("min 2 is more than max 1") == 1, result.output


def test_check_passes_with_allowed_roles(minimal: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    settings(minimal, "[roles.lead]\nmax = 2\n[roles.emerging]\nmin = 0\n")
    result = CliRunner().invoke(app, ["validate", "--data", str(minimal)])
    assert result.exit_code == EXIT_OK, result.output


def test_the_plan_shows_every_lead_a_region_has(minimal: Path, tmp_path: Path) -> None:
    with_role(minimal, "essaouira", "lead")
    settings(minimal, "[roles.lead]\nmax = 2\n[roles.emerging]\nmin = 0\n")
    out = tmp_path / "out"
    args = ["build", "2026", "--data", str(minimal), "--out", str(out), "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_OK, result.output
    html = (out / "plan-2026.en.html").read_text(encoding="utf-8")
    region = html[html.index('id="region-marrakech-safi"') : html.index('id="region-draa')]
    assert "<h4>Lead destination: Marrakech</h4>" in region
    assert "<h4>Lead destination: Essaouira</h4>" in region
    assert "Emerging destination:" not in region
    # the second lead's action is on its card, not among the region's other actions
    assert "Other actions in the region" not in region
    md = (out / "plan-2026.en.md").read_text(encoding="utf-8")
    assert "#### Lead destination: Essaouira\n\n_High-potential destination_ · " in md
