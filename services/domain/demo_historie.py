"""A year of history for `ruimteflow demo`, made by the engine over a simulated clock.

Applications for an omgevingsvergunning and transportverzoeken arrive on a seeded schedule over the
twelve months before the platform's ``now``. Officers and advisers claim and complete their tasks
after seeded, realistic delays (in working hours on Atw working days); some applications need an
aanvulling (a few never get it), some terms are extended, the omgevingsdienst is slow and the
netbeheerder often late; most cases are decided and a few go into bezwaar. Every row is written by
the use cases (start, claim, complete, message, timers) with the clock moved between steps: nothing
is inserted into tables directly.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from processes.constants import CaseStatus
from processes.errors import NotFound, RuimteflowError
from processes.nederlands import getal
from processes.termijnen import standaard_kalender
from services import cases, inbox, users
from services.clock import NL, FixedClock, as_utc
from services.demo_users import colleague
from services.platform import Platform
from services.store.models import Case, HumanTask, ProcessDefinition

#: the role of the colleague who works a group's tasks in the history
SEED = 20261203
VERGUNNINGEN = 30
TRANSPORTVERZOEKEN = 6
#: (median, spread) in working days before a task is picked up, per element (or per group for advice)
WACHTEN = {
    "ontvankelijkheid": (2, 1.5),
    "beoordelen": (4, 3),
    "besluit": (2, 2),
    "ontwerpbesluit": (3, 2),
    "waarschuwing": (1, 1),
    "buiten_behandeling": (3, 2),
    "bezwaar_registreren": (2, 1),
    "beslissen_op_bezwaar": (20, 5),  # within the six weeks of Awb 7:10
    "escaleren": (1, 1),
    "alternatief_bespreken": (3, 2),
    "Omgevingsdienst": (9, 6),
    "Provincie": (8, 5),
}
ADVIES = (3, 2)
#: the extra working days a slow case's assessment waits (past the 8-week beslistermijn)
TRAAG_WERKDAGEN = 35
#: working hours on a task once picked up, per element
WERKEN = {"beoordelen": 6.0, "besluit": 2.0, "ontwerpbesluit": 4.0, "advies_geven": 3.0}
TITELS = (
    "Dakkapel",
    "Aanbouw",
    "Erfafscheiding",
    "Schuur",
    "Bedrijfshal",
    "Woning",
    "Carport",
    "Kapvergunning",
)
STRATEN = ("Dorpsstraat", "Molenweg", "Esweg", "Kerkstraat", "Beekstraat", "Hoofdweg", "Lindelaan", "Markt")


@dataclass(order=True)
class _Actie:
    at: datetime
    seq: int
    doe: Callable[[], Any] = field(compare=False)
    zaak: str = field(compare=False, default="")


@dataclass
class _Plan:
    """What a simulated case will do: an aanvulling (and whether it comes), a verdaging, a bezwaar."""

    aanvulling: bool = False
    aanvulling_komt: bool = True
    verdagen: bool = False
    bezwaar: bool = False
    weigeren: bool = False
    #: the assessment waits weeks longer (a busy team), so that the besluit comes after the legal term
    traag: bool = False
    gepland: set[str] = field(default_factory=set)


class Simulatie:
    """A discrete-event run: actions in time order, due timers fired at their own moment in between."""

    def __init__(self, platform: Platform, clock: FixedClock, seed: int = SEED):
        """Run on a copy of ``platform`` whose clock is ``clock`` (the platform's own clock stays)."""
        self.p, self.clock, self.rng = replace(platform, clock=clock), clock, random.Random(seed)
        self.agenda: list[_Actie] = []
        self.seq = 0
        self.plannen: dict[str, _Plan] = {}
        self.gebruikers: dict[str, str] = {}
        self.kal = standaard_kalender()

    # -- time -----------------------------------------------------------------------------------
    def werktijd(self, na: datetime, werkdagen: float) -> datetime:
        """A moment ``werkdagen`` working days after ``na``, during office hours (08:30-17:00)."""
        hele = int(werkdagen)
        dag = self.kal.add_werkdagen(na.astimezone(NL).date(), hele) if hele else na.astimezone(NL).date()
        if not self.kal.is_werkdag(dag):
            dag = self.kal.volgende_werkdag(dag)
        minuten = 510 + int(self.rng.uniform(0, 1) * 480)
        moment = datetime.combine(dag, time(minuten // 60, minuten % 60), NL)
        return max(moment, na + timedelta(minutes=5))

    def trek(self, mediaan: float, spreiding: float) -> float:
        return max(0.0, self.rng.lognormvariate(0, 0.6) * mediaan + self.rng.uniform(-1, 1) * spreiding / 2)

    def plan(self, at: datetime, doe: Callable[[], Any], zaak: str = "") -> None:
        self.seq += 1
        heapq.heappush(self.agenda, _Actie(at, self.seq, doe, zaak))

    def run(self, tot: datetime) -> None:
        while self.agenda and self.agenda[0].at <= tot:
            actie = heapq.heappop(self.agenda)
            self._timers_tot(actie.at)
            self.clock.set(max(actie.at, self.clock.now()).astimezone(UTC))
            try:
                actie.doe()
            except RuimteflowError:
                pass  # the case moved on (a task lapsed, a message is no longer awaited)
            if actie.zaak:
                self.volg(actie.zaak)
        self._timers_tot(tot)
        self.clock.set(tot.astimezone(UTC))

    def _timers_tot(self, tot: datetime) -> None:
        for _ in range(10_000):
            with self.p.uow(write=False) as uow:
                volgende = uow.session.scalar(
                    select(func.min(Case.next_timer_at)).where(Case.status == CaseStatus.LOPEND)
                )
            if volgende is None:
                return
            volgende = as_utc(volgende)
            if volgende > tot:
                return
            self.clock.set(max(volgende, self.clock.now()).astimezone(UTC))
            fired = cases.fire_due_timers(self.p)
            for f in fired:
                self.volg(str(f["zaak"]))
            if not fired:
                self.clock.set(self.clock.now() + timedelta(minutes=1))

    # -- who does the work ----------------------------------------------------------------------
    def gebruiker(self, groep: str) -> str:
        """A colleague per group (not the named demo users: their inboxes stay as the demo shows them),
        with no password and no API token: nobody logs in as it, so nobody is offered it or gives it a task
        (services.policy.assignees)."""
        if groep not in self.gebruikers:
            naam, display, rol, groepen = colleague(groep)
            try:
                users.get_user(self.p, naam)
            except NotFound:
                users.add_user(self.p, naam, groups=groepen, role=rol, display_name=display, met_token=False)
            self.gebruikers[groep] = naam
        return self.gebruikers[groep]

    # -- following a case -----------------------------------------------------------------------
    def gestart(self, ref: str, plan: Any) -> None:
        """Case ``ref`` has just started with this ``plan``: its aanvraagformulier arrives with it, then
        its first actions are planned."""
        from services.documents.demo import aanvraagformulier

        self.plannen[ref] = plan
        aanvraagformulier(self.p, ref)
        self.volg(ref)

    def volg(self, ref: str) -> None:
        """Plan the next actions of case ``ref``: its new open tasks and the messages it waits for."""
        plan = self.plannen.get(ref)
        if plan is None:
            return
        with self.p.uow(write=False) as uow:
            case = uow.session.scalars(select(Case).where(Case.reference == ref)).one()
            taken = uow.session.scalars(
                select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == "open")
            ).all()
            open_taken = [
                (t.id, t.bpmn_id, (t.candidate_groups or [t.lane or "Vergunningen"])[0]) for t in taken
            ]
            berichten = list(case.typed_summary.verwachte_berichten or [])
        nu = self.clock.now()
        for task_id, element, groep in open_taken:
            if f"taak-{task_id}" in plan.gepland:
                continue
            plan.gepland.add(f"taak-{task_id}")
            sleutel = groep if element == "advies_geven" and groep in WACHTEN else element
            wachten = self.trek(*WACHTEN.get(sleutel, ADVIES))
            if element == "beoordelen" and plan.traag:
                wachten += TRAAG_WERKDAGEN
            opgepakt = self.werktijd(nu, wachten)
            klaar = opgepakt + timedelta(hours=self.trek(WERKEN.get(element, 1.0), 1.0) + 0.25)
            wie = self.gebruiker(groep)
            self.plan(opgepakt, self._claim(task_id, wie), ref)
            self.plan(klaar, self._voltooi(ref, task_id, wie, element), ref)
        self._berichten(ref, plan, berichten, nu)

    def _berichten(self, ref: str, plan: _Plan, berichten: list[str], nu: datetime) -> None:
        if "aanvulling" in berichten and "aanvulling" not in plan.gepland:
            plan.gepland.add("aanvulling")
            if plan.aanvulling_komt:
                at = self.werktijd(nu, self.trek(6, 4))
                self.plan(
                    at,
                    lambda: cases.send_message(self.p, ref, "aanvulling", {"bijlage": "aanvulling.pdf"}),
                    ref,
                )
        if "netbeheerder_antwoord" in berichten and "antwoord" not in plan.gepland:
            plan.gepland.add("antwoord")
            at = self.werktijd(nu, self.trek(9, 8))  # often later than the 10 working days
            antwoord = {"uitkomst": self.rng.choice(["capaciteit", "capaciteit", "alternatief"])}
            if antwoord["uitkomst"] == "alternatief":
                antwoord["alternatief"] = "non_firm_tijdsblok"
            self.plan(at, lambda: cases.send_message(self.p, ref, "netbeheerder_antwoord", antwoord), ref)
        if "bezwaar" in berichten and plan.bezwaar and "bezwaar" not in plan.gepland:
            plan.gepland.add("bezwaar")
            at = self.werktijd(nu, self.trek(15, 6))
            self.plan(at, lambda: cases.send_message(self.p, ref, "bezwaar", {"soort": "bezwaar"}), ref)

    def _claim(self, task_id: int, wie: str) -> Callable[[], Any]:
        return lambda: inbox.claim(self.p, task_id, wie)

    def _voltooi(self, ref: str, task_id: int, wie: str, element: str) -> Callable[[], Any]:
        def go() -> Any:
            if element == "advies_geven":  # the model asks the adviser for a report first (issue 13)
                from services.documents.demo import adviesrapport

                adviesrapport(self.p, ref, self.groep_van(wie), wie)
            from services.documents.demo import met_brief

            data = met_brief(self.p, ref, wie, element, self._gegevens(self.plannen[ref], element))
            return cases.complete_task(self.p, task_id, wie, data)

        return go

    def groep_van(self, wie: str) -> str:
        return next((g for g, naam in self.gebruikers.items() if naam == wie), wie)

    def _gegevens(self, plan: _Plan, element: str) -> dict[str, Any]:
        if element == "ontvankelijkheid":
            if plan.aanvulling and "gevraagd" not in plan.gepland:
                plan.gepland.add("gevraagd")
                return {
                    "compleet": False,
                    "ontbrekend": "constructieberekening",
                    "aanvullingstermijn_dagen": 21,
                }
            return {"compleet": True}
        if element == "advies_geven":
            return {"oordeel": "akkoord"}
        if element == "beoordelen":
            if plan.verdagen and "verdaagd" not in plan.gepland:
                plan.gepland.add("verdaagd")
                return {
                    "actie": "verdagen",
                    "verdaging_weken": 4,
                    "verdaging_reden": "advies nog niet binnen",
                }
            return {"actie": "beoordeling_gereed", "beoordeling": "Voldoet aan het omgevingsplan en het Bbl."}
        if element == "ontwerpbesluit":
            return {"ontwerp": "verlenen"}
        if element == "besluit":  # its motivering and reasons follow the case (documents.demo.zoals_de_zaak)
            return {"besluit": "weigeren"} if plan.weigeren else {"besluit": "verlenen", "voorschriften": []}
        if element == "buiten_behandeling":
            return {"toelichting": "Geen aanvulling ontvangen."}
        if element == "bezwaar_registreren":
            return {"soort": "bezwaar"}
        if element == "beslissen_op_bezwaar":
            dag = self.clock.now().date().isoformat()
            return {"actie": "beslissen", "uitkomst": "ongegrond", "beslist_op": dag}
        if element == "escaleren":
            return {"contact": "Gebeld met de accountmanager van de netbeheerder."}
        if element == "alternatief_bespreken":
            return {"geaccepteerd": True}
        return {}

    # -- arrivals -------------------------------------------------------------------------------
    def vergunning(self, at: datetime, nummer: int) -> None:
        r = self.rng
        plan = _Plan(
            aanvulling=r.random() < 0.3,
            aanvulling_komt=r.random() < 0.85,
            verdagen=r.random() < 0.15,
            bezwaar=r.random() < 0.12,
            weigeren=r.random() < 0.1,
            traag=r.random() < 0.15,
        )
        activiteiten = ["technische_bouwactiviteit"]
        if r.random() < 0.45:
            activiteiten.append(
                r.choice(["omgevingsplanactiviteit_binnenplans", "omgevingsplanactiviteit_buitenplans"])
            )
        if r.random() < 0.25:
            activiteiten.append("milieubelastende_activiteit")
        titel = f"{TITELS[nummer % len(TITELS)]} {STRATEN[(nummer * 3) % len(STRATEN)]} {nummer + 1}"

        def start() -> None:
            zaak = cases.start_case(
                self.p,
                "omgevingsvergunning",
                {"activiteiten": activiteiten},
                user="anna",
                title=titel,
                initiator=f"Aanvrager {nummer + 1}",
                initiator_type="particulier",
                location_name=titel,
            )
            self.gestart(str(zaak["zaak"]), plan)

        self.plan(at, start)

    def transportverzoek(self, at: datetime, nummer: int) -> None:
        vermogen = round(self.rng.uniform(0.5, 9.5), 1)

        def start() -> None:
            zaak = cases.start_case(
                self.p,
                "transportverzoek",
                {"vermogen_mva": vermogen, "richting": self.rng.choice(["afname", "invoeding"])},
                user="pim",
                title=f"Transportverzoek {getal(vermogen, 6, kort=True)} MVA ({nummer + 1})",
            )
            self.gestart(str(zaak["zaak"]), _Plan())

        self.plan(at, start)


def arrivals(sim: Simulatie, start: datetime, end: datetime) -> None:
    """Plan the year's applications: spread from ``start``, none in the last two weeks before ``end``."""
    span = max(0.0, (end - start).total_seconds() - 14 * 86400)
    with sim.p.uow(write=False) as uow:
        known = set(uow.session.scalars(select(ProcessDefinition.process_id)))
    if "omgevingsvergunning" in known:
        for i, offset in enumerate(sorted(sim.rng.uniform(0, span) for _ in range(VERGUNNINGEN))):
            sim.vergunning(sim.werktijd(start + timedelta(seconds=offset), 0), i)
    if "transportverzoek" in known:
        for i, offset in enumerate(sorted(sim.rng.uniform(0, span) for _ in range(TRANSPORTVERZOEKEN))):
            sim.transportverzoek(sim.werktijd(start + timedelta(seconds=offset), 0), i)
