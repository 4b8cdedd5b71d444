"""`roadmap diff A B`: what changed between two plans, for people and tools."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    data_option,
    default_format,
    format_option,
    is_terminal,
    user_errors,
)

if TYPE_CHECKING:
    from roadmap.diff_report import Table
    from roadmap.problems import Problem


class Format(enum.StrEnum):
    text = "text"
    md = "md"
    json = "json"


def command(
    a: str = typer.Argument(
        ..., metavar="A", help="Before: a year of --data, a plan file or a data folder."
    ),
    b: str = typer.Argument(
        ..., metavar="B", help="After: a year of --data, a plan file or a data folder."
    ),
    data: Path = data_option("The data folder (years and lone plan files)."),
    fmt: Format = format_option(Format, Format.text, "text, md or json."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when the plans differ, 0 when they do not."
    ),
    order: bool = typer.Option(False, "--order", help="Report changes of list order too."),
    label_a: str | None = typer.Option(
        None, "--label-a", metavar="TEXT", help="Name A by this in the report (default: A)."
    ),
    label_b: str | None = typer.Option(
        None, "--label-b", metavar="TEXT", help="Name B by this in the report (default: B)."
    ),
) -> None:
    """Compare two plans by id: what became of the earlier plan's proposals, markets and
    destinations, budget shift; then added, removed and changed records, target deltas.

    Exit codes: 0 success (with --exit-code: 0 no difference, 1 differences);
    2 usage or data error.
    """
    from roadmap import diff_report
    from roadmap.diff import compare, load_sides
    from roadmap.problems import DataError, UsageError

    with user_errors():
        for option, label in (("--label-a", label_a), ("--label-b", label_b)):
            if label is not None and not label.strip():
                raise UsageError(f"{option} must not be empty")
        try:
            before, after = load_sides(a, b, data)
        except DataError as exc:
            _print_data_errors(exc.problems, fmt)
            raise typer.Exit(EXIT_USAGE) from None
    before.label = label_a or before.label
    after.label = label_b or after.label
    result = compare(before, after, order)
    if fmt is Format.text and is_terminal():
        _print_rich(diff_report.headline(result), diff_report.tables(result))
    else:
        typer.echo(diff_report.RENDERERS[str(fmt)](result), nl=False)
    raise typer.Exit(EXIT_PROBLEMS if exit_code and result.differs else EXIT_OK)


def _print_data_errors(problems: list[Problem], fmt: Format) -> None:
    """Data errors as validate prints them: JSON with --format json, else text,
    or workflow annotations under GitHub Actions."""
    from roadmap.cli.validate import print_problems
    from roadmap.report import github

    if fmt is Format.json:
        print_problems(problems, "json")
    elif default_format() == "github":
        # To stderr: the runner reads annotations from either stream, and a
        # workflow sends diff's stdout (the report) to a file, such as
        # `--format md >> "$GITHUB_STEP_SUMMARY"`, where they would be lost.
        typer.echo(github(problems), nl=False, err=True)
    else:
        print_problems(problems, "text")


_KIND_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "reordered": "blue"}


def _print_rich(headline: str, tables: list[Table]) -> None:
    """Rich tables on a terminal; rich itself honours NO_COLOR."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False)
    console.print(Text(headline, style="bold"))
    for table in tables:
        if table.intro or not table.headers:
            # the story's counts go between the title and the table
            console.print(Text(table.title, style="italic"))
            for line in table.intro:
                console.print(Text(line))
            if not table.headers:
                continue
        title = None if table.intro else table.title
        rt = RichTable(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        for header, numeric in zip(table.headers, table.numeric, strict=True):
            rt.add_column(header, justify="right" if numeric else "left", overflow="fold")
        for row in table.rows:
            style = _KIND_STYLE.get(row[0], "") if table.title == "Changes" else ""
            rt.add_row(*(Text(cell) for cell in row), style=style)
        console.print(rt)
