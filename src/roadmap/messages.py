"""Pydantic errors turned into sentences a planner understands."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from roadmap.loader import Loc

# Branch tags of the `Text` union (see models.Text); never a data key.
UNION_TAGS = frozenset({"<text>", "<by-language>"})


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest known name, or ''."""
    match = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if not match:
        lowered = {k.lower(): k for k in known}
        if value.lower() in lowered:
            match = [lowered[value.lower()]]
    return f" (did you mean {match[0]!r}?)" if match else ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the keys allowed in the mapping at `loc` (for suggestions)."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in current:
            field = cls.model_fields.get(part)
            if field is not None:
                nxt.extend(_models_in(field.annotation))
        current = nxt
    return sorted({name for cls in current for name in cls.model_fields})


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


#: Constrained-string patterns of the models -> (code, what is expected).
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": (
        "bad-id",
        "a valid id (letters, digits, '.', '_' or '-', starting with a letter or digit)",
    ),
    r"^[a-z]{2}$": ("bad-language", "a two-letter language code such as fr or en"),
    r"^[A-Z]{3}$": ("bad-currency", "a three-letter ISO 4217 currency code such as MAD or EUR"),
}


def _named(loc: Loc) -> str:
    """The key a value is at: `budget`; `month` for an item of `months`."""
    keys = [part for part in loc if isinstance(part, str)]
    name = keys[-1] if keys else "value"
    return name.removesuffix("s") if loc and isinstance(loc[-1], int) else name


def explain(error: ErrorDetails, model: type[BaseModel]) -> tuple[Loc, str, str, bool]:
    """(loc, code, message, at_key) for one pydantic error."""
    loc = tuple(p for p in error["loc"] if p not in UNION_TAGS)
    # pydantic marks an error in a mapping's key with a trailing "[key]"
    key_error = bool(loc) and loc[-1] == "[key]"
    if key_error:
        loc = loc[:-1]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = did_you_mean(key, fields_at(model, loc[:-1]))
        return loc, "unknown-key", f"unknown key {key!r}{hint}", True
    if kind == "missing":
        return loc, "missing-key", f"missing required key {loc[-1]!r}", False
    if kind == "dict_type" and "<by-language>" in error["loc"]:
        return (
            loc,
            "bad-type",
            f"expected text or a mapping of language to text, got {_shown(value)}",
            False,
        )
    if kind in _EXPECTED:
        if kind.startswith("date") and isinstance(value, str):
            return loc, "bad-date", f"{_shown(value)} is not a valid date (YYYY-MM-DD)", False
        return loc, "bad-type", f"expected {_EXPECTED[kind]}, got {_shown(value)}", False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        hint = ""
        if isinstance(value, str):
            options = [o.strip().strip("'") for o in str(expected).replace(" or ", ", ").split(",")]
            hint = did_you_mean(value, [o for o in options if o])
        return loc, "bad-value", f"{_shown(value)} is not one of {expected}{hint}", False
    if kind == "string_pattern_mismatch":
        code, form = _PATTERNS.get(
            str(ctx.get("pattern")), ("bad-value", f"the form {ctx.get('pattern')}")
        )
        return loc, code, f"{_shown(value)} is not {form}", key_error
    if kind == "out_of_range":  # models.Range: the message says the range
        return loc, "out-of-range", f"{_named(loc)} {error['msg']}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        what = "month" if loc and loc[-2:-1] == ("months",) else "value"
        return loc, "out-of-range", f"{what} {_shown(value)} must be {bound} {limit}", False
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return loc, "too-long", f"{_shown(value)} is longer than {n} characters", key_error
    if kind == "string_too_short":
        return loc, "empty", "must not be empty", False
    if kind == "too_short":
        n = ctx.get("min_length")
        return loc, "too-few", f"needs at least {n} item{'s' if n != 1 else ''}", False
    if kind == "too_long":
        n = ctx.get("max_length")
        return loc, "too-many", f"holds at most {n} item{'s' if n != 1 else ''}", False
    if kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
        return loc, "invalid", message, False
    return loc, "invalid", error["msg"], False
