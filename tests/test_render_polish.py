"""How the plan reads: punctuation, month names, proposals, lists, calendar cells.

Rendered from the minimal example folder in both languages: every
separator comes from the catalogue (French puts a no-break space before
`:` and a narrow one before `;`), month names are lower case in French
running text and capitalised in headings, a proposal states its fate once.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from conftest import MINIMAL
from roadmap.build import Document, language_for, render
from roadmap.dataset import Data
from roadmap.render.view import Action, Plan, Proposal, view
from roadmap.validation import validate

NNBSP, NBSP = "\u202f", "\u00a0"
YEAR = 2026


@cache
def data() -> Data:
    loaded, problems = validate(MINIMAL, years={YEAR})
    assert not problems
    return loaded


@cache
def plan(lang: str) -> Plan:
    return view(data(), YEAR, language_for(data(), lang))


@cache
def document(lang: str, fmt: str) -> str:
    docs: list[Document] = render(data(), YEAR, [fmt], lang)
    return docs[0].content


def action(lang: str, ident: str) -> Action:
    return next(a for a in plan(lang).annex.actions if a.id == ident)


# --- 1. punctuation from the catalogue ------------------------------------------------


def test_kpi_and_funding_lines_use_the_languages_colon() -> None:
    # the minimal data is illustrative: its figures carry the estimate's marker
    fr, en = action("fr", "A1"), action("en", "A1")
    kpi = f"Réservations{NBSP}: ≈{NBSP}12{NNBSP}000 bookings (référence 10{NNBSP}000)"
    assert fr.kpis == [kpi]
    assert en.kpis == [f"Réservations: ≈{NBSP}12,000 bookings (baseline 10,000)"]
    million = f"1{NNBSP}000{NNBSP}000{NBSP}MAD"
    assert fr.funding[1] == f"Confédération Nationale du Tourisme{NBSP}: ≈{NBSP}{million}"
    assert en.funding[1] == f"National Tourism Confederation: ≈{NBSP}MAD{NBSP}1,000,000"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_french_has_no_bare_semicolon_or_colon_after_a_word(fmt: str) -> None:
    text = document("fr", fmt)
    if fmt == "md":
        text = re.sub(r"```mermaid.*?```", "", text, flags=re.S)
    else:
        text = re.sub(r"<(style|script)>.*?</\1>", "", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)  # attributes hold CSS and URLs, not prose
    assert re.findall(r"\w.{0,20}[^\u202f\u00a0&];(?!\w)", text) == []
    # "mot: " without the no-break space; `https:` and `javascript:` do not occur in prose
    assert re.findall(r".{0,20}\w: ", text) == []


def test_lists_on_one_line_use_the_languages_semicolon() -> None:
    assert f"(Influence; Mar, Apr; ≈{NBSP}MAD" in document("en", "md")
    assert f"(Influence{NNBSP}; mars, avr.{NNBSP}; ≈{NBSP}800" in document("fr", "md")
    assert f"{NNBSP};" not in document("en", "md")


# --- 2. month names: lower case in French running text, capitalised in headings ------


def test_months_in_running_text_follow_the_language() -> None:
    assert action("fr", "A1").months_text == "janv., févr., nov."
    assert action("en", "A1").months_text == "Jan, Feb, Nov"
    ds_fr, ds_en = plan("fr").deseasonalisation, plan("en").deseasonalisation
    assert ds_fr.low_months[:2] == ["janvier", "février"]
    assert ds_en.low_months[:2] == ["January", "February"]
    # headings keep the stand-alone, capitalised form
    assert plan("fr").calendar.months[0] == "Janv."
    assert ds_fr.months[0].name == "Janvier"
    assert "Mois de basse saison" in document("fr", "md")
    assert f"Mois de basse saison{NBSP}: janvier, février" in document("fr", "md")


# --- 3, 4. proposals: the fate said once, the scope and the working group once ----------


def proposal(lang: str, ident: str) -> Proposal:
    return next(p for p in plan(lang).coconstruction.proposals if p.id == ident)


def test_a_proposal_taken_up_names_its_actions_once_without_nested_brackets() -> None:
    p1 = proposal("fr", "P1")
    quoted = f"A3 «{NBSP}Ouarzazate, terre de cinéma{NBSP}»"
    assert p1.status == "reprise"
    assert p1.outcome == quoted  # beside the status column: no second "reprise"
    assert p1.fate == f"Reprise par {quoted}"
    assert proposal("en", "P1").fate == "Taken up by A3 “Ouarzazate, land of cinema”"


def test_a_declined_proposal_gives_its_reason_once() -> None:
    p3 = proposal("fr", "P3")
    assert (p3.status, p3.outcome) == ("non retenue", "Juillet est déjà le mois de pointe.")
    assert p3.fate == f"Non retenue{NBSP}: Juillet est déjà le mois de pointe."
    assert proposal("en", "P3").fate == "Declined: Juillet est déjà le mois de pointe."


def test_nested_quotes_take_the_inner_marks() -> None:
    fr, en = language_for(data(), "fr"), language_for(data(), "en")
    assert fr.quoted("Campagne « Chaque région »") == f"«{NBSP}Campagne “Chaque région”{NBSP}»"
    assert en.quoted("The “specialist” course") == "“The ‘specialist’ course”"


def test_the_scope_names_each_place_once_and_the_group_apart() -> None:
    # market NO is in zone nordics: the zone is not repeated
    assert proposal("fr", "P2").where == ["Norvège"]
    p1 = proposal("fr", "P1")
    assert p1.where == ["Drâa-Tafilalet", "Film"]
    assert p1.group == "Filière cinéma"


def test_the_regions_proposals_read_as_one_line_each() -> None:
    md = document("fr", "md")
    line = next(x for x in md.splitlines() if x.startswith("- **P1**"))
    # the minimal data is illustrative: its proposals are examples
    assert line == (
        f"- **P1** — ≈{NBSP}Exemple illustratif{NBSP}: Faire connaître les studios de "
        "Ouarzazate aux productions étrangères. — "
        f"Reprise par A3 «{NBSP}Ouarzazate, terre de cinéma{NBSP}»"
    )
    html = document("fr", "html")
    row = next(x for x in html.splitlines() if x.startswith('<tr id="proposal-') and ">P1<" in x)
    assert row.count("Filière cinéma") == 1 and row.count("reprise") == 1
    assert row.count("Reprise") == 0


# --- 5. a market's KPIs, a region's priorities and support needs are lists -------------


def test_market_kpis_and_region_needs_are_lists_in_markdown() -> None:
    from markdown_it import MarkdownIt

    md = document("fr", "md")
    tokens = MarkdownIt("commonmark").parse(md)
    items = [
        tok.content
        for tok in tokens
        if tok.type == "inline" and tok.level >= 5  # a list item inside a list item
    ]
    kpi = f"A1 — Réservations{NBSP}: ≈{NBSP}12{NNBSP}000 bookings (référence 10{NNBSP}000)"
    assert kpi in items  # France's KPIs, one nested item each, with their action
    region = md.split("### Marrakech-Safi", 1)[1].split("\n### ", 1)[0]
    assert "#### Priorités\n\n- Étaler la fréquentation sur l'année\n" in region
    needs = "#### Besoins d'accompagnement\n\n- Vols directs vers Essaouira en basse saison\n"
    assert needs in region


def test_market_kpis_and_region_needs_are_lists_in_html() -> None:
    html = document("en", "html")
    market = html.split('id="market-fr"', 1)[1].split("</article>", 1)[0]
    kpis = market.split('<ul class="kpis">', 1)[1].split("</ul>", 1)[0]
    france = next(m for z in plan("en").zones for m in z.markets if m.id == "FR")
    assert kpis.count("<li>") == len(france.kpis) > 0
    region = html.split('id="region-marrakech-safi"', 1)[1].split("</section>", 1)[0]
    assert "<h4>Priorities</h4>\n<ul>\n<li>Étaler la fréquentation sur l&#39;année</li>" in region
    assert "<h4>Support needs</h4>\n<ul>\n<li>Vols directs vers Essaouira" in region


# --- 6. calendar: a marked month says so to a screen reader ----------------------------


def test_marked_calendar_cells_say_the_month_and_status() -> None:
    assert action("fr", "A3").calendar == [
        "",
        "",
        f"mars{NBSP}: en cours",
        f"avril{NBSP}: en cours",
        *[""] * 8,
    ]
    html = document("fr", "html")
    calendar = html.split('<table class="calendar"', 1)[1].split("</table>", 1)[0]
    row = next(x for x in calendar.splitlines() if x.startswith('<tr><th scope="row">A1 '))
    cells = re.findall(r'<td class="month[^"]*">(.*?)</td>', row)
    spoken = [re.sub(r"<[^>]+>", "", c) for c in cells]
    assert spoken == [
        f"janvier{NBSP}: prévue",
        f"février{NBSP}: prévue",
        *[""] * 8,
        f"novembre{NBSP}: prévue",
        "",
    ]
    assert row.count('class="month on"') == 3
    assert all('class="visually-hidden"' in c for c in cells if c)
    en = document("en", "html")
    assert '<span class="visually-hidden">December: planned</span>' in en


def test_calendar_cells_escape_their_text() -> None:
    from roadmap.render.html import calendar_cells

    cells = calendar_cells(["<b>x</b>", ""])
    assert "&lt;b&gt;x&lt;/b&gt;" in cells and "<b>" not in cells
    assert cells.endswith('<td class="month"></td>')


# --- 9. rendering pauses the garbage collector, escapes once per distinct text ---------


def test_the_view_and_documents_are_built_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import roadmap.build
    from roadmap.render import html

    seen: list[bool] = []
    real_view, real_cells = view, html.calendar_cells

    def spy_view(*args: object, **kwargs: object) -> Plan:
        seen.append(gc.isenabled())
        return real_view(*args, **kwargs)  # type: ignore[arg-type]

    def spy_cells(marks: list[str]) -> object:
        seen.append(gc.isenabled())
        return real_cells(marks)

    monkeypatch.setattr("roadmap.build.view", spy_view)
    roadmap.build.environment.cache_clear()
    monkeypatch.setattr(html, "calendar_cells", spy_cells)
    try:
        assert gc.isenabled()
        render(data(), YEAR, ["md", "html"], "fr")
        assert gc.isenabled()  # restored
    finally:
        roadmap.build.environment.cache_clear()
    assert seen and not any(seen)  # view and HTML rendering both ran paused


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a  \t\n b", "a b"),
        ("  x  ", "x"),
        ("AT&T &amp; co", "AT&T \\&amp; co"),
        (f"1{NNBSP}000{NBSP}MAD", f"1{NNBSP}000{NBSP}MAD"),  # no-break spaces stay
        ("a_b|c", "a\\_b\\|c"),
    ],
)
def test_markdown_escape_collapses_breaking_spaces_and_escapes_markup(
    text: str, escaped: str
) -> None:
    from roadmap.render.markdown import escape

    assert escape(text) == escaped
    assert escape(text) == escaped  # the memoised answer is the same
