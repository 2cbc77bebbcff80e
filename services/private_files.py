"""Files that hold personal data, readable by the platform's own account only: the outbox's ``.eml``
mails (services/mail/transport.py) and the document store (services/documents/storage.py). A file is
written 0o600 and a folder the platform makes 0o700, whatever the process's umask (022 would leave them
world-readable). A folder that exists already (the configured store or outbox folder) keeps its mode:
it is the operator's."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> None:
    """Make ``path`` and its missing parents, each DIR_MODE (``Path.mkdir`` gives the parents the umask's)."""
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        at = at.parent
    for folder in reversed(missing):
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
