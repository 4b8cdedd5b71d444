"""`roadmap import proposals FILE --year YEAR`: a workshop's sheet into the plan."""

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import typer

from roadmap.cli.common import (
    EXIT_PROBLEMS,
    ProblemFormat,
    data_option,
    default_format,
    fail,
    parse_year,
    problem_format_option,
    user_errors,
)
from roadmap.cli.usage import Command, Group

if TYPE_CHECKING:
    from roadmap.i18n import Language
    from roadmap.sheets.importing import Outcome

app = typer.Typer(
    cls=Group,
    help="Add rows of a spreadsheet (xlsx or CSV) to the data: proposals, or a progress review.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

#: Packages of the `roadmap[xlsx]` extra.
_EXTRA = ("openpyxl",)
_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _separator(value: str | None) -> str | None:
    if value is None:
        return None
    if value not in _SEPARATORS:
        fail(f"--separator: expected comma, semicolon or tab, got {value!r}")
    return _SEPARATORS[value]


def _sheet_option() -> Any:
    return typer.Option(
        None, "--sheet", help="Worksheet to read (default: the first).", show_default=False
    )


def _encoding_option() -> Any:
    return typer.Option(
        None,
        "--encoding",
        help="Encoding of a CSV file that is not UTF-8, e.g. cp1252.",
        show_default=False,
    )


def _separator_option() -> Any:
    return typer.Option(
        None,
        "--separator",
        metavar="<comma|semicolon|tab>",
        help="CSV separator (default: the one the header line uses most).",
        show_default=False,
    )


@app.command("proposals", cls=Command)
def proposals(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="The sheet: .xlsx, or .csv.", show_default=False
    ),
    year: int = typer.Option(
        ...,
        "--year",
        "-y",
        parser=parse_year,
        metavar="YEAR",
        help="Year of the plan to add to.",
        show_default=False,
    ),
    meeting: str | None = typer.Option(
        None,
        "--meeting",
        "-m",
        help="Meeting id for the rows that name none (then no `meeting` column is needed).",
        show_default=False,
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="Print the YAML that would be added; write nothing."
    ),
    sheet: str | None = _sheet_option(),
    encoding: str | None = _encoding_option(),
    separator: str | None = _separator_option(),
    data: Path = data_option(),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the messages and of dates written with month names"
        " (default: the dataset's).",
        show_default=False,
    ),
    fmt: ProblemFormat | None = problem_format_option(),
) -> None:
    """Add the proposals of a workshop's sheet to plans/YEAR.yaml.

    Columns are named as the YAML keys: id, meeting, date, by, group, zone,
    region, market, sector, text, status, reason, source, assumption; text,
    group, reason and source may be one column per language (text.fr,
    text.en). Only by and text are required (and meeting without
    --meeting). Several partners in `by` are separated by `;` or `,`.

    Every row is checked as `roadmap validate` checks the YAML; problems are
    reported with their place (FILE:SHEET!B7, or FILE:LINE:FIELD for CSV)
    and then nothing is written. Rows already in the plan (same id, or same
    meeting, authors and text) are skipped, so importing a file twice adds
    nothing. New ids continue the plan's sequence. The plan's comments and
    layout are kept: only lines are added.

    Exit codes: 0 added (or nothing to add); 1 problems in the sheet or the
    data (nothing written); 2 usage error.
    """
    outcome = _run(
        lambda importing: importing.proposals(
            file, data, year, meeting, dry_run, sheet, encoding, _separator(separator), lang
        ),
        lang,
    )
    words = _report(outcome, lang, str(fmt or default_format()))
    added = outcome.intake.added
    if not added:
        typer.echo(words.t("sheets.nothing"), err=True)
        return
    ids = ", ".join(record["id"] for record in added)
    if dry_run:
        typer.echo(
            words.t("sheets.would_add", count=len(added), file=outcome.plan_display, ids=ids),
            err=True,
        )
        typer.echo(outcome.added_yaml, nl=False)
        return
    typer.echo(words.t("sheets.added", count=len(added), file=outcome.plan_display, ids=ids))


@app.command("progress", cls=Command)
def progress(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="The sheet: .xlsx, or .csv.", show_default=False
    ),
    year: int = typer.Option(
        ...,
        "--year",
        "-y",
        parser=parse_year,
        metavar="YEAR",
        help="Year of the plan reviewed.",
        show_default=False,
    ),
    as_of: str = typer.Option(
        ...,
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Date the review is as of: the name of the file written.",
        show_default=False,
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="Print the review that would be written; write nothing."
    ),
    sheet: str | None = _sheet_option(),
    encoding: str | None = _encoding_option(),
    separator: str | None = _separator_option(),
    data: Path = data_option(),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the messages, and of the numbers and dates written as text"
        " (default: the dataset's).",
        show_default=False,
    ),
    fmt: ProblemFormat | None = problem_format_option(),
) -> None:
    """Write the progress review progress/YEAR/AS_OF.yaml from an office's sheet.

    Columns: action, status, committed, spent, kpi, actual, note.date,
    note.text (or note.text.fr ...), reason. An action's own fields are
    given once; each row with kpi (the KPI's indicator as the plan writes
    it) and actual adds that KPI's value. Rows with only the action's id
    and KPI name (as `roadmap template progress` fills them in) are left
    out. Amounts and values may be written with either locale's grouping
    (1 234 567, 1,234,567). A review is a new file: an existing one is
    never replaced.

    Exit codes: 0 written (or nothing to write); 1 problems in the sheet or
    the data (nothing written); 2 usage error (bad date, file exists).
    """
    import datetime as dt

    try:
        day = dt.date.fromisoformat(as_of) if len(as_of) == 10 else None
    except ValueError:
        day = None
    if day is None:
        fail(f"--as-of: expected a date written YYYY-MM-DD, got {as_of!r}")
    outcome = _run(
        lambda importing: importing.progress(
            file, data, year, day, dry_run, sheet, encoding, _separator(separator), lang
        ),
        lang,
    )
    words = _report(outcome, lang, str(fmt or default_format()))
    added = outcome.intake.added
    if not added:
        typer.echo(words.t("sheets.nothing_reviewed"), err=True)
        return
    if dry_run:
        typer.echo(
            words.t("sheets.review_would", count=len(added), file=outcome.plan_display), err=True
        )
        typer.echo(outcome.added_yaml, nl=False)
        return
    typer.echo(words.t("sheets.review_written", count=len(added), file=outcome.plan_display))


def _run(call: "Callable[[ModuleType], Outcome]", lang: str | None) -> "Outcome":
    """The import's outcome; a usage mistake is one line and exit 2."""
    from roadmap import languages
    from roadmap.problems import UsageError
    from roadmap.sheets.yamledit import EditError

    with user_errors():
        if lang is not None and (why := languages.malformed(lang)):
            raise UsageError(f"--lang: {why}")
        try:
            from roadmap.sheets import importing
        except ModuleNotFoundError as exc:  # pragma: no cover - the extra is a test dependency
            if exc.name not in _EXTRA:
                raise
            raise UsageError(
                f"spreadsheets need the {exc.name} package: pip install 'roadmap[xlsx]'"
            ) from None
        try:
            return call(importing)
        except EditError as exc:
            fail(str(exc), EXIT_PROBLEMS)


def _report(outcome: "Outcome", lang: str | None, fmt: str) -> "Language":
    """Print the problems (in `fmt`) and skipped rows; exit 1 on any error.

    Returns the language of the messages. Problems go to standard error:
    standard output holds what a dry run would write."""
    from roadmap import coverage, report
    from roadmap.sheets.places import place

    problems = outcome.problems
    if problems or fmt == "json":
        typer.echo(report.REPORTERS[fmt](problems), err=True, nl=False)
    words = coverage.cli_language(outcome.data, lang) if outcome.data else None
    if words is not None:
        for skipped in outcome.intake.skipped:
            if skipped.earlier_row is not None:
                line = words.t(
                    "sheets.repeated", place=place(skipped.place), row=skipped.earlier_row
                )
            else:
                line = words.t("sheets.skipped", place=place(skipped.place), id=skipped.existing)
            typer.echo(line, err=True)
        if outcome.rolled_back:
            typer.echo(words.t("sheets.rolled_back", file=outcome.plan_display), err=True)
    if outcome.failed or words is None:
        raise typer.Exit(EXIT_PROBLEMS)
    return words
