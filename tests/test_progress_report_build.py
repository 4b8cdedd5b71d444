"""`roadmap build YEAR` shows "Results so far" when the year has progress reviews.

The section sits before the annex, is listed in the table of contents,
says the date it is as of (the latest review's), and shows the targets as
`roadmap progress` does; a plan with no review has no such section.
"""

from __future__ import annotations

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


def test_the_plan_is_the_same_with_and_without_reviews_but_for_the_section(
    plain: Path, tmp_path: Path
) -> None:
    without = build(plain, "md")
    shutil.copytree(REVIEWS, plain / "progress")
    with_reviews = build(plain, "md")
    start = with_reviews.index("## Results so far\n")
    end = with_reviews.index("## Annex\n")
    toc = "- [Results so far](#results-so-far)\n"
    assert with_reviews[:start].replace(toc, "") + with_reviews[end:] == without


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
