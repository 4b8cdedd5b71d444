"""Destination identities and market tiers: the default lists, or the dataset's own."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.validation import validate

IDENTITIES = """\
identities:
  - {id: heritage, name: {fr: patrimoine, en: heritage}}
  - {id: coast, name: {fr: littoral, en: coast}}
  - {id: desert, name: {fr: désert, en: desert}}
"""
TIERS = """\
tiers:
  - {id: pillar, name: {fr: Marché socle, en: Bedrock market}}
  - {id: conquest, name: {fr: Marché de conquête, en: Market to win}}
"""


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def shown(root: Path) -> list[str]:
    return [p.render() for p in validate(root)[1]]


def declare(root: Path) -> None:
    """Own identities in regions.yaml and own tiers in markets.yaml, used everywhere."""
    edit(
        root / "regions.yaml",
        ("regions:\n", IDENTITIES + "regions:\n"),
        ("[urban, cultural]", "[heritage]"),
        ("[cultural, natural]", "[heritage, coast]"),
        ("[cultural, experiential]", "[heritage]"),
        ("[natural, experiential]", "[desert]"),
        ("[natural]", "[desert]"),
    )
    edit(
        root / "markets.yaml",
        ("zones:\n", TIERS + "zones:\n"),
    )
    text = (root / "markets.yaml").read_text(encoding="utf-8")
    text = text.replace("tier: core", "tier: pillar").replace("tier: growth", "tier: conquest")
    text = text.replace("tier: emerging", "tier: conquest")
    (root / "markets.yaml").write_text(text, encoding="utf-8")
    edit(root / "plans" / "2026.yaml", ("tier: growth", "tier: conquest"))


def test_default_identity_misspelt(minimal: Path) -> None:
    edit(minimal / "regions.yaml", ("[urban, cultural]", "[urban, cultral]"))
    assert shown(minimal) == [
        f"{minimal}/regions.yaml:12:29: error unknown-identity unknown identity 'cultral'"
        " (did you mean 'cultural'?)"
    ]


def test_default_tier_misspelt_in_the_plan(minimal: Path) -> None:
    edit(minimal / "plans" / "2026.yaml", ("tier: growth", "tier: grwoth"))
    (problem,) = shown(minimal)
    assert problem.endswith("error unknown-tier unknown tier 'grwoth' (did you mean 'growth'?)")
    assert ":9:" in problem


def test_declared_lists_validate_and_replace_the_defaults(minimal: Path) -> None:
    declare(minimal)
    assert shown(minimal) == []
    edit(
        minimal / "regions.yaml",
        ("[desert]\n        assets: [Erg", "[natural]\n        assets: [Erg"),
    )
    (problem,) = shown(minimal)
    # the default list is gone once the dataset declares its own
    assert problem.endswith("error unknown-identity unknown identity 'natural'")


def test_undeclared_tier_is_placed_with_a_suggestion(minimal: Path) -> None:
    declare(minimal)
    edit(minimal / "plans" / "2026.yaml", ("tier: conquest", "tier: conquets"))
    (problem,) = shown(minimal)
    assert problem.endswith("unknown-tier unknown tier 'conquets' (did you mean 'conquest'?)")


def test_duplicate_declared_ids(minimal: Path) -> None:
    declare(minimal)
    edit(minimal / "regions.yaml", ("  - {id: desert,", "  - {id: coast,"))
    edit(minimal / "regions.yaml", ("[desert]", "[coast]"))
    problems = shown(minimal)
    assert any("duplicate-identity duplicate identity id 'coast'" in p for p in problems)


def test_declared_label_needs_a_name(minimal: Path) -> None:
    declare(minimal)
    edit(
        minimal / "markets.yaml",
        ("  - {id: pillar, name: {fr: Marché socle, en: Bedrock market}}", "  - {id: pillar}"),
    )
    (problem,) = shown(minimal)
    assert problem.endswith("missing-key missing required key 'name'")
    assert "/markets.yaml:3:5:" in problem


def test_the_plan_shows_declared_names_in_its_language(minimal: Path, tmp_path: Path) -> None:
    declare(minimal)
    runner = CliRunner()
    for lang, names in {
        "en": ("Bedrock market", "Market to win", "heritage", "coast"),
        "fr": ("Marché socle", "Marché de conquête", "patrimoine", "littoral"),
    }.items():
        out = tmp_path / lang
        args = ["build", "2026", "--data", str(minimal), "--out", str(out), "--lang", lang]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        html = (out / f"plan-2026.{lang}.html").read_text(encoding="utf-8")
        for name in names:
            assert name in html, (lang, name)
        # no catalogue label of the default lists
        assert "Core market" not in html and "Marché pilier" not in html
