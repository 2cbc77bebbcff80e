"""Rules on a case's documents beyond access: a closed case keeps its documents, so do the documents a
final besluit rests on, and the vertrouwelijkheid an initiator may give its own upload."""

from __future__ import annotations

import io
from datetime import date

import pytest

from processes.errors import Conflict, ValidationError
from services.documents import NewDocument, add_version, delete_document, get_document
from services.documents.service import import_document
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


def _final_besluit(platform, zaak):  # noqa: F811
    """A final besluit as the besluit editor files it (with an outcome), while the case runs on."""
    meta = NewDocument(
        "besluit",
        "besluit.pdf",
        besluitdatum=date(2026, 3, 2),
        verzenddatum=date(2026, 3, 2),
        besluit_uitkomst="verlenen",
    )
    return import_document(platform, zaak["zaak"], pdf("besluit"), meta)


def test_the_documents_a_final_besluit_rests_on_stay_while_the_case_runs_on(platform, zaak):  # noqa: F811
    """Tester finding: during the bezwaar term (the case still lopend after its final besluit) the advice
    report the besluit relied on could be deleted and the aanvraag given a newer version; only a closed
    case kept them. Now the documents the case held at the final besluit stay as they are; a document
    added later (bezwaar correspondence) is the case's as before."""
    advies = upload(platform, zaak, "anna", pdf("advies"), titel="Advies welstand")
    eigen = upload(platform, zaak, "piet", pdf("aanvraag"), titel="Aanvraag")
    _final_besluit(platform, zaak)
    before = state(platform)
    with pytest.raises(Conflict) as err:
        delete_document(platform, advies["id"], "anna", reden="opruimen")
    assert err.value.code == "document-onder-besluit"
    assert "definitief besluit" in err.value.detail and "'Advies welstand'" in err.value.detail
    for doc, who in ((advies, "anna"), (eigen, "piet"), (eigen, "anna")):
        with pytest.raises(Conflict) as err:
            add_version(platform, doc["id"], who, io.BytesIO(pdf("nieuw")), bestandsnaam="nieuw.pdf")
        assert err.value.code == "document-onder-besluit"
    assert state(platform) == before
    bezwaar = upload(
        platform, zaak, "anna", pdf("bezwaar"), titel="Bezwaarschrift"
    )  # added after: may change
    assert (
        add_version(platform, bezwaar["id"], "anna", io.BytesIO(pdf("b2")), bestandsnaam="b.pdf")["versie"]
        == 2
    )
    assert delete_document(platform, bezwaar["id"], "anna", reden="dubbel")["verwijderd"] is True


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
