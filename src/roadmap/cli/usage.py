"""Command-line mistakes as one line, `roadmap: error: COMMAND: message`, exit 2.

Click's own messages (bad value, unknown option, missing argument, ...) come
with a usage block and a hint on several lines, and some do not show the
value that was wrong. The root group turns every click error raised while
parsing or dispatching into the one line `fail` prints, whichever command,
option or argument it is about, so a shell and the tests (which invoke the
same group) see the same thing. Help stays click's.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from typing import IO, TYPE_CHECKING, Any

import typer
from typer import _click as click
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup, TyperOption

from roadmap.cli.common import error_line

if TYPE_CHECKING:
    from typer._click.parser import _OptionParser

#: Where a command keeps the words it was given for each parameter, so that an
#: invalid value is shown as typed (click's messages do not always show it).
_RAW = "roadmap.cli.usage.raw"


class OneLineError(UsageError):
    """A click error already rendered as the one line the user sees."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(error_line(self.message), file=file, err=file is None)


class _HelpFlag(click.Command):
    """A command whose `--help`, when not given, is False rather than None.

    typer turns every parameter's value through a pydantic TypeAdapter
    except a flag's True or False; its help flag, not given, is None, so
    the root's alone imported pydantic (some 90 ms) for `roadmap CMD --help`,
    which shows no value of any type. False is what the flag's callback
    reads None as: the help is shown exactly when it was before.
    """

    def get_help_option(self, ctx: click.Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


class Command(_HelpFlag, TyperCommand):
    """A subcommand that refuses a repeated option and names extra arguments."""

    def make_parser(self, ctx: click.Context) -> "_OptionParser":
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> tuple[dict[str, Any], list[str], list[Any]]:
            opts, rest, order = parse(args)
            ctx.meta[_RAW] = opts
            _refuse_repeats(ctx, order)
            return opts, rest, order

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # click's own check would join the extras unquoted, an empty one invisible
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        except UsageError as exc:
            # the parser's own errors (an option missing its value) come
            # without the context that names the command
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, self
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            words = ", ".join(repr(arg) for arg in rest)
            raise UsageError(f"unexpected argument{'s' if len(rest) > 1 else ''} {words}", ctx)
        return rest


class Group(_HelpFlag, TyperGroup):
    """The root command: every click error under it becomes one line."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line():
            return super().invoke(ctx)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = _did_you_mean(name, self.list_commands(ctx))
            raise UsageError(f"no such command {name!r}{hint}", ctx)
        return super().resolve_command(ctx, args)


@contextmanager
def _one_line() -> Iterator[None]:
    try:
        yield
    except (OneLineError, NoArgsIsHelpError):
        # already one line; or `roadmap` alone, which shows the help
        raise
    except ClickException as exc:
        raise OneLineError(message(exc), exc.exit_code) from None


def message(exc: ClickException) -> str:
    """The one line for a click error: the command, what was wrong, the value."""
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.info_name}: " if ctx is not None and ctx.parent is not None else ""
    if isinstance(exc, NoSuchOption):
        best = (exc.possibilities or [])[:1]
        hint = f" (did you mean {best[0]!r}?)" if best else ""
        text = f"no such option {exc.option_name!r}{hint}"
    elif isinstance(exc, MissingParameter) and exc.param is not None:
        text = f"missing {exc.param.param_type_name} {_name(exc.param)}"
        if exc.param.param_type_name == "option" and exc.param.metavar:
            text += f" {exc.param.metavar}"
    elif isinstance(exc, BadParameter) and exc.param is not None:
        raw = ctx.meta.get(_RAW, {}).get(exc.param.name) if ctx is not None else None
        value = f" {raw!r}" if isinstance(raw, str) else ""
        text = f"invalid {_name(exc.param)}{value}: {_sentence(exc.message)}"
    else:
        text = _sentence(exc.format_message())
    return where + text


def _name(param: click.Parameter) -> str:
    """An option by its long name, an argument by its metavar: as help shows them."""
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return param.metavar or (param.name or "").upper()


def _sentence(text: str) -> str:
    """Click's message as a clause of the line: one line, no capital, no full stop."""
    text = " ".join(text.split()).rstrip(".")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return text


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    best = get_close_matches(word, sorted(known), n=1)
    return f" (did you mean {best[0]!r}?)" if best else ""


def _refuse_repeats(ctx: click.Context, order: list[Any]) -> None:
    """An option that takes one value, given twice: which one was meant is a guess.

    Flags may repeat (`--strict --strict` means what it says once); so may an
    option that collects values. Help wins, as it does over any bad value.
    """
    if ctx.resilient_parsing or any(getattr(p, "is_eager", False) for p in order):
        return
    seen: set[str] = set()
    for param in order:
        if param.param_type_name != "option" or param.is_flag or param.multiple:
            continue
        if param.name in seen:
            raise UsageError(f"option {_name(param)!r} given more than once", ctx)
        seen.add(param.name)
