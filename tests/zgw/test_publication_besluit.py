"""The besluit in the zaakregistratie carries the dates its PDF names, not the day the PDF was made."""

from __future__ import annotations

from datetime import date

from services import users
from services.documents.besluit import finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def test_the_besluit_is_registered_with_its_own_besluitdatum_and_verzenddatum(z: Omgeving) -> None:  # noqa: F811
    """Tester finding: a besluit taken on 5 March and sent on 6 March, made final on 12 March, was
    registered in Open Zaak with datum and ingangsdatum 12 March and no verzenddatum."""
    z.start()
    users.add_user(z.p, "bea", groups=["Vergunningen", "Teamleider"], role="vergunningverlener")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.later(days=10)  # 12 March
    invoer = BesluitInvoer(
        uitkomst="verlenen",
        motivering="Past binnen het omgevingsplan.",
        besluitdatum=date(2026, 3, 5),
        verzenddatum=date(2026, 3, 6),
        ondertekenaar="J. de Burgemeester",
    )
    finalise_besluit(z.p, z.ref, "bea", invoer)
    zgw = Zgw(z.p)
    zgw.drain()
    [besluit] = zgw.server.collection("besluiten")
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-05", "2026-03-06")


def test_the_besluit_takes_effect_the_day_after_it_was_made_known(z: Omgeving) -> None:  # noqa: F811
    """Tester finding: taken on 10 March and sent on 12 March, the besluit was registered with
    ingangsdatum 10 March, before it was made known. Awb 3:40 and Omgevingswet 16.79 lid 1: an
    omgevingsvergunning takes effect the day after the day it was made known."""
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.later(days=10)  # 12 March
    invoer = BesluitInvoer(
        uitkomst="verlenen",
        motivering="Past binnen het omgevingsplan.",
        besluitdatum=date(2026, 3, 10),
        verzenddatum=date(2026, 3, 12),
    )
    users.add_user(z.p, "bea", groups=["Vergunningen", "Teamleider"], role="vergunningverlener")
    finalise_besluit(z.p, z.ref, "bea", invoer)
    zgw = Zgw(z.p)
    zgw.drain()
    [besluit] = zgw.server.collection("besluiten")
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-10", "2026-03-12")
    assert besluit["ingangsdatum"] == "2026-03-13"
