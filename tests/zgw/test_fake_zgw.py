"""The in-memory ZGW stand-in refuses a moment or date in the future as Open Zaak 1.30 does (fake_zgw
NOT_IN_FUTURE): a status a second ahead of its wall clock got through the fake while the real Open Zaak
refused it (400 date-in-future; fd8a66f). The same refusals against a live Open Zaak:
test_publication_live.py::test_the_fake_refuses_the_dates_in_the_future_that_open_zaak_refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.zgw import payloads as p
from services.zgw.client import ZgwClient, ZgwRemoteError
from tests.zgw.contract import offline_config
from tests.zgw.fake_zgw import CAT, FakeZgw

#: 16 June 2026 at half past midnight in the Netherlands, still the 15th in UTC (Open Zaak's zone)
NOW = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeZgw:
    server = FakeZgw()
    server.wall_clock = lambda: NOW
    return server


def refusal(client: ZgwClient, api: str, resource: str, body: dict[str, object]) -> tuple[object, ...]:
    with pytest.raises(ZgwRemoteError) as refused:
        client.create(api, resource, body)
    problem = refused.value.body or {}
    return refused.value.status, refused.value.retryable, problem.get("title"), problem.get("invalidParams")


def test_a_status_a_second_ahead_of_the_wall_clock_is_refused_as_open_zaak_does(fake: FakeZgw) -> None:
    with ZgwClient(offline_config(), transport=fake) as client:
        zaak = client.create("zaken", "zaken", {"identificatie": "RFLOW-1"})["url"]
        statustype = CAT + "statustypen/ontvangen"
        ahead = refusal(
            client, "zaken", "statussen", p.status_create(zaak, statustype, NOW + timedelta(seconds=1))
        )
        at_now = client.create("zaken", "statussen", p.status_create(zaak, statustype, NOW))
    reason = {
        "name": "datumStatusGezet",
        "code": "date-in-future",
        "reason": "Deze datum mag niet in de toekomst zijn",
    }
    assert ahead == (400, False, "Ongeldige invoer.", [reason])
    assert fake.collection("statussen") == [at_now]  # the wall clock's now itself is not in the future


def test_a_besluit_dated_today_in_the_netherlands_is_in_the_future_before_it_is_today_in_utc(
    fake: FakeZgw,
) -> None:
    """Open Zaak compares a besluit's datum with the UTC date of its clock (UntilTodayValidator)."""
    body = {"besluittype": CAT + "besluittypen/verlenen", "ingangsdatum": "2026-06-16"}
    with ZgwClient(offline_config(), transport=fake) as client:
        dutch_today = refusal(client, "besluiten", "besluiten", {**body, "datum": "2026-06-16"})
        client.create("besluiten", "besluiten", {**body, "datum": "2026-06-15"})
    reason = {
        "name": "datum",
        "code": "future_not_allowed",
        "reason": "Deze waarde mag niet in de toekomst liggen.",
    }
    assert dutch_today == (400, False, "Ongeldige invoer.", [reason])
    assert [b["datum"] for b in fake.collection("besluiten")] == ["2026-06-15"]


def test_dates_open_zaak_does_not_check_may_lie_in_the_future(fake: FakeZgw) -> None:
    """A zaak's registratiedatum and startdatum, a besluit's ingangsdatum and a document's creatiedatum have
    no such check in Open Zaak 1.30: the fake takes them a day ahead as well."""
    tomorrow = (NOW.date() + timedelta(days=1)).isoformat()
    with ZgwClient(offline_config(), transport=fake) as client:
        client.create("zaken", "zaken", {"registratiedatum": tomorrow, "startdatum": tomorrow})
        client.create("besluiten", "besluiten", {"datum": NOW.date().isoformat(), "ingangsdatum": tomorrow})
        client.create("documenten", "enkelvoudiginformatieobjecten", {"creatiedatum": tomorrow})
    kept = {r: len(fake.collection(r)) for r in ("zaken", "besluiten", "enkelvoudiginformatieobjecten")}
    assert kept == {"zaken": 1, "besluiten": 1, "enkelvoudiginformatieobjecten": 1}


def test_by_default_the_fake_compares_with_its_wall_clock_as_open_zaak_does() -> None:
    server, now, statustype = FakeZgw(), datetime.now(UTC), CAT + "statustypen/ontvangen"
    with ZgwClient(offline_config(), transport=server) as client:
        zaak = client.create("zaken", "zaken", {})["url"]
        with pytest.raises(ZgwRemoteError, match="date-in-future"):
            client.create("zaken", "statussen", p.status_create(zaak, statustype, now + timedelta(minutes=1)))
        client.create("zaken", "statussen", p.status_create(zaak, statustype, now - timedelta(minutes=1)))
    assert len(server.collection("statussen")) == 1
