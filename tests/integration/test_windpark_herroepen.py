"""A windpark whose permit the gemeente granted, and whose besluit is herroepen on bezwaar (review sessie14b,
finding 1): the beslissing op bezwaar's new besluit decides how the permit route ended. The windpark went on to
its grid connection with its transportverzoek kept, while its status page said the permit was refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services import cases, users
from services.clock import FixedClock
from services.documents.besluit import finalise_besluit
from services.platform import Platform
from tests.integration.energie_fixtures import doe, elementen, taak
from tests.integration.windpark_steps import at_the_permits_besluit, verlenen_invoer

#: the words of the officer's task per way the permit route ended (services.domain.energie_wind.AFLOOP_REDEN)
REDEN = {"geweigerd": "is geweigerd", "aanvraag ingetrokken": "aanvraag om de vergunning"}


def bezwaar_tegen_de_vergunning(platform: Platform, clock: FixedClock) -> tuple[Platform, str]:
    """A windpark whose called permit was granted and sent on 2 March 2026, a bezwaar against it received
    and registered (by "jur", Juridisch) on 20 March; 20 April now, 'Beslissen op bezwaar' open."""
    wp, ref = at_the_permits_besluit(platform)
    users.add_user(wp, "jur", groups=["Juridisch"], role="adviseur")
    finalise_besluit(wp, ref, "lead", verlenen_invoer())
    doe(wp, ref, "besluit", {"besluit": "verlenen", "motivering": "Past."}, user="tl")
    clock.set(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    cases.send_message(wp, ref, "bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-03-20"})
    doe(wp, ref, "bezwaar_registreren", {"soort": "bezwaar"}, user="jur")
    clock.set(datetime(2026, 4, 20, 8, 0, tzinfo=UTC))
    return wp, ref


@pytest.mark.parametrize(
    ("nieuw", "afloop"), [("weigeren", "geweigerd"), ("geen", "aanvraag ingetrokken"), (None, "verleend")]
)
def test_the_besluit_that_replaces_a_herroepen_permit_decides_the_windpark(
    platform: Platform, clock: FixedClock, nieuw: str | None, afloop: str
) -> None:
    wp, ref = bezwaar_tegen_de_vergunning(platform, clock)
    beslissing = {"actie": "beslissen", "beslist_op": "2026-04-20"}
    if nieuw is None:  # the bezwaar fails: the granted permit stands
        beslissing |= {"uitkomst": "ongegrond", "herroepen": False}
    else:
        beslissing |= {"uitkomst": "gegrond", "herroepen": True, "nieuw_besluit": nieuw}
    zaak = doe(wp, ref, "beslissen_op_bezwaar", beslissing, user="jur")
    if afloop == "verleend":  # the route goes on to the grid connection, the request kept
        assert "transportverzoek_intrekken" not in elementen(zaak)
        assert zaak["samenvatting"]["gegevens"]["vergunning"]["afloop"] == "verleend"
        return
    # as for a refused or withdrawn permit: an officer withdraws the grid request, told why
    assert elementen(zaak) == ["transportverzoek_intrekken"]
    assert zaak["samenvatting"]["netcapaciteit"]["status"] == "wordt ingetrokken"
    assert REDEN[afloop] in taak(wp, ref, "transportverzoek_intrekken")["reden"]
