"""`roadmap progress YEAR`: the plan's state at a date, from its progress reviews."""

import datetime as dt
import enum
import re
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from roadmap.cli.common import (
    EXIT_FAIL_ON,
    EXIT_OK,
    EXIT_PROBLEMS,
    choice_parser,
    data_option,
    default_format,
    format_option,
    is_terminal,
    user_errors,
    year_argument,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from roadmap.progress.report import View


class Format(enum.StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


class FailOn(enum.StrEnum):
    at_risk = "at-risk"
    missed = "missed"


#: --fail-on value -> the verdicts that trip it.
_TRIPS = {FailOn.at_risk: {"at-risk", "missed"}, FailOn.missed: {"missed"}}


def _day(value: str | dt.date) -> dt.date:
    """A day written YYYY-MM-DD (only that: fromisoformat also takes 20260630)."""
    if isinstance(value, dt.date):
        return value
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected a date written YYYY-MM-DD") from None


def command(
    year: int = year_argument("Year of the plan (plans/YEAR.yaml, reviews in progress/YEAR/)."),
    data: Path = data_option(),
    as_of: dt.date | None = typer.Option(
        None,
        "--as-of",
        parser=_day,
        metavar="YYYY-MM-DD",
        help="State at this date, from the reviews dated up to it (default: the latest review's"
        " date, or today's within the year when there is none).",
        show_default=False,
    ),
    fmt: Format = format_option(Format, Format.text, "text, json, md or html."),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the report, any format but json (default: the dataset's `language`).",
        show_default=False,
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Write the report to this file instead of printing it.",
        show_default=False,
    ),
    fail_on: FailOn | None = typer.Option(
        None,
        "--fail-on",
        parser=choice_parser(FailOn),
        metavar="<at-risk|missed>",
        help="Exit 3 when a target is at risk or missed (at-risk), or missed (missed).",
        show_default=False,
    ),
) -> None:
    """Show a year's plan as of a date: targets against actuals with a verdict
    (met, on track, at risk, missed), budget planned, committed and spent by
    lever, zone, region and partner, actions by status and the late ones,
    and what became of the proposals.

    Validates first: data or configuration errors are printed as `roadmap
    validate` prints them. Verdict thresholds are set in roadmap.toml's
    [progress] table. Exit codes: 0 shown; 1 data or configuration errors;
    2 usage error; 3 --fail-on tripped.
    """
    from roadmap import config
    from roadmap.cli.validate import print_problems, problem_labels, text_report
    from roadmap.files import write_files
    from roadmap.i18n import Language
    from roadmap.problems import Severity, UsageError
    from roadmap.progress.load import window
    from roadmap.progress.report import View, names, state_of
    from roadmap.progress.state import default_as_of
    from roadmap.validation import validate

    day = as_of
    with user_errors():
        loaded, problems = validate(data, {year})
        settings = config.load(data)
        problems = sorted(problems + settings.problems)
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format(), problem_labels(loaded, lang))
            raise typer.Exit(EXIT_PROBLEMS)
        first, last = window(year)
        if day is not None and not first <= day <= last:
            raise UsageError(f"--as-of {day} lies outside {year}'s window: {first} to {last}")
        reviews = loaded.reviews.get(year, {})
        when = day or default_as_of(reviews, year, dt.date.today())
        dataset = loaded.dataset or _no_dataset()
        state = state_of(loaded, year, when, settings.progress)
        language = Language(
            lang or dataset.language, dataset.language, dataset.currency, loaded.locales
        )
    if problems:  # warnings: on stderr, so stdout stays the report
        typer.echo(text_report(problems, problem_labels(loaded, lang)), err=True, nl=False)
    view = View(state, language, names(loaded, year))
    if out is not None:
        with user_errors():
            write_files([(out, _renderer(fmt)(view))])
        typer.echo(f"wrote {out}")
    elif fmt is Format.text and is_terminal():
        _print_rich(view)
    else:
        typer.echo(_renderer(fmt)(view), nl=False)
    worst = {t.verdict for t in state.targets}
    if fail_on is not None and worst & _TRIPS[fail_on]:
        raise typer.Exit(EXIT_FAIL_ON)
    raise typer.Exit(EXIT_OK)


def _renderer(fmt: Format) -> "Callable[[View], str]":
    """The render function of a format: the core's (text, json) or a document's (md, html)."""
    from roadmap.progress.report import RENDERERS
    from roadmap.progress.report_html import html
    from roadmap.progress.report_md import markdown

    return {**RENDERERS, "md": markdown, "html": html}[str(fmt)]


def _no_dataset() -> NoReturn:
    # unreachable: validate reports a missing or invalid dataset.yaml as an error
    from roadmap.problems import RoadmapError

    raise RoadmapError("dataset.yaml did not load")


def _print_rich(view: "View") -> None:
    """Rich tables on a terminal; rich itself honours NO_COLOR. Cells are Text, never markup."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    from roadmap.progress.labels import label
    from roadmap.progress.report import headline, partner_share, tables

    console = Console(highlight=False)
    for i, line in enumerate(headline(view)):
        console.print(Text(line, style="bold" if i == 0 else ""))
    styles = {
        label(view.lang, f"verdict.{v}"): style
        for v, style in (("met", "green"), ("on-track", "green"), ("at-risk", "yellow"))
    }
    styles[label(view.lang, "verdict.missed")] = "red"
    for table in tables(view):
        rt = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD)
        for header, numeric in zip(table.headers, table.numeric, strict=True):
            rt.add_column(header, justify="right" if numeric else "left", overflow="fold")
        for row in table.rows:
            rt.add_row(*(Text(cell, style=styles.get(cell, "")) for cell in row))
        console.print(rt)
        if table.title == label(view.lang, "budget.partners"):
            console.print(Text(partner_share(view)))
