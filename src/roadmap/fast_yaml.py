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

import json
import os
import re
from typing import Any

from roadmap.core_schema import RESOLVED_STARTS, core_value

try:
    import ryml  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - rapidyaml is a dependency; this guards odd installs
    ryml = None

# Each pattern starts with the character it is about, so that the regular
# expression engine skips to its occurrences instead of trying every
# position; where a node starts (after blank space, or after a flow
# collection's `[`, `{` or `,`) is then checked behind it. The text is
# screened with a line break added at each end, so a node at the very start
# or end of the file has one too.
_SCREENS = [
    re.compile(p)
    for p in (
        # characters the readers treat differently: tabs (libyaml refuses
        # them as indentation), carriage returns and YAML 1.1's line breaks,
        # control characters, a byte-order mark past the start, lone
        # surrogates, and backslashes (escapes in double quotes)
        r"[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\\\ud800-\udfff]",
        # a directive, a document start or end
        r"\n(?:%|---|\.\.\.)",
        # a tag, an anchor or an alias where a node may start (so "Beach &
        # Golf" goes the exact way too: a false alarm only costs time)
        r"[!&*](?<=[\s\[{,:-].)",
        # an explicit key, an empty key, an indicator no plain scalar may
        # start with (libyaml refuses it, rapidyaml reads it as text)
        r"[?:%@`,](?<=[\s\[{,].)",
        r"[\]}](?<=[\s,].)",
        # a value indicator right before a flow indicator (`[zones:]`)
        r":[\]},]",
        # a block scalar's header with an indentation indicator or more
        r"[|>](?<=[\s\[{,].)(?![-+]?[ \t]*(?:#[^\n]*)?\n)",
        # a flow collection that does not close on its line (rapidyaml
        # accepts block structure inside one), or anything but a separator
        # or a comment after one closes (rapidyaml reads on where libyaml stops)
        r"[\[{](?<=[\s\[{,].)(?![^\n#]*[\]}][ \t]*(?:#[^\n]*)?\n)",
        r"[\]}][ \t]*[^\s,\]}#]",
    )
]

#: A JSON string that the core schema would read as a null, a boolean or a
#: number had it been a plain scalar: rapidyaml writes a plain `~`, `True`,
#: `017`, `0x1F` or `0e0` as text (and a plain `inf` as `.inf`). The same
#: text quoted in the YAML is text in both, but the JSON cannot tell which
#: it was: the exact way.
_CORE_TEXT = re.compile(
    r'"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+'
    r"|[-+]?\.?(?:inf|Inf|INF|nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r'|\+[^"]*)"'
)

#: Keys already seen to be text in the core schema's reading; a JSON
#: reader's keys repeat (`id`, `name`), so each distinct one is read once.
_TEXT_KEYS: set[str] = set()


def _mapping(pairs: list[tuple[str, Any]]) -> Any:
    """A JSON object as a dict; rapidyaml writes a duplicate key out twice
    (the exact loader refuses it), so one means the exact way."""
    mapping = dict(pairs)
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
    """A key the exact loader would refuse."""


_DECODER = json.JSONDecoder(object_pairs_hook=_mapping)


def needs_exact(text: str) -> bool:
    """True when `text` holds something rapidyaml could read otherwise."""
    if "<<" in text:  # a merge key
        return True
    framed = f"\n{text}\n"
    return any(screen.search(framed) for screen in _SCREENS)


def load(text: str) -> Any | None:
    """The file's data as the exact loader would give it, or None: then use that loader.

    None also for an empty file or a file with a problem: only the exact
    loader reports problems, with their places.
    """
    if ryml is None or not text.strip() or needs_exact(text):
        return None
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(text.encode("utf-8"))
            emitted = ryml.emit_json_malloc(tree, tree.root_id())
        del tree  # the C++ tree is as large as the text: free it before the objects exist
        if not isinstance(emitted, str) or ("{" in text and '": null' in emitted):
            # `{a: b, c}` reads as c: null in both, but the exact loader
            # reports the comma that ended the text: let it
            return None
        if _CORE_TEXT.search(emitted):
            return None
        return _DECODER.decode(emitted)
    except Exception:  # a duplicate key, a rapidyaml or JSON error: the exact loader says what
        return None


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
