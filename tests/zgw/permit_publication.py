"""A permit case (test_omgevingsvergunning's Omgeving) published to a fake ZGW server
(tests/zgw/test_publication.py's Zgw): a document imported, an aanvulling asked, the case driven to its end."""

from __future__ import annotations

from typing import Any

from services.documents import NewDocument
from services.documents.service import import_document
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving


def import_document_as(z: Omgeving, user: str, soort: str, tekst: str) -> dict[str, Any]:
    """A PDF of ``soort`` with title ``tekst`` imported into the case (as ``user`` would)."""
    meta = NewDocument(informatieobjecttype=soort, bestandsnaam=f"{soort}.pdf", titel=tekst)
    return import_document(z.p, z.ref, pdf(tekst), meta)  # the permit users are all "medewerker"


def ask_aanvulling(z: Omgeving) -> None:
    """Start a permit case; an hour later the officer finds it incomplete and asks for a bouwtekening."""
    z.start()
    z.later(hours=1)
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
    )


def permit_case(z: Omgeving, zgw: Any) -> list[dict[str, Any]]:
    """Drive a permit case to its end (``zgw``: a Zgw); the zaak as registered after the suspension and after
    its end."""
    seen = []
    ask_aanvulling(z)
    zgw.drain()
    seen.append(dict(zgw.server.collection("zaken")[0]))
    z.later(days=5)
    z.bericht("aanvulling", {"bijlage": "tekening.pdf"})
    import_document_as(z, "anna", "bijlage", "Bouwtekening")
    z.later(hours=1)
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.later(hours=1)
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."})
    z.later(days=60)  # past the bezwaartermijn and its week for a posted bezwaar (Awb 6:9 lid 2)
    case = z.zaak()
    assert case["status"] == "afgerond", (case["fase"], case["wacht_op"])
    report = zgw.drain()
    assert report.mislukt == report.dood == 0 and report.afgeleverd > 10
    seen.append(dict(zgw.server.collection("zaken")[0]))
    return seen
