"""The aanvulling on the status page brings the documents the officer asked for (issues 13.3, 16):
the officer's ontvankelijkheid form names document types (``gevraagde_documenten``, codes of
bpmn/documenttypen.toml); a supplement without them is refused, stores nothing and the suspension goes on;
with them, the documents are stored and the suspension ends."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from processes.errors import NotFound, ValidationError
from services.documents.public import PublicFile
from services.status import messages, view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.document_helpers import EXE, pdf, state
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def asked_for_a_drawing(z: Omgeving) -> str:
    code = z.start()["volgcode"]
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {
            "compleet": False,
            "ontbrekend": "gevel- en doorsnedetekeningen",
            "aanvullingstermijn_dagen": 14,
            "gevraagde_documenten": ["bijlage"],
        },
    )
    return code


def test_without_the_requested_drawing_the_supplement_is_refused(z: Omgeving) -> None:
    code = asked_for_a_drawing(z)
    s = view.public_status(z.p, code)
    assert s["gevraagde_documenten"] == [{"code": "bijlage", "naam": "Bijlage of tekening"}]
    before = state(z.p)
    with pytest.raises(ValidationError) as exc:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekeningen."})
    assert exc.value.code == "aanvulling-onvolledig"
    assert "Stuur ook mee: Bijlage of tekening" in exc.value.detail
    other = [PublicFile("brief.pdf", io.BytesIO(pdf("brief")), "aanvulling")]
    with pytest.raises(ValidationError):  # another type does not count for the drawing
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Alleen een brief."}, other)
    assert state(z.p) == before
    assert view.public_status(z.p, code)["termijn"]["opgeschort"] is True


def test_a_bad_file_refuses_the_supplement_and_stores_nothing(z: Omgeving) -> None:
    code = asked_for_a_drawing(z)
    before = state(z.p)
    files = [PublicFile("gevel.pdf", io.BytesIO(EXE), "bijlage")]
    with pytest.raises(ValidationError) as exc:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
    assert "uitvoerbaar programma" in exc.value.detail
    assert state(z.p) == before


def test_with_the_drawing_the_suspension_ends(z: Omgeving) -> None:
    code = asked_for_a_drawing(z)
    z.later(days=3)
    files = [PublicFile("gevels.pdf", io.BytesIO(pdf("gevels")), "bijlage")]
    messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekeningen."}, files)
    s = view.public_status(z.p, code)
    assert s["termijn"]["opgeschort"] is False and s["gevraagde_documenten"] == []
    assert [(d["titel"], d["soort"], d["eigen"]) for d in s["documenten"]] == [
        ("gevels", "Bijlage of tekening", True)
    ]
    # three days after the request: it stood still the two days between (Awb 4:15 lid 1)
    assert z.zaak()["opschorting"]["opgeschorte_dagen"] == 2


def test_the_initiator_sees_the_besluit_and_openbare_documents_but_not_internal_ones(z: Omgeving) -> None:
    from services.documents import NewDocument
    from services.documents.public import open_document
    from services.documents.service import import_document

    code = z.start()["volgcode"]
    ref = z.ref
    besluit = import_document(z.p, ref, pdf("besluit"), NewDocument("besluit", "besluit.pdf"))
    advies = import_document(z.p, ref, pdf("advies"), NewDocument("advies", "advies-milieu.pdf"))
    brief = import_document(z.p, ref, pdf("brief"), NewDocument("correspondentie", "brief.pdf"))
    s = view.public_status(z.p, code)
    assert [d["titel"] for d in s["documenten"]] == [
        "besluit"
    ]  # advies is intern, a letter zaakvertrouwelijk
    case_id = z.zaak()["id"]
    meta, stream = open_document(z.p, case_id, besluit["id"])
    with stream:
        assert stream.read() == pdf("besluit") and meta["mime_type"] == "application/pdf"
    for hidden in (advies, brief):
        with pytest.raises(NotFound):
            open_document(z.p, case_id, hidden["id"])


def test_a_second_aanvulling_refused_after_the_first_keeps_no_file(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Double click: both sends pass the 'waiting?' check before either delivers; the later one is
    refused (409) and its file does not stay on the case."""
    from processes.errors import Conflict
    from services.documents.public import visible_documents

    code = asked_for_a_drawing(z)
    real = messages.still_missing
    first_done: list[bool] = []

    def first_send_in_between(*args, **kwargs):  # the other click completes meanwhile
        if not first_done:
            first_done.append(True)
            files = [PublicFile("gevels.pdf", io.BytesIO(pdf("gevels")), "bijlage")]
            messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Eerste klik."}, files)
        return real(*args, **kwargs)

    monkeypatch.setattr(messages, "still_missing", first_send_in_between)
    files = [PublicFile("gevels2.pdf", io.BytesIO(pdf("gevels 2")), "bijlage")]
    with pytest.raises(Conflict):
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tweede klik."}, files)
    case_id = z.zaak()["id"]
    assert [d["titel"] for d in visible_documents(z.p, case_id)] == ["gevels"]
    assert len(state(z.p)[1]) == 1  # one blob in the store: the second file is gone too


def test_a_withdrawn_file_already_queued_for_the_zaakregistratie_is_marked_deleted(z: Omgeving) -> None:
    """Withdrawing never leaves an outbox message about a document that no longer exists, and never
    touches another document."""
    from services.documents.public import add_files, visible_documents, withdraw_files
    from services.store.models import Document, OutboxMessage

    asked_for_a_drawing(z)
    case_id = z.zaak()["id"]
    add_files(z.p, case_id, [PublicFile("a.pdf", io.BytesIO(pdf("a")), "bijlage")])
    queued = add_files(z.p, case_id, [PublicFile("b.pdf", io.BytesIO(pdf("b")), "bijlage")])
    with z.p.uow() as uow:
        uow.session.add(
            OutboxMessage(
                channel="zgw",
                case_id=case_id,
                seq=999,
                kind="document",
                ref=f"document:{queued[0]['id']}",
                created_at=z.p.clock.now(),
            )
        )
        uow.commit()
    withdraw_files(z.p, case_id, queued)
    assert [d["titel"] for d in visible_documents(z.p, case_id)] == ["a"]
    with z.p.uow(write=False) as uow:
        doc = uow.session.get(Document, queued[0]["id"])
        assert doc is not None and doc.verwijderd and "dubbel verstuurd" in (doc.verwijder_reden or "")
    assert len(state(z.p)[1]) == 2  # both blobs kept: the queued document still names its content


def test_an_aanvulling_refused_for_one_duplicate_file_keeps_none_of_its_files(z: Omgeving) -> None:
    """Tester finding: the second file duplicated one the case holds (409), yet the first file stayed
    on the case; the README promises that a refused aanvulling keeps none of its files."""
    from processes.errors import RuimteflowError
    from services.documents.public import add_files

    code = asked_for_a_drawing(z)
    case_id = z.zaak()["id"]
    add_files(z.p, case_id, [PublicFile("gevel.pdf", io.BytesIO(pdf("gevel")), "aanvulling")])
    before = [d["titel"] for d in view.public_status(z.p, code)["documenten"]]
    files = [
        PublicFile("doorsnede.pdf", io.BytesIO(pdf("doorsnede")), "bijlage"),
        PublicFile("gevel-2.pdf", io.BytesIO(pdf("gevel")), "bijlage"),  # the same content as gevel.pdf
    ]
    with pytest.raises(RuimteflowError) as err:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Hierbij de tekeningen."}, files)
    assert err.value.code == "document-dubbel"
    assert [d["titel"] for d in view.public_status(z.p, code)["documenten"]] == before
    assert view.public_status(z.p, code)["termijn"]["opgeschort"] is True  # the aanvulling is still awaited


def _scanner_away(z: Omgeving, tmp_path, **settings) -> None:  # type: ignore[no-untyped-def]
    """A virus scanner configured but not listening: any scan answers 503 (ScanUnavailable)."""
    z.p.settings = z.p.settings.with_(clamd_address=str(tmp_path / "clamd.sock"), **settings)


def test_an_incomplete_supplement_is_refused_before_its_files_are_scanned(z: Omgeving, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Fixer doc2 (left): an aanvulling without the requested document types still had its files sent to
    the virus scanner before it was refused. The completeness check costs nothing; it comes first."""
    code = asked_for_a_drawing(z)
    _scanner_away(z, tmp_path)
    other = [PublicFile("brief.pdf", io.BytesIO(pdf("brief")), "aanvulling")]
    with pytest.raises(ValidationError) as exc:  # not the scanner's 503
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Alleen een brief."}, other)
    assert exc.value.code == "aanvulling-onvolledig"


def test_supplements_with_files_have_a_budget_per_case_before_the_scan(z: Omgeving, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Fixer doc2 (left): an aanvulling that the scanner refuses could be sent again and again, each time
    costing a scan of up to 10 files, while the application form counts every post against a budget.
    Now each aanvulling with files counts against the case's hourly budget before its files are scanned.
    Fixer refunds: a scanner that cannot be reached (503) gives that charge back, as for the account
    upload budget and the application form: the outage is the municipality's, not the applicant's."""
    from services.ratelimit import TooManyAttempts

    code = asked_for_a_drawing(z)
    _scanner_away(z, tmp_path, applications_per_address_per_hour=2)
    files = [PublicFile("gevel.pdf", io.BytesIO(pdf("gevel")), "bijlage")]
    for _ in range(3):  # past the budget of 2: the outage is not the applicant's, it counts nothing
        with pytest.raises(Exception) as unavailable:
            messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
        assert unavailable.value.status == 503  # type: ignore[attr-defined]
    bad = [PublicFile("gevel.pdf", io.BytesIO(EXE), "bijlage")]
    for _ in range(2):  # a file refused for itself keeps the charge: it cost its reception
        with pytest.raises(ValidationError):
            messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, bad)
    before = state(z.p)
    with pytest.raises(TooManyAttempts) as refused:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
    assert "te veel" in refused.value.detail and refused.value.extra["retry_after"] > 0
    assert state(z.p) == before
    z.later(days=1)  # an hour later the budget is back: the next attempt reaches the scanner again
    with pytest.raises(Exception) as again:
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
    assert again.value.status == 503  # type: ignore[attr-defined]


def test_a_withdrawn_file_keeps_the_content_another_case_stored_meanwhile(z: Omgeving) -> None:
    """The store keeps each content once. Withdrawing a refused submission's file removes its content
    only when no version holds it: the check and the removal happen under the content's lock
    (``lock_content``), so an upload of the same content to another case that commits after the
    withdrawal's own transaction keeps its file (it found the file in place and stored no copy)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from services.documents.public import add_files, withdraw_files
    from services.documents.storage import blob_store
    from services.store.models import DocumentVersion

    asked_for_a_drawing(z)
    first = z.zaak()["id"]
    stored = add_files(z.p, first, [PublicFile("a.pdf", io.BytesIO(pdf("zelfde")), "bijlage")])
    asked_for_a_drawing(z)  # a second case, which receives the same content
    second = z.zaak()["id"]
    armed = [True]

    def meanwhile(session: Session) -> None:  # right after the withdrawal's transaction committed
        if armed:
            armed.clear()
            add_files(z.p, second, [PublicFile("b.pdf", io.BytesIO(pdf("zelfde")), "bijlage")])

    event.listen(Session, "after_commit", meanwhile)
    try:
        withdraw_files(z.p, first, stored)
    finally:
        event.remove(Session, "after_commit", meanwhile)
    assert not armed  # the other upload did run in between
    with z.p.uow(write=False) as uow:
        held = uow.session.scalars(select(DocumentVersion.sha256).where(DocumentVersion.case_id == second))
        sha = held.one()
    assert blob_store(z.p).exists(sha)  # the second case's document still has its content


def test_files_the_store_cannot_take_give_both_charges_back(
    z: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fixer uploads2 (2): an aanvulling whose files passed the scan but could not be written (StorageFailed,
    503: a full disk) gave its message charge back, yet kept its files' charge: two such outages used up a
    budget of one aanvulling with files an hour, and the applicant got 429 once the disk had room again.
    The outage is the municipality's: the files' charge goes back as well, through the same helper as a
    scanner outage (``refunded_on_our_failure``)."""
    import errno

    from services.documents.storage import LocalBlobStore, StorageFailed

    code = asked_for_a_drawing(z)
    z.p.settings = z.p.settings.with_(applications_per_address_per_hour=1)
    commit = LocalBlobStore.commit

    def full(self: LocalBlobStore, staged: object, session: object) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(LocalBlobStore, "commit", full)
    before = state(z.p)
    for _ in range(2):  # past the budget of one: the outage counts nothing
        files = [PublicFile("gevels.pdf", io.BytesIO(pdf("gevels")), "bijlage")]
        with pytest.raises(StorageFailed) as err:
            messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
        assert err.value.status == 503
    assert state(z.p) == before
    monkeypatch.setattr(LocalBlobStore, "commit", commit)  # the disk has room again
    files = [PublicFile("gevels.pdf", io.BytesIO(pdf("gevels")), "bijlage")]
    messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, files)
    assert view.public_status(z.p, code)["termijn"]["opgeschort"] is False


def test_the_bytes_the_code_holder_sends_to_a_case_are_bounded(z: Omgeving) -> None:
    """Fixer uploads2 (1): an account's uploads stop at ``document_mb_per_case`` on a case (422
    zaak-opslag-vol), the status page's files had no such bound. Now the code holder's are held to the
    same figure, counted for what it stored on the case, checked in the first file's write for all files
    of the message: one whose files do not fit stores nothing and is not delivered, and the status page
    shows why at its documents. What others stored on the case does not count."""
    from processes.errors import Unprocessable
    from services.documents import NewDocument
    from services.documents.public import add_files
    from services.documents.service import import_document
    from tests.integration.test_documents_budget import big

    code = asked_for_a_drawing(z)
    z.p.settings = z.p.settings.with_(document_mb_per_case=1)
    before = state(z.p)
    both = [
        PublicFile("gevel.pdf", io.BytesIO(big("gevel")), "bijlage"),
        PublicFile("doorsnede.pdf", io.BytesIO(big("doorsnede")), "bijlage"),
    ]
    with pytest.raises(Unprocessable) as err:  # each fits alone, not together
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekeningen."}, both)
    assert err.value.status == 422 and err.value.code == "zaak-opslag-vol"
    assert err.value.extra["max_bytes"] == 1024 * 1024
    assert err.value.extra["opgeslagen"] == 0  # refused before the first file was written
    assert err.value.extra["fouten"] == {"documenten": err.value.detail}
    assert "niet opgeslagen" in err.value.detail and "niet verstuurd" in err.value.detail
    assert state(z.p) == before
    assert view.public_status(z.p, code)["termijn"]["opgeschort"] is True
    add_files(z.p, z.zaak()["id"], [PublicFile("brief.pdf", io.BytesIO(big("brief")), "aanvulling")])
    one = [PublicFile("gevel.pdf", io.BytesIO(big("gevel")), "bijlage")]
    with pytest.raises(Unprocessable) as err:  # what it sent before counts
        messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, one)
    assert err.value.extra["opgeslagen"] > 600_000 and "eerder stuurde" in err.value.detail
    import_document(z.p, z.ref, big("advies"), NewDocument("advies", "advies.pdf"))  # not the code holder's
    small = [PublicFile("gevel.pdf", io.BytesIO(pdf("gevel")), "bijlage")]
    messages.send_public_message(z.p, code, "aanvulling", {"tekst": "Tekening."}, small)  # it still fits
    assert view.public_status(z.p, code)["termijn"]["opgeschort"] is False
