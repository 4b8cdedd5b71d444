"""Units and periods given per language: rendered, checked, exported, carried over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from roadmap import diff, rollover
from roadmap.checks import same_unit, unit_label
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK
from roadmap.validation import validate

ARRIVALS = "{fr: millions d'arrivées, en: million arrivals}"
NIGHTS = "{fr: nuitées, en: overnights}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def data(clean: Path) -> Path:
    """The gap-free plan with its units, and the FR baseline, given per language."""
    plan = clean / "plans" / "2026.yaml"
    edit(
        plan,
        "        unit: million arrivals\n        baseline: {value: 19.8, unit: million arrivals,",
        f"        unit: {ARRIVALS}\n        baseline: {{value: 19.8, unit: {ARRIVALS},",
    )
    edit(
        plan,
        "        unit: nights\n"
        "        baseline: {value: 30000000, unit: nights, year: 2025, period: Jan-Dec,",
        f"        unit: {NIGHTS}\n        baseline: {{value: 30000000, unit: {NIGHTS}, "
        "year: 2025, period: {fr: janv.-déc., en: Jan-Dec},",
    )
    edit(
        plan,
        "      unit: million arrivals\n      year: 2024",
        f"      unit: {ARRIVALS}\n      year: 2024",
    )
    edit(plan, "unit: bookings,", "unit: {fr: réservations, en: bookings},")
    edit(
        clean / "markets.yaml",
        "{value: 4.2, unit: million arrivals, year: 2024,",
        f"{{value: 4.2, unit: {ARRIVALS}, year: 2024, period: {{fr: janv.-août, en: Jan-Aug}},",
    )
    return clean


def build(runner: CliRunner, lang: str) -> str:
    result = runner.invoke(app, ["build", "2026", "--lang", lang, "--format", "md", "--stdout"])
    assert result.exit_code == EXIT_OK, result.output
    return result.stdout


def test_units_and_periods_render_in_each_language(runner: CliRunner, data: Path) -> None:
    fr, en = build(runner, "fr"), build(runner, "en")
    # Objectives table, market baseline (with its period), action KPI, profile.
    assert "| millions d'arrivées |" in fr
    assert "| million arrivals |" in en
    assert "| nuitées |" in fr
    assert "| overnights |" in en
    assert "millions d'arrivées (2024, janv.-août, Observatoire du tourisme)" in fr
    assert "million arrivals (2024, Jan-Aug, Observatoire du tourisme)" in en
    assert "12\u202f000 réservations" in fr
    assert "12,000 bookings" in en
    for word in ("overnights", "Jan-Aug", "bookings"):
        assert word not in fr
    for word in ("nuitées", "janv.-août", "réservations"):
        assert word not in en


def test_a_per_language_unit_falls_back_to_the_dataset_language(
    runner: CliRunner, data: Path
) -> None:
    edit(
        data / "plans" / "2026.yaml", "unit: {fr: réservations, en: bookings},", "unit: {fr: résa},"
    )
    assert "12,000 résa" in build(runner, "en")


def check(runner: CliRunner) -> str:
    result = runner.invoke(app, ["check", "2026", "--lang", "en"])
    assert result.exit_code == EXIT_OK, result.output
    return result.output


def test_per_language_units_that_agree_do_not_warn(runner: CliRunner, data: Path) -> None:
    assert check(runner) == "no problems found\n"


def test_a_plain_unit_matching_a_translation_does_not_warn(runner: CliRunner, data: Path) -> None:
    edit(
        data / "plans" / "2026.yaml",
        f"baseline: {{value: 19.8, unit: {ARRIVALS},",
        "baseline: {value: 19.8, unit: Million  arrivals,",
    )
    assert check(runner) == "no problems found\n"


def test_a_plain_unit_matching_no_translation_warns(runner: CliRunner, data: Path) -> None:
    edit(
        data / "plans" / "2026.yaml",
        f"baseline: {{value: 19.8, unit: {ARRIVALS},",
        "baseline: {value: 19.8, unit: thousand arrivals,",
    )
    out = check(runner)
    assert "warning unit-mismatch baseline unit 'thousand arrivals' differs from the " in out
    assert "target's unit \"millions d'arrivées\" (fr), 'million arrivals' (en)" in out


def test_per_language_units_that_differ_in_one_language_warn(runner: CliRunner, data: Path) -> None:
    edit(
        data / "plans" / "2026.yaml",
        f"baseline: {{value: 19.8, unit: {ARRIVALS},",
        "baseline: {value: 19.8, unit: {fr: millions d'arrivées, en: million nights},",
    )
    assert "unit-mismatch" in check(runner)


def test_same_unit() -> None:
    units = {"fr": "millions d'arrivées", "en": "million arrivals"}
    assert same_unit("MAD", "MAD")
    assert same_unit(" mad ", "MAD")
    assert not same_unit("MAD", "EUR")
    assert same_unit("million arrivals", units)
    assert same_unit(units, "millions d'arrivées")
    assert not same_unit("arrivals", units)
    assert same_unit(units, {"en": "million arrivals"})
    assert not same_unit(units, {"fr": "millions d'arrivées", "en": "arrivals"})
    # No language in common: any shared form will do.
    assert same_unit({"fr": "%"}, {"en": "%"})
    assert not same_unit({"fr": "nuitées"}, {"en": "overnights"})
    assert unit_label("MAD") == "'MAD'"
    assert unit_label({"fr": "sièges", "en": "seats"}) == "'sièges' (fr), 'seats' (en)"


def test_export_gives_units_in_the_dataset_language(runner: CliRunner, data: Path) -> None:
    result = runner.invoke(app, ["export", "2026", "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    actions = json.loads(result.stdout)["actions"]
    assert actions[0]["kpis"][0]["unit"] == "réservations"
    result = runner.invoke(app, ["export", "2026", "--format", "csv"])
    assert "Réservations: 12000 réservations" in result.stdout


def test_rollover_copies_units_per_language(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    text = rollover.roll(loaded.plans[2026], 2027).text
    plan = yaml.safe_load(text)
    target = plan["objectives"][0]["targets"][0]
    assert target["unit"] == {"fr": "millions d'arrivées", "en": "million arrivals"}
    assert target["baseline"]["unit"] == target["unit"]
    (data / "plans" / "2027.yaml").write_text(text, encoding="utf-8")
    _, problems = validate(data, {2027})
    assert problems == []


def test_diff_compares_units_per_language_and_names_targets_in_the_first(data: Path) -> None:
    loaded, _ = validate(data, {2026})
    before = loaded.plans[2026]
    objective = before.objectives[0]
    target = objective.targets[0].model_copy(
        update={"target": 22.0, "unit": {"fr": "millions d'arrivées", "en": "million visitors"}}
    )
    after = before.model_copy(
        update={"objectives": [objective.model_copy(update={"targets": [target]})]}
    )
    result = diff.compare(diff.Side("2026", before), diff.Side("2026b", after))
    paths = {(c.kind, c.path) for c in result.changes}
    assert ("changed", "objectives[growth].targets[arrivals].unit.en") in paths
    assert ("changed", "objectives[growth].targets[arrivals].unit.fr") not in paths
    change = next(t for t in result.targets if t.delta.key == "arrivals")
    assert change.unit == "millions d'arrivées"


def test_diff_report_shows_per_language_text_as_text() -> None:
    from roadmap.diff_report import value

    assert value({"fr": "nuitées", "en": "overnights"}) == "nuitées"
    kpi = {"indicator": {"fr": "Visiteurs", "en": "Visitors"}, "unit": {"fr": "visiteurs"}}
    assert value(kpi | {"target": 5}) == "indicator: Visiteurs, unit: visiteurs, target: 5"
    # A record's nested records stay out of its one-line summary.
    assert value({"id": "t", "baseline": {"value": 1, "unit": "%"}}) == "id: t"
    assert value({"id": "A1"}) == "id: A1"
