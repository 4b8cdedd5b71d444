"""`roadmap new YEAR --from PREVIOUS`: start next year's plan from this year's."""

from pathlib import Path

import typer

from roadmap.cli.common import (
    EXIT_PROBLEMS,
    data_option,
    default_format,
    fail,
    parse_year,
    user_errors,
    year_argument,
)
from roadmap.cli.validate import print_problems, problem_labels


def command(
    year: int = year_argument("Year of the new plan."),
    previous: int = typer.Option(
        ...,
        "--from",
        parser=parse_year,
        metavar="YEAR",
        help="Year of the plan to start from.",
        show_default=False,
    ),
    data: Path = data_option(),
    force: bool = typer.Option(
        False, "--force", help="Replace an existing plan, keeping a copy as YEAR.yaml.bak."
    ),
) -> None:
    """Write plans/YEAR.yaml from the PREVIOUS plan: recurring actions (status
    reset, results removed), open and deferred proposals, objectives with the previous
    targets as baselines.

    Never overwrites a plan unless --force. Exit codes: 0 written; 1 the
    previous plan has errors (or the new one would have: nothing is left
    behind); 2 usage error (YEAR not a plan year or not after PREVIOUS, file
    exists, nothing to carry).
    """
    from roadmap import rollover
    from roadmap.dataset import PLANS_DIR
    from roadmap.problems import Severity, UsageError
    from roadmap.validation import validate

    target = data / PLANS_DIR / f"{year}.yaml"
    with user_errors():
        rollover.check_years(year, previous)
        if target.exists() and not force:
            raise UsageError(
                f"{target} already exists; use --force to replace it (a backup is kept)"
            )
        # before the plans are read: the new plan's validation reuses the
        # proposal ids read now only from files unchanged since
        digests = rollover.plan_digests(data)
        loaded, problems = validate(data, {previous})
        if any(p.severity is Severity.ERROR for p in problems):
            print_problems(problems, default_format(), problem_labels(loaded))
            raise typer.Exit(EXIT_PROBLEMS)
        source = loaded.plan_sources[previous]
        language = loaded.dataset.language if loaded.dataset is not None else "en"
        result = rollover.roll(
            loaded.plans[previous],
            year,
            rollover.schema_line_of(source.path),
            language,
            loaded.reviews.get(previous),
            loaded.locales,
        )
        # the labels are all the rest needs of it: the previous plan's models
        # are freed before the new one is loaded to be validated
        words = problem_labels(loaded)
        known = rollover.known_proposals(digests, loaded)
        del loaded
        backup, errors = rollover.write_validated(data, result, force, known)
    if errors:
        print_problems(errors, default_format(), words)
        fail(
            f"the new {year} plan would not validate, so it was not written "
            "(a bug in `roadmap new`: please report it with the previous plan)",
            EXIT_PROBLEMS,
        )
    # what it did, in the dataset's language, as the note it wrote
    if backup is not None:
        typer.echo(words["new.out.backup"].format(name=target.name, backup=backup))
    if result.from_actuals:
        baselines = words["new.out.from-actuals"].format(
            actuals=result.from_actuals,
            others=result.targets - result.from_actuals,
            previous=result.previous,
        )
    else:
        baselines = words["new.out.from-targets"].format(previous=result.previous)
    said = words["new.out.wrote"].format(
        path=target,
        actions=len(result.actions),
        proposals=len(result.proposals),
        targets=result.targets,
        baselines=baselines,
    )
    typer.echo(said)
