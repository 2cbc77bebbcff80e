"""A windpark case (bpmn/windpark.bpmn with the permit it calls) driven to a step: the models, the case
waiting at a step, the case at its permit's besluit and that besluit's input, and the statustypen the
zaakregistratie was sent."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from services import cases
from services.platform import Platform
from services.store.models import OutboxMessage
from services.zgw.mapping import load_mapping
from tests.integration.energie_fixtures import (
    BPMN,
    doe,
    energie_platform,
    locatiecheck_met,
)
from tests.integration.test_windpark import participatie, start

#: the windpark with every model it calls
MODELLEN: list[str | Path] = [
    BPMN / "transportverzoek.bpmn",
    BPMN / "bevoegd-gezag.dmn",
    BPMN / "procedurekeuze.dmn",
    BPMN / "advies-routering.dmn",
    BPMN / "omgevingsvergunning.bpmn",
    BPMN / "windpark.bpmn",
]


def at_the_permits_besluit(platform: Platform) -> tuple[Platform, str]:
    """A windpark case whose called permit is at 'Besluit nemen', with the location the letter names."""
    from sqlalchemy import update

    from services import cases, users
    from services.documents.service import NewDocument, upload_document
    from services.store.models import Case
    from tests.integration.document_helpers import pdf
    from tests.integration.energie_fixtures import GROEPEN

    wp = energie_platform(platform, MODELLEN, locatiecheck_met("Milieu"))
    users.add_user(
        wp,
        "tl",
        groups=[*GROEPEN, "Teamleider", "Vergunningen", "Ruimtelijke Ordening"],
        role="vergunningverlener",
        display_name="Tessa Leider",
    )
    # who makes the permit's besluit final: one who may complete 'Besluit nemen' (lane Teamleider) and
    # handles the case's documents (tl is in the outside parties' groups as well, so not a behandelaar)
    users.add_user(
        wp, "lead", groups=["Teamleider", "Vergunningen"], role="teamleider", display_name="Lea Dekker"
    )
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    doe(wp, ref, "ontvankelijkheid", {"compleet": True})

    def open_elements() -> list[str]:
        return [t["element"] for t in cases.get_case(wp, ref)["open_taken"]]

    for i in range(10):  # each adviser of the permit, with the report the model asks for
        if "advies_geven" not in open_elements():
            break
        upload_document(
            wp, ref, "tl", io.BytesIO(pdf(f"advies {i}")), NewDocument("advies", f"advies-{i}.pdf")
        )
        doe(wp, ref, "advies_geven", {"oordeel": "akkoord"}, user="tl")
    doe(wp, ref, "beoordelen", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."}, user="tl")
    assert "besluit" in open_elements()
    with wp.uow() as uow:  # the letter names the location
        uow.session.execute(update(Case).where(Case.reference == ref).values(location_name="Akkerweg 1"))
        uow.commit()
    return wp, ref


def verlenen_invoer() -> Any:
    """The permit's besluit: verlenen, dated and sent on 2 March 2026."""
    from services.documents.besluit_context import BesluitInvoer

    return BesluitInvoer(
        uitkomst="verlenen", motivering="Past.", besluitdatum=date(2026, 3, 2), verzenddatum=date(2026, 3, 2)
    )


def wachtend_bij(wp: Platform, stap: str) -> str:
    """A case waiting at ``stap``: the advice, the participation, the permit's preparation, the municipal
    advice to the provincie, or the provincie's besluit."""
    extern = stap in ("advies_extern", "besluit_extern")
    ref = start(wp, 12.6, 3)["zaak"] if extern else start(wp, 4.2)["zaak"]
    if stap != "advies":
        doe(wp, ref, "advies", {"advies": "positief"})
    if stap in ("vergunning_voorbereiden", "advies_extern", "besluit_extern"):
        participatie(wp, ref)
    if stap == "besluit_extern":
        doe(wp, ref, "advies_extern", {"advies": "positief", "toelichting": "-"})
    return ref


def permitroute(wp: Platform) -> str:
    """A windpark case of the gemeente (4.2 MW) past the advice and participation, its permit prepared: its reference."""
    ref = start(wp, 4.2)["zaak"]
    doe(wp, ref, "advies", {"advies": "positief"})
    participatie(wp, ref)
    doe(wp, ref, "vergunning_voorbereiden", {"bopa_aangewezen": False, "mer_plichtig": False})
    return ref


def status_volgnummers(platform: Platform, ref: str) -> list[int]:
    """The statustypen (volgnummer) of the status messages queued for the zaakregistratie, in their order."""
    proc = load_mapping().procedure("windpark")
    with platform.uow(write=False) as uow:
        case_id = cases.get_case(platform, ref)["id"]
        fasen = uow.session.scalars(
            select(OutboxMessage.payload)
            .where(
                OutboxMessage.channel == "zgw",
                OutboxMessage.case_id == case_id,
                OutboxMessage.kind == "status",
            )
            .order_by(OutboxMessage.seq)
        ).all()
    # the zaak's first status (``begin``) is statustype 1 whatever its phase
    types = [proc.beginstatus if p.get("begin") else proc.statustype_for(str(p["fase"])) for p in fasen]
    return [t.volgnummer for t in types if t is not None]
