"""Rules on a case's documents beyond access: a closed case keeps its documents, and the
vertrouwelijkheid an initiator may give its own upload."""

from __future__ import annotations

import pytest

from processes.errors import Conflict
from services.documents import delete_document, get_document
from tests.integration.document_helpers import close_case, make_zaak, pdf, state, upload


@pytest.fixture
def platform(any_platform):
    return any_platform


@pytest.fixture
def zaak(platform):
    return make_zaak(platform)


def test_a_document_of_a_closed_case_is_not_deleted(platform, zaak):
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
