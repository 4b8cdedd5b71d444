"""How YAML 1.2's core schema reads a plain scalar: null, boolean, number or text.

This is the rule editors (yaml-language-server) and JSON Schema validators
(check-jsonschema) apply to the data files, so the loader applies it too,
and the models name a value by it (quoted digits are text "that should not
be quoted"). https://yaml.org/spec/1.2.2/#1032-tag-resolution

Only values written exactly so are resolved: `yes`, `NO`, `on`, `1_000` and
`2026-01-10` are text (YAML 1.1 guessed them; 1.2 does not).
"""

from __future__ import annotations

import math
import re
from typing import Any

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE_WORDS = frozenset({"true", "True", "TRUE"})
_FALSE_WORDS = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_8 = re.compile(r"0o[0-7]+\Z")
_INT_16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"([-+]?)\.(?:inf|Inf|INF)\Z")
_NAN = frozenset({".nan", ".NaN", ".NAN"})
#: The first characters of every value above other than text: a plain
#: scalar starting otherwise (most are words) is text without a look at the
#: rules, which keeps the loader's common case cheap.
RESOLVED_STARTS = frozenset("0123456789+-.~nNtTfF") | {""}


def core_value(text: str) -> Any:
    """A plain scalar's value: None, bool, int, float, or the text itself."""
    if text in NULL_WORDS:
        return None
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4,300): out of any range
            return float(text)
    if _FLOAT.match(text):
        return float(text)
    if _INT_16.match(text):
        return int(text[2:], 16)
    if _INT_8.match(text):
        return int(text[2:], 8)
    infinite = _INF.match(text)
    if infinite:
        return -math.inf if infinite.group(1) == "-" else math.inf
    if text in _NAN:
        return math.nan
    return text


def is_number(value: Any) -> bool:
    """An int or a float, not a boolean (which Python counts as an int)."""
    return type(value) is int or type(value) is float
