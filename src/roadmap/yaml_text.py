"""Block-sequence items written as text, byte for byte as PyYAML writes them.

`yaml.dump(records, Dumper=yaml.SafeDumper, sort_keys=False,
allow_unicode=True, width=WIDTH, default_flow_style=None)` builds a node for
every value in Python, then serialises and emits the nodes; for the 7,000
actions `roadmap new` carries at N = 10,000 that took longer than reading
the plan. For records of text, numbers, flags and null, in lists and
dicts, PyYAML's layout is a handful of rules (below): `item` writes such a
record directly and returns None for anything else, which the caller dumps
with PyYAML as before.

PyYAML's rules followed here (yaml/representer.py, yaml/emitter.py), with
`default_flow_style=None` and indentation 2:

- a list or dict whose items (keys and values) are all scalars is written in
  flow style, `[a, b]` or `{k: v, k2: v2}` (empty: `[]`, `{}`); any other
  is written in block style;
- a block sequence that is a mapping's value is not indented (`key:` then
  `- item` at the key's column); a block mapping under a key, or as a
  sequence item, is indented by 2 more than its key or dash;
- `str` is written plain when PyYAML's scalar analysis allows it in that
  context (block or flow) and its plain form reads back as text (the
  resolver's implicit types: `NO`, `2026`, `true`, `''` are not text), else
  single-quoted (`'` doubled) when the analysis allows that; double-quoted
  and multi-line text is left to PyYAML;
- `int` as `str(value)`, `bool` as `true`/`false`, `None` as `null`, `float`
  as `SafeRepresenter.represent_float` writes it; any other type (dates,
  subclasses) is left to PyYAML;
- the emitter breaks a line only where its column is past the width: in
  plain or single-quoted text, at a lone space (not a run of spaces, nor
  one right inside the quotes), the text going on indented by 2 more than
  the mapping's keys or the dash before it, or in a flow collection by 2
  more than the collection's indent; in a flow collection, before an item
  or key, at the collection's indent (2 more than its key or dash). A key
  is never folded; one longer than a line (PyYAML writes `? key`) is left
  to PyYAML.

Aliases: PyYAML anchors a list, dict or date met twice in one dump. The
records given here are fresh from `model_dump` (every container a new one),
and dates are left to PyYAML, so none is met twice.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml
from yaml.emitter import Emitter, ScalarAnalysis

#: The dump's width (PyYAML's `best_width`): a line longer than this may be folded.
WIDTH = 100

_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"

#: Characters never in text written plain or single-quoted: controls, line
#: breaks (NEL, LS, PS), surrogates, the BOM, non-characters, and what lies
#: beyond the BMP. (The classes are written negated: a class spanning most
#: of the BMP takes the regex compiler 15 ms to build, at every start-up.)
_NEVER = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
#: Text PyYAML surely writes plain in block and in flow context alike (the
#: resolver is asked apart): it starts with an ASCII letter or a character
#: from U+00C0 to U+D7FF, holds no flow indicator (`,[]{}`), no `?`, `:` or `#`
#: anywhere, and does not end with a space. Any other text goes through
#: PyYAML's own analysis.
_SURELY_PLAIN = re.compile(
    rf"[^{_NEVER}\x20-\x40\x5b-\x60\x7b-\x7e\xa0-\xbf\ue000-\uffff]"
    rf"(?:[^{_NEVER},\[\]{{}}?:#]*[^{_NEVER} ,\[\]{{}}?:#])?"
)
#: Text that could be single-quoted on one line: printable, no line break,
#: nothing beyond the BMP (PyYAML's analysis then decides between the styles).
_ONE_LINE = re.compile(rf"[^{_NEVER}]*")


#: Text up to this long has its written form remembered, for so many texts
#: at most: the values met again and again (partner, market, lever ids) are
#: met early; each action's own id, met once, would only hold memory
#: (70,000 of them at N = 100,000).
_REMEMBERED = 40
_TEXTS_KEPT = 4096


#: Keys whose written form is kept, at most (a record's keys are its fields).
_KEYS_KEPT = 1000


class UnsupportedError(Exception):
    """A value this module does not write: the record is left to PyYAML."""


def _implicit_tag(text: str) -> str:
    """The tag PyYAML's resolver gives `text` written plain (SafeDumper's resolvers)."""
    resolvers = yaml.SafeDumper.yaml_implicit_resolvers
    for tag, regexp in (*resolvers.get(text[0] if text else "", ()), *resolvers.get(None, ())):
        if regexp.match(text):
            return str(tag)
    return _STR_TAG


# (its stream is never written: only its analysis is asked for)
_ANALYSER = Emitter(io.StringIO(), allow_unicode=True)


def _analysis(text: str) -> ScalarAnalysis:
    """PyYAML's own analysis of `text` (which styles it allows)."""
    return _ANALYSER.analyze_scalar(text)


class Writer:
    """Writes records as block-sequence items; remembers each text's form."""

    def __init__(self, width: int = WIDTH, whole_floats: bool = False) -> None:
        self.width = width
        #: A float with no fraction (below 10**15 in size) is written as the
        #: integer it equals (21.0 as 21), as if converted before the dump.
        self.whole_floats = whole_floats
        # short text (ids, units, languages: met again and again) -> its
        # written form (plain or single-quoted), in block and in flow context
        self._block: dict[str, str] = {}
        self._flow: dict[str, str] = {}
        # keys (field names, languages), as written
        self._block_keys: dict[str, str] = {}
        self._flow_keys: dict[str, str] = {}
        # the text being written, and the column its last line has reached
        self._out: list[str] = []
        self._column = 0

    def item(self, record: dict[str, Any]) -> str | None:
        """`record` as an item of a top-level block sequence (`- key: value` lines,
        each ending with a line break), or None when PyYAML must write it."""
        self._out = []
        self._column = 0
        try:
            self._item(record, 0)
        except UnsupportedError:
            return None
        self._out.append("\n")
        return "".join(self._out)

    # --- output ----------------------------------------------------------

    def _write(self, text: str) -> None:
        self._out.append(text)
        self._column += len(text)

    def _break(self, indent: int) -> None:
        """A new line indented by `indent` (the emitter's `write_indent`)."""
        self._out.append("\n" + " " * indent)
        self._column = indent

    # --- scalars ---------------------------------------------------------

    def _written(self, text: str, flow: bool) -> str:
        """`text` as written, plain or single-quoted (a plain one never starts with `'`)."""
        cache = self._flow if flow else self._block
        written = cache.get(text)
        if written is None:
            written = "'" + text.replace("'", "''") + "'" if _style(text, flow) else text
            if len(text) <= _REMEMBERED and len(cache) < _TEXTS_KEPT:
                cache[text] = written
        return written

    def _scalar(self, value: Any, flow: bool, indent: int, lead: str) -> None:
        """`value` after `lead` (a space, or nothing at a line's start or after
        an opening bracket); a long text folds onto lines indented by `indent`."""
        kind = type(value)
        if kind is str:
            written = self._written(value, flow)
            text = lead + written
            if self._column + len(text) <= self.width:  # no space in it is past the width
                self._out.append(text)
                self._column += len(text)
            else:
                self._write(lead)
                self._fold(written, indent, quoted=written[:1] == "'")
            return
        self._write(lead + self._one(value, flow))

    def _one(self, value: Any, flow: bool) -> str:
        """A scalar as written, on one line."""
        kind = type(value)
        if kind is str:
            return self._written(value, flow)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if value is None:
            return "null"
        if kind is float:
            if self.whole_floats and whole(value):
                return str(int(value))
            return _float(value)
        raise UnsupportedError(value)

    def _fold(self, text: str, indent: int, quoted: bool) -> None:
        """`text` written as the emitter writes a plain or single-quoted
        scalar: a lone space met past the width becomes a line break (in
        quoted text, not a space right inside the quotes)."""
        runs = _SPACES.split(text)
        last = len(runs) - 1
        for i, run in enumerate(runs):
            if i % 2 == 0:  # words (or a quote mark) between runs of spaces
                if run:
                    self._write(run)
                continue
            # spaces right inside the quotes are never a fold
            at_edge = quoted and (
                (i == 1 and runs[0] == "'") or (i == last - 1 and runs[-1] == "'")
            )
            if run == " " and self._column > self.width and not at_edge:
                self._break(indent)
            else:
                self._write(run)

    def _key(self, key: Any, flow: bool) -> str:
        keys = self._flow_keys if flow else self._block_keys
        written = keys.get(key)  # (only text keys are kept: no number equals one)
        if written is None:
            if type(key) is not str or not key or len(key) > self.width:
                raise UnsupportedError(key)  # a key as long as a line: "? key" (PyYAML's)
            written = self._written(key, flow)
            if len(keys) < _KEYS_KEPT:
                keys[key] = written
        return written

    # --- collections -----------------------------------------------------

    @staticmethod
    def _is_flow(value: list[Any] | dict[Any, Any]) -> bool:
        """Written in flow style: every item (key and value) is a scalar."""
        for x in value.values() if isinstance(value, dict) else value:
            if type(x) is list or type(x) is dict:
                return False
        return True

    def _flow_collection(self, value: list[Any] | dict[Any, Any], indent: int) -> None:
        """`value` in flow style, after a space; its items wrap at `indent`,
        their text folds at `indent + 2`."""
        width = self.width
        one = self._one
        if isinstance(value, list):
            text = " [" + ", ".join([one(x, True) for x in value]) + "]"
        else:
            key = self._key
            text = " {" + ", ".join([f"{key(k, True)}: {one(v, True)}" for k, v in value.items()])
            text += "}"
        if self._column + len(text) <= width:  # nothing wraps nor folds
            self._out.append(text)
            self._column += len(text)
            return
        if isinstance(value, list):
            self._write(" [")
            lead = ""
            for x in value:
                if self._column > width:
                    self._break(indent)
                    lead = ""
                self._scalar(x, True, indent + 2, lead)
                self._write(",")
                lead = " "
            if value:
                self._out[-1] = "]"  # the last comma
            else:
                self._write("]")
            return
        self._write(" {")
        lead = ""
        for k, v in value.items():
            if self._column > width:
                self._break(indent)
                lead = ""
            self._write(lead + self._key(k, True) + ":")
            self._scalar(v, True, indent + 2, " ")
            self._write(",")
            lead = " "
        if value:
            self._out[-1] = "}"
        else:
            self._write("}")

    def _item(self, value: Any, indent: int) -> None:
        """A block-sequence item whose dash is at `indent` (the line is there)."""
        self._write("-")
        kind = type(value)
        if kind is not list and kind is not dict:
            self._scalar(value, False, indent + 2, " ")
        elif self._is_flow(value):
            self._flow_collection(value, indent + 2)
        elif kind is dict:
            self._mapping(value, indent + 2, first=True)
        else:
            raise UnsupportedError(value)  # a block list in a list: `- - x`, left to PyYAML

    def _mapping(self, mapping: dict[Any, Any], indent: int, first: bool) -> None:
        """A block mapping whose keys are at `indent`; `first`: its first key
        follows a sequence item's dash on the same line."""
        out = self._out
        width = self.width
        pad = "\n" + " " * indent
        for key, value in mapping.items():
            head = self._key(key, False) + ":"
            if first:
                out.append(" " + head)
                self._column += 1 + len(head)
                first = False
            else:
                out.append(pad + head)
                self._column = indent + len(head)
            kind = type(value)
            if kind is str:  # most values: written with their key when they fit
                written = self._written(value, False)
                if self._column + 1 + len(written) <= width:
                    out[-1] += " " + written
                    self._column += 1 + len(written)
                else:
                    self._scalar(value, False, indent + 2, " ")
            elif kind is not list and kind is not dict:
                self._scalar(value, False, indent + 2, " ")
            elif self._is_flow(value):
                self._flow_collection(value, indent + 2)
            elif kind is dict:
                self._mapping(value, indent + 2, first=False)
            else:
                # a block sequence under a key is not indented
                for entry in value:
                    self._break(indent)
                    self._item(entry, indent)


def _style(text: str, flow: bool) -> str:
    """PyYAML's `choose_scalar_style` for a key or value of `text`: '' (plain)
    or "'" (single-quoted); double-quoted and multi-line text is left to PyYAML."""
    plain_text = _implicit_tag(text) == _STR_TAG
    if plain_text and _SURELY_PLAIN.fullmatch(text):
        return ""
    if not _ONE_LINE.fullmatch(text):
        raise UnsupportedError(text)
    analysis = _analysis(text)
    # (a simple key is never empty here: `_key` refuses it)
    if plain_text and (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
        return ""
    if analysis.allow_single_quoted:
        return "'"
    raise UnsupportedError(text)


_SPACES = re.compile(r"( +)")


def whole(value: float) -> bool:
    """A float with no fraction, small enough to be written as an integer."""
    return value.is_integer() and abs(value) < 1e15


def _float(value: float) -> str:
    """`SafeRepresenter.represent_float`, when PyYAML writes it plain (always, in practice)."""
    if value != value:
        text = ".nan"
    elif value == float("inf"):
        text = ".inf"
    elif value == float("-inf"):
        text = "-.inf"
    else:
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
    if _implicit_tag(text) != _FLOAT_TAG:
        raise UnsupportedError(value)
    return text
