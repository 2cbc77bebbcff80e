"""Pentest (session 10), finding 3: a transportverzoek that names Liander for the party Netbeheerder refused
senders with "…dat mag alleen de Netbeheerder." — untrue for that case: only Liander may. The refusal names
the case's own organisation for the party when it names one, to someone who may see the case; anyone else
is not told which organisation a case names (review sessie10e 2)."""

from __future__ import annotations

import pytest

from processes.errors import Forbidden
from services import cases, users
from services.platform import Platform
from services.policy.autorisatie import describe_senders
from tests.integration.energie_fixtures import toestand
from tests.integration.test_kavel_berichten import ANTWOORD, LIANDER, wp
from tests.integration.test_windpark import start

__all__ = ["wp"]  # the fixture of the transportverzoek message tests


def test_the_refusal_names_the_netbeheerder_the_case_names(wp: Platform) -> None:
    """Only to someone who may see the case (review sessie10e 2: a competing netbeheerder and an unrelated
    account, refused the case itself, were told which netbeheerder it names); the others read the party."""
    users.add_user(wp, "eric", organisaties=["Netbeheerder Enexis"], partij="Netbeheerder", role="adviseur")
    users.add_user(wp, "vera", groups=["Energie en Klimaat"], role="vergunningverlener")
    ref = str(start(wp, 3.0, organisaties={"Netbeheerder": LIANDER})["zaak"])
    before = toestand(wp, ref)
    expected = {
        "vera": f"dat mag alleen {LIANDER} (de Netbeheerder die deze zaak noemt).",  # she sees the case
        "nina": "dat mag alleen de Netbeheerder.",  # the party's generic group: it does not see the case
        "eric": "dat mag alleen de Netbeheerder.",  # another netbeheerder
    }
    for who, text in expected.items():
        with pytest.raises(Forbidden) as refused:
            cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor=who)
        assert refused.value.code == "bericht-geen-recht"
        assert refused.value.detail.endswith(text), (who, refused.value.detail)
        assert LIANDER in refused.value.detail or who != "vera"
    assert toestand(wp, ref) == before


def test_without_a_named_organisation_the_refusal_names_the_party(wp: Platform) -> None:
    ref = str(start(wp, 3.0)["zaak"])
    with pytest.raises(Forbidden) as refused:
        cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="lars")
    assert refused.value.detail.endswith("dat mag alleen de Netbeheerder.")
    assert describe_senders(["groep:Netbeheerder", "initiatiefnemer"]) == (
        "de Netbeheerder of de initiatiefnemer"
    )  # the deploy check, which knows no case
