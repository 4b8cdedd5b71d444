"""Exports of a plan's actions for spreadsheets (CSV) and other tools (JSON).

One row per action, in plan order, with these columns (`COLUMNS`):
id, title (in the language asked for, else the dataset's), markets, zones (of those markets),
region, destination, lever, sectors, owner, co_owners, months, budget,
cofinancing, kpis, answers, deseasonalisation, status.

CSV dialect: UTF-8 with a byte-order mark (the only way spreadsheet
software such as Excel detects UTF-8 when it opens a file), comma
separator (with `dialect="locale"`, a semicolon and a decimal comma
where the language writes decimals with a comma: `DIALECTS`), CRLF
line endings (RFC 4180), quotes only where needed (a comma, quote or
line break in the cell), a header row: the columns' names in the
dataset's language or the one asked for (`headers`, from the catalogue's
`col.*` and `export.*` labels), or the stable keys of `COLUMNS` for
machines (`roadmap export --keys`). Cell values (ids, statuses, `true`)
are data, never translated. Lists are joined with
"; " (co-financing as "partner=amount; ..."; KPIs as
"indicator: target unit"); booleans are `true`/`false`; numbers are plain
digits. Formula injection is neutralised (OWASP "CSV injection"): a text
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe, so a spreadsheet shows it as text instead of running
it. Numbers are never touched: budgets and amounts are never negative.

xlsx: a workbook with a sheet per record kind, written by
`roadmap.sheets.workbook.export` (see there: `roadmap[xlsx]`).

JSON: `{"version": 1, "year", "language", "currency", "columns",
"actions": [...]}`; each action holds the stable keys of `COLUMNS`, in
every language,
with lists as arrays, months and amounts as numbers, co-financing as
`[{"partner", "amount"}]` and KPIs as `[{"indicator", "unit", "target",
"baseline"}]` (baseline null when not given). `version` changes only when
the layout changes incompatibly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from roadmap import models
from roadmap.coverage import text

if TYPE_CHECKING:
    from roadmap.i18n import Language

#: Version of the JSON export's layout.
JSON_EXPORT_VERSION = 1
COLUMNS = (
    "id",
    "title",
    "markets",
    "zones",
    "region",
    "destination",
    "lever",
    "sectors",
    "owner",
    "co_owners",
    "months",
    "budget",
    "cofinancing",
    "kpis",
    "answers",
    "deseasonalisation",
    "status",
)
#: The catalogue label of each column's CSV header (`col.*` as the plan's
#: tables say it; `export.*` for the columns the plan has no table heading for).
HEADER_LABELS = {
    "id": "col.id",
    "title": "export.title",
    "markets": "col.markets",
    "zones": "export.zones",
    "region": "col.region",
    "destination": "col.destination",
    "lever": "col.lever",
    "sectors": "col.sectors",
    "owner": "col.owner",
    "co_owners": "col.co_owners",
    "months": "col.months",
    "budget": "col.budget",
    "cofinancing": "export.cofinancing",
    "kpis": "col.kpis",
    "answers": "export.answers",
    "deseasonalisation": "export.deseasonalisation",
    "status": "col.status",
}
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _written(value: float) -> str:
    """A number of the data as written, never in exponent form (0.000001, not 1e-06)."""
    return format(Decimal(repr(value)), "f")


def records(
    plan: models.Plan, markets: models.MarketsFile | None, lang: str
) -> Iterator[dict[str, Any]]:
    """One plain record per action, in plan order (the JSON export's `actions`),
    made as it is written: never all at once."""
    zone_of = {m.id: m.zone for m in markets.markets} if markets else {}
    for action in plan.actions:
        zones = list(dict.fromkeys(zone_of[m] for m in action.markets if m in zone_of))
        yield (
            {
                "id": action.id,
                "title": text(action.title, lang),
                "markets": list(action.markets),
                "zones": zones,
                "region": action.region,
                "destination": action.destination,
                "lever": action.lever,
                "sectors": list(action.sectors),
                "owner": action.owner,
                "co_owners": list(action.co_owners),
                "months": list(action.months),
                "budget": action.budget,
                "cofinancing": [
                    {"partner": f.partner, "amount": f.amount} for f in action.cofinancing
                ],
                "kpis": [
                    {
                        "indicator": text(k.indicator, lang),
                        "unit": text(k.unit, lang),
                        "target": _number(k.target),
                        "baseline": None if k.baseline is None else _number(k.baseline),
                    }
                    for k in action.kpis
                ],
                "answers": list(action.answers),
                "deseasonalisation": action.deseasonalisation,
                "status": action.status,
            }
        )


#: JSON indentation, and that of an action inside `"actions": [...]`.
_INDENT = 2
_ACTION_INDENT = "\n" + " " * 2 * _INDENT


def to_json(plan: models.Plan, markets: models.MarketsFile | None, lang: str, currency: str) -> str:
    """The JSON text (`json_pieces` joined)."""
    return "".join(json_pieces(plan, markets, lang, currency))


def json_pieces(
    plan: models.Plan, markets: models.MarketsFile | None, lang: str, currency: str
) -> Iterator[str]:
    """The JSON text, an action at a time: `json.dumps(doc, indent=2)`'s bytes.

    An action encoded alone, its lines indented twice more, is what the
    whole document's encoding writes (JSON text holds no raw line break);
    encoding it all at once held millions of pieces before joining them."""
    doc = {
        "version": JSON_EXPORT_VERSION,
        "year": plan.year,
        "language": lang,
        "currency": currency,
        "columns": list(COLUMNS),
    }
    head = json.dumps(doc, ensure_ascii=False, indent=_INDENT)
    opened = False
    for record in records(plan, markets, lang):
        encoded = json.dumps(record, ensure_ascii=False, indent=_INDENT)
        # the head without its closing brace, then the list's first item
        start = head[: -len("\n}")] + ',\n  "actions": [' if not opened else ","
        yield start + _ACTION_INDENT + encoded.replace("\n", _ACTION_INDENT)
        opened = True
    yield "\n  ]\n}\n" if opened else head[: -len("\n}")] + ',\n  "actions": []\n}\n'


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet cannot run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(column: str, value: Any, decimal: str = ".") -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if column == "cofinancing":
        return neutralise("; ".join(f"{f['partner']}={f['amount']}" for f in value))
    if column == "kpis":
        return neutralise(
            "; ".join(
                f"{k['indicator']}: {_written(k['target']).replace('.', decimal)} {k['unit']}"
                for k in value
            )
        )
    if isinstance(value, list):
        return neutralise("; ".join(str(v) for v in value))
    return neutralise(str(value))


def headers(words: Language) -> list[str]:
    """The CSV header row in `words`' language, column by column (`HEADER_LABELS`)."""
    return [words.t(HEADER_LABELS[column]) for column in COLUMNS]


#: CSV dialects: `rfc4180` (comma, decimal point: the default, for every
#: tool) and `locale` (the language's own: where the decimal mark is a
#: comma, as in French, the separator is a semicolon and decimals take a
#: comma, which is how a spreadsheet in that locale saves and opens CSV).
DIALECTS = ("rfc4180", "locale")


def dialect_marks(dialect: str, lang: str) -> tuple[str, str]:
    """(separator, decimal mark) of a CSV dialect for the language `lang`."""
    if dialect == "rfc4180":
        return ",", "."
    from babel import Locale
    from babel.numbers import get_decimal_symbol

    decimal = get_decimal_symbol(Locale.parse(lang, sep="-"))
    return (";", ",") if decimal == "," else (",", ".")


#: CSV rows gathered before they are handed on as one piece of text.
_ROWS_PER_PIECE = 1000


def to_csv(
    plan: models.Plan,
    markets: models.MarketsFile | None,
    lang: str,
    header: Sequence[str] | None = None,
    dialect: str = "rfc4180",
) -> str:
    """The CSV text (`csv_pieces` joined)."""
    return "".join(csv_pieces(plan, markets, lang, header, dialect))


def csv_pieces(
    plan: models.Plan,
    markets: models.MarketsFile | None,
    lang: str,
    header: Sequence[str] | None = None,
    dialect: str = "rfc4180",
) -> Iterator[str]:
    """The CSV text, BOM first, a thousand rows at a time (see the module
    docstring for the dialect).

    `header`: the header row (`headers`), else the stable keys of `COLUMNS`."""
    # the dialect's marks now, not once the first row is asked for: a locale
    # babel does not know is the caller's error before anything is written
    separator, decimal = dialect_marks(dialect, lang)
    return _csv_rows(plan, markets, lang, header, separator, decimal)


def _csv_rows(
    plan: models.Plan,
    markets: models.MarketsFile | None,
    lang: str,
    header: Sequence[str] | None,
    separator: str,
    decimal: str,
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    buffer.write(BOM)
    writer.writerow([neutralise(h) for h in header] if header is not None else COLUMNS)
    for row, record in enumerate(records(plan, markets, lang), 1):
        writer.writerow([_cell(column, record[column], decimal) for column in COLUMNS])
        if row % _ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


FORMATS = ("csv", "json")


def export(
    plan: models.Plan,
    markets: models.MarketsFile | None,
    fmt: str,
    lang: str,
    currency: str,
    header: Sequence[str] | None = None,
    dialect: str = "rfc4180",
) -> str:
    """The plan's actions in `fmt` ("csv" or "json"); `header` is the CSV's
    header row (JSON keys are always the stable `COLUMNS`); `dialect` one of
    `DIALECTS`."""
    return "".join(stream(plan, markets, fmt, lang, currency, header, dialect))


def stream(
    plan: models.Plan,
    markets: models.MarketsFile | None,
    fmt: str,
    lang: str,
    currency: str,
    header: Sequence[str] | None = None,
    dialect: str = "rfc4180",
) -> Iterator[str]:
    """`export`'s text as pieces to write one after the other: a few hundred
    KiB each, so that a 100,000-action plan's export is never held whole."""
    if fmt == "csv":
        return csv_pieces(plan, markets, lang, header, dialect)
    if fmt == "json":
        return json_pieces(plan, markets, lang, currency)
    raise ValueError(f"unknown export format {fmt!r}")
