"""One cell's value as the data wants it: a day, a number, an id list, a text.

Each reader returns the value, or raises `CellError` with a sentence that
says what was expected; the caller adds the cell's place.

Documented conversions:
- days: a date cell; a spreadsheet's day number (days since 1899-12-30);
  text as 2026-03-31, 31/03/2026, 31.03.2026, 31-03-2026, 31/03/26 (day
  first, or month first where the locale writes dates so: en-US), 2026/03/31,
  or with the month's name in the locale's language or English
  (31 March 2026, March 31, 2026, 31 mars 2026, 31-Mar-2026). A day and
  month that could be read either way follow the locale; one that cannot be
  a month (31/03) is read the only way it can.
- numbers: number cells as they are; text with either locale's grouping
  (1,234,567.5; 1.234.567,5; 1 234 567,5 with a space, no-break space or
  thin space; 1'234'567.5), the decimal mark being the last `.` or `,` when
  followed by other than exactly three digits, or per the locale when
  ambiguous (1,234 is 1234 in English, 1.234 in French).
- lists (several ids in one cell): separated by `;`, `,` or line breaks.
- text: trimmed; Windows line breaks made `\\n`; a leading apostrophe that
  protects a formula character (`'=...`, as `roadmap export` writes) removed.
  A text that is a formula (`=HYPERLINK(...)`, `=SUM(...)`) is refused: it is
  not what the partner meant to say.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_month_names
from babel.numbers import get_decimal_symbol


class CellError(ValueError):
    """A cell's value cannot be read as the column wants."""


EPOCH = dt.date(1899, 12, 30)  # day 0 of spreadsheets' day numbers (1900 system)
_FORMULA = re.compile(r"^=\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(")
_LIST = re.compile(r"[;,\n\r]+")
_SPACES = "\u0020\u00a0\u202f\u2009"


def text(value: object) -> str | None:
    """A text cell, trimmed; None when empty."""
    if value is None:
        return None
    if type(value) is str:  # nearly every cell: the checks below, in the order they matter
        shown = value.strip()
        if "\r" in shown:
            shown = shown.replace("\r\n", "\n").replace("\r", "\n")
        if not shown:
            return None
        first = shown[0]
        if first == "=" and _FORMULA.match(shown):
            raise CellError(
                f"a formula, not text ({shown[:40]}): type what it should say"
                " (a link's address as plain text)"
            )
        if first == "'" and len(shown) > 1 and shown[1] in "=+-@":
            return shown[1:]
        return shown
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    shown = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not shown:
        return None
    if _FORMULA.match(shown):
        raise CellError(
            f"a formula, not text ({shown[:40]}): type what it should say"
            " (a link's address as plain text)"
        )
    if shown[0] == "'" and len(shown) > 1 and shown[1] in "=+-@":
        shown = shown[1:]
    return shown


def ids(value: object) -> list[str]:
    """Several ids in one cell, separated by `;`, `,` or line breaks."""
    shown = text(value)
    if shown is None:
        return []
    return [part.strip() for part in _LIST.split(shown) if part.strip()]


def flag(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    shown = text(value)
    if shown is None:
        return None
    lowered = shown.casefold()
    if lowered in ("true", "yes", "1", "x"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise CellError(f"expected true or false, got {shown!r}")


@cache
def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def _month_numbers(tag: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for lang in (tag, "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                months = get_month_names(width, context=context, locale=_locale(lang))
                for number, name in months.items():
                    names.setdefault(name.casefold().rstrip("."), number)
    return names


@cache
def _month_first(tag: str) -> bool:
    pattern = get_date_format("short", locale=_locale(tag)).pattern
    return pattern.find("M") < pattern.find("d")


def day(value: object, tag: str) -> dt.date | None:
    """A day from a date cell, a day number or text (see the module's list)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"expected a day, got {value}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if not (1 <= value < 2_958_466 and float(value).is_integer()):
            raise CellError(f"{value} is not a day")
        return EPOCH + dt.timedelta(days=int(value))
    shown = text(value)
    if shown is None:
        return None
    found = _day_from_text(shown, tag)
    if found is None:
        raise CellError(f"not a day: {shown!r}; write it as 2026-03-31 (year, month, day)")
    return found


def _year(digits: str) -> int:
    number = int(digits)
    return number + 2000 if len(digits) == 2 else number


def _day_from_text(shown: str, tag: str) -> dt.date | None:
    cleaned = shown.strip().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", cleaned):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})", cleaned):
            a, b, year = int(m[1]), int(m[2]), _year(m[3])
            if a > 12 or (b <= 12 and not _month_first(tag)):
                return dt.date(year, b, a)
            return dt.date(year, a, b)
        words = re.findall(r"[^\W\d_]+\.?|\d+", cleaned)
        numbers = [w for w in words if w.isdigit()]
        names = [w for w in words if not w.isdigit()]
        months = _month_numbers(tag)
        month = next(
            (months[n.casefold().rstrip(".")] for n in names if n.casefold().rstrip(".") in months),
            None,
        )
        if month is not None and len(numbers) == 2:
            year_at = 0 if len(numbers[0]) == 4 else 1
            year, day_of = _year(numbers[year_at]), int(numbers[1 - year_at])
            return dt.date(year, month, day_of)
    except ValueError:
        return None
    return None


def number(value: object, tag: str) -> int | float | None:
    """A number from a number cell or text written with either locale's grouping."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"expected a number, got {value}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("expected a number")
        return int(value) if value.is_integer() else value
    shown = text(value)
    if shown is None:
        return None
    compact = shown
    for space in _SPACES + "'’":
        compact = compact.replace(space, "")
    sign = ""
    if compact[:1] in "-+−":
        sign, compact = ("-" if compact[0] != "+" else ""), compact[1:]
    if not re.fullmatch(r"\d[\d.,]*", compact) or compact.endswith((".", ",")):
        raise CellError(f"not a number: {shown!r}")
    decimal = _decimal_mark(compact, tag)
    group = ("," if "," in compact else ".") if decimal is None else "," if decimal == "." else "."
    whole, _, fraction = compact.partition(decimal) if decimal else (compact, "", "")
    if decimal and (decimal in fraction or group in fraction):
        raise CellError(f"not a number: {shown!r}")
    if group in whole and not re.fullmatch(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+", whole):
        raise CellError(f"not a number: {shown!r} (digits are grouped by three)")
    digits = whole.replace(group, "")
    if fraction:
        return float(f"{sign}{digits}.{fraction}")
    return int(f"{sign}{digits}")


def _decimal_mark(compact: str, tag: str) -> str | None:
    marks = [c for c in compact if c in ".,"]
    if not marks:
        return None
    if len(set(marks)) == 2:
        return marks[-1]  # 1.234,5 or 1,234.5: the last one is the decimal mark
    mark = marks[0]
    if len(marks) > 1:
        return None if mark == marks[-1] else mark  # 1,234,567: only grouping
    after = compact.split(mark)[1]
    if len(after) != 3:
        return mark  # 12,5 or 1.25: a decimal mark
    # 1,234 or 1.234: the locale decides
    return mark if get_decimal_symbol(_locale(tag)) == mark else None
