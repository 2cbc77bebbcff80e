"""The organisations a case names for its parties survive the anonymisation (review sessie11, anon11 item 1).

Tester finding: the anonymisation replaced the values of the case summary's ``organisaties`` ({"Provincie":
"Provincie Gelderland"}) by REMOVED, as it does every text it does not list as kept. The policy reads that
key to find the case's outside bevoegd gezag (services.policy_authority), so the provincie's own group lost
sight of the windpark it decided. An organisation's name is no personal data: ``organisaties`` stays as it
is (not cleaned either: the policy matches the group names exactly), and the same accounts see the case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from services import cases, policy, users
from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.platform import Platform
from services.store.models import Case, User
from tests.integration.energie_fixtures import (
    WIND_MODELLEN,
    doe,
    energie_platform,
    locatiecheck_met,
    zonder_lagen,
)
from tests.integration.test_windpark import participatie, start

GELDERLAND, UTRECHT, LIANDER = "Provincie Gelderland", "Provincie Utrecht", "Netbeheerder Liander"
NAMED = {"Provincie": GELDERLAND, "Netbeheerder": LIANDER}


@pytest.fixture(autouse=True)
def _lagen() -> Iterator[None]:
    yield from zonder_lagen()


def _withdrawn_windpark(wp: Platform) -> str:
    """A windpark the provincie decides, naming its provincie and netbeheerder, withdrawn before the advice
    reached the provincie: its group sees the case only as its bevoegd gezag, by ``organisaties``."""
    ref = str(start(wp, 12.6, 3, organisaties=NAMED)["zaak"])
    cases.send_message(wp, ref, "intrekking", {}, actor="pim")
    assert doe(wp, ref, "transportverzoek_intrekken", {})["status"] == "afgerond"
    return ref


def _decided_windpark(wp: Platform) -> str:
    """The same windpark run to its end: the provincie got the advice (a task of its group) and decided."""
    ref = str(start(wp, 12.6, 3, organisaties=NAMED)["zaak"])
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    besluit = {"besluit": "verleend", "datum": "2026-03-02"}
    cases.send_message(wp, ref, "besluit_extern", besluit, actor="gea")
    zaak = cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"}, actor="lars")
    assert zaak["status"] == "afgerond"
    return ref


def _who_sees(wp: Platform, ref: str) -> set[str]:
    """The accounts that may see the case, by the policy the API uses (``policy.may_view``)."""
    rules = policy.rules(wp.settings)
    with wp.uow(write=False) as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        names = s.scalars(select(User.username)).all()
        return {n for n in names if policy.may_view(s, policy.actor_for(s, n), case, rules)}


def test_the_named_organisations_stay_and_see_the_case_as_before(any_platform: Platform) -> None:
    wp = energie_platform(any_platform, WIND_MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(wp, "gea", organisaties=[GELDERLAND], partij="Provincie", role="adviseur")
    users.add_user(wp, "uta", organisaties=[UTRECHT], partij="Provincie", role="adviseur")
    users.add_user(wp, "piet", groups=["Provincie"], role="adviseur")  # the generic group
    users.add_user(wp, "lars", organisaties=[LIANDER], partij="Netbeheerder", role="adviseur")
    refs = [_withdrawn_windpark(wp), _decided_windpark(wp)]
    before = {ref: _who_sees(wp, ref) for ref in refs}
    assert all("gea" in seen and not {"uta", "piet"} & seen for seen in before.values())

    # the granted windpark is kept for good (11.1.6, review archief13, 1) and never pseudonymised by the
    # run; what a pseudonymised case keeps of its organisations is tested on both, as if it were due
    items = [f for f in vervallen(wp, date(2100, 1, 1)) if f.zaak in refs]
    assert [f.bewaren_tot is None for f in items] == [False, True]
    done = [anonimiseer(wp, replace(f, bewaren_tot=f.bewaren_tot or f.overbrengen_op)) for f in items]
    assert [d.uitkomst for d in done] == ["geanonimiseerd"] * 2

    assert {ref: _who_sees(wp, ref) for ref in refs} == before
    for ref in refs:
        assert cases.get_case(wp, ref)["samenvatting"]["organisaties"] == NAMED
