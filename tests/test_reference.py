"""The data-format reference: generated from the models, complete, true.

`docs/data-format.md` is what `roadmap schema --markdown` writes; these
tests fail when it drifts from the models, when a field lacks its own
description, and when the examples stop forming a valid data folder.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from typer.testing import CliRunner

from conftest import REPO
from roadmap import models, reference
from roadmap.cli import app
from roadmap.reference import EXAMPLES, FILES, REFERENCES, hints, is_id, records, render
from roadmap.schema import ROOTS
from roadmap.validation import validate

DOC = REPO / "docs" / "data-format.md"
TEXT = render()
#: Descriptions the type aliases carry: a field needs its own.
GENERIC = {
    m.description
    for alias in (models.Id, models.Text, models.Month, models.Money)
    for m in typing.get_args(alias)[1:]
    if getattr(m, "description", None)
}


def _sections(text: str, level: str) -> dict[str, list[str]]:
    """Heading -> its sections' bodies, in order (a heading may repeat)."""
    found: dict[str, list[str]] = {}
    parts = re.split(rf"^{level} (.+)$", text, flags=re.M)
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        found.setdefault(title, []).append(body)
    return found


def _table_keys(body: str) -> list[str]:
    return re.findall(r"^\| `(\w+)` \|", body, re.M)


def _file_section(kind: str) -> str:
    return _sections(TEXT, "##")[f"`{FILES[kind]}`"][0]


def test_checked_in_reference_matches_the_models() -> None:
    assert DOC.exists(), (
        "docs/data-format.md is missing: run `roadmap schema --markdown docs/data-format.md`"
    )
    assert DOC.read_text(encoding="utf-8") == TEXT, (
        "docs/data-format.md differs from the models: "
        "run `roadmap schema --markdown docs/data-format.md`"
    )


def test_every_data_file_has_a_section_and_an_example() -> None:
    assert set(FILES) == set(EXAMPLES) == set(ROOTS)
    assert list(_sections(TEXT, "##")) == ["Value types"] + [f"`{FILES[k]}`" for k in ROOTS]
    for kind in ROOTS:
        assert f"```yaml\n{EXAMPLES[kind]}```" in _file_section(kind)


def _table(model: type[BaseModel]) -> str:
    """The body of the model's `###` section in its file's section."""
    kind = _kind_of(model)
    records = _sections(_file_section(kind), "###")
    if model is not ROOTS[kind]:
        return records[model.__name__][0]
    return next(body[0] for title, body in records.items() if "top level" in title.lower())


def _row(model: type[BaseModel], name: str) -> str:
    return next(ln for ln in _table(model).splitlines() if ln.startswith(f"| `{name}` |"))


@pytest.mark.parametrize("kind", list(ROOTS))
def test_every_field_of_every_record_is_in_its_table(kind: str) -> None:
    for model in reference.records(ROOTS[kind]):
        assert _table_keys(_table(model)) == list(model.model_fields), (kind, model.__name__)


def test_every_record_kind_is_described() -> None:
    names = {m.__name__ for root in ROOTS.values() for m in reference.records(root)}
    expected = {"Zone", "Market", "Approach", "Figure", "Destination", "Region", "Plan"}
    expected |= {"Objective", "Target", "Priorities", "Seasonality", "Meeting", "Proposal"}
    expected |= {"Action", "Funding", "Kpi", "Lever", "Sector", "Partner", "Dataset"}
    assert expected <= names
    headings = {t.split(" (")[0] for t in _sections(TEXT, "###")}
    assert names - {"MarketsFile", "RegionsFile", "LeversFile", "SectorsFile", "PartnersFile"} <= (
        headings
    )


def fields() -> Iterator[tuple[type[BaseModel], str, FieldInfo]]:
    """Every (model, field name, field) of every data file, each model once."""
    seen: set[type[BaseModel]] = set()
    for root in ROOTS.values():
        for model in records(root):
            if model not in seen:
                seen.add(model)
                for name, field in model.model_fields.items():
                    yield model, name, field


@pytest.mark.parametrize(
    ("model", "name"),
    [(m, n) for m, n, _ in fields()],
    ids=lambda v: v.__name__ if isinstance(v, type) else str(v),
)
def test_every_field_has_its_own_description(model: type[BaseModel], name: str) -> None:
    description = model.model_fields[name].description
    assert description, f"{model.__name__}.{name} has no description"
    assert description not in GENERIC, f"{model.__name__}.{name} has only its type's description"
    assert _row(model, name).endswith(f"| {description} |")


def _kind_of(model: type[BaseModel]) -> str:
    return next(k for k, root in ROOTS.items() if model in reference.records(root))


def _id_fields() -> list[tuple[type[BaseModel], str]]:
    out = []
    for model, name, _ in fields():
        tp: Any = hints(model)[name]
        tp = reference._strip_none(tp)
        if typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        if is_id(tp) and name != "id":
            out.append((model, name))
    return out


def test_every_reference_field_names_its_catalogue() -> None:
    assert len(_id_fields()) > 20
    missing = [f"{m.__name__}.{n}" for m, n in _id_fields() if n not in REFERENCES]
    assert missing == [], f"add them to roadmap.reference.REFERENCES: {missing}"
    assert set(REFERENCES.values()) <= set(reference.CATALOGUES)


@pytest.mark.parametrize(
    ("model", "name", "expected"),
    [
        (models.Action, "owner", "id of a partner (`partners.yaml`)"),
        (models.Action, "answers", "list of proposal ids (this plan's `proposals` or an"),
        (models.Market, "zone", "id of a zone (`markets.yaml`, `zones`)"),
        (models.Plan, "partners", "list of partner ids (`partners.yaml`), at least one"),
        (models.Zone, "id", "id"),
        (models.Figure, "source", "text"),
        (models.Market, "office", "text"),
        (models.Market, "name", "text"),
        (models.Action, "months", "list of months (whole numbers, 1 to 12)"),
        (models.Action, "budget", "amount (whole number, 0 to 10^15)"),
        (
            models.Seasonality,
            "values",
            "list of numbers (0 to 10^15, at most 6 decimals), exactly 12",
        ),
        (models.Region, "destinations", "list of [Destination](#destination)"),
        (models.Meeting, "date", "date"),
        (models.Figure, "assumption", "true/false"),
        (models.Market, "tier", "id of a tier (`markets.yaml`, `tiers`, or by default `core`"),
        (models.Destination, "identities", "list of identity ids (`regions.yaml`, `identities`"),
        (models.Plan, "priorities", "list of priorities, each by its `kind`"),
        (models.Action, "priorities", "list of priority ids (this plan's `priorities`"),
    ],
)
def test_field_types_are_named_for_a_planner(
    model: type[BaseModel], name: str, expected: str
) -> None:
    links = {m: m.__name__.lower() for root in ROOTS.values() for m in reference.records(root)}
    assert reference.field_type(model, name, links).startswith(expected)


def test_allowed_values_of_every_closed_set_are_listed() -> None:
    for model, name, _ in fields():
        tp = reference._strip_none(hints(model)[name])
        if typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        if typing.get_origin(tp) is Literal:
            row = _row(model, name)
            for value in typing.get_args(tp):
                assert f"`{value}`" in row, (model.__name__, name, value)


@pytest.mark.parametrize(
    ("model", "name", "expected"),
    [
        (models.Action, "lever", "required"),
        (models.Action, "owner", "optional"),
        (models.Action, "markets", "optional (default: empty)"),
        (models.Action, "status", "optional (default `planned`)"),
        (models.Action, "recurring", "optional (default `false`)"),
    ],
)
def test_required_or_default(model: type[BaseModel], name: str, expected: str) -> None:
    assert reference.requirement(model.model_fields[name]) == expected


def test_a_type_the_reference_cannot_name_is_a_loud_error() -> None:
    class Odd(models.Record):
        tags: set[str]

    with pytest.raises(TypeError, match="no name for the type"):
        reference.field_type(Odd, "tags")


def _anchors(text: str) -> set[str]:
    """GitHub's heading anchors, a repeated heading numbered -1, -2 ..."""
    seen: dict[str, int] = {}
    out = set()
    for title in re.findall(r"^#+ (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_every_link_points_at_a_heading() -> None:
    prose = re.sub(r"```.*?```", "", TEXT, flags=re.S)
    links = set(re.findall(r"\]\(#([^)]+)\)", prose))
    assert links, "the reference links records to their tables"
    assert links <= _anchors(prose)
    # the plan's Figure links to the plan's own Figure table, not markets.yaml's
    assert "[Figure](#figure-1)" in _file_section("plan")


def test_the_examples_together_are_a_valid_data_folder(tmp_path: Path) -> None:
    for kind, text in EXAMPLES.items():
        path = tmp_path / FILES[kind].replace("YEAR", "2026").replace("YYYY-MM-DD", "2026-06-30")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    data, problems = validate(tmp_path)
    assert [str(p) for p in problems] == []
    assert set(data.plans) == {2026}
    assert None not in (
        data.dataset,
        data.markets,
        data.regions,
        data.levers,
        data.sectors,
        data.partners,
    )


def test_schema_command_writes_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "data-format.md"
    result = CliRunner().invoke(
        app, ["schema", "--out", str(tmp_path / "schemas"), "--markdown", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == TEXT
    assert result.stdout.splitlines()[-1] == str(out)
    assert len(list((tmp_path / "schemas").glob("*.schema.json"))) == len(ROOTS)


def test_schema_command_without_markdown_writes_no_reference(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    assert not any(p.suffix == ".md" for p in tmp_path.rglob("*"))


def test_schema_command_markdown_into_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    result = CliRunner().invoke(
        app, ["schema", "--out", str(tmp_path / "schemas"), "--markdown", str(folder)]
    )
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("roadmap: error: cannot write") and str(folder) in result.stderr
    assert list(folder.iterdir()) == []


def test_every_table_renders_as_a_table_of_four_columns() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(TEXT)
    tables = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    assert len(tables) == TEXT.count("\n### ")
    for start in tables:
        end = next(i for i in range(start, len(tokens)) if tokens[i].type == "table_close")
        rows = [t for t in tokens[start:end] if t.type == "tr_open"]
        cells = [t for t in tokens[start:end] if t.type in ("th_open", "td_open")]
        assert len(cells) == 4 * len(rows)
