"""Golden files are rewritten only by hand: `--update-golden` is refused under CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, TESTS

GOLDEN = TESTS / "golden"


def _pytest(ci: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _goldens() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("ci", ["true", "1"])
def test_update_golden_is_refused_when_ci_is_set(ci: str) -> None:
    before = _goldens()
    # the golden tests themselves: were the flag honoured, they would rewrite files
    result = _pytest(ci, "--update-golden", "tests/test_build_golden.py")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "--update-golden is refused when CI is set" in result.stderr
    assert "passed" not in result.stdout
    assert _goldens() == before


@pytest.mark.parametrize("ci", [None, "false"])
def test_update_golden_is_accepted_outside_ci(ci: str | None) -> None:
    # collecting only: the flag is accepted, and nothing is run or written
    result = _pytest(ci, "--update-golden", "--collect-only", "tests/test_build_golden.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "refused" not in result.stdout + result.stderr
