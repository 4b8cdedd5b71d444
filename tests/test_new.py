"""`roadmap new YEAR --from PREVIOUS`: what is carried over, what is reset."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from roadmap import diff, rollover
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.validation import validate


@pytest.fixture
def data(clean: Path) -> Path:
    """./data with the clean 2026 plan: A1, A4 and A5 are recurring."""
    return clean


def new(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["new", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_writes_a_plan_that_validates(runner: CliRunner, data: Path) -> None:
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_OK, out
    assert out == (
        "wrote data/plans/2027.yaml: 3 recurring action(s), 1 open proposal(s), "
        "2 baseline(s) moved to the 2026 targets\n"
    )
    loaded, problems = validate(data, {2026, 2027})
    assert problems == []
    plan = loaded.plans[2027]
    assert plan.year == 2027
    assert [a.id for a in plan.actions] == ["A1", "A4", "A5"]
    assert [p.id for p in plan.proposals] == ["P2"]
    assert [m.id for m in plan.meetings] == ["mazagan-2025"]


def test_the_header_says_what_was_copied(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    lines = (data / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    # The previous plan's schema line, so editors keep completing keys.
    assert lines[0] == "# yaml-language-server: $schema=../../../../../../schemas/plan.schema.json"
    header = "\n".join(line for line in lines if line.startswith("#"))
    assert "roadmap new 2027 --from 2026" in header
    assert "3 recurring action(s)" in header
    assert "1 proposal(s) still open" in header
    assert "2 baseline(s) is now the 2026 target" in header


def test_without_a_schema_line_the_default_one_is_written(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    new(runner, "2027", "--from", "2026")
    first = (data / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == rollover.DEFAULT_SCHEMA_LINE


def test_a_diff_shows_only_the_documented_resets(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    before, after = diff.load_sides("2026", "2027", data)
    changes = diff.compare(before, after).changes
    assert before.plan is not None
    recurring = {a.id for a in before.plan.actions if a.recurring}
    still_open = {p.id for p in before.plan.proposals if p.status == "open"}
    allowed = [
        # Non-recurring actions, answered proposals and their meetings stay behind.
        (r"actions\[(?P<id>[^]]+)\]", "removed", lambda m: m["id"] not in recurring),
        (r"proposals\[(?P<id>[^]]+)\]", "removed", lambda m: m["id"] not in still_open),
        (r"meetings\[tour-marrakech\]", "removed", lambda m: True),
        # Carried actions: status back to planned, result gone.
        (
            r"actions\[(?P<id>[^]]+)\]\.(status|result)",
            "changed",
            lambda m: m["id"] in recurring,
        ),
        # Baselines become the previous targets.
        (r"objectives\[[^]]+\]\.targets\[[^]]+\]\.baseline\.\w+", "changed", lambda m: True),
    ]
    for change in changes:
        assert any(
            (m := re.fullmatch(pattern, change.path)) and change.kind == kind and test(m)
            for pattern, kind, test in allowed
        ), change
    paths = {(c.kind, c.path): c for c in changes}
    assert paths[("changed", "actions[A4].status")].after == "planned"
    assert paths[("changed", "actions[A4].result")].after is None
    assert ("changed", "actions[A1].status") not in paths  # it was planned already
    # A5 still answers P1, a proposal of the 2026 plan.
    assert not any(path.startswith("actions[A5]") for _, path in paths)
    assert paths[("changed", "objectives[growth].targets[arrivals].baseline.value")].after == 21.5
    assert paths[("changed", "objectives[growth].targets[nights].baseline.year")].after == 2026


def test_baselines_become_the_previous_targets(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    loaded, _ = validate(data, {2027})
    target = loaded.plans[2027].objectives[0].targets[1]
    assert target.baseline.model_dump(exclude_defaults=False) == {
        "value": 32_000_000,
        "unit": "nights",
        "year": 2026,
        "period": None,
        "source": "target of the 2026 plan",
        "assumption": True,
    }
    assert target.target == 32_000_000
    text = (data / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert "value: 32000000," in text  # a whole number, not 32000000.0


def test_carried_actions_keep_ids_months_and_partners(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    before, _ = validate(data, {2026})
    after, _ = validate(data, {2027})
    for old, fresh in zip(
        [a for a in before.plans[2026].actions if a.recurring],
        after.plans[2027].actions,
        strict=True,
    ):
        assert fresh.id == old.id
        assert fresh.months == old.months
        assert (fresh.owner, fresh.co_owners, fresh.cofinancing) == (
            old.owner,
            old.co_owners,
            old.cofinancing,
        )
        assert fresh.status == "planned"
        assert fresh.result is None
        assert fresh.recurring


def test_text_that_yaml_would_guess_stays_text(runner: CliRunner, data: Path) -> None:
    """`NO`, `yes`, `2026-01-10`, `1.10` are written quoted and read back as text."""
    new(runner, "2027", "--from", "2026")
    text = (data / "plans" / "2027.yaml").read_text(encoding="utf-8")
    for value in ("NO", "yes", "2026-01-10", "1.10"):
        assert f"'{value}'" in text, value
    # Any YAML 1.1 reader (an editor, yaml.safe_load) sees text, not a guess.
    raw = yaml.safe_load(text)
    a4 = next(a for a in raw["actions"] if a["id"] == "A4")
    assert a4["title"] == "NO"
    assert a4["description"] == "2026-01-10"
    assert a4["kpis"][0]["indicator"] == "yes"
    assert a4["kpis"][0]["unit"] == "1.10"
    assert a4["markets"] == ["NO"]
    loaded, _ = validate(data, {2027})
    action = next(a for a in loaded.plans[2027].actions if a.id == "A4")
    assert (action.title, action.description, action.kpis[0].unit) == ("NO", "2026-01-10", "1.10")


def test_rolling_backwards_keeps_only_answers_that_resolve(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    result = rollover.roll(loaded.plans[2026], 2025)
    raw = yaml.safe_load(result.text)
    answers = {a["id"]: a.get("answers") for a in raw["actions"]}
    assert answers == {"A1": None, "A4": ["P2"], "A5": None}
    rollover.write(data / "plans" / "2025.yaml", result.text)
    assert validate(data, {2025})[1] == []


def test_output_is_deterministic(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    first = rollover.roll(loaded.plans[2026], 2027).text
    assert rollover.roll(loaded.plans[2026], 2027).text == first


def test_never_overwrites_without_force(runner: CliRunner, data: Path) -> None:
    target = data / "plans" / "2027.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_USAGE
    assert out == (
        "roadmap: error: data/plans/2027.yaml already exists; "
        "use --force to replace it (a backup is kept)\n"
    )
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_force_keeps_numbered_backups(runner: CliRunner, data: Path) -> None:
    plans = data / "plans"
    (plans / "2027.yaml").write_text("# first\n", encoding="utf-8")
    code, out = new(runner, "2027", "--from", "2026", "--force")
    assert code == EXIT_OK
    assert out.startswith("kept the previous 2027.yaml as data/plans/2027.yaml.bak\n")
    assert (plans / "2027.yaml.bak").read_text(encoding="utf-8") == "# first\n"
    written = (plans / "2027.yaml").read_text(encoding="utf-8")
    new(runner, "2027", "--from", "2026", "--force")
    assert (plans / "2027.yaml.bak").read_text(encoding="utf-8") == "# first\n"
    assert (plans / "2027.yaml.bak.1").read_text(encoding="utf-8") == written
    # Backups are not plans: the folder still validates.
    assert validate(data)[1] == []


def test_nothing_recurring_is_a_usage_error(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("    recurring: true\n", ""), encoding="utf-8"
    )
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_USAGE
    assert out.startswith("roadmap: error: plan 2026 has no recurring action to carry over")
    assert not (data / "plans" / "2027.yaml").exists()


def test_a_broken_previous_plan_is_reported(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("lever: influence", "lever: influense"),
        encoding="utf-8",
    )
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_PROBLEMS
    assert "error unknown-lever" in out
    assert not (data / "plans" / "2027.yaml").exists()


def test_a_missing_previous_plan(runner: CliRunner, data: Path) -> None:
    code, out = new(runner, "2027", "--from", "2019")
    assert code == EXIT_PROBLEMS
    assert "error file-missing no plan for 2019" in out


@pytest.mark.parametrize(
    "args",
    [["2027"], ["2026", "--from", "2026"], ["next", "--from", "2026"], ["2027", "--from", "x"]],
)
def test_usage_errors(runner: CliRunner, data: Path, args: list[str]) -> None:
    code, _ = new(runner, *args)
    assert code == EXIT_USAGE


def test_a_target_folder_in_the_way(runner: CliRunner, data: Path) -> None:
    (data / "plans" / "2027.yaml").mkdir()
    code, out = new(runner, "2027", "--from", "2026", "--force")
    assert code == EXIT_USAGE
    assert out == "roadmap: error: data/plans/2027.yaml is not a file\n"


def test_rolls_the_shipped_plan(tmp_path: Path) -> None:
    from conftest import DEFAULT_DATA

    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    loaded, problems = validate(root, {2026})
    assert not [p for p in problems if p.severity == "error"]
    result = rollover.roll(loaded.plans[2026], 2027)
    rollover.write(root / "plans" / "2027.yaml", result.text)
    assert [p for p in validate(root, {2027})[1] if p.severity == "error"] == []
