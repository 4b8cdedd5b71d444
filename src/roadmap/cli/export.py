"""`roadmap export YEAR --format csv|json`: a plan's actions for other tools."""

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from roadmap.dataset import Data
    from roadmap.i18n import Language

from roadmap.cli.common import (
    EXIT_PROBLEMS,
    choice_parser,
    data_option,
    default_format,
    format_option,
    user_errors,
    year_argument,
)
from roadmap.cli.validate import print_problems, problem_labels


class Dialect(enum.StrEnum):
    rfc4180 = "rfc4180"
    locale = "locale"


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def command(
    year: int = year_argument("Year of the plan to export."),
    fmt: ExportFormat = format_option(
        ExportFormat,
        ...,
        "csv (spreadsheets), json, or xlsx (a workbook: a sheet per record kind).",
        show_default=False,
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: standard output).", show_default=False
    ),
    data: Path = data_option(),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help=(
            "Language of the CSV headers and of the titles and KPIs, a BCP 47 tag:"
            " fr, en-GB, pt-PT ... (default: the dataset's `language`)."
        ),
        show_default=False,
    ),
    dialect: Dialect = typer.Option(
        Dialect.rfc4180,
        "--dialect",
        parser=choice_parser(Dialect),
        metavar="<rfc4180|locale>",
        help=(
            "CSV separator and decimal mark: rfc4180 (comma, point) or locale (the"
            " language's: semicolon and decimal comma in French, as its spreadsheets expect)."
        ),
    ),
    keys: bool = typer.Option(
        False,
        "--keys",
        help="CSV headers as the stable English keys (id, title, markets ...), for machines.",
    ),
) -> None:
    """Export the plan's actions, one row each: markets, zones, region,
    destination, lever, owner and co-owners, months, budget, co-financing,
    KPIs, answered proposals.

    CSV headers are in the dataset's language, or --lang; --keys writes the
    stable keys instead (id, title, markets ...), for scripts. JSON keys are
    always the stable keys. CSV: UTF-8 with BOM, comma, CRLF; cells that a spreadsheet would run as
    a formula start with an apostrophe. Exit codes: 0 written; 1 the data has
    errors; 2 usage error.
    """
    from roadmap import coverage, export, languages
    from roadmap.files import write_atomic
    from roadmap.problems import Severity, UsageError
    from roadmap.validation import validate

    with user_errors():
        if lang is not None and (why := languages.malformed(lang)):
            raise UsageError(f"--lang: {why}")
        loaded, problems = validate(data, {year})
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format(), problem_labels(loaded, lang))
            raise typer.Exit(EXIT_PROBLEMS)
        words = coverage.cli_language(loaded, lang)
        if fmt is ExportFormat.xlsx:
            _workbook(loaded, year, words, out)
            return
        pieces = export.stream(
            loaded.plans[year],
            loaded.markets,
            str(fmt),
            words.code,
            words.currency,
            None if keys else export.headers(words),
            str(dialect),
        )
        if out is not None:
            write_atomic(out, pieces)
            return
    for piece in pieces:
        sys.stdout.buffer.write(piece.encode("utf-8"))
    sys.stdout.flush()


def _workbook(loaded: "Data", year: int, words: "Language", out: Path | None) -> None:
    """The xlsx export (roadmap.sheets.workbook), to --out or standard output."""
    from roadmap.files import write_atomic
    from roadmap.problems import UsageError

    try:
        from roadmap.sheets import workbook
    except ModuleNotFoundError as exc:  # pragma: no cover - the extra is a test dependency
        raise UsageError(
            f"xlsx needs the {exc.name} package: pip install 'roadmap[xlsx]'"
        ) from None
    if out is None and sys.stdout.isatty():
        raise UsageError("--format xlsx writes a binary workbook: give --out FILE.xlsx")
    content = workbook.export(loaded, year, words)
    if out is not None:
        write_atomic(out, content)
        return
    sys.stdout.buffer.write(content)
    sys.stdout.flush()
