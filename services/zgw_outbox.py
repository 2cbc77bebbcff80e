"""The "zgw" outbox channel the publication of a case writes to (services.zgw_publication, its documents in
services.zgw_publication_documents): whether ZGW is configured, enqueueing a message and reading the
case's messages back. ``services.zgw.delivery`` delivers them.

This module sits outside services.zgw, which depends on the document service, so that the step seam can
list the publication without an import cycle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from services import outbox
from services.store.db import plain
from services.store.models import Case, OutboxMessage

CHANNEL = "zgw"

#: the settings of services.zgw.config.zgw_config: ZGW is configured when any of them is filled in
ZGW_SETTINGS = (
    "zgw_zaken_url",
    "zgw_catalogi_url",
    "zgw_documenten_url",
    "zgw_besluiten_url",
    "zgw_client_id",
    "zgw_secret",
)


def enabled(settings: Any) -> bool:
    """True when ZGW is configured (``zgw_config(settings)`` is not None). A half-filled configuration
    counts too: the messages then wait in the outbox and the worker reports the configuration error;
    a step never fails on it."""
    return any(getattr(settings, name, "") for name in ZGW_SETTINGS)


#: built once (no statement construction per step)
_SENT = (
    select(OutboxMessage.id)
    .where(
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.case_id == bindparam("case_id"),
        OutboxMessage.ref == bindparam("ref"),
    )
    .limit(1)
)


def put(
    s: Session, case: Case, kind: str, payload: dict[str, Any], now: datetime, *, ref: str | None = None
) -> None:
    outbox.enqueue(s, CHANNEL, case.id, kind, payload, now=now, ref=ref)


def messages(s: Session, case_id: int, kinds: tuple[str, ...]) -> list[OutboxMessage]:
    return list(
        s.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.case_id == case_id,
                OutboxMessage.kind.in_(kinds),
            )
            .order_by(OutboxMessage.seq)
        )
    )


def sent(s: Session, case_id: int, ref: str) -> bool:
    return plain(s).scalar(_SENT, {"case_id": case_id, "ref": ref}) is not None
