"""The besluit in the zaakregistratie carries the dates its PDF names, not the day the PDF was made."""

from __future__ import annotations

from datetime import date
from typing import Any

from services import users
from services.documents.besluit import finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


def registered_besluit(
    z: Omgeving,  # noqa: F811 (the fixture, passed on)
    genomen: date,
    verzonden: date,
    **invoer: Any,
) -> dict[str, Any]:
    """The permit case up to 'Besluit nemen', its besluit made final on 12 March by a behandelaar in
    the task's lane (Teamleider), and the besluit as the zaakregistratie got it."""
    z.start()
    users.add_user(
        z.p,
        "bea",
        groups=["Vergunningen", "Teamleider"],
        role="vergunningverlener",
        display_name="Bea Dekker",
    )
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.later(days=10)  # 12 March
    motivering = "Past binnen het omgevingsplan."
    besluit = BesluitInvoer("verlenen", motivering, besluitdatum=genomen, verzenddatum=verzonden, **invoer)
    finalise_besluit(z.p, z.ref, "bea", besluit)
    zgw = Zgw(z.p)
    zgw.drain()
    [registered] = zgw.server.collection("besluiten")
    return registered


def test_the_besluit_is_registered_with_its_own_besluitdatum_and_verzenddatum(z: Omgeving) -> None:  # noqa: F811
    """Tester finding: a besluit taken on 5 March and sent on 6 March, made final on 12 March, was
    registered in Open Zaak with datum and ingangsdatum 12 March and no verzenddatum."""
    besluit = registered_besluit(z, date(2026, 3, 5), date(2026, 3, 6), ondertekenaar="J. de Burgemeester")
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-05", "2026-03-06")


def test_the_besluit_takes_effect_the_day_after_it_was_made_known(z: Omgeving) -> None:  # noqa: F811
    """Tester finding: taken on 10 March and sent on 12 March, the besluit was registered with
    ingangsdatum 10 March, before it was made known. Awb 3:40 and Omgevingswet 16.79 lid 1: an
    omgevingsvergunning takes effect the day after the day it was made known."""
    besluit = registered_besluit(z, date(2026, 3, 10), date(2026, 3, 12))
    assert (besluit["datum"], besluit["verzenddatum"]) == ("2026-03-10", "2026-03-12")
    assert besluit["ingangsdatum"] == "2026-03-13"


def test_the_besluit_carries_the_last_day_for_bezwaar_and_its_publication_day(z: Omgeving) -> None:  # noqa: F811
    """Review zgw14 (1): the besluittype has reactietermijn P42D and publicatieIndicatie, but the besluit
    reached the Besluiten API without uiterlijkeReactiedatum and publicatiedatum. Sent on Monday 16 March
    2026, the six weeks of bezwaar end on Monday 27 April, Koningsdag: the term runs to 28 April (Atw
    art. 1), the day the besluit's clause prints; it is published the day it is made known."""
    besluit = registered_besluit(z, date(2026, 3, 12), date(2026, 3, 16))
    assert (besluit["uiterlijkeReactiedatum"], besluit["publicatiedatum"]) == ("2026-04-28", "2026-03-16")
