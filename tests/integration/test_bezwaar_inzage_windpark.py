"""The bezwaarjurist reads the bezwaar on a windpark too, whose permit is a called omgevingsvergunning.

[taakvelden] names a task by "<process id>.<task id>" of the model that draws it. On a windpark case the
bezwaar tasks are the called omgevingsvergunning's ('Bezwaar of beroep registreren', offered to
Juridisch), but the fields were looked up by the case's process ("windpark"), which names no task: the
Juridisch adviser offered or completing the task read no bezwaar and opened no bezwaar document by its
level. Each task row now records the model it belongs to (human_task.process_id), and [taakvelden] is
matched against that. Every other adviser of the windpark still reads nothing of the bezwaar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic import command
from sqlalchemy import select

from services import case_queries, cases, policy, users
from services.documents.besluit import finalise_besluit
from services.platform import Platform
from services.store import db
from services.store.models import Case, HumanTask
from tests.conftest import FixedClock
from tests.integration.energie_fixtures import doe, taak
from tests.integration.migration_steps import run_migration
from tests.integration.test_bezwaar_inzage import BEZWAAR
from tests.integration.windpark_steps import at_the_permits_besluit, verlenen_invoer


def _reads(wp: Platform, ref: str, who: str) -> dict[str, Any] | None:
    """The bezwaar as ``who`` reads it in the case (the API's view); None when left out."""
    case = case_queries.read_case(wp, ref, who)
    return (case["samenvatting"].get("gegevens") or {}).get("bezwaar")


def _reads_document(wp: Platform, ref: str, who: str, doc_type: str) -> bool:
    """May ``who`` open a vertrouwelijk document of ``doc_type`` on the case, not shared with it?"""
    rules = policy.rules(wp.settings)
    with wp.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        actor = policy.document_actor(s, policy.actor_for(s, who), case, rules)
    return policy.may_read_document(
        actor, vertrouwelijkheid="vertrouwelijk", uploaded_by="pim", informatieobjecttype=doc_type
    )


def _models(wp: Platform, ref: str) -> dict[str, str]:
    """Per task element of the case, the model its row records."""
    with wp.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == ref)).one()
        rows = uow.session.execute(
            select(HumanTask.bpmn_id, HumanTask.process_id).where(HumanTask.case_id == case_id)
        ).all()
    return {str(bpmn_id): str(process_id) for bpmn_id, process_id in rows}


def _bezwaar(platform: Platform, clock: FixedClock) -> tuple[Platform, str]:
    """A windpark whose permit the gemeente granted, with a bezwaar against it received."""
    wp, ref = at_the_permits_besluit(platform)
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    clock.set(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    cases.send_message(wp, ref, "bezwaar", {**BEZWAAR, "ontvangen_op": "2026-03-20"})
    return wp, ref


def test_the_bezwaarjurist_reads_the_bezwaar_on_a_windpark_and_another_adviser_does_not(
    platform: Platform, clock: FixedClock
) -> None:
    wp, ref = _bezwaar(platform, clock)
    users.add_user(wp, "jur", groups=["Juridisch"], role="adviseur")
    users.add_user(wp, "ro", groups=["Ruimtelijke Ordening"], role="adviseur")
    registreren = taak(wp, ref, "bezwaar_registreren")
    assert registreren["kandidaatgroepen"] == ["Juridisch"]

    # offered to Juridisch: who takes it judges the bezwaar first
    assert _reads(wp, ref, "jur") == {**BEZWAAR, "ontvangen_op": "2026-03-20"}
    assert _reads_document(wp, ref, "jur", "bezwaar")
    # the adviser of Ruimtelijke Ordening advised on the permit: no bezwaar for it
    assert _reads(wp, ref, "ro") is None
    assert not _reads_document(wp, ref, "ro", "bezwaar")

    cases.complete_task(wp, registreren["id"], "jur", {"soort": "bezwaar"})
    assert _reads(wp, ref, "jur") == {**BEZWAAR, "ontvangen_op": "2026-03-20"}  # its work, for good
    assert _reads_document(wp, ref, "jur", "bezwaar")
    assert not _reads_document(wp, ref, "jur", "zienswijze")  # no other third party's submission
    assert _reads(wp, ref, "ro") is None

    models = _models(wp, ref)
    assert models["bezwaar_registreren"] == "omgevingsvergunning"
    assert models["advies_geven"] == "omgevingsvergunning"  # in the permit's embedded adviesronde
    assert models["advies"] == "windpark"  # the windpark's own


def test_the_migration_gives_the_rows_written_before_the_model_that_draws_them(
    platform: Platform, clock: FixedClock
) -> None:
    """Migration 0036 fills human_task.process_id from the deployed files of the case's version."""
    wp, ref = _bezwaar(platform, clock)
    before = _models(wp, ref)
    assert before["bezwaar_registreren"] == "omgevingsvergunning" and before["advies"] == "windpark"
    engine = db.make_engine(wp.settings.database_url)
    try:
        run_migration(engine, command.downgrade, "0035")
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()
    assert _models(wp, ref) == before
