"""The open tasks' choices read again without an action. A step reads each open task's ``keuzes`` and keeps
its form as they read then (services.projections); this step (``WorkflowRuntime.reread``) reads them when
what they ask changed without one: after the commit of a case's final besluit letter (the upload,
services.documents.service, asks services.documents.final_letter.letter_written) and after a paused case's
resume (services.beheer.resume): a letter imported while it stood still, or the day passing a term's end."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import TaskState
from processes.errors import RuimteflowError
from services.cases import run_step
from services.engine.context import StepContext
from services.engine.runtime import ScriptLimitError, StepResult
from services.engine.types import Workflow
from services.platform import Platform
from services.store.models import Case, HumanTask

log = logging.getLogger(__name__)


def has_open_task(s: Session, case_id: int) -> bool:
    """Has the case a task open, whose choices ``reread_choices`` can read again?"""
    open_task = select(HumanTask.id).where(HumanTask.case_id == case_id, HumanTask.state == TaskState.OPEN)
    return s.scalar(open_task.limit(1)) is not None


def reread_choices(
    platform: Platform, case_key: int | str, username: str, after: str = "its besluit letter"
) -> None:
    """The open tasks' choices read again, as after a case's besluit letter made final: a ``keuzes`` may
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
        # the case stands as it stood when the read fails: no incident but a script's limit (as before)
        run_step(platform, case_key, act, actor=username, incident_for=ScriptLimitError)
    except RuimteflowError as exc:
        log.warning("choices of case %s not read again after %s: %s", case_key, after, exc.code)
    except Exception:  # noqa: BLE001 - the letter is committed: its success is not undone by a read
        log.warning("choices of case %s not read again after %s", case_key, after, exc_info=True)
