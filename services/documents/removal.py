"""Removing stored content that no document version holds any more.

The store keeps each content once (``storage.LocalBlobStore``), so a content is removed only after a
check, under its lock (``lock_content``), in a transaction of its own, that nothing holds it: an upload
of the same content that committed meanwhile keeps its file, and one still running waits for the lock
and then stores the file again. Used after a withdrawn submission, after a failed upload (its own new
content) and by the destruction of a case (services.bewaren), each with its own notion of "held".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from services.documents.storage import blob_store, lock_content
from services.platform import Platform
from services.store.models import DocumentVersion

log = logging.getLogger(__name__)

Held = Callable[[Session, str], bool]


def held_by_any_version(s: Session, sha256: str) -> bool:
    return bool(s.scalar(select(exists().where(DocumentVersion.sha256 == sha256))))


def remove_unheld(
    platform: Platform,
    shas: Iterable[str],
    *,
    held: Held = held_by_any_version,
    left: list[Path] | None = None,
) -> int:
    """Remove each content ``held`` says nothing holds, checked under its lock; how many were removed.
    A file that cannot be removed is logged and left behind (it takes space, it loses nothing), and its
    path added to ``left`` when given (a destroyed case's file left behind must be named: services.bewaren)."""
    store, removed = blob_store(platform), 0
    for sha in shas:
        with platform.uow() as uow:
            lock_content(uow.session, sha)
            if not held(uow.session, sha):
                path = store.path_for(sha)
                gone = unlink_logged(path)
                removed += gone
                if not gone and left is not None:
                    left.append(path)
            uow.commit()
    return removed


def unlink_logged(path: Path) -> int:
    """1 when ``path`` is gone (or was), 0 when the file system refused; the refusal is logged."""
    try:
        path.unlink(missing_ok=True)
        return 1
    except OSError as exc:
        log.warning("could not remove stored content %s: %s", path, exc)
        return 0


def undo_new_content(platform: Platform, shas: Iterable[str]) -> None:
    """After a unit of work that moved new content into the store did not commit: remove that content
    unless another upload holds it by now. Runs while the original error propagates, so a failure here
    (the database is gone as well) is logged, not raised over it."""
    try:
        remove_unheld(platform, shas)
    except Exception:  # the caller re-raises the error that matters
        log.exception("could not check stored content after a failed upload; left in place")
