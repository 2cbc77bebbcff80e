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
