"""Sending stored content to a browser safely: a Content-Disposition whose file name cannot break the
header or point at a folder, nosniff, and for content shown inline a Content-Security-Policy of its own.

Used by the documents API, the case file's preview (web/faces/documenten.py), the documents on the status
page and beheer's model download."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import quote

from flask import Response

from services.documents.extensions import download_name

CHUNK = 256 * 1024
#: the longest plain (ASCII) file name; a longer one is cut before its extension, which it keeps
MAX_PLAIN = 150
#: what may stay in the plain (ASCII) file name; everything else becomes "_"
_UNSAFE = re.compile(r"[^A-Za-z0-9._() +-]")
#: inline images: nothing may load or run, the document is sandboxed (a unique origin)
CSP_IMAGE = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
#: inline PDFs: Chromium refuses to run its PDF viewer in a sandboxed document, so no 'sandbox' here;
#: nothing else may load, and only the case file's own pages may frame it
CSP_PDF = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; "
    "frame-ancestors 'self'"
)
#: downloads: never rendered by us, but a browser that ignores the attachment still runs nothing
CSP_ATTACHMENT = "default-src 'none'; sandbox"


def safe_filename(name: str, default: str = "document") -> str:
    """An ASCII file name without folders, quotes, semicolons or control characters."""
    base = re.split(r"[/\\]", name or "")[-1]
    plain = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    plain = _UNSAFE.sub("_", plain).strip(" .")
    if len(plain) > MAX_PLAIN:  # cut before the extension: 'x...x.hta.pdf' must not become 'x...x.hta'
        stem, dot, ext = plain.rpartition(".")
        keep = f".{ext}" if dot and len(ext) < 10 else ""
        plain = plain[: MAX_PLAIN - len(keep)].rstrip(" .") + keep
    return plain or default


def content_disposition(kind: str, name: str, default: str = "document") -> str:
    """``attachment; filename="..."`` (or inline), with the UTF-8 name as RFC 5987 ``filename*``
    when it differs from its safe ASCII form."""
    plain = safe_filename(name, default)
    value = f'{kind}; filename="{plain}"'
    base = re.split(r"[/\\]", name or "")[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf"))
    if cleaned and cleaned != plain:
        value += f"; filename*=UTF-8''{quote(cleaned, safe='')}"
    return value


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The content in chunks; the file is closed when the answer is sent (or dropped)."""
    with stream:
        while chunk := stream.read(CHUNK):
            yield chunk


def send_stored(meta: dict[str, Any], stream: BinaryIO, *, inline: bool = False) -> Response:
    """A stored version (``meta``: mime_type, grootte, sha256, bestandsnaam) as a response, named with an
    extension of its content (``download_name``: a version stored before names were checked may be named
    'plattegrond.hta').

    Inline only for the content types of ``inline_csp``; anything else is always an attachment."""
    csp = inline_csp(meta["mime_type"]) if inline else None
    resp = Response(_chunks(stream), mimetype=meta["mime_type"], direct_passthrough=True)
    resp.headers["Content-Length"] = str(meta["grootte"])
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"  # never kept on disk after logout
    resp.headers["Content-Security-Policy"] = csp or CSP_ATTACHMENT
    resp.headers["X-Frame-Options"] = "SAMEORIGIN" if csp else "DENY"
    resp.headers["Content-Disposition"] = content_disposition(
        "inline" if csp else "attachment", download_name(meta["bestandsnaam"], meta["mime_type"])
    )
    resp.set_etag(meta["sha256"])
    return resp


def inline_csp(mime: str) -> str | None:
    """The policy for content shown inline, or None when this type is only downloaded."""
    if mime == "application/pdf":
        return CSP_PDF
    if mime in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        return CSP_IMAGE
    return None
