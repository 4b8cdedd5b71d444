"""Shared fixtures: the example data folders and a fresh copy of them."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
REPO = TESTS.parent
EXAMPLES = TESTS / "data"
#: A small, complete, valid data folder every test may copy and change.
MINIMAL = EXAMPLES / "valid" / "minimal"
#: The minimal plan with every gap filled: `roadmap check` finds nothing.
CLEAN = EXAMPLES / "coverage" / "clean"
#: The shipped default dataset.
DEFAULT_DATA = REPO / "data"


BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


@functools.cache
def bench_module(name: str) -> ModuleType:
    """A script of `benchmarks/` (not a package) as a module: `generate` makes
    the synthetic data the benchmarks run on, and several tests use it."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def overlay(case: Path, root: Path) -> None:
    """Copy the files of `case` over the data folder `root`.

    A case holds only what differs from `minimal`: files replace their
    namesakes; a folder replaces a file of the same name (the "directory
    given as a file" case); `remove.txt` lists files to delete. Files the
    harness reads itself (`expected.txt`, `remove.txt`, `limits.txt`) and
    `.keep` placeholders are not copied.
    """
    meta = {"expected.txt", "remove.txt", "limits.txt"}
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if rel.as_posix() in meta:
            continue
        dest = root / rel
        if src.is_dir():
            if dest.is_file():
                dest.unlink()
            dest.mkdir(parents=True, exist_ok=True)
        elif src.name != ".keep":
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (root / line.strip()).unlink()


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of tests/data/valid/minimal, free to change."""
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The gap-free plan, in ./data of a fresh working folder (the cwd)."""
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(CLEAN, root)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner outside GitHub Actions (so text is the default format)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ from the current output.",
    )


def pytest_configure(config: pytest.Config) -> None:
    # CI checks the goldens; one rewritten there would pass whatever the output.
    if config.getoption("--update-golden") and _in_ci():
        raise pytest.UsageError(
            "--update-golden is refused when CI is set: golden files are rewritten by hand, "
            "reviewed and committed, never in CI"
        )


def _in_ci() -> bool:
    """CI set, as CI services and .ci/run set it (`CI=false` or `CI=0` is a local run)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files (--update-golden)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _no_pdf_in_all(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """`roadmap build` writes the PDF too when WeasyPrint is installed, as it is
    for the tests; a PDF takes seconds where the rest takes milliseconds, so
    tests run in-process build Markdown and HTML only, unless marked `pdf`
    (tests/test_pdf.py builds PDFs and checks `all` includes it)."""
    if request.node.get_closest_marker("pdf") is None:
        from roadmap.render import pdf

        monkeypatch.setattr(pdf, "available", lambda: False)
