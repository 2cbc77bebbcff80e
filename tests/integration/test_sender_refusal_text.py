"""Pentest (session 10), finding 3: a transportverzoek that names Liander for the party Netbeheerder refused
nina (group Netbeheerder) and an Enexis account with "…dat mag alleen de Netbeheerder." — untrue for that
case: only Liander may. The refusal names the case's own organisation for the party when it names one."""

from __future__ import annotations

import pytest

from processes.errors import Forbidden
from services import cases, users
from services.platform import Platform
from services.policy_rules import describe_senders
from tests.integration.energie_fixtures import toestand
from tests.integration.test_kavel_berichten import ANTWOORD, LIANDER, _lagen, wp
from tests.integration.test_windpark import start

__all__ = ["_lagen", "wp"]  # the fixtures of the transportverzoek message tests


def test_the_refusal_names_the_netbeheerder_the_case_names(wp: Platform) -> None:
    users.add_user(wp, "eric", organisaties=["Netbeheerder Enexis"], partij="Netbeheerder", role="adviseur")
    ref = str(start(wp, 3.0, organisaties={"Netbeheerder": LIANDER})["zaak"])
    before = toestand(wp, ref)
    for outsider in ("nina", "eric"):  # the party's generic group, another netbeheerder
        with pytest.raises(Forbidden) as refused:
            cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor=outsider)
        assert refused.value.code == "bericht-geen-recht"
        assert refused.value.detail.endswith(
            f"dat mag alleen {LIANDER} (de Netbeheerder die deze zaak noemt)."
        ), refused.value.detail
    assert toestand(wp, ref) == before


def test_without_a_named_organisation_the_refusal_names_the_party(wp: Platform) -> None:
    ref = str(start(wp, 3.0)["zaak"])
    with pytest.raises(Forbidden) as refused:
        cases.send_message(wp, ref, "netbeheerder_antwoord", ANTWOORD, actor="lars")
    assert refused.value.detail.endswith("dat mag alleen de Netbeheerder.")
    assert describe_senders(["groep:Netbeheerder", "initiatiefnemer"]) == (
        "de Netbeheerder of de initiatiefnemer"
    )  # the deploy check, which knows no case
