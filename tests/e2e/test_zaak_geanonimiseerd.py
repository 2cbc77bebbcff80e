"""The case page of a case anonymised after its bewaartermijn says so in Dutch, its documents read
"verwijderd na bewaartermijn", and asking for a document's destroyed content is a Dutch 404, not a crash
(privacy review: closed cases were never anonymised; services.bewaren now does it)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from sqlalchemy import update

from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.documents import NewDocument, upload_document
from services.store.models import Case
from tests.integration.document_helpers import pdf


def test_the_case_page_of_an_anonymised_case_says_so(browser_for, start_case, faces_platform):
    platform = faces_platform
    zaak = start_case("Schuur van J. Jansen", initiator="J. Jansen")
    doc = upload_document(
        platform, zaak["zaak"], "anna", io.BytesIO(pdf("tekening")),
        NewDocument(informatieobjecttype="bijlage", bestandsnaam="jansen.pdf", titel="Tekening"),
    )  # fmt: skip
    with platform.uow() as uow:
        uow.session.execute(
            update(Case)
            .where(Case.id == zaak["id"])
            .values(status="afgerond", closed_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
        )
        uow.commit()
    platform.settings = platform.settings.with_(bewaartermijn_standaard="P1Y")
    [item] = list(vervallen(platform, date(2027, 3, 2)))
    assert anonimiseer(platform, item).uitkomst == "geanonimiseerd"

    anna = browser_for("anna")
    page = anna.get(f"/zaken/{zaak['zaak']}")
    assert page.status_code == 200
    assert "De bewaartermijn van deze zaak is verstreken" in page.text
    assert "persoonsgegevens verwijderd" in page.text and "verwijderd na bewaartermijn" in page.text
    assert (
        "gepseudonimiseerd, niet anoniem" in page.text
    )  # what stays is no anonymous record (review avg13, 3)
    assert "Jansen" not in page.text
    gone = anna.get(f"/zaken/{zaak['zaak']}/documenten/{doc['id']}/inhoud")
    assert gone.status_code == 404 and "verwijderd na de bewaartermijn" in gone.text
    shown = anna.get(f"/zaken/{zaak['zaak']}/documenten/{doc['id']}")
    assert shown.status_code == 200 and "jansen.pdf" not in shown.text
