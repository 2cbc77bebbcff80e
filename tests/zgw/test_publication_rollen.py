"""The initiator's rol in the zaakregistratie: a resident is a natuurlijk persoon, an organisation is not."""

from __future__ import annotations

import pytest

from services import cases
from services.status.application_forms import APPLICATION_FORMS
from services.zgw import payloads as p
from tests.integration.test_omgevingsvergunning import PERCEEL, Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import Zgw, z, zplatform  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    ("soort", "expected"),
    [
        ("inwoner", "natuurlijk_persoon"),  # the public form's first (default) choice
        ("particulier", "natuurlijk_persoon"),
        (None, "natuurlijk_persoon"),  # a case started without a kind: a person, never an organisation
        ("bedrijf", "niet_natuurlijk_persoon"),
        ("vereniging of stichting", "niet_natuurlijk_persoon"),
    ],
)
def test_the_initiator_is_registered_by_its_kind(z: Omgeving, soort: str | None, expected: str) -> None:  # noqa: F811
    cases.start_case(
        z.p,
        "omgevingsvergunning",
        {"activiteiten": ["technische_bouwactiviteit"]},
        user="anna",
        geometry_wkt=PERCEEL,
        title="Dakkapel",
        initiator="Petra de Vries",
        initiator_type=soort,
        location_name="Dorpsstraat 3",
    )
    zgw = Zgw(z.p)
    zgw.drain()
    [rol] = zgw.server.collection("rollen")
    assert rol["betrokkeneType"] == expected
    naam = "geslachtsnaam" if expected == "natuurlijk_persoon" else "statutaireNaam"
    assert rol["betrokkeneIdentificatie"][naam] == "Petra de Vries"


def test_every_kind_of_initiator_the_forms_offer_is_mapped_explicitly() -> None:
    offered = {soort for form in APPLICATION_FORMS.values() for soort in form.initiator_types}
    assert offered and offered <= set(p.INITIATOR_BETROKKENE), offered - set(p.INITIATOR_BETROKKENE)
    assert set(p.INITIATOR_BETROKKENE.values()) <= set(p.BETROKKENE_TYPEN)


def test_an_outside_organisation_advising_is_no_unit_of_the_municipality(z: Omgeving) -> None:  # noqa: F811
    """Reviewer finding: every adviser group was registered as an organisatorische_eenheid (a unit of
    the municipality itself), also an outside organisation such as an omgevingsdienst."""
    from services.users import ensure_group

    with z.p.uow() as uow:  # Milieu stands in for an outside organisation here (kind organisatie)
        ensure_group(uow.session, "Milieu").kind = "organisatie"
        uow.commit()
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    zgw = Zgw(z.p)
    zgw.drain()
    adviseurs = {
        r["roltoelichting"]: (r["betrokkeneType"], r["betrokkeneIdentificatie"])
        for r in zgw.server.collection("rollen")
        if r["roltoelichting"].startswith("adviseur:")
    }
    assert adviseurs["adviseur: Milieu"] == ("niet_natuurlijk_persoon", {"statutaireNaam": "Milieu"})
    assert adviseurs["adviseur: Energie en Klimaat"][0] == "organisatorische_eenheid"
