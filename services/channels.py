"""The explicit table of outbox channels and their handlers (nothing registers itself on import).

A new channel is one line in :data:`CHANNELS`: its name and a factory that builds its handler for one
worker pass, or returns None when the channel is not configured (its messages then wait).
This module sits beside ``services.outbox`` (not in it) so that the channels may use the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from processes.errors import RuimteflowError, ValidationError
from services.documents.storage import blob_store
from services.mail.channel import email_handler
from services.outbox import Handler
from services.platform import Platform
from services.zgw.delivery import zgw_handler

log = logging.getLogger("ruimteflow.outbox")


def blob_reader(platform: Platform) -> Callable[[str], bytes]:
    """The content of a stored document version by its SHA-256 (for channels that send documents)."""
    store = blob_store(platform)

    def read(sha256: str) -> bytes:
        with store.open(sha256) as fh:
            return fh.read()

    return read


def _zgw(platform: Platform) -> Handler | None:
    return zgw_handler(platform, blob_reader(platform))


#: channel name -> factory of its handler (None: not configured)
CHANNELS: dict[str, Callable[[Platform], Handler | None]] = {
    "zgw": _zgw,
    "email": email_handler,  # always configured: SMTP, or .eml files in instance/outbox/
}


def channel_handlers(platform: Platform) -> dict[str, Handler]:
    """The handlers of every configured channel, built once per worker pass. A channel whose
    configuration is wrong is left out (its messages wait) and the error is logged."""
    table: dict[str, Handler] = {}
    for name, factory in CHANNELS.items():
        try:
            handler = factory(platform)
        except RuimteflowError as exc:
            log.error("outbox channel %s is not usable: %s", name, exc.detail)
            continue
        if handler is not None:
            table[name] = handler
    return table


def close_handlers(handlers: Mapping[str, Handler]) -> None:
    """Release what the handlers of a pass hold (HTTP connections)."""
    for handler in handlers.values():
        close = getattr(handler, "close", None)
        if callable(close):
            close()


def known_channel(name: str | None) -> str | None:
    """``name`` when it is an outbox channel (or None: every channel); else kanaal-onbekend (400), so a
    mistyped channel is refused instead of matching no message."""
    if name is not None and name not in CHANNELS:
        known = ", ".join(sorted(CHANNELS))
        raise ValidationError(
            f"Onbekend kanaal '{name}' (kies uit {known}).", code="kanaal-onbekend", veld="kanaal"
        )
    return name
