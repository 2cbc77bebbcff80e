"""services.domain.toezending.ontvangers: whether an indiener is the applicant, and whom else to mail (review
sessie15c F2, F5)."""

from __future__ import annotations

from services.domain.toezending import ontvangers

EIGEN = "j.jansen@example.org"


def test_the_applicants_own_address_in_brackets_is_the_applicant() -> None:
    assert ontvangers("J. Jansen [J.Jansen@Example.org]", EIGEN) == (True, [])
    assert ontvangers("A. Buur [a.buur@example.org]", EIGEN) == (False, ["a.buur@example.org"])
    assert ontvangers("Fam. Buur/b.buur@example.org", EIGEN) == (False, ["b.buur@example.org"])


def test_de_aanvrager_is_a_whole_word() -> None:
    assert ontvangers("De aanvragers buurman P. Post, Dorpsstraat 7", EIGEN) == (False, [])
    assert ontvangers("De aanvrager, via brief", EIGEN) == (True, [])
    assert ontvangers("DE AANVRAGER", EIGEN) == (True, [])
    assert ontvangers("de aanvrager; gemachtigde <g@advies.nl>", EIGEN) == (True, ["g@advies.nl"])


def test_an_address_that_cannot_be_read_cleanly_is_sent_by_post() -> None:
    assert ontvangers("A. Buur, a.buur@example", EIGEN) == (False, [])
    assert ontvangers("Fam. Buur, a.buur@example.org en x%y@example.org", EIGEN) == (False, [])
    assert ontvangers("De aanvrager en zijn gemachtigde g@advies", EIGEN) == (False, [])
