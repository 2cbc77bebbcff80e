"""Files and databases the command line did not expect: exit code 2 and a Dutch message that names the
file or the database, never a traceback, and the data unchanged.

Each case here ended in a traceback with exit code 1 before (an outside reviewer's findings, round 6).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_cli_bad_input import cli_database_template, database, refused, table_counts
from web import cli

__all__ = ["cli_database_template", "database"]  # the fixtures, shared with test_cli_bad_input

#: a file every process may open but nobody can read (EIO), as an unreadable file would be for a user
UNREADABLE = "/proc/self/mem"
needs_proc = pytest.mark.skipif(not os.path.exists(UNREADABLE), reason="needs Linux /proc")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    d = tmp_path / "files"
    d.mkdir()
    (d / "latin.csv").write_bytes(b"postcode,huisnummer,straat,x,y\n7391AB,12,Stra\x81e,200000,450000\n")
    (d / "bin.gpkg").write_bytes(bytes(range(256)) * 8)
    (d / "binary.toml").write_bytes(b"{y\r(Z\xfd\x19\x9c\xfd\xd6\xb0")
    (d / "pt.geojson").write_text('{"type":"Point","coordinates":[5,52]}')
    (d / "map.bpmn").mkdir()
    (d / "afile").write_text("hi")
    return d


def test_an_address_csv_neither_utf8_nor_windows_1252_is_refused_by_name(capsys, database, files):
    """0x81 is undefined in Windows-1252, so this is no Excel export either (a Windows-1252 file is
    read: tests/integration/test_adressen.py)."""
    before = table_counts(database)
    argv = ["adressen", "laden", str(files / "latin.csv"), "--database", database]
    refused(capsys, argv, "Fout:", "latin.csv", "geen UTF-8-tekst", "sla het op als UTF-8")
    assert table_counts(database) == before


def test_a_geopackage_of_random_bytes_is_refused(capsys, database, files):
    before = table_counts(database)
    refused(
        capsys,
        ["adressen", "laden", str(files / "bin.gpkg"), "--database", database],
        "bin.gpkg",
        "GeoPackage",
    )
    assert table_counts(database) == before


def test_a_binary_rules_file_is_refused(capsys, database, files):
    argv = [
        "gis",
        "check",
        str(files / "pt.geojson"),
        "--rules",
        str(files / "binary.toml"),
        "--database",
        database,
    ]
    refused(capsys, argv, "binary.toml", "geen UTF-8-tekst")


@pytest.mark.parametrize(
    "command",
    [["models", "deploy"], ["models", "convert", "--out", "uit"], ["gis", "check"], ["adressen", "laden"]],
)
def test_a_directory_is_named_a_directory_not_missing(capsys, database, files, command):
    refused(capsys, [*command, str(files / "map.bpmn"), *_on(command, database)], "map.bpmn", "is een map")


def _on(command: list[str], database: str) -> list[str]:
    """``--database`` for a command that opens one (`models convert` refuses the option)."""
    return [] if command[:2] == ["models", "convert"] else ["--database", database]


@needs_proc
@pytest.mark.parametrize(
    "command", [["models", "deploy"], ["models", "convert", "--out", "uit"], ["gis", "check"]]
)
def test_an_unreadable_file_is_refused_by_name(capsys, database, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = table_counts(database)
    refused(capsys, [*command, UNREADABLE, *_on(command, database)], UNREADABLE, "niet te lezen")
    assert table_counts(database) == before


@pytest.fixture
def model() -> Path:
    source = Path(__file__).resolve().parents[2] / "bpmn"
    return next(p for p in sorted(source.glob("*.bpmn")))


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("afile", ("afile", "geen map")),
        ("/proc/geen-map", ("/proc/geen-map", "niet te schrijven")),
        ("", ("--out is leeg",)),
    ],
)
def test_convert_refuses_an_out_that_is_no_directory(capsys, files, model, out, words, monkeypatch):
    monkeypatch.chdir(files)
    refused(capsys, ["models", "convert", str(model), "--out", out], *words)
    assert (files / "afile").read_text() == "hi"
    assert not (files / model.name).exists()  # nothing written into the current directory


@pytest.mark.parametrize("timeout", ["-1", "nan", "1e400", "0", "inf"])
def test_zgw_timeout_out_of_range_is_refused(capsys, timeout):
    refused(capsys, ["zgw", "catalogus", "--timeout", timeout], "--timeout", "seconden")


# -- a database that cannot be used ------------------------------------------------------------------
def _newer(tmp_path: Path, database: str) -> str:
    path = database.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    return database


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp, db: "bogus", ("database-URL", "ongeldig")),
        (lambda tmp, db: "postgresql+psycopg://u:geheim@h:xx/db", ("database-URL", "ongeldig")),
        (lambda tmp, db: "mysql://u@h/db", ("mysql", "SQLite en PostgreSQL")),
        (lambda tmp, db: "postgresql+asyncpg://u:p@127.0.0.1:1/db", ("stuurprogramma",)),
        (lambda tmp, db: "postgresql+psycopg://u:geheim@127.0.0.1:1/db", ("weigert de verbinding",)),
        (lambda tmp, db: f"sqlite:///{tmp}", ("niet te openen",)),
        (lambda tmp, db: f"sqlite:///{Path(__file__)}", ("geen SQLite-database",)),
        (_newer, ("nieuwere versie van Ruimteflow",)),
    ],
)
def test_a_database_that_cannot_be_used_is_one_dutch_line(capsys, tmp_path, database, make, words):
    url = make(tmp_path, database)
    err = refused(capsys, ["cases", "show", "1", "--database", url], "Fout: De database", *words)
    assert "geheim" not in err  # the password stays off the terminal
    assert len(err.strip().splitlines()) == 1


# -- timers fire-due ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "now", ["9998-12-31T23:00:00-05:00", "9998-12-31T23:30:00", "9999-12-31T23:00:00-05:00"]
)
def test_fire_due_checks_the_range_in_utc_and_dutch_time(capsys, database, now):
    before = table_counts(database)
    refused(
        capsys, ["timers", "fire-due", "--now", now, "--database", database], "--now", "buiten het toegestane"
    )
    assert table_counts(database) == before


def test_fire_due_exits_1_when_a_case_failed(capsys, database, monkeypatch):
    from services import cases

    monkeypatch.setattr(
        cases, "fire_due_timers", lambda platform: [{"zaak_id": 7, "fout": "RuntimeError: x"}]
    )
    assert cli.main(["timers", "fire-due", "--database", database, "--json"]) == 1
    assert '"fout"' in capsys.readouterr().out
    monkeypatch.setattr(cases, "fire_due_timers", lambda platform: [{"zaak": "Z-1", "status": "lopend"}])
    assert cli.main(["timers", "fire-due", "--database", database, "--json"]) == 0


# -- the last resort in main() -----------------------------------------------------------------------
def _raising(exc: BaseException) -> Any:
    def fn(args: Any) -> Any:
        raise exc

    return fn


def test_an_unchecked_file_error_is_a_dutch_refusal_but_a_bug_keeps_its_traceback(capsys, monkeypatch):
    parser = cli.build_parser()
    args = parser.parse_args(["termijn"])
    monkeypatch.setattr(cli.DutchArgumentParser, "parse_args", lambda self, argv=None: args)
    args.fn = _raising(PermissionError(13, "Permission denied", "/geheim/bestand"))
    refused(capsys, ["termijn"], "/geheim/bestand", "geen leesrechten")
    args.fn = _raising(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"))
    refused(capsys, ["termijn"], "geen geldige UTF-8-tekst")
    args.fn = _raising(ConnectionRefusedError(111, "Connection refused"))  # no file: not ours to hide
    with pytest.raises(ConnectionRefusedError):
        cli.main(["termijn"])
    args.fn = _raising(KeyError("bug"))
    with pytest.raises(KeyError):
        cli.main(["termijn"])


def test_a_migration_that_fails_on_a_reachable_database_keeps_its_own_error(tmp_path):
    """Review of d6390ae (sessie7b 3): a half-applied migration was reported as 'de database is niet
    bereikbaar' (exit 2) and its real error hidden; it is a fault to see, not a database to reach."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from services.config import Settings
    from services.platform import Platform
    from services.store import db
    from services.store.db_errors import DatabaseUnavailable

    path = tmp_path / "half.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    engine.dispose()
    with sqlite3.connect(path) as con:  # 0019 half applied: its column exists, the version says 0018
        con.execute("UPDATE alembic_version SET version_num='0018'")
    with pytest.raises(OperationalError, match="duplicate column") as raised:
        Platform.create(Settings(instance_dir=tmp_path, database_url=f"sqlite:///{path}"))
    assert not isinstance(raised.value, DatabaseUnavailable)
