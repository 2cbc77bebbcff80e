"""What the case's timeline tells about its documents: a document's line (its title, a deletion's reason)
only to whoever may read that document."""

from __future__ import annotations

from typing import Any

from services import case_queries
from services.documents import delete_document
from tests.integration.document_helpers import pdf, upload
from tests.integration.test_documents import platform, zaak  # noqa: F401 (fixtures: both databases)


def _texts(case: dict[str, Any]) -> str:
    return "\n".join(str(e["tekst"]) for e in case["tijdlijn"])


def test_an_adviser_does_not_read_the_lines_of_documents_it_may_not_open(platform, zaak):  # noqa: F811
    """Tester finding: anna's geheim note and the reason she deleted it stood on the timeline that the
    adviser ria reads (API and case page), while the document itself was hidden from ria (404)."""
    secret = upload(
        platform,
        zaak,
        "anna",
        pdf("notitie"),
        informatieobjecttype="correspondentie",
        titel="Notitie over schulden",
        vertrouwelijkheid="geheim",
    )
    delete_document(platform, secret["id"], "anna", reden="BSN van de buurman stond erin")
    upload(platform, zaak, "anna", pdf("plattegrond"), titel="Plattegrond")  # zaakvertrouwelijk: ria reads it
    for read in (case_queries.read_case, case_queries.case_file):  # the API and the case page
        ria = _texts(read(platform, zaak["zaak"], "ria"))
        assert "Plattegrond" in ria
        assert "schulden" not in ria and "BSN" not in ria
        anna = _texts(read(platform, zaak["zaak"], "anna"))
        assert "Notitie over schulden" in anna and "BSN van de buurman stond erin" in anna
    ids = [
        (e["gegevens"] or {}).get("document")
        for e in case_queries.read_case(platform, zaak["zaak"], "ria")["tijdlijn"]
    ]
    assert secret["id"] not in ids  # not even a line without its title: the document's existence is not ria's
    piet = case_queries.read_case(platform, zaak["zaak"], "piet")[
        "tijdlijn"
    ]  # the initiator: public lines only
    assert piet and all(e["publiek"] and e["door"] is None for e in piet)
