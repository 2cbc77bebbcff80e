"""`ruimteflow demo`: a fresh database with the models of bpmn/, demo users per role and sample cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from processes.errors import ValidationError
from services import deployments, users
from services.adressen import seed_demo as seed_adressen
from services.demo_users import DEMO_CONTACTS, DEMO_USERS
from services.domain.energie import seed_demo as seed_energie
from services.domain.vergunning_demo import seed_demo as seed_vergunning
from services.platform import Platform
from services.store import db
from services.store.db_errors import shown
from services.store.models import Case

#: The demo initiator's (verified) e-mail address: cases applied for with it show in its "Mijn aanvragen".
DEMO_INITIATOR_EMAIL = "coop@ruimtedal.example"

#: The sample cases, by the name ``ruimteflow demo`` reports them under, and who seeds them.
SEEDERS: tuple[tuple[str, Callable[[Platform], None]], ...] = (
    ("vergunning", seed_vergunning),
    ("energie", seed_energie),
    ("adressen", seed_adressen),
)


def model_files(bpmn_dir: Path) -> list[Path]:
    return sorted([*bpmn_dir.glob("*.bpmn"), *bpmn_dir.glob("*.dmn")])


def refuse_filled(platform: Platform) -> None:
    """A database that holds cases is not wiped for the demo unless asked for (``overwrite``): an
    exported DATABASE_URL (README "Scaling out") made `make run` rebuild the demo in the municipality's
    database on every run (review sessie16, beheer 1)."""
    if not inspect(platform.engine).has_table(Case.__tablename__):
        return  # a new database, not migrated yet: no case to lose
    with platform.uow(write=False) as uow:
        count = uow.session.scalar(select(func.count()).select_from(Case)) or 0
    if count:
        raise ValidationError(
            f"De database {shown(platform.settings.resolved_database_url)} bevat al {count} "
            f"{'zaak' if count == 1 else 'zaken'}; `ruimteflow demo` wist de hele database. Kies met "
            "--database een andere (bijvoorbeeld sqlite:///instance/ruimteflow.db), of geef "
            "--overschrijven als deze database echt gewist mag worden.",
            code="database-niet-leeg",
        )


def build(
    platform: Platform, *, fresh: bool = True, seed: bool = True, overwrite: bool = False
) -> dict[str, Any]:
    """The demo in ``platform``'s database; ``fresh``: wiped first, which a database holding cases
    allows only with ``overwrite`` (refuse_filled)."""
    if fresh:
        if not overwrite:
            refuse_filled(platform)
        db.reset(platform.engine)
        db.migrate(platform.engine)
    files = model_files(platform.settings.bpmn_dir)
    deployed = deployments.deploy(platform, deployments.read_files(list(files)), user="demo") if files else []
    tokens = {}
    for username, name, role, groups in DEMO_USERS:
        u = users.add_user(
            platform,
            username,
            groups=groups,
            role=role,
            display_name=name,
            password="demo",
            token=f"demo-{username}",
            email=DEMO_INITIATOR_EMAIL if role == "initiatiefnemer" else None,
        )
        tokens[username] = u["token"]
    for group, contact in DEMO_CONTACTS.items():
        users.set_contact(platform, group, contact)
    seeded = []
    if seed:
        for name, seed_demo in SEEDERS:
            seed_demo(platform)
            seeded.append(name)
    return {
        "database": platform.settings.resolved_database_url,
        "modellen": deployed,
        "tokens": tokens,
        "wachtwoord": "demo",
        "voorbeeldzaken": seeded,
    }
