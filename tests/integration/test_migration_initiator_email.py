"""Migration 0026 links the cases applied for before 0007 to their initiator's e-mail address.

Upgrade review finding 3: 0007 added ``zaak.initiator_email`` without filling it. A case applied for on
the first release's public form had its address only in ``summary.gegevens.email``; after the upgrade
its initiator got no mail on an aanvullingsverzoek, could not get the tracking link again and did not
see the case in "Mijn aanvragen". 0026 fills the column from that address, normalised as a start does.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select

from services import cases, initiators, policy, tracking_links, users
from services.clock import FixedClock
from services.platform import Platform
from services.status.application_forms import EMAIL_PATTERN
from services.store import db
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url, insert_old_cases  # noqa: F401
from tests.integration.test_omgevingsvergunning import PERCEEL, Omgeving, locatie  # noqa: F401

#: what the first release's public form gave its start (services/status.py of 6649a7c): the address
#: trimmed but as typed, and no ``initiator_email`` (the column came with 0007, empty)
FORM_V1 = {
    "email": "K.Publiek@Example.org",
    "omschrijving": "I Dakkapel publiek",
    "locatie_naam": "Dorpsstraat 3",
    "activiteiten": ["technische_bouwactiviteit"],
    "naam": "I Dakkapel publiek",
    "initiatiefnemer": "K. Publiek",
    "initiatiefnemer_type": "inwoner",
    "aanvraag_via": "aanvraagformulier",
}


def _as_the_first_release_left_it(platform: Platform, reference: str) -> None:
    """Down to 0025, the case without ``initiator_email`` and no outbox rows (the first release had
    none), as a database of the first release is after ``ruimteflow migrate`` up to 0025."""
    run_migration(platform.engine, command.downgrade, "0025")
    meta = MetaData()
    zaak = Table("zaak", meta, autoload_with=platform.engine)
    outbox = Table("outbox_message", meta, autoload_with=platform.engine)
    with platform.engine.begin() as conn:
        conn.execute(outbox.delete())
        conn.execute(zaak.update().where(zaak.c.reference == reference).values(initiator_email=None))
        summary = conn.scalar(select(zaak.c.summary).where(zaak.c.reference == reference))
    assert summary["gegevens"]["email"] == "K.Publiek@Example.org"  # the only place it was kept


def _mails(platform: Platform) -> list[tuple[str, str]]:
    outbox = Table("outbox_message", MetaData(), autoload_with=platform.engine)
    with platform.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.kind, outbox.c.payload).order_by(outbox.c.id)).all()
    return [(kind, payload.get("aan")) for kind, payload in rows]


def test_a_first_release_form_case_gets_its_mails_and_is_the_initiators_after_the_upgrade(
    any_platform: Platform,
    clock: FixedClock,
    locatie: dict[str, Any],  # noqa: F811
) -> None:
    platform = any_platform
    z = Omgeving(platform, clock, locatie)
    case = cases.start_case(
        platform, "omgevingsvergunning", dict(FORM_V1), geometry_wkt=PERCEEL, title="I Dakkapel publiek",
        initiator="K. Publiek", initiator_type="inwoner", location_name="Dorpsstraat 3",
    )  # fmt: skip
    z.ref = case["zaak"]
    try:
        _as_the_first_release_left_it(platform, z.ref)
        run_migration(platform.engine, command.upgrade, "head")
        address = "k.publiek@example.org"
        z.doe("anna", "Ontvankelijkheid", {"compleet": False, "ontbrekend": "plattegrond",
                                            "aanvullingstermijn_dagen": 14})  # fmt: skip
        assert _mails(platform) == [("aanvulling", address)]
        users.add_user(platform, "kees", groups=[], role="initiatiefnemer", email=address)
        assert [c["zaak"] for c in initiators.my_cases(platform, "kees")["zaken"]] == [z.ref]
        tracking_links.resend(platform, "K.Publiek@example.org", address="127.0.0.1")
        assert _mails(platform)[-1] == ("volglink", address)
    finally:
        run_migration(platform.engine, command.upgrade, "head")  # the worker's PostgreSQL database is shared


#: (stored summary, initiator_email before, geanonimiseerd) -> initiator_email after 0026
CASES: dict[str, tuple[dict[str, Any], str | None, bool, str | None]] = {
    "Z-2026-000001": ({"versie": 1, "gegevens": {"email": " J.Publiek@Example.ORG "}}, None, False,
                      "j.publiek@example.org"),
    "Z-2026-000002": ({"versie": 1, "gegevens": {"email": "geen adres"}}, None, False, None),
    "Z-2026-000003": ({"versie": 1, "gegevens": {"email": "weg@example.org"}}, None, True, None),
    "Z-2026-000004": ({"versie": 1, "gegevens": {"email": "oud@example.org"}}, "nieuw@example.org", False,
                      "nieuw@example.org"),
    "Z-2026-000005": ({"versie": 1, "gegevens": {"email": ["a@example.org"]}}, None, False, None),
    "Z-2026-000006": ({"versie": 1, "gegevens": {"email": "x" * 60 + "@" + "d" * 200 + ".nl"}}, None,
                      False, None),
    "Z-2026-000007": ({"versie": 1}, None, False, None),
}  # fmt: skip


def test_0026_fills_only_unlinked_live_cases_with_a_valid_address(database_url: str) -> None:  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0025")
        insert_old_cases(engine)  # three cases: their ids are reused below
        zaak = Table("zaak", MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            conn.execute(zaak.delete())
            for i, (reference, (summary, email, anonymised, _)) in enumerate(CASES.items(), start=1):
                conn.execute(
                    zaak.insert().values(
                        id=i, reference=reference, process_id="oud", definition_id=1, procedure="regulier",
                        title="Aanvraag", status="lopend", tracking_code=f"code-{i}", created_at=NOW,
                        updated_at=NOW, version=1, deadline_info={}, opschorting={}, verlenging={},
                        summary=summary, final=False, overdue=False, initiator_email=email,
                        geanonimiseerd_op=datetime(2026, 3, 1, tzinfo=UTC) if anonymised else None,
                    )
                )  # fmt: skip
        run_migration(engine, command.upgrade, "0026")
        with engine.connect() as conn:
            found = dict(conn.execute(select(zaak.c.reference, zaak.c.initiator_email)).all())
        assert found == {reference: expected for reference, (*_, expected) in CASES.items()}
        run_migration(engine, command.downgrade, "0025")  # nothing to undo: the addresses stay
        with engine.connect() as conn:
            assert dict(conn.execute(select(zaak.c.reference, zaak.c.initiator_email)).all()) == found
    finally:
        run_migration(engine, command.upgrade, "head")
        engine.dispose()


def test_the_migration_normalises_and_checks_as_a_start_and_the_form_do() -> None:
    migration = importlib.import_module("services.store.migrations.versions.0026_initiator_email_backfill")
    assert migration.EMAIL.pattern == EMAIL_PATTERN
    for raw in ("", "  ", " A.B@Example.NL ", "a@b.nl", None):
        assert migration.normal_email(raw) == policy.normal_email(raw), raw
