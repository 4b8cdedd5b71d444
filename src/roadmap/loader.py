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

import gc
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

from roadmap import fast_yaml
from roadmap.core_schema import RESOLVED_STARTS as _RESOLVED_STARTS
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
#: Texts up to this long are shared between their occurrences in a file.
_SHARED_LENGTH = fast_yaml.SHARED_LENGTH
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


def _reader_problem(display: str, exc: yaml.reader.ReaderError, text: str) -> Problem:
    """A character YAML does not allow, placed in characters."""
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


_LAST_BREAKS = "\r\n\x85\u2028\u2029"
_END_OF_STREAM = "found unexpected end of stream"


def _syntax_problem(display: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(display, exc, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return _problem(display, 1, 1, "yaml-syntax", f"invalid YAML: {problem}")
    line, column = mark.line + 1, mark.column + 1
    if text[mark.index : mark.index + 1] == "\t" or "'\\t'" in problem:
        return _problem(
            display,
            line,
            column,
            "yaml-tab",
            "tab character used for indentation; indent with spaces",
        )
    stopped = f"{line}:{column}"
    end = len(text.rstrip(_LAST_BREAKS))
    if mark.index >= end:
        # past the last line break: name the end, and place it on a line the
        # file has (an editor's last line, not the one after it)
        stopped = "the end of the file"
        line, column = place(text, end)
    start = getattr(exc, "context_mark", None)
    construct = _construct(getattr(exc, "context", None))
    if construct is None or start is None or start is mark:
        context = getattr(exc, "context", None)
        detail = f"{context}: {problem}" if context else problem
        return _problem(display, line, column, "yaml-syntax", f"invalid YAML: {detail}")
    what, opened = construct
    at = f"{start.line + 1}:{start.column + 1}"
    if opened and (start.line < mark.line or problem == _END_OF_STREAM):
        return _problem(
            display,
            start.line + 1,
            start.column + 1,
            "yaml-unclosed",
            _unclosed(what, at, stopped, problem),
        )
    runaway = None if opened else _runaway_quote(text, mark.index)
    if runaway is not None:
        begin, finish = runaway.start_mark, runaway.end_mark
        return _problem(
            display,
            begin.line + 1,
            begin.column + 1,
            "yaml-unclosed",
            f"quoted text opened at {begin.line + 1}:{begin.column + 1} runs on to "
            f"{finish.line + 1}:{finish.column}: is its closing quote missing? "
            f"The parser stopped at {stopped}: {problem}",
        )
    return _problem(
        display,
        line,
        column,
        "yaml-syntax",
        f"invalid YAML: {problem} (in {what} that starts at {at})",
    )


def _unclosed(what: str, at: str, stopped: str, problem: str) -> str:
    """The message for a quote, bracket or key opened at `at` and never closed."""
    if problem == _END_OF_STREAM:
        return f"{what} opened at {at} is never closed; the parser stopped at {stopped}"
    message = f"{what} opened at {at} is not closed: the parser stopped at {stopped}"
    expected = problem.replace("did not find expected", "where it expected")
    return message + (f", {expected}" if expected != problem else f": {problem}")


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


class _Frame:
    """A mapping or list being filled, with what its next value needs."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_event", "size", "start")

    def __init__(self, event: Any, is_map: bool) -> None:
        self.container: Any = {} if is_map else []
        self.is_map = is_map
        self.key: Any = _NOKEY  # the key waiting for its value
        self.key_event: Any = None  # where that key was written
        self.size = 1  # values it holds once aliases are expanded
        self.anchor: str | None = event.anchor
        self.start = event  # problems about the collection point at its start


class _StopError(Exception):
    """The stream is over, or holds a second document."""


class _DataBuilder:
    """Builds dicts, lists, str, numbers, booleans and None from libyaml's events.

    One method per kind of event; each finished value (a scalar, an alias or
    a closed collection) goes through `_place`, which puts it in its parent:
    as a key, as a key's value, or as a list item.
    """

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self.problems: list[Problem] = []
        self.budget = max(MIN_VALUE_BUDGET, len(text) * MAX_VALUES_PER_BYTE)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.root: Any = _NOKEY
        self.documents = 0

    def run(self, parser: Any) -> Any:
        """The document's data, from the parser's events.

        The common events (an untagged, unanchored scalar as a key, as a
        value or as a list item) are handled inline, with the frame being
        filled held in a local: they are most of a file's events, and a
        method call for each was most of the load's time. Everything else
        goes through the methods below, which handle every case."""
        handlers: dict[type, Any] = {
            ScalarEvent: self._scalar,
            MappingStartEvent: self._start,
            SequenceStartEvent: self._start,
            MappingEndEvent: self._end,
            SequenceEndEvent: self._end,
            AliasEvent: self._alias,
            DocumentStartEvent: self._document,
            StreamEndEvent: self._stream_end,
        }
        get_event = parser.get_event
        stack = self.stack
        resolved = _RESOLVED_STARTS
        core = _core_value
        nokey = _NOKEY
        # Keys and short texts repeat thousands of times (`id`, a partner's
        # id, a status): one string each, not one per occurrence.
        shared: dict[str, str] = {}
        share = shared.setdefault
        try:
            while True:
                event = get_event()
                kind = event.__class__
                if kind is ScalarEvent and stack and event.tag is None and event.anchor is None:
                    value = event.value
                    if not event.style and value[:1] in resolved:
                        value = core(value)
                    elif len(value) <= _SHARED_LENGTH:
                        value = share(value, value)
                    frame = stack[-1]
                    if not frame.is_map:
                        frame.container.append(value)
                    elif frame.key is nokey:
                        if (
                            value.__class__ is str
                            and value != "<<"
                            and value not in frame.container
                        ):
                            frame.key = value
                            frame.key_event = event
                        else:
                            self._key(frame, value, event, True)
                        continue  # a key adds no value of its own
                    elif value is None or frame.key is _BADKEY:
                        self._value(frame, value, event, True)
                    else:
                        frame.container[frame.key] = value
                        frame.key = nokey
                    frame.size += 1
                    if frame.size > self.budget:
                        raise _AliasBombError(event)
                    continue
                handler = handlers.get(kind)
                if handler is not None:
                    handler(event)
        except _StopError:
            pass
        return self.root

    def _at(self, event: Any, code: str, message: str) -> None:
        mark = event.start_mark
        self.problems.append(_problem(self.display, mark.line + 1, mark.column + 1, code, message))

    # ------------------------------------------------------------ events

    def _scalar(self, event: Any) -> None:
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
                self._at(event, "yaml-tag", f"{event.value!r} is not a valid {_shown_tag(tag)}")
                value = None
        else:
            self._at(event, "yaml-tag", _tag_refused(tag))
            value = None
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, 1, event, True)

    def _start(self, event: Any) -> None:
        is_map = event.__class__ is MappingStartEvent
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            self._at(event, "yaml-tag", _tag_refused(tag))
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        if len(self.stack) >= MAX_DEPTH:
            mark = event.start_mark
            raise LoadError(
                [
                    _problem(
                        self.display,
                        mark.line + 1,
                        mark.column + 1,
                        "yaml-too-deep",
                        f"data is nested more than {MAX_DEPTH} levels deep",
                    )
                ]
            )
        self.stack.append(_Frame(event, is_map))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, frame.size)
        self._place(frame.container, frame.size, frame.start, False)

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            self._at(event, "yaml-alias", f"alias *{name} refers to the value that holds it")
            value, size = None, 1
        elif name not in self.anchors:
            self._at(event, "yaml-alias", f"alias *{name} has no anchor &{name} before it")
            value, size = None, 1
        else:
            value, size = self.anchors[name]
        self._place(value, size, event, False)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._at(
                event, "yaml-documents", "more than one YAML document ('---') in one data file"
            )
            raise _StopError

    def _stream_end(self, event: Any) -> None:
        raise _StopError

    # ------------------------------------------------------------ values

    def _place(self, value: Any, size: int, event: Any, is_scalar: bool) -> None:
        """A finished value into its parent (or as the document itself)."""
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if frame.is_map:
            if frame.key is _NOKEY:
                self._key(frame, value, event, is_scalar)
                return
            self._value(frame, value, event, is_scalar)
        else:
            frame.container.append(value)
        frame.size += size
        if frame.size > self.budget:
            raise _AliasBombError(event)

    def _key(self, frame: _Frame, value: Any, event: Any, is_scalar: bool) -> None:
        if not is_scalar or not isinstance(value, str):
            self._at(event, "yaml-key", "a key must be plain text")
            frame.key = _BADKEY
        elif value == "<<" and event.implicit[0]:
            # YAML 1.1's merge key; not recoverable, so the mapping's keys
            # it would bring are not reported missing one by one
            self._at(
                event, "yaml-merge-key", "merge keys (<<) are not supported: write the keys out"
            )
            frame.key = _BADKEY
        elif value in frame.container:
            self._at(
                event,
                "duplicate-key",
                f"duplicate key {value!r}: it is already set above in this mapping",
            )
            frame.key = _BADKEY
        else:
            frame.key = value
            frame.key_event = event

    def _value(self, frame: _Frame, value: Any, event: Any, is_scalar: bool) -> None:
        key = frame.key
        frame.key = _NOKEY
        if key is _BADKEY:
            return
        if value is None and is_scalar and frame.start.flow_style:
            self._flow_comma(frame, key, event)
        frame.container[key] = value

    def _flow_comma(self, frame: _Frame, key: Any, event: Any) -> None:
        """`{fr: Hello, world, en: ...}`: the comma ended the text before it."""
        between = self.text[frame.key_event.end_mark.index : event.start_mark.index]
        if frame.start.tag is None and ":" not in between:
            self._at(
                frame.key_event,
                "yaml-flow-comma",
                f"{key!r} has no value: inside {{...}} a comma ends the text "
                f"before it; put text that holds a comma in quotes",
            )


def _events_to_data(text: str, display: str) -> Any:
    """The data of `text`, built straight from libyaml's events.

    No node tree is kept: peak memory is the data itself, not the data plus
    a node (and two marks) per value. Aliases share the anchored object;
    the size they would expand to is counted so that validation never walks
    a "billion laughs" structure.
    """
    parser = _Parser(text)
    builder = _DataBuilder(text, display)
    try:
        root = builder.run(parser)
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
    problems = builder.problems
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
        """The file's data; raises LoadError with every problem found.

        A file written the plain way is read by rapidyaml (`fast_yaml`),
        several times faster, to the same data; any other file, and any
        file with a problem, by libyaml's events below."""
        text = _read_text(self.path, self.display)
        data = fast_yaml.load(text)
        if data is not None:
            return data
        return _events_to_data(text, self.display)

    def locate(
        self, paths: Sequence[tuple[Loc, bool]], parsed: bool = False
    ) -> list[tuple[int, int]]:
        """(line, column) of each data path; `True` asks for the key's place.

        A path that leaves the tree stops at the deepest node it reached, so
        a missing field points at the mapping that should hold it. `parsed`
        says the file is known to parse (its data was loaded): then a path
        into a top-level list's item is placed by parsing that item alone.
        """
        text = _read_text(self.path, self.display)
        places = _item_places(text, paths) if parsed else {}
        rest = [i for i in range(len(paths)) if i not in places]
        if not rest:
            return [places[i] for i in range(len(paths))]
        found = _find_marks(text, [paths[i][0] for i in rest])
        if found is not None:
            nodes, keys = found
            for i in rest:
                loc, at_key = paths[i]
                places[i] = _reached(nodes, keys, tuple(loc), at_key)
            return [places[i] for i in range(len(paths))]
        # An alias on a wanted path: the node tree follows it to its anchor.
        # The tree is a few million objects in no cycle at 10,000 actions,
        # freed as soon as the places are read: the collector's passes over
        # it while it grows would take three quarters of the time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            root = compose(text, self.display)
        except LoadError:
            root = None
        finally:
            if enabled:
                gc.enable()
        return [_walk(root, loc, at_key) for loc, at_key in paths]


#: A line break other than `\n` or `\r\n` (YAML counts a lone `\r`, NEL and
#: the Unicode separators too): items are cut, and lines counted, at `\n`.
#: Looked for one at a time: each pattern then starts with its one
#: character, which the engine skips to; in one alternation it was tried
#: at every character of the file (64 ms at 10,000 actions, now 2).
_LONE_CR = re.compile("\r(?!\n)")
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")

#: A quoted text that a line break interrupts, or a flow collection that
#: does not close on its line: either could hold a line that looks like the
#: start of a list item, so a list holding one is not cut into items. One
#: pattern each, for the reason above.
_SPANS_LINES = [
    re.compile(r"\"(?<=[\s\[{,]\")(?:[^\"\\\n]|\\.)*\n"),
    re.compile(r"'(?<=[\s\[{,]')(?:[^'\n]|'')*\n"),
    *fast_yaml.FLOW_UNCLOSED,
]


def _other_break(text: str) -> bool:
    return _LONE_CR.search(text) is not None or any(c in text for c in _OTHER_BREAKS)


def _spans_lines(text: str) -> bool:
    return any(p.search(text) for p in _SPANS_LINES)


def _item_places(text: str, paths: Sequence[tuple[Loc, bool]]) -> dict[int, tuple[int, int]]:
    """The places of the paths that lead into a top-level list's item, by index.

    Each item is parsed alone (its text starts a line, so columns are the
    file's and lines are offset by the item's first line): placing a few
    hundred warnings in a 10,000-action plan reads those actions, not the
    whole file. A path this cannot place (an alias, an item that does not
    parse alone) is left to the whole file.
    """
    wanted: dict[tuple[str, int], list[int]] = {}
    for i, (loc, _) in enumerate(paths):
        if len(loc) >= 2 and isinstance(loc[0], str) and type(loc[1]) is int:
            wanted.setdefault((loc[0], loc[1]), []).append(i)
    if not wanted or _other_break(text):
        return {}
    keys = {key for key, _ in wanted}
    lists = {
        key: (items, end)
        for key, begin, items, end in fast_yaml.top_lists(text)
        if key in keys and not _spans_lines(f"\n{text[begin:end]}\n")
    }
    places: dict[int, tuple[int, int]] = {}
    line, counted = 1, 0  # the line of offset `counted`
    for key, index in sorted(wanted, key=lambda w: lists[w[0]][0][w[1]] if _has(lists, w) else -1):
        if not _has(lists, (key, index)):
            continue
        items, end = lists[key]
        start = items[index]
        stop = items[index + 1] if index + 1 < len(items) else end
        line += text.count("\n", counted, start)
        counted = start
        found = _find_marks(text[start:stop], [(0, *paths[i][0][2:]) for i in wanted[key, index]])
        if found is None or () not in found[0] or (0,) not in found[0]:
            continue
        nodes, marks = found
        for i in wanted[key, index]:
            loc, at_key = paths[i]
            row, column = _reached(nodes, marks, (0, *loc[2:]), at_key)
            places[i] = (row + line - 1, column)
    return places


def _has(lists: dict[str, tuple[list[int], int]], wanted: tuple[str, int]) -> bool:
    key, index = wanted
    return key in lists and 0 <= index < len(lists[key][0])


_Marks = dict[Loc, Any]
_NO_ROOT: tuple[_Marks, _Marks] = ({}, {})
_NODE_EVENTS = frozenset({ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent})


def _find_marks(text: str, locs: Iterable[Loc]) -> tuple[_Marks, _Marks] | None:
    """The start marks of the nodes along `locs`, and of the keys that lead to them.

    Read from libyaml's events, following only the wanted paths: no node
    tree is built (at 10,000 actions the tree took three times as long as
    the events and most of `check`'s memory). Matches `_walk` over
    `compose`'s tree: the first of two equal keys wins, a key that is not
    text leads nowhere, and a file that does not parse has no root. None
    when an alias or deep nesting lies on a wanted path: `compose` resolves
    those, and the caller falls back to it.
    """
    prefixes = {tuple(loc)[:i] for loc in locs for i in range(len(loc) + 1)}
    nodes: _Marks = {}
    keys: _Marks = {}
    # A frame per open collection on a wanted path: [path, is_map, items
    # seen (lists) or whether a key is awaited (maps), the awaited value's path].
    stack: list[list[Any]] = []
    skip = 0  # depth inside a collection off every wanted path
    documents = 0
    anchors: set[str] = set()
    parser = _Parser(text)
    get_event = parser.get_event
    try:
        while True:
            event: Any = get_event()
            kind = event.__class__
            # compose refuses a file whose anchors do not add up: so does this
            if kind is AliasEvent:
                if event.anchor not in anchors:
                    return _NO_ROOT
            elif kind in _NODE_EVENTS and event.anchor is not None:
                if event.anchor in anchors:
                    return _NO_ROOT
                anchors.add(event.anchor)
            if skip:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    skip += 1
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    skip -= 1
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:  # compose refuses a second document
                    return _NO_ROOT
                continue
            if kind is StreamEndEvent:
                break
            if kind not in _NODE_EVENTS:
                continue
            # a node: where it is in the data, if on a wanted path
            path: Loc | None
            if not stack:
                path = ()
            else:
                frame = stack[-1]
                if not frame[1]:
                    path = frame[0] + (frame[2],)
                    frame[2] += 1
                elif frame[2]:  # a key
                    frame[2] = False
                    frame[3] = None
                    if kind is ScalarEvent:
                        wanted = frame[0] + (event.value,)
                        if wanted in prefixes and wanted not in nodes:
                            frame[3] = wanted
                            keys[wanted] = event.start_mark
                    path = None
                else:
                    path = frame[3]
                    frame[2] = True
            if path is not None and path not in prefixes:
                path = None
            if path is None:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    skip = 1
                continue
            if kind is AliasEvent or len(stack) >= MAX_DEPTH:
                return None
            nodes[path] = event.start_mark
            if kind is MappingStartEvent:
                stack.append([path, True, True, None])
            elif kind is SequenceStartEvent:
                stack.append([path, False, 0, None])
    except yaml.YAMLError:
        return _NO_ROOT
    finally:
        parser.dispose()
    return nodes, keys


def _reached(nodes: _Marks, keys: _Marks, loc: Loc, at_key: bool) -> tuple[int, int]:
    """The place of `loc`, or of the deepest node on its way (as `_walk`)."""
    if () not in nodes:
        return (1, 1)
    reached: Loc = ()
    for end in range(1, len(loc) + 1):
        if loc[:end] not in nodes:
            break
        reached = loc[:end]
    mark = keys.get(loc) if at_key and reached == loc else None
    if mark is None:
        mark = nodes[reached]
    return (mark.line + 1, mark.column + 1)


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
