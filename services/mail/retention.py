"""Delivered mails are not kept for good (privacy review s8, finding 1).

A mail in the outbox holds the recipient's address, the text and, for an applicant, the live tracking
link. ``Settings.outbox_bewaar_dagen`` days after its delivery the scheduler's pass empties it: the row
keeps its id, kind, channel, status and dates, so beheer still sees that a mail went out, with the
recipient ``REMOVED``; the ``.eml`` file the embedded default wrote for it is removed too. A mail that
was not delivered (waiting, failed, given up, set aside) is left alone: beheer may still act on it.
Messages of the ZGW channel are left too: their payloads are references (a document id, a phase) the
resync reads back, and their bodies are built from the local state at delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from services.mail.compose import CHANNEL
from services.mail.transport import eml_file, mail_name
from services.outbox.core import DELIVERED, PER_RECIPIENT, REMOVED
from services.platform import Platform
from services.store.models import OutboxMessage

log = logging.getLogger("ruimteflow.mail")

#: the payload key of a mail's recipient
RECIPIENT = PER_RECIPIENT[CHANNEL]
#: most mails one pass empties (the rest follow in the next passes)
BATCH = 500


def emptied(kind: str) -> dict[str, str]:
    """What is left of a delivered mail's payload after its retention ended."""
    return {"soort": kind, RECIPIENT: REMOVED}


#: the platform's mark (``Platform.marks``): every mail delivered before it was emptied (or is being
#: emptied by another process), so a pass reads only the mails delivered since (index
#: ix_outbox_message_delivered) instead of every mail ever delivered; a new process reads all once
MARK = "mail_geleegd_tot"


def purge_delivered(platform: Platform, limit: int = BATCH) -> int:
    """Empty the mails delivered more than ``outbox_bewaar_dagen`` days ago; returns how many."""
    cutoff = platform.clock.now() - timedelta(days=platform.settings.outbox_bewaar_dagen)
    query = select(OutboxMessage).where(
        OutboxMessage.status == DELIVERED,
        OutboxMessage.delivered_at < cutoff,
        OutboxMessage.channel == CHANNEL,
        OutboxMessage.payload[RECIPIENT].as_string() != REMOVED,
    )
    since = platform.marks.get(MARK)
    if since is not None:
        query = query.where(OutboxMessage.delivered_at >= since)
    with platform.uow() as uow:
        rows = list(
            uow.session.scalars(
                query.order_by(OutboxMessage.delivered_at, OutboxMessage.id)
                .limit(limit)
                .with_for_update()  # not SKIP LOCKED: a skipped row would fall behind the mark below
            )
        )
        names = [mail_name(m.id, m.kind) for m in rows]
        for m in rows:
            m.payload = emptied(m.kind)
        uow.commit()
    if len(rows) < limit:  # all delivered before the cutoff are done; a full batch reads on next pass
        platform.marks[MARK] = cutoff
    remove_mail_files(platform, names)  # after the commit: a failed one leaves mails and files as they were
    return len(names)


def remove_mail_files(platform: Platform, names: Iterable[str]) -> list[Path]:
    """Remove the written files (.eml) of emptied mails; a file left behind is logged, not retried
    (here and when a case is destroyed, services.bewaren), and returned."""
    left = []
    for name in names:
        path = eml_file(platform.settings, name)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the written mail %s: %s", name, exc)
            left.append(path)
    return left
