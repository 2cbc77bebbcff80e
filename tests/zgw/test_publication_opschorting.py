"""A suspension (opschorting) delivered late reaches the zaak as one delivered on time (review zgw17 F3).

Each "zaak-bijwerken" message is delivered with the state it was queued with (its ``toestand``), in order,
not with the case's state at delivery: with any backlog (an outage, the worker stopped, a resync) the zaak
used to get only the end state, so Open Zaak never saw it suspended (eerdereOpschorting false) although
its uiterlijkeEinddatumAfdoening counts the suspended days. And a suspension that ended keeps its reden, as
Open Zaak keeps it beside eerdereOpschorting; it used to be wiped ("")."""

from __future__ import annotations

from typing import Any

from services.zgw.resync import resync
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.permit_publication import ask_aanvulling
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def _suspend_and_resume(z: Omgeving, zgw: Zgw, *, on_time: bool) -> dict[str, Any]:  # noqa: F811
    """A permit case asked for an aanvulling, which came 5 days later; the zaak as registered then.
    ``on_time``: the outbox is drained after each step, else only at the end (a held queue)."""
    ask_aanvulling(z)
    if on_time:
        zgw.drain()
    z.later(days=5)
    z.bericht("aanvulling", {"bijlage": "tekening.pdf"})
    z.later(hours=1)
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    [zaak] = zgw.server.collection("zaken")
    return zaak


def test_a_suspension_delivered_late_reaches_the_zaak_with_its_reden(z: Omgeving) -> None:  # noqa: F811
    zaak = _suspend_and_resume(z, Zgw(z.p), on_time=False)
    opschorting = zaak["opschorting"]
    assert opschorting["indicatie"] is False and opschorting["eerdereOpschorting"] is True
    assert "bouwtekening" in opschorting["reden"]
    assert zaak["uiterlijkeEinddatumAfdoening"] == z.zaak()["uiterlijkeEinddatumAfdoening"]


def test_a_suspension_delivered_on_time_keeps_its_reden_when_it_ends(z: Omgeving) -> None:  # noqa: F811
    zaak = _suspend_and_resume(z, Zgw(z.p), on_time=True)
    opschorting = zaak["opschorting"]
    assert opschorting["indicatie"] is False and opschorting["eerdereOpschorting"] is True
    assert "bouwtekening" in opschorting["reden"]


def test_a_resync_after_the_suspension_ended_marks_the_earlier_suspension(z: Omgeving) -> None:  # noqa: F811
    """A zaak registered after the case's suspension ended (go-live with running cases, a zaakregistratie
    restored from an older backup) learns of it through `zgw resync`: shown suspended, then resumed."""
    zgw = Zgw(z.p)
    zaak = _suspend_and_resume(z, zgw, on_time=True)
    del zgw.server.objects[zaak["url"]]  # Open Zaak lost the zaak
    resync(z.p, z.ref)
    assert zgw.drain().dood == 0
    [zaak] = zgw.server.collection("zaken")
    opschorting = zaak["opschorting"]
    assert opschorting["indicatie"] is False and opschorting["eerdereOpschorting"] is True
    assert "bouwtekening" in opschorting["reden"]
