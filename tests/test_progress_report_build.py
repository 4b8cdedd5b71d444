"""`roadmap build YEAR` shows "Results so far" when the year has progress reviews.

The section sits before the annex, is listed in the table of contents,
says the date it is as of (the latest review's), and shows the targets as
`roadmap progress` does; a plan with no review has no such section.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL
from roadmap.build import render
from roadmap.cli import app
from roadmap.validation import validate

REVIEWS = EXAMPLES / "progress-report" / "progress"


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def reviewed(plain: Path) -> Path:
    shutil.copytree(REVIEWS, plain / "progress")
    return plain


def build(root: Path, fmt: str, lang: str = "en") -> str:
    result = CliRunner().invoke(
        app, ["build", "2026", "--data", str(root), "-f", fmt, "--lang", lang, "--stdout"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_has_the_section_before_the_annex_and_in_the_contents(reviewed: Path) -> None:
    text = build(reviewed, "md")
    assert "- [Results so far](#results-so-far)\n- [Annex](#annex)\n" in text
    results, annex = text.index("\n## Results so far\n"), text.index("\n## Annex\n")
    assert results < annex
    section = text[results:annex]
    assert "As of June 30, 2026, the date of the latest progress review." in section
    rows = [line for line in section.splitlines() if line.startswith("| Growth in arrivals |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[3:9] == ["19.8", "21.5", "20.6", "twelve months to June", "47.1%", "on track"]
    assert "- Actions: planned (1), ongoing (1), done (1), cancelled (1).\n" in section
    assert "the progress report (roadmap progress 2026)" in section


def test_html_has_the_section_before_the_annex_and_in_the_contents(reviewed: Path) -> None:
    html = build(reviewed, "html")
    assert '<li><a href="#results">Results so far</a></li>\n<li><a href="#annex">' in html
    start = html.index('<section class="major" id="results"')
    assert start < html.index('<section class="major" id="annex"')
    section = html[start : html.index("</section>", start)]
    assert "As of June 30, 2026, the date of the latest progress review." in section
    assert '<th scope="row">Tourist arrivals</th>' in section
    # the ratio's actual is an estimate: marked, with the legend
    assert '<span class="estimate" title="estimate">' in section
    assert "an estimate, not a published figure" in section


def test_the_section_is_in_the_language_of_the_plan(reviewed: Path) -> None:
    text = build(reviewed, "md", "fr")
    assert "\n## Résultats à date\n" in text
    assert "Au 30 juin 2026, date de la dernière revue d'avancement." in text


def test_without_reviews_there_is_no_section(plain: Path) -> None:
    for fmt in ("md", "html"):
        text = build(plain, fmt)
        assert "Results so far" not in text and 'id="results"' not in text


def test_reviews_add_the_section_and_statuses_and_change_nothing_else(
    plain: Path, tmp_path: Path
) -> None:
    without = build(plain, "md")
    shutil.copytree(REVIEWS, plain / "progress")
    with_reviews = build(plain, "md")
    start = with_reviews.index("## Results so far\n")
    end = with_reviews.index("## Annex\n")
    toc = "- [Results so far](#results-so-far)\n"
    rest = with_reviews[:start].replace(toc, "") + with_reviews[end:]
    # the only other change: a status column in market tables, a status in region lists
    start, end = rest.index("\n## Priority markets\n"), rest.index("\n## Levers and sectors\n")
    sections = rest[start:end]
    sections = sections.replace(" Progress |\n|---|---|---|---:|---|", "\n|---|---|---|---:|")
    sections = re.sub(r" (ongoing|done|cancelled|planned) \|\n", "\n", sections)
    sections = re.sub(r"; (ongoing|done|cancelled|planned)\)\n", ")\n", sections)
    assert rest[:start] + sections + rest[end:] == without


def test_the_verdicts_follow_the_thresholds_of_roadmap_toml(reviewed: Path) -> None:
    """With `on-track = 1`, arrivals (47.1 % of the way at 49.6 % of the year) are at risk."""
    (reviewed / "roadmap.toml").write_text("[progress]\non-track = 1\n", encoding="utf-8")
    text = build(reviewed, "md")
    section = text[text.index("## Results so far\n") :]
    (row,) = [line for line in section.splitlines() if line.startswith("| Growth in arrivals |")]
    assert "| at risk |" in row
    assert "on track from 100.0% of the way expected" in text


def test_render_without_settings_uses_the_default_thresholds(reviewed: Path) -> None:
    data, _ = validate(reviewed, {2026})
    (doc,) = render(data, 2026, ["md"], lang="en")
    assert "on track from 90.0% of the way expected by the date (44.6% here)" in doc.content


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]


def test_html_ids_stay_unique(reviewed: Path) -> None:
    parser = _Ids()
    parser.feed(build(reviewed, "html"))
    assert len(parser.ids) == len(set(parser.ids))


# --------------------------------------------------------------------------- statuses


def test_market_tables_show_each_actions_status_as_of_the_latest_review(reviewed: Path) -> None:
    text = build(reviewed, "md")
    france = text[text.index("#### France (FR)") : text.index("#### Spain (ES)")]
    assert "| Lever | Action | Months | Budget | Progress |\n|---|---|---|---:|---|\n" in france
    rows = [line for line in france.splitlines() if re.match(r"\| [^|]+ \| A\d ", line)]
    statuses = {row.split(" | ")[1].split(" ")[0]: row.split(" | ")[-1] for row in rows}
    # A1 ongoing from the first review, A4 cancelled by the second
    assert statuses == {"A1": "ongoing |", "A4": "cancelled |"}
    html = build(reviewed, "html")
    assert '<th scope="col">Progress</th></tr></thead>' in html
    assert "<td>cancelled</td></tr>" in html


def test_region_lists_show_each_actions_status(reviewed: Path) -> None:
    text = build(reviewed, "md")
    regions = text[text.index("\n## Regions\n") : text.index("\n## Levers and sectors\n")]
    assert "- A3 Ouarzazate, land of cinema (Influence; Mar, Apr; " in regions
    (a3,) = [line for line in regions.splitlines() if line.startswith("- A3 ")]
    assert a3.endswith("; done)")
    (a2,) = [line for line in regions.splitlines() if line.startswith("- A2 ")]
    assert a2.endswith("; planned)")
    html = build(reviewed, "html")
    assert "; done)</span></li>" in html


def test_an_action_past_its_first_month_with_no_start_shows_late(reviewed: Path) -> None:
    """A year-end review dated January: A2 (December) never started."""
    (reviewed / "progress" / "2026" / "2027-01-31.yaml").write_text(
        "note: year-end\n", encoding="utf-8"
    )
    text = build(reviewed, "md")
    regions = text[text.index("\n## Regions\n") : text.index("\n## Levers and sectors\n")]
    (a2,) = [line for line in regions.splitlines() if line.startswith("- A2 ")]
    assert a2.endswith("; late)")
    assert "- Late: A2 Ligne directe Oslo-Essaouira.\n" in text


def test_without_reviews_sections_have_no_status(plain: Path) -> None:
    text = build(plain, "md")
    assert "| Lever | Action | Months | Budget |\n|---|---|---|---:|\n" in text
    regions = text[text.index("\n## Regions\n") : text.index("\n## Levers and sectors\n")]
    (a3,) = [line for line in regions.splitlines() if line.startswith("- A3 ")]
    assert a3.endswith("800,000)")
