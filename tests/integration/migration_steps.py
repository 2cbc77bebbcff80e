"""Migrations run one revision at a time on a database, and a case waiting on a timer when a migration
comes."""

from __future__ import annotations

from typing import Any

from alembic.config import Config

from services import cases, inbox, users
from services.clock import FixedClock
from services.platform import Platform
from services.store import db
from tests.integration.core_helpers import setup_klein

#: the aanvulling timer of ``klein_waiting_case``
DUE = "2026-03-16T09:00:00+00:00"  # 2 March 09:00 + P14D


def alembic_config() -> Config:
    """Alembic's configuration of Ruimteflow's migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    return cfg


def run_migration(engine: Any, fn: Any, revision: str) -> None:
    """Alembic's ``fn`` (command.upgrade or command.downgrade) to ``revision`` on ``engine``."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def klein_waiting_case(platform: Platform, clock: FixedClock) -> str:
    """A case of the small permit model waiting for an aanvulling since 2 March; now is 12 March."""
    setup_klein(platform)
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    ref: str = cases.start_case(platform, "vergunning_klein", {}, user="anna")["zaak"]
    [task] = inbox.list_tasks(platform, "anna")["taken"]
    assert cases.complete_task(platform, task["id"], "anna", {"compleet": False})["volgende_timer"] == DUE
    clock.advance(days=10)
    return ref
