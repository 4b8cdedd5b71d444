"""The fast way to a data file's values: rapidyaml, where it gives what the loader would.

`loader.py` builds a file's data from libyaml's events, which is exact (YAML
1.2's core schema, every problem placed) but costs a Python object and two
marks per event: most of `roadmap validate`'s time on a large plan. For a
file written the plain way (mappings, lists, texts, numbers, booleans),
rapidyaml parses it in C++ and writes it out as JSON, which the `json`
module turns into the same dicts, lists and values several times faster.

The two readers do not agree on everything: rapidyaml keeps `True`, `~`,
`0x1F` and `017` as text where the core schema reads a boolean, a null or a
number, turns a plain `inf` into `.inf`, makes every key text, accepts a
duplicate key, a `{a: b, c}` whose comma ends the text early and an empty
key, and knows nothing of our tags, anchors and limits. So `load` is
conservative: `_SCREEN` sends any file holding something that could read
differently (a tag, an anchor, an alias, a merge key, a directive, an
explicit key, a tab, a control character, a scalar or a key the core schema
would read as other than text) to the exact loader, and so does any
rapidyaml error, any duplicate key and any null inside a file with a flow
mapping. What comes out of `load` is what the exact loader gives; the tests
compare the two on every YAML file of the repository, on mutated copies of
them and on every scalar form the core schema knows.

rapidyaml is optional at run time: without it, or if its API changes,
every file goes the exact way.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from typing import Any

from roadmap.core_schema import RESOLVED_STARTS, core_value


@functools.cache
def _rapidyaml() -> Any:
    """rapidyaml and the JSON reader, imported for the first file that passes
    the screen: loading them takes 20 to 50 ms, which `roadmap validate` on
    a small, anchored dataset (the shipped one) never needs to pay."""
    try:
        import ryml  # type: ignore[import-untyped]
    except ImportError:  # rapidyaml is a dependency; this guards odd installs
        return None
    import json

    return ryml, json.JSONDecoder(object_pairs_hook=_mapping)


# Blank space is YAML's: a space, a tab or a line break, never a no-break
# space (French puts one before a colon in text and comments).
# Each screen is a set of patterns, one per character it is about, each
# starting with that one character: the regular expression engine then
# skips from one occurrence of it to the next (a pattern that starts with a
# class of characters, or an alternation, is tried at every position, five
# to ten times slower). Where a node starts (after blank space, or after a
# flow collection's `[`, `{` or `,`) is then checked behind it. The text
# is screened with a line break added at each end, so a node at the very
# start or end of the file has one too.


def _each_first(characters: str, rest: str) -> list[re.Pattern[str]]:
    """One pattern per character of `characters`: that character, then `rest`
    (which reads the character behind it as `.`)."""
    return [re.compile(re.escape(c) + rest) for c in characters]


#: A flow collection that does not close on its line (the line break after
#: it included): rapidyaml accepts block structure inside one, and a line
#: inside one may look like a list item's start.
FLOW_UNCLOSED = _each_first("[{", r"(?<=[ \t\n\[{,].)(?![^\n#]*[\]}][ \t]*(?:#[^\n]*)?\n)")

#: Characters that plain data seldom holds: when none is there (one pass),
#: the `_RARE_SCREENS` need not look.
_RARE = re.compile("[!&*?%@`|>]")
#: Characters the readers treat differently: tabs (libyaml refuses them as
#: indentation), carriage returns and YAML 1.1's line breaks, control
#: characters, a byte-order mark past the start, lone surrogates, and
#: backslashes (escapes in double quotes). Looked for everywhere, comments
#: included.
_CHARACTERS = re.compile(
    r"[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\\\ud800-\udfff]"
)
#: A line that is only a comment, with the line break before it (replaced by
#: one). Starting with the line break, not a look behind for it, lets the
#: engine skip from one line break to the next: ten times faster.
_COMMENT_LINE = re.compile(r"\n[ ]*#[^\n]*")
_RARE_SCREENS = [
    # a tag, an anchor or an alias where a node may start (so "Beach &
    # Golf" goes the exact way too: a false alarm only costs time); an
    # explicit key, an indicator no plain scalar may start with (libyaml
    # refuses it, rapidyaml reads it as text)
    *_each_first("!&*?%@`", r"(?<=[ \t\n\[{,:-].)"),
    # a block scalar's header with an indentation indicator or more
    *_each_first("|>", r"(?<=[ \t\n\[{,].)(?![-+]?[ \t]*(?:#[^\n]*)?\n)"),
]
_SCREENS = [
    # an empty key, or an indicator no plain scalar may start with
    *_each_first(":,", r"(?<=[ \t\n\[{,].)"),
    # a flow collection's end where a node starts, or followed by
    # anything but a separator or a comment (rapidyaml reads on where
    # libyaml stops)
    *_each_first("]}", r"(?:[ \t]*[^ \t\n,\]}#]|(?<=[ \t\n,].))"),
    # a value indicator right before a flow indicator (`[zones:]`)
    re.compile(r":[\]},]"),
    *FLOW_UNCLOSED,
]
#: A merge key; a directive, a document's start or end.
_TOKENS = ("<<", "\n%", "\n---", "\n...")


#: A JSON string that the core schema would read as a null, a boolean or a
#: number had it been a plain scalar: rapidyaml writes a plain `~`, `True`,
#: `017`, `0x1F` or `0e0` as text (and a plain `inf` as `.inf`). The same
#: text quoted in the YAML is text in both, but the JSON cannot tell which
#: it was: the exact way. The look-ahead holds the first characters of all
#: the forms: most JSON strings start otherwise and are passed over in one
#: test instead of one per form (a quarter of the time).
_CORE_TEXT = re.compile(
    rb'"(?=[-+.0-9~nNtTfFiI])'
    rb"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+"
    rb"|[-+]?\.?(?:inf|Inf|INF|nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    rb'|\+[^"]*)"'
)

#: Texts up to this long are shared between their occurrences in a file
#: (by both ways of reading it).
SHARED_LENGTH = 40

#: The short texts read so far (see `_mapping`); reset by each `load`.
_SHARED: dict[str, str] = {}
_share = _SHARED.setdefault

#: Keys already seen to be text in the core schema's reading; a JSON
#: reader's keys repeat (`id`, `name`), so each distinct one is read once.
_TEXT_KEYS: set[str] = set()


def _mapping(pairs: list[tuple[str, Any]]) -> Any:
    """A JSON object as a dict; rapidyaml writes a duplicate key out twice
    (the exact loader refuses it), so one means the exact way."""
    # a short text repeats (a partner's id, a status): one string each, as
    # the exact loader does, not one per occurrence
    mapping = {
        key: _share(value, value)
        if value.__class__ is str and len(value) <= SHARED_LENGTH
        else value
        for key, value in pairs
    }
    if len(mapping) != len(pairs):
        raise _DuplicateKeyError
    if not _TEXT_KEYS.issuperset(mapping):
        for key in mapping:
            # JSON's keys are all text; the exact loader refuses `2026:` or
            # `null:` as a key, and rapidyaml's JSON hides which were quoted
            if key[:1] in RESOLVED_STARTS and type(core_value(key)) is not str:
                raise _DuplicateKeyError
            _TEXT_KEYS.add(key)
    return mapping


class _DuplicateKeyError(Exception):
    """Something the exact loader would read otherwise, or refuse."""


#: The character classes screened a byte at a time, by their number in
#: `_BYTE_CLASSES` (the two share no character).
_CLASS_NUMBERS = {_CHARACTERS: 1, _RARE: 2}
#: Each one-byte character's class number, 0 for none. Made from the
#: patterns, so it cannot differ from them.
_BYTE_CLASSES = bytes(
    next((n for pattern, n in _CLASS_NUMBERS.items() if pattern.match(c)), 0)
    for c in map(chr, range(256))
)
#: Characters classed at a time: each class is a character's own, so pieces
#: may be cut anywhere; a megabyte keeps the copies small at any size.
_CLASS_PIECE = 1 << 20


def _has_class(framed: str, pattern: re.Pattern[str]) -> bool:
    """Whether `framed` holds a character of `pattern`, one of `_CLASS_NUMBERS`.

    A piece whose characters all take one byte (Latin-1: most data in a
    European language) is encoded and each byte replaced by its class
    (`bytes.translate`), a copy of a megabyte at a time: 4 ms for 6.6 MB
    where the pattern's search took 21 to 41. Any other piece is searched.
    """
    number = _CLASS_NUMBERS[pattern]
    for start in range(0, len(framed), _CLASS_PIECE):
        piece = framed[start : start + _CLASS_PIECE]
        try:
            found = number in piece.encode("latin-1").translate(_BYTE_CLASSES)
        except UnicodeEncodeError:
            found = pattern.search(piece) is not None
        if found:
            return True
    return False


def needs_exact(text: str) -> bool:
    """True when `text` holds something rapidyaml could read otherwise."""
    framed = f"\n{text}\n"
    if any(token in framed for token in _TOKENS) or _has_class(framed, _CHARACTERS):
        return True
    if "#" in framed:
        # a line that is a comment holds no node: its backticks and colons
        # (a file's header often has some) are not looked at
        framed = _COMMENT_LINE.sub("\n", framed)
    if _has_class(framed, _RARE) and any(screen.search(framed) for screen in _RARE_SCREENS):
        return True
    return any(screen.search(framed) for screen in _SCREENS)


#: Files smaller than this (in characters) go the exact way: it reads them
#: in a few milliseconds, less than importing rapidyaml costs.
MIN_SIZE = 128 * 1024

#: Items per piece when a long top-level list is parsed piece by piece.
PIECE_ITEMS = 1_000

# A line that starts a top-level entry: anything at column 0 but blank
# space, a comment or an item of a list written without indentation. The
# file's first line is tested alone (`_TOP_FIRST`); every other line is
# found by the line break before it, which the engine skips to: a `^`
# with MULTILINE is tried at every character, six times slower.
_TOP_FIRST = re.compile(r"(?![ \t#\n]|-(?:[ \t]|$))", re.MULTILINE)
_TOP_LINE = re.compile(r"\n(?![ \t#\n]|-(?:[ \t]|$))", re.MULTILINE)
# A top-level key whose value is a block on the lines below it.
_BLOCK_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ \t]*\n")
# The first item of a block list: its indentation.
_FIRST_ITEM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*( *)-[ \n]")


def load(text: str) -> Any | None:
    """The file's data as the exact loader would give it, or None: then use that loader.

    None also for a small file, an empty one, or one with a problem: only
    the exact loader reports problems, with their places.
    """
    if len(text) < MIN_SIZE or not text.strip() or needs_exact(text) or _rapidyaml() is None:
        return None
    _SHARED.clear()
    try:
        head, lists = _pieces(text)
        data = _read(head)
        if lists:
            if data.__class__ is not dict:
                return None
            for key, cuts in lists.items():
                items: list[Any] = []
                for start, stop in itertools.pairwise(cuts):
                    part = _read(text[start:stop])
                    if part.__class__ is not list:
                        return None
                    items.extend(part)
                data[key] = items
        return data
    except Exception:  # a duplicate key, a rapidyaml or JSON error: the exact loader says what
        return None
    finally:
        _SHARED.clear()


def line_starts(text: str) -> list[int]:
    """Where each line that starts a top-level entry starts (`_TOP_LINE`)."""
    starts = [0] if _TOP_FIRST.match(text) else []
    starts.extend(m.end() for m in _TOP_LINE.finditer(text))
    return starts


def top_lists(text: str) -> list[tuple[str, int, list[int], int]]:
    """Each top-level key whose value is a block list: the key, where its
    line starts, where each of its items starts, and where the list ends.

    An item starts where a line starts with the list's own indentation and
    a dash, which no line inside an item does: its content is indented
    further. (A quoted text or a flow collection spread over lines could
    hold such a line: whoever cuts the text there checks that the pieces
    still parse, or that there is no such text.)
    """
    starts = line_starts(text)
    starts.append(len(text))
    lists: list[tuple[str, int, list[int], int]] = []
    for begin, end in itertools.pairwise(starts):
        key = _BLOCK_KEY.match(text, begin)
        item = _FIRST_ITEM.match(text, key.end()) if key else None
        if key is None or item is None:
            continue
        marker = "\n" + item.group(1) + "-"
        items = [item.start(1)]
        at = text.find(marker, item.end(), end)
        while at >= 0:
            follows = text[at + len(marker) : at + len(marker) + 1]
            if follows in (" ", "\n"):
                items.append(at + 1)
            at = text.find(marker, at + 1, end)
        lists.append((key.group(1), begin, items, end))
    return lists


def _pieces(text: str) -> tuple[str, dict[str, list[int]]]:
    """The text with each long top-level list left empty, and where to cut those lists.

    rapidyaml's tree takes about nine times the text's size: the 66 MiB
    plan of 100,000 actions would need 580 MiB at once. A piece cut inside
    a quoted text no longer parses, and the exact way reads the file.
    """
    if len(text) < 2 * PIECE_ITEMS * 64:
        return text, {}
    lists: dict[str, list[int]] = {}
    head: list[str] = []
    at = 0
    for key, begin, items, end in top_lists(text):
        if len(items) <= PIECE_ITEMS or key in lists:
            continue
        # everything before the list's key line, then the key with no items
        head += [text[at:begin], f"{key}: []\n"]
        at = end
        # offsets, not texts: each piece is cut out when it is read
        lists[key] = [*items[::PIECE_ITEMS], end]
    head.append(text[at:])
    return "".join(head), lists


def _read(text: str) -> Any:
    """One text's data through rapidyaml and JSON; raises on anything doubtful."""
    # Parsed in place (the tree points into this one copy of the text) and
    # written out as UTF-8 into a buffer of the right size: the peak holds
    # as few copies of the text as it can.
    ryml, decoder = _rapidyaml()
    source = bytearray(text, "utf-8")
    with _quiet_stderr():
        tree = ryml.parse_in_place(source)
        root = tree.root_id()
        out = bytearray(ryml.compute_json_length(tree, root))
        failed, _ = ryml.emit_json_to_substr(tree, root, out)
    del tree, source  # freed before the objects exist
    if failed:
        raise _DuplicateKeyError
    if "{" in text and b'": null' in out:
        # `{a: b, c}` reads as c: null in both, but the exact loader
        # reports the comma that ended the text: let it
        raise _DuplicateKeyError
    if _CORE_TEXT.search(out):
        raise _DuplicateKeyError
    emitted = out.decode("utf-8")
    del out
    return decoder.decode(emitted)


class _quiet_stderr:  # noqa: N801 - used as a context manager, like contextlib's
    """rapidyaml's C++ prints its parse errors to the process's stderr before
    raising; the exact loader reports them properly, so they are hidden."""

    def __enter__(self) -> None:
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc: object) -> None:
        os.dup2(self.saved, 2)
        os.close(self.saved)
