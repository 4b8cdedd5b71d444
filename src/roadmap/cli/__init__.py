"""The `roadmap` command line: a thin layer over the core.

Only typer is imported at start-up: a command's module is imported, and its
click command built, only when it runs or `roadmap --help` lists it
(roadmap.cli.lazy); the command then imports what it needs. So `roadmap
--help` and the pre-commit hook start fast.
"""

import gc
import os
from collections.abc import Mapping
from typing import ClassVar

import typer

from roadmap import __version__
from roadmap.cli.lazy import LazyGroup


class Roadmap(LazyGroup):
    """`roadmap`: each command's module is imported, and the command built,
    only when it runs or `roadmap --help` lists it (roadmap.cli.lazy)."""

    lazy_commands: ClassVar[Mapping[str, str]] = {
        "validate": "roadmap.cli.validate:command",
        "build": "roadmap.cli.build:command",
        "schema": "roadmap.cli.schema:command",
        "check": "roadmap.cli.check:command",
        "new": "roadmap.cli.new:command",
        "export": "roadmap.cli.export:command",
        "diff": "roadmap.cli.diff:command",
        "progress": "roadmap.cli.progress:command",
        "template": "roadmap.cli.template:command",
        "init": "roadmap.cli.init:command",
        "import": "roadmap.cli.imports:app",
    }


app = typer.Typer(
    name="roadmap",
    # every usage error, click's included, as one line (roadmap.cli.usage)
    cls=Roadmap,
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


def main() -> None:
    # Pydantic looks for plugins (observability hooks such as Logfire's) by
    # reading the entry points of every installed distribution the first
    # time it builds a validator: 4 to 6 ms of every `roadmap validate` on
    # a venv of 80 packages, for hooks that a command-line check has no use
    # for. The command line turns the scan off for its own process only
    # (the library, `import roadmap.models`, is left as pydantic sets it);
    # a user who does want a plugin sets the variable first (empty, or the
    # names of the plugins to skip), and is then obeyed.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Start-up creates tens of thousands of objects that live as long as the
    # process (modules, classes, the models' validators) and hardly any
    # garbage; at the collector's default pace (every 700 allocations) they
    # are scanned again and again: 50 collections, 8 ms of `roadmap
    # validate`, before the first file is read. Collecting every 100,000
    # allocations (mypy does the same) still frees cycles, in batches;
    # loading pauses the collector anyway (roadmap.dataset.collector_paused).
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(100_000, older, oldest)
    app()
