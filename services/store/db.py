"""Database engine and session factories (nothing is built at import time)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from services.private_files import create_private, missing_dirs

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite ``url``; None for an in-memory database, a URI filename, another database or
    a URL that does not parse (services.store.db_errors.check_url refuses that)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:" or "uri" in parsed.query:
        return None
    return Path(path)


@contextmanager
def removed_if_failed(url: str) -> Iterator[None]:
    """A SQLite file at ``url`` that does not exist yet is removed again, with SQLite's files beside it
    and the folders made for it, when the block that makes it fails (close its engine inside the
    block): a refused or failed `ruimteflow demo` leaves no database behind; a file left made the next
    `make run` skip the demo and serve a database without users. An existing file or folder, or another
    database, is left as it is; so is a folder made for it that holds something else by then."""
    path = sqlite_file(url)
    new = path is not None and not path.exists()
    made = missing_dirs(path.parent) if new and path is not None else []
    try:
        yield
    except BaseException:
        if new and path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            for folder in made:  # innermost first
                with suppress(OSError):  # not empty (or gone): no longer only what the demo made
                    folder.rmdir()
        raise


def make_engine(url: str, *, plain: bool = False) -> Engine:
    """Build an engine. SQLite gets WAL, foreign keys and explicit BEGIN IMMEDIATE for writers. A SQLite
    file that does not exist is made 0o600 (its -wal and -shm files follow its mode) in folders made
    0o700, whatever the umask (sessie13b, 5: the database was world-readable under umask 022); an
    existing file or folder keeps its mode (services.private_files). PostgreSQL connections run without
    JIT (:func:`_without_jit`). ``plain``: a SQLite engine without the pragmas, for a read that must
    leave the file as it is (WAL mode writes a header into an empty file; db_errors.open_current)."""
    if is_sqlite(url):
        if (path := sqlite_file(url)) is not None:
            create_private(path)
        engine = create_engine(
            url,
            connect_args={"isolation_level": None, "timeout": 30, "check_same_thread": False},
            hide_parameters=True,  # a logged database error names no value (names, addresses, tokens)
        )
        if plain:
            return engine

        event.listen(engine, "connect", sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            mode = conn.get_execution_options().get("sqlite_begin", "BEGIN")
            conn.exec_driver_sql(mode)

        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)
    event.listen(engine, "connect", _without_jit)
    return engine


#: how long a new connection keeps trying to switch a SQLite file to WAL while another one switches it
WAL_SWITCH_SECONDS = 30.0


def sqlite_pragmas(dbapi_conn: Any, _record: Any = None) -> None:
    """Every SQLite connection: foreign keys on, WAL, synchronous NORMAL. Two connections that open a new
    (not yet WAL) file at the same moment (two ``migrate``s, two ``serve``s starting) both ask for the
    switch to WAL, and SQLite answers one of them "database is locked" at once, without waiting its busy
    timeout: that one tries again (for up to ``WAL_SWITCH_SECONDS``), as it would have waited."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        deadline = time.monotonic() + WAL_SWITCH_SECONDS
        while True:
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


def _without_jit(dbapi_conn: Any, _record: Any) -> None:
    """Every PostgreSQL connection of the app runs without JIT. PostGIS functions cost so much to the
    planner that a statement over a few thousand features passes jit_above_cost, and compiling it cost
    more than it ran: 0.99 s of the locatiecheck's 1.3 s batch statement; a min_distance over 171,645
    woningen 0.33 s with JIT, 0.08 s without. No statement of the app gains from it (their time is in
    GEOS and the indexes, not in expressions). A session setting, set once per new connection outside a
    transaction (autocommit), so the pool's rollback keeps it."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    with dbapi_conn.cursor() as cur:
        cur.execute("SET jit = off")
    dbapi_conn.autocommit = autocommit


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


#: the advisory lock key that migrations on one PostgreSQL database take in turn
MIGRATE_LOCK = "ruimteflow-migrate"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (PostGIS extension where available).

    Two at once (two `ruimteflow migrate`s, two `serve`s starting together) run one after the other:
    the migration's transaction first takes a lock, so the second waits and then finds the schema
    current (before, both read an empty database: on PostgreSQL both created alembic_version and one
    failed with an IntegrityError, on SQLite one failed with "database is locked" when its read
    transaction wanted to write). PostgreSQL: an advisory lock; SQLite: the file's write lock at
    BEGIN (BEGIN IMMEDIATE, which a second migration waits for, up to the 30 s busy timeout)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("select pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": MIGRATE_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def migrated_sqlite(path: Path) -> Path:
    """A new SQLite database at ``path`` at the newest schema, every table empty: a template that
    :func:`copy_sqlite` copies for each fresh database (a copy costs far less than a migration)."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return path


def copy_sqlite(template: Path, target: Path) -> None:
    """Copy a SQLite database through the backup API (consistent, also with a WAL file beside it)."""
    create_private(target)  # a new file 0o600, as make_engine makes one (SQLite takes it as empty)
    src, dst = sqlite3.connect(template), sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def schema_revisions(engine: Engine) -> tuple[set[str], set[str]]:
    """The database's Alembic revisions (empty: no Ruimteflow schema yet) and this code's newest ones.
    Raises Alembic's CommandError ("Can't locate revision") when the database is at a revision this
    code does not know: a newer Ruimteflow's."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    for revision in current:
        script.get_revision(revision)
    return current, set(script.get_heads())


def reset(engine: Engine) -> None:
    """Drop Ruimteflow's own tables (used by `ruimteflow demo` for a fresh database).

    Other tables in the database (PostGIS's spatial_ref_sys, GIS layer tables) are left alone. The tables
    are dropped as the database has them (reflected), in the order of its own foreign keys: a database
    migrated by an earlier release may hold one the models no longer declare.
    """
    from services.store.models import Base

    present = set(inspect(engine).get_table_names())
    found = MetaData()
    found.reflect(engine, only=[name for name in Base.metadata.tables if name in present])
    found.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def plain(session: Session) -> Connection:
    """The session's connection, in its transaction, for a read of plain columns (no ORM objects): the
    ORM's execution path costs such a read about as much as the database does, which a step pays for each
    of its reads (issue #12). What the session holds pending is flushed first, as the ORM's autoflush would
    (not inside ``no_autoflush``). A set-based INSERT into a table, which the session never autoflushes
    for, takes ``session.connection()`` itself."""
    if session.autoflush:
        session.flush()
    return session.connection()


def insert_missing(
    session: Session, model: type[Any], rows: list[dict[str, Any]], key: str | tuple[str, ...]
) -> int:
    """Insert ``rows`` into ``model``'s table, leaving any row whose ``key`` (a unique column, or the
    columns of a unique constraint) exists already, also one that a concurrent transaction has just
    inserted (INSERT ... ON CONFLICT DO NOTHING: PostgreSQL waits for that transaction instead of
    failing on the unique index). Returns how many it inserted.

    The rows are the statement's parameters (SQLAlchemy sends several in one multi-row INSERT, its
    "insertmanyvalues"), not values written into it: a statement of literal rows has no cache key, so
    every call compiled it again."""
    if not rows:
        return 0
    from sqlalchemy.dialects import postgresql, sqlite

    is_pg = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert if is_pg else sqlite.insert
    table = model.__table__
    columns = [key] if isinstance(key, str) else list(key)
    statement = insert(table).on_conflict_do_nothing(index_elements=columns).returning(table.c[columns[0]])
    return len(session.execute(statement, rows).all())  # a skipped row returns none


def serialize(session: Session, key: str) -> None:
    """Transactions that call this with the same ``key`` run one after the other. PostgreSQL: a
    transaction-scoped advisory lock on the key. SQLite: every writing transaction already holds the
    database's write lock (BEGIN IMMEDIATE) until it ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("select pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})
