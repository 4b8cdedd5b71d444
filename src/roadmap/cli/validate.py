"""`roadmap validate`: every problem in every data file, with its place."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ProblemFormat,
    data_option,
    default_format,
    is_terminal,
    lang_option,
    problem_format_option,
    strict_option,
    user_errors,
)

if TYPE_CHECKING:
    from roadmap.dataset import Data
    from roadmap.languages import Catalogue


def command(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Data files or folders to check (default: the --data folder).",
        show_default=False,
    ),
    data: Path = data_option(),
    fmt: ProblemFormat | None = problem_format_option(),
    strict: bool = strict_option(),
    lang: str | None = lang_option(),
) -> None:
    """Check the data: schema, types, unknown keys, references, duplicates and sums.

    Messages that explain a schema error, and the summary line, are in the
    dataset's language, or --lang; the `file:line:col: severity code`
    prefix and the codes stay as they are (scripts read them).

    Exit codes: 0 no problem; 1 errors (or warnings with --strict); 2 usage error.
    """
    from roadmap.languages import malformed
    from roadmap.messages import labels_for
    from roadmap.problems import Severity, UsageError
    from roadmap.validation import data_root, validate, validate_paths

    with user_errors():
        if lang is not None and (why := malformed(lang)):
            raise UsageError(f"--lang: {why}")  # before any file is read
        if paths:
            problems = validate_paths(paths)
            first = next((p for p in paths if p.exists()), None)
            own, _, locales = dataset_language(data_root(first)) if first else (None, "", {})
        else:
            loaded, problems = validate(data)
            own, locales = dataset_own_language(loaded), loaded.locales
        labels = labels_for(lang, own, locales)
    print_problems(problems, str(fmt or default_format()), labels)
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


def dataset_language(root: Path) -> "tuple[str | None, str, dict[str, Catalogue]]":
    """The `language` and `currency` of a data folder's dataset.yaml, and its catalogues.

    Read on their own, without validating the folder: a value that is not
    a well-formed tag is None (validation reports it at its place).
    """
    from roadmap import languages
    from roadmap.loader import LoadError, SourceFile

    own: str | None = None
    currency = ""
    path = root / "dataset.yaml"
    if path.is_file():
        try:
            raw = SourceFile.at(path).load()
        except LoadError:
            raw = None
        if isinstance(raw, dict):
            given, money = raw.get("language"), raw.get("currency")
            if isinstance(given, str) and languages.malformed(given) is None:
                own = given
            currency = money if isinstance(money, str) else ""
    locales, _ = languages.dataset_catalogues(root) if root.is_dir() else ({}, [])
    return own, currency, locales


def problem_labels(loaded: "Data", lang: str | None = None) -> dict[str, str]:
    """The labels a command's data problems are said in: --lang, else the dataset's.

    Never fails: a --lang with no catalogue (the command refuses it later,
    or already did) leaves the dataset's language.
    """
    from roadmap.messages import labels_for
    from roadmap.problems import UsageError

    own = dataset_own_language(loaded)
    try:
        return labels_for(lang, own, loaded.locales)
    except UsageError:
        return labels_for(None, own, loaded.locales)


def dataset_own_language(loaded: "Data") -> str | None:
    """The dataset's `language`, also when dataset.yaml has errors elsewhere
    (then read on its own, as `roadmap diff` reads it): one rule for every command."""
    if loaded.dataset is not None:
        return loaded.dataset.language
    return dataset_language(loaded.root)[0]


def print_problems(
    problems: list,  # type: ignore[type-arg]
    fmt: str,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Problems in the chosen format; text is coloured on a terminal only.

    With `labels` (a merged catalogue), messages that can be said in their
    language are, and so is the text summary; places and codes never change.
    """
    from roadmap import report
    from roadmap.messages import in_language

    problems = in_language(problems, labels)
    # NO_COLOR (https://no-color.org): the plain text a pipe gets, not rich's
    # colourless-but-bold output
    if fmt == "text" and is_terminal() and not os.environ.get("NO_COLOR"):
        _print_rich(problems, labels)
        return
    if fmt == "text" and labels is not None:
        out = text_report(problems, labels)
    else:
        out = report.REPORTERS[fmt](problems)
    typer.echo(out, nl=False)


def text_report(problems: list, labels: Mapping[str, str]) -> str:  # type: ignore[type-arg]
    """The text report (one line a problem, then the summary) in the language of `labels`."""
    from roadmap.messages import in_language, summary

    said = in_language(problems, labels)
    return "".join(p.render() + "\n" for p in said) + summary(said, labels) + "\n"


def _print_rich(problems: list, labels: Mapping[str, str] | None) -> None:  # type: ignore[type-arg]
    from rich.console import Console
    from rich.markup import escape

    from roadmap import messages, report

    def summary(problems: list) -> str:  # type: ignore[type-arg]
        return report.summary(problems) if labels is None else messages.summary(problems, labels)

    # soft_wrap: one problem stays on one line whatever the terminal's
    # width (the terminal folds it; editors and greps find it whole)
    console = Console(highlight=False, soft_wrap=True)
    for p in problems:
        colour = "red" if p.severity == "error" else "yellow"
        console.print(
            f"[bold]{escape(p.file)}:{p.line}:{p.column}:[/] [{colour}]{p.severity}[/] "
            f"[dim]{escape(p.code)}[/] {escape(p.message)}"
        )
    style = (
        "green"
        if not problems
        else ("red" if any(p.severity == "error" for p in problems) else "yellow")
    )
    console.print(f"[{style}]{summary(problems)}[/]")
