"""A person's name as typed, split into the parts the Zaken API keeps apart, only where that is unambiguous
(review zgw14, 3: "J. Jansen" was registered as geslachtsnaam "J. Jansen", initials inside the surname)."""

from __future__ import annotations

import pytest

from processes.persoonsnaam import Naamdelen, naamdelen


@pytest.mark.parametrize(
    ("naam", "delen"),
    [
        ("J. Jansen", Naamdelen("Jansen", voorletters="J.")),
        ("J.P. van der Berg", Naamdelen("Berg", "van der", "J.P.")),
        ("J. P. van der Berg", Naamdelen("Berg", "van der", "J.P.")),
        ("A. Jansen-de Boer", Naamdelen("Jansen-de Boer", voorletters="A.")),
        ("Piet Jansen", Naamdelen("Jansen", voorletters="P.", voornamen="Piet")),
        ("Petra de Vries", Naamdelen("Vries", "de", "P.", "Petra")),
        ("Jan Willem de Vries", Naamdelen("Vries", "de", "J.W.", "Jan Willem")),
        ("IJsbrand van 't Hof", Naamdelen("Hof", "van 't", "IJ.", "IJsbrand")),
        ("  Petra   de  Vries ", Naamdelen("Vries", "de", "P.", "Petra")),
    ],
)
def test_a_name_is_split_where_its_parts_are_clear(naam: str, delen: Naamdelen) -> None:
    assert naamdelen(naam) == delen


@pytest.mark.parametrize(
    "naam",
    [
        "Jansen",
        "Jan Willem Jansen",  # where does the surname begin?
        "Van Dijk",  # a surname, not the first name "Van"
        "fam. Jansen",
        "Dhr. Jansen",
        "Jansen, J.",
        "Jan de Vries en Marie de Vries",  # two people
        "Jan P. de Vries",
        "J. Van den Berg",
    ],
)
def test_an_ambiguous_name_stays_whole_as_the_surname(naam: str) -> None:
    assert naamdelen(naam) == Naamdelen(naam)


@pytest.mark.parametrize(
    "naam",
    [
        "Mevrouw Jansen",
        "Mw de Vries",
        "Mw. de Vries",
        "Dhr Jansen",
        "Meneer Jansen",
        "Fam Jansen",
        "Familie de Boer",
        "Mevrouw J. Jansen",
        "Dr Jansen",
        "Ir. de Vries",
        "Hr Jansen",
        "Prof Jansen",
    ],
)
def test_a_name_that_begins_with_a_salutation_or_a_title_stays_whole(naam: str) -> None:
    """Review sessie14b (4): "Mevrouw Jansen" was voornamen "Mevrouw", voorletters "M.", "Dr Jansen" voornamen
    "Dr": a salutation or a title is no first name."""
    assert naamdelen(naam) == Naamdelen(naam)


@pytest.mark.parametrize(
    "naam",
    [
        "Bouwbedrijf Jansen",
        "Jansen Installatietechniek",
        "VvE Jansen",
        "Jansen Holding",
        "Jansen BV",
        "Jansen B.V.",
        "Vereniging van Eigenaren",
        "Pieter de Vries Holding",
        "Bakkerij de Molen",
        "Stichting de Hoop",
        "Garage van Dijk",
        "Jansen Architecten",
    ],
)
def test_a_name_with_a_word_of_an_organisation_stays_whole(naam: str) -> None:
    """Review sessie14b (4): "Bouwbedrijf Jansen" was voornamen "Bouwbedrijf", "Jansen Installatietechniek"
    voornamen "Jansen", "Vereniging van Eigenaren" voorvoegsel "van" and geslachtsnaam "Eigenaren"."""
    assert naamdelen(naam) == Naamdelen(naam)


@pytest.mark.parametrize(
    "naam",
    [
        "Mijnheer de Vries",
        "Echtpaar Jansen",
        "Weduwe Jansen",
        "Wed. Jansen",
        "Weduwnaar de Boer",
        "Erven Jansen",
        "Zuster Jansen",
        "Broeder Jansen",
        "Gebr. Jansen",
    ],
)
def test_a_salutation_or_a_relation_is_no_first_name(naam: str) -> None:
    """Review sessie14c (2): "Mijnheer de Vries" was voornamen "Mijnheer", "Echtpaar Jansen", "Weduwe Jansen",
    "Erven Jansen", "Zuster Jansen" voornamen "Echtpaar", "Weduwe", "Erven", "Zuster"."""
    assert naamdelen(naam) == Naamdelen(naam)


@pytest.mark.parametrize(
    "naam",
    [
        "Tandartspraktijk Jansen",
        "Boerderij de Hoeve",
        "Brouwerij de Molen",
        "Jansen Dakwerken",
        "Jansen Schilderwerken",
        "Jansen Hoveniers",
        "Jansen Kozijnen",  # a patronymic is no first name
        "Hendriksen Tegels",
        "P. Jansen Hoveniers",  # the surname is one word, or a double name joined by a hyphen
        "P. Jansen Kozijnen",
        "J.P. van der Berg Tegels",
        "Piet Jansen Kozijnen",
        "Petra de Vries Bloemen",
        "JANSEN Kozijnen",  # no first name is written in capitals
        "KPN Jansen",
    ],
)
def test_a_trade_or_a_word_after_the_surname_keeps_the_name_whole(naam: str) -> None:
    """Review sessie14c (2): "Tandartspraktijk Jansen" was voornamen "Tandartspraktijk", "Boerderij de Hoeve"
    voornamen "Boerderij", "Jansen Dakwerken" voornamen "Jansen" and geslachtsnaam "Dakwerken", "P. Jansen
    Hoveniers" geslachtsnaam "Jansen Hoveniers". A name is split only where its surname is one word after
    its particles (or a double name joined by a hyphen) and its first names are written as first names."""
    assert naamdelen(naam) == Naamdelen(naam)


@pytest.mark.parametrize(
    ("naam", "delen"),
    [
        ("P. Berg-van der Molen", Naamdelen("Berg-van der Molen", voorletters="P.")),
        ("Anne-Marie de Vries", Naamdelen("Vries", "de", "A.", "Anne-Marie")),
        ("Petra van der Berg-de Wit", Naamdelen("Berg-de Wit", "van der", "P.", "Petra")),
        ("Piet J. Jansen", Naamdelen("Piet J. Jansen")),
    ],
)
def test_a_double_surname_joined_by_a_hyphen_is_one_surname(naam: str, delen: Naamdelen) -> None:
    assert naamdelen(naam) == delen
