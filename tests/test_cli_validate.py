"""`roadmap validate` end to end: exit codes, formats, colour, paths."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, MINIMAL, overlay
from roadmap import __version__
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

ANSI = re.compile(r"\x1b\[")
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return EnglishRunner()


class EnglishRunner(CliRunner):
    """`roadmap validate` in English: the data here is French, and these tests are
    about places, formats and exit codes (languages: test_messages_languages.py)."""

    def invoke(self, cli: Any, args: Any = None, **kwargs: Any) -> Any:
        if args and args[0] == "validate" and "--lang" not in args:
            args = [args[0], "--lang", "en", *args[1:]]
        return super().invoke(cli, args, **kwargs)


@pytest.fixture
def here(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the folder holding the `data` copy, as a user would."""
    monkeypatch.chdir(minimal.parent)
    return minimal


def _break(root: Path, case: str) -> None:
    overlay(EXAMPLES / "invalid" / case, root)


# --------------------------------------------------------------- exit codes


def test_clean_data_exits_0(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate", "--data", "data"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "no problems found\n"


def test_default_data_folder_is_data(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "no problems found\n"
    # what ./data holds is what is read: a mistake there is found, placed in it
    _break(here, "misspelled-key")
    broken = runner.invoke(app, ["validate"])
    assert broken.exit_code == EXIT_PROBLEMS
    assert broken.stdout.startswith("data/markets.yaml:24:5: error unknown-key ")


def test_errors_exit_1_with_every_problem_placed(runner: CliRunner, here: Path) -> None:
    _break(here, "unknown-lever")
    _break(here, "misspelled-key")
    result = runner.invoke(app, ["validate", "--data", "data"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines() == [
        "data/markets.yaml:24:5: error unknown-key unknown key 'segmnts' "
        "(did you mean 'segments'?)",
        "data/plans/2026.yaml:107:12: error unknown-lever unknown lever 'influencers' "
        "(did you mean 'influence'?)",
        "2 errors",
    ]


def test_missing_data_folder_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--data", str(tmp_path / "nope")])
    assert result.exit_code == EXIT_USAGE
    assert "data folder not found" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["validate"], ["check", "2026"]])
def test_bad_format_exits_2(command: list[str], runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, [*command, "--format", "xml"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        f"roadmap: error: {command[0]}: invalid --format 'xml': expected text, json or github\n"
    )


def test_data_option_naming_a_file(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate", "--data", "data/dataset.yaml"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "roadmap: error: data/dataset.yaml is a file, not a data folder\n"


def test_unsupported_language_is_caught_without_loading_babel(here: Path) -> None:
    """validate says what build would refuse, yet stays fast: Babel is not imported."""
    overlay(EXAMPLES / "invalid" / "unsupported-language", here)
    code = (
        "import sys; from pathlib import Path; from roadmap.validation import validate; "
        "print([p.render() for p in validate(Path('data'))[1]]); "
        "print('babel' in sys.modules, 'roadmap.i18n' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    from roadmap.languages import packaged

    have = ", ".join(packaged())
    assert out == [
        "[\"data/dataset.yaml:8:11: error unknown-language no message catalogue for 'de'; "
        f'available: {have} (add one as locales/de.yaml)"]',
        "False False",
    ]


def test_languages_are_those_with_a_catalogue() -> None:
    from roadmap.i18n import CATALOGUES
    from roadmap.languages import PACKAGED, packaged

    assert list(packaged()) == sorted(CATALOGUES)
    assert set(packaged()) == {p.stem for p in PACKAGED.glob("*.yaml")} >= {"en", "fr"}


def test_nonexistent_path_exits_2(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate", "data/nope.yaml"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "roadmap: error: no such file or folder: data/nope.yaml\n"


def test_unknown_option_exits_2(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate", "--strikt"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        "roadmap: error: validate: no such option '--strikt' (did you mean '--strict'?)\n"
    )
    assert result.stdout == ""


# --------------------------------------------------------------- warnings and --strict


def test_warnings_pass_unless_strict(runner: CliRunner, here: Path) -> None:
    _break(here, "stray-file")
    lenient = runner.invoke(app, ["validate"])
    assert lenient.exit_code == EXIT_OK
    assert "warning unknown-file" in lenient.stdout
    assert lenient.stdout.endswith("1 warning\n")
    strict = runner.invoke(app, ["validate", "--strict"])
    assert strict.exit_code == EXIT_PROBLEMS
    assert strict.stdout == lenient.stdout


# --------------------------------------------------------------- formats


def test_json_report_schema(runner: CliRunner, here: Path) -> None:
    _break(here, "unknown-lever")
    _break(here, "stray-file")
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == EXIT_PROBLEMS
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "problems", "summary"]
    assert doc["version"] == 1
    assert doc["summary"] == {"errors": 1, "warnings": 1}
    assert doc["problems"] == [
        {
            "file": "data/market.yaml",
            "line": 1,
            "column": 1,
            "severity": "warning",
            "code": "unknown-file",
            "message": "not a data file, so it is not read (did you mean 'markets.yaml'?)",
        },
        {
            "file": "data/plans/2026.yaml",
            "line": 107,
            "column": 12,
            "severity": "error",
            "code": "unknown-lever",
            "message": "unknown lever 'influencers' (did you mean 'influence'?)",
        },
    ]


def test_json_report_when_clean(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(app, ["validate", "-f", "json"])
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout) == {
        "version": 1,
        "problems": [],
        "summary": {"errors": 0, "warnings": 0},
    }


def test_github_annotations(runner: CliRunner, here: Path) -> None:
    _break(here, "cofinancing-not-adding-up")
    _break(here, "stray-file")
    result = runner.invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines() == [
        "::warning file=data/market.yaml,line=1,col=1,title=unknown-file::"
        "not a data file, so it is not read (did you mean 'markets.yaml'?)",
        "::error file=data/plans/2026.yaml,line=83,col=5,title=cofinancing-sum::"
        "co-financing adds up to 2,900,000 but the budget is 3,000,000 (-100,000)",
    ]


def test_github_format_is_chosen_under_github_actions(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(here, "month-13")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = runner.invoke(app, ["validate"])
    assert result.stdout.startswith("::error file=data/plans/2026.yaml,line=98,col=14,")
    explicit = runner.invoke(app, ["validate", "--format", "text"])
    assert explicit.stdout.startswith("data/plans/2026.yaml:98:14: error out-of-range")


def test_text_is_plain_when_not_a_terminal(runner: CliRunner, here: Path) -> None:
    _break(here, "duplicate-key")
    result = runner.invoke(app, ["validate"], color=False)
    assert result.exit_code == EXIT_PROBLEMS
    assert not ANSI.search(result.output)
    assert result.stdout.startswith("data/markets.yaml:24:5: error duplicate-key ")


def _in_terminal(root: Path, env: dict[str, str], columns: int = 200) -> str:
    """`roadmap validate` run in a pseudo-terminal `columns` wide: what a user sees."""
    pty = pytest.importorskip("pty")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    hidden = ("NO_COLOR", "GITHUB_ACTIONS", "COLUMNS", "LINES")
    clean = {k: v for k, v in os.environ.items() if k not in hidden}
    proc = subprocess.run(
        [sys.executable, "-m", "roadmap", "validate", "--data", str(root)],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**clean, "TERM": "xterm-256color", **env},
        check=False,
        timeout=60,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert proc.returncode == EXIT_PROBLEMS
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_and_no_color_respected(minimal: Path) -> None:
    _break(minimal, "duplicate-key")
    coloured = _in_terminal(minimal, {})
    assert ANSI.search(coloured)
    assert "duplicate-key" in coloured
    plain = _in_terminal(minimal, {"NO_COLOR": "1"})
    assert not ANSI.search(plain)
    assert "markets.yaml:24:5: error duplicate-key" in plain
    assert _in_terminal(minimal, {"NO_COLOR": ""}) == coloured  # empty means unset


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_one_problem_one_line_in_a_narrow_terminal(minimal: Path) -> None:
    """rich wraps at the terminal's width unless told not to: a problem stays whole."""
    _break(minimal, "duplicate-key")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", _in_terminal(minimal, {}, columns=40))
    assert f"{minimal}/markets.yaml:24:5: error duplicate-key duplicate key 'tier': " in shown
    line = next(ln for ln in shown.splitlines() if "duplicate-key" in ln)
    assert line.rstrip().endswith("it is already set above in this mapping")


# --------------------------------------------------------------- PATHS


def test_a_plan_file_validates_its_whole_data_folder(runner: CliRunner, here: Path) -> None:
    _break(here, "misspelled-key")  # in markets.yaml, not in the plan
    result = runner.invoke(app, ["validate", "data/plans/2026.yaml"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.startswith("data/markets.yaml:24:5: error unknown-key ")


def test_a_catalogue_file_validates_its_data_folder(runner: CliRunner, here: Path) -> None:
    _break(here, "unknown-partner")
    result = runner.invoke(app, ["validate", "data/sectors.yaml"])
    assert result.exit_code == EXIT_PROBLEMS
    assert "data/plans/2026.yaml:125:12: error unknown-partner" in result.stdout


def test_several_files_of_one_folder_report_each_problem_once(
    runner: CliRunner, here: Path
) -> None:
    _break(here, "unknown-partner")
    result = runner.invoke(
        app, ["validate", "data/sectors.yaml", "data/plans/2026.yaml", "data", "data/"]
    )
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.count("unknown-partner") == 1


def test_paths_in_two_folders(runner: CliRunner, here: Path) -> None:
    other = here.parent / "other"
    shutil.copytree(MINIMAL, other)
    _break(other, "month-0")
    result = runner.invoke(app, ["validate", "data", "other/plans/2026.yaml"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines() == [
        "other/plans/2026.yaml:111:14: error out-of-range month 0 is out of range: "
        "months are whole numbers from 1 (January) to 12",
        "1 error",
    ]


@pytest.mark.parametrize(("where", "path"), [(".", "data/plans"), ("data/plans", ".")])
def test_a_plans_folder_validates_its_data_folder(
    where: str, path: str, runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(here.parent / where)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "no problems found\n"
    _break(here, "unknown-partner")
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines()[0].startswith(
        f"{Path(path).parent if path != '.' else '..'}/plans/2026.yaml:125:12: error "
        "unknown-partner"
    )


def test_a_file_that_is_not_a_data_file(runner: CliRunner, here: Path) -> None:
    (here / "notes.yaml").write_text("a: b\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "data/notes.yaml"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.startswith("data/notes.yaml:1:1: error unknown-file not a data file")


# --------------------------------------------------------------- the app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == EXIT_OK
    assert result.stdout == f"roadmap {__version__}\n"


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == EXIT_OK
    for command in ("validate", "schema"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_validate_help_documents_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == EXIT_OK
    assert "Exit codes" in result.stdout
    for option in ("--data", "--format", "--strict"):
        assert option in result.stdout


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_no_traceback_for_any_data_mistake(
    case: Path, runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap import loader

    limits = case / "limits.txt"
    if limits.exists():
        for line in limits.read_text(encoding="utf-8").splitlines():
            name, value = line.split()
            monkeypatch.setattr(loader, name, int(value))
    overlay(case, here)
    result = runner.invoke(app, ["validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    warning_codes = (" unknown-file", " duplicate-month", " owner-co-owner")
    warnings_only = all(
        any(code in line for code in warning_codes)
        for line in expected.splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert result.exit_code == (EXIT_OK if warnings_only else EXIT_PROBLEMS), result.output
