"""`roadmap build` end to end: files, stdout, languages, templates, errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.build import render
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.validation import validate

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner()


def build(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_builds_both_formats_in_the_dataset_language(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = build(runner, "2026", "--data", str(minimal), "--out", str(out))
    assert code == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["plan-2026.fr.html", "plan-2026.fr.md"]
    assert f"wrote {out / 'plan-2026.fr.md'}" in stdout
    md = (out / "plan-2026.fr.md").read_text(encoding="utf-8")
    assert md.startswith("# Feuille de route de la promotion touristique 2026\n")
    assert f"5{NNBSP}700{NNBSP}000{NBSP}MAD" in md  # total budget, French grouping


def test_english_and_a_single_format(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = build(
        runner, "2026", "-d", str(minimal), "-o", str(out), "--lang", "en", "--format", "html"
    )
    assert code == EXIT_OK
    assert [p.name for p in out.iterdir()] == ["plan-2026.en.html"]
    html = (out / "plan-2026.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert f"MAD{NBSP}5,700,000" in html
    assert "Winter campaign in France" in html  # text given per language
    assert "Ligne directe Oslo-Essaouira" in html  # plain text, one language only


def test_default_output_folder_is_build(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal.parent)
    code, _, _ = build(runner, "2026", "--quiet")
    assert code == EXIT_OK
    assert (minimal.parent / "build" / "plan-2026.fr.html").is_file()


def test_stdout_prints_one_document_and_writes_nothing(
    runner: CliRunner, minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = build(runner, "2026", "-d", str(minimal), "--format", "md", "--stdout")
    assert code == EXIT_OK
    assert stdout.startswith("# Feuille de route")
    assert not (tmp_path / "build").exists()


def test_stdout_needs_one_format(runner: CliRunner, minimal: Path) -> None:
    code, stdout, stderr = build(runner, "2026", "-d", str(minimal), "--stdout")
    assert code == EXIT_USAGE
    assert stdout == ""
    assert stderr.strip().count("\n") == 0
    assert "--format md, --format html or --format pdf" in stderr


def test_invalid_data_prints_problems_like_validate_and_writes_nothing(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    plan = minimal / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("lever: content", "lever: contnet"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, stdout, _ = build(runner, "2026", "-d", str(minimal), "-o", str(out))
    assert code == EXIT_PROBLEMS
    validated = runner.invoke(app, ["validate", "--data", str(minimal)])
    assert stdout == validated.stdout
    # in the dataset's language, as validate says it
    assert "unknown-lever levier inconnu 'contnet' (vouliez-vous dire 'content'\u202f?)" in stdout
    assert not out.exists()


def test_missing_plan_is_a_usage_error(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    code, _, stderr = build(runner, "2031", "-d", str(minimal), "-o", str(tmp_path / "o"))
    assert code == EXIT_USAGE
    assert stderr == (
        f"roadmap: error: no plan for 2031: {minimal}/plans/2031.yaml not found; plans here: 2026\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "nowhere"], "data folder not found: nowhere"),
        (["--lang", "de"], "no message catalogue for language 'de'"),
        (["--date", "2026-13-01"], "--date must be a date as YYYY-MM-DD"),
        (["--templates", "nowhere"], "templates folder not found: nowhere"),
    ],
)
def test_usage_errors_are_one_line(
    runner: CliRunner, minimal: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    # an option given twice is an error of its own: --data only once
    data = [] if "--data" in args else ["-d", str(minimal)]
    code, _, stderr = build(runner, "2026", *data, "-o", str(tmp_path / "o"), *args)
    assert code == EXIT_USAGE
    assert stderr.startswith("roadmap: error: ") and message in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_out_is_one_line(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, stderr = build(runner, "2026", "-d", str(minimal), "-o", str(locked / "out"))
    finally:
        locked.chmod(0o700)
    assert code == EXIT_USAGE
    assert stderr.startswith("roadmap: error: cannot write to") and stderr.count("\n") == 1


def test_write_refused_is_one_line(
    runner: CliRunner, minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("roadmap.files._create", refused)
    code, stdout, stderr = build(runner, "2026", "-d", str(minimal), "-o", str(tmp_path / "o"))
    assert code == EXIT_USAGE
    assert stderr == f"roadmap: error: cannot write to {tmp_path / 'o'}: Permission denied\n"
    assert "wrote" not in stdout


@pytest.mark.parametrize(
    ("terminal", "args", "shown"),
    [
        (True, [], True),
        (True, ["--quiet"], False),
        (True, ["--stdout", "-f", "md"], False),
        (False, [], False),
    ],
)
def test_progress_only_on_a_terminal_and_not_quiet(
    runner: CliRunner,
    minimal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
    args: list[str],
    shown: bool,
) -> None:
    from roadmap.cli import build as cli_build

    seen: list[bool] = []
    real = cli_build._progress

    def spy(show: bool, total: int):  # type: ignore[no-untyped-def]
        seen.append(show)
        return real(show, total)

    monkeypatch.setattr(cli_build, "_progress", spy)
    monkeypatch.setattr(cli_build, "is_terminal", lambda: terminal)
    monkeypatch.setattr(cli_build, "PROGRESS_BYTES", 0)
    out = [] if "--stdout" in args else ["-o", str(tmp_path / "o")]
    code, _, _ = build(runner, "2026", "-d", str(minimal), *out, *args)
    assert code == EXIT_OK
    assert seen == [shown]


def test_out_that_is_a_file_is_one_line(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("keep me", encoding="utf-8")
    code, _, stderr = build(runner, "2026", "-d", str(minimal), "-o", str(target))
    assert code == EXIT_USAGE
    assert stderr.startswith("roadmap: error: ") and stderr.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "keep me"


def test_out_under_a_file_is_one_line(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("keep me", encoding="utf-8")
    code, _, stderr = build(runner, "2026", "-d", str(minimal), "-o", str(target / "sub"))
    assert code == EXIT_USAGE
    assert stderr.startswith("roadmap: error: cannot write to") and stderr.count("\n") == 1


def test_an_interrupted_write_keeps_the_previous_plan(
    runner: CliRunner, minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert build(runner, "2026", "-d", str(minimal), "-o", str(out), "-q")[0] == EXIT_OK
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(self: Path, target: Path) -> Path:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", interrupted)
    args = ["build", "2026", "-d", str(minimal), "-o", str(out), "--date", "2026-02-01"]
    result = runner.invoke(app, args)
    assert result.exit_code != EXIT_OK  # interrupted at the first rename
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp file left


def test_writes_only_inside_out(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = set(tmp_path.rglob("*"))
    assert build(runner, "2026", "-d", str(minimal), "-o", str(out), "-q")[0] == EXIT_OK
    created = set(tmp_path.rglob("*")) - before
    assert created == {out, out / "plan-2026.fr.md", out / "plan-2026.fr.html"}


def test_quiet_and_no_date_by_default(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = build(runner, "2026", "-d", str(minimal), "-o", str(out), "-q")
    assert (code, stdout, stderr) == (EXIT_OK, "", "")
    assert "Édition du" not in (out / "plan-2026.fr.md").read_text(encoding="utf-8")


def test_date_on_the_cover(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["2026", "-d", str(minimal), "-o", str(out), "--date", "2026-01-15"]
    assert build(runner, *args)[0] == EXIT_OK
    assert "Édition du 15 janvier 2026" in (out / "plan-2026.fr.md").read_text(encoding="utf-8")
    assert build(runner, *args, "--lang", "en")[0] == EXIT_OK
    assert "Edition of January 15, 2026" in (out / "plan-2026.en.html").read_text(encoding="utf-8")


def test_same_input_same_bytes(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert build(runner, "2026", "-d", str(minimal), "-o", str(tmp_path / name))[0] == EXIT_OK
    for doc in ("plan-2026.fr.md", "plan-2026.fr.html"):
        assert (tmp_path / "a" / doc).read_bytes() == (tmp_path / "b" / doc).read_bytes()


def test_user_templates_override_by_name(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.md.j2").write_text(
        "Custom {{ plan.year }}: {{ plan.summary.total_budget }} {{ plan.theme|md }}\n",
        encoding="utf-8",
    )
    (mine / "plan.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["2026", "-d", str(minimal), "-o", str(out), "--templates", str(mine), "--lang", "en"]
    assert build(runner, *args)[0] == EXIT_OK
    md = (out / "plan-2026.en.md").read_text(encoding="utf-8")
    assert md == f"Custom 2026: ≈{NBSP}MAD{NBSP}5,700,000 Stronger Together\n"
    html = (out / "plan-2026.en.html").read_text(encoding="utf-8")
    assert "rebeccapurple" in html  # an included part overridden too
    assert '<section class="major" id="annex"' in html  # the rest is packaged


def test_broken_user_template_is_a_usage_error(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.md.j2").write_text("{{ plan.nope }}\n", encoding="utf-8")
    args = ["2026", "-d", str(minimal), "-o", str(tmp_path / "o"), "--templates", str(mine)]
    code, _, stderr = build(runner, *args)
    assert code == EXIT_USAGE and "'nope'" in stderr and "Traceback" not in stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "plan.md.j2").write_text("{% if %}\n", encoding="utf-8")
    code, _, stderr = build(runner, *args[:-1], str(other))
    assert code == EXIT_USAGE and "plan.md.j2:1" in stderr


def test_the_plans_own_destination_choice_wins(minimal: Path) -> None:
    plan = minimal / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "lead: ouarzazate, emerging: merzouga", "lead: ouarzazate, emerging: zagora"
        ),
        encoding="utf-8",
    )
    data, problems = validate(minimal, years={2026})
    assert not [p for p in problems if p.severity == "error"]
    (doc,) = render(data, 2026, ["md"], lang="en")
    region = doc.content.split("### Draa-Tafilalet", 1)[1].split("\n### ", 1)[0]
    assert "**Zagora**" in region
    assert "#### Other actions in the region" in region  # Merzouga's action is still shown
    assert "A4 Éductours agences de voyages à Merzouga" in region


def test_funding_split_and_leverage_in_the_summary(minimal: Path) -> None:
    data, _ = validate(minimal, years={2026})
    (doc,) = render(data, 2026, ["md"], lang="en")
    # Public: ONMT 2.0 M + 0.5 M, RAM (A2 owner ONMT, no co-financing) 1.5 M, CRT 0.3 M;
    # private: CNT 1.0 M on A1 and 0.4 M as A4's owner. The data is illustrative: marked.
    assert f"- Public funding: ≈{NBSP}MAD{NBSP}4,300,000 (75.4%)" in doc.content
    assert f"- Private funding: ≈{NBSP}MAD{NBSP}1,400,000 (24.6%)" in doc.content
    # partner leverage: all but the office (CNT 1.4 M, CRT 0.3 M) per office unit
    # (ONMT 2.0 M + 1.5 M + 0.5 M): 1.7 / 4.0
    assert f"- Partner leverage: **≈{NBSP}0.42**" in doc.content


def test_earlier_proposals_answered_this_year_are_shown_taken_up(tmp_path: Path) -> None:
    """A plan that answers an earlier plan's proposal without carrying it still shows it."""
    import shutil

    from conftest import DEFAULT_DATA

    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root, ignore=shutil.ignore_patterns("progress"))
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    # the shipped 2026 plan carries P25-10 (same id); drop it so only 2025 has it
    start = text.index("  - id: P25-10\n")
    end = text.index("  - id: ", start + 1)
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    data, _ = validate(root, years={2026})
    assert 2025 not in data.plans  # read for its proposals only
    (doc,) = render(data, 2026, ["md"], lang="en")
    earlier = doc.content.split("### Earlier years' proposals taken up this year", 1)[1]
    row = next(line for line in earlier.splitlines() if line.startswith("| P25-10 |"))
    assert "Taken up by A26-020" in row
    region = doc.content.split("### Oriental", 1)[1].split("\n### ", 1)[0]
    assert "P25-10" in region and "— Taken up by A26-020" in region


def test_a_carried_proposal_is_shown_with_this_years_outcome() -> None:
    from conftest import DEFAULT_DATA

    data, _ = validate(DEFAULT_DATA, years={2026})
    (doc,) = render(data, 2026, ["md"], lang="en")
    assert "### Earlier years' proposals taken up this year" not in doc.content
    region = doc.content.split("### Oriental", 1)[1].split("\n### ", 1)[0]
    assert "P25-10" in region and "— Taken up by A26-020" in region
    table = doc.content.split("### Proposals and their outcome", 1)[1]
    row = next(line for line in table.splitlines() if line.startswith("| P25-10 |"))
    assert "ONMT regional tour, Oriental stop" in row and "| taken up |" in row
