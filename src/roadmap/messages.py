"""Pydantic errors turned into sentences a planner understands, in their language.

Each sentence is a `Message`: English text (so that every caller, and the
JSON report, reads it as before) that also keeps its catalogue key and its
values, so a command can say it again in the dataset's language (`said`).
The catalogue is read only when a message is made, that is when the data has
a problem: a clean `roadmap validate` reads none.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from roadmap.loader import Loc
from roadmap.models import BRANCH_MODELS, BRANCH_TAGS, LANG_TAG
from roadmap.problems import Problem, Severity

# Branch tags of the models' unions (Text, priorities); never a data key.
UNION_TAGS = BRANCH_TAGS


def nearest(value: str, known: Iterable[str]) -> str | None:
    """The known name nearest to `value`, if one is near enough."""
    known = list(known)
    match = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if not match:
        lowered = {k.lower(): k for k in known}
        if value.lower() in lowered:
            match = [lowered[value.lower()]]
    return match[0] if match else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest known name, or ''."""
    match = nearest(value, known)
    return f" (did you mean {match!r}?)" if match else ""


class Message(str):
    """A sentence in English that can be said again in another language.

    `label` names its catalogue label (`msg.*`); `values` fill its
    placeholders, and may be Messages themselves (`expected {expected}`).
    """

    label: str
    values: dict[str, Any]

    def __new__(cls, label: str, /, **values: Any) -> Message:
        from roadmap.languages import reference  # it builds on this module

        self = super().__new__(cls, reference()[label].format(**values))
        self.label = label
        self.values = values
        return self

    def said(self, labels: Mapping[str, str]) -> str:
        """The sentence in the language of `labels` (a merged catalogue)."""
        values = {
            name: v.said(labels) if isinstance(v, Message | Number) else v
            for name, v in self.values.items()
        }
        template = labels.get(self.label)
        return str(self) if template is None else template.format(**values)


class Number:
    """A number in a message: `1,200,000` in English, each language's own way when said.

    English keeps Python's grouping (what the messages always said, and
    what Babel's English says too); another language's digits, separators
    and signs come from Babel, loaded only when such a message is printed.
    """

    __slots__ = ("signed", "value")

    def __init__(self, value: int | float, signed: bool = False) -> None:
        self.value = value
        self.signed = signed

    def __str__(self) -> str:
        return f"{self.value:+,}" if self.signed else f"{self.value:,}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Number({self.value!r}, signed={self.signed})"

    def said(self, labels: Mapping[str, str]) -> str:
        tag = getattr(labels, "tag", None)
        if tag is None:
            return str(self)
        from babel import Locale
        from babel.numbers import format_decimal

        from roadmap.i18n import digit_table  # both load Babel: only when printed

        try:
            locale = Locale.parse(tag, sep="-")
        except (ValueError, LookupError):  # a dataset's language CLDR lacks: validate says so
            return str(self)
        whole = isinstance(self.value, int) or float(self.value).is_integer()
        pattern = "#,##0" if whole else "#,##0.###"
        system = locale.default_numbering_system
        text = str(format_decimal(abs(self.value), pattern, locale, numbering_system="default"))
        table = digit_table(system)
        text = text.translate(table) if table else text
        # the locale's own signs: Arabic marks them left to right within right-to-left text
        symbols = locale.number_symbols[system]
        if self.value < 0:
            return str(symbols.get("minusSign", "-")) + text
        return str(symbols.get("plusSign", "+")) + text if self.signed else text


class Labels(dict[str, str]):
    """A merged catalogue that knows its language tag (numbers are said in its locale)."""

    tag: str | None = None


def check_tag(tag: str, extra: Mapping[str, Any]) -> None:
    """UsageError unless `tag` is well formed, has a catalogue and a CLDR locale."""
    from roadmap import languages
    from roadmap.problems import UsageError

    why = languages.malformed(tag)
    if why:
        raise UsageError(f"--lang: {why}")
    if not languages.has_catalogue(tag, extra):
        have = languages.available(extra)
        raise UsageError(
            f"no message catalogue for language {tag!r}{did_you_mean(tag, have)}; "
            f"available: {', '.join(have)} (a dataset adds one as locales/{tag}.yaml)"
        )
    why = languages.unknown(tag)
    if why:
        raise UsageError(why)


def labels_for(
    tag: str | None, own: str | None = None, extra: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Every label of `tag` (a --lang), else of `own` (the dataset's), else English.

    A bad `tag` is the user's mistake (UsageError, with a suggestion); a bad
    `own` is the data's, which validation reports at its place: English
    stands in. Labels a catalogue lacks come from English. No Babel is
    loaded for a packaged language, so `roadmap validate` stays fast.
    """
    from roadmap import languages

    extra = extra or {}
    if tag is not None:
        check_tag(tag, extra)
    chosen = tag or own
    if chosen is None or languages.malformed(chosen) or not languages.has_catalogue(chosen, extra):
        chosen = languages.REFERENCE
    labels, _ = languages.merged(chosen, extra)
    said = Labels({**languages.reference(), **labels})
    said.tag = chosen
    return said


def said(message: str, labels: Mapping[str, str] | None) -> str:
    """`message` in the language of `labels`; a plain sentence stays as it is."""
    if labels is None or not isinstance(message, Message):
        return message
    return message.said(labels)


def in_language(problems: Sequence[Problem], labels: Mapping[str, str] | None) -> list[Problem]:
    """The problems with their messages in the language of `labels`; places and codes kept."""
    if labels is None:
        return list(problems)
    return [replace(p, message=said(p.message, labels)) for p in problems]


def summary(problems: Sequence[Problem], labels: Mapping[str, str]) -> str:
    """`2 errors, 1 warning` or `no problems found`, in the language of `labels`.

    Counts are written with ASCII digits: the summary is read by scripts as
    much as by people, and validate does not load Babel (start-up time).
    """
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return labels["validate.summary.none"]
    parts = [
        labels[f"validate.summary.{what}.{'one' if n == 1 else 'other'}"].format(count=n)
        for what, n in (("errors", errors), ("warnings", warnings))
        if n
    ]
    return labels["misc.comma"].join(parts)


def suggest(value: str, known: Iterable[str]) -> str:
    """`did_you_mean` as a Message (empty when there is nothing to suggest)."""
    match = nearest(value, known)
    return "" if match is None else Message("msg.did-you-mean", name=repr(match))


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
        return Message("msg.shown.mapping")
    if isinstance(value, list):
        return Message("msg.shown.list")
    if value is None:
        return Message("msg.shown.nothing")
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


#: pydantic error type -> what was expected (the `msg.expected.*` label).
_EXPECTED = {
    "int_parsing": "whole",
    "int_type": "whole",
    "int_from_float": "whole",
    "float_parsing": "number",
    "float_type": "number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "string_type": "text",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
}


#: Constrained-string patterns of the models -> (code, what is expected: a `msg.form.*` label).
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": ("bad-id", "id"),
    LANG_TAG: ("bad-language", "language"),
    r"^[A-Z]{3}$": ("bad-currency", "currency"),
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
        return Message("msg.not-a-boolean", value=_shown(value))
    if kind == "quoted_number":  # models.Range: digits in quotes are text
        return Message("msg.quoted-number", message=error["msg"], value=_shown(value))
    if kind == "string_type" and isinstance(value, bool):
        return Message("msg.boolean-as-text", value=str(value).lower())
    if kind == "string_type" and type(value) is int:
        return Message("msg.number-as-text", value=value)
    if kind == "string_type" and type(value) is float:
        return Message("msg.decimal-as-text", value=repr(value))
    if kind == "string_type" and isinstance(value, dict | list) and "<text>" in error["loc"]:
        return Message("msg.text-or-languages", value=_shown(value))
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
    hint = suggest(key, fields_at(model, e.details["loc"][:-1]))
    return "unknown-key", Message("msg.unknown-key", key=repr(key), hint=hint), True


def _missing(e: _Error, model: type[BaseModel]) -> Said:
    return "missing-key", Message("msg.missing-key", key=repr(e.loc[-1])), False


def _by_language(e: _Error, model: type[BaseModel]) -> Said | None:
    """A Text given as something that is neither text nor a language mapping."""
    if e.kind == "dict_type" and "<by-language>" in e.details["loc"]:
        return "bad-type", Message("msg.text-or-languages", value=_shown(e.value)), False
    return None


def _wrong_type(e: _Error, model: type[BaseModel]) -> Said:
    if e.kind.startswith("date") and isinstance(e.value, str):
        return "bad-date", Message("msg.bad-date", value=_shown(e.value)), False
    expected = Message(f"msg.expected.{_EXPECTED[e.kind]}")
    return "bad-type", Message("msg.bad-type", expected=expected, value=_shown(e.value)), False


def _not_one_of(e: _Error, model: type[BaseModel]) -> Said:
    expected = e.ctx.get("expected", "")
    hint = ""
    if isinstance(e.value, str):
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ", ").split(",")]
        hint = suggest(e.value, [o for o in options if o])
    message = Message("msg.not-one-of", value=_shown(e.value), expected=expected, hint=hint)
    return "bad-value", message, False


def _pattern(e: _Error, model: type[BaseModel]) -> Said:
    pattern = e.ctx.get("pattern")
    code, name = _PATTERNS.get(str(pattern), ("bad-value", ""))
    form = Message(f"msg.form.{name}") if name else Message("msg.form.pattern", pattern=pattern)
    said = Message("msg.not-of-form", value=_shown(e.value), form=form)
    if code == "bad-language" and isinstance(e.value, str):
        from roadmap.languages import malformed  # it builds on this module

        return code, malformed(e.value) or said, e.key_error
    return code, said, e.key_error


def _out_of_range(e: _Error, model: type[BaseModel]) -> Said:
    """models.Range: pydantic's message already says the range."""
    return "out-of-range", f"{_named(e.loc)} {e.details['msg']}", False


#: pydantic's bound kinds -> their sentence (`msg.bound.*` labels).
_BOUNDS = {
    "greater_than_equal": "at-least",
    "less_than_equal": "at-most",
    "greater_than": "more-than",
    "less_than": "less-than",
}


def _bound(e: _Error, model: type[BaseModel]) -> Said:
    limit = next(iter(e.ctx.values()), "")
    what = Message("msg.what.month" if e.loc and e.loc[-2:-1] == ("months",) else "msg.what.value")
    message = Message(f"msg.bound.{_BOUNDS[e.kind]}", what=what, value=_shown(e.value), limit=limit)
    return "out-of-range", message, False


def _too_long_text(e: _Error, model: type[BaseModel]) -> Said:
    n = e.ctx.get("max_length")
    return "too-long", Message("msg.too-long", value=_shown(e.value), count=n), e.key_error


def _empty(e: _Error, model: type[BaseModel]) -> Said:
    return "empty", Message("msg.empty"), False


def _items(code: str, size: str) -> Sayer:
    def say(e: _Error, model: type[BaseModel]) -> Said:
        n = e.ctx.get(size)
        return code, Message(f"msg.{code}.{'one' if n == 1 else 'other'}", count=n), False

    return say


def _value_error(e: _Error, model: type[BaseModel]) -> Said:
    """A model validator's own sentence (see models: they raise ValueError(Message(...)))."""
    error = e.ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Message):
        return "invalid", error.args[0], False
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
    "too_short": _items("too-few", "min_length"),
    "too_long": _items("too-many", "max_length"),
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
