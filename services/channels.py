"""The explicit table of outbox channels and their handlers (nothing registers itself on import).

A new channel is one line in :data:`CHANNELS`: its name and a factory that builds its handler for one
worker pass, or returns None when the channel is not configured (its messages then wait).
This module sits beside ``services.outbox`` (not in it) so that the channels may use the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

from services.mail.channel import email_handler
from services.outbox import Handler
from services.platform import Platform

#: channel name -> factory of its handler (None: not configured)
CHANNELS: dict[str, Callable[[Platform], Handler | None]] = {
    "email": email_handler,  # always configured: SMTP, or .eml files in instance/outbox/
}


def channel_handlers(platform: Platform) -> dict[str, Handler]:
    """The handlers of every configured channel, built once per worker pass."""
    table: dict[str, Handler] = {}
    for name, factory in CHANNELS.items():
        handler = factory(platform)
        if handler is not None:
            table[name] = handler
    return table
