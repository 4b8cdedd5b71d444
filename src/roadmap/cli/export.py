"""`roadmap export YEAR --format csv|json`: a plan's actions for other tools."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from roadmap.cli.common import (
    EXIT_PROBLEMS,
    data_option,
    default_format,
    format_option,
    user_errors,
    year_argument,
)
from roadmap.cli.validate import print_problems


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"


def command(
    year: int = year_argument("Year of the plan to export."),
    fmt: ExportFormat = format_option(
        ExportFormat, ..., "csv (spreadsheets) or json.", show_default=False
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: standard output).", show_default=False
    ),
    data: Path = data_option(),
) -> None:
    """Export the plan's actions, one row each: markets, zones, region,
    destination, lever, owner and co-owners, months, budget, co-financing,
    KPIs, answered proposals.

    CSV: UTF-8 with BOM, comma, CRLF; cells that a spreadsheet would run as
    a formula start with an apostrophe. Exit codes: 0 written; 1 the data has
    errors; 2 usage error.
    """
    from roadmap import export
    from roadmap.files import write_atomic
    from roadmap.problems import Severity
    from roadmap.validation import validate

    with user_errors():
        loaded, problems = validate(data, {year})
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format())
            raise typer.Exit(EXIT_PROBLEMS)
        dataset = loaded.dataset
        content = export.export(
            loaded.plans[year],
            loaded.markets,
            str(fmt),
            dataset.language if dataset else "en",
            dataset.currency if dataset else "",
        )
        if out is not None:
            write_atomic(out, content)
            return
    sys.stdout.buffer.write(content.encode("utf-8"))
    sys.stdout.flush()
