"""Pydantic errors turned into sentences a planner understands."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from roadmap.loader import Loc
from roadmap.models import BRANCH_MODELS, BRANCH_TAGS, LANG_TAG

# Branch tags of the models' unions (Text, priorities); never a data key.
UNION_TAGS = BRANCH_TAGS


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
    """Names of the keys allowed in the mapping at `loc` (for suggestions).

    `loc` may hold the tags of a union's branches: a tag of records keeps the
    branch's record only (a seasonality priority's keys, not every kind's).
    """
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, str) and part in BRANCH_MODELS:
            current = [BRANCH_MODELS[part]]
            continue
        if isinstance(part, int) or part in UNION_TAGS:
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
    LANG_TAG: ("bad-language", "a BCP 47 language tag such as fr, pt-PT or ar-MA"),
    r"^[A-Z]{3}$": ("bad-currency", "a three-letter ISO 4217 currency code such as MAD or EUR"),
}


def _named(loc: Loc) -> str:
    """The key a value is at: `budget`; `month` for an item of `months`."""
    keys = [part for part in loc if isinstance(part, str)]
    name = keys[-1] if keys else "value"
    return name.removesuffix("s") if loc and isinstance(loc[-1], int) else name


def strict_type(error: ErrorDetails) -> str | None:
    """What to write instead, for a value of the wrong YAML 1.2 type (models.Str, Flag, Range).

    Values are read as editors read them (see core_schema): `yes` is text,
    `2026` a number, "12" text; each message says how to write the value
    so that it has the type the key wants.
    """
    kind, value = error["type"], error.get("input")
    if kind == "bool_type" and isinstance(value, str | int | float):
        return f"{_shown(value)} is not a boolean here: write true or false (no quotes)"
    if kind == "quoted_number":  # models.Range: digits in quotes are text
        return f"{error['msg']}, not {_shown(value)}"
    if kind == "string_type" and isinstance(value, bool):
        written = str(value).lower()
        return f"{written} is read as a boolean: quote it, '{written}', to make it text"
    if kind == "string_type" and type(value) is int:
        return f"{value} is read as a number: quote it, '{value}', to make it text"
    if kind == "string_type" and type(value) is float:
        return f"{value!r} is read as a number: put the text in quotes, as written, to keep it"
    if kind == "string_type" and isinstance(value, dict | list) and "<text>" in error["loc"]:
        return f"expected text or a mapping of language to text, got {_shown(value)}"
    return None


@dataclass(frozen=True, slots=True)
class _Error:
    """One pydantic error, unpacked once for the sentence makers below."""

    loc: Loc  # where, without the Text union's branch tags
    key_error: bool  # the error is in a mapping's key, not its value
    kind: str
    value: Any
    ctx: dict[str, Any]
    details: ErrorDetails

    @classmethod
    def of(cls, error: ErrorDetails) -> _Error:
        loc = tuple(p for p in error["loc"] if p not in UNION_TAGS)
        # pydantic marks an error in a mapping's key with a trailing "[key]"
        key_error = bool(loc) and loc[-1] == "[key]"
        if key_error:
            loc = loc[:-1]
        ctx = dict(error.get("ctx") or {})
        return cls(loc, key_error, error["type"], error.get("input"), ctx, error)


#: (code, message, at_key): what `explain` says, less the place.
Said = tuple[str, str, bool]
Sayer = typing.Callable[[_Error, type[BaseModel]], Said]
#: Like a Sayer, but None when the error is not the kind it words.
MaybeSayer = typing.Callable[[_Error, type[BaseModel]], Said | None]


def _unknown_key(e: _Error, model: type[BaseModel]) -> Said:
    key = str(e.loc[-1])
    return (
        "unknown-key",
        f"unknown key {key!r}{did_you_mean(key, fields_at(model, e.details['loc'][:-1]))}",
        True,
    )


def _missing(e: _Error, model: type[BaseModel]) -> Said:
    return "missing-key", f"missing required key {e.loc[-1]!r}", False


def _by_language(e: _Error, model: type[BaseModel]) -> Said | None:
    """A Text given as something that is neither text nor a language mapping."""
    if e.kind == "dict_type" and "<by-language>" in e.details["loc"]:
        return (
            "bad-type",
            f"expected text or a mapping of language to text, got {_shown(e.value)}",
            False,
        )
    return None


def _wrong_type(e: _Error, model: type[BaseModel]) -> Said:
    if e.kind.startswith("date") and isinstance(e.value, str):
        return "bad-date", f"{_shown(e.value)} is not a valid date (YYYY-MM-DD)", False
    return "bad-type", f"expected {_EXPECTED[e.kind]}, got {_shown(e.value)}", False


def _not_one_of(e: _Error, model: type[BaseModel]) -> Said:
    expected = e.ctx.get("expected", "")
    hint = ""
    if isinstance(e.value, str):
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ", ").split(",")]
        hint = did_you_mean(e.value, [o for o in options if o])
    return "bad-value", f"{_shown(e.value)} is not one of {expected}{hint}", False


def _pattern(e: _Error, model: type[BaseModel]) -> Said:
    pattern = e.ctx.get("pattern")
    code, form = _PATTERNS.get(str(pattern), ("bad-value", f"the form {pattern}"))
    if code == "bad-language" and isinstance(e.value, str):
        from roadmap.languages import malformed  # it builds on this module

        return code, malformed(e.value) or f"{_shown(e.value)} is not {form}", e.key_error
    return code, f"{_shown(e.value)} is not {form}", e.key_error


def _out_of_range(e: _Error, model: type[BaseModel]) -> Said:
    """models.Range: pydantic's message already says the range."""
    return "out-of-range", f"{_named(e.loc)} {e.details['msg']}", False


#: pydantic's bound kinds -> how the sentence says them.
_BOUNDS = {
    "greater_than_equal": "at least",
    "less_than_equal": "at most",
    "greater_than": "more than",
    "less_than": "less than",
}


def _bound(e: _Error, model: type[BaseModel]) -> Said:
    limit = next(iter(e.ctx.values()), "")
    what = "month" if e.loc and e.loc[-2:-1] == ("months",) else "value"
    return "out-of-range", f"{what} {_shown(e.value)} must be {_BOUNDS[e.kind]} {limit}", False


def _too_long_text(e: _Error, model: type[BaseModel]) -> Said:
    n = e.ctx.get("max_length")
    return "too-long", f"{_shown(e.value)} is longer than {n} characters", e.key_error


def _empty(e: _Error, model: type[BaseModel]) -> Said:
    return "empty", "must not be empty", False


def _items(code: str, bound: str, size: str) -> Sayer:
    def say(e: _Error, model: type[BaseModel]) -> Said:
        n = e.ctx.get(size)
        return code, f"{bound} {n} item{'s' if n != 1 else ''}", False

    return say


def _value_error(e: _Error, model: type[BaseModel]) -> Said:
    """A model validator's own sentence (see models: they raise ValueError)."""
    return "invalid", e.details["msg"].removeprefix("Value error, "), False


def _strict(e: _Error, model: type[BaseModel]) -> Said | None:
    """A value of the wrong YAML 1.2 type, with what to write instead (`strict_type`)."""
    said = strict_type(e.details)
    return None if said is None else ("bad-type", said, e.key_error)


#: Asked first, whatever the kind: each returns None when the error is not its own.
_FIRST: tuple[MaybeSayer, ...] = (_strict, _by_language)

#: pydantic error type -> the sentence for it. To word a new kind, add a row.
_BY_KIND: dict[str, Sayer] = {
    "extra_forbidden": _unknown_key,
    "missing": _missing,
    **dict.fromkeys(_EXPECTED, _wrong_type),
    "literal_error": _not_one_of,
    "string_pattern_mismatch": _pattern,
    "out_of_range": _out_of_range,
    **dict.fromkeys(_BOUNDS, _bound),
    "string_too_long": _too_long_text,
    "string_too_short": _empty,
    "too_short": _items("too-few", "needs at least", "min_length"),
    "too_long": _items("too-many", "holds at most", "max_length"),
    "value_error": _value_error,
}


def _pydantic(e: _Error, model: type[BaseModel]) -> Said:
    """A kind no row words: pydantic's own message."""
    return "invalid", e.details["msg"], False


def explain(error: ErrorDetails, model: type[BaseModel]) -> tuple[Loc, str, str, bool]:
    """(loc, code, message, at_key) for one pydantic error."""
    e = _Error.of(error)
    for sayer in _FIRST:
        said = sayer(e, model)
        if said is not None:
            return (e.loc, *said)
    return (e.loc, *_BY_KIND.get(e.kind, _pydantic)(e, model))
