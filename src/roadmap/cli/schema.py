"""`roadmap schema`: write the JSON Schema of every data file."""

from __future__ import annotations

from pathlib import Path

import typer

from roadmap.cli.common import user_errors


def command(
    out: Path = typer.Option(Path("schemas"), "--out", "-o", help="Folder to write into."),
) -> None:
    """Write NAME.schema.json for each data file, generated from the models."""
    from roadmap.schema import write_all

    with user_errors():
        for path in write_all(out):
            typer.echo(str(path))
