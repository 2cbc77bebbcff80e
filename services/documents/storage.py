"""Document content behind one interface: a content-addressed store.

``LocalBlobStore`` (the default) keeps each distinct content once, under ``<root>/<aa>/<bb>/<sha256>``.
An upload is streamed to a temporary file in ``<root>/tmp`` while it is hashed and measured; only when the
whole use case succeeds is the temporary file renamed into place (atomic on one file system). A refused
upload leaves the folder exactly as it was. S3 or the ZGW Documenten API implement the same protocol later.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from processes.errors import RuimteflowError, TooLarge, ValidationError
from processes.nederlands import mb_tekst
from services.private_files import private_dir
from services.store.db import serialize

if TYPE_CHECKING:
    from services.platform import Platform

CHUNK = 1024 * 1024
HEAD_BYTES = 8192


class StorageFailed(RuimteflowError):
    """Storing failed for a reason of ours (a full disk, a database error): nothing of it is stored and
    the client may send it again; a budget it was charged gives the charge back
    (services.documents.quota ``refunded_on_our_failure``)."""

    code = "niet-opgeslagen"
    title = "Niet opgeslagen"
    status = 503


NOT_STORED = "Er ging iets mis bij het opslaan; het document is niet opgeslagen, probeer het later opnieuw."


@dataclass
class StagedBlob:
    """Content written to a temporary place, not yet part of the store."""

    path: Path
    sha256: str
    size: int
    head: bytes
    mime: str = ""  # set by the content check


def lock_content(session: Any, sha256: str) -> None:
    """Serialise the transactions that store or remove this content (the store is content-addressed):
    an upload takes it before it moves its file into place or finds it there (``commit``), and the
    destruction of a case before it removes a file no kept case holds (services.bewaren), so that the removal
    never deletes the file of a version committed meanwhile. Held until the transaction ends."""
    serialize(session, f"inhoud:{sha256}")


def blob_store(platform: Platform) -> LocalBlobStore:
    """The platform's content store (``document_store_dir``, else ``<instance>/documenten``)."""
    root = platform.settings.document_store_dir or Path(platform.settings.instance_dir) / "documenten"
    return LocalBlobStore(root)


class BlobStore(Protocol):
    def stage(self, stream: BinaryIO, *, max_bytes: int, label: str) -> StagedBlob: ...
    def commit(self, staged: StagedBlob, session: Any) -> bool: ...
    def discard(self, staged: StagedBlob) -> None: ...
    def exists(self, sha256: str) -> bool: ...
    def open(self, sha256: str) -> BinaryIO: ...


class LocalBlobStore:
    """A content-addressed folder (``instance/documenten`` by default)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"geen sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def stage(self, stream: BinaryIO, *, max_bytes: int, label: str) -> StagedBlob:
        """Stream ``stream`` to a temporary file, hashing as it goes; refuse beyond ``max_bytes``."""
        tmp_dir = self.root / "tmp"
        private_dir(tmp_dir)
        fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")  # 0o600, kept by os.replace
        path = Path(name)
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(
                            f"Het bestand is groter dan {mb_tekst(max_bytes, grens=True)}, het maximum voor {label}.",
                            code="document-te-groot",
                            max_bytes=max_bytes,
                        )
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        if size == 0:
            path.unlink(missing_ok=True)
            raise ValidationError("Het bestand is leeg (0 bytes).", code="document-leeg")
        return StagedBlob(path=path, sha256=digest.hexdigest(), size=size, head=head)

    def commit(self, staged: StagedBlob, session: Any) -> bool:
        """Move the staged content into place, in the transaction of ``session`` (it takes the content's
        lock first). True when it was new, False when it was already stored."""
        lock_content(session, staged.sha256)
        target = self.path_for(staged.sha256)
        if target.exists():
            staged.path.unlink(missing_ok=True)
            return False
        private_dir(target.parent)
        os.replace(staged.path, target)
        return True

    def discard(self, staged: StagedBlob) -> None:
        staged.path.unlink(missing_ok=True)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def iter_files(self) -> Iterator[Path]:
        """Every file below the root (tests use it to prove a refusal stored nothing)."""
        if self.root.exists():
            yield from sorted(p for p in self.root.rglob("*") if p.is_file())
