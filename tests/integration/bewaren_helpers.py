"""Closed cases for the retention tests: the small permit model, mapped in a zgw.toml of the test (P1Y
when the permit was granted, P5Y when it was refused), with an initiator's personal data and a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from services import cases, deployments, inbox, scheduler, users
from services.documents.views import VERNIETIGD
from services.mail.compose import CHANNEL as MAIL
from services.mail.retention import REMOVED, emptied
from services.platform import Platform
from services.store.models import Base, Case, Document, DocumentVersion, OutboxMessage, Vernietiging
from services.zgw.mapping import DEFAULT_MAPPING_FILE
from tests.integration.core_helpers import KLEIN, setup_klein
from tests.integration.document_helpers import upload
from tests.recorded_setup import set_up

KLEIN_ZGW = """
[procedure.vergunning_klein]
identificatie = "RF-KLEIN"
selectielijst_procestype = "toestemming_verlenen"
omschrijving = "Kleine vergunning"
doel = "Beslissen op een kleine vergunning"
aanleiding = "Aanvraag"
onderwerp = "Kleine vergunning"
handeling_initiator = "Aanvragen"
handeling_behandelaar = "Behandelen"
indicatie_intern_of_extern = "extern"
vertrouwelijkheid = "zaakvertrouwelijk"
doorlooptijd = "P8W"
[[procedure.vergunning_klein.statustypen]]
omschrijving = "Beoordeling"
fasen = ["beoordeling"]
[[procedure.vergunning_klein.statustypen]]
omschrijving = "Afgerond"
fasen = ["besluit"]
[procedure.vergunning_klein.resultaattypen.verleend]
omschrijving = "Verleend"
eindes = ["einde"]
besluit = "verlenen"
selectielijst = "11.3"  # a class of the shipped file with a one-year term: these tests destroy after P1Y
archiefnominatie = "vernietigen"
archiefactietermijn = "P1Y"
[procedure.vergunning_klein.resultaattypen.geweigerd]
omschrijving = "Geweigerd"
eindes = ["einde"]
besluit = "weigeren"
selectielijst = "11.2"
archiefnominatie = "vernietigen"
archiefactietermijn = "P5Y"
"""

#: what the initiator typed on the form
AANVRAAG = {
    "initiatiefnemer": "Piet Jansen",
    "email": "piet.jansen@example.nl",
    "telefoon": "06-12345678",
    "toelichting": "Ik, Piet Jansen, wil een schuur bouwen.",
    "naam": "Schuur achter de woning",
}


def mapped(platform: Platform, folder: Path) -> None:
    """The shipped zgw.toml plus the small permit model, as the platform's mapping file."""
    path = folder / "zgw.toml"
    path.write_text(DEFAULT_MAPPING_FILE.read_text(encoding="utf-8") + KLEIN_ZGW, encoding="utf-8")
    platform.settings = platform.settings.with_(zgw_mapping_file=str(path))


def prepare(platform: Platform, folder: Path) -> None:
    """setup_klein, the initiator piet (both as one recorded set-up: tests/recorded_setup.py), and the
    mapping file in ``folder``."""
    set_up(platform, ("prepare", deployments.read_files([KLEIN])), lambda: _klein_and_piet(platform))
    mapped(platform, folder)


def _klein_and_piet(platform: Platform) -> None:
    setup_klein(platform)
    users.add_user(platform, "piet", groups=[], role="initiatiefnemer")


def case_with(platform: Platform, content: bytes | None = None, **extra: Any) -> dict[str, Any]:
    """A running case applied for by piet, with a bijlage of ``content`` when given."""
    zaak = cases.start_case(
        platform,
        "vergunning_klein",
        {**AANVRAAG, **extra},
        user="piet",
        initiator="Piet Jansen",
        initiator_type="inwoner",
        location_name="Dorpsstraat 1, Ruimtedal",
        title="Schuur van Piet Jansen",
    )
    if content is not None:
        upload(platform, zaak, "piet", content, titel="Tekening", bestandsnaam="tekening-jansen.pdf")
    return zaak


def close(platform: Platform, zaak: dict[str, Any], besluit: str = "verlenen") -> None:
    """Complete both tasks of the case: it closes with ``besluit``; its mails are delivered."""
    [beoordelen] = cases.get_case(platform, zaak["zaak"])["open_taken"]
    cases.complete_task(
        platform, beoordelen["id"], "anna", {"compleet": True, "toelichting": "Compleet, Piet"}
    )
    [besluiten] = [t for t in inbox.list_tasks(platform, "jan")["taken"] if t["zaak"] == zaak["zaak"]]
    cases.complete_task(platform, besluiten["id"], "jan", {"besluit": besluit})
    scheduler.deliver_once(platform)


#: every table with a row per case (the workflow state, tasks, history, conflicts, documents, outbox...)
CASE_MODELS = tuple(m.class_ for m in Base.registry.mappers if "case_id" in {c.key for c in m.column_attrs})


def every_text(platform: Platform, case_id: int) -> str:
    """Everything stored for a case in every table, as one text (to search for what must be gone)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        rows: list[Any] = [s.get(Case, case_id)]
        for model in sorted(CASE_MODELS, key=lambda m: m.__name__):
            rows += s.scalars(select(model).where(model.case_id == case_id)).all()
        return json.dumps(
            [{c.key: getattr(r, c.key) for c in r.__mapper__.column_attrs} for r in rows], default=str
        )


def cli_today(monkeypatch: Any, day: str) -> None:
    """Commands run from the CLI in this test see ``day`` (10:00 Dutch time) as today: their platform gets a
    FixedClock (web.cli_database.platform), where the system clock would make the test depend on its date."""
    from datetime import date, datetime, time

    from services.clock import NL, FixedClock
    from web import cli_database

    real = cli_database.platform
    moment = datetime.combine(date.fromisoformat(day), time(10), NL)
    monkeypatch.setattr(
        cli_database, "platform", lambda args, clock=None, **kw: real(args, clock or FixedClock(moment), **kw)
    )


def cli_env(platform: Platform, tmp_path: Path, monkeypatch: Any) -> None:
    """The environment a `zaken` command in the test reads: the test's mapping file and document store
    (RUIMTEFLOW_INSTANCE), and no DATABASE_URL of the machine (the command gets --database)."""
    monkeypatch.setenv("RUIMTEFLOW_ZGW_MAPPING_FILE", platform.settings.zgw_mapping_file)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)


def goedkeuren(url: str, lijst: Path | str, door: str = "archivaris") -> None:
    """Record the approval of the vernietigingslijst ``lijst`` (`zaken opschonen --goedkeuren`), as the
    archivist does before a run takes it."""
    from web import cli

    assert (
        cli.main(["zaken", "opschonen", "--database", url, "--goedkeuren", str(lijst), "--door", door]) == 0
    )


def destroyed(platform: Platform, ref: str) -> bool:
    """Whether the case ``ref`` is gone (`zaken opschonen --uitvoeren` destroyed it)."""
    with platform.uow(write=False) as uow:
        return uow.session.scalar(select(Case.id).where(Case.reference == ref)) is None


def pseudonymised_before(platform: Platform, ref: str, title: str) -> None:
    """Leave the closed case ``ref`` as `zaken opschonen --uitvoeren` of a release before migration 0033
    left a due case, set directly (no code pseudonymises any more): ``geanonimiseerd_op``, no initiator,
    a volgcode no link opens, the cleaned ``title``, its mails emptied (given up ones too), its documents
    deleted after the bewaartermijn and a register line "gepseudonimiseerd" that names the case by its id."""
    with platform.uow() as uow:
        s = uow.session
        case = s.scalars(select(Case).where(Case.reference == ref)).one()
        now = platform.clock.now()
        case.geanonimiseerd_op, case.initiator, case.initiator_email = now, None, None
        case.tracking_code, case.title = "vervallen:" + "0" * 32, title
        for mail in s.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)):
            if mail.channel == MAIL:
                mail.payload = emptied(mail.kind)
        for doc in s.scalars(select(Document).where(Document.case_id == case.id)):
            doc.verwijderd, doc.verwijderd_at, doc.verwijderd_by = True, now, "systeem"
            doc.verwijder_reden = VERNIETIGD
        for version in s.scalars(select(DocumentVersion).where(DocumentVersion.case_id == case.id)):
            version.bestandsnaam = REMOVED
        closed = (case.closed_at or now).date()
        line = {"case_id": case.id, "zaak": ref, "zaaktype": case.process_id, "procedure": case.procedure}
        line |= {
            "resultaat": "",
            "archiefactietermijn": "P1Y",
            "brondatum": closed,
            "archiefactiedatum": closed,
        }
        line |= {"handeling": "gepseudonimiseerd", "uitgevoerd_op": now.date(), "uitgevoerd_at": now}
        s.add(Vernietiging(**line, uitgevoerd_door="onbekend", lijst="", lijst_sha256=""))
        uow.commit()
