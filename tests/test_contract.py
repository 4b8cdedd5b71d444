"""One contract for a value: the JSON Schemas and `roadmap validate` agree.

A shared corpus of small documents (the minimal data folder with one value
changed) goes through both sides: the models, as `roadmap validate` reads
the file, and an independent validator, `jsonschema` with check-jsonschema's
YAML reader (ruamel.yaml, YAML 1.2) and format checking, as an editor sees
the file. Every document must get the same verdict from both.

What JSON Schema cannot say is left out of the corpus, and the README says
so: `.nan` (every comparison with NaN is false, so `maximum` lets it
through), more digits than a number keeps (`multipleOf` on floats is
inexact), and the `1_000` / `0b101` numbers ruamel reads although YAML 1.2's
core schema makes them text. References across files are `validate`'s own.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from pydantic import ValidationError

from conftest import MINIMAL
from roadmap import schema
from roadmap.loader import LoadError, SourceFile
from roadmap.validation import validate

ROOT = Path(__file__).resolve().parents[1]
_READ_YAML = impl2loader(construct_yaml_implementation())

PLAN = "plans/2026.yaml"
#: (name, file, text in the minimal file, replacement, accepted)
CASES: list[tuple[str, str, str, str, bool]] = [
    # booleans: true/false only (the core schema's spellings), never text
    ("recurring-yes", PLAN, "recurring: true", "recurring: yes", False),
    ("recurring-no-quoted", PLAN, "recurring: true", 'recurring: "no"', False),
    ("recurring-true-quoted", PLAN, "recurring: true", "recurring: 'true'", False),
    ("recurring-on", PLAN, "recurring: true", "recurring: on", False),
    ("recurring-1", PLAN, "recurring: true", "recurring: 1", False),
    ("recurring-True", PLAN, "recurring: true", "recurring: True", True),
    ("recurring-FALSE", PLAN, "recurring: true", "recurring: FALSE", True),
    (
        "deseasonalisation-off",
        PLAN,
        "deseasonalisation: true",
        "deseasonalisation: off",
        False,
    ),
    ("assumption-Yes", PLAN, "assumption: true}", "assumption: Yes}", False),
    # numbers: unquoted only; a whole number may be written as a float
    ("budget-quoted", PLAN, "budget: 3000000", 'budget: "3000000"', False),
    ("budget-single-quoted", PLAN, "budget: 3000000", "budget: '3000000'", False),
    ("budget-float-whole", PLAN, "budget: 3000000", "budget: 3000000.0", True),
    ("budget-exponent", PLAN, "budget: 3000000", "budget: 3e6", True),
    ("budget-fraction", PLAN, "budget: 3000000", "budget: 3000000.5", False),
    ("budget-true", PLAN, "budget: 3000000", "budget: true", False),
    ("budget-comma", PLAN, "budget: 3000000", "budget: 3,000,000", False),
    ("budget-inf", PLAN, "budget: 3000000", "budget: .inf", False),
    ("budget-huge", PLAN, "budget: 3000000", "budget: 1e26", False),
    ("budget-negative", PLAN, "budget: 3000000", "budget: -1", False),
    ("budget-hex", PLAN, "budget: 3000000", "budget: 0x10", True),
    ("months-quoted", PLAN, "months: [1, 2, 11]", 'months: ["1", "2"]', False),
    ("months-13", PLAN, "months: [1, 2, 11]", "months: [1, 13]", False),
    ("target-quoted", PLAN, "target: 21.5", "target: '21.5'", False),
    ("target-int", PLAN, "target: 21.5", "target: 21", True),
    ("year-quoted", PLAN, "year: 2026\n", "year: '2026'\n", False),
    ("year-float", PLAN, "year: 2026\n", "year: 2026.0\n", True),
    # text: quoted stays text; a number or a boolean is not text
    ("id-number", PLAN, "  - id: A1\n", "  - id: 2026\n", False),
    ("id-quoted-number", PLAN, "  - id: A1\n", "  - id: '2026'\n", True),
    ("id-float", PLAN, "  - id: A1\n", "  - id: 1.10\n", False),
    ("id-quoted-float", PLAN, "  - id: A1\n", "  - id: '1.10'\n", True),
    (
        "theme-true",
        PLAN,
        "theme: {fr: Plus forts ensemble, en: Stronger Together}",
        "theme: true",
        False,
    ),
    (
        "theme-no",
        PLAN,
        "theme: {fr: Plus forts ensemble, en: Stronger Together}",
        "theme: no",
        True,
    ),
    (
        "theme-date",
        PLAN,
        "theme: {fr: Plus forts ensemble, en: Stronger Together}",
        "theme: 2026-01-01",
        True,
    ),
    ("market-NO", PLAN, "  - {market: NO}", "  - {market: NO}", True),
    ("title-number-in-language", PLAN, "en: Winter campaign in France}", "en: 12}", False),
    # per-language text: two-letter codes only, closed
    (
        "text-english-key",
        "markets.yaml",
        "name: {fr: Europe de l'Ouest, en: Western Europe}",
        "name: {fr: Europe de l'Ouest, english: Western Europe}",
        False,
    ),
    (
        "text-upper-key",
        "markets.yaml",
        "name: {fr: Europe de l'Ouest, en: Western Europe}",
        "name: {fr: Europe de l'Ouest, EN: Western Europe}",
        False,
    ),
    (
        "text-list",
        "markets.yaml",
        "name: {fr: Europe de l'Ouest, en: Western Europe}",
        "name: [a]",
        False,
    ),
    # dates: YYYY-MM-DD text only
    ("date-number", PLAN, "date: 2025-12-18", "date: 2025", False),
    ("date-bad-day", PLAN, "date: 2025-12-18", "date: 2025-02-30", False),
    ("date-time", PLAN, "date: 2025-12-18", "date: 2025-12-18T10:00:00", False),
    ("date-quoted", PLAN, "date: 2025-12-18", "date: '2025-12-18'", True),
    # other files
    ("currency-number", "dataset.yaml", "currency: MAD", "currency: 123", False),
    ("language-number", "dataset.yaml", "language: fr", "language: 12", False),
    (
        "high-potential-quoted",
        "regions.yaml",
        "high_potential: true",
        'high_potential: "true"',
        False,
    ),
    ("unchanged", "dataset.yaml", "office: ONMT", "office: ONMT", True),
]

_SCHEMA = {
    "dataset.yaml": "dataset",
    "markets.yaml": "markets",
    "regions.yaml": "regions",
    PLAN: "plan",
}


def _document(tmp_path: Path, file: str, old: str, new: str) -> Path:
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (MINIMAL / file).read_text(encoding="utf-8")
    assert old in text, f"{file} no longer holds {old!r}: update the corpus"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _roadmap_accepts(path: Path, name: str) -> bool:
    """The verdict of `roadmap validate` on one file's values (the model of its kind)."""
    try:
        data = SourceFile.at(path).load()
    except LoadError:
        return False
    try:
        schema.ROOTS[name].model_validate(data)
    except ValidationError:
        return False
    return True


def _schema_accepts(path: Path, name: str) -> bool:
    """The verdict of the checked-in JSON Schema, reading the file as YAML 1.2."""
    document: Any = _READ_YAML(io.BytesIO(path.read_bytes()))
    contract = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        contract, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return validator.is_valid(document)


@pytest.mark.parametrize(
    ("name", "file", "old", "new", "accepted"), CASES, ids=[c[0] for c in CASES]
)
def test_schema_and_validate_give_the_same_verdict(
    tmp_path: Path, name: str, file: str, old: str, new: str, accepted: bool
) -> None:
    path = _document(tmp_path, file, old, new)
    kind = _SCHEMA[file]
    assert (_roadmap_accepts(path, kind), _schema_accepts(path, kind)) == (accepted, accepted)


def test_the_corpus_holds_good_and_bad_documents_of_each_kind() -> None:
    good = {c[1] for c in CASES if c[4]}
    bad = {c[1] for c in CASES if not c[4]}
    assert {PLAN, "dataset.yaml"} <= good and set(_SCHEMA) <= bad


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("recurring: true", "recurring: yes", "'yes' is not a boolean here: write true or false"),
        ("recurring: true", 'recurring: "no"', "'no' is not a boolean here: write true or false"),
        (
            "budget: 3000000",
            'budget: "72000000"',
            "a number must not be quoted: write 72000000, not '72000000'",
        ),
        ("months: [1, 2, 11]", 'months: ["1", "2"]', "a number must not be quoted: write 1"),
        (
            "  - id: A1\n",
            "  - id: 2026\n",
            "2026 is read as a number: quote it, '2026', to make it text",
        ),
        ("  - id: A1\n", "  - id: 1.10\n", "1.1 is read as a number: put the text in quotes"),
        (
            "theme: {fr: Plus forts ensemble, en: Stronger Together}",
            "theme: true",
            "true is read as a boolean: quote it, 'true', to make it text",
        ),
    ],
)
def test_a_refused_value_says_what_to_write(
    minimal: Path, old: str, new: str, message: str
) -> None:
    plan = minimal / PLAN
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [p for p in validate(minimal)[1] if p.code == "bad-type"]
    assert problems, "the value was accepted"
    assert message in problems[0].message


def test_quoted_no_is_never_exported_as_false(minimal: Path) -> None:
    plan = minimal / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("recurring: true", "recurring: 'no'", 1), encoding="utf-8")
    assert [p.code for p in validate(minimal)[1]] == ["bad-type"]
