"""A supplement is complete only when every requested document type arrived after the request."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from processes.errors import ValidationError
from services.documents import add_version, delete_document
from services.documents.aanvulling import documenten_status
from tests.integration.document_helpers import make_zaak, pdf, upload


@pytest.fixture
def zaak(platform):
    return make_zaak(platform)


def test_only_documents_after_the_request_count(platform, clock, zaak):
    oud = upload(platform, zaak, "piet", pdf("oude tekening"))  # before the request
    clock.advance(days=1)
    verzoek = clock.now()
    status = documenten_status(
        platform, zaak["zaak"], gevraagd=["bijlage", "aanvraagformulier"], sinds=verzoek
    )
    assert status == {
        "compleet": False,
        "ontbreekt": ["Bijlage of tekening", "Aanvraagformulier"],
        "ontvangen": [],
    }
    clock.advance(days=2)
    add_version(platform, oud["id"], "piet", io.BytesIO(pdf("nieuwe tekening")), bestandsnaam="t2.pdf")
    status = documenten_status(
        platform, zaak["zaak"], gevraagd=["bijlage", "aanvraagformulier"], sinds=verzoek
    )
    assert status["ontbreekt"] == ["Aanvraagformulier"] and not status["compleet"]
    upload(platform, zaak, "piet", pdf("formulier"), informatieobjecttype="aanvraagformulier")
    status = documenten_status(
        platform, zaak["zaak"], gevraagd=["bijlage", "aanvraagformulier"], sinds=verzoek
    )
    assert status["compleet"] and {r["type"] for r in status["ontvangen"]} == {"bijlage", "aanvraagformulier"}


def test_two_of_a_type_and_deleted_ones(platform, clock, zaak):
    verzoek = datetime(2026, 3, 1, tzinfo=UTC)
    een = upload(platform, zaak, "piet", pdf("gevel"))
    status = documenten_status(platform, zaak["zaak"], gevraagd=["bijlage", "bijlage"], sinds=verzoek)
    assert status["ontbreekt"] == ["Bijlage of tekening"]
    upload(platform, zaak, "piet", pdf("doorsnede"))
    assert documenten_status(platform, zaak["zaak"], gevraagd=["bijlage", "bijlage"], sinds=verzoek)[
        "compleet"
    ]
    delete_document(platform, een["id"], "anna", reden="onleesbaar")
    assert not documenten_status(platform, zaak["zaak"], gevraagd=["bijlage", "bijlage"], sinds=verzoek)[
        "compleet"
    ]


def test_unknown_or_no_types(platform, zaak):
    with pytest.raises(ValidationError, match="Onbekend documenttype 'foto'"):
        documenten_status(platform, zaak["zaak"], gevraagd=["foto"], sinds=datetime(2026, 3, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="ten minste één"):
        documenten_status(platform, zaak["zaak"], gevraagd=[], sinds=datetime(2026, 3, 1, tzinfo=UTC))
