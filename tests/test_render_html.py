"""The HTML plan: self-contained, accessible, printable, filterable."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import MINIMAL
from roadmap.build import render
from roadmap.validation import validate

SECTIONS = [
    "summary",
    "markets",
    "regions",
    "levers",
    "priorities",
    "calendar",
    "coconstruction",
    "annex",
]


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.svgs = 0
        self.svg_titles = 0
        #: Charts drawn in HTML (bars, heat map): named by the text they point at.
        self.charts: list[str] = []
        self.th_without_scope = 0
        self.html_lang = ""
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "svg":
            self.svgs += 1
            assert a.get("role") == "img" and a.get("aria-labelledby")
        if tag == "title" and self.svgs:
            self.svg_titles += 1
        if "chart" in (a.get("class") or "").split():
            assert a.get("role") == "img" and a.get("aria-labelledby")
            self.charts.append(str(a.get("id")))
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        for key in ("href", "src"):
            if a.get(key):
                self.urls.append(str(a[key]))


@pytest.fixture(scope="module", params=["fr", "en"])
def html(request: pytest.FixtureRequest) -> str:
    data, _ = validate(MINIMAL, years={2026})
    (doc,) = render(data, 2026, ["html"], lang=request.param)
    return doc.content


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert "@import" not in html and "@font-face" not in html and "url(" not in html
    assert "<link" not in html
    assert html.count("<script>") == 1  # inline, no src
    assert all(u.startswith("#") for u in outline(html).urls)


def test_language_and_headings_in_order(html: str) -> None:
    o = outline(html)
    assert o.html_lang in ("fr", "en")
    assert o.headings[0] == 1 and o.headings.count(1) == 1
    for before, after in zip(o.headings, o.headings[1:], strict=False):
        assert after <= before + 1, "a heading level is skipped"


def test_sections_charts_and_tables_are_labelled(html: str) -> None:
    o = outline(html)
    for section in SECTIONS:
        assert section in o.ids
    assert {"toc", "cover", "high-potential", "deseasonalisation", "actions-table"} <= set(o.ids)
    assert {"chart-levers", "chart-zones", "chart-seasonality"} <= set(o.ids)
    # the charts are HTML (they reflow on a phone), each an image with a name
    assert o.svgs == o.svg_titles == 0
    assert sorted(o.charts) == ["chart-levers", "chart-seasonality", "chart-zones"]
    for chart in o.charts:
        assert f'<span id="{chart}-title" class="visually-hidden">' in html
    assert o.th_without_scope == 0
    assert {"region-marrakech-safi", "market-fr", "zone-western-europe"} <= set(o.ids)


def test_ids_are_unique(html: str) -> None:
    ids = outline(html).ids
    assert len(ids) == len(set(ids))


def test_print_stylesheet(html: str) -> None:
    assert "@page { size: A4;" in html
    print_css = html.split("@media print", 1)[1]
    assert "break-before: page" in print_css
    assert ".filters" in print_css and "display: none" in print_css


def test_filter_is_optional_and_rows_carry_their_keys(html: str) -> None:
    # Hidden until the script shows it: without JavaScript every row is shown.
    assert '<form id="action-filters" class="filters" hidden' in html
    for control in ("filter-market", "filter-region", "filter-lever", "filter-count"):
        assert f'id="{control}"' in html
    # one body per action (its row and its details row): the filter shows or hides both
    rows = re.findall(r'<tbody class="action" ([^>]*)>', html)
    assert len(rows) == 4
    assert html.count('<tr class="action-row">') == html.count('<tr class="details">') == 4
    assert 'data-markets="FR ES" data-region="marrakech-safi" data-lever="content"' in rows[0]
    assert '<option value="NO">' in html


def test_plan_choice_of_destinations_wins_over_regions_yaml(html: str) -> None:
    region = html.split('id="region-draa-tafilalet"', 1)[1].split("</section>", 1)[0]
    assert "Ouarzazate" in region and "Merzouga" in region
    assert "Zagora" not in region
