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
from roadmap.render.view import Action, Plan, view
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
    fr, en = action("fr", "A1"), action("en", "A1")
    assert fr.kpis == [f"Réservations{NBSP}: 12{NNBSP}000 bookings (référence 10{NNBSP}000)"]
    assert en.kpis == ["Réservations: 12,000 bookings (baseline 10,000)"]
    million = f"1{NNBSP}000{NNBSP}000{NBSP}MAD"
    assert fr.funding[1] == f"Confédération Nationale du Tourisme{NBSP}: {million}"
    assert en.funding[1] == f"National Tourism Confederation: MAD{NBSP}1,000,000"


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
    assert "(Influence; Mar, Apr; MAD" in document("en", "md")
    assert f"(Influence{NNBSP}; mars, avr.{NNBSP}; 800" in document("fr", "md")
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
