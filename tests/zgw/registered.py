"""What the outbox recorded of a publication to a ZGW server: the URL of the registered zaak, and the
messages that failed with their error."""

from __future__ import annotations

from sqlalchemy import select

from services.platform import Platform
from services.store.models import OutboxMessage, ZgwObject


def registered_zaak_url(platform: Platform) -> str:
    """The URL under which the ZGW server registered the case's zaak."""
    with platform.uow(write=False) as uow:
        return str(uow.session.scalar(select(ZgwObject.url).where(ZgwObject.local_key == "zaak")))


def outbox_errors(platform: Platform) -> list[str]:
    """ "kind: error" of each outbox message that failed."""
    with platform.uow(write=False) as uow:
        return [
            f"{m.kind}: {m.last_error}"
            for m in uow.session.scalars(select(OutboxMessage).where(OutboxMessage.last_error.is_not(None)))
        ]
