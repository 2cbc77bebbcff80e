"""Documents in the zaakregistratie: what a deletion does to a queued or an already delivered document."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from processes.errors import ValidationError
from services import cases, users
from services.clock import in_nl
from services.documents import NewDocument
from services.documents.changes import delete_document
from services.documents.public import PublicFile, add_files, withdraw_files
from services.documents.service import import_document, upload_document
from services.store.models import Case
from services.zgw_publication_documents import sweep_documents
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import Zgw, message_notes, z, zplatform  # noqa: F401 (fixtures)


def _bea(om: Omgeving) -> str:
    users.add_user(om.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    return "bea"


def _upload(om: Omgeving, titel: str) -> dict[str, Any]:
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="bijlage.pdf", titel=titel)
    return upload_document(om.p, om.ref, _bea(om), io.BytesIO(pdf(titel)), meta)


def _document_messages(om: Omgeving) -> list[tuple[str, str | None, str | None]]:
    """Status, error and beheer's note (``delivered_note``) of each document message."""
    return message_notes(om.p, "document")


def test_a_document_deleted_before_its_message_is_delivered_is_never_sent(z: Omgeving) -> None:  # noqa: F811
    z.start()
    zgw = Zgw(z.p)
    zgw.drain()  # the zaak is registered
    zgw.server.down = True
    doc = _upload(z, "Paspoort buurman (verkeerde zaak)")
    zgw.drain()  # queued; Open Zaak is down
    delete_document(z.p, doc["id"], "bea", reden="Hoort niet bij deze zaak")
    zgw.server.down = False
    z.clock.advance(hours=1)
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    assert zgw.server.collection("enkelvoudiginformatieobjecten") == []
    assert zgw.server.collection("zaakinformatieobjecten") == []
    [(status, error, note)] = _document_messages(z)  # done, no error, and beheer sees why nothing was sent
    assert status == "afgeleverd" and error is None
    assert note and "verwijderd voordat het bericht werd afgeleverd" in note


def test_a_withdrawn_double_submission_is_never_sent(z: Omgeving) -> None:  # noqa: F811
    z.start()
    zgw = Zgw(z.p)
    zgw.drain()
    # the second submission of a double click: its files are stored, the worker's sweep queues them,
    # then the message is refused and its files withdrawn (services/status/messages.py)
    stored = add_files(z.p, z.ref, [PublicFile("tekening.pdf", io.BytesIO(pdf("dubbel")), "aanvulling")])
    sweep_documents(z.p)
    withdraw_files(z.p, cases.get_case(z.p, z.ref)["id"], stored)
    zgw.drain()
    assert zgw.server.collection("enkelvoudiginformatieobjecten") == []
    assert [status for status, *_ in _document_messages(z)] == ["afgeleverd"]


def test_a_document_deleted_after_delivery_is_unlinked_from_the_zaak(z: Omgeving) -> None:  # noqa: F811
    z.start()
    zgw = Zgw(z.p)
    doc = _upload(z, "Paspoort buurman (verkeerde zaak)")
    zgw.drain()
    [eio] = zgw.server.collection("enkelvoudiginformatieobjecten")
    assert [o["informatieobject"] for o in zgw.server.collection("zaakinformatieobjecten")] == [eio["url"]]
    delete_document(z.p, doc["id"], "bea", reden="Hoort niet bij deze zaak")
    report = zgw.drain()
    assert report.mislukt == report.dood == 0 and report.afgeleverd == 1
    assert zgw.server.collection("zaakinformatieobjecten") == []  # the zaak no longer holds it
    assert zgw.drain().total == 0  # queued once


def test_a_received_document_has_its_ontvangstdatum_and_is_final_a_besluit_letter_its_verzenddatum(
    z: Omgeving,  # noqa: F811
) -> None:
    """Review zgw17 F6: the applicant's aanvulling reached Open Zaak without ontvangstdatum and "in_bewerking",
    the besluit letter without the verzenddatum its besluit has."""
    z.start()
    zgw = Zgw(z.p)
    zgw.drain()
    z.clock.advance(hours=1)
    add_files(z.p, z.ref, [PublicFile("aanvulling.pdf", io.BytesIO(pdf("aanvulling")), "aanvulling")])
    sweep_documents(z.p)
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="besluit.pdf",
        titel="Besluit",
        besluitdatum=in_nl(z.clock.now()).date(),
        verzenddatum=in_nl(z.clock.now()).date(),
    )
    import_document(z.p, z.ref, pdf("besluit"), meta)
    zgw.drain()
    eios = {e["bestandsnaam"]: e for e in zgw.server.collection("enkelvoudiginformatieobjecten")}
    aanvulling, besluit = eios["aanvulling.pdf"], eios["besluit.pdf"]
    today = in_nl(z.clock.now()).date().isoformat()
    assert (aanvulling.get("ontvangstdatum"), aanvulling["status"]) == (today, "definitief")
    assert besluit.get("verzenddatum") == today and besluit.get("ontvangstdatum") is None


def test_an_uploads_ontvangstdatum_reaches_open_zaak_as_checked(z: Omgeving) -> None:  # noqa: F811
    """Review finding (docmeta): the applicant's own ontvangstdatum (1900-01-01, 9998-12-31) reached Open
    Zaak as the document's receipt. Its upload is received the day it comes in; the municipality's own
    registers a letter's day of receipt, not ahead and not before the application."""
    z.start()
    zgw = Zgw(z.p)
    zgw.drain()
    received = in_nl(z.clock.now()).date()
    users.add_user(z.p, "jj", role="initiatiefnemer", email="jj@example.nl")
    with z.p.uow() as uow:  # applied for with jj's address: jj's own case
        uow.session.execute(
            update(Case).where(Case.reference == z.ref).values(initiator_email="jj@example.nl")
        )
        uow.commit()
    z.clock.advance(days=3)
    today = in_nl(z.clock.now()).date()
    for who, given in (("jj", date(1900, 1, 1)), (_bea(z), date(9998, 12, 31))):
        meta = NewDocument("bijlage", "fout.pdf", ontvangstdatum=given)
        with pytest.raises(ValidationError):
            upload_document(z.p, z.ref, who, io.BytesIO(pdf(f"fout {who}")), meta)
    upload_document(z.p, z.ref, "jj", io.BytesIO(pdf("aanvrager")), NewDocument("bijlage", "aanvrager.pdf"))
    brief = NewDocument("bijlage", "brief.pdf", ontvangstdatum=received)  # by post, registered 3 days on
    upload_document(z.p, z.ref, "bea", io.BytesIO(pdf("brief")), brief)
    zgw.drain()
    eios = {e["bestandsnaam"]: e for e in zgw.server.collection("enkelvoudiginformatieobjecten")}
    assert sorted(eios) == ["aanvrager.pdf", "brief.pdf"]
    assert eios["aanvrager.pdf"]["ontvangstdatum"] == today.isoformat()
    assert eios["brief.pdf"]["ontvangstdatum"] == received.isoformat()
