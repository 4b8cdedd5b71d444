"""Lists in a rendered document use the language's own comma (Arabic: `،`)."""

from __future__ import annotations

import re

import pytest

from conftest import DEFAULT_DATA
from roadmap.build import render
from roadmap.validation import validate


@pytest.fixture(scope="module")
def docs() -> dict[tuple[str, str], str]:
    data, _ = validate(DEFAULT_DATA, years={2026})
    out = {}
    for lang in ("ar", "fr"):
        for doc in render(data, 2026, ["md", "html"], lang=lang):
            out[(lang, doc.name.rsplit(".", 1)[-1])] = doc.content
    return out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_arabic_lists_of_labels_use_the_arabic_comma(
    docs: dict[tuple[str, str], str], fmt: str
) -> None:
    content = docs[("ar", fmt)]
    # identities are labels of the catalogue: two of them side by side
    assert re.search(r"[\u0600-\u06ff]، [\u0600-\u06ff]", content)
    # and never an Arabic label, a Latin comma, an Arabic label
    assert not re.search(r"[\u0600-\u06ff], [\u0600-\u06ff]", content)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_french_lists_keep_the_latin_comma(docs: dict[tuple[str, str], str], fmt: str) -> None:
    assert "، " not in docs[("fr", fmt)]
