"""What every command shares: error handling, exit codes, output streams."""

import enum
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
#: `progress --fail-on` tripped: apart from data errors (1) and usage (2),
#: so CI can tell "the data is wrong" from "the plan is behind".
EXIT_FAIL_ON = 3

E = TypeVar("E", bound=enum.StrEnum)


def error_line(message: str) -> str:
    """The one line every mistake is reported as, whoever found it.

    A value quoted in the message may hold a line break or a terminal
    escape (`--data $'a\\nb'`): shown escaped, the line stays one line and
    cannot recolour or rewrite the terminal.
    """
    import unicodedata

    visible = "".join(
        repr(c)[1:-1] if unicodedata.category(c) in _INVISIBLE else c for c in message
    )
    return f"roadmap: error: {visible}"


#: Control characters and line or paragraph separators; other spaces, such
#: as the no-break spaces of French text, are shown as they are.
_INVISIBLE = frozenset({"Cc", "Zl", "Zp"})


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(error_line(message), err=True)
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


def lang_option() -> Any:
    """`--lang`: the language of a command's messages."""
    return typer.Option(
        None,
        "--lang",
        "-l",
        help=(
            "Language of the messages, a BCP 47 tag: fr, en-GB, pt-PT ..."
            " (default: the dataset's `language`)."
        ),
        show_default=False,
    )


def data_option(help: str = "The data folder.") -> Any:
    return typer.Option(Path("data"), "--data", "-d", help=help)


def parse_year(value: str | int) -> int:
    # digits only: int() would also take " 2026", "+2026" or other scripts' digits
    if isinstance(value, int):
        return value
    if not (value.isascii() and value.isdigit()):
        raise typer.BadParameter("expected a year such as 2026")
    return int(value)


def year_argument(help: str) -> Any:
    return typer.Argument(..., parser=parse_year, metavar="YEAR", help=help, show_default=False)


def choice_parser(choices: type[E]) -> Callable[[str | E], E]:
    """Read one of an enum's values; any other word is a one-line error naming them."""

    def parse(value: str | E) -> E:
        try:
            return choices(value)
        except ValueError:
            names = [c.value for c in choices]
            close = get_close_matches(str(value), names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            expected = ", ".join(names[:-1]) + " or " + names[-1]
            raise typer.BadParameter(f"expected {expected}{hint}") from None

    return parse


def format_option(choices: type[enum.StrEnum], default: Any, help: str, **extra: Any) -> Any:
    return typer.Option(
        default,
        "--format",
        "-f",
        parser=choice_parser(choices),
        metavar="<" + "|".join(c.value for c in choices) + ">",
        help=help,
        **extra,
    )


def problem_format_option() -> Any:
    return format_option(
        ProblemFormat,
        None,
        "text, json or github (default: github under GitHub Actions, else text).",
        show_default=False,
    )


def strict_option() -> Any:
    return typer.Option(False, "--strict", help="Fail on warnings too.")
