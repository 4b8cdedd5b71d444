"""Loading shares repeated keys and short texts: a 100,000-action plan repeats
`id`, `partner` or a partner's id hundreds of thousands of times, and one
string each instead of one per occurrence keeps the load's memory down."""

from __future__ import annotations

from pathlib import Path

from roadmap.loader import _SHARED_LENGTH, SourceFile

TEXT = """\
actions:
  - {id: A1, owner: partner-000, status: ongoing, note: LONG}
  - {id: A2, owner: partner-000, status: ongoing, note: LONG}
  - id: A3
    owner: 'partner-000'
    count: 12
    flag: true
    empty:
"""


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return SourceFile.at(path).load()


def test_repeated_keys_and_short_texts_are_one_object(tmp_path: Path) -> None:
    long = "x" * (_SHARED_LENGTH + 1)
    data = load(tmp_path, TEXT.replace("LONG", long))
    assert isinstance(data, dict)
    a1, a2, a3 = data["actions"]
    keys = [next(k for k in a if k == "owner") for a in (a1, a2, a3)]
    assert keys[0] is keys[1] is keys[2]
    assert a1["owner"] is a2["owner"] is a3["owner"]  # quoted or not, the same text
    assert a1["status"] is a2["status"]
    # a long text is not shared: most are written once, and a table of them
    # would cost more than it saves
    assert a1["note"] == a2["note"] == long and a1["note"] is not a2["note"]
    # values are still what they were: numbers, booleans, null
    assert (a3["count"], a3["flag"], a3["empty"]) == (12, True, None)


def test_placing_problems_builds_a_node_tree_only_through_an_alias(tmp_path: Path) -> None:
    """`locate` follows the parser's events: no node tree, whose collector
    passes and memory were most of the cost of placing a check's warnings.
    Through an alias it composes the tree, with the collector paused, and
    gives the collector back as it found it."""
    import gc

    path = tmp_path / "plan.yaml"
    path.write_text(TEXT.replace("LONG", "x") + "again: *a\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("- id: A3", "- &a\n    id: A3"))
    states: list[bool] = []

    import roadmap.loader as loader

    real = loader.compose

    def spy(text: str, display: str) -> object:
        states.append(gc.isenabled())
        return real(text, display)

    loader.compose = spy  # type: ignore[assignment]
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            places = SourceFile.at(path).locate([(("actions", 2, "count"), True)])
            assert places == [(7, 5)]  # `count:` of A3, no tree
            assert gc.isenabled() is enabled
            places = SourceFile.at(path).locate([(("again", "count"), True)])
            assert places == [(7, 5)]  # through the alias, by the tree
            assert gc.isenabled() is enabled
    finally:
        loader.compose = real  # type: ignore[assignment]
        gc.enable()
    assert states == [False, False]
