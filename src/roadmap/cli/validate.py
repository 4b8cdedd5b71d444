"""`roadmap validate`: every problem in every data file, with its place."""

from __future__ import annotations

import enum
import os
from pathlib import Path

import typer

from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, default_format, is_terminal, user_errors


class Format(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def command(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Data files or folders to check (default: the --data folder).",
        show_default=False,
    ),
    data: Path = typer.Option(Path("data"), "--data", "-d", help="The data folder."),
    fmt: Format | None = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json or github (default: github under GitHub Actions, else text).",
        show_default=False,
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
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

    console = Console(highlight=False)
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
