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
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

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
    #: Proposal ids of plan files this run does not load, as an earlier read
    #: in this process found them, with the file's digest (`files.digest`)
    #: taken before that read: used while the file still has that digest.
    known_proposals: dict[Path, tuple[str, frozenset[str]]] = field(default_factory=dict)


@dataclass
class LoadResult:
    data: Data
    problems: list[Problem]
    findings: list[Finding]


def validate_model(
    source: SourceFile, raw: Any, model: type[M], findings: list[Finding]
) -> M | None:
    """The model for `raw`, or None with one finding per pydantic error."""
    return validate_itemwise(source, raw, model, findings)[0]


#: The rows (indexes in their list) of the items kept in a partial model.
Rows = list[int]


def validate_itemwise(
    source: SourceFile,
    raw: Any,
    model: type[M],
    findings: list[Finding],
    field_name: str | None = None,
) -> tuple[M | None, tuple[M, Rows] | None]:
    """The model for `raw`, or None with one finding per pydantic error; with
    `field_name`, that list field's items are validated one at a time.

    Each item's raw data is dropped from `raw` as soon as its model exists:
    a plan's actions are most of its data, and validating them all at once
    held the raw data and the models whole together (at N = 100,000, some
    hundreds of MiB more at the peak). The findings are those of validating
    `raw` whole (`model` has no validator across its fields), each item's
    with its place in the list.

    When only some items are invalid, the second value is the model with its
    valid items alone, and each one's row in the list: never rendered, only
    checked across files, so that one run also shows the reference mistakes
    of the items that are well formed.
    """
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
        return None, None
    # every record that gives the same fields shares one set of their names
    shared: dict[tuple[str, ...], models.SharedFieldsSet] = {}
    items = raw.get(field_name) if field_name is not None else None
    if field_name is None or type(items) is not list:
        try:
            validated = model.model_validate(raw)
        except ValidationError as exc:
            _explain_all(source, exc, (), model, findings)
            return None, None
        models.share_fields_sets(validated, shared)
        return validated, None
    item_model = get_args(model.model_fields[field_name].annotation)[0]
    validate_item = item_model.__pydantic_validator__.validate_python
    kept: list[Any] = []
    rows: Rows = []
    failed: list[tuple[int, ValidationError]] = []
    for row, item in enumerate(items):
        try:
            record = validate_item(item)
        except ValidationError as exc:
            failed.append((row, exc))
        else:
            models.share_fields_sets(record, shared)
            kept.append(record)
            rows.append(row)
        items[row] = None  # its model holds what the rest needs
    # The other fields, with the items as models (accepted as they are). When
    # every item failed, one stands in, so that the list's own constraints
    # (at least one) report nothing the whole validation would not.
    stand_in = kept or ([item_model.model_construct()] if failed else [])
    try:
        whole = model.model_validate({**raw, field_name: stand_in})
    except ValidationError as exc:
        whole = None
        _explain_all(source, exc, (), model, findings)
    for row, refused in failed:
        _explain_all(source, refused, (field_name, row), model, findings)
    if whole is not None:
        models.share_fields_sets(whole, shared, skip=field_name)
    if not failed:
        return whole, None
    if whole is None or not kept:
        return None, None
    return None, (whole, rows)


def _explain_all(
    source: SourceFile,
    exc: ValidationError,
    prefix: tuple[str | int, ...],
    model: type[BaseModel],
    findings: list[Finding],
) -> None:
    """A finding per error of `exc`, raised at `prefix` inside `model`."""
    for error in exc.errors(include_url=False):
        if prefix:
            error["loc"] = (*prefix, *error["loc"])
        loc, code, message, at_key = explain(error, model)
        findings.append(Finding(source, loc, code, message, at_key=at_key))


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

    def read(
        source: SourceFile, model: type[M], field_name: str | None = None
    ) -> tuple[M | None, tuple[M, Rows] | None]:
        try:
            raw = source.load()
        except LoadError as exc:
            problems.extend(exc.problems)
            if exc.data is None:
                return None, None
            raw = exc.data
        return validate_itemwise(source, raw, model, findings, field_name)

    for name, model in CATALOGUES.items():
        source = SourceFile.at(root / name, base)
        data.sources[name] = source
        setattr(data, name.removesuffix(".yaml"), read(source, model)[0])

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
        plan, partial = read(source, models.Plan, "actions")
        data.plan_sources[year] = source
        if plan is None:
            if partial is not None:
                data.partial_plans[year] = partial
            continue
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
