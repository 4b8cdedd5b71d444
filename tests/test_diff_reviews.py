"""`roadmap diff YEAR@DATE YEAR@DATE`: two progress states of one year compared.

Reviews are written into a private copy of the minimal data folder (plan
2026: targets `arrivals` 19.8 -> 21.5 and `peak-trough` 2.6 -> 2.3;
actions A1 (content; Jan, Feb, Nov), A2 (Dec), A3 (Mar-Apr, ongoing),
A4 (distribution; May, Sep, Oct); proposals P1 taken-up, P2 open, P3
declined). Verdicts with the default thresholds: on track from 0.9 times
the share of the year elapsed (30 June: 44.6 % of the way; 30 September:
67.3 %).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.problems import Severity
from roadmap.progress.compare import ReviewDiff, Side, compare_states
from roadmap.progress.state import progress_state
from roadmap.validation import validate

HEADER = "# yaml-language-server: $schema=../../../../schemas/progress.schema.json\n"
#: Outside GitHub Actions, where data errors would be annotations.
runner = CliRunner(env={"GITHUB_ACTIONS": None})

JUNE = """\
actions:
  - action: A1
    status: ongoing
    committed: 2000000
    spent: 500000
    basis: {source: Revue de juin}
targets:
  - {target: arrivals, actual: 20.7, source: Juin}
  - {target: peak-trough, actual: 2.5, source: Juin}
proposals:
  - {proposal: P2, status: deferred, date: 2026-06-01, reason: Pas de compagnie.}
"""
SEPTEMBER = """\
actions:
  - action: A1
    status: done
    spent: 2000000
    kpis:
      - {indicator: Réservations, actual: 12500}
    basis: {source: Revue de septembre}
targets:
  - {target: arrivals, actual: 20.9, source: Septembre}
  - {target: peak-trough, actual: 2.4, source: Septembre}
proposals:
  - {proposal: P2, status: taken-up, date: 2026-09-15, reason: Une compagnie est trouvée.}
"""


def write_review(root: Path, name: str, body: str, year: int = 2026) -> Path:
    path = root / "progress" / str(year) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def two_reviews(root: Path) -> Path:
    write_review(root, "2026-06-30.yaml", JUNE)
    write_review(root, "2026-09-30.yaml", SEPTEMBER)
    return root


def compared(root: Path, a: str, b: str) -> ReviewDiff:
    data, problems = validate(root, {2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    reviews = data.reviews.get(2026, {})

    def side(day: str) -> Side:
        state = progress_state(data.plans[2026], reviews, dt.date.fromisoformat(day))
        return Side(f"2026@{day}", state)

    return compare_states(side(a), side(b))


def run(root: Path, *args: str) -> tuple[int, str]:
    lang = () if "--lang" in args else ("--lang", "en")  # test_diff_languages.py: the others
    result = runner.invoke(app, ["diff", *args, "--data", str(root), *lang])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def as_json(root: Path, a: str, b: str) -> dict:
    code, out = run(root, a, b, "-f", "json")
    assert code == EXIT_OK, out
    return json.loads(out)


# --------------------------------------------------------------------------- the comparison


def test_a_target_that_changed_verdict_with_its_actual_and_share(minimal: Path) -> None:
    diff = compared(two_reviews(minimal), "2026-06-30", "2026-09-30")
    [move] = diff.verdicts_changed()
    assert move.id == "arrivals"
    assert (move.before.verdict, move.after.verdict) == ("on-track", "at-risk")
    assert (move.before.actual, move.after.actual) == (20.7, 20.9)
    assert move.before.share == pytest.approx(0.9 / 1.7)
    assert move.after.share == pytest.approx(1.1 / 1.7)


def test_a_target_whose_actual_moved_with_the_same_verdict(minimal: Path) -> None:
    diff = compared(two_reviews(minimal), "2026-06-30", "2026-09-30")
    [move] = diff.actuals_moved()
    assert move.id == "peak-trough"
    assert move.before.verdict == move.after.verdict == "at-risk"
    # exact, as the data wrote them: not -0.10000000000000009
    assert str(move.actual.change) == "-1/10"


def test_an_unchanged_target_is_not_listed_and_a_first_actual_is_a_change(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "targets:\n  - {target: arrivals, actual: 20.7, source: Estimation}\n",
    )
    diff = compared(minimal, "2026-06-30", "2026-07-31")
    assert [t.id for t in diff.targets] == []
    # the first verdict, once there is an actual, is a change
    diff = compared(minimal, "2026-05-31", "2026-06-30")
    assert [(t.id, t.before.verdict, t.after.verdict) for t in diff.targets] == [
        ("arrivals", None, "on-track")
    ]


def test_a_verdict_can_change_with_time_alone(minimal: Path) -> None:
    # 20.7 is 52.9 % of the way: on track on 30 June, at risk by 30 September
    write_review(
        minimal,
        "2026-06-30.yaml",
        "targets:\n  - {target: arrivals, actual: 20.7, source: Estimation}\n",
    )
    diff = compared(minimal, "2026-06-30", "2026-09-30")
    assert [(t.id, t.verdict_changed, t.actual_moved) for t in diff.targets] == [
        ("arrivals", True, False)
    ]


def test_actions_whose_status_changed_and_the_newly_late(minimal: Path) -> None:
    two_reviews(minimal)
    diff = compared(minimal, "2026-04-30", "2026-06-30")
    # A1 late since January (no start) then ongoing; A4 (May) late once May is over
    assert [(m.id, m.before.status, m.after.status) for m in diff.actions] == [
        ("A1", "late", "ongoing"),
        ("A4", "planned", "late"),
    ]
    assert [m.id for m in diff.newly_late()] == ["A4"]
    diff = compared(minimal, "2026-06-30", "2026-09-30")
    assert [(m.id, m.before.status, m.after.status) for m in diff.actions] == [
        ("A1", "ongoing", "done")
    ]
    assert diff.newly_late() == []


def test_money_committed_and_spent_by_lever_and_in_total(minimal: Path) -> None:
    diff = compared(two_reviews(minimal), "2026-06-30", "2026-09-30")
    assert (diff.total.committed.before, diff.total.committed.after) == (2_000_000, 2_000_000)
    assert (diff.total.spent.before, diff.total.spent.after) == (500_000, 2_000_000)
    assert diff.total.spent.change == 1_500_000
    moved = [line for line in diff.levers if line.moved]
    assert [(m.key, m.spent.change, m.committed.change) for m in moved] == [
        ("content", 1_500_000, 0)
    ]
    # every lever of the plan is there, moved or not
    assert {line.key for line in diff.levers} >= {"content", "air-connectivity", "distribution"}


def test_proposals_whose_status_changed_with_the_decisions_in_between(minimal: Path) -> None:
    two_reviews(minimal)
    diff = compared(minimal, "2026-06-30", "2026-09-30")
    [move] = diff.proposals
    assert (move.id, move.before.status, move.after.status) == ("P2", "deferred", "taken-up")
    assert [s.status for s in move.steps] == ["taken-up"]
    [move] = compared(minimal, "2026-01-31", "2026-09-30").proposals
    assert (move.before.status, [s.status for s in move.steps]) == (
        "open",
        ["deferred", "taken-up"],
    )


def test_the_later_date_first_reads_the_same_moves_backwards(minimal: Path) -> None:
    two_reviews(minimal)
    forward = compared(minimal, "2026-06-30", "2026-09-30")
    backward = compared(minimal, "2026-09-30", "2026-06-30")
    assert [(t.after.verdict, t.before.verdict) for t in forward.targets] == [
        (t.before.verdict, t.after.verdict) for t in backward.targets
    ]
    assert backward.total.spent.change == -1_500_000
    assert [s.status for s in backward.proposals[0].steps] == ["taken-up"]


def test_the_same_date_on_both_sides_differs_in_nothing(minimal: Path) -> None:
    diff = compared(two_reviews(minimal), "2026-09-30", "2026-09-30")
    assert not diff.differs
    assert (diff.targets, diff.actions, diff.proposals) == ((), (), ())


def test_states_of_two_years_are_refused(minimal: Path) -> None:
    data, _ = validate(minimal, {2026})
    plan = data.plans[2026]
    other = plan.model_copy(update={"year": 2027})
    a = Side("a", progress_state(plan, {}, dt.date(2026, 6, 30)))
    b = Side("b", progress_state(other, {}, dt.date(2027, 6, 30)))
    with pytest.raises(ValueError, match="two years"):
        compare_states(a, b)


# --------------------------------------------------------------------------- the command


def test_text_report(minimal: Path) -> None:
    code, out = run(two_reviews(minimal), "2026@2026-06-30", "2026@2026-09-30")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == (
        "2026@2026-06-30 → 2026@2026-09-30: 1 target(s) changed verdict, "
        "1 other target(s) moved, 1 action(s) changed status, 1 proposal(s) changed status, "
        "spent +1,500,000"
    )
    assert "2026@2026-06-30: as of 2026-06-30, from the review(s) of 2026-06-30" in lines
    assert (
        "2026@2026-09-30: as of 2026-09-30, from the review(s) of 2026-06-30, 2026-09-30" in lines
    )
    row = next(ln for ln in lines if ln.startswith("growth") and "arrivals" in ln).split()
    assert row[-6:] == ["on-track", "at-risk", "20.7", "20.9", "52.9%", "64.7%"]
    row = next(ln for ln in lines if "peak-trough" in ln).split()
    assert row[-6:] == ["2.5", "2.4", "-0.1", "33.3%", "66.7%", "at-risk"]
    assert next(ln for ln in lines if ln.startswith("A1 ")).split()[-2:] == ["ongoing", "done"]
    assert "Money spent by lever" in lines
    spent = lines[lines.index("Money spent by lever") :]
    assert next(ln for ln in spent if ln.startswith("total")).split() == [
        "total",
        "500,000",
        "2,000,000",
        "+1,500,000",
        "+300.0%",
    ]
    assert next(ln for ln in lines if ln.startswith("P2 ")).split()[1:5] == [
        "deferred",
        "taken-up",
        "taken-up",
        "on",
    ]


def test_markdown_report(minimal: Path) -> None:
    code, out = run(two_reviews(minimal), "2026@2026-06-30", "2026@2026-09-30", "-f", "md")
    assert code == EXIT_OK
    assert out.startswith("## Progress changes: 2026@2026-06-30 → 2026@2026-09-30\n")
    assert "### Targets whose verdict changed" in out
    assert "| `growth` | `arrivals` |" in out
    assert "| `A1` | Winter campaign in France | ongoing | done |" in out


def test_json_layout_is_versioned(minimal: Path) -> None:
    doc = as_json(two_reviews(minimal), "2026@2026-06-30", "2026@2026-09-30")
    assert (doc["kind"], doc["version"], doc["year"], doc["differs"]) == ("reviews", 1, 2026, True)
    assert list(doc) == [
        "kind",
        "version",
        "year",
        "before",
        "after",
        "differs",
        "summary",
        "targets",
        "actions",
        "money",
        "proposals",
    ]
    assert doc["before"]["reviews"] == ["2026-06-30"]
    assert doc["after"]["reviews"] == ["2026-06-30", "2026-09-30"]
    assert doc["summary"] == {
        "verdicts_changed": 1,
        "actuals_moved": 2,
        "statuses_changed": 1,
        "newly_late": 0,
        "proposals_changed": 1,
    }
    arrivals, peak = doc["targets"]
    assert arrivals["before"] == {"actual": 20.7, "share": 0.5294, "verdict": "on-track"}
    assert arrivals["after"]["verdict"] == "at-risk"
    assert (peak["change"], peak["verdict_changed"], peak["actual_moved"]) == (-0.1, False, True)
    assert doc["actions"] == [
        {
            "action": "A1",
            "title": {"fr": "Campagne hiver en France", "en": "Winter campaign in France"},
            "before": "ongoing",
            "after": "done",
            "newly_late": False,
        }
    ]
    assert doc["money"]["total"]["spent"] == {
        "before": 500000,
        "after": 2000000,
        "change": 1500000,
        "percent": 300.0,
    }
    content = next(line for line in doc["money"]["lever"] if line["key"] == "content")
    assert content["committed"]["change"] == 0
    [p2] = doc["proposals"]
    assert (p2["before"], p2["after"]) == ("deferred", "taken-up")
    assert p2["steps"][0] | {"reason": None} == {
        "review": "2026-09-30",
        "status": "taken-up",
        "date": "2026-09-15",
        "reason": None,
        "source": None,
        "assumption": False,
    }


def test_exit_code_1_with_exit_code_when_the_states_differ(minimal: Path) -> None:
    two_reviews(minimal)
    assert run(minimal, "2026@2026-06-30", "2026@2026-09-30", "--exit-code")[0] == EXIT_PROBLEMS
    assert run(minimal, "2026@2026-06-30", "2026@2026-09-30")[0] == EXIT_OK
    code, out = run(minimal, "2026@2026-09-30", "2026@latest", "--exit-code")
    assert code == EXIT_OK
    assert out.splitlines()[0] == "2026@2026-09-30 → 2026@latest: no differences"


def test_latest_is_the_latest_reviews_date(minimal: Path) -> None:
    doc = as_json(two_reviews(minimal), "2026@2026-06-30", "2026@latest")
    assert (doc["after"]["label"], doc["after"]["as_of"]) == ("2026@latest", "2026-09-30")


def test_a_date_before_any_review_is_the_plan_as_adopted(minimal: Path) -> None:
    two_reviews(minimal)
    code, out = run(minimal, "2026@2026-01-15", "2026@2026-06-30")
    assert code == EXIT_OK
    assert "2026@2026-01-15: the plan as adopted (no review dated up to 2026-01-15)" in out
    doc = as_json(minimal, "2026@2026-01-15", "2026@2026-06-30")
    assert (doc["before"]["as_adopted"], doc["before"]["reviews"]) == (True, [])
    assert doc["after"]["as_adopted"] is False
    arrivals = doc["targets"][0]
    assert (arrivals["before"]["verdict"], arrivals["after"]["verdict"]) == (None, "on-track")


def test_labels_name_the_sides(minimal: Path) -> None:
    args = ["2026@2026-06-30", "2026@2026-09-30", "--label-a", "juin", "--label-b", "sept"]
    code, out = run(two_reviews(minimal), *args)
    assert code == EXIT_OK
    assert out.startswith("juin → sept: ")


def test_thresholds_come_from_roadmap_toml(minimal: Path) -> None:
    two_reviews(minimal)
    # on track from 0.8 times the year elapsed: 39.7 % of the way on 30 June, 59.8 % on
    # 30 September: arrivals (52.9 %, 64.7 %) stays on track, peak-trough (33.3 %, 66.7 %)
    # is now the one that changes verdict
    (minimal / "roadmap.toml").write_text("[progress]\non-track = 0.8\n", encoding="utf-8")
    doc = as_json(minimal, "2026@2026-06-30", "2026@2026-09-30")
    assert [
        (t["target"], t["before"]["verdict"], t["after"]["verdict"], t["verdict_changed"])
        for t in doc["targets"]
    ] == [("arrivals", "on-track", "on-track", False), ("peak-trough", "at-risk", "on-track", True)]


def test_a_terminal_gets_rich_tables(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap.cli.diff as cli_diff

    two_reviews(minimal)
    _, plain = run(minimal, "2026@2026-06-30", "2026@2026-09-30")
    monkeypatch.setattr(cli_diff, "is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "300")
    code, out = run(minimal, "2026@2026-06-30", "2026@2026-09-30")
    assert code == EXIT_OK
    assert "Targets whose verdict changed" in out and "Money spent by lever" in out
    assert "2026@2026-06-30: as of 2026-06-30, from the review(s) of 2026-06-30" in out
    assert out != plain


def test_a_plan_diff_is_unchanged_by_the_review_form(minimal: Path) -> None:
    """Two years with no @ are still two plans (the plan diff's report)."""
    code, out = run(minimal, "2026", "2026", "-f", "json")
    assert code == EXIT_OK
    assert "kind" not in json.loads(out)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        (
            "2026@2026-13-01",
            "2026@2026-09-30",
            "'2026@2026-13-01': expected YEAR@YYYY-MM-DD (a day such as 2026-06-30) or YEAR@latest",
        ),
        (
            "2026@",
            "2026@2026-09-30",
            "'2026@': expected YEAR@YYYY-MM-DD (a day such as 2026-06-30) or YEAR@latest",
        ),
        (
            "2026@2026-06-30",
            "2026@20260930",
            "'2026@20260930': expected YEAR@YYYY-MM-DD",
        ),
        (
            "2026@2026-06-30",
            "2025@2025-12-31",
            "2026@2026-06-30 and 2025@2025-12-31: two reviews compared must be of one year",
        ),
        (
            "2026@2026-06-30",
            "2026",
            "B '2026': compare two reviews as YEAR@YYYY-MM-DD on both sides",
        ),
        (
            "plans/2026.yaml",
            "2026@2026-06-30",
            "A 'plans/2026.yaml': compare two reviews as YEAR@YYYY-MM-DD on both sides",
        ),
        (
            "2026@2025-12-31",
            "2026@2026-09-30",
            "2026@2025-12-31: 2025-12-31 lies outside 2026's review window: "
            "2026-01-01 to 2027-03-31",
        ),
        (
            "2026@2026-06-30",
            "2026@2027-04-01",
            "2026@2027-04-01: 2027-04-01 lies outside 2026's review window: "
            "2026-01-01 to 2027-03-31",
        ),
    ],
)
def test_bad_sides_are_one_line_usage_errors(minimal: Path, a: str, b: str, message: str) -> None:
    code, out = run(two_reviews(minimal), a, b)
    assert code == EXIT_USAGE
    assert message in out
    assert len(out.strip().splitlines()) == 1, out


def test_latest_with_no_review_is_a_usage_error(minimal: Path) -> None:
    code, out = run(minimal, "2026@2026-06-30", "2026@latest")
    assert code == EXIT_USAGE
    assert "2026@latest: 2026 has no progress review" in out


def test_a_year_with_no_plan_is_a_usage_error(minimal: Path) -> None:
    code, out = run(minimal, "2030@2030-06-30", "2030@2030-09-30")
    assert code == EXIT_USAGE
    assert "no plan for 2030" in out


def test_order_does_not_apply_to_reviews(minimal: Path) -> None:
    code, out = run(minimal, "2026@2026-06-30", "2026@2026-09-30", "--order")
    assert code == EXIT_USAGE
    assert "--order compares plans' lists; it does not apply to reviews" in out


def test_an_empty_label_is_a_usage_error(minimal: Path) -> None:
    code, out = run(minimal, "2026@2026-06-30", "2026@2026-09-30", "--label-a", " ")
    assert code == EXIT_USAGE
    assert "--label-a must not be empty" in out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_broken_review_is_a_data_error_with_its_place(minimal: Path, fmt: str) -> None:
    two_reviews(minimal)
    write_review(minimal, "2026-07-31.yaml", "actions:\n  - {action: A9, status: done}\n")
    code, out = run(minimal, "2026@2026-06-30", "2026@2026-09-30", "-f", fmt)
    assert code == EXIT_USAGE
    assert "2026-07-31.yaml" in out and "A9" in out
    assert "Targets whose verdict changed" not in out and '"kind"' not in out


# --------------------------------------------------------------------------- hostile text

SHOWN = "=1+2 [bold red]x[/] <script>alert(1)</script> | # *a*"
#: The same text in a YAML double-quoted scalar, with an ESC and a right-to-left override.
HOSTILE = '"\\e[31mred\\u202e ' + SHOWN + '"'
RAW = "\x1b[31mred\u202e " + SHOWN


def hostile(root: Path) -> Path:
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "title: Éductours agences de voyages à Merzouga"
    assert old in text
    plan.write_text(text.replace(old, f"title: {HOSTILE}"), encoding="utf-8")
    write_review(
        root,
        "2026-06-30.yaml",
        f"""\
actions:
  - {{action: A4, status: cancelled, reason: {HOSTILE}}}
proposals:
  - {{proposal: P2, status: declined, date: 2026-06-01, reason: {HOSTILE}}}
""",
    )
    return root


def test_hostile_text_is_inert_in_text(minimal: Path) -> None:
    code, out = run(hostile(minimal), "2026@2026-05-31", "2026@2026-06-30")
    assert code == EXIT_OK
    assert "\x1b" not in out and "\u202e" not in out
    # shown as typed, the escape and the override written out
    row = next(ln for ln in out.splitlines() if ln.startswith("P2 "))
    assert "\\x1b[31mred\\u202e " + SHOWN in row


def test_hostile_text_is_inert_in_markdown(minimal: Path) -> None:
    code, out = run(hostile(minimal), "2026@2026-05-31", "2026@2026-06-30", "-f", "md")
    assert code == EXIT_OK
    assert "<script>" not in out and "\x1b" not in out and "\u202e" not in out
    assert "&lt;script&gt;" in out
    row = next(ln for ln in out.splitlines() if ln.startswith("| `P2` |"))
    # the data's | and * do not make a column or emphasis
    assert row.count(" | ") == 3
    assert "\\| \\# \\*a\\*" in row


def test_hostile_text_is_data_in_json(minimal: Path) -> None:
    doc = as_json(hostile(minimal), "2026@2026-05-31", "2026@2026-06-30")
    expected = RAW
    assert doc["proposals"][0]["steps"][0]["reason"] == expected
    assert doc["actions"][0] == {
        "action": "A4",
        "title": expected,
        "before": "planned",
        "after": "cancelled",
        "newly_late": False,
    }


def test_hostile_text_is_inert_on_a_terminal(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap.cli.diff as cli_diff

    monkeypatch.setattr(cli_diff, "is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")
    args = ["2026@2026-05-31", "2026@2026-06-30", "--label-b", "[bold]juin[/bold]"]
    code, out = run(hostile(minimal), *args)
    assert code == EXIT_OK
    # Rich markup in the data and the labels is printed, not applied; escapes are shown, not sent
    assert "[bold red]x[/]" in out and "\\x1b[31mred\\u202e" in out
    assert "→ [bold]juin[/bold]:" in out
    assert "\x1b" not in out and "\u202e" not in out
