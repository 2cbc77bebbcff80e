"""An adopted wijkuitvoeringsplan that goes back for rework: its raadsbesluit lapses in the Besluiten API.

Fixer finding (wup12): the model lets an adopted plan go back to a phase before besluitvorming (the raad
wants another alternative looked at); the platform's own records then let the raad's adoption lapse
("de besluiten van college en raad over het vorige plan vervallen"), but its raadsbesluit in Open Zaak kept
no ``vervaldatum``: it stayed current next to the new round's raadsbesluit. Now the rework lapses it on the
day the plan goes back, with vervalreden ``ingetrokken_overheid`` (Besluiten API 1.0.2: the municipality
withdraws its own besluit; ``tijdelijk`` is for a besluit of limited duration, ``ingetrokken_belanghebbende``
for one withdrawn at a belanghebbende's request), through the outbox, and a resync sends that lapse again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.zgw.resync import resync
from tests.integration.energie_fixtures import WIJK_MODEL, doe, energie_platform
from tests.integration.test_wijkuitvoeringsplan import (
    alternatieven_opnieuw,
    naar,
    naar_besluitvorming,
    raadsbesluit,
    tot_besluitvorming,
)
from tests.zgw.test_publication import Zgw, zplatform  # noqa: F401 (fixture)
from tests.zgw.test_publication_besluit_vervallen import besluitdocument, besluiten, kinds


def nieuwe_ronde(p, ref: str, op: str) -> None:
    """The reworked plan offered again: a new voorkeur, participatie, the college on ``op``."""
    alternatieven_opnieuw(p, ref, "hybride")
    naar_besluitvorming(p, ref)
    doe(p, ref, "collegebesluit", {"collegebesluit_op": op, "college_akkoord": True})


def test_a_reworked_adopted_plan_lets_its_raadsbesluit_lapse(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit vaststelling", date(2026, 3, 2))
    raadsbesluit(p, ref)  # adopted on 2 March 2026
    zgw = Zgw(p)
    zgw.drain()
    assert besluiten(zgw)["Raadsbesluit vaststelling"].get("vervaldatum") is None

    clock.set(datetime(2026, 3, 31, 22, 30, tzinfo=UTC))  # 1 April in the Netherlands
    naar(p, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    oud = besluiten(zgw)["Raadsbesluit vaststelling"]
    assert (oud["vervaldatum"], oud["vervalreden"]) == ("2026-04-01", "ingetrokken_overheid")
    assert "besluit-vervallen" in kinds(p)

    # the new round's raadsbesluit is the current one
    nieuwe_ronde(p, ref, "2026-04-01")
    besluitdocument(p, ref, "Raadsbesluit vaststelling hybride", date(2026, 4, 1))
    raadsbesluit(p, ref, raadsbesluit_op="2026-04-01", gekozen_alternatief="hybride")
    zgw.drain()
    found = besluiten(zgw)
    assert found["Raadsbesluit vaststelling hybride"].get("vervaldatum") is None
    assert found["Raadsbesluit vaststelling"]["vervaldatum"] == "2026-04-01"
    assert zgw.writes().count(("PATCH", "besluiten")) == 1


def test_a_rework_after_a_refusal_lets_nothing_lapse(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit niet vastgesteld", date(2026, 3, 2))
    raadsbesluit(p, ref, vastgesteld=False, gekozen_alternatief=None)
    naar(p, ref, "alternatieven")
    zgw = Zgw(p)
    zgw.drain()
    assert "besluit-vervallen" not in kinds(p)
    assert besluiten(zgw)["Raadsbesluit niet vastgesteld"].get("vervaldatum") is None


def test_a_resync_lapses_the_reworked_adoption_again_and_not_the_new_one(zplatform, clock) -> None:  # noqa: F811
    """Fixer finding (wup12 #2): the lapse found its besluit by bestuursorgaan and "from the adoption's day
    on", so replayed after the new round's raadsbesluit was registered (a resync onto an Open Zaak that lost
    the case) it let that one lapse too. Now the lapse names its besluit documents (their registered
    besluit): only the reworked adoption lapses."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit vaststelling", date(2026, 3, 2))
    raadsbesluit(p, ref)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    naar(p, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    nieuwe_ronde(p, ref, "2026-04-01")
    besluitdocument(p, ref, "Raadsbesluit vaststelling hybride", date(2026, 4, 1))
    raadsbesluit(p, ref, raadsbesluit_op="2026-04-01", gekozen_alternatief="hybride")
    Zgw(p).drain()

    zgw = Zgw(p)  # an Open Zaak that lost the case
    resync(p, ref)
    assert zgw.drain().dood == 0
    found = besluiten(zgw)
    assert found["Raadsbesluit vaststelling"]["vervaldatum"] == "2026-04-01"
    assert found["Raadsbesluit vaststelling hybride"].get("vervaldatum") is None
