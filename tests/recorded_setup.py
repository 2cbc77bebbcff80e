"""A database set-up that many tests repeat, done once per test process and copied afterwards.

About a hundred test files drive a permit case through tests/integration/test_omgevingsvergunning.py's
``Omgeving``, and each of their tests first deploys the same models and adds the same ten users to its
fresh database: 0.1-0.3 s per test of the same work. ``set_up`` does that work for real the first time
(on the test's own platform) and keeps a copy of the database it left behind; a later test whose set-up
would start from the same point gets that copy instead (the SQLite backup API, as the migrated template
is copied per test in tests/conftest.py). Each test still has its own database file.

The same point means: the database as freshly migrated (no row in any table, no AUTOINCREMENT counter
moved), the same set-up from the same inputs (the model files as the test reads them: a test may give an
older model), the same moment on the test's clock, the same settings apart from the database and the
instance folder, and the same registered services (what a deploy checks). Anything else (a database
that holds rows already) runs the set-up for real. A restored platform also gets the specs the recording
one's deploy built (parsing the models is most of a deploy) instead of building them again on its first
step: a platform only reads its specs, all its cases share them.

On PostgreSQL (``pg_url``: the worker's database with every app table emptied and every id sequence
restarted) the recording is the rows the set-up left in each app table (``COPY ... (FORMAT binary)``)
and the last number of each id sequence it moved; restoring copies the rows back in one transaction and
sets the sequences, so the ids a test hands out next are the ones it would have got. The same point there
means no row in any app table and no id sequence moved.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from services.platform import Platform
from services.store.db import copy_sqlite


@dataclass(frozen=True)
class Recorded:
    #: SQLite: a copy of the database file the set-up left
    database: Path | None
    #: PostgreSQL: the rows the set-up left in each app table (COPY binary, parents first), and the last
    #: number of each id sequence it moved
    rows: dict[str, bytes]
    sequences: dict[str, int]
    #: the specs the set-up built (``Platform._spec_cache``: by bundle hash and process)
    specs: dict[str, Any]


#: what the set-ups of this process left behind, by key (``_key``)
_RECORDED: dict[tuple[Any, ...], Recorded] = {}
_FOLDER: list[Path] = []
#: the numbers of the recorded database files (one file per recording, whoever records)
_NUMBERS = itertools.count()


def set_up(platform: Platform, inputs: object, setup: Callable[[], None]) -> None:
    """Run ``setup`` (which writes to ``platform``'s database), or restore what it wrote before in this
    process from the same starting point. ``inputs``: everything ``setup`` writes from (its name, the
    files it deploys as read by this test, ...), compared by ``repr``."""
    path = _sqlite_file(platform)
    postgres = platform.engine.url.get_backend_name() == "postgresql"
    if not (_as_migrated(platform) if path is not None else postgres and _pg_as_reset(platform)):
        setup()
        return
    key = (postgres, *_key(platform, inputs))
    recorded = _RECORDED.get(key)
    if recorded is None:
        setup()
        _RECORDED[key] = _record(platform, path)
    elif recorded.database is not None and path is not None:
        platform.engine.dispose()  # no connection open while the file is replaced
        copy_sqlite(recorded.database, path)
        platform._spec_cache.update(recorded.specs)
    else:
        _restore_pg(platform, recorded)
        platform._spec_cache.update(recorded.specs)


def _record(platform: Platform, path: Path | None) -> Recorded:
    specs = dict(platform._spec_cache)
    if path is not None:
        target = _folder() / f"{next(_NUMBERS)}.db"  # tests/recorded_state.py records here too
        copy_sqlite(path, target)
        return Recorded(target, {}, {}, specs)
    from sqlalchemy import text

    from tests.conftest import MOVED_SEQUENCES, app_tables, tables_with_rows

    with platform.engine.connect() as conn:
        filled = set(conn.execute(text(tables_with_rows())).scalars())
        moved = conn.execute(text(MOVED_SEQUENCES), {"tables": app_tables()}).all()
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        rows = {}
        for name in [n for n in app_tables() if n in filled]:  # parents first
            with cursor.copy(f'copy "{name}" to stdout (format binary)') as copy:
                rows[name] = b"".join(bytes(block) for block in copy)
    return Recorded(None, rows, {name: int(last) for name, last in moved}, specs)


def _restore_pg(platform: Platform, recorded: Recorded) -> None:
    from sqlalchemy import text

    with platform.engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for name, data in recorded.rows.items():
            with cursor.copy(f'copy "{name}" from stdin (format binary)') as copy:
                copy.write(data)
        if recorded.sequences:  # one statement for all of them
            names = list(recorded.sequences)
            calls = ", ".join(f"setval(cast(:s{i} as regclass), :n{i})" for i in range(len(names)))
            values = {f"s{i}": f'"{name}"' for i, name in enumerate(names)}
            values |= {f"n{i}": recorded.sequences[name] for i, name in enumerate(names)}
            conn.execute(text(f"select {calls}"), values)


def _pg_as_reset(platform: Platform) -> bool:
    """No row in any app table and no id sequence moved (as ``pg_url`` leaves the worker's database):
    both asked in one statement."""
    from sqlalchemy import text

    from tests.conftest import MOVED_SEQUENCES, app_tables, tables_with_rows

    query = f"select not exists ({tables_with_rows()}) and not exists ({MOVED_SEQUENCES})"
    with platform.engine.connect() as conn:
        return bool(conn.execute(text(query), {"tables": app_tables()}).scalar())


def _sqlite_file(platform: Platform) -> Path | None:
    url = platform.engine.url
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _key(platform: Platform, inputs: object) -> tuple[Any, ...]:
    settings = platform.settings.with_(database_url="", instance_dir=Path())
    services = tuple(sorted(platform.registry.service_functions()))
    return (repr(inputs), platform.clock.now(), repr(settings), services)


def _as_migrated(platform: Platform) -> bool:
    """No row in any table of the schema and no AUTOINCREMENT counter moved (as the migrated template)."""
    from sqlalchemy import text

    with platform.engine.connect() as conn:
        if conn.execute(text(_any_row_query())).first() is not None:
            return False
        counters = "select 1 from sqlite_master where name = 'sqlite_sequence'"
        return conn.execute(text(counters)).first() is None or (
            conn.execute(text("select 1 from sqlite_sequence limit 1")).first() is None
        )


@cache  # once per process: it was written anew for every set-up
def _any_row_query() -> str:
    """A query with a row when any app table holds one (SQLite's syntax: a ``select`` names a column)."""
    from tests.conftest import app_tables

    return " union all ".join(f'select 1 where exists (select 1 from "{n}")' for n in app_tables())


def _folder() -> Path:
    if not _FOLDER:
        _FOLDER.append(Path(tempfile.mkdtemp(prefix="ruimteflow-recorded-")))
        atexit.register(shutil.rmtree, _FOLDER[0], True)
    return _FOLDER[0]
