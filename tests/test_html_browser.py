"""The built HTML plan in a real headless Chromium, driven by Playwright.

What a reader gets when they open `plan-2026.fr.html`: no console error,
no request beyond the file itself, every section present and visible,
headings in order, tables with headers, charts with titles, a filter that
hides and shows action rows, every row readable without JavaScript, and a
clean print (A4 portrait, no filter controls), and a layout that never
scrolls the page sideways: at 1,440 px every action table cell is on screen,
on a 390 px phone the action table is a card per action and every chart's
text is at least 12 px (French and Arabic).

Chromium is the Debian package at /usr/bin/chromium (`.ci/run` installs it);
Playwright's own browser downloads are never used. Without Chromium or
Playwright these tests skip on a developer's machine and FAIL under CI=true.
Screenshots land in tests/artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.models import Plan
from roadmap.validation import validate

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

TESTS = Path(__file__).parent
DEFAULT_DATA = TESTS.parent / "data"
ARTIFACTS = TESTS / "artifacts"
YEAR = 2026
CHROMIUM = os.environ.get("ROADMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Every section the issue lists, by id, in document order.
SECTIONS = [
    "cover",
    "toc",
    "summary",
    "markets",
    "regions",
    "levers",
    "priorities",
    "high-potential",
    "deseasonalisation",
    "calendar",
    "coconstruction",
    "annex",
    "actions-table",
]
A4_POINTS = (595, 842)  # width, height of an A4 page in PDF points, rounded
#: Width and height of the printed content in CSS pixels: A4 less the print
#: stylesheet's margins (15 mm at the sides, 18 and 20 mm above and below),
#: at 96 px per inch.
PRINT_WIDTH = 680
PRINT_HEIGHT = 979


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where Chromium must be there."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[test]'")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        _unavailable(f"no Chromium at {CHROMIUM} ({found=}): apt-get install chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class Built:
    html: Path
    plan: Plan
    regions: list[str]


def _build(out: Path, *options: str) -> Path:
    result = CliRunner().invoke(
        app, ["build", str(YEAR), "--data", str(DEFAULT_DATA), "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    (html,) = out.glob("*.html")
    return html


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The default data's plan built as HTML (the dataset's language: French)."""
    html = _build(tmp_path_factory.mktemp("fr"), "--format", "html")
    data, _ = validate(DEFAULT_DATA, years={YEAR})
    assert data.regions is not None
    return Built(html, data.plans[YEAR], [r.id for r in data.regions.regions])


@dataclass
class Visit:
    """An opened page and everything it reported while loading."""

    page: Page
    url: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text}")

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Visit]]:
    """open_page(path, javascript=True) -> a Visit of the loaded page."""
    contexts = []

    def opener(path: Path, javascript: bool = True) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, path.as_uri())
        page.on("console", visit.on_console)
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("request", visit.on_request)
        page.goto(visit.url, wait_until="load")
        return visit

    yield opener
    for context in contexts:
        context.close()


def _count(page: Page) -> tuple[int, int]:
    """(actions visible, the number the filter shows)."""
    visible = page.locator("#actions-table tbody.action:visible").count()
    return visible, int(page.locator("#filter-count").inner_text())


def _eval(page: Page, script: str) -> Any:
    return page.evaluate(script)


# --- loading: no error, no network ------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_opens_without_console_error_page_error_or_network_request(
    open_page: Callable[..., Visit], tmp_path: Path, lang: str
) -> None:
    visit = open_page(_build(tmp_path, "--format", "html", "--lang", lang))
    assert visit.page.locator("html").get_attribute("lang") == lang
    assert visit.errors == []
    assert [m for m in visit.console if m.startswith(("error", "warning"))] == []
    # the file itself and nothing else: no http(s), no data: fetch, no font, no image
    assert visit.requests == [visit.url]


def test_no_element_could_fetch_anything(open_page: Callable[..., Visit], built: Built) -> None:
    page = open_page(built.html).page
    fetchers = _eval(
        page,
        """Array.from(document.querySelectorAll(
             'link[href], img, script[src], iframe, object, embed, video, audio, source'
           )).map(e => e.outerHTML.slice(0, 80))""",
    )
    assert fetchers == []
    # no CSS url(...) or @import, no web font
    styles = _eval(page, "Array.from(document.styleSheets).map(s => s.ownerNode.textContent)")
    assert styles and not any(re.search(r"url\(|@import|@font-face", s) for s in styles)


# --- structure ----------------------------------------------------------------------


def test_every_section_is_present_and_visible(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible(), section
    # one visible section per region of regions.yaml
    regions = page.locator("#regions section.region")
    assert regions.count() == len(built.regions)
    assert all(region.is_visible() for region in regions.all())
    assert page.locator("#markets article.market").count() >= 1
    # the table of contents points at sections that exist, in document order
    targets = _eval(page, "Array.from(document.querySelectorAll('#toc a')).map(a => a.hash)")
    assert targets, "empty table of contents"
    positions = []
    for target in targets:
        element = page.locator(target)
        assert element.count() == 1, target
        positions.append(element.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))
    assert positions == sorted(positions)


def test_headings_go_down_one_level_at_a_time(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    levels = _eval(
        page,
        "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))"
        ".map(h => [Number(h.tagName[1]), h.textContent.trim()])",
    )
    assert levels[0][0] == 1
    assert sum(1 for level, _ in levels if level == 1) == 1
    assert all(text for _, text in levels), "an empty heading"
    for (before, _), (level, text) in itertools.pairwise(levels):
        assert level <= before + 1, f"h{before} then h{level} ({text!r}): a level skipped"


def test_every_table_has_headers_and_every_chart_a_title(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    tables = page.locator("table")
    assert tables.count() > 5
    headless = _eval(
        page,
        """Array.from(document.querySelectorAll('table'))
             .filter(t => !t.querySelector('thead th[scope=col]'))
             .map(t => t.id || t.outerHTML.slice(0, 80))""",
    )
    assert headless == []
    charts = _eval(
        page,
        """Array.from(document.querySelectorAll('svg, .chart')).map(chart => {
             const ids = (chart.getAttribute('aria-labelledby') || '').split(/\\s+/)
               .filter(Boolean);
             const own = chart.querySelector(':scope > title');
             const named = ids.map(i => (document.getElementById(i) || {}).textContent || '');
             return {
               id: chart.id,
               title: ((own ? own.textContent : '') + named.join(' ')).trim(),
               label: chart.getAttribute('aria-label') || '',
               missing: ids.filter(i => !document.getElementById(i)),
               role: chart.getAttribute('role'),
             };
           })""",
    )
    assert {c["id"] for c in charts} >= {"chart-zones", "chart-levers", "chart-seasonality"}
    for chart in charts:
        assert chart["title"] or chart["label"], chart
        assert chart["missing"] == [], chart
        assert chart["role"] == "img", chart


def test_calendar_marks_are_read_out_and_empty_months_have_gridlines(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    cells = _eval(
        page,
        """(() => {
             const on = Array.from(document.querySelectorAll('.calendar td.on'));
             const off = document.querySelector('.calendar td.month:not(.on)');
             const style = getComputedStyle(off);
             return {
               on: on.length,
               silent: on.filter(td => !td.textContent.trim()).length,
               shown: on.filter(td => td.querySelector('span').getBoundingClientRect().width > 1)
                 .length,
               first: on[0].textContent,
               border: [style.borderLeftWidth, style.borderLeftColor, style.borderTopWidth],
               background: style.backgroundColor,
             };
           })()""",
    )
    assert cells["on"] > 0
    assert cells["silent"] == 0  # every mark says its month to a screen reader
    assert cells["shown"] == 0  # ... in text no one sees
    assert cells["first"] == "janvier\u00a0: prévue"
    width, colour, top = cells["border"]
    assert width == top == "1px"
    assert colour not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")  # a visible gridline


# --- the filter -----------------------------------------------------------------------


def test_filter_hides_rows_that_do_not_match_and_reset_shows_all(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    actions = built.plan.actions
    total = len(actions)
    assert page.locator("#action-filters").is_visible()
    assert _count(page) == (total, total)

    def expect(market: str = "", region: str = "", lever: str = "") -> int:
        return sum(
            1
            for a in actions
            if (not market or market in a.markets)
            and (not region or a.region == region)
            and (not lever or a.lever == lever)
        )

    # every market, region and lever an action names can be chosen
    offered = {
        name: set(
            page.eval_on_selector_all(
                f"#filter-{name} option", "os => os.map(o => o.value).filter(Boolean)"
            )
        )
        for name in ("market", "region", "lever")
    }
    assert offered["market"] >= {m for a in actions for m in a.markets}
    assert offered["region"] >= {a.region for a in actions if a.region}
    assert offered["lever"] >= {a.lever for a in actions}

    # a market with some actions, but not all of them
    market = next(
        m for m in sorted({m for a in actions for m in a.markets}) if 0 < expect(m) < total
    )
    page.select_option("#filter-market", market)
    assert _count(page) == (expect(market), expect(market))
    for row in page.locator("#actions-table tbody.action:visible").all():
        assert market in (row.get_attribute("data-markets") or "").split()
        # an action's details row goes with it
        assert row.locator("tr.details").is_visible()

    # and a lever: the intersection
    lever = next(a.lever for a in actions if market in a.markets)
    page.select_option("#filter-lever", lever)
    both = expect(market, lever=lever)
    assert 0 < both <= expect(market)
    assert _count(page) == (both, both)

    # a region alone (the market and lever back to "all")
    page.select_option("#filter-market", "")
    page.select_option("#filter-lever", "")
    region = next(r for r in sorted({a.region for a in actions if a.region}) if expect(region=r))
    page.select_option("#filter-region", region)
    assert _count(page) == (expect(region=region), expect(region=region))
    assert expect(region=region) < total

    # a combination nothing matches: zero rows, zero shown
    other = next(
        (r, lv)
        for r in sorted({a.region for a in actions if a.region})
        for lv in sorted({a.lever for a in actions})
        if expect(region=r, lever=lv) == 0
    )
    page.select_option("#filter-region", other[0])
    page.select_option("#filter-lever", other[1])
    assert _count(page) == (0, 0)

    # reset: every row back
    page.evaluate("document.getElementById('action-filters').reset()")
    page.wait_for_function(f"document.getElementById('filter-count').textContent === '{total}'")
    assert _count(page) == (total, total)


def test_every_action_row_is_visible_without_javascript(
    open_page: Callable[..., Visit], built: Built
) -> None:
    visit = open_page(built.html, javascript=False)
    page = visit.page
    rows = page.locator("#actions-table tbody.action")
    assert rows.count() == len(built.plan.actions)
    assert page.locator("#actions-table tbody.action:visible").count() == len(built.plan.actions)
    assert page.locator("#actions-table tr.details:visible").count() == len(built.plan.actions)
    # the filter needs the script: without it, it is not offered at all
    assert not page.locator("#action-filters").is_visible()
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible(), section
    assert visit.errors == []


# --- print ------------------------------------------------------------------------------


def test_print_keeps_the_calendar_marks_and_every_column(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    page.emulate_media(media="print")
    # a browser prints without background colours unless told: the calendar's
    # month marks and the key figures' cards are background colours
    adjust = _eval(
        page,
        """['.calendar td.on', '.figures li'].map(
             s => getComputedStyle(document.querySelector(s)).printColorAdjust)""",
    )
    assert adjust == ["exact", "exact"]
    # laid out at the printed width of a portrait page, no table runs past its edge
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    wider = _eval(
        page,
        """Array.from(document.querySelectorAll('table'))
             .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1)
             .map(t => t.id || t.querySelector('th').innerText)""",
    )
    assert wider == []


def test_print_keeps_the_action_table_on_portrait_pages_many_actions_a_page(
    open_page: Callable[..., Visit], built: Built
) -> None:
    """It used to need landscape pages, which held about three actions each."""
    page = open_page(built.html).page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": PRINT_HEIGHT})
    landscape = _eval(
        page,
        """Array.from(document.querySelectorAll('body *'))
             .filter(e => getComputedStyle(e).page !== 'auto').length""",
    )
    assert landscape == 0
    # printed as a table (not as cards), every cell inside the page's width
    assert _eval(page, "getComputedStyle(document.querySelector('#actions-table')).display") == (
        "table"
    )
    outside = _eval(
        page,
        """Array.from(document.querySelectorAll('#actions-table :is(th, td)'))
             .filter(c => c.getBoundingClientRect().right > window.innerWidth + 1)
             .map(c => c.innerText.slice(0, 40))""",
    )
    assert outside == []
    # an action (its row and its details) is never split across two pages, and
    # a page holds at least six of them on average
    heights = _eval(
        page,
        """Array.from(document.querySelectorAll('#actions-table tbody.action'))
             .map(b => b.getBoundingClientRect().height)""",
    )
    assert (
        _eval(
            page,
            "getComputedStyle(document.querySelector('#actions-table tbody.action')).breakInside",
        )
        == "avoid"
    )
    assert len(heights) == len(built.plan.actions)
    assert PRINT_HEIGHT / (sum(heights) / len(heights)) >= 6, heights


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_key_figures_fit_their_cards(
    open_page: Callable[..., Visit], tmp_path: Path, lang: str
) -> None:
    page = open_page(_build(tmp_path, "--format", "html", "--lang", lang)).page
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflowing = _eval(
            page,
            """Array.from(document.querySelectorAll('.figures li'))
                 .filter(li => li.scrollWidth > li.clientWidth + 1)
                 .map(li => li.innerText)""",
        )
        assert overflowing == [], width


def test_no_key_figure_sits_alone_on_a_row(open_page: Callable[..., Visit], built: Built) -> None:
    page = open_page(built.html).page
    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        rows = _eval(
            page,
            """Array.from(document.querySelectorAll('.figures')).map(ul => {
                 const rows = {};
                 for (const li of ul.children) {
                   const top = Math.round(li.getBoundingClientRect().top);
                   rows[top] = (rows[top] || 0) + 1;
                 }
                 return Object.keys(rows).sort((a, b) => a - b).map(k => rows[k]);
               })""",
        )
        assert rows[0] == [2, 3], width  # the summary: its size, then its funding
        for cards in rows:
            assert len(cards) == 1 or min(cards) >= 2, (width, rows)


def test_no_sideways_scrolling_of_the_page_on_a_phone(
    open_page: Callable[..., Visit], built: Built
) -> None:
    """Wide tables scroll inside their own box; the page itself does not."""
    page = open_page(built.html).page
    page.set_viewport_size({"width": 390, "height": 844})
    assert _eval(page, "document.documentElement.scrollWidth") <= 390
    unwrapped = _eval(
        page,
        "Array.from(document.querySelectorAll('table'))"
        ".filter(t => !t.parentElement.classList.contains('table-wrap')).length",
    )
    assert unwrapped == 0


def test_a_long_unbroken_word_wraps_instead_of_widening_the_page_or_its_table(
    open_page: Callable[..., Visit], tmp_path: Path
) -> None:
    """A 7,000-character action title (shown in tables, lists and the region's
    proposals) wraps: the page does not scroll sideways and no table is much
    wider than with ordinary titles."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    plan = data / "plans" / f"{YEAR}.yaml"
    text, n = re.subn(
        r"^(  - id: \S+\n    title:\n      fr: ).*$",  # the first action's
        r"\g<1>" + "W" * 7000,
        plan.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert n == 1
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(YEAR), "--data", str(data), "--out", str(out), "--format", "html"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = open_page(out / f"plan-{YEAR}.fr.html").page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert _eval(page, "document.documentElement.scrollWidth") <= width
        widest = _eval(
            page,
            "Math.max(...Array.from(document.querySelectorAll('table')).map(t => t.scrollWidth))",
        )
        assert widest < 2500, width  # ordinary titles: about 1,500 px (the action table)


def test_print_hides_the_filter_and_gives_several_a4_pages(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    assert page.locator("#action-filters").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#action-filters").is_visible()
    assert page.locator("#actions-table tbody.action:visible").count() == len(built.plan.actions)
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible(), section
    page.screenshot(path=str(ARTIFACTS / "print-first-screen.png"))
    # as a reader prints: background graphics off (the stylesheet keeps the ones that matter)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "plan-2026.fr.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) > 5
    boxes = [
        tuple(round(float(x)) for x in box.split()[2:])
        for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    ]
    # A4 portrait, every page (the action table too)
    assert set(boxes) == {A4_POINTS}


# --- screenshots, kept as artifacts ------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_screenshots_of_the_first_screen_and_a_region(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    first = ARTIFACTS / "first-screen.png"
    page.screenshot(path=str(first))
    assert _png_size(first) == (1280, 900)
    assert page.locator("h1").is_visible()
    assert page.locator("h1").bounding_box()["y"] < 900  # type: ignore[index]

    region = page.locator("#regions section.region").first
    region.scroll_into_view_if_needed()
    shot = ARTIFACTS / "region.png"
    region.screenshot(path=str(shot))
    width, height = _png_size(shot)
    assert width > 600 and height > 200
    # lead and emerging destinations side by side on a wide screen
    boxes = [d.bounding_box() for d in region.locator(".side-by-side > .destination").all()]
    assert len(boxes) == 2
    lead, emerging = boxes
    assert lead and emerging
    assert emerging["x"] > lead["x"] + lead["width"] - 1
    assert abs(emerging["y"] - lead["y"]) < 1

    for chart, name in [("#chart-seasonality", "seasonality.png"), ("#calendar", "calendar.png")]:
        page.locator(chart).screenshot(path=str(ARTIFACTS / name))


# --- accessibility: axe-core and the charts' contrast -------------------------------------

#: Every WCAG 2.0/2.1/2.2 A and AA rule of axe-core, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: A desktop and a phone (where every wide table scrolls sideways).
VIEWPORTS = [(1440, 900), (390, 844)]


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run the axe-core bundled by axe-playwright-python (offline) on the page."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {' '.join(n['target'])}: {n['html'][:120]}" for n in v["nodes"])
        for v in violations
    )


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        lang: _build(tmp_path_factory.mktemp(lang), "--format", "html", "--lang", lang)
        for lang in ("fr", "en")
    }


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}px")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_finds_no_violation(
    browser: Browser, plans: dict[str, Path], lang: str, viewport: tuple[int, int], script: bool
) -> None:
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        if script:
            page.goto(plans[lang].as_uri(), wait_until="load")
            assert page.locator("#action-filters").is_visible()
        else:
            # axe itself needs JavaScript: the page is loaded without its own script
            # instead (what a reader with scripts off gets: no filter form)
            html = plans[lang].read_text(encoding="utf-8")
            html, n = re.subn(r"<script>.*?</script>", "", html, flags=re.DOTALL)
            assert n == 1
            page.set_content(html, wait_until="load")
            assert not page.locator("#action-filters").is_visible()
        violations = _axe_violations(page)
        assert violations == [], _describe(violations)
    finally:
        context.close()


def test_axe_reports_a_scroll_box_the_keyboard_cannot_reach(browser: Browser, built: Built) -> None:
    """The check above can fail: a table wrapper without tabindex is a violation on a phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        html = built.html.read_text(encoding="utf-8").replace(' tabindex="0"', "")
        page.set_content(html, wait_until="load")
        ids = {v["id"] for v in _axe_violations(page)}
        assert "scrollable-region-focusable" in ids
    finally:
        context.close()


def test_every_wide_table_can_be_scrolled_from_the_keyboard(
    open_page: Callable[..., Visit], built: Built
) -> None:
    page = open_page(built.html).page
    page.set_viewport_size({"width": 390, "height": 844})
    wraps = _eval(
        page,
        """Array.from(document.querySelectorAll('.table-wrap')).map(w => {
             const ids = (w.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
             return {
               scrolls: w.scrollWidth > w.clientWidth,
               tabindex: w.getAttribute('tabindex'),
               role: w.getAttribute('role'),
               name: ids.map(i => (document.getElementById(i) || {}).textContent || '')
                 .join(' ').trim(),
               missing: ids.filter(i => !document.getElementById(i)),
             };
           })""",
    )
    assert any(w["scrolls"] for w in wraps)  # a phone: the wide tables do scroll
    for wrap in wraps:
        assert wrap["tabindex"] == "0" and wrap["role"] == "region", wrap
        assert wrap["name"] and wrap["missing"] == [], wrap
    names = [w["name"] for w in wraps]
    assert len(set(names)) == len(names), "two scroll boxes with one name"
    # a wrapper is reached by Tab and then scrolls with the arrow keys (the
    # calendar: the action table is a card per action on a phone, and does not scroll)
    wide = page.locator(".table-wrap").filter(has=page.locator("table.calendar"))
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-wrap:has(.calendar)').scrollLeft > 0")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_text_meets_aa_contrast(
    open_page: Callable[..., Visit], plans: dict[str, Path], lang: str
) -> None:
    """Each heat-map number against its own cell's colour (chosen in Python),
    and every other chart text against the page."""
    from roadmap.render.colours import AA_NORMAL, contrast

    page = open_page(plans[lang]).page
    texts = _eval(
        page,
        """(() => {
             const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
               .map(n => Number(n).toString(16).padStart(2, '0')).join('');
             return Array.from(document.querySelectorAll('.chart *'))
               .filter(e => e.childElementCount === 0 && e.textContent.trim()
                            && e.getBoundingClientRect().width > 1)
               .map(e => {
                 const style = getComputedStyle(e);
                 const background = style.backgroundColor;
                 return {
                   text: e.textContent,
                   colour: hex(style.color),
                   under: background === 'rgba(0, 0, 0, 0)' ? '#ffffff' : hex(background),
                 };
               });
           })()""",
    )
    heat = [t for t in texts if t["under"] != "#ffffff"]
    assert len(heat) == 24  # twelve months, two rows: each number sits on its cell
    assert len(texts) > 24 + 12  # and the names, amounts and months
    for text in texts:
        assert contrast(text["colour"], text["under"]) >= AA_NORMAL, text


# --- a responsive layout (issue 14, point 4) ------------------------------------------------

#: A desktop, a laptop, a tablet and a phone.
WIDTHS = [1440, 1280, 1024, 768, 390]
#: The smallest text a reader is asked to read, in CSS pixels.
MIN_TEXT = 12
#: The smallest heat-map cell on a phone (width, height in CSS pixels): room for its number.
MIN_CELL = (40, 24)

#: Every piece of text in the charts, with its size as drawn (an SVG's text
#: scaled by its drawing's width), its box and the viewport's width.
CHART_TEXTS = """(() => {
  const out = [];
  for (const chart of document.querySelectorAll('svg, .chart')) {
    const svg = chart.tagName.toLowerCase() === 'svg';
    const scale = svg ? chart.getBoundingClientRect().width / chart.viewBox.baseVal.width : 1;
    const texts = svg ? chart.querySelectorAll('text')
      : Array.from(chart.querySelectorAll('*')).filter(
          e => e.childElementCount === 0 && e.textContent.trim()
               && !e.classList.contains('visually-hidden'));
    for (const e of texts) {
      const box = e.getBoundingClientRect();
      out.push({chart: chart.id, text: e.textContent.trim().slice(0, 30),
                size: parseFloat(getComputedStyle(e).fontSize) * scale,
                left: box.left, right: box.right, width: box.width});
    }
  }
  return out;
})()"""


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The plan in the dataset's language and in a right-to-left one."""
    return {
        lang: _build(
            tmp_path_factory.mktemp(f"responsive-{lang}"), "--format", "html", "--lang", lang
        )
        for lang in ("fr", "ar")
    }


@pytest.fixture
def at_width(browser: Browser) -> Iterator[Callable[..., Page]]:
    """at_width(path, width, javascript=True) -> the page opened in a window that wide."""
    contexts = []

    def opener(path: Path, width: int, javascript: bool = True) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_sideways_scrolling_and_every_action_cell_on_screen(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str, width: int, script: bool
) -> None:
    """At 1,440 px the funding, KPI and status columns used to be cut off."""
    page = at_width(bilingual[lang], width, script)
    scroll, client = _eval(
        page, "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    cells = _eval(
        page,
        """Array.from(document.querySelectorAll('#actions-table tbody :is(th, td)'))
             .map(c => c.getBoundingClientRect())
             .filter(r => r.width > 0)
             .map(r => [r.left, r.right])""",
    )
    # every cell is drawn (an empty one may be left out of a card), none off the screen
    assert len(cells) >= 2 * len(validate(DEFAULT_DATA, years={YEAR})[0].plans[YEAR].actions)
    outside = [c for c in cells if c[0] < -0.5 or c[1] > client + 0.5]
    assert outside == []
    # nor hidden in a box that scrolls sideways
    wrap = _eval(
        page,
        "(w => [w.scrollWidth, w.clientWidth])"
        "(document.querySelector('.table-wrap:has(#actions-table)'))",
    )
    assert wrap[0] <= wrap[1]


#: The boxes of a page that scroll sideways (a table or a drawing wider than the text).
SCROLLING_BOXES = """Array.from(document.querySelectorAll('.table-wrap, .chart-scroll'))
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => w.querySelector('table, svg').id || w.getAttribute('aria-labelledby'))"""


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_nothing_scrolls_sideways_at_1440_px(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str
) -> None:
    """Not the page, and no table in its own box either (the markets x levers
    matrix used to, by 140 px: its lever names are now read upwards)."""
    page = at_width(bilingual[lang], 1440)
    assert _eval(page, SCROLLING_BOXES) == []
    # while on a phone the wide tables do scroll, in their own boxes
    page.set_viewport_size({"width": 390, "height": 900})
    assert "coverage-markets" in _eval(page, SCROLLING_BOXES)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_wide_screen_shows_a_table_with_a_details_row_per_action(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str
) -> None:
    page = at_width(bilingual[lang], 1440)
    layout = _eval(
        page,
        """(() => {
             const table = document.querySelector('#actions-table');
             const body = table.tBodies[0];
             const details = body.querySelector('tr.details > td');
             return {
               display: getComputedStyle(table).display,
               columns: table.tHead.rows[0].cells.length,
               span: details.colSpan,
               width: [details.getBoundingClientRect().width, table.getBoundingClientRect().width],
               headers: details.getAttribute('headers'),
               rowheader: body.querySelector('th[scope=row]').id,
               terms: Array.from(details.querySelectorAll('dt')).map(d => d.textContent),
               thead: getComputedStyle(table.tHead).position,
             };
           })()""",
    )
    assert layout["display"] == "table" and layout["thead"] == "static"
    # short fields in columns, no column per long field
    assert layout["columns"] <= 9
    assert layout["span"] == layout["columns"]
    assert layout["width"][0] == pytest.approx(layout["width"][1], abs=1)
    # the details cell is announced with its action's id
    assert layout["headers"] == layout["rowheader"]
    assert len(layout["terms"]) >= 3  # sectors, owner, funding, KPIs: each named


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_phone_shows_a_card_per_action_that_is_still_a_table(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str
) -> None:
    page = at_width(bilingual[lang], 390)
    cards = _eval(
        page,
        """(() => {
             const table = document.querySelector('#actions-table');
             const names = Array.from(table.tHead.rows[0].cells, c => c.textContent);
             return Array.from(table.tBodies, body => {
               const row = body.rows[0];
               const box = body.getBoundingClientRect();
               const cells = Array.from(row.cells);
               return {
                 display: getComputedStyle(body).display,
                 border: getComputedStyle(body).borderTopWidth,
                 inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
                 // the id, then the title, then the labelled fields, one under another
                 tops: cells.filter(c => c.getBoundingClientRect().height > 0)
                   .map(c => c.getBoundingClientRect().top),
                 labels: cells.slice(2).map((c, i) => [
                   getComputedStyle(c, '::before').content, names[i + 2]]),
                 font: Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))),
               };
             });
           })()""",
    )
    assert len(cards) == len(validate(DEFAULT_DATA, years={YEAR})[0].plans[YEAR].actions)
    for card in cards:
        assert card["display"] == "block" and card["border"] == "1px" and card["inside"], card
        assert card["tops"] == sorted(card["tops"]) and len(set(card["tops"])) == len(card["tops"])
        # each field says which it is, with its column's own header
        for content, name in card["labels"]:
            assert name in content, (content, name)
        assert card["font"] >= MIN_TEXT
    # a table still, for a screen reader: its rows, row headers and cells
    tree = page.locator("#actions-table").aria_snapshot()
    assert tree.startswith("- table")
    first = validate(DEFAULT_DATA, years={YEAR})[0].plans[YEAR].actions[0].id
    assert f'- rowheader "{first}"' in tree
    assert "- columnheader" in tree and "- cell" in tree


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_heat_map_is_readable_on_a_phone(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str
) -> None:
    """It was an 800-unit drawing scaled to 326 px: 5 px text in 20 px cells."""
    page = at_width(bilingual[lang], 390)
    heat = _eval(
        page,
        """(() => {
             const map = document.querySelector('#chart-seasonality');
             const box = e => e.getBoundingClientRect();
             return {
               cells: Array.from(map.querySelectorAll('.heat, .heat-count'),
                                 c => [box(c).width, box(c).height]),
               months: Array.from(map.querySelectorAll('.month'), m => [box(m).left, box(m).top]),
               sizes: Array.from(map.querySelectorAll(':scope > span:not(.visually-hidden)'),
                                 e => parseFloat(getComputedStyle(e).fontSize)),
               right: box(map).right,
             };
           })()""",
    )
    assert len(heat["cells"]) == 24
    for width, height in heat["cells"]:
        assert width >= MIN_CELL[0] and height >= MIN_CELL[1], heat["cells"]
    assert min(heat["sizes"]) >= MIN_TEXT
    assert heat["right"] <= 390
    # transposed: a row per month, January at the top
    lefts = {round(left) for left, _ in heat["months"]}
    tops = [top for _, top in heat["months"]]
    assert len(lefts) == 1 and tops == sorted(tops) and len(set(tops)) == 12
    # on a wide screen, a column per month, January first in the reading direction
    page.set_viewport_size({"width": 1440, "height": 900})
    months = _eval(
        page,
        """Array.from(document.querySelectorAll('#chart-seasonality .month'),
                      m => [m.getBoundingClientRect().left, m.getBoundingClientRect().top])""",
    )
    assert len({round(top) for _, top in months}) == 1
    lefts_wide = [left for left, _ in months]
    assert lefts_wide == sorted(lefts_wide, reverse=(lang == "ar"))


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_chart_text_is_readable_and_on_screen(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str, width: int
) -> None:
    page = at_width(bilingual[lang], width)
    texts = _eval(page, CHART_TEXTS)
    charts = {t["chart"] for t in texts}
    assert {"chart-zones", "chart-levers", "chart-seasonality"} <= charts
    small = [t for t in texts if t["size"] < MIN_TEXT]
    assert small == []
    outside = [t for t in texts if t["left"] < -0.5 or t["right"] > width + 0.5]
    assert outside == []
    # the bars are to scale: the largest fills its track, every other is shorter
    shares = _eval(
        page,
        """Array.from(document.querySelectorAll('.bars .bar'),
                      b => b.getBoundingClientRect().width / b.parentElement.clientWidth)""",
    )
    assert max(shares) == pytest.approx(1, abs=0.01)
    assert all(0 < s <= 1.001 for s in shares)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_calendar_keeps_each_actions_name_in_view_on_a_phone(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str
) -> None:
    page = at_width(bilingual[lang], 390)
    wrap = page.locator(".table-wrap").filter(has=page.locator("table.calendar"))
    name = page.locator(".calendar tbody th").first
    before = name.bounding_box()
    # scrolled to its far end (leftwards in Arabic: negative scrollLeft)
    wrap.evaluate(
        "w => { const rtl = getComputedStyle(w).direction === 'rtl';"
        " w.scrollLeft = (rtl ? -1 : 1) * w.scrollWidth; }"
    )
    assert wrap.evaluate("w => Math.abs(w.scrollLeft)") > 0
    after = name.bounding_box()
    assert before is not None and after is not None
    assert after["x"] == pytest.approx(before["x"], abs=1)
    sizes = _eval(
        page,
        """Array.from(document.querySelectorAll('.calendar th'),
                      th => parseFloat(getComputedStyle(th).fontSize))""",
    )
    assert min(sizes) >= MIN_TEXT


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_screenshots_of_the_action_table_and_the_charts(
    at_width: Callable[..., Page], bilingual: dict[str, Path], lang: str, width: int
) -> None:
    """For a person to look at: tests/artifacts/responsive-{lang}-{width}-*.png."""
    page = at_width(bilingual[lang], width)
    for part, selector in [
        ("actions", "#annex-actions"),
        ("heatmap", "#chart-seasonality"),
        ("bars", "#chart-levers"),
        ("calendar", "#calendar"),
    ]:
        page.locator(selector).scroll_into_view_if_needed()
        page.evaluate(f"document.querySelector('{selector}').scrollIntoView()")
        shot = ARTIFACTS / f"responsive-{lang}-{width}-{part}.png"
        page.screenshot(path=str(shot))
        assert _png_size(shot) == (width, 900)
