"""The case page of a case an earlier release pseudonymised after its bewaartermijn (``geanonimiseerd_op``
set, as `zaken opschonen` left a due case before migration 0033) says so in Dutch, and that the next
approved run destroys it; its documents read "verwijderd na bewaartermijn", and asking for a document's
destroyed content is a Dutch 404, not a crash. The case (page, API) gives the moment as
``geanonimiseerd_op``. No code
pseudonymises any more: the test sets the columns as those releases left them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import update

from services import cases
from services.documents import NewDocument, upload_document
from services.store.models import Case
from tests.integration.bewaren_helpers import pseudonymised_before
from tests.integration.document_helpers import pdf


def test_the_case_page_of_a_case_pseudonymised_before_says_so(browser_for, start_case, faces_platform):
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
    pseudonymised_before(platform, zaak["zaak"], "Schuur van [verwijderd]")

    anna = browser_for("anna")
    page = anna.get(f"/zaken/{zaak['zaak']}")
    assert page.status_code == 200
    assert "De bewaartermijn van deze zaak is verstreken" in page.text
    assert "persoonsgegevens verwijderd" in page.text and "verwijderd na bewaartermijn" in page.text
    assert (
        "gepseudonimiseerd, niet anoniem" in page.text
    )  # what stays is no anonymous record (review avg13, 3)
    assert "een eerdere versie van Ruimteflow" in page.text  # no release pseudonymises any more
    assert "volgende goedgekeurde vernietigingslijst" in page.text  # the next approved run destroys it
    assert "Jansen" not in page.text
    gone = anna.get(f"/zaken/{zaak['zaak']}/documenten/{doc['id']}/inhoud")
    assert gone.status_code == 404 and "verwijderd na de bewaartermijn" in gone.text
    shown = anna.get(f"/zaken/{zaak['zaak']}/documenten/{doc['id']}")
    assert shown.status_code == 200 and "jansen.pdf" not in shown.text
    assert cases.get_case(platform, zaak["zaak"])["geanonimiseerd_op"]  # the API's field
