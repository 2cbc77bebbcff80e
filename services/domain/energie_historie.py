"""A year of history for the energy models in `ruimteflow demo`, made by the engine over a simulated clock.

The six wijkuitvoeringsplannen of ``energie_demo`` (one per phase) start between eleven months and two
weeks ago and go through their phases stage by stage: the parties (woningcorporatie, netbeheerder,
warmtebedrijf, waterschap) answer after seeded delays, the netbeheerder often late, and the
projectleider closes a phase some weeks after its work is done; what a plan has not reached by the
demo's ``now`` it does then, so each still ends in its own phase. Wind and solar initiatives arrive on a
seeded schedule and get their advice, participation and permit (the real omgevingsvergunning, called),
or the provincie's decision, while the netbeheerder answers their transportverzoek, often after the 10
working days. This extends the permit simulation of :mod:`services.domain.demo_historie`; every row is
written by the use cases with the clock moved between steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from processes.warmte import aanloop_richtlijn_jaren
from processes.warmte_besluit import BESLUIT_TAKEN, jaren_na
from services import cases
from services.clock import FixedClock
from services.domain import demo_historie as historie
from services.platform import Platform
from services.store.models import Case, HumanTask, ProcessDefinition

SEED = 20261215
INITIATIEVEN = 6
#: (median, spread) in working days before a party picks up a task of a wijk plan or an initiative
WACHTEN = {
    "Woningcorporatie": (8, 6),
    "Netbeheerder": (11, 9),
    "Warmtebedrijf": (6, 4),
    "Waterschap": (5, 3),
    "fase_afronden": (12, 8),
    "participatie": (15, 8),
    "participatie_bijwerken": (20, 10),
    "raadsbesluit": (15, 6),
}
#: the stages of a wijk plan: the elements done in each one, the next stage once all are done
STADIA: list[tuple[str, ...]] = [
    ("uitgangspunten",),
    ("fase_afronden",),
    ("analyse_beoordelen",),
    ("fase_afronden",),
    ("inbreng_corporatie", "netimpact", "aanbod_warmtebedrijf", "aquathermie"),
    ("voorkeur_kiezen",),
    ("fase_afronden",),
    ("participatie_bijwerken",),
    ("fase_afronden",),
    ("collegebesluit",),
    ("raadsbesluit",),
    ("warmtekavel",),
    ("warmtebedrijf",),
    ("fase_afronden",),
    ("planning",),
]


FASEN = ("initiatie", "wijkanalyse", "alternatieven", "participatie", "besluitvorming", "uitvoering")
#: per phase the plan ends in: the last stage done (its phase entered and its work done)
LAATSTE_STADIUM = {
    "initiatie": 0,
    "wijkanalyse": 2,
    "alternatieven": 5,
    "participatie": 7,
    "besluitvorming": 12,
    "uitvoering": 14,
}


@dataclass
class _WijkPlan(historie._Plan):
    """Where a simulated wijk plan stands: its stage, the phase it goes to next, the tasks under way."""

    stadium: int = 0
    fase: int = 0
    lopend: set[int] = field(default_factory=set)
    #: the phase the plan stands in at the end, and the last stage it does
    tot: str = "uitvoering"

    @property
    def laatste(self) -> int:
        return LAATSTE_STADIUM[self.tot]


class EnergieSimulatie(historie.Simulatie):
    """The permit simulation, taught the tasks of the wijk plan and the initiatives."""

    #: complete the tasks at once instead of planning them (to finish the plans at the demo's now)
    direct = False

    def volg(self, ref: str) -> None:
        plan = self.plannen.get(ref)
        if not isinstance(plan, _WijkPlan):
            super().volg(ref)
            return
        open_taken = self._open_taken(ref)
        ids = {t[0] for t in open_taken}
        if plan.lopend and not plan.lopend & ids:  # the stage is done: on to the next one
            plan.stadium, plan.lopend = plan.stadium + 1, set()
        if plan.lopend or plan.stadium > plan.laatste:
            return
        for task_id, element, groep in open_taken:
            if element in STADIA[plan.stadium]:
                plan.lopend.add(task_id)
                self._werk(ref, task_id, element, groep)
        if self.direct and plan.lopend:
            self.volg(ref)

    def _open_taken(self, ref: str) -> list[tuple[int, str, str]]:
        """(id, element, first candidate group) of each open task of case ``ref``."""
        with self.p.uow(write=False) as uow:
            rows = uow.session.scalars(
                select(HumanTask)
                .join(Case, Case.id == HumanTask.case_id)
                .where(Case.reference == ref, HumanTask.state == "open")
                .order_by(HumanTask.id)
            ).all()
            return [(t.id, t.bpmn_id, (t.candidate_groups or [t.lane or ""])[0]) for t in rows]

    def _werk(self, ref: str, task_id: int, element: str, groep: str) -> None:
        """Plan the claim and the completion of a task after seeded delays (done at once when direct)."""
        if self.direct:
            wie = self.gebruiker(groep)
            self._claim(task_id, wie)()
            self._voltooi(ref, task_id, wie, element)()
            return
        mediaan, spreiding = WACHTEN.get(groep) or WACHTEN.get(element) or historie.ADVIES
        opgepakt = self.werktijd(self.clock.now(), self.trek(mediaan, spreiding))
        klaar = opgepakt + timedelta(hours=self.trek(2.0, 1.0) + 0.25)
        wie = self.gebruiker(groep)
        self.plan(opgepakt, self._claim(task_id, wie), ref)
        self.plan(klaar, self._voltooi(ref, task_id, wie, element), ref)

    def _voltooi(self, ref: str, task_id: int, wie: str, element: str) -> Callable[[], Any]:
        """A task of a plan that takes a besluit requires its signed besluit: the officer adds it, dated as
        the form says, a moment before completing the task (so the besluit is of this task, not of the
        next one, which begins when this one is completed)."""
        if element not in BESLUIT_TAKEN:
            return super()._voltooi(ref, task_id, wie, element)

        def go() -> Any:
            from services.documents.demo import ondertekend_besluit

            data = self._gegevens(self.plannen[ref], element)
            ondertekend_besluit(self.p, ref, wie, element, data)
            self.clock.advance(seconds=1)
            return cases.complete_task(self.p, task_id, wie, data)

        return go

    def _gegevens(self, plan: historie._Plan, element: str) -> dict[str, Any]:
        if isinstance(plan, _WijkPlan):
            return self._wijk(plan, element)
        if element == "participatie":
            iso = self.clock.now().astimezone(historie.NL).date().isoformat()
            return {
                "bijeenkomsten": [{"datum": iso, "soort": "informatieavond", "deelnemers": 42}],
                "bezwaren": 2,
                "lokaal_eigendom_pct": 40,
                "register_afgesloten": True,
            }
        return INITIATIEF_GEGEVENS.get(element) or super()._gegevens(plan, element)

    def _wijk(self, plan: _WijkPlan, element: str) -> dict[str, Any]:
        iso = self.clock.now().astimezone(historie.NL).date().isoformat()
        if element == "fase_afronden":
            plan.fase += 1
            return {"naar_fase": FASEN[plan.fase]}
        if element == "participatie_bijwerken":
            activiteit = {"soort": "informatieavond", "datum": iso, "aantal_deelnemers": 40 + plan.fase * 9}
            return {
                "activiteit": activiteit,
                "opt_outs": [],
                "participatie_afgerond": plan.tot != "participatie",
            }
        if element in ("collegebesluit", "raadsbesluit", "warmtekavel", "warmtebedrijf", "planning"):
            return _besluit(element, self.clock.now().astimezone(historie.NL).date())
        return WIJK_GEGEVENS[element]

    # -- arrivals -------------------------------------------------------------------------------
    def _berichten(self, ref: str, plan: historie._Plan, berichten: list[str], nu: datetime) -> None:
        super()._berichten(ref, plan, berichten, nu)
        if "besluit_extern" in berichten and "besluit_extern" not in plan.gepland:
            plan.gepland.add("besluit_extern")
            at = self.werktijd(nu, self.trek(25, 10))  # Gedeputeerde Staten decide in some weeks
            besluit = {"besluit": "verleend", "datum": at.astimezone(historie.NL).date().isoformat()}
            besluit["kenmerk"] = f"GS-{at.year}-{self.rng.randint(10, 99)}"
            self.plan(at, lambda: cases.send_message(self.p, ref, "besluit_extern", besluit), ref)

    def wijkplan(self, at: datetime, wijk: dict[str, str], tot: str) -> None:
        naam = wijk["naam"]

        def start() -> None:
            zaak = cases.start_case(
                self.p,
                "wijkuitvoeringsplan",
                {"wijk_code": wijk["code"], "wijk_naam": naam, "transitievisie_alternatief": "warmtenet"},
                user="pim",
                geometry_wkt=wijk["wkt"],
                title=f"Wijkuitvoeringsplan {naam}",
                initiator="Gemeente",
                initiator_type="gemeente",
                location_name=naam,
            )
            self.gestart(str(zaak["zaak"]), _WijkPlan(tot=tot))

        self.plan(at, start)

    def initiatief(self, at: datetime, nummer: int, midden: tuple[float, float]) -> None:
        r = self.rng
        zon = nummer % 2 == 1
        mw = round(r.uniform(2.0, 9.5), 1)
        cx, cy = midden[0] + 250 * (nummer - INITIATIEVEN / 2), midden[1] - 900 - 150 * nummer
        naam = f"{'Zonnepark' if zon else 'Windturbines'} {historie.STRATEN[nummer % len(historie.STRATEN)]}"
        data: dict[str, Any] = {
            "naam": naam,
            "soort": "zon" if zon else "wind",
            "vermogen_mw": mw,
            "initiatiefnemer_type": "energiecoöperatie",
            "lokaal_eigendom_pct": round(r.uniform(20, 80)),
        }
        if zon:
            wkt = f"POLYGON (({cx} {cy}, {cx + 300} {cy}, {cx + 300} {cy + 200}, {cx} {cy + 200}, {cx} {cy}))"
        else:
            data["aantal_turbines"] = 1
            wkt = f"MULTIPOINT (({cx} {cy}))"

        def start() -> None:
            zaak = cases.start_case(
                self.p,
                "windpark",
                data,
                user="eva",
                geometry_wkt=wkt,
                title=naam,
                initiator=f"Energiecoöperatie {nummer + 1}",
                initiator_type="energiecoöperatie",
                location_name=naam,
            )
            self.gestart(str(zaak["zaak"]), historie._Plan())

        self.plan(at, start)


WIJK_GEGEVENS: dict[str, dict[str, Any]] = {
    "uitgangspunten": {
        "uitgangspunten": "Aardgasvrij volgens de Transitievisie Warmte; bewoners vroeg betrekken.",
        "betrokkenen": ["Woningcorporatie", "Netbeheerder", "Warmtebedrijf"],
    },
    "analyse_beoordelen": {
        "conclusie": "Dichte bebouwing, veel corporatiebezit: warmtenet kansrijk.",
        "correcties": {
            "aantal_woningen": 640,
            "aandeel_koop": 45,
            "aandeel_sociale_huur": 45,
            "aandeel_particuliere_huur": 10,
        },
    },
    "inbreng_corporatie": {"inbreng": "Wij sluiten 280 woningen aan bij renovatie.", "woningen_mee": 280},
    "netimpact": {"netimpact": "netverzwaring nodig"},
    "aanbod_warmtebedrijf": {"interesse": True, "toelichting": "Aansluiten op de hoofdleiding is mogelijk."},
    "aquathermie": {"potentie": "midden"},
    "voorkeur_kiezen": {
        "voorkeursalternatief": "warmtenet",
        "motivatie": "Laagste nationale kosten in deze dichte wijk.",
    },
}
INITIATIEF_GEGEVENS: dict[str, dict[str, Any]] = {
    "advies": {"advies": "positief met voorwaarden"},
    "advies_extern": {"advies": "positief met voorwaarden", "toelichting": "Slagschaduw beperken."},
    "vergunning_voorbereiden": {"bopa_aangewezen": False, "mer_plichtig": False},
    "advies_ontvangen": {"reactie": "Advies ontvangen; het besluit volgt."},
    "besluit_navragen": {"navraag": "Gebeld met de provincie; het besluit volgt binnen enkele weken."},
}


def _besluit(element: str, dag: Any) -> dict[str, Any]:
    iso = dag.isoformat()
    if element == "collegebesluit":
        return {"collegebesluit_op": iso, "college_akkoord": True}
    if element == "raadsbesluit":
        return {
            "raadsbesluit_op": iso,
            "vastgesteld": True,
            "gekozen_alternatief": "warmtenet",
            "omgevingsplanwijziging": True,
            "aardgasvrij_op": jaren_na(
                dag, int(aanloop_richtlijn_jaren())
            ).isoformat(),  # the data's guideline
        }
    if element == "warmtekavel":  # set by the college a few days before it designates the company
        return {"warmtekavel_op": (dag - timedelta(days=2)).isoformat(), "omschrijving": "Warmtekavel"}
    if element == "warmtebedrijf":
        return {"warmtebedrijf": "Warmtebedrijf Ruimtedal (fictief)", "aangewezen_op": iso}
    uiterlijk = (dag + timedelta(days=400)).isoformat()
    return {
        "mijlpalen": [
            {"naam": "Warmtenet fase 1 aangelegd", "partij": "warmtebedrijf", "uiterlijk": uiterlijk}
        ]
    }


def simuleer(
    platform: Platform, wijken: list[tuple[dict[str, str], str]], midden: tuple[float, float]
) -> None:
    """The wijk plans (each ending in its phase at the platform's ``now``) and a year of initiatives
    around ``midden`` (a congestion zone)."""
    end = platform.clock.now()
    start = end - timedelta(days=365)
    sim = EnergieSimulatie(platform, FixedClock(start.astimezone(UTC)), SEED)
    # the further a plan is to get, the earlier it started: from eleven months to two weeks ago
    for i, (wijk, tot) in enumerate(sorted(wijken, key=lambda w: -LAATSTE_STADIUM[w[1]])):
        begin = end - timedelta(days=335 - 320 * i / max(1, len(wijken) - 1))
        sim.wijkplan(sim.werktijd(begin, 0), wijk, tot)
    with platform.uow(write=False) as uow:
        known = set(uow.session.scalars(select(ProcessDefinition.process_id)))
    if {"windpark", "transportverzoek"} <= known:
        span = (end - start).total_seconds() - 60 * 86400  # the last arrivals two months before now
        for i, offset in enumerate(sorted(sim.rng.uniform(0, span) for _ in range(INITIATIEVEN))):
            sim.initiatief(sim.werktijd(start + timedelta(seconds=offset), 0), i, midden)
    sim.run(end)
    sim.direct = True  # what a plan did not reach by now, it does now (its phase is the demo's)
    for ref, plan in sim.plannen.items():
        if isinstance(plan, _WijkPlan):
            sim.volg(ref)
