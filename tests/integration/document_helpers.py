"""Fixtures for the document tests: a small permit case with an officer, an adviser, the initiator and an
outsider, and a way to prove that a refused upload stored nothing."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from sqlalchemy import select, update

from services import cases, deployments, users
from services.documents import NewDocument, upload_document
from services.documents.storage import blob_store
from services.platform import Platform
from services.store.models import Case
from tests.integration.core_helpers import KLEIN, TABLES, setup_klein, snapshot
from tests.recorded_setup import set_up
from tests.recorded_state import prepared

DOC_TABLES = (*TABLES, "document", "document_version")

#: a tiny but valid PDF header and body (enough for content detection)
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)


def pdf(tekst: str) -> bytes:
    """A distinct small PDF per text (distinct hashes)."""
    return PDF + f"% {tekst}\n".encode()


def make_zaak(platform: Platform) -> dict[str, Any]:
    """A small permit case of piet's (started once per test process on a fresh database and copied to
    each later test from the same starting point: tests/recorded_state.py)."""
    files = deployments.read_files([KLEIN])
    return prepared(platform, ("make_zaak.zaak", files), lambda: _started_zaak(platform, files))


def _started_zaak(platform: Platform, files: list[tuple[str, str]]) -> dict[str, Any]:
    set_up(platform, ("make_zaak", files), lambda: _officers_and_parties(platform))
    return cases.start_case(
        platform,
        "vergunning_klein",
        {},
        user="piet",
        initiator="P. Jansen",
        location_name="Dorpsstraat 1, Ruimtedal",
    )


def _officers_and_parties(platform: Platform) -> None:
    """setup_klein, an adviser, the initiator and an outsider (recorded: tests/recorded_setup.py)."""
    setup_klein(platform)
    users.add_user(platform, "ria", groups=["Vergunningen"], role="adviseur")
    users.add_user(platform, "piet", groups=[], role="initiatiefnemer")
    users.add_user(platform, "buur", groups=["Welstand"], role="adviseur")


def at_besluit(platform: Platform, zaak: dict[str, Any], gegevens: dict[str, Any]) -> dict[str, Any]:
    """Bring a case of ``make_zaak`` to its 'Besluit nemen' task (a task that takes a besluit), with
    ``gegevens`` as the data the case recorded (what a final besluit is built from); returns the task."""
    beoordelen = cases.get_case(platform, zaak["zaak"])["open_taken"][0]
    cases.complete_task(platform, beoordelen["id"], "anna", {"compleet": True})
    with platform.uow() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == zaak["zaak"])).one()
        case.summary = dataclasses.replace(case.typed_summary, gegevens=gegevens).to_json()
        uow.commit()
    task: dict[str, Any] = cases.get_case(platform, zaak["zaak"])["open_taken"][0]
    return task


def upload(
    platform: Platform, zaak: dict[str, Any], user: str, content: bytes, **meta: Any
) -> dict[str, Any]:
    meta.setdefault("informatieobjecttype", "bijlage")
    meta.setdefault("bestandsnaam", "tekening.pdf")
    return upload_document(platform, zaak["zaak"], user, io.BytesIO(content), NewDocument(**meta))


def close_case(platform: Platform, zaak: dict[str, Any]) -> None:
    with platform.uow() as uow:
        uow.session.execute(update(Case).where(Case.reference == zaak["zaak"]).values(status="afgerond"))
        uow.commit()


def state(platform: Platform) -> tuple[dict[str, Any], list[str]]:
    """Every row of every table plus every file of the document store."""
    rows = snapshot_all(platform)
    files = [str(p) for p in blob_store(platform).iter_files()]
    return rows, files


def snapshot_all(platform: Platform) -> dict[str, Any]:
    from sqlalchemy import text

    out = snapshot(platform)
    with platform.engine.connect() as conn:
        for t in DOC_TABLES[len(TABLES) :]:
            out[t] = sorted(tuple(str(v) for v in r) for r in conn.execute(text(f"select * from {t}")).all())
    return out
