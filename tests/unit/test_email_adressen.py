"""processes.namen.email_adressen: every e-mail address typed in a free text, once each (review sessie15 F3)."""

from __future__ import annotations

from processes.namen import email_adressen, onleesbaar_adres


def test_every_address_in_order_of_appearance() -> None:
    tekst = "A. en B. Buur, Dorpsstraat 3, a.buur@example.org en b.buur@example.org."
    assert email_adressen(tekst) == ["a.buur@example.org", "b.buur@example.org"]


def test_an_address_in_angle_brackets_or_after_a_semicolon() -> None:
    tekst = "Stichting X, contact: info@stichting-x.nl; advocaat mr. Y <y@advocaat.nl>"
    assert email_adressen(tekst) == ["info@stichting-x.nl", "y@advocaat.nl"]


def test_an_address_typed_twice_counts_once_whatever_its_case() -> None:
    assert email_adressen("a@example.org, A@Example.ORG en b@example.org; a@example.org") == [
        "a@example.org",
        "b@example.org",
    ]


def test_no_address() -> None:
    assert email_adressen("P. Brief, Dorpsstraat 5") == []
    assert email_adressen(None) == []


def test_an_address_in_brackets_after_a_slash_or_after_mailto_is_read_alone() -> None:
    """Review sessie15c F2: the brackets and the name before a slash were read as part of the address."""
    assert email_adressen("A. Buur [a.buur@example.org]") == ["a.buur@example.org"]
    assert email_adressen("Fam. Buur/b.buur@example.org") == ["b.buur@example.org"]
    assert email_adressen("mailto:c.buur@example.org, (d.buur@example.org)") == [
        "c.buur@example.org",
        "d.buur@example.org",
    ]
    assert email_adressen("J. Jansen [J.Jansen@Example.org].") == ["J.Jansen@Example.org"]


def test_an_address_that_cannot_be_read_cleanly_is_no_address() -> None:
    for tekst in ("a.buur@example", "x%y@example.org", "a@@example.org", ".a@example.org", "a@example..org"):
        assert email_adressen(tekst) == [], tekst
        assert onleesbaar_adres(tekst), tekst
    assert not onleesbaar_adres("A. Buur [a.buur@example.org], mailto:c@example.org")
    assert not onleesbaar_adres("P. Brief, Dorpsstraat 5")
