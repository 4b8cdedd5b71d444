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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roadmap.core_schema import core_value as _core_value
from roadmap.inputs import InputFileError, read_bytes
from roadmap.problems import Problem, RoadmapError, Severity

try:  # libyaml's C parser is several times faster; fall back when absent
    from yaml._yaml import CParser as _Parser

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
#: Deepest nesting of mappings and lists accepted (real data needs about 6).
MAX_DEPTH = 100

Loc = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
# Explicit standard scalar tags are allowed: the models still decide the type.
_SCALAR_TAGS = frozenset(
    {
        _STR,
        _NULL,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:timestamp",
    }
)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: Plain scalars the core schema reads as something other than text start
#: with one of these: the rest (most values are words) skip resolution.
_RESOLVED_STARTS = frozenset("0123456789+-.~nNtTfF") | {""}
_CORE_TYPES: dict[str, type] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
}


def _tagged(tag: str, text: str) -> Any:
    """A scalar with an explicit standard tag (`!!int 12`), or _NOKEY if it is not one."""
    value = _core_value(text)
    if tag == _NULL:
        return None if value is None else _NOKEY
    if tag == "tag:yaml.org,2002:float" and type(value) is int:
        return float(value)
    return value if type(value) is _CORE_TYPES[tag] else _NOKEY


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG)


_NOKEY = object()  # a mapping frame waiting for its next key
_BADKEY = object()  # the key was refused: drop the value that follows
_DEFAULT_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}


class _NodeParser(_Parser):
    """libyaml parser and composer with no implicit type guessing."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


#: Problems after which the data is still whole enough to check further: a
#: repeated key keeps its first value, a key that is not text is dropped.
#: Reporting them together with the schema's findings shows every mistake
#: in one run.
RECOVERABLE = frozenset({"duplicate-key", "yaml-key"})


class LoadError(RoadmapError):
    """A file could not be turned into data; carries its problems.

    `data` is set when every problem is recoverable: the data as read,
    for the caller to check further.
    """

    def __init__(self, problems: list[Problem], data: Any = None) -> None:
        self.problems = problems
        self.data = data
        super().__init__(problems[0].render() if problems else "load error")


def _problem(display: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(display, line, column, code, message, Severity.ERROR)


def _tag_refused(tag: str) -> str:
    """The message for a refused tag, shown as written (`!!python/...`)."""
    shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
    return f"tag {shown!r} is not allowed: data files hold plain values only"


def _read_text(path: Path, display: str) -> str:
    """The file's text, or a one-line problem for every way reading can fail."""
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise LoadError([_problem(display, 1, 1, exc.code, exc.message)]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after the byte-order mark it strips
        bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        start = exc.start + bom
        before = raw[bom:start].decode("utf-8")
        line, column = place(before, len(before))
        raise LoadError(
            [
                _problem(
                    display,
                    line,
                    column,
                    "not-utf8",
                    f"file is not UTF-8 text (byte 0x{raw[start]:02x} cannot be decoded)",
                )
            ]
        ) from None


#: What the YAML parser counts as a line break (YAML 1.1, as libyaml): a
#: place is reported as the parser counts it, so that every place agrees.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def place(text: str, index: int) -> tuple[int, int]:
    """(line, column), from 1, of the character at `index` in `text`.

    Counted in characters, never bytes, with YAML's line breaks, so that a
    place computed here matches the parser's own marks.
    """
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _character_index(text: str, position: int) -> int:
    """A reader error's position as a character index.

    libyaml reports the byte offset in the UTF-8 text it was given, the
    pure-Python reader a character index.
    """
    if not HAS_LIBYAML:  # pragma: no cover - depends on how PyYAML was built
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


# The construct a syntax error happened in, in words. Those marked True are
# ones a writer opens and must close (a quote, a bracket, a key awaiting its
# colon): when the parser stops on a later line, the mistake is usually
# where the construct was opened, so that is the place reported.
_CONSTRUCTS: dict[str, tuple[str, bool]] = {
    "quoted scalar": ("quoted text", True),
    "flow sequence": ("the [...] list", True),
    "flow mapping": ("the {...} mapping", True),
    "simple key": ("the key", True),
    "block scalar": ("the block text (| or >)", True),
    "block mapping": ("the mapping", False),
    "block collection": ("the list", False),
    "plain scalar": ("the text", False),
    "alias": ("the alias", False),
    "anchor": ("the anchor", False),
    "tag": ("the tag", False),
    "directive": ("the directive", False),
    "%YAML directive": ("the %YAML directive", False),
    "%TAG directive": ("the %TAG directive", False),
}
_CONTEXT = re.compile(r"^while (?:scanning|parsing) an? (?P<what>.+)$")


def _construct(context: str | None) -> tuple[str, bool] | None:
    match = _CONTEXT.match(context or "")
    if match is None:
        return None
    what = match.group("what")
    return _CONSTRUCTS.get(what, (what, False))


def _runaway_quote(text: str, stop: int) -> Any:
    """The quoted text just before `stop` if it spans lines: a likely unclosed quote.

    A missing closing quote does not stop the parser where it is: the text
    runs on to the next quote, often the opening quote of a later value, and
    the parser stops just after it, far from the mistake.
    """
    scanner = _Parser(text)
    last: Any = None
    try:
        while True:
            token = scanner.get_token()
            if token is None or token.start_mark.index >= stop:
                break
            last = token
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ("'", '"')
        and last.end_mark.line > last.start_mark.line
    ):
        return last
    return None


def _syntax_problem(display: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = place(text, _character_index(text, exc.position))
        return _problem(
            display,
            line,
            column,
            "yaml-character",
            f"character U+{exc.character:04X} is not allowed in YAML text"
            if isinstance(exc.character, int)
            else "character not allowed in YAML",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    here = text[mark.index : mark.index + 1] if mark is not None else ""
    if here == "\t" or "'\\t'" in problem:
        return _problem(
            display,
            line,
            column,
            "yaml-tab",
            "tab character used for indentation; indent with spaces",
        )
    stopped = f"{line}:{column}"
    if mark is not None and mark.index >= len(text.rstrip("\r\n\x85\u2028\u2029")):
        # past the last line break: name the end, and place it on a line the
        # file has (an editor's last line, not the one after it)
        stopped = "the end of the file"
        line, column = place(text, len(text.rstrip("\r\n\x85\u2028\u2029")))
    start = getattr(exc, "context_mark", None)
    construct = _construct(getattr(exc, "context", None))
    if mark is not None and construct is not None and start is not None and start is not mark:
        what, opened = construct
        at = f"{start.line + 1}:{start.column + 1}"
        if opened and (start.line < mark.line or problem == "found unexpected end of stream"):
            if problem == "found unexpected end of stream":
                message = f"{what} opened at {at} is never closed; the parser stopped at {stopped}"
            else:
                expected = problem.replace("did not find expected", "where it expected")
                message = f"{what} opened at {at} is not closed: the parser stopped at {stopped}"
                message += f", {expected}" if expected != problem else f": {problem}"
            return _problem(display, start.line + 1, start.column + 1, "yaml-unclosed", message)
        runaway = None if opened else _runaway_quote(text, mark.index)
        if runaway is not None:
            begin, end = runaway.start_mark, runaway.end_mark
            return _problem(
                display,
                begin.line + 1,
                begin.column + 1,
                "yaml-unclosed",
                f"quoted text opened at {begin.line + 1}:{begin.column + 1} runs on to "
                f"{end.line + 1}:{end.column}: is its closing quote missing? "
                f"The parser stopped at {stopped}: {problem}",
            )
        return _problem(
            display,
            line,
            column,
            "yaml-syntax",
            f"invalid YAML: {problem} (in {what} that starts at {at})",
        )
    context = getattr(exc, "context", None)
    detail = f"{context}: {problem}" if context and mark is not None else problem
    return _problem(display, line, column, "yaml-syntax", f"invalid YAML: {detail}")


def compose(text: str, display: str) -> Node | None:
    """Parse text to a node tree; a syntax error becomes a LoadError."""
    parser = _NodeParser(text)
    try:
        return parser.get_single_node()
    except yaml.YAMLError as exc:
        raise LoadError([_syntax_problem(display, exc, text)]) from None
    except RecursionError:
        raise LoadError(
            [_problem(display, 1, 1, "yaml-too-deep", "data is nested too deeply")]
        ) from None
    finally:
        parser.dispose()


def _events_to_data(text: str, display: str) -> Any:
    """Build dicts, lists, str and None straight from libyaml's events.

    No node tree is kept: peak memory is the data itself, not the data plus
    a node (and two marks) per value. Aliases share the anchored object;
    the size they would expand to is counted so that validation never walks
    a "billion laughs" structure.
    """
    parser = _Parser(text)
    problems: list[Problem] = []
    budget = max(MIN_VALUE_BUDGET, len(text) * MAX_VALUES_PER_BYTE)

    def at(event: Any, code: str, message: str) -> None:
        mark = event.start_mark
        problems.append(_problem(display, mark.line + 1, mark.column + 1, code, message))

    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    # Each frame: [container, is_mapping, pending key or _NOKEY, size, anchor,
    #              start event, the pending key's event]
    stack: list[list[Any]] = []
    root: Any = _NOKEY
    documents = 0
    try:
        while True:
            event: Any = parser.get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                tag = event.tag
                if tag is None:
                    value = event.value
                    if not event.style and value[:1] in _RESOLVED_STARTS:
                        value = _core_value(value)
                elif tag in ("!", _STR, _TIMESTAMP):
                    value = event.value  # a date stays text: the models parse it
                elif tag in _SCALAR_TAGS:
                    value = _tagged(tag, event.value)
                    if value is _NOKEY:
                        at(event, "yaml-tag", f"{event.value!r} is not a valid {_shown_tag(tag)}")
                        value = None
                else:
                    at(event, "yaml-tag", _tag_refused(tag))
                    value = None
                size = 1
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                tag = event.tag
                if (
                    tag is not None
                    and tag != "!"
                    and tag != (_MAP if cls is MappingStartEvent else _SEQ)
                ):
                    at(event, "yaml-tag", _tag_refused(tag))
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                is_map = cls is MappingStartEvent
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        [
                            _problem(
                                display,
                                event.start_mark.line + 1,
                                event.start_mark.column + 1,
                                "yaml-too-deep",
                                f"data is nested more than {MAX_DEPTH} levels deep",
                            )
                        ]
                    )
                stack.append([{} if is_map else [], is_map, _NOKEY, 1, event.anchor, event, None])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                value, size = frame[0], frame[3]
                if frame[4] is not None:
                    open_anchors.discard(frame[4])
                    anchors[frame[4]] = (value, size)
                event = frame[5]  # problems about the collection point at its start
            elif cls is AliasEvent:
                name = event.anchor
                if name in open_anchors:
                    at(event, "yaml-alias", f"alias *{name} refers to the value that holds it")
                    value, size = None, 1
                elif name not in anchors:
                    at(event, "yaml-alias", f"alias *{name} has no anchor &{name} before it")
                    value, size = None, 1
                else:
                    value, size = anchors[name]
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    at(
                        event,
                        "yaml-documents",
                        "more than one YAML document ('---') in one data file",
                    )
                    break
                continue
            elif cls is StreamEndEvent:
                break
            else:
                continue
            if event.anchor is not None and cls is ScalarEvent:
                anchors[event.anchor] = (value, size)
            # a finished value (scalar, alias or collection): put it where it belongs
            if not stack:
                root = value
                continue
            frame = stack[-1]
            if frame[1]:
                key = frame[2]
                if key is _NOKEY:
                    if cls is not ScalarEvent or not isinstance(value, str):
                        at(event, "yaml-key", "a key must be plain text")
                        frame[2] = _BADKEY
                    elif value == "<<" and event.implicit[0]:
                        # YAML 1.1's merge key; not recoverable, so the
                        # mapping's keys it would bring are not reported
                        # missing one by one
                        at(
                            event,
                            "yaml-merge-key",
                            "merge keys (<<) are not supported: write the keys out",
                        )
                        frame[2] = _BADKEY
                    elif value in frame[0]:
                        at(
                            event,
                            "duplicate-key",
                            f"duplicate key {value!r}: it is already set above in this mapping",
                        )
                        frame[2] = _BADKEY
                    else:
                        frame[2] = value
                        frame[6] = event
                    continue
                if (
                    value is None
                    and key is not _BADKEY  # a refused key has no event to look back to
                    and cls is ScalarEvent
                    and frame[5].flow_style
                    and frame[5].tag is None
                    and ":" not in text[frame[6].end_mark.index : event.start_mark.index]
                ):  # `{fr: Hello, world, en: ...}`: the comma ended the text
                    at(
                        frame[6],
                        "yaml-flow-comma",
                        f"{key!r} has no value: inside {{...}} a comma ends the text "
                        f"before it; put text that holds a comma in quotes",
                    )
                frame[2] = _NOKEY
                if key is not _BADKEY:
                    frame[0][key] = value
            else:
                frame[0].append(value)
            frame[3] += size
            if frame[3] > budget:
                raise _AliasBombError(event)
    except _AliasBombError as bomb:
        mark = bomb.event.start_mark
        raise LoadError(
            [
                _problem(
                    display,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-alias-bomb",
                    "aliases expand to far more data than the file holds; refused",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError([_syntax_problem(display, exc, text)]) from None
    finally:
        parser.dispose()
    if root is _NOKEY or root is None:  # no document, or an empty one
        problems.append(
            _problem(display, 1, 1, "file-empty", "file is empty: expected a YAML mapping")
        )
    if problems:
        recoverable = all(p.code in RECOVERABLE for p in problems)
        raise LoadError(problems, data=root if recoverable else None)
    return root


class _AliasBombError(Exception):
    def __init__(self, event: Any) -> None:
        self.event = event


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
        return _events_to_data(_read_text(self.path, self.display), self.display)

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
