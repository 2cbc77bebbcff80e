"""`--database` on the command line: a command that opens a database uses the one given, a command that
uses none refuses the option (exit code 2, Dutch) instead of ignoring it (review: `models test` and
`zgw catalogus` took --database and silently did without it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from web import cli


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["termijn", "--werkdagen", "5", "--vanaf", "2026-01-05"], ""),
        (["models", "convert", "oud.bpmn", "--out", "uit"], ""),
        (["models", "test", "scenario.yaml"], "eigen, tijdelijke database"),
        (["zgw", "catalogus"], "Catalogi API"),
    ],
)
def test_a_command_without_a_database_refuses_the_option(
    argv: list[str], why: str, tmp_path: Path, capsys: Any
) -> None:
    given = tmp_path / "gegeven.db"
    assert cli.main([*argv, "--database", f"sqlite:///{given}"]) == 2
    err = capsys.readouterr().err
    assert "--database: dit commando gebruikt geen database" in err and why in err, err
    assert "Traceback" not in err
    assert not given.exists()


# -- only the commands that set a database up create or migrate one (review cli2 2) ------------------
#: the commands that open a database but set none up, with the arguments they need
EXISTING_ONLY = [
    ["models", "list"],
    ["cases", "start", "vergunning_klein"],
    ["cases", "show", "1"],
    ["tasks", "list"],
    ["tasks", "complete", "1", "--user", "anna"],
    ["tasks", "claim", "1", "--user", "anna"],
    ["messages", "send", "1", "bericht"],
    ["timers", "fire-due"],
    ["users", "add", "anna"],
    ["users", "token", "anna"],
    ["users", "revoke", "anna"],
    ["users", "blokkeren", "anna"],
    ["users", "deblokkeren", "anna"],
    ["users", "historie"],
    ["users", "organisatie", "Warmtebedrijf Ennatuurlijk", "--partij", "Warmtebedrijf"],
    ["users", "organisaties"],
    ["adressen", "laden", "bag.csv"],
    ["adressen", "zoek", "7391AB", "12"],
    ["wachten", "herbouw"],
    ["zaken", "opschonen"],
    ["zaken", "uitspraak", "Z-2026-000001", "--op", "2026-03-02", "--door", "bea"],
    ["zaken", "vernietigd", "--van", "2026-01-01", "--tot", "2026-12-31"],
    ["personen", "zoeken", "Pietersen"],
    ["personen", "inzage", "Pietersen", "--uit", "uit"],
    ["zgw", "resync", "Z-2026-000001"],
    ["zgw", "afleveringen"],
    ["worker", "--once"],
]
#: create a database or bring its schema up to date
SETS_UP = [["migrate"], ["serve"], ["demo"], ["models", "deploy"]]
#: use no database (above); the gis commands open none on SQLite (their layers are files then)
NO_DATABASE = [["termijn"], ["models", "convert"], ["models", "test"], ["zgw", "catalogus"]]
GIS = [["gis", "check"], ["gis", "layers"], ["gis", "load"]]

BAG = "postcode;huisnummer;huisletter;toevoeging;openbare_ruimte_naam;woonplaats_naam;x;y\n7391AB;12;;;Dorpsstraat;Ruimtedal;226050.5;448050.25\n"  # noqa: E501


def _commands(parser: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    import argparse

    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return {path}
    return {c for name, sub in subparsers[0].choices.items() for c in _commands(sub, (*path, name))}


def test_every_command_is_sorted_into_one_of_the_lists() -> None:
    commands = _commands(cli.build_parser())
    listed = [next((tuple(a[:n]) for n in (2, 1) if tuple(a[:n]) in commands), tuple(a)) for a in
              EXISTING_ONLY + SETS_UP + NO_DATABASE + GIS]  # fmt: skip
    assert sorted(listed) == sorted(commands)


@pytest.fixture
def configured(tmp_path: Path, migrated_sqlite: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DATABASE_URL names a usable database, so a command that ignored --database would use that one."""
    from services.store.db import copy_sqlite

    copy_sqlite(migrated_sqlite, tmp_path / "configured.db")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'configured.db'}")
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    (tmp_path / "bag.csv").write_text(BAG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("argv", EXISTING_ONLY, ids=" ".join)
def test_a_command_that_sets_no_database_up_refuses_a_missing_sqlite_file(
    argv: list[str], configured: Path, capsys: Any
) -> None:
    typo = configured / "typo" / "ruimtflow.db"
    assert cli.main([*argv, "--database", f"sqlite:///{typo}"]) == 2
    err = capsys.readouterr().err
    assert f"database bestaat niet: {typo}" in err and "ruimteflow migrate" in err, err
    assert "Traceback" not in err
    assert not typo.parent.exists()  # no file, no folder


def _older(path: Path) -> str:
    """A database at the revision before this code's newest: an older Ruimteflow's."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from services.store import db

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    (head,) = ScriptDirectory.from_config(cfg).get_heads()
    previous = ScriptDirectory.from_config(cfg).get_revision(head).down_revision
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, str(previous))
    finally:
        engine.dispose()
    return str(previous)


def _revision(path: Path) -> str:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return str(conn.execute("select version_num from alembic_version").fetchone()[0])


def test_a_read_command_refuses_an_older_schema_and_migrate_brings_it_up(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "oud.db"
    previous = _older(path)
    url = f"sqlite:///{path}"
    for argv in (["tasks", "list"], ["models", "list"], ["cases", "show", "1"]):
        assert cli.main([*argv, "--database", url]) == 2
        err = capsys.readouterr().err
        assert "heeft een ouder schema" in err and "`ruimteflow migrate`" in err, err
        assert _revision(path) == previous  # not migrated silently
    assert cli.main(["migrate", "--database", url, "--json"]) == 0
    assert _revision(path) != previous and _revision(path) in capsys.readouterr().out
    assert cli.main(["tasks", "list", "--database", url, "--json"]) == 0


def test_migrate_creates_a_new_database_and_a_command_then_uses_it(tmp_path: Path, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path / 'nieuw' / 'ruimteflow.db'}"
    assert cli.main(["users", "add", "anna", "--database", url]) == 2
    assert not (tmp_path / "nieuw").exists()
    assert cli.main(["migrate", "--database", url]) == 0
    assert cli.main(["users", "add", "anna", "--database", url, "--json"]) == 0
    assert cli.main(["migrate", "--database", url]) == 0  # again: nothing to do, nothing lost
    assert cli.main(["users", "revoke", "anna", "--database", url]) == 0


def test_an_empty_database_is_refused_with_the_command_that_sets_it_up(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "leeg.db").touch()  # e.g. made by hand, or by a tool that opened the wrong path
    assert cli.main(["models", "list", "--database", f"sqlite:///{tmp_path / 'leeg.db'}"]) == 2
    err = capsys.readouterr().err
    assert "heeft nog geen Ruimteflow-schema" in err and "`ruimteflow migrate`" in err, err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _another_programs(path: Path) -> None:
    """A SQLite database of another program: a table of its own, the default rollback journal."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("create table adressen (postcode text)")
    conn.close()


#: a refused file -> how to make it and what the refusal says
REFUSED_FILES = {
    "leeg": (lambda path: path.write_bytes(b""), "nog geen Ruimteflow-schema"),
    "tekst": (lambda path: path.write_bytes(b"postcode;huisnummer\n" * 300), "geen SQLite-database"),
    "ander-programma": (_another_programs, "nog geen Ruimteflow-schema"),
}


@pytest.mark.parametrize("kind", REFUSED_FILES)
@pytest.mark.parametrize("argv", EXISTING_ONLY, ids=" ".join)
def test_a_command_that_sets_no_database_up_leaves_a_refused_file_byte_for_byte(
    argv: list[str], kind: str, configured: Path, capsys: Any
) -> None:
    """`cases show X --database sqlite:////tmp/empty.db` on a 0-byte file turned it into a 4 KB SQLite
    database in WAL mode (the engine's pragmas) while refusing it; the file stays as it was, with no
    -wal or -shm beside it (another program's database is not switched to WAL either)."""
    folder = configured / "anders"
    folder.mkdir()
    make, said = REFUSED_FILES[kind]
    make(folder / "ruimteflow.db")
    before = _files(folder)
    assert cli.main([*argv, "--database", f"sqlite:///{folder / 'ruimteflow.db'}"]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "Traceback" not in err
    assert _files(folder) == before


def test_a_read_command_leaves_a_database_with_an_older_schema_byte_for_byte(
    tmp_path: Path, capsys: Any
) -> None:
    folder = tmp_path / "oud"
    folder.mkdir()
    _older(folder / "oud.db")
    before = _files(folder)
    for argv in (["cases", "show", "1"], ["tasks", "list"]):
        assert cli.main([*argv, "--database", f"sqlite:///{folder / 'oud.db'}"]) == 2
        assert "heeft een ouder schema" in capsys.readouterr().err
        assert _files(folder) == before
