"""A besluit dated the Dutch today, delivered between Dutch midnight and 00:00 UTC: Open Zaak 1.30 compares a
besluit's datum with the UTC date of its clock (UntilTodayValidator, 400 future_not_allowed), so until 00:00
UTC the Dutch today is its tomorrow. The delivery waits for that moment instead of being refused for good."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import select

from services import users
from services.clock import FixedClock, as_utc
from services.documents.besluit import finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from services.outbox import Postponed, beheer
from services.store.models import OutboxMessage
from services.zgw.client import ZgwRemoteError
from services.zgw.registration import registration_of
from services.zgw.remote import ZgwRemote, accepted_from
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)

#: Thursday 12 March 2026 at half past midnight in the Netherlands (CET): still the 11th in UTC
NACHT = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
DAG = date(2026, 3, 12)
#: the first moment Open Zaak takes a besluit dated 12 March: 00:00 UTC, 01:00 Dutch time
MIDDERNACHT_UTC = datetime(2026, 3, 12, 0, 0, tzinfo=UTC)


def _at_besluit_nemen_at_night(z: Omgeving) -> None:  # noqa: F811 (the fixture, passed on)
    """The permit case up to 'Besluit nemen', at 00:30 Dutch time."""
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.op(NACHT)


def _besluit_at_night(z: Omgeving) -> None:  # noqa: F811 (the fixture, passed on)
    """The permit case up to 'Besluit nemen'; at 00:30 Dutch time a teamleider makes the besluit final,
    taken and sent that Dutch day."""
    users.add_user(
        z.p, "bea", groups=["Vergunningen", "Teamleider"], role="vergunningverlener", display_name="Bea"
    )
    _at_besluit_nemen_at_night(z)
    besluit = BesluitInvoer("verlenen", "Past binnen het omgevingsplan.", besluitdatum=DAG, verzenddatum=DAG)
    finalise_besluit(z.p, z.ref, "bea", besluit)


def _besluit_message(z: Omgeving) -> OutboxMessage:  # noqa: F811
    with z.p.uow(write=False) as uow:
        found = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "besluit"))
        [message] = list(found)
        uow.session.expunge(message)
    return message


def test_a_besluit_dated_the_dutch_today_waits_for_open_zaaks_utc_date_then_goes(z: Omgeving) -> None:  # noqa: F811
    """Before: the besluit was refused (400 future_not_allowed, not retryable) and its message given up
    (dood); beheer had to offer it again by hand, and the case's later messages waited for that. Now that
    refusal postpones it, not failed, until 00:00 UTC of its datum, and it is delivered once Open Zaak's
    clock has passed it. Open Zaak's clock (the fake's) is pinned to the platform's: 23:30 UTC on the 11th."""
    _besluit_at_night(z)
    zgw = Zgw(z.p)
    zgw.server.wall_clock = z.clock.now
    report = zgw.drain()

    assert (report.mislukt, report.dood) == (0, 0)
    waiting = _besluit_message(z)
    assert (waiting.status, as_utc(waiting.next_attempt_at), waiting.attempts) == (
        "uitgesteld",
        MIDDERNACHT_UTC,
        0,  # a postponement is no failed attempt: it does not bring the message nearer to being given up
    )
    assert "Uitgesteld tot 12 maart 2026, 01:00" in (waiting.postponed_reason or "")
    assert zgw.server.collection("besluiten") == []
    # beheer and the case file say it waits, not that it failed
    [row] = [a for a in beheer.deliveries(z.p)["afleveringen"] if a["id"] == waiting.id]
    assert (row["status"], row["volgende_poging"]) == ("uitgesteld", "2026-03-12T00:00:00+00:00")
    with z.p.uow(write=False) as uow:
        registratie = registration_of(uow.session, waiting.case_id)
    assert (registratie["status"], registratie["fout"]) == ("uitgesteld", None)

    z.clock.set(datetime(2026, 3, 11, 23, 59, 59, tzinfo=UTC))  # not yet due: not tried again
    assert zgw.drain().total == 0 and zgw.server.collection("besluiten") == []

    z.clock.set(MIDDERNACHT_UTC)
    report = zgw.drain()
    assert (report.mislukt, report.dood) == (0, 0) and report.afgeleverd >= 1
    [besluit] = zgw.server.collection("besluiten")
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-12", "2026-03-12")
    delivered = _besluit_message(z)
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("afgeleverd", 1, None)


def test_a_scenarios_besluit_made_in_the_task_at_night_is_dated_the_dutch_day(z: Omgeving) -> None:  # noqa: F811
    """The scenarios' helper (Omgeving.doe 'Besluit nemen') makes the letter as the officer makes it in the
    task, dated today as the besluit editor pre-fills it: the Dutch today (services.clock.today). Before, it
    took the UTC date of the clock, at 00:30 Dutch time still the day before: a scenario that ran at night
    dated its besluit a day early, and Open Zaak took it at once instead of from 00:00 UTC on."""
    _at_besluit_nemen_at_night(z)
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert case["samenvatting"]["besluit"]["datum"] == DAG.isoformat()
    zgw = Zgw(z.p)
    zgw.server.wall_clock = z.clock.now
    assert zgw.drain().uitgesteld == 1 and zgw.server.collection("besluiten") == []


def test_a_refusal_after_the_moment_is_open_zaaks_clock_lagging_and_is_retried_not_given_up(
    z: Omgeving,  # noqa: F811
) -> None:
    """The platform's clock has reached 00:00 UTC, Open Zaak's stands two seconds before it: Open Zaak still
    refuses the besluit. That heals by waiting: the message is retried with the backoff, not given up."""
    _besluit_at_night(z)
    z.clock.set(MIDDERNACHT_UTC)
    zgw = Zgw(z.p)
    zgw.server.wall_clock = lambda: z.clock.now() - timedelta(seconds=2)
    report = zgw.drain()

    assert (report.mislukt, report.dood) == (1, 0)
    failed = _besluit_message(z)
    assert failed.status == "mislukt" and "future_not_allowed" in (failed.last_error or "")
    z.clock.advance(hours=1)
    assert zgw.drain().dood == 0
    assert [b["datum"] for b in zgw.server.collection("besluiten")] == ["2026-03-12"]
    assert _besluit_message(z).status == "afgeleverd"


def _remote(now: datetime) -> ZgwRemote:
    return ZgwRemote(
        cast(Any, SimpleNamespace(clock=FixedClock(now))), cast(Any, None), cast(Any, None), cast(Any, None)
    )


def _refused(name: str, code: str) -> Callable[[], str]:
    """A write Open Zaak refuses with ``code`` on field ``name``."""

    def send() -> str:
        body = {"invalidParams": [{"name": name, "code": code}]}
        raise ZgwRemoteError(400, "Ongeldige invoer.", body, False)

    return send


def test_only_the_dutch_today_refused_waits_and_only_that_field_refused_after_it_is_retried() -> None:
    """ZgwRemote.on_date, the one place that holds a date back until Open Zaak takes it (accepted_from).
    At night, a refusal of the Dutch today's datum postpones until 00:00 UTC; a write Open Zaak takes goes
    (its clock is not ours to guess); a refusal of a day that has not begun in the Netherlands either is no
    matter of zones and stands, visibly. After the moment, only that field refused in the future is retried."""
    at_night, besluit_datum = _remote(NACHT), _refused("datum", "future_not_allowed")
    with pytest.raises(Postponed) as postponed:
        at_night.on_date(DAG, "datum", "een besluit", besluit_datum)
    assert postponed.value.until == accepted_from(DAG) == MIDDERNACHT_UTC
    assert at_night.on_date(DAG, "datum", "een besluit", lambda: "verstuurd") == "verstuurd"
    with pytest.raises(ZgwRemoteError) as stands:
        at_night.on_date(DAG + timedelta(days=1), "datum", "een besluit", besluit_datum)
    assert stands.value.retryable is False

    after = _remote(MIDDERNACHT_UTC)
    for send, retryable in (
        (besluit_datum, True),
        (_refused("ingangsdatum", "future_not_allowed"), False),
        (_refused("datum", "invalid"), False),
    ):
        with pytest.raises(ZgwRemoteError) as raised:
            after.on_date(DAG, "datum", "een besluit", send)
        assert raised.value.retryable is retryable, raised.value.body
