"""The `roadmap` command line: a thin layer over the core.

Only typer is imported at start-up; each command imports what it needs when
it runs, so `roadmap --help` and the pre-commit hook start fast.
"""

from __future__ import annotations

import typer

from roadmap import __version__
from roadmap.cli import (
    build,
    check,
    diff,
    export,
    imports,
    init,
    new,
    progress,
    schema,
    template,
    validate,
)
from roadmap.cli.usage import Command, Group

app = typer.Typer(
    name="roadmap",
    # every usage error, click's included, as one line (roadmap.cli.usage)
    cls=Group,
    help="Build, check and compare a tourism office's yearly promotion roadmap, kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich help formatting would triple start-up time.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Build, check and compare a tourism office's yearly promotion roadmap, kept as YAML."""


for _name, _module in (
    ("validate", validate),
    ("build", build),
    ("schema", schema),
    ("check", check),
    ("new", new),
    ("export", export),
    ("diff", diff),
    ("progress", progress),
    ("template", template),
    ("init", init),
):
    app.command(_name, cls=Command)(_module.command)
app.add_typer(imports.app, name="import")


def main() -> None:
    app()
