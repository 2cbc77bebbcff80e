"""A windpark whose called permit was put buiten behandeling, and that buitenbehandelingstelling herroepen on
bezwaar (review sessie15c, F1). Under the stopgap the aanvraag was to be registered anew as a new case, so the
windpark ended on its own reason (BB_HERROEPEN in services/domain/energie_wind.py, still the end of a permit
that ran under that model version). Now the beslissing op bezwaar takes the aanvraag back in handling in the
permit case itself ("behandelen", Awb 7:11 lid 2): the permit goes back to its assessment with a beslistermijn
that starts again, and the windpark waits for it as it waits for any permit; nothing is withdrawn."""

from __future__ import annotations

from sqlalchemy import update

from services import cases, users
from services.clock import FixedClock, today
from services.platform import Platform
from services.store.models import Case
from tests.integration.energie_fixtures import buiten_behandeling_stellen, doe, publiek, taak
from tests.integration.test_windpark_intrekking import wp
from tests.integration.windpark_steps import permitroute

__all__ = ["wp"]  # the windpark tests' fixture


def _buiten_behandeling_herroepen(wp: Platform, clock: FixedClock) -> str:
    """A windpark whose permit was put buiten behandeling and, on the applicant's bezwaar, herroepen with the
    aanvraag handled anew in the permit case."""
    ref = permitroute(wp)
    with wp.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    aanvulling = {"compleet": False, "ontbrekend": "akoestisch onderzoek", "aanvullingstermijn_dagen": 14}
    doe(wp, ref, "ontvankelijkheid", aanvulling)
    buiten_behandeling_stellen(wp, ref, clock)
    clock.advance(days=10)
    users.add_user(wp, "jur", groups=["Juridisch"], role="adviseur")
    bezwaar = {"soort": "bezwaar", "ontvangen_op": today(clock).isoformat(), "indiener": "de aanvrager"}
    cases.send_message(wp, ref, "bezwaar", bezwaar)
    doe(wp, ref, "bezwaar_registreren", {"soort": "bezwaar"}, user="jur")
    beslissing = {"actie": "beslissen", "uitkomst": "gegrond", "beslist_op": today(clock).isoformat()}
    doe(
        wp,
        ref,
        "beslissen_op_bezwaar",
        beslissing | {"herroepen": True, "nieuw_besluit": "behandelen"},
        user="jur",
    )
    return ref


def test_a_herroepen_buitenbehandelingstelling_takes_the_windparks_permit_back_to_its_assessment(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _buiten_behandeling_herroepen(wp, clock)
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "lopend" and not zaak.get("incident"), zaak.get("incident")
    elementen = {t["element"] for t in zaak["open_taken"]}
    assert "beoordelen" in elementen and "transportverzoek_intrekken" not in elementen, elementen
    assert taak(wp, ref, "beoordelen")["vervaldatum"] == zaak["uiterlijkeEinddatumAfdoening"]
    regels = publiek(zaak)
    assert any("de aanvraag wordt in deze zaak opnieuw in behandeling genomen" in r for r in regels), regels
    assert not any("Transportverzoek ingetrokken" in r for r in regels), regels
