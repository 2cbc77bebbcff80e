"""A newer local version of a document in the Documenten API: the next versie of the same
enkelvoudiginformatieobject (eio), never a second eio.

The Documenten API changes an eio only under a lock: ``POST .../lock`` gives a lock value, a ``PATCH``
with it creates the next versie (the new inhoud, bestandsnaam, bestandsomvang, formaat), and
``POST .../unlock`` with it ends the edit. Every eio Ruimteflow sends carries the SHA-256 of its content
as ``integriteit`` (algoritme sha_256): that marker tells whether the remote versie already holds the
local latest version, so a delivery repeated after a timeout or a crash sends nothing twice. (An eio
sent before the marker existed was made from version 1: it is current while the document has one version.)

The lock value is stored (``zgw_object``, resource "lock", key ``lock:<document id>``) before the PATCH,
so a retry after a crash between lock and unlock finishes the edit with it. A document locked by someone
else (or by an attempt whose lock answer was lost) is left alone: the delivery fails, retried, with the
reason for beheer.
"""

from __future__ import annotations

from typing import Any

from services.outbox import DeliveryFailed
from services.zgw import payloads as p
from services.zgw.remote import ZgwRemote


def is_current(remote: dict[str, Any], facts: p.DocumentFacts, versions: int) -> bool:
    """Whether the remote eio holds the content of ``facts`` (the local latest of ``versions`` versions)."""
    marker = str((remote.get("integriteit") or {}).get("waarde") or "")
    if marker:
        return marker == facts.sha256
    return versions <= 1


def bring_up_to_date(
    r: ZgwRemote,
    case_id: int,
    doc_id: int,
    eio: str,
    remote: dict[str, Any],
    facts: p.DocumentFacts,
    versions: int,
) -> None:
    """Make the remote eio ``eio`` (as last read: ``remote``) hold the local latest version."""
    key = f"lock:{doc_id}"
    lock = r.stored(case_id, key)
    locked = bool(remote.get("locked"))
    if lock and not locked:  # an earlier edit was unlocked (its end not recorded) or broken off remotely
        r.forget(case_id, key)
        lock = None
    if not is_current(remote, facts, versions):
        if locked and not lock:
            raise DeliveryFailed(
                f"Document {doc_id} ({facts.titel}) is in de Documenten API vergrendeld, niet door deze "
                "aflevering: de nieuwe versie wacht tot het daar is ontgrendeld en wordt dan vanzelf "
                "opnieuw aangeboden."
            )
        if not lock:
            lock = str(r.client.post(f"{eio.rstrip('/')}/lock")["lock"])
            r.store(case_id, key, "lock", lock)
        r.client.patch(eio, p.eio_new_version(facts, lock))
    if lock:
        r.client.post(f"{eio.rstrip('/')}/unlock", {"lock": lock})
        r.forget(case_id, key)
