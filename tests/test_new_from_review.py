"""`roadmap new YEAR --from PREVIOUS` takes baselines from the previous year's reviewed actuals.

A target whose actual a progress review of PREVIOUS gives starts next
year from that actual (the latest review giving one), sourced "actual,
review of DATE (its source)" in the dataset's language and an estimate
only when the actual is one; a target with no actual starts from its
target, as before. The file's header and the command's line say how many
of each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from roadmap import rollover
from roadmap.cli import app
from roadmap.progress.models import Review
from roadmap.validation import validate

Q3 = {
    "targets": [
        {
            "target": "arrivals",
            "actual": 20.4,
            "period": {"fr": "12 mois à fin septembre", "en": "twelve months to September"},
            "source": "Ministère du Tourisme, octobre",
        },
        {
            "target": "nights",
            "actual": 31000000,
            "source": "Estimation : tendance du semestre",
            "assumption": True,
        },
    ]
}
YEAR_END = {
    "targets": [
        {"target": "arrivals", "actual": 21.1, "source": "Ministère du Tourisme, janvier"},
    ]
}


def write_review(root: Path, date: str, review: dict[str, Any], year: int = 2026) -> None:
    """The review of `year`'s plan as of `date` (a year-end review may be dated next year)."""
    folder = root / "progress" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{date}.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), "utf-8")


def new(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["new", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def baselines(root: Path, year: int = 2027) -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load((root / "plans" / f"{year}.yaml").read_text(encoding="utf-8"))
    return {t["id"]: t["baseline"] for o in raw["objectives"] for t in o["targets"]}


def header(root: Path, year: int = 2027) -> str:
    lines = (root / "plans" / f"{year}.yaml").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith("#"))


def test_the_latest_reviewed_actual_becomes_the_baseline(clean: Path) -> None:
    write_review(clean, "2026-09-30", Q3)
    write_review(clean, "2027-01-31", YEAR_END)
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    got = baselines(clean)
    # the year-end review gives arrivals: it supersedes the third quarter's
    assert got["arrivals"] == {
        "value": 21.1,
        "unit": "million arrivals",
        "year": 2026,
        "source": "réalisé, revue du 2027-01-31 (Ministère du Tourisme, janvier)",
    }
    # nights only in the third quarter's: its actual, an estimate, and its period
    assert got["nights"] == {
        "value": 31000000,
        "unit": "nights",
        "year": 2026,
        "source": "réalisé, revue du 2026-09-30 (Estimation : tendance du semestre)",
        "assumption": True,
    }
    loaded, problems = validate(clean, {2026, 2027})
    assert [p for p in problems if p.severity.value == "error"] == []
    arrivals = loaded.plans[2027].objectives[0].targets[0]
    assert arrivals.baseline.assumption is False  # a published actual is no assumption
    assert arrivals.target == 21.5  # the target itself is kept


def test_the_period_of_the_actual_is_carried(clean: Path) -> None:
    write_review(clean, "2026-09-30", Q3)
    new("2027", "--from", "2026")
    assert baselines(clean)["arrivals"]["period"] == {
        "fr": "12 mois à fin septembre",
        "en": "twelve months to September",
    }


def test_a_target_with_no_actual_starts_from_its_target(clean: Path) -> None:
    write_review(clean, "2027-01-31", YEAR_END)
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    assert baselines(clean)["nights"] == {
        "value": 32000000,
        "unit": "nights",
        "year": 2026,
        "source": "cible du plan 2026",
        "assumption": True,
    }
    assert out.endswith(
        "2 valeur(s) de référence (1 tirée(s) des réalisés revus en 2026, 1 des cibles 2026)\n"
    )
    # The note is in the dataset's language (French here), wrapped as comment lines.
    assert (
        "- objectifs\u00a0: 1 des 2 valeur(s) de référence sont le réalisé du dernier point "
        "d'avancement 2026 qui en donne un, les 1 autre(s) la cible 2026"
    ) in " ".join(line.lstrip("#").strip() for line in header(clean).splitlines())


def test_without_reviews_every_baseline_is_the_previous_target(clean: Path) -> None:
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    got = baselines(clean)
    assert {k: (v["value"], v["source"]) for k, v in got.items()} == {
        "arrivals": (21.5, "cible du plan 2026"),
        "nights": (32000000, "cible du plan 2026"),
    }
    assert out.endswith("2 valeur(s) de référence reprise(s) des cibles 2026\n")
    assert (
        "# - objectifs\u00a0: chacune des 2 valeur(s) de référence est désormais la cible 2026"
        in header(clean)
    )


def test_reviews_of_another_year_are_not_used(clean: Path) -> None:
    """A review of the 2025 plan says nothing about the 2026 plan's targets."""
    (clean / "plans" / "2025.yaml").write_text(
        (clean / "plans" / "2026.yaml")
        .read_text(encoding="utf-8")
        .replace("year: 2026", "year: 2025"),
        encoding="utf-8",
    )
    write_review(clean, "2025-12-31", YEAR_END, year=2025)
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    assert baselines(clean)["arrivals"]["source"] == "cible du plan 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "réalisé, revue du 2027-01-31 (Ministère du Tourisme, janvier)"),
        ("en", "actual, review of 2027-01-31 (Ministère du Tourisme, janvier)"),
        # a language with no sentence of its own gets the English one
        ("de", "actual, review of 2027-01-31 (Ministère du Tourisme, janvier)"),
    ],
)
def test_the_source_is_in_the_dataset_language(clean: Path, language: str, expected: str) -> None:
    loaded, _ = validate(clean, {2026})
    reviews = {dt.date(2027, 1, 31): Review.model_validate(YEAR_END)}
    result = rollover.roll(loaded.plans[2026], 2027, language=language, reviews=reviews)
    raw = yaml.safe_load(result.text)
    assert raw["objectives"][0]["targets"][0]["baseline"]["source"] == expected
    assert result.from_actuals == 1 and result.targets == 2


def test_an_actual_for_an_unknown_target_changes_nothing() -> None:
    """`latest_actuals` keeps what the reviews say; `roll` uses only the plan's targets."""
    reviews = {
        dt.date(2026, 3, 31): Review.model_validate(
            {"targets": [{"target": "ghost", "actual": 1, "source": "x"}]}
        ),
        dt.date(2026, 6, 30): Review.model_validate(YEAR_END),
    }
    found = rollover.latest_actuals(reviews)
    assert sorted(found) == ["arrivals", "ghost"]
    assert found["arrivals"][0] == dt.date(2026, 6, 30)


def test_the_data_errors_of_a_review_stop_the_rollover(clean: Path) -> None:
    write_review(clean, "2026-09-30", {"targets": [{"target": "arrivals", "actual": "many"}]})
    code, out = new("2027", "--from", "2026")
    assert code == 1
    assert "progress/2026/2026-09-30.yaml:" in out
    assert not (clean / "plans" / "2027.yaml").exists()


def proposals(root: Path, year: int = 2027) -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load((root / "plans" / f"{year}.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in raw.get("proposals", [])}


def test_proposals_carry_their_latest_decision_from_the_reviews(clean: Path) -> None:
    """A review's decision supersedes the plan's status: closed ones stay behind."""
    write_review(
        clean,
        "2026-09-30",
        {
            "proposals": [
                {"proposal": "P2", "status": "taken-up", "date": "2026-09-01"},
                {
                    "proposal": "P1",
                    "status": "deferred",
                    "date": "2026-06-15",
                    "reason": "Pas avant 2027",
                },
                {"proposal": "P4", "status": "open", "date": "2026-05-01"},
            ]
        },
    )
    write_review(
        clean,
        "2027-01-31",
        {
            "proposals": [
                {
                    "proposal": "P4",
                    "status": "declined",
                    "date": "2027-01-20",
                    "reason": "Salon annulé",
                }
            ]
        },
    )
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    carried = proposals(clean)
    # P2 taken up and P4 declined during the year stay behind; P3 was declined in the plan
    assert set(carried) == {"P1"}
    assert carried["P1"]["status"] == "deferred"
    assert carried["P1"]["reason"] == "Pas avant 2027"
    _, problems = validate(clean, {2026, 2027})
    assert [p for p in problems if p.severity.value == "error"] == []


def test_without_reviews_open_and_deferred_proposals_are_carried(clean: Path) -> None:
    code, out = new("2027", "--from", "2026")
    assert code == 0, out
    carried = proposals(clean)
    assert set(carried) == {"P2", "P4"}
    assert carried["P4"]["reason"] == "Prévu en 2027."


def test_a_later_decision_on_the_same_proposal_wins() -> None:
    first = Review.model_validate(
        {
            "proposals": [
                {"proposal": "P1", "status": "deferred", "date": "2026-03-01", "reason": "r"}
            ]
        }
    )
    later = Review.model_validate(
        {"proposals": [{"proposal": "P1", "status": "open", "date": "2026-02-01"}]}
    )
    decided = rollover.latest_decisions({dt.date(2026, 3, 31): first, dt.date(2026, 6, 30): later})
    assert decided["P1"].status == "open"  # the later review wins over an earlier day in it
