"""Demo permit cases for `ruimteflow demo`, run by the engine over a simulated clock.

A year of seeded history (``demo_historie``) and seven scripted cases in several phases (demo
municipality Ruimtedal, RD New) share one simulation: each scripted case starts on its own day of
receipt and every step happens at its own moment, with due timers fired in between, so received_on,
timelines and dashboard figures are the engine's output.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from processes.errors import NotFound
from services import cases, deployments, inbox, users
from services.clock import FixedClock, today
from services.demo_users import demo_user
from services.documents.demo import aanvraagformulier, adviesrapport, met_brief
from services.domain import demo_historie as historie
from services.platform import Platform

#: The demo users the scripted cases act as (defined once in services.demo_users).
DEMO_NAMEN = ("anna", "tom", "rob", "mila", "eva", "lars", "jet")
DEMO_MODELLEN = ("omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn")
#: The process the cases start (`ruimteflow demo` refuses a model folder without it before it changes anything).
PROCES = "omgevingsvergunning"
WABO_ONTVANGEN = date(2023, 11, 1)


def _vlak(x: float, y: float, breed: float = 40, diep: float = 30) -> str:
    """A small rectangle in RD New (EPSG:28992) with its lower-left corner at (x, y)."""
    return f"POLYGON (({x} {y}, {x + breed} {y}, {x + breed} {y + diep}, {x} {y + diep}, {x} {y}))"


def _voorbereiden(platform: Platform) -> None:
    for name, display, role, groups in (demo_user(n) for n in DEMO_NAMEN):
        try:
            users.get_user(platform, name)
        except NotFound:
            users.add_user(platform, name, groups=groups, role=role, display_name=display, password="demo")
    try:
        with platform.uow(write=False) as uow:
            deployments.latest_definition(uow.session, PROCES)
    except NotFound:
        folder = platform.settings.bpmn_dir
        deployments.deploy(platform, deployments.read_files([folder / f for f in DEMO_MODELLEN]), user="demo")


class _Script:
    """The scripted cases: each action at its own moment of the simulation."""

    def __init__(self, sim: historie.Simulatie, dag: date, end: datetime):
        self.sim, self.p, self.dag, self.end = sim, sim.p, dag, end
        self.refs: dict[str, str] = {}

    def moment(self, dag: date, uur: int = 9, minuut: int = 0) -> datetime:
        return datetime.combine(dag, time(uur, minuut), historie.NL)

    def op(self, at: datetime, fn: Callable[[], Any]) -> None:
        self.sim.plan(at, fn)

    def start(self, sleutel: str, dag: date, titel: str, wkt: str, initiatiefnemer: str, **data: Any) -> None:
        data.setdefault("activiteiten", ["technische_bouwactiviteit"])

        def go() -> None:
            case = cases.start_case(
                self.p,
                "omgevingsvergunning",
                data,
                user="anna",
                geometry_wkt=wkt,
                title=titel,
                initiator=initiatiefnemer,
                initiator_type="particulier",
                location_name=titel,
            )
            self.refs[sleutel] = str(case["zaak"])
            aanvraagformulier(self.p, self.refs[sleutel])

        self.op(min(self.moment(dag), self.end), go)

    def doe(self, at: datetime, sleutel: str, user: str, element: str, data: dict[str, Any]) -> None:
        def go() -> None:
            ref = self.refs[sleutel]
            for t in inbox.list_tasks(self.p, user, limit=500)["taken"]:
                if t["zaak"] == ref and t["element"] == element:
                    inbox.claim(self.p, t["id"], user)
                    cases.complete_task(self.p, t["id"], user, met_brief(self.p, ref, user, element, data))
                    return
            raise NotFound(f"Demo: taak '{element}' van zaak {ref} niet gevonden voor {user}.")

        self.op(at, go)

    def adviezen(self, at: datetime, sleutel: str) -> None:
        def go() -> None:
            for t in cases.get_case(self.p, self.refs[sleutel])["open_taken"]:
                if t["element"] == "advies_geven":
                    groep = t["kandidaatgroepen"][0]
                    user = self.sim.gebruiker(groep)
                    adviesrapport(self.p, self.refs[sleutel], groep, user)  # the model asks for the report
                    inbox.claim(self.p, t["id"], user)
                    cases.complete_task(self.p, t["id"], user, {"oordeel": "akkoord"})

        self.op(at, go)

    def bericht(
        self, at: datetime, sleutel: str, naam: str, payload: Callable[[], dict[str, Any] | None]
    ) -> None:
        def go() -> None:
            body = payload()
            if body is not None:
                cases.send_message(self.p, self.refs[sleutel], naam, body)

        self.op(at, go)


def _recent(s: _Script) -> None:
    """The seven scripted cases, from the oldest receipt to today."""
    _oud(s)
    _besloten(s)
    _ter_inzage(s)
    _nieuw(s)


def _oud(s: _Script) -> None:
    dag = s.dag
    # 7. legacy Wabo case from 2023: vergunning van rechtswege after the term ended (by its timers)
    s.start(
        "wabo", WABO_ONTVANGEN, "Garage Beekstraat 4 (Wabo)", _vlak(225200, 448600), "M. Beek", regime="wabo"
    )
    # 6. too late: the term ended, ingebrekestelling received, dwangsom accruing
    d6 = dag - timedelta(days=84)
    s.start("laat", d6, "Schuur Buitenweg 8", _vlak(224300, 446200), "L. Boer")
    s.doe(s.moment(d6, 14), "laat", "anna", "ontvankelijkheid", {"compleet": True})

    def ingebrekestelling() -> dict[str, Any] | None:
        termijn = cases.get_case(s.p, s.refs["laat"])["uiterlijkeEinddatumAfdoening"]
        ontvangen = date.fromisoformat(termijn) + timedelta(days=3)
        return {"ontvangen_op": ontvangen.isoformat()} if ontvangen <= dag else None

    s.bericht(s.moment(d6 + timedelta(days=62), 10), "laat", "ingebrekestelling", ingebrekestelling)


def _besloten(s: _Script) -> None:
    dag = s.dag
    # 5. decided (ja, mits): the bezwaar term runs
    d5 = dag - timedelta(days=40)
    s.start(
        "markt",
        d5,
        "Verbouwing Markt 1",
        _vlak(226150, 447950),
        "Café De Markt",
        activiteiten=["technische_bouwactiviteit", "omgevingsplanactiviteit_binnenplans"],
    )
    s.doe(s.moment(d5 + timedelta(days=1), 10), "markt", "anna", "ontvankelijkheid", {"compleet": True})
    s.adviezen(s.moment(d5 + timedelta(days=6), 11), "markt")
    s.doe(
        s.moment(d5 + timedelta(days=8), 15), "markt", "anna", "beoordelen", {"actie": "beoordeling_gereed"}
    )
    besluit = {
        "besluit": "verlenen",
        "voorschriften": ["Werkzaamheden alleen op werkdagen 7-19 uur"],
        "motivering": "Voldoet aan het omgevingsplan en het Bbl.",
    }
    s.doe(s.moment(d5 + timedelta(days=9), 16), "markt", "tom", "besluit", besluit)


def _ter_inzage(s: _Script) -> None:
    dag = s.dag
    # 4. uitgebreide procedure (MER): ontwerpbesluit ter inzage with one zienswijze
    d4 = dag - timedelta(days=30)
    s.start(
        "hoven",
        d4,
        "Bedrijfshal De Hoven",
        _vlak(227400, 447300, 80, 50),
        "De Hoven Logistiek BV",
        activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"],
        mer_plichtig=True,
        onderwerp="bedrijf",
    )
    s.doe(s.moment(d4 + timedelta(days=1), 10), "hoven", "mila", "ontvankelijkheid", {"compleet": True})
    s.adviezen(s.moment(d4 + timedelta(days=3), 11), "hoven")
    beoordeling = {"actie": "beoordeling_gereed", "beoordeling": "MER voldoende."}
    s.doe(s.moment(d4 + timedelta(days=4), 14), "hoven", "mila", "beoordelen", beoordeling)
    ontwerp = {"ontwerp": "verlenen", "ontwerp_voorschriften": ["Geluidsscherm aan de oostzijde"]}
    s.doe(s.moment(d4 + timedelta(days=7), 10), "hoven", "mila", "ontwerpbesluit", ontwerp)
    zienswijze = {"indiener": "Buurtvereniging De Hoven", "inhoud": "Zorgen over vrachtverkeer door de wijk."}
    s.bericht(s.moment(d4 + timedelta(days=15), 11), "hoven", "zienswijze", lambda: zienswijze)


def _nieuw(s: _Script) -> None:
    dag = s.dag
    # 3. housing on farmland outside the plan: advice Landbouw, Grondzaken, RO in progress
    d3 = dag - timedelta(days=10)
    s.start(
        "esweg",
        d3,
        "Woningbouw Esweg (12 woningen)",
        _vlak(223000, 450000, 60, 40),
        "Bouwbedrijf Esweg BV",
        activiteiten=["technische_bouwactiviteit", "omgevingsplanactiviteit_buitenplans"],
        onderwerp="woningbouw",
    )
    s.doe(s.moment(d3 + timedelta(days=1), 10), "esweg", "anna", "ontvankelijkheid", {"compleet": True})
    # 2. aanvulling requested: the term is suspended, waiting for the applicant
    d2 = dag - timedelta(days=5)
    s.start("molenweg", d2, "Aanbouw Molenweg 3", _vlak(225600, 447700), "P. Smits")
    aanvulling = {
        "compleet": False,
        "ontbrekend": "constructieberekening en gevelaanzichten",
        "aanvullingstermijn_dagen": 21,
    }
    s.doe(s.moment(d2, 15), "molenweg", "anna", "ontvankelijkheid", aanvulling)
    # 1. just received: completeness check waiting for Vergunningen
    s.start("kerkstraat", dag, "Dakkapel Kerkstraat 12", _vlak(226050, 448120), "K. de Wit")


def seed_demo(platform: Platform) -> None:
    """A year of permit and grid history plus the scripted cases, up to the platform's ``now``."""
    _voorbereiden(platform)
    end = platform.clock.now()
    dag = today(platform.clock)
    start = min(datetime.combine(WABO_ONTVANGEN, time(8, 0), historie.NL), end - timedelta(days=365))
    clock = FixedClock(start.astimezone(UTC))
    sim = historie.Simulatie(platform, clock)
    historie.arrivals(sim, end - timedelta(days=365), end)
    script = _Script(sim, dag, end)
    _recent(script)
    # the scripted case of today starts at the platform's own moment (the demo's "now")
    sim.run(end)
