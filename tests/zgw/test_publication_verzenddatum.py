"""A besluit uploaded with its besluitdatum alone reaches the Besluiten API once its verzenddatum is
recorded (review sessie14c, 1): the delivery waited for that date and advised a way that was refused as
a duplicate; recording it queues the besluit again."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from sqlalchemy import select

from services.documents import NewDocument, upload_document
from services.documents.verzending import record_verzenddatum
from services.platform import Platform
from services.store.models import OutboxMessage
from services.zgw_publication_documents import sweep_documents
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_wijkuitvoeringsplan import tot_besluitvorming
from tests.zgw.contract import validate_request
from tests.zgw.eio_writes import EIO, eio_writes
from tests.zgw.test_publication import Zgw, delivered_note, zplatform  # noqa: F401 (fixture)


def _raadsbesluit(zplatform: Platform) -> tuple[Platform, dict[str, Any], Zgw]:  # noqa: F811
    """A wijkuitvoeringsplan in besluitvorming with the raad's besluit uploaded with its besluitdatum alone."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)  # the college's besluit taken; the raad's task open
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="raad.pdf",
        titel="Raadsbesluit vaststelling",
        besluitdatum=date(2026, 3, 2),
    )
    doc = upload_document(p, ref, "pim", io.BytesIO(pdf("raadsbesluit")), meta)
    return p, doc, Zgw(p)


def test_a_raadsbesluit_sent_later_is_registered_once_its_verzenddatum_is_recorded(zplatform) -> None:  # noqa: F811
    p, doc, zgw = _raadsbesluit(zplatform)
    zgw.drain()
    assert _raad(zgw) == []  # the college's besluit (uploaded with both dates by its task) is registered
    with p.uow(write=False) as uow:
        [waited] = uow.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.kind == "besluit", OutboxMessage.ref == f"document:{doc['id']}"
            )
        )
    assert waited.last_error is None
    note = str(delivered_note(p, waited.id))
    assert f"POST /api/v1/documenten/{doc['id']}/verzenddatum" in note
    assert "Voeg het besluit toe met zijn verzenddatum" not in note

    record_verzenddatum(p, doc["id"], "pim", date(2026, 3, 2))
    zgw.drain()
    [besluit] = _raad(zgw)
    assert besluit["besluittype"].endswith("/besluittypen/raad")
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-02", "2026-03-02")
    assert len(zgw.server.collection("enkelvoudiginformatieobjecten")) == len(
        {e["titel"] for e in zgw.server.collection("enkelvoudiginformatieobjecten")}
    )  # the document itself was not registered twice
    with p.uow(write=False) as uow:
        refs = [
            m.ref for m in uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "besluit"))
        ]
    assert refs[-2:] == [f"document:{doc['id']}", f"verzonden:{doc['id']}"]
    zgw.drain()  # nothing more to send
    assert len(_raad(zgw)) == 1


def _raad_eio(zgw: Zgw) -> dict[str, Any]:
    [eio] = [e for e in zgw.server.collection(EIO) if e["titel"] == "Raadsbesluit vaststelling"]
    return eio


def test_a_verzenddatum_recorded_after_the_document_was_sent_is_added_to_it(zplatform, zgw_specs) -> None:  # noqa: F811
    """The informatieobject gets the verzenddatum too (lock, PATCH, unlock), not only the besluit."""
    p, doc, zgw = _raadsbesluit(zplatform)
    zgw.drain()
    assert _raad_eio(zgw).get("verzenddatum") is None
    record_verzenddatum(p, doc["id"], "pim", date(2026, 3, 2))
    before = len(zgw.recorder.writes())
    assert zgw.drain().dood == 0
    eio = _raad_eio(zgw)
    assert (eio["verzenddatum"], eio["versie"], eio["locked"]) == ("2026-03-02", 2, False)
    assert eio_writes(zgw, before) == [("POST", "lock"), ("PATCH", ""), ("POST", "unlock")]
    for request in zgw.recorder.writes()[before:]:
        validate_request(zgw_specs, zgw.config, request)
    assert [b["verzenddatum"] for b in _raad(zgw)] == ["2026-03-02"] and zgw.server.locks == {}


def test_a_verzenddatum_recorded_before_the_document_was_sent_goes_with_it(zplatform) -> None:  # noqa: F811
    """The document's own delivery reads it (a backlog, or a worker that did not pass yet); the message of
    the recorded date then finds the informatieobject current and changes nothing."""
    p, doc, zgw = _raadsbesluit(zplatform)
    sweep_documents(p)  # the document queued, not delivered yet
    record_verzenddatum(p, doc["id"], "pim", date(2026, 3, 2))
    with p.uow(write=False) as uow:
        refs = [
            m.ref for m in uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "besluit"))
        ]
    assert refs[-2:] == [f"document:{doc['id']}", f"verzonden:{doc['id']}"]
    assert zgw.drain().dood == 0
    eio = _raad_eio(zgw)
    assert (eio["verzenddatum"], eio["versie"]) == ("2026-03-02", 1)
    assert eio_writes(zgw) == [] and [b["verzenddatum"] for b in _raad(zgw)] == ["2026-03-02"]


def _raad(zgw: Zgw) -> list[dict]:
    """The raadsbesluit in the Besluiten API (the college's besluit, which the wijkuitvoeringsplan now asks
    for as a signed document, is registered beside it)."""
    return [b for b in zgw.server.collection("besluiten") if b["toelichting"] == "Raadsbesluit vaststelling"]
