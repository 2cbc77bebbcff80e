"""What goes with a case's final besluit letter, however it came in: made in its task by the besluit editor
('Definitief maken') or filed as a document with its outcome (an import). Its own transaction writes its
publication in the zaakregistratie; after its commit the open tasks' choices are read again
(``reread_choices``). The upload both go through (services.documents.service) asks ``letter_written`` of
the document it writes. The resume of a paused case (services.beheer.resume) reads the choices again too:
a letter imported while it stood still was not read then."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import CaseStatus, TaskState
from processes.errors import RuimteflowError
from services.cases import run_step
from services.documents.types import BESLUIT
from services.engine.context import StepContext
from services.engine.runtime import StepResult
from services.engine.types import Workflow
from services.platform import Platform
from services.store.models import Case, Document, HumanTask
from services.zgw_publication_documents import publish_final_letter

log = logging.getLogger(__name__)


def letter_written(platform: Platform, s: Session, case: Case, doc: Document) -> bool:
    """In the transaction that writes ``doc``: when it is one of the case's final besluit letters
    (``is_final_letter``), its publication in the zaakregistratie is written in this same transaction
    (services.zgw_publication_documents.publish_final_letter), not left to a step after its commit that
    may fail or not run. Returns whether the open tasks' choices are read again (``reread_choices``) after
    the commit: the case has a task open whose choices may ask about the letter. Not in a case paused by
    beheer (it takes no step; the choice's refusal guards it, and its resume reads the choices again:
    services.beheer.resume) nor in one with no task open, such as a closed case: the read tried there was
    refused with a warning in the log, or recorded the closed case's end a second time."""
    if not is_final_letter(s, doc):
        return False
    publish_final_letter(s, case, platform.clock.now(), platform.settings)
    return case.status != CaseStatus.GEPAUZEERD and has_open_task(s, case.id)


def has_open_task(s: Session, case_id: int) -> bool:
    """Has the case a task open, whose choices ``reread_choices`` can read again?"""
    open_task = select(HumanTask.id).where(HumanTask.case_id == case_id, HumanTask.state == TaskState.OPEN)
    return s.scalar(open_task.limit(1)) is not None


def is_final_letter(s: Session, doc: Document) -> bool:
    """Is ``doc``, written in this transaction, one of its case's final besluit letters
    (``Document.final_besluiten_of``: of type besluit, final, with an outcome)? Only a document of type
    besluit is looked up."""
    if doc.informatieobjecttype != BESLUIT:
        return False
    final = select(Document.id).where(Document.id == doc.id, *Document.final_besluiten_of(doc.case_id))
    return s.scalar(final) is not None


def reread_choices(
    platform: Platform, case_key: int | str, username: str, after: str = "its besluit letter"
) -> None:
    """The open tasks' choices read again now that the case's besluit letter is final: a ``keuzes`` may
    ask about it ('Verdagen' is offered only while no letter is final, by the rule that refuses it:
    processes.termijnen.verdaging.verdaging_mogelijk). A step without an action (``WorkflowRuntime.reread``)
    after the letter's own commit, or after the commit of a paused case's resume (``after`` names which,
    for the log): a letter imported while it was paused, or the day passing a term's end, was not read.
    When it cannot run (the case paused or changed meanwhile, or any other failure, a database error too)
    the letter or the resume stands and succeeds: the choice's refusal still guards it, and the case's
    next step reads the choices again."""

    def act(wf: Workflow, ctx: StepContext, s: Session, case: Case) -> StepResult:
        return platform.runtime.reread(wf, ctx)

    try:
        run_step(platform, case_key, act, actor=username)
    except RuimteflowError as exc:
        log.warning("choices of case %s not read again after %s: %s", case_key, after, exc.code)
    except Exception:  # noqa: BLE001 - the letter is committed: its success is not undone by a read
        log.warning("choices of case %s not read again after %s", case_key, after, exc_info=True)
