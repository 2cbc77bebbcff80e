"""Files that hold personal data, readable by the platform's own account only: the outbox's ``.eml``
mails (services/mail/transport.py), the document store (services/documents/storage.py) and the SQLite
database (services/store/db.py). A file is written 0o600 and a folder the platform makes 0o700,
whatever the process's umask (022 would leave them world-readable). A folder or database file that
exists already (the configured store or outbox folder, an older database) keeps its mode: it is the
operator's."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def missing_dirs(path: Path) -> list[Path]:
    """``path`` and those of its parents that do not exist, innermost first (what ``private_dir`` makes)."""
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        at = at.parent
    return missing


def private_dir(path: Path) -> None:
    """Make ``path`` and its missing parents, each DIR_MODE (``Path.mkdir`` gives the parents the umask's)."""
    for folder in reversed(missing_dirs(path)):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process: as it made it
            continue


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing what it held) as a FILE_MODE file, in a private folder."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), FILE_MODE)  # a file written before this rule keeps its mode otherwise
        out.write(data)


def create_private(path: Path) -> None:
    """Create ``path`` as an empty FILE_MODE file in a private folder, unless it exists: an existing file
    keeps its mode and content (the SQLite database: SQLite gives its -wal and -shm files the database
    file's mode, and takes an empty file for a new database)."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:  # there already, or made meanwhile by another process
        return
    try:
        os.fchmod(fd, FILE_MODE)  # O_CREAT's mode is cut by the umask only; this is the mode exactly
    finally:
        os.close(fd)
