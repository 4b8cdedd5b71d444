"""The exported JSON Schemas: in step with the models, and true to the data.

The data is checked against them with the independent `jsonschema`
package, read the way an editor's YAML language server reads it (YAML 1.2:
`NO` and `on` are text, `2026-01-10` is text), so that what the editor
accepts and what `roadmap validate` accepts agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, EXAMPLES, MINIMAL, REPO, overlay
from roadmap.cli import app
from roadmap.schema import ROOTS, render

SCHEMAS = REPO / "schemas"
HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's yes/no/on/off booleans and timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Yaml12Loader)  # a SafeLoader subclass: safe


def _schema_name(path: Path) -> str:
    return "plan" if path.parent.name == "plans" else path.stem


def _data_files(root: Path) -> list[Path]:
    return sorted(root.glob("*.yaml")) + sorted((root / "plans").glob("*.yaml"))


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(path: Path) -> list[str]:
    validator = _validator(_schema_name(path))
    return [
        f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(_read(path))
    ]


def test_yaml12_loader_reads_as_an_editor_does() -> None:
    assert yaml.load("a: NO\nb: on\nc: 2026-01-10\nd: true\ne: 12\n", Loader=Yaml12Loader) == {
        "a": "NO",
        "b": "on",
        "c": "2026-01-10",
        "d": True,
        "e": 12,
    }


@pytest.mark.parametrize("name", list(ROOTS))
def test_checked_in_schema_matches_the_models(name: str) -> None:
    path = SCHEMAS / f"{name}.schema.json"
    assert path.exists(), f"{path} is missing: run `roadmap schema`"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path.relative_to(REPO)} differs from the models: run `roadmap schema`"
    )


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(
        f"{name}.schema.json" for name in ROOTS
    )


def test_schema_command_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == sorted(f"{name}.schema.json" for name in ROOTS)
    for path in written:
        assert path.read_text(encoding="utf-8") == render(path.name.split(".")[0])
    assert sorted(result.stdout.splitlines()) == sorted(str(p) for p in written)


def test_schemas_carry_descriptions() -> None:
    plan = json.loads(render("plan"))
    assert plan["title"].startswith("roadmap plans/YEAR.yaml")
    action = plan["$defs"]["Action"]["properties"]
    assert action["answers"]["description"] == "Proposal ids it answers."
    assert plan["$defs"]["Action"]["additionalProperties"] is False


@pytest.mark.parametrize(
    "path",
    _data_files(DEFAULT_DATA) + _data_files(MINIMAL),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_data_validates_against_its_schema(path: Path) -> None:
    assert _errors(path) == []


@pytest.mark.parametrize(
    ("case", "file"),
    [
        ("misspelled-key", "markets.yaml"),
        ("month-13", "plans/2026.yaml"),
        ("target-without-unit", "plans/2026.yaml"),
        ("bad-choice", "partners.yaml"),
        ("bad-language", "dataset.yaml"),
        ("seasonality-eleven-months", "plans/2026.yaml"),
    ],
)
def test_schema_refuses_what_validate_refuses(case: str, file: str, tmp_path: Path) -> None:
    """The schemas are not vacuous: the same single-file mistakes fail them."""
    root = tmp_path / "data"
    root.mkdir()
    overlay(EXAMPLES / "invalid" / case, root)
    assert len(_errors(root / file)) == 1


@pytest.mark.parametrize(
    "path",
    _data_files(DEFAULT_DATA) + _data_files(MINIMAL),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_data_files_point_editors_at_their_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = HEADER.match(first)
    assert match, f"{path}: first line must be '# yaml-language-server: $schema=...'"
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMAS / f"{_schema_name(path)}.schema.json").resolve()


def test_schema_out_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text("x", encoding="utf-8")
    for out in ("plan.md", "plan.md/deeper"):
        result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path / out)])
        assert result.exit_code == 2
        assert result.output.endswith(f"{tmp_path / 'plan.md'} is a file, not a folder\n")
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("build", "build: it is a folder, not a file"),
        ("plan.md/r.md", "plan.md is a file, not a folder"),
    ],
)
def test_a_bad_markdown_destination_writes_no_schema(
    markdown: str, message: str, tmp_path: Path
) -> None:
    """Both destinations are checked before anything is written."""
    (tmp_path / "build").mkdir()
    (tmp_path / "plan.md").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["schema", "--out", str(out), "--markdown", str(tmp_path / markdown)]
    )
    assert result.exit_code == 2
    assert result.output.startswith("roadmap: error: ")
    assert result.output.endswith(f"{tmp_path}/{message}\n")
    assert not out.exists()
    assert list((tmp_path / "build").iterdir()) == []
