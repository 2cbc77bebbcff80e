"""A fixture's set-up that steps cases, done once per test process and copied to each later test.

tests/recorded_setup.py keeps the deploy and the users a test starts from. Some fixtures then drive a case
through a dozen steps (an ontwerp laid ter inzage, a zienswijze, a document; cases closed and their mails
delivered) before every test of their file: 0.3-1 s of CPU a test, for the same rows each time.
``prepared`` runs such a set-up for real the first time and records what it left behind: the database
(as ``set_up`` records it: a copy of the SQLite file, or the rows of every app table and the id sequences
on PostgreSQL), the files it wrote in the test's folder (the document store, delivered mails, a mapping
file), the moment on the platform's clock, the platform's settings (paths in the folder kept relative to
it) and the set-up's result (plain data: references, codes). A later test from the same starting point
gets its own copy of each: its own database, its own files, its clock moved to the same moment, a deep
copy of the result. No test sees another's writes.

The same starting point is ``set_up``'s (a database as freshly migrated, the same inputs, moment,
settings and services), with the same files in the folder (by content). Anything else runs the set-up
for real. A recording that names its test's folder (an absolute path stored in a row or a file) could
not be copied to another folder: that fails loudly instead of handing a test another test's path.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from services.config import Settings
from services.platform import Platform
from services.store.db import copy_sqlite
from tests.recorded_setup import Recorded, _as_migrated, _pg_as_reset, _record, _restore_pg, _sqlite_file

T = TypeVar("T")


@dataclass(frozen=True)
class State:
    database: Recorded
    #: the files the set-up wrote in the test's folder, by path relative to it
    files: dict[str, bytes]
    moment: datetime
    settings: Settings
    marks: dict[str, Any]
    result: Any


#: what the set-ups of this process left behind, by key
_STATES: dict[tuple[Any, ...], State] = {}


def prepared(platform: Platform, inputs: object, setup: Callable[[], T]) -> T:
    """Run ``setup`` (which writes to ``platform``'s database and instance folder and may move its clock)
    and return its result, or restore what it left before in this process from the same starting point
    and return a copy of that result. ``inputs``: everything ``setup`` works from (its name, ...),
    compared by ``repr``."""
    folder = Path(platform.settings.instance_dir)
    path = _sqlite_file(platform)
    postgres = platform.engine.url.get_backend_name() == "postgresql"
    if not (_as_migrated(platform) if path is not None else postgres and _pg_as_reset(platform)):
        return setup()
    before = _files(folder, path)
    key = (postgres, *_key(platform, inputs, folder), tuple(sorted(before.items())))
    state = _STATES.get(key)
    if state is None:
        result = setup()
        _STATES[key] = _recorded(platform, folder, path, before, result)
        return copy.deepcopy(result)
    _restore(platform, folder, path, state)
    return copy.deepcopy(state.result)


def _key(platform: Platform, inputs: object, folder: Path) -> tuple[Any, ...]:
    services = tuple(sorted(platform.registry.service_functions()))
    return (repr(inputs), platform.clock.now(), repr(_relative(platform.settings, folder)), services)


def _recorded(
    platform: Platform, folder: Path, path: Path | None, before: dict[str, str], result: Any
) -> State:
    after = _files(folder, path)
    files = {name: (folder / name).read_bytes() for name, sha in after.items() if before.get(name) != sha}
    state = State(
        database=_record(platform, path),
        files=files,
        moment=platform.clock.now(),
        settings=_relative(platform.settings, folder),
        marks=copy.deepcopy(platform.marks),
        result=copy.deepcopy(result),
    )
    named = str(folder).encode()
    written = [*state.files.values(), *state.database.rows.values()]
    if state.database.database is not None:
        written.append(state.database.database.read_bytes())
    if any(named in data for data in written):
        raise RuntimeError(f"de set-up schreef het pad van de testmap ({folder}) weg: niet te kopiëren")
    return state


def _restore(platform: Platform, folder: Path, path: Path | None, state: State) -> None:
    recorded = state.database
    if recorded.database is not None and path is not None:
        platform.engine.dispose()  # no connection open while the file is replaced
        copy_sqlite(recorded.database, path)
    else:
        _restore_pg(platform, recorded)
    platform._spec_cache.update(recorded.specs)
    for name, data in state.files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    platform.clock.set(state.moment)  # type: ignore[attr-defined]
    platform.settings = _in(state.settings, folder, platform.settings)
    platform.marks.clear()
    platform.marks.update(copy.deepcopy(state.marks))


def _files(folder: Path, database: Path | None) -> dict[str, str]:
    """The files in ``folder`` but the platform's SQLite database (and its journal): the SHA-256 of each
    by its path relative to ``folder``."""
    own = {f"{database.name}{end}" for end in ("", "-journal", "-wal", "-shm")} if database else set()
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (p.parent == folder and p.name in own)
    }


#: what stands for the test's folder in settings kept relative to it
_FOLDER = Path("<map van de test>")


def _relative(settings: Settings, folder: Path) -> Settings:
    """``settings`` with the database left out and every path in ``folder`` made relative to it."""
    return _rebased(settings.with_(database_url=""), folder, _FOLDER)


def _in(relative: Settings, folder: Path, current: Settings) -> Settings:
    """Settings kept by ``_relative`` for the platform in ``folder`` with the ``current`` database."""
    return _rebased(relative, _FOLDER, folder).with_(database_url=current.database_url)


def _rebased(settings: Settings, old: Path, new: Path) -> Settings:
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, str | Path) and value and Path(value).is_relative_to(old):
            moved = new / Path(value).relative_to(old)
            changes[f.name] = moved if isinstance(value, Path) else str(moved)
    return settings.with_(**changes)
