"""Reading input files: regular files only, and never more than a limit.

A data folder is user input, and a name in it may be anything: a named pipe
(opening it for reading waits for a writer that never comes), a link to
`/dev/zero` or another device (its size says 0, yet reading never ends), a
socket. Only regular files are read, and the limit counts the bytes actually
read, not the size the file claims, which a device or a file growing under
us would falsify.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# O_NONBLOCK: should a pipe replace the file between the check and the
# open, the open returns at once instead of waiting for a writer.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


class InputFileError(Exception):
    """A file that cannot be read as input; `code` names the kind of failure."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"  # pragma: no cover - doors, whiteouts and such


def _refuse(mode: int) -> None:
    kind = _kind(mode)
    if kind == "a directory":
        raise InputFileError("file-is-directory", "is a directory, expected a file")
    if kind is not None:
        raise InputFileError("file-not-regular", f"is {kind}, not a regular file: refused")


def check_regular(path: Path) -> None:
    """InputFileError unless `path` is a regular file (after links) or absent.

    For files read by a library (templates): reading can then never wait on
    a pipe or run on without end.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # absent or unreadable: the library says so in its own words
    _refuse(mode)


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises InputFileError: `file-missing`, `file-is-directory`,
    `file-not-regular`, `file-unreadable` or `file-too-large`.
    """
    try:
        _refuse(path.stat().st_mode)  # before opening: opening a pipe could wait
        fd = os.open(path, _FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise InputFileError("file-missing", "file not found") from None
    except OSError as exc:
        raise InputFileError("file-unreadable", f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        _refuse(info.st_mode)  # the file opened is the one checked
        if info.st_size > limit:  # refused without reading it
            raise InputFileError(
                "file-too-large",
                f"file is {info.st_size:,} bytes, over the limit of {limit:,} bytes",
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputFileError("file-unreadable", f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if size > limit:
        # a file that grew after its size was read
        raise InputFileError("file-too-large", f"file is over the limit of {limit:,} bytes")
    return b"".join(chunks)
