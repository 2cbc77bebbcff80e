"""The Wcw besluiten of a wijkuitvoeringsplan lapse in the Besluiten API with the plan; the college's offer stays.

Fixer finding (wup12b): an adopted warmtenet plan has, beside the raad's adoption, the college's Wcw
besluiten registered in Open Zaak: the warmtekavel and the aanwijzing of the warmtebedrijf (bpmn/zgw.toml:
besluittype "college" for the tasks ``warmtekavel`` and ``warmtebedrijf``). When the plan went back for
rework the platform let them lapse in its own records ("de warmtekavel en de aanwijzing van het
warmtebedrijf ... vervallen"), and the end of the plan left them no longer carried out, but only the
raadsbesluit got a ``vervaldatum``: both stayed current in Open Zaak. Now they lapse with the adoption, in
the same one "besluit-vervallen" message of the event (vervalreden ``ingetrokken_overheid``), each matched
by its own besluit documents (those of its day uploaded since its task began), and a resync replays it.

The college's decision to offer the plan to the raad (task ``collegebesluit``) does not lapse: it is not
withdrawn by a rework or an end. It was spent when the raad decided on the plan it offered, and the Besluiten
API has no vervalreden for that (only ``tijdelijk``, ``ingetrokken_overheid``, ``ingetrokken_belanghebbende``;
its ``vervaldatum`` is the end of a werkingsperiode, which an offer to the raad does not have). Registering
it as withdrawn would say the college took back its offer, which it did not; as a refused raadsbesluit, it
stays what it was.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from services import cases, outbox
from services.outbox import Message
from services.platform import Platform
from services.store.models import Case, OutboxMessage
from services.zgw.resync import resync
from tests.integration.energie_fixtures import (
    WIJK_MODEL,
    besluit_toevoegen,
    doe,
    energie_platform,
)
from tests.integration.test_wijkuitvoeringsplan import (
    naar,
    naar_besluitvorming,
    raadsbesluit,
    tot_alternatieven,
)
from tests.integration.test_wup_beeindigen import beeindigen
from tests.zgw.test_publication import Zgw, zplatform  # noqa: F401 (fixture)
from tests.zgw.test_publication_besluit_vervallen import besluiten, kinds
from tests.zgw.test_publication_wup_herzien import nieuwe_ronde

COLLEGE, RAAD = "Collegebesluit aanbieding", "Raadsbesluit vaststelling"
KAVEL, AANWIJZING = "Besluit warmtekavel", "Aanwijzing warmtebedrijf"
WIJ = ("2026-04-01", "ingetrokken_overheid")


def besluit(p: Platform, ref: str, titel: str, genomen: date) -> None:
    """A besluit document, uploaded while the task that takes it is open (so: that task's besluittype), by
    the user who completes it (``doe``'s), so it is the besluit the task requires."""
    besluit_toevoegen(p, ref, "pim", titel, genomen.isoformat())


def warmtenetplan(p: Platform, clock) -> str:
    """College, raad (warmtenet), warmtekavel and warmtebedrijf, each with its besluit document; the
    college's offer and the warmtekavel on the same day (2 March), the aanwijzing on 16 March."""
    ref = tot_alternatieven(p)
    naar_besluitvorming(p, ref)
    besluit(p, ref, COLLEGE, date(2026, 3, 2))
    clock.advance(hours=1)  # each task begins after the previous besluit was uploaded
    doe(p, ref, "collegebesluit", {"collegebesluit_op": "2026-03-02", "college_akkoord": True})
    besluit(p, ref, RAAD, date(2026, 3, 2))
    clock.advance(hours=1)
    raadsbesluit(p, ref, gekozen_alternatief="warmtenet")
    besluit(p, ref, KAVEL, date(2026, 3, 2))
    clock.set(datetime(2026, 3, 16, 9, tzinfo=UTC))
    doe(p, ref, "warmtekavel", {"warmtekavel_op": "2026-03-02"})
    besluit(p, ref, AANWIJZING, date(2026, 3, 16))
    clock.advance(hours=1)
    doe(p, ref, "warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Centrum", "aangewezen_op": "2026-03-16"})
    return ref


def lapses(p: Platform) -> list[OutboxMessage]:
    with p.uow(write=False) as uow:
        query = select(OutboxMessage).where(OutboxMessage.kind == "besluit-vervallen")
        return list(uow.session.scalars(query.order_by(OutboxMessage.seq)))


def test_a_reworked_warmtenet_plan_lets_its_wcw_besluiten_lapse_not_the_colleges_offer(
    zplatform,  # noqa: F811
    clock,
) -> None:
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = warmtenetplan(p, clock)
    zgw = Zgw(p)
    zgw.drain()
    found = besluiten(zgw)
    assert [found[t]["bestuursorgaan"].split(" van ")[0] for t in (COLLEGE, RAAD, KAVEL, AANWIJZING)] == [
        "college",
        "gemeenteraad",
        "college",
        "college",
    ]
    assert all(b.get("vervaldatum") is None for b in found.values())

    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    naar(p, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    found = besluiten(zgw)
    for titel in (RAAD, KAVEL, AANWIJZING):
        assert (found[titel].get("vervaldatum"), found[titel].get("vervalreden")) == WIJ, titel
    assert found[COLLEGE].get("vervaldatum") is None  # spent, not withdrawn
    assert len(lapses(p)) == 1  # one message for the event
    assert zgw.writes().count(("PATCH", "besluiten")) == 3

    # a second delivery sends nothing new
    assert zgw.handler(Message.of(lapses(p)[0])) is None
    assert zgw.writes().count(("PATCH", "besluiten")) == 3


def test_a_resync_lapses_the_reworked_wcw_besluiten_again_not_the_new_rounds(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = warmtenetplan(p, clock)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    naar(p, ref, "alternatieven", "de raad wil een ander alternatief onderzocht zien")
    nieuwe_ronde(p, ref, "2026-04-01")
    besluit(p, ref, "Raadsbesluit vaststelling hybride", date(2026, 4, 1))
    clock.advance(hours=1)
    raadsbesluit(p, ref, raadsbesluit_op="2026-04-01", gekozen_alternatief="hybride")
    Zgw(p).drain()

    zgw = Zgw(p)  # an Open Zaak that lost the case
    resync(p, ref)
    assert zgw.drain().dood == 0
    found = besluiten(zgw)
    for titel in (RAAD, KAVEL, AANWIJZING):
        assert (found[titel].get("vervaldatum"), found[titel].get("vervalreden")) == WIJ, titel
    assert found[COLLEGE].get("vervaldatum") is None
    assert found["Raadsbesluit vaststelling hybride"].get("vervaldatum") is None


def test_an_ended_warmtenet_plan_lets_its_wcw_besluiten_lapse_with_the_adoption(zplatform, clock) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = warmtenetplan(p, clock)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=UTC))
    zaak = beeindigen(p, ref, "ingetrokken")
    assert zaak["status"] == "afgerond"
    # the platform's own records: the Wcw besluiten no longer hold either
    assert (
        "De warmtekavel en de aanwijzing van het warmtebedrijf vervallen"
        in (cases.get_case(p, ref)["samenvatting"]["uitkomst"]["tekst"])
    )
    zgw = Zgw(p)
    report = zgw.drain()
    assert report.mislukt == report.dood == 0
    found = besluiten(zgw)
    for titel in (RAAD, KAVEL, AANWIJZING):
        assert (found[titel].get("vervaldatum"), found[titel].get("vervalreden")) == WIJ, titel
    assert found[COLLEGE].get("vervaldatum") is None
    assert kinds(p)[-2:] == ["besluit-vervallen", "resultaat"]
    assert len(lapses(p)) == 1


def test_a_lapse_queued_before_the_list_of_besluiten_is_still_delivered(zplatform, clock) -> None:  # noqa: F811
    """A "besluit-vervallen" queued by the previous release names one besluit itself (no ``besluiten``):
    it is delivered as before."""
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = warmtenetplan(p, clock)
    zgw = Zgw(p)
    zgw.drain()
    legacy = {"orgaan": "gemeenteraad", "datum": "2026-03-02", "vervaldatum": "2026-04-01"}
    with p.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        outbox.enqueue(uow.session, "zgw", case.id, "besluit-vervallen", legacy, now=clock.now())
        uow.commit()
    assert zgw.drain().dood == 0
    found = besluiten(zgw)
    assert (found[RAAD].get("vervaldatum"), found[RAAD].get("vervalreden")) == WIJ
    assert [found[t].get("vervaldatum") for t in (COLLEGE, KAVEL, AANWIJZING)] == [None, None, None]
