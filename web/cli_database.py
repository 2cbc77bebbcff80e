"""The command line's database: ``--database`` on every command that opens a database, and the platform
such a command opens on it (``platform``); on a command that uses none (``termijn``, ``models
convert``, ``models test``, ``zgw catalogus``), a Dutch refusal of ``--database`` with exit code 2
instead of an option that is silently ignored."""

from __future__ import annotations

import argparse
from typing import Any

from web.cli_parser import DutchArgumentParser


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON op één regel")


def with_database() -> DutchArgumentParser:
    """The parent parser of a command that opens a database: ``--database`` and ``--json``."""
    parent = DutchArgumentParser(add_help=False)
    parent.add_argument("--database", help="database-URL (standaard DATABASE_URL of instance/ruimteflow.db)")
    _json(parent)
    return parent


class _NoDatabase(argparse.Action):
    """``--database`` on a command that uses no database: refused (exit code 2), never ignored."""

    def __init__(self, option_strings: list[str], dest: str, why: str = "", **kwargs: Any) -> None:
        self.why = why
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        parser.error(f"--database: dit commando gebruikt geen database{self.why}")


def without_database(why: str = "") -> DutchArgumentParser:
    """The parent parser of a command that uses no database: ``--json``, and a refused ``--database``
    (``why``: a clause after the refusal, e.g. where the command's data does come from)."""
    parent = DutchArgumentParser(add_help=False)
    parent.add_argument("--database", action=_NoDatabase, why=f" ({why})" if why else "")
    _json(parent)
    return parent


def platform(args: argparse.Namespace, clock: Any = None, *, sets_up: bool = False) -> Any:
    """The platform on ``--database`` (else DATABASE_URL, else instance/ruimteflow.db). Only a command
    that sets a database up (``sets_up``: migrate, demo, models deploy) may create it or migrate its
    schema; for every other command a SQLite file that does not exist, or a schema that is not the
    newest, is a Dutch refusal with exit code 2 (services.store.db_errors.open_current)."""
    from services.config import Settings
    from services.platform import Platform

    settings = Settings.from_env(database_url=args.database)
    return Platform.create(settings, clock, current_only=not sets_up)


def shown(platform: Any) -> str:
    """The platform's database URL without its password (for the terminal)."""
    from services.store.db_errors import shown as without_password

    return without_password(platform.settings.resolved_database_url)
