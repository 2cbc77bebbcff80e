"""The bodies of a zaak's rollen for the Zaken API (services.zgw.delivery): who the betrokkene is (a
medewerker, an organisational unit, a person or an organisation) and how to reach the initiator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from processes.namen import INITIATOR_BETROKKENE
from processes.persoonsnaam import Naamdelen, naamdelen
from services.zgw.payloads import clip

#: betrokkeneType values of a rol.
BETROKKENE_TYPEN = (
    "natuurlijk_persoon",
    "niet_natuurlijk_persoon",
    "vestiging",
    "organisatorische_eenheid",
    "medewerker",
)


@dataclass(frozen=True)
class RolFacts:
    betrokkene_type: str  # one of BETROKKENE_TYPEN
    roltoelichting: str
    identificatie: dict[str, Any] = field(default_factory=dict)  # betrokkeneIdentificatie
    contactpersoon: dict[str, Any] | None = None  # contactpersoonRol (see ``contactpersoon``)


def rol_create(zaak_url: str, roltype_url: str, rol: RolFacts) -> dict[str, Any]:
    if rol.betrokkene_type not in BETROKKENE_TYPEN:
        raise ValueError(f"betrokkeneType {rol.betrokkene_type!r} is not a ZGW value")
    body = {
        "zaak": zaak_url,
        "roltype": roltype_url,
        "betrokkeneType": rol.betrokkene_type,
        "roltoelichting": clip(rol.roltoelichting, 1000),
        "betrokkeneIdentificatie": dict(rol.identificatie),
    }
    if rol.contactpersoon:
        body["contactpersoonRol"] = dict(rol.contactpersoon)
    return body


def medewerker(identificatie: str, achternaam: str = "", voorletters: str = "") -> dict[str, Any]:
    """betrokkeneIdentificatie of a medewerker (an officer, by user name)."""
    return {
        "identificatie": clip(identificatie, 128),
        "achternaam": clip(achternaam, 200),
        "voorletters": clip(voorletters, 20),
    }


def organisatorische_eenheid(identificatie: str, naam: str) -> dict[str, Any]:
    """betrokkeneIdentificatie of an organisational unit (a team, an external adviser)."""
    return {"identificatie": clip(identificatie, 255), "naam": clip(naam, 255)}


def natuurlijk_persoon(naam: str, soort: str | None) -> dict[str, Any]:
    """betrokkeneIdentificatie of a person (an initiator of kind ``soort``) known by the name typed at
    intake: its voorletters, voornamen and voorvoegsel apart where the name shows them unambiguously
    (``processes.persoonsnaam``), else the whole name as geslachtsnaam. Split only for a kind listed as a
    person (``INITIATOR_BETROKKENE``: "inwoner", "particulier"): an initiator of no kind or of one not
    listed ("zzp", free text from the API) is registered as a person, never as an organisation, but may
    be one ("Bouwbedrijf Jansen", "Jansen Installatietechniek"): its name stays whole. No BSN: Ruimteflow
    has none."""
    persoon = INITIATOR_BETROKKENE.get((soort or "").strip().lower()) == "natuurlijk_persoon"
    delen = naamdelen(naam) if persoon else Naamdelen(" ".join(naam.split()))
    body: dict[str, Any] = {"geslachtsnaam": clip(delen.geslachtsnaam, 200)}
    for key, value, limit in (
        ("voorvoegselGeslachtsnaam", delen.voorvoegsel, 80),
        ("voorletters", delen.voorletters, 20),
        ("voornamen", delen.voornamen, 200),
    ):
        if value:
            body[key] = clip(value, limit)
    return body


def contactpersoon(naam: str, email: str | None) -> dict[str, Any] | None:
    """contactpersoonRol of an initiator: the name it applied under and the e-mail address the case holds
    (no phone number: the intake asks none); None without an address."""
    if not email:
        return None
    return {"naam": clip(naam, 200), "emailadres": email}


def niet_natuurlijk_persoon(naam: str, kvk: str = "") -> dict[str, Any]:
    """betrokkeneIdentificatie of an organisation (an initiator that is a company)."""
    body: dict[str, Any] = {"statutaireNaam": clip(naam, 500)}
    if kvk:
        body["kvkNummer"] = kvk
    return body
