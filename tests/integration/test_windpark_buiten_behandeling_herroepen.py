"""A windpark whose called permit was put buiten behandeling, and that buitenbehandelingstelling herroepen on
bezwaar with no new besluit in its place (review sessie15c, F1): the aanvraag is to be registered anew as a new
case, so the windpark cannot go on on this permit case. It withdrew its transportverzoek saying the aanvraag
"is buiten behandeling gesteld (Awb 4:5; tegen dat besluit staat bezwaar open)" and closed "aanvraag buiten
behandeling gesteld", beside the public line that the besluit was herroepen."""

from __future__ import annotations

from sqlalchemy import select, update

from services import cases, users
from services.bewaren.termijn import resultaattype_in
from services.clock import FixedClock, today
from services.engine import stored
from services.platform import Platform
from services.status import view
from services.store.models import Case
from services.zgw.mapping import mapping_for
from tests.integration.energie_fixtures import buiten_behandeling_stellen, doe, publiek, taak
from tests.integration.test_windpark_intrekking import _permitroute, einde, wp
from tests.integration.test_windpark_vergunning import _lagen

__all__ = ["_lagen", "wp"]  # the windpark tests' fixtures

NIEUWE_ZAAK = (
    "de buitenbehandelingstelling is herroepen; de aanvraag omgevingsvergunning wordt opnieuw ingediend als "
    "nieuwe zaak"
)


def _buiten_behandeling_herroepen(wp: Platform, clock: FixedClock) -> str:
    """A windpark whose permit was put buiten behandeling and, on the applicant's bezwaar, herroepen with
    'geen nieuw besluit'."""
    ref = _permitroute(wp)
    with wp.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    aanvulling = {"compleet": False, "ontbrekend": "akoestisch onderzoek", "aanvullingstermijn_dagen": 14}
    doe(wp, ref, "ontvankelijkheid", aanvulling)
    buiten_behandeling_stellen(wp, ref, clock)
    clock.advance(days=10)
    users.add_user(wp, "jur", groups=["Juridisch"], role="adviseur")
    bezwaar = {"soort": "bezwaar", "ontvangen_op": today(clock).isoformat(), "indiener": "de aanvrager"}
    cases.send_message(wp, ref, "bezwaar", bezwaar)
    doe(wp, ref, "bezwaar_registreren", {"soort": "bezwaar"}, user="jur")
    beslissing = {"actie": "beslissen", "uitkomst": "gegrond", "beslist_op": today(clock).isoformat()}
    doe(
        wp, ref, "beslissen_op_bezwaar", beslissing | {"herroepen": True, "nieuw_besluit": "geen"}, user="jur"
    )
    return ref


def test_a_herroepen_buitenbehandelingstelling_ends_the_windpark_on_its_own_reason(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _buiten_behandeling_herroepen(wp, clock)
    # the permit case ends without a besluit on the aanvraag: the grid request is withdrawn, and the officer is
    # told why, without a bezwaar still open against a besluit that is gone
    reden = taak(wp, ref, "transportverzoek_intrekken")["reden"]
    assert reden == (
        "De buitenbehandelingstelling van de aanvraag om de vergunning voor Windpark 4.2 MW is herroepen op "
        "bezwaar, zonder nieuw besluit: de aanvraag omgevingsvergunning wordt opnieuw ingediend als nieuwe zaak "
        "(registreer haar opnieuw), dus het initiatief kan niet verder op deze vergunningzaak; het "
        "transportverzoek vervalt"
    )
    doe(wp, ref, "transportverzoek_intrekken", {})
    zaak = cases.get_case(wp, ref)
    assert zaak["status"] == "afgerond"
    assert zaak["samenvatting"]["resultaat"] == (
        "omgevingsvergunning: buitenbehandelingstelling herroepen op bezwaar, de aanvraag wordt opnieuw "
        "ingediend als nieuwe zaak; transportverzoek ingetrokken"
    )
    assert f"Transportverzoek ingetrokken bij de netbeheerder: {NIEUWE_ZAAK}." in publiek(zaak)
    # after the herroeping no line says the aanvraag is (still) put aside
    regels = publiek(zaak)
    na = regels[next(i for i, r in enumerate(regels) if "herroepen" in r) :]
    assert not any("buiten behandeling gesteld" in regel for regel in na), na
    # it ends where a buitenbehandelingstelling does, as the permit's own case (bpmn/zgw.toml): resultaattype
    # buiten_behandeling, not a refusal or a withdrawal
    assert einde(wp, ref) == "einde_buiten_behandeling"
    with wp.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
        found = resultaattype_in(
            mapping_for(wp.settings), case.process_id, stored.parse(case.workflow.document)
        )
    assert found is not None and (found.key, found.archiefactietermijn) == ("buiten_behandeling", "P1Y")
    # the public phase that ends the case also explains this end (bpmn/fasen.toml)
    laatste = view.public_status(wp, zaak["volgcode"])["fasen"][-1]
    assert laatste["naam"] == "Buiten behandeling" and laatste["stand"] == "afgerond"
    assert (
        "Wordt het besluit op bezwaar herroepen, dan wordt de aanvraag omgevingsvergunning opnieuw "
        in (laatste["uitleg"])
    )
