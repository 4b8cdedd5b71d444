"""Words and numbers in the reader's language.

Every label a rendered plan shows comes from a message catalogue: one YAML
file per language in `roadmap/locales/` (read by `roadmap.languages`, which
checks each against English), plus those a dataset brings in `locales/`.
Data text may be plain or given per language (`{fr: ..., en: ...}`);
`Language.text` picks the requested language, then the dataset's own, then
the first one given.

Numbers, amounts, percentages, month names and dates are formatted by Babel
from CLDR data, not by hand: French groups digits with a narrow no-break
space (U+202F) and puts the currency after the amount (`1 200 000 MAD`),
English uses commas and puts it first (`MAD 1,200,000`). Amounts show the
ISO code of the dataset's currency (never a symbol, which can be ambiguous),
without decimals (budgets are whole units), separated from the number by a
no-break space (U+00A0) so that an amount never breaks across two lines.

Digits follow the locale's default numbering system as CLDR gives it:
`ar-EG` and `ar-SA` write Arabic-Indic digits (١٢٣), `ar` and `ar-MA`
Western ones. Babel picks the system's separators but always writes ASCII
digits, so they are mapped here (`NUMBERING_ZEROS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_decimal, format_percent

from roadmap import languages
from roadmap.languages import Catalogue
from roadmap.messages import check_tag
from roadmap.problems import UsageError

TextValue = str | Mapping[str, str]

#: The zero of each numeric numbering system a CLDR locale defaults to
#: (CLDR's numberingSystems.xml): its ten digits are the ten code points
#: from there. Babel knows which system a locale uses, not its digits.
NUMBERING_ZEROS = {
    "latn": "0",
    "arab": "\u0660",
    "arabext": "\u06f0",
    "adlm": "\U0001e950",
    "beng": "\u09e6",
    "cakm": "\U00011136",
    "deva": "\u0966",
    "hmnp": "\U0001e140",
    "mtei": "\uabf0",
    "mymr": "\u1040",
    "nkoo": "\u07c0",
    "olck": "\u1c50",
    "tibt": "\u0f20",
}


def digit_table(system: str) -> dict[int, str]:
    """ASCII digit -> the digit of `system` (latn, and a system we do not know, map to none)."""
    zero = NUMBERING_ZEROS.get(system, "0")
    if zero == "0":
        return {}
    return {ord("0") + i: chr(ord(zero) + i) for i in range(10)}


class _Packaged(Mapping[str, Mapping[str, str]]):
    """Tag -> labels of each packaged catalogue (`roadmap/locales/<tag>.yaml`).

    A mapping that reads a file only when its language is asked for, so that
    importing this module reads none. Adding a language = adding a file.
    """

    def __getitem__(self, tag: str) -> Mapping[str, str]:
        if tag not in languages.packaged():
            raise KeyError(tag)
        return languages.packaged_catalogue(tag).labels

    def __iter__(self) -> Iterator[str]:
        return iter(languages.packaged())

    def __len__(self) -> int:
        return len(languages.packaged())


CATALOGUES: Mapping[str, Mapping[str, str]] = _Packaged()


@cache
def text_direction(tag: str) -> str:
    """The way the tag's script is written, "rtl" or "ltr", as CLDR (Babel) says.

    Derived from the locale, not from a list of our own, so a dataset's
    Hebrew or Persian catalogue lays out right to left as Arabic does.
    """
    return "rtl" if Locale.parse(tag, sep="-").text_direction == "rtl" else "ltr"


def resolve_text(value: TextValue | None, lang: str = "", fallback: str = "") -> str:
    """`value` in `lang`, else in `fallback`, else the first language given.

    A tag also finds its shorter forms (`pt-PT` finds `pt`), as labels do.
    The one rule for text given per language: the plan, `check`, `export` and
    `diff` (which has no reader's language, so shows the first) all use it.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for tag in (lang, fallback):
        if tag:
            for form in languages.chain(tag):
                if form in value:
                    return value[form]
    return next(iter(value.values()), "")


class Language:
    """Labels, data text and numbers for one language and currency."""

    def __init__(
        self,
        code: str,
        fallback: str,
        currency: str,
        extra: Mapping[str, Catalogue] | None = None,
    ) -> None:
        """`code` is a BCP 47 tag; `extra` the dataset's own catalogues (`data/locales/`).

        Labels are looked up along the tag's chain (pt-PT, then pt, then a
        catalogue's `_fallback`); numbers, money and months follow the tag's
        own locale (pt-PT groups digits as Portugal does, pt-BR as Brazil).
        """
        extra = extra or {}
        check_tag(code, extra)
        messages, missing = languages.merged(code, extra)
        if missing:  # validate reports it at its place; a caller that skipped it learns here
            raise UsageError(
                f"language {code!r}: {len(missing)} label(s) missing: {missing[0]}, ..."
            )
        self.code = code
        self.fallback = fallback
        self.currency = currency
        self.messages = messages
        self.locale = Locale.parse(code, sep="-")
        self._money_cache: dict[int, str] = {}
        self._number_cache: dict[tuple[float, int], str] = {}
        #: ASCII digit -> the locale's own digit (empty for Western digits).
        self._digits = digit_table(self.locale.default_numbering_system)

    def digits(self, text: str) -> str:
        """`text` (formatted by Babel) with the locale's own digits."""
        return text.translate(self._digits) if self._digits else text

    def decimal(self, value: float | int | Decimal, pattern: str | None = None) -> str:
        """A number by a CLDR `pattern` (default: the locale's), in the locale's digits."""
        return self.digits(
            format_decimal(value, format=pattern, locale=self.locale, numbering_system="default")
        )

    @property
    def direction(self) -> str:
        """The `dir` of a document in this language: "rtl" or "ltr"."""
        return text_direction(self.code)

    def t(self, key: str, **values: object) -> str:
        """The label `key`, with `{name}` placeholders filled in."""
        message = self.messages[key]
        return message.format(**values) if values else message

    def text(self, value: TextValue | None) -> str:
        return resolve_text(value, self.code, self.fallback)

    @cached_property
    def _money_pattern(self) -> str:
        pattern = str(self.locale.currency_formats["standard"].pattern).split(";")[0]
        # Whole units, and the ISO code (¤¤) rather than a symbol.
        pattern = pattern.replace(".00", "").replace("¤", "¤¤")
        # CLDR's currency spacing: a code touching a digit gets a no-break space.
        return pattern.replace("¤¤#", "¤¤\u00a0#").replace("0¤¤", "0\u00a0¤¤")

    @cached_property
    def _percent_pattern(self) -> str:
        pattern = str(self.locale.percent_formats[None].pattern).split(";")[0]
        return pattern.replace("#,##0", "#,##0.0", 1)

    def money(self, amount: int | Fraction) -> str:
        """An amount in whole units of the dataset's currency (memoised: budgets repeat).

        Amounts are exact (integers, or fractions of a split budget), never
        floats, so the units shown are the true sum rounded once.
        """
        units = round(amount)
        text = self._money_cache.get(units)
        if text is None:
            text = self._money_cache[units] = self._format_money(units)
        return text

    def _format_money(self, amount: int) -> str:
        return self.digits(
            format_currency(
                amount,
                self.currency,
                format=self._money_pattern,
                locale=self.locale,
                currency_digits=False,
                numbering_system="default",
            )
        )

    def number(self, value: float, digits: int = 2) -> str:
        """A number with at most `digits` decimals (none shown when whole);
        memoised: KPI targets repeat (10,000 actions, 800 different values)."""
        key = (value, digits)
        text = self._number_cache.get(key)
        if text is None:
            text = self._number_cache[key] = self._format_number(value, digits)
        return text

    def _format_number(self, value: float, digits: int) -> str:
        value = round(value, digits)
        if value == int(value):
            return self.decimal(int(value))
        return self.decimal(value, f"#,##0.{'#' * digits}")

    def percent(self, ratio: float) -> str:
        """A ratio (0.337) as a percentage with one decimal (33.7 %)."""
        text = self.digits(
            format_percent(
                ratio, format=self._percent_pattern, locale=self.locale, numbering_system="default"
            )
        )
        # Babel keeps the Latin percent sign whatever the system (ar-EG has its own: ٪)
        return text.replace("%", self._percent_sign) if self._digits else text

    @cached_property
    def _percent_sign(self) -> str:
        system = self.locale.default_numbering_system
        return str(self.locale.number_symbols[system].get("percentSign", "%"))

    def signed_percent(self, ratio: float) -> str:
        text = self.percent(ratio)
        return text if ratio < 0 else self.plus_sign + text

    @cached_property
    def plus_sign(self) -> str:
        """The locale's plus sign (Arabic marks it left-to-right: U+061C then +)."""
        symbols = self.locale.number_symbols[self.locale.default_numbering_system]
        return str(symbols.get("plusSign", "+"))

    @cached_property
    def minus_sign(self) -> str:
        symbols = self.locale.number_symbols[self.locale.default_numbering_system]
        return str(symbols.get("minusSign", "-"))

    @cached_property
    def month_names(self) -> list[str]:
        """January first; capitalised, as in a table heading."""
        names = get_month_names("wide", context="stand-alone", locale=self.locale)
        return [names[m][:1].upper() + names[m][1:] for m in range(1, 13)]

    @cached_property
    def month_abbreviations(self) -> list[str]:
        """January first; capitalised, as in a column heading."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        return [names[m][:1].upper() + names[m][1:] for m in range(1, 13)]

    @cached_property
    def month_names_in_text(self) -> list[str]:
        """January first, as a list of months or "month year" shows them: CLDR's
        stand-alone names (nominative: Croatian "siječanj", not the genitive
        "siječnja" a day number takes; lower case where the language writes them so)."""
        names = get_month_names("wide", context="stand-alone", locale=self.locale)
        return [names[m] for m in range(1, 13)]

    @cached_property
    def month_abbreviations_in_text(self) -> list[str]:
        names = get_month_names("abbreviated", context="format", locale=self.locale)
        return [names[m] for m in range(1, 13)]

    def date(self, day: dt.date) -> str:
        return self.digits(format_date(day, "long", locale=self.locale))

    def join(self, items: list[str]) -> str:
        """Items of a short list, with the language's comma (Arabic has its own: `،`)."""
        return self.t("misc.comma").join(items)

    def labelled(self, label: str, value: str) -> str:
        """`label : value` in French, `label: value` in English."""
        return self.messages["misc.labelled"].format(label=label, value=value)

    def quoted(self, text: str) -> str:
        """`« text »` in French, `“text”` in English; quotes inside take the inner marks."""
        outer = self.messages["misc.quoted"]
        start, end = (mark.strip() for mark in outer.split("{text}"))
        if start in text:
            inner = self.messages["misc.quoted_inner"]
            nested = re.compile(rf"{re.escape(start)}\s*(.*?)\s*{re.escape(end)}")
            text = nested.sub(lambda m: inner.format(text=m.group(1)), text)
        return outer.format(text=text)
