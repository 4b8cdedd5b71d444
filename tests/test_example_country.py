"""The second country shipped in examples/: Croatia, in Croatian and English.

Every command runs on it as a user would run it, and each test looks for
what proves the command did its work in the dataset's own language: the
Croatian labels come from the dataset's catalogue (examples/croatia/data/
locales/hr.yaml), since the tool packages none, and amounts are formatted
for Croatian by Babel. The catalogue itself must have every label of the
packaged English one: its `_fallback: en` would otherwise show the missing
ones in English without a word.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import format_decimal
from typer.testing import CliRunner

from conftest import REPO
from roadmap import languages
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK
from roadmap.validation import validate

EXAMPLE = REPO / "examples" / "croatia" / "data"
CATALOGUE = EXAMPLE / "locales" / "hr.yaml"
YEARS = (2025, 2026)


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


HR: dict[str, str] = {k: v for k, v in _yaml(CATALOGUE).items() if k != "_fallback"}
EN: dict[str, str] = _yaml(languages.PACKAGED / "en.yaml")


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exit_code == EXIT_OK, result.output
    return result.output


def _total(year: int) -> int:
    return sum(a["budget"] for a in _yaml(EXAMPLE / "plans" / f"{year}.yaml")["actions"])


# --------------------------------------------------------------------------- the catalogue


def catalogue_gaps(catalogue: dict[str, str], reference: dict[str, str]) -> list[str]:
    """What keeps `catalogue` from being a full translation of `reference`."""

    def names(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}

    gaps = [f"missing {k}" for k in reference if k not in catalogue]
    gaps += [f"unknown {k}" for k in catalogue if k not in reference]
    gaps += [
        f"placeholders of {k}"
        for k in reference
        if k in catalogue and names(catalogue[k]) != names(reference[k])
    ]
    return gaps


def test_the_language_is_brought_by_the_dataset() -> None:
    dataset = _yaml(EXAMPLE / "dataset.yaml")
    assert dataset["language"] == "hr"
    assert dataset["currency"] == "EUR"
    assert not languages.has_catalogue("hr", {}), "hr is packaged now: pick another language"


def test_the_catalogue_has_every_english_label() -> None:
    assert catalogue_gaps(HR, EN) == []


def test_a_missing_label_is_caught() -> None:
    # the check above must fail when a label is dropped or its placeholder lost
    dropped = {k: v for k, v in HR.items() if k != "section.markets"}
    assert catalogue_gaps(dropped, EN) == ["missing section.markets"]
    broken = {**HR, "document.title": "Plan promocije"}
    assert catalogue_gaps(broken, EN) == ["placeholders of document.title"]


def test_labels_are_translated() -> None:
    # the same text as English is allowed only where the words are the same
    same = {k for k in EN if HR[k] == EN[k]}
    # "Status" and "Partner" are Croatian words too
    allowed = {"calendar.on", "misc.labelled", "report.kpi", "col.status", "col.partner"}
    allowed |= {"progress.status", "adoption.status", "diff.section.plan"}  # "plan" too
    # a label of placeholders and signs only has no words to translate
    allowed |= {k for k in EN if not any(c.isalpha() for c in re.sub(r"\{\w+\}", "", EN[k]))}
    assert same <= allowed, sorted(same - allowed)


# --------------------------------------------------------------------------- the commands


def test_validate_is_clean(runner: CliRunner) -> None:
    out = run(runner, "validate", "--data", str(EXAMPLE))
    # in the dataset's language, from its own catalogue
    assert HR["validate.summary.none"] in out
    assert "no problems found" in run(runner, "validate", "--data", str(EXAMPLE), "--lang", "en")
    _, problems = validate(EXAMPLE)
    assert problems == []


@pytest.mark.parametrize("year", YEARS)
def test_check_is_clean(runner: CliRunner, year: int) -> None:
    out = run(runner, "check", str(year), "--data", str(EXAMPLE))
    assert "warning" not in out
    assert "error" not in out


@pytest.mark.parametrize("year", YEARS)
def test_build_in_croatian(runner: CliRunner, tmp_path: Path, year: int) -> None:
    run(runner, "build", str(year), "--data", str(EXAMPLE), "--out", str(tmp_path), "-q")
    html = (tmp_path / f"plan-{year}.hr.html").read_text(encoding="utf-8")
    md = (tmp_path / f"plan-{year}.hr.md").read_text(encoding="utf-8")
    assert '<html lang="hr"' in html
    for key in ("section.summary", "section.markets", "section.regions", "section.calendar"):
        assert f"## {HR[key]}" in md
        assert HR[key] in html
        assert EN[key] not in md
    assert f"{HR['regions.lead']}" in md
    # amounts as Croatian writes them (CLDR): 16.520.000 EUR, the code after
    total = format_decimal(_total(year), locale="hr")
    assert "." in total
    assert f"{total}\u00a0EUR" in md
    assert f"{total}\u00a0EUR" in html
    # the data's own Croatian text, not its English
    assert "Hrvatska" in md
    assert "Plan promocije hrvatskog turizma (primjer)" in md
    assert "Croatia tourism promotion roadmap" not in md


def test_build_in_english(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "build", "2026", "--data", str(EXAMPLE), "--out", str(tmp_path), "--lang", "en")
    html = (tmp_path / "plan-2026.en.html").read_text(encoding="utf-8")
    md = (tmp_path / "plan-2026.en.md").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert f"## {EN['section.markets']}" in md
    assert "Croatia tourism promotion roadmap (example)" in md
    # English puts the code first: EUR 16,520,000
    assert f"EUR\u00a0{format_decimal(_total(2026), locale='en')}" in md
    assert HR["section.markets"] not in md


def test_the_example_is_shown_as_illustrative(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "build", "2026", "--data", str(EXAMPLE), "--out", str(tmp_path), "-q")
    md = (tmp_path / "plan-2026.hr.md").read_text(encoding="utf-8")
    assert HR["document.illustrative"] in md


def test_diff(runner: CliRunner) -> None:
    text = run(runner, "diff", "2025", "2026", "--data", str(EXAMPLE), "--lang", "en")
    assert "market added" in text and "US" in text
    croatian = run(runner, "diff", "2025", "2026", "--data", str(EXAMPLE))
    assert HR["diff.story.title"].format(year=2025) in croatian
    assert "rijeka" in text and "gorski-kotar" in text  # Kvarner's emerging destination
    # a 2025 proposal deferred, then answered by a 2026 action
    assert "P25-03" in text and "A-20" in text
    md = run(runner, "diff", "2025", "2026", "--data", str(EXAMPLE), "--format", "md")
    assert md.startswith("#")
    report = json.loads(run(runner, "diff", "2025", "2026", "--data", str(EXAMPLE), "-f", "json"))
    actions = report["summary"]["sections"]["actions"]
    assert (actions["added"], actions["removed"]) == (2, 2)


def test_new_rolls_the_plan_over(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    out = run(runner, "new", "2027", "--from", "2026", "--data", str(data))
    plan = data / "plans" / "2027.yaml"
    recurring = [
        a["id"] for a in _yaml(EXAMPLE / "plans" / "2026.yaml")["actions"] if a.get("recurring")
    ]
    assert f"ponavljajuće aktivnosti ({len(recurring)})" in out  # the dataset's Croatian
    assert [a["id"] for a in _yaml(plan)["actions"]] == recurring
    header = "\n".join(
        line for line in plan.read_text(encoding="utf-8").splitlines() if line[:1] == "#"
    )
    # the note in Croatian, from the dataset's catalogue
    assert HR["new.note.review"] in header
    # the 30 September review's actuals become baselines where it gives one
    assert HR["new.out.from-actuals"].format(actuals=3, others=2, previous=2026) in out
    baselines = {t["id"]: t["baseline"] for o in _yaml(plan)["objectives"] for t in o["targets"]}
    assert baselines["overnights"]["value"] == 109.2
    assert baselines["arrivals"]["value"] == 21.8
    assert HR["new.note.started"].format(year=2027, previous=2026) in header
    _, problems = validate(data, {2027})
    assert [p for p in problems if p.severity.name == "ERROR"] == []


def test_export_csv_in_croatian(runner: CliRunner) -> None:
    out = run(runner, "export", "2026", "--format", "csv", "--data", str(EXAMPLE))
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == [HR["col.id"], HR["export.title"], HR["col.markets"]]
    actions = _yaml(EXAMPLE / "plans" / "2026.yaml")["actions"]
    assert [r[0] for r in rows[1:]] == [a["id"] for a in actions]
    assert rows[1][1] == actions[0]["title"]["hr"]


def test_export_json(runner: CliRunner) -> None:
    out = run(runner, "export", "2026", "--format", "json", "--data", str(EXAMPLE))
    report = json.loads(out)
    assert report["currency"] == "EUR"
    assert report["language"] == "hr"
    assert sum(a["budget"] for a in report["actions"]) == _total(2026)


def test_progress_in_croatian(runner: CliRunner, tmp_path: Path) -> None:
    out = run(runner, "progress", "2026", "--data", str(EXAMPLE))
    assert out.startswith(HR["progress.title"].format(year=2026, date="30. rujna 2026."))
    assert HR["progress.verdict.at-risk"] in out
    html_file = tmp_path / "progress.html"
    run(runner, "progress", "2026", "--data", str(EXAMPLE), "-f", "html", "--out", str(html_file))
    html = html_file.read_text(encoding="utf-8")
    assert '<html lang="hr"' in html
    assert HR["report.section.targets"] in html
    # the plan shows the review's results too
    run(runner, "build", "2026", "--data", str(EXAMPLE), "--out", str(tmp_path), "-q", "-f", "md")
    md = (tmp_path / "plan-2026.hr.md").read_text(encoding="utf-8")
    assert f"## {HR['report.results.title']}" in md


def test_lists_of_months_are_in_the_nominative(runner: CliRunner, tmp_path: Path) -> None:
    """CLDR's format context is the genitive in Croatian ("siječnja", as after a
    day number); a list of months, or "month year", takes the stand-alone form."""
    run(runner, "build", "2026", "--data", str(EXAMPLE), "--out", str(tmp_path), "-q")
    md = (tmp_path / "plan-2026.hr.md").read_text(encoding="utf-8")
    assert "siječanj, veljača" in md
    assert "siječnja, veljače" not in md
