"""A task reminded of its deadline is reminded again when the deadline moves (a verdaging): the last
thing its holders were told is otherwise a date that no longer holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from services import users
from services.mail import compose
from services.store.models import OutboxMessage
from tests.integration.test_omgevingsvergunning import CONFLICTEN, USERS, Omgeving


def _fake(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
    afdelingen = ["Energie en Klimaat", "Milieu"]
    conflicten = [
        {
            "regel": f"t-{a}",
            "laag": "t",
            "ernst": "waarschuwing",
            "afdeling": a,
            "beschrijving": CONFLICTEN[a],
        }
        for a in afdelingen
    ]
    return {
        "afdelingen": afdelingen,
        "hoogste_ernst": "waarschuwing",
        "aantal": 2,
        "soort": soort,
        "conflicten": conflicten,
    }


def _reminders(platform) -> list[tuple[str, str]]:
    """The deadline reminders written so far: (recipient, text)."""
    with platform.uow(write=False) as uow:
        payloads = uow.session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == "termijn").order_by(OutboxMessage.id)
        )
        return [(p["aan"], " ".join(p["tekst"].split())) for p in payloads]


def test_after_a_verdaging_the_advice_tasks_are_reminded_of_the_new_deadline(platform, clock):
    # tester finding mail11 2: reminded on 25 April of the beslistermijn of 28 April, the advisers got
    # no reminder of the 18 May the verdaging moved it to (reminded_on was set once and never cleared)
    z = Omgeving(platform, clock, {"fake": _fake})
    for name in ("anna", "mila", "eva"):
        users.add_user(
            platform, name, groups=USERS[name], role="medewerker", email=f"{name}@ruimtedal.example"
        )
    z.start(email="jansen@voorbeeld.nl")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.op(datetime(2026, 4, 25, 9, 0, tzinfo=UTC))
    compose.deadline_reminders(platform)
    first = {to for to, text in _reminders(platform) if "loopt tot en met 28 april 2026" in text}
    assert {"mila@ruimtedal.example", "eva@ruimtedal.example"} <= first
    case = z.doe(
        "anna",
        "Aanvraag inhoudelijk",
        {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "advies Milieu nog niet binnen"},
    )
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    before = len(_reminders(platform))
    z.op(datetime(2026, 5, 15, 9, 0, tzinfo=UTC))
    assert compose.deadline_reminders(platform) >= 2
    again = {to for to, text in _reminders(platform)[before:] if "loopt tot en met 18 mei 2026" in text}
    assert {"mila@ruimtedal.example", "eva@ruimtedal.example"} <= again
    assert compose.deadline_reminders(platform) == 0  # still once per deadline
    z.later(days=1)
    assert compose.deadline_reminders(platform) == 0
