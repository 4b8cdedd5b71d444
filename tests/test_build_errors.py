"""`roadmap build`'s errors: a broken user template, a broken configuration,
options that do not go together. Each is one line and no traceback; a
broken packaged template is a bug and keeps its traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from typer.testing import CliRunner

from roadmap import build as build_module
from roadmap.build import render
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.validation import validate


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder, with an empty user templates folder `t` in it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    return tmp_path


# --- a user's template ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 1/0 }}", "t/plan.md.j2:1: division by zero"),
        ('\n{{ plan.year + "x" }}', "t/plan.md.j2:2: unsupported operand type(s) for +"),
        ('{{ "%d" % "a" }}', "t/plan.md.j2:1: %d format: a real number is required"),
        ("{{ plan.nonexistent }}", "t/plan.md.j2:1: 'plan' has no attribute 'nonexistent'"),
        (
            "{% for o in plan.summary.objectives %}{{ o.nope }}{% endfor %}",
            "t/plan.md.j2:1: 'objective' has no attribute 'nope'",
        ),
        ("{{ nope }}", "t/plan.md.j2:1: 'nope' is undefined"),
        (
            'x\n\n{% include "nope.j2" %}',
            "t/plan.md.j2:3: template 'nope.j2' not found "
            "(looked in t/ and the built-in templates)",
        ),
        ("{% if %}", "t/plan.md.j2:1: Expected an expression"),
    ],
)
def test_a_broken_user_template_is_one_line_with_its_place(
    runner: CliRunner, minimal: Path, here: Path, template: str, message: str
) -> None:
    (here / "t" / "plan.md.j2").write_text(template, encoding="utf-8")
    args = ["2026", "-d", str(minimal), "-f", "md", "--templates", "t"]
    code, stdout, stderr = run(runner, *args, "--stdout")
    assert code == EXIT_USAGE
    assert stderr.startswith(f"roadmap: error: template {message}"), stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert stdout == ""
    code, _, stderr = run(runner, *args, "-o", "out")
    assert code == EXIT_USAGE and message in stderr
    assert not (here / "out").exists()


def test_the_place_is_the_user_template_that_failed_even_when_included(
    runner: CliRunner, minimal: Path, here: Path
) -> None:
    """A user's plan.css, included by the packaged HTML template, names itself."""
    (here / "t" / "plan.css").write_text("body {}\n{{ 1/0 }}\n", encoding="utf-8")
    code, _, stderr = run(runner, "2026", "-d", str(minimal), "-f", "html", "--templates", "t")
    assert code == EXIT_USAGE
    assert stderr == "roadmap: error: template t/plan.css:2: division by zero\n"
    (here / "t" / "plan.css").write_text("{% include 'part.j2' %}\n", encoding="utf-8")
    (here / "t" / "part.j2").write_text("ok\n{{ plan.nope }}", encoding="utf-8")
    code, _, stderr = run(runner, "2026", "-d", str(minimal), "-f", "html", "--templates", "t")
    assert code == EXIT_USAGE
    assert stderr == "roadmap: error: template t/part.j2:2: 'plan' has no attribute 'nope'\n"


@pytest.fixture(params=[("{{ 1/0 }}", ZeroDivisionError), ("{{ plan.nope }}", UndefinedError)])
def broken_package(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[type[Exception]]:
    """Packaged templates whose plan.md.j2 fails (a bug of ours); the exception expected."""
    packaged = tmp_path / "packaged"
    packaged.mkdir()
    template, expected = request.param
    (packaged / "plan.md.j2").write_text(template, encoding="utf-8")
    monkeypatch.setattr(build_module, "packaged_templates", lambda: packaged)
    build_module.environment.cache_clear()
    yield expected
    build_module.environment.cache_clear()


def test_a_broken_packaged_template_is_a_bug_with_its_traceback(
    minimal: Path, tmp_path: Path, broken_package: type[Exception]
) -> None:
    data, _ = validate(minimal, years={2026})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.css").write_text("body {}\n", encoding="utf-8")
    with pytest.raises(broken_package):  # not a UsageError
        render(data, 2026, ["md"], templates=mine)
    with pytest.raises(broken_package):
        render(data, 2026, ["md"])


def test_only_a_user_template_makes_a_usage_error() -> None:
    try:
        1 / 0  # noqa: B018 - the exception, raised here, not from a template
    except ZeroDivisionError as exc:
        assert build_module.template_error(exc, None) is None
        assert build_module.template_error(exc, Path("t")) is None


# --- the configuration ----------------------------------------------------------------


def test_a_broken_configuration_fails_the_build_as_it_fails_check(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    (minimal / "roadmap.toml").write_text("[rules]\nno-kpi = false\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = run(runner, "2026", "-d", str(minimal), "-o", str(out))
    assert code == EXIT_PROBLEMS
    assert "config-unknown-rule règle inconnue 'no-kpi'" in stdout  # the dataset's language
    checked = runner.invoke(app, ["check", "2026", "--data", str(minimal)])
    assert checked.exit_code == EXIT_PROBLEMS and stdout == checked.stdout
    assert not out.exists()
    code, stdout, _ = run(runner, "2026", "-d", str(minimal), "-f", "md", "--stdout")
    assert code == EXIT_PROBLEMS and "# " not in stdout


def test_a_valid_configuration_builds(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    (minimal / "roadmap.toml").write_text("[rules]\naction-without-kpi = false\n", encoding="utf-8")
    assert run(runner, "2026", "-d", str(minimal), "-o", str(tmp_path / "out"))[0] == EXIT_OK


# --- options --------------------------------------------------------------------------


def test_stdout_and_out_do_not_go_together(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "zz"
    code, stdout, stderr = run(
        runner, "2026", "-d", str(minimal), "-f", "md", "--stdout", "--out", str(out)
    )
    assert code == EXIT_USAGE
    assert stderr == "roadmap: error: --stdout and --out do not go together\n"
    assert stdout == "" and not out.exists()


def test_out_defaults_to_build(runner: CliRunner, minimal: Path, here: Path) -> None:
    assert run(runner, "2026", "-d", str(minimal), "-f", "md", "-q")[0] == EXIT_OK
    assert (here / "build" / "plan-2026.fr.md").is_file()
