"""The 'no personal data in a wijkuitvoeringsplan' guard (processes/persoonsgegevens.py), by field name."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from processes.persoonsgegevens import geen_persoonsgegevens, is_persoonsveld

#: privacy finding 3: these passed, because only exact names or a _prefix/_suffix were matched
GEMIST = ["emailadres", "e_mail", "naam", "adres", "telefoonnummer", "mail", "bewoners"]


@pytest.mark.parametrize(
    "veld",
    [
        *GEMIST,
        "E-mail",
        "eMailAdres",
        "mailadres",
        "telefoonNummer",
        "voornaam",
        "achternaam",
        "woonadres",
        "adressen",
        "namen",
        "bewonersnaam",
        "naam_bewoner",
        "schulden",
        "schuldhulp",
        "mantelzorg",
        "huishoudens",
        "geboortedatum",
        "contactpersoon",
        "wijk_contact_naam",  # a contact in the wijk is a person
        "full_name",
        "firstName",
        "home_address",
        "phone",
        "residents",
        "income",
        "BSN",
    ],
)
def test_personal_words_are_refused_as_parts_of_a_field_name(veld: str) -> None:
    assert is_persoonsveld(veld, "x")
    with pytest.raises(ValidationError) as err:
        geen_persoonsgegevens({"gegevens": {veld: "x"}})
    assert err.value.code == "persoonsgegevens" and f"'gegevens.{veld}'" in err.value.detail


def test_the_reviewers_payload_is_refused_at_its_first_personal_field() -> None:
    data = {
        "wijk_code": "WK990102",
        "wijk_naam": "Centrum",
        "transitievisie_alternatief": "warmtenet",
        "bewoners": [{"naam": "A. de Vries", "adres": "Kerkstraat 3", "emailadres": "a@example.nl"}],
    }
    with pytest.raises(ValidationError) as err:
        geen_persoonsgegevens(data)
    assert err.value.code == "persoonsgegevens" and "'bewoners'" in err.value.detail
    with pytest.raises(ValidationError) as err:  # nested under a harmless name, the name itself
        geen_persoonsgegevens({"lijst": [{"naam": "A. de Vries"}]})
    assert "'lijst.naam'" in err.value.detail


@pytest.mark.parametrize(
    "data",
    [
        # the plan's own fields (models, demo, scenarios)
        {"wijk_code": "WK1", "wijk_naam": "Centrum", "transitievisie_alternatief": "warmtenet"},
        {"zaak": "Z-1", "ontvangen": "2026-03-02", "betrokkenen": ["Woonstichting"], "zorgvuldig": True},
        {
            "activiteit": {
                "soort": "enquete",
                "datum": "2026-03-01",
                "aantal_deelnemers": 40,
                "respons_pct": 30,
            }
        },
        {"opt_outs": [{"gebouw": "0200010000123456", "alternatief": "all_electric"}]},
        {"soort": "isolatie", "gebouw": "0200010000123456"},
        {"onderwerp": "speelplaats", "vraag": "Blijft de speeltuin?"},
        {"mijlpalen": [{"naam": "Warmtenet fase 1 aangelegd", "partij": "warmtebedrijf"}]},
        {"warmtebedrijf_naam": "Warmte BV", "straatnaam": "Kerkstraat", "buurtNaam": "Oost"},
        # figures about the wijk's people are statistics
        {"aantal_bewoners": 1200, "aantal_huishoudens": 500, "gemiddeld_inkomen": 31000.5},
    ],
)
def test_plan_fields_and_statistics_pass(data: dict[str, object]) -> None:
    geen_persoonsgegevens(data)


def test_a_figure_name_holding_text_is_still_refused() -> None:
    assert is_persoonsveld("aantal_bewoners", "A. de Vries, J. Jansen")
    assert is_persoonsveld("aantal_bewoners", True)


def test_a_name_is_a_things_name_only_where_the_field_names_that_thing() -> None:
    geen_persoonsgegevens({"plan": {"naam": "Warmteplan Centrum"}, "wijk": {"naam": "Centrum"}})
    assert is_persoonsveld("naam", "A. de Vries", "bewoners.")
    assert is_persoonsveld("naam", "A. de Vries", "plan.contact.")  # the field it lies in: contact
