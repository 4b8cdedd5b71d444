"""Where figures come from: sourced, estimates, or unmarked (the `unsourced` rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, MINIMAL
from roadmap import models, provenance
from roadmap.cli import app
from roadmap.dataset import Data
from roadmap.i18n import TextValue
from roadmap.provenance import Kind
from roadmap.validation import validate


def not_illustrative(root: Path) -> None:
    """The minimal dataset without its `illustrative` note: its figures are unmarked."""
    path = root / "dataset.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("illustrative:")), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(root: Path) -> Data:
    data, problems = validate(root, years={2026})
    assert [p for p in problems if p.severity.value == "error"] == []
    return data


def unsourced(runner: CliRunner, root: Path) -> list[dict[str, object]]:
    result = runner.invoke(
        app, ["check", "2026", "--data", str(root), "--format", "json", "--lang", "en"]
    )
    problems = json.loads(result.output)["problems"]
    return [p for p in problems if p["code"] == "unsourced"]


# --------------------------------------------------------------------------- marks


def test_own_keys_win_over_what_is_inherited() -> None:
    basis = provenance.Mark(Kind.SOURCED, "the action's basis")
    assert provenance.mark("own", True, basis).kind is Kind.ESTIMATE
    assert provenance.mark("own", False, basis) == provenance.Mark(Kind.SOURCED, "own")
    assert provenance.mark(None, False, basis) == basis
    assert provenance.mark(None, False).kind is Kind.UNMARKED
    # an estimate need not say what it rests on to be marked
    assert provenance.mark(None, True).kind is Kind.ESTIMATE


def test_an_illustrative_dataset_marks_what_is_unmarked() -> None:
    assert provenance.mark(None, False, illustrative=True).kind is Kind.ESTIMATE
    # a figure with its own source stays sourced
    assert provenance.mark("src", False, illustrative=True).kind is Kind.SOURCED


def test_lines_and_kpis_inherit_the_actions_basis(minimal: Path) -> None:
    not_illustrative(minimal)
    edit(
        minimal / "plans" / "2026.yaml",
        "    budget: 3000000\n",
        "    budget: 3000000\n    basis: {source: Estimate for the example, assumption: true}\n",
    )
    plan = load(minimal).plans[2026]
    a1 = plan.actions[0]
    marks = provenance.Marks()
    assert marks.basis(a1) == provenance.Mark(Kind.ESTIMATE, "Estimate for the example")
    assert all(marks.funding(a1, f).estimated for f in a1.cofinancing)
    assert all(marks.kpi(a1, k).estimated for k in a1.kpis)
    # A2 has no basis: its budget stays unmarked
    assert marks.basis(plan.actions[1]).kind is Kind.UNMARKED


# --------------------------------------------------------------------------- the rule


def test_every_kind_of_unmarked_figure_is_reported_at_its_place(
    runner: CliRunner, minimal: Path
) -> None:
    not_illustrative(minimal)
    found = unsourced(runner, minimal)
    text = (minimal / "plans" / "2026.yaml").read_text(encoding="utf-8").splitlines()
    words = {p["message"].split(" ")[0] for p in found}  # type: ignore[union-attr]
    assert {"the", "a", "target", "meeting", "proposal"} <= words
    for p in found:
        line = text[int(p["line"]) - 1]  # type: ignore[call-overload]
        assert p["severity"] == "warning"
        # each is placed on the figure itself
        assert any(k in line for k in ("budget", "amount", "target", "date", "text")), line
    # the target with a source and the baselines (always sourced) are not reported
    assert not any("'arrivals'" in str(p["message"]) for p in found)
    assert any("'peak-trough'" in str(p["message"]) for p in found)


def test_marking_a_figure_silences_the_rule(runner: CliRunner, minimal: Path) -> None:
    not_illustrative(minimal)
    before = unsourced(runner, minimal)
    edit(
        minimal / "plans" / "2026.yaml",
        "        target: 2.3\n",
        "        target: 2.3\n        assumption: true\n",
    )
    after = unsourced(runner, minimal)
    assert len(after) == len(before) - 1
    assert not any("'peak-trough'" in str(p["message"]) for p in after)


def test_an_illustrative_dataset_has_no_unsourced_warning(runner: CliRunner) -> None:
    assert unsourced(runner, MINIMAL) == []


def test_the_rule_can_be_switched_off(runner: CliRunner, minimal: Path) -> None:
    not_illustrative(minimal)
    assert unsourced(runner, minimal)
    (minimal / "roadmap.toml").write_text("[rules]\nunsourced = false\n", encoding="utf-8")
    assert unsourced(runner, minimal) == []


# --------------------------------------------------------------------------- sources annex


def test_sources_and_assumptions_are_listed_once_each(minimal: Path) -> None:
    data = load(minimal)
    plan = data.plans[2026]
    found, assumed = provenance.sources(plan, data.dataset)
    texts = [c.text for c in found]
    assert texts == sorted(set(texts), key=texts.index)  # once each, first-use order
    assert "Ministère du Tourisme" in texts  # a baseline's source
    assert "Hypothèse de travail" in texts  # a target's source
    assumed_texts = [c.text for c in assumed]
    assert "Calcul" in assumed_texts and "Presse" in assumed_texts
    assert not set(texts) & set(assumed_texts)
    by_text = {c.text: c.used_by for c in found}
    assert by_text["Ministère du Tourisme"] == ("arrivals",)


@pytest.mark.parametrize("year", [2025, 2026])
def test_figures_cover_every_action_line_and_kpi(year: int) -> None:
    data, _ = validate(DEFAULT_DATA, years={year})
    plan = data.plans[year]
    placed = list(provenance.figures(plan, provenance.marks_for(data.dataset)))
    count = {w: sum(1 for p in placed if p.what == w) for w in provenance.WHATS}
    assert count["budget"] == len(plan.actions)
    assert count["funding"] == sum(len(a.cofinancing) for a in plan.actions)
    assert count["kpi"] == sum(len(a.kpis) for a in plan.actions)
    assert count["target"] == sum(len(o.targets) for o in plan.objectives)
    assert count["meeting"] == len(plan.meetings)
    assert count["proposal"] == len(plan.proposals)


def test_an_empty_illustrative_note_is_an_error(minimal: Path) -> None:
    not_illustrative(minimal)
    with (minimal / "dataset.yaml").open("a", encoding="utf-8") as f:
        f.write('illustrative: ""\n')
    _, problems = validate(minimal, years={2026})
    assert [
        (p.file.rsplit("/", 1)[-1], p.line) for p in problems if p.severity.value == "error"
    ] == [("dataset.yaml", 11)]


@pytest.mark.parametrize("illustrative", [False, True])
def test_a_basis_passed_in_gives_the_marks_computed_from_the_action(illustrative: bool) -> None:
    """Callers that have the action's basis pass it, rather than have it read again."""
    data, _ = validate(DEFAULT_DATA, years={2025, 2026})
    marks = provenance.Marks(illustrative)
    seen = set()
    for plan in data.plans.values():
        for action in plan.actions:
            basis = marks.basis(action)
            for line in action.cofinancing:
                assert marks.funding(action, line, basis) == marks.funding(action, line)
                seen.add(marks.funding(action, line).kind)
            for kpi in action.kpis:
                assert marks.kpi(action, kpi, basis) == marks.kpi(action, kpi)
                seen.add(marks.kpi(action, kpi).kind)
    assert Kind.ESTIMATE in seen and Kind.SOURCED in seen  # the data exercises both


@pytest.mark.parametrize("illustrative", [False, True])
def test_unmarked_is_every_unmarked_figure_in_file_order(minimal: Path, illustrative: bool) -> None:
    """`unmarked` skips the lines and KPIs of an action whose budget is marked:
    the same figures, in the same order, as filtering `figures`."""
    if not illustrative:
        not_illustrative(minimal)
    data = load(minimal)
    plan = data.plans[2026]
    every = [
        p
        for p in provenance.figures(plan, provenance.marks_for(data.dataset))
        if p.mark.kind is Kind.UNMARKED
    ]
    assert provenance.unmarked(plan, data.dataset) == every
    assert bool(every) is not illustrative  # the case has unmarked figures to find
    first = plan.actions[0].id
    assert any(p.owner == first for p in every) is not illustrative
    marked = plan.actions[0].model_copy(
        update={"basis": models.Basis(source="Survey", assumption=False)}
    )
    some = plan.model_copy(update={"actions": [marked, *plan.actions[1:]]})
    every_some = [
        p
        for p in provenance.figures(some, provenance.marks_for(data.dataset))
        if p.mark.kind is Kind.UNMARKED
    ]
    assert provenance.unmarked(some, data.dataset) == every_some
    assert not any(p.owner == marked.id and p.loc[0] == "actions" for p in every_some)


def _sources_from_every_figure(
    plan: models.Plan, dataset: models.Dataset | None
) -> tuple[list[provenance.Cited], list[provenance.Cited]]:
    """`sources` as it was written: from every figure's mark, in file order."""
    marks = provenance.marks_for(dataset)
    found: dict[tuple[bool, object], tuple[TextValue, dict[str, None]]] = {}

    def add(m: provenance.Mark, owner: str) -> None:
        if m.source is not None:
            key = (m.kind is Kind.ESTIMATE, provenance.same_text(m.source))
            found.setdefault(key, (m.source, {}))[1].setdefault(owner)

    for objective in plan.objectives:
        for milestone in objective.history:
            add(marks.figure(milestone), objective.id)
        for target in objective.targets:
            add(marks.figure(target.baseline), target.id)
            add(marks.target(target), target.id)
    for priority in plan.cross_priorities():
        if priority.seasonality is not None:
            owner = "seasonality" if priority.name is None else f"priority:{priority.id}"
            add(marks.figure(priority.seasonality), owner)
    for placed in provenance.figures(plan, marks):
        if placed.what != "target":
            add(placed.mark, placed.owner)
    cited = [(e, provenance.Cited(t, tuple(u))) for (e, _), (t, u) in found.items()]
    return [c for e, c in cited if not e], [c for e, c in cited if e]


@pytest.mark.parametrize("illustrative", [False, True])
def test_sources_are_those_of_every_figure_in_first_use_order(
    minimal: Path, illustrative: bool
) -> None:
    if not illustrative:
        not_illustrative(minimal)
    data = load(minimal)
    plan = data.plans[2026]
    first = plan.actions[0]
    # lines with a source of their own, an estimate without one, under a marked budget
    cofinancing = [
        f.model_copy(update={"source": f"Line source {i}", "assumption": i % 2 == 0})
        for i, f in enumerate(first.cofinancing)
    ]
    kpis = [k.model_copy(update={"source": None, "assumption": True}) for k in first.kpis]
    varied = first.model_copy(
        update={
            "basis": models.Basis(source="Budget survey"),
            "cofinancing": cofinancing,
            "kpis": kpis,
        }
    )
    for case in (plan, plan.model_copy(update={"actions": [*plan.actions[1:], varied]})):
        assert provenance.sources(case, data.dataset) == _sources_from_every_figure(
            case, data.dataset
        )
    for year in (2025, 2026):
        shipped, _ = validate(DEFAULT_DATA, years={year})
        got = provenance.sources(shipped.plans[year], shipped.dataset)
        assert got == _sources_from_every_figure(shipped.plans[year], shipped.dataset)
