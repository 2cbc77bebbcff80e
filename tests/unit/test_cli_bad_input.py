"""Bad input on the command line: exit code 2 and a Dutch message on stderr, never a traceback.

Each case here ended in a traceback with exit code 1 before (an outside tester's findings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from services.store.db import copy_sqlite
from tests.shared_build import built_once
from web import cli


@pytest.fixture(scope="session")
def cli_database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database the command line leaves after ``migrate`` and ``users add anna``, made once per test
    run through the command line itself (Alembic's run from an empty file was a second of every test;
    shared by the xdist workers, tests/shared_build.py)."""
    return built_once(tmp_path_factory, "cli-template", _cli_database)


def _cli_database(folder: Path) -> Path:
    path = folder / "cli.db"
    url = f"sqlite:///{path}"
    assert cli.main(["migrate", "--database", url, "--json"]) == 0  # users add creates no database
    assert cli.main(["users", "add", "anna", "--database", url, "--json"]) == 0
    return path


@pytest.fixture
def database(tmp_path: Path, cli_database_template: Path) -> str:
    """This test's own copy of ``cli_database_template``."""
    copy_sqlite(cli_database_template, tmp_path / "cli.db")
    return f"sqlite:///{tmp_path / 'cli.db'}"


def table_counts(url: str) -> dict[str, int]:
    from services.config import Settings
    from services.platform import Platform
    from services.store.models import Base

    platform = Platform.create(Settings.from_env(database_url=url))
    try:
        with platform.uow(write=False) as uow:
            return {
                t.name: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
            }
    finally:
        platform.close()


def refused(capsys: Any, argv: list[str], *words: str) -> str:
    """Run the CLI: exit code 2, a message on stderr naming ``words``, and no traceback."""
    capsys.readouterr()  # what set-up commands wrote (users add logs its line on stderr since 1add862)
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--werkdagen", "5", "--vanaf", "9999-12-30"], ("Vanaf", "buiten het toegestane bereik")),
        (["--werkdagen", "5", "--vanaf", "0001-01-01"], ("Vanaf", "buiten het toegestane bereik")),
        (["--werkdagen", "300", "--vanaf", "9998-12-30"], ("300 werkdagen", "buiten het toegestane bereik")),
        (["--werkdagen", str(10**20), "--vanaf", "2026-01-05"], ("ten hoogste",)),
        (
            [
                "--ontvangen",
                "2026-01-05",
                "--procedure",
                "regulier",
                "--opschorting",
                "2026-01-10/9999-12-31",
            ],
            ("Opschorting (tot)", "buiten het toegestane bereik"),
        ),
        (
            ["--ontvangen", "2026-01-05", "--procedure", "regulier", "--vandaag", "2026-13-01"],
            ("--vandaag", "geen geldige datum"),
        ),
    ],
)
def test_termijn_with_dates_out_of_range_exits_with_2(capsys, argv, words):
    refused(capsys, ["termijn", *argv], "Fout:", *words)


def test_termijn_near_the_end_of_the_range_still_computes(capsys):
    assert cli.main(["termijn", "--werkdagen", "5", "--vanaf", "9998-12-01", "--json"]) == 0
    assert '"einddatum": "9998-12-08"' in capsys.readouterr().out


def test_fire_due_at_the_end_of_time_exits_with_2(capsys, database):
    before = table_counts(database)
    argv = ["timers", "fire-due", "--now", "9999-12-31T23:59:59", "--database", database]
    refused(capsys, argv, "--now", "buiten het toegestane bereik")
    assert table_counts(database) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["cases", "show", "²"],
        ["cases", "show", "99999999999999999999"],
        ["messages", "send", "²", "aanvulling"],
        ["messages", "send", "99999999999999999999", "aanvulling"],
    ],
)
def test_unicode_digits_and_huge_case_ids_are_an_unknown_case(capsys, database, argv):
    before = table_counts(database)
    refused(capsys, [*argv, "--database", database], "bestaat niet")
    assert table_counts(database) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["tasks", "list", "--limit", "99999999999999999999"],
        ["tasks", "claim", "99999999999999999999", "--user", "anna"],
        ["tasks", "claim", "²", "--user", "anna"],
    ],
)
def test_huge_or_unicode_numbers_in_options_are_refused(capsys, database, argv):
    before = table_counts(database)
    refused(capsys, [*argv, "--database", database], "ongeldig nummer")
    assert table_counts(database) == before


def test_invalid_geojson_in_geometry_is_refused(capsys, database):
    before = table_counts(database)
    geometry = '{"type":"Point","coordinates":[6.4,52.0]'
    argv = ["cases", "start", "vergunning_klein", "--geometry", geometry, "--database", database]
    refused(capsys, argv, "--geometry is geen geldige JSON")
    assert table_counts(database) == before


@pytest.mark.parametrize("port", ["²", "99999999999999999999", "0"])
def test_serve_port_with_unicode_digits_is_refused(capsys, port):
    assert cli.main(["serve", "--port", port]) == 2
    err = capsys.readouterr().err
    assert "ongeldige poort" in err and "Traceback" not in err


@pytest.fixture(scope="session")
def cli_deployed_template(tmp_path_factory: pytest.TempPathFactory, cli_database_template: Path) -> Path:
    """``cli_database_template`` with vergunning_klein deployed through the command line, once per test
    run (parsing and storing the model was most of every ``deployed`` test's set-up)."""

    def deploy(folder: Path) -> Path:
        path = folder / "cli.db"
        copy_sqlite(cli_database_template, path)
        model = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "vergunning_klein.bpmn"
        assert cli.main(["models", "deploy", str(model), "--database", f"sqlite:///{path}", "--json"]) == 0
        return path

    return built_once(tmp_path_factory, "cli-deployed", deploy)


@pytest.fixture
def deployed(tmp_path: Path, cli_deployed_template: Path, capsys: Any) -> str:
    """This test's own copy of ``cli_deployed_template``."""
    copy_sqlite(cli_deployed_template, tmp_path / "cli.db")
    capsys.readouterr()
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"x": NaN}', ("--data bevat NaN",)),
        ('{"x": [1, -Infinity]}', ("--data bevat -Infinity",)),
        ('{"x": "a\\u0000b"}', ("stuurteken",)),
        ('{"x": ' + "[" * 900 + "]" * 900 + "}", ("te diep genest",)),
        ('{"x": ' + "[" * 5000 + "]" * 5000 + "}", ("te diep genest",)),
    ],
    ids=["nan", "infinity", "nul", "nested-900", "nested-5000"],
)
def test_data_is_read_as_strictly_as_an_api_body(capsys, deployed, data, words):
    """A stored NaN answered 500 on every later read of the case (tester finding); deep nesting gave a
    RecursionError traceback."""
    before = table_counts(deployed)
    argv = ["cases", "start", "vergunning_klein", "--as", "anna", "--data", data, "--database", deployed]
    refused(capsys, argv, *words)
    assert table_counts(deployed) == before


def test_a_case_is_not_started_as_someone_who_does_not_exist(capsys, deployed):
    before = table_counts(deployed)
    argv = ["cases", "start", "vergunning_klein", "--as", "bestaatniet", "--database", deployed]
    refused(capsys, argv, "Gebruiker 'bestaatniet' bestaat niet")
    assert table_counts(deployed) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["users", "add", "a" * 100], ("gebruikersnaam", "ten hoogste 80")),
        (["users", "add", "bob", "--group", "g" * 500], ("groepsnaam", "ten hoogste 120")),
    ],
)
def test_names_longer_than_their_columns_are_refused(capsys, database, argv, words):
    before = table_counts(database)
    refused(capsys, [*argv, "--database", database], *words)
    assert table_counts(database) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["cases", "start"], ("fout: deze argumenten ontbreken: process_id",)),
        (
            ["termijn", "--werkdagen", "x"],
            ("--werkdagen: ongeldige waarde 'x' (verwacht: een geheel getal)",),
        ),
        (["bestaatniet"], ("ongeldige keuze 'bestaatniet'", "kies uit")),
        (["tasks", "list", "--limit"], ("--limit: hier hoort één waarde achter",)),
        (["cases", "show", "1", "--onbekend"], ("onbekende argumenten: --onbekend",)),
    ],
    ids=["missing", "type", "choice", "no-value", "unknown"],
)
def test_argument_errors_are_dutch(capsys, argv, words):
    """argparse's own refusals were English ("error: the following arguments are required")."""
    err = refused(capsys, argv, *words)
    assert "error:" not in err and "usage:" not in err and "gebruik:" in err


def test_users_add_on_an_existing_user_changes_nothing_without_bijwerken(database, capsys):
    """Review finding: 'users add kees --role initiatiefnemer' on an existing beheerder silently took
    its role, emptied its groups and replaced its API token (an integration using it broke)."""
    from services.config import Settings
    from services.platform import Platform
    from services.users import get_user

    assert (
        cli.main(["users", "add", "kees", "--role", "beheerder", "--group", "Beheer", "--database", database])
        == 0
    )
    assert (
        cli.main(["users", "add", "bea", "--role", "beheerder", "--database", database]) == 0
    )  # not the last
    before = table_counts(database)
    refused(
        capsys,
        ["users", "add", "kees", "--role", "initiatiefnemer", "--database", database],
        "bestaat al",
        "--bijwerken",
    )
    assert table_counts(database) == before
    assert (
        cli.main(["users", "add", "kees", "--role", "initiatiefnemer", "--bijwerken", "--database", database])
        == 0
    )
    platform = Platform.create(Settings.from_env(database_url=database))
    try:
        kees = get_user(platform, "kees")
    finally:
        platform.close()
    assert kees["rol"] == "initiatiefnemer" and kees["groepen"] == []


def test_users_add_keeps_organisations_and_departments_apart(database, capsys):
    """Review sessie10 (kavel, 3c): `users add karin --group "Team Warmte"` silently reused the group of an
    outside organisation of that name, and the officer became an outside party; an organisation is now
    registered for its party (--partij), and a case may name it for that party only."""
    org = ["--organisatie", "Warmtebedrijf Ennatuurlijk"]
    assert cli.main(["users", "add", "ada", *org, "--partij", "Warmtebedrijf", "--database", database]) == 0
    before = table_counts(database)
    refused(
        capsys,
        ["users", "add", "karin", "--group", "Warmtebedrijf Ennatuurlijk", "--database", database],
        "externe organisatie, geen afdeling",
        "--organisatie 'Warmtebedrijf Ennatuurlijk'",
    )
    refused(
        capsys,
        ["users", "add", "ben", *org, "--partij", "Netbeheerder", "--database", database],
        "van Warmtebedrijf",
    )
    refused(
        capsys,
        ["users", "add", "ben", *org, "--partij", "Warmtebedrijven", "--database", database],
        "Onbekende partij",
    )
    assert table_counts(database) == before


def test_users_add_refuses_a_new_organisation_without_its_party(database, capsys):
    """Review sessie10c (kavel, 4): `users add ivo --organisatie "Org Zonder Partij"` made an organisation
    no case can name (exit 0); a further account of a registered organisation still needs no --partij."""
    before = table_counts(database)
    refused(
        capsys,
        ["users", "add", "ivo", "--organisatie", "Org Zonder Partij", "--database", database],
        "voor geen partij vastgelegd",
        "--partij",
    )
    assert table_counts(database) == before
    org = ["--organisatie", "Warmtebedrijf Ennatuurlijk"]
    assert cli.main(["users", "add", "ada", *org, "--partij", "Warmtebedrijf", "--database", database]) == 0
    assert cli.main(["users", "add", "bob", *org, "--database", database]) == 0


def test_users_organisatie_registers_anew_or_refuses(database, capsys):
    """Review sessie10c (kavel, 3): nothing could correct an organisation registered for the wrong party."""
    org = "Warmtebedrijf Ennatuurlijk"
    assert (
        cli.main(
            ["users", "add", "ada", "--organisatie", org, "--partij", "Netbeheerder", "--database", database]
        )
        == 0
    )
    assert cli.main(["users", "add", "vera", "--group", "Vergunningen", "--database", database]) == 0
    before = table_counts(database)
    refused(
        capsys, ["users", "organisatie", org, "--partij", "Onzin", "--database", database], "Onbekende partij"
    )
    refused(
        capsys, ["users", "organisatie", org, "--database", database], "deze argumenten ontbreken: --partij"
    )
    refused(
        capsys,
        ["users", "organisatie", "Vergunningen", "--partij", "Warmtebedrijf", "--database", database],
        "afdeling van de gemeente",
    )
    assert table_counts(database) == before
    capsys.readouterr()
    assert (
        cli.main(["users", "organisatie", org, "--partij", "Warmtebedrijf", "--database", database, "--json"])
        == 0
    )
    assert '"was": "Netbeheerder"' in capsys.readouterr().out
    assert cli.main(["users", "organisaties", "--database", database, "--json"]) == 0
    assert f'{{"naam": "{org}", "partij": "Warmtebedrijf"}}' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--ontvangen", "1900-01-01"], ("vóór 1 oktober 2010",)),
        (["--ontvangen", "2026-01-05", "--opschorting", "2026-01-05/2099-02-01"], ("2099", "in de toekomst")),
    ],
)
def test_termijn_refuses_dates_a_case_refuses_with_2(capsys, argv, words):
    refused(capsys, ["termijn", "--procedure", "regulier", "--vandaag", "2026-06-01", *argv], "Fout:", *words)
