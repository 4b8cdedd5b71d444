"""JSON Schema of each data file, generated from the models.

Editors (through the `# yaml-language-server: $schema=` line at the top of
each data file) use them for completion and inline help; a test keeps the
checked-in copies equal to what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from roadmap import models
from roadmap.files import write_files
from roadmap.progress import models as progress_models

#: Schema name (file `NAME.schema.json`) -> root model.
ROOTS: dict[str, type[BaseModel]] = {
    "dataset": models.Dataset,
    "markets": models.MarketsFile,
    "regions": models.RegionsFile,
    "levers": models.LeversFile,
    "sectors": models.SectorsFile,
    "partners": models.PartnersFile,
    "plan": models.Plan,
    "progress": progress_models.Review,
}

_TITLES = {
    "dataset": "roadmap dataset.yaml: who the data belongs to",
    "markets": "roadmap markets.yaml: zones and priority markets",
    "regions": "roadmap regions.yaml: regions and their lead and emerging destinations",
    "levers": "roadmap levers.yaml: promotion levers",
    "sectors": "roadmap sectors.yaml: tourism product lines (filieres)",
    "partners": "roadmap partners.yaml: public and private partners",
    "plan": "roadmap plans/YEAR.yaml: one year's plan",
    "progress": "roadmap progress/YEAR/YYYY-MM-DD.yaml: a progress review of a year's plan",
}


def _closed(node: Any) -> Any:
    """Close every mapping whose keys follow a pattern, as the models do.

    pydantic writes a `dict[LangCode, ...]` as `patternProperties` only,
    which lets any other key through (`{fr: ..., english: ...}`); the model
    refuses it, so the schema must too, or the editor and `validate` would
    disagree.
    """
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)
    return node


def schema_for(name: str) -> dict[str, Any]:
    schema = _closed(ROOTS[name].model_json_schema(mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **schema,
        "title": _TITLES[name],
    }


def render(name: str) -> str:
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def contents(out: Path) -> list[tuple[Path, str]]:
    """Each schema file in the folder `out`, with its text."""
    return [(out / f"{name}.schema.json", render(name)) for name in ROOTS]


def write_all(out: Path) -> list[Path]:
    return write_files(contents(out))
