"""Load and save the workflow of a case: the instance in ``workflow_state``, its spec once in ``workflow_spec``.

The spec of a deployed version is stored once under its content hash (at deploy, or at the first save
that uses it) and each process keeps the built spec objects (``WorkflowRuntime.specs``), so a step
neither rebuilds nor rewrites the model. A document in the format before migration 0004 (spec inside)
still loads and is written back in the new format.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from processes.nederlands import getal
from services.engine.hot import HotInstances
from services.engine.outcome import ScriptLimitError
from services.engine.runtime import SERIALIZER_VERSION
from services.engine.types import ProcessSpec, Workflow
from services.platform import Platform
from services.store.models import Case, WorkflowSpec, WorkflowState
from services.store.uow import after_commit


def load_workflow(platform: Platform, s: Session, case: Case) -> Workflow:
    """The case's workflow: the hot instance of its stored version and document when this process
    kept one (``Settings.hot_instances``), else rebuilt from the stored document."""

    document = case.workflow.document
    hot = _hot(platform)
    kept = hot.take(case.id, case.version, document) if hot is not None else None
    return kept if kept is not None else read_workflow(platform, s, case)


def read_workflow(platform: Platform, s: Session, case: Case) -> Workflow:
    """A copy of the case's workflow rebuilt from the stored document, to look at: a hot instance stays
    where it is."""

    def fetch(digest: str) -> str | None:
        return s.scalar(select(WorkflowSpec.document).where(WorkflowSpec.spec_hash == digest))

    return platform.runtime.load(case.workflow.document, fetch)


def _hot(platform: Platform) -> HotInstances | None:
    size = platform.settings.hot_instances
    if size <= 0:
        return None
    hot = platform.runtime.instances
    hot.size = size
    return hot


#: The largest workflow document stored for a case (its task data and engine state, as JSON), in characters.
#: A script may build values of up to 10 million characters each (services/engine/sandbox_limits.py); a
#: step whose document would be larger is rolled back as a script past its limits (an incident), so that a
#: model that piles them up (50 texts of 9.9 million: 505 MB) never has them stored or rewritten each step.
MAX_DOCUMENT_CHARS = 25_000_000


def _miljoen(n: int) -> str:
    return getal(n / 1_000_000, 1)


def checked_size(document: str) -> str:
    """``document`` when it is within ``MAX_DOCUMENT_CHARS``; else the step's Dutch refusal."""
    if len(document) > MAX_DOCUMENT_CHARS:
        raise ScriptLimitError(
            f"De gegevens van de zaak (taakgegevens en processtand) zouden na deze stap "
            f"{_miljoen(len(document))} miljoen tekens beslaan; er wordt ten hoogste "
            f"{_miljoen(MAX_DOCUMENT_CHARS)} miljoen opgeslagen. De stap is teruggedraaid: maakt een script "
            "van het model te grote waarden?"
        )
    return document


_STATE: Table = WorkflowState.__table__  # type: ignore[assignment]
_WRITE_STATE = (
    update(_STATE)
    .where(_STATE.c.case_id == bindparam("key"))
    .values(document=bindparam("doc"), serializer_version=bindparam("ver"))
)


def save_workflow(platform: Platform, s: Session, case: Case, wf: Workflow) -> None:
    document = checked_size(platform.runtime.dump(wf))
    hot = _hot(platform)
    if hot is not None:  # kept as the version the commit leaves (read then: later flushes bump it too)
        after_commit(s, lambda: hot.put(case.id, case.version, document, wf))
    store_spec(platform, s, wf.spec, wf.subprocess_specs, case.process_id)
    row = case.workflow
    if row is None:
        s.add(WorkflowState(case_id=case.id, document=document, serializer_version=SERIALIZER_VERSION))
        return
    # one Core UPDATE, not a unit-of-work entry in the step's flush; the loaded row is told the new
    # values as stored (nothing reads them in this step, but the session must not hold the old ones)
    # the step's other changes are flushed together, later; no ORM execution path (store.db.plain)
    s.connection().execute(_WRITE_STATE, {"key": case.id, "doc": document, "ver": SERIALIZER_VERSION})
    set_committed_value(row, "document", document)
    set_committed_value(row, "serializer_version", SERIALIZER_VERSION)


def store_spec(
    platform: Platform, s: Session, spec: ProcessSpec, subs: Mapping[str, ProcessSpec], process_id: str
) -> str:
    """Make sure the spec's row exists; returns its hash. After the first commit this costs nothing."""
    book = platform.runtime.specs
    digest, document = book.register(spec, subs)
    if document is None:
        return digest  # known to be stored
    exists = s.scalar(select(WorkflowSpec.spec_hash).where(WorkflowSpec.spec_hash == digest))
    if exists is None:
        row = WorkflowSpec(
            spec_hash=digest, process_id=process_id, document=document, created_at=platform.clock.now()
        )
        try:
            with s.begin_nested():  # another process may store the same spec at the same moment
                s.add(row)
        except IntegrityError:
            pass
    # only once committed may this process stop checking (a rolled-back insert must be retried)
    after_commit(s, lambda: book.mark_stored(digest))
    return digest
