"""The verzenddatum of a besluit recorded after it was uploaded (review sessie14c, 1).

A signed besluit is uploaded with its besluitdatum alone when it is taken and not yet sent; once it is
sent (or laid open), the behandelaar records the day here. Only a besluit with a besluitdatum and no
verzenddatum yet takes one, and a verzenddatum set stays as it is (409): the bezwaartermijn runs from it.
The date is checked as at the upload (services.documents.checks.check_besluit_dates): not before the
besluitdatum, not after today (it records that the besluit was sent). The case's timeline gets a line,
and the besluit goes to the zaakregistratie again (services.zgw_publication_documents): the Besluiten API
registers it now that it is made known (Awb 3:40), and its informatieobject gets the verzenddatum. A final
letter's day, which the case's ``decided_on`` reads, is recorded again (final_letter.record_sending).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from processes.errors import Conflict
from processes.termijnen.datums import datum_nl
from services import zgw_publication_documents
from services.cases import case_by_key
from services.clock import today
from services.documents.besluit_context import ontvangen_op
from services.documents.checks import check_besluit_dates, check_case_open, check_may_write
from services.documents.final_letter import record_sending
from services.documents.queries import readable_document
from services.documents.types import BESLUIT, types_of
from services.documents.views import document_dict
from services.platform import Platform
from services.store.models import CaseEvent, Document

#: the timeline line of a recorded verzenddatum (policy.documents.DOCUMENT_EVENTS: it names the document)
EVENT = "besluit-verzonden"


def check_verzendbaar(doc: Document) -> None:
    """Only a besluit (not deleted) with its besluitdatum and no verzenddatum yet takes a verzenddatum."""
    if doc.verwijderd:
        raise Conflict(f"Document '{doc.titel}' is verwijderd.", code="document-verwijderd")
    if doc.informatieobjecttype != BESLUIT:
        raise Conflict(
            f"'{doc.titel}' is geen besluit; alleen een besluit krijgt een verzenddatum.",
            code="verzenddatum-zonder-besluit",
        )
    if doc.besluitdatum is None:
        raise Conflict(
            f"Het besluit '{doc.titel}' heeft geen besluitdatum; een besluit wordt verzonden nadat het is "
            "genomen. Voeg het besluit toe met zijn besluitdatum en verzenddatum.",
            code="besluit-zonder-besluitdatum",
        )
    if doc.verzenddatum is not None:
        raise Conflict(
            f"Het besluit '{doc.titel}' is al verzonden op {datum_nl(doc.verzenddatum)}; die datum wordt "
            "niet meer gewijzigd (de bezwaartermijn loopt ervan).",
            code="verzenddatum-al-vastgelegd",
        )


def record_verzenddatum(
    platform: Platform, document_id: int | str, username: str, verzenddatum: date
) -> dict[str, Any]:
    """Record the day an uploaded besluit was sent (or laid open). Whoever may upload a besluit (a
    behandelaar) may; a document the account may not read is unknown (404). Returns the document."""
    with platform.uow() as uow:
        s = uow.session
        doc, actor = readable_document(platform, s, document_id, username)
        case = case_by_key(s, doc.case_id, lock=True)
        check_case_open(case, "bijgewerkt")
        check_may_write(actor, case, types_of(platform).type(case.process_id, doc.informatieobjecttype))
        check_verzendbaar(doc)
        vandaag = today(platform.clock)
        check_besluit_dates(BESLUIT, doc.besluitdatum, verzenddatum, vandaag, ontvangen_op(case))
        now = platform.clock.now()
        doc.verzenddatum = verzenddatum
        s.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor=username,
                kind=EVENT,
                message=f"Besluit '{doc.titel}' verzonden op {datum_nl(verzenddatum)}.",
                public=False,
                data={"document": doc.id, "verzenddatum": verzenddatum.isoformat()},
            )
        )
        zgw_publication_documents.publish_verzending(s, case, doc.id, now, platform.settings)
        record_sending(s, case)  # a final letter's day is the one it is sent, now recorded
        uow.commit()
        return document_dict(doc, actor)
