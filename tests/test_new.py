"""`roadmap new YEAR --from PREVIOUS`: what is carried over, what is reset."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError
from typer.testing import CliRunner

from roadmap import diff, models, rollover
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.problems import UsageError
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
        # in the dataset's language (French), as the note it writes
        "data/plans/2027.yaml écrit\u00a0: 3 action(s) récurrente(s), "
        "2 proposition(s) ouverte(s) ou reportée(s), "
        "2 valeur(s) de référence reprise(s) des cibles 2026\n"
    )
    loaded, problems = validate(data, {2026, 2027})
    assert problems == []
    plan = loaded.plans[2027]
    assert plan.year == 2027
    assert [a.id for a in plan.actions] == ["A1", "A4", "A5"]
    # P2 is open, P4 deferred: both still wait for an outcome (P1 taken-up, P3 declined)
    assert [p.id for p in plan.proposals] == ["P2", "P4"]
    assert [m.id for m in plan.meetings] == ["mazagan-2025", "tour-marrakech"]


def test_the_header_says_what_was_copied(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    lines = (data / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    # The previous plan's schema line, so editors keep completing keys.
    assert lines[0] == "# yaml-language-server: $schema=../../../../../../schemas/plan.schema.json"
    header = "\n".join(line for line in lines if line.startswith("#"))
    # In the dataset's language (French here); test_command_languages has it in English.
    assert "roadmap new 2027 --from 2026" in header
    assert "3 action(s) récurrente(s)" in header
    assert "2 proposition(s) encore ouverte(s) ou reportée(s)" in header
    assert "les 2 rencontre(s) dont elles proviennent" in header
    assert "2 valeur(s) de référence est désormais la cible 2026" in header


def test_without_a_schema_line_none_is_invented(runner: CliRunner, data: Path) -> None:
    """A folder without schemas/ next to it gets no line pointing at one."""
    plan = data / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert "$schema" not in plan.read_text(encoding="utf-8")
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_OK, out
    text = (data / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert "$schema" not in text
    assert text.startswith("# Plan 2027, commencé avec `roadmap new 2027 --from 2026`.\n")


def test_a_diff_shows_only_the_documented_resets(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    before, after = diff.load_sides("2026", "2027", data)
    changes = diff.compare(before, after).changes
    assert before.plan is not None
    recurring = {a.id for a in before.plan.actions if a.recurring}
    allowed = [
        # Non-recurring actions stay behind; proposals and meetings left in
        # 2026 are its history, not removals (checked below).
        (r"actions\[(?P<id>[^]]+)\]", "removed", lambda m: m["id"] not in recurring),
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
    # what became of the 2026 proposals: the pending ones carried, unchanged
    story = diff.compare(before, after).story
    assert story is not None
    fates = {f.proposal: (f.before, f.after, f.outcome, f.actions) for f in story.proposals}
    assert fates == {
        "P1": ("taken-up", None, "taken-up", ("A5",)),  # A5, recurring, still answers it
        "P2": ("open", "open", "open", ("A4",)),
        "P3": ("declined", None, "declined", ()),
        "P4": ("deferred", "deferred", "deferred", ()),
    }
    assert story.held == () and story.new_meetings == ()


def test_deferred_proposals_keep_their_id_meeting_and_reason(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    before, _ = validate(data, {2026})
    after, _ = validate(data, {2027})
    old = {p.id: p for p in before.plans[2026].proposals}
    for carried in after.plans[2027].proposals:
        assert carried == old[carried.id]  # every key, the reason and status included
    p4 = next(p for p in after.plans[2027].proposals if p.id == "P4")
    assert (p4.status, p4.meeting, p4.reason) == (
        "deferred",
        "tour-marrakech",
        "Prévu en 2027.",
    )
    meeting = next(m for m in after.plans[2027].meetings if m.id == "tour-marrakech")
    assert meeting == next(m for m in before.plans[2026].meetings if m.id == "tour-marrakech")


def test_taken_up_and_declined_proposals_stay_behind(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    plan = loaded.plans[2026]
    # P2 taken up too: only the deferred P4 waits, with its meeting
    proposals = [
        p.model_copy(update={"status": "taken-up"}) if p.id == "P2" else p for p in plan.proposals
    ]
    result = rollover.roll(plan.model_copy(update={"proposals": proposals}), 2027)
    assert (result.proposals, result.meetings) == (("P4",), ("tour-marrakech",))
    # nothing pending: no proposal and no meeting is written
    done = [p.model_copy(update={"status": "declined", "reason": "non"}) for p in plan.proposals]
    result = rollover.roll(plan.model_copy(update={"proposals": done}), 2027)
    assert (result.proposals, result.meetings) == ((), ())
    raw = yaml.safe_load(result.text)
    assert "proposals" not in raw and "meetings" not in raw


def test_a_meeting_a_market_comes_from_is_carried(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    extra = (
        "  - id: task-force-2022\n"
        "    name: Task force des délégués\n"
        "    date: 2022-07-12\n"
        "    place: Rabat\n"
        "proposals:\n"
    )
    text = text.replace("proposals:\n", extra, 1).replace(
        "  - {market: FR}", "  - {market: FR, origins: [task-force-2022]}"
    )
    plan.write_text(text, encoding="utf-8")
    assert validate(data, {2026})[1] == []
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_OK, out
    loaded, problems = validate(data, {2027})
    assert problems == []
    plan_2027 = loaded.plans[2027]
    assert [m.id for m in plan_2027.meetings] == [
        "mazagan-2025",
        "tour-marrakech",
        "task-force-2022",
    ]
    assert plan_2027.markets[0].origins == ["task-force-2022"]


def test_baselines_become_the_previous_targets(runner: CliRunner, data: Path) -> None:
    new(runner, "2027", "--from", "2026")
    loaded, _ = validate(data, {2027})
    assert loaded.dataset is not None and loaded.dataset.language == "fr"
    target = loaded.plans[2027].objectives[0].targets[1]
    assert target.baseline.model_dump(exclude_defaults=False) == {
        "value": 32_000_000,
        "unit": "nights",
        "year": 2026,
        "period": None,
        "source": "cible du plan 2026",  # the dataset's language
        "assumption": True,
    }
    assert target.target == 32_000_000
    text = (data / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert "value: 32000000," in text  # a whole number, not 32000000.0


def test_the_baseline_source_is_in_the_dataset_language(runner: CliRunner, data: Path) -> None:
    dataset = data / "dataset.yaml"
    dataset.write_text(
        dataset.read_text(encoding="utf-8").replace("language: fr", "language: en"),
        encoding="utf-8",
    )
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_OK, out
    loaded, problems = validate(data, {2027})
    assert problems == []
    sources = {t.baseline.source for o in loaded.plans[2027].objectives for t in o.targets}
    assert sources == {"target of the 2026 plan"}
    assert "cible" not in (data / "plans" / "2027.yaml").read_text(encoding="utf-8")


def test_a_language_without_wording_gets_english(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    raw = yaml.safe_load(rollover.roll(loaded.plans[2026], 2027, language="de").text)
    assert raw["objectives"][0]["targets"][0]["baseline"]["source"] == "target of the 2026 plan"


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


@pytest.mark.parametrize("year", [2025, 2026, 1899, 2201, 99999])
def test_the_core_refuses_a_year_it_cannot_roll_to(data: Path, year: int) -> None:
    loaded, _ = validate(data, {2026})
    with pytest.raises(UsageError):
        rollover.roll(loaded.plans[2026], year)


def test_the_year_range_is_the_model_s() -> None:
    low, high = rollover.year_range()
    adapter = TypeAdapter(models.Year)
    assert adapter.validate_python(low) == low and adapter.validate_python(high) == high
    for outside in (low - 1, high + 1):
        with pytest.raises(ValidationError):
            adapter.validate_python(outside)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99999", "--from", "2026"], "99999 is not a plan year: a plan's year is 1900 to 2200"),
        (["1899", "--from", "2026"], "1899 is not a plan year: a plan's year is 1900 to 2200"),
        (["2027", "--from", "20266"], "20266 is not a plan year: a plan's year is 1900 to 2200"),
        (
            ["2025", "--from", "2026"],
            "the new plan's year must come after 2026, not 2025: "
            "`roadmap new` starts a later plan from an earlier one",
        ),
        (
            ["2026", "--from", "2026"],
            "the new plan's year must come after 2026, not 2026: "
            "`roadmap new` starts a later plan from an earlier one",
        ),
    ],
)
def test_a_year_that_is_not_a_later_plan_year_is_refused(
    runner: CliRunner, data: Path, args: list[str], message: str
) -> None:
    before = sorted(p.name for p in (data / "plans").iterdir())
    code, out = new(runner, *args)
    assert (code, out) == (EXIT_USAGE, f"roadmap: error: {message}\n")
    assert sorted(p.name for p in (data / "plans").iterdir()) == before
    assert validate(data)[1] == []  # the folder still works


def _broken(real: Any) -> Any:
    """`rollover.roll`, but the plan it writes names an unknown lever."""

    def roll(*args: Any, **kwargs: Any) -> rollover.Rollover:
        result = real(*args, **kwargs)
        carried = [
            a.model_copy(update={"lever": "influense"}) if a.lever == "influence" else a
            for a in result.carried
        ]
        assert carried != result.carried
        return dataclasses.replace(result, carried=carried)

    return roll


def test_a_new_plan_that_would_not_validate_is_not_left_behind(
    runner: CliRunner, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollover, "roll", _broken(rollover.roll))
    code, out = new(runner, "2027", "--from", "2026")
    assert code == EXIT_PROBLEMS
    assert "error unknown-lever" in out
    assert out.endswith(
        "roadmap: error: the new 2027 plan would not validate, so it was not written "
        "(a bug in `roadmap new`: please report it with the previous plan)\n"
    )
    assert sorted(p.name for p in (data / "plans").iterdir()) == ["2026.yaml"]
    assert validate(data)[1] == []


def test_a_replaced_plan_comes_back_when_the_new_one_would_not_validate(
    runner: CliRunner, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = data / "plans"
    (plans / "2027.yaml").write_text("# mine\n", encoding="utf-8")
    monkeypatch.setattr(rollover, "roll", _broken(rollover.roll))
    code, _ = new(runner, "2027", "--from", "2026", "--force")
    assert code == EXIT_PROBLEMS
    assert (plans / "2027.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in plans.iterdir()) == ["2026.yaml", "2027.yaml"]


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
    assert out.startswith("ancien 2027.yaml conservé sous data/plans/2027.yaml.bak\n")
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
    assert (code, out) == (
        EXIT_USAGE,
        "roadmap: error: no plan for 2019: data/plans/2019.yaml not found; plans here: 2026\n",
    )
    assert not (data / "plans" / "2027.yaml").exists()


@pytest.mark.parametrize(
    "args",
    [["2027"], ["next", "--from", "2026"], ["2027", "--from", "x"]],
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
