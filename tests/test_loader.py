"""The YAML loader: text stays text, places are kept, hostile files refused."""

from __future__ import annotations

import math
import shutil
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, overlay
from roadmap import loader
from roadmap.loader import LoadError, SourceFile
from roadmap.validation import validate


def _load(tmp_path: Path, content: str | bytes, name: str = "f.yaml") -> object:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return SourceFile.at(path, tmp_path).load()


def _codes(exc: pytest.ExceptionInfo[LoadError]) -> list[str]:
    return [f"{p.line}:{p.column} {p.code}" for p in exc.value.problems]


# --------------------------------------------------------------- no YAML 1.1 guessing


def test_yaml11_guesses_stay_text(tmp_path: Path) -> None:
    data = _load(
        tmp_path,
        "a: NO\nb: yes\nc: on\ne: 2026-01-10\ni: Off\nj: 1_000\nk: 0b101\nl: tRue\nm: nan\n",
    )
    assert data == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "e": "2026-01-10",
        "i": "Off",
        "j": "1_000",
        "k": "0b101",
        "l": "tRue",
        "m": "nan",
    }


def test_plain_scalars_follow_the_yaml_12_core_schema(tmp_path: Path) -> None:
    data = _load(
        tmp_path,
        "d: 1.10\nf: 0o17\ng: 1e3\nh: .inf\nn: -.Inf\no: 0x1F\np: TRUE\nq: false\n"
        "r: -0\ns: +12\nt: .5\nu: 5.\nv: 007\n",
    )
    assert data == {
        "d": 1.1,
        "f": 15,
        "g": 1000.0,
        "h": math.inf,
        "n": -math.inf,
        "o": 31,
        "p": True,
        "q": False,
        "r": 0,
        "s": 12,
        "t": 0.5,
        "u": 5.0,
        "v": 7,
    }
    assert all(type(data[k]) is int for k in "forsv")
    assert math.isnan(_load(tmp_path, "a: .NaN\n")["a"])


def test_quoted_and_block_scalars_stay_text(tmp_path: Path) -> None:
    data = _load(tmp_path, "a: '12'\nb: \"true\"\nc: |\n  12\nd: ['1', \"2\"]\n")
    assert data == {"a": "12", "b": "true", "c": "12\n", "d": ["1", "2"]}


def test_null_words_are_none_but_quoted_ones_are_text(tmp_path: Path) -> None:
    data = _load(tmp_path, "a: null\nb: ~\nc:\nd: 'null'\ne: \"\"\n")
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_explicit_standard_tags_give_their_type(tmp_path: Path) -> None:
    assert _load(
        tmp_path, "a: !!str 12\nb: !!int '12'\nc: !!null ''\nd: !!float 3\ne: !!bool 'true'\n"
    ) == {"a": "12", "b": 12, "c": None, "d": 3.0, "e": True}


def test_an_explicit_tag_on_a_value_it_does_not_fit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: !!int abc\nb: !!bool yes\n")
    assert _codes(exc) == ["1:4 yaml-tag", "2:4 yaml-tag"]
    assert "'abc' is not a valid !!int" in exc.value.problems[0].message


def test_yaml11_guesses_reach_text_fields_as_written(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(EXAMPLES / "valid" / "yaml11-guesses-and-bom", root)
    data, problems = validate(root, base=root)
    assert problems == []
    assert data.sectors is not None
    named = {s.id: (s.name, s.description) for s in data.sectors.sectors}
    assert named["1.10"] == ("yes", "NO")  # quoted in the file: text
    assert named["2026"] == ({"fr": "on", "en": "off"}, "2026-01-10")
    assert named["0x1F"] == ("1e3", ".inf")
    # unquoted NO in markets.yaml and in the plan is Norway, not False
    assert data.markets is not None
    assert "NO" in {m.id for m in data.markets.markets}
    assert [m.market for m in data.plans[2026].markets][2] == "NO"


def test_date_fields_become_dates(minimal: Path) -> None:
    data, problems = validate(minimal)
    assert problems == []
    meeting = data.plans[2026].meetings[0]
    assert meeting.date.isoformat() == "2025-12-18"


# --------------------------------------------------------------- hostile files


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    content = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, content)
    assert _codes(exc) == ["1:4 yaml-tag"]
    assert not marker.exists()


def test_every_bad_tag_in_a_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: !x 1\nb: !!python/name:os.system\nc: !!set {x}\n")
    assert _codes(exc) == ["1:4 yaml-tag", "2:4 yaml-tag", "3:4 yaml-tag"]


def _laughs(levels: int, width: int = 10) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 30])
def test_billion_laughs_is_refused_in_under_a_second(tmp_path: Path, levels: int) -> None:
    start = time.perf_counter()
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, _laughs(levels))
    elapsed = time.perf_counter() - start
    assert [p.code for p in exc.value.problems] == ["yaml-alias-bomb"]
    assert elapsed < 1.0


def test_modest_aliases_are_fine(tmp_path: Path) -> None:
    data = _load(tmp_path, "a: &x [1, 2]\nb: *x\nc: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: &x [1, *x]\n")
    assert _codes(exc) == ["1:11 yaml-alias"]


def test_duplicate_key_is_reported_at_the_second_key(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert _codes(exc) == ["4:3 duplicate-key"]


def test_a_mapping_used_as_a_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "? [a, b]\n: 1\n")
    assert [p.code for p in exc.value.problems] == ["yaml-key"]


# --------------------------------------------------------------- files


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert _load(tmp_path, b"\xef\xbb\xbfa: b\n") == {"a": "b"}


def test_not_utf8_is_placed_at_the_bad_byte(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: b\nc: caf\xe9\n".encode("latin-1"))
    assert _codes(exc) == ["2:7 not-utf8"]


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: b\n".encode("utf-16"))
    assert [p.code for p in exc.value.problems] == ["not-utf8"]


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028"])
def test_tab_indentation(tmp_path: Path, brk: str) -> None:
    """Recognised whatever the line breaks before it (the tab is found by its index)."""
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, f"x: é{brk}a:{brk}\tb: 1{brk}")
    assert _codes(exc) == ["3:1 yaml-tab"]


def test_control_character_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: b\x07\n")
    assert _codes(exc) == ["1:5 yaml-character"]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n...\n", "~\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, content)
    assert _codes(exc) == ["1:1 file-empty"]


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: 0123456789\n")
    assert _codes(exc) == ["1:1 file-too-large"]
    assert "14 bytes, over the limit of 10 bytes" in exc.value.problems[0].message


def test_size_limit_is_documented() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{loader.MAX_FILE_BYTES // 2**20} MiB" in readme


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        SourceFile.at(tmp_path / "nope.yaml", tmp_path).load()
    assert [p.render() for p in exc.value.problems] == [
        "nope.yaml:1:1: error file-missing file not found"
    ]


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    with pytest.raises(LoadError) as exc:
        SourceFile.at(tmp_path / "d.yaml", tmp_path).load()
    assert [p.code for p in exc.value.problems] == ["file-is-directory"]


def test_nesting_too_deep(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert [p.code for p in exc.value.problems] == ["yaml-too-deep"]


def test_load_error_message_is_the_first_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^f\.yaml:1:1: error file-empty "):
        _load(tmp_path, "")


# --------------------------------------------------------------- places


def test_locate_finds_keys_values_and_stops_where_the_path_leaves(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a:\n  - x: 1\n    y: [2, 3]\n  - z: 4\n", encoding="utf-8")
    source = SourceFile.at(path, tmp_path)
    assert source.locate(
        [
            (("a", 0, "y", 1), False),
            (("a", 0, "y"), True),
            (("a", 1, "missing"), False),
            (("a", 7), False),
            ((), False),
        ]
    ) == [(3, 12), (3, 5), (4, 5), (2, 3), (1, 1)]


def test_locate_of_an_unparsable_file_is_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: [\n", encoding="utf-8")
    assert SourceFile.at(path).locate([(("a",), False)]) == [(1, 1)]


def test_comma_in_unquoted_flow_text_is_one_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, "name: {fr: Tournée, étape de Fès, en: Tour}\n")
    assert _codes(exc) == ["1:21 yaml-flow-comma"]
    assert "put text that holds a comma in quotes" in exc.value.problems[0].message


@pytest.mark.parametrize(
    ("content", "data"),
    [
        ("a: {x: }\n", {"a": {"x": None}}),
        ("a: {x: ~, y: ''}\n", {"a": {"x": None, "y": ""}}),
        ('a: {fr: "Tournée, étape de Fès"}\n', {"a": {"fr": "Tournée, étape de Fès"}}),
    ],
)
def test_flow_mappings_with_empty_or_quoted_values_are_fine(
    tmp_path: Path, content: str, data: object
) -> None:
    assert _load(tmp_path, content) == data


# --------------------------------------------------------------- merge keys


def test_merge_keys_are_refused_at_the_key(tmp_path: Path) -> None:
    text = "base: &b {x: 1}\nblock:\n  <<: *b\n  y: 2\nflow: {<<: *b, z: 3}\n"
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, text)
    assert _codes(exc) == ["3:3 yaml-merge-key", "5:8 yaml-merge-key"]
    assert exc.value.problems[0].message == (
        "merge keys (<<) are not supported: write the keys out"
    )
    assert exc.value.data is None  # not checked further: no "missing key" cascade


def test_a_quoted_merge_key_is_a_plain_key(tmp_path: Path) -> None:
    assert _load(tmp_path, "'<<': a\n") == {"<<": "a"}


@pytest.mark.parametrize("content", ["a: {[x]: }\n", "a: {<<: }\n", "a: {b: 1, b: }\n"])
def test_a_refused_key_with_no_value_in_braces_is_reported_not_a_crash(
    tmp_path: Path, content: str
) -> None:
    with pytest.raises(LoadError) as exc:
        _load(tmp_path, content)
    assert [p.code for p in exc.value.problems] in (
        ["yaml-key"],
        ["yaml-merge-key"],
        ["duplicate-key"],
    )
