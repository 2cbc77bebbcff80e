"""`ruimteflow demo` wipes the database it builds in, so it refuses one that holds cases unless asked to
(--overschrijven), and `make run` and `make demo` name their SQLite file instead of taking an exported
DATABASE_URL (review sessie16, beheer 1: `make run` with DATABASE_URL exported, as README "Scaling out"
tells a beheerder to, rebuilt the demo in that database on every run)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.core_helpers import setup_klein, snapshot
from web import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _own_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo that does build (on the old code, in the refused case too) writes its documents and
    layers in the test's folder, not in instance/ of the working folder."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))


def test_demo_refuses_a_database_that_holds_cases_and_leaves_it_unchanged(
    platform: Platform, capsys: Any
) -> None:
    setup_klein(platform)
    cases.start_case(platform, "vergunning_klein", {}, user="anna")
    before = snapshot(platform)

    assert cli.main(["demo", "--database", platform.settings.database_url]) == 2

    err = capsys.readouterr().err
    assert "bevat al 1 zaak" in err and "--overschrijven" in err and "Traceback" not in err, err
    assert snapshot(platform) == before


def test_demo_builds_in_a_database_without_cases(platform: Platform, capsys: Any) -> None:
    setup_klein(platform)  # models and users, no case: nothing to lose

    assert cli.main(["demo", "--database", platform.settings.database_url, "--no-cases", "--json"]) == 0
    deployed = {m["process_id"] for m in _models(platform)}
    assert deployed and "vergunning_klein" not in deployed  # wiped, then bpmn/'s models


def _models(platform: Platform) -> list[dict[str, Any]]:
    from services import deployments

    return deployments.list_definitions(platform)


@pytest.mark.parametrize("target", ["run", "demo"])
def test_make_names_the_demo_database_whatever_database_url_says(target: str, tmp_path: Path) -> None:
    stamp = tmp_path / "stamp"
    stamp.touch()
    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://gemeente@db.example/ruimteflow"}
    plan = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), target, "BIN=/venv/bin", f"STAMP={stamp}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [line for line in plan.splitlines() if line.startswith("/venv/bin/ruimteflow ")]
    assert commands, plan
    demo_url = f"sqlite:///{ROOT / 'instance' / 'ruimteflow.db'}"
    for command in commands:
        assert f"--database '{demo_url}'" in command, command


def test_demo_builds_in_a_new_database_that_has_no_tables_yet(tmp_path: Path) -> None:
    """``demo.build`` on a platform opened without migrating (bench_waits' demo_build does so): the
    check for cases finds no case table, which is no case to lose, not an error."""
    from services import demo
    from services.config import Settings

    settings = Settings(
        instance_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'nieuw.db'}", bpmn_dir=ROOT / "bpmn"
    )
    platform = Platform.create(settings, FixedClock(datetime(2026, 12, 6, 9, tzinfo=UTC)), migrate=False)
    try:
        demo.refuse_filled(platform)  # no table yet: nothing refused
    finally:
        platform.close()


@pytest.mark.parametrize("refused", ["ruimteflow.db", "demo.db"])
def test_the_refusal_never_suggests_the_refused_database(
    platform: Platform, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: str
) -> None:
    """Refused in instance/ruimteflow.db (the working folder's demo database), the message suggested
    "bijvoorbeeld sqlite:///instance/ruimteflow.db" (outside review, demo 2): the suggestion is a file
    that does not exist yet, so neither the refused database nor another that holds cases."""
    import re

    from services.store.db import copy_sqlite, sqlite_file

    setup_klein(platform)
    cases.start_case(platform, "vergunning_klein", {}, user="anna")
    instance = tmp_path / "instance"
    instance.mkdir()
    for name in {refused, "ruimteflow.db"}:  # the demo database of `make run` is there too
        copy_sqlite(Path(str(sqlite_file(platform.settings.database_url))), instance / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", "instance")

    assert cli.main(["demo", "--database", f"sqlite:///instance/{refused}"]) == 2

    err = capsys.readouterr().err
    suggested = re.search(r"Kies met --database een andere \(bijvoorbeeld (\S+)\)", err)
    assert suggested, err
    path = sqlite_file(suggested.group(1))
    assert path is not None and not path.exists(), err
    assert path.parent.resolve() == instance.resolve(), err


def _revision(platform: Platform) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with platform.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _down_to_the_previous_revision(platform: Platform) -> str:
    """``platform``'s database one revision below this code's newest: as an older Ruimteflow left it."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from services.store import db

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    (head,) = ScriptDirectory.from_config(cfg).get_heads()
    previous = str(ScriptDirectory.from_config(cfg).get_revision(head).down_revision)
    with platform.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, previous)
    return previous


def test_demo_refuses_an_older_database_that_holds_cases_without_migrating_it(
    any_platform: Platform, capsys: Any
) -> None:
    """The demo migrated an existing database before it checked it for cases, so a refused demo left an
    older database at the newest schema: no longer one the older release it came from can use."""
    from services.store import db

    platform = any_platform
    setup_klein(platform)
    cases.start_case(platform, "vergunning_klein", {}, user="anna")
    previous = _down_to_the_previous_revision(platform)
    before = snapshot(platform)
    try:
        assert cli.main(["demo", "--database", platform.settings.database_url]) == 2

        err = capsys.readouterr().err
        assert "bevat al 1 zaak" in err and "--overschrijven" in err and "Traceback" not in err, err
        assert _revision(platform) == previous
        assert snapshot(platform) == before
    finally:
        db.migrate(platform.engine)  # the worker's PostgreSQL database serves the next tests


def test_demo_refuses_a_database_of_a_newer_ruimteflow_and_leaves_it(platform: Platform, capsys: Any) -> None:
    """Checked before anything changes, as opening it to migrate did: the demo does not wipe a schema
    this code does not know (its tables would not all be dropped)."""
    from sqlalchemy import text

    with platform.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    before = snapshot(platform)

    assert cli.main(["demo", "--database", platform.settings.database_url, "--overschrijven"]) == 2

    err = capsys.readouterr().err
    assert "nieuwere versie van Ruimteflow" in err and "Traceback" not in err, err
    assert _revision(platform) == "9999" and snapshot(platform) == before
