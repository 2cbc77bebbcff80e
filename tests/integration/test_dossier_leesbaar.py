"""The case file speaks the officer's language (review vvl16, F6): "Gegevens" showed an open
aanvullingsverzoek "sinds 2026-12-05T22:12:58.736367+00:00" and the bewaakmoment "2026-10-26T00:00:00+01:00"
(raw moments), the application's activities as codes ("technische_bouwactiviteit"), and the documents
list named the uploader by login ("Besluit · versie 1 · beperkt openbaar · tom")."""

from __future__ import annotations

import io
import re

from services.documents.service import NewDocument, upload_document
from tests.integration import test_zaakpagina_kcc as kcc
from tests.integration.document_helpers import pdf
from tests.integration.officer_client import officer_anna
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = kcc.z, kcc.locatie


def test_the_case_file_shows_moments_activities_and_uploaders_in_words(z: Omgeving) -> None:
    z.start()
    z.tekening_gevraagd()
    client = officer_anna(z)
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="gevel.pdf", titel="Gevelaanzicht")
    doc = upload_document(z.p, z.ref, "anna", io.BytesIO(pdf("gevel")), meta)
    page = client.get(f"/zaken/{z.ref}").text
    data = kcc._text(page.split('id="kop-gegevens"', 1)[1].split("</section>", 1)[0])
    assert "Aanvullingsverzoek" in data and "technische bouwactiviteit" in data, data
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", data), data
    assert "technische_bouwactiviteit" not in data, data
    documents = kcc._text(page.split('id="kop-documenten"', 1)[1].split("</section>", 1)[0])
    assert "Gevelaanzicht" in documents and "· Anna de Vries" in documents, documents
    assert "· anna" not in documents, documents
    one = kcc._text(client.get(f"/zaken/{z.ref}/documenten/{doc['id']}").text)
    assert "door Anna de Vries op" in one and "door anna" not in one, one
