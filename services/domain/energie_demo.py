"""Demo cases for `ruimteflow demo`: wijk plans in every phase, wind and solar initiatives.

Geometries come from the layers when they are there (the wijken layer, inside the municipality);
without layers the cases are placed around x=190000, y=445000 (EPSG:28992). One initiative stands on
the grid waiting list and two initiatives compete for the same congestion area (a linked pair).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from shapely import wkt as shapely_wkt
from sqlalchemy import func, select

from processes.errors import NotFound
from services import cases, deployments, users
from services.clock import today
from services.domain import energie_gis as gis
from services.platform import Platform
from services.store.models import Case, ProcessDefinition

#: Demo users this module needs (created only when missing): username, name, role, groups.
GEBRUIKERS = [
    ("pim", "Pim Meijer", "projectleider", ["Projectleider warmtetransitie", "Energie en Klimaat"]),
    ("eva", "Eva Smit", "adviseur", ["Energie en Klimaat"]),
    ("nina", "Nina Bos", "adviseur", ["Netbeheerder"]),
    ("wim", "Wim Dekker", "adviseur", ["Woningcorporatie"]),
    ("daan", "Daan Kok", "adviseur", ["Duurzaamheidsadviseur"]),
    ("wouter", "Wouter Vos", "adviseur", ["Warmtebedrijf"]),
    ("wessel", "Wessel Prins", "adviseur", ["Waterschap"]),
]
MODELLEN = ("transportverzoek.bpmn", "bevoegd-gezag.dmn", "wijkuitvoeringsplan.bpmn", "windpark.bpmn")
FASEN = ("initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering")
DEMO_WIJKEN = ["Centrum", "Oude Dorp", "Molenbuurt", "De Esch", "Nieuwland", "Beekdal"]


def _gebruikers(platform: Platform) -> dict[str, str]:
    """Group -> a demo user who may complete its tasks."""
    per_groep: dict[str, str] = {}
    for name, display, role, groups in GEBRUIKERS:
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
    if {"wijkuitvoeringsplan", "windpark", "transportverzoek"} <= known:
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
    lg = gis.lagen(None, platform.settings)
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


def _wijkplan(platform: Platform, per_groep: dict[str, str], wijk: dict[str, Any], tot: str) -> None:
    dag = today(platform.clock)
    iso = dag.isoformat()
    zaak = cases.start_case(
        platform,
        "wijkuitvoeringsplan",
        {"wijk_code": wijk["code"], "wijk_naam": wijk["naam"], "transitievisie_alternatief": "warmtenet"},
        user="pim",
        geometry_wkt=wijk["wkt"],
        title=f"Wijkuitvoeringsplan {wijk['naam']}",
        initiator="Gemeente",
        initiator_type="gemeente",
        location_name=wijk["naam"],
    )
    z = _Zaak(platform, per_groep, zaak)
    stappen = FASEN[: FASEN.index(tot) + 1]

    def naar(fase: str) -> None:
        z.doe("fase_afronden", {"naar_fase": fase})

    z.doe(
        "uitgangspunten",
        {
            "uitgangspunten": "Aardgasvrij volgens de Transitievisie Warmte; bewoners vroeg betrekken.",
            "betrokkenen": ["Woningcorporatie", "Netbeheerder", "Warmtebedrijf"],
        },
    )
    if "wijkanalyse" not in stappen:
        return
    naar("wijkanalyse")
    z.doe(
        "analyse_beoordelen",
        {
            "conclusie": "Dichte bebouwing, veel corporatiebezit: warmtenet kansrijk.",
            "correcties": {
                "aantal_woningen": 640,
                "aandeel_koop": 45,
                "aandeel_sociale_huur": 45,
                "aandeel_particuliere_huur": 10,
            },
        },
    )
    if "alternatieven" not in stappen:
        return
    naar("alternatieven")
    z.doe(
        "inbreng_corporatie", {"inbreng": "Wij sluiten 280 woningen aan bij renovatie.", "woningen_mee": 280}
    )
    z.doe("netimpact", {"netimpact": "netverzwaring nodig"})
    z.doe(
        "aanbod_warmtebedrijf",
        {"interesse": True, "toelichting": "Aansluiten op de hoofdleiding is mogelijk."},
    )
    z.doe("aquathermie", {"potentie": "midden"})
    z.doe(
        "voorkeur_kiezen",
        {"voorkeursalternatief": "warmtenet", "motivatie": "Laagste nationale kosten in deze dichte wijk."},
    )
    if "participatie" not in stappen:
        return
    naar("participatie")
    z.doe(
        "participatie_bijwerken",
        {
            "activiteit": {"soort": "informatieavond", "datum": iso, "aantal_deelnemers": 85},
            "opt_outs": [],
            "participatie_afgerond": tot != "participatie",
        },
    )
    if "besluitvorming" not in stappen:
        return
    naar("besluitvorming")
    z.doe("collegebesluit", {"collegebesluit_op": iso, "college_akkoord": True})
    z.doe(
        "raadsbesluit",
        {
            "raadsbesluit_op": iso,
            "vastgesteld": True,
            "gekozen_alternatief": "warmtenet",
            "omgevingsplanwijziging": True,
            "aardgasvrij_op": (dag + timedelta(days=8 * 365)).isoformat(),
        },
    )
    z.doe(
        "warmtekavel",
        {
            "warmtekavel_op": (dag - timedelta(days=2)).isoformat(),
            "omschrijving": "Warmtekavel " + wijk["naam"],
        },
    )
    z.doe("warmtebedrijf", {"warmtebedrijf": "Warmtebedrijf Ruimtedal (fictief)", "aangewezen_op": iso})
    if "uitvoering" not in stappen:
        return
    naar("uitvoering")
    z.doe(
        "planning",
        {
            "mijlpalen": [
                {
                    "naam": "Renovatie en aansluiting 280 corporatiewoningen",
                    "partij": "woningcorporatie",
                    "uiterlijk": (dag + timedelta(days=400)).isoformat(),
                    "aantal_woningen": 280,
                },
                {
                    "naam": "Warmtenet fase 1 aangelegd",
                    "partij": "warmtebedrijf",
                    "uiterlijk": (dag + timedelta(days=2 * 365)).isoformat(),
                },
                {
                    "naam": "Netverzwaring middenspanning",
                    "partij": "netbeheerder",
                    "uiterlijk": (dag + timedelta(days=3 * 365)).isoformat(),
                },
                {
                    "naam": "Wijk aardgasvrij",
                    "partij": "gemeente",
                    "uiterlijk": (dag + timedelta(days=8 * 365)).isoformat(),
                },
            ]
        },
    )


def _initiatieven(platform: Platform, per_groep: dict[str, str]) -> None:
    lg = gis.lagen(None, platform.settings)
    gebied = gis.gemeentegebied(lg)
    if gebied is not None:
        zones = gis.congestie(lg, gebied, "invoeding")
        rood = next((z for z in zones if z["kleur"] == "rood"), None)
        zone = shapely_wkt.loads(rood["wkt"]).intersection(gebied) if rood else gebied
        cx, cy = zone.representative_point().x, zone.representative_point().y
    else:
        cx, cy = 190000.0, 441000.0
    gebiedsnaam = "Buitengebied-Zuid"
    wind = cases.start_case(
        platform,
        "windpark",
        {
            "naam": "Windpark Hoge Veld",
            "soort": "wind",
            "vermogen_mw": 12.6,
            "aantal_turbines": 3,
            "initiatiefnemer_type": "energiecoöperatie",
            "lokaal_eigendom_pct": 60,
        },
        user="eva",
        geometry_wkt=f"MULTIPOINT (({cx - 400} {cy}), ({cx} {cy}), ({cx + 400} {cy}))",
        title="Windpark Hoge Veld",
        initiator="Energiecoöperatie Ruimtedal",
        initiator_type="energiecoöperatie",
        location_name="Hoge Veld",
        initiator_email="coop@ruimtedal.example",  # services.demo.DEMO_INITIATOR_EMAIL: its "Mijn aanvragen"
    )
    _Zaak(platform, per_groep, wind).bericht(
        "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 14, "congestiegebied": gebiedsnaam}
    )
    x, y = cx - 300, cy - 600
    zon = cases.start_case(
        platform,
        "windpark",
        {
            "naam": "Zonnepark De Akkers",
            "soort": "zon",
            "vermogen_mw": 8.0,
            "initiatiefnemer_type": "agrarische coöperatie",
            "lokaal_eigendom_pct": 35,
        },
        user="eva",
        geometry_wkt=f"POLYGON (({x} {y}, {x + 500} {y}, {x + 500} {y + 300}, {x} {y + 300}, {x} {y}))",
        title="Zonnepark De Akkers",
        initiator="Agrarische coöperatie De Akkers",
        initiator_type="agrarische coöperatie",
        location_name="De Akkers",
    )
    _Zaak(platform, per_groep, zon).bericht(
        "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 15, "congestiegebied": gebiedsnaam}
    )
    cases.start_case(
        platform,
        "windpark",
        {
            "naam": "Windturbine Esselink",
            "soort": "wind",
            "vermogen_mw": 3.0,
            "aantal_turbines": 1,
            "initiatiefnemer_type": "particulier",
            "lokaal_eigendom_pct": 100,
        },
        user="eva",
        geometry_wkt=f"MULTIPOINT (({cx + 1500} {cy + 300}))",
        title="Windturbine Esselink",
        initiator="Maatschap Esselink",
        initiator_type="particulier",
        location_name="Esselinkweg",
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
    for wijk, fase in zip(_wijken(platform), FASEN, strict=False):
        _wijkplan(platform, per_groep, wijk, fase)
    with platform.uow(write=False) as uow:
        if uow.session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.process_id == "windpark")):
            _initiatieven(platform, per_groep)
