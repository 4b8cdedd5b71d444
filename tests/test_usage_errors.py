"""Every mistake on the command line is one line naming the bad value, exit 2.

Click's own errors (bad value, unknown option, missing argument or value,
extra argument) included, for every command and the root, as a shell and
the tests see them; help stays help.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_USAGE, error_line

#: (command line, text the error line must contain: the bad value or name)
CASES: list[tuple[list[str], str]] = [
    # the root
    (["--bogus"], "no such option '--bogus'"),
    (["nosuchcommand"], "no such command 'nosuchcommand'"),
    (["biuld", "2026"], "no such command 'biuld' (did you mean 'build'?)"),
    (["--version=yes"], "'--version'"),
    (["-x"], "'-x'"),
    # a bad YEAR
    (["build", "../../2026"], "build: invalid YEAR '../../2026': expected a year such as 2026"),
    (["build", ""], "build: invalid YEAR ''"),
    (["build", "2026.0"], "'2026.0'"),
    (["build", " 2026"], "' 2026'"),
    (["build", "+2026"], "'+2026'"),
    (["build", "٢٠٢٦"], "'٢٠٢٦'"),
    (["check", "next"], "check: invalid YEAR 'next'"),
    (["export", "2026x", "--format", "csv"], "export: invalid YEAR '2026x'"),
    (["new", "twenty", "--from", "2026"], "new: invalid YEAR 'twenty'"),
    (["new", "2027", "--from", "last"], "new: invalid --from 'last': expected a year"),
    (["progress", "next"], "progress: invalid YEAR 'next'"),
    (["progress"], "progress: missing argument YEAR"),
    (["progress", "2026", "--as-of", "tomorrow"], "progress: invalid --as-of 'tomorrow'"),
    (
        ["progress", "2026", "--fail-on", "late"],
        "progress: invalid --fail-on 'late': expected at-risk or missed",
    ),
    (["progress", "2026", "--data", "nowhere"], "nowhere"),
    # an unknown option, with "did you mean" when one is close
    (
        ["build", "2026", "--fromat", "md"],
        "build: no such option '--fromat' (did you mean '--format'?)",
    ),
    (["validate", "--strikt"], "validate: no such option '--strikt' (did you mean '--strict'?)"),
    (["check", "2026", "--stirct"], "check: no such option '--stirct'"),
    (["diff", "2025", "2026", "--exit"], "diff: no such option '--exit'"),
    (["new", "2027", "--from", "2026", "--forse"], "new: no such option '--forse'"),
    (["export", "2026", "-f", "csv", "--ot", "x"], "export: no such option '--ot'"),
    (["schema", "--markdwn", "x"], "schema: no such option '--markdwn'"),
    (["build", "2026", "-z"], "build: no such option '-z'"),
    # a missing argument or required option
    (["build"], "build: missing argument YEAR"),
    (["check"], "check: missing argument YEAR"),
    (["new", "--from", "2026"], "new: missing argument YEAR"),
    (["export", "--format", "csv"], "export: missing argument YEAR"),
    (["diff"], "diff: missing argument A"),
    (["diff", "2026"], "diff: missing argument B"),
    (["export", "2026"], "export: missing option --format <csv|json|xlsx>"),
    (["template", "proposals"], "template: missing argument YEAR"),
    (["template", "proposals", "2026"], "template: missing option --out"),
    (
        ["template", "proposal", "2026", "-o", "t.xlsx"],
        "expected proposals or progress (did you mean 'proposals'?)",
    ),
    (["import", "proposals", "x.csv"], "missing option --year YEAR"),
    (["import", "proposal"], "no such command 'proposal' (did you mean 'proposals'?)"),
    (["new", "2027"], "new: missing option --from YEAR"),
    # a value not among the choices
    (
        ["build", "2026", "--format", "docx"],
        "build: invalid --format 'docx': expected md, html, pdf or all",
    ),
    (
        ["build", "2026", "-f", "htm"],
        "invalid --format 'htm': expected md, html, pdf or all (did you mean 'html'?)",
    ),
    (["build", "2026", "--format=PDF"], "'PDF'"),
    (["build", "2026", "--lang", "xx"], "'xx'"),
    (
        ["validate", "--format", "xml"],
        "validate: invalid --format 'xml': expected text, json or github",
    ),
    (["check", "2026", "-f", "yaml"], "check: invalid --format 'yaml'"),
    (
        ["diff", "2025", "2026", "--format", "html"],
        "diff: invalid --format 'html': expected text, md or json",
    ),
    (
        ["export", "2026", "--format", "xls"],
        "export: invalid --format 'xls': expected csv, json or xlsx (did you mean 'xlsx'?)",
    ),
    # a bad path
    (["validate", "--data", "nowhere"], "nowhere"),
    (["validate", "nowhere.yaml"], "nowhere.yaml"),
    (["check", "2026", "--data", "nowhere"], "nowhere"),
    (["build", "2026", "--templates", "nowhere"], "nowhere"),
    (["build", "2026", "--out", "afile"], "afile"),
    (["new", "2027", "--from", "2026", "--data", "nowhere"], "nowhere"),
    (["export", "2026", "--format", "csv", "--out", "afile/x.csv"], "afile"),
    (["export", "2026", "--format", "csv", "--data", "nowhere"], "nowhere"),
    (["diff", "nowhere.yaml", "2026"], "nowhere.yaml"),
    (["schema", "--out", "afile"], "afile"),
    (["schema", "--markdown", "data"], "data"),
    # an option that takes one value, given twice
    (
        ["validate", "--format", "text", "--format", "json"],
        "validate: option '--format' given more than once",
    ),
    (
        ["check", "2026", "--data", "data", "-d", "data"],
        "check: option '--data' given more than once",
    ),
    (["build", "2026", "--lang", "en", "-l", "fr"], "build: option '--lang' given more than once"),
    (["diff", "--label-a", "x", "--label-a=y", "2025", "2026"], "diff: option '--label-a'"),
    (
        ["new", "2027", "--from", "2026", "--from", "2025"],
        "new: option '--from' given more than once",
    ),
    (["export", "2026", "-f", "csv", "-fjson"], "export: option '--format' given more than once"),
    (["schema", "-o", "a", "--out", "b"], "schema: option '--out' given more than once"),
    # an option missing its value
    (["validate", "--data"], "validate: option '--data' requires an argument"),
    (["check", "2026", "--format"], "check: option '--format'"),
    (["build", "2026", "--lang"], "build: option '--lang'"),
    (["diff", "2025", "2026", "--label-b"], "diff: option '--label-b'"),
    (["new", "2027", "--from"], "new: option '--from'"),
    (["export", "2026", "-f"], "export: option '-f'"),
    (["schema", "--markdown"], "schema: option '--markdown'"),
    # a value given to a flag
    (["build", "2026", "--stdout=yes"], "build: option '--stdout' does not take a value"),
    (["validate", "--strict=no"], "validate: option '--strict'"),
    # extra arguments
    (["check", "2026", "2027"], "check: unexpected argument '2027'"),
    (["build", "2026", "2027", ""], "build: unexpected arguments '2027', ''"),
    (["new", "2027", "extra", "--from", "2026"], "new: unexpected argument 'extra'"),
    (["export", "2026", "extra", "-f", "csv"], "export: unexpected argument 'extra'"),
    (["schema", "extra"], "schema: unexpected argument 'extra'"),
    (["diff", "2025", "2026", "2027"], "diff: unexpected argument '2027'"),
    # values that would break the line or drive the terminal are escaped
    (["build", "20\n26"], r"invalid YEAR '20\n26'"),
    (["build", "2026", "--format", "md\x1b[31m"], r"'md\x1b[31m'"),
    (["build", "2026", "--for\nmat"], r"no such option '--for\nmat'"),
    (["no\u2028such"], r"no such command 'no\u2028such'"),
    (["schema", "a\rb"], r"unexpected argument 'a\rb'"),
    (["validate", "--data", "no\nwhere"], r"no\nwhere"),
    (["init", "d", "--country", "X"], "init: missing option --language TAG"),
    (
        ["init", "d", "--country", "X", "--language", "fr", "--year", "2027", "--year", "2028"],
        "init: option '--year' given more than once",
    ),
    (
        ["init", "d", "extra", "--country", "X", "--language", "fr"],
        "init: unexpected argument 'extra'",
    ),
    (
        ["init", "d", "--country", "X", "--language"],
        "init: option '--language' requires an argument",
    ),
    (["init", "data", "--country", "X", "--language", "fr"], "data is not empty"),
]


@pytest.fixture
def here(clean: Path) -> Path:
    """A working folder with a valid ./data and a file named `afile`."""
    (clean.parent / "afile").write_text("not a folder\n", encoding="utf-8")
    return clean.parent


def _id(case: tuple[list[str], str]) -> str:
    return " ".join(case[0]).encode("unicode_escape").decode("ascii") or "(none)"


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[_id(c) for c in CASES])
def test_usage_error_is_one_line(
    runner: CliRunner, here: Path, args: list[str], expected: str
) -> None:
    before = sorted(p.relative_to(here) for p in here.rglob("*"))
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.rstrip("\n")
    assert line.startswith("roadmap: error: ")
    assert expected in line
    assert "Traceback" not in line and "Usage:" not in line and "Try '" not in line
    # a refused command line writes nothing
    assert sorted(p.relative_to(here) for p in here.rglob("*")) == before


def test_every_command_is_in_the_table() -> None:
    from roadmap.cli import Roadmap

    commands = set(Roadmap.lazy_commands)
    covered = {args[0] for args, _ in CASES}
    assert commands <= covered and len(commands) == 11


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        *(
            [name, "--help"]
            for name in (
                "validate",
                "check",
                "build",
                "diff",
                "new",
                "export",
                "schema",
                "progress",
                "init",
            )
        ),
    ],
)
def test_help_is_still_help(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_OK
    assert result.stdout.startswith("Usage: ") and "Options:" in result.stdout
    assert result.stderr == ""


def test_help_wins_over_a_bad_value(runner: CliRunner) -> None:
    """As click does for a missing argument: help is asked for, help is given."""
    result = runner.invoke(app, ["build", "--format", "md", "--format", "html", "--help"])
    assert result.exit_code == EXIT_OK
    assert result.stdout.startswith("Usage: ")


def test_no_arguments_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("Usage: ") and "Commands:" in result.stderr


def test_help_shows_the_year_and_the_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", "--help"])
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: roadmap build [OPTIONS] ") and "YEAR" in usage
    assert "--format <md|html|pdf|all>" in result.stdout


def test_a_flag_may_be_repeated_and_double_dash_ends_the_options(
    runner: CliRunner, here: Path
) -> None:
    assert runner.invoke(app, ["validate", "--strict", "--strict"]).exit_code == EXIT_OK
    shutil.copy(here / "data" / "plans" / "2026.yaml", here / "-old.yaml")
    result = runner.invoke(app, ["diff", "--lang", "en", "--", "-old.yaml", "2026"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith("-old.yaml → 2026: no difference")


def test_a_good_choice_still_works(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["export", "2026", "-fjson"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith('{\n  "version": 1')


def test_the_error_line_escapes_only_what_breaks_a_line() -> None:
    assert error_line("a\nb\x1b\u2028c") == r"roadmap: error: a\nb\x1b\u2028c"
    # the no-break spaces of French text are text
    assert error_line("1\u202f200\u00a0MAD é") == "roadmap: error: 1\u202f200\u00a0MAD é"


# --------------------------------------------------------------------------- a real shell


def _console_script() -> Path:
    script = Path(sys.executable).parent / "roadmap"
    if not script.exists():  # pragma: no cover - the venv always has it
        pytest.fail("the roadmap console script is not installed: pip install -e .")
    return script


@pytest.mark.parametrize(
    ("how", "args", "expected"),
    [
        (
            "script",
            ["build", "../../2026"],
            "roadmap: error: build: invalid YEAR '../../2026': expected a year such as 2026\n",
        ),
        (
            "script",
            ["build", "2026", "--fromat", "md"],
            "roadmap: error: build: no such option '--fromat' (did you mean '--format'?)\n",
        ),
        ("script", ["--bogus"], "roadmap: error: no such option '--bogus'\n"),
        ("module", ["nosuchcommand"], "roadmap: error: no such command 'nosuchcommand'\n"),
        (
            "module",
            ["export", "2026"],
            "roadmap: error: export: missing option --format <csv|json|xlsx>\n",
        ),
        (
            "module",
            ["check", "2026", "-f", "xml"],
            "roadmap: error: check: invalid --format 'xml': expected text, json or github\n",
        ),
    ],
)
def test_in_a_subprocess(here: Path, how: str, args: list[str], expected: str) -> None:
    command = [str(_console_script())] if how == "script" else [sys.executable, "-m", "roadmap"]
    result = subprocess.run([*command, *args], cwd=here, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (EXIT_USAGE, "", expected)


def test_module_help_in_a_subprocess(here: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "roadmap", "--help"],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_OK and result.stderr == ""
    assert "Commands:" in result.stdout


# --------------------------------------------------------------------------- the git diff driver


@pytest.mark.parametrize("count", [0, 1, 6, 8, 10])
def test_git_driver_given_the_wrong_arguments(here: Path, count: int) -> None:
    result = subprocess.run(
        ["sh", str(REPO / "scripts" / "git-diff-roadmap"), *["x"] * count],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_USAGE and result.stdout == ""
    assert result.stderr == (
        "roadmap: error: git-diff-roadmap: expected the 7 or 9 arguments git passes "
        f"to a diff driver, got {count}\n"
    )


def test_git_driver_reads_a_path_starting_with_a_dash_as_a_file(here: Path) -> None:
    plan = here / "data" / "plans" / "2026.yaml"
    shutil.copy(plan, here / "-new.yaml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [
            "sh",
            str(REPO / "scripts" / "git-diff-roadmap"),
            "p.yaml",
            str(plan),
            "0" * 40,
            "100644",
            "-new.yaml",
            "0" * 40,
            "100644",
        ],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (EXIT_OK, "")
    # the git driver reads the data folder: its language (French) words the report
    assert result.stdout.startswith("a/p.yaml → b/p.yaml\u00a0: aucune différence")
