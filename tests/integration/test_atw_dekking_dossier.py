"""The case file and the status page say why a beslistermijn ending in 2029 is provisional (review
sessie8b 5: the case file said "de termijn is opgeschort" while nothing was suspended; the reason is that
the days equated with a holiday after 2028 are not published yet, Atw art. 3 lid 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services import users
from services.clock import FixedClock
from services.status import view
from tests.e2e.harness import log_in
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2028, 12, 4, 9, 0, tzinfo=UTC))  # Monday 4 December 2028


def test_the_case_file_and_the_status_page_name_the_holiday_reason(z: Omgeving) -> None:
    from web import create_app

    case = z.start()
    assert case["uiterlijkeEinddatumAfdoening"].startswith("2029-")
    assert case["termijn_uitleg"]["voorlopig"] is True and case["opschorting"]["indicatie"] is False
    password = "geheim-wachtwoord-1"
    users.add_user(
        z.p, "anna", groups=["Vergunningen"], role="vergunningverlener", password=password, bijwerken=True
    )
    app = create_app(z.p.settings, platform=z.p)
    app.config["TESTING"] = True
    client = app.test_client()
    log_in(client, "anna", password)
    page = client.get(f"/zaken/{z.ref}").text
    assert "de termijn is opgeschort" not in page
    assert "met een feestdag worden gelijkgesteld (Atw art. 3 lid 3), is nog niet bekendgemaakt" in page
    public = view.public_status(z.p, str(case["volgcode"]))["termijn"]["toelichting"]
    assert "nog niet bekendgemaakt" in public and "aanvulling" not in public
