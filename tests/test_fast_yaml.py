"""rapidyaml's fast way gives the exact loader's data, or steps aside.

The property: for any text, `fast_yaml.load` returns None (the exact loader
then reads it) or exactly what `loader._events_to_data` returns, and never
data for a text the exact loader refuses. It is checked on every YAML file
of the repository, on generated data, on mutated copies of them (seeded,
so a failure reproduces) and on every scalar form the core schema knows,
in every place a scalar can stand.
"""

from __future__ import annotations

import math
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bench_module
from roadmap import fast_yaml
from roadmap.loader import LoadError, SourceFile, _events_to_data

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files go the exact way for speed; here every text is tried."""
    monkeypatch.setattr(fast_yaml, "MIN_SIZE", 0)


def exact(text: str) -> tuple[bool, Any]:
    try:
        return True, _events_to_data(text, "x.yaml")
    except LoadError as error:
        return False, [p.code for p in error.problems]


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (True is not 1) and in the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_agrees(text: str) -> bool:
    """The property; True when the fast way was taken."""
    fast = fast_yaml.load(text)
    if fast is None:
        return False
    ok, data = exact(text)
    assert ok, f"the fast way read a text the exact loader refuses ({data}):\n{text}"
    assert same(fast, data), f"the two ways read differently:\n{text}"
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    generated = bench_module("generate").generate(tmp_path_factory.mktemp("gen") / "data", 60)
    folders = [ROOT / "data", ROOT / "examples", ROOT / "tests", ROOT / "src", Path(generated)]
    texts = []
    for folder in folders:
        for path in sorted(folder.rglob("*.yaml")):
            if not path.is_file():
                continue  # a fixture's folder named like a data file
            try:
                texts.append(path.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                continue  # the non-UTF-8 fixtures: the loader refuses them before any parser
    return texts


@pytest.fixture(params=[fast_yaml.PIECE_ITEMS, 2], ids=["whole", "in-pieces"])
def pieces(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Long top-level lists are read in pieces: with pieces of two items,
    nearly every list of the corpus is cut, and must read the same."""
    monkeypatch.setattr(fast_yaml, "PIECE_ITEMS", request.param)
    return int(request.param)


def test_every_yaml_file_of_the_repository_reads_the_same(corpus: list[str], pieces: int) -> None:
    taken = sum(assert_agrees(text) for text in corpus)
    # the generated data and the plain catalogues take the fast way: if none
    # did, this test would prove nothing
    assert taken >= 10


def test_mutated_files_never_read_otherwise(corpus: list[str], pieces: int) -> None:
    rng = random.Random(20261203)
    insertions = [
        *" \n:-,[]{}#'\"&*!?|>~%@`<\\\t0123456789.+eExoTtNn\u00a0",
        "\n# ",
        "\n  # c: &x [",
        "True",
        "null",
        "~",
        ": ",
        "- ",
        "\n  ",
        "\n- ",
        "0x1",
        "017",
        ".inf",
        "nan",
        "{a: b, c}",
        "&a ",
        "*a",
        "<<: ",
        "\u2028",
        "\x85",
        "|2",
        "? ",
    ]
    small = [text for text in corpus if len(text) < 20_000]
    taken = 0
    for _ in range(1500):
        text = rng.choice(small)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.4:
                text = text[:at] + rng.choice(insertions) + text[at:]
            elif roll < 0.7:
                text = text[:at] + text[at + rng.randint(1, 5) :]
            else:
                start = rng.randrange(len(text) + 1)
                text = text[:at] + text[start : start + rng.randint(1, 30)] + text[at:]
        taken += assert_agrees(text)
    assert taken > 100


#: Plain scalars at the edges of the core schema, and texts that look like them.
SCALARS = [
    "true", "True", "TRUE", "tRue", "false", "False", "FALSE", "null", "Null", "NULL", "~",
    "yes", "no", "on", "off", "y", "n", "0", "00", "017", "-017", "0o17", "0x1F", "0X1F",
    "0b101", "+12", "-3", "1_000", "1e3", "1E3", "1e+3", "1.5e-3", ".5", "5.", "-.5", "-0",
    "1.0", "12e", "0e0", "00.5", "1.2.3", "12345678901234567890123", "1.7976931348623157e309",
    "inf", "Inf", "INF", ".inf", ".Inf", ".INF", "-.inf", "+.inf", "infinity", "nan", "NaN",
    "NAN", ".nan", ".NaN", "2026-01-10", "12:30", "1:20:30", "+5,5", "%", "x", "y",
    "information", "Nantes", "TrueNorth",
]  # fmt: skip


def contexts(token: str) -> list[str]:
    return [
        f"k: {token}\n",
        f"k: '{token}'\n",
        f'k: "{token}"\n',
        f"{token}: v\n",
        f"'{token}': v\n",
        f"- {token}\n",
        f"k: [{token}, a]\n",
        f"k: {{a: {token}, b: c}}\n",
        f"k: {{{token}: a}}\n",
        f"k:\n  - x: {token}\n    y: z\n",
        f"k: a {token} b\n",
    ]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*SCALARS, "a", "-", "+", ".", "e", "0", "x", '"']), max_size=4))
def test_the_first_character_test_passes_over_no_core_text(parts: list[str]) -> None:
    """`_CORE_TEXT` tests a string's first character before its forms: it
    must find exactly what the forms alone find."""
    forms = re.compile(fast_yaml._CORE_TEXT.pattern.replace(rb"(?=[-+.0-9~nNtTfFiI])", b""))
    assert forms.pattern != fast_yaml._CORE_TEXT.pattern
    json = ('"' + "".join(parts) + '"').encode()
    assert bool(fast_yaml._CORE_TEXT.search(json)) == bool(forms.search(json))


@pytest.mark.parametrize("token", SCALARS)
def test_every_scalar_form_reads_the_same_in_every_place(token: str) -> None:
    for text in contexts(token):
        assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: rapidyaml keeps the last
        "a: {b: 1, c}\n",  # the comma that ended the text
        "a: &x {b: 1}\nc: *x\n",  # anchors and aliases
        "a: !foo 1\n",  # a tag
        "a:\n  <<: {b: 1}\n",  # a merge key
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\n\t- 1\n",  # a tab
        "2026: x\n",  # a key that is a number
        ": x\n",  # an empty key
        "a: b: c\n",  # a syntax error
        "a: [1, 2\n",  # an unclosed list
        "]\n",  # an indicator rapidyaml reads as text
        "",  # an empty file
    ],
)
def test_what_the_fast_way_would_get_wrong_goes_the_exact_way(text: str) -> None:
    assert fast_yaml.load(text) is None


def test_a_long_list_is_read_in_pieces_to_the_same_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_yaml, "PIECE_ITEMS", 3)
    items = "".join(
        f"  - id: A{i}\n    name: {{fr: Action {i}, en: Action {i}}}\n    partners: [p-{i % 3}]\n"
        f"    steps:\n      - one\n      - two\n"
        for i in range(10)
    )
    text = f"year: 2026\nactions:\n{items}# the end\nmeetings:\n- id: m1\n- id: m2\n"
    read: list[str] = []
    reader = fast_yaml._read

    def spy(piece: str) -> Any:
        read.append(piece)
        return reader(piece)

    monkeypatch.setattr(fast_yaml, "_read", spy)
    data = fast_yaml.load(text)
    ok, expected = exact(text)
    assert ok and same(data, expected)
    # the head with `actions: []`, then the ten actions three at a time
    assert len(read) == 5 and "actions: []" in read[0]
    assert [len(fast_yaml._read(piece)) for piece in read[1:]] == [3, 3, 3, 1]
    assert isinstance(data, dict) and list(data) == ["year", "actions", "meetings"]


def test_a_list_cut_inside_a_quoted_text_goes_the_exact_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fast_yaml, "PIECE_ITEMS", 1)
    text = 'actions:\n  - id: A1\n    note: "a text on two lines\n  - that looks like an item"\n'
    text += "".join(f"  - id: A{i}\n" for i in range(2, 200))
    ok, expected = exact(text)
    data = fast_yaml.load(text)
    assert data is None or (ok and same(data, expected))


def test_comments_and_no_break_spaces_keep_the_fast_way() -> None:
    """`roadmap new` writes a header like this one; French text puts a
    no-break space before a colon, which YAML does not count as blank."""
    text = (
        "# Plan 2027, commencé avec `roadmap new 2027 --from 2026`.\n"
        "# Repris du plan 2026\u00a0: 7 action(s) & 2 proposition(s) *ouvertes*\n"
        "year: 2027\n"
        "theme: {fr: 'Objectif\u00a0: croissance', en: Growth}\n"
        "  # an indented comment: [not, closed\n"
        "actions: []\n"
    )
    data = fast_yaml.load(text)
    assert data is not None
    assert same(data, exact(text)[1])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" #\n:`[a-", max_size=60))
def test_the_comment_lines_dropped_are_the_lines_that_are_only_a_comment(text: str) -> None:
    """The screen skips comment lines (their backticks, colons and brackets
    are not data); only whole-line comments, never a `#` after data."""
    framed = f"\n{text}\n"
    lines = framed.split("\n")
    expected = "\n".join(
        [lines[0], *("" if re.fullmatch(r"[ ]*#.*", line) else line for line in lines[1:])]
    )
    assert fast_yaml._COMMENT_LINE.sub("\n", framed) == expected


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t#\n-:ab\r", max_size=40))
def test_the_top_level_lines_are_the_lines_a_multiline_caret_finds(text: str) -> None:
    """`line_starts` finds a line by the line break before it: the same
    starts as the former pattern, a `^` tried at every character."""
    former = re.compile(r"^(?![ \t#\n]|-(?:[ \t]|$))", re.MULTILINE)
    assert fast_yaml.line_starts(text) == [m.start() for m in former.finditer(text)]


def test_no_one_byte_character_is_in_both_screened_classes() -> None:
    """`_BYTE_CLASSES` gives each byte one class: a character in both
    patterns would be found by one of the two checks only."""
    both = [
        c
        for c in map(chr, range(256))
        if fast_yaml._CHARACTERS.match(c) and fast_yaml._RARE.match(c)
    ]
    assert both == []


@settings(max_examples=1000, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from("\t\r\x00\x1f\x7f\x85\x9f\xa0é\\!&*?%@`|>a \n"),
            st.characters(),
        ),
        max_size=30,
    ),
    piece=st.integers(1, 8),
)
def test_the_byte_classes_find_what_the_patterns_find(text: str, piece: int) -> None:
    """Classed a byte at a time (Latin-1 pieces) or searched (any other
    piece), a text holds a class's character exactly when the pattern
    finds one, wherever the pieces are cut."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast_yaml, "_CLASS_PIECE", piece)
        for pattern in (fast_yaml._CHARACTERS, fast_yaml._RARE):
            expected = pattern.search(text) is not None
            assert fast_yaml._has_class(text, pattern) == expected


#: The screens as they were written before each was cut into one pattern per
#: first character: one pattern each, starting with a class of characters.
FORMER_SCREENS = {
    "_RARE_SCREENS": [
        r"[!&*?%@`](?<=[ \t\n\[{,:-].)",
        r"[|>](?<=[ \t\n\[{,].)(?![-+]?[ \t]*(?:#[^\n]*)?\n)",
    ],
    "_SCREENS": [
        r"[:,](?<=[ \t\n\[{,][:,])",
        r"[\]}](?:[ \t]*[^ \t\n,\]}#]|(?<=[ \t\n,][\]}]))",
        r":[\]},]",
        r"[\[{](?<=[ \t\n\[{,].)(?![^\n#]*[\]}][ \t]*(?:#[^\n]*)?\n)",
    ],
    "FLOW_UNCLOSED": [r"[\[{](?<=[ \t\n\[{,].)(?![^\n#]*[\]}][ \t]*(?:#[^\n]*)?\n)"],
}


@settings(max_examples=3000, deadline=None)
@given(
    name=st.sampled_from(sorted(FORMER_SCREENS)),
    text=st.text(alphabet=" \t\n#:,[]{}!&*?%@`|>-+a", max_size=24),
)
def test_each_screen_finds_what_it_found_as_one_pattern(name: str, text: str) -> None:
    """A screen cut into one pattern per first character (the engine skips
    to that character) finds something exactly where the former pattern,
    tried at every position, did."""
    framed = f"\n{text}\n"
    former = [re.compile(p) for p in FORMER_SCREENS[name]]
    screens = getattr(fast_yaml, name)
    assert all(p.pattern[0] != "[" for p in screens)  # each starts with its one character
    assert any(p.search(framed) for p in screens) == any(p.search(framed) for p in former)


def test_a_plain_file_takes_the_fast_way() -> None:
    text = "name: {fr: Maroc, en: Morocco}\nactions:\n  - id: A1\n    budget: 1500000\n"
    assert fast_yaml.load(text) == {
        "name": {"fr": "Maroc", "en": "Morocco"},
        "actions": [{"id": "A1", "budget": 1500000}],
    }


def test_a_small_file_goes_the_exact_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the size limit as shipped
    assert fast_yaml.load("a: 1\n") is None
    big = "items:\n" + "".join(f"  - {{id: A{i}, name: Action {i}}}\n" for i in range(5000))
    assert len(big) >= fast_yaml.MIN_SIZE
    assert fast_yaml.load(big) == exact(big)[1]


def test_source_files_are_read_the_fast_way_when_they_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("a: 1\nb: [x, y]\n", encoding="utf-8")
    anchored = tmp_path / "anchored.yaml"
    anchored.write_text("a: &one 1\nb: *one\n", encoding="utf-8")
    calls: list[str] = []

    def exact_reader(text: str, display: str) -> Any:
        calls.append(display)
        return _events_to_data(text, display)

    monkeypatch.setattr("roadmap.loader._events_to_data", exact_reader)
    assert SourceFile.at(plain).load() == {"a": 1, "b": ["x", "y"]}
    assert SourceFile.at(anchored).load() == {"a": 1, "b": 1}
    assert calls == [str(anchored)]


def test_without_rapidyaml_every_file_goes_the_exact_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast_yaml, "_rapidyaml", lambda: None)
    assert fast_yaml.load("a: 1\n") is None
    path = tmp_path / "plain.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert SourceFile.at(path).load() == {"a": 1}


def test_rapidyaml_is_imported_only_for_a_file_that_may_use_it() -> None:
    code = (
        "import sys\n"
        "from roadmap import fast_yaml\n"
        "assert fast_yaml.load('a: 1\\n') is None\n"  # small: the exact way
        "fast_yaml.MIN_SIZE = 0\n"
        "assert fast_yaml.load('a: &x 1\\nb: *x\\n') is None\n"
        "assert 'ryml' not in sys.modules\n"
        "assert fast_yaml.load('a: 1\\n') == {'a': 1}\n"
        "assert 'ryml' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_refused_file_prints_nothing_of_rapidyaml_s_own(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: b: c\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        SourceFile.at(path).load()
    assert raised.value.problems[0].code == "yaml-syntax"
    out, err = capfd.readouterr()
    assert out == "" and err == ""
