"""The resultaattype Open Zaak gets for an ended wijkuitvoeringsplan: the same as `zaken opschonen` applies.

Records manager's review (archief15, F1): an adopted plan ended later got resultaattype "Plan beëindigd"
(Selectielijst 3.2, vernietigen P5Y) in Open Zaak too, so its copy was nominated for destruction with the
raadsbesluit. Now the publication reads the case's besluit as `zaken opschonen` does
(processes.zaakbesluit): "Vastgesteld plan beëindigd" (3.1.1, blijvend bewaren); a plan never adopted keeps
3.2. A resultaat queued before (without that besluit) takes it from the stored case on a resync.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.platform import Platform
from services.store.models import OutboxMessage
from services.zgw.resync import resync
from tests.integration.energie_fixtures import WIJK_MODEL, energie_platform
from tests.integration.test_wijkuitvoeringsplan import raadsbesluit, tot_besluitvorming
from tests.integration.test_wup_beeindigen import beeindigen
from tests.zgw.test_publication import Zgw, zplatform  # noqa: F401 (fixture)
from tests.zgw.test_publication_besluit_vervallen import besluitdocument


def resultaattype(zgw: Zgw) -> str:
    [resultaat] = zgw.server.collection("resultaten")
    return str(resultaat["resultaattype"]).rsplit("/", 1)[-1]


def plan(p: Platform, vastgesteld: bool) -> str:
    ref = tot_besluitvorming(p)
    besluitdocument(p, ref, "Raadsbesluit", date(2026, 3, 2))
    if vastgesteld:
        raadsbesluit(p, ref)
    else:
        raadsbesluit(p, ref, vastgesteld=False, gekozen_alternatief=None)
    beeindigen(p, ref, "vervangen door een nieuw plan" if vastgesteld else "niet vastgesteld door de raad")
    return ref


def test_an_adopted_plan_ended_later_is_registered_to_be_kept(zplatform) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    plan(p, vastgesteld=True)
    zgw = Zgw(p)
    assert zgw.drain().dood == 0
    assert resultaattype(zgw) == "beeindigd_vastgesteld"  # was: beeindigd (3.2, vernietigen)


def test_a_plan_never_adopted_keeps_its_resultaattype(zplatform) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    plan(p, vastgesteld=False)
    zgw = Zgw(p)
    assert zgw.drain().dood == 0
    assert resultaattype(zgw) == "beeindigd"


def test_a_resync_sends_the_resultaat_queued_before_with_the_recorded_besluit(zplatform) -> None:  # noqa: F811
    p = energie_platform(zplatform, WIJK_MODEL)
    ref = plan(p, vastgesteld=True)
    with p.uow() as uow:  # as queued before the besluit was read from the case: without it
        row = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "resultaat")).one()
        row.payload = {**row.payload, "besluit": None}
        uow.commit()
    Zgw(p).drain()

    zgw = Zgw(p)  # an Open Zaak that lost the case
    resync(p, ref)
    assert zgw.drain().dood == 0
    assert resultaattype(zgw) == "beeindigd_vastgesteld"
