"""The `adoption:` block: where the plan stands on its way to signature.

The cover says the status and its date, an approval section names the
approving body and one signature block per signatory (in HTML and in
Markdown), and `roadmap check`'s warnings stay out of a plan that is no
longer a draft unless `--annex warnings` asks for them. Its mistakes (an
adopted plan with no date, a date before the plan's meetings, a signatory
who is no partner) are errors at their place: see tests/data/invalid/adoption-*.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, EXAMPLES, MINIMAL, overlay
from roadmap import coverage, models, rollover
from roadmap.build import render
from roadmap.cli import app
from roadmap.dataset import Data
from roadmap.validation import validate
from test_annex_warnings import drop_us_actions, html_annex_warnings
from test_coverage import clean_folder

ADOPTED = EXAMPLES / "valid" / "adopted"


@pytest.fixture
def adopted(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(ADOPTED, root)
    return root


def build(root: Path, fmt: str, lang: str = "en", **options: object) -> str:
    loaded, problems = validate(root, {2026})
    assert problems == []
    (doc,) = render(loaded, 2026, [fmt], lang=lang, **options)  # type: ignore[arg-type]
    assert isinstance(doc.content, str)
    return doc.content


def test_the_cover_says_adopted_and_when(adopted: Path) -> None:
    html = build(adopted, "html")
    assert (
        '<p class="status status-adopted" id="status"><strong>Status: Adopted</strong>'
        " · Adopted on January 20, 2026</p>"
    ) in html
    md = build(adopted, "md", "fr")
    assert "**Statut\u00a0: Adopté** · Adopté le 20 janvier 2026\n" in md


def test_the_approval_section_names_the_body_and_each_signatory(adopted: Path) -> None:
    html = build(adopted, "html")
    section = html[html.index('<section class="approval"') : html.index("</section>")]
    assert "<dt>Approving body</dt><dd>Board of directors</dd>" in section
    assert "<dt>Date</dt><dd>Adopted on January 20, 2026</dd>" in section
    # partner names from partners.yaml, roles from the block, in signing order
    signatories = [chunk.split("</p>")[0] for chunk in section.split('<p class="signatory">')[1:]]
    assert signatories == [
        "<strong>Director General</strong><br>Moroccan National Tourism Office",
        "<strong>President</strong><br>National Tourism Confederation",
    ]
    assert section.count('<p class="sign-line">Signature</p>') == 2
    md = build(adopted, "md")
    assert "## Approval\n" in md
    assert "| **Director General**, Moroccan National Tourism Office | | |\n" in md


def test_a_plan_without_the_block_has_no_status_and_no_approval_page(minimal: Path) -> None:
    html = build(minimal, "html")
    assert 'id="status"' not in html and 'id="approval"' not in html
    assert "## Approval" not in build(minimal, "md")


def test_an_undated_draft_says_so(adopted: Path) -> None:
    plan = adopted / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("status: adopted\n  date: 2026-01-20\n", "status: draft\n"), encoding="utf-8"
    )
    html = build(adopted, "html")
    assert "<strong>Status: Draft</strong></p>" in html
    assert "<dt>Date</dt><dd>Not adopted yet</dd>" in html


# ---------------------------------------------------------------- the checker's warnings


@pytest.fixture
def warned(tmp_path: Path) -> Data:
    """The gap-free plan with one gap: US has no action (`market-no-action`)."""
    loaded, problems = validate(clean_folder(tmp_path), {2026})
    assert problems == []
    drop_us_actions(loaded, {"en": "United States"})
    return loaded


def with_status(data: Data, status: models.AdoptionStatus) -> Data:
    data.plans[2026].adoption = models.Adoption(status=status, date=dt.date(2026, 1, 20))
    return data


def html_of(data: Data, **options: object) -> str:
    (doc,) = render(data, 2026, ["html"], lang="en", **options)  # type: ignore[arg-type]
    assert isinstance(doc.content, str)
    return doc.content


@pytest.mark.parametrize("status", ["submitted", "adopted"])
def test_warnings_stay_out_of_a_plan_past_its_draft(warned: Data, status: str) -> None:
    html = html_of(with_status(warned, status))  # type: ignore[arg-type]
    assert 'id="annex-warnings"' not in html


@pytest.mark.parametrize("status", ["submitted", "adopted"])
def test_annex_warnings_brings_them_back(warned: Data, status: str) -> None:
    html = html_of(with_status(warned, status), warnings=True)  # type: ignore[arg-type]
    assert "United States" in html_annex_warnings(html)


@pytest.mark.parametrize("status", ["submitted", "adopted"])
def test_a_plan_past_its_draft_does_not_run_the_rules(
    warned: Data, status: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules cost as much as the rest of the view: not run for nothing."""
    ran: list[int] = []
    real = coverage.warnings_for_plan

    def counted(*args: object, **kwargs: object) -> object:
        ran.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(coverage, "warnings_for_plan", counted)
    html_of(with_status(warned, status))  # type: ignore[arg-type]
    assert ran == []
    html_of(warned, warnings=True)
    assert ran == [1]


def test_a_draft_or_a_plan_with_no_block_shows_them(warned: Data) -> None:
    assert "United States" in html_annex_warnings(html_of(warned))
    assert "United States" in html_annex_warnings(html_of(with_status(warned, "draft")))


def test_the_cli_option(runner: CliRunner, tmp_path: Path) -> None:
    """The shipped plan (which `check` warns about), adopted: --annex warnings shows them."""
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "adoption:\n  status: draft\n" in text
    text = text.replace("adoption:\n  status: draft\n", "adoption:\n  status: adopted\n")
    plan.write_text(text + "  date: 2026-01-20\n", encoding="utf-8")
    base = ["build", "2026", "--data", str(root), "-f", "html", "--stdout", "-l", "en"]
    without = runner.invoke(app, base)
    assert without.exit_code == 0, without.output
    assert "Status: Adopted" in without.stdout
    assert 'id="annex-warnings"' not in without.stdout
    shown = runner.invoke(app, [*base, "--annex", "warnings"])
    assert shown.exit_code == 0, shown.output
    assert "zone-lever-unused" in html_annex_warnings(shown.stdout)
    bad = runner.invoke(app, [*base, "--annex", "everything"])
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output


def test_a_new_year_starts_as_a_draft(adopted: Path) -> None:
    loaded, _ = validate(adopted, {2026})
    plan = loaded.plans[2026]
    assert plan.adoption is not None
    for action in plan.actions:
        action.recurring = True
    raw = yaml.safe_load(rollover.roll(plan, 2027).text)
    assert "adoption" not in raw
