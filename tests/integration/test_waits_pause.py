"""A case paused by beheer is held by beheer from the pause to the resume, not by the team.

Reviewer finding: a permit case paused an hour after its start still showed Vergunningen as its holder
14 days later, with those working days counted for the team (also after 'wachten herbouw'), while
every step of the team was refused with zaak-gepauzeerd.
"""

from __future__ import annotations

from sqlalchemy import select

from services import beheer
from services.store.models import Case, HolderInterval
from services.waits import store, timeline
from tests.integration.test_omgevingsvergunning import Omgeving, locatie, z

__all__ = ["locatie", "z"]  # the permit scenario's fixtures


def _rows(z: Omgeving) -> list[tuple[str, str]]:
    with z.p.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        rows = uow.session.scalars(
            select(HolderInterval).where(HolderInterval.case_id == case.id).order_by(HolderInterval.seq)
        )
        return [(r.holder, r.kind) for r in rows]


def _now(z: Omgeving) -> dict:
    with z.p.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        return timeline.timeline(uow.session, case, z.clock.now(), public=False)["nu"]


def test_a_paused_case_is_held_by_beheer_until_it_is_resumed(z: Omgeving) -> None:
    z.start()
    z.later(hours=1)
    beheer.suspend(z.p, z.ref, "bea", "storing in koppeling")
    z.later(days=14)
    assert _now(z)["houder"] == "Beheer (gepauzeerd)"
    assert _rows(z)[-1] == ("Beheer (gepauzeerd)", "systeem")
    store.rebuild(z.p)
    assert _rows(z)[-1] == ("Beheer (gepauzeerd)", "systeem")
    beheer.resume(z.p, z.ref, "bea")
    assert _now(z)["houder"] == "Vergunningen"
    assert [h for h, _ in _rows(z)][-3:] == ["Vergunningen", "Beheer (gepauzeerd)", "Vergunningen"]


def test_a_step_at_the_moment_of_the_resume_keeps_the_pause(z: Omgeving) -> None:
    """The step subscriber carries the intervals on from the moment of the resume; a step at that same
    moment (a fixed clock) must not derive the paused days back to the team."""
    z.start()
    z.later(hours=1)
    beheer.suspend(z.p, z.ref, "bea")
    z.later(days=14)
    beheer.resume(z.p, z.ref, "bea")
    z.doe("anna", "Ontvankelijkheid beoordelen", {"compleet": True})
    assert "Beheer (gepauzeerd)" in [h for h, _ in _rows(z)]
