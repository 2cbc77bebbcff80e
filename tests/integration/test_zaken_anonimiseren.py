"""Closed cases are anonymised after their bewaartermijn (privacy review: nothing erased or anonymised
the personal data of a closed case, AVG art. 5(1)(e) and 17; Archiefwet / VNG Selectielijst).

One transaction per case removes the initiator's name, address, phone number and free text from the case,
its workflow data, task answers, history texts and outbox, invalidates its volgcode and deletes its
documents (marked "verwijderd na bewaartermijn"), whose content leaves the store unless a case that still
keeps its data holds the same content. The skeleton stays: reference, procedure, dates, resultaat, the
history's kinds and dates, the plan's location. The case closed on 2 March 2026 with P1Y: due 2 March 2027."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services import cases
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.documents.storage import blob_store
from services.documents.views import VERNIETIGD
from services.mail.retention import REMOVED
from services.mail.transport import outbox_dir
from services.status.lookup import CODE_PATTERN
from services.store.models import Case, CaseEvent, Document, DocumentVersion, OutboxMessage
from tests.integration.bewaren_helpers import case_with, close, every_text, prepare
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf

DUE = date(2027, 3, 2)


def _listed(platform, day):
    return [f.zaak for f in vervallen(platform, day)]


def _run(platform, day):
    return [anonimiseer(platform, f) for f in vervallen(platform, day) if f.bewaren_tot is not None]


def _history(platform, case_id: int) -> list[tuple[str, str, str]]:
    with platform.uow(write=False) as uow:
        events = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
        return [(e.kind, str(e.at), e.message) for e in events]


def test_anonymising_removes_the_personal_data_and_keeps_the_skeleton(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening"))
    close(platform, zaak)
    before = cases.get_case(platform, zaak["zaak"])
    history = _history(platform, zaak["id"])
    assert list(outbox_dir(platform.settings).glob("*.eml"))  # the receipt mail was written
    [done] = _run(platform, DUE)
    assert (done.uitkomst, done.documenten_vernietigd) == ("geanonimiseerd", 1)

    text = every_text(platform, zaak["id"])
    for gone in (
        "Piet",
        "Jansen",
        "piet.jansen@example.nl",
        "06-12345678",
        "schuur bouwen",
        "tekening-jansen",
    ):
        assert gone not in text, gone
    after = cases.get_case(platform, zaak["zaak"])
    for kept in ("zaak", "procedure", "status", "fase", "geometrie_wkt", "gestart_op"):
        assert after[kept] == before[kept], kept
    # a person's location loses its house number (review avg13, 3): test_anonimiseren_adres
    assert (before["locatie"], after["locatie"]) == ("Dorpsstraat 1, Ruimtedal", "Dorpsstraat, Ruimtedal")
    assert after["samenvatting"]["resultaat"] == "besluit: verlenen"
    assert after["initiatiefnemer"] is None and after["titel"] == f"Schuur van {REMOVED}"
    assert not CODE_PATTERN.match(after["volgcode"])  # no status link opens it any more
    with platform.uow(write=False) as uow:
        s = uow.session
        case = s.get(Case, zaak["id"])
        assert case.geanonimiseerd_op is not None and case.closed_at is not None
        assert case.initiator_email is None and case.started_by is None
        assert case.initiator_type == "inwoner"
        [doc] = s.scalars(select(Document).where(Document.case_id == case.id))
        assert doc.verwijderd and doc.verwijder_reden == VERNIETIGD and doc.titel == "Tekening"
    assert [(kind, at) for kind, at, _ in _history(platform, zaak["id"])] == [(k, a) for k, a, _ in history]
    assert ("afgerond", "Zaak afgerond: besluit: verlenen") in [
        (k, m) for k, _, m in _history(platform, zaak["id"])
    ]
    assert list(blob_store(platform).iter_files()) == []
    assert list(outbox_dir(platform.settings).glob("*.eml")) == []


def test_a_content_another_case_still_keeps_stays_in_the_store(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    shared = pdf("gedeelde tekening")
    old = case_with(platform, shared)
    close(platform, old)
    other = case_with(platform, shared)  # a running case holding the same content
    [done] = _run(platform, DUE)
    assert done.zaak == old["zaak"] and done.documenten_vernietigd == 0
    with platform.uow(write=False) as uow:
        [version] = uow.session.scalars(
            select(DocumentVersion).where(DocumentVersion.case_id == other["id"])
        ).all()
        assert uow.session.get(Case, other["id"]).initiator == "Piet Jansen"
    assert blob_store(platform).exists(version.sha256)
    assert "Piet Jansen" in every_text(platform, other["id"])  # the running case is not touched


def test_a_second_run_does_nothing_and_an_open_case_is_never_touched(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening"))
    close(platform, zaak)
    running = case_with(platform, pdf("andere tekening"))
    assert len(_run(platform, date(2040, 1, 1))) == 1
    after_first = snapshot(platform)
    # still due, for destruction (services.bewaren.vernietigen), but not pseudonymised twice
    assert _listed(platform, date(2040, 1, 1)) == [zaak["zaak"]]
    assert [d.uitkomst for d in _run(platform, date(2040, 1, 1))] == ["uitgesteld"]
    assert snapshot(platform) == after_first
    assert "Piet Jansen" in every_text(platform, running["id"])


def test_a_case_with_a_mail_still_to_deliver_is_postponed(any_platform, tmp_path):
    from services import outbox

    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    with platform.uow() as uow:
        outbox.enqueue(uow.session, "email", zaak["id"], "ontvangst", {"aan": "piet.jansen@example.nl"},
                       now=platform.clock.now())  # fmt: skip
        uow.commit()
    [done] = _run(platform, DUE)
    assert done.uitkomst == "uitgesteld" and "nog niet afgeleverd" in done.reden
    assert "piet.jansen@example.nl" in every_text(platform, zaak["id"])


def test_zgw_messages_and_objects_lose_the_initiators_name(any_platform, tmp_path):
    from services import outbox
    from services.store.models import ZgwObject

    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform)
    close(platform, zaak)
    now = platform.clock.now()
    with platform.uow() as uow:
        s = uow.session
        rol = {"rol": "aanvrager", "wie": "Piet Jansen", "soort": "inwoner"}
        m = outbox.enqueue(s, "zgw", zaak["id"], "rol", rol, now=now, ref="rol:aanvrager:Piet Jansen")
        m.status, m.delivered_at = "afgeleverd", now
        s.add(ZgwObject(case_id=zaak["id"], local_key="rol:aanvrager:Piet Jansen", resource="rollen",
                        url="https://openzaak.example/rollen/1", created_at=now))  # fmt: skip
        uow.commit()
    [done] = _run(platform, DUE)
    assert done.uitkomst == "geanonimiseerd"
    with platform.uow(write=False) as uow:
        [m] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "zgw")).all()
        [obj] = uow.session.scalars(select(ZgwObject)).all()
    assert m.payload == {"rol": "aanvrager", "wie": REMOVED, "soort": "inwoner"}
    assert m.ref == f"rol:aanvrager:{REMOVED}" and "Jansen" not in obj.local_key
    assert obj.url == "https://openzaak.example/rollen/1"


def test_a_content_uploaded_to_another_case_after_the_check_keeps_its_file(
    any_platform, tmp_path, monkeypatch
):
    """The shared-content check runs in the anonymising transaction and the files go after its commit: an
    upload of the same bytes to another case that commits in between (review sessie9, suspected race)
    kept a version whose file was then deleted. The removal checks again, under the content's lock."""
    from services.bewaren import anonimiseren
    from tests.integration.document_helpers import upload

    platform = any_platform
    prepare(platform, tmp_path)
    shared = pdf("gedeelde tekening")
    old = case_with(platform, shared)
    close(platform, old)
    other = case_with(platform)  # running, without the content yet
    remove = anonimiseren._remove_files

    def upload_first(*args):  # the other case's upload lands between the commit and the removal
        upload(platform, other, "piet", shared, titel="Dezelfde tekening", bestandsnaam="kopie.pdf")
        return remove(*args)

    monkeypatch.setattr(anonimiseren, "_remove_files", upload_first)
    [done] = _run(platform, DUE)
    assert done.uitkomst == "geanonimiseerd" and done.documenten_vernietigd == 0
    with platform.uow(write=False) as uow:
        [version] = uow.session.scalars(
            select(DocumentVersion).where(DocumentVersion.case_id == other["id"])
        ).all()
    assert blob_store(platform).exists(version.sha256)
