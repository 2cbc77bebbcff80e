"""`users add --group` creates a group that does not exist yet (documented: "groepen worden aangemaakt"),
so a typo ('Vergunnigen') made a new group in silence (review ops12, F5): the CLI now says so."""

from __future__ import annotations

from web import cli


def test_a_new_group_is_named_on_stderr(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    assert cli.main(["users", "add", "anna", "--group", "Vergunningen", "--database", url, "--json"]) == 0
    capsys.readouterr()
    assert cli.main(["users", "add", "bob", "--group", "Vergunnigen", "--database", url, "--json"]) == 0
    err = capsys.readouterr().err
    assert "de groep 'Vergunnigen' bestond nog niet en is aangemaakt" in err
    assert "Vergunningen" in err.split("Bestaande groepen:")[1]
    assert cli.main(["users", "add", "cor", "--group", "Vergunningen", "--database", url, "--json"]) == 0
    assert "bestond nog niet" not in capsys.readouterr().err  # an existing group: nothing to say
