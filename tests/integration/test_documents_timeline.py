"""What the case's timeline and documents tell whom: a document's line (its title, a deletion's reason)
only to whoever may read that document; the officers' account names only to the municipality's own."""

from __future__ import annotations

import io
from typing import Any

from services import case_queries
from services.documents import add_version, delete_document, get_document, list_documents
from tests.integration.document_helpers import pdf, upload
from tests.integration.test_documents import platform, zaak  # noqa: F401 (fixtures: both databases)


def _texts(case: dict[str, Any]) -> str:
    return "\n".join(str(e["tekst"]) for e in case["tijdlijn"])


def hidden_note(platform: Any, zaak: Any) -> dict[str, Any]:  # noqa: F811
    """anna's geheim note, which the adviser ria may not open, deleted by anna with a reason."""
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
    return dict(secret)


def test_an_adviser_does_not_read_the_lines_of_documents_it_may_not_open(platform, zaak):  # noqa: F811
    """Tester finding: anna's geheim note and the reason she deleted it stood on the timeline that the
    adviser ria reads (API and case page), while the document itself was hidden from ria (404)."""
    secret = hidden_note(platform, zaak)
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


def test_an_initiator_reads_no_officer_account_names_in_the_documents(platform, zaak):  # noqa: F811
    """Tester finding: the documents API gave the initiator 'geupload_door: anna' (document and versions)
    while its timeline leaves out who did what: one rule (policy.documents.account_name) for both."""
    besluit = upload(
        platform,
        zaak,
        "anna",
        pdf("ontwerp"),
        informatieobjecttype="ontwerpbesluit",
        vertrouwelijkheid="openbaar",
    )
    eigen = upload(platform, zaak, "piet", pdf("eigen"))
    add_version(platform, eigen["id"], "anna", io.BytesIO(pdf("eigen v2")), bestandsnaam="v2.pdf")
    shown = {d["id"]: d for d in list_documents(platform, zaak["zaak"], "piet")}
    assert shown[besluit["id"]]["geupload_door"] is None
    assert [v["geupload_door"] for v in shown[besluit["id"]]["versies"]] == [None]
    assert shown[eigen["id"]]["geupload_door"] == "piet"  # its own name is its own to read
    assert [v["geupload_door"] for v in shown[eigen["id"]]["versies"]] == ["piet", None]
    assert get_document(platform, besluit["id"], "piet")["geupload_door"] is None
    assert get_document(platform, besluit["id"], "ria")["geupload_door"] == "anna"  # the municipality's own
    assert [v["geupload_door"] for v in get_document(platform, eigen["id"], "anna")["versies"]] == [
        "piet",
        "anna",
    ]
