"""Review sessie13b, 4: names the applicant's name filter (processes.namen.NaamFilter) missed, and the
street it cut from a location; and finding 1's holders on the case page of an outside party."""

from __future__ import annotations

import pytest

from services.policy.outside import name_filter, outside_holders
from services.store.models import Case

REMOVED = "[verwijderd]"


@pytest.mark.parametrize(
    ("initiator", "typed", "read"),
    [
        (
            "Jan van Os",
            "Dakkapel woning J. van Os",
            f"Dakkapel woning {REMOVED}",
        ),  # initials, particle, 2 letters
        ("Jan van Os", "Schuur van Os, os in de wei", f"Schuur {REMOVED}, os in de wei"),  # "os" alone a word
        ("Wei Li", "Aanbouw fam. Li", f"Aanbouw fam. {REMOVED}"),
        ("Wei Li", "Lichtmast W. Li", f"Lichtmast {REMOVED}"),
        ("Jan Mulder", "dakkapel woning mulder", f"dakkapel woning {REMOVED}"),  # typed in lower case
    ],
)
def test_short_and_lower_case_names_are_cut(initiator, typed, read):
    assert name_filter(initiator, "particulier").tekst(typed) == read


def test_a_lower_case_plan_word_beside_capitals_stays():
    """Review sessie10 5 still holds: "groot onderhoud" of Mr Groot is the plan's, where the text has capitals."""
    cut = name_filter("A. de Groot", "inwoner")
    assert cut.tekst("Dakkapel fam. Groot, groot onderhoud") == f"Dakkapel fam. {REMOVED}, groot onderhoud"


def test_the_street_before_a_house_number_stays_in_the_location():
    cut = name_filter("Café De Markt", "particulier")
    assert cut.locatie("Verbouwing Markt 1") == "Verbouwing Markt 1"
    assert cut.locatie("Markt 1, bij Café De Markt") == f"Markt 1, bij {REMOVED}"
    assert cut.tekst("Terras Markt") == f"Terras {REMOVED}"  # elsewhere a word of the name


def test_an_outside_party_reads_the_holders_without_the_applicants_name():
    case = Case(initiator="Maatschap Esselink", initiator_type="particulier", initiator_email=None)
    reason = "Advies Windturbine Esselink (Omgevingsdienst)"
    segment = {"van": "2026-03-02", "tot": None, "werkdagen": 0, "reden": reason}
    row = {"houder": "Omgevingsdienst", "soort": "extern", "segmenten": [segment]}
    holders = {"rijen": [row], "nu": {"houder": "Omgevingsdienst", "reden": reason}, "publiek": True}
    read = outside_holders(case, holders)
    assert (
        read["nu"]["reden"]
        == read["rijen"][0]["segmenten"][0]["reden"]
        == (f"Advies Windturbine {REMOVED} (Omgevingsdienst)")
    )
    assert holders["nu"]["reden"] == reason  # the timeline itself is unchanged


@pytest.mark.parametrize(
    ("initiator", "typed", "read"),
    [
        # pseudo14, 3: a name typed in lower case inside a capitalised title
        ("J. Mulder", "Dakkapel woning mulder", f"Dakkapel woning {REMOVED}"),
        (
            "Piet Jansen",
            "Schuur achter woning jansen, Dorpsstraat",
            f"Schuur achter woning {REMOVED}, Dorpsstraat",
        ),
        ("Els Hoekstra-Dijkman", "Aanbouw hoekstra-dijkman", f"Aanbouw {REMOVED}"),
        # an occupation that is the surname is cut too: in a plan's title it names the applicant
        ("P. Bakker", "Dakkapel woning bakker", f"Dakkapel woning {REMOVED}"),
        ("K. Visser", "Steiger visser aan de Vliet", f"Steiger {REMOVED} aan de Vliet"),
    ],
)
def test_a_lower_case_name_in_a_capitalised_text_is_cut(initiator, typed, read):
    assert name_filter(initiator, "particulier").tekst(typed) == read


@pytest.mark.parametrize(
    ("initiator", "typed"),
    [
        # an ordinary Dutch word that is also the surname stays in lower case beside capitals
        ("A. de Groot", "Dakkapel, groot onderhoud"),
        ("J. van den Berg", "Schuur tegen de berg, Dorpsstraat"),
        ("M. de Wit", "Gevel wit stucen (Wabo)"),
        ("H. van der Molen", "Herbouw molen aan de Molenstraat"),
        ("T. Vos", "Hek tegen de vos, Kippenren"),  # "de" is no particle of T. Vos's (of T. de Vos's it is)
        ("R. Bos", "Kap bos achter Schuur"),
        ("W. van Dijk", "Ophogen dijk bij Molenweg"),
        # rv14 1: a common noun that is the surname stays too, where it does not stand as the name
        ("Piet Winkel", "Verbouwing winkel tot woning"),
        ("P. Boer", "Stal voor de boer"),
        ("Karin Glas", "Serre van glas aan de achterkant"),
        ("Kees van den Berg", "Schuur tegen de berg"),  # "de berg" is not "van den berg"
        # a name word joined to another by a hyphen is part of that word, as "zonne-energie" is
        ("Piet Jansen", "Schuur, aannemer jansen-bouw"),
        # a tussenvoegsel or a month is no name word
        ("Jan van de Ven", "Dakkapel van de Beek"),
        ("Anna Mei", "Besluit 3 mei, Dakkapel"),
    ],
)
def test_an_ordinary_word_that_equals_a_surname_stays_in_a_capitalised_text(initiator, typed):
    assert name_filter(initiator, "particulier").tekst(typed) == typed


def test_a_name_inside_a_longer_word_stays():
    cut = name_filter("H. van der Molen", "inwoner")
    assert cut.tekst("Molenstraat 4, molenaarshuis") == "Molenstraat 4, molenaarshuis"
    assert cut.tekst("Dakkapel Molen") == f"Dakkapel {REMOVED}"


# The name cases below were tested through the pseudonymisation of `zaken opschonen` (reviews sessie10 and 11,
# tests/integration/test_anonimiseren_namen.py and _adresnamen.py); that code is gone, the filter they test
# stays the outside party's.
APOSTROF = [
    ("Pieter d'Hondt", "dhr. d'Hondt"),  # a particle in lower case is how the name is written
    ("Mirjam ter Horst-d'Oliveira", "mw. d'Oliveira"),
    ("ANNE D'ANCONA", "mevrouw D’Ancona"),  # a straight apostrophe typed, a curly one in the text
    ("Anne D’Ancona", "mevrouw D'Ancona"),
    ("Pieter d'Hondt", "dhr. d‘Hondt"),  # review sessie10e 4: other apostrophes people type
    ("Pieter d'Hondt", "dhr. dʼHondt"),
    ("Pieter d'Hondt", "dhr. d´Hondt"),
    ("Pieter d'Hondt", "dhr. d`Hondt"),
    ("Pieter d'Hondt", "dhr. Hondt"),  # the surname part on its own
]


@pytest.mark.parametrize(
    ("initiator", "soort", "typed", "read"),
    [
        # "van", "der" and a month are no name of their own; the surname alone goes
        (
            "Piet van der Jansen",
            "particulier",
            "Dakkapel fam. Jansen, 1 mei",
            f"Dakkapel fam. {REMOVED}, 1 mei",
        ),
        ("Piet van der Jansen", "particulier", "Zonneweide Jansen", f"Zonneweide {REMOVED}"),
        # an organisation's name as a whole only: its words are the plan's
        (
            "Energiecoöperatie Zonnedorp",
            "energiecoöperatie",
            "Zonnepark Zonnedorp van Energiecoöperatie Zonnedorp",
            f"Zonnepark Zonnedorp van {REMOVED}",
        ),
        (
            "A. de Groot",
            "inwoner",
            "Dakkapel fam. Groot, groot onderhoud aan de GROOT-gevel na schouw A. de Groot",
            f"Dakkapel fam. {REMOVED}, groot onderhoud aan {REMOVED}-gevel na schouw {REMOVED}",  # "de GROOT": particle and surname as one (klein14b)
        ),
        # review sessie10b 2: a name typed in capitals, cut in its usual spelling
        (
            "PIETERNEL JANSEN-DE BOER",
            "inwoner",
            "Dakkapel mw. Jansen, De Boer, Pieternel",
            f"Dakkapel mw. {REMOVED}, {REMOVED}, {REMOVED}",  # "De Boer": a part with its particle (rv14c 3)
        ),
        # review sessie10c 1: IJ is one letter, names have inner capitals
        (
            "MARIEKE IJZERMAN",
            "inwoner",
            "Dakkapel mw. IJzerman, ijzeren hek",
            f"Dakkapel mw. {REMOVED}, ijzeren hek",
        ),
        ("marieke ijzerman", "inwoner", "Dakkapel mevrouw IJzerman", f"Dakkapel mevrouw {REMOVED}"),
        ("SEAN MCDONALD", "inwoner", "Dakkapel mr. McDonald", f"Dakkapel mr. {REMOVED}"),
        *[
            (
                typed,
                "inwoner",
                f"Dakkapel {written}, hondt-regel",
                f"Dakkapel {written.split()[0]} {REMOVED}, hondt-regel",
            )
            for typed, written in APOSTROF
        ],
    ],
)
def test_a_name_is_cut_however_it_is_written(initiator, soort, typed, read):
    assert name_filter(initiator, soort).tekst(typed) == read


@pytest.mark.parametrize(
    ("email", "typed", "read"),
    [
        # review sessie11, anon11 3: the local part of the applicant's address, standing alone
        (
            "piet.jansen@example.nl",
            "Schuur piet.jansen, via jansen-bouw",
            f"Schuur {REMOVED}, via jansen-bouw",
        ),
        ("mvd_1985@mail.nl", "Schuur (MVD_1985)", f"Schuur ({REMOVED})"),
        ("pjansen@bedrijf.nl", "Schuur pjansen", f"Schuur {REMOVED}"),
        # the name words joined by a hyphen or with an initial behind; "zonne-energie" stays
        ("piet-jansen@bedrijf.nl", "Zonne-energie piet-jansen", f"Zonne-energie {REMOVED}"),
        ("p-jansen@thuis.nl", "Zonne-energie p-jansen", f"Zonne-energie {REMOVED}"),
        ("jansen.p@oud.nl", "Zonne-energie en jansen.p", f"Zonne-energie en {REMOVED}"),
        # a role's address, and a local part that is a word of the language (review sessie11c), stay
        ("info@bouwbedrijf.nl", "Schuur: info en post", "Schuur: info en post"),
        ("bakkers@bedrijf.nl", "Kas voor twee bakkers", "Kas voor twee bakkers"),
    ],
)
def test_the_local_part_of_the_applicants_address_is_cut_where_it_is_no_word(email, typed, read):
    assert name_filter("Piet Jansen", "inwoner", email).tekst(typed) == read


@pytest.mark.parametrize(
    ("initiator", "typed", "read"),
    [
        # rv14 1: an ordinary word with the applicant's own particles before it is the name, particles and all
        ("Kees van den Berg", "Aanbouw woning van den berg", f"Aanbouw woning {REMOVED}"),
        ("Joost de Vos", "Dakkapel woning de vos", f"Dakkapel woning {REMOVED}"),
        ("T. de Vos", "Hek tegen de vos, Kippenren", f"Hek tegen {REMOVED}, Kippenren"),
        ("Jan van Hout", "Tuinhuis van hout", f"Tuinhuis {REMOVED}"),
        ("Kees van den Berg", "Dakkapel Van den Berg", f"Dakkapel {REMOVED}"),
        ("Anna van der Berg-de Wit", "Schuur woning van der berg", f"Schuur woning {REMOVED}"),
        # and after a title, initials or another word of the applicant's name
        ("P. Boer", "Stal fam. boer", f"Stal fam. {REMOVED}"),
        ("Piet Boer", "Stal P. boer, Dorpsstraat", f"Stal {REMOVED}, Dorpsstraat"),
        ("Jan Willem Glas", "Serre Willem glas", f"Serre {REMOVED} {REMOVED}"),
    ],
)
def test_an_ordinary_word_that_stands_as_the_applicants_name_is_cut(initiator, typed, read):
    assert name_filter(initiator, "particulier").tekst(typed) == read


@pytest.mark.parametrize(
    ("initiator", "typed", "read"),
    [
        # rv14c 3: each part of a double surname is learned with its own particles
        ("Anna van der Berg-de Wit", "Schuur woning de wit", f"Schuur woning {REMOVED}"),
        ("Anna Jansen-van den Berg", "Schuur woning van den berg", f"Schuur woning {REMOVED}"),
        ("Piet van der Molen-de Wit", "Woning van der molen-de wit", f"Woning {REMOVED}"),
        ("Anna van der Berg-de Wit", "Schuur tegen de berg, wit", "Schuur tegen de berg, wit"),  # no name
        # and a learned text of more words is matched however the words are spaced
        ("Kees van den Berg", "Aanbouw woning van  den berg", f"Aanbouw woning {REMOVED}"),
        ("Kees van den Berg", "Aanbouw woning van\nden berg", f"Aanbouw woning {REMOVED}"),
        ("Kees van den Berg", "Aanbouw Kees  van den  Berg", f"Aanbouw {REMOVED}"),
        ("Stichting Het Groene Dorp", "Schuur Stichting Het  Groene\tDorp", f"Schuur {REMOVED}"),
    ],
)
def test_a_double_surname_and_a_name_spaced_otherwise_are_cut(initiator, typed, read):
    soort = "vereniging of stichting" if initiator.startswith("Stichting") else "particulier"
    assert name_filter(initiator, soort).tekst(typed) == read
