"""`roadmap validate`: every problem in every data file, with its place."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ProblemFormat,
    data_option,
    default_format,
    is_terminal,
    problem_format_option,
    strict_option,
    user_errors,
)


def command(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Data files or folders to check (default: the --data folder).",
        show_default=False,
    ),
    data: Path = data_option(),
    fmt: ProblemFormat | None = problem_format_option(),
    strict: bool = strict_option(),
) -> None:
    """Check the data: schema, types, unknown keys, references, duplicates and sums.

    Exit codes: 0 no problem; 1 errors (or warnings with --strict); 2 usage error.
    """
    from roadmap.problems import Severity
    from roadmap.validation import validate, validate_paths

    with user_errors():
        problems = validate_paths(paths) if paths else validate(data)[1]
    print_problems(problems, str(fmt or default_format()))
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


def print_problems(problems: list, fmt: str) -> None:  # type: ignore[type-arg]
    """Problems in the chosen format; text is coloured on a terminal only."""
    from roadmap import report

    # NO_COLOR (https://no-color.org): the plain text a pipe gets, not rich's
    # colourless-but-bold output
    if fmt == "text" and is_terminal() and not os.environ.get("NO_COLOR"):
        _print_rich(problems)
        return
    out = report.REPORTERS[fmt](problems)
    typer.echo(out, nl=False)


def _print_rich(problems: list) -> None:  # type: ignore[type-arg]
    from rich.console import Console
    from rich.markup import escape

    from roadmap.report import summary

    # soft_wrap: one problem stays on one line whatever the terminal's
    # width (the terminal folds it; editors and greps find it whole)
    console = Console(highlight=False, soft_wrap=True)
    for p in problems:
        colour = "red" if p.severity == "error" else "yellow"
        console.print(
            f"[bold]{escape(p.file)}:{p.line}:{p.column}:[/] [{colour}]{p.severity}[/] "
            f"[dim]{escape(p.code)}[/] {escape(p.message)}"
        )
    style = (
        "green"
        if not problems
        else ("red" if any(p.severity == "error" for p in problems) else "yellow")
    )
    console.print(f"[{style}]{summary(problems)}[/]")
