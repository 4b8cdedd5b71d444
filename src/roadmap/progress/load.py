"""Reading the progress reviews of a data folder, placed like the plan.

Reviews live in `progress/YEAR/YYYY-MM-DD.yaml`: the folder is the plan's
year, the file name the date the review is as of (there is no `date:` key,
so the two cannot disagree). A review may be dated in its plan's year or
in the first `WINDOW_MONTHS` months of the next, for a year-end review
written once the year's figures are out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from roadmap.dataset import PLANS_DIR, Data, validate_itemwise
from roadmap.findings import Finding
from roadmap.loader import LoadError, SourceFile
from roadmap.problems import Problem
from roadmap.progress.models import Review

PROGRESS_DIR = "progress"
REVIEW_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.ya?ml$")
YEAR_NAME = re.compile(r"^\d{4}$")
#: Months of the next year in which a year-end review may still be dated.
WINDOW_MONTHS = 3


def window(year: int) -> tuple[dt.date, dt.date]:
    """First and last day a review of `year`'s plan may be as of."""
    last = calendar.monthrange(year + 1, WINDOW_MONTHS)[1]
    return dt.date(year, 1, 1), dt.date(year + 1, WINDOW_MONTHS, last)


def review_date(path: Path) -> dt.date | None:
    """The date a review file's name gives, or None when it gives none."""
    match = REVIEW_NAME.match(path.name)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:  # 2026-02-30
        return None


def review_files(root: Path, years: set[int] | None = None) -> list[tuple[int | None, Path]]:
    """Every YAML file under `progress/`, with the year of its folder (None: not a year)."""
    folder = root / PROGRESS_DIR
    if not folder.is_dir():
        return []
    found: list[tuple[int | None, Path]] = []
    for path in sorted(folder.rglob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        parent = path.parent
        year = (
            int(parent.name) if parent.parent == folder and YEAR_NAME.match(parent.name) else None
        )
        if years is not None and year not in years:
            continue
        found.append((year, path))
    return found


def is_review_path(path: Path) -> bool:
    """Whether a file path names a review (`.../progress/YEAR/NAME.yaml`)."""
    return path.parent.parent.name == PROGRESS_DIR and path.suffix in (".yaml", ".yml")


def load_reviews(
    data: Data,
    years: set[int] | None,
    base: Path | None,
    problems: list[Problem],
    findings: list[Finding],
) -> None:
    """Read every review (of `years` only, if given) into `data.reviews`."""
    root = data.root
    for year, path in review_files(root, years):
        source = SourceFile.at(path, base)
        date = review_date(path)
        if year is None or date is None:
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    "review-name",
                    "a review is progress/YEAR/YYYY-MM-DD.yaml: the plan's year, then the date "
                    "it is as of",
                )
            )
            continue
        first, last = window(year)
        if not first <= date <= last:
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    "review-date",
                    f"review dated {date} lies outside {year}'s window: from {first} to {last} "
                    f"(the plan's year and the first {WINDOW_MONTHS} months of the next)",
                )
            )
            continue
        if not any((root / PLANS_DIR / f"{year}{ext}").is_file() for ext in (".yaml", ".yml")):
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    "review-no-plan",
                    f"review of {year}, but there is no plan for {year} "
                    f"({PLANS_DIR}/{year}.yaml not found)",
                )
            )
            continue
        sources = data.review_sources.setdefault(year, {})
        if date in sources:
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    "duplicate-review",
                    f"a second review dated {date}: {sources[date].display} has that date",
                )
            )
            continue
        sources[date] = source
        try:
            raw = source.load()
        except LoadError as exc:
            problems.extend(exc.problems)
            if exc.data is None:
                continue
            raw = exc.data
        # actions one by one: a year-end review lists them all
        review = validate_itemwise(source, raw, Review, findings, "actions")[0]
        if review is not None:
            data.reviews.setdefault(year, {})[date] = review
