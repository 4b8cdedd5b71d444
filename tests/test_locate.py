"""`SourceFile.locate` reads places from libyaml's events along the wanted paths.

It must place every path exactly where the walk over `compose`'s node tree
does (the reference: what problems were placed by before), without
building that tree unless an alias lies on a wanted path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap import loader
from roadmap.loader import LoadError, Loc, SourceFile, _walk, compose

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def reference(text: str, paths: list[tuple[Loc, bool]]) -> list[tuple[int, int]]:
    try:
        root = compose(text, "f.yaml")
    except LoadError:
        root = None
    return [_walk(root, loc, at_key) for loc, at_key in paths]


def located(
    tmp_path: Path, text: str, paths: list[tuple[Loc, bool]], parsed: bool = False
) -> list[tuple[int, int]]:
    file = tmp_path / "f.yaml"
    file.write_text(text, encoding="utf-8")
    return SourceFile.at(file).locate(paths, parsed=parsed)


KEYS = st.sampled_from(["a", "b", "id", "0", "1", "x y"])
SCALARS = st.sampled_from(["1", "'q'", '"d"', "~", "&s v", "*s", "!!str 7", "[1, 2]", "{a: 1}"])


def _block(value: Any, indent: int) -> str:
    """YAML block text of a tree: ("map", pairs), ("seq", items) or a scalar."""
    if isinstance(value, str):
        return value
    kind, items = value
    if not items:
        return "{}" if kind == "map" else "[]"
    pad = " " * indent
    if kind == "map":
        return "".join(f"\n{pad}{key}:{_inline(item, indent + 2)}" for key, item in items)
    return "".join(f"\n{pad}-{_inline(item, indent + 2)}" for item in items)


def _inline(value: Any, indent: int) -> str:
    body = _block(value, indent)
    return body if body.startswith("\n") else " " + body


# Mappings are lists of pairs, so that a key may repeat (the first one wins).
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.tuples(st.just("seq"), st.lists(inner, max_size=4))
        | st.tuples(st.just("map"), st.lists(st.tuples(KEYS, inner), max_size=4))
    ),
    max_leaves=20,
)


PARTS = st.one_of(KEYS, st.integers(0, 4))
PATHS = st.lists(st.tuples(st.lists(PARTS, max_size=4).map(tuple), st.booleans()), max_size=12)


@SETTINGS
@given(tree=TREES, paths=PATHS)
def test_places_match_the_node_tree_walk(
    tmp_path: Path, tree: Any, paths: list[tuple[Loc, bool]]
) -> None:
    text = "root:" + _inline(tree, 2) + "\n"
    paths = [(("root", *loc), at_key) for loc, at_key in paths] + paths
    assert located(tmp_path, text, paths) == reference(text, paths)


@SETTINGS
@given(text=st.text(alphabet="ab:-[]{},&*! \n'\"?01#", max_size=60), paths=PATHS)
def test_places_in_any_text_match_the_node_tree_walk(
    tmp_path: Path, text: str, paths: list[tuple[Loc, bool]]
) -> None:
    assert located(tmp_path, text, paths) == reference(text, paths)


CASES = {
    "duplicate key: the first wins": "a:\n  b: 1\na:\n  b: 2\n",
    "a mapping as a key leads nowhere": "? {b: 1}\n: 2\nb: 3\n",
    "flow collections": "a: {b: [1, {c: 2}], d: x}\n",
    "a second document has no root": "a: 1\n---\na: 2\n",
    "a syntax error has no root": "a: [1\nb: 2\n",
    "an empty document": "---\n",
    "no document": "# nothing\n",
    "a list at the root": "- a: 1\n- b: [x]\n",
}
PATHS_OF_CASES: list[tuple[Loc, bool]] = [
    (loc, at_key)
    for loc in [(), ("a",), ("a", "b"), ("b",), ("a", "b", 0), ("a", "d"), (0, "a"), (1, "b", 0)]
    for at_key in (False, True)
]


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_edge_cases_match_the_node_tree_walk(tmp_path: Path, text: str) -> None:
    assert located(tmp_path, text, PATHS_OF_CASES) == reference(text, PATHS_OF_CASES)


def test_no_node_tree_is_built_off_aliases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(text: str, display: str) -> None:
        raise AssertionError("compose called")

    monkeypatch.setattr(loader, "compose", refused)
    text = "base: &b {x: 1}\nitems:\n  - id: a\n    ref: *b\n  - id: b\n"
    assert located(tmp_path, text, [(("items", 1, "id"), True)]) == [(5, 5)]


def test_an_alias_on_the_path_is_followed_to_its_anchor(tmp_path: Path) -> None:
    text = "base: &b\n  x: 1\nitems:\n  - *b\n"
    paths: list[tuple[Loc, bool]] = [(("items", 0, "x"), True), (("items", 0), False)]
    assert located(tmp_path, text, paths) == [(2, 3), (1, 7)] == reference(text, paths)


# --- places inside a top-level list's items, each item parsed alone ----------

ROOT = Path(__file__).parent.parent


def _paths_into_items(data: dict[str, Any], every: int) -> list[tuple[Loc, bool]]:
    paths: list[tuple[Loc, bool]] = []
    for key, value in data.items():
        if not isinstance(value, list):
            continue
        for index in range(0, len(value), every):
            item = value[index]
            paths.append(((key, index), index % 2 == 0))
            if isinstance(item, dict):
                paths += [((key, index, field), True) for field in list(item)[:3]]
                paths.append(((key, index, "no-such-field"), False))
                last = list(item)[-1]
                if isinstance(item[last], list) and item[last]:
                    paths.append(((key, index, last, len(item[last]) - 1), False))
    return paths


@pytest.mark.parametrize(
    "name",
    [
        "data/plans/2026.yaml",
        "data/plans/2025.yaml",
        "data/progress/2025/2025-12-31.yaml",
        "data/markets.yaml",
        "data/regions.yaml",
        "examples/croatia/data/plans/2026.yaml",
    ],
)
def test_places_in_items_match_the_whole_file(name: str) -> None:
    source = SourceFile.at(ROOT / name)
    data = source.load()
    paths = _paths_into_items(data, 1)
    assert paths
    text = (ROOT / name).read_text(encoding="utf-8")
    assert source.locate(paths, parsed=True) == reference(text, paths)


def test_items_are_parsed_alone_when_every_path_leads_into_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = "".join(
        f"  - id: A{i}\n    title: {{fr: Action {i}, en: Action {i}}}\n    kpis: [k{i}]\n"
        for i in range(300)
    )
    text = f"year: 2026\nactions:\n{items}meetings: []\n"
    parsed: list[int] = []
    find_marks = loader._find_marks

    def spy(text: str, locs: Any) -> Any:
        parsed.append(len(text))
        return find_marks(text, locs)

    monkeypatch.setattr(loader, "_find_marks", spy)
    paths: list[tuple[Loc, bool]] = [
        (("actions", 7, "kpis", 0), False),
        (("actions", 250, "title"), True),
        (("actions", 250, "owner"), False),
    ]
    assert located(tmp_path, text, paths, parsed=True) == [(26, 12), (754, 5), (753, 5)]
    assert max(parsed) < 100  # two items, never the whole file
    assert located(tmp_path, text, paths, parsed=True) == reference(text, paths)
    assert max(parsed) < 100  # two items, never the whole file


def test_a_list_with_text_over_several_lines_is_not_cut(tmp_path: Path) -> None:
    """A quoted text may hold a line that looks like an item's start: the
    list is placed from the whole file, where that line is text."""
    text = (
        "actions:\n"
        '  - id: A1\n    note: "first line\n  - not an item"\n'
        "  - id: A2\n    note: plain\n"
    )
    paths: list[tuple[Loc, bool]] = [(("actions", 1, "note"), True), (("actions", 1), False)]
    assert located(tmp_path, text, paths, parsed=True) == reference(text, paths) == [(6, 5), (5, 5)]


@SETTINGS
@given(tree=TREES, paths=PATHS)
def test_places_in_items_of_any_parsed_tree_match_the_walk(
    tmp_path: Path, tree: Any, paths: list[tuple[Loc, bool]]
) -> None:
    text = "root:" + _inline(tree, 2) + "\nafter: 1\n"
    try:
        compose(text, "f.yaml")
    except LoadError:
        return  # only a file that parses is placed item by item
    paths = [(("root", *loc), at_key) for loc, at_key in paths]
    assert located(tmp_path, text, paths, parsed=True) == reference(text, paths)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028"])
def test_places_in_items_count_every_line_break(tmp_path: Path, newline: str) -> None:
    """YAML counts a lone carriage return, NEL and the Unicode separators as
    line breaks: an item's line is where the whole file's parse puts it."""
    text = f"actions:\n# one{newline}# two\n  - id: A1\n    name: x\n  - id: A2\n    name: y\n"
    paths: list[tuple[Loc, bool]] = [(("actions", 1, "name"), True)]
    assert located(tmp_path, text, paths, parsed=True) == reference(text, paths)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet="\r\n\x85\u2028\u2029 a", max_size=12))
def test_other_line_breaks_are_found_as_the_one_alternation_found_them(text: str) -> None:
    """`_other_break` looks for each break alone (the engine then skips to
    its character): it must find what the former alternation found."""
    former = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
    assert loader._other_break(text) == (former.search(text) is not None)


@settings(max_examples=2000, deadline=None)
@given(text=st.text(alphabet="\"'\\\n []{},#a:\t", max_size=24))
def test_text_over_several_lines_is_found_as_the_one_alternation_found_it(text: str) -> None:
    """`_spans_lines` tries its three patterns one after the other: it must
    find what the former alternation of the three found."""
    former = re.compile(
        r"\"(?<=[\s\[{,]\")(?:[^\"\\\n]|\\.)*\n"
        r"|'(?<=[\s\[{,]')(?:[^'\n]|'')*\n"
        r"|[\[{](?<=[ \t\n\[{,].)(?![^\n#]*[\]}][ \t]*(?:#[^\n]*)?\n)"
    )
    framed = f"\n{text}\n"
    assert loader._spans_lines(framed) == (former.search(framed) is not None)
