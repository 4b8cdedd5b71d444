"""Block-sequence items written as text, byte for byte as PyYAML writes them.

`yaml.dump(records, Dumper=yaml.SafeDumper, sort_keys=False,
allow_unicode=True, width=WIDTH, default_flow_style=None)` builds a node for
every value in Python, then serialises and emits the nodes; for the 7,000
actions `roadmap new` carries at N = 10,000 that took longer than reading
the plan. Records whose every line fits within the width hold no folded
scalar and no wrapped flow collection, and for those PyYAML's layout is a
handful of rules (below): `item` writes such a record directly and returns
None for anything else, which the caller dumps with PyYAML as before.

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
- nothing is folded or wrapped while the line is no longer than the width
  (the emitter breaks a line only where its column is past the width).

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

#: Text PyYAML surely writes plain in block and in flow context alike (the
#: resolver is asked apart): it starts with a letter, holds no flow
#: indicator (`,[]{}`), no `?`, `:` or `#` anywhere, no control, line break
#: or character beyond the BMP, and does not end with a space. Any other
#: text goes through PyYAML's own analysis.
_INNER = r"!\"$%&'()*+\-./0-9;<=>@A-Z\\^_`a-z|~\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_SURELY_PLAIN = re.compile(rf"[A-Za-z\u00c0-\u2027\u202a-\ud7ff](?:[ {_INNER}]*[{_INNER}])?")
#: Text that could be single-quoted on one line: printable, no line break,
#: nothing beyond the BMP (PyYAML's analysis then decides between the styles).
_ONE_LINE = re.compile(r"[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


#: Text up to this long has its written form remembered.
_REMEMBERED = 40


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
        # written form, in block and in flow context; long text is mostly met
        # once, and remembering it would only hold memory
        self._block: dict[str, str] = {}
        self._flow: dict[str, str] = {}

    def item(self, record: dict[str, Any]) -> str | None:
        """`record` as an item of a top-level block sequence (`- key: value` lines,
        each ending with a line break), or None when PyYAML must write it."""
        lines: list[str] = []
        try:
            self._item(record, 0, lines)
        except UnsupportedError:
            return None
        width = self.width
        for line in lines:
            if len(line) > width:
                return None
        lines.append("")
        return "\n".join(lines)

    # --- scalars ---------------------------------------------------------

    def _text(self, text: str, flow: bool) -> str:
        cache = self._flow if flow else self._block
        written = cache.get(text)
        if written is None:
            written = self._style(text, flow)
            if len(text) <= _REMEMBERED:
                cache[text] = written
        return written

    @staticmethod
    def _style(text: str, flow: bool) -> str:
        """PyYAML's `choose_scalar_style` for a key or value of `text`, written."""
        plain_text = _implicit_tag(text) == _STR_TAG
        if plain_text and _SURELY_PLAIN.fullmatch(text):
            return text
        if not _ONE_LINE.fullmatch(text):
            raise UnsupportedError(text)  # double-quoted or multi-line: PyYAML's own
        analysis = _analysis(text)
        # (a simple key is never empty here: `_key` refuses it)
        if plain_text and (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
            return text
        if analysis.allow_single_quoted:
            return "'" + text.replace("'", "''") + "'"
        raise UnsupportedError(text)

    def _scalar(self, value: Any, flow: bool) -> str:
        kind = type(value)
        if kind is str:
            return self._text(value, flow)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if value is None:
            return "null"
        if kind is float:
            if self.whole_floats and value.is_integer() and abs(value) < 1e15:
                return str(int(value))
            return _float(value)
        raise UnsupportedError(value)

    def _key(self, key: Any, flow: bool) -> str:
        if type(key) is not str or not key:
            raise UnsupportedError(key)
        return self._text(key, flow)

    # --- collections -----------------------------------------------------

    def _flow_collection(self, value: list[Any] | dict[Any, Any]) -> str | None:
        """`value` in flow style when all its items are scalars, else None."""
        scalar = self._scalar
        if isinstance(value, list):
            for x in value:
                if type(x) is list or type(x) is dict:
                    return None
            return "[" + ", ".join([scalar(x, True) for x in value]) + "]"
        for x in value.values():
            if type(x) is list or type(x) is dict:
                return None
        key = self._key
        pairs = [f"{key(k, True)}: {scalar(v, True)}" for k, v in value.items()]
        return "{" + ", ".join(pairs) + "}"

    def _item(self, value: Any, indent: int, lines: list[str]) -> None:
        """A block-sequence item at `indent`: `- ` then the value."""
        dash = " " * indent + "- "
        kind = type(value)
        if kind is not list and kind is not dict:
            lines.append(dash + self._scalar(value, False))
            return
        flow = self._flow_collection(value)
        if flow is not None:
            lines.append(dash + flow)
        elif kind is dict:
            self._mapping(value, indent + 2, dash, lines)
        else:
            raise UnsupportedError(value)  # a block list in a list: `- - x`, left to PyYAML

    def _mapping(self, mapping: dict[Any, Any], indent: int, first: str, lines: list[str]) -> None:
        """A block mapping whose keys are at `indent`; the first key's line starts with `first`."""
        pad = " " * indent
        lead = first
        for key, value in mapping.items():
            head = lead + self._key(key, False) + ":"
            lead = pad
            kind = type(value)
            if kind is not list and kind is not dict:
                lines.append(head + " " + self._scalar(value, False))
                continue
            flow = self._flow_collection(value)
            if flow is not None:
                lines.append(head + " " + flow)
                continue
            lines.append(head)
            if kind is dict:
                self._mapping(value, indent + 2, pad + "  ", lines)
            else:
                # a block sequence under a key is not indented
                for entry in value:
                    self._item(entry, indent, lines)


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
