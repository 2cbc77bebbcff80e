"""A final besluit letter is published in the zaakregistratie by the unit of work that makes it final.

Its "besluit" message (the document and the besluit in Open Zaak) was written by the step after the letter's
commit (the reread of the open tasks' choices, services.documents.final_letter), or, where none ran, by the
worker's sweep of documents uploaded outside a step. When that step failed, the outbox held no besluit after
the letter: it reached Open Zaak only at the case's next step or sweep, a wait nobody saw. Now the letter's
own transaction writes it (the transactional outbox), after the documents of the case not sent yet, and the
steps after it find it queued (ref ``document:<id>``) and write none.

Dates (test_omgevingsvergunning): the case waits at 'Besluit nemen' from 2 March 2026 on.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from services import beheer, outbox
from services.clock import today
from services.documents import NewDocument, upload_document
from services.documents.service import import_document
from services.store.models import Case, Document, OutboxMessage
from services.zgw_outbox import CHANNEL
from tests.integration.besluit_steps import TAAK, bij_het_besluit
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.integration.test_verdaging_bij_besluit import VERLENEN
from tests.integration.test_wijkuitvoeringsplan import tot_besluitvorming
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def _messages(z: Omgeving) -> list[tuple[int, str, str | None]]:  # noqa: F811
    """The case's "zgw" messages in their order: (seq, kind, ref)."""
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == z.ref)).one()
        rows = uow.session.execute(
            select(OutboxMessage.seq, OutboxMessage.kind, OutboxMessage.ref)
            .where(OutboxMessage.channel == CHANNEL, OutboxMessage.case_id == case_id)
            .order_by(OutboxMessage.seq)
        )
        return [(seq, kind, ref) for seq, kind, ref in rows]


def _letter(z: Omgeving) -> int:  # noqa: F811
    """The id of the case's final besluit letter (the one document of type besluit)."""
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == z.ref)).one()
        query = select(Document.id).where(*Document.final_besluiten_of(case_id))
        return uow.session.scalars(query).one()


def _bijlage(z: Omgeving) -> int:  # noqa: F811
    """A bijlage filed outside a step: no message yet (the worker's sweep has not run)."""
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="situatie.pdf", titel="Situatie")
    return int(import_document(z.p, z.ref, pdf("situatie"), meta)["id"])


def _made_final_while_the_reread_fails(z: Omgeving, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """'Definitief maken' in 'Besluit nemen', with the step after the letter's commit failing."""

    def database_gone(*_: Any) -> None:
        raise OperationalError("UPDATE zaak", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(z.p.runtime, "reread", database_gone)
    z.brief("tom", VERLENEN)


def _imported_into_a_paused_case(z: Omgeving, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A final letter filed with its outcome while beheer paused the case: no step follows its commit."""
    beheer.suspend(z.p, z.ref, "bea", "migratie")
    dag = today(z.clock)
    meta = NewDocument(
        "besluit", "besluit.pdf", besluitdatum=dag, verzenddatum=dag, besluit_uitkomst="verlenen"
    )
    import_document(z.p, z.ref, pdf("besluit"), meta)


@pytest.mark.parametrize(
    "made_final",
    [_made_final_while_the_reread_fails, _imported_into_a_paused_case],
    ids=["reread-fails", "paused-no-step"],
)
def test_the_letter_s_own_commit_writes_its_publication(
    z: Omgeving,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    made_final: Any,
) -> None:
    bij_het_besluit(z)
    zgw = Zgw(z.p)
    zgw.drain()  # the zaak registered, and everything of it so far delivered
    z.clock.advance(hours=1)
    bijlage = _bijlage(z)
    before = _messages(z)

    made_final(z, monkeypatch)

    letter = _letter(z)
    new = [(kind, ref) for _, kind, ref in _messages(z)[len(before) :]]
    # in the order the documents were added: the bijlage not sent yet first, then the letter's besluit
    assert new == [("document", f"document:{bijlage}"), ("besluit", f"document:{letter}")]
    report = outbox.deliver_due(z.p, handlers={"zgw": zgw.handler})  # no sweep, no step of the case
    assert report.mislukt == report.dood == 0
    [besluit] = zgw.server.collection("besluiten")
    assert besluit["verzenddatum"] == today(z.clock).isoformat()


def test_the_steps_after_the_letter_write_no_second_publication(z: Omgeving) -> None:  # noqa: F811
    """The reread after the letter, the completion of 'Besluit nemen', the bezwaartermijn's end and the
    worker's sweep each see the letter queued (ref ``document:<id>``): one message, one besluit."""
    bij_het_besluit(z)
    zgw = Zgw(z.p)
    zgw.drain()
    before = _messages(z)

    z.doe("tom", TAAK, VERLENEN)  # 'Definitief maken' (the letter, then the reread step), then the task
    letter = _letter(z)
    assert z.later(days=60)["status"] == "afgerond"
    report = zgw.drain()

    assert report.mislukt == report.dood == 0
    ours = [(seq, kind) for seq, kind, ref in _messages(z) if ref == f"document:{letter}"]
    assert [kind for _, kind in ours] == ["besluit"]
    assert ours[0][0] == before[-1][0] + 1  # before every message of the steps after it
    assert len(zgw.server.collection("besluiten")) == 1
    assert zgw.writes().count(("POST", "besluiten")) == 1


def test_a_besluit_scan_without_an_outcome_is_published_by_its_own_commit(zplatform) -> None:  # noqa: F811
    """Note24: a signed besluit uploaded as a scan (type besluit, no outcome: not a letter of the besluit
    editor) waited for the case's next step or the worker's sweep. It is a besluit all the same, its
    besluittype read at delivery from the task begun before its upload: its upload's commit now writes its
    publication, as a final letter's does; no step, no sweep, and the raad's besluit is in Open Zaak."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)  # the college's besluit taken; the raad's task open
    zgw = Zgw(p)
    zgw.drain()
    p.clock.advance(days=2)
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="raadsbesluit.pdf",
        titel="Raadsbesluit vaststelling",
        besluitdatum=date(2026, 3, 2),
        verzenddatum=date(2026, 3, 4),
    )
    scan = int(upload_document(p, ref, "pim", io.BytesIO(pdf("raadsbesluit")), meta)["id"])
    with p.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == ref)).one()
        queued = uow.session.scalars(
            select(OutboxMessage.kind).where(
                OutboxMessage.case_id == case_id, OutboxMessage.ref == f"document:{scan}"
            )
        ).all()
    assert queued == ["besluit"]
    report = outbox.deliver_due(p, handlers={"zgw": zgw.handler})  # no sweep, no step of the case
    assert report.mislukt == report.dood == 0
    [raad] = [
        b for b in zgw.server.collection("besluiten") if b["toelichting"] == "Raadsbesluit vaststelling"
    ]
    assert raad["besluittype"].endswith("/besluittypen/raad")
