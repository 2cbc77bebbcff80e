"""Rules on a case's documents beyond access: a closed case keeps its documents, and the
vertrouwelijkheid an initiator may give its own upload."""

from __future__ import annotations

import pytest

from processes.errors import Conflict, ValidationError
from services.documents import delete_document, get_document
from tests.integration.document_helpers import close_case, pdf, state, upload
from tests.integration.test_documents import platform, zaak  # noqa: F401 (fixtures: both databases)


def test_a_document_of_a_closed_case_is_not_deleted(platform, zaak):  # noqa: F811
    """Tester finding: an upload to a closed case was refused ('zaak-afgesloten'), but DELETE of the
    advice report its besluit relies on answered 200 'verwijderd: true'."""
    doc = upload(platform, zaak, "anna", pdf("advies"))
    close_case(platform, zaak)
    before = state(platform)
    with pytest.raises(Conflict) as err:
        delete_document(platform, doc["id"], "anna", reden="opruimen")
    assert err.value.code == "zaak-afgesloten"
    assert err.value.detail == (
        f"Zaak {zaak['zaak']} is afgesloten; er kunnen geen documenten meer worden verwijderd."
    )
    assert state(platform) == before
    assert get_document(platform, doc["id"], "anna")["verwijderd"] is False


@pytest.mark.parametrize("level", ["confidentieel", "geheim", "zeer_geheim", "openbaar", "beperkt_openbaar"])
def test_an_initiator_chooses_no_level_that_hides_its_upload_or_publishes_it(platform, zaak, level):  # noqa: F811
    """Tester finding: an initiator uploaded its bijlage as zeer_geheim, which hid it from the advisers
    who assess the application. Decision: an initiator gives its own upload the type's default or a
    stricter level the advisers may still open (shipped: up to vertrouwelijk); how open a document is
    (openbaar, beperkt_openbaar) the municipality decides."""
    before = state(platform)
    with pytest.raises(ValidationError) as err:
        upload(platform, zaak, "piet", pdf(level), vertrouwelijkheid=level)
    assert err.value.code == "vertrouwelijkheid-niet-toegestaan"
    assert err.value.detail == (
        "Als aanvrager geeft u een bijlage of tekening de vertrouwelijkheid zaakvertrouwelijk (de standaard) "
        "of vertrouwelijk. Een strengere aanduiding verbergt het stuk voor de adviseurs die uw aanvraag "
        "beoordelen; hoe openbaar een stuk is, bepaalt de gemeente."
    )
    assert err.value.extra["toegestaan"] == ["zaakvertrouwelijk", "vertrouwelijk"]
    assert state(platform) == before


def test_an_initiator_may_mark_its_upload_stricter_within_what_advisers_read(platform, zaak):  # noqa: F811
    doc = upload(platform, zaak, "piet", pdf("bedrijfsgeheim"), vertrouwelijkheid="vertrouwelijk")
    assert doc["vertrouwelijkheidaanduiding"] == "vertrouwelijk"
    assert upload(platform, zaak, "piet", pdf("gewoon"), vertrouwelijkheid="zaakvertrouwelijk")
    # the officer still chooses any level
    assert upload(platform, zaak, "anna", pdf("geheim"), vertrouwelijkheid="geheim")
