"""`ruimteflow demo`: a fresh database with the models of bpmn/, demo users per role and sample cases."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from itertools import chain, count
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from processes.errors import ValidationError
from services import deployments, users
from services.adressen import seed_demo as seed_adressen
from services.demo_users import DEMO_CONTACTS, DEMO_USERS
from services.domain import energie_demo, vergunning_demo
from services.domain.energie import seed_demo as seed_energie
from services.domain.vergunning_demo import seed_demo as seed_vergunning
from services.engine.deploy import ModelRefused, ModelSource, check_sources
from services.platform import Platform
from services.store import db
from services.store.db_errors import known_revisions, shown
from services.store.models import Case

#: The demo initiator's (verified) e-mail address: cases applied for with it show in its "Mijn aanvragen".
DEMO_INITIATOR_EMAIL = "coop@ruimtedal.example"

#: The sample cases, by the name ``ruimteflow demo`` reports them under, who seeds them, and the processes
#: they start (which the model folder must define).
SEEDERS: tuple[tuple[str, Callable[[Platform], None], tuple[str, ...]], ...] = (
    ("vergunning", seed_vergunning, (vergunning_demo.PROCES,)),
    ("energie", seed_energie, energie_demo.PROCESSEN),
    ("adressen", seed_adressen, ()),
)


def model_files(bpmn_dir: Path) -> list[Path]:
    return sorted([*bpmn_dir.glob("*.bpmn"), *bpmn_dir.glob("*.dmn")])


def _planned(platform: Platform, seed: bool) -> tuple[list[tuple[str, str]], deployments.Checked]:
    """The model files of the model folder the demo deploys, each read and parsed once and checked as the
    deploy into the wiped database checks them, before anything changes: a folder without a process model,
    a file that cannot be read or parsed, (``seed``) a folder without a process the sample cases start,
    and files the deploy refuses (a call to a process or decision table no file defines, a process or
    decision id in two files, ...) are refused (exit code 2), and the database is left as it was. A model
    folder with only its own autorisatie.toml wiped the database and then deployed nothing (review ops19,
    4); one whose models did not fit together wiped it and then failed in the deploy."""
    folder = platform.settings.bpmn_dir
    files = deployments.read_files(list(model_files(folder)))
    hint = ""  # set once every file parsed: a refusal after that is about how the files fit together
    try:
        new = check_sources(files)
        _refuse_incomplete(folder, new, seed)
        hint = (
            " De demo deployt alleen deze map, in een lege database: wat een model aanroept (een proces of "
            "beslistabel) moet er dus ook in staan, en elk proces-id en elke beslissing in maar één bestand."
        )
        return files, deployments.check_new(platform, new)
    except ModelRefused as exc:
        raise ModelRefused(
            f"`ruimteflow demo` kan de modellen van de modelmap '{folder}' niet deployen; er is niets "
            f"gewijzigd. {exc.detail}{hint}",
            problemen=exc.extra.get("problemen", []),
        ) from exc


def _refuse_incomplete(folder: Path, sources: list[ModelSource], seed: bool) -> None:
    """Refuse a folder without a process model, or (``seed``) without a process the sample cases start."""
    defined = {pid for src in sources for pid in src.process_ids}
    if not defined:
        raise ValidationError(
            f"De modelmap '{folder}' bevat geen procesmodel (.bpmn), dus `ruimteflow demo` heeft niets te "
            "deployen; er is niets gewijzigd. Zet RUIMTEFLOW_BPMN_DIR op een map met de modellen, bijvoorbeeld "
            "een kopie van de map bpmn/ van Ruimteflow.",
            code="modelmap-onvolledig",
        )
    missing = [pid for _name, _seed, needs in SEEDERS if seed for pid in needs if pid not in defined]
    if missing:
        een = len(missing) == 1
        raise ValidationError(
            f"De voorbeeldzaken van `ruimteflow demo` starten {'het proces' if een else 'de processen'} "
            f"{', '.join(missing)}, maar de modelmap '{folder}' bevat {'dat' if een else 'die'} niet; er is "
            f"niets gewijzigd. Voeg {'het model' if een else 'de modellen'} toe (zie de map bpmn/ van "
            "Ruimteflow), of geef --no-cases voor een demo zonder voorbeeldzaken.",
            code="modelmap-onvolledig",
        )


def refuse_filled(platform: Platform) -> None:
    """A database that holds cases is not wiped for the demo unless asked for (``overwrite``): an
    exported DATABASE_URL (README "Scaling out") made `make run` rebuild the demo in the municipality's
    database on every run (review sessie16, beheer 1). It reads the database as it is, not migrated:
    whether it has the case table and how many rows that holds, which any revision (or none) answers."""
    if not inspect(platform.engine).has_table(Case.__tablename__):
        return  # a new database, not migrated yet: no case to lose
    with platform.uow(write=False) as uow:
        held = uow.session.scalar(select(func.count()).select_from(Case)) or 0
    if held:
        raise ValidationError(
            f"De database {shown(platform.settings.resolved_database_url)} bevat al {held} "
            f"{'zaak' if held == 1 else 'zaken'}; `ruimteflow demo` wist de hele database. Kies met "
            f"--database een andere (bijvoorbeeld {_new_file(platform.settings.instance_dir)}), of geef "
            "--overschrijven als deze database echt gewist mag worden.",
            code="database-niet-leeg",
        )


def _new_file(instance_dir: Path) -> str:
    """The SQLite URL a refusal suggests instead: the first of ruimteflow.db, demo.db, demo-2.db, ... in
    the instance folder that does not exist yet, so never the refused database (it exists) nor another
    that holds cases; relative to the working folder when it lies under it. It suggested
    sqlite:///instance/ruimteflow.db, also when that was the refused one (outside review, demo 2)."""
    folder = Path(instance_dir)
    names = chain(["ruimteflow.db", "demo.db"], (f"demo-{n}.db" for n in count(2)))
    path = next(folder / name for name in names if not (folder / name).exists())
    with suppress(ValueError):  # a folder outside the working folder keeps its full path
        path = path.absolute().relative_to(Path.cwd())
    return f"sqlite:///{path}"


def build(
    platform: Platform, *, fresh: bool = True, seed: bool = True, overwrite: bool = False
) -> dict[str, Any]:
    """The demo in ``platform``'s database; ``fresh``: wiped and then migrated, which a database holding
    cases allows only with ``overwrite`` (refuse_filled). Every check comes first, on the database as it
    is: a refused demo leaves it as it was, also at an older schema revision (the CLI opened it migrated,
    so a refusal left an older database at the newest schema); a schema of a newer Ruimteflow is refused
    (known_revisions), as opening it to migrate refused it. The users come before the models, so that no
    deploy warns about a lane whose group the demo fills (outside review, demo 3)."""
    if fresh:
        known_revisions(platform.settings.resolved_database_url, platform.engine)
    files, checked = _planned(platform, seed)
    if fresh:
        if not overwrite:
            refuse_filled(platform)
        db.reset(platform.engine)
        db.migrate(platform.engine)
    tokens = _add_users(platform)
    deployed = deployments.deploy(platform, files, user="demo", checked=checked)
    seeded = []
    if seed:
        for name, seed_demo, _needs in SEEDERS:
            seed_demo(platform)
            seeded.append(name)
    return {
        "database": shown(platform.settings.resolved_database_url),  # the terminal gets no password
        "modellen": deployed,
        "tokens": tokens,
        "wachtwoord": "demo",
        "voorbeeldzaken": seeded,
    }


def _add_users(platform: Platform) -> dict[str, str]:
    """The demo users (with their groups) and the outside parties' contact lines; their API tokens."""
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
    return tokens
