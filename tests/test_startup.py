"""Start-up of the command line: what `roadmap validate` does before and
besides reading the data, held to what it needs (issue 16).

Each test here guards one saving that would otherwise be lost silently,
with no test failing and no output changing: only the start-up would grow.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEFAULT_DATA

#: Runs the command line as the console script does (`roadmap.cli.main`),
#: then says what the run left behind; `{argv}` is the command's arguments.
_RUN_MAIN = """
import os, sys
sys.argv = ["roadmap", *{argv!r}]
from roadmap.cli import main
try:
    main()
except SystemExit:
    pass
{after}
"""


def run_main(argv: list[str], after: str, env: dict[str, str] | None = None) -> list[str]:
    """The lines `after` prints once `roadmap ARGV` has run in a fresh interpreter."""
    return _python(_RUN_MAIN.format(argv=argv, after=after), env).splitlines()


def _python(code: str, env: dict[str, str] | None = None) -> str:
    """What `code` prints, run in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout


def _environment(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    for key, value in changes.items():
        if value is not None:
            env[key] = value
    return env


# pydantic's own cache of the plugins it found: None until it has scanned
# the installed distributions' entry points.
_PLUGINS_SCANNED = (
    "import pydantic.plugin._loader as loader; print(loader._plugins is not None); "
    "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"
)


def test_validate_does_not_scan_for_pydantic_plugins() -> None:
    out = run_main(
        ["validate", "--data", str(DEFAULT_DATA), "--format", "json"],
        _PLUGINS_SCANNED,
        _environment(),
    )
    assert out[-2:] == ["False", "__all__"]


@pytest.mark.parametrize("setting", ["", "logfire"])
def test_a_users_plugin_setting_is_obeyed(setting: str) -> None:
    """Set to nothing (or to the names of the plugins to skip), pydantic scans as usual."""
    out = run_main(
        ["validate", "--data", str(DEFAULT_DATA), "--format", "json"],
        _PLUGINS_SCANNED,
        _environment(PYDANTIC_DISABLE_PLUGINS=setting),
    )
    assert out[-2:] == ["True", setting]


def test_the_library_leaves_the_plugin_scan_to_pydantic() -> None:
    """Only the command line turns the scan off: importing the models does not."""
    code = (
        "import os, roadmap.models, pydantic.plugin._loader as loader; "
        "print(loader._plugins is not None, os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"
    )
    assert _python(code, _environment()).split() == ["True", "None"]


# ------------------------------------------------------- models' schemas, built once

#: Prints every record model's core schema, addresses and ids left out.
_DUMP_SCHEMAS = """
import pprint, re
{before}
from pydantic import BaseModel
import roadmap.models, roadmap.progress.models
for module in (roadmap.models, roadmap.progress.models):
    for name, obj in sorted(vars(module).items()):
        own = isinstance(obj, type) and obj.__module__ == module.__name__
        if own and issubclass(obj, BaseModel):
            text = pprint.pformat(obj.__pydantic_core_schema__, width=100)
            print("==", name)
            print(re.sub(r"(:[0-9]{{6,}}| at 0x[0-9a-f]+)", "", text))
"""

# pydantic applying an annotation: `_Once` skipped, as if it were not written
_WITHOUT_ONCE = """
from pydantic._internal import _generate_schema as gs
applied = gs.GenerateSchema._get_wrapped_inner_schema
def skipping_once(self, inner, annotation, *args, **kwargs):
    if type(annotation).__name__ == "_Once":
        return inner
    return applied(self, inner, annotation, *args, **kwargs)
gs.GenerateSchema._get_wrapped_inner_schema = skipping_once
"""


def _schemas(before: str) -> str:
    code = _DUMP_SCHEMAS.format(before=before)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_schemas_built_once_are_the_schemas_pydantic_builds() -> None:
    """Validation, error places and messages, and the JSON Schema all come
    from the core schemas: reusing one must leave every model's unchanged."""
    reused = _schemas("")
    assert reused.count("== ") > 40
    assert reused == _schemas(_WITHOUT_ONCE)


@pytest.mark.parametrize("name", ["Text", "Id", "Day", "Money", "Real", "Month", "Year"])
def test_the_types_most_fields_use_are_built_once(name: str) -> None:
    from typing import get_args

    from roadmap import models

    once = [m for m in get_args(getattr(models, name))[1:] if isinstance(m, models._Once)]
    assert len(once) == 1
    assert once[0].schema is not None  # built when the first model using it was


def test_no_field_defaults_through_a_builtin_factory() -> None:
    """pydantic parses a builtin's text signature (0.2 ms) for each such field."""
    from pydantic import BaseModel

    from roadmap import models
    from roadmap.progress import models as review_models

    builtin = []
    for module in (models, review_models):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                for name, field in obj.model_fields.items():
                    factory = field.default_factory
                    if isinstance(factory, type) or inspect.isbuiltin(factory):
                        builtin.append(f"{obj.__name__}.{name}")
    assert builtin == []


def test_model_annotations_are_not_text() -> None:
    """Annotations kept as text (`from __future__ import annotations`) are
    compiled and evaluated one by one when pydantic builds the models."""
    from pydantic import BaseModel

    from roadmap import models
    from roadmap.progress import models as review_models

    as_text = [
        f"{obj.__name__}.{name}"
        for module in (models, review_models)
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__
        for name, annotation in vars(obj).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert as_text == []


def test_command_annotations_are_not_text() -> None:
    """typer reads every command's signature to build `roadmap --help` and
    each run: annotations kept as text are compiled and evaluated, twice."""
    import importlib

    import typer

    from roadmap.cli import Roadmap, app

    callbacks = []
    for place in Roadmap.lazy_commands.values():
        module, _, attribute = place.partition(":")
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            callbacks += [c.callback for c in target.registered_commands]
        else:
            callbacks.append(target)
    callbacks.append(app.registered_callback.callback if app.registered_callback else None)
    assert len(callbacks) > 10
    as_text = [
        f"{f.__module__}.{f.__name__}: {name}"
        for f in callbacks
        if f is not None
        for name, annotation in f.__annotations__.items()
        if isinstance(annotation, str)
    ]
    assert as_text == []


# ------------------------------------------------------- what validate imports

#: Modules `roadmap validate` has no use for on valid data printed as text:
#: the renderers' libraries, rich (a terminal only), the JSON reporter's json.
NOT_FOR_VALIDATE = (
    "babel",
    "jinja2",
    "markupsafe",
    "rich",
    "json",
    "roadmap.i18n",
    "roadmap.render",
    "roadmap.coverage",
    "roadmap.build",
)


def test_validate_imports_only_what_it_needs() -> None:
    out = run_main(
        ["validate", "--data", str(DEFAULT_DATA)],
        f"print([m for m in {NOT_FOR_VALIDATE!r} if m in sys.modules])",
    )
    assert out[-1] == "[]"


# ----------------------------------------------- settings files validate need not parse


def test_validate_parses_no_pyproject_without_roles() -> None:
    """The shipped data's nearest settings file is this repository's
    pyproject.toml, which has no roadmap table: tomllib is not even imported."""
    out = run_main(
        ["validate", "--data", str(DEFAULT_DATA), "--format", "json"],
        "print('tomllib' in sys.modules)",
    )
    assert out[-1] == "False"


@pytest.mark.parametrize(
    "table",
    [
        '["\\u0072oles".lead]\nmax = 2\n',  # the key spelt with an escape
        '[tool]\n# nothing\n["roles".lead]\nmax = 2\n',  # quoted, after another table
    ],
)
def test_roles_are_read_however_the_key_is_written(minimal: Path, table: str) -> None:
    from roadmap import config

    (minimal / "roadmap.toml").write_text(table, encoding="utf-8")
    bounds, problems = config.roles(minimal)
    assert problems == []
    assert bounds["lead"] == (1, 2)


def test_a_settings_file_without_roles_keeps_the_default_roles(minimal: Path) -> None:
    from roadmap import config

    (minimal / "roadmap.toml").write_text("[rules]\naction-without-kpi = false\n", "utf-8")
    assert config.roles(minimal) == (config.ROLES, [])
    (minimal / "roadmap.toml").write_text("not = [toml\n", "utf-8")  # load() reports it
    assert config.roles(minimal) == (config.ROLES, [])


# ------------------------------------------------------------ catalogue checks


@pytest.mark.parametrize(
    "text",
    ["plain", "{year}", "a {b} {c!r:>3}", "{{literal}}", "}", "{", "x } y", "a {b", "{}"],
)
def test_placeholders_skip_the_parser_without_changing_the_answer(text: str) -> None:
    import string

    from roadmap.languages import placeholders

    try:
        expected = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError:
        expected = None
    assert placeholders(text) == expected


# ---------------------------------------------------------------- the collector


def test_start_up_is_not_spent_collecting_garbage() -> None:
    """With the default pace, `roadmap validate` ran 50 collections over the
    objects start-up builds to last (8 ms); cycles are still collected."""
    code = """
import gc, sys
runs = []
gc.callbacks.append(lambda phase, info: phase == "start" and runs.append(info["generation"]))
sys.argv = ["roadmap", "validate", "--data", sys.argv[1]]
from roadmap.cli import main
before = len(runs)
try:
    main()
except SystemExit:
    pass
print(len(runs) - before, gc.isenabled(), gc.get_threshold()[1:] == (10, 10))
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(DEFAULT_DATA)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    collections, enabled, older = done.stdout.split()[-3:]
    assert int(collections) < 5
    assert (enabled, older) == ("True", "True")
