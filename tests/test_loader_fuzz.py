"""Property tests: no input makes the loader or the validator crash.

Whatever the bytes, `SourceFile.load` returns data or raises `LoadError`,
and `validate` returns problems (it raises only the project's own errors):
a user's file never produces a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from roadmap.loader import LoadError, SourceFile
from roadmap.problems import Problem, RoadmapError
from roadmap.validation import validate

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

DATA_FILES = [
    "dataset.yaml",
    "markets.yaml",
    "regions.yaml",
    "levers.yaml",
    "sectors.yaml",
    "partners.yaml",
    "plans/2026.yaml",
]

# Words the data uses, so that generated documents reach the models' checks,
# not only the "unknown key" one.
WORDS = st.sampled_from(
    [
        "id",
        "name",
        "zone",
        "zones",
        "markets",
        "market",
        "regions",
        "region",
        "destinations",
        "role",
        "lead",
        "emerging",
        "year",
        "actions",
        "months",
        "budget",
        "cofinancing",
        "partner",
        "amount",
        "date",
        "fr",
        "en",
        "NO",
        "yes",
        "2026-13-01",
        "1.10",
        "FR",
        "ONMT",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    WORDS,
    st.dates(),
)
KEYS = st.one_of(WORDS, st.text(max_size=10))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=30,
)


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One scratch folder per module; each example rewrites its files."""
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module")
def data_root(folder: Path) -> Path:
    root = folder / "data"
    shutil.copytree(MINIMAL, root)
    return root


def _load(folder: Path, content: bytes) -> None:
    path = folder / "f.yaml"
    path.write_bytes(content)
    try:
        SourceFile.at(path, folder).load()
    except LoadError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) and "\n" not in p.message for p in exc.problems)


def _validate(root: Path, name: str, content: bytes) -> None:
    path = root / name
    original = (MINIMAL / name).read_bytes()
    path.write_bytes(content)
    try:
        _, problems = validate(root, base=root)
    except RoadmapError:  # pragma: no cover - only a missing folder raises
        pass
    else:
        for p in problems:
            assert p.line >= 1 and p.column >= 1, p
            assert "\n" not in p.message, p
    finally:
        path.write_bytes(original)


@FUZZ
@given(content=st.binary(max_size=400))
def test_any_bytes_load_or_raise_load_error(folder: Path, content: bytes) -> None:
    _load(folder, content)


@FUZZ
@given(content=st.text(max_size=400))
def test_any_text_loads_or_raises_load_error(folder: Path, content: str) -> None:
    _load(folder, content.encode("utf-8", "surrogatepass"))


@FUZZ
@given(doc=DOCUMENTS)
def test_any_yaml_document_loads(folder: Path, doc: Any) -> None:
    _load(folder, _dump(doc).encode("utf-8"))


@FUZZ
@given(name=st.sampled_from(DATA_FILES), doc=DOCUMENTS)
def test_any_yaml_document_validates_without_crashing(data_root: Path, name: str, doc: Any) -> None:
    _validate(data_root, name, _dump(doc).encode("utf-8"))


@FUZZ
@given(
    name=st.sampled_from(DATA_FILES),
    data=st.data(),
)
def test_damaged_data_files_validate_without_crashing(
    data_root: Path, name: str, data: st.DataObject
) -> None:
    """A real data file with a slice cut out or replaced: typos, bad edits."""
    original = (MINIMAL / name).read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(original)), label="start")
    end = data.draw(st.integers(start, min(len(original), start + 40)), label="end")
    insert = data.draw(
        st.one_of(
            st.just(""),
            st.sampled_from(["\t", ": ", "- ", "{", "]", "&a ", "*a", "!x ", "\n  ", "NO", "13"]),
            st.text(max_size=10),
        ),
        label="insert",
    )
    damaged = original[:start] + insert + original[end:]
    _validate(data_root, name, damaged.encode("utf-8", "surrogatepass"))


@FUZZ
@given(name=st.sampled_from(DATA_FILES), content=st.binary(max_size=300))
def test_any_bytes_in_a_data_folder_validate_without_crashing(
    data_root: Path, name: str, content: bytes
) -> None:
    _validate(data_root, name, content)


# Text as the data holds it: letters, digits, punctuation, symbols and spaces,
# any script (control characters and other line breaks have tests of their own).
TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=20)
TEXT_DOCUMENTS = st.dictionaries(
    st.one_of(WORDS, TEXT),
    st.recursive(
        st.one_of(TEXT, WORDS),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.one_of(WORDS, TEXT), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    min_size=1,
    max_size=5,
)


@FUZZ
@given(doc=TEXT_DOCUMENTS)
def test_a_valid_document_loads_as_the_data_it_holds(folder: Path, doc: dict[str, Any]) -> None:
    """The properties above would hold for a loader that refused everything:
    a document of text, mappings and lists, written by PyYAML, loads as itself.
    Every text is quoted: PyYAML writes YAML 1.1, which leaves `0E0` plain
    (a number in YAML 1.2)."""
    path = folder / "f.yaml"
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_style='"')
    path.write_text(text, encoding="utf-8")
    assert SourceFile.at(path, folder).load() == doc
