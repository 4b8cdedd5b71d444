"""`roadmap diff A B`: what changed between two plans, for people and tools."""

import datetime as dt
import enum
import re
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    data_option,
    default_format,
    format_option,
    is_terminal,
    user_errors,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from roadmap.diff_report import Table
    from roadmap.i18n import Language
    from roadmap.problems import Problem


class Format(enum.StrEnum):
    text = "text"
    md = "md"
    json = "json"


def command(
    a: str = typer.Argument(
        ...,
        metavar="A",
        help="Before: a year of --data, a plan file, a data folder, or YEAR@YYYY-MM-DD.",
    ),
    b: str = typer.Argument(
        ...,
        metavar="B",
        help="After: a year of --data, a plan file, a data folder, or YEAR@YYYY-MM-DD.",
    ),
    data: Path = data_option("The data folder (years and lone plan files)."),
    fmt: Format = format_option(Format, Format.text, "text, md or json."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when the plans differ, 0 when they do not."
    ),
    order: bool = typer.Option(False, "--order", help="Report changes of list order too."),
    label_a: str | None = typer.Option(
        None, "--label-a", metavar="TEXT", help="Name A by this in the report (default: A)."
    ),
    label_b: str | None = typer.Option(
        None, "--label-b", metavar="TEXT", help="Name B by this in the report (default: B)."
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help=(
            "Language of the text and Markdown reports, a BCP 47 tag: fr, en-GB, ar-MA ..."
            " (default: the --data folder's `language`; JSON keys stay English)."
        ),
        show_default=False,
    ),
) -> None:
    """Compare two plans by id: what became of the earlier plan's proposals, markets and
    destinations, budget shift; then added, removed and changed records, target deltas.

    Or two reviews of one year, written YEAR@YYYY-MM-DD (the plan's state as of
    that day, from the reviews dated up to it; YEAR@latest: the latest review's
    date): targets whose verdict changed or whose actual moved, actions whose
    status changed and the newly late, money committed and spent by lever,
    proposals whose status changed.

    Headings, labels and numbers are in the dataset's language, or --lang;
    data text given per language shows in it too. JSON keys, kinds and
    statuses stay English, for machines.

    Exit codes: 0 success (with --exit-code: 0 no difference, 1 differences);
    2 usage or data error.
    """
    from roadmap import diff_report
    from roadmap.diff import compare, load_sides
    from roadmap.problems import DataError, UsageError

    with user_errors():
        words, labels = report_language(data, lang)
    if is_review_spec(a) or is_review_spec(b):
        _reviews(a, b, data, fmt, exit_code, order, label_a, label_b, words, labels)
    with user_errors():
        for option, label in (("--label-a", label_a), ("--label-b", label_b)):
            if label is not None and not label.strip():
                raise UsageError(f"{option} must not be empty")
        try:
            before, after = load_sides(a, b, data)
        except DataError as exc:
            _print_data_errors(exc.problems, fmt, labels)
            raise typer.Exit(EXIT_USAGE) from None
    before.label = label_a or before.label
    after.label = label_b or after.label
    result = compare(before, after, order)
    if fmt is Format.text and is_terminal():
        _print_rich(diff_report.headline(result, words), diff_report.tables(result, words))
    else:
        typer.echo(diff_report.RENDERERS[str(fmt)](result, words), nl=False)
    raise typer.Exit(EXIT_PROBLEMS if exit_code and result.differs else EXIT_OK)


def report_language(data: Path, tag: str | None) -> "tuple[Language, dict[str, str]]":
    """The language a report is in: `tag`, else the data folder's, else English;
    and the labels data errors are said in (as `roadmap validate` says them).

    Read from dataset.yaml and the folder's `locales/` alone, before the
    plans: a bad --lang is a usage error (exit 2) whatever the sides are.
    A folder whose dataset.yaml does not read (or a lone plan file's, which
    has none) gets English, and so does a dataset language that cannot
    word a report (its errors are validation's business, reported as such).
    """
    from roadmap import languages
    from roadmap.cli.validate import dataset_language
    from roadmap.i18n import Language
    from roadmap.messages import labels_for
    from roadmap.problems import UsageError

    given, currency, locales = dataset_language(data)
    labels = labels_for(tag, given, locales)
    own = given or languages.REFERENCE
    if tag is not None:
        return Language(tag, own, currency, locales), labels
    try:
        return Language(own, own, currency, locales), labels
    except UsageError:
        ref = languages.REFERENCE
        return Language(ref, ref, currency, locales), labels


_REVIEW_SPEC = re.compile(r"([0-9]{4})@(.*)", re.DOTALL)


def is_review_spec(arg: str) -> bool:
    """`YEAR@...`: a year's plan as of a date, not a plan (a file's name starts otherwise)."""
    return _REVIEW_SPEC.fullmatch(arg) is not None


def _review_spec(arg: str, name: str) -> tuple[int, str]:
    """The year and the date text of `YEAR@YYYY-MM-DD` or `YEAR@latest`; UsageError else."""
    from roadmap.problems import UsageError

    match = _REVIEW_SPEC.fullmatch(arg)
    if match is None:
        raise UsageError(
            f"{name} {arg!r}: compare two reviews as YEAR@YYYY-MM-DD on both sides"
            " (or two plans, neither with @)"
        )
    return int(match.group(1)), match.group(2)


def _as_of(year: int, when: str, arg: str, reviews: "Collection[dt.date]") -> dt.date:
    """The date a side is as of: a day of the year's review window, or the latest review's."""
    from roadmap.problems import UsageError
    from roadmap.progress.load import window

    if when == "latest":
        if not reviews:
            raise UsageError(f"{arg}: {year} has no progress review")
        return max(reviews)
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", when):
            raise ValueError
        day = dt.date.fromisoformat(when)
    except ValueError:
        raise UsageError(
            f"{arg!r}: expected YEAR@YYYY-MM-DD (a day such as {year}-06-30) or YEAR@latest"
        ) from None
    first, last = window(year)
    if not first <= day <= last:
        raise UsageError(f"{arg}: {day} lies outside {year}'s review window: {first} to {last}")
    return day


def _reviews(
    a: str,
    b: str,
    data: Path,
    fmt: Format,
    exit_code: bool,
    order: bool,
    label_a: str | None,
    label_b: str | None,
    words: "Language",
    labels: "Mapping[str, str]",
) -> NoReturn:
    """`roadmap diff YEAR@DATE YEAR@DATE`: two states of one year's plan compared."""
    from roadmap import config
    from roadmap.problems import Severity, UsageError
    from roadmap.progress import compare_report
    from roadmap.progress.compare import Side, compare_states
    from roadmap.progress.report import state_of
    from roadmap.validation import validate

    with user_errors():
        (year, when_a), (year_b, when_b) = _review_spec(a, "A"), _review_spec(b, "B")
        if year != year_b:
            raise UsageError(f"{a} and {b}: two reviews compared must be of one year")
        if order:
            raise UsageError("--order compares plans' lists; it does not apply to reviews")
        for option, label in (("--label-a", label_a), ("--label-b", label_b)):
            if label is not None and not label.strip():
                raise UsageError(f"{option} must not be empty")
        loaded, problems = validate(data, {year})
        settings = config.load(data)
        problems = sorted(problems + settings.problems)
        if any(p.severity is Severity.ERROR for p in problems):
            _print_data_errors(problems, fmt, labels)
            raise typer.Exit(EXIT_USAGE)
        reviews = loaded.reviews.get(year, {})
        days = _as_of(year, when_a, a, reviews), _as_of(year, when_b, b, reviews)
    before, after = (
        Side(label or arg, state_of(loaded, year, day, settings.progress))
        for arg, label, day in ((a, label_a, days[0]), (b, label_b, days[1]))
    )
    result = compare_states(before, after)
    if fmt is Format.text and is_terminal():
        _print_rich(compare_report.headline(result, words), compare_report.tables(result, words))
    else:
        typer.echo(compare_report.RENDERERS[str(fmt)](result, words), nl=False)
    raise typer.Exit(EXIT_PROBLEMS if exit_code and result.differs else EXIT_OK)


def _print_data_errors(problems: "list[Problem]", fmt: Format, labels: "Mapping[str, str]") -> None:
    """Data errors as validate prints them: JSON with --format json, else text,
    or workflow annotations under GitHub Actions; in the report's language."""
    from roadmap.cli.validate import print_problems
    from roadmap.messages import in_language
    from roadmap.report import github

    if fmt is Format.json:
        print_problems(problems, "json", labels)
    elif default_format() == "github":
        # To stderr: the runner reads annotations from either stream, and a
        # workflow sends diff's stdout (the report) to a file, such as
        # `--format md >> "$GITHUB_STEP_SUMMARY"`, where they would be lost.
        typer.echo(github(in_language(problems, labels)), nl=False, err=True)
    else:
        print_problems(problems, "text", labels)


_KIND_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "reordered": "blue"}


def _print_rich(headline: str, tables: "list[Table]") -> None:
    """Rich tables on a terminal; rich itself honours NO_COLOR."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False)
    console.print(Text(headline, style="bold"))
    for table in tables:
        if table.intro or not table.headers:
            # the story's counts go between the title and the table
            console.print(Text(table.title, style="italic"))
            for line in table.intro:
                console.print(Text(line))
            if not table.headers:
                continue
        title = None if table.intro else table.title
        rt = RichTable(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        for header, numeric in zip(table.headers, table.numeric, strict=True):
            rt.add_column(header, justify="right" if numeric else "left", overflow="fold")
        kinds = table.kinds or ("",) * len(table.rows)
        for row, kind in zip(table.rows, kinds, strict=True):
            rt.add_row(*(Text(cell) for cell in row), style=_KIND_STYLE.get(kind, ""))
        console.print(rt)
