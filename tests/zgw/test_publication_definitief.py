"""A closed zaak's documents are definitief in the zaakregistratie: before the eindstatus, each of its
informatieobjecten still in_bewerking is locked, PATCHed to definitief and unlocked (Open Zaak archives a
zaak only once every document of it is archived; an advice report or an officer's own document stayed
in_bewerking, a manual step per document). Locally the case's documents become definitief as it closes.
Idempotent on a retry, also after an attempt cut off halfway, or one whose lock answer was lost."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select, update

from services import users
from services.documents import NewDocument
from services.documents.service import upload_document
from services.store.models import Document, OutboxMessage
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import validate_request
from tests.zgw.eio_writes import EIO, eio_writes
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)
from tests.zgw.test_publication_versions import CutOff

LOCK_EDIT = [("POST", "lock"), ("PATCH", ""), ("POST", "unlock")]


def _drawing(z: Omgeving) -> dict[str, Any]:  # noqa: F811
    """A case with an officer's drawing (in_bewerking) in it."""
    z.start()
    users.add_user(z.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf", titel="Bouwtekening")
    doc = upload_document(z.p, z.ref, "bea", io.BytesIO(pdf("tekening")), meta)
    assert doc["status"] == "in_bewerking"
    return doc


def _local_status(z: Omgeving, doc_id: int) -> str:  # noqa: F811
    with z.p.uow(write=False) as uow:
        return str(uow.session.scalar(select(Document.status).where(Document.id == doc_id)))


def _close(z: Omgeving) -> None:  # noqa: F811
    assert z.bericht("intrekking", {})["status"] == "afgerond"


def test_the_documents_of_a_closed_zaak_become_definitief_before_its_eindstatus(
    z: Omgeving,  # noqa: F811
    zgw_specs,
) -> None:
    doc = _drawing(z)
    zgw = Zgw(z.p)
    assert zgw.drain().dood == 0
    [eio] = zgw.server.collection(EIO)
    assert eio["status"] == "in_bewerking"
    before = len(zgw.recorder.writes())
    _close(z)
    assert _local_status(z, doc["id"]) == "definitief"  # in the step that closed the case
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    [eio] = zgw.server.collection(EIO)
    assert (eio["status"], eio["locked"], eio["versie"]) == ("definitief", False, 2)
    assert eio_writes(zgw, before) == LOCK_EDIT and zgw.server.locks == {}
    for request in zgw.recorder.writes()[before:]:
        validate_request(zgw_specs, zgw.config, request)
    writes = zgw.writes()[before:]  # after the resultaat, before the eindstatus, which stays the last call
    assert writes.index(("POST", "resultaten")) < writes.index(("PATCH", EIO))
    assert writes[-1] == ("POST", "statussen")
    # delivered again (an outbox message may be): nothing more changes
    with z.p.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.kind == "resultaat")
            .values(status="wachtend", next_attempt_at=None)
        )
        uow.commit()
    again = len(zgw.recorder.writes())
    assert zgw.drain().afgeleverd == 1
    assert eio_writes(zgw, again) == [] and zgw.server.collection(EIO)[0]["versie"] == 2


def test_a_document_sent_after_the_case_closed_is_sent_definitief(z: Omgeving) -> None:  # noqa: F811
    _drawing(z)
    zgw = Zgw(z.p)
    zgw.server.down = True  # an outage: the document is first delivered after the case closed
    zgw.drain()
    _close(z)
    zgw.server.down = False
    z.clock.advance(hours=1)
    assert zgw.drain().dood == 0
    [eio] = zgw.server.collection(EIO)
    assert (eio["status"], eio["versie"]) == ("definitief", 1)
    assert [w for w in zgw.writes() if w[1] == EIO] == [("POST", EIO)]  # created as it is, no edit


def _cut_at_the_end(z: Omgeving, method: str, ending: str) -> Zgw:  # noqa: F811
    """The case closed, the end's delivery cut off after the first ``method`` on an eio URL ending so."""
    _drawing(z)
    zgw = Zgw(z.p)
    zgw.drain()
    url_of = lambda r: str(r.url).rstrip("/")  # noqa: E731
    zgw.recorder.inner = CutOff(
        zgw.server, lambda r: r.method == method and f"/{EIO}/" in url_of(r) and url_of(r).endswith(ending)
    )
    _close(z)
    assert zgw.drain().mislukt == 1  # retried later
    z.clock.advance(hours=1)
    return zgw


def test_an_end_cut_off_after_the_patch_finishes_the_edit_with_its_lock(z: Omgeving) -> None:  # noqa: F811
    zgw = _cut_at_the_end(z, "PATCH", "")
    report = zgw.drain()
    assert report.afgeleverd >= 1 and report.mislukt == report.dood == 0
    [eio] = zgw.server.collection(EIO)
    assert (eio["status"], eio["locked"], eio["versie"]) == ("definitief", False, 2)
    assert zgw.server.locks == {} and len(zgw.server.collection("statussen")) >= 2


def test_a_lock_whose_answer_was_lost_is_unlocked_by_force(z: Omgeving) -> None:  # noqa: F811
    zgw = _cut_at_the_end(z, "POST", "/lock")
    [eio] = zgw.server.collection(EIO)
    assert eio["locked"] is True  # locked by the attempt that never heard the lock value
    before = len(zgw.recorder.writes())
    report = zgw.drain()
    assert report.afgeleverd >= 1 and report.mislukt == report.dood == 0
    [eio] = zgw.server.collection(EIO)
    assert (eio["status"], eio["locked"], eio["versie"]) == ("definitief", False, 2)
    assert eio_writes(zgw, before) == [("POST", "unlock"), *LOCK_EDIT] and zgw.server.locks == {}


def test_without_forced_unlock_a_lost_lock_waits_for_beheer_with_the_reason(z: Omgeving) -> None:  # noqa: F811
    zgw = _cut_at_the_end(z, "POST", "/lock")
    zgw.server.force_unlock = False  # the client lacks documenten.geforceerd-unlock
    assert zgw.drain().mislukt == 1
    with z.p.uow(write=False) as uow:
        error = uow.session.scalar(select(OutboxMessage.last_error).where(OutboxMessage.kind == "resultaat"))
    assert error and "geforceerd-unlock" in error and "vergrendeld" in error
    assert zgw.server.collection(EIO)[0]["status"] == "in_bewerking"
    assert len(zgw.server.collection("resultaten")) == 1 and zgw.writes()[-1] != ("POST", "statussen")


def test_a_document_another_application_linked_to_the_zaak_is_left_as_it_is(z: Omgeving) -> None:  # noqa: F811
    """Only Ruimteflow's own documents are made definitief at the zaak's end: one that another application
    (a mail room's scan, say) linked to the zaak is that application's to finish, and a lock on it by
    Ruimteflow could block that application's own work on it."""
    _drawing(z)
    zgw = Zgw(z.p)
    assert zgw.drain().dood == 0
    [ours] = zgw.server.collection(EIO)
    [zaak] = zgw.server.collection("zaken")
    foreign = f"{ours['url'].rsplit('/', 1)[0]}/andere-applicatie"
    zgw.server.objects[foreign] = {"url": foreign, "status": "in_bewerking", "versie": 1, "locked": False}
    zio = f"{zaak['url'].rsplit('/zaken/', 1)[0]}/zaakinformatieobjecten/andere-applicatie"
    zgw.server.objects[zio] = {"url": zio, "zaak": zaak["url"], "informatieobject": foreign}
    before = len(zgw.recorder.writes())
    _close(z)
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    assert zgw.server.objects[foreign] == {
        "url": foreign,
        "status": "in_bewerking",
        "versie": 1,
        "locked": False,
    }
    assert zgw.server.objects[ours["url"]]["status"] == "definitief"
    assert all(foreign not in str(request.url) for request in zgw.recorder.writes()[before:])
