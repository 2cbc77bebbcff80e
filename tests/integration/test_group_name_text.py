"""A group's name, a department's or an outside organisation's, is shown in every task list and on the
status page: it may not hold a bidi or control character, a name of invisible characters alone is blank
(processes.tekens); accents and emoji stay. Through the service and the beheerder's command line."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services import organisations, users
from services.platform import Platform
from tests.integration.core_helpers import list_users
from tests.integration.test_wijkuitvoeringsplan import wup
from web import cli

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)

BAD = [
    ("Vergunningen \u202eteaM", "tekst-ongeldig", "leesrichting omkeert"),
    ("Vergunningen\tNoord", "tekst-ongeldig", "stuurteken"),
    ("\u200b\u2060", "groep-ongeldig", "mag niet leeg zijn"),
]


def test_a_group_or_organisation_name_with_a_refused_character_is_refused(wup: Platform) -> None:
    users.add_user(wup, "vera", groups=["Vergunningen"])
    before = (users.list_groups(wup), list_users(wup))
    for name, code, said in BAD:
        for add, veld in (
            (lambda n=name: users.add_user(wup, "bob", groups=[n]), "groepen"),
            (lambda n=name: users.add_user(wup, "ivo", organisaties=[n], partij="Warmtebedrijf"), "groepen"),
            (lambda n=name: organisations.register(wup, n, "Warmtebedrijf"), "organisatie"),
        ):
            with pytest.raises(ValidationError) as refused:
                add()
            assert refused.value.code == code and said in str(refused.value), (name, str(refused.value))
            assert refused.value.extra["veld"] == veld
    assert (users.list_groups(wup), list_users(wup)) == before
    users.add_user(wup, "zoe", groups=["Ruimte & Wonen 🏘️"])  # accents and emoji stay
    organisations.register(wup, "Warmtebedrijf Ennatuurlijk Zoë", "Warmtebedrijf")
    names = {g["naam"] for g in users.list_groups(wup)}
    assert {"Ruimte & Wonen 🏘️", "Warmtebedrijf Ennatuurlijk Zoë"} <= names


def test_the_command_line_refuses_a_group_name_with_a_bidi_control(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    capsys.readouterr()
    assert cli.main(["users", "add", "bob", "--group", "Vergunningen \u2066X", "--database", url]) == 2
    assert "Een groepsnaam bevat een onzichtbaar teken dat de leesrichting omkeert" in capsys.readouterr().err
    assert cli.main(["users", "add", "bob", "--group", "Vergunningen 🏠", "--database", url, "--json"]) == 0
    assert '"Vergunningen 🏠"' in capsys.readouterr().out
