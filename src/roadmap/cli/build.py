"""`roadmap build YEAR`: the plan as Markdown and self-contained HTML."""

import datetime as dt
import enum
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    data_option,
    default_format,
    fail,
    format_option,
    is_terminal,
    user_errors,
    year_argument,
)

if TYPE_CHECKING:
    from roadmap.render.view.audience import Audience

#: Plan files larger than this show a progress display on a terminal
#: (about 1,700 actions: below it a build takes well under a second).
PROGRESS_BYTES = 1_000_000


class Format(enum.StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    all = "all"


class AnnexPart(enum.StrEnum):
    warnings = "warnings"


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--date must be a date as YYYY-MM-DD, got {value!r}")


@contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[str], None]]:
    """A transient progress bar on a terminal; a no-op otherwise."""
    if not show:
        yield lambda _step: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("validate", total=total)

        def step(name: str) -> None:
            progress.update(task, advance=1, description=name)

        yield step


def command(
    year: int = year_argument("Year of the plan to build (plans/YEAR.yaml)."),
    data: Path = data_option(),
    fmt: Format = format_option(
        Format, Format.all, "md, html, pdf or all (pdf included when roadmap[pdf] is installed)."
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help=(
            "Language of the document, a BCP 47 tag: fr, en-GB, pt-PT ..."
            " (default: the dataset's `language`)."
        ),
        show_default=False,
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder the files go to (default: build).", show_default=False
    ),
    stdout: bool = typer.Option(
        False, "--stdout", help="Print the document instead of writing files (one format)."
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        help="Folder of templates that override the packaged ones by name.",
        show_default=False,
    ),
    date: str | None = typer.Option(
        None,
        "--date",
        help="Edition date shown on the cover, YYYY-MM-DD (default: none, for identical output).",
        show_default=False,
    ),
    annex: list[AnnexPart] = typer.Option(
        [],
        "--annex",
        help=(
            "Add to the annex: `warnings`, roadmap check's points of attention, which"
            " otherwise appear only in a draft (adoption status draft, or none)."
        ),
        show_default=False,
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no summary."),
    market: list[str] | None = typer.Option(
        None,
        "--market",
        metavar="ID",
        help="Build the pack of this market instead of the plan (repeatable).",
        show_default=False,
    ),
    region: list[str] | None = typer.Option(
        None,
        "--region",
        metavar="ID",
        help="Build the pack of this region instead of the plan (repeatable).",
        show_default=False,
    ),
    partner: list[str] | None = typer.Option(
        None,
        "--partner",
        metavar="ID",
        help="Build the pack of this partner instead of the plan (repeatable).",
        show_default=False,
    ),
    packs: bool = typer.Option(
        False,
        "--packs",
        help="Build every market, region and partner pack, and their index, instead of the plan.",
    ),
) -> None:
    """Render a year's plan: plan-YEAR.LANG.md, .html and .pdf in --out.

    The PDF (A4, fonts embedded, for signature) needs the extra:
    pip install "roadmap[pdf]".

    Validates the data first: with errors, prints them as `roadmap validate`
    does and writes nothing; so does an error in the rule configuration
    (roadmap.toml), as `roadmap check` prints it. Exit codes: 0 built; 1 the
    data or the configuration has errors; 2 usage error (bad option,
    unwritable --out, missing folder, broken --templates template, unknown
    --market/--region/--partner id).

    With --market, --region or --partner, writes those audiences' packs
    instead (market-FR-YEAR.LANG.FMT ...); with --packs, every market, region
    and partner pack and their index, packs-YEAR.LANG.FMT.
    """
    if stdout and fmt is Format.all:
        fail("--stdout prints one document: choose --format md, --format html or --format pdf")
    if stdout and out is not None:
        fail("--stdout and --out do not go together")
    edition = _date(date)
    from roadmap.render import pdf

    if fmt is Format.pdf and (lacking := pdf.missing()):
        fail(f"--format pdf {lacking}")
    if fmt is Format.all:
        formats = ["md", "html", "pdf"] if pdf.available() else ["md", "html"]
    else:
        formats = [str(fmt)]
    asked = _audiences(market, region, partner)
    if packs and asked:
        fail("--packs builds every pack: leave out --market, --region and --partner")
    if stdout and (packs or len(asked) > 1):
        fail("--stdout prints one document: ask for one pack with --market, --region or --partner")

    from roadmap import config
    from roadmap.build import print_document, render, write
    from roadmap.cli.validate import print_problems, problem_labels, text_report
    from roadmap.problems import Severity
    from roadmap.validation import validate

    plan_file = data / "plans" / f"{year}.yaml"
    show = not quiet and not stdout and is_terminal() and _size(plan_file) > PROGRESS_BYTES
    with user_errors(), _progress(show, 2 + len(formats) + 1) as step:
        loaded, problems = validate(data, years={year})
        # A broken roadmap.toml fails the build as it fails `check`.
        settings = config.load(data)
        problems = sorted(problems + settings.problems)
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format(), problem_labels(loaded, lang))
            raise typer.Exit(EXIT_PROBLEMS)
        if problems and not quiet:
            typer.echo(text_report(problems, problem_labels(loaded, lang)), err=True, nl=False)
        step("render")
        if packs or asked:
            from roadmap.build import render_packs

            docs = render_packs(
                loaded, year, asked or None, formats, lang, templates, edition, step,
                settings.progress, stream=not stdout,
            )  # fmt: skip
        else:
            docs = render(
                loaded,
                year,
                formats,
                lang,
                templates,
                edition,
                step,
                settings.progress,
                warnings=AnnexPart.warnings in annex,
                # printed whole: a failing user template prints nothing
                stream=not stdout,
                release=True,
            )
        if stdout:
            print_document(docs[0], sys.stdout)
            raise typer.Exit(EXIT_OK)
        # The documents are streamed from the view alone: the data's models
        # (most of a large plan's memory) are freed before they are written.
        del loaded
        step("write")
        paths = write(docs, out or Path("build"))
    if not quiet and packs:
        index = [p for p in paths if p.name.startswith("packs-")]
        typer.echo(f"wrote {len(paths)} files; the index: {', '.join(map(str, index))}")
    elif not quiet:
        for path in paths:
            typer.echo(f"wrote {path}")
    raise typer.Exit(EXIT_OK)


def _audiences(
    market: list[str] | None, region: list[str] | None, partner: list[str] | None
) -> "list[Audience]":
    from roadmap.render.view.audience import Audience

    return [
        Audience(kind, ident)
        for kind, ids in (("market", market), ("region", region), ("partner", partner))
        for ident in ids or []
    ]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
