"""Progress reviews: loading, placed problems, warnings, supersession, state, CLI.

Each review is written into a private copy of the minimal data folder
(plan 2026: targets `arrivals` 19.8 -> 21.5 and `peak-trough` 2.6 -> 2.3;
actions A1 (Jan, Feb, Nov; 3,000,000 = ONMT 2,000,000 + CNT 1,000,000;
KPI Réservations 10,000 -> 12,000), A2 (Dec), A3 (Mar-Apr, ongoing),
A4 (May, Sep, Oct); proposals P1 taken-up, P2 open, P3 declined).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.cli.common import EXIT_FAIL_ON, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.problems import Severity
from roadmap.progress.load import window
from roadmap.progress.state import ProgressState, Thresholds, progress_state
from roadmap.validation import validate

HEADER = "# yaml-language-server: $schema=../../../../schemas/progress.schema.json\n"


def write_review(root: Path, name: str, body: str, year: int = 2026) -> Path:
    path = root / "progress" / str(year) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def problems_of(root: Path) -> list[str]:
    """Every problem as the one line `validate` prints, with the folder's path cut off."""
    _, problems = validate(root, base=root)
    return [p.render() for p in problems]


def errors_of(root: Path) -> list[str]:
    _, problems = validate(root, base=root)
    return [p.render() for p in problems if p.severity is Severity.ERROR]


def warnings_of(root: Path) -> list[str]:
    _, problems = validate(root, base=root)
    return [p.render() for p in problems if p.severity is Severity.WARNING]


def state_of(root: Path, as_of: str, thresholds: Thresholds | None = None) -> ProgressState:
    data, problems = validate(root, {2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    markets = {m.id: m.zone for m in data.markets.markets} if data.markets else {}
    return progress_state(
        data.plans[2026],
        data.reviews.get(2026, {}),
        dt.date.fromisoformat(as_of),
        markets,
        "ONMT",
        thresholds,
    )


# --------------------------------------------------------------------------- good input


def test_a_review_loads_with_every_kind_of_entry(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        """\
note: {fr: Revue de mi-année, en: Mid-year review}
actions:
  - action: A1
    status: ongoing
    committed: 2500000
    spent: 1200000
    partners:
      - {partner: CNT, committed: 1000000, spent: 400000}
    kpis:
      - {indicator: Réservations, actual: 11000}
    note: {date: 2026-06-15, text: Campagne prolongée.}
    basis: {source: Tableau de bord, assumption: true}
  - action: A4
    status: cancelled
    reason: Plus de budget.
targets:
  - {target: arrivals, actual: 20.5, source: Ministère du Tourisme}
proposals:
  - {proposal: P2, status: deferred, date: 2026-05-02, reason: Pas de compagnie.}
""",
    )
    assert problems_of(minimal) == []
    data, _ = validate(minimal)
    review = data.reviews[2026][dt.date(2026, 6, 30)]
    assert [a.action for a in review.actions] == ["A1", "A4"]
    assert review.actions[0].partners[0].spent == 400_000
    assert review.targets[0].actual == 20.5
    assert review.proposals[0].status == "deferred"


def test_the_window_runs_from_january_to_the_end_of_march_next_year() -> None:
    assert window(2026) == (dt.date(2026, 1, 1), dt.date(2027, 3, 31))


def test_a_year_end_review_may_be_dated_in_the_next_year(minimal: Path) -> None:
    write_review(minimal, "2027-03-31.yaml", "targets: []\n")
    write_review(minimal, "2026-01-01.yaml", "targets: []\n")
    assert problems_of(minimal) == []


def test_a_kpi_is_named_in_any_of_its_languages_case_and_spacing_aside(minimal: Path) -> None:
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "{indicator: Réservations,", "{indicator: {fr: Réservations, en: Bookings},"
    )
    plan.write_text(text, encoding="utf-8")
    write_review(
        minimal,
        "2026-06-30.yaml",
        "actions:\n  - action: A1\n    kpis:\n      - {indicator: '  BOOKINGS ', actual: 11000}\n",
    )
    assert problems_of(minimal) == []
    assert state_of(minimal, "2026-06-30").actions[0].kpis[0].actual == 11000


def test_the_validate_command_takes_a_review_file(runner: CliRunner, minimal: Path) -> None:
    path = write_review(minimal, "2026-06-30.yaml", "actions:\n  - action: A11\n")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == EXIT_PROBLEMS
    assert f"{path}:3:13: error unknown-action unknown action 'A11'" in result.output


# --------------------------------------------------------------------------- bad input


def test_a_review_for_a_year_with_no_plan(minimal: Path) -> None:
    write_review(minimal, "2025-06-30.yaml", "targets: []\n", year=2025)
    assert problems_of(minimal) == [
        "progress/2025/2025-06-30.yaml:1:1: error review-no-plan review of 2025, but there "
        "is no plan for 2025 (plans/2025.yaml not found)"
    ]


@pytest.mark.parametrize("name", ["2027-04-01.yaml", "2025-12-31.yaml"])
def test_a_date_outside_the_window(minimal: Path, name: str) -> None:
    write_review(minimal, name, "targets: []\n")
    assert problems_of(minimal) == [
        f"progress/2026/{name}:1:1: error review-date review dated {name[:10]} lies outside "
        "2026's window: from 2026-01-01 to 2027-03-31 (the plan's year and the first 3 months "
        "of the next)"
    ]


@pytest.mark.parametrize("name", ["2026-02-30.yaml", "june.yaml", "2026-6-30.yaml"])
def test_a_file_name_that_is_no_date(minimal: Path, name: str) -> None:
    write_review(minimal, name, "targets: []\n")
    assert [line.split(": error ")[1].split(" ")[0] for line in problems_of(minimal)] == [
        "review-name"
    ]


def test_a_review_outside_a_year_folder(minimal: Path) -> None:
    path = minimal / "progress" / "2026-06-30.yaml"
    path.parent.mkdir()
    path.write_text("targets: []\n", encoding="utf-8")
    assert problems_of(minimal) == [
        "progress/2026-06-30.yaml:1:1: error review-name a review is "
        "progress/YEAR/YYYY-MM-DD.yaml: the plan's year, then the date it is as of"
    ]


def test_unknown_action_id_with_did_you_mean(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A11, status: done}\n")
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:3:14: error unknown-action unknown action 'A11' "
        "(did you mean 'A1'?)"
    ]


def test_unknown_target_id_with_did_you_mean(minimal: Path) -> None:
    write_review(
        minimal, "2026-06-30.yaml", "targets:\n  - {target: arrival, actual: 20, source: x}\n"
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:3:14: error unknown-target unknown target 'arrival' "
        "(did you mean 'arrivals'?)"
    ]


def test_unknown_proposal_id_with_did_you_mean(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "proposals:\n  - {proposal: P22, status: taken-up, date: 2026-05-01}\n",
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:3:16: error unknown-proposal unknown proposal 'P22' "
        "(did you mean 'P2'?)"
    ]


def test_a_kpi_actual_for_a_kpi_the_action_does_not_have(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        """\
actions:
  - action: A1
    kpis:
      - {indicator: Reservation, actual: 11000}
  - action: A2
    kpis:
      - {indicator: Sièges, actual: 100}
""",
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:5:21: error unknown-kpi action 'A1' has no KPI "
        "'Reservation' (did you mean 'Réservations'?); its KPIs: 'Réservations'",
        "progress/2026/2026-06-30.yaml:8:21: error unknown-kpi action 'A2' has no KPI "
        "'Sièges'; it has none",
    ]


def test_two_reviews_with_the_same_date(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "targets: []\n")
    write_review(minimal, "2026-06-30.yml", "targets: []\n")
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yml:1:1: error duplicate-review a second review dated "
        "2026-06-30: progress/2026/2026-06-30.yaml has that date"
    ]


@pytest.mark.parametrize("key", ["committed", "spent"])
def test_a_negative_amount(minimal: Path, key: str) -> None:
    write_review(minimal, "2026-06-30.yaml", f"actions:\n  - action: A1\n    {key}: -5\n")
    assert problems_of(minimal) == [
        f"progress/2026/2026-06-30.yaml:4:{len(key) + 7}: error out-of-range {key} -5 is out "
        "of range: amounts are whole numbers from 0 to 1,000,000,000,000,000"
    ]


def test_a_negative_partner_amount(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "actions:\n  - action: A1\n    partners:\n      - {partner: CNT, spent: -1}\n",
    )
    (line,) = problems_of(minimal)
    assert line.startswith(
        "progress/2026/2026-06-30.yaml:5:31: error out-of-range spent -1 is out of range"
    )


@pytest.mark.parametrize("value", ["douze", "'20.5'", "true"])
def test_a_non_numeric_actual(minimal: Path, value: str) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        f"targets:\n  - target: arrivals\n    actual: {value}\n    source: x\n",
    )
    (line,) = errors_of(minimal)
    # placed at the value of `actual`
    assert line.startswith("progress/2026/2026-06-30.yaml:4:13: error bad-type ")


def test_a_non_numeric_kpi_actual(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "actions:\n  - action: A1\n    kpis:\n"
        "      - {indicator: Réservations, actual: beaucoup}\n",
    )
    (line,) = errors_of(minimal)
    assert line.startswith("progress/2026/2026-06-30.yaml:5:43: error bad-type ")


def test_an_unknown_key_is_refused_with_its_place(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - action: A1\n    spend: 10\n")
    (line,) = problems_of(minimal)
    assert line.startswith("progress/2026/2026-06-30.yaml:4:5: error ")
    assert "'spent'" in line


def test_a_cancelled_action_needs_a_reason(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: cancelled}\n")
    (line,) = problems_of(minimal)
    assert line.startswith("progress/2026/2026-06-30.yaml:3:5: error ")
    assert "a cancelled action needs a `reason`" in line


def test_a_partner_line_for_a_partner_that_does_not_cofinance(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "actions:\n  - action: A1\n    partners:\n      - {partner: CNTT, spent: 1}\n",
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:5:19: error not-a-cofinancer 'CNTT' does not co-finance "
        "action 'A1' (did you mean 'CNT'?); its co-financers: ONMT, CNT"
    ]


def test_an_action_twice_in_one_review(minimal: Path) -> None:
    write_review(
        minimal, "2026-06-30.yaml", "actions:\n  - {action: A1}\n  - {action: A1, spent: 1}\n"
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:4:14: error duplicate-action duplicate action id 'A1' "
        "(first at line 3, column 14)"
    ]


def test_a_decision_dated_after_its_review(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        "proposals:\n  - {proposal: P2, status: taken-up, date: 2026-07-01}\n",
    )
    assert problems_of(minimal) == [
        "progress/2026/2026-06-30.yaml:3:44: error change-after-review change dated "
        "2026-07-01, after the review's date 2026-06-30"
    ]


def test_bad_input_fails_progress_with_exit_1_and_prints_no_report(
    runner: CliRunner, minimal: Path
) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A11}\n")
    result = runner.invoke(app, ["progress", "2026", "--data", str(minimal)])
    assert result.exit_code == EXIT_PROBLEMS
    assert "error unknown-action action inconnue 'A11'" in result.output
    assert "Avancement" not in result.output


def test_bad_input_fails_check_with_exit_1(runner: CliRunner, minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "targets:\n  - {target: nope, actual: 1, source: x}\n")
    result = runner.invoke(app, ["check", "2026", "--data", str(minimal), "--lang", "en"])
    assert result.exit_code == EXIT_PROBLEMS
    assert "error unknown-target unknown target 'nope'" in result.output


# --------------------------------------------------------------------------- warnings


def test_spent_above_the_budget_is_a_warning(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        """\
actions:
  - action: A1
    spent: 3000001
    partners:
      - {partner: CNT, spent: 1200000}
""",
    )
    assert warnings_of(minimal) == [
        "progress/2026/2026-06-30.yaml:4:12: warning spent-above-budget spent 3,000,001 is "
        "above action 'A1''s budget 3,000,000 (+1)",
        "progress/2026/2026-06-30.yaml:6:31: warning spent-above-budget 'CNT' spent 1,200,000, "
        "above its share 1,000,000 of action 'A1'",
    ]


def test_spent_equal_to_the_budget_is_no_warning(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, spent: 3000000}\n")
    assert problems_of(minimal) == []


def test_an_actual_in_another_unit_is_a_warning(minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        """\
actions:
  - action: A1
    kpis:
      - {indicator: Réservations, actual: 11, unit: thousand bookings}
targets:
  - {target: arrivals, actual: 20500000, unit: arrivals, source: x}
  - {target: peak-trough, actual: 2.5, unit: Ratio, source: x}
""",
    )
    assert warnings_of(minimal) == [
        "progress/2026/2026-06-30.yaml:5:53: warning unit-mismatch unit 'thousand bookings' "
        "differs from the plan's 'bookings'",
        "progress/2026/2026-06-30.yaml:7:48: warning unit-mismatch unit 'arrivals' differs "
        "from the plan's 'million arrivals'",
    ]


def test_a_done_action_with_no_actual_kpi_value_is_a_warning(minimal: Path) -> None:
    write_review(minimal, "2026-03-31.yaml", "actions:\n  - {action: A1, status: ongoing}\n")
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: done}\n")
    assert warnings_of(minimal) == [
        "progress/2026/2026-06-30.yaml:3:26: warning done-without-actual action 'A1' is done "
        "but no review gives an actual value of its KPI 'Réservations'"
    ]


def test_a_done_action_whose_kpi_an_earlier_review_measured_is_no_warning(
    minimal: Path,
) -> None:
    write_review(
        minimal,
        "2026-03-31.yaml",
        "actions:\n  - action: A1\n    kpis: [{indicator: Réservations, actual: 9000}]\n",
    )
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: done}\n")
    assert problems_of(minimal) == []


def test_a_done_action_without_kpis_is_no_warning(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A4, status: done}\n")
    assert problems_of(minimal) == []


def test_warnings_leave_validate_at_exit_0(runner: CliRunner, minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A4, spent: 500000}\n")
    result = runner.invoke(app, ["validate", "--data", str(minimal)])
    assert result.exit_code == EXIT_OK
    assert "warning spent-above-budget" in result.output
    strict = runner.invoke(app, ["validate", "--data", str(minimal), "--strict"])
    assert strict.exit_code == EXIT_PROBLEMS


# --------------------------------------------------------------------------- supersession


def _two_reviews(root: Path) -> None:
    write_review(
        root,
        "2026-06-30.yaml",
        """\
actions:
  - action: A1
    status: ongoing
    committed: 2000000
    spent: 500000
    partners:
      - {partner: CNT, committed: 1000000, spent: 100000}
    kpis:
      - {indicator: Réservations, actual: 10500}
    note: {date: 2026-06-20, text: Premier bilan.}
    basis: {source: Revue de juin, assumption: true}
targets:
  - {target: arrivals, actual: 20.0, source: Juin}
  - {target: peak-trough, actual: 2.5, source: Juin}
proposals:
  - {proposal: P2, status: deferred, date: 2026-06-01, reason: Pas de compagnie.}
""",
    )
    write_review(
        root,
        "2026-09-30.yaml",
        """\
actions:
  - action: A1
    spent: 2000000
    partners:
      - {partner: CNT, spent: 600000}
    basis: {source: Revue de septembre}
targets:
  - {target: arrivals, actual: 20.9, source: Septembre}
proposals:
  - {proposal: P2, status: taken-up, date: 2026-09-15, reason: Une compagnie est trouvée.}
""",
    )


def test_a_later_review_supersedes_an_earlier_one_key_by_key(minimal: Path) -> None:
    _two_reviews(minimal)
    state = state_of(minimal, "2026-09-30")
    assert state.reviews == (dt.date(2026, 6, 30), dt.date(2026, 9, 30))
    a1 = state.actions[0]
    assert a1.status == "ongoing" and a1.status_set == dt.date(2026, 6, 30)  # kept
    assert (a1.committed, a1.spent) == (2_000_000, 2_000_000)  # committed kept, spent new
    assert a1.money is not None and a1.money.source == "Revue de septembre"
    cnt = next(p for p in a1.partners if p.partner == "CNT")
    assert (cnt.planned, cnt.committed, cnt.spent) == (1_000_000, 1_000_000, 600_000)
    assert a1.kpis[0].actual == 10500  # kept from June
    assert a1.kpis[0].provenance is not None
    assert a1.kpis[0].provenance.review == dt.date(2026, 6, 30)
    assert a1.note is not None and a1.note.text == "Premier bilan."
    targets = {t.id: t for t in state.targets}
    assert targets["arrivals"].actual == 20.9  # replaced
    assert targets["peak-trough"].actual == 2.5  # kept
    p2 = next(p for p in state.proposals if p.id == "P2")
    assert p2.proposal.status == "open"
    assert p2.status == "taken-up"
    assert [(h.status, h.date) for h in p2.history] == [
        ("deferred", dt.date(2026, 6, 1)),
        ("taken-up", dt.date(2026, 9, 15)),
    ]


def test_as_of_leaves_out_the_later_reviews(minimal: Path) -> None:
    _two_reviews(minimal)
    state = state_of(minimal, "2026-07-15")
    assert state.reviews == (dt.date(2026, 6, 30),)
    assert state.actions[0].spent == 500_000
    assert {t.id: t.actual for t in state.targets}["arrivals"] == 20.0
    assert next(p for p in state.proposals if p.id == "P2").status == "deferred"
    before = state_of(minimal, "2026-06-29")
    assert before.reviews == ()
    assert before.actions[0].spent is None
    assert before.actions[0].status == "late"  # January passed with no start


def test_the_burn_follows_the_reviews(minimal: Path) -> None:
    _two_reviews(minimal)
    burn = state_of(minimal, "2026-09-30").budget.burn
    assert [(p.date, p.committed, p.spent) for p in burn] == [
        (dt.date(2026, 6, 30), 2_000_000, 500_000),
        (dt.date(2026, 9, 30), 2_000_000, 2_000_000),
    ]


def test_the_plan_file_is_never_rewritten(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    files = sorted(p for p in minimal.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    for fmt in ("text", "json"):
        result = runner.invoke(app, ["progress", "2026", "--data", str(minimal), "-f", fmt])
        assert result.exit_code == EXIT_OK, result.output
    assert sorted(p for p in minimal.rglob("*") if p.is_file()) == files
    assert {p: p.read_bytes() for p in files} == before


# --------------------------------------------------------------------------- state


def test_budget_by_lever_zone_region_and_partner(minimal: Path) -> None:
    _two_reviews(minimal)
    budget = state_of(minimal, "2026-09-30").budget
    assert (budget.planned, budget.committed, budget.spent) == (5_700_000, 2_000_000, 2_000_000)
    levers = {line.key: line for line in budget.by["lever"]}
    a1_lever = next(k for k, v in levers.items() if v.spent)
    assert levers[a1_lever].spent == 2_000_000
    assert sum(line.planned for line in budget.by["zone"]) == 5_700_000
    assert sum(line.spent for line in budget.by["region"]) == 2_000_000
    partners = {line.key: line for line in budget.partners}
    assert (partners["CNT"].planned, partners["CNT"].spent) == (1_000_000, 600_000)
    assert partners["CNT"].spent_share == 0.6
    # partners other than the office: 1,300,000 of 3,800,000 co-financed; all 600,000 paid
    assert budget.partner_share_planned == pytest.approx(1_300_000 / 3_800_000)
    assert budget.partner_share_paid == 1.0


def test_actions_by_status_and_the_late_ones(minimal: Path) -> None:
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: done}\n")
    state = state_of(minimal, "2026-06-30")
    groups = {k: [a.id for a in v] for k, v in state.by_status().items()}
    # A2 (December) has not started yet and is not late; A4 (May) should have
    assert groups == {
        "planned": ["A2"],
        "late": ["A4"],
        "ongoing": ["A3"],
        "done": ["A1"],
        "cancelled": [],
    }
    assert [a.id for a in state.late()] == ["A4"]
    assert state.late()[0].late_by_date


def test_an_action_is_late_only_once_its_first_month_is_over(minimal: Path) -> None:
    assert "A4" not in [a.id for a in state_of(minimal, "2026-05-31").late()]
    assert "A4" in [a.id for a in state_of(minimal, "2026-06-01").late()]


def test_a_review_may_say_late_itself(minimal: Path) -> None:
    write_review(minimal, "2026-02-01.yaml", "actions:\n  - {action: A2, status: late}\n")
    late = state_of(minimal, "2026-02-01").late()
    assert [(a.id, a.late_by_date) for a in late] == [("A1", True), ("A2", False)]


def test_proposals_and_what_became_of_them(minimal: Path) -> None:
    _two_reviews(minimal)
    proposals = {p.id: p for p in state_of(minimal, "2026-09-30").proposals}
    assert proposals["P1"].answered_by == ("A3",)
    assert not proposals["P1"].changed and proposals["P1"].history == ()
    assert proposals["P2"].changed
    assert proposals["P3"].status == "declined"


# --------------------------------------------------------------------------- CLI


def run(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["progress", "2026", "--data", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_text_report_in_each_language(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    code, fr = run(runner, minimal)
    assert code == EXIT_OK
    assert fr.splitlines()[0] == "Avancement du plan 2026 au 30 septembre 2026"
    assert "à risque" in fr
    code, en = run(runner, minimal, "--lang", "en", "--as-of", "2026-07-15")
    assert code == EXIT_OK
    assert en.splitlines()[:2] == [
        "Progress of the 2026 plan as of July 15, 2026",
        "Reviews taken into account: June 30, 2026",
    ]
    arrivals = next(line for line in en.splitlines() if line.startswith("Growth in arrivals"))
    # 19.8 -> 21.5, 20.0 reached: 11.8 % of the way at 53.7 % of the year
    assert arrivals.split()[-7:] == ["19.8", "21.5", "20", "11.8%", "at", "risk", "Juin"]


def test_json_layout_is_versioned(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    code, out = run(runner, minimal, "--format", "json")
    assert code == EXIT_OK
    doc = json.loads(out)
    assert doc["version"] == 1
    assert (doc["year"], doc["as_of"], doc["reviews"]) == (
        2026,
        "2026-09-30",
        ["2026-06-30", "2026-09-30"],
    )
    assert list(doc) == [
        "version",
        "year",
        "as_of",
        "reviews",
        "elapsed",
        "final",
        "currency",
        "thresholds",
        "verdicts",
        "targets",
        "budget",
        "actions",
        "by_status",
        "late",
        "proposals",
    ]
    arrivals = doc["targets"][0]
    assert arrivals["id"] == "arrivals" and arrivals["actual"] == 20.9
    assert arrivals["share"] == pytest.approx((20.9 - 19.8) / (21.5 - 19.8))
    assert arrivals["provenance"] == {
        "review": "2026-09-30",
        "source": "Septembre",
        "assumption": False,
    }
    assert doc["budget"]["spent"] == 2_000_000
    assert doc["actions"][0]["money_provenance"]["source"] == "Revue de septembre"
    assert doc["late"] == ["A4"]
    p2 = next(p for p in doc["proposals"] if p["id"] == "P2")
    assert [h["status"] for h in p2["history"]] == ["deferred", "taken-up"]


def test_json_does_not_depend_on_the_language(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    assert run(runner, minimal, "-f", "json", "--lang", "en") == run(
        runner, minimal, "-f", "json", "--lang", "fr"
    )


def test_default_as_of_is_the_latest_review(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    assert json.loads(run(runner, minimal, "-f", "json")[1])["as_of"] == "2026-09-30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--as-of", "30/06/2026"],
            "progress: invalid --as-of '30/06/2026': expected a date written YYYY-MM-DD",
        ),
        (["--as-of", "2026-02-30"], "invalid --as-of '2026-02-30'"),
        (["--as-of", "20260630"], "invalid --as-of '20260630'"),
        (
            ["--as-of", "2027-04-01"],
            "--as-of 2027-04-01 lies outside 2026's window: 2026-01-01 to 2027-03-31",
        ),
        (["--fail-on", "risk"], "invalid --fail-on 'risk': expected at-risk or missed"),
        (["--format", "xml"], "expected text"),
        (["--lang", "de"], "no message catalogue for language 'de'"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, minimal: Path, args: list[str], message: str
) -> None:
    code, out = run(runner, minimal, *args)
    assert code == EXIT_USAGE
    assert message in out


def test_a_year_with_no_plan_is_a_usage_error(runner: CliRunner, minimal: Path) -> None:
    result = runner.invoke(app, ["progress", "2030", "--data", str(minimal)])
    assert result.exit_code == EXIT_USAGE
    assert "no plan for 2030" in result.output


def test_fail_on_at_risk_trips_on_an_at_risk_target(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)  # arrivals at risk on 30 September
    assert run(runner, minimal, "--fail-on", "at-risk")[0] == EXIT_FAIL_ON
    assert run(runner, minimal, "--fail-on", "missed")[0] == EXIT_OK
    assert run(runner, minimal)[0] == EXIT_OK


def test_fail_on_missed_trips_once_the_year_is_over(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    write_review(minimal, "2027-01-31.yaml", "targets: []\n")
    code, out = run(runner, minimal, "--fail-on", "missed", "-f", "json")
    assert code == EXIT_FAIL_ON
    assert json.loads(out)["verdicts"]["missed"] == 2


def test_thresholds_come_from_roadmap_toml(runner: CliRunner, minimal: Path) -> None:
    _two_reviews(minimal)
    # arrivals: 64.7 % of the way at 74.8 % of the year: at risk with 0.9, on track with 0.8
    (minimal / "roadmap.toml").write_text("[progress]\non-track = 0.8\n", encoding="utf-8")
    code, out = run(runner, minimal, "-f", "json")
    doc = json.loads(out)
    assert code == EXIT_OK
    assert doc["thresholds"] == {"on_track": 0.8, "met": 1.0}
    assert doc["targets"][0]["verdict"] == "on-track"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[progress]\non-track = 1.5\n",
            "roadmap.toml:2:1: error config-bad-value progress.on-track is more than 0 and at "
            "most 1 (0.9 = 90% of the expected way), got 1.5",
        ),
        (
            "[progress]\nontrack = 0.5\n",
            "roadmap.toml:2:1: error config-unknown-option progress has no option 'ontrack' "
            "(did you mean 'on-track'?); it takes on-track, met, review-age",
        ),
        (
            "[progress]\nreview-age = 10.5\n",
            "roadmap.toml:2:1: error config-bad-value progress.review-age is a whole number "
            "of days from 1 to 366, got 10.5",
        ),
    ],
)
def test_a_bad_threshold_is_a_placed_error(
    runner: CliRunner, minimal: Path, toml: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal)
    (minimal / "roadmap.toml").write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["progress", "2026", "--data", ".", "--lang", "en"])
    assert result.exit_code == EXIT_PROBLEMS
    assert message in result.output


# --------------------------------------------------------------------------- hostile text

SHOWN = '[bold red]x[/] <script>alert(1)</script> =HYPERLINK("http://e.vil") '
#: The same text in a YAML double-quoted scalar: an ESC and a right-to-left override.
HOSTILE = '"' + SHOWN.replace('"', '\\"') + '\\e[31mred\\u202e"'


def test_a_hostile_note_is_inert_in_text_and_json(runner: CliRunner, minimal: Path) -> None:
    write_review(
        minimal,
        "2026-06-30.yaml",
        f"""\
actions:
  - action: A1
    status: cancelled
    reason: {HOSTILE}
    note: {{date: 2026-06-01, text: {HOSTILE}}}
""",
    )
    code, out = run(runner, minimal)
    assert code == EXIT_OK
    line = next(ln for ln in out.splitlines() if ln.startswith("A1 "))
    # shown as typed, escapes and the bidi override made visible, nothing interpreted
    assert SHOWN in line
    assert "\\x1b[31mred\\u202e" in line
    assert "\x1b" not in out and "\u202e" not in out
    code, out = run(runner, minimal, "-f", "json")
    action = json.loads(out)["actions"][0]
    expected = SHOWN + "\x1b[31mred\u202e"
    assert action["reason"] == expected
    assert action["note"] == {"date": "2026-06-01", "text": expected}
    assert "\x1b" not in out  # escaped as \u001b by JSON


# --------------------------------------------------------------------------- check


def test_check_warns_about_a_stale_review_while_the_year_runs(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap.progress import timely

    write_review(
        minimal,
        "2026-03-31.yaml",
        "actions:\n"
        + "".join(f"  - {{action: {a}, status: ongoing}}\n" for a in ("A1", "A2", "A4")),
    )
    monkeypatch.setattr(timely, "today", lambda: dt.date(2026, 7, 10))  # 101 days later
    result = runner.invoke(app, ["check", "2026", "--data", str(minimal), "--lang", "en"])
    assert (
        f"{minimal}/progress/2026/2026-03-31.yaml:1:1: warning stale-review the latest review "
        "of 2026 is 101 days old; while the year runs, review at least every 100 days "
        "(roadmap.toml [progress] review-age)"
    ) in result.output
    monkeypatch.setattr(timely, "today", lambda: dt.date(2026, 7, 9))
    assert "stale-review" not in runner.invoke(app, ["check", "2026", "-d", str(minimal)]).output
    monkeypatch.setattr(timely, "today", lambda: dt.date(2027, 2, 1))  # the year is over
    assert "stale-review" not in runner.invoke(app, ["check", "2026", "-d", str(minimal)]).output


def test_check_warns_about_an_action_past_its_months_with_no_status(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap.progress import timely

    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: ongoing}\n")
    monkeypatch.setattr(timely, "today", lambda: dt.date(2026, 11, 1))
    result = runner.invoke(app, ["check", "2026", "--data", str(minimal), "--lang", "en"])
    lines = [ln for ln in result.output.splitlines() if "action-without-status" in ln]
    # A4 ran until October and nobody said whether it did; A2 (December) is not over,
    # A1 has a status, A3 is ongoing in the plan
    assert lines == [
        f"{minimal}/plans/2026.yaml:126:5: warning action-without-status action 'A4' runs "
        "until month 10 of 2026, which is over, and no review gives its status"
    ]


def test_follow_up_warnings_need_a_review(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap.progress import timely

    monkeypatch.setattr(timely, "today", lambda: dt.date(2026, 12, 1))
    output = runner.invoke(app, ["check", "2026", "--data", str(minimal)]).output
    assert "stale-review" not in output and "action-without-status" not in output


def test_a_terminal_gets_rich_tables_with_data_text_inert(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap.cli.progress

    monkeypatch.setattr(roadmap.cli.progress, "is_terminal", lambda stream=None: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")
    write_review(
        minimal,
        "2026-06-30.yaml",
        f"actions:\n  - action: A1\n    note: {{date: 2026-06-01, text: {HOSTILE}}}\n",
    )
    code, out = run(runner, minimal)
    assert code == EXIT_OK
    assert "Cibles des objectifs" in out
    # Rich markup in the data is printed, not applied; escapes are shown, not sent
    assert "[bold red]x[/]" in out and "\\x1b[31mred\\u202e" in out
    assert "\x1b" not in out


def test_an_action_taken_up_again_loses_its_cancellation_reason(minimal: Path) -> None:
    write_review(
        minimal, "2026-03-31.yaml", "actions:\n  - {action: A4, status: cancelled, reason: Non.}\n"
    )
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A4, status: ongoing}\n")
    assert state_of(minimal, "2026-04-30").actions[3].reason == "Non."
    a4 = state_of(minimal, "2026-06-30").actions[3]
    assert (a4.status, a4.reason) == ("ongoing", None)


def test_without_a_review_the_plan_is_shown_as_adopted(runner: CliRunner, minimal: Path) -> None:
    code, out = run(runner, minimal, "--as-of", "2026-02-15", "--lang", "en")
    assert code == EXIT_OK
    assert out.splitlines()[1] == "No review by that date: the plan as adopted."
    code, out = run(runner, minimal, "--as-of", "2026-02-15", "-f", "json")
    doc = json.loads(out)
    assert doc["reviews"] == [] and doc["budget"]["burn"] == []
    assert doc["verdicts"] == {"met": 0, "on-track": 0, "at-risk": 0, "missed": 0, "none": 2}
    # A1 runs from January: with no review saying it started, it is late by 15 February
    assert doc["late"] == ["A1"]
