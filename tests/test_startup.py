"""Start-up of the command line: what `roadmap validate` does before and
besides reading the data, held to what it needs (issue 16).

Each test here guards one saving that would otherwise be lost silently,
with no test failing and no output changing: only the start-up would grow.
"""

from __future__ import annotations

import os
import subprocess
import sys

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
    code = _RUN_MAIN.format(argv=argv, after=after)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout.splitlines()


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
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=_environment(),
    )
    assert done.stdout.split() == ["True", "None"]
