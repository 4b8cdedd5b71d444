"""Writing output files so that an interrupted run never leaves half a file,
and two runs writing into one folder never mix their files.

Each file is written to a temporary file in its own folder, then renamed over
its name. The temporary file is named `.NAME.PID.RANDOM.tmp` (PID the
writer's process id, RANDOM eight hex digits), so that it says what it will
become and whose it is.

A command writes its set of files (`write_files`) holding an exclusive
advisory lock on each folder it writes into, for the whole write phase: a
second command waits for the first to finish, so the files found together
in a folder always come from one run. The lock is `flock` on the folder's
own descriptor: no lock file is left behind, and the system releases it
when its holder dies, however it dies. Holding the lock proves that no
other writer is at work, so our temporary files of the names about to be
written are left-overs of a killed run, and are removed. A file that does
not match the pattern exactly is never touched.

Without `fcntl` (Windows), or on a file system that refuses locks, files are
still written atomically, but nothing keeps two runs apart; a left-over
temporary file is then removed only once it is `STALE_AFTER` seconds old,
far longer than any write takes.

A file's content may be a stream of text pieces (`Content`), written as it
comes: a large document is never held whole in memory. Every stream is
consumed into its temporary file under the lock, before any file is
renamed; if it fails half-way, its temporary file is removed and the
previous files are left whole.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from roadmap.problems import UsageError

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

#: Seconds a command waits for another one writing into the same folder.
#: A streamed document is produced while it is written (a 100,000-action
#: plan: about a minute on a busy machine); a longer wait means the other
#: command is stuck, and saying so beats waiting for ever.
LOCK_TIMEOUT = 300.0
#: Seconds between two attempts to take the lock.
LOCK_POLL = 0.05
#: Without a lock, a temporary file this old (seconds) is a left-over.
STALE_AFTER = 3600.0

_TEMP_SUFFIX = ".tmp"
_RANDOM_HEX = 8
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

# Folders (by device and inode) this thread holds, with how many times:
# `write_atomic` inside `locked` must not wait for its own caller. Per
# thread, because two threads must exclude each other as two processes do.
_held = threading.local()

#: What a file is made of: its text, its bytes, or its text as a stream of
#: pieces (e.g. Jinja's `Template.generate()`), written as they come.
Content = str | bytes | Iterable[str]
#: Pieces of a stream gathered into each write to the temporary file.
_BATCH = 256


def temp_name(name: str) -> str:
    """A fresh temporary name for the file `name`, in the folder it goes to."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(_RANDOM_HEX // 2)}{_TEMP_SUFFIX}"


def _temp_pattern(names: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(re.escape(name) for name in set(names)))
    return re.compile(rf"\.(?:{alternatives})\.[1-9][0-9]*\.[0-9a-f]{{{_RANDOM_HEX}}}\.tmp")


def is_temp_of(candidate: str, name: str) -> bool:
    """Whether `candidate` is one of our temporary files for the file `name`."""
    return _temp_pattern([name]).fullmatch(candidate) is not None


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and its parents that exists but is not a folder."""
    for here in (folder, *folder.parents):
        if here.is_dir():
            return None
        if here.exists():
            return here
    return None


def check_folder(folder: Path) -> None:
    """UsageError unless files can be written into `folder` (made if absent)."""
    blocker = _file_in_the_way(folder)
    if blocker is not None:
        raise UsageError(f"cannot write to {folder}: {blocker} is a file, not a folder")


def check_file(path: Path) -> None:
    """UsageError unless `path` can be written as a file (folders made if absent).

    Lets a command that writes several files refuse before writing any.
    """
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder, not a file")
    check_folder(path.parent)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write to {folder}: {exc.strerror}") from None


def _holdings() -> dict[tuple[int, int], int]:
    if not hasattr(_held, "folders"):
        _held.folders = {}
    folders: dict[tuple[int, int], int] = _held.folders
    return folders


@contextmanager
def _lock(folder: Path, timeout: float) -> Iterator[bool]:
    """Hold `folder` (which exists) exclusively; yields whether it could be
    locked at all (False: no fcntl, or a file system without locks)."""
    try:
        info = folder.stat()
    except OSError as exc:
        raise UsageError(f"cannot write to {folder}: {exc.strerror}") from None
    key = (info.st_dev, info.st_ino)
    held = _holdings()
    if key in held:
        # Not reopened: on file systems where flock is emulated by fcntl
        # locks (NFS), closing any descriptor of the folder would drop it.
        held[key] += 1
        try:
            yield True
        finally:
            held[key] -= 1
        return
    if fcntl is None:
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_CLOEXEC)
    except OSError:
        # A folder one may write into but not list: written without a lock.
        yield False
        return
    try:
        locked = _acquire(fd, folder, timeout)
        if not locked:
            yield False
            return
        held[key] = 1
        try:
            yield True
        finally:
            del held[key]
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, folder: Path, timeout: float) -> bool:
    if fcntl is None:
        return False  # no locks on this system (the caller checks first)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise UsageError(
                    f"cannot write to {folder}: another roadmap command is writing there "
                    f"(waited {timeout:g} s); try again when it has finished"
                ) from None
            time.sleep(LOCK_POLL)
        except OSError:
            return False  # ENOLCK, EOPNOTSUPP: this file system has no locks


@contextmanager
def locked(folders: Iterable[Path], timeout: float | None = None) -> Iterator[dict[Path, bool]]:
    """Hold each of `folders` (made if absent) exclusively until the block ends.

    Yields, for each folder, whether it is really locked. Folders are taken
    in one order (by resolved path), so two commands that write into the
    same folders cannot each wait for the other. Waits up to `timeout`
    seconds (default `LOCK_TIMEOUT`) for each, then fails with a UsageError.
    """
    wait = LOCK_TIMEOUT if timeout is None else timeout
    unique = {folder: folder.resolve() for folder in folders}
    with ExitStack() as stack:
        exclusive = {}
        for folder in sorted(unique, key=lambda f: str(unique[f])):
            check_folder(folder)
            _make_folder(folder)
            exclusive[folder] = stack.enter_context(_lock(folder, wait))
        yield exclusive


def remove_stale(folder: Path, names: Iterable[str], exclusive: bool) -> list[Path]:
    """Remove our left-over temporary files of `names` in `folder`.

    `exclusive`: the caller holds the folder's lock, so every one is a
    left-over; otherwise only those older than `STALE_AFTER`. Returns what
    was removed. Removal is housekeeping: a file that cannot be removed is
    left alone (the write that follows reports a folder that is not
    writable).
    """
    pattern = _temp_pattern(names)
    now = time.time()
    removed = []
    try:
        with os.scandir(folder) as entries:
            candidates = [e for e in entries if pattern.fullmatch(e.name)]
    except OSError:
        return []
    for entry in sorted(candidates, key=lambda e: e.name):
        try:
            if not entry.is_file(follow_symlinks=False):
                continue  # we only ever make regular files
            if not exclusive and now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue  # maybe a live writer's, with no lock to tell
            Path(entry.path).unlink()
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def write_files(files: Sequence[tuple[Path, Content]]) -> list[Path]:
    """Write each (path, content) atomically, as one set; returns the paths.

    A streamed content is consumed here, one file after the other, each
    into its temporary file: an exception it raises removes every
    temporary file and propagates as it is (a UsageError stays one), the
    previous files untouched.

    Every destination is checked before anything is written; the folders are
    held (`locked`) for the whole write, and our left-over temporary files
    of these names are removed first. Every file is written to its temporary
    file before any is renamed: a run killed while writing leaves the
    previous set whole, and only a kill between two renames (microseconds)
    can leave files of two runs side by side, until the next run.
    """
    for path, _ in files:
        check_file(path)
    names: dict[Path, list[str]] = {}
    for path, _ in files:
        names.setdefault(path.parent, []).append(path.name)
    with locked(names) as exclusive:
        for folder, in_folder in names.items():
            remove_stale(folder, in_folder, exclusive[folder])
        staged: list[tuple[Path, Path]] = []
        try:
            for path, content in files:
                staged.append((_stage(path, content), path))
            for tmp, path in staged:
                try:
                    tmp.replace(path)
                except OSError as exc:
                    raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        finally:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)  # nothing once renamed
    return [path for path, _ in files]


def write_atomic(path: Path, content: Content) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    write_files([(path, content)])


def _create(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file for `path`: its descriptor and path.

    Mode 0666 before the umask, as any new file: the output gets the
    permissions the user expects, not a private 0600.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY
    for _ in range(100):
        tmp = path.parent / temp_name(path.name)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(17, "no free temporary name", str(path.parent))  # pragma: no cover


def _stage(path: Path, content: Content) -> Path:
    """`content` in a new temporary file beside `path`; returns its path."""
    try:
        fd, tmp = _create(path)
    except OSError as exc:
        raise UsageError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
            elif isinstance(content, str):
                handle.write(content.encode("utf-8"))
            else:
                _write_stream(handle, content)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        raise
    return tmp


def _write_stream(handle: BinaryIO, pieces: Iterable[str]) -> None:
    """`pieces` encoded into `handle`, `_BATCH` pieces to a write: a template
    yields hundreds of thousands of short pieces, and one write (and one
    encoding) each would cost more than the joining. `islice` and `join`
    gather them in C: a Python loop over every piece cost a tenth of the
    HTML's rendering."""
    it = iter(pieces)
    while batch := list(islice(it, _BATCH)):
        handle.write("".join(batch).encode("utf-8"))


def digest(path: Path) -> str | None:
    """A digest of the file's bytes (None when it cannot be read): tells
    whether a file still holds what was read from it earlier."""
    import hashlib  # here: only `roadmap new` takes digests (2 ms to import)

    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError:
        return None
