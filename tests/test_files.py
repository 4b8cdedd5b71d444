"""Atomic writes: whole file or nothing, normal permissions, clear errors."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from roadmap import files
from roadmap.files import is_temp_of, locked, temp_name, write_atomic, write_files
from roadmap.problems import UsageError


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "é\n")
    write_atomic(tmp_path / "sub" / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_bytes() == "é\n".encode()
    assert (tmp_path / "sub" / "b.bin").read_bytes() == b"\x00\x01"


def test_permissions_follow_umask_not_mkstemp(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "plan.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.md").stat().st_mode) == 0o644


def test_replaces_existing_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_interrupted_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old", encoding="utf-8")

    def boom(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_a_usage_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic(locked / "plan.md", "x")


def test_folder_under_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic(tmp_path / "file" / "plan.md", "x")


# Temporary names: they say what they will become and whose they are.


def test_temporary_name_says_file_and_writer() -> None:
    name = temp_name("plan-2026.fr.md")
    assert name.startswith(f".plan-2026.fr.md.{os.getpid()}.") and name.endswith(".tmp")
    assert is_temp_of(name, "plan-2026.fr.md")
    assert temp_name("plan-2026.fr.md") != name


@pytest.mark.parametrize(
    "candidate",
    [
        ".plan-2026.fr.md.notes.tmp",  # a user's file
        ".plan-2026.fr.md.4242.tmp",  # no random part
        ".plan-2026.fr.md.4242.0badc0de.tmp.bak",
        ".plan-2026.fr.md.4242.0badc0de",
        "plan-2026.fr.md.4242.0badc0de.tmp",  # not hidden
        ".plan-2026.fr.md.0.0badc0de.tmp",  # no process has id 0
        ".plan-2026.fr.md.4242.0BADC0DE.tmp",
        ".plan-2026.fr.md.4242.0badc0d.tmp",  # seven digits
        ".plan-2026.fr.md.4242.0badc0de1.tmp",
        ".plan-2026.fr.md.x4242.0badc0de.tmp",
        ".plan-2026.fr.md.k3j_x9ab.tmp",  # mkstemp's, from before
        ".plan-2026.en.md.4242.0badc0de.tmp",  # another file's
        ".plan-2026.fr.mdx.4242.0badc0de.tmp",
        ".plan-2026xfr.md.4242.0badc0de.tmp",  # '.' is not a wildcard
    ],
)
def test_lookalikes_are_not_our_temporary_files(candidate: str) -> None:
    assert not is_temp_of(candidate, "plan-2026.fr.md")


def test_our_temporary_name_pattern() -> None:
    assert is_temp_of(".plan-2026.fr.md.4242.0badc0de.tmp", "plan-2026.fr.md")
    assert is_temp_of(".a+(1)[x].md.7.abcdef01.tmp", "a+(1)[x].md")


# Left-overs of a killed writer are removed by the next write of that file.


def _touch(path: Path, text: str = "half a pl") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_write_removes_its_stale_temporary_files_only(tmp_path: Path) -> None:
    stale = [
        _touch(tmp_path / ".plan.md.4242.0badc0de.tmp"),
        _touch(tmp_path / ".plan.md.1.ffffffff.tmp"),
    ]
    kept = [
        _touch(tmp_path / ".plan.md.notes.tmp"),
        _touch(tmp_path / ".plan.md.k3j_x9ab.tmp"),
        _touch(tmp_path / ".plan.html.4242.0badc0de.tmp"),  # not written by this call
        _touch(tmp_path / "plan.md.4242.0badc0de.tmp"),
    ]
    folder_alike = tmp_path / ".plan.md.4242.12345678.tmp"
    folder_alike.mkdir()
    link_alike = tmp_path / ".plan.md.4242.87654321.tmp"
    link_alike.symlink_to(kept[0])

    write_atomic(tmp_path / "plan.md", "new")

    assert not any(p.exists() for p in stale)
    assert all(p.read_text(encoding="utf-8") == "half a pl" for p in kept)
    assert folder_alike.is_dir() and link_alike.is_symlink()
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "new"


def test_write_files_removes_stale_temporary_files_of_each_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    md = _touch(tmp_path / "out" / ".p.md.9.00000000.tmp")
    html = _touch(tmp_path / "out" / ".p.html.9.00000001.tmp")
    other = _touch(tmp_path / "elsewhere.md")
    written = write_files([(tmp_path / "out" / "p.md", "m"), (tmp_path / "out" / "p.html", b"h")])
    assert written == [tmp_path / "out" / "p.md", tmp_path / "out" / "p.html"]
    assert not md.exists() and not html.exists() and other.exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p.html", "p.md"]


def test_without_a_lock_only_old_temporary_files_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "fcntl", None)
    fresh = _touch(tmp_path / ".plan.md.4242.0badc0de.tmp")
    old = _touch(tmp_path / ".plan.md.4243.0badc0de.tmp")
    long_ago = time.time() - files.STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    write_atomic(tmp_path / "plan.md", "new")
    assert fresh.exists() and not old.exists()
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "new"


def test_file_system_without_locks_still_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def refused(fd: int, op: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refused)
    fresh = _touch(tmp_path / ".plan.md.4242.0badc0de.tmp")
    write_atomic(tmp_path / "plan.md", "new")
    assert fresh.exists()  # a live writer's, for all we know
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "new"


def test_a_set_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "b.html").mkdir()
    with pytest.raises(UsageError, match="it is a folder"):
        write_files([(tmp_path / "a.md", "a"), (tmp_path / "b.html", "b")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html"]


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.replace

    def refused(self: Path, target: Path) -> Path:
        if Path(target).name == "b.html":
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", refused)
    with pytest.raises(UsageError, match=r"cannot write .*b\.html: Invalid cross-device link"):
        write_files([(tmp_path / "a.md", "a"), (tmp_path / "b.html", "b")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_every_file_is_written_before_any_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, str]] = []
    real = Path.replace

    def watched(self: Path, target: Path) -> Path:
        seen.append({p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()})
        return real(self, target)

    monkeypatch.setattr(Path, "replace", watched)
    write_files([(tmp_path / "a.md", "a"), (tmp_path / "b.html", "b")])
    first = seen[0]  # at the first rename: both files complete, under temporary names
    assert sorted(first.values()) == ["a", "b"]
    assert all(is_temp_of(n, "a.md") or is_temp_of(n, "b.html") for n in first)


# The folder lock: one writer at a time, no lock file, released at the end.


def _hold_in_thread(folder: Path) -> tuple[threading.Event, threading.Event, threading.Thread]:
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with locked([folder]):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    return held, release, thread


def test_a_held_folder_waits_then_fails_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _, release, thread = _hold_in_thread(out)
    try:
        start = time.monotonic()
        with pytest.raises(UsageError) as caught, locked([out], timeout=0.3):
            pass
        assert time.monotonic() - start >= 0.3
    finally:
        release.set()
        thread.join()
    message = str(caught.value)
    assert message.startswith(f"cannot write to {out}: another roadmap command is writing there")
    assert "\n" not in message
    with locked([out], timeout=0):  # released with its holder
        pass
    assert list(out.iterdir()) == []  # no lock file


def test_a_writer_waits_for_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _, release, thread = _hold_in_thread(out)
    order: list[str] = []
    writer = threading.Thread(target=lambda: (write_atomic(out / "p.md", "x"), order.append("w")))
    writer.start()
    time.sleep(0.2)
    order.append("released")
    release.set()
    thread.join()
    writer.join()
    assert order == ["released", "w"]
    assert (out / "p.md").read_text(encoding="utf-8") == "x"


def test_lock_is_reentrant_and_one_per_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.1)
    out = tmp_path / "build"
    out.mkdir()
    alias = tmp_path / "alias"
    alias.symlink_to(out)
    with locked([out, alias, tmp_path / "build" / ".." / "build"]) as exclusive:
        write_atomic(alias / "p.md", "x")  # would time out if it waited for itself
    assert all(exclusive.values())
    assert (out / "p.md").read_text(encoding="utf-8") == "x"


def test_locked_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with (
        pytest.raises(UsageError, match="is a file, not a folder"),
        locked([tmp_path / "file" / "out"]),
    ):
        pass


def test_a_stream_is_written_whole_across_batches(tmp_path: Path) -> None:
    """Pieces go to the file in batches: none is lost or repeated at a batch's
    edge, and empty pieces (Jinja yields some) do not end the stream early."""
    pieces = [f"{i}é" if i % 3 else "" for i in range(3 * files._BATCH + 7)]
    target = tmp_path / "out.txt"
    write_files([(target, iter(pieces))])
    assert target.read_bytes() == "".join(pieces).encode("utf-8")


def test_a_stream_of_empty_pieces_writes_an_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty.txt"
    write_files([(target, iter([""] * (files._BATCH + 1)))])
    assert target.read_bytes() == b""
