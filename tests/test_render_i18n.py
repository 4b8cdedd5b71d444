"""Message catalogues, text per language, and numbers formatted by Babel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap.i18n import CATALOGUES, Language, resolve_text
from roadmap.problems import UsageError

TEMPLATES = Path(__file__).parent.parent / "src" / "roadmap" / "templates"
NNBSP, NBSP = "\u202f", "\u00a0"


def test_catalogues_have_the_same_keys() -> None:
    fr, en = set(CATALOGUES["fr"]), set(CATALOGUES["en"])
    assert fr - en == set(), "keys only in French"
    assert en - fr == set(), "keys only in English"


def test_catalogues_have_the_same_placeholders() -> None:
    for key, fr in CATALOGUES["fr"].items():
        en = CATALOGUES["en"][key]
        assert set(re.findall(r"{(\w+)}", fr)) == set(re.findall(r"{(\w+)}", en)), key


def test_every_label_a_template_uses_exists() -> None:
    used = set()
    for path in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r't\["([\w.-]+)"\]', path.read_text(encoding="utf-8")))
    assert used, "templates use labels"
    assert used - set(CATALOGUES["en"]) == set()


def test_text_in_the_requested_language_then_the_dataset_language_then_any() -> None:
    assert resolve_text("Plain", "en", "fr") == "Plain"
    assert resolve_text({"fr": "Maroc", "en": "Morocco"}, "en", "fr") == "Morocco"
    assert resolve_text({"fr": "Maroc"}, "en", "fr") == "Maroc"
    assert resolve_text({"de": "Marokko", "es": "Marruecos"}, "en", "fr") == "Marokko"
    assert resolve_text(None, "en", "fr") == ""


def test_amounts_in_french_and_english() -> None:
    # Babel (CLDR) groups French digits with a narrow no-break space.
    assert Language("fr", "fr", "MAD").money(1_200_000) == f"1{NNBSP}200{NNBSP}000{NBSP}MAD"
    assert Language("en", "fr", "MAD").money(1_200_000) == f"MAD{NBSP}1,200,000"


def test_the_currency_is_the_datasets() -> None:
    assert Language("fr", "fr", "EUR").money(2500) == f"2{NNBSP}500{NBSP}EUR"
    assert Language("en", "fr", "EUR").money(2500.4) == f"EUR{NBSP}2,500"


def test_numbers_percentages_and_months() -> None:
    fr, en = Language("fr", "fr", "MAD"), Language("en", "fr", "MAD")
    assert fr.number(19.8) == "19,8"
    assert en.number(19.8) == "19.8"
    assert en.number(21.0) == "21"
    assert en.number(1234567) == "1,234,567"
    assert fr.percent(0.337) == f"33,7{NBSP}%"
    assert en.percent(0.337) == "33.7%"
    assert en.signed_percent(0.086) == "+8.6%"
    assert en.signed_percent(-0.115) == "-11.5%"
    assert fr.month_names[0] == "Janvier"
    assert en.month_abbreviations[11] == "Dec"


def test_labels_fill_placeholders() -> None:
    assert Language("en", "fr", "MAD").t("document.title", year=2026) == "Roadmap 2026"


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(
        UsageError, match=r"no message catalogue for language 'de'; available: .*en, .*fr"
    ):
        Language("de", "fr", "MAD")
    with pytest.raises(UsageError, match="did you mean 'fr'"):
        Language("FR", "fr", "MAD")
