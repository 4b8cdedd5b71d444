"""A market's office, a region's capital, a meeting's place and a proposal's
working group are text like any other: plain, or one per language, and the
plan shows them in its own language."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import DEFAULT_DATA
from roadmap import diff, rollover
from roadmap.build import language_for, render
from roadmap.render.view import view
from roadmap.validation import validate

OFFICE = {"fr": "Bureau de Paris", "en": "Paris office"}
CAPITAL = {"fr": "Er-Rachidia", "en": "Errachidia town"}
PLACE = {"fr": "Baie de Mazagan", "en": "Mazagan Bay"}
GROUP = {"fr": "Filière cinéma", "en": "Film product line"}
NORDIC = {"fr": "Zone pays nordiques", "en": "Nordic countries zone"}


def flow(text: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in text.items()) + "}"


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, old
    path.write_text(content.replace(old, new), encoding="utf-8")


@pytest.fixture
def data(minimal: Path) -> Path:
    """The minimal folder with the four fields given per language."""
    edit(minimal / "markets.yaml", "office: ONMT Paris", f"office: {flow(OFFICE)}")
    edit(minimal / "regions.yaml", "capital: Errachidia", f"capital: {flow(CAPITAL)}")
    plan = minimal / "plans" / "2026.yaml"
    edit(plan, "place: Mazagan", f"place: {flow(PLACE)}")
    edit(plan, "group: Filière cinéma", f"group: {flow(GROUP)}")
    edit(plan, "    zone: nordics\n", f"    group: {flow(NORDIC)}\n    zone: nordics\n")
    return minimal


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_view_resolves_each_field_in_the_plan_language(data: Path, lang: str) -> None:
    loaded, _ = validate(data)
    plan = view(loaded, 2026, language_for(loaded, lang))
    markets = {m.id: m for z in plan.zones for m in z.markets}
    assert markets["FR"].office == OFFICE[lang]
    assert markets["NO"].office == "ONMT Stockholm"  # plain text stays as written
    regions = {r.id: r for r in plan.regions}
    assert regions["draa-tafilalet"].capital == CAPITAL[lang]
    assert regions["marrakech-safi"].capital == "Marrakech"
    assert [m.place for m in plan.coconstruction.meetings] == [PLACE[lang]]
    groups = {p.id: p.group for p in plan.coconstruction.proposals}
    assert groups == {"P1": GROUP[lang], "P2": NORDIC[lang], "P3": ""}


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_each_document_shows_the_fields_in_its_language(data: Path, lang: str, other: str) -> None:
    loaded, _ = validate(data)
    t = language_for(loaded, lang).messages
    for doc in render(loaded, 2026, ["md", "html"], lang=lang):
        content = html.unescape(doc.content) if doc.name.endswith(".html") else doc.content
        colon = t["misc.colon"]
        assert f"{t['markets.office']}{colon} {OFFICE[lang]}" in content
        assert f"{t['regions.capital']}{colon} {CAPITAL[lang]}" in content
        assert f"{t['co.group']}{colon} {GROUP[lang]}" in content
        assert PLACE[lang] in content
        for text in (OFFICE, CAPITAL, PLACE, GROUP, NORDIC):
            assert text[other] not in content, (doc.name, text[other])


def test_a_missing_language_falls_back_to_the_dataset_language(data: Path) -> None:
    edit(data / "markets.yaml", f"office: {flow(OFFICE)}", "office: {fr: Bureau de Paris}")
    loaded, _ = validate(data)
    plan = view(loaded, 2026, language_for(loaded, "en"))
    office = {m.id: m.office for z in plan.zones for m in z.markets}["FR"]
    assert office == "Bureau de Paris"


@pytest.mark.parametrize(
    ("file", "old", "new", "key"),
    [
        ("markets.yaml", "office: ONMT Paris", "office: {FR: Bureau}", "office"),
        ("regions.yaml", "capital: Errachidia", "capital: {fr: ''}", "capital"),
        ("plans/2026.yaml", "place: Mazagan", "place: [Mazagan]", "place"),
        ("plans/2026.yaml", "group: Filière cinéma", "group: {fr: [a, b]}", "group"),
    ],
)
def test_a_malformed_text_is_an_error_at_its_key(
    minimal: Path, file: str, old: str, new: str, key: str
) -> None:
    edit(minimal / file, old, new)
    _, problems = validate(minimal)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error.file.endswith(file)
    line = (minimal / file).read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line.strip().startswith(f"{key}:"), (line, error.message)
    assert "<text>" not in error.message and "<by-language>" not in error.message


def test_per_language_fields_are_compared_per_language(data: Path) -> None:
    loaded, _ = validate(data)
    before = loaded.plans[2026]
    proposals = list(before.proposals)
    proposals[0] = proposals[0].model_copy(
        update={"group": {"fr": GROUP["fr"], "en": "Film working group"}}
    )
    meetings = [before.meetings[0].model_copy(update={"place": "Mazagan"})]
    after = before.model_copy(update={"proposals": proposals, "meetings": meetings})
    changes = diff.compare(diff.Side("A", before), diff.Side("B", after)).changes
    assert changes == (
        diff.Change("changed", "meetings[mazagan-2025].place", PLACE, "Mazagan"),
        diff.Change("changed", "proposals[P1].group.en", GROUP["en"], "Film working group"),
    )


def test_a_new_plan_carries_them_per_language(data: Path) -> None:
    loaded, _ = validate(data)
    result = rollover.roll(loaded.plans[2026], 2027)
    doc = yaml.safe_load(result.text)
    assert [m["place"] for m in doc["meetings"]] == [PLACE]
    assert [p.get("group") for p in doc["proposals"]] == [NORDIC]
    (data / "plans" / "2027.yaml").write_text(result.text, encoding="utf-8")
    again, problems = validate(data, years={2027})
    assert [p for p in problems if p.severity == "error"] == []
    assert again.plans[2027].meetings[0].place == PLACE


#: `;`, `:`, `?` or `!` ending a clause without a no-break space before it.
BARE_PUNCTUATION = re.compile(r"(?<![\u00a0\u202f])[;:?!](?=\s|$)")


def french_texts(node: yaml.Node, lang: str = "fr") -> Iterator[str]:
    """Every text of a YAML tree except those under another language's key."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            yield from french_texts(value, name if re.fullmatch("[a-z]{2}", name) else lang)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from french_texts(item, lang)
    elif lang == "fr" and isinstance(node.value, str):
        yield node.value


def test_shipped_french_text_puts_a_no_break_space_before_high_punctuation() -> None:
    """As the French catalogue does: U+202F before `;` `?` `!`, U+00A0 before `:`."""
    files = sorted(DEFAULT_DATA.rglob("*.yaml"))
    assert len(files) >= 8
    bare = [
        f"{path.relative_to(DEFAULT_DATA)}: {text[max(0, m.start() - 30) : m.end() + 10]!r}"
        for path in files
        for text in french_texts(yaml.compose(path.read_text(encoding="utf-8")))
        for m in BARE_PUNCTUATION.finditer(text)
    ]
    assert bare == []
    assert list(french_texts(yaml.compose("a: {fr: 'x ; y', en: 'x; y'}"))) == ["x ; y"]
