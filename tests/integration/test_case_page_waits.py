"""The case page's "Wacht op" names the waits the model declares, in the words the status page uses.

Review projectleider13, 3: the line printed the name of every element the engine waited at, boundary
events and event-subprocess starts among them ("Intrekking ontvangen; Vergunning geweigerd;
Transportverzoek" on a windpark waiting for the netbeheerder, "Herinnering; Signalen; Te laat" on a
wijkuitvoeringsplan). It lists only the elements with a ``wacht_op`` (their filled text) and ``houder``,
as the case's last step recorded them (services/waits/store.last_snapshot), and is left out when the
case waits on none.
"""

from __future__ import annotations

import re

from services import cases, users
from services.platform import Platform
from tests.e2e.harness import logged_in, page_text
from tests.integration import test_windpark as windpark
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform
from web import create_app

PASSWORD = "wacht-op-de-netbeheerder"


def _waits_line(platform: Platform, ref: str) -> str | None:
    """The "Wacht op" line of the case page's "Gegevens" as pim reads it; None without one."""
    users.add_user(
        platform,
        "pim",
        groups=["Projectleider warmtetransitie", "Energie en Klimaat"],
        role="projectleider",
        password=PASSWORD,
    )
    client = logged_in(create_app(platform.settings, platform=platform), "pim", PASSWORD)
    page = client.get(f"/zaken/{ref}")
    assert page.status_code == 200, page.text[:300]
    assert "<dt>Stand</dt>" in page.text  # the section is there
    found = re.findall(r"<dt>Wacht op</dt><dd>(.*?)</dd>", page.text, flags=re.S)
    assert len(found) <= 1, found
    return page_text(found[0]).strip() if found else None


def test_a_windpark_waiting_for_the_netbeheerder_names_that_wait_not_its_boundary_events(
    platform: Platform,
) -> None:
    wp = energie_platform(platform, WIND_MODELLEN)
    ref = windpark.start(wp, 4.2)["zaak"]  # participatie open, the transportverzoek sent
    waiting = cases.get_case(wp, ref)["wacht_op"]
    assert waiting.startswith("wacht op antwoord netbeheerder (uiterlijk ")
    assert _waits_line(wp, ref) == f"Netbeheerder: {waiting}"


def test_a_case_whose_model_declares_no_wait_has_no_wait_line(platform: Platform) -> None:
    wp = energie_platform(platform, WIND_MODELLEN)
    ref = windpark.start(wp, 4.2)["zaak"]
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert cases.get_case(wp, ref)["wacht_op"] == "in behandeling bij Energie en Klimaat"  # participatie
    assert _waits_line(wp, ref) is None
