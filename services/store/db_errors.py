"""A database that cannot be opened, in Dutch: a wrong URL, an unknown driver, a server that does not
answer, a file that is no database, or a schema from a newer Ruimteflow; and, for the commands that set
no database up (``open_current``), a SQLite file that does not exist or a schema that is not the newest.
The command line shows the one line and exits with code 2 (README, "Command line"), not a SQLAlchemy or
Alembic traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from processes.bestanden import reden
from processes.errors import RuimteflowError

#: the databases Ruimteflow runs on (SQLAlchemy backend names)
SUPPORTED = ("sqlite", "postgresql")

#: a driver's (English) words -> the Dutch reason; the first match wins
_CAUSES = (
    ("file is not a database", "het bestand is geen SQLite-database"),
    ("unable to open database file", "het databasebestand is niet te openen (een map, of geen rechten)"),
    ("password authentication failed", "aanmelden geweigerd (gebruiker of wachtwoord)"),
    ("does not exist", "de database of gebruiker bestaat niet op de server"),
    ("connection refused", "de server weigert de verbinding (draait hij, klopt de poort?)"),
    ("name or service not known", "de servernaam is onbekend"),
    ("could not translate host name", "de servernaam is onbekend"),
    ("timeout", "de server antwoordt niet op tijd"),
    ("timed out", "de server antwoordt niet op tijd"),
    ("readonly", "de database is alleen-lezen"),
    ("read-only", "de database is alleen-lezen"),
)


#: PostgreSQL states of two transactions colliding (unique violation, serialization failure, deadlock):
#: the request lost a race it could win when repeated, so the answer is a 409, not an internal error
CONCURRENT_SQLSTATES = frozenset({"23505", "40001", "40P01"})


def is_concurrent(exc: DBAPIError) -> bool:
    """A database error from a concurrent change (a unique key, a serialisation failure, a deadlock)."""
    return getattr(exc.orig, "sqlstate", None) in CONCURRENT_SQLSTATES


#: PostgreSQL states of a connection that is gone or not there yet: class 08 (a connection exception) and
#: 57P01-57P03 (ended by an administrator or a crash, the server starting up)
LOST_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})


def is_lost_connection(exc: DBAPIError) -> bool:
    """A database error from a connection that was lost or could not be made (a restart, a failover):
    the request can be repeated once the database is back."""
    state = getattr(exc.orig, "sqlstate", None) or ""
    return bool(exc.connection_invalidated) or state.startswith("08") or state in LOST_SQLSTATES


def transient(exc: BaseException) -> bool:
    """A database error that says nothing of what was asked, only of the moment: a lost connection or a
    lost race; the same request may succeed when repeated. A step raises it as it is (services.platform,
    services.engine.step_errors), not as the model's incident."""
    return isinstance(exc, DBAPIError) and (is_lost_connection(exc) or is_concurrent(exc))


class DatabaseUnavailable(RuimteflowError):
    code = "database-onbereikbaar"
    title = "Database niet te gebruiken"
    status = 503


def shown(url: str) -> str:
    """The URL without its password (it goes to the terminal and to logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def check_url(url: str) -> None:
    """Refuse a URL that cannot be parsed or names a database other than SQLite or PostgreSQL."""
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        named = f" '{url}'" if "@" not in url else ""  # never a password on the terminal
        raise DatabaseUnavailable(
            f"De database-URL{named} is ongeldig; verwacht bijvoorbeeld sqlite:///pad/naar/ruimteflow.db "
            "of postgresql+psycopg://gebruiker:wachtwoord@host:5432/naam (--database of DATABASE_URL).",
            code="database-url-ongeldig",
        ) from None
    if backend not in SUPPORTED:
        raise DatabaseUnavailable(
            f"De database-URL '{shown(url)}' noemt '{backend}'; Ruimteflow werkt met SQLite en PostgreSQL "
            "(sqlite:/// of postgresql+psycopg://).",
            code="database-url-ongeldig",
        )


def newer_schema(url: str, exc: Exception) -> RuimteflowError | None:
    """The refusal of a database at a schema revision this code does not know (a rolled-back release)."""
    from alembic.util.exc import CommandError

    if isinstance(exc, CommandError) and "Can't locate revision" in str(exc):
        return DatabaseUnavailable(
            f"De database '{shown(url)}' is bijgewerkt door een nieuwere versie van Ruimteflow; deze "
            "versie kent dat schema niet. Gebruik de nieuwere versie of zet een back-up van vóór de "
            "update terug.",
            code="database-nieuwer",
        )
    return None


#: the command that creates a database or brings its schema up to date (web/cli_running.py)
MIGRATE_COMMAND = "ruimteflow migrate"


def missing_file(url: str) -> RuimteflowError | None:
    """The refusal of a SQLite URL whose file does not exist (a mistyped path would otherwise become a
    new, empty database); None for an existing file, an in-memory database or another database."""
    from services.store.db import sqlite_file

    path = sqlite_file(url)
    if path is None or path.exists():
        return None
    return DatabaseUnavailable(
        f"De database bestaat niet: {path}. Controleer --database of DATABASE_URL; een nieuwe database "
        f"maakt `{MIGRATE_COMMAND}` (of `ruimteflow demo`, met demogegevens).",
        code="database-bestaat-niet",
    )


@contextmanager
def newer_refused(url: str) -> Iterator[None]:
    """Around an Alembic read or migration of the database at ``url``: a schema from a newer Ruimteflow
    raises its Dutch refusal (``newer_schema``) instead of Alembic's error; any other error is kept."""
    try:
        yield
    except Exception as exc:
        newer = newer_schema(url, exc)
        if newer is None:
            raise
        raise newer from exc


def known_revisions(url: str, engine: Engine) -> tuple[set[str], set[str]]:
    """``db.schema_revisions`` of the database at ``url``: its Alembic revisions and this code's newest,
    read without changing it; a schema from a newer Ruimteflow is refused (``newer_refused``)."""
    from services.store import db

    with newer_refused(url):
        return db.schema_revisions(engine)


def not_current(url: str, engine: Engine) -> RuimteflowError | None:
    """The refusal of a database whose schema is not this code's newest (none yet, or an older one);
    None when it is. A newer one is refused by raising (``known_revisions``)."""
    current, newest = known_revisions(url, engine)
    if current == newest:
        return None
    state = "heeft nog geen Ruimteflow-schema" if not current else "heeft een ouder schema dan deze versie"
    return DatabaseUnavailable(
        f"De database '{shown(url)}' {state}; dit commando werkt het schema niet bij. Doe dat eerst met "
        f"`{MIGRATE_COMMAND}` (maak vooraf een back-up).",
        code="database-ouder",
    )


def open_current(url: str) -> Engine:
    """``open_engine`` for a command that sets no database up: it neither creates a SQLite file that
    does not exist nor migrates an older schema, but refuses both (exit code 2 on the command line). A
    SQLite file is looked at first through a plain engine (``db.make_engine(plain=True)``): a file it
    refuses (empty, another program's, an older schema) is left byte for byte as it was, without the
    header and WAL mode that opening it for Ruimteflow writes, and without -wal or -shm beside it."""
    from services.store.db import sqlite_file

    missing = missing_file(url)
    if missing is not None:
        raise missing
    if sqlite_file(url) is None:
        return _current(url, open_engine(url))
    _current(url, open_engine(url, plain=True)).dispose()
    return open_engine(url)


def _current(url: str, engine: Engine) -> Engine:
    """``engine`` when its database has this code's newest schema; else it is disposed and the refusal
    (``not_current``, or ``translate`` of a file that is no database) raised."""
    try:
        refusal = not_current(url, engine)
    except DBAPIError as exc:
        engine.dispose()
        raise (translate(url, exc) or exc) from exc
    except BaseException:
        engine.dispose()
        raise
    if refusal is not None:
        engine.dispose()
        raise refusal
    return engine


def open_engine(url: str, *, plain: bool = False) -> Engine:
    """The engine for ``url``, after one connection to it; a Dutch DatabaseUnavailable when the URL is
    wrong or the database cannot be reached (a real bug keeps its traceback). ``plain``: see
    ``db.make_engine``."""
    from services.store import db

    check_url(url)
    engine: Engine | None = None
    try:
        engine = db.make_engine(url, plain=plain)
        engine.connect().close()
    except Exception as exc:
        if engine is not None:
            engine.dispose()
        refusal = translate(url, exc)
        if refusal is None:
            raise
        raise refusal from exc
    return engine


def translate(url: str, exc: Exception) -> RuimteflowError | None:
    """The Dutch refusal for an error met while connecting to the database at ``url``; None when ``exc``
    is not one of those (a real bug keeps its traceback)."""
    named = shown(url)
    if isinstance(exc, ModuleNotFoundError | ArgumentError):
        return DatabaseUnavailable(
            f"De database-URL '{named}' vraagt een onbekend of ontbrekend stuurprogramma; Ruimteflow "
            "werkt met sqlite:/// en postgresql+psycopg://.",
            code="database-url-ongeldig",
        )
    if isinstance(exc, OSError):  # the folder of a SQLite file cannot be made
        return DatabaseUnavailable(f"De database '{named}' is niet te openen ({reden(exc)}).")
    if isinstance(exc, DBAPIError):
        text = str(exc.orig if exc.orig is not None else exc).lower()
        cause = next((dutch for words, dutch in _CAUSES if words in text), "de database is niet bereikbaar")
        return DatabaseUnavailable(f"De database '{named}' is niet te gebruiken: {cause}.")
    return None
