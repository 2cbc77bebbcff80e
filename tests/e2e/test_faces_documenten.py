"""Documents in the officers' case file: upload, preview, versions, logged deletion, and every bad input
of issue 13 refused with a Dutch message while nothing is stored."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from services import cases, deployments
from services.documents.storage import blob_store
from services.store.models import Case
from tests.integration.document_helpers import EXE, PNG, pdf, snapshot_all
from tests.integration.test_kavel_namen import MODEL


def _state(platform: Any) -> tuple[dict[str, Any], list[str]]:
    return snapshot_all(platform), sorted(str(p) for p in blob_store(platform).iter_files())


def _upload(b: Any, ref: str, content: bytes, name: str = "tekening.pdf", **fields: Any) -> Any:
    data = {"bestand": (io.BytesIO(content), name), "informatieobjecttype": "bijlage", **fields}
    return b.post(f"/zaken/{ref}/documenten", data, content_type="multipart/form-data")


def _doc_id(page: str) -> int:
    import re

    m = re.search(r'/documenten/(\d+)"', page)
    assert m, "no document link in the case file"
    return int(m.group(1))


def test_officer_uploads_sees_previews_and_adds_a_version(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    assert 'id="document-bestand"' in anna.get(f"/zaken/{ref}").text
    resp = _upload(anna, ref, pdf("plattegrond"), "Plattegrond béganegrond.pdf", titel="Plattegrond")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/zaken/{ref}#documenten")
    page = anna.get(f"/zaken/{ref}").text
    assert "Document &#39;Plattegrond&#39; is toegevoegd" in page and ">Plattegrond</a>" in page
    doc_id = _doc_id(page)
    detail = anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    assert "<iframe" in detail and f"/zaken/{ref}/documenten/{doc_id}/inhoud?inline=1" in detail
    inline = anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud?inline=1")
    assert inline.status_code == 200 and inline.data == pdf("plattegrond")
    assert inline.headers["Content-Type"] == "application/pdf"
    assert inline.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in inline.headers["Content-Security-Policy"]
    assert inline.headers["Content-Disposition"] == (
        "inline; filename=\"Plattegrond beganegrond.pdf\"; filename*=UTF-8''Plattegrond%20b%C3%A9ganegrond.pdf"
    )
    resp = anna.post(
        f"/zaken/{ref}/documenten/{doc_id}/versies",
        {"bestand": (io.BytesIO(pdf("plattegrond v2")), "plattegrond-v2.pdf")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 303
    detail = anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    assert "Versie 2 van &#39;Plattegrond&#39; is toegevoegd." in detail and "plattegrond-v2.pdf" in detail
    assert anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud?versie=1").data == pdf("plattegrond")
    assert anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud").data == pdf("plattegrond v2")


def test_image_preview_is_sandboxed_and_other_types_are_downloads(browser_for, start_case):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, PNG, "foto.png")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    assert '<img class="document-voorbeeld"' in anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    img = anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud?inline=1")
    assert img.headers["Content-Type"] == "image/png"
    assert img.headers["Content-Security-Policy"].endswith("sandbox")
    assert img.headers["Content-Disposition"].startswith("inline;")
    _upload(anna, ref, b"Alleen tekst, geen tekening.\n", "brief.txt", informatieobjecttype="correspondentie")
    page = anna.get(f"/zaken/{ref}").text
    text_id = max(int(x) for x in __import__("re").findall(r'/documenten/(\d+)"', page))
    got = anna.get(f"/zaken/{ref}/documenten/{text_id}/inhoud?inline=1")
    assert got.headers["Content-Disposition"].startswith("attachment;")  # never inline
    assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_deletion_is_logged_and_the_document_stays(browser_for, start_case):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, pdf("weg"), "weg.pdf", titel="Verkeerde tekening")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": ""})
    assert resp.status_code == 303
    assert "Geef een reden voor het verwijderen op." in anna.get(resp.headers["Location"]).text
    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": "verkeerde zaak"})
    page = anna.get(resp.headers["Location"]).text
    assert "als verwijderd gemarkeerd" in page and "· verwijderd" in page
    assert "Document &#39;Verkeerde tekening&#39; verwijderd: verkeerde zaak" in page  # the timeline


BAD_UPLOADS = [
    ("leeg", b"", "leeg.pdf", {}, "leeg"),
    (
        "verkeerd type",
        b"Gewoon tekst\n",
        "tekening.pdf",
        {},
        "De inhoud van &#39;tekening.pdf&#39; is text/plain",
    ),
    ("hernoemd programma", EXE, "tekening.pdf", {}, "is een uitvoerbaar programma"),
    ("map in naam", pdf("x"), "../../etc/tekening.pdf", {}, "bevat een map of &#39;..&#39;"),
    ("stuurteken in naam", pdf("y"), "teke\x1bning.pdf", {}, "bevat een stuurteken"),
    ("tab in naam", pdf("w"), "teke\tning.pdf", {}, "bevat een stuurteken"),
    ("leesrichting in titel", pdf("v"), "f.pdf", {"titel": "factuur\u202efdp.exe"}, "De titel bevat een"),
    ("onbekende soort", pdf("z"), "z.pdf", {"informatieobjecttype": "onzin"}, "Onbekend documenttype"),
    ("geen bestand", None, "", {}, "Kies een bestand om toe te voegen."),
]


@pytest.mark.parametrize(
    ("naam", "content", "bestand", "velden", "melding"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS]
)
def test_bad_upload_gives_a_dutch_message_and_stores_nothing(
    browser_for, start_case, faces_platform, naam, content, bestand, velden, melding
):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    if content is None:
        resp = anna.post(f"/zaken/{ref}/documenten", {"informatieobjecttype": "bijlage"})
    else:
        resp = _upload(anna, ref, content, bestand, **velden)
    assert resp.status_code == 303, naam
    page = anna.get(resp.headers["Location"]).text
    assert 'class="melding melding-fout"' in page and melding in page, naam
    assert _state(faces_platform) == before


def test_oversize_upload_is_refused_and_stores_nothing(
    browser_for, start_case, faces_platform, tmp_path: Path
):
    types = tmp_path / "typen.toml"
    types.write_text(
        '[standaard.bijlage]\nomschrijving = "Bijlage of tekening"\nvertrouwelijkheid = "zaakvertrouwelijk"\n'
        'max_mb = 0.001\nmime = ["application/pdf"]\nuploaders = ["behandelaar"]\n'
    )
    object.__setattr__(faces_platform.settings, "documenttypen_file", str(types))
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    before = _state(faces_platform)
    resp = _upload(anna, ref, pdf("groot") + b"0" * 4096)
    page = anna.get(resp.headers["Location"]).text
    assert "melding-fout" in page and "groter dan" in page
    assert _state(faces_platform) == before


def test_an_outside_party_past_its_upload_budget_reads_why_in_the_case_file(
    browser_for, faces_platform, monkeypatch, tmp_path
):
    """Review of the upload budget (2): the case file showed a 409/413/422/503 refusal as a message but let
    429 through, so an outside party past its budget got an error page instead of the Dutch message, with
    its wait, on the case file (and on the document's page for a new version)."""
    model = tmp_path / "samen_overleggen.bpmn"
    model.write_text(MODEL, encoding="utf-8")
    deployments.deploy(faces_platform, deployments.read_files([model]))
    groepen = {"groepen": ["Vergunningen", "Netbeheerder"]}  # nina (Netbeheerder) takes the case's task
    ref = cases.start_case(faces_platform, "samen_overleggen", groepen)["zaak"]
    budget = faces_platform.settings.with_(document_uploads_per_case_per_hour=1)
    monkeypatch.setattr(faces_platform, "settings", budget)
    nina = browser_for("nina")
    assert _upload(nina, ref, pdf("advies 1"), "advies.pdf", informatieobjecttype="advies").status_code == 303
    doc_id = _doc_id(nina.get(f"/zaken/{ref}").text)
    before = _state(faces_platform)
    resp = _upload(nina, ref, pdf("advies 2"), "advies-2.pdf", informatieobjecttype="advies")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/zaken/{ref}#documenten")
    page = nina.get(f"/zaken/{ref}").text
    assert 'class="melding melding-fout"' in page and "te veel documenten en versies toegevoegd" in page
    assert "ten hoogste 1 per uur). Wacht 60 minuten en probeer het dan opnieuw." in page
    versie = {"bestand": (io.BytesIO(pdf("advies v2")), "advies-v2.pdf")}
    resp = nina.post(f"/zaken/{ref}/documenten/{doc_id}/versies", versie, content_type="multipart/form-data")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/documenten/{doc_id}")
    assert "Wacht 60 minuten" in nina.get(f"/zaken/{ref}/documenten/{doc_id}").text
    assert _state(faces_platform) == before


def test_a_scanner_out_of_reach_reads_in_the_case_file_without_the_socket_error(
    browser_for, start_case, faces_platform, monkeypatch, tmp_path, caplog
):
    """The case file showed the 503 with the raw socket error in its text and logged nothing: now the text
    says what happened with a foutcode, and the log line of that foutcode holds the socket's error."""
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    away = faces_platform.settings.with_(clamd_address=str(tmp_path / "clamd.sock"))
    monkeypatch.setattr(faces_platform, "settings", away)
    before = _state(faces_platform)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = _upload(anna, ref, pdf("tekening"))
    page = anna.get(resp.headers["Location"]).text
    said = re.search(
        r"De virusscanner is niet bereikbaar; het document is niet opgeslagen\. Probeer het later opnieuw\. "
        r"Foutcode: (\w+)\.",
        page,
    )
    assert said, page[:3000]
    foutcode = said[1]
    assert "Errno" not in page and "No such file" not in page
    assert any(foutcode in r.getMessage() for r in caplog.records)
    assert "No such file or directory" in caplog.text
    assert _state(faces_platform) == before


def test_upload_to_a_closed_case_is_refused(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    with faces_platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(status="afgerond"))
        uow.commit()
    anna = browser_for("anna")
    assert 'id="document-bestand"' not in anna.get(f"/zaken/{ref}").text  # no form on a closed case
    before = _state(faces_platform)
    page = anna.get(_upload(anna, ref, pdf("te laat")).headers["Location"]).text
    assert f"Zaak {ref} is afgesloten; er kunnen geen documenten meer worden toegevoegd." in page
    assert _state(faces_platform) == before


def test_refused_download_is_404_and_other_case_is_404(browser_for, start_case):
    ref = start_case()["zaak"]
    other = start_case(title="Andere zaak")["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, pdf("geheim"), "geheim.pdf", vertrouwelijkheidaanduiding="geheim")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    assert browser_for("rob").get(f"/zaken/{ref}/documenten/{doc_id}/inhoud").status_code == 404
    assert browser_for("rob").get(f"/zaken/{ref}/documenten/{doc_id}").status_code == 404
    assert anna.get(f"/zaken/{other}/documenten/{doc_id}/inhoud").status_code == 404
    assert anna.get(f"/zaken/{ref}/documenten/{doc_id}/inhoud").status_code == 200


def test_new_version_of_a_final_document_is_refused(browser_for, start_case, faces_platform):
    from services.documents.service import NewDocument, import_document

    ref = start_case()["zaak"]
    doc = import_document(
        faces_platform, ref, pdf("besluit"), NewDocument(informatieobjecttype="besluit", bestandsnaam="b.pdf")
    )
    anna = browser_for("anna")
    assert "Nieuwe versie toevoegen" not in anna.get(f"/zaken/{ref}/documenten/{doc['id']}").text
    before = _state(faces_platform)
    resp = anna.post(
        f"/zaken/{ref}/documenten/{doc['id']}/versies",
        {"bestand": (io.BytesIO(pdf("besluit 2")), "b2.pdf")},
        content_type="multipart/form-data",
    )
    page = anna.get(resp.headers["Location"]).text
    assert "is definitief en krijgt geen nieuwe versie" in page
    assert _state(faces_platform) == before


def test_beheer_model_download_has_a_safe_file_name(browser_for):
    from web.downloads import content_disposition

    resp = browser_for("bea").get("/beheer/modellen/vergunning_klein/bpmn")
    assert resp.headers["Content-Disposition"] == 'inline; filename="vergunning_klein.bpmn"'
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert content_disposition("inline", 'x";\r\nSet-Cookie: a=b.bpmn') == (
        "inline; filename=\"x____Set-Cookie_ a_b.bpmn\"; filename*=UTF-8''x%22%3BSet-Cookie%3A%20a%3Db.bpmn"
    )
    assert content_disposition("attachment", "../../model.bpmn") == 'attachment; filename="model.bpmn"'


# -- the advice report an advice task requires (property 'documenten' in the model) --------------------
def test_advice_task_page_asks_for_the_report_and_refuses_without_it(
    browser_for, faces_platform, monkeypatch
):
    from tests.e2e.casefile_fixtures import deploy_permit, fake_locatiecheck, start_permit, task_of

    fake_locatiecheck(faces_platform)
    deploy_permit(faces_platform)
    ref = start_permit(faces_platform)["zaak"]
    anna = browser_for("anna")
    intake = task_of(faces_platform, ref, "anna", "Ontvankelijkheid")
    assert anna.post(f"/taken/{intake['id']}", {"compleet": "true"}).status_code == 302
    advies = task_of(faces_platform, ref, "mila", "Advies Milieu")
    mila = browser_for("mila")
    page = mila.get(f"/taken/{advies['id']}").text
    assert "Documenten bij deze taak" in page and "Adviesrapport: <strong>ontbreekt nog</strong>" in page
    before = _state(faces_platform)
    resp = mila.post(f"/taken/{advies['id']}", {"oordeel": "akkoord"})
    assert resp.status_code == 422
    assert "Deze taak vraagt eerst een document van u: adviesrapport." in resp.text
    assert _state(faces_platform) == before
    resp = mila.post(
        f"/zaken/{ref}/documenten",
        {
            "bestand": (io.BytesIO(pdf("advies milieu")), "advies-milieu.pdf"),
            "informatieobjecttype": "advies",
            "terug": f"/taken/{advies['id']}",
        },
        content_type="multipart/form-data",
    )
    assert resp.headers["Location"].endswith(f"/taken/{advies['id']}#documenten")
    page = mila.get(f"/taken/{advies['id']}").text
    assert "Adviesrapport: <strong>toegevoegd</strong>" in page
    assert mila.post(f"/taken/{advies['id']}", {"oordeel": "akkoord"}).status_code == 302


def test_a_document_of_a_closed_case_offers_no_deletion(browser_for, start_case, faces_platform):
    """Tester finding: documents of a closed case could still be deleted; the page offered it too."""
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, pdf("blijft"), "blijft.pdf", titel="Adviesrapport")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    assert 'id="kop-verwijderen"' in anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    with faces_platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(status="afgerond"))
        uow.commit()
    assert 'id="kop-verwijderen"' not in anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    before = _state(faces_platform)
    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": "opruimen"})
    page = anna.get(resp.headers["Location"]).text
    assert f"Zaak {ref} is afgesloten; er kunnen geen documenten meer worden verwijderd." in page
    assert _state(faces_platform) == before


def test_a_document_a_final_besluit_rests_on_offers_no_deletion_or_version(
    browser_for, start_case, faces_platform
):
    """Tester finding: during the bezwaar term (case still lopend) an advice report the final besluit
    relied on could be deleted or replaced from the case page."""
    from datetime import date

    from services.documents import NewDocument
    from services.documents.service import import_document

    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, pdf("advies"), "advies.pdf", titel="Adviesrapport")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    day = date(2026, 3, 2)
    besluit = NewDocument(
        "besluit", "besluit.pdf", besluitdatum=day, verzenddatum=day, besluit_uitkomst="verlenen"
    )
    import_document(faces_platform, ref, pdf("besluit"), besluit)
    page = anna.get(f"/zaken/{ref}/documenten/{doc_id}").text
    assert 'id="kop-verwijderen"' not in page and 'id="kop-nieuwe-versie"' not in page
    assert "hoort bij het dossier van het definitieve besluit" in page
    before = _state(faces_platform)
    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verwijderen", {"reden": "opruimen"})
    page = anna.get(resp.headers["Location"]).text
    assert "hoort bij het dossier waarop dat besluit rust en kan niet meer worden verwijderd" in page
    assert _state(faces_platform) == before


def test_document_content_and_case_json_are_never_stored_by_the_browser(browser_for, start_case):
    """Tester finding (toegang 7): 'private, no-cache' with an ETag lets a browser keep a confidential
    PDF on disk after logout; the case JSON had no Cache-Control at all."""
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _upload(anna, ref, pdf("geheim"), "geheim.pdf", titel="Geheim")
    doc_id = _doc_id(anna.get(f"/zaken/{ref}").text)
    for url in (
        f"/zaken/{ref}/documenten/{doc_id}/inhoud",
        f"/zaken/{ref}/documenten/{doc_id}/inhoud?inline=1",
    ):
        got = anna.get(url)
        assert got.status_code == 200 and "no-store" in got.headers["Cache-Control"], url
    for url in (f"/api/v1/zaken/{ref}", f"/api/v1/zaken/{ref}/documenten", "/api/v1/taken"):
        got = anna.get(url)
        assert got.status_code == 200 and got.headers.get("Cache-Control") == "no-store", url


def test_the_public_form_helpers_answer_errors_as_json_with_the_page_headers(browser_for):
    b = browser_for()
    for url in ("/aanvragen/onbekend/kaartlagen/natura2000", "/aanvragen/adres?postcode=x&huisnummer=y"):
        got = b.get(url)
        assert got.status_code in (400, 404) and got.mimetype == "application/problem+json", (
            url,
            got.text[:200],
        )
    page = b.get("/bestaat-niet")  # any HTML answer carries the page's security headers
    assert (
        page.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    )
