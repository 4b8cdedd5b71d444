"""Right-to-left languages (issue 13, point 4): the Arabic plan and progress report.

A language written right to left gets `dir="rtl"` on its HTML documents,
found from the tag's CLDR locale (Babel), never from a list of ours; one
stylesheet serves both directions through CSS logical properties, so the
tables, key figures and calendar mirror by themselves. The Markdown plan
keeps its tables and its Mermaid block. A real Chromium checks the layout.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from babel.dates import get_month_names
from babel.numbers import format_decimal
from typer.testing import CliRunner

from conftest import MINIMAL
from roadmap.build import packaged_templates, render
from roadmap.cli import app
from roadmap.i18n import Language, text_direction
from roadmap.loader import SourceFile
from roadmap.problems import UsageError
from roadmap.validation import validate
from test_html_browser import ARTIFACTS, AXE_TAGS, _unavailable, browser  # noqa: F401
from test_render_markdown import gfm, tables

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TESTS = Path(__file__).parent
DEFAULT_DATA = TESTS.parent / "data"
YEAR = 2026
HTML_OPEN = re.compile(r"<html[^>]*>")


def _build(out: Path, lang: str, fmt: str = "html") -> Path:
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(YEAR),
            "--data",
            str(DEFAULT_DATA),
            "--out",
            str(out),
            "--format",
            fmt,
            "--lang",
            lang,
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"*.{fmt}")
    return path


# --- the direction comes from the locale ------------------------------------------


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("ar-MA", "rtl"),
        ("ar-EG", "rtl"),
        ("he", "rtl"),
        ("fa", "rtl"),
        ("fr", "ltr"),
        ("en-GB", "ltr"),
        ("pt-PT", "ltr"),
        ("es", "ltr"),
    ],
)
def test_text_direction_is_the_locales(tag: str, direction: str) -> None:
    assert text_direction(tag) == direction


def test_a_language_knows_its_direction() -> None:
    assert Language("ar", "fr", "MAD").direction == "rtl"
    assert Language("ar-MA", "fr", "MAD").direction == "rtl"
    assert Language("fr", "fr", "MAD").direction == "ltr"
    assert Language("en", "fr", "MAD").direction == "ltr"


def test_a_malformed_tag_is_refused_before_any_direction() -> None:
    with pytest.raises(UsageError):
        Language("ar_", "fr", "MAD")


# --- the documents -----------------------------------------------------------------


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("ar"), "ar")


def test_the_arabic_plan_is_rtl_and_arabic(arabic: Path) -> None:
    html = arabic.read_text(encoding="utf-8")
    assert HTML_OPEN.search(html)[0] == '<html lang="ar" dir="rtl">'  # type: ignore[index]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_left_to_right_plan_has_no_rtl(tmp_path: Path, lang: str) -> None:
    html = _build(tmp_path, lang).read_text(encoding="utf-8")
    opening = HTML_OPEN.search(html)[0]  # type: ignore[index]
    assert opening in (f'<html lang="{lang}">', f'<html lang="{lang}" dir="ltr">')
    assert 'dir="rtl"' not in html


def _arabic_progress_report(tmp_path: Path) -> Path:
    """`roadmap progress YEAR --lang ar --format html` on the shipped data."""
    out = tmp_path / "progress.ar.html"
    args = ["progress", str(YEAR), "--data", str(DEFAULT_DATA), "--lang", "ar"]
    result = CliRunner().invoke(app, [*args, "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_arabic_progress_report_is_rtl(tmp_path: Path) -> None:
    out = _arabic_progress_report(tmp_path)
    html = out.read_text(encoding="utf-8")
    assert HTML_OPEN.search(html)[0] == '<html lang="ar" dir="rtl">'  # type: ignore[index]
    french = tmp_path / "progress.fr.html"
    result = CliRunner().invoke(
        app,
        [
            "progress",
            str(YEAR),
            "--data",
            str(DEFAULT_DATA),
            "--lang",
            "fr",
            "--format",
            "html",
            "--out",
            str(french),
        ],
    )
    assert result.exit_code == 0, result.output
    assert 'dir="rtl"' not in french.read_text(encoding="utf-8")


def test_arabic_months_and_babels_digits(arabic: Path) -> None:
    """Months in Arabic from CLDR; digits as Babel formats the tag (not forced)."""
    html = arabic.read_text(encoding="utf-8")
    months = get_month_names("wide", locale="ar")
    assert all(months[m] in html for m in range(1, 13))
    count = len(validate(DEFAULT_DATA, years={YEAR})[0].plans[YEAR].actions)
    assert f'<span class="value">{format_decimal(count, locale="ar")}</span>' in html


#: Physical sides that would not mirror: the stylesheets use logical ones.
PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)\b"
    r"|(?<![-\w])(?:left|right)\s*:"
)


@pytest.mark.parametrize("sheet", ["plan.css", "progress/report.css"])
def test_stylesheets_use_logical_sides(sheet: str) -> None:
    css = (packaged_templates() / sheet).read_text(encoding="utf-8")
    # the print-only vertical column headers are rotated text, not a side of the page
    css = "\n".join(line for line in css.splitlines() if "writing-mode" not in line)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert PHYSICAL.findall(css) == []
    assert re.search(r"margin: \.1rem 0 0 (?:auto|1\.5rem)", css) is None


def test_arabic_markdown_keeps_its_tables_and_mermaid_block(tmp_path: Path) -> None:
    """Arabic data text (with its own comma, semicolon and a colon) breaks nothing."""
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    plan = root / "plans" / "2026.yaml"
    raw = SourceFile.at(plan).load()
    arabic_title = "حملة الشتاء: فرنسا؛ مراكش، أكادير"
    for action in raw["actions"]:
        action["title"] = arabic_title
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data, problems = validate(root, years={2026})
    assert not [p for p in problems if p.severity == "error"]
    (doc,) = render(data, 2026, ["md"], lang="ar")
    tokens = gfm().parse(doc.content)
    found = tables(tokens)
    assert len(found) >= 10
    for rows in found:
        assert len(set(rows)) == 1, rows
    assert doc.content.count("```mermaid\n") == 1
    chart = doc.content.split("```mermaid\n", 1)[1].split("```", 1)[0]
    tasks = [line for line in chart.splitlines() if re.search(r" :\d{4}-\d\d-\d\d, ", line)]
    assert tasks
    for line in tasks:
        label = line.rsplit(" :", 1)[0]
        assert ":" not in label
        assert "حملة الشتاء" in label
        assert re.fullmatch(r".* :\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d", line)


# --- in a real Chromium ------------------------------------------------------------


@pytest.fixture
def page(browser: Browser, arabic: Path) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        opened = context.new_page()
        opened.goto(arabic.as_uri(), wait_until="load")
        yield opened
    finally:
        context.close()


def _box(page: Page, selector: str) -> dict[str, Any]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_the_action_tables_first_column_is_at_the_right(page: Page) -> None:
    first = _box(page, "#actions-table thead th:first-child")
    second = _box(page, "#actions-table thead th:nth-child(2)")
    table = _box(page, "#actions-table")
    assert first["x"] > second["x"]
    assert abs((first["x"] + first["width"]) - (table["x"] + table["width"])) < 2
    # an id stays one readable run: "A26-001", not scrambled by the bidi algorithm
    cell = page.locator("#actions-table tbody th").first
    assert re.fullmatch(r"A\d\d-\d{3}", cell.inner_text().strip())


def test_key_figures_and_calendar_read_right_to_left(page: Page) -> None:
    figures = _box(page, ".figures li:first-child")
    next_figure = _box(page, ".figures li:nth-child(2)")
    assert figures["x"] > next_figure["x"]
    january = _box(page, ".calendar thead th.month")
    december = page.locator(".calendar thead th.month").last.bounding_box()
    assert december is not None
    assert january["x"] > december["x"]


def test_no_sideways_scrolling_at_390px(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # nothing overflows off the left edge either (an RTL page scrolls that way)
    assert (
        page.evaluate(
            "Math.min(...Array.from(document.body.children, e => e.getBoundingClientRect().left))"
        )
        >= 0
    )


@pytest.mark.parametrize("width", [1440, 390])
def test_axe_finds_no_violation_in_arabic(browser: Browser, arabic: Path, width: int) -> None:  # noqa: F811
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        opened = context.new_page()
        opened.goto(arabic.as_uri(), wait_until="load")
        opened.evaluate(AXE_SCRIPT)
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = opened.evaluate("options => axe.run(document, options)", options)["violations"]
        assert violations == [], [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
        ]
    finally:
        context.close()


def test_screenshot_of_the_arabic_plan(page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "plan-ar.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.locator("#actions-table").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "plan-ar-actions.png"))


def test_the_arabic_progress_report_mirrors_in_chromium(
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    out = _arabic_progress_report(tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        opened = context.new_page()
        opened.goto(out.as_uri(), wait_until="load")
        assert opened.evaluate("document.documentElement.scrollWidth") <= 390
        # a table's first column is at its right edge
        first = _box(opened, "table thead th:first-child")
        table = _box(opened, "table")
        assert abs((first["x"] + first["width"]) - (table["x"] + table["width"])) < 2
        opened.evaluate(AXE_SCRIPT)
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = opened.evaluate("options => axe.run(document, options)", options)["violations"]
        assert violations == [], [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
        ]
    finally:
        context.close()


# --- Arabic polish: digits, isolated data text, mirrored charts ---------------------------


@pytest.mark.parametrize(
    ("tag", "digits"),
    [
        ("ar-EG", "٠١٢٣٤٥٦٧٨٩"),
        ("ar-SA", "٠١٢٣٤٥٦٧٨٩"),
        ("ar-MA", "0123456789"),
        ("ar", "0123456789"),
    ],
)
def test_digits_follow_the_locales_numbering_system(tag: str, digits: str) -> None:
    """CLDR's default numbering system for the tag (Babel): ar-EG Arabic-Indic, ar-MA Western."""
    words = Language(tag, "fr", "MAD")
    shown = words.number(1234567890)
    assert {c for c in shown if c.isdigit()} == set(digits)
    assert {c for c in words.money(1234567890) if c.isdigit()} == set(digits)
    assert {c for c in words.percent(0.5) if c.isdigit()} <= set(digits)


def test_an_egyptian_arabic_plan_writes_arabic_indic_digits(tmp_path: Path) -> None:
    """Amounts, shares and ratios the plan formats through Babel use ar-EG's digits."""
    html = _build(tmp_path, "ar-EG").read_text(encoding="utf-8")
    assert '<html lang="ar-EG" dir="rtl">' in html
    words = Language("ar-EG", "fr", "MAD")
    total = validate(DEFAULT_DATA, years={YEAR})[0].plans[YEAR]
    budget = sum(a.budget for a in total.actions)
    assert words.money(budget) in html
    assert "٠" in words.money(budget) and "0" not in words.money(budget)
    assert re.search(r'<span class="value">[٠-٩]+٫[٠-٩]+٪', html)


def test_data_text_is_isolated_where_it_meets_labels_or_ids(arabic: Path) -> None:
    html = arabic.read_text(encoding="utf-8")
    # the calendar's rows: an id, then the title isolated from it
    assert re.search(r'<th scope="row">A26-001 <bdi>[^<]+</bdi></th>', html)
    assert "<dt>A26-001 <bdi>" in html


def _bar_rows(html: str, chart: str) -> list[str]:
    """Each row of an HTML bar chart: its name, track and value spans."""
    body = html.split(f'<div id="{chart}"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<span class="name">.*?<span class="value">.*?</span>\n', body, re.DOTALL)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_bar_charts_draw_every_row(tmp_path: Path, lang: str) -> None:
    """An estimate's <span> inside SVG text once ended the chart in the HTML parser,
    so only its first row was drawn; in HTML every row holds its marked amount."""
    html = _build(tmp_path, lang).read_text(encoding="utf-8")
    for chart in ("chart-zones", "chart-levers"):
        rows = _bar_rows(html, chart)
        assert len(rows) > 5
        assert all('class="bar" style="width: ' in row for row in rows)
        assert any("≈" in row for row in rows)


# --- in a real Chromium, again -------------------------------------------------------------


def test_every_bar_is_drawn_and_grows_from_the_right(page: Page) -> None:
    bars = page.locator("#chart-levers .bar")
    names = page.locator("#chart-levers > .name")
    values = page.locator("#chart-levers > .value")
    count = bars.count()
    assert count > 5 and names.count() == count == values.count()
    for i in range(count):
        bar = bars.nth(i).bounding_box()
        label = names.nth(i).bounding_box()
        amount = values.nth(i).bounding_box()
        assert bar is not None and label is not None and amount is not None
        # label at the right, the bar to its left growing leftwards, the amount left of it
        assert label["x"] >= bar["x"] + bar["width"] - 1
        assert amount["x"] + amount["width"] <= bar["x"] + 1


def test_the_heat_map_puts_january_at_the_right(page: Page) -> None:
    months = page.locator("#chart-seasonality > .month")
    assert months.count() == 12
    january, december = months.first.bounding_box(), months.last.bounding_box()
    label = page.locator("#chart-seasonality > .label").first.bounding_box()
    assert january is not None and december is not None and label is not None
    assert label["x"] > january["x"] > december["x"]


def test_latin_data_text_reads_left_to_right_inside_the_arabic_plan(page: Page) -> None:
    """A French description is its own left-to-right paragraph: its full stop at its end."""
    direction = page.evaluate(
        "() => { const dd = document.querySelector('.descriptions dd');"
        " return [getComputedStyle(dd).unicodeBidi, dd.textContent.trim().slice(-1)]; }"
    )
    assert direction == ["plaintext", "."]
    # the full stop is drawn at the right end of the line, not jumped to the left
    dot = page.evaluate(
        "() => { const dd = document.querySelector('.descriptions dd');"
        " const text = dd.firstChild; const r = document.createRange();"
        " r.setStart(text, text.length - 1); r.setEnd(text, text.length);"
        " const box = r.getBoundingClientRect(), all = dd.getBoundingClientRect();"
        " const first = document.createRange(); first.setStart(text, 0); first.setEnd(text, 1);"
        " return [box.left, first.getBoundingClientRect().left, all.left]; }"
    )
    stop, first_letter, _ = dot
    assert stop > first_letter


def test_screenshot_of_the_arabic_charts_at_390px(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    for chart in ("chart-levers", "chart-seasonality"):
        page.locator(f"#{chart}").scroll_into_view_if_needed()
        shot = ARTIFACTS / f"plan-ar-{chart}.png"
        page.locator(f"#{chart}").screenshot(path=str(shot))
        assert shot.stat().st_size > 2_000
