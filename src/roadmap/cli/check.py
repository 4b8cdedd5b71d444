"""`roadmap check YEAR`: the plan's gaps, as warnings with their place."""

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ProblemFormat,
    data_option,
    default_format,
    lang_option,
    problem_format_option,
    strict_option,
    user_errors,
    year_argument,
)
from roadmap.cli.validate import dataset_own_language, print_problems

if TYPE_CHECKING:
    from roadmap.dataset import Data
    from roadmap.problems import Problem


def command(
    year: int = year_argument("Year of the plan to check (plans/YEAR.yaml)."),
    data: Path = data_option(),
    fmt: ProblemFormat | None = problem_format_option(),
    strict: bool = strict_option(),
    lang: str | None = lang_option(),
) -> None:
    """Check a plan for gaps: markets, destinations, low-season months and
    proposals with no action; actions with no KPI, owner or month; budget
    concentration.

    Validates first: data errors are printed as `roadmap validate` prints
    them. Rules are switched off or tuned in roadmap.toml (data folder) or
    [tool.roadmap] of pyproject.toml.

    Messages are in the dataset's language, or --lang; problem codes (the
    rule names) and the ids they quote stay as they are, so the `code` of
    `--format json` is stable across languages. Data errors found by the
    validation are in it too when they explain the schema (unknown key,
    wrong type...), as `roadmap validate` words them.

    Exit codes: 0 no error (warnings allowed unless --strict); 1 data or
    configuration errors, or warnings with --strict; 2 usage error.
    """
    from roadmap import config, coverage, languages
    from roadmap.messages import labels_for
    from roadmap.problems import Severity, UsageError
    from roadmap.validation import validate

    output = str(fmt or default_format())
    with user_errors():
        if lang is not None and (why := languages.malformed(lang)):
            raise UsageError(f"--lang: {why}")
        loaded, problems = validate(data, {year})
        labels = labels_for(lang, dataset_own_language(loaded), loaded.locales)  # bad --lang: 2
    settings = config.load(data)
    problems = sorted(problems + settings.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        print_problems(problems, output, labels)
        raise typer.Exit(EXIT_PROBLEMS)
    with user_errors():
        language = coverage.cli_language(loaded, lang)
    problems = sorted(problems + coverage.warnings(loaded, year, settings.rules, language))
    problems = sorted(problems + _follow_up(loaded, year, settings.progress))
    print_problems(problems, output, labels)
    raise typer.Exit(EXIT_PROBLEMS if strict and problems else EXIT_OK)


def _follow_up(loaded: "Data", year: int, progress: dict[str, float]) -> "list[Problem]":
    """A stale progress review, actions left without status (roadmap.progress.timely)."""
    from roadmap.progress import timely
    from roadmap.progress.state import Thresholds

    return timely.timely_warnings(loaded, year, timely.today(), Thresholds.from_settings(progress))
