"""A group's contact line is shown to the initiator on the public status page (services.status.view): it
may not hold a bidi or control character (processes.tekens, ``tekst-ongeldig`` at ``contact``), a line of
invisible characters alone is none, and it fits its column; accents and emoji stay."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services import users
from services.platform import Platform
from tests.integration.test_wijkuitvoeringsplan import wup

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

BAD = [
    ("Bel \u202e0205551234", "leesrichting omkeert"),
    ("Bel 020\t555 1234", "stuurteken"),
    ("Bel 020\x85555 1234", "stuurteken"),  # NEXT LINE, a C1 control character
    ("x" * 256, "ten hoogste 255 tekens"),
]


def _contacts(platform: Platform) -> dict[str, str | None]:
    return {g["naam"]: g["contact"] for g in users.list_groups(platform)}


def test_a_contact_line_with_a_refused_character_is_refused(wup: Platform) -> None:
    users.set_contact(wup, "Netbeheerder", "Bel 020 555 1234")
    before = _contacts(wup)
    for line, said in BAD:
        with pytest.raises(ValidationError) as refused:
            users.set_contact(wup, "Netbeheerder", line)
        assert refused.value.code == "tekst-ongeldig" and said in str(refused.value), (line, refused.value)
        assert refused.value.extra["veld"] == "contact"
    assert _contacts(wup) == before


def test_a_contact_line_of_invisible_characters_is_none_and_accents_stay(wup: Platform) -> None:
    users.set_contact(wup, "Netbeheerder", "Bel 020 555 1234")
    users.set_contact(wup, "Netbeheerder", "\u200b\u2060 \ufeff")
    assert _contacts(wup)["Netbeheerder"] is None
    users.set_contact(wup, "Netbeheerder", "  Zoë de Vries, Liander 🔌  ")
    assert _contacts(wup)["Netbeheerder"] == "Zoë de Vries, Liander 🔌"


def test_the_group_of_a_contact_line_is_a_valid_group_name(wup: Platform) -> None:
    before = _contacts(wup)
    with pytest.raises(ValidationError) as refused:
        users.set_contact(wup, "Netbeheerder \u2066X", "Bel 020 555 1234")
    assert refused.value.code == "tekst-ongeldig" and refused.value.extra["veld"] == "groep"
    assert _contacts(wup) == before
