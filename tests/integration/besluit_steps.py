"""The permit case (tests/integration/test_omgevingsvergunning.py's Omgeving) at its besluit: laid ter
inzage as an ontwerp, waiting at 'Besluit nemen', the actions that task offers, and the app in which tom
signs in."""

from __future__ import annotations

from typing import Any

from services import users
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

#: the besluit's task
TAAK = "Besluit nemen"
#: tom's password in ``app_with_tom``
PASSWORD = "besluit-2026"


def bij_het_besluit(z: Omgeving) -> None:
    """Assessed and advised early: the case waits at 'Besluit nemen'."""
    z.tot_beoordeling()
    geadviseerd(z)


def geadviseerd(z: Omgeving) -> None:
    """A complete application of the case advised on and assessed: it waits at 'Besluit nemen'."""
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})


def besluit_acties(z: Omgeving) -> list[str]:
    """The actions the form of TAAK offers tom now."""
    return list(z.taak("tom", TAAK)["formulier"]["properties"]["actie"]["enum"])


def app_with_tom(z: Omgeving) -> Any:
    """tom with PASSWORD and token "token-tom", and the app on the case's platform."""
    users.add_user(z.p, "tom", groups=ov.USERS["tom"], password=PASSWORD, token="token-tom")
    return create_app(z.p.settings, platform=z.p)


def ontwerp_ter_inzage(z: Omgeving) -> str:
    """An uitgebreide case whose ontwerp was laid down on 4 March 2026; returns its tracking code."""
    z.locatie["afdelingen"] = []
    code = str(
        z.start(activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"], mer_plichtig=True)[
            "volgcode"
        ]
    )
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    case = z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    assert case["fase"] == "ter inzage" and case["samenvatting"]["ter_inzage"]["tot"] == "2026-04-14"
    return code
