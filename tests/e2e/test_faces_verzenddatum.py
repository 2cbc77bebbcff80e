"""The case file records the verzenddatum of a besluit uploaded with its besluitdatum alone (review
sessie14c, 1): a small form on the besluit's row, gone once the date is recorded; a refusal is a Dutch
message and changes nothing."""

from __future__ import annotations

import io
from typing import Any

from services.store.models import Document
from tests.integration.document_helpers import pdf


def _besluit(anna: Any, ref: str, **dates: str) -> None:
    data = {
        "bestand": (io.BytesIO(pdf(f"besluit {dates}")), "besluit.pdf"),
        "informatieobjecttype": "besluit",
        "titel": "Getekend besluit",
        **dates,
    }
    resp = anna.post(f"/zaken/{ref}/documenten", data, content_type="multipart/form-data")
    assert resp.status_code == 303


def _stored(platform: Any) -> Document:
    with platform.uow(write=False) as uow:
        [doc] = uow.session.query(Document).filter(Document.informatieobjecttype == "besluit").all()
        uow.session.expunge(doc)
        return doc


def test_the_case_file_records_the_verzenddatum_of_a_besluit_once(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _besluit(anna, ref, besluitdatum="2026-03-02")
    doc_id = _stored(faces_platform).id
    page = anna.get(f"/zaken/{ref}").text
    action = f'action="/zaken/{ref}/documenten/{doc_id}/verzenddatum"'
    assert action in page and "nog niet verzonden" in page
    assert 'for="verzenddatum-' in page and "Verzenddatum vastleggen" in page

    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verzenddatum", {"verzenddatum": "2026-03-01"})
    page = anna.get(resp.headers["Location"]).text
    assert "ligt vóór de besluitdatum" in page and _stored(faces_platform).verzenddatum is None

    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verzenddatum", {"verzenddatum": "2026-03-02"})
    page = anna.get(resp.headers["Location"]).text
    assert "De verzenddatum van &#39;Getekend besluit&#39; is vastgelegd." in page
    assert "verzonden op 2 maart 2026" in page and action not in page
    assert str(_stored(faces_platform).verzenddatum) == "2026-03-02"
    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verzenddatum", {"verzenddatum": "2026-03-02"})
    assert "die datum wordt niet meer gewijzigd" in anna.get(resp.headers["Location"]).text


def test_a_besluit_sent_at_its_upload_has_no_form(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    _besluit(anna, ref, besluitdatum="2026-03-02", verzenddatum="2026-03-02")
    page = anna.get(f"/zaken/{ref}").text
    assert "/verzenddatum" not in page and "verzonden op 2 maart 2026" in page


def test_a_verzenddatum_still_ahead_is_refused_on_the_row_and_at_the_upload(
    browser_for, start_case, faces_platform
):
    """A verzenddatum records that the besluit was sent (the test clock: 2 March 2026): the form on the
    row and the upload form show why a later day is refused, and nothing changes."""
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    data = {
        "bestand": (io.BytesIO(pdf("besluit vooruit")), "besluit.pdf"),
        "informatieobjecttype": "besluit",
        "titel": "Vooruit verzonden",
        "besluitdatum": "2026-03-02",
        "verzenddatum": "2026-03-03",
    }
    resp = anna.post(f"/zaken/{ref}/documenten", data, content_type="multipart/form-data")
    assert "De verzenddatum (3 maart 2026) ligt in de toekomst" in anna.get(resp.headers["Location"]).text
    _besluit(anna, ref, besluitdatum="2026-03-02")
    doc_id = _stored(faces_platform).id

    resp = anna.post(f"/zaken/{ref}/documenten/{doc_id}/verzenddatum", {"verzenddatum": "2026-03-03"})
    page = anna.get(resp.headers["Location"]).text
    assert "De verzenddatum (3 maart 2026) ligt in de toekomst" in page and "nog niet verzonden" in page
    assert _stored(faces_platform).verzenddatum is None
