"""The values the accessibility and reflow tests fill into the demo's page URLs: an open task and its case, a
document, a tracking code and a delivered mail."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select

from services import documents
from services.store.models import Case, HumanTask
from tests.integration.document_helpers import pdf


def page_params(app: Any) -> dict[str, str]:
    """The demo's mails delivered as .eml files and a document uploaded on a case with an open task of
    Vergunningen: the values of the demo's page URLs."""
    platform = app.extensions["ruimteflow"]
    from services import outbox
    from services.channels import channel_handlers

    outbox.deliver_due(platform, handlers=channel_handlers(platform))  # the demo's mails, as .eml files
    with platform.uow(write=False) as uow:
        s = uow.session
        task = s.scalars(
            select(HumanTask).where(HumanTask.state == "open", HumanTask.candidate_groups.is_not(None))
        ).all()
        mine = next(t for t in task if "Vergunningen" in (t.candidate_groups or []))
        case = s.get(Case, mine.case_id)
        assert case is not None
        code = case.tracking_code
        params_case = case.reference
    eml = sorted((platform.settings.instance_dir / "outbox").glob("*.eml"))
    doc = documents.upload_document(
        platform,
        params_case,
        "anna",
        io.BytesIO(pdf("axe")),
        documents.NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf"),
    )
    return {
        "document_id": str(doc["id"]),
        "case_ref": case.reference,
        "task_id": str(mine.id),
        "process_id": "omgevingsvergunning",
        "code": code,
        "bestand": eml[0].name if eml else "geen.eml",
    }
