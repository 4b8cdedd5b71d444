"""`roadmap import proposals FILE --year YEAR`: a workshop's sheet into the plan."""

from __future__ import annotations

from pathlib import Path

import typer

from roadmap.cli.common import EXIT_PROBLEMS, data_option, fail, parse_year, user_errors
from roadmap.cli.usage import Command, Group

app = typer.Typer(
    cls=Group,
    help="Add rows of a spreadsheet (xlsx or CSV) to the data: proposals.",
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
        raise typer.BadParameter("expected comma, semicolon or tab")
    return _SEPARATORS[value]


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
    sheet: str | None = typer.Option(
        None, "--sheet", help="Worksheet to read (default: the first).", show_default=False
    ),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        help="Encoding of a CSV file that is not UTF-8, e.g. cp1252.",
        show_default=False,
    ),
    separator: str | None = typer.Option(
        None,
        "--separator",
        metavar="<comma|semicolon|tab>",
        help="CSV separator (default: the one the header line uses most).",
        show_default=False,
    ),
    data: Path = data_option(),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the messages and of dates written with month names"
        " (default: the dataset's).",
        show_default=False,
    ),
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
    from roadmap import coverage, languages, report
    from roadmap.sheets import importing
    from roadmap.sheets.places import place
    from roadmap.sheets.yamledit import EditError

    try:
        sep = _separator(separator)
    except typer.BadParameter as exc:
        fail(f"--separator: {exc}")
    with user_errors():
        from roadmap.problems import UsageError

        if lang is not None and (why := languages.malformed(lang)):
            raise UsageError(f"--lang: {why}")
        try:
            outcome = importing.proposals(
                file, data, year, meeting, dry_run, sheet, encoding, sep, lang
            )
        except ModuleNotFoundError as exc:
            if exc.name not in _EXTRA:
                raise
            raise UsageError(
                f"spreadsheets need the {exc.name} package: pip install 'roadmap[xlsx]'"
            ) from None
        except EditError as exc:
            fail(str(exc), EXIT_PROBLEMS)
    problems = outcome.problems
    words = coverage.cli_language(outcome.data, lang) if outcome.data else None
    if problems:
        typer.echo(report.text(problems), err=True, nl=False)
    if words is not None:
        for skipped in outcome.intake.skipped:
            typer.echo(
                words.t(
                    "sheets.skipped",
                    place=place(skipped.place),
                    id=skipped.existing,
                ),
                err=True,
            )
    if outcome.rolled_back and words is not None:
        typer.echo(words.t("sheets.rolled_back", file=outcome.plan_display), err=True)
    if outcome.failed:
        raise typer.Exit(EXIT_PROBLEMS)
    assert words is not None  # data loaded, since nothing failed
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
