"""The `roadmap` command line: a thin layer over the core.

Only typer is imported at start-up; each command imports what it needs when
it runs, so `roadmap --help` and the pre-commit hook start fast.
"""

from __future__ import annotations

import typer

from roadmap import __version__
from roadmap.cli import build, check, diff, export, new, schema, validate

app = typer.Typer(
    name="roadmap",
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


app.command("validate")(validate.command)
app.command("build")(build.command)
app.command("schema")(schema.command)
app.command("check")(check.command)
app.command("new")(new.command)
app.command("export")(export.command)
app.command("diff")(diff.command)


def main() -> None:
    app()
