"""`roadmap init DIR --country NAME --language TAG`: start a new office's data folder."""

import datetime as dt
from pathlib import Path

import typer

from roadmap.cli.common import EXIT_PROBLEMS, default_format, fail, parse_year, user_errors


def command(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder to create (new or empty).", show_default=False
    ),
    country: str = typer.Option(
        ..., "--country", metavar="NAME", help="The country the plans promote.", show_default=False
    ),
    language: str = typer.Option(
        ...,
        "--language",
        "-l",
        metavar="TAG",
        help="Language of the plans, a BCP 47 tag: fr, pt-PT, hr ...",
        show_default=False,
    ),
    currency: str | None = typer.Option(
        None,
        "--currency",
        metavar="CODE",
        help="ISO 4217 code of the amounts (default: the currency of the language's "
        "country, as CLDR gives it: hr -> EUR, pt-BR -> BRL).",
        show_default=False,
    ),
    year: int | None = typer.Option(
        None,
        "--year",
        parser=parse_year,
        metavar="YEAR",
        help="Year of the first plan (default: next year).",
        show_default=False,
    ),
) -> None:
    """Write a minimal data folder that `roadmap validate` and `roadmap build`
    accept at once: dataset.yaml, the five catalogues with one or two
    placeholder records each, and plans/YEAR.yaml with one objective and one
    action, every figure marked `assumption: true`; comments say what to fill.

    A language no catalogue of the tool serves gets locales/TAG.yaml, the
    English labels to translate. Exit codes: 0 written; 1 the skeleton did
    not validate (a bug: nothing is written); 2 usage error (DIR not empty,
    unknown language tag or currency).
    """
    from roadmap import scaffold
    from roadmap.cli.validate import print_problems
    from roadmap.problems import UsageError

    with user_errors():
        tag = scaffold.check_language(language)
        code = currency if currency is not None else scaffold.default_currency(tag)
        if code is None:
            raise UsageError(f"--currency: CLDR gives {tag!r} no country; give --currency CODE")
        first = year if year is not None else dt.date.today().year + 1
        result = scaffold.create(directory, country, tag, code, first)
    if result.errors:
        print_problems(list(result.errors), default_format())
        fail(
            "the skeleton would not validate, so nothing was written "
            "(a bug in `roadmap init`: please report it with the command line)",
            EXIT_PROBLEMS,
        )
    typer.echo(f"wrote {directory}: {len(result.files)} files, amounts in {code}")
    for path in result.files:
        typer.echo(f"  {path}")
    if result.catalogue is not None:
        typer.echo(
            f"{result.catalogue} holds the English labels to translate: "
            f"no catalogue of the tool serves {tag}"
        )
    typer.echo(
        f"next: replace the placeholders, then `roadmap validate --data {directory}` "
        f"and `roadmap build {first} --data {directory}`"
    )
