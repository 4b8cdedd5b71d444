"""Writing output files so that an interrupted run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from roadmap.problems import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); an output file gets the
        # permissions any new file would get under the user's umask.
        Path(tmp).chmod(0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        raise
