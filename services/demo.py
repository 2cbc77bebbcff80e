"""`ruimteflow demo`: a fresh database with the models of bpmn/, demo users per role and sample cases."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from services import deployments, users
from services.demo_users import DEMO_CONTACTS, DEMO_USERS
from services.platform import Platform
from services.store import db

#: The demo initiator's (verified) e-mail address: cases applied for with it show in its "Mijn aanvragen".
DEMO_INITIATOR_EMAIL = "coop@ruimtedal.example"

SEED_MODULES = (
    "services.domain.vergunning",
    "services.domain.energie",
    "services.adressen",
)


def model_files(bpmn_dir: Path) -> list[Path]:
    return sorted([*bpmn_dir.glob("*.bpmn"), *bpmn_dir.glob("*.dmn")])


def build(platform: Platform, *, fresh: bool = True, seed: bool = True) -> dict[str, Any]:
    if fresh:
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
        for module in SEED_MODULES:
            try:
                mod = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                continue
            if hasattr(mod, "seed_demo"):
                mod.seed_demo(platform)
                seeded.append(module.rsplit(".", 1)[-1])
    return {
        "database": platform.settings.resolved_database_url,
        "modellen": deployed,
        "tokens": tokens,
        "wachtwoord": "demo",
        "voorbeeldzaken": seeded,
    }
