"""`roadmap progress --format md|html`: the progress report as Markdown and self-contained HTML.

Goldens are the minimal plan with two reviews (tests/data/progress-report:
a first quarter, then a half-year that supersedes it key by key), in both
languages and formats; regenerate with
`python -m pytest tests/test_progress_report.py --update-golden`.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL
from roadmap.cli import app
from roadmap.i18n import CATALOGUES
from roadmap.progress import report_labels

#: A committed point of the burn chart (the legend's circle has no title).
REVIEW_POINT = r'<circle class="committed" cx="[\d.]+" cy="[\d.]+" r="5"><title>'
GOLDEN = Path(__file__).parent / "golden" / "progress"
REVIEWS = EXAMPLES / "progress-report" / "progress"
NBSP = "\u00a0"
NNBSP = "\u202f"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal data folder with the two reviews of tests/data/progress-report."""
    root = tmp_path_factory.mktemp("reviewed") / "data"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(REVIEWS, root / "progress")
    return root


def report(root: Path, fmt: str, *options: str) -> str:
    code, out = run("progress", "2026", "--data", str(root), "--format", fmt, *options)
    assert code == 0, out
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(reviewed: Path, fmt: str, lang: str, update_golden: bool) -> None:
    content = report(reviewed, fmt, "--lang", lang)
    golden = GOLDEN / f"progress-2026.{lang}.{fmt}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content.encode("utf-8"))
    assert golden.exists(), f"{golden} missing: run pytest --update-golden"
    assert content == golden.read_bytes().decode("utf-8"), f"{golden.name} differs"


# --------------------------------------------------------------------------- what it says


def md_rows(text: str, first: str) -> list[list[str]]:
    """Cells of the Markdown table rows whose first cell is `first` (no-break spaces as spaces)."""
    rows = []
    for line in text.replace(NBSP, " ").replace(NNBSP, " ").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("|") and cells[0] == first:
            rows.append(cells)
    return rows


def test_each_target_has_baseline_target_actual_share_and_verdict(reviewed: Path) -> None:
    text = report(reviewed, "md", "--lang", "en")
    assert md_rows(text, "Objective")[0] == [
        "Objective", "Target", "Unit", "Baseline", "Target", "Actual", "Period",
        "Of the way", "Verdict", "Source",
    ]  # fmt: skip
    (arrivals,) = md_rows(text, "Growth in arrivals")
    # the half-year review supersedes the first quarter's 20.2
    assert arrivals[3:9] == ["19.8", "21.5", "20.6", "twelve months to June", "47.1%", "on track"]
    assert arrivals[9] == "Ministère du Tourisme, bulletin de juillet"
    (ratio,) = md_rows(text, "Désaisonnalisation")
    assert ratio[5] == "≈ 2.55" and ratio[8] == "at risk"


def test_as_of_date_is_the_latest_review_or_the_one_asked(reviewed: Path) -> None:
    assert report(reviewed, "md", "--lang", "en").startswith(
        "# Progress of the 2026 plan as of June 30, 2026\n"
    )
    text = report(reviewed, "md", "--lang", "en", "--as-of", "2026-04-30")
    assert text.startswith("# Progress of the 2026 plan as of April 30, 2026\n")
    (arrivals,) = md_rows(text, "Growth in arrivals")
    assert arrivals[5] == "20.2"  # only the first quarter's review counts


def test_estimates_are_marked_and_explained_published_figures_are_not(reviewed: Path) -> None:
    text = report(reviewed, "md", "--lang", "en")
    (a1,) = md_rows(text, "A1")
    (a3,) = md_rows(text, "A3")
    # A1's money rests on a financial report; A3's on an assumption
    assert a1[4:6] == ["MAD 2,500,000", "MAD 2,400,000"]
    assert a3[4:6] == ["≈ MAD 800,000", "≈ MAD 780,000"]
    assert "an estimate, not a published figure" in text
    html = report(reviewed, "html", "--lang", "en")
    mark = (
        '<span class="estimate" title="estimate"><span aria-hidden="true">≈</span>'
        '<span class="visually-hidden">estimate</span></span>'
    )
    assert f'<td class="num">{mark}{NBSP}2.55</td>' in html
    assert html.count(mark) == report(reviewed, "md", "--lang", "en").count(f"≈{NBSP}") - 1


def test_budget_by_lever_zone_region_partner_with_the_partners_share_paid(
    reviewed: Path,
) -> None:
    text = report(reviewed, "md", "--lang", "en")
    for title in ("Budget by lever", "Budget by zone", "Budget by region", "Budget by partner"):
        assert f"\n### {title}\n" in text
    (cnt,) = md_rows(text, "National Tourism Confederation")
    # CNT: 1,000,000 planned; 700,000 committed (first quarter), 700,000 spent (half-year)
    assert cnt[1:] == ["MAD 1,000,000", "MAD 700,000", "MAD 700,000", "70.0%"]
    # paid: ONMT 900,000, CNT 700,000: the partners other than the office paid 7/16
    assert "Partners' share: 34.2% of the planned money, 43.8% of the paid" in text


def test_burn_by_month_planned_cumulative_committed_and_spent_at_each_review(
    reviewed: Path,
) -> None:
    text = report(reviewed, "md", "--lang", "en")
    months = {row[0]: row[1:] for row in md_rows(text, "January") + md_rows(text, "March")}
    months.update({row[0]: row[1:] for row in md_rows(text, "June") + md_rows(text, "December")})
    # A1 (3,000,000 over January, February, November): a third in January
    assert months["January"] == ["MAD 1,000,000", "—", "—"]
    assert months["March"] == ["MAD 2,400,000", "≈ MAD 3,300,000", "≈ MAD 1,400,000"]
    assert months["June"][1:] == ["≈ MAD 3,300,000", "≈ MAD 3,180,000"]
    assert months["December"][0] == "MAD 5,700,000"  # the whole plan by the year's end


def test_actions_by_status_late_ones_and_proposals_with_what_became_of_them(
    reviewed: Path,
) -> None:
    text = report(reviewed, "md", "--lang", "en")
    statuses = {row[0]: row[1] for row in md_rows(text, "ongoing") + md_rows(text, "cancelled")}
    assert statuses == {"ongoing": "1", "cancelled": "1"}
    (a4,) = md_rows(text, "A4")
    assert a4[2] == "cancelled" and a4[7] == "Fam trip moved to 2027"
    (p2,) = md_rows(text, "P2")
    assert p2[2:] == [
        "open",
        "deferred",
        "May 20, 2026: deferred (No airline for winter 2026)",
        "A2",
    ]
    # as of 31 December, A2 (December) is not late; as of next March it is
    late = report(reviewed, "md", "--lang", "en", "--as-of", "2027-01-31")
    assert "\n### Late actions (months passed with no start)\n" in late
    (a2,) = [row for row in md_rows(late, "A2") if len(row) == 3]
    assert a2 == ["A2", "Ligne directe Oslo-Essaouira", "Dec"]


def test_no_review_shows_the_plan_as_adopted(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    text = report(root, "md", "--lang", "en", "--as-of", "2026-02-01")
    assert "No review by that date: the plan as adopted." in text
    assert "≈ MAD" not in text.replace(NBSP, " ")  # no money reported, so none estimated
    html = report(root, "html", "--lang", "en", "--as-of", "2026-02-01")
    assert not re.search(REVIEW_POINT, html)  # no review point on the chart


# --------------------------------------------------------------------------- HTML


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_html_is_self_contained_with_two_titled_charts(reviewed: Path) -> None:
    html = report(reviewed, "html", "--lang", "en")
    tags = elements(html)
    names = {tag for tag, _ in tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in tags:
        for key, value in attrs.items():
            assert key not in ("src", "srcset") and not key.startswith("on")
            if key == "href":
                assert value is not None and value.startswith("#"), value
    assert "url(" not in html and "@import" not in html
    # the targets in HTML (they reflow on a phone), the budget's curve in SVG
    for tag, chart in (("div", "chart-targets"), ("svg", "chart-burn")):
        (found,) = [a for t, a in tags if t == tag and a.get("id") == chart]
        assert found["role"] == "img"
        assert found["aria-labelledby"] == f"{chart}-title {chart}-desc"
    # one bar group per target; a target with an actual has its coloured bar
    assert html.count('<span class="baseline"') == 2
    assert html.count('<span class="actual verdict-on-track"') == 1
    assert html.count('<span class="actual verdict-at-risk"') == 1
    # one committed and one spent point per review
    assert len(re.findall(REVIEW_POINT, html)) == 2
    assert len(re.findall(r'<rect class="spent" x="[\d.]+" y="[\d.]+" [^>]*><title>', html)) == 2


def test_target_bars_are_to_scale(reviewed: Path) -> None:
    html = report(reviewed, "html", "--lang", "en")
    first = html[html.index('<div class="target"') :]
    first = first[: first.index("</div>")]
    widths = dict(
        re.findall(r'<span class="(baseline|actual)[^"]*" style="inline-size: ([\d.]+)%"', first)
    )
    (goal,) = re.findall(r'<span class="goal" style="inset-inline-start: ([\d.]+)%"', first)
    # arrivals: 19.8, 20.6 and 21.5 on a scale from 0 to 21.5, as shares of the track
    assert float(widths["baseline"]) == pytest.approx(19.8 / 21.5 * 100, abs=0.1)
    assert float(widths["actual"]) == pytest.approx(20.6 / 21.5 * 100, abs=0.1)
    assert float(goal) == pytest.approx(100, abs=0.1)


# --------------------------------------------------------------------------- hostile text

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) "
    "*em* | `code` {{ 7*7 }}"
)
FORMULAS = ['=HYPERLINK("http://evil.example")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review whose every text is markup or a spreadsheet formula."""
    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(MINIMAL, root)
    review = {
        "note": HOSTILE,
        "targets": [{"target": "arrivals", "actual": 20.0, "period": HOSTILE, "source": HOSTILE}],
        "actions": [
            {
                "action": "A1",
                "status": "ongoing",
                "spent": 10,
                "note": {"date": "2026-03-01", "text": FORMULAS[0] + " " + HOSTILE},
                "basis": {"source": FORMULAS[1], "assumption": True},
            },
            {"action": "A4", "status": "cancelled", "reason": FORMULAS[2]},
        ],
        "proposals": [
            {"proposal": "P2", "status": "declined", "date": "2026-03-02", "reason": FORMULAS[3]}
        ],
    }
    folder = root / "progress" / "2026"
    folder.mkdir(parents=True)
    (folder / "2026-03-31.yaml").write_text(yaml.safe_dump(review), encoding="utf-8")
    return root


def test_hostile_text_is_inert_in_html(hostile: Path) -> None:
    html = report(hostile, "html", "--lang", "en")
    tags = elements(html)
    assert "script" not in {t for t, _ in tags} and "img" not in {t for t, _ in tags}
    assert all(not k.startswith("on") for _, attrs in tags for k in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    for formula in FORMULAS:  # shown as written, as text
        assert formula.replace('"', "&#34;").replace("'", "&#39;") in html


def test_hostile_text_is_inert_in_markdown(hostile: Path) -> None:
    text = report(hostile, "md", "--lang", "en")
    rendered = MarkdownIt("gfm-like").render(text)
    tags = elements(rendered)
    assert not {t for t, _ in tags} & {"script", "img", "code"}
    # the one link is the web address the note names, as the plan links them
    assert [a["href"] for t, a in tags if t == "a"] == ["http://evil.example"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "*em*" in rendered and "[x](javascript:alert(1))" in rendered
    # the tables keep their columns: a `|` in a note does not open a cell
    (a1,) = md_rows(text, "A1")
    assert len(a1) == 8
    for formula in FORMULAS[2:]:
        assert formula in rendered


# --------------------------------------------------------------------------- options


def test_out_writes_the_file_and_says_so(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout = run(
        "progress", "2026", "--data", str(reviewed), "--format", "html", "--out", str(out)
    )
    assert code == 0 and stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == report(reviewed, "html")


def test_out_creates_missing_folders(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "deeper" / "report.md"
    code, _ = run("progress", "2026", "--data", str(reviewed), "-f", "md", "--out", str(out))
    assert code == 0 and out.read_text(encoding="utf-8") == report(reviewed, "md")


def test_out_on_a_folder_or_under_a_file_is_a_usage_error(reviewed: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    for out, message in [
        (tmp_path, "it is a folder, not a file"),
        (tmp_path / "afile" / "report.md", "is a file, not a folder"),
    ]:
        result = CliRunner().invoke(
            app, ["progress", "2026", "--data", str(reviewed), "-f", "md", "--out", str(out)]
        )
        assert result.exit_code == 2 and message in result.output, result.output
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "kept"


def test_an_unknown_format_is_refused(reviewed: Path) -> None:
    result = CliRunner().invoke(app, ["progress", "2026", "--data", str(reviewed), "-f", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_an_unknown_language_is_refused(reviewed: Path) -> None:
    result = CliRunner().invoke(
        app, ["progress", "2026", "--data", str(reviewed), "--format", "md", "--lang", "de"]
    )
    assert result.exit_code == 2
    assert "no message catalogue for language 'de'" in result.output


# --------------------------------------------------------------------------- labels


def test_labels_exist_in_every_language_of_the_catalogue() -> None:
    keys = {
        code: {k for k in labels if k.startswith(report_labels.PREFIX)}
        for code, labels in CATALOGUES.items()
    }
    assert "report.section.targets" in keys["en"]
    assert all(k == keys["en"] for k in keys.values())


def test_the_documents_are_in_the_language_asked(reviewed: Path) -> None:
    fr = report(reviewed, "md", "--lang", "fr")
    assert fr.startswith("# Avancement du plan 2026 au 30 juin 2026\n")
    assert "\n## Cibles et réalisations\n" in fr
    html = report(reviewed, "html", "--lang", "fr")
    assert '<html lang="fr">' in html and "Budget cumulé par mois" in html
