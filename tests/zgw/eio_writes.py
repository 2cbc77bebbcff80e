"""The writes to enkelvoudiginformatieobjecten a recorded ZGW server received, with their lock and unlock."""

from __future__ import annotations

from typing import Any

EIO = "enkelvoudiginformatieobjecten"


def eio_writes(zgw: Any, since: int = 0) -> list[tuple[str, str]]:
    """(method, "lock" | "unlock" | "") of each write to an enkelvoudiginformatieobject since ``since``
    (``zgw``: tests/zgw/test_publication.py's Zgw)."""
    out = []
    for r in zgw.recorder.writes()[since:]:
        url = str(r.url).rstrip("/")
        if f"/{EIO}/" in url:
            last = url.rsplit("/", 1)[-1]
            out.append((r.method, last if last in ("lock", "unlock") else ""))
    return out
