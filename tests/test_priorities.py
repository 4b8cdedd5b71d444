"""Cross-cutting priorities as a list the dataset defines, and the first form kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL, overlay
from roadmap import coverage, diff
from roadmap.cli import app
from roadmap.validation import validate

ROOT = Path(__file__).resolve().parent.parent
#: `data/` as it was before priorities became a list (issue 13): it must stay valid.
LEGACY = EXAMPLES / "legacy"
PRIORITIES = EXAMPLES / "structure" / "priorities"


def rendered(root: Path, out: Path, lang: str) -> dict[str, bytes]:
    args = ["build", "2026", "--data", str(root), "--out", str(out), "--lang", lang]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.fixture
def four(tmp_path: Path) -> Path:
    """The minimal data with four priorities: two seasonality, one destinations, one text."""
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(PRIORITIES, root)
    return root


def problems_of(root: Path) -> list[str]:
    return [p.render() for p in validate(root)[1]]


def plan_with(root: Path, old: str, new: str) -> None:
    path = root / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------ the first form


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_data_and_its_copy_from_before_the_list_validate_and_build_alike(
    tmp_path: Path, lang: str
) -> None:
    assert validate(LEGACY)[1] == []
    assert validate(ROOT / "data")[1] == []
    # the data has gained an `adoption:` block since (issue 14), which the
    # cover shows; what this test guards is the form of the priorities
    current = tmp_path / "current"
    shutil.copytree(ROOT / "data", current)
    plan = current / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.split("\nadoption:", 1)[0] + "\n", encoding="utf-8")
    before = rendered(LEGACY, tmp_path / "legacy", lang)
    now = rendered(current, tmp_path / "data", lang)
    assert sorted(before) == [f"plan-2026.{lang}.html", f"plan-2026.{lang}.md"]
    assert before == now


def test_the_first_form_reads_as_two_priorities() -> None:
    data, _ = validate(LEGACY)
    found = data.plans[2026].cross_priorities()
    assert [(p.id, p.kind, p.label) for p in found] == [
        ("high_potential", "destinations", "priorities.high_potential"),
        ("deseasonalisation", "seasonality", "priorities.deseasonalisation"),
    ]
    assert [p.name for p in found] == [None, None]
    assert found[1].flagged_by_deseasonalisation


# ------------------------------------------------------------------ the list form


def test_four_priorities_validate(four: Path) -> None:
    assert problems_of(four) == []


def test_four_priorities_build_one_section_each(four: Path, tmp_path: Path) -> None:
    docs = rendered(four, tmp_path / "out", "en")
    html = docs["plan-2026.en.html"].decode()
    ids = [
        "priority-high-potential",
        "priority-national-season",
        "priority-seaside-season",
        "priority-digital",
    ]
    positions = [html.index(f'<section id="{i}">') for i in ids]
    assert positions == sorted(positions)
    # each seasonality priority has its own chart, so ids stay unique
    assert html.count('id="chart-priority-national-season"') == 1
    assert html.count('id="chart-priority-seaside-season"') == 1
    assert 'id="high-potential"' not in html and 'id="chart-seasonality"' not in html
    names = ["High-potential destinations", "Seaside resorts out of season", "Digital shift"]
    assert all(f"<h3>{n}</h3>" in html or f">{n}</h3>" in html for n in names)
    # the text priority lists the action that names it, and only that one
    digital = html[positions[3] : html.index('<section class="major" id="calendar"')]
    assert "A1 <bdi>Winter campaign in France</bdi>" in digital and "A2 " not in digital
    # A1 is flagged `deseasonalisation: true`: it serves the first seasonality
    # priority; A2 names the second one
    national = html[positions[1] : positions[2]]
    seaside = html[positions[2] : positions[3]]
    assert '(Jan, Feb, Nov)</span> <span class="tag">National de-seasonalisation</span>' in national
    assert '<span class="tag">Seaside resorts out of season</span>' in seaside
    assert "Winter campaign in France</span>" not in seaside
    assert "Seasonality profile: thousand overnight stays" in seaside
    # a destination of a destinations priority is tagged with its name on its region's page
    assert '<span class="tag">High-potential destinations</span>' in html
    md = docs["plan-2026.en.md"].decode()
    # the annex cites each profile's source for its priority
    assert "| Estimation de travail | Seasonality profile: Seaside resorts out of season |" in md
    assert "| Presse | Seasonality profile: National de-seasonalisation |" in md
    assert "### Digital shift" in md and "### Seaside resorts out of season" in md
    assert (
        "| Month | Seasonality profile | Low season | Actions | Actions serving the priority |"
        in md
    )


def test_each_seasonality_priority_has_its_own_low_months(four: Path) -> None:
    data, _ = validate(four)
    warnings = coverage.warnings(data, 2026, {}, coverage.cli_language(data, "en"))
    low = [p for p in warnings if p.code == "low-season-month-uncovered"]
    # national profile: line of its values; seaside profile: line of its own
    lines = {p.line for p in low}
    text = (four / "plans" / "2026.yaml").read_text(encoding="utf-8").splitlines()
    assert {text[n - 1].strip().split(":")[0] for n in lines} == {"values"}
    assert len(lines) == 2
    # December is covered for the seaside resorts by A2, which names the priority
    seaside_line = max(lines)
    december = [p for p in low if p.line == seaside_line and "December" in p.message]
    assert december == []
    # a listed priority's gap names it: there may be several of its kind
    january = next(p for p in low if p.line == seaside_line and "January" in p.message)
    assert january.message == (
        "January is a low month (40, below the yearly mean 111) of priority 'seaside-season'"
        " (Seaside resorts out of season), but no action serving the priority runs in it"
    )


def test_a_destination_of_a_listed_priority_without_action(four: Path) -> None:
    plan_with(four, "[essaouira, ouarzazate]", "[essaouira, ouarzazate, zagora]")
    data, _ = validate(four)
    warnings = coverage.warnings(data, 2026, {}, coverage.cli_language(data, "en"))
    (gap,) = [p for p in warnings if p.code == "high-potential-without-action"]
    assert gap.message == (
        "destination 'zagora' (Zagora) of priority 'high-potential' (High-potential destinations)"
        " has no action in 2026"
    )


# ------------------------------------------------------------------ bad input


def test_unknown_kind_is_placed_at_kind_with_a_suggestion(four: Path) -> None:
    plan_with(four, "    kind: text\n", "    kind: txt\n")
    shown = problems_of(four)
    assert len(shown) == 1, shown
    assert shown[0].startswith(f"{four}/plans/2026.yaml:")
    assert shown[0].endswith(
        "error bad-value 'txt' is not one of 'destinations', 'seasonality' or 'text'"
        " (did you mean 'text'?)"
    )
    line = int(shown[0].split(":")[1])
    assert (four / "plans/2026.yaml").read_text().splitlines()[line - 1] == "    kind: txt"
    assert shown[0].split(":")[2] == "11"


def test_missing_kind_is_a_missing_key(four: Path) -> None:
    plan_with(four, "    kind: text\n", "")
    (shown,) = problems_of(four)
    assert "missing-key missing required key 'kind'" in shown
    assert "<" not in shown  # no union branch tag leaks into the message


def test_a_key_of_another_kind_is_an_unknown_key(four: Path) -> None:
    plan_with(four, "    kind: text\n", "    kind: text\n    destinations: [essaouira]\n")
    (shown,) = problems_of(four)
    assert "unknown-key unknown key 'destinations'" in shown
    # the suggestion looks at a text priority's keys, not at every kind's
    assert "did you mean 'destinations'" not in shown
    assert "<" not in shown


def test_a_destinations_priority_needs_its_destinations(four: Path) -> None:
    plan_with(four, "    destinations: [essaouira, ouarzazate]\n", "")
    (shown,) = problems_of(four)
    assert "missing required key 'destinations'" in shown


def test_priorities_neither_list_nor_mapping(four: Path) -> None:
    path = four / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("priorities:\n  - id: high-potential")
    end = text.index("meetings:\n")
    path.write_text(text[:start] + "priorities: some\n" + text[end:], encoding="utf-8")
    (shown,) = problems_of(four)
    assert "priorities" not in shown.split(" error ")[1] or "<" not in shown
    assert "<" not in shown and "a list" in shown


def test_duplicate_priority_id(four: Path) -> None:
    plan_with(four, "  - id: digital\n", "  - id: seaside-season\n")
    shown = problems_of(four)
    assert any("duplicate-priority duplicate priority id 'seaside-season'" in s for s in shown)


def test_an_action_names_an_unknown_priority(four: Path) -> None:
    plan_with(four, "    priorities: [digital]\n", "    priorities: [digitl]\n")
    (shown,) = problems_of(four)
    assert shown.endswith("unknown-priority unknown priority 'digitl' (did you mean 'digital'?)")


def test_an_action_names_a_destinations_priority(four: Path) -> None:
    plan_with(four, "    priorities: [digital]\n", "    priorities: [high-potential]\n")
    (shown,) = problems_of(four)
    assert "priority-by-destination" in shown and "set the action's `destination`" in shown


def test_a_priority_destination_must_exist(four: Path) -> None:
    plan_with(four, "[essaouira, ouarzazate]", "[essaouira, ouarzazat]")
    (shown,) = problems_of(four)
    assert shown.endswith("unknown destination 'ouarzazat' (did you mean 'ouarzazate'?)")


# ------------------------------------------------------------------ diff


def test_diff_between_the_two_forms_is_by_priority(four: Path) -> None:
    minimal, _ = validate(MINIMAL)
    listed, _ = validate(four)
    found = diff.compare(
        diff.Side("2026", minimal.plans[2026], minimal.markets, minimal.regions),
        diff.Side("2026", listed.plans[2026], listed.markets, listed.regions),
    )
    paths = {c.path for c in found.changes if c.section == "priorities"}
    assert "priorities[high_potential]" in paths  # the first form's id, gone
    assert "priorities[digital]" in paths
    assert all("<" not in p for p in paths)


# ------------------------------------------------------------------ JSON Schema


def test_the_schema_takes_both_forms_and_refuses_an_unknown_kind(four: Path) -> None:
    from test_schema import _errors

    plan = four / "plans" / "2026.yaml"
    assert _errors(plan) == []
    assert _errors(LEGACY / "plans" / "2026.yaml") == []
    plan_with(four, "    kind: text\n", "    kind: txt\n")
    assert _errors(plan) != []


def test_a_plan_may_have_no_priority(four: Path, tmp_path: Path) -> None:
    path = four / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("priorities:\n  - id: high-potential"), text.index("meetings:\n")
    text = text[:start] + "priorities: []\n" + text[end:]
    text = text.replace("    priorities: [digital]\n", "")
    path.write_text(text.replace("    priorities: [seaside-season]\n", ""), encoding="utf-8")
    assert problems_of(four) == []
    docs = rendered(four, tmp_path / "out", "en")
    html = docs["plan-2026.en.html"].decode()
    section = html[html.index('id="priorities"') : html.index('id="calendar"')]
    assert "<p>None.</p>" in section
    assert "## Cross-cutting priorities\n\nNone.\n" in docs["plan-2026.en.md"].decode()
