"""Only regular files are read, and never more than the limit allows.

A pipe, a socket or a device in place of a data file, a settings file or a
template is refused at once, naming the file; the size limit counts the
bytes actually read, not the size a file claims.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL
from roadmap import inputs, loader
from roadmap.inputs import InputFileError, read_bytes
from roadmap.loader import LoadError, SourceFile

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes")


def _finishes(fn: Callable[[], object], seconds: float = 5.0) -> object:
    """fn's result or exception; fails (instead of hanging) if it takes too long."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    return box.get("error", box.get("value"))


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()  # the socket file stays
    return path


def _device(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


@posix_only
@pytest.mark.parametrize(
    ("make", "kind"),
    [(_fifo, "a named pipe"), (_socket, "a socket"), (_device, "a character device")],
)
def test_a_file_that_is_not_regular_is_refused_at_once(
    tmp_path: Path, make: Callable[[Path], Path], kind: str
) -> None:
    path = make(tmp_path / "levers.yaml")
    error = _finishes(lambda: SourceFile.at(path, tmp_path).load())
    assert isinstance(error, LoadError)
    assert [p.render() for p in error.problems] == [
        f"levers.yaml:1:1: error file-not-regular is {kind}, not a regular file: refused"
    ]


@posix_only
def test_dev_null_is_refused_though_it_reads_as_empty(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").symlink_to(os.devnull)
    with pytest.raises(LoadError) as exc:
        SourceFile.at(tmp_path / "f.yaml", tmp_path).load()
    assert [p.code for p in exc.value.problems] == ["file-not-regular"]


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: b\n", encoding="utf-8")
    (tmp_path / "f.yaml").symlink_to(tmp_path / "real.yaml")
    assert SourceFile.at(tmp_path / "f.yaml", tmp_path).load() == {"a": "b"}


def test_the_limit_counts_bytes_read_not_the_size_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that claims to be empty (a device, or one growing under us)."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: " + b"x" * 100 + b"\n")
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))

    monkeypatch.setattr(inputs.os, "fstat", lying_fstat)
    with pytest.raises(InputFileError) as exc:
        read_bytes(path, 50)
    assert exc.value.code == "file-too-large"
    assert read_bytes(path, 104) == path.read_bytes()  # exactly at the limit is fine


def test_a_file_over_the_limit_is_refused_by_its_size_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: b\n" * 100)

    def no_read(fd: int, n: int) -> bytes:  # pragma: no cover - must not be called
        raise AssertionError("read a file whose size is already over the limit")

    monkeypatch.setattr(inputs.os, "read", no_read)
    with pytest.raises(InputFileError, match=r"file is 500 bytes, over the limit of 10 bytes"):
        read_bytes(path, 10)


def test_a_missing_parent_is_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        SourceFile.at(tmp_path / "file" / "f.yaml", tmp_path).load()
    assert [p.code for p in exc.value.problems] == ["file-missing"]


def test_the_loader_limit_is_the_readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 8)
    (tmp_path / "f.yaml").write_bytes(b"a: 123456789\n")
    with pytest.raises(LoadError) as exc:
        SourceFile.at(tmp_path / "f.yaml", tmp_path).load()
    assert [p.code for p in exc.value.problems] == ["file-too-large"]


# --------------------------------------------------------------- through the commands


def _roadmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roadmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,  # a regression hangs: fail, do not block the suite
        check=False,
    )


@posix_only
def test_validate_names_a_pipe_among_the_data_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "levers.yaml").unlink()
    os.mkfifo(data / "levers.yaml")
    result = _roadmap("validate", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 1
    assert "levers.yaml:1:1: error file-not-regular is a named pipe" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@posix_only
def test_a_plan_that_is_a_device_is_refused_by_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    year = next(p.stem for p in (data / "plans").glob("*.yaml"))
    (data / "plans" / f"{year}.yaml").unlink()
    (data / "plans" / f"{year}.yaml").symlink_to("/dev/zero")
    result = _roadmap(
        "build", year, "--data", str(data), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert f"plans/{year}.yaml:1:1: error file-not-regular is a character device" in (
        result.stdout + result.stderr
    )
    assert not (tmp_path / "out").exists()


@posix_only
def test_a_settings_file_that_is_a_pipe_is_an_error_not_a_wait(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    os.mkfifo(data / "roadmap.toml")
    year = next(p.stem for p in (data / "plans").glob("*.yaml"))
    result = _roadmap("check", year, "--data", str(data), "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert "roadmap.toml:1:1: error config-syntax cannot read: is a named pipe" in result.stdout


@posix_only
def test_a_template_that_is_a_pipe_is_a_usage_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    os.mkfifo(templates / "plan.md.j2")
    year = next(p.stem for p in (MINIMAL / "plans").glob("*.yaml"))
    result = _roadmap(
        "build",
        year,
        "--data",
        str(MINIMAL),
        "--templates",
        str(templates),
        "--format",
        "md",
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.endswith("plan.md.j2: is a named pipe, not a regular file: refused")
    assert len(message.splitlines()) == 1
