"""What goes with a case's final besluit letter, however it came in: made in its task by the besluit editor
('Definitief maken') or filed as a document with its outcome (an import). Its own transaction writes its
publication in the zaakregistratie, as does that of a final scan of a besluit without an outcome; after its
commit the open tasks' choices are read again (services.task_choices.reread_choices). The upload both go
through (services.documents.service) asks ``letter_written`` of the document it writes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus
from services.documents.types import BESLUIT
from services.platform import Platform
from services.projection_case import record_letter
from services.step_reads import SessionReads
from services.store.models import Case, Document
from services.task_choices import has_open_task
from services.zgw_publication_documents import publish_final_letter


def letter_written(platform: Platform, s: Session, case: Case, doc: Document) -> bool:
    """In the transaction that writes ``doc``: when it is a final besluit of the case, one of its final
    besluit letters (``is_final_letter``) or a scan of one without an outcome (a final document of type
    besluit: its besluittype is read at delivery from the task begun before its upload), its publication
    in the zaakregistratie is written in this same transaction
    (services.zgw_publication_documents.publish_final_letter), not left to a step after its commit that
    may fail or not run, or to the worker's sweep; so is the day a final letter is sent, into the case's
    summary (``record_sending``). Returns whether the open tasks' choices are read again
    (``reread_choices``) after the commit: the document is a final letter (the choices ask about its
    outcome) and the case has a task open whose choices may ask about the letter. Not in a case paused by
    beheer (it takes no step; the choice's refusal guards it, and its resume reads the choices again:
    services.beheer.resume) nor in one with no task open, such as a closed case: the read tried there was
    refused with a warning in the log, or recorded the closed case's end a second time."""
    if doc.informatieobjecttype != BESLUIT or doc.status != "definitief":
        return False
    publish_final_letter(s, case, platform.clock.now(), platform.settings)
    if not is_final_letter(s, doc):
        return False
    record_sending(s, case)
    return case.status != CaseStatus.GEPAUZEERD and has_open_task(s, case.id)


def record_sending(s: Session, case: Case) -> None:
    """In the transaction that makes a final besluit letter of ``case`` or records its verzenddatum
    (services.documents.verzending): the letter that now stands, with the day it is sent, into the case's
    summary (services.projection_case.record_letter), from which each step derives ``Case.decided_on``
    without reading the letter."""
    record_letter(case, SessionReads(s).final_besluit(case.id))


def is_final_letter(s: Session, doc: Document) -> bool:
    """Is ``doc``, written in this transaction, one of its case's final besluit letters
    (``Document.final_besluiten_of``: of type besluit, final, with an outcome)? Only a document of type
    besluit is looked up."""
    if doc.informatieobjecttype != BESLUIT:
        return False
    final = select(Document.id).where(Document.id == doc.id, *Document.final_besluiten_of(doc.case_id))
    return s.scalar(final) is not None
