"""The root command, whose subcommands are imported and built only when needed.

typer builds the click object of every registered command (each parameter's
signature, type hints, option declarations) before it parses the command
line: for `roadmap validate`, eleven commands it never runs, a third of what
start-up costs beyond `import typer`. This group follows click's documented
lazy-loading pattern instead: it knows each command by the place of its
function (or, for a group of commands, of its typer app), imports the module
and has typer build the command only when that command is run or its help
shown. `roadmap --help` lists the commands from their docstrings alone.
"""

import importlib
import inspect
from collections.abc import Mapping
from typing import Any, ClassVar

import typer
import typer.main
from typer import _click as click
from typer.core import TyperCommand, TyperGroup
from typer.models import TyperInfo

from roadmap.cli.usage import Command, Group


class LazyGroup(Group):
    """A group whose commands are named in `lazy_commands`, built on first use.

    `lazy_commands` maps each command's name to `module:attribute`, the
    attribute being the command's function or a `typer.Typer` app of
    subcommands; its order is the order `--help` lists them in.
    """

    lazy_commands: ClassVar[Mapping[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy_commands, *(n for n in self.commands if n not in self.lazy_commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.commands[cmd_name] = self._build(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The list needs each command's help text only: typer lays it out as
        # ever, from stand-ins that hold that text and nothing to build.
        listed = TyperGroup(
            commands={
                name: self.commands.get(name) or TyperCommand(name, help=self._help(name))
                for name in self.list_commands(ctx)
            }
        )
        listed.format_commands(ctx, formatter)

    def _target(self, name: str) -> Any:
        module, _, attribute = self.lazy_commands[name].partition(":")
        return getattr(importlib.import_module(module), attribute)

    def _help(self, name: str) -> str:
        """The help text typer gives the command it builds (from its docstring)."""
        target = self._target(name)
        if isinstance(target, typer.Typer):
            return typer.main.solve_typer_info_help(TyperInfo(target))
        return inspect.getdoc(target) or ""

    def _build(self, name: str) -> click.Command:
        target = self._target(name)
        if not isinstance(target, typer.Typer):
            # a typer app of this one command, set as the root's commands were
            one = typer.Typer(add_completion=False, rich_markup_mode=self.rich_markup_mode)
            one.command(name, cls=Command)(target)
            target = one
        return typer.main.get_command(target)
