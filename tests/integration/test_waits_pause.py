"""A case paused by beheer is held by beheer from the pause to the resume, not by the team.

Reviewer finding: a permit case paused an hour after its start still showed Vergunningen as its holder
14 days later, with those working days counted for the team (also after 'wachten herbouw'), while
every step of the team was refused with zaak-gepauzeerd.
"""

from __future__ import annotations

import pytest
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


# -- review of d654f31 (sessie7b): what a paused case receives, and what it does to the timeline ------
def test_an_organisations_answer_waits_for_the_resume_of_a_paused_case(platform):
    """Only what the initiator may send reaches a paused case (its receipt day counts): a netbeheerder's
    answer finished a paused transportverzoek, and beheer could no longer resume it."""
    from processes.errors import Conflict
    from services import beheer, cases, users
    from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform

    p = platform
    energie_platform(p, WIND_MODELLEN)
    users.add_user(p, "nina", groups=["Netbeheerder"], role="medewerker")
    ref = cases.start_case(p, "transportverzoek", {"vermogen_mva": 2.5, "richting": "afname"}, user="pim")[
        "zaak"
    ]
    beheer.suspend(p, ref, "bea", "onderzoek")
    with pytest.raises(Conflict) as refused:
        cases.send_message(p, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"}, actor="nina")
    assert refused.value.code == "zaak-gepauzeerd"
    assert cases.get_case(p, ref)["status"] == "gepauzeerd"
    beheer.resume(p, ref, "bea")
    assert cases.send_message(p, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"}, actor="nina")


def test_an_aanvulling_received_while_paused_leaves_the_case_held_by_beheer(z: Omgeving) -> None:
    """The paused case receives the initiator's aanvulling, but the step's timeline update closed the
    pause and gave the paused days to the team (Nu bij: Vergunningen), unlike a rebuild."""
    from services import cases

    z.start()
    z.tekening_gevraagd("Ontvankelijkheid beoordelen")
    z.later(hours=1)
    beheer.suspend(z.p, z.ref, "bea", "onderzoek")
    z.later(days=3)
    cases.send_message(z.p, z.ref, "aanvulling", {"tekst": "De tekening."}, via_code=True)
    assert _now(z)["houder"] == "Beheer (gepauzeerd)"
    incremental = _rows(z)
    store.rebuild(z.p)
    assert _rows(z) == incremental  # the step's update says what a rebuild says
