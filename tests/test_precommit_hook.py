"""The shipped pre-commit hook, run by the real pre-commit in a scratch git
repository: it runs on every commit, so a commit that deletes a data file
other files refer to is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DEFAULT_DATA, REPO

pytest.importorskip("pre_commit")
if shutil.which("git") is None:  # pragma: no cover - git is everywhere CI runs
    pytest.skip("git is not installed", allow_module_level=True)

HOOKS = REPO / ".pre-commit-hooks.yaml"


def shipped_hook() -> dict[str, object]:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "roadmap-validate"
    return dict(hook)


def local_config() -> str:
    """The shipped hook as a local one: every setting kept, `language: system`
    so that pre-commit runs this checkout's `roadmap` offline instead of
    pip-installing the repository into an environment of its own."""
    hook = shipped_hook() | {"language": "system"}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False)


def test_the_shipped_hook_runs_on_every_commit() -> None:
    hook = shipped_hook()
    assert hook["always_run"] is True
    assert hook["pass_filenames"] is True
    assert hook["entry"] == "roadmap validate"


def test_the_projects_own_config_mirrors_the_shipped_hook() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (own,) = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "roadmap-validate"]
    shipped = shipped_hook()
    for key in ("entry", "files", "always_run", "require_serial"):
        assert own.get(key) == shipped[key], key


class Repo:
    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        bin_dir = str(Path(sys.executable).parent)  # where this checkout's `roadmap` is
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "PRE_COMMIT_HOME": str(home),
            "HOME": str(home),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "NO_COLOR": "1",
        }
        self.env.pop("GITHUB_ACTIONS", None)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=120
        )

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.run("git", *args)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A git repository holding the shipped data and the hook, installed."""
    root = tmp_path / "work"
    root.mkdir()
    shutil.copytree(DEFAULT_DATA, root / "data")
    (root / ".pre-commit-config.yaml").write_text(local_config(), encoding="utf-8")
    (root / "notes.txt").write_text("notes\n", encoding="utf-8")
    r = Repo(root, tmp_path / "home")
    r.git("init", "-q", "-b", "main")
    r.git("add", ".")
    r.git("commit", "-q", "-m", "data", "--no-verify")
    install = r.run(sys.executable, "-m", "pre_commit", "install")
    assert install.returncode == 0, install.stdout + install.stderr
    return r


def test_deleting_a_referenced_data_file_is_refused(repo: Repo) -> None:
    before = repo.head()
    repo.git("rm", "-q", "data/levers.yaml")
    result = repo.run("git", "commit", "-m", "drop levers")
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "no files to check" not in out
    assert "roadmap validate" in out and "Failed" in out
    assert "data/levers.yaml:1:1: error file-missing file not found" in out
    assert repo.head() == before


def test_a_valid_change_and_a_commit_without_data_pass(repo: Repo) -> None:
    plan = repo.root / "data" / "plans" / "2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    repo.git("add", "data/plans/2026.yaml")
    changed = repo.run("git", "commit", "-m", "comment")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert "roadmap validate....." in changed.stderr and "Passed" in changed.stderr
    (repo.root / "notes.txt").write_text("more\n", encoding="utf-8")
    repo.git("add", "notes.txt")
    other = repo.run("git", "commit", "-m", "notes")
    assert other.returncode == 0, other.stdout + other.stderr
    assert "roadmap validate....." in other.stderr and "Passed" in other.stderr
