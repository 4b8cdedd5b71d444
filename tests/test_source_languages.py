"""A source or an assumption may be given per language, and reads in the plan's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.build import render
from roadmap.validation import validate

BY_LANGUAGE = (
    "        target: 2.3\n"
    "        assumption: true\n"
    "        source: {fr: Hypothèse du planificateur, en: The planner's assumption}\n"
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("fr", "Hypothèse du planificateur", "The planner's assumption"),
        ("en", "The planner's assumption", "Hypothèse du planificateur"),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_assumption_reads_in_the_plans_language(
    minimal: Path, lang: str, shown: str, hidden: str, fmt: str
) -> None:
    edit(minimal / "plans" / "2026.yaml", "        target: 2.3\n", BY_LANGUAGE)
    data, problems = validate(minimal, years={2026})
    assert [p for p in problems if p.severity.value == "error"] == []
    (doc,) = render(data, 2026, [fmt], lang=lang)
    content = doc.content.replace("&#39;", "'").replace("&#x27;", "'")
    assert shown in content
    assert hidden not in content


def test_a_source_in_two_languages_is_cited_once(minimal: Path) -> None:
    from roadmap import provenance

    edit(minimal / "plans" / "2026.yaml", "        target: 2.3\n", BY_LANGUAGE)
    text = (minimal / "plans" / "2026.yaml").read_text(encoding="utf-8")
    # the same assumption, written again with its languages in another order
    text = text.replace(
        "    budget: 400000\n",
        "    budget: 400000\n"
        "    basis: {source: {en: The planner's assumption, fr: Hypothèse du planificateur},"
        " assumption: true}\n",
    )
    (minimal / "plans" / "2026.yaml").write_text(text, encoding="utf-8")
    data, _ = validate(minimal, years={2026})
    _, assumed = provenance.sources(data.plans[2026], data.dataset)
    both = [c for c in assumed if not isinstance(c.text, str)]
    assert len(both) == 1
    assert both[0].used_by == ("peak-trough", "A4")


def test_an_empty_source_in_one_language_is_an_error(minimal: Path) -> None:
    edit(
        minimal / "plans" / "2026.yaml",
        "        target: 2.3\n",
        "        target: 2.3\n        source: {fr: '', en: Survey}\n",
    )
    _, problems = validate(minimal, years={2026})
    assert [(p.line, p.column, p.code) for p in problems] == [(30, 22, "empty")]
