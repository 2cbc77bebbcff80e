"""Permit cases in several phases for `ruimteflow demo` (demo municipality Ruimtedal, RD New).

The users are the demo users of services.demo_users; an advice goes to the first demo user in its group.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from processes.errors import NotFound
from services.demo_users import demo_user, first_in_group

#: The demo users the permit demo acts as (created when missing).
GEBRUIKERS = ("anna", "tom", "rob", "mila", "eva", "lars", "jet")
DEMO_MODELLEN = ("omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn")


def _vlak(x: float, y: float, breed: float = 40, diep: float = 30) -> str:
    """A small rectangle in RD New (EPSG:28992) with its lower-left corner at (x, y)."""
    return f"POLYGON (({x} {y}, {x + breed} {y}, {x + breed} {y + diep}, {x} {y + diep}, {x} {y}))"


class _Demo:
    """Start permit demo cases and drive them as the demo users."""

    def __init__(self, platform: Any):
        from services import cases, inbox
        from services.clock import today

        self.platform, self.cases, self.inbox = platform, cases, inbox
        self.dag = today(platform.clock)

    def start(self, titel: str, wkt: str, initiatiefnemer: str, dagen_geleden: int = 0, **data: Any) -> str:
        data.setdefault("activiteiten", ["technische_bouwactiviteit"])
        data["ontvangen"] = (self.dag - timedelta(days=dagen_geleden)).isoformat()
        case = self.cases.start_case(
            self.platform,
            "omgevingsvergunning",
            data,
            user="anna",
            geometry_wkt=wkt,
            title=titel,
            initiator=initiatiefnemer,
            initiator_type="particulier",
            location_name=titel,
        )
        return str(case["zaak"])

    def doe(self, ref: str, user: str, element: str, data: dict[str, Any]) -> None:
        for t in self.inbox.list_tasks(self.platform, user, limit=500)["taken"]:
            if t["zaak"] == ref and t["element"] == element:
                self.cases.complete_task(self.platform, t["id"], user, data)
                return
        raise NotFound(f"Demo: taak '{element}' van zaak {ref} niet gevonden voor {user}.")

    def adviezen(self, ref: str) -> None:
        """Every open advice task, completed by the first demo user in its group, with its report."""
        from services.documents.demo import adviesrapport

        for t in self.cases.get_case(self.platform, ref)["open_taken"]:
            if t["element"] == "advies_geven":
                groep = t["kandidaatgroepen"][0]
                user = first_in_group(groep)
                if user is None:
                    raise NotFound(f"Demo: geen demogebruiker in groep '{groep}' (services/demo_users.py).")
                _ensure_user(self.platform, user)
                adviesrapport(self.platform, ref, groep, user)  # the model asks for the report (documenten)
                self.cases.complete_task(self.platform, t["id"], user, {"oordeel": "akkoord"})

    def bericht(self, ref: str, naam: str, payload: dict[str, Any]) -> None:
        self.cases.send_message(self.platform, ref, naam, payload)


def _ensure_user(platform: Any, name: str) -> None:
    """Create demo user ``name`` as services.demo_users defines it, unless it exists."""
    from services import users

    try:
        users.get_user(platform, name)
    except NotFound:
        _, display, role, groups = demo_user(name)
        users.add_user(platform, name, groups=groups, role=role, display_name=display, password="demo")


def _prepare(platform: Any) -> None:
    """Create the demo users and deploy the permit models when missing."""
    from services import deployments

    for name in GEBRUIKERS:
        _ensure_user(platform, name)
    try:
        with platform.uow(write=False) as uow:
            deployments.latest_definition(uow.session, "omgevingsvergunning")
    except NotFound:
        folder = platform.settings.bpmn_dir
        deployments.deploy(platform, deployments.read_files([folder / f for f in DEMO_MODELLEN]), user="demo")


def seed_demo(platform: Any) -> None:
    """Create permit cases in several phases for `ruimteflow demo`."""
    _prepare(platform)
    demo = _Demo(platform)
    # 1. just received: completeness check waiting for Vergunningen
    demo.start("Dakkapel Kerkstraat 12", _vlak(226050, 448120), "K. de Wit")
    # 2. aanvulling requested: the term is suspended, waiting for the applicant
    ref = demo.start("Aanbouw Molenweg 3", _vlak(225600, 447700), "P. Smits", dagen_geleden=5)
    aanvulling = {
        "compleet": False,
        "ontbrekend": "constructieberekening en gevelaanzichten",
        "aanvullingstermijn_dagen": 21,
    }
    demo.doe(ref, "anna", "ontvankelijkheid", aanvulling)
    # 3. housing on farmland outside the plan: advice Landbouw, Grondzaken, RO in progress
    ref = demo.start(
        "Woningbouw Esweg (12 woningen)",
        _vlak(223000, 450000, 60, 40),
        "Bouwbedrijf Esweg BV",
        dagen_geleden=10,
        activiteiten=["technische_bouwactiviteit", "omgevingsplanactiviteit_buitenplans"],
        onderwerp="woningbouw",
    )
    demo.doe(ref, "anna", "ontvankelijkheid", {"compleet": True})
    _uitgebreid_met_zienswijze(demo)
    _besloten(demo)
    _te_laat(demo)
    _wabo_van_rechtswege(demo)


def _uitgebreid_met_zienswijze(demo: _Demo) -> None:
    """4. uitgebreide procedure (MER): ontwerpbesluit ter inzage with one zienswijze."""
    ref = demo.start(
        "Bedrijfshal De Hoven",
        _vlak(227400, 447300, 80, 50),
        "De Hoven Logistiek BV",
        dagen_geleden=30,
        activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"],
        mer_plichtig=True,
        onderwerp="bedrijf",
    )
    demo.doe(ref, "mila", "ontvankelijkheid", {"compleet": True})
    demo.adviezen(ref)
    demo.doe(ref, "mila", "beoordelen", {"actie": "beoordeling_gereed", "beoordeling": "MER voldoende."})
    demo.doe(
        ref,
        "mila",
        "ontwerpbesluit",
        {"ontwerp": "verlenen", "ontwerp_voorschriften": ["Geluidsscherm aan de oostzijde"]},
    )
    demo.bericht(
        ref,
        "zienswijze",
        {"indiener": "Buurtvereniging De Hoven", "inhoud": "Zorgen over vrachtverkeer door de wijk."},
    )


def _besloten(demo: _Demo) -> None:
    """5. decided (ja, mits): the bezwaar term runs."""
    ref = demo.start(
        "Verbouwing Markt 1",
        _vlak(226150, 447950),
        "Café De Markt",
        dagen_geleden=40,
        activiteiten=["technische_bouwactiviteit", "omgevingsplanactiviteit_binnenplans"],
    )
    demo.doe(ref, "anna", "ontvankelijkheid", {"compleet": True})
    demo.adviezen(ref)
    demo.doe(ref, "anna", "beoordelen", {"actie": "beoordeling_gereed"})
    demo.doe(
        ref,
        "tom",
        "besluit",
        {
            "besluit": "verlenen",
            "voorschriften": ["Werkzaamheden alleen op werkdagen 7-19 uur"],
            "motivering": "Voldoet aan het omgevingsplan en het Bbl.",
        },
    )


def _te_laat(demo: _Demo) -> None:
    """6. too late: the term ended, ingebrekestelling received, dwangsom accruing."""
    ref = demo.start("Schuur Buitenweg 8", _vlak(224300, 446200), "L. Boer", dagen_geleden=84)
    demo.doe(ref, "anna", "ontvankelijkheid", {"compleet": True})
    for _ in range(4):
        demo.cases.fire_due_timers(demo.platform)
    termijn = demo.cases.get_case(demo.platform, ref)["uiterlijkeEinddatumAfdoening"]
    ontvangen = date.fromisoformat(termijn) + timedelta(days=3)
    if ontvangen <= demo.dag:
        demo.bericht(ref, "ingebrekestelling", {"ontvangen_op": ontvangen.isoformat()})


def _wabo_van_rechtswege(demo: _Demo) -> None:
    """7. legacy Wabo case from 2023: vergunning van rechtswege after the term ended."""
    demo.start(
        "Garage Beekstraat 4 (Wabo)",
        _vlak(225200, 448600),
        "M. Beek",
        dagen_geleden=(demo.dag - date(2023, 11, 1)).days,
        regime="wabo",
    )
    for _ in range(6):
        if not demo.cases.fire_due_timers(demo.platform):
            break
