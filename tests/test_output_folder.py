"""Output folders with real processes: a killed build's left-overs are cleaned
up by the next one, two builds at once never mix their files, and a dead
writer's lock is released.

Each child is `roadmap` run by `python -c` with a fault or a delay put in
by monkeypatching before the command starts, so production code holds no
test hook.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import files
from roadmap.cli import app
from roadmap.files import is_temp_of, locked
from roadmap.problems import UsageError

pytestmark = pytest.mark.skipif(files.fcntl is None, reason="folder locks need fcntl")

NAMES = ("plan-2026.fr.md", "plan-2026.fr.html")

#: Stalls every rename: the build is stuck with its files written under
#: their temporary names, and says so on stdout with its process id.
STALL_RENAMES = """
import os, sys, time, pathlib
def stuck(self, target):
    print(os.getpid(), flush=True)
    time.sleep(60)
pathlib.Path.replace = stuck
"""

#: Both children meet before writing (so they write at the same time), then
#: wait DELAY_<SUFFIX> seconds before each rename: without the folder lock
#: one child's html lands after the other's whole set.
MEET_THEN_DELAY = """
import os, pathlib, time
import roadmap.build as build
real_write, real_replace = build.write, pathlib.Path.replace
meet = pathlib.Path(os.environ["MEET"])
def write(docs, out):
    (meet / str(os.getpid())).touch()
    deadline = time.monotonic() + 10
    while len(list(meet.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return real_write(docs, out)
def replace(self, target):
    time.sleep(float(os.environ.get("DELAY_" + pathlib.Path(target).suffix[1:].upper(), "0")))
    return real_replace(self, target)
build.write = write
pathlib.Path.replace = replace
"""

#: Holds the folder lock until killed, and says when it has it.
HOLD_LOCK = """
import pathlib, sys, time
from roadmap.files import locked
with locked([pathlib.Path(sys.argv[1])]):
    print("held", flush=True)
    time.sleep(60)
"""


def _roadmap(prelude: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`roadmap ARGS` in a child process, after running `prelude`."""
    # md and html only, as in-process builds (tests/conftest.py): no PDF
    no_pdf = "\nfrom roadmap.render import pdf\npdf.available = lambda: False\n"
    script = (
        textwrap.dedent(prelude)
        + no_pdf
        + "\nfrom roadmap.cli import app\napp(prog_name='roadmap')\n"
    )
    return _python(script, *args, env=env)


def _python(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[str]]]:
    """Child processes to kill if a test fails before it is done with them."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for child in started:
        if child.poll() is None:
            child.kill()
        child.communicate()


def _build(runner: CliRunner, data: Path, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["build", "2026", "-d", str(data), "-o", str(out), "-q", *args])
    assert result.exit_code == 0, result.output


def _outputs(out: Path) -> tuple[str, ...]:
    """The built files' digests: a failure shows which build each came from."""
    return tuple(hashlib.sha256((out / name).read_bytes()).hexdigest()[:12] for name in NAMES)


def _temporary(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if any(is_temp_of(p.name, n) for n in NAMES))


def test_killed_build_is_cleaned_up_by_the_next(
    runner: CliRunner, minimal: Path, tmp_path: Path, children: list[subprocess.Popen[str]]
) -> None:
    out, fresh = tmp_path / "build", tmp_path / "fresh"
    _build(runner, minimal, out, "--date", "2026-01-05")
    before = _outputs(out)
    foreign = [out / ".plan-2026.fr.md.notes.tmp", out / ".plan-2026.en.md.4242.0badc0de.tmp"]
    for path in foreign:
        path.write_text("mine", encoding="utf-8")

    child = _roadmap(STALL_RENAMES, "build", "2026", "-d", str(minimal), "-o", str(out))
    children.append(child)
    assert child.stdout is not None
    pid = int(child.stdout.readline())
    busy = pytest.raises(UsageError, match="another roadmap command is writing there")
    with busy, locked([out], timeout=0.1):  # a live writer holds the folder
        pass
    os.kill(pid, signal.SIGKILL)
    child.wait()

    left = _temporary(out)
    assert len(left) == 2 and all(f".{pid}." in name for name in left)
    assert _outputs(out) == before  # killed while writing: the previous set, whole
    with locked([out], timeout=0):  # died with its holder
        pass

    _build(runner, minimal, out)
    _build(runner, minimal, fresh)
    assert _temporary(out) == []
    assert _outputs(out) == _outputs(fresh)
    assert all(path.read_text(encoding="utf-8") == "mine" for path in foreign)


def test_concurrent_builds_write_one_build_s_set(
    runner: CliRunner, minimal: Path, tmp_path: Path, children: list[subprocess.Popen[str]]
) -> None:
    out, meet = tmp_path / "build", tmp_path / "meet"
    meet.mkdir()
    dates = ("2026-01-05", "2026-02-06")
    expected = set()
    for date in dates:
        _build(runner, minimal, tmp_path / date, "--date", date)
        expected.add(_outputs(tmp_path / date))
    assert len(expected) == 2

    delays = ({"DELAY_HTML": "0.6"}, {"DELAY_MD": "0.3"})
    for date, delay in zip(dates, delays, strict=True):
        args = ("build", "2026", "-d", str(minimal), "-o", str(out), "--date", date)
        children.append(_roadmap(MEET_THEN_DELAY, *args, env={"MEET": str(meet), **delay}))
    for child in children:
        _, stderr = child.communicate(timeout=60)
        assert child.returncode == 0, stderr
    assert len(list(meet.iterdir())) == 2  # both were writing at the same time

    assert _outputs(out) in expected
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)


def test_build_waits_then_names_the_busy_folder(
    runner: CliRunner,
    minimal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    children: list[subprocess.Popen[str]],
) -> None:
    out = tmp_path / "build"
    holder = _python(HOLD_LOCK, str(out))
    children.append(holder)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"

    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.3)
    result = runner.invoke(app, ["build", "2026", "-d", str(minimal), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"roadmap: error: cannot write to {out}: another roadmap command is writing there "
        "(waited 0.3 s); try again when it has finished\n"
    )
    assert list(out.iterdir()) == []

    holder.kill()
    holder.wait()
    _build(runner, minimal, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)


STALE = "4242.0badc0de.tmp"


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["export", "2026", "-f", "csv", "-o", "{tmp}/x/actions.csv"], "x/actions.csv"),
        (["schema", "-o", "{tmp}/s", "--markdown", "{tmp}/ref.md"], "s/plan.schema.json"),
        (["schema", "-o", "{tmp}/s", "--markdown", "{tmp}/ref.md"], "ref.md"),
        (["new", "2027", "--from", "2026"], "data/plans/2027.yaml"),
    ],
)
def test_every_writing_command_removes_its_stale_temporary_files(
    runner: CliRunner, minimal: Path, tmp_path: Path, args: list[str], written: str
) -> None:
    target = tmp_path / written
    target.parent.mkdir(parents=True, exist_ok=True)
    stale = target.parent / f".{target.name}.{STALE}"
    lookalike = target.parent / f".{target.name}.backup.tmp"
    stale.write_text("half", encoding="utf-8")
    lookalike.write_text("mine", encoding="utf-8")
    argv = [a.format(tmp=tmp_path) for a in args]
    if argv[0] in {"export", "new"}:
        argv += ["-d", str(minimal)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert target.is_file() and not stale.exists()
    assert lookalike.read_text(encoding="utf-8") == "mine"
