"""Reading YAML files into plain Python data, with every value's place.

Why not `yaml.safe_load`: it lets YAML 1.1 guess types (`NO` becomes False,
`1.10` becomes 1.1, `2026-13-01` crashes the date constructor), it keeps the
last of two duplicate keys silently, and it forgets where each value came
from. Here every scalar stays text (the models convert text to numbers and
dates where the schema asks for them, so a guess can never reach a text
field), duplicate keys and unknown tags are problems with their place, and
alias expansion is bounded.

Places are not stored next to the data: the happy path needs none, and a
map of every value to its line would cost as much memory as the data.
When problems need places, `SourceFile.locate` parses the file again and
walks the node tree along each problem's path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roadmap.problems import Problem, Severity

try:  # libyaml's C parser is several times faster; fall back when absent
    from yaml import CParser as _Parser

    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    HAS_LIBYAML = False

#: Largest data file accepted, in bytes (documented in the README).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: An alias may not make the data grow past this many values per byte of
#: input: a "billion laughs" file is refused long before it eats memory.
MAX_VALUES_PER_BYTE = 4
MIN_VALUE_BUDGET = 10_000

Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
# Explicit standard scalar tags are allowed: the models still decide the type.
_SCALAR_TAGS = frozenset(
    {_STR, _NULL, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
     "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
)
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_DEFAULT_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}


class _NodeParser(_Parser):  # type: ignore[misc,valid-type]
    """libyaml parser and composer with no implicit type guessing."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class LoadError(Exception):
    """A file could not be turned into data; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems[0].render() if problems else "load error")


def _problem(display: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(display, line, column, code, message, Severity.ERROR)


def _read_text(path: Path, display: str) -> str:
    """The file's text, or a one-line problem for every way reading can fail."""
    try:
        if path.is_dir():
            raise LoadError([_problem(display, 1, 1, "file-is-directory",
                                      "is a directory, expected a YAML file")])
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoadError([_problem(display, 1, 1, "file-missing", "file not found")]) from None
    except OSError as exc:
        raise LoadError([_problem(display, 1, 1, "file-unreadable",
                                  f"cannot read file: {exc.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise LoadError([_problem(
            display, 1, 1, "file-too-large",
            f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes",
        )])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError([_problem(display, 1, 1, "file-unreadable",
                                  f"cannot read file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError([_problem(
            display, line, column, "not-utf8",
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
        )]) from None


def _syntax_problem(display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "'\\t'" in problem or "tab" in problem.lower():
        return _problem(display, line, column, "yaml-tab",
                        "tab character used for indentation; indent with spaces")
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context and mark is not None else problem
    return _problem(display, line, column, "yaml-syntax", f"invalid YAML: {text}")


def compose(text: str, display: str) -> Node | None:
    """Parse text to a node tree; a syntax error becomes a LoadError."""
    parser = _NodeParser(text)
    try:
        return parser.get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError as exc:
        raise LoadError([_syntax_problem(display, exc)]) from None
    except RecursionError:
        raise LoadError([_problem(display, 1, 1, "yaml-too-deep",
                                  "data is nested too deeply")]) from None
    finally:
        parser.dispose()


class _Builder:
    """Turns a node tree into dicts, lists, str and None; collects problems."""

    def __init__(self, display: str, budget: int) -> None:
        self.display = display
        self.budget = budget
        self.problems: list[Problem] = []

    def _at(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(_problem(self.display, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise LoadError([_problem(
                self.display, node.start_mark.line + 1, node.start_mark.column + 1,
                "yaml-alias-bomb",
                "aliases expand to far more data than the file holds; refused",
            )])
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == _STR:
                if node.style is None and node.value in _NULL_WORDS:
                    return None
                return node.value
            if tag == _NULL:
                return None
            if tag in _SCALAR_TAGS:
                return node.value
        elif cls is MappingNode:
            if node.tag == _MAP:
                return self._mapping(node)
        elif cls is SequenceNode and node.tag == _SEQ:
            build = self.build
            return [build(item) for item in node.value]
        self._at(node, "yaml-tag",
                 f"tag {node.tag!r} is not allowed: data files hold plain values only")
        return None

    def _mapping(self, node: MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
                self._at(key_node, "yaml-key", "a key must be plain text")
                continue
            key = key_node.value
            if key in result:
                self._at(key_node, "duplicate-key",
                         f"duplicate key {key!r}: it is already set above in this mapping")
                continue
            result[key] = build(value_node)
        return result


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A data file: where it is, and how to name it in messages."""

    path: Path
    display: str

    @classmethod
    def at(cls, path: Path, base: Path | None = None) -> SourceFile:
        display = str(path)
        if base is not None:
            try:
                display = os.path.relpath(path, base)
            except ValueError:  # another drive on Windows
                display = str(path)
        return cls(path, display.replace(os.sep, "/"))

    def load(self) -> Any:
        """The file's data; raises LoadError with every problem found."""
        text = _read_text(self.path, self.display)
        root = compose(text, self.display)
        if root is None:
            raise LoadError([_problem(self.display, 1, 1, "file-empty",
                                      "file is empty: expected a YAML mapping")])
        budget = max(MIN_VALUE_BUDGET, len(text) * MAX_VALUES_PER_BYTE)
        builder = _Builder(self.display, budget)
        data = builder.build(root)
        if builder.problems:
            raise LoadError(builder.problems)
        return data

    def locate(self, paths: Sequence[tuple[Loc, bool]]) -> list[tuple[int, int]]:
        """(line, column) of each data path; `True` asks for the key's place.

        A path that leaves the tree stops at the deepest node it reached, so
        a missing field points at the mapping that should hold it.
        """
        try:
            root = compose(_read_text(self.path, self.display), self.display)
        except LoadError:
            root = None
        return [_walk(root, loc, at_key) for loc, at_key in paths]


def _walk(root: Node | None, loc: Iterable[str | int], at_key: bool) -> tuple[int, int]:
    if root is None:
        return (1, 1)
    node: Node = root
    key_node: Node | None = None
    for part in loc:
        key_node = None
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    key_node, node = k, v
                    break
            else:
                break
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                break
        else:
            break
    target = key_node if at_key and key_node is not None else node
    return (target.start_mark.line + 1, target.start_mark.column + 1)
