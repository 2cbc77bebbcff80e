"""A change to an enkelvoudiginformatieobject (eio) in the Documenten API under its lock: a newer local
version (the next versie of the same eio, never a second eio), a verzenddatum recorded after the eio was
sent, and the status ``definitief`` a zaak's documents get at its end (``services.zgw.definitief``).

The Documenten API changes an eio only under a lock: ``POST .../lock`` gives a lock value, a ``PATCH``
with it creates the next versie (the new inhoud, bestandsnaam, bestandsomvang, formaat; or another
attribute), and ``POST .../unlock`` with it ends the edit. Every eio Ruimteflow sends carries the SHA-256
of its content as ``integriteit`` (algoritme sha_256): that marker tells whether the remote versie already
holds the local latest version, so a delivery repeated after a timeout or a crash sends nothing twice. (An
eio sent before the marker existed was made from version 1: it is current while the document has one
version.) The other attributes are compared as they are.

The lock value is stored (``zgw_object``, resource "lock", key ``lock:<document id>``) before the PATCH,
so a retry after a crash between lock and unlock finishes the edit with it. Before the lock is asked, the
key holds ``LOCK_ASKED``; it stays only when the lock request may have reached Open Zaak without its answer
coming back (a timeout, a connection lost after sending, a crash), not when Open Zaak answered or the
client knows nothing was sent (``ZgwRemoteError.sent``). A retry that finds it, with the eio locked, knows
the lock may be its own whose answer was lost, and unlocks it by force (Open Zaak's ``documenten.geforceerd-unlock``: an unlock without a
lock value by a client with that scope). Without that scope Open Zaak refuses, and the delivery fails,
retried, saying so for beheer. A document locked by someone else is left alone: the delivery fails,
retried, with the reason for beheer, until it is unlocked.
"""

from __future__ import annotations

from typing import Any

from services.outbox import DeliveryFailed
from services.zgw import payloads as p
from services.zgw.client import ZgwRemoteError
from services.zgw.remote import ZgwRemote

#: stored under a lock key while the lock is asked, before its value is known
LOCK_ASKED = "aangevraagd"


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
    """Make the remote eio ``eio`` (as last read: ``remote``) hold the local latest version and the
    verzenddatum recorded since it was sent."""
    change: dict[str, Any] = {}
    if not is_current(remote, facts, versions):
        change.update(p.eio_new_version(facts))
    if facts.verzenddatum is not None and remote.get("verzenddatum") != facts.verzenddatum.isoformat():
        change.update(p.eio_verzenddatum(facts.verzenddatum))
    edit(r, case_id, f"lock:{doc_id}", eio, remote, change, f"Document {doc_id} ({facts.titel})")


def edit(
    r: ZgwRemote, case_id: int, key: str, eio: str, remote: dict[str, Any], change: dict[str, Any], what: str
) -> None:
    """PATCH ``change`` (nothing when empty) onto the eio ``eio`` (as last read: ``remote``) under its lock,
    kept under ``key``; an edit an earlier attempt left locked is finished (unlocked) either way."""
    lock = r.stored(case_id, key)
    locked = bool(remote.get("locked"))
    if lock == LOCK_ASKED and locked:  # perhaps our own lock, its answer lost
        _force_unlock(r, eio, what)
        locked = False
    if lock and not locked:  # an earlier edit was unlocked (its end not recorded) or broken off remotely
        r.forget(case_id, key)
        lock = None
    if change:
        if locked and not lock:
            raise DeliveryFailed(
                f"{what} is in de Documenten API vergrendeld, niet door deze aflevering: de wijziging wacht "
                "tot het daar is ontgrendeld en wordt dan vanzelf opnieuw aangeboden."
            )
        if not lock:
            lock = _lock(r, case_id, key, eio)
        r.client.patch(eio, p.eio_locked(change, lock))
    if lock:
        r.client.post(f"{eio.rstrip('/')}/unlock", {"lock": lock})
        r.forget(case_id, key)


def _lock(r: ZgwRemote, case_id: int, key: str, eio: str) -> str:
    """Lock the eio and store the lock value (``LOCK_ASKED`` while it is asked: module docstring)."""
    r.store(case_id, key, "lock", LOCK_ASKED)
    try:
        lock = str(r.client.post(f"{eio.rstrip('/')}/lock")["lock"])
    except ZgwRemoteError as exc:
        if exc.status is not None or not exc.sent:  # answered (locked by someone else, ...) or not sent
            r.forget(case_id, key)  # either way no lock of ours: a lock found later is someone else's
        raise
    r.replace(case_id, key, lock)
    return lock


def _force_unlock(r: ZgwRemote, eio: str, what: str) -> None:
    try:
        r.client.post(f"{eio.rstrip('/')}/unlock", {})
    except ZgwRemoteError as exc:
        if exc.status is None or exc.status >= 500:
            raise
        raise DeliveryFailed(
            f"{what} is in de Documenten API vergrendeld, waarschijnlijk door een eerdere poging van deze "
            "aflevering waarvan het antwoord verloren ging; ontgrendelen zonder de lock-waarde weigert de "
            f"Documenten API ({exc.detail}). Ontgrendel het daar (scope documenten.geforceerd-unlock); "
            "de aflevering wordt vanzelf opnieuw aangeboden."
        ) from exc
