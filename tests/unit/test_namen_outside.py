"""Review sessie13b, 4: names the applicant's name filter (processes.namen.NaamFilter) missed, and the
street it cut from a location; and finding 1's holders on the case page of an outside party."""

from __future__ import annotations

import pytest

from services.policy_outside import name_filter, outside_holders
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
