"""Commands built only when they run or are shown (roadmap.cli.lazy, issue 16).

The lazy root must say exactly what the root typer builds eagerly says:
every help text, every usage error, every exit code. And it must stay lazy:
a regression would change no output, only the start-up time.
"""

from __future__ import annotations

import copy
import importlib
import subprocess
import sys

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.cli import Roadmap, app
from roadmap.cli.lazy import LazyGroup
from roadmap.cli.usage import Command, Group


def _target(place: str) -> object:
    module, _, attribute = place.partition(":")
    return getattr(importlib.import_module(module), attribute)


def _eager_app() -> typer.Typer:
    """The root as typer builds it when every command is registered on it."""
    eager = copy.copy(app)
    eager.info = copy.copy(app.info)
    eager.info.cls = Group
    eager.registered_commands = []
    eager.registered_groups = []
    for name, place in Roadmap.lazy_commands.items():
        target = _target(place)
        if isinstance(target, typer.Typer):
            eager.add_typer(target, name=name)
        else:
            eager.command(name, cls=Command)(target)  # type: ignore[arg-type]
    return eager


_IMPORTS = [["import", name, "--help"] for name in ("proposals", "progress")]

#: Help, for the root and every command, and the mistakes the root resolves.
ARGS = [
    [],
    ["--help"],
    ["-h"],
    ["--version"],
    *([name, "--help"] for name in Roadmap.lazy_commands),
    *_IMPORTS,
    ["import"],
    ["validat"],
    ["buidl", "2026"],
    ["nosuchcommand"],
    ["import", "prop"],
    ["import", "nothing"],
    ["--bogus"],
    ["validate", "--bogus"],
    ["validate", "--format", "nope"],
    ["-h", "validate"],
]


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_the_lazy_root_says_what_the_eager_one_does(args: list[str]) -> None:
    runner = CliRunner()
    lazy = runner.invoke(app, args, prog_name="roadmap")
    eager = runner.invoke(_eager_app(), args, prog_name="roadmap")
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (
        eager.exit_code,
        eager.stdout,
        eager.stderr,
    )
    assert lazy.stdout or lazy.stderr


def test_every_command_is_listed_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"], prog_name="roadmap")
    listed = result.stdout.split("Commands:\n", 1)[1].split()
    names = [word for word in listed if word in Roadmap.lazy_commands]
    assert names == list(Roadmap.lazy_commands)


def test_every_place_names_a_command_or_an_app() -> None:
    for place in Roadmap.lazy_commands.values():
        target = _target(place)
        assert isinstance(target, typer.Typer) or callable(target), place


def test_a_command_registered_on_the_app_is_still_served() -> None:
    """One added the typer way (`app.command`) is built eagerly, listed last."""
    extended = copy.copy(app)
    extended.registered_commands = []

    def hello() -> None:
        """Say hello."""
        typer.echo("hello")

    extended.command("hello", cls=Command)(hello)
    runner = CliRunner()
    listed = runner.invoke(extended, ["--help"], prog_name="roadmap").stdout.splitlines()
    assert listed[-1].split() == ["hello", "Say", "hello."]
    assert runner.invoke(extended, ["hello"]).stdout == "hello\n"
    typo = runner.invoke(extended, ["helo"], prog_name="roadmap")
    assert typo.stderr == "roadmap: error: no such command 'helo' (did you mean 'hello'?)\n"


def _root() -> LazyGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    return group


def test_a_run_builds_its_own_command_only() -> None:
    group = _root()
    with pytest.raises(SystemExit) as exited:
        group.main(["validate", "--data", str(DEFAULT_DATA), "--format", "json"], "roadmap")
    assert exited.value.code == 0
    assert list(group.commands) == ["validate"]


@pytest.mark.parametrize("args", [["--help"], [], ["--version"]])
def test_the_root_alone_builds_no_command(args: list[str]) -> None:
    group = _root()
    with pytest.raises(SystemExit):
        group.main(args, "roadmap")
    assert list(group.commands) == []


def test_an_unknown_command_builds_none() -> None:
    group = _root()
    with pytest.raises(SystemExit) as exited:
        group.main(["valdate"], "roadmap")
    assert exited.value.code == 2
    assert list(group.commands) == []


def test_validate_imports_no_other_command() -> None:
    code = f"""
import sys
sys.argv = ["roadmap", "validate", "--data", {str(DEFAULT_DATA)!r}, "--format", "json"]
from roadmap.cli import main
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("roadmap.cli.")))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    modules = done.stdout.splitlines()[-1]
    assert modules == str(
        ["roadmap.cli.common", "roadmap.cli.lazy", "roadmap.cli.usage", "roadmap.cli.validate"]
    )


# ------------------------------------------------ help imports nothing it does not show


@pytest.mark.parametrize("args", [[name, "--help"] for name in Roadmap.lazy_commands])
def test_a_commands_help_does_not_import_pydantic(args: list[str]) -> None:
    """typer coerces a value through pydantic; the root's help flag, left out,
    was a None to coerce (90 ms of `roadmap CMD --help`, 2.5x `import typer`)."""
    code = f"""
import sys
sys.argv = ["roadmap", *{args!r}]
from roadmap.cli import main
try:
    main()
except SystemExit as done:
    print(done.code)
print("pydantic" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.startswith("Usage: roadmap ")
    assert done.stdout.splitlines()[-2:] == ["0", "False"]
