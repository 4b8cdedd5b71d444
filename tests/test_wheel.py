"""The wheel built from the project renders the plan with its packaged templates.

The wheel is built from a copy of the project (so the shared tree gets no
`build/` or `*.egg-info`), installed into a fresh virtual environment that
sees the test environment's libraries (typer, pydantic, jinja2...) but not
its editable `roadmap`, and its `roadmap build` is run from a folder outside
the repository: the documents must be byte-identical to the editable
install's, so the templates inside the wheel are the ones used.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
PACKAGE = REPO / "src" / "roadmap"
YEAR = "2026"


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{argv}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """roadmap-*.whl built from a clean copy of the project's sources."""
    for backend in ("setuptools", "wheel"):  # the build backend, from the test extra
        if importlib.util.find_spec(backend) is None:
            pytest.fail(f"{backend} is not installed: pip install -e '.[test]'", pytrace=False)
    root = tmp_path_factory.mktemp("wheel")
    project = root / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, project / name)
    shutil.copytree(
        REPO / "src",
        project / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    dist = root / "dist"
    # no build isolation: setuptools comes from the test environment, no network
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(dist),
            str(project),
        ],
        cwd=root,
    )
    (built,) = dist.glob("roadmap-*.whl")
    return built


def test_wheel_holds_the_templates_and_nothing_of_the_repository(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    folder = PACKAGE / "templates"
    templates = {
        f"roadmap/templates/{p.relative_to(folder).as_posix()}"
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert templates >= {
        "roadmap/templates/plan.html.j2",
        "roadmap/templates/plan.md.j2",
        "roadmap/templates/plan.css",
        "roadmap/templates/plan.js",
    }
    assert templates <= names
    assert "roadmap/py.typed" in names
    # the message catalogues are package data: a wheel without them renders nothing
    locales = PACKAGE / "locales"
    assert {f"roadmap/locales/{p.name}" for p in locales.glob("*.yaml")} >= {
        "roadmap/locales/en.yaml",
        "roadmap/locales/fr.yaml",
    }
    assert {f"roadmap/locales/{p.name}" for p in locales.glob("*.yaml")} <= names
    assert "roadmap/cli/build.py" in names
    # the PDF's fonts and their licence travel with the package
    fonts = {f"roadmap/fonts/{p.name}" for p in (PACKAGE / "fonts").iterdir()}
    assert {"roadmap/fonts/NotoSans-Regular.ttf", "roadmap/fonts/OFL.txt"} <= fonts <= names
    # what pyproject declares as package data and nothing else from the repository
    assert not [n for n in names if n.startswith(("tests/", "data/", "benchmarks/", "build/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "roadmap = roadmap.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel's roadmap; its libraries from the test environment."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(env)], cwd=env.parent)
    python = env / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=env.parent,
    )
    # The test environment's site-packages as a plain path entry: its libraries
    # import, but its own .pth files (the editable roadmap's finder) are not run.
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            cwd=env.parent,
        ).strip()
    )
    (site / "test-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["NO_COLOR"] = "1"
    return env


def test_installed_roadmap_comes_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    where = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import roadmap.build as b; print(b.__file__); print(b.packaged_templates())",
        ],
        cwd=tmp_path,
        env=_clean_env(),
    ).split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    assert (Path(where[1]) / "plan.html.j2").is_file()


# In French the PDF too: the wheel's packaged fonts lay it out as the project's do.
@pytest.mark.parametrize("lang", [pytest.param("fr", marks=pytest.mark.pdf), "en"])
def test_wheel_builds_the_same_documents_as_the_project(
    venv: Path, tmp_path: Path, lang: str
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert not outside.resolve().is_relative_to(REPO)
    stdout = _run(
        [
            str(venv / "bin" / "roadmap"),
            "build",
            YEAR,
            "--data",
            str(DATA),
            "--out",
            "out",
            "--lang",
            lang,
        ],
        cwd=outside,
        env=_clean_env(),
    )
    assert "wrote" in stdout
    packaged = outside / "out"
    names = sorted(p.name for p in packaged.iterdir())
    # the PDF when WeasyPrint imports there (the test environment's libraries)
    expected = [f"plan-{YEAR}.{lang}.html", f"plan-{YEAR}.{lang}.md", f"plan-{YEAR}.{lang}.pdf"]
    assert names in (expected, expected[:2])

    editable = tmp_path / "editable"
    result = CliRunner().invoke(
        app, ["build", YEAR, "--data", str(DATA), "--out", str(editable), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    if lang == "fr":
        assert sorted(p.name for p in editable.iterdir()) == names
    for name in sorted(p.name for p in editable.iterdir()):
        ours = (packaged / name).read_bytes()
        assert len(ours) > 10_000, name
        assert ours == (editable / name).read_bytes(), name
    html = (packaged / f"plan-{YEAR}.{lang}.html").read_text(encoding="utf-8")
    assert "<style>" in html and 'id="actions-table"' in html  # the CSS and template inlined
