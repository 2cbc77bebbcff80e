"""The status page shows the applicant what the applicant's own account uploaded (one truthful status).

An outside tester found that the initiator coop's four uploads to its case appeared under "Mijn
aanvragen" (web and API) but not on the case's status page nor its API twin: the tracking-code holder
is the applicant, yet only uploads made through the status page itself counted as its own. The
applicant's account is the one that started the case or whose verified e-mail address the case was
applied for with (policy.own_cases), as "Mijn aanvragen" reads it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from processes.errors import NotFound
from services import users
from services.documents.public import open_document, visible_documents
from services.platform import Platform
from services.store.models import Case
from tests.integration.document_helpers import make_zaak, pdf, upload

MAIL = "piet@ruimtedal.example"


def _titles(platform: Platform, zaak: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(d["titel"], d["eigen"]) for d in visible_documents(platform, zaak["zaak"])]


def test_an_upload_by_the_account_that_started_the_case_is_on_its_status_page(platform: Platform):
    zaak = make_zaak(platform)  # started by piet, an initiatiefnemer
    doc = upload(platform, zaak, "piet", pdf("gevel"), titel="Gevel")  # zaakvertrouwelijk by its type
    assert _titles(platform, zaak) == [("Gevel", True)]
    meta, stream = open_document(platform, zaak["id"], doc["id"])
    with stream:
        assert meta["titel"] == "Gevel" and stream.read() == pdf("gevel")


def test_an_upload_by_the_account_of_the_cases_e_mail_address_is_its_own_too(platform: Platform):
    zaak = make_zaak(platform)
    users.add_user(platform, "coop", role="initiatiefnemer", email=MAIL)
    with platform.uow() as uow:  # applied for with coop's address (as "Mijn aanvragen" finds it)
        uow.session.execute(update(Case).where(Case.id == zaak["id"]).values(initiator_email=MAIL))
        uow.commit()
    upload(platform, zaak, "coop", pdf("situatie"), titel="Situatie")
    assert _titles(platform, zaak) == [("Situatie", True)]


def test_what_the_municipality_keeps_confidential_stays_off_the_status_page(platform: Platform):
    """Only the applicant's own accounts count: an officer's zaakvertrouwelijk upload stays hidden, also on
    a case an officer started, and an initiatiefnemer account that is not the case's is no owner."""
    zaak = make_zaak(platform)
    hidden = upload(platform, zaak, "anna", pdf("intern"), titel="Notitie")
    with platform.uow() as uow:  # anna registered it: started_by is hers, she is no applicant
        uow.session.execute(update(Case).where(Case.id == zaak["id"]).values(started_by="anna"))
        uow.commit()
    assert _titles(platform, zaak) == []
    with pytest.raises(NotFound):
        open_document(platform, zaak["id"], hidden["id"])


def test_the_applicants_account_reads_what_was_sent_through_the_status_page(platform: Platform):
    """The other way round: "Mijn aanvragen" (the account's document list) shows what the applicant sent
    through the case's status page; another initiator's account still sees nothing of the case."""
    import io

    from services.documents.public import PublicFile, add_files, check_files
    from services.documents.queries import list_documents

    zaak = make_zaak(platform)
    files = [PublicFile("plattegrond.pdf", io.BytesIO(pdf("plattegrond")), "bijlage")]
    check_files(platform, "vergunning_klein", files)
    add_files(platform, zaak["id"], files)
    assert [d["titel"] for d in list_documents(platform, zaak["zaak"], "piet")] == ["plattegrond"]
    users.add_user(platform, "klaas", role="initiatiefnemer")
    with pytest.raises(NotFound):
        list_documents(platform, zaak["zaak"], "klaas")
