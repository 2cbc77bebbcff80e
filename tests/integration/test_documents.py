"""Documents of a case: upload, versions, duplicates, deletion, access, and every refusal storing nothing."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from processes.errors import Conflict, Forbidden, NotFound, TooLarge, ValidationError
from services.documents import add_version, delete_document, get_document, list_documents, open_version
from services.store.models import CaseEvent
from tests.integration.document_helpers import EXE, PDF, PNG, close_case, make_zaak, pdf, state, upload


@pytest.fixture
def platform(any_platform):
    return any_platform


@pytest.fixture
def zaak(platform):
    return make_zaak(platform)


def test_upload_records_metadata_hash_and_detected_type(platform, zaak):
    content = pdf("plattegrond")
    doc = upload(  # the municipality's officer: an outside account states only itself (test_document_provenance)
        platform, zaak, "anna", content, titel="Plattegrond", auteur="P. Jansen", organisatie="Jansen BV"
    )
    assert doc["titel"] == "Plattegrond" and doc["informatieobjecttype"] == "bijlage"
    assert doc["vertrouwelijkheidaanduiding"] == "zaakvertrouwelijk"  # the type's default
    assert doc["auteur"] == "P. Jansen" and doc["organisatie"] == "Jansen BV"
    assert doc["geupload_door"] == "anna" and doc["creatiedatum"] == "2026-03-02"
    [v] = doc["versies"]
    assert v["sha256"] == hashlib.sha256(content).hexdigest() and v["grootte"] == len(content)
    assert v["mime_type"] == "application/pdf"
    meta, stream = open_version(platform, doc["id"], "anna")
    with stream:
        assert stream.read() == content
    assert meta["bestandsnaam"] == "tekening.pdf"
    with platform.uow(write=False) as uow:
        kinds = uow.session.scalars(select(CaseEvent.kind)).all()
    assert "document-toegevoegd" in kinds


def test_png_named_pdf_is_detected_by_content(platform, zaak):
    """The content decides what a file is, and the name must say the same (services.documents.extensions):
    a PNG named foto.pdf is refused as a PNG, nothing stored; named foto.png it is stored as one."""
    before = state(platform)
    with pytest.raises(ValidationError) as exc:
        upload(platform, zaak, "anna", PNG, bestandsnaam="foto.pdf")
    assert exc.value.code == "document-naam-past-niet" and exc.value.extra["gedetecteerd"] == "image/png"
    assert state(platform) == before
    assert upload(platform, zaak, "anna", PNG, bestandsnaam="foto.png")["mime_type"] == "image/png"


def test_new_version_keeps_the_old_one(platform, zaak):
    doc = upload(platform, zaak, "anna", pdf("v1"))
    doc2 = add_version(platform, doc["id"], "anna", io.BytesIO(pdf("v2")), bestandsnaam="tekening-v2.pdf")
    assert doc2["versie"] == 2 and [v["versie"] for v in doc2["versies"]] == [1, 2]
    _, old = open_version(platform, doc["id"], "anna", versie=1)
    with old:
        assert old.read() == pdf("v1")
    _, new = open_version(platform, doc["id"], "anna")
    with new:
        assert new.read() == pdf("v2")


def test_duplicate_in_same_case_is_reported_not_stored(platform, zaak):
    doc = upload(platform, zaak, "anna", pdf("zelfde"))
    before = state(platform)
    with pytest.raises(Conflict) as err:
        upload(platform, zaak, "anna", pdf("zelfde"), bestandsnaam="kopie.pdf")  # she may read it
    assert err.value.code == "document-dubbel" and err.value.extra["document_id"] == doc["id"]
    assert "staat al in zaak" in err.value.detail
    assert state(platform) == before


def test_a_deleted_documents_file_can_be_added_again(platform, zaak):
    """Tester finding: a file uploaded under the wrong type and deleted could never be added again
    ('staat al in zaak'), because the deleted document still held the content (a unique index)."""
    wrong = upload(platform, zaak, "anna", pdf("tekening"), informatieobjecttype="advies")
    delete_document(platform, wrong["id"], "anna", reden="verkeerd documenttype")
    right = upload(platform, zaak, "anna", pdf("tekening"), informatieobjecttype="bijlage")
    assert right["id"] != wrong["id"] and right["versies"][0]["sha256"] == wrong["versies"][0]["sha256"]
    _, stream = open_version(platform, right["id"], "anna")
    with stream:
        assert stream.read() == pdf("tekening")
    _, stream = open_version(platform, wrong["id"], "anna")  # the deleted one keeps its content
    with stream:
        assert stream.read() == pdf("tekening")
    with pytest.raises(Conflict) as err:  # while the new one is there, the file is still a duplicate
        upload(platform, zaak, "anna", pdf("tekening"), bestandsnaam="kopie.pdf")
    assert err.value.code == "document-dubbel" and err.value.extra["document_id"] == right["id"]


@pytest.mark.parametrize(
    ("content", "naam", "fout", "code"),
    [
        (b"", "leeg.pdf", ValidationError, "document-leeg"),
        (EXE, "aanvraag.pdf", ValidationError, "document-uitvoerbaar"),
        (b"#!/bin/sh\nrm -rf /\n", "script.pdf", ValidationError, "document-uitvoerbaar"),
        (b"gewone tekst", "brief.pdf", ValidationError, "document-verkeerd-type"),
        (PDF, "../../etc/passwd.pdf", ValidationError, "bestandsnaam-ongeldig"),
        (PDF, "map\\tekening.pdf", ValidationError, "bestandsnaam-ongeldig"),
        (PDF, "teke\nning.pdf", ValidationError, "bestandsnaam-ongeldig"),
        (PDF, "teke\x00ning.pdf", ValidationError, "bestandsnaam-ongeldig"),
        (PDF + b"x" * (21 * 1024 * 1024), "groot.pdf", TooLarge, "document-te-groot"),
    ],
    # short ids: the default id of a 21 MB content is the content itself (in every report line)
    ids=["leeg", "exe", "script", "tekst", "pad", "backslash", "regeleinde", "nul", "groot"],
)
def test_bad_uploads_are_refused_and_store_nothing(platform, zaak, content, naam, fout, code):
    before = state(platform)
    with pytest.raises(fout) as err:
        upload(platform, zaak, "piet", content, bestandsnaam=naam, informatieobjecttype="aanvraagformulier")
    assert err.value.code == code
    assert err.value.detail  # a Dutch reason
    assert state(platform) == before


def test_size_cap_is_per_type(platform, zaak):
    big = PDF + b"x" * (21 * 1024 * 1024)  # over the aanvraagformulier cap (20 MB), under bijlage (100 MB)
    doc = upload(platform, zaak, "piet", big, informatieobjecttype="bijlage")
    assert doc["versies"][0]["grootte"] == len(big)


def test_upload_to_closed_case_is_refused(platform, zaak):
    close_case(platform, zaak)
    before = state(platform)
    with pytest.raises(Conflict, match="afgesloten") as err:
        upload(platform, zaak, "anna", pdf("laat"))
    assert err.value.code == "zaak-afgesloten"
    assert state(platform) == before


def test_unknown_type_and_level_are_refused(platform, zaak):
    before = state(platform)
    with pytest.raises(ValidationError, match="Onbekend documenttype"):
        upload(platform, zaak, "anna", pdf("x"), informatieobjecttype="foto")
    with pytest.raises(ValidationError, match="vertrouwelijkheidaanduiding"):
        upload(platform, zaak, "anna", pdf("x"), vertrouwelijkheid="staatsgeheim")
    assert state(platform) == before


def test_who_may_upload_which_type(platform, zaak):
    before = state(platform)
    with pytest.raises(Forbidden):
        upload(platform, zaak, "piet", pdf("advies"), informatieobjecttype="advies")
    with pytest.raises(NotFound):
        upload(platform, zaak, "buur", pdf("buur"))  # no task on this case: as an unknown case
    assert state(platform) == before
    assert (
        upload(platform, zaak, "ria", pdf("advies"), informatieobjecttype="advies")[
            "vertrouwelijkheidaanduiding"
        ]
        == "intern"
    )


def test_final_besluit_gets_no_new_version_and_cannot_be_deleted(platform, zaak):
    besluit = upload(platform, zaak, "anna", pdf("besluit"), informatieobjecttype="besluit")
    assert besluit["status"] == "definitief"
    before = state(platform)
    with pytest.raises(Conflict) as err:
        add_version(platform, besluit["id"], "anna", io.BytesIO(pdf("besluit 2")), bestandsnaam="b.pdf")
    assert err.value.code == "document-definitief" and "nieuw besluit" in err.value.detail
    with pytest.raises(Conflict, match="definitief besluit"):
        delete_document(platform, besluit["id"], "anna", reden="fout")
    assert state(platform) == before


def test_deletion_is_a_logged_state(platform, zaak):
    doc = upload(platform, zaak, "piet", pdf("weg"))
    with pytest.raises(Forbidden):
        delete_document(platform, doc["id"], "piet", reden="per ongeluk")
    gone = delete_document(platform, doc["id"], "anna", reden="Verkeerde zaak")
    assert gone["verwijderd"] is True
    assert [d["id"] for d in list_documents(platform, zaak["zaak"], "anna")] == [
        doc["id"]
    ]  # officers still see it
    assert list_documents(platform, zaak["zaak"], "piet") == []
    with pytest.raises(NotFound):
        get_document(platform, doc["id"], "piet")
    _, stream = open_version(platform, doc["id"], "anna")  # the content is kept
    with stream:
        assert stream.read() == pdf("weg")
    with platform.uow(write=False) as uow:
        ev = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "document-verwijderd")).one()
    assert ev.actor == "anna" and "Verkeerde zaak" in ev.message
    with pytest.raises(Conflict):
        add_version(platform, doc["id"], "anna", io.BytesIO(pdf("weer")), bestandsnaam="w.pdf")


def test_who_sees_which_documents(platform, zaak):
    eigen = upload(platform, zaak, "piet", pdf("eigen"))
    advies = upload(platform, zaak, "ria", pdf("advies"), informatieobjecttype="advies")  # intern
    geheim = upload(platform, zaak, "anna", pdf("geheim"), vertrouwelijkheid="geheim")
    besluit = upload(
        platform, zaak, "anna", pdf("besluit"), informatieobjecttype="besluit"
    )  # beperkt_openbaar
    zaakvertr = upload(platform, zaak, "anna", pdf("brief"), informatieobjecttype="correspondentie")

    def ids(user):
        return {d["id"] for d in list_documents(platform, zaak["zaak"], user)}

    alle = {eigen["id"], advies["id"], geheim["id"], besluit["id"], zaakvertr["id"]}
    assert ids("anna") == alle
    assert ids("ria") == alle - {geheim["id"]}
    assert ids("piet") == {eigen["id"], besluit["id"]}
    with pytest.raises(NotFound):  # was an empty list: refused as the case itself is
        ids("buur")
    for user, doc in (("piet", advies), ("buur", eigen), ("ria", geheim)):
        with pytest.raises(NotFound):
            open_version(platform, doc["id"], user)


def test_document_of_unknown_id(platform, zaak):
    with pytest.raises(NotFound):
        get_document(platform, 999, "anna")
    with pytest.raises(NotFound):
        get_document(platform, "../1", "anna")


def test_virus_scan_refusal_stores_nothing(platform, zaak, tmp_path):
    import dataclasses

    from services.documents.checks import VirusFound
    from tests.unit.documents.fake_clamd import fake_clamd

    sock = tmp_path / "clamd.sock"
    scanning = dataclasses.replace(platform, settings=platform.settings.with_(clamd_address=str(sock)))
    before = state(scanning)
    t = fake_clamd(sock, b"stream: Eicar-Test-Signature FOUND\0")
    with pytest.raises(VirusFound):
        upload(scanning, zaak, "piet", pdf("besmet"))
    t.join(5)
    assert state(scanning) == before
    sock.unlink()
    t = fake_clamd(sock, b"stream: OK\0")
    assert upload(scanning, zaak, "piet", pdf("schoon"))["versie"] == 1
    t.join(5)


def test_documents_follow_the_case_for_officers_too(platform, zaak):
    """A case handler outside the case's procedures (lanes) sees none of its documents: the policy's case
    visibility comes first (services/policy/__init__.py), as on the case page."""
    from services import users

    users.add_user(platform, "otto", groups=["Handhaving"], role="vergunningverlener")
    doc = upload(platform, zaak, "piet", pdf("eigen"))
    with pytest.raises(NotFound):  # was an empty list: refused as the case itself is
        list_documents(platform, zaak["zaak"], "otto")
    with pytest.raises(NotFound):
        open_version(platform, doc["id"], "otto")
    with pytest.raises(NotFound):
        delete_document(platform, doc["id"], "otto", reden="niet mijn zaak")
    with pytest.raises(NotFound):  # as the case itself is
        upload(platform, zaak, "otto", pdf("van otto"))


def test_a_document_one_may_not_read_is_not_found_for_a_new_version_or_deletion(platform, zaak):
    brief = upload(platform, zaak, "anna", pdf("brief"), informatieobjecttype="correspondentie")
    before = state(platform)
    with pytest.raises(NotFound):  # was 403: it told the initiator the document exists
        add_version(platform, brief["id"], "piet", io.BytesIO(pdf("v2")), bestandsnaam="v2.pdf")
    with pytest.raises(NotFound):
        delete_document(platform, brief["id"], "piet", reden="weg ermee")
    assert state(platform) == before


def test_a_duplicate_upload_does_not_name_a_document_the_uploader_may_not_read(platform, zaak):
    geheim = upload(
        platform, zaak, "anna", pdf("dossier"), titel="Strafdossier buurman", vertrouwelijkheid="geheim"
    )
    before = state(platform)
    with pytest.raises(Conflict) as err:  # ria may add an advice to the case, not read the geheim one
        upload(platform, zaak, "ria", pdf("dossier"), informatieobjecttype="advies")
    assert err.value.code == "document-dubbel" and "staat al in zaak" in err.value.detail
    assert "Strafdossier" not in err.value.detail and "document_id" not in err.value.extra
    assert state(platform) == before
    with pytest.raises(Conflict) as err:  # anna may read it: she is told which one
        upload(platform, zaak, "anna", pdf("dossier"), bestandsnaam="kopie.pdf")
    assert err.value.extra["document_id"] == geheim["id"] and "Strafdossier" in err.value.detail


def test_the_status_page_is_not_told_which_document_a_duplicate_is(platform, zaak):
    from services.documents.public import PublicFile, add_files

    upload(platform, zaak, "anna", pdf("memo"), titel="Intern memo handhaving", vertrouwelijkheid="intern")
    before = state(platform)
    with pytest.raises(Conflict) as err:
        add_files(platform, zaak["zaak"], [PublicFile("memo.pdf", io.BytesIO(pdf("memo")), "bijlage")])
    assert err.value.code == "document-dubbel" and "Intern memo" not in err.value.detail
    assert "document_id" not in err.value.extra and state(platform) == before


@pytest.mark.parametrize(
    "titel",
    ["factuur\u202efdp.exe", "a\u202ab", "a\u2066b\u2069", "onzicht\u200bbaar", "regel\neinde", "a\tb"],
)
def test_a_title_with_a_control_or_bidi_character_is_refused(platform, zaak, titel):
    """Tester finding: a title could hold an RTL override ("factuur\u202efdp.exe" shows as an .pdf of an
    exe to an officer), although a file name with one is refused. The title now obeys the same rule."""
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        upload(platform, zaak, "piet", pdf("bidi"), titel=titel)
    assert err.value.code == "titel-ongeldig" and "stuurteken" in err.value.detail
    assert err.value.extra["veld"] == "titel" and state(platform) == before


def test_a_file_another_case_holds_is_no_duplicate_there(platform, zaak):
    """Review question (duplicate refusal naming what the uploader may not read): the duplicate check
    looks in the case uploaded to only, so a file another case holds is accepted and that case is
    not told about."""
    from services import cases

    upload(platform, zaak, "anna", pdf("elders"), titel="Strafdossier buurman", vertrouwelijkheid="geheim")
    andere = cases.start_case(
        platform,
        "vergunning_klein",
        {},
        user="piet",
        initiator="P. Jansen",
        location_name="Dorpsstraat 3, Ruimtedal",
    )
    doc = upload(platform, andere, "piet", pdf("elders"))
    assert doc["titel"] == "tekening" and doc["versie"] == 1


def test_a_new_version_duplicating_a_hidden_document_does_not_name_it(platform, zaak):
    """The same question for a new version: the refusal names the document only to who may read it."""
    eigen = upload(platform, zaak, "piet", pdf("eigen"), titel="Mijn tekening")
    upload(platform, zaak, "anna", pdf("memo"), titel="Intern memo handhaving", vertrouwelijkheid="intern")
    before = state(platform)
    with pytest.raises(Conflict) as err:
        add_version(platform, eigen["id"], "piet", io.BytesIO(pdf("memo")), bestandsnaam="v2.pdf")
    assert err.value.code == "document-dubbel" and "Intern memo" not in err.value.detail
    assert "document_id" not in err.value.extra and state(platform) == before


def test_a_disk_error_after_the_content_went_into_the_store_takes_it_out_again(platform, zaak, monkeypatch):
    """Fixer uploads2 (3): write_checked's disk-error branch answered 503 but, unlike its general handler,
    did not undo the content it had already moved into the store: an OSError at the commit after it left
    a file in the store that no version holds. One handler now undoes it for every failure."""
    import errno

    from services.documents.storage import StorageFailed
    from services.store.uow import UnitOfWork

    commit = UnitOfWork.commit

    def disk_fails_once(self: UnitOfWork) -> None:  # the write transaction's commit, after the move
        monkeypatch.setattr(UnitOfWork, "commit", commit)
        raise OSError(errno.EIO, "Input/output error")

    before = state(platform)
    monkeypatch.setattr(UnitOfWork, "commit", disk_fails_once)
    with pytest.raises(StorageFailed) as err:
        upload(platform, zaak, "anna", pdf("brief"))  # staff: no budget, the first commit is the write's
    assert err.value.status == 503 and "niet opgeslagen" in err.value.detail
    assert state(platform) == before  # no row and no file in the store
