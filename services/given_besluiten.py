"""The worker's pass completes the task that takes a besluit once its final letter is given.

A besluit is taken and made known by its final letter, on the day that letter is sent (Awb 3:40, 3:41;
``processes.termijnen.besluitbrief.gegeven_op``). The officer makes the letter final in the task that takes
the besluit ('Besluit nemen': the editor's 'Definitief maken', or an upload of the final letter with its
outcome, or a verzenddatum recorded later: services.documents.verzending), and the process learns of the
besluit only when that task completes: until then the bezwaar is refused, the besluit's mails wait, and a
running dwangsom is not set. So the pass completes that task itself, as the officer would, on the day the
letter is sent: through the ordinary completion (``cases.complete_task``: the same rights, form and model
checks, such as the instemmingen and 'Besluiten' rather than 'Verdagen'), with what the letter carries
(outcome, voorschriften, motivering), by the task's holder or else the letter's maker. A letter sent today
is taken on the next pass (seconds); one dated ahead on its sending day; a case left with a sent letter and
its task open (by an earlier release, or an officer who did not complete it) on the first pass. Each such
completion writes a line in the case's history (``EVENT``). A completion that is refused (the form or the
model refuses the letter's content, the maker may no longer complete it) is refused the same way on every
pass, so it makes the case an incident, as a timer step's refusal does (services.case_timers): beheer's list
shows it with the reason, the pass skips it (it takes running cases only) and its timers wait. It ends as
any incident does: the officer completes the task (``incidents.end_when_passed``: the failed task is
recorded), or beheer's 'Opnieuw proberen' once the cause is gone, after which the next pass tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from processes.constants import CaseStatus, TaskState
from processes.errors import RuimteflowError
from processes.termijnen.datums import datum_nl
from services import cases, incidents
from services.clock import today
from services.documents.besluit import made_in
from services.documents.besluit_taak import open_besluit_task, task_besluit_outcomes
from services.platform import Platform
from services.store.models import Case, CaseEvent, Document, HumanTask

log = logging.getLogger("ruimteflow.given_besluiten")

#: the history line of a besluit task completed by its sent letter (web/faces/event_kinds.py)
EVENT = "besluit-bij-verzending"
#: who writes that line
SYSTEM = "systeem"
#: the codes of a completion that lost to another one of the same task (services.inbox, run_step)
MEANWHILE = frozenset({"taak-niet-open", "gelijktijdige-wijziging"})


@dataclass(frozen=True)
class ByLetter:
    """A besluit task to complete with its given letter: by whom, with which form data."""

    task_id: int
    task_name: str
    actor: str
    data: dict[str, Any]
    document_id: int
    titel: str
    verzenddatum: date
    #: the case's version when read: a refusal makes an incident only of the case as it was refused
    version: int


def complete_given_besluiten(platform: Platform, stop: Callable[[], bool] = lambda: False) -> int:
    """Complete the open besluit task of each running case whose final letter, made in that task, is sent
    by today; return how many it completed. ``stop`` ends the pass between cases."""
    day = today(platform.clock)
    done = 0
    for case_id in _candidates(platform, day):
        if stop():
            break
        try:
            done += _complete(platform, case_id, day)
        except Exception:  # noqa: BLE001 - one case's failure does not stop the others
            log.warning("besluit task of case %s not completed by its letter", case_id, exc_info=True)
    return done


def _refused(platform: Platform, case_id: int, day: date, found: ByLetter, exc: RuimteflowError) -> None:
    """A refused completion: the case becomes an incident, so no pass tries it again until beheer's retry
    or the officer's completion ends it; logged as a warning. Only when the case still stands as it was
    refused (running, the same version, task and letter: read again under its lock), so a worker that lost
    to another step (the officer's, another worker's) marks nothing; a task completed meanwhile (by the
    officer, or by another worker's pass on the same case) is no refusal: logged at debug level."""
    message = "besluit task of case %s not completed by its letter: %s"
    if exc.code in MEANWHILE:
        log.debug(message, case_id, exc.code)
        return
    log.warning(message, case_id, exc.code)
    with platform.uow() as uow:
        s = uow.session
        case = uow.cases.get(case_id, lock=True)
        if case.status != CaseStatus.LOPEND or by_letter(s, case_id, day) != found:
            return  # changed meanwhile: the next pass reads it anew
        detail = (
            f"Taak '{found.task_name}' is niet afgerond met het verzonden besluit '{found.titel}': "
            f"{exc.detail} Rond de taak zelf af, of kies 'Opnieuw proberen' als de oorzaak is weggenomen."
        )
        failed = incidents.failed_at(exc, found.task_id)
        incidents.commit_begun(uow, platform.settings, case_id, detail, platform.clock.now(), failed)


def _candidates(platform: Platform, day: date) -> list[int]:
    """The running cases whose first open besluit task has its letter (``made_in``: the last final besluit
    made since the task opened, still the case's besluit) sent by ``day``, stating one of the task's
    outcomes: the cases ``by_letter`` completes, in one read (the outcomes from the task's form, or from its
    case's model version: ``task_besluit_outcomes``, read once per version)."""
    zaak, later = aliased(Case), aliased(Document)  # the Case of standing_final_besluiten stays its own
    made_since = select(later.id).where(
        *later.final_besluiten_of(Document.case_id),
        later.id > Document.id,
        later.created_at >= HumanTask.created_at,
    )
    query = (
        select(
            HumanTask.case_id,
            zaak.definition_id,
            HumanTask.form_schema,
            HumanTask.bpmn_id,
            Document.besluit_uitkomst,
        )
        .select_from(zaak)
        .join(HumanTask, HumanTask.case_id == zaak.id)
        .join(Document, Document.case_id == zaak.id)
        .where(
            zaak.status == CaseStatus.LOPEND,
            HumanTask.state == TaskState.OPEN,
            *Document.standing_final_besluiten(),
            Document.verzenddatum <= day,
            Document.created_at >= HumanTask.created_at,
            ~made_since.exists(),
        )
        .order_by(zaak.id, HumanTask.id)
    )
    decided: dict[int, bool] = {}  # per case: whether its first besluit task takes its letter
    with platform.uow(write=False) as uow:
        for row in uow.session.execute(query):  # the task's and its case's columns read, no whole rows
            outcomes = task_besluit_outcomes(uow.session, row, row) if row.case_id not in decided else []
            if outcomes:
                decided[row.case_id] = row.besluit_uitkomst in outcomes
    return [case_id for case_id, takes in decided.items() if takes]


def _complete(platform: Platform, case_id: int, day: date) -> int:
    """Complete the case's besluit task with its letter, when it has one to complete; 1 when it did."""
    with platform.uow(write=False) as uow:
        found = by_letter(uow.session, case_id, day)
    if found is None:
        return 0

    def audit(s: Session, case: Case) -> None:
        s.add(
            CaseEvent(
                case_id=case.id,
                at=platform.clock.now(),
                actor=SYSTEM,
                kind=EVENT,
                message=(
                    f"Taak '{found.task_name}' afgerond met het besluit '{found.titel}', verzonden op "
                    f"{datum_nl(found.verzenddatum)}: een verzonden besluit is genomen en bekendgemaakt "
                    "(artikel 3:40 en 3:41 Awb)."
                ),
                public=False,
                data={"document": found.document_id, "taak": found.task_id, "door": found.actor},
            )
        )

    try:
        cases.complete_task(platform, found.task_id, found.actor, found.data, before_commit=audit)
    except RuimteflowError as exc:
        _refused(platform, case_id, day, found, exc)
        return 0
    return 1


def by_letter(s: Session, case_id: int, day: date) -> ByLetter | None:
    """The case's open besluit task with the final letter made in it, when that letter is sent by ``day``
    and states one of the task's outcomes; None otherwise."""
    case = s.get(Case, case_id)
    found = open_besluit_task(s, case) if case is not None else None
    if case is None or found is None:
        return None
    task, outcomes = found
    doc = made_in(s, task)
    if (
        doc is None
        or doc.verzenddatum is None
        or doc.verzenddatum > day
        or doc.besluit_uitkomst not in outcomes
    ):
        return None
    return ByLetter(
        task_id=task.id,
        task_name=task.name,
        actor=task.assignee or doc.uploaded_by,
        data=letter_data(task.form_schema, doc),
        document_id=doc.id,
        titel=doc.titel,
        verzenddatum=doc.verzenddatum,
        version=case.version,
    )


def letter_data(schema: dict[str, Any] | None, doc: Document) -> dict[str, Any]:
    """The task's form filled in as the letter states it, for the fields the form has: the action
    'besluiten', the outcome, the voorschriften (a permit's) and the motivering (or, in a form without one,
    the toelichting); a letter made before its motivering was stored refers to itself."""
    props = (schema or {}).get("properties") or {}
    motivering = doc.besluit_motivering or f"Zie het besluit '{doc.titel}' in het zaakdossier."
    toelichting_max = int((props.get("toelichting") or {}).get("maxLength") or len(motivering))
    given: dict[str, Any] = {
        "actie": "besluiten",
        "besluit": doc.besluit_uitkomst,
        "voorschriften": list(doc.besluit_voorschriften or []) if doc.besluit_uitkomst == "verlenen" else [],
        "motivering": motivering,
        "toelichting": motivering
        if len(motivering) <= toelichting_max
        else f"Zie het besluit '{doc.titel}'.",
    }
    if "besluiten" not in ((props.get("actie") or {}).get("enum") or ["besluiten"]):
        del given["actie"]
    return {k: v for k, v in given.items() if k in props}
