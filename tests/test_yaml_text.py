"""`yaml_text.Writer` writes a record as PyYAML's safe_dump would, or leaves it to PyYAML."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap import rollover, yaml_text
from roadmap.yaml_text import WIDTH, Writer

OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "width": WIDTH,
    "default_flow_style": None,
}


def pure(doc: Any) -> str:
    """PyYAML's own bytes (its pure-Python emitter: the reference)."""
    text: str = yaml.dump(doc, Dumper=yaml.SafeDumper, **OPTIONS)
    return text


#: Text that PyYAML writes in every way it knows but double quotes: plain or
#: not, as its implicit types read it, quoted for an indicator where it stands.
TRICKY = [
    "plain",
    "Une description de l'action 0 avec quelques mots de plus.",
    "",
    " ",
    " leading space",
    "trailing space ",
    "NO",
    "no",
    "Yes",
    "off",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "2026",
    "-12",
    "+3",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "2026-01-15",
    "2026-01-15 10:00:00",
    "12:30",
    "190:20:30",
    "<<",
    "=",
    "a: b",
    "a:b",
    "key:",
    ":start",
    "?",
    "? q",
    "- item",
    "-item",
    "---",
    "...",
    "--- doc",
    "C#",
    "#hash",
    "a #comment",
    "x, y",
    "[bracket]",
    "{brace}",
    "a[0]",
    "&anchor",
    "*alias",
    "!tag",
    "|pipe",
    ">fold",
    "%percent",
    "@at",
    "`tick",
    "'quoted'",
    '"double"',
    "it's",
    "Campagne « Chaque région a sa lumière »",
    "12\u00a0000\u00a0MAD",
    "nbsp at end\u00a0",
    "\u202fthin no-break space first",
    "حملة المغرب",
    "السياحة: الوجهة",
    "中文",
    "Ελληνικά",
    "x" * 60,
    "words " * 10 + "end",
]

#: Text PyYAML double-quotes or writes on several lines: left to PyYAML.
LEFT = [
    "line\nbreak",
    "tab\there",
    "bell\x07",
    "next line\x85",
    "\ufeffbyte-order mark",
    "\U0001f600 emoji",
    "line\u2028separator",
]

SCALARS: list[Any] = [
    *TRICKY,
    0,
    -7,
    10**20,
    True,
    False,
    None,
    0.5,
    -2.25,
    1e-05,
    1e20,
    float("inf"),
    float("-inf"),
    float("nan"),
]


def record(value: Any) -> dict[str, Any]:
    """`value` in every place an action's value can stand (a copy in each:
    PyYAML anchors a list or dict met twice)."""

    def v() -> Any:
        return copy.deepcopy(value)

    return {
        "id": "A1",
        "value": v(),
        "in_list": ["x", v()],
        "in_map": {"fr": v(), "en": "y"},
        "in_block": {"source": v(), "list": [1]},
        "rows": [{"partner": v(), "amount": 1}, v(), {"k": [v()]}],
    }


def check(writer: Writer, doc: dict[str, Any]) -> str | None:
    """What `writer` writes of `doc` (None: nothing), checked against PyYAML;
    and `rollover.dump_items`, whose writer writes whole floats as integers,
    against PyYAML's dump of the records tidied."""
    written = writer.item(doc)
    if written is not None:
        assert written == pure([doc])
    # two records, as in a plan (each its own objects: PyYAML anchors one met twice)
    both = [doc, copy.deepcopy(doc)]
    tidied = pure(rollover._tidy(copy.deepcopy(both)))
    assert rollover.dump_items(both, Writer(writer.width, whole_floats=True)) == tidied
    return written


@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_a_tricky_value_is_written_as_pyyaml_writes_it(value: Any) -> None:
    assert check(Writer(), record(value)) is not None


@pytest.mark.parametrize("key", [k for k in TRICKY if k and len(k) < 40], ids=repr)
def test_a_tricky_key_is_written_as_pyyaml_writes_it(key: str) -> None:
    doc = {"id": "A1", key: 1, "nested": {key: [1, 2], "x": {key: "v"}}}
    assert check(Writer(), doc) is not None


@pytest.mark.parametrize("value", LEFT, ids=repr)
def test_text_pyyaml_double_quotes_is_left_to_it(value: str) -> None:
    assert check(Writer(), record(value)) is None


LONG = [
    "word " * 25,  # folds, and ends with a space: single-quoted
    "word " * 25 + "end",  # folds, plain
    "a" * 120,  # one word longer than a line: never folded
    "Campagne de marque segmentée par profil (repeaters, familles, seniors), diffusée en basse "
    "saison et jugée sur les réservations générées.",
    "Estimation pour l'illustration : budget, cofinancements et cibles des KPI fixés par le "
    "planificateur ; l'ONMT ne publie pas le budget de ses actions",
    "two  spaces  " * 12 + "end",  # a run of spaces is never a fold
    " " + "leading and trailing " * 6 + " ",
    "حملة ترويجية للوجهات الصاعدة في فصل الشتاء مع شركاء النقل الجوي والفنادق " * 2,
    ["M01"] * 30,  # a flow list wraps past the width
    {f"k{i}": "value" for i in range(12)},
    {"fr": "mot " * 30, "en": "word " * 30},
]


@pytest.mark.parametrize("value", LONG, ids=lambda v: repr(v)[:30])
def test_a_long_line_folds_and_wraps_as_pyyaml_s(value: Any) -> None:
    assert check(Writer(), record(value)) is not None


def test_a_key_as_long_as_a_line_is_left_to_pyyaml() -> None:
    assert check(Writer(), {"id": "A1", "k" * (WIDTH + 1): [1]}) is None


@pytest.mark.parametrize(
    ("extra", "folds"), [("", False), (" tail", False), ("x tail", True), ("xx tail", True)]
)
def test_text_folds_only_past_the_width(extra: str, folds: bool) -> None:
    """A space is a fold where the line before it is longer than the width."""
    value = "w" * (WIDTH - len("  value: ")) + extra
    # (a list in it: a record of scalars alone is one flow mapping)
    written = check(Writer(), {"id": "A1", "value": value, "list": [1]})
    assert written is not None
    assert ("\n    tail" in written) is folds


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 1, 15),
        ("a", "tuple"),
        [[["a block list in a list"]]],
        {1: "int key"},
        {"": "empty key"},
    ],
    ids=repr,
)
def test_values_outside_the_simple_shapes_are_left_to_pyyaml(value: Any) -> None:
    doc = {"id": "A1", "value": value}
    assert Writer().item(doc) is None
    if not isinstance(value, tuple):  # PyYAML's safe dumper refuses a tuple
        assert rollover.dump_items([doc], Writer(whole_floats=True)) == pure([doc])


@pytest.mark.parametrize("value", [21.0, -3.0, 0.0, 1e14, 1e15, 2.5, float("inf")], ids=repr)
def test_whole_floats_are_written_as_integers_when_asked(value: float) -> None:
    doc = {"id": "A1", "kpis": [{"target": value}], "budget": value}
    written = Writer(whole_floats=True).item(doc)
    assert written == pure([rollover._tidy(doc)])
    assert Writer().item(doc) == pure([doc])
    assert (written == Writer().item(doc)) is (rollover._tidy(value) is value)


def test_the_rollover_s_writer_must_write_whole_floats_as_integers() -> None:
    with pytest.raises(ValueError, match="whole floats"):
        rollover.dump_items([{"id": "A1"}], Writer())


def test_empty_collections_and_an_all_scalar_record_are_flow() -> None:
    writer = Writer()
    assert check(writer, {"id": "A1", "markets": [], "title": {}}) == (
        "- id: A1\n  markets: []\n  title: {}\n"
    )
    assert check(writer, {"id": "A1", "budget": 5}) == "- {id: A1, budget: 5}\n"


def test_remembered_forms_do_not_leak_between_contexts() -> None:
    """`a: b` is plain nowhere, `C#` plain in both, `x,y` plain only in block context."""
    writer = Writer()
    for text in ["x,y", "C#", "a #b", "x,y"]:
        assert check(writer, {"block": text, "flow": [text], "again": text}) is not None


IDS = st.text(st.sampled_from("abAZ09-_ "), min_size=1, max_size=12)
TEXT = (
    st.text(
        st.sampled_from([*"ab Zé:,-#'\"[]{}&*!|>%@`?0.~\n\t", "\u00a0", "م", "中", "\U0001f600"]),
        max_size=40,
    )
    | st.sampled_from(TRICKY)
    # long enough to fold: words, runs of spaces, quotes and indicators
    | st.lists(
        st.sampled_from(["word", "mot", " ", "  ", "l'x", "a:", "#", "x" * 30]), max_size=60
    ).map("".join)
)
SCALAR = TEXT | st.integers() | st.booleans() | st.none() | st.floats()
VALUES = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(IDS | TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(IDS | TEXT, VALUES, min_size=1, max_size=6))
def test_any_record_is_written_as_pyyaml_writes_it_or_left_to_it(doc: dict[str, Any]) -> None:
    check(Writer(), doc)


def test_the_texts_remembered_are_bounded_and_the_rest_still_written() -> None:
    """Each action's own id is met once: a plan of 100,000 must not keep them all."""
    writer = Writer()
    for n in range(yaml_text._TEXTS_KEPT + 50):
        doc = {"id": f"A{n:06d}", "lever": "media", "markets": ["M01"]}
        assert writer.item(doc) == pure([doc])
    assert len(writer._block) == yaml_text._TEXTS_KEPT
    assert writer._flow == {"M01": "M01"}
