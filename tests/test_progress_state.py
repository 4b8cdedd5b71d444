"""The pure core of progress: share of the way, verdicts, the year elapsed; the
labels' languages; the shipped reviews."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK
from roadmap.i18n import CATALOGUES
from roadmap.progress.labels import PREFIX
from roadmap.progress.load import review_files
from roadmap.progress.state import (
    Thresholds,
    default_as_of,
    is_late,
    month_end,
    share_of_way,
    verdict,
    year_elapsed,
)
from roadmap.validation import validate

T = Thresholds()


def test_share_of_the_way_upwards() -> None:
    assert share_of_way(10, 20, 15) == 0.5
    assert share_of_way(10, 20, 25) == 1.5
    assert share_of_way(10, 20, 8) == pytest.approx(-0.2)


def test_share_of_the_way_for_a_target_below_its_baseline() -> None:
    # a ratio to bring down from 2.6 to 2.3: 2.45 is half the way
    assert share_of_way(2.6, 2.3, 2.45) == pytest.approx(0.5)
    assert share_of_way(2.6, 2.3, 2.7) == pytest.approx(-1 / 3)


def test_no_share_when_target_equals_baseline() -> None:
    assert share_of_way(5, 5, 7) is None


def test_verdict_met() -> None:
    assert verdict(10, 20, 20, 0.5, False, T) == "met"
    assert verdict(10, 20, 21, 1.0, True, T) == "met"
    assert verdict(2.6, 2.3, 2.2, 1.0, True, T) == "met"


def test_verdict_on_track_against_the_year_elapsed() -> None:
    # half the year gone: on track from 0.9 x 0.5 = 45 % of the way
    assert verdict(10, 20, 14.5, 0.5, False, T) == "on-track"
    assert verdict(2.6, 2.3, 2.46, 0.5, False, T) == "on-track"


def test_verdict_at_risk_against_the_year_elapsed() -> None:
    assert verdict(10, 20, 14.4, 0.5, False, T) == "at-risk"
    assert verdict(10, 20, 9, 0.1, False, T) == "at-risk"  # going the wrong way


def test_verdict_missed_once_the_year_is_over() -> None:
    assert verdict(10, 20, 19.9, 1.0, True, T) == "missed"
    assert verdict(2.6, 2.3, 2.5, 1.0, True, T) == "missed"


def test_no_verdict_without_an_actual() -> None:
    assert verdict(10, 20, None, 0.5, False, T) is None
    assert verdict(10, 20, None, 1.0, True, T) is None


def test_a_target_equal_to_its_baseline_is_to_be_held() -> None:
    assert verdict(5, 5, 5, 0.5, False, T) == "met"
    assert verdict(5, 5, 4, 0.5, False, T) == "at-risk"
    assert verdict(5, 5, 4, 1.0, True, T) == "missed"


def test_thresholds_change_the_verdicts() -> None:
    assert verdict(10, 20, 14.4, 0.5, False, Thresholds(on_track=0.8)) == "on-track"
    assert verdict(10, 20, 19.5, 1.0, True, Thresholds(met=0.95)) == "met"
    assert Thresholds.from_settings({"on-track": 0.7, "review-age": 30}) == Thresholds(
        on_track=0.7, met=1.0, review_age=30
    )


def test_share_of_the_year_elapsed() -> None:
    assert year_elapsed(2026, dt.date(2026, 12, 31)) == 1.0
    assert year_elapsed(2026, dt.date(2026, 1, 1)) == pytest.approx(1 / 365)
    assert year_elapsed(2024, dt.date(2024, 7, 1)) == pytest.approx(183 / 366)
    assert year_elapsed(2026, dt.date(2027, 2, 1)) == 1.0


def test_month_ends() -> None:
    assert month_end(2026, 2) == dt.date(2026, 2, 28)
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2026, 12) == dt.date(2026, 12, 31)


def test_default_as_of() -> None:
    dates = [dt.date(2026, 3, 31), dt.date(2026, 9, 30)]
    assert default_as_of(dates, 2026, dt.date(2026, 12, 3)) == dt.date(2026, 9, 30)
    assert default_as_of([], 2026, dt.date(2026, 12, 3)) == dt.date(2026, 12, 3)
    assert default_as_of([], 2027, dt.date(2026, 12, 3)) == dt.date(2027, 1, 1)
    assert default_as_of([], 2025, dt.date(2026, 12, 3)) == dt.date(2025, 12, 31)


def test_is_late_needs_months() -> None:
    from roadmap.models import Action

    action = Action(id="A", title="t", lever="l", budget=0, months=[3, 1])
    assert not is_late(action, 2026, dt.date(2026, 1, 31))
    assert is_late(action, 2026, dt.date(2026, 2, 1))
    assert not is_late(action.model_copy(update={"months": []}), 2026, dt.date(2026, 12, 31))


def test_every_language_has_every_progress_label() -> None:
    keys = {k for k in CATALOGUES["en"] if k.startswith(PREFIX)}
    assert "progress.title" in keys
    for code, labels in CATALOGUES.items():
        assert {k for k in labels if k.startswith(PREFIX)} == keys, code


# --------------------------------------------------------------------------- shipped data


def test_shipped_reviews_start_with_their_schema_line() -> None:
    files = review_files(DEFAULT_DATA)
    assert [p.relative_to(DEFAULT_DATA).as_posix() for _, p in files] == [
        "progress/2025/2025-12-31.yaml",
        "progress/2026/2026-09-30.yaml",
    ]
    for _, path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schemas/progress.schema.json"
        assert (path.parent / "../../../schemas/progress.schema.json").resolve().is_file()


def test_shipped_reviews_are_valid() -> None:
    data, problems = validate(DEFAULT_DATA)
    assert [p.render() for p in problems if "progress/" in p.file] == []
    assert set(data.reviews) == {2025, 2026}


def test_the_2025_year_end_review_gives_the_published_results(runner: CliRunner) -> None:
    result = runner.invoke(app, ["progress", "2025", "--data", str(DEFAULT_DATA), "-f", "json"])
    assert result.exit_code == EXIT_OK, result.output
    doc = json.loads(result.output)
    assert (doc["as_of"], doc["final"]) == ("2025-12-31", True)
    targets = {t["id"]: t for t in doc["targets"]}
    assert targets["arrivals"]["actual"] == 19.8
    assert targets["receipts"]["actual"] == 138
    for key in ("arrivals", "receipts"):
        assert targets[key]["verdict"] == "met"
        provenance = targets[key]["provenance"]
        assert provenance["assumption"] is False and provenance["source"]
    # every other figure is marked an estimate
    others = [
        t
        for t in doc["targets"]
        if t["actual"] is not None and t["id"] not in ("arrivals", "receipts")
    ]
    assert others and all(t["provenance"]["assumption"] for t in others)
    assert {t["verdict"] for t in doc["targets"]} >= {"met", "missed"}


def test_the_2026_review_marks_every_figure_an_estimate() -> None:
    data, _ = validate(DEFAULT_DATA, {2026})
    (review,) = data.reviews[2026].values()
    assert review.targets and all(t.assumption for t in review.targets)
    assert all(a.basis is not None and a.basis.assumption for a in review.actions)


def test_reviews_are_merged_per_action_in_their_order_whatever_the_order_of_entries() -> None:
    """Entries in another order than the plan's, an action in two reviews, an
    entry given twice (refused by validate, merged all the same, the later
    winning) and an unknown action: each action's state and the burn."""
    from roadmap.progress.models import Review
    from roadmap.progress.state import progress_state

    loaded, _ = validate(DEFAULT_DATA)
    plan = loaded.plans[2026]
    first, second, third = (a.id for a in plan.actions[:3])
    june = Review.model_validate(
        {
            "actions": [
                {"action": third, "committed": 30, "spent": 3},
                {"action": first, "status": "ongoing", "committed": 10},
                {"action": "NOT-IN-PLAN", "committed": 1000},
            ]
        }
    )
    september = Review.model_validate(
        {
            "actions": [
                {"action": first, "spent": 4},
                {"action": second, "committed": 20},
                {"action": first, "committed": 12, "status": "done"},
            ]
        }
    )
    june_day, september_day = dt.date(2026, 6, 30), dt.date(2026, 9, 30)
    state = progress_state(
        plan, {september_day: september, june_day: june}, september_day, office="ONMT"
    )
    by_id = {a.id: a for a in state.actions}
    assert [a.id for a in state.actions] == [a.id for a in plan.actions]
    assert (by_id[first].committed, by_id[first].spent, by_id[first].status) == (12, 4, "done")
    assert by_id[first].status_set == september_day
    assert (by_id[second].committed, by_id[second].spent) == (20, None)
    assert (by_id[third].committed, by_id[third].spent) == (30, 3)
    assert [(p.date, p.committed, p.spent) for p in state.budget.burn] == [
        (june_day, 40, 3),
        (september_day, 62, 7),
    ]
    assert (state.budget.committed, state.budget.spent) == (62, 7)


def test_find_kpi_takes_the_first_kpi_that_a_name_matches_exactly_or_loosely() -> None:
    from roadmap.progress.checks import find_kpi

    loaded, _ = validate(DEFAULT_DATA)
    action = loaded.plans[2026].actions[0]
    kpi = action.kpis[0]
    looser = kpi.model_copy(update={"indicator": {"fr": "Nuitées  VENDUES", "en": "Nights"}})
    exact = kpi.model_copy(update={"indicator": "nuitées vendues"})
    two = action.model_copy(update={"kpis": [looser, exact]})
    # the second KPI is named exactly, but the first one matches too, case and spacing aside
    assert find_kpi(two, "nuitées vendues") == 0
    assert find_kpi(two, "  nights ") == 0
    assert find_kpi(two, "Nuitées  VENDUES") == 0
    assert find_kpi(two, "Arrivals") is None
    only_exact = action.model_copy(update={"kpis": [kpi, exact]})
    assert find_kpi(only_exact, "nuitées vendues") == 1
    assert find_kpi(action.model_copy(update={"kpis": []}), "x") is None
