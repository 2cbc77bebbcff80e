"""The one logging set-up of every entry point (the CLI and so `serve`'s web workers and timer process,
`worker`, and `gunicorn web.wsgi:app`): lines of time, level, logger and message on stderr, at the level
of RUIMTEFLOW_LOG_LEVEL (debug, info, warning, error or critical; default info). Nothing here writes a
secret or personal data: the callers log case references, ids and counts, never addresses or names; a
database error is named by its class, SQLSTATE and constraint (``failure``), never by its message.
Text someone gave (a force reason, a message name, a remote server's answer) goes into a line through
``services.log_text.user_text``: capped, its control characters and line breaks escaped, so it cannot
forge a second line; a logged path through web/request_log.mask_path, which escapes the same way."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Mapping

from sqlalchemy.exc import DBAPIError

from services.config_values import LOG_LEVELS, choice, given

#: libraries that tell routine steps at INFO: shown only at debug. Alembic names each step of every migration
#: check (seven lines per start); SpiffWorkflow each task state change (``spiff.task``, ``spiff.workflow``,
#: thousands of lines for one demo build), which buried the platform's own ``ruimteflow.*`` lines
CHATTY = ("alembic", "spiff")
#: the line of every log record (gunicorn's error and access log use it too: web/access_log.py)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVEL_SETTING = "RUIMTEFLOW_LOG_LEVEL"
DEFAULT_LEVEL = "info"


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to the stderr of the moment (a test's captured stream too)."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:  # StreamHandler.__init__ sets it
        pass


def level_from_env(env: Mapping[str, str] | None = None) -> str:
    """RUIMTEFLOW_LOG_LEVEL, checked (``instelling-ongeldig``, exit 2 in the CLI); info when not set."""
    env = os.environ if env is None else env
    return choice(env, LEVEL_SETTING, LOG_LEVELS) if given(env, LEVEL_SETTING) else DEFAULT_LEVEL


def unconfigure() -> None:
    """Take this module's stderr handler away again (a test process runs many commands; one command's
    set-up must not make later tests' own log lines land on their captured stderr)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)  # Python's own default
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)


def configure(level: str | None = None) -> str:
    """Log to stderr at ``level`` (default: RUIMTEFLOW_LOG_LEVEL); again replaces, never doubles, the
    handler. Returns the level."""
    level = level or level_from_env()
    unconfigure()
    root = logging.getLogger()
    handler = _Stderr()
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level.upper())
    # noise on a command's stderr, whose one Dutch line the user reads, and in serve's log: shown at debug
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING)
    return level


def database_error(exc: BaseException) -> str:
    """A database error named without the values it may quote: the driver's error class, its SQLSTATE and
    the constraint and table it names. PostgreSQL's own message and DETAIL quote a row's values ('Key
    (username)=(anna) already exists'), and SQLAlchemy's adds the statement's parameters."""
    orig = getattr(exc, "orig", None) or exc
    diag = getattr(orig, "diag", None)
    named = [
        f"{label} {value}"
        for label, value in (
            ("SQLSTATE", getattr(orig, "sqlstate", None)),
            ("constraint", getattr(diag, "constraint_name", None)),
            ("table", getattr(diag, "table_name", None)),
        )
        if value
    ]
    return f"{type(orig).__name__} ({', '.join(named)})" if named else type(orig).__name__


def error_text(exc: BaseException) -> str:
    """``exc`` in one line for a log or a report: a database error as ``database_error`` names it, any
    other as its class and message."""
    return database_error(exc) if isinstance(exc, DBAPIError) else f"{type(exc).__name__}: {exc}"


def failure(logger: logging.Logger, level: int, message: str, *args: object, exc: BaseException) -> None:
    """Log ``message`` with where ``exc`` was raised. A database error is named by ``database_error`` and
    followed by its traceback's frames only: its message and its cause's would quote the row's values."""
    if not isinstance(exc, DBAPIError):
        logger.log(level, message, *args, exc_info=exc)
        return
    frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    logger.log(
        level, f"{message}: %s\nTraceback (most recent call last):\n%s", *args, database_error(exc), frames
    )
