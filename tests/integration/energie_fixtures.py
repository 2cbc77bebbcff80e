"""Fixtures and helpers for the energy models (wijkuitvoeringsplan, windpark, transportverzoek).

Tests run without GIS data unless they pass their own small layers (GeoDataFrames in EPSG:28992), and
with a fake locatiecheck, both on their own platform only (``platform.layer_source``,
``platform.runtime.environment.services``), so they do not depend on the layer files or on other test
modules.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import select

from processes.warmte_besluit import BESLUIT_TAKEN
from services import cases, deployments, inbox, users
from services.clock import FixedClock
from services.documents import NewDocument, upload_document
from services.domain.locatiecheck import reasons
from services.engine.context import StepContext
from services.platform import Platform
from services.store.models import WorkflowState
from services.taakdocumenten import task_documents
from tests.integration.document_helpers import PDF

ROOT = Path(__file__).resolve().parents[2]
BPMN = ROOT / "bpmn"
STUB = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_stub.bpmn"
WIND_MODELLEN: list[str | Path] = [
    BPMN / "transportverzoek.bpmn",
    BPMN / "bevoegd-gezag.dmn",
    STUB,
    BPMN / "windpark.bpmn",
]
WIJK_MODEL: list[str | Path] = [BPMN / "wijkuitvoeringsplan.bpmn"]
GROEPEN = [
    "Projectleider warmtetransitie",
    "Energie en Klimaat",
    "Duurzaamheidsadviseur",
    "Woningcorporatie",
    "Netbeheerder",
    "Warmtebedrijf",
    "Waterschap",
    "Openbare Ruimte",
    "Vergunningen",
    "Milieu",
    "Wonen",
]
_BESLUITEN = itertools.count(1)
#: A square municipality around (190000, 445000), EPSG:28992.
GEMEENTE = shapely.box(180_000, 435_000, 200_000, 455_000)


def geen_locatiecheck_conflicten(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
    return {"afdelingen": [], "hoogste_ernst": None, "aantal": 0, "conflicten": []}


def locatiecheck_met(*afdelingen: str) -> Callable[..., dict[str, Any]]:
    """A fake locatiecheck naming these departments (one 'waarschuwing' conflict each)."""

    def fake(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
        conflicten = [
            {
                "regel": f"test-{a}",
                "laag": "test",
                "ernst": "waarschuwing",
                "afdeling": a,
                "beschrijving": soort,
            }
            for a in afdelingen
        ]
        return {
            "afdelingen": sorted(afdelingen),
            "hoogste_ernst": "waarschuwing" if afdelingen else None,
            "aantal": len(afdelingen),
            "conflicten": conflicten,
            "redenen": reasons(conflicten),  # as the real service task gives them
        }

    return fake


def geen_lagen(ctx: StepContext | None) -> None:
    """The layer source of a test platform without GIS data (``energie_platform`` sets it)."""
    return None


def zet_lagen(platform: Platform, lagen: dict[str, gpd.GeoDataFrame]) -> None:
    """Give this platform's steps these layers (and no other platform's)."""
    platform.layer_source = lambda ctx: lagen


def laag(rows: list[dict[str, Any]], geoms: list[Any]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=28992)


def energie_platform(
    platform: Platform, modellen: list[str | Path], locatiecheck: Callable[..., Any] | None = None
) -> Platform:
    """Deploy the models, create one user per group and install the fake locatiecheck on this platform,
    without GIS layers unless it has its own (``zet_lagen``)."""
    platform.runtime.environment.services["locatiecheck"] = locatiecheck or geen_locatiecheck_conflicten
    platform.layer_source = platform.layer_source or geen_lagen
    deployments.deploy(platform, deployments.read_files(list(modellen)))
    users.add_user(
        platform, "pim", groups=["Projectleider warmtetransitie", "Energie en Klimaat"], role="projectleider"
    )
    users.add_user(platform, "alle", groups=GROEPEN, role="medewerker", display_name="Alle Groepen")
    return platform


#: wijkuitvoeringsplan.bpmn as shipped before its besluit tasks required their signed besluit
WUP_VOOR_BESLUITDOCUMENT = (
    ROOT / "tests" / "fixtures" / "bpmn" / "wijkuitvoeringsplan_voor_besluitdocument.bpmn"
)


def energie_platform_met(
    platform: Platform, modellen: list[str | Path], oud: Path, monkeypatch: pytest.MonkeyPatch
) -> Platform:
    """``energie_platform`` with an earlier version of one model deployed: ``oud`` in place of the model
    whose file name it begins with (``wijkuitvoeringsplan_voor_...bpmn`` for wijkuitvoeringsplan.bpmn)."""
    lees = deployments.read_files
    naam = next(Path(m).name for m in modellen if oud.name.startswith(Path(m).stem + "_"))

    def oude_bestanden(paths: list[Any]) -> list[tuple[str, str]]:
        return [(n, oud.read_text(encoding="utf-8") if n == naam else t) for n, t in lees(paths)]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", oude_bestanden)
        return energie_platform(platform, modellen)


def taak(platform: Platform, zaak: str, element: str) -> dict[str, Any]:
    open_ = [t for t in cases.get_case(platform, zaak)["open_taken"] if t["element"] == element]
    assert open_, (
        f"geen open taak '{element}' in {zaak}: {[t['element'] for t in cases.get_case(platform, zaak)['open_taken']]}"
    )
    return open_[0]


def teamleider_voor(platform: Platform, besluit: dict[str, Any]) -> str:
    """The team lead "tl", who may take the besluit task ``besluit`` (its candidate groups and Vergunningen)
    and signs its letter by a display name."""
    users.add_user(
        platform,
        "tl",
        groups=[*besluit["kandidaatgroepen"], "Vergunningen"],
        role="teamleider",
        display_name="Tessa Leider",
    )
    return "tl"


def doe(
    platform: Platform, zaak: str, element: str, data: dict[str, Any], user: str | None = None
) -> dict[str, Any]:
    """Complete the open task ``element`` as ``user`` (default: alle, a member of every group; a task of
    the plan that takes a besluit: pim, the projectleider, a behandelaar who may add the besluit). Such a
    task gets its signed besluit first (``besluit_bij``)."""
    user = user or ("pim" if element in BESLUIT_TAKEN else "alle")
    found = besluit_bij(platform, zaak, element, data, user)
    return cases.complete_task(platform, found["id"], user, data)


def besluit_bij(
    platform: Platform, zaak: str, element: str, data: dict[str, Any], user: str = "pim"
) -> dict[str, Any]:
    """The open task ``element``, after ``user`` added its signed besluit, dated as the form ``data``
    says, when it is a task of the plan that takes a besluit and ``user`` did not add one yet (a test
    that compares the state around a refused completion calls it before its snapshot). A fixed clock
    moves on a second after the upload, as a real one does: else the next task would begin at the
    upload's moment, and the delivery gives an uploaded besluit the type of the latest task begun by then."""
    found = taak(platform, zaak, element)
    veld = BESLUIT_TAKEN.get(element)
    if (
        veld
        and data.get(veld)
        and not all(d["compleet"] for d in task_documents(platform, found["id"], user))
    ):
        besluit_toevoegen(platform, zaak, user, f"Besluit {element} {zaak}", str(data[veld]))
        if isinstance(platform.clock, FixedClock):
            platform.clock.advance(seconds=1)
    return found


def besluit_toevoegen(platform: Platform, zaak: str, user: str, titel: str, op: str) -> dict[str, Any]:
    """A signed besluit (small PDF) added by ``user``, taken and sent on ``op`` (ISO date)."""
    dag = date.fromisoformat(op)
    meta = NewDocument(
        informatieobjecttype="besluit",
        bestandsnaam="besluit.pdf",
        titel=titel,
        besluitdatum=dag,
        verzenddatum=dag,
    )
    inhoud = PDF + f"% {titel} {next(_BESLUITEN)}\n".encode()  # each its own content (no duplicate)
    return upload_document(platform, zaak, user, io.BytesIO(inhoud), meta)


def elementen(zaak: dict[str, Any]) -> list[str]:
    return sorted(t["element"] for t in zaak["open_taken"])


def toestand(platform: Platform, zaak: str) -> tuple[dict[str, Any], str]:
    """The full case projection and its workflow document: equal before and after a refused action."""
    case = cases.get_case(platform, zaak)
    with platform.uow(write=False) as uow:
        doc = uow.session.scalar(select(WorkflowState.document).where(WorkflowState.case_id == case["id"]))
    return case, str(doc)


def aantal_zaken(platform: Platform) -> int:
    with platform.uow(write=False) as uow:
        from services.store.models import Case

        return len(uow.session.scalars(select(Case.id)).all())


def inbox_namen(platform: Platform, user: str) -> list[str]:
    return [t["naam"] for t in inbox.list_tasks(platform, user)["taken"]]


def publiek(zaak: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in zaak["tijdlijn"] if e["publiek"]]


def buiten_behandeling_stellen(platform: Platform, ref: str, clock: FixedClock) -> dict[str, Any]:
    """The windpark's called permit put buiten behandeling (Awb 4:5): its aanvullingstermijn (asked for
    before) passes, and the team lead "tl" takes the besluit task with its letter. The case then waits for
    the buitenbehandelingstelling's bezwaartermijn (review archief15 F2). Returns the case after the task."""
    from services.clock import today
    from services.documents.besluit import finalise_as_given

    clock.advance(days=15)  # the aanvullingstermijn passed
    cases.fire_due_timers(platform)
    besluit = taak(platform, ref, "buiten_behandeling")
    teamleider_voor(platform, besluit)
    data = finalise_as_given(platform, ref, "tl", {"toelichting": "Geen aanvulling."}, op=today(clock))
    return cases.complete_task(platform, besluit["id"], "tl", data)


def start_transportverzoek(wp: Platform, mva: float) -> str:
    """A transportverzoek of ``mva`` MVA invoeding started by pim: its reference."""
    data = {"vermogen_mva": mva, "richting": "invoeding"}
    return str(cases.start_case(wp, "transportverzoek", data, user="pim")["zaak"])
