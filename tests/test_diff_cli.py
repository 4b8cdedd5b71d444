"""`roadmap diff` on the command line: arguments, formats, exit codes, git driver."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, REPO
from roadmap.cli import app
from roadmap.validation import validate

GOLDEN = Path(__file__).parent / "golden" / "diff"
#: Outside GitHub Actions, where data errors would be annotations (test_diff_annotations.py).
runner = CliRunner(env={"GITHUB_ACTIONS": None})


def run(*args: str) -> tuple[int, str]:
    """`roadmap diff ARGS`, in English unless ARGS say otherwise (test_diff_languages.py)."""
    lang = () if "--lang" in args else ("--lang", "en")
    result = runner.invoke(app, ["diff", *args, *lang])
    return result.exit_code, result.output


def plan_file(root: Path, year: int = 2026) -> Path:
    return root / "plans" / f"{year}.yaml"


def change_budget(root: Path, old: str = "budget: 1500000", new: str = "budget: 1600000") -> None:
    path = plan_file(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def second_year(root: Path) -> None:
    """plans/2027.yaml: the 2026 plan with A2's budget raised."""
    text = plan_file(root).read_text(encoding="utf-8")
    text = text.replace("year: 2026", "year: 2027").replace("budget: 1500000", "budget: 1600000")
    plan_file(root, 2027).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- golden


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_golden_default_data_2025_2026(fmt: str, update_golden: bool) -> None:
    code, out = run("2025", "2026", "--data", str(DEFAULT_DATA), "--format", fmt)
    assert code == 0, out
    golden = GOLDEN / f"2025-2026.{ {'text': 'txt'}.get(fmt, fmt) }"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert golden.is_file(), "run pytest --update-golden once to write it"
    assert out == golden.read_text(encoding="utf-8")


def test_default_data_tells_the_2025_2026_story() -> None:
    code, out = run("2025", "2026", "--data", str(DEFAULT_DATA), "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    paths = {c["path"]: c for c in report["changes"]}
    assert paths["markets[PT].tier"]["before"] == "emerging"
    assert paths["destinations[draa-tafilalet].emerging"]["after"] == "merzouga"
    assert paths["actions[A26-001].budget"]["kind"] == "changed"
    assert any(c["kind"] == "removed" and c["section"] == "actions" for c in report["changes"])
    assert any(c["kind"] == "added" and c["section"] == "actions" for c in report["changes"])
    answered_later = [
        a for a in report["answers"] if a["proposal"].startswith("P25") and a["after"]
    ]
    assert answered_later
    # the 2025 tour's meetings and proposals are history or carried, never removed
    removed = {c["section"] for c in report["changes"] if c["kind"] == "removed"}
    assert not removed & {"meetings", "proposals"}
    story = report["story"]
    assert len(story["proposals"]) == sum(story["outcomes"].values()) > 0
    assert any(
        p["before"] != p["after"] and p["after"] == "taken-up" for p in story["proposals"]
    ), "a 2025 proposal taken up in 2026"
    assert all(
        p["outcome"] != "dropped" or p["before"] in ("open", "deferred") for p in story["proposals"]
    )


# --------------------------------------------------------------------------- exit codes


def test_exit_codes(minimal: Path) -> None:
    second_year(minimal)
    assert run("2026", "2027", "--data", str(minimal))[0] == 0
    assert run("2026", "2027", "--data", str(minimal), "--exit-code")[0] == 1
    assert run("2026", "2026", "--data", str(minimal), "--exit-code")[0] == 0


def test_no_difference_says_so(minimal: Path) -> None:
    code, out = run("2026", "2026", "--data", str(minimal))
    assert code == 0
    assert out == "2026 → 2026: no differences\n"


def test_data_error_is_reported_as_validate_does(minimal: Path) -> None:
    second_year(minimal)
    change_budget(minimal, "lever: influence", "lever: influense")
    code, out = run("2026", "2027", "--data", str(minimal))
    assert code == 2
    assert "plans/2026.yaml:" in out
    assert "unknown-lever" in out and "did you mean 'influence'" in out
    assert "Traceback" not in out


def test_data_error_as_json_with_json_format(minimal: Path) -> None:
    change_budget(minimal, "lever: influence", "lever: influense")
    code, out = run("2026", "2026", "--data", str(minimal), "--format", "json")
    assert code == 2
    assert json.loads(out)["problems"][0]["code"] == "unknown-lever"


def test_missing_year_is_a_data_error(minimal: Path) -> None:
    code, out = run("2025", "2026", "--data", str(minimal))
    assert code == 2
    assert "no plan for 2025" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.yaml", "2026"], "no such year, file or folder: nowhere.yaml"),
        (["2026"], "roadmap: error: diff: missing argument B\n"),
        (
            ["2026", "2026", "--format", "html"],
            "diff: invalid --format 'html': expected text, md or json\n",
        ),
    ],
)
def test_usage_errors(minimal: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["diff", *args, "--data", str(minimal)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_folder_against_a_year_is_a_usage_error(minimal: Path) -> None:
    code, out = run(str(minimal), "2026", "--data", str(minimal))
    assert code == 2
    assert "roadmap: error: compare two years, two plan files or two data folders" in out


def test_missing_data_folder(tmp_path: Path) -> None:
    code, out = run("2025", "2026", "--data", str(tmp_path / "none"))
    assert code == 2
    assert "data folder not found" in out


# --------------------------------------------------------------------------- sides


def test_lone_plan_file_uses_the_data_catalogues(minimal: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    shutil.copyfile(plan_file(minimal), old)
    change_budget(minimal)
    code, out = run(str(old), str(plan_file(minimal)), "--data", str(minimal), "-f", "json")
    assert code == 0, out
    report = json.loads(out)
    assert [c["path"] for c in report["changes"]] == ["actions[A2].budget"]
    assert report["before"] == str(old)


def test_lone_plan_file_is_validated(minimal: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        plan_file(minimal).read_text(encoding="utf-8").replace("owner: CNT", "owner: NOBODY"),
        encoding="utf-8",
    )
    code, out = run(str(old), "2026", "--data", str(minimal))
    assert code == 2
    assert f"{old}:" in out and "unknown-partner" in out


def test_two_data_folders_compare_their_latest_common_year(minimal: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(minimal, other)
    change_budget(other)
    code, out = run(str(minimal), str(other), "-f", "json")
    assert code == 0, out
    assert [c["path"] for c in json.loads(out)["changes"]] == ["actions[A2].budget"]


def test_dev_null_is_an_empty_plan(minimal: Path) -> None:
    code, out = run(os.devnull, "2026", "--data", str(minimal), "-f", "json")
    assert code == 0, out
    sections = json.loads(out)["summary"]["sections"]
    assert sections["actions"]["added"] == 4


def test_order_option(minimal: Path) -> None:
    second_year(minimal)
    path = plan_file(minimal, 2027)
    path.write_text(
        path.read_text(encoding="utf-8").replace("months: [1, 2, 11]", "months: [11, 1, 2]"),
        encoding="utf-8",
    )
    _, plain = run("2026", "2027", "--data", str(minimal), "-f", "json")
    _, ordered = run("2026", "2027", "--data", str(minimal), "-f", "json", "--order")
    assert "actions[A1].months" not in plain
    kinds = {c["path"]: c["kind"] for c in json.loads(ordered)["changes"]}
    assert kinds["actions[A1].months"] == "reordered"


# --------------------------------------------------------------------------- formats


def test_json_layout(minimal: Path) -> None:
    second_year(minimal)
    _, out = run("2026", "2027", "--data", str(minimal), "-f", "json")
    report = json.loads(out)
    assert report["version"] == 2
    assert set(report) == {
        "version",
        "before",
        "after",
        "differs",
        "summary",
        "story",
        "shifts",
        "changes",
        "budgets",
        "targets",
        "coverage",
        "answers",
    }
    assert report["changes"] == [
        {
            "section": "actions",
            "kind": "changed",
            "path": "actions[A2].budget",
            "before": 1500000,
            "after": 1600000,
        }
    ]
    assert report["budgets"]["total"]["change"] == 100000
    assert set(report["budgets"]) == {"total", "lever", "zone", "region"}
    assert report["summary"]["changed"] == 1
    # 2026 to 2027: what became of the 2026 proposals (all carried, unchanged)
    assert set(report["story"]) == {"outcomes", "proposals", "new_proposals", "meetings"}
    assert [(p["proposal"], p["after"]) for p in report["story"]["proposals"]] == [
        ("P1", "taken-up"),
        ("P2", "open"),
        ("P3", "declined"),
    ]


def test_markdown_escapes_data(minimal: Path) -> None:
    second_year(minimal)
    path = plan_file(minimal, 2027)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Ligne directe Oslo-Essaouira", 'title: "Ligne | *directe* <b>Oslo</b>"'
        ),
        encoding="utf-8",
    )
    _, out = run("2026", "2027", "--data", str(minimal), "-f", "md")
    assert out.startswith("## Plan changes: 2026 → 2027\n")
    row = next(line for line in out.splitlines() if "actions[A2].title" in line)
    assert "Ligne \\| \\*directe\\* &lt;b&gt;Oslo&lt;/b&gt;" in row
    assert row.count(" | ") == 3  # four cells, the data's pipe is escaped
    assert "| lever | 2026 | 2027 | change | % |" in out


def _retitle_a2(root: Path, title: str) -> None:
    path = plan_file(root, 2027)
    text = path.read_text(encoding="utf-8")
    assert "title: Ligne directe Oslo-Essaouira" in text
    path.write_text(text.replace("title: Ligne directe Oslo-Essaouira", title), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_a_difference_in_invisible_characters_is_shown(minimal: Path, fmt: str) -> None:
    second_year(minimal)
    _retitle_a2(minimal, 'title: "Ligne directe\u202fOslo-Essaouira"')
    _, out = run("2026", "2027", "--data", str(minimal), "-f", fmt)
    row = next(line for line in out.splitlines() if "actions[A2].title" in line)
    # the after side names the narrow no-break space; the before side is unchanged
    # (Markdown doubles the backslash so that it shows)
    escaped = "\\\\u202f" if fmt == "md" else "\\u202f"
    assert f"Ligne directe{escaped}Oslo-Essaouira" in row
    assert "Ligne directe Oslo-Essaouira" in row


def test_invisible_differences_deep_in_a_long_text_are_in_view(minimal: Path) -> None:
    second_year(minimal)
    long = "x" * 200
    path = plan_file(minimal, 2026)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Ligne directe Oslo-Essaouira", f'title: "{long} fin "'
        ),
        encoding="utf-8",
    )
    _retitle_a2(minimal, f'title: "{long}\\tfin"')
    _, out = run("2026", "2027", "--data", str(minimal))
    row = next(line for line in out.splitlines() if "actions[A2].title" in line)
    assert "…" + "x" * 26 + " fin\\u0020" in row
    assert "…" + "x" * 26 + "\\tfin" in row


def test_visible_characters_are_not_escaped(minimal: Path) -> None:
    second_year(minimal)
    _retitle_a2(minimal, 'title: "Vol\u00a0direct  Oslo"')
    _, out = run("2026", "2027", "--data", str(minimal))
    row = next(line for line in out.splitlines() if "actions[A2].title" in line)
    assert "Vol direct Oslo" in row  # looks different already: shown as read
    assert "\\u" not in row


def test_json_keeps_the_raw_strings(minimal: Path) -> None:
    second_year(minimal)
    _retitle_a2(minimal, 'title: "Ligne directe\u202fOslo-Essaouira"')
    _, out = run("2026", "2027", "--data", str(minimal), "-f", "json")
    (change,) = [c for c in json.loads(out)["changes"] if c["path"] == "actions[A2].title"]
    assert change["after"] == "Ligne directe\u202fOslo-Essaouira"


def test_json_numbers_are_integers_when_whole(minimal: Path) -> None:
    second_year(minimal)
    path = plan_file(minimal, 2027)
    text = path.read_text(encoding="utf-8")
    assert "months: [12]" in text
    path.write_text(text.replace("months: [12]", "months: [6]"), encoding="utf-8")
    _, out = run("2026", "2027", "--data", str(minimal), "-f", "json")
    report = json.loads(out)
    months = report["coverage"]["months"]
    assert months["gained"] == [6] and months["lost"] == [12]
    assert all(isinstance(m, int) for m in months["before"] + months["after"])
    assert report["budgets"]["total"]["before"] == 5_700_000
    assert isinstance(report["budgets"]["total"]["before"], int)


def test_text_on_a_terminal_uses_rich_tables(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap.cli.diff as cli_diff

    second_year(minimal)
    _, plain = run("2026", "2027", "--data", str(minimal), "-f", "text")
    monkeypatch.setattr(cli_diff, "is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    _, out = run("2026", "2027", "--data", str(minimal))
    assert "Budget by lever" in out
    assert "actions[A2].budget" in out
    assert "\x1b[" not in out
    assert out != plain  # rich draws its own table rules


def test_labels_name_the_sides(minimal: Path) -> None:
    second_year(minimal)
    args = ["2026", "2027", "--data", str(minimal), "--label-a", "old", "--label-b", "new"]
    code, out = run(*args)
    assert code == 0
    assert out.startswith("old → new: 1 changed\n")
    assert "lever" in out and " old " in out and " new " in out
    report = json.loads(run(*args, "-f", "json")[1])
    assert (report["before"], report["after"]) == ("old", "new")
    assert run(*args, "-f", "md")[1].startswith("## Plan changes: old → new\n")
    # one label: the other side keeps its argument
    assert run("2026", "2027", "--data", str(minimal), "--label-b", "x")[1].startswith("2026 → x:")


def test_an_empty_label_is_a_usage_error(minimal: Path) -> None:
    code, out = run("2026", "2026", "--data", str(minimal), "--label-a", " ")
    assert code == 2
    assert "--label-a must not be empty" in out


def test_plain_text_is_deterministic(minimal: Path) -> None:
    second_year(minimal)
    first = run("2026", "2027", "--data", str(minimal))[1]
    assert first == run("2026", "2027", "--data", str(minimal))[1]
    assert first.startswith("2026 → 2027: 1 changed\n")


# --------------------------------------------------------------------------- git diff driver


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_driver(minimal: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(minimal, repo / "data")
    shutil.copy2(REPO / "scripts" / "git-diff-roadmap", repo / "git-diff-roadmap")
    (repo / ".gitattributes").write_text("data/plans/*.yaml diff=roadmap\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "config", "diff.roadmap.command", "./git-diff-roadmap")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plan")
    change_budget(repo / "data")
    out = git(repo, "diff")
    # in the data's language (French here), as read from data/
    assert "1 modification(s)" in out
    # headed with git's path, not the temporary files git hands the driver
    assert "a/data/plans/2026.yaml → b/data/plans/2026.yaml\u00a0: 1 modification(s)" in out
    assert "actions[A2].budget" in out
    assert "1\u202f500\u202f000" in out and "1\u202f600\u202f000" in out
    # the documented one-liner works as well
    one_liner = 'f() { roadmap diff --label-a "a/$1" --label-b "b/$1" "$2" "$5"; }; f'
    git(repo, "config", "diff.roadmap.command", one_liner)
    out = git(repo, "diff")
    assert "actions[A2].budget" in out
    assert out.startswith("a/data/plans/2026.yaml → b/data/plans/2026.yaml\u00a0:")
    # committed versions: both sides are temporary files read against data/
    git(repo, "commit", "-q", "-am", "budget")
    git(repo, "config", "diff.roadmap.command", "./git-diff-roadmap")
    out = git(repo, "diff", "HEAD~1", "HEAD")
    assert "actions[A2].budget" in out
    assert "a/data/plans/2026.yaml → b/data/plans/2026.yaml" in out
    assert "/tmp" not in out and "git-blob" not in out
    # a renamed plan (git passes nine arguments): b/ is the new path
    git(repo, "mv", "data/plans/2026.yaml", "data/plans/2027.yaml")
    renamed = repo / "data" / "plans" / "2027.yaml"
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace("year: 2026", "year: 2027"), encoding="utf-8"
    )
    git(repo, "add", "-A")
    out = git(repo, "diff", "--cached", "-M")
    assert out.startswith("a/data/plans/2026.yaml → b/data/plans/2027.yaml\u00a0:")


# --------------------------------------------------------------------------- answers across years


def _with_2025(root: Path) -> None:
    text = plan_file(root).read_text(encoding="utf-8")
    earlier = text.replace("year: 2026", "year: 2025").replace("- id: P2\n", "- id: P25-2\n")
    earlier = earlier.replace("answers: [P2]", "answers: [P25-2]")
    plan_file(root, 2025).write_text(earlier, encoding="utf-8")


def test_an_action_may_answer_an_earlier_years_proposal(minimal: Path) -> None:
    _with_2025(minimal)
    change_budget(minimal, "answers: [P2]", "answers: [P2, P25-2]")
    assert [p for p in validate(minimal)[1] if p.severity == "error"] == []
    # only 2026 loaded: the 2025 file is read for its proposal ids
    assert [p for p in validate(minimal, years={2026})[1] if p.severity == "error"] == []


def test_an_unknown_or_later_proposal_is_still_an_error(minimal: Path) -> None:
    _with_2025(minimal)
    change_budget(minimal, "answers: [P2]", "answers: [P2, P25-3]")
    codes = [(p.code, p.message) for p in validate(minimal)[1]]
    assert ("unknown-proposal", "unknown proposal 'P25-3' (did you mean 'P25-2'?)") in codes
    # the 2025 plan may not answer a 2026 proposal
    path = plan_file(minimal, 2025)
    path.write_text(
        path.read_text(encoding="utf-8").replace("answers: [P1]", "answers: [P1, P2]"),
        encoding="utf-8",
    )
    problems = validate(minimal)[1]
    assert any(
        p.code == "unknown-proposal" and p.file.endswith("2025.yaml") and "'P2'" in p.message
        for p in problems
    )
