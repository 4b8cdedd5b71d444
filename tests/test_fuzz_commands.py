"""Fuzzing every command with damaged copies of the shipped data.

Each example copies `data/` to a fresh folder, damages one to three of its
files the way a hurried edit or a broken tool would (a line deleted,
duplicated or swapped with another; a value of another type: a number
made text, a list made a single value, a mapping made a list; a key
deleted or renamed; random bytes or random characters inserted, among
them control characters, NUL, a byte-order mark, CR, CRLF, YAML's other
line breaks and characters outside the BMP; the whole file's line endings
changed), then runs `validate`, `check`, `build`, `diff` (text and JSON)
and `export` (CSV and JSON) on it, in-process. For every command:

- the exit code is one the README documents for it (0 or 1; `diff` 0 or 2),
  and a folder that validates is one every command accepts (exit 0);
- no traceback: no exception escapes the command, none is printed;
- it takes under `COMMAND_SECONDS`;
- every problem it reports (JSON reports, and `file:line:col:` lines of
  text ones) is placed inside its file: a line the file has, counted with
  YAML's line breaks, and a column from 1 to that line's length + 1, in
  characters; its message is one line.

CI runs `DEFAULT_EXAMPLES` examples, derandomized, so every run tries the
same damage (about 30 s on a 2-core machine). For a longer hunt, by hand:

    ROADMAP_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_commands.py

`ROADMAP_FUZZ_SEED=<n>` explores other damage than CI's. A failure prints
the `Mutation` list that reproduces it: add it as an `@example` of the test
or as a regression test below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conftest import DEFAULT_DATA
from roadmap.cli import app
from roadmap.problems import Problem, Severity

DEFAULT_EXAMPLES = 60
EXAMPLES = int(os.environ.get("ROADMAP_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
#: Every command on the shipped data takes well under half a second.
COMMAND_SECONDS = 2.0

FILES = sorted(p.relative_to(DEFAULT_DATA).as_posix() for p in DEFAULT_DATA.rglob("*.yaml"))
ORIGINAL = {name: (DEFAULT_DATA / name).read_bytes() for name in FILES}
PLAN_YEARS = sorted(int(Path(name).stem) for name in FILES if name.startswith("plans/"))
BEFORE, AFTER = PLAN_YEARS[-2], PLAN_YEARS[-1]

#: What the YAML parser counts as a line break (libyaml, YAML 1.1).
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_NUMBER = re.compile(r"^[+-]?\d[\d_]*(\.\d+)?$")
_TRAILING_SPACE = " \t\r\n\x85\u2028\u2029"


# ------------------------------------------------------------------ damage


@dataclass(frozen=True)
class Mutation:
    """One damage to one file; `at` and `other` are taken modulo what the file has.

    So a mutation drawn blind applies to any file, and a reproducer stays
    a short literal.
    """

    file: str
    kind: str
    at: int = 0
    other: int = 0
    payload: str | bytes = ""

    def apply(self, content: bytes) -> bytes:
        if self.kind == "insert-bytes":
            assert isinstance(self.payload, bytes)
            i = self.at % (len(content) + 1)
            return content[:i] + self.payload + content[i:]
        # surrogateescape: bytes inserted by an earlier mutation survive
        text = content.decode("utf-8", "surrogateescape")
        return _MUTATORS[self.kind](self, text).encode("utf-8", "surrogateescape")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _delete_line(m: Mutation, text: str) -> str:
    lines = _lines(text)
    del lines[m.at % len(lines)]
    return "".join(lines)


def _duplicate_line(m: Mutation, text: str) -> str:
    lines = _lines(text)
    i = m.at % len(lines)
    line = lines[i] if lines[i].endswith(("\n", "\r")) else lines[i] + "\n"
    lines.insert(i, line)
    return "".join(lines)


def _swap_lines(m: Mutation, text: str) -> str:
    lines = _lines(text)
    i, j = m.at % len(lines), m.other % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _insert_text(m: Mutation, text: str) -> str:
    assert isinstance(m.payload, str)
    i = m.at % (len(text) + 1)
    return text[:i] + m.payload + text[i:]


def _line_endings(m: Mutation, text: str) -> str:
    assert isinstance(m.payload, str)
    return text.replace("\n", m.payload)


def _nodes(text: str) -> list[tuple[Node, ScalarNode | None]]:
    """Every node of the document with the key it is the value of, in order."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeError):
        return []
    found: list[tuple[Node, ScalarNode | None]] = []
    seen: set[int] = set()

    def walk(node: Node, key: ScalarNode | None) -> None:
        if id(node) in seen:  # an alias
            return
        seen.add(id(node))
        found.append((node, key))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                walk(v, k if isinstance(k, ScalarNode) else None)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                walk(item, None)

    if root is not None:
        walk(root, None)
    return found


def _end(text: str, node: Node) -> int:
    """Where the node's own text ends: block collections' marks run on past the next line break."""
    start, end = node.start_mark.index, node.end_mark.index
    while end > start and text[end - 1] in _TRAILING_SPACE:
        end -= 1
    return end


def _replace_value(text: str, node: Node, key: ScalarNode | None, value: str) -> str:
    start = node.start_mark.index
    if key is not None and isinstance(node, MappingNode | SequenceNode) and not node.flow_style:
        # a block collection starts on the line after its key: a single
        # value must sit after the colon instead
        start, value = key.end_mark.index, ": " + value
    return text[:start] + value + text[_end(text, node) :]


def _retype(kinds: tuple[type, ...], numbers_only: bool = False) -> Any:
    def mutate(m: Mutation, text: str) -> str:
        assert isinstance(m.payload, str)
        candidates = [
            (node, key)
            for node, key in _nodes(text)
            if isinstance(node, kinds)
            and (not numbers_only or (not node.style and _NUMBER.match(node.value)))
        ]
        if not candidates:  # the file no longer parses, or has no such value
            return _delete_line(m, text)
        node, key = candidates[m.at % len(candidates)]
        return _replace_value(text, node, key, m.payload)

    return mutate


def _keys(text: str) -> list[tuple[ScalarNode, Node]]:
    return [
        (k, v)
        for node, _ in _nodes(text)
        if isinstance(node, MappingNode)
        for k, v in node.value
        if isinstance(k, ScalarNode)
    ]


def _delete_key(m: Mutation, text: str) -> str:
    keys = _keys(text)
    if not keys:
        return _delete_line(m, text)
    key, value = keys[m.at % len(keys)]
    end = _end(text, value)
    # a key of a flow mapping ({fr: ..., en: ...}) takes its comma with it
    after = len(text[end:]) - len(text[end:].lstrip(" "))
    if text[end + after : end + after + 1] == ",":
        end += after + 1
        end += len(text[end:]) - len(text[end:].lstrip(" "))
    return text[: key.start_mark.index] + text[end:]


def _rename(name: str, how: int, payload: str) -> str:
    if how == 0 or not name:
        return payload or "x"
    if how == 1:
        return name + "s"
    if how == 2:
        return name[:-1] or "x"
    if how == 3:
        return name[1::-1] + name[2:]
    return name.upper()


def _rename_key(m: Mutation, text: str) -> str:
    assert isinstance(m.payload, str)
    keys = _keys(text)
    if not keys:
        return _delete_line(m, text)
    key, _ = keys[m.at % len(keys)]
    return (
        text[: key.start_mark.index]
        + _rename(key.value, m.other % 5, m.payload)
        + text[key.end_mark.index :]
    )


_MUTATORS = {
    "delete-line": _delete_line,
    "duplicate-line": _duplicate_line,
    "swap-lines": _swap_lines,
    "insert-text": _insert_text,
    "line-endings": _line_endings,
    "number-to-text": _retype((ScalarNode,), numbers_only=True),
    "list-to-scalar": _retype((SequenceNode,)),
    "mapping-to-list": _retype((MappingNode,)),
    "scalar-to-collection": _retype((ScalarNode,)),
    "delete-key": _delete_key,
    "rename-key": _rename_key,
}

# Characters that have broken YAML tools before: controls, NUL, the BOM,
# every kind of line break, tabs, invisible and astral characters, quotes
# and YAML's indicators.
SPECIAL = st.sampled_from(
    [
        "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x9f",
        "\ufeff", "\r", "\r\n", "\n", "\x85", "\u2028", "\u2029", "\t",
        "\u200b", "\u202e", "\ufffe", "\uffff", "\U0001f600", "\U00010000",
        "\U0010fffd", "é", "ß", "\u0301", "'", '"', ":", ": ", "- ", "#",
        "{", "}", "[", "]", ",", "&a", "*a", "!x", "|", ">", "%", "@", "`",
        "?", "<<: ", "---", "...", "\\",
    ]
)  # fmt: skip
SCALARS = st.sampled_from(
    ["douze", "'12'", "1 200", "12,5", "-5", "0", "1.5", "'NO'", "yes", "~", "''", "x y"]
)
COLLECTIONS = st.sampled_from(["[]", "{}", "[a, 1]", "{a: 1}", "[[x]]", "{fr: x, en: y}"])
KEY_WORDS = st.sampled_from(
    ["id", "name", "year", "actions", "markets", "budget", "fr", "en", "zone", "x", "ID", "1"]
)
FILE = st.sampled_from(FILES)
AT = st.one_of(st.just(0), st.integers(0, 200_000))


def _mutation(kind: str, payload: st.SearchStrategy[Any] = st.just("")) -> Any:
    return st.builds(Mutation, file=FILE, kind=st.just(kind), at=AT, other=AT, payload=payload)


MUTATIONS = st.one_of(
    _mutation("delete-line"),
    _mutation("duplicate-line"),
    _mutation("swap-lines"),
    _mutation("insert-bytes", st.binary(min_size=1, max_size=8)),
    _mutation(
        "insert-text",
        st.lists(st.one_of(st.characters(codec="utf-8"), SPECIAL), min_size=1, max_size=6).map(
            "".join
        ),
    ),
    _mutation("line-endings", st.sampled_from(["\r\n", "\r", "\x85", "\u2028", "\u2029"])),
    _mutation("number-to-text", SCALARS),
    _mutation("list-to-scalar", SCALARS),
    _mutation("mapping-to-list", COLLECTIONS),
    _mutation("scalar-to-collection", COLLECTIONS),
    _mutation("delete-key"),
    _mutation("rename-key", st.one_of(KEY_WORDS, st.text("abcxyz_-", min_size=1, max_size=6))),
)


def test_every_kind_of_damage_changes_the_file() -> None:
    """A mutator that silently did nothing would make the fuzzing below hollow."""
    payloads: dict[str, str | bytes] = {
        "insert-bytes": b"\xff",
        "insert-text": "\x00",
        "line-endings": "\r\n",
        "number-to-text": "douze",
        "list-to-scalar": "x",
        "mapping-to-list": "[a]",
        "scalar-to-collection": "{a: 1}",
        "rename-key": "zz",
    }
    original = ORIGINAL[f"plans/{AFTER}.yaml"]
    for kind in [*_MUTATORS, "insert-bytes"]:
        m = Mutation(f"plans/{AFTER}.yaml", kind, at=7, other=3, payload=payloads.get(kind, ""))
        assert m.apply(original) != original, kind


def test_structural_damage_keeps_the_file_parseable() -> None:
    """Type changes and key edits reach the schema checks, not only the parser."""
    original = ORIGINAL[f"plans/{AFTER}.yaml"]
    for kind, payload in [
        ("number-to-text", "douze"),
        ("list-to-scalar", "x"),
        ("mapping-to-list", "[a, 1]"),
        ("scalar-to-collection", "{a: 1}"),
        ("delete-key", ""),
        ("rename-key", "zz"),
    ]:
        for at in (0, 1, 17, 400):
            damaged = Mutation("f", kind, at=at, payload=payload).apply(original)
            yaml.compose(damaged.decode("utf-8"), Loader=yaml.CSafeLoader)


def test_mutations_land_where_they_say() -> None:
    text = b"a: 1\nb:\n  - x\n  - y\nc:\n  d: 2\n"
    assert Mutation("f", "number-to-text", at=1, payload="douze").apply(text) == (
        b"a: 1\nb:\n  - x\n  - y\nc:\n  d: douze\n"
    )
    assert Mutation("f", "list-to-scalar", payload="x").apply(text) == (b"a: 1\nb: x\nc:\n  d: 2\n")
    assert Mutation("f", "mapping-to-list", at=1, payload="[q]").apply(text) == (
        b"a: 1\nb:\n  - x\n  - y\nc: [q]\n"
    )
    # the key's line stays, blank: the lines after it keep their numbers
    assert Mutation("f", "delete-key", at=1).apply(text) == b"a: 1\n\nc:\n  d: 2\n"
    assert Mutation("f", "rename-key", at=2, other=1).apply(text) == (
        b"a: 1\nb:\n  - x\n  - y\ncs:\n  d: 2\n"
    )
    assert Mutation("f", "swap-lines", at=0, other=1).apply(text).startswith(b"b:\na: 1\n")
    assert Mutation("f", "insert-bytes", at=1, payload=b"\xff").apply(text)[:3] == b"a\xff:"


# ----------------------------------------------------------------- running


@dataclass
class Run:
    args: list[str]
    result: Result
    seconds: float

    def __str__(self) -> str:
        return (
            f"roadmap {' '.join(self.args)} -> {self.result.exit_code} "
            f"in {self.seconds:.2f} s\nstdout: {self.result.stdout[:2000]!r}\n"
            f"stderr: {self.result.stderr[:2000]!r}\nexception: {self.result.exception!r}"
        )


RUNNER = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


def _invoke(args: list[str]) -> Run:
    start = time.perf_counter()
    result = RUNNER.invoke(app, args)
    return Run(args, result, time.perf_counter() - start)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for the module; each example works in a fresh subfolder."""
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _write(root: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _line_count(lines: list[str]) -> int:
    # text ending with a line break has no line after it
    return max(1, len(lines) - (lines[-1] == ""))


def _assert_placed(problem: dict[str, Any], run: Run) -> None:
    path = Path(problem["file"])
    where = f"{problem} from {run}"
    assert "\n" not in problem["message"] and "\r" not in problem["message"], where
    if not path.is_file():
        assert (problem["line"], problem["column"]) == (1, 1), where
        return
    text = path.read_bytes().decode("utf-8-sig", "replace")
    lines = LINE_BREAK.split(text)
    assert 1 <= problem["line"] <= _line_count(lines), where
    assert 1 <= problem["column"] <= len(lines[problem["line"] - 1]) + 1, where


def _problems_in(run: Run, root: Path) -> list[dict[str, Any]]:
    """The problems a command reported: its JSON report, or its text lines."""
    out = run.result.stdout
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    if isinstance(doc, dict) and "problems" in doc and "summary" in doc:
        assert doc["version"] == 1, run
        assert isinstance(doc["problems"], list), run
        return doc["problems"]  # type: ignore[no-any-return]
    text_line = re.compile(
        rf"^(?P<file>{re.escape(str(root))}/.*?):(?P<line>\d+):(?P<column>\d+): "
        rf"(?P<severity>error|warning) (?P<code>\S+) (?P<message>.*)$"
    )
    found = []
    for line in (out + run.result.stderr).splitlines():
        match = text_line.match(line)
        if match:
            found.append(
                {
                    "file": match["file"],
                    "line": int(match["line"]),
                    "column": int(match["column"]),
                    "severity": match["severity"],
                    "code": match["code"],
                    "message": match["message"],
                }
            )
    return found


def _commands(root: Path, out: Path) -> list[list[str]]:
    data = ["--data", str(root)]
    return [
        ["validate", *data, "--format", "json"],
        ["check", str(AFTER), *data, "--format", "json"],
        ["build", str(AFTER), *data, "--out", str(out)],
        ["diff", str(BEFORE), str(AFTER), *data],
        ["diff", str(BEFORE), str(AFTER), *data, "--format", "json"],
        ["export", str(AFTER), *data, "--format", "csv"],
        ["export", str(AFTER), *data, "--format", "json"],
    ]


#: Exit codes the README documents for data that is wrong, not for usage
#: errors: the folder and the plans always exist here.
ALLOWED = {"validate": {0, 1}, "check": {0, 1}, "build": {0, 1}, "diff": {0, 2}, "export": {0, 1}}


def run_every_command(workdir: Path, files: dict[str, bytes]) -> list[Run]:
    """Every command on a data folder holding `files`; asserts what holds for any data."""
    root, out = workdir / "data", workdir / "out"
    _write(root, files)
    runs = [_invoke(args) for args in _commands(root, out)]
    for run in runs:
        result = run.result
        assert result.exception is None or isinstance(result.exception, SystemExit), run
        assert "Traceback" not in result.stdout and "Traceback" not in result.stderr, run
        assert result.exit_code in ALLOWED[run.args[0]], run
        assert run.seconds < COMMAND_SECONDS, run
        for problem in _problems_in(run, root):
            _assert_placed(problem, run)
    _assert_same_problems(runs, root)
    for run in runs:
        written = run.args[0] in ("diff", "export") and run.result.exit_code == 0
        if written and run.args[-1] == "json":
            json.loads(run.result.stdout)
    return runs


def _key(problem: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(problem[k] for k in ("file", "line", "column", "severity", "code", "message"))


def _assert_same_problems(runs: list[Run], root: Path) -> None:
    """Each command fails exactly when the data it reads has errors, shown as validate shows them.

    `check`, `build` and `export` read the catalogues and one plan with its
    progress reviews: the other plan's errors, and its reviews', are not
    theirs. `diff` reads both plans and their reviews.
    """
    validated = [_key(p) for p in _problems_in(runs[0], root)]
    other_plan = str(root / "plans" / f"{BEFORE}.yaml")
    other_reviews = str(root / "progress" / str(BEFORE)) + "/"
    theirs = [k for k in validated if k[0] != other_plan and not k[0].startswith(other_reviews)]
    for run in runs[1:]:
        read = validated if run.args[0] == "diff" else theirs
        if any(k[3] == "error" for k in read):
            assert run.result.exit_code == (2 if run.args[0] == "diff" else 1), run
            # the same problems in the same order: output is the same for the same input
            assert [_key(p) for p in _problems_in(run, root)] == read, run
        else:
            assert run.result.exit_code == 0, run


def _damaged(mutations: list[Mutation]) -> dict[str, bytes]:
    files = dict(ORIGINAL)
    for m in mutations:
        files[m.file] = m.apply(files[m.file])
    return files


def test_shipped_data_passes_every_command(scratch: Path) -> None:
    """The harness itself: the undamaged data goes through every command."""
    workdir = Path(tempfile.mkdtemp(dir=scratch))
    runs = run_every_command(workdir, dict(ORIGINAL))
    assert [run.result.exit_code for run in runs] == [0] * len(runs)
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [
        f"plan-{AFTER}.fr.html",
        f"plan-{AFTER}.fr.md",
    ]


def test_the_harness_catches_a_problem_outside_the_file(scratch: Path) -> None:
    """The place check fails on a place past the file's end or its line's end."""
    path = scratch / "placed.yaml"
    path.write_bytes("a: é\r\nb: 2\u2028c: 3\n".encode())
    run = Run([], CliRunner().invoke(app, ["--version"]), 0.0)
    ok = {"file": str(path), "line": 3, "column": 5, "message": "m"}
    _assert_placed(ok, run)
    _assert_placed({**ok, "line": 1, "column": 5}, run)  # characters, not bytes
    for line, column in [(4, 1), (1, 6), (0, 1), (3, 6), (2, 0)]:
        with pytest.raises(AssertionError):
            _assert_placed({**ok, "line": line, "column": column}, run)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=len(ALLOWED) * 2 * COMMAND_SECONDS),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)


def _seeded(test: Any) -> Any:
    """Another seed than CI's, by hand: a seed overrides derandomize."""
    value = os.environ.get("ROADMAP_FUZZ_SEED")
    return seed(int(value))(test) if value else test


def _after_first_non_ascii(name: str) -> int:
    """Index just after the file's first accented (non-ASCII) character."""
    text = ORIGINAL[name].decode("utf-8")
    return next(i for i, c in enumerate(text) if not c.isascii()) + 1


def _first(name: str, needle: str) -> int:
    return ORIGINAL[name].decode("utf-8").index(needle)


PLAN = f"plans/{AFTER}.yaml"


# Each kind of damage the brief names, whatever the derandomized draw: a
# control character after accented text (places in characters, not
# bytes), NUL, a BOM, CRLF and astral characters, an unclosed quote, and
# the first reproducer the fuzzing found (problems at one place merged).
@_seeded
@FUZZ
@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=3))
@example(
    [Mutation("markets.yaml", "insert-text", _after_first_non_ascii("markets.yaml"), 0, "\x01")]
)
@example(
    [Mutation(PLAN, "line-endings", payload="\r\n"), Mutation(PLAN, "insert-text", 5000, 0, "\x00")]
)
@example([Mutation("regions.yaml", "insert-text", 0, 0, "\ufeff\U0001f600: x\n")])
@example([Mutation("levers.yaml", "insert-bytes", 0, 0, b"\xef\xbb\xbf\xef\xbb\xbf\xff")])
@example([Mutation(PLAN, "insert-text", _first(PLAN, "\ntheme:") + 8, 0, '"')])
@example(
    [
        Mutation("dataset.yaml", "line-endings", payload="\u2028"),
        Mutation("dataset.yaml", "insert-text", 10**6, 0, "\x85\t"),
    ]
)
@example(
    [
        Mutation("markets.yaml", "number-to-text", 0, 0, "1 200"),
        Mutation(PLAN, "list-to-scalar", 3, 0, "x"),
    ]
)
@example([Mutation(PLAN, "mapping-to-list", 0, 0, "[a, 1]")])
@example([Mutation("markets.yaml", "swap-lines", 134055, 4481)])
def test_damaged_data_never_crashes_a_command(scratch: Path, mutations: list[Mutation]) -> None:
    workdir = Path(tempfile.mkdtemp(dir=scratch))
    try:
        run_every_command(workdir, _damaged(mutations))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------ regressions found by fuzzing


def test_problems_at_one_place_with_one_code_are_kept_apart() -> None:
    """Problem equality ignored the message, so a set kept one of them."""
    zone = Problem("m.yaml", 3, 5, "missing-key", "missing required key 'zone'")
    tier = Problem("m.yaml", 3, 5, "missing-key", "missing required key 'tier'")
    warning = Problem("m.yaml", 3, 5, "missing-key", zone.message, Severity.WARNING)
    assert zone != tier and zone != warning
    assert len({zone, tier, warning, Problem(*astuple(zone))}) == 3
    # sorting looks at place and code only: found order is kept among equals
    assert sorted([tier, zone]) == [tier, zone]
    assert sorted([zone, tier]) == [zone, tier]
    assert sorted([Problem("m.yaml", 4, 1, "a", "x"), tier]) == [
        tier,
        Problem("m.yaml", 4, 1, "a", "x"),
    ]


@pytest.fixture
def two_missing_keys(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A market missing two required keys: two problems at the market's place."""
    path = minimal / "markets.yaml"
    text = path.read_text(encoding="utf-8")
    damaged = text.replace("    zone: western-europe\n    tier: core\n", "", 1)
    assert damaged != text
    path.write_text(damaged, encoding="utf-8")
    monkeypatch.chdir(minimal.parent)
    return minimal


def test_validate_paths_reports_every_problem_at_one_place(two_missing_keys: Path) -> None:
    """`validate FILE` (the pre-commit hook) dropped all but one of them."""
    whole = RUNNER.invoke(app, ["validate", "--data", "data", "--lang", "en"])
    assert whole.exit_code == 1
    lines = whole.stdout.splitlines()[:-1]
    assert [line.split(" ", 3)[-1] for line in lines] == [
        "missing required key 'zone'",
        "missing required key 'tier'",
    ]
    for paths in (["data/markets.yaml"], ["data"], ["data/markets.yaml", "data"]):
        result = RUNNER.invoke(app, ["validate", *paths, "--lang", "en"])
        assert result.exit_code == 1
        assert result.stdout == whole.stdout, paths


def test_diff_reports_every_problem_at_one_place_in_found_order(two_missing_keys: Path) -> None:
    """`diff` dropped all but one, and a set would print them in a random order."""
    whole = RUNNER.invoke(app, ["validate", "--data", "data", "--format", "json"])
    result = RUNNER.invoke(app, ["diff", "/dev/null", "2026", "--format", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"] == json.loads(whole.stdout)["problems"]


def test_a_repeated_key_in_an_earlier_plan_keeps_its_proposals(tmp_path: Path) -> None:
    """`check`, `build` and `export` of a year read an earlier plan for its proposal ids alone.

    A repeated key there is that plan's error, which `validate` reports
    once; it must not make every later action answering one of its
    proposals an `unknown-proposal` error.
    """
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    path = root / "plans" / f"{BEFORE}.yaml"
    text = path.read_text(encoding="utf-8")
    line = f"year: {BEFORE}\n"
    path.write_text(text.replace(line, line + line, 1), encoding="utf-8")
    validated = RUNNER.invoke(app, ["validate", "--data", str(root), "--format", "json"])
    assert [p["code"] for p in json.loads(validated.stdout)["problems"]] == ["duplicate-key"]
    for command in (["check", "--format", "json"], ["export", "--format", "csv"], ["build"]):
        name, *options = command
        args = [name, str(AFTER), "--data", str(root), *options, "--out", str(tmp_path / "o")]
        result = RUNNER.invoke(app, args if name == "build" else args[:-2])
        assert result.exit_code == 0, (command, result.stdout)


def test_a_bad_byte_after_a_byte_order_mark_is_placed_and_named(minimal: Path) -> None:
    path = minimal / "dataset.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + b"ab: c\nd\xff: 1\n")
    result = RUNNER.invoke(app, ["validate", "--data", str(minimal), "--format", "json"])
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["line"], problem["column"], problem["code"]) == (2, 2, "not-utf8")
    assert "0xff" in problem["message"]
