"""The plan's annex shows `roadmap check`'s warnings in the plan's language.

Each warning is one table row (place, rule, message); the message is worded
from the i18n catalogue with names in the plan's language and numbers
formatted for it, while `roadmap check` keeps its English message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from roadmap import coverage
from roadmap.build import render
from roadmap.dataset import Data
from roadmap.i18n import Language
from roadmap.validation import validate
from test_coverage import TRIGGERS, action, clean_folder, plan


@pytest.fixture
def data(tmp_path: Path) -> Data:
    loaded, problems = validate(clean_folder(tmp_path), {2026})
    assert problems == []
    return loaded


def drop_us_actions(data: Data, name: object) -> None:
    """US (the plan's 4th priority market) loses its actions; its name becomes `name`."""
    for a in ("A5", "A6"):
        action(data, a).markets = []
    assert data.markets is not None
    us = next(m for m in data.markets.markets if m.id == "US")
    us.name = name  # type: ignore[assignment]


def build(data: Data, fmt: str, lang: str) -> str:
    (doc,) = render(data, 2026, [fmt], lang=lang)
    return doc.content


def md_annex_warnings(content: str) -> str:
    heading = {"fr": "### Points d'attention\n", "en": "### Points of attention\n"}
    start = next(content.index(h) for h in heading.values() if h in content)
    return content[start : content.index("\n### ", start + 1)]


def html_annex_warnings(content: str) -> str:
    start = content.index('<section id="annex-warnings"')
    return content[start : content.index("</section>", start)]


NAMES = {"fr": "États-Unis", "en": "United States"}


def test_the_french_plan_words_the_warning_in_french(data: Data) -> None:
    drop_us_actions(data, NAMES)
    md = md_annex_warnings(build(data, "md", "fr"))
    assert "| Emplacement | Règle | Point d'attention |\n|---|---|---|\n" in md
    assert (
        "| plans/2026.yaml:13 | market-without-action | "
        "Le marché prioritaire États-Unis (US) n'a aucune action en 2026 |\n"
    ) in md
    assert (
        "| markets.yaml:17 | zone-lever-unused | La zone Amériques (americas) a besoin du "
        "levier Influence, mais aucune action 2026 sur ses marchés (États-Unis) ne l'utilise |\n"
    ) in md
    assert "has no action" not in md and "United States" not in md
    html = html_annex_warnings(build(data, "html", "fr"))
    assert '<th scope="col">Emplacement</th><th scope="col">Règle</th>' in html
    assert (
        "<tr><td><code>plans/2026.yaml:13</code></td><td><code>market-without-action</code></td>"
        "<td>Le marché prioritaire États-Unis (US) n&#39;a aucune action en 2026</td></tr>"
    ) in html


def test_the_english_plan_words_the_warning_in_english(data: Data) -> None:
    drop_us_actions(data, NAMES)
    md = md_annex_warnings(build(data, "md", "en"))
    assert "| Location | Rule | Point of attention |\n" in md
    assert (
        "| plans/2026.yaml:13 | market-without-action | "
        "Priority market United States (US) has no action in 2026 |\n"
    ) in md
    assert "marché" not in md and "États-Unis" not in md
    html = html_annex_warnings(build(data, "html", "en"))
    assert "<td>Priority market United States (US) has no action in 2026</td>" in html


def test_roadmap_check_keeps_its_english_message(data: Data) -> None:
    drop_us_actions(data, NAMES)
    messages = {p.code: p.message for p in coverage.warnings(data, 2026)}
    # The dataset's language (fr) names the market, as before.
    assert messages["market-without-action"] == (
        "priority market 'US' (États-Unis) has no action in 2026"
    )
    assert messages["zone-lever-unused"] == (
        "zone 'americas' needs lever 'influence', but no 2026 action on its markets (US) uses it"
    )


def test_numbers_are_formatted_for_the_plan_language(data: Data) -> None:
    # FR: 4M of 11M (36 % > 25 %); content 5M of 11M (45 % > 40 %).
    action(data, "A1").budget = 4_000_000
    action(data, "A1").cofinancing = []
    action(data, "A2").deseasonalisation = False  # March and April lose their action
    fr = {w.place: w.message for w in _plan_warnings(data, "fr")}
    en = {w.place: w.message for w in _plan_warnings(data, "en")}
    nnbsp, nbsp = "\u202f", "\u00a0"  # digit groups, then before % and MAD
    market = "plans/2026.yaml:10"
    assert fr[market] == (
        f"Le marché France (FR) concentre 36,4{nbsp}% du budget 2026 "
        f"(4{nnbsp}000{nnbsp}000 sur 11{nnbsp}000{nnbsp}000{nbsp}MAD), "
        f"au-delà du seuil de 25,0{nbsp}%"
    )
    assert en[market] == (
        f"Market France (FR) holds 36.4% of the 2026 budget "
        f"(4,000,000 of MAD{nbsp}11,000,000), over the 25.0% threshold"
    )
    assert (
        "Mars est un mois de basse saison (1,27, sous la moyenne annuelle 1,45) "
        "mais aucune action de désaisonnalisation n'y a lieu"
    ) in [w.message for w in _plan_warnings(data, "fr")]
    assert (
        "market 'FR' holds 36% of the 2026 budget (4,000,000 of 11,000,000 MAD), "
        "over the 25% threshold"
    ) in [p.message for p in coverage.warnings(data, 2026)]


def _plan_warnings(data: Data, lang: str) -> list[coverage.PlanWarning]:
    return coverage.warnings_for_plan(data, 2026, None, Language(lang, "fr", "MAD"))


@pytest.mark.parametrize("case", list(TRIGGERS))
def test_every_rule_is_worded_in_both_languages(data: Data, case: str) -> None:
    apply, _expected = TRIGGERS[case]
    apply(data)
    cli = coverage.warnings(data, 2026)
    fr, en = _plan_warnings(data, "fr"), _plan_warnings(data, "en")
    # Same warnings, same order, same places as roadmap check.
    for words in (fr, en):
        assert [(w.code, w.place.rsplit(":", 1)[1]) for w in words] == [
            (p.code, str(p.line)) for p in cli
        ]
        assert all(not w.place.startswith("/") for w in words)
    for f, e in zip(fr, en, strict=True):
        assert f.message != e.message
        assert f.message[:1].isupper() and e.message[:1].isupper()
        assert "{" not in f.message and "{" not in e.message


def test_a_deferred_proposal_without_reason_in_french(data: Data) -> None:
    plan(data).proposals[3].reason = None
    (w,) = _plan_warnings(data, "fr")
    assert w.message == "La proposition P4 est reportée sans motif (`reason`) pour ses auteurs"


def test_a_plan_without_warnings_has_no_warning_table(data: Data) -> None:
    assert "annex-warnings" not in build(data, "html", "fr")
    assert "Points d'attention" not in build(data, "md", "fr")


HOSTILE = "<script>alert(1)</script> *x* | y"


def test_a_hostile_market_name_is_escaped_in_html(data: Data) -> None:
    drop_us_actions(data, HOSTILE)
    for lang in ("fr", "en"):
        html = html_annex_warnings(build(data, "html", lang))
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; *x* | y (US)" in html


def test_a_hostile_market_name_is_escaped_in_markdown(data: Data) -> None:
    drop_us_actions(data, HOSTILE)
    for lang in ("fr", "en"):
        md = md_annex_warnings(build(data, "md", lang))
        assert r"\<script\>alert(1)\</script\> \*x\* \| y (US)" in md
        parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        tokens = parser.parse(md)
        assert all(t.type != "html_block" for t in tokens)
        assert all(c.type != "html_inline" for t in tokens for c in t.children or [])
        # Every row keeps its three cells: the | in the name did not split one.
        rendered = parser.render(md)
        rows = re.findall(r"<tr>(.*?)</tr>", rendered, re.S)
        assert len(rows) == 3  # header, market-without-action, zone-lever-unused
        assert all(len(re.findall(r"<t[hd]>", r)) == 3 for r in rows)
        assert "<script" not in rendered and "<em>x</em>" not in rendered
