"""Loading a data folder: every file read, every record validated.

A data folder holds `dataset.yaml`, `markets.yaml`, `regions.yaml`,
`levers.yaml`, `sectors.yaml`, `partners.yaml` and `plans/YEAR.yaml`, and
may hold its own message catalogues in `locales/<tag>.yaml`.
`load` never stops at the first problem: a file that fails is reported and
left out, the others are still checked, so one run shows everything.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from roadmap import models
from roadmap.findings import Finding
from roadmap.languages import Catalogue, dataset_catalogues
from roadmap.loader import LoadError, SourceFile
from roadmap.messages import explain
from roadmap.problems import Problem

if TYPE_CHECKING:
    from roadmap.progress.models import Review

M = TypeVar("M", bound=BaseModel)

#: File name -> root model, for the files every data folder has.
CATALOGUES: dict[str, type[BaseModel]] = {
    "dataset.yaml": models.Dataset,
    "markets.yaml": models.MarketsFile,
    "regions.yaml": models.RegionsFile,
    "levers.yaml": models.LeversFile,
    "sectors.yaml": models.SectorsFile,
    "partners.yaml": models.PartnersFile,
}
PLANS_DIR = "plans"
PLAN_NAME = re.compile(r"^(\d{4})\.ya?ml$")


@dataclass
class Data:
    """A data folder's validated content; `None` where a file failed."""

    root: Path
    sources: dict[str, SourceFile] = field(default_factory=dict)
    dataset: models.Dataset | None = None
    markets: models.MarketsFile | None = None
    regions: models.RegionsFile | None = None
    levers: models.LeversFile | None = None
    sectors: models.SectorsFile | None = None
    partners: models.PartnersFile | None = None
    plans: dict[int, models.Plan] = field(default_factory=dict)
    plan_sources: dict[int, SourceFile] = field(default_factory=dict)
    #: Plans whose only schema errors are in some actions: the plan with its
    #: valid actions, and each one's row in the file. Never rendered; only
    #: checked across files, so one run also shows the reference mistakes
    #: of the actions that are well formed.
    partial_plans: dict[int, tuple[models.Plan, list[int]]] = field(default_factory=dict)
    #: Progress reviews per plan year, by the date they are as of
    #: (`progress/YEAR/YYYY-MM-DD.yaml`, read by `roadmap.progress.load`).
    reviews: dict[int, dict[dt.date, Review]] = field(default_factory=dict)
    review_sources: dict[int, dict[dt.date, SourceFile]] = field(default_factory=dict)
    #: The dataset's own message catalogues (`locales/<tag>.yaml`), by tag.
    locales: dict[str, Catalogue] = field(default_factory=dict)
    #: How many destinations of each role a region has: (at least, at most or
    #: None), from roadmap.toml's `[roles]` or `config.ROLES`.
    roles: dict[str, tuple[int, int | None]] = field(default_factory=dict)


@dataclass
class LoadResult:
    data: Data
    problems: list[Problem]
    findings: list[Finding]


def validate_model(
    source: SourceFile, raw: Any, model: type[M], findings: list[Finding]
) -> M | None:
    """The model for `raw`, or None with one finding per pydantic error."""
    if not isinstance(raw, dict):
        findings.append(
            Finding(
                source,
                (),
                "not-a-mapping",
                f"expected a mapping of keys to values at the top of the file, "
                f"got {'a list' if isinstance(raw, list) else 'a single value'}",
            )
        )
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, code, message, at_key = explain(error, model)
            findings.append(Finding(source, loc, code, message, at_key=at_key))
        return None


def _valid_actions_only(raw: Any) -> tuple[models.Plan, list[int]] | None:
    """The plan without its invalid actions, if only actions were invalid."""
    if not isinstance(raw, dict) or not isinstance(raw.get("actions"), list):
        return None
    adapter: TypeAdapter[models.Action] = TypeAdapter(models.Action)
    kept: list[models.Action] = []
    rows: list[int] = []
    for row, item in enumerate(raw["actions"]):
        try:
            kept.append(adapter.validate_python(item))
        except ValidationError:
            continue
        rows.append(row)
    if not kept or len(kept) == len(raw["actions"]):
        return None  # no valid action to check, or the errors lie elsewhere
    try:
        plan = models.Plan.model_validate({**raw, "actions": [raw["actions"][rows[0]]]})
    except ValidationError:
        return None
    plan.actions = kept
    return plan, rows


def plan_files(root: Path) -> list[Path]:
    folder = root / PLANS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, then restore its state.

    Loading builds millions of dicts, lists and models that never form
    cycles; every collection rescans the ones already built, for nothing.
    At the end they are frozen (`gc.freeze`: moved out of the collector's
    sight; reference counting still frees them), else the first
    collections after the pause, and the one at exit, would scan them all.
    A 100,000-action plan validates in 6.3 s instead of 11.9 s, with the
    same peak memory (see benchmarks/README.md).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(root: Path, years: set[int] | None = None, base: Path | None = None) -> LoadResult:
    """Load and validate the data folder `root`; `years` limits the plans read."""
    with collector_paused():
        return _load(root, years, base)


def _load(root: Path, years: set[int] | None, base: Path | None) -> LoadResult:
    data = Data(root)
    problems: list[Problem] = []
    findings: list[Finding] = []

    def read(source: SourceFile, model: type[M], keep: list[Any] | None = None) -> M | None:
        try:
            raw = source.load()
        except LoadError as exc:
            problems.extend(exc.problems)
            if exc.data is None:
                return None
            raw = exc.data
        if keep is not None:
            keep.append(raw)
        return validate_model(source, raw, model, findings)

    for name, model in CATALOGUES.items():
        source = SourceFile.at(root / name, base)
        data.sources[name] = source
        setattr(data, name.removesuffix(".yaml"), read(source, model))

    for path in plan_files(root):
        source = SourceFile.at(path, base)
        match = PLAN_NAME.match(path.name)
        if match is None:
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    "plan-name",
                    "a plan file is named after its year, e.g. plans/2026.yaml",
                )
            )
            continue
        year = int(match.group(1))
        if years is not None and year not in years:
            continue
        raw: list[Any] = []
        plan = read(source, models.Plan, raw)
        data.plan_sources[year] = source
        if plan is None:
            partial = _valid_actions_only(raw[0]) if raw else None
            if partial is not None:
                data.partial_plans[year] = partial
            continue
        # the file's data is in the model now: freed before the next file is
        # read, not at the end (at N = 100,000 it is a few hundred MiB)
        raw.clear()
        if plan.year != year:
            findings.append(
                Finding(
                    source,
                    ("year",),
                    "plan-year",
                    f"year {plan.year} does not match the file name {path.name}",
                )
            )
        data.plans[year] = plan
    if years is not None:
        for year in sorted(years - set(data.plan_sources)):
            display = SourceFile.at(root / PLANS_DIR / f"{year}.yaml", base).display
            problems.append(
                Problem(display, 1, 1, "file-missing", f"no plan for {year}: file not found")
            )
    # imported here: the reviews' loader builds on this module
    from roadmap.progress.load import load_reviews

    load_reviews(data, years, base, problems, findings)
    data.locales, locale_problems = dataset_catalogues(root, base)
    problems += locale_problems
    # imported here: the settings file is read only once the data is
    from roadmap import config

    data.roles, role_problems = config.roles(root)
    problems += role_problems
    return LoadResult(data, problems, findings)
