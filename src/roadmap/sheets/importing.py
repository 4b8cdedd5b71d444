"""`roadmap import`: a sheet's rows added to the plan, all or nothing.

The order of the steps is what keeps the data safe: the data folder must
validate first (a plan with errors is not edited); every row is checked and
any error stops the import before the plan is touched; the new text only
inserts lines (`yamledit.append`); it is written atomically, validated
again, and put back as it was if the result has errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.dataset import Data
from roadmap.files import locked, write_atomic
from roadmap.problems import Problem, Severity, UsageError
from roadmap.sheets import intake as intake_
from roadmap.sheets import read as read_
from roadmap.sheets import yamledit


@dataclass
class Outcome:
    """What an import did (or, for a dry run, would do)."""

    plan_file: Path | None = None
    #: The plan file as messages name it.
    plan_display: str = ""
    #: The data folder as loaded (None when it did not validate).
    data: Data | None = None
    intake: intake_.Intake = field(default_factory=intake_.Intake)
    #: The YAML of the added records (what a dry run prints).
    added_yaml: str = ""
    #: Problems of the data folder itself, before or after the edit.
    data_problems: list[Problem] = field(default_factory=list)
    #: True when the edited plan did not validate and was put back.
    rolled_back: bool = False
    written: bool = False

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.data_problems + self.intake.problems)

    @property
    def failed(self) -> bool:
        return self.rolled_back or any(p.severity is Severity.ERROR for p in self.problems)


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def proposals(
    sheet_file: Path,
    data: Path,
    year: int,
    meeting: str | None = None,
    dry_run: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    lang: str | None = None,
) -> Outcome:
    """Import the proposals of `sheet_file` into `data`'s plan for `year`.

    Raises UsageError for a wrong call (no such file, year, meeting or
    sheet); every problem of the data or of the rows is in the outcome.
    """
    from roadmap.messages import did_you_mean
    from roadmap.validation import validate

    outcome = Outcome()
    loaded, problems = validate(data, {year})
    if _errors(problems):
        outcome.data_problems = problems
        return outcome
    plan = loaded.plans[year]
    source = loaded.plan_sources[year]
    outcome.plan_file = source.path
    outcome.plan_display = source.display
    outcome.data = loaded
    validated = source.path.read_bytes()
    if meeting is not None and meeting not in {m.id for m in plan.meetings}:
        known = [m.id for m in plan.meetings]
        raise UsageError(
            f"--meeting: the {year} plan has no meeting {meeting!r}{did_you_mean(meeting, known)}"
        )
    try:
        table = read_.read(sheet_file, str(sheet_file), sheet, encoding, separator)
    except read_.ReadError as exc:
        outcome.intake.problems.append(exc.problem)
        return outcome
    words = lang or (loaded.dataset.language if loaded.dataset else "en")
    outcome.intake = intake_.proposals(table, loaded, plan, words, meeting)
    if outcome.intake.errors or not outcome.intake.added:
        return outcome
    if dry_run:
        outcome.added_yaml = yamledit.dump(outcome.intake.added)
        return outcome
    # Held from reading the plan to checking what was written: another
    # roadmap command writing into plans/ waits, and none of its changes is lost.
    with locked([source.path.parent]):
        before = source.path.read_bytes()
        if before != validated:
            raise UsageError(
                f"{source.display} changed while the sheet was read; nothing written: run again"
            )
        # `append` only inserts whole lines (tests check the diff adds lines only)
        after = yamledit.append(
            before.decode("utf-8"), "proposals", outcome.intake.added, source.display
        )
        write_atomic(source.path, after.encode("utf-8"))
        outcome.written = True
        _loaded, problems = validate(data, {year})
        if _errors(problems):
            write_atomic(source.path, before)
            outcome.data_problems = problems
            outcome.rolled_back = True
            outcome.written = False
    return outcome


def review_text(records: list[dict[str, Any]], year: int, as_of: dt.date, source: str) -> str:
    """A new review file: a comment saying where it comes from, then its actions."""
    return (
        f"# Review of the {year} plan as of {as_of.isoformat()}, imported from {source}\n"
        "# by `roadmap import progress`.\n"
        "actions:\n" + yamledit.dump(records, 2)
    )


def progress(
    sheet_file: Path,
    data: Path,
    year: int,
    as_of: dt.date,
    dry_run: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    lang: str | None = None,
) -> Outcome:
    """Write the review `progress/YEAR/AS_OF.yaml` from a progress sheet.

    A review is a new file: one that exists already is never replaced
    (UsageError). Rolled back (removed) when the data does not validate
    with it.
    """
    from roadmap.progress.load import PROGRESS_DIR, window
    from roadmap.validation import validate

    first, last = window(year)
    if not first <= as_of <= last:
        raise UsageError(
            f"--as-of {as_of.isoformat()}: a review of the {year} plan is dated from"
            f" {first.isoformat()} to {last.isoformat()}"
        )
    target = data / PROGRESS_DIR / str(year) / f"{as_of.isoformat()}.yaml"
    if target.exists():
        raise UsageError(
            f"{target} exists already: a review is never replaced; import into another"
            " --as-of date, or edit that file"
        )
    outcome = Outcome(plan_file=target, plan_display=str(target))
    loaded, problems = validate(data, {year})
    if _errors(problems):
        outcome.data_problems = problems
        return outcome
    outcome.data = loaded
    try:
        table = read_.read(sheet_file, str(sheet_file), sheet, encoding, separator)
    except read_.ReadError as exc:
        outcome.intake.problems.append(exc.problem)
        return outcome
    words = lang or (loaded.dataset.language if loaded.dataset else "en")
    outcome.intake = intake_.progress(table, loaded.plans[year], words, as_of)
    if outcome.intake.errors or not outcome.intake.added:
        return outcome
    text = review_text(outcome.intake.added, year, as_of, sheet_file.name)
    if dry_run:
        outcome.added_yaml = text
        return outcome
    new_folder = not target.parent.exists()
    write_atomic(target, text.encode("utf-8"))
    outcome.written = True
    _loaded, problems = validate(data, {year})
    if _errors(problems):
        target.unlink()
        if new_folder:
            target.parent.rmdir()
        outcome.data_problems = problems
        outcome.rolled_back = True
        outcome.written = False
    return outcome
