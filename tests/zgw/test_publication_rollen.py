"""The initiator's rol in the zaakregistratie: a resident is a natuurlijk persoon, an organisation is not."""

from __future__ import annotations

import pytest

from services import cases
from services.status.application_forms import APPLICATION_FORMS
from services.zgw import payloads as p
from services.zgw import rollen
from tests.integration.test_omgevingsvergunning import PERCEEL, Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.contract import validate_request
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
def test_the_initiator_is_registered_by_its_kind(
    z: Omgeving,  # noqa: F811
    soort: str | None,
    expected: str,
    zgw_specs,
) -> None:
    rol = _initiator_rol(z, "Petra de Vries", soort, None, zgw_specs)
    assert rol["betrokkeneType"] == expected
    if soort is None:  # review sessie14b (4): a person of no kind may be a company: the name stays whole
        assert rol["betrokkeneIdentificatie"] == {"geslachtsnaam": "Petra de Vries"}
    elif expected == "natuurlijk_persoon":  # review zgw14 (3): her name in its parts, not all as her surname
        assert rol["betrokkeneIdentificatie"] == {
            "geslachtsnaam": "Vries",
            "voorvoegselGeslachtsnaam": "de",
            "voorletters": "P.",
            "voornamen": "Petra",
        }
    else:
        assert rol["betrokkeneIdentificatie"]["statutaireNaam"] == "Petra de Vries"


def _initiator_rol(z: Omgeving, naam: str, soort: str | None, email: str | None, zgw_specs) -> dict:  # noqa: F811
    cases.start_case(
        z.p,
        "omgevingsvergunning",
        {"activiteiten": ["technische_bouwactiviteit"]},
        user="anna",
        geometry_wkt=PERCEEL,
        title="Dakkapel",
        initiator=naam,
        initiator_type=soort,
        initiator_email=email,
        location_name="Dorpsstraat 3",
    )
    zgw = Zgw(z.p)
    zgw.drain()
    for request in zgw.recorder.writes():
        validate_request(zgw_specs, zgw.config, request)
    [rol] = zgw.server.collection("rollen")
    return rol


def test_a_persons_initials_and_particle_are_no_part_of_the_surname_and_her_address_is_her_contact(
    z: Omgeving,  # noqa: F811
    zgw_specs,
) -> None:
    """Review zgw14 (3): "J.P. van der Berg" was natuurlijk_persoon with geslachtsnaam "J.P. van der Berg",
    empty voorletters and no contact, although the case holds her e-mail address."""
    rol = _initiator_rol(z, "J.P. van der Berg", "inwoner", "jp@example.nl", zgw_specs)
    assert rol["betrokkeneIdentificatie"] == {
        "geslachtsnaam": "Berg",
        "voorvoegselGeslachtsnaam": "van der",
        "voorletters": "J.P.",
    }
    assert rol["contactpersoonRol"] == {"naam": "J.P. van der Berg", "emailadres": "jp@example.nl"}


def test_a_company_has_its_statutaire_naam_and_the_address_it_applied_with_as_contact(
    z: Omgeving,  # noqa: F811
    zgw_specs,
) -> None:
    rol = _initiator_rol(z, "Zonnedak B.V.", "bedrijf", "info@zonnedak.example", zgw_specs)
    assert rol["betrokkeneType"] == "niet_natuurlijk_persoon"
    assert rol["betrokkeneIdentificatie"] == {"statutaireNaam": "Zonnedak B.V."}  # no KvK-nummer is known
    assert rol["contactpersoonRol"] == {"naam": "Zonnedak B.V.", "emailadres": "info@zonnedak.example"}


def test_without_an_address_the_rol_has_no_contact(z: Omgeving, zgw_specs) -> None:  # noqa: F811
    rol = _initiator_rol(z, "Piet Jansen", "particulier", None, zgw_specs)
    assert rol["betrokkeneIdentificatie"]["voornamen"] == "Piet" and "contactpersoonRol" not in rol


@pytest.mark.parametrize(
    ("naam", "soort"),
    [
        ("Mevrouw Jansen", "inwoner"),
        ("Dr Jansen", "particulier"),
        ("Bouwbedrijf Jansen", None),
        ("Jansen Installatietechniek", "zzp"),
        ("Piet Jansen", "zzp"),
    ],
)
def test_a_name_is_registered_in_its_parts_only_for_a_person_and_only_where_it_is_one(
    z: Omgeving,  # noqa: F811
    zgw_specs,
    naam: str,
    soort: str | None,
) -> None:
    """Review sessie14b (4): "Mevrouw Jansen" was registered with voornamen "Mevrouw", an initiator of no
    kind "Bouwbedrijf Jansen" with voornamen "Bouwbedrijf", a zzp "Jansen Installatietechniek" with voornamen
    "Jansen". An initiator of an unlisted kind is a natuurlijk persoon (never an organisation), with its
    name whole."""
    rol = _initiator_rol(z, naam, soort, None, zgw_specs)
    assert rol["betrokkeneType"] == "natuurlijk_persoon"
    assert rol["betrokkeneIdentificatie"] == {"geslachtsnaam": naam}


def test_every_kind_of_initiator_the_forms_offer_is_mapped_explicitly() -> None:
    offered = {soort for form in APPLICATION_FORMS.values() for soort in form.initiator_types}
    assert offered and offered <= set(p.INITIATOR_BETROKKENE), offered - set(p.INITIATOR_BETROKKENE)
    assert set(p.INITIATOR_BETROKKENE.values()) <= set(rollen.BETROKKENE_TYPEN)


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
