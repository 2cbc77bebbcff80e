"""The application core, built by a factory: settings, clock, database, workflow runtime.

Nothing is created at import time; ``Platform.create(settings, clock)`` wires everything and the
CLI, the web app, the worker and the tests each call it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.clock import Clock, SystemClock
from services.config import Settings
from services.engine.context import LayerSource
from services.engine.runtime import WorkflowRuntime
from services.registry import Registry, build_registry
from services.store import db, db_errors
from services.store.uow import UnitOfWork


def _open(url: str, migrate: bool, current_only: bool) -> Engine:
    """The engine for ``url``, migrated to the newest schema; a Dutch DatabaseUnavailable when the
    database cannot be opened or is newer than this code (services.store.db_errors). A migration that
    fails on a database that could be opened keeps its own error: that is a fault to see, not a
    database to reach. ``current_only``: neither create nor migrate, refuse a missing SQLite file and
    a schema that is not the newest (the command line's commands that set no database up)."""
    if current_only:
        return db_errors.open_current(url)
    engine = db_errors.open_engine(url)
    if migrate:
        with db_errors.newer_refused(url):
            db.migrate(engine)
    return engine


@dataclass
class Platform:
    settings: Settings
    clock: Clock
    engine: Engine
    session_factory: sessionmaker[Session]
    _runtime: WorkflowRuntime | None = None
    _spec_cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    router: Any = None
    _gis: Any = None
    _registry: Registry | None = None
    #: per-process marks of background passes (services.mail.retention: mails emptied up to a moment)
    marks: dict[str, Any] = field(default_factory=dict)
    #: the GIS layers of this platform's steps (services.domain.energie_gis); None = the locatiecheck's
    #: configured layers (tests and tools set another source here, for this platform only)
    layer_source: LayerSource | None = None

    @classmethod
    def create(
        cls,
        settings: Settings | None = None,
        clock: Clock | None = None,
        *,
        migrate: bool = True,
        current_only: bool = False,
    ) -> Platform:
        from services.engine.spiff_config import check_version

        check_version()  # a clear error at start-up, not a strange one in the first step
        settings = settings or Settings.from_env()
        engine = _open(settings.resolved_database_url, migrate, current_only)
        return cls(
            settings=settings,
            clock=clock or SystemClock(),
            engine=engine,
            session_factory=db.make_session_factory(engine),
        )

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.session_factory, write=write)

    @property
    def registry(self) -> Registry:
        """What this platform's models may call (built once, on first use; change it before the runtime)."""
        if self._registry is None:
            self._registry = build_registry()
        return self._registry

    @property
    def runtime(self) -> WorkflowRuntime:
        if self._runtime is None:
            self._runtime = WorkflowRuntime(
                self.registry.helper_functions(),
                self.registry.service_functions(),
                transient=db_errors.transient,
            )
        return self._runtime

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()
