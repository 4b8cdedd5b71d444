"""The data model: one pydantic model per record kind, one root per file.

Models check what one record can check on its own (types, ranges, closed
sets, required fields, sums inside an action). Checks that need several
records or files (references, duplicate ids, coverage) live in `checks`.
Every description here ends up in the exported JSON Schema, so editors show
it as help.
"""

# No `from __future__ import annotations` here: with it, pydantic compiles
# and evaluates the text of each of some 200 field annotations as it builds
# the models (4 ms of every start-up); the two forward references are quoted.

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    Strict,
    StringConstraints,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import CoreSchema, PydanticCustomError

from roadmap.core_schema import core_value, is_number


class _Once:
    """Annotated metadata: the core schema of what precedes it is generated once.

    pydantic generates the schema of an annotated type anew at every field
    that uses it; `Text` alone appears in some 70 fields. Placed after the
    metadata that makes the type (before its `Field`, which differs between
    a field and a list item), it hands out copies of the first result: the
    models' core schemas, hence validation, errors and the JSON Schema, are
    exactly what pydantic builds without it (tests/test_startup.py), at a
    fifth less of `import roadmap.models`.

    Only for types that hold no model (a model's schema is a reference into
    the schema of the model using it) and whose schema the model config
    does not change (all records share `Record`'s).
    """

    def __init__(self) -> None:
        self.schema: CoreSchema | None = None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        if self.schema is None:
            self.schema = handler(source)
        # a copy each time: pydantic adds metadata to the schema it is given
        copied: CoreSchema = _copied(self.schema)
        return copied


def _copied(value: Any) -> Any:
    """A copy of a core schema's dicts and lists; functions and patterns are shared."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    return value


def empty_list() -> list[Any]:
    """The default of a list field.

    Not `default_factory=empty_list`: pydantic reads each factory's signature
    when it builds a model, and a builtin's is parsed from its text
    signature (tokenize, then ast) at 0.2 ms a field, 6 ms of every start-up.
    """
    return []


# Text, booleans and numbers are strict: the loader reads each value as YAML
# 1.2's core schema does (as editors and the JSON Schemas see it), so `yes`
# or a quoted "12" is text and `2026` a number, and no field converts one
# into the other: the command line and the editor accept the same files.
Str = Annotated[str, Strict()]
#: true or false, written so (`yes`, `on` and a quoted "true" are text).
Flag = Annotated[bool, Strict()]

Id = Annotated[
    Str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64),
    _Once(),
    Field(description="Identifier: letters, digits, '.', '_' or '-', unique in its file."),
]
#: A well-formed BCP 47 language tag in canonical case: language (2-3 letters),
#: optional script (Latn), optional region (PT, 419), optional variants
#: (`fr`, `pt-PT`, `ar-MA`, `zh-Hant-TW`). Whether CLDR knows it is checked by
#: `roadmap validate` (roadmap.languages), not here: the model stays Babel-free.
LANG_TAG = (
    r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$"
)
LangCode = Annotated[Str, StringConstraints(pattern=LANG_TAG)]
NonEmpty = Annotated[Str, StringConstraints(min_length=1)]


def _text_branch(value: Any) -> str:
    # a number or a boolean goes to the text branch, whose error says to quote it
    return "<by-language>" if isinstance(value, dict) else "<text>"


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _day(value: Any) -> Any:
    """Only YYYY-MM-DD text is a date (pydantic alone would take 2026 as seconds since 1970)."""
    if isinstance(value, str) and not _DAY.match(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date")
    if not isinstance(value, str | dt.date):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


#: A day, written YYYY-MM-DD (a plain date is text in YAML 1.2).
Day = Annotated[
    dt.date,
    BeforeValidator(_day),
    _Once(),
    Field(json_schema_extra={"pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]


# The tags name the union's branches in error paths; messages.UNION_TAGS
# strips them so an error points at the key, not at a branch.
Text = Annotated[
    Annotated[NonEmpty, Tag("<text>")] | Annotated[dict[LangCode, NonEmpty], Tag("<by-language>")],
    Discriminator(_text_branch),
    _Once(),
    Field(description="Text, either plain or per language: {fr: ..., en: ...}."),
]
# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class Range:
    """The numbers one kind of value may take, and how a planner is told.

    Every number of every data file and of the rule settings has one, so
    that every later computation stays exact and every format printable:
    NaN and the infinities are refused, magnitudes are bounded, and real
    numbers carry no more digits than a float holds exactly as written.
    """

    low: int | float
    high: int | float
    #: What the values are, in plain language, for errors and the reference.
    rule: str
    #: How the data-format reference names the type: one, and a list of them.
    one: str
    plural: str
    whole: bool = True
    #: `low` itself is refused (a share is more than 0).
    low_open: bool = False
    #: Most digits after the decimal point, and in all (real numbers only).
    decimals: int | None = None
    digits: int | None = None

    def fits(self, value: float) -> bool:
        """In range; for a real number, also finite and no more precise than allowed."""
        # bounds first: math.isfinite overflows on a 400-digit int; NaN fails neither
        if value > self.high or value < self.low or (self.low_open and value == self.low):
            return False
        return math.isfinite(value) and self.precise(value)

    def precise(self, value: float) -> bool:
        # A float parsed from text with at most `digits` significant digits
        # prints back as that text (15 = DBL_DIG); more digits were rounded
        # away on reading, so what was written is not what would be used.
        if self.digits is not None and float(f"{value:.{self.digits}g}") != value:
            return False
        return self.decimals is None or round(value, self.decimals) == value

    def schema(self) -> dict[str, Any]:
        """JSON Schema keywords of the range (editors flag a value outside it)."""
        low = "exclusiveMinimum" if self.low_open else "minimum"
        return {low: self.low, "maximum": self.high}

    def refuse(self, written: int | float, value: float | None) -> PydanticCustomError:
        """The error for a value outside the range; `messages` puts the key in front."""
        shown = _written(written)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        finite = value is not None and math.isfinite(value)
        inside = finite and self.low <= value <= self.high  # type: ignore[operator]
        what = "has too many digits" if inside and not self.whole else "is out of range"
        return PydanticCustomError(
            "out_of_range", "{shown} " + what + ": {rule}", {"shown": shown, "rule": self.rule}
        )

    def validate(self, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Refuse what is not a number, then what is outside the range.

        Only numbers are numbers: text (quoted digits included) and booleans
        are refused, as the JSON Schema's `integer` and `number` refuse them.
        A whole number may be written 1000.0 or 1e3, as JSON Schema allows.
        A number the type cannot hold (`1e26`, `.nan`, a 5,000-digit budget)
        is out of range, not merely "not a number".
        """
        if not is_number(value):
            raise _not_a_number(value, self.whole)
        # The number is shown as written only in an error: the happy path
        # (every number of a plan) skips the regular expression that spells it.
        try:
            number = handler(value)
        except ValidationError:
            loose = _as_float(value)
            if not self.fits(loose):
                raise self.refuse(value, loose) from None
            raise
        if not self.fits(number):
            raise self.refuse(value, number)
        # -0.0 would print as "-0"; it is the same number as 0
        return number + 0 if number == 0 else number


def _written(number: int | float) -> str:
    """A number as YAML writes it: `1e26`, `.inf`, `.nan` (not Python's 1e+26, inf, nan)."""
    if isinstance(number, float) and not math.isfinite(number):
        return ".nan" if math.isnan(number) else ("-.inf" if number < 0 else ".inf")
    return re.sub(r"e\+?(-?)0*(?=\d)", r"e\1", repr(number))


def _as_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int of 309 digits or more
        return math.copysign(math.inf, value)


def _not_a_number(value: Any, whole: bool) -> PydanticCustomError:
    """The error for a value that is not a number; quoted digits are told to lose the quotes."""
    if isinstance(value, str) and is_number(core_value(value.strip())):
        return PydanticCustomError(
            "quoted_number",
            "a number must not be quoted: write {written}",
            {"written": value.strip()},
        )
    kind = "int_type" if whole else "float_type"
    return PydanticCustomError(kind, "Input should be a valid number")


#: Largest amount of money, in whole units. A plan is read from files of at
#: most 128 MiB, so it holds fewer than 10^7 actions: its total stays below
#: 10^22, exact in Python's integers and printable by Babel, whose default
#: Decimal context keeps 28 significant digits (10^26 budgets crashed it).
#: A single amount is also exact as a float (below 2^53), so its shares are
#: the nearest floats to the true ones.
MONEY_MAX = 10**15
#: Largest magnitude of any other number (figures, targets, KPIs, profiles).
REAL_MAX = 10**15
#: Digits a real number keeps: at most 6 after the decimal point and 15 in
#: all, so a float holds it exactly as written and the smallest non-zero
#: value (10^-6) keeps every ratio of two of them finite (at most 10^21).
REAL_DECIMALS = 6
REAL_DIGITS = 15

_BIG = f"{MONEY_MAX:,}"
_REAL = f"with at most {REAL_DECIMALS} decimals and {REAL_DIGITS} significant digits"

MONEY = Range(
    0,
    MONEY_MAX,
    f"amounts are whole numbers from 0 to {_BIG}",
    "amount (whole number, 0 to 10^15)",
    "amounts (whole numbers, 0 to 10^15)",
)
REAL = Range(
    -REAL_MAX,
    REAL_MAX,
    f"numbers are from -{_BIG} to {_BIG}, {_REAL}",
    f"number (-10^15 to 10^15, at most {REAL_DECIMALS} decimals)",
    f"numbers (-10^15 to 10^15, at most {REAL_DECIMALS} decimals)",
    whole=False,
    decimals=REAL_DECIMALS,
    digits=REAL_DIGITS,
)
PROFILE = Range(
    0,
    REAL_MAX,
    f"seasonality values are numbers from 0 to {_BIG}, {_REAL}",
    f"number (0 to 10^15, at most {REAL_DECIMALS} decimals)",
    f"numbers (0 to 10^15, at most {REAL_DECIMALS} decimals)",
    whole=False,
    decimals=REAL_DECIMALS,
    digits=REAL_DIGITS,
)
MONTH = Range(
    1,
    12,
    "months are whole numbers from 1 (January) to 12",
    "month (whole number, 1 to 12)",
    "months (whole numbers, 1 to 12)",
)
YEAR = Range(
    1900,
    2200,
    "years are whole numbers from 1900 to 2200",
    "year (whole number, 1900 to 2200)",
    "years (whole numbers, 1900 to 2200)",
)
#: Rule thresholds of `roadmap.toml` (budget-concentration); checked by `config`.
SHARE = Range(
    0,
    1,
    "a share of the budget, more than 0 and at most 1 (0.25 = 25%)",
    "share (more than 0, at most 1)",
    "shares (more than 0, at most 1)",
    whole=False,
    low_open=True,
)


def _checked(numbers: Range) -> Any:
    """The metadata that gives a number type its range (validation and schema)."""
    return Field(
        description=numbers.rule[:1].upper() + numbers.rule[1:] + ".",
        json_schema_extra=numbers.schema(),
    )


Month = Annotated[int, WrapValidator(MONTH.validate), _Once(), _checked(MONTH)]
Money = Annotated[int, WrapValidator(MONEY.validate), _Once(), _checked(MONEY)]
Year = Annotated[int, WrapValidator(YEAR.validate), _Once(), _checked(YEAR)]
Real = Annotated[float, WrapValidator(REAL.validate), _Once(), _checked(REAL)]
ProfileValue = Annotated[float, WrapValidator(PROFILE.validate), _Once(), _checked(PROFILE)]

#: Each number type of the data files with its range (the reference lists them).
NUMBERS: tuple[tuple[Any, Range], ...] = (
    (Money, MONEY),
    (Real, REAL),
    (ProfileValue, PROFILE),
    (Month, MONTH),
    (Year, YEAR),
)

CurrencyCode = Annotated[Str, StringConstraints(pattern=r"^[A-Z]{3}$")]

#: The identities and market tiers a dataset has unless its files declare
#: their own (regions.yaml `identities`, markets.yaml `tiers`); the plan names
#: these with the catalogue's labels (`identity.cultural`, `tier.core`).
IDENTITIES: tuple[str, ...] = ("cultural", "natural", "urban", "experiential")
TIERS: tuple[str, ...] = ("core", "growth", "emerging", "domestic", "diaspora")
Role = Literal["lead", "emerging", "candidate"]
PartnerKind = Literal["public", "private"]
ProposalStatus = Literal["open", "taken-up", "deferred", "declined"]
ActionStatus = Literal["planned", "ongoing", "done", "cancelled"]
AdoptionStatus = Literal["draft", "submitted", "adopted"]


class SharedFieldsSet(set[str]):
    """The names of the fields a record's file gave (pydantic's
    `model_fields_set`), one object for every loaded record that gave the
    same ones (`share_fields_sets`).

    A set each took 200 to 700 bytes per record, 40 % of a loaded plan's
    models and half a review's. Read like any set; a copy (`model_copy`) is
    a plain set of its own, and a record that has a field set gets its own
    first (`Record.__setattr__`): changing the shared one would change every
    record's, so that is refused.
    """

    __slots__ = ()

    def _refuse(self, *args: Any) -> None:
        raise TypeError("a shared fields set is read-only: copy it first")

    def add(self, name: str) -> None:
        if name not in self:
            self._refuse()

    update = discard = remove = pop = clear = _refuse  # type: ignore[assignment]
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse  # type: ignore[assignment]

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: Any) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (set, (list(self),))


class Record(BaseModel):
    """Shared base: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    def __setattr__(self, name: str, value: Any) -> None:
        # pydantic adds the name to the record's fields set: its own, not one
        # shared with other records (`share_fields_sets`)
        given = self.__pydantic_fields_set__
        if type(given) is SharedFieldsSet:
            object.__setattr__(self, "__pydantic_fields_set__", set(given))
        super().__setattr__(name, value)


#: Per record kind, the fields whose values may hold records; None for a
#: type that is no record (looked up by type: `isinstance` on a model class
#: goes through its ABC machinery, several times slower).
_NESTED: dict[type, tuple[str, ...] | None] = {}


def _holds_record(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_holds_record(arg) for arg in get_args(annotation))


def _nested(kind: type) -> tuple[str, ...] | None:
    if kind not in _NESTED:
        _NESTED[kind] = (
            tuple(n for n, f in kind.model_fields.items() if _holds_record(f.annotation))
            if issubclass(kind, Record)
            else None
        )
    return _NESTED[kind]


def share_fields_sets(
    record: BaseModel, shared: dict[tuple[str, ...], SharedFieldsSet], skip: str | None = None
) -> None:
    """Give `record` and the records it holds the fields set in `shared` that
    equals their own (added to `shared` when none does): see `SharedFieldsSet`.
    The records of `record`'s field `skip` are left as they are.

    `shared` is keyed by the names in the set's order: two equal sets filled
    in another order get two entries, never a wrong one."""
    stack: list[Any] = [record]
    setattr_ = object.__setattr__
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is list or kind is tuple:
            stack.extend(item)
            continue
        if kind is dict:
            stack.extend(item.values())
            continue
        nested = _NESTED[kind] if kind in _NESTED else _nested(kind)
        if nested is None:
            continue
        given = item.__pydantic_fields_set__
        key = tuple(given)
        one = shared.get(key)
        if one is None:
            one = shared[key] = SharedFieldsSet(given)
        setattr_(item, "__pydantic_fields_set__", one)
        values = item.__dict__
        for name in nested:
            value = values[name]
            if value is not None and not (item is record and name == skip):
                stack.append(value)


class Figure(Record):
    """A sourced number. A figure we estimated is marked `assumption: true`."""

    value: Real = Field(description="The number itself.")
    unit: Text = Field(
        description="What it counts: arrivals, MAD, %, seats (plain or by language)."
    )
    year: Year | None = Field(default=None, description="Year the figure describes.")
    period: Text | None = Field(
        default=None, description="Part of the year, e.g. 'Jan-Aug' (plain or by language)."
    )
    source: Text = Field(description="Where the figure comes from.")
    assumption: Flag = Field(default=False, description="True when the figure is an estimate.")


class Basis(Record):
    """Where a figure comes from, or, for an estimate, what it rests on.

    The same two keys as a `Figure`'s: `source` names a public source, and
    `assumption: true` says the figure is an estimate or an illustration,
    whose `source` then states the assumption it rests on.
    """

    source: Text = Field(
        description="The public source, or for an estimate the assumption it rests on."
    )
    assumption: Flag = Field(
        default=False, description="True when the figure is an estimate or an illustration."
    )


class Milestone(Record):
    """A dated step in an objective's history (an earlier aim, a result, a plan)."""

    year: Year = Field(description="Year of the step.")
    text: Text = Field(description="What was aimed at or reached.")
    source: Text = Field(description="Where the step is reported.")
    assumption: Flag = Field(default=False, description="True when the step is an estimate.")


# --------------------------------------------------------------------------- dataset.yaml


class Dataset(Record):
    """`dataset.yaml`: who the data belongs to and how to present it."""

    country: Text = Field(description="Country or destination the roadmap promotes.")
    office: Id = Field(description="Partner id of the tourism office that owns the plan.")
    language: LangCode = Field(
        description=(
            "Default language of rendered plans: a BCP 47 tag (fr, en, pt-PT, ar-MA) with a"
            " packaged catalogue or one in the dataset's locales/ folder."
        )
    )
    currency: CurrencyCode = Field(description="ISO 4217 code of every amount, e.g. MAD, EUR.")
    title: Text | None = Field(default=None, description="Title of the plan document.")
    illustrative: Text | None = Field(
        default=None,
        description=(
            "Set when the whole dataset is an illustration, not an office's real plan: says"
            " why. Every figure with no source of its own is then shown as an illustration."
        ),
    )


# --------------------------------------------------------------------------- markets.yaml


class Approach(Record):
    targeting: Text = Field(description="Who the market's actions aim at, and how.")
    messages: list[Text] = Field(min_length=1, description="Key messages for the market.")
    channels: list[Text] = Field(min_length=1, description="Channels that carry them.")


class Zone(Record):
    id: Id = Field(description="Zone id, used by markets' `zone` and proposals' `zone`.")
    name: Text = Field(description="Zone name, as plans show it.")
    strategy: Text = Field(
        description="What the plan does in this zone (consolidate, develop ...)."
    )
    levers: list[Id] = Field(
        default_factory=empty_list, description="Levers the zone's approach needs (lever ids)."
    )


class Market(Record):
    id: Id = Field(description="Market id; ISO 3166 country codes where one exists (NO = Norway).")
    name: Text = Field(description="Market name, as plans show it.")
    zone: Id = Field(description="Zone id from this file's `zones`.")
    tier: Id = Field(
        description=(
            "Typology: a tier id of this file's `tiers`, or by default core, growth, emerging,"
            " domestic or diaspora."
        )
    )
    office: Text | None = Field(default=None, description="The office's representation abroad.")
    segments: list[Text] = Field(default_factory=empty_list, description="Target segments.")
    approach: Approach = Field(
        description="How the market is worked: targeting, messages, channels."
    )
    baseline: list[Figure] = Field(default_factory=empty_list, description="Baseline figures.")


class Label(Record):
    """A value of a list the dataset declares (an identity, a tier), with its name."""

    id: Id = Field(description="The value, as records write it.")
    name: Text = Field(description="Its name, as plans show it.")


class MarketsFile(Record):
    tiers: list[Label] | None = Field(
        default=None,
        description=(
            "The market tiers (typologies) this dataset uses, each with its name; when absent,"
            " core, growth, emerging, domestic and diaspora, named by the catalogue."
        ),
    )
    zones: list[Zone] = Field(
        min_length=1, description="The zones markets are grouped in, each with its strategy."
    )
    markets: list[Market] = Field(
        min_length=1, description="The priority markets, each in one zone."
    )


# --------------------------------------------------------------------------- regions.yaml


class Destination(Record):
    id: Id = Field(
        description="Destination id, unique across all regions; used by plans and actions."
    )
    name: Text = Field(description="Destination name, as plans show it.")
    role: Role = Field(description="lead (locomotive), emerging, or candidate.")
    identities: list[Id] = Field(
        min_length=1,
        description=(
            "What the destination offers: identity ids of this file's `identities`, or by"
            " default cultural, natural, urban, experiential."
        ),
    )
    assets: list[Text] = Field(min_length=1, description="Distinctive assets.")
    high_potential: Flag = Field(
        default=False, description="Listed by the high-potential destinations priority."
    )


class Region(Record):
    id: Id = Field(description="Region id, used by partners, meetings, proposals and actions.")
    name: Text = Field(description="Official name of the region.")
    aliases: list[Str] = Field(
        default_factory=empty_list, description="Other spellings of the name."
    )
    capital: Text | None = Field(default=None, description="Administrative capital of the region.")
    council: Id | None = Field(default=None, description="Partner id of the regional council.")
    destinations: list[Destination] = Field(
        description=(
            "The region's destinations: by default exactly one lead, one emerging and any"
            " candidates (`[roles]` in roadmap.toml sets other bounds)."
        ),
    )
    priorities: list[Text] = Field(
        default_factory=empty_list, description="The region's own tourism priorities."
    )
    support_needs: list[Text] = Field(
        default_factory=empty_list,
        description="What the region asks of the office and its partners.",
    )


class RegionsFile(Record):
    identities: list[Label] | None = Field(
        default=None,
        description=(
            "The destination identities this dataset uses, each with its name; when absent,"
            " cultural, natural, urban and experiential, named by the catalogue."
        ),
    )
    regions: list[Region] = Field(min_length=1, description="The country's official regions.")


# ---------------------------------------------------- levers, sectors, partners


class Lever(Record):
    id: Id = Field(description="Lever id, used by zones and actions.")
    name: Text = Field(description="Lever name, as plans show it.")
    description: Text | None = Field(default=None, description="What the lever covers.")
    origins: list[NonEmpty] = Field(
        default_factory=empty_list, description="Plans or workshops the lever comes from."
    )
    also_known_as: list[Text] = Field(
        default_factory=empty_list, description="Names of the same lever in other plans."
    )


class LeversFile(Record):
    levers: list[Lever] = Field(
        min_length=1, description="The promotion levers actions are filed under."
    )


class Sector(Record):
    id: Id = Field(description="Sector id, used by actions and proposals.")
    name: Text = Field(description="Name of the product line (filière), as plans show it.")
    description: Text | None = Field(default=None, description="What the product line covers.")


class SectorsFile(Record):
    sectors: list[Sector] = Field(min_length=1, description="The tourism product lines (filières).")


class Partner(Record):
    id: Id = Field(
        description="Partner id: owner, co-owner, co-financer, proposal author, participant."
    )
    name: Text = Field(description="Full name of the partner.")
    kind: PartnerKind = Field(description="public or private.")
    type: NonEmpty = Field(description="office, confederation, federation, council, airline ...")
    region: Id | None = Field(default=None, description="Region id, for regional partners.")


class PartnersFile(Record):
    partners: list[Partner] = Field(min_length=1, description="The public and private partners.")


# --------------------------------------------------------------------------- plans/YEAR.yaml


class Target(Record):
    """A KPI with baseline and target."""

    id: Id = Field(description="Target id, unique across the plan's objectives.")
    indicator: Text = Field(description="What is measured, e.g. tourist arrivals.")
    unit: Text = Field(
        description="Unit of baseline and target: arrivals, MAD, %, seats (plain or by language)."
    )
    baseline: Figure = Field(
        description="Where the indicator starts: a sourced figure, in the same unit."
    )
    target: Real = Field(description="Value to reach by the end of the year, in `unit`.")
    source: Text | None = Field(
        default=None,
        description="Where the target is set, or for an estimate the assumption it rests on.",
    )
    assumption: Flag = Field(
        default=False, description="True when the target is an estimate, set by no published body."
    )


class Objective(Record):
    id: Id = Field(description="Objective id, unique in the plan.")
    name: Text = Field(description="Short name of the objective.")
    description: Text | None = Field(
        default=None, description="What the objective means and why it matters."
    )
    targets: list[Target] = Field(min_length=1, description="The KPIs that measure the objective.")
    history: list[Milestone] = Field(
        default_factory=empty_list,
        description="Earlier aims and results the objective follows on from, oldest first.",
    )


class Seasonality(Record):
    """National monthly profile: twelve values, January first."""

    values: list[ProfileValue] = Field(
        min_length=12,
        max_length=12,
        description="Twelve monthly values, January first (e.g. arrivals per month).",
    )
    unit: Text = Field(description="What the values count (plain or by language).")
    year: Year = Field(description="Year the profile describes.")
    source: Text = Field(description="Where the profile comes from.")
    assumption: Flag = Field(default=False, description="True when the profile is an estimate.")


class HighPotential(Record):
    description: Text = Field(description="What the priority means this year.")
    destinations: list[Id] = Field(
        min_length=1, description="Destinations the priority lists (destination ids)."
    )


class Deseasonalisation(Record):
    description: Text = Field(description="What the priority means this year.")
    seasonality: Seasonality = Field(
        description="National monthly profile; its low months are the low season."
    )


class Priorities(Record):
    """The first form of `priorities`: the two priorities of Morocco's 2026 plan.

    Still valid, and the same as the list form's `high_potential` priority
    (kind `destinations`) followed by `deseasonalisation` (kind
    `seasonality`), each named by the catalogue's label in the plan's language.
    """

    high_potential: HighPotential = Field(
        description="Priority 1: the high-potential destinations."
    )
    deseasonalisation: Deseasonalisation = Field(
        description="Priority 2: spreading flows over the year."
    )


#: What a cross-cutting priority is about, and so which view the plan gives it.
PriorityKind = Literal["destinations", "seasonality", "text"]
PRIORITY_KINDS: tuple[str, ...] = ("destinations", "seasonality", "text")


class _Priority(Record):
    id: Id = Field(
        description="Priority id, unique in the plan; actions name it in their `priorities`."
    )
    name: Text = Field(description="Name of the priority, as the plan shows it.")
    description: Text = Field(description="What the priority means this year.")


class DestinationsPriority(_Priority):
    """A set of destinations; its actions are those promoting one of them."""

    kind: Literal["destinations"] = Field(description="destinations, seasonality or text.")
    destinations: list[Id] = Field(
        min_length=1, description="Destinations the priority lists (destination ids)."
    )


class SeasonalityPriority(_Priority):
    """A monthly profile; its actions are those naming it (or flagged `deseasonalisation`)."""

    kind: Literal["seasonality"] = Field(description="destinations, seasonality or text.")
    seasonality: Seasonality = Field(
        description="Monthly profile; its months below the yearly mean are the low season."
    )


class TextPriority(_Priority):
    """Plain text; its actions are those naming it in their `priorities`."""

    kind: Literal["text"] = Field(description="destinations, seasonality or text.")


class _UnknownKind(BaseModel):
    """Where a priority with no known `kind` goes: only its `kind` is reported."""

    model_config = ConfigDict(extra="allow")
    kind: PriorityKind


_PRIORITY_TAGS = {
    "destinations": "<destinations>",
    "seasonality": "<seasonality>",
    "text": "<text-priority>",
}


def _priority_branch(value: Any) -> str:
    # a mapping when validating; the record itself when dumping
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return _PRIORITY_TAGS.get(kind, "<kind>") if isinstance(kind, str) else "<kind>"


# Tagged by kind, so that a destinations priority's errors name its own keys;
# messages.UNION_TAGS strips the tags from error places.
Priority = Annotated[
    Annotated[DestinationsPriority, Tag("<destinations>")]
    | Annotated[SeasonalityPriority, Tag("<seasonality>")]
    | Annotated[TextPriority, Tag("<text-priority>")]
    # not in the JSON Schema: editors flag an unknown kind as matching no branch
    | Annotated[SkipJsonSchema[_UnknownKind], Tag("<kind>")],
    Discriminator(_priority_branch),
]


def _priorities_branch(value: Any) -> str:
    return "<by-name>" if isinstance(value, dict | Priorities) else "<list>"


#: The tags of the models' unions, which pydantic puts in error places;
#: `messages` strips them so that an error points at the key, not a branch.
BRANCH_TAGS = frozenset(
    {"<text>", "<by-language>", "<by-name>", "<list>"}
    | {"<destinations>", "<seasonality>", "<text-priority>", "<kind>"}
)

#: The model behind each tag of a union of records, so that a suggestion for
#: an unknown key looks at the keys of the branch the value went to.
BRANCH_MODELS: dict[str, type[BaseModel]] = {
    "<by-name>": Priorities,
    "<destinations>": DestinationsPriority,
    "<seasonality>": SeasonalityPriority,
    "<text-priority>": TextPriority,
}

PrioritiesField = Annotated[
    Annotated[Priorities, Tag("<by-name>")] | Annotated[list[Priority], Tag("<list>")],
    Discriminator(_priorities_branch),
]


@dataclass(frozen=True, slots=True)
class CrossPriority:
    """One cross-cutting priority, whichever form the plan wrote it in.

    Every reader of a plan's priorities goes through `Plan.cross_priorities`,
    so the first form (a mapping) and the list form mean the same thing.
    """

    id: str
    kind: str
    #: The plan's own name; None in the first form, named by `label`.
    name: Text | None
    #: Catalogue key of the name in the first form ("" in the list form).
    label: str
    description: Text
    destinations: tuple[str, ...]
    seasonality: Seasonality | None
    #: Where the priority is in the plan file.
    loc: tuple[str | int, ...]
    #: `deseasonalisation: true` on an action means this priority (the first
    #: seasonality priority), as it did before priorities were a list.
    flagged_by_deseasonalisation: bool

    def serves(self, action: "Action") -> bool:
        """The action names the priority (a destinations priority: promotes one of them)."""
        if self.kind == "destinations":
            return action.destination in self.destinations
        if self.flagged_by_deseasonalisation and action.deseasonalisation:
            return True
        return self.id in action.priorities


class Meeting(Record):
    id: Id = Field(description="Meeting id, used by proposals' `meeting`.")
    name: Text = Field(description="Name of the meeting or workshop.")
    date: Day = Field(description="Day it was held (its first day).")
    place: Text = Field(description="Where it was held.")
    region: Id | None = Field(default=None, description="Region id, for a regional meeting.")
    participants: list[Id] = Field(
        default_factory=empty_list, description="Partners who took part (partner ids)."
    )
    source: Text | None = Field(
        default=None,
        description="Where the meeting and its date are reported, or what an estimate rests on.",
    )
    assumption: Flag = Field(
        default=False, description="True when the date (or the meeting) is an estimate."
    )


class Proposal(Record):
    id: Id = Field(description="Proposal id, used by actions' `answers`.")
    meeting: Id = Field(description="Id of the meeting where it was made.")
    date: Day | None = Field(
        default=None, description="Day it was made, when not the meeting's date."
    )
    by: list[Id] = Field(min_length=1, description="Partner ids of who proposed it.")
    group: Text | None = Field(default=None, description="Working group it came from.")
    zone: Id | None = Field(default=None, description="Zone it concerns (zone id), if any.")
    region: Id | None = Field(default=None, description="Region it concerns (region id), if any.")
    market: Id | None = Field(default=None, description="Market it concerns (market id), if any.")
    sector: Id | None = Field(
        default=None, description="Product line it concerns (sector id), if any."
    )
    text: Text = Field(description="The proposal, as made.")
    status: ProposalStatus = Field(
        default="open",
        description="open (undecided), taken-up (an action answers it), deferred or declined.",
    )
    reason: Text | None = Field(
        default=None, description="Why it was deferred or declined; required when declined."
    )
    source: Text | None = Field(
        default=None,
        description="Where the proposal is reported, or for an illustration what it rests on.",
    )
    assumption: Flag = Field(
        default=False,
        description="True when the proposal is an illustrative example, not one reported as made.",
    )

    @model_validator(mode="after")
    def _reason_when_declined(self) -> "Proposal":
        if self.status == "declined" and self.reason is None:
            from roadmap.messages import Message  # it builds on this module

            raise ValueError(Message("msg.reason.declined-proposal"))
        return self


class Funding(Record):
    partner: Id = Field(description="Partner id of who pays.")
    amount: Money = Field(
        description="What the partner pays, in the dataset's currency (whole units)."
    )
    source: Text | None = Field(
        default=None, description="Where the amount comes from, when not the action's `basis`."
    )
    assumption: Flag = Field(default=False, description="True when the amount is an estimate.")


class Kpi(Record):
    indicator: Text = Field(description="What is measured, e.g. bookings.")
    unit: Text = Field(description="Unit of target and baseline (plain or by language).")
    target: Real = Field(description="Value to reach, in `unit`.")
    baseline: Real | None = Field(default=None, description="Value before the action, in `unit`.")
    source: Text | None = Field(
        default=None,
        description="Where target and baseline come from, when not the action's `basis`.",
    )
    assumption: Flag = Field(
        default=False, description="True when target and baseline are estimates."
    )


class Action(Record):
    id: Id = Field(description="Action id, unique in the plan, e.g. A1.")
    title: Text = Field(description="Short title of the action.")
    description: Text | None = Field(
        default=None, description="What the action does, in a few sentences."
    )
    markets: list[Id] = Field(
        default_factory=empty_list, description="Markets it aims at (market ids)."
    )
    region: Id | None = Field(
        default=None, description="Region it takes place in or promotes (region id)."
    )
    destination: Id | None = Field(
        default=None, description="Destination it promotes (destination id), in `region` if given."
    )
    lever: Id = Field(description="Lever it is filed under (lever id).")
    sectors: list[Id] = Field(
        default_factory=empty_list, description="Product lines it serves (sector ids)."
    )
    owner: Id | None = Field(
        default=None,
        description="Partner id of who answers for the action; `roadmap check` warns when missing.",
    )
    co_owners: list[Id] = Field(
        default_factory=empty_list,
        description="Partners who carry it with the owner (partner ids).",
    )
    months: list[Month] = Field(
        default_factory=empty_list, description="Months it runs in, 1 (January) to 12."
    )
    budget: Money = Field(description="Total budget, in the dataset's currency (whole units).")
    basis: Basis | None = Field(
        default=None,
        description=(
            "Where the budget, its co-financing amounts and the KPIs' figures come from, or the"
            " assumption they rest on (a co-financing line or a KPI may give its own)."
        ),
    )
    cofinancing: list[Funding] = Field(
        default_factory=empty_list, description="Who pays what; the amounts add up to the budget."
    )
    kpis: list[Kpi] = Field(
        default_factory=empty_list, description="Indicators that measure the action."
    )
    answers: list[Id] = Field(default_factory=empty_list, description="Proposal ids it answers.")
    priorities: list[Id] = Field(
        default_factory=empty_list,
        description=(
            "Cross-cutting priorities it serves (priority ids of kind seasonality or text; a"
            " destinations priority gathers its actions by their `destination`)."
        ),
    )
    deseasonalisation: Flag = Field(
        default=False,
        description="Part of the plan's first seasonality priority (de-seasonalisation).",
    )
    recurring: Flag = Field(default=False, description="Carried over to next year.")
    status: ActionStatus = Field(
        default="planned", description="planned, ongoing, done or cancelled."
    )
    result: Text | None = Field(default=None, description="What came of it, once done.")


class DestinationChoice(Record):
    """A year's own choice of a region's lead or emerging destination."""

    region: Id = Field(description="Region id the choice is for.")
    lead: Id | None = Field(
        default=None, description="This year's lead destination (destination id in the region)."
    )
    emerging: Id | None = Field(
        default=None, description="This year's emerging destination (destination id in the region)."
    )


class PlanMarket(Record):
    market: Id = Field(description="Market id from markets.yaml.")
    tier: Id | None = Field(
        default=None, description="This year's tier (a tier id), if not markets.yaml's."
    )
    origins: list[Id] = Field(
        default_factory=empty_list,
        description="Meetings the market's approach comes from (meeting ids of this plan).",
    )


class Signatory(Record):
    partner: Id = Field(description="Partner id of the signing organisation (partners.yaml).")
    role: Text = Field(
        description="Title or role of who signs for it (Director General ...); no person's name."
    )


class Adoption(Record):
    status: AdoptionStatus = Field(
        description="draft, submitted (to the approving body) or adopted.",
    )
    date: Day | None = Field(
        default=None,
        description=(
            "Day it was submitted or adopted; needed once adopted, and not before the plan's"
            " last meeting."
        ),
    )
    body: Text | None = Field(
        default=None, description="Who adopts the plan (a board, a council, a ministry)."
    )
    signatories: list[Signatory] = Field(
        default_factory=empty_list,
        description="Who signs, in signing order: partner ids with the signatory's role.",
    )


class Plan(Record):
    year: Year = Field(
        description="Year of the plan; must match the file name, e.g. plans/2026.yaml."
    )
    theme: Text = Field(description="The year's theme or slogan.")
    partners: list[Id] = Field(min_length=1, description="Co-constructing partners.")
    markets: list[PlanMarket] = Field(
        default_factory=empty_list, description="This year's markets."
    )
    destinations: list[DestinationChoice] = Field(
        default_factory=empty_list,
        description="A region's lead or emerging destination chosen for this year only.",
    )
    objectives: list[Objective] = Field(
        min_length=1, description="What the plan aims at, each with measurable targets."
    )
    priorities: PrioritiesField = Field(
        description=(
            "The cross-cutting priorities: a list, each with an id, a name, a description"
            " and a kind (destinations, seasonality or text); or the first form, a mapping"
            " of `high_potential` and `deseasonalisation`."
        )
    )
    meetings: list[Meeting] = Field(
        default_factory=empty_list,
        description=(
            "Co-construction meetings and workshops, including earlier years' meetings whose"
            " proposals or recommendations the plan carries."
        ),
    )
    proposals: list[Proposal] = Field(
        default_factory=empty_list, description="Proposals gathered at the meetings."
    )
    actions: list[Action] = Field(min_length=1, description="The year's actions.")
    adoption: Adoption | None = Field(
        default=None,
        description="Where the plan stands on its way to signature: draft when left out.",
    )

    def cross_priorities(self) -> list[CrossPriority]:
        """The plan's priorities in order, the first form read as the list form."""
        found: list[CrossPriority] = []
        if isinstance(self.priorities, Priorities):
            hp, ds = self.priorities.high_potential, self.priorities.deseasonalisation
            found.append(
                CrossPriority(
                    "high_potential",
                    "destinations",
                    None,
                    "priorities.high_potential",
                    hp.description,
                    tuple(hp.destinations),
                    None,
                    ("priorities", "high_potential"),
                    False,
                )
            )
            found.append(
                CrossPriority(
                    "deseasonalisation",
                    "seasonality",
                    None,
                    "priorities.deseasonalisation",
                    ds.description,
                    (),
                    ds.seasonality,
                    ("priorities", "deseasonalisation"),
                    True,
                )
            )
        else:
            first_seasonal = True
            for i, p in enumerate(self.priorities):
                if isinstance(p, _UnknownKind):  # never in a valid plan: its kind is refused
                    continue
                flagged = isinstance(p, SeasonalityPriority) and first_seasonal
                first_seasonal &= not flagged
                found.append(
                    CrossPriority(
                        p.id,
                        p.kind,
                        p.name,
                        "",
                        p.description,
                        tuple(getattr(p, "destinations", ())),
                        getattr(p, "seasonality", None),
                        ("priorities", i),
                        flagged,
                    )
                )
        return found
