"""What every command shares: error handling, exit codes, output streams."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"roadmap: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """A user's mistake becomes a one-line message and exit 2, never a traceback."""
    # Imported here, not at the top: every command module imports this one
    # and `roadmap --help` should load nothing it does not need.
    from roadmap.problems import RoadmapError, UsageError

    try:
        yield
    except UsageError as exc:
        fail(str(exc))
    except RoadmapError as exc:  # pragma: no cover - every kind is handled by its command
        fail(str(exc), EXIT_PROBLEMS)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def is_terminal(stream: object = None) -> bool:
    stream = stream or sys.stdout
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# Options several commands share, defined once so that they read the same
# everywhere (`--data`, and the problem report options of validate and check).


class ProblemFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def data_option(help: str = "The data folder.") -> Any:
    return typer.Option(Path("data"), "--data", "-d", help=help)


def _problem_format(value: str | ProblemFormat) -> ProblemFormat:
    """The format named; a plain message for any other word (typer's is pydantic's)."""
    try:
        return ProblemFormat(value)
    except ValueError:
        choices = ", ".join(f.value for f in ProblemFormat)
        raise typer.BadParameter(f"{value!r} is not one of {choices}") from None


def problem_format_option() -> Any:
    return typer.Option(
        None,
        "--format",
        "-f",
        parser=_problem_format,
        metavar="<" + "|".join(f.value for f in ProblemFormat) + ">",
        help="text, json or github (default: github under GitHub Actions, else text).",
        show_default=False,
    )


def strict_option() -> Any:
    return typer.Option(False, "--strict", help="Fail on warnings too.")
