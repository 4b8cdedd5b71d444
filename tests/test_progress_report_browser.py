"""The HTML progress report opened in a real browser (Chromium, through Playwright).

The shipped data's 2026 report (its review of 30 September) in both
languages: it loads with no error and no request, its charts are drawn,
axe-core finds no accessibility violation on a desktop or a phone, the
page never scrolls sideways on a phone, where every chart's text is at
least 12 px (the targets chart reflows, the budget's curve scrolls in its
own box); screenshots are kept in
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from test_html_browser import (
    ARTIFACTS,
    CHART_TEXTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCROLLING_BOXES,
    _axe_violations,
    _describe,
    _png_size,
    _unavailable,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

DEFAULT_DATA = Path(__file__).parent.parent / "data"
VIEWPORTS = [(1440, 900), (390, 844)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[test]'")
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ARTIFACTS.mkdir(exist_ok=True)
    out = {}
    for lang in ("fr", "en"):
        path = tmp_path_factory.mktemp(lang) / f"progress-2026.{lang}.html"
        args = ["progress", "2026", "--data", str(DEFAULT_DATA), "-f", "html", "--lang", lang]
        result = CliRunner().invoke(app, [*args, "--out", str(path)])
        assert result.exit_code == 0, result.output
        out[lang] = path
    return out


def open_report(browser: Browser, path: Path, viewport: tuple[int, int]) -> tuple[Any, Page]:
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return context, page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_loads_with_no_error_and_no_request(
    browser: Browser, reports: dict[str, Path], lang: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.append(f"error: {e}"))
    page.on("request", lambda r: seen.append(r.url) if r.url != reports[lang].as_uri() else None)
    page.goto(reports[lang].as_uri(), wait_until="load")
    assert seen == []
    context.close()


def test_the_charts_are_drawn(browser: Browser, reports: dict[str, Path]) -> None:
    context, page = open_report(browser, reports["en"], VIEWPORTS[0])
    for chart in ("#chart-targets", "#chart-burn"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 200, chart
    # one bar per target with an actual, each as wide as the geometry says
    bars = page.locator("#chart-targets .actual")
    assert bars.count() == 4
    widths = [b.bounding_box()["width"] for b in bars.all()]  # type: ignore[index]
    assert all(w > 10 for w in widths)
    # the review's committed and spent points, on the plot
    assert page.locator("#chart-burn circle.committed title").count() == 1
    assert page.locator("#chart-burn rect.spent title").count() == 1
    page.screenshot(path=str(ARTIFACTS / "progress-first-screen.png"))
    assert _png_size(ARTIFACTS / "progress-first-screen.png") == (1440, 900)
    page.locator("#budget").screenshot(path=str(ARTIFACTS / "progress-budget.png"))
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}px")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_finds_no_violation(
    browser: Browser, reports: dict[str, Path], lang: str, viewport: tuple[int, int]
) -> None:
    context, page = open_report(browser, reports[lang], viewport)
    violations = _axe_violations(page)
    context.close()
    assert violations == [], _describe(violations)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_nothing_scrolls_sideways_at_1440_px(
    browser: Browser, reports: dict[str, Path], lang: str
) -> None:
    context, page = open_report(browser, reports[lang], VIEWPORTS[0])
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[0][0]
        assert page.evaluate(SCROLLING_BOXES) == []
    finally:
        context.close()


def test_a_phone_never_scrolls_the_page_sideways(
    browser: Browser, reports: dict[str, Path]
) -> None:
    context, page = open_report(browser, reports["fr"], VIEWPORTS[1])
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "progress-phone.png"))
    context.close()
    assert scroll <= VIEWPORTS[1][0]


#: The smallest text a reader is asked to read, in CSS pixels.
MIN_TEXT = 12


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_is_readable_on_a_phone(
    browser: Browser, reports: dict[str, Path], lang: str
) -> None:
    """Both charts used to be 800-unit drawings scaled to 326 px: 5 px text."""
    context, page = open_report(browser, reports[lang], VIEWPORTS[1])
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[1][0]
        texts = page.evaluate(CHART_TEXTS)
        assert {t["chart"] for t in texts} == {"chart-targets", "chart-burn"}
        small = [t for t in texts if t["size"] < MIN_TEXT]
        assert small == []
        # the targets chart fits the screen: label, bars and figures stacked
        targets = [t for t in texts if t["chart"] == "chart-targets"]
        assert all(t["left"] >= 0 and t["right"] <= VIEWPORTS[1][0] for t in targets)
        # the budget's curve scrolls in a box the keyboard reaches and a reader can name
        box = page.locator(".chart-scroll")
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.chart-scroll').scrollLeft > 0")
        page.locator("#targets").screenshot(
            path=str(ARTIFACTS / f"progress-{lang}-390-targets.png")
        )
        page.locator("#budget").screenshot(path=str(ARTIFACTS / f"progress-{lang}-390-budget.png"))
    finally:
        context.close()
