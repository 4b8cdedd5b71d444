"""`roadmap schema`: write the JSON Schema of every data file, and the reference."""

from pathlib import Path

import typer

from roadmap.cli.common import user_errors


def command(
    out: Path = typer.Option(Path("schemas"), "--out", "-o", help="Folder to write into."),
    markdown: Path | None = typer.Option(
        None,
        "--markdown",
        metavar="FILE",
        help="Also write the data-format reference (Markdown) to FILE.",
    ),
) -> None:
    """Write NAME.schema.json for each data file, generated from the models."""
    from roadmap.files import check_file, check_folder, write_files
    from roadmap.schema import contents

    with user_errors():
        # both destinations checked first: a bad one writes nothing at all
        check_folder(out)
        if markdown is not None:
            check_file(markdown)
        files = contents(out)
        if markdown is not None:
            from roadmap.reference import render

            files.append((markdown, render()))
        for path in write_files(files):
            typer.echo(str(path))
