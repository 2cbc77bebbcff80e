"""The raad's adoption of a wijkuitvoeringsplan lapses in the Besluiten API when the plan is ended.

Tester finding (wup11): an adopted plan that was later ended ("beëindigd") was no longer carried out by the
platform's own records, but its raadsbesluit in the Besluiten API kept no ``vervaldatum``/``vervalreden``:
Open Zaak still showed a current raadsbesluit. Now the end PATCHes the registered besluit with the day of the
end (the case's own, Dutch, day) and vervalreden ``ingetrokken_overheid`` (the municipality ends its own
plan), through the outbox, before the resultaat closes the zaak; only a registered besluit, and only the
adoption being withdrawn (not an earlier round's refusal).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from services.documents import NewDocument, upload_document
from services.outbox import Message
from services.platform import Platform
from services.store.models import OutboxMessage
from tests.integration.document_helpers import pdf
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    WUP_VOOR_BESLUITDOCUMENT,
    besluit_toevoegen,
    doe,
    energie_platform,
    energie_platform_met,
)
from tests.integration.test_wijkuitvoeringsplan import naar_besluitvorming, raadsbesluit, tot_besluitvorming
from tests.integration.test_wup_beeindigen import beeindigen
from tests.zgw.test_publication import Zgw, delivered_note, zplatform  # noqa: F401 (fixture)


def besluitdocument(platform: Platform, ref: str, titel: str, genomen: date) -> None:
    """The raad's besluit as a document, uploaded while the raad's task is open (so: the raad's
    besluittype), taken and sent on ``genomen``."""
    besluit_toevoegen(platform, ref, "pim", titel, genomen.isoformat())


def kinds(platform: Platform) -> list[str]:
    """The kinds of the "zgw" messages, in the case's order."""
    with platform.uow(write=False) as uow:
        zgw = select(OutboxMessage).where(OutboxMessage.channel == "zgw")
        rows = uow.session.scalars(zgw.order_by(OutboxMessage.case_id, OutboxMessage.seq))
        return [m.kind for m in rows]


def besluiten(zgw: Zgw) -> dict[str, dict[str, Any]]:
    return {b["toelichting"]: b for b in zgw.server.collection("besluiten")}


def test_an_ended_adopted_plan_withdraws_its_raadsbesluit_in_the_besluiten_api(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit vaststelling", date(2026, 3, 2))
    raadsbesluit(p, ref)  # adopted on 2 March 2026
    zgw = Zgw(p)
    zgw.drain()
    besluit = besluiten(zgw)["Raadsbesluit vaststelling"]
    assert besluit.get("vervaldatum") is None  # current while the plan runs

    clock.set(datetime(2026, 6, 15, 22, 30, tzinfo=UTC))  # 16 June in the Netherlands
    assert beeindigen(p, ref, "ingetrokken")["status"] == "afgerond"
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    besluit = besluiten(zgw)["Raadsbesluit vaststelling"]
    assert (besluit["vervaldatum"], besluit["vervalreden"]) == ("2026-06-16", "ingetrokken_overheid")
    # the college's offer of the plan to the raad (its signed besluit) stays
    assert besluiten(zgw)[f"Besluit collegebesluit {ref}"].get("vervaldatum") is None
    assert (besluit["datum"], besluit["ingangsdatum"]) == ("2026-03-02", "2026-03-03")  # unchanged
    # withdrawn before the resultaat and the eindstatus close the zaak
    assert kinds(p)[-2:] == ["besluit-vervallen", "resultaat"]
    assert zgw.writes().count(("PATCH", "besluiten")) == 1

    # a second delivery (a retry, a resync) sends nothing new and does not fail
    with p.uow(write=False) as uow:
        row = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "besluit-vervallen")
        ).one()
        message = Message.of(row)
    assert zgw.handler(message) is None
    assert zgw.writes().count(("PATCH", "besluiten")) == 1
    assert besluiten(zgw)["Raadsbesluit vaststelling"]["vervaldatum"] == "2026-06-16"


def test_only_the_withdrawn_adoption_lapses_not_an_earlier_refusal(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit niet vastgesteld", date(2026, 3, 2))
    raadsbesluit(p, ref, vastgesteld=False, gekozen_alternatief=None)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    naar_besluitvorming(p, ref)  # reworked and offered again
    doe(p, ref, "collegebesluit", {"collegebesluit_op": "2026-04-01", "college_akkoord": True})
    besluitdocument(p, ref, "Raadsbesluit vaststelling", date(2026, 4, 1))
    raadsbesluit(p, ref, raadsbesluit_op="2026-04-01")
    clock.set(datetime(2026, 5, 4, 9, tzinfo=UTC))
    beeindigen(p, ref, "vervangen door een nieuw plan")
    zgw = Zgw(p)
    zgw.drain()
    found = besluiten(zgw)
    assert found["Raadsbesluit vaststelling"]["vervaldatum"] == "2026-05-04"
    assert found["Raadsbesluit niet vastgesteld"].get("vervaldatum") is None


def test_a_plan_ended_after_a_refusal_withdraws_nothing(zplatform) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit niet vastgesteld", date(2026, 3, 2))
    raadsbesluit(p, ref, vastgesteld=False, gekozen_alternatief=None)
    beeindigen(p, ref, "niet vastgesteld door de raad")
    zgw = Zgw(p)
    zgw.drain()
    assert "besluit-vervallen" not in kinds(p)
    besluit = besluiten(zgw)["Raadsbesluit niet vastgesteld"]
    assert besluit.get("vervaldatum") is None


def test_an_adoption_never_registered_is_not_sent_and_says_why(zplatform, monkeypatch) -> None:  # noqa: F811
    # a plan on the version before the raad's task required its signed besluit
    p = energie_platform_met(zplatform, WIJK_MODEL, WUP_VOOR_BESLUITDOCUMENT, monkeypatch)
    ref = tot_besluitvorming(p)
    raadsbesluit(p, ref)  # no besluit document: no besluit in the Besluiten API
    beeindigen(p, ref, "ingetrokken")
    zgw = Zgw(p)
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    with p.uow(write=False) as uow:
        row = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "besluit-vervallen")
        ).one()
    assert row.status == "afgeleverd" and row.last_error is None
    assert "niet in de Besluiten API" in str(delivered_note(p, row.id))
    assert ("PATCH", "besluiten") not in zgw.writes()


def test_nothing_is_queued_without_zgw(platform: Platform) -> None:
    p = energie_platform(platform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    raadsbesluit(p, ref)
    beeindigen(p, ref, "ingetrokken")
    assert kinds(p) == []


def test_a_later_raadsbesluit_on_the_case_does_not_lapse_with_the_adoption(zplatform, clock) -> None:  # noqa: F811
    """Fixer finding (wup12 #2): the end let every registered raadsbesluit from the adoption's day on lapse,
    so a later besluit of the raad on the same case (same bestuursorgaan) lapsed with it. Now only the
    withdrawn adoption's own besluit does (the besluit documents of that day, since the raad's task began)."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit vaststelling", date(2026, 3, 2))
    raadsbesluit(p, ref)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    besluitdocument(p, ref, "Raadsbesluit beschikbaar krediet", date(2026, 4, 1))  # a later raad besluit
    clock.set(datetime(2026, 5, 4, 9, tzinfo=UTC))
    beeindigen(p, ref, "ingetrokken")
    zgw = Zgw(p)
    assert zgw.drain().dood == 0
    found = besluiten(zgw)
    assert (
        found["Raadsbesluit beschikbaar krediet"]["bestuursorgaan"]
        == found["Raadsbesluit vaststelling"]["bestuursorgaan"]
    )
    assert found["Raadsbesluit vaststelling"]["vervaldatum"] == "2026-05-04"
    assert found["Raadsbesluit beschikbaar krediet"].get("vervaldatum") is None


def test_a_lapse_before_the_besluit_took_effect_is_dated_on_its_ingangsdatum(zplatform, clock) -> None:  # noqa: F811
    """Fixer finding (wup12 #3): the vervaldatum was the day of the withdrawal even when the besluit took
    effect only later (the day after its verzenddatum, Awb 3:40): a werkingsperiode that ends before it
    begins. Now a lapse never precedes the ingangsdatum: such a besluit lapses on the day it takes effect."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    clock.set(datetime(2026, 6, 16, 9, tzinfo=UTC))
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="raadsbesluit.pdf",
        titel="Raadsbesluit vaststelling",
        besluitdatum=date(2026, 3, 2),
        verzenddatum=date(2026, 6, 16),  # made known only today: in effect tomorrow
    )
    upload_document(p, ref, "pim", io.BytesIO(pdf("Raadsbesluit vaststelling")), meta)
    raadsbesluit(p, ref)  # adopted on 2 March 2026, recorded with its besluit today
    beeindigen(p, ref, "ingetrokken")  # ended the same day
    zgw = Zgw(p)
    assert zgw.drain().dood == 0
    besluit = besluiten(zgw)["Raadsbesluit vaststelling"]
    assert besluit["ingangsdatum"] == "2026-06-17"
    assert (besluit["vervaldatum"], besluit["vervalreden"]) == ("2026-06-17", "ingetrokken_overheid")
