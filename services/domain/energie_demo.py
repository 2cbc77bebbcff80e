"""Demo cases for `ruimteflow demo`: wijk plans in every phase, wind and solar initiatives.

The wijk plans and a year of initiatives are run over a simulated clock (``energie_historie``); the
three initiatives below start at the demo's ``now``.

Geometries come from the layers when they are there (the wijken layer, inside the municipality);
without layers the cases are placed around x=190000, y=445000 (EPSG:28992). One initiative stands on
the grid waiting list and two initiatives compete for the same congestion area (a linked pair).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shapely import wkt as shapely_wkt
from sqlalchemy import func, select

from processes.errors import NotFound
from services import cases, deployments, users
from services.demo_users import demo_user
from services.domain import energie_gis as gis
from services.domain import energie_historie
from services.domain.energie_historie import FASEN
from services.gemeente_area import area_of
from services.platform import Platform
from services.store.models import Case, ProcessDefinition

#: Demo users this module needs (created only when missing): username, name, role, groups.
#: The demo users (services.demo_users) this module acts as, first match per group.
GEBRUIKERS = ("pim", "eva", "nina", "wim", "daan", "wouter", "wessel")
MODELLEN = ("transportverzoek.bpmn", "bevoegd-gezag.dmn", "wijkuitvoeringsplan.bpmn", "windpark.bpmn")
#: The processes the cases start (`ruimteflow demo` refuses a model folder without them before it changes anything).
PROCESSEN = ("wijkuitvoeringsplan", "windpark", "transportverzoek")
DEMO_WIJKEN = ["Centrum", "Oude Dorp", "Molenbuurt", "De Esch", "Nieuwland", "Beekdal"]


def _gebruikers(platform: Platform) -> dict[str, str]:
    """Group -> a demo user who may complete its tasks."""
    per_groep: dict[str, str] = {}
    for name, display, role, groups in map(demo_user, GEBRUIKERS):
        try:
            bestaand = users.get_user(platform, name)["groepen"]
        except NotFound:
            users.add_user(platform, name, groups=groups, role=role, display_name=display, password="demo")
            bestaand = groups
        for g in bestaand:
            per_groep.setdefault(g, name)
    return per_groep


def _deploy(platform: Platform) -> None:
    """Deploy this module's models when they are not deployed yet (the demo normally deployed bpmn/)."""
    with platform.uow(write=False) as uow:
        known = set(uow.session.scalars(select(ProcessDefinition.process_id)).all())
    if set(PROCESSEN) <= known:
        return
    folder = platform.settings.bpmn_dir
    files: list[str | Path] = [folder / f for f in MODELLEN]
    if "omgevingsvergunning" not in known and (folder / "omgevingsvergunning.bpmn").is_file():
        files.append(folder / "omgevingsvergunning.bpmn")
    if "omgevingsvergunning" not in known and not (folder / "omgevingsvergunning.bpmn").is_file():
        files = [f for f in files if Path(f).name != "windpark.bpmn"]
    deployments.deploy(platform, deployments.read_files(files), user="demo")


class _Zaak:
    """Drive one demo case: complete its open tasks by element id as a member of the candidate group."""

    def __init__(self, platform: Platform, per_groep: dict[str, str], zaak: dict[str, Any]):
        self.platform, self.per_groep, self.ref = platform, per_groep, zaak["zaak"]

    def doe(self, element: str, data: dict[str, Any]) -> dict[str, Any]:
        zaak = cases.get_case(self.platform, self.ref)
        taak = next(t for t in zaak["open_taken"] if t["element"] == element)
        groepen = taak["kandidaatgroepen"] or []
        gebruiker = next((self.per_groep[g] for g in groepen if g in self.per_groep), "pim")
        return cases.complete_task(self.platform, taak["id"], gebruiker, data)

    def bericht(self, naam: str, payload: dict[str, Any]) -> dict[str, Any]:
        return cases.send_message(self.platform, self.ref, naam, payload)


def _wijken(platform: Platform) -> list[dict[str, Any]]:
    lg = gis.lagen(None, platform.settings, platform.layer_source)
    frame = (lg or {}).get("wijken")
    if frame is not None and len(frame) and "code" in frame.columns:
        rows = frame.sort_values("code")
        return [
            {"code": str(r["code"]), "naam": str(r.get("naam") or r["code"]), "wkt": r.geometry.wkt}
            for _, r in rows.head(len(FASEN)).iterrows()
        ]
    out = []
    for i, naam in enumerate(DEMO_WIJKEN):
        x, y = 187000 + (i % 3) * 2000, 444000 + (i // 3) * 2000
        out.append(
            {
                "code": f"WK0190{i:02d}",
                "naam": naam,
                "wkt": f"POLYGON (({x} {y}, {x + 1500} {y}, {x + 1500} {y + 1500}, {x} {y + 1500}, {x} {y}))",
            }
        )
    return out


def _congestie_midden(platform: Platform) -> tuple[float, float]:
    """A point in a red (no feed-in) congestion zone of the municipality, else a fixed spot."""
    lg = gis.lagen(None, platform.settings, platform.layer_source)
    gemeente = area_of(lg)
    if gemeente is None:
        return 190000.0, 441000.0
    gebied = gemeente.area
    zones = gis.congestie(lg, gebied, "invoeding")
    rood = next((z for z in zones if z["kleur"] == "rood"), None)
    zone = shapely_wkt.loads(rood["wkt"]).intersection(gebied) if rood else gebied
    return zone.representative_point().x, zone.representative_point().y


def _initiatief(
    platform: Platform,
    data: dict[str, Any],
    wkt: str,
    initiator: str,
    soort: str,
    plek: str,
    email: str | None = None,
) -> Any:
    from services.documents.demo import aanvraagformulier

    case = cases.start_case(
        platform,
        "windpark",
        data,
        user="eva",
        geometry_wkt=wkt,
        title=data["naam"],
        initiator=initiator,
        initiator_type=soort,
        location_name=plek,
        initiator_email=email,
    )
    aanvraagformulier(platform, str(case["zaak"]))
    return case


def _initiatieven(platform: Platform, per_groep: dict[str, str]) -> None:
    """Three energy projects in a congested area: two on the waiting list of the netbeheerder."""
    cx, cy = _congestie_midden(platform)
    gebiedsnaam = "Buitengebied-Zuid"
    wind = _initiatief(
        platform,
        {
            "naam": "Windpark Hoge Veld",
            "soort": "wind",
            "vermogen_mw": 12.6,
            "aantal_turbines": 3,
            "initiatiefnemer_type": "energiecoöperatie",
            "lokaal_eigendom_pct": 60,
        },
        f"MULTIPOINT (({cx - 400} {cy}), ({cx} {cy}), ({cx + 400} {cy}))",
        "Energiecoöperatie Ruimtedal",
        "energiecoöperatie",
        "Hoge Veld",
        email="coop@ruimtedal.example",  # services.demo.DEMO_INITIATOR_EMAIL: its "Mijn aanvragen"
    )
    _Zaak(platform, per_groep, wind).bericht(
        "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": gebiedsnaam}
    )
    x, y = cx - 300, cy - 600
    zon = _initiatief(
        platform,
        {
            "naam": "Zonnepark De Akkers",
            "soort": "zon",
            "vermogen_mw": 8.0,
            "initiatiefnemer_type": "agrarische coöperatie",
            "lokaal_eigendom_pct": 35,
        },
        f"POLYGON (({x} {y}, {x + 500} {y}, {x + 500} {y + 300}, {x} {y + 300}, {x} {y}))",
        "Agrarische coöperatie De Akkers",
        "agrarische coöperatie",
        "De Akkers",
    )
    _Zaak(platform, per_groep, zon).bericht(
        "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 15, "congestiegebied": gebiedsnaam}
    )
    _initiatief(
        platform,
        {
            "naam": "Windturbine Esselink",
            "soort": "wind",
            "vermogen_mw": 3.0,
            "aantal_turbines": 1,
            "initiatiefnemer_type": "particulier",
            "lokaal_eigendom_pct": 100,
        },
        f"MULTIPOINT (({cx + 1500} {cy + 300}))",
        "Maatschap Esselink",
        "particulier",
        "Esselinkweg",
    )


def seed(platform: Platform) -> None:
    _deploy(platform)
    per_groep = _gebruikers(platform)
    with platform.uow(write=False) as uow:
        if uow.session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.process_id.in_(("wijkuitvoeringsplan", "windpark")))
        ):
            return  # already seeded
    energie_historie.simuleer(
        platform, list(zip(_wijken(platform), FASEN, strict=False)), _congestie_midden(platform)
    )
    with platform.uow(write=False) as uow:
        if uow.session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.process_id == "windpark")):
            _initiatieven(platform, per_groep)
