"""The README documents every command and every exit code the code has."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from roadmap.cli import Roadmap, common

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


COMMANDS = sorted(Roadmap.lazy_commands)
EXIT_CODES = sorted(
    (value, name)
    for name, value in vars(common).items()
    if name.startswith("EXIT_") and isinstance(value, int)
)


def test_the_app_has_commands_and_exit_codes() -> None:
    assert {"validate", "schema"} <= set(COMMANDS)
    assert [v for v, _ in EXIT_CODES][:3] == [0, 1, 2]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_commands_table(command: str) -> None:
    table = _section("Commands")
    assert re.search(rf"^\| `roadmap {command}[` ]", table, re.M), (
        f"README.md's Commands table has no row for `roadmap {command}`"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_a_usage_section(command: str) -> None:
    assert re.search(rf"^### `roadmap {command}[` ]", README, re.M), (
        f"README.md has no '### `roadmap {command} ...`' section"
    )


@pytest.mark.parametrize(("code", "name"), EXIT_CODES)
def test_exit_code_is_documented(code: int, name: str) -> None:
    table = _section("Exit codes")
    assert re.search(rf"^\| {code} \|", table, re.M), (
        f"README.md's Exit codes table has no row for {code} ({name})"
    )


def test_documented_exit_codes_exist() -> None:
    table = _section("Exit codes")
    documented = {int(n) for n in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == {code for code, _ in EXIT_CODES}
