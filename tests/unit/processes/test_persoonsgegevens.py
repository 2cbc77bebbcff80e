"""The 'no personal data in a wijkuitvoeringsplan' guard (processes/persoonsgegevens.py), by field name."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from processes.persoonsgegevens import _reeksen, geen_persoonsgegevens, is_persoonsveld

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


#: review sessie8: the guard of 71e7295 matched personal words anywhere inside a field name, so it refused
#: these wijkanalyse fields (building stock, dwelling types, a thing's name, a count), which carry no
#: personal data (DOMAIN.md, Procedure 2)
WIJKANALYSE = {
    "eengezinswoningen": 420,
    "meergezinswoningen": 380,
    "bouwleeftijd": "1946-1964",
    "warmtenet_naam": "Warmtenet Centrum",
    "adresseerbare_objecten": 1200,
    "huishoudens": 800,
    "residential_units": 800,
    "zorgcomplex": True,
    "personeel_inzet": "2 fte",
    "mailing_verstuurd": True,
    "gebouwnaam": "De Toren",
    "huishoudens_aantal": 800,
}


@pytest.mark.parametrize(("veld", "waarde"), WIJKANALYSE.items())
def test_wijkanalyse_fields_are_no_personal_data(veld: str, waarde: object) -> None:
    assert not is_persoonsveld(veld, waarde)
    geen_persoonsgegevens({"wijkanalyse": {veld: waarde}})


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("woningtypen", {"eengezinswoning": 120, "meergezinswoning": 80}),
        ("leeftijd_woningen", "voor 1945"),
        ("gebouwen", [{"leeftijd": "1960-1975", "naam": "De Toren"}]),
        ("bag_adressen", 1200),
        ("zorgvastgoed", 3),
        ("geboortegolf", 1),
        ("gezinsbedrijf", "Bakkerij"),
        ("bezorging", "post"),
        ("deelname", "ja"),  # participation, not an English "name"
        ("afname_kw", 300),
        ("bewonersavond", "2026-03-01"),  # an event for residents, not a resident
        ("kostenindicatie", 12000),
        ("gezinnen", 300),
        ("eenpersoonshuishoudens", 210),
        ("inwonersaantal", 12000),
        ("percentage_huurders", 30.5),
        ("gemiddelde_leeftijd", 42),
    ],
)
def test_things_and_counts_whose_name_holds_a_personal_word_pass(veld: str, waarde: object) -> None:
    geen_persoonsgegevens({"wijkanalyse": {veld: waarde}})


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        *((v, "x") for v in GEMIST),
        ("voornaam", "Anna"),
        ("woonadres", "Kerkstraat 3"),
        ("huishoudens", "Jansen, 2 kinderen"),  # text under a group of people: about a household
        ("bewoners", True),
        ("buurtbewoners", "x"),  # a compound whose last part is a person
        ("persoonsgegevens", "x"),
        ("bewonerslijst", "x"),
        ("gezinssamenstelling", "2 volwassenen, 3 kinderen"),
        ("energieschulden", "x"),
        ("huishoudinkomen", 31000),  # a number, but no count word and no group of people
        ("leeftijd", 45),
        ("leeftijd_bewoner", 45),
        ("gebouwbeheerder_naam", "J. Jansen"),  # a person's name, though a building comes first
        ("first_name", "Anna"),
        ("phoneNumber", 612345678),
        ("bsn", 123456782),
        ("dateOfBirth", "1980-01-01"),
    ],
)
def test_personal_words_stay_refused_as_whole_words_and_compounds(veld: str, waarde: object) -> None:
    assert is_persoonsveld(veld, waarde)
    with pytest.raises(ValidationError) as err:
        geen_persoonsgegevens({"wijkanalyse": {veld: waarde}})
    assert err.value.code == "persoonsgegevens" and f"'wijkanalyse.{veld}'" in err.value.detail


def test_a_name_under_residents_or_a_contact_stays_refused() -> None:
    for data, veld in (
        ({"bewoners": [{"naam": "A. de Vries"}]}, "'bewoners'"),
        ({"lijst": [{"naam": "A. de Vries"}]}, "'lijst.naam'"),
        ({"contact": {"naam": "A. de Vries"}}, "'contact.naam'"),
        ({"gebouwen": [{"eigenaar": {"naam": "A. de Vries"}}]}, "'gebouwen.eigenaar.naam'"),
    ):
        with pytest.raises(ValidationError) as err:
            geen_persoonsgegevens(data)
        assert veld in err.value.detail


def test_a_long_field_name_is_read_in_linear_time() -> None:
    """Adjacent words are joined in runs of at most three ("e_mail" -> "email"), so a long field name
    from the user costs no quadratic work."""
    assert len(_reeksen(["x"] * 1000)) < 3 * 1000
    assert is_persoonsveld("_".join(["x"] * 2000) + "_e_mail", "x")
    assert not is_persoonsveld("_".join(["gebouw"] * 2000), "x")
