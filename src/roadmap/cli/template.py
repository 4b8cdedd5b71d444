"""`roadmap template proposals|progress YEAR --out FILE.xlsx`: an intake workbook."""

import enum
from pathlib import Path

import typer

from roadmap.cli.common import (
    EXIT_PROBLEMS,
    choice_parser,
    data_option,
    default_format,
    user_errors,
    year_argument,
)
from roadmap.cli.validate import print_problems


class Kind(enum.StrEnum):
    proposals = "proposals"
    progress = "progress"


def command(
    kind: Kind = typer.Argument(
        ...,
        parser=choice_parser(Kind),
        metavar="<proposals|progress>",
        help="proposals (a meeting's) or progress (a review's).",
        show_default=False,
    ),
    year: int = year_argument("Year of the plan the workbook is for."),
    out: Path = typer.Option(
        ..., "--out", "-o", help="The workbook to write (.xlsx).", show_default=False
    ),
    data: Path = data_option(),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the instructions (default: the dataset's).",
        show_default=False,
    ),
) -> None:
    """Write an empty intake workbook for partners to fill.

    Its columns are the YAML keys `roadmap import` reads; every column that
    names something the data knows (meetings, partners, zones, regions,
    markets, sectors, actions, statuses) has a drop-down list taken from
    the data, and a sheet lists each id with its name. An instructions sheet
    is in the dataset's language, or --lang. The same data gives the same
    bytes. Exit codes: 0 written; 1 the data has errors; 2 usage error.
    """
    from roadmap import coverage, languages
    from roadmap.files import write_atomic
    from roadmap.problems import Severity, UsageError
    from roadmap.validation import validate

    with user_errors():
        if lang is not None and (why := languages.malformed(lang)):
            raise UsageError(f"--lang: {why}")
        if out.suffix.lower() != ".xlsx":
            raise UsageError(f"--out: {out} should end in .xlsx")
        loaded, problems = validate(data, {year})
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format())
            raise typer.Exit(EXIT_PROBLEMS)
        words = coverage.cli_language(loaded, lang)
        try:
            from roadmap.sheets import workbook
        except ModuleNotFoundError as exc:  # pragma: no cover - the extra is a test dependency
            raise UsageError(
                f"workbooks need the {exc.name} package: pip install 'roadmap[xlsx]'"
            ) from None
        write_atomic(out, workbook.template(loaded, year, str(kind), words))
    actions = loaded.plans[year].actions
    # progress: a row per action and per further KPI; proposals: empty rows with drop-downs
    rows = (
        sum(max(1, len(a.kpis)) for a in actions)
        if kind is Kind.progress
        else workbook.TEMPLATE_ROWS
    )
    typer.echo(words.t("sheets.template.written", file=out, rows=rows), err=True)
