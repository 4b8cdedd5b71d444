"""`validate`: load data folders, run every check, return placed problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from roadmap.checks import check
from roadmap.dataset import CATALOGUES, PLAN_NAME, PLANS_DIR, Data, load, plan_files
from roadmap.findings import resolve
from roadmap.languages import LOCALES
from roadmap.loader import SourceFile
from roadmap.messages import did_you_mean
from roadmap.problems import Problem, Severity, UsageError
from roadmap.progress.load import is_review_path


def data_root(path: Path) -> Path:
    """The data folder a path belongs to (a folder is its own root).

    A `plans` folder belongs to the data folder around it, unless it is a
    data folder itself.
    """
    if path.is_dir():
        if path.resolve().name == PLANS_DIR and not (path / "dataset.yaml").exists():
            return path.parent if path.name == PLANS_DIR else path / ".."
        return path
    if path.parent.name == PLANS_DIR:
        return path.parent.parent
    if is_review_path(path):
        return path.parent.parent.parent
    if path.parent.name == LOCALES:
        return path.parent.parent
    return path.parent


def _stray_files(root: Path, base: Path | None) -> list[Problem]:
    """YAML files a data folder holds but never reads: usually a typo."""
    problems = []
    for path in sorted(root.glob("*.y*ml")):
        if path.name not in CATALOGUES:
            display = SourceFile.at(path, base).display
            hint = did_you_mean(path.name, CATALOGUES)
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "unknown-file",
                    f"not a data file, so it is not read{hint}",
                    Severity.WARNING,
                )
            )
    return problems


def _check_years(root: Path, years: set[int]) -> None:
    """Asking for a year that has no plan file is a usage error, not a data one."""
    have: set[int] = set()
    for path in plan_files(root):
        match = PLAN_NAME.match(path.name)
        if match is not None:
            have.add(int(match.group(1)))
    missing = sorted(years - have)
    if missing:
        year = missing[0]
        here = "plans here: " + ", ".join(map(str, sorted(have))) if have else "no plan here yet"
        raise UsageError(
            f"no plan for {year}: {root / PLANS_DIR / f'{year}.yaml'} not found; {here}"
        )


def validate(
    root: Path,
    years: set[int] | None = None,
    base: Path | None = None,
    known_proposals: Mapping[Path, tuple[str, frozenset[str]]] | None = None,
) -> tuple[Data, list[Problem]]:
    """The data folder's content and every problem in it, sorted by place.

    `known_proposals`: the proposal ids of plan files left out (`years`), as
    read earlier with their digest; a file whose digest is still that one is
    not read again for them (`Data.known_proposals`)."""
    if root.is_file():
        raise UsageError(f"{root} is a file, not a data folder")
    if not root.is_dir():
        raise UsageError(f"data folder not found: {root}")
    if years:
        _check_years(root, years)
    result = load(root, years, base)
    if known_proposals:
        result.data.known_proposals.update(known_proposals)
    problems = result.problems + resolve(result.findings + check(result.data))
    problems += _stray_files(root, base)
    return result.data, sorted(problems)


def validate_paths(paths: Iterable[Path], base: Path | None = None) -> list[Problem]:
    """Problems of every data folder the paths belong to, each folder once."""
    roots: dict[Path, Path] = {}  # resolved -> as the user named it, for messages
    problems: list[Problem] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
        if (
            path.is_file()
            and path.name not in CATALOGUES
            and not (path.parent.name == PLANS_DIR and PLAN_NAME.match(path.name))
            and not is_review_path(path)
            and not (path.parent.name == LOCALES and path.suffix in (".yaml", ".yml"))
        ):
            display = SourceFile.at(path, base).display
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "unknown-file",
                    "not a data file: expected one of "
                    + ", ".join(CATALOGUES)
                    + ", plans/YEAR.yaml, progress/YEAR/YYYY-MM-DD.yaml or locales/TAG.yaml",
                )
            )
            continue
        root = data_root(path)
        roots.setdefault(root.resolve(), root)
    for root in roots.values():
        problems += validate(root, base=base)[1]
    # dict, not set: a repeated problem is dropped, the others keep the
    # order they were found in (a set's order changes from run to run)
    return sorted(dict.fromkeys(problems))
