"""Scenario tests for bpmn/omgevingsvergunning.bpmn with an injected clock (FixedClock).

The locatiecheck is replaced by a fake that names fixed departments (one test uses the real one on the
generated demo layers). Dates: the clock starts on Monday 2 March 2026; eight weeks later is Koningsdag
(27 April), so the reguliere beslistermijn ends on Tuesday 28 April 2026.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import select

from processes.errors import RuimteflowError
from services import cases, deployments, inbox, users
from services.clock import FixedClock, today
from services.config import Settings
from services.documents import NewDocument, upload_document
from services.documents.besluit import finalise_as_given
from services.platform import Platform
from services.store.models import Case, OutboxMessage
from services.taakdocumenten import task_documents
from tests.integration.core_helpers import snapshot
from tests.integration.document_helpers import pdf
from tests.recorded_setup import set_up
from tests.recorded_state import prepared

ROOT = Path(__file__).resolve().parents[2]
MODELS = [
    ROOT / "bpmn" / "omgevingsvergunning.bpmn",
    ROOT / "bpmn" / "procedurekeuze.dmn",
    ROOT / "bpmn" / "advies-routering.dmn",
]
PERCEEL = "POLYGON ((190000 445000, 190040 445000, 190040 445030, 190000 445030, 190000 445000))"
USERS = {
    "anna": ["Vergunningen"],
    "tom": ["Vergunningen", "Teamleider"],
    "rob": ["Ruimtelijke Ordening"],
    "mila": ["Milieu"],
    "eva": ["Energie en Klimaat"],
    "lars": ["Landbouw en Buitengebied"],
    "jet": ["Juridisch"],
    "pia": ["Provincie"],
    "odin": ["Omgevingsdienst"],
    "raad": ["Gemeenteraad"],
}
CONFLICTEN = {
    "Milieu": "Bouwwerk binnen 100 m van een onderstation",
    "Energie en Klimaat": "Het project ligt in een RES-zoekgebied",
    "Provincie": "Het project ligt binnen 1 km van een Natura 2000-gebied",
}


class Omgeving:
    """One platform with the permit model deployed, the demo users and helpers to drive one case."""

    def __init__(
        self, platform: Platform, clock: FixedClock, locatie: dict[str, Any], *, deploy: bool = True
    ):
        """``deploy=False``: the platform's database holds the models and users already (a set-up restored
        by tests/recorded_state.py)."""
        self.p, self.clock, self.locatie = platform, clock, locatie
        self.ref = ""
        if "fake" in locatie:  # the fixture's fake locatiecheck, on this platform only
            platform.registry.service("locatiecheck", locatie["fake"], "test: vaste afdelingen")
        if not deploy:
            return
        files = deployments.read_files(MODELS)
        set_up(platform, ("Omgeving", files, USERS), lambda: self._deploy_and_add_users(files))

    @classmethod
    def prepared(
        cls,
        platform: Platform,
        clock: FixedClock,
        locatie: dict[str, Any],
        name: str,
        steps: Callable[[Any], Any],
    ) -> tuple[Omgeving, Any]:
        """An Omgeving with the case ``steps`` set up on it (``name``: the fixture's), and what ``steps``
        returned besides (plain data): set up once per test process and copied to each later test
        (tests/recorded_state.py), the fake locatiecheck's state as the steps left it."""

        def run() -> tuple[str, dict[str, Any], Any]:
            z = cls(platform, clock, locatie)
            extra = steps(z)
            return z.ref, _plain(locatie), extra

        ref, state, extra = prepared(platform, (name, _plain(locatie)), run)
        locatie.update(state)
        z = cls(platform, clock, locatie, deploy=False)
        z.ref = ref
        return z, extra

    def _deploy_and_add_users(self, files: list[tuple[str, str]]) -> None:
        """``files`` deployed and USERS added (tests/recorded_setup.py copies the result to later tests)."""
        deployments.deploy(self.p, files)
        for name, groups in USERS.items():
            users.add_user(self.p, name, groups=groups, role="medewerker", display_name=name.capitalize())

    def start(self, geometrie: str = PERCEEL, **data: Any) -> dict[str, Any]:
        data.setdefault("activiteiten", ["technische_bouwactiviteit"])
        case = cases.start_case(
            self.p,
            "omgevingsvergunning",
            data,
            user="anna",
            geometry_wkt=geometrie,
            title="Aanbouw Dorpsstraat 1",
            initiator="J. Jansen",
            initiator_type="inwoner",  # a resident: the zaakregistratie gets his name in its parts
            location_name="Dorpsstraat 1",
        )
        self.ref = case["zaak"]
        return case

    def start_uitgebreid(self, **data: Any) -> dict[str, Any]:
        """A MER-plichtig permit (uitgebreide procedure) with only the Milieu advice, its ontvankelijkheid
        and advice done: at "Aanvraag inhoudelijk beoordelen"; the started case."""
        self.locatie["afdelingen"] = []
        activiteiten = ["technische_bouwactiviteit", "milieubelastende_activiteit"]
        case = self.start(activiteiten=activiteiten, mer_plichtig=True, **data)
        self.doe("odin", "Ontvankelijkheid", {"compleet": True})
        self.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
        return case

    def taken(self, user: str) -> list[dict[str, Any]]:
        return [t for t in inbox.list_tasks(self.p, user)["taken"] if t["zaak"] == self.ref]

    def waarschuwingen(self) -> list[dict[str, Any]]:
        return [t for t in self.taken("tom") if t["naam"] == "Beslistermijn verloopt binnenkort"]

    def taak(self, user: str, naam: str) -> dict[str, Any]:
        found = [t for t in self.taken(user) if t["naam"].startswith(naam)]
        assert len(found) == 1, f"{user}: {[t['naam'] for t in self.taken(user)]}"
        return found[0]

    def doe(self, user: str, naam: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        self.lever(user, naam)
        if naam == "Besluit nemen" and data and "besluit" in data:
            data = self.brief(user, data)
        elif naam == "Besluit buiten behandeling" and data is not None:  # its one outcome
            data = finalise_as_given(self.p, self.ref, user, data, op=today(self.clock))
        return cases.complete_task(self.p, self.taak(user, naam)["id"], user, data or {})

    def brief(self, user: str, data: dict[str, Any]) -> dict[str, Any]:
        """The final besluit letter the task's data describe, as the officer makes it in the task (a besluit
        is taken by its letter), dated today as its editor pre-fills it: the Dutch today (services.clock.today),
        not the UTC date, which from Dutch midnight to 01:00 or 02:00 is still the day before. Returns the
        task's data as the form then shows them: the letter's voorschriften (with the advisers' proposals)
        and a motivering when the data give none."""
        gegeven = {"motivering": "Zie de overwegingen.", **data}
        return finalise_as_given(self.p, self.ref, user, gegeven, op=today(self.clock))

    def lever(self, user: str, naam: str) -> None:
        """The documents the task's model requires (issue 13: the advice report), uploaded once."""
        taak = self.taak(user, naam)
        for d in task_documents(self.p, taak["id"], user):
            for i in range(d["nodig"] - d["aanwezig"]):
                meta = NewDocument(informatieobjecttype=d["code"], bestandsnaam=f"{d['code']}-{user}.pdf")
                upload_document(self.p, self.ref, user, io.BytesIO(pdf(f"{taak['id']} {user} {i}")), meta)

    def bericht(self, name: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        return cases.send_message(self.p, self.ref, name, payload or {})

    def later(self, **delta: float) -> dict[str, Any]:
        self.clock.advance(**delta)
        for _ in range(10):
            if not cases.fire_due_timers(self.p):
                break
        return self.zaak()

    def op(self, moment: datetime) -> dict[str, Any]:
        return self.later(seconds=(moment - self.clock.now()).total_seconds())

    def mails(self) -> list[dict[str, Any]]:
        """The e-mails in the outbox, oldest first: their payloads (kind, to, subject, text)."""
        with self.p.uow(write=False) as uow:
            rows = uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.channel == "email").order_by(OutboxMessage.id)
            ).all()
            return [dict(r.payload) for r in rows]

    def zaak(self) -> dict[str, Any]:
        return cases.get_case(self.p, self.ref)

    def tot_beoordeling(self) -> dict[str, Any]:
        self.start()
        return self.doe("anna", "Ontvankelijkheid", {"compleet": True})

    def tekening_gevraagd(self, taak: str = "Ontvankelijkheid") -> dict[str, Any]:
        """Incomplete: the drawing is asked for within 14 days (the beslistermijn is suspended)."""
        return self.doe(
            "anna", taak, {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 14}
        )

    def geweigerd(self, code: str, action: Any) -> RuimteflowError:
        """Run ``action``; it must be refused with ``code`` and leave every table unchanged."""
        before = snapshot(self.p)
        with pytest.raises(RuimteflowError) as info:
            action()
        assert info.value.code == code, info.value.detail
        assert snapshot(self.p) == before
        return info.value


def _plain(locatie: dict[str, Any]) -> dict[str, Any]:
    """The fake locatiecheck's state but its function."""
    return {k: v for k, v in locatie.items() if k != "fake"}


@pytest.fixture
def locatie() -> dict[str, Any]:
    """A fake locatiecheck naming the departments in ``locatie["afdelingen"]`` (default Milieu + Energie)."""
    state: dict[str, Any] = {"afdelingen": ["Energie en Klimaat", "Milieu"]}

    def fake(data: dict[str, Any], soort: str = "bouwwerk", **_: Any) -> dict[str, Any]:
        afdelingen = sorted(state["afdelingen"])
        conflicten = [
            {
                "regel": f"test-{a}",
                "laag": "test",
                "ernst": "waarschuwing",
                "afdeling": a,
                "beschrijving": CONFLICTEN.get(a, f"conflict voor {a}"),
            }
            for a in afdelingen
        ]
        return {
            "afdelingen": afdelingen,
            "hoogste_ernst": "waarschuwing" if afdelingen else None,
            "aantal": len(afdelingen),
            "conflicten": conflicten,
            "soort": soort,
        }

    state["fake"] = fake  # installed by Omgeving on its own platform
    return state


@pytest.fixture
def z(platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:
    return Omgeving(platform, clock, locatie)


def namen(taken: list[dict[str, Any]]) -> list[str]:
    return sorted(t["naam"] for t in taken)


# -- the simple regulier path --------------------------------------------------------------------


def test_regulier_path_from_receipt_to_irrevocable_permit(z: Omgeving) -> None:
    case = z.start()
    assert case["fase"] == "ontvankelijkheid" and case["houder"] == "Vergunningen"
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-04-28" and case["dagen_over"] == 57
    assert "Koningsdag" in " ".join(case["termijn_uitleg"]["stappen"])
    assert case["volgende_timer"] == "2026-04-13T22:00:00+00:00"  # warning at the start of 14 April
    full = z.zaak()
    assert full["samenvatting"]["bevoegd_gezag"] == "gemeente"
    publiek = [e["tekst"] for e in full["tijdlijn"] if e["publiek"]]
    assert any("beslissen uiterlijk op 28 april 2026" in t for t in publiek)

    case = z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert case["fase"] == "advies en beoordeling"
    assert namen(case["open_taken"]) == [
        "Aanvraag inhoudelijk beoordelen",
        "Advies Energie en Klimaat",
        "Advies Milieu",
    ]
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe(
        "eva",
        "Advies Energie",
        {"oordeel": "akkoord_met_voorschriften", "voorschriften": ["Zonnepanelen op het dak"]},
    )
    case = z.doe(
        "anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet aan het Bbl."}
    )
    assert case["fase"] == "besluit" and case["houder"] == "Teamleider"
    case = z.doe(
        "tom",
        "Besluit nemen",
        {
            "besluit": "verlenen",
            "voorschriften": ["Bouwhekken plaatsen"],
            "motivering": "Past binnen het omgevingsplan.",
        },
    )
    assert case["fase"] == "bezwaar- en beroepstermijn"
    # sent today: the bezwaartermijn (to 13 April 2026) begins tomorrow (Awb 6:8); until then the gemeente
    # holds the case, as "Ligt bij" says (test_waits_besluit_verzonden)
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden" and case["houder"] == "Gemeente"
    besluit = case["samenvatting"]["besluit"]
    assert besluit["tekst"] == "vergunning verleend met 2 voorschriften"
    assert {v["bron"] for v in besluit["voorschriften"]} == {"besluit", "advies Energie en Klimaat"}

    case = z.later(days=43)  # 14 April: a bezwaar posted by 13 April may arrive until 20 April (Awb 6:9)
    assert case["status"] == "lopend" and case["definitief"] is False
    case = z.later(days=7)
    assert case["status"] == "afgerond" and case["definitief"] is True and case["te_laat"] is False
    assert case["samenvatting"]["resultaat"] == "vergunning verleend met 2 voorschriften; onherroepelijk"
    assert case["volgende_timer"] is None and case["open_taken"] == []


def test_an_application_after_midnight_dutch_time_is_received_on_that_dutch_day(z: Omgeving) -> None:
    # 23:30 UTC on Tuesday 3 March is 00:30 on Wednesday 4 March in the Netherlands
    z.clock.set(datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
    case = z.start()
    with z.p.uow(write=False) as uow:
        row = uow.session.scalar(select(Case).where(Case.reference == z.ref))
        assert row is not None and row.received_on == date(2026, 3, 4)
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-04-29"  # eight weeks after 4 March


def test_a_case_is_late_once_its_date_passes_even_without_a_step(z: Omgeving) -> None:
    z.start()
    z.clock.set(datetime(2026, 4, 29, 9, tzinfo=UTC))  # the day after the uiterste beslisdatum; no step ran
    assert z.zaak()["te_laat"] is True and z.zaak()["dagen_over"] == -1


def test_advice_goes_only_to_the_departments_the_locatiecheck_named(z: Omgeving) -> None:
    z.locatie["afdelingen"] = ["Milieu"]
    z.tot_beoordeling()
    [advies] = z.taken("mila")
    assert advies["naam"] == "Advies Milieu" and advies["kandidaatgroepen"] == ["Milieu"]
    assert advies["reden"] == "locatiecheck: Bouwwerk binnen 100 m van een onderstation"
    for other in ("rob", "eva", "lars", "pia"):
        assert z.taken(other) == []
    groepen = {g for t in z.zaak()["open_taken"] for g in t["kandidaatgroepen"]}
    assert groepen == {"Vergunningen", "Milieu"}


def test_activities_add_advisers_and_no_conflict_means_no_advice(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    z.start(activiteiten=["omgevingsplanactiviteit_buitenplans", "rijksmonumentenactiviteit"])
    case = z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert namen(case["open_taken"]) == [
        "Aanvraag inhoudelijk beoordelen",
        "Advies Erfgoed",
        "Advies Ruimtelijke Ordening",
    ]
    [ro] = z.taken("rob")
    assert "afwijking van het omgevingsplan" in ro["reden"]


# -- aanvulling and opschorting ---------------------------------------------------------------------


def test_aanvulling_suspends_the_term_and_moves_the_deadline(z: Omgeving) -> None:
    from services.status import view

    code = z.start()["volgcode"]
    case = z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
    )
    assert case["fase"] == "aanvulling gevraagd" and case["houder"] == "Aanvrager"
    assert case["wacht_op"] == "wacht op aanvulling van de aanvrager (uiterlijk 16 maart 2026)"
    assert case["opschorting"]["indicatie"] is True and case["termijn_uitleg"]["voorlopig"] is True
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-11"  # provisional: 27 April + 14 days
    assert case["open_taken"] == []
    # the provisional date holds when the aanvullingstermijn passes unused; one on its last day runs again
    said = view.public_status(z.p, code)["termijn"]["toelichting"]
    assert "hij geldt als de termijn voor de aanvulling ongebruikt verstrijkt" in said, said

    case = z.later(days=5)  # Saturday 7 March: nothing fires
    case = z.bericht("aanvulling", {"bijlage": "tekening.pdf"})
    assert case["fase"] == "ontvankelijkheid" and namen(case["open_taken"]) == ["Ontvankelijkheid beoordelen"]
    # Awb 4:15 lid 1: from the day after the request "tot de dag waarop de aanvraag is aangevuld", a day
    # that runs again: 3 t/m 6 March, 4 days (review termijn16, F1: this counted 7 March too)
    assert case["opschorting"]["indicatie"] is False and case["opschorting"]["opgeschorte_dagen"] == 4
    assert case["opschorting"]["periodes"] == [
        {
            "van": "2026-03-02",
            "tot": "2026-03-07",
            "dagen": 4,
            "laatste_dag": "2026-03-06",
            "verstreken": False,
            "reden": "aanvullingsverzoek: bouwtekening",
        }
    ]
    # 27 April + 4 days = Friday 1 May; the watch re-armed on the new date
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-01" and case["dagen_over"] == 55
    assert case["volgende_timer"] == "2026-04-16T22:00:00+00:00"
    publiek = [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]
    assert any("Ontbrekend: bouwtekening" in t for t in publiek)
    assert any(
        "Opschorting beëindigd op 7 maart 2026, de dag waarop de aanvulling binnenkwam. De beslistermijn was "
        "opgeschort van 3 maart 2026 t/m 6 maart 2026 (4 dagen) en loopt weer, uiterlijk tot 1 mei 2026." in t
        for t in publiek
    ), publiek

    case = z.later(days=44)  # Monday 20 April: the warning for the new date
    [waarschuwing] = z.waarschuwingen()
    assert waarschuwing["vervaldatum"] == "2026-05-01" and waarschuwing["kandidaatgroepen"] == ["Teamleider"]


def test_no_aanvulling_in_time_means_buiten_behandeling(z: Omgeving) -> None:
    z.start()
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "constructieberekening", "aanvullingstermijn_dagen": 14},
    )
    case = z.later(days=15)  # the aanvullingstermijn ended on 16 March
    assert case["fase"] == "buiten behandeling"
    assert case["opschorting"]["indicatie"] is False and case["opschorting"]["opgeschorte_dagen"] == 14
    # it stood still through the unused term's last day, which "verstreken" only after it (Awb 4:15 lid 1)
    assert case["opschorting"]["periodes"][0]["laatste_dag"] == "2026-03-16"
    publiek = [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]
    assert any(
        "Opschorting beëindigd: de aanvullingstermijn is op 16 maart 2026 ongebruikt verstreken. De beslistermijn "
        "was opgeschort van 3 maart 2026 t/m 16 maart 2026 (14 dagen)" in t
        for t in publiek
    ), publiek
    [taak] = z.taken("jet")
    # Awb 4:5 lid 4: four weeks after the term's last day (16 March), not after the day the timer fired
    assert taak["naam"] == "Besluit buiten behandeling stellen" and taak["vervaldatum"] == "2026-04-13"
    # an aanvulling before this besluit is taken into account (test_aanvulling_na_termijn), not refused
    case = z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    # a besluit open to bezwaar: the case waits for its bezwaartermijn (review archief15 F2)
    assert case["status"] == "lopend" and case["open_taken"] == []
    case = z.later(days=70)
    assert case["status"] == "afgerond" and case["open_taken"] == []
    assert (
        case["samenvatting"]["resultaat"] == "aanvraag buiten behandeling gesteld (Awb 4:5); onherroepelijk"
    )


def test_buiten_behandeling_is_stated_only_with_its_letter(z: Omgeving) -> None:
    """Left in the last note: 'Besluit buiten behandeling stellen' closed the case "buiten behandeling
    gesteld (Awb 4:5)" without any letter, although the task declares that besluit and offers its editor.
    Like "Besluit nemen", it now needs its final letter (the model's buiten_behandeling_vastleggen)."""
    z.start()
    z.tekening_gevraagd()
    z.later(days=15)
    taak = z.taak("jet", "Besluit buiten behandeling")
    fout = z.geweigerd(
        "besluit-zonder-brief",
        lambda: cases.complete_task(z.p, taak["id"], "jet", {"toelichting": "Geen aanvulling ontvangen."}),
    )
    assert "Maak eerst het besluit definitief" in fout.detail
    case = z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    assert case["status"] == "lopend"  # its bezwaartermijn and post week first (review archief15 F2)
    case = z.later(days=70)
    assert case["status"] == "afgerond"


# -- verdaging ---------------------------------------------------------------------------------------


def test_verdaging_extends_the_term_once_and_rearms_the_warning(z: Omgeving) -> None:
    z.tot_beoordeling()
    case = z.later(days=43)  # 14 April: two weeks before 28 April
    assert len(z.waarschuwingen()) == 1
    case = z.doe(
        "anna",
        "Aanvraag inhoudelijk",
        {"actie": "verdagen", "verdaging_weken": 3, "verdaging_reden": "advies Milieu nog niet binnen"},
    )
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-05-18"
    assert case["verlenging"] == {
        "duur_weken": 3,
        "reden": "advies Milieu nog niet binnen",
        "besloten_op": "2026-04-14",
    }
    assert "Aanvraag inhoudelijk beoordelen" in namen(case["open_taken"])
    assert z.waarschuwingen() == []  # the old warning lapsed with the old date
    assert case["volgende_timer"] == "2026-05-03T22:00:00+00:00"  # new warning on 4 May
    z.geweigerd(  # no longer offered once the term was extended (review officer12, F5)
        "formulier-ongeldig",
        lambda: z.doe(
            "anna",
            "Aanvraag inhoudelijk",
            {"actie": "verdagen", "verdaging_weken": 1, "verdaging_reden": "nog een keer"},
        ),
    )
    case = z.later(days=20)  # 4 May: new warning task
    assert len(z.waarschuwingen()) == 1


def test_warning_date_before_a_holiday_moves_earlier(z: Omgeving) -> None:
    z.tot_beoordeling()
    case = z.doe(
        "anna",
        "Aanvraag inhoudelijk",
        {"actie": "verdagen", "verdaging_weken": 6, "verdaging_reden": "complexe aanvraag"},
    )
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-06-08"
    # 8 June - 2 weeks = Tweede Pinksterdag 25 May: warn on Friday 22 May
    assert case["termijn_uitleg"]["waarschuwingsdatum"] == "2026-05-22"
    assert case["volgende_timer"] == "2026-05-21T22:00:00+00:00"


def test_verdaging_too_long_or_too_late_is_refused(z: Omgeving) -> None:
    z.tot_beoordeling()
    fout = z.geweigerd(
        "verdaging-te-lang",
        lambda: z.doe(
            "anna",
            "Aanvraag inhoudelijk",
            {"actie": "verdagen", "verdaging_weken": 8, "verdaging_reden": "veel werk"},
        ),
    )
    assert "ten hoogste 6 weken" in fout.detail
    z.geweigerd("formulier-ongeldig", lambda: z.doe("anna", "Aanvraag inhoudelijk", {"actie": "verdagen"}))
    z.clock.set(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))  # the term ended on 28 April
    fout = z.geweigerd(
        "verdaging-te-laat",
        lambda: z.doe(
            "anna",
            "Aanvraag inhoudelijk",
            {"actie": "verdagen", "verdaging_weken": 2, "verdaging_reden": "te laat"},
        ),
    )
    assert "tot en met de laatste dag van de termijn (28 april 2026)" in fout.detail


# -- late decision, ingebrekestelling, dwangsom ------------------------------------------------


def test_late_decision_with_ingebrekestelling_and_dwangsom(z: Omgeving) -> None:
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    case = z.op(datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    assert len(z.waarschuwingen()) == 1
    fout = z.geweigerd("ingebrekestelling-te-vroeg", lambda: z.bericht("ingebrekestelling", {}))
    assert "na afloop van de termijn" in fout.detail

    case = z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert case["te_laat"] is True and case["dagen_over"] == -1
    assert z.waarschuwingen() == []  # the warning ended with the term
    assert any("verstreken zonder besluit" in e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"])
    case = z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    dwangsom = case["samenvatting"]["dwangsom"]
    assert (
        dwangsom["status"] == "wachttijd"
        and dwangsom["start"] == "2026-05-13"
        and dwangsom["bedrag_euro"] == 0
    )

    case = z.op(datetime(2026, 5, 19, 9, 0, tzinfo=UTC))  # 13..19 May: 7 days x EUR 23
    assert case["samenvatting"]["dwangsom"]["bedrag_euro"] == 161
    assert case["samenvatting"]["dwangsom"]["status"] == "loopt"
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Alsnog verleend."})
    dwangsom = case["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 6 and dwangsom["bedrag_euro"] == 138
    assert case["fase"] == "bezwaar- en beroepstermijn"
    assert case["volgende_timer"] == "2026-06-30T22:00:00+00:00"  # only the bezwaar term remains


def test_dwangsom_stops_at_the_maximum(z: Omgeving) -> None:
    z.tot_beoordeling()
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {})
    case = z.op(datetime(2026, 7, 15, 9, 0, tzinfo=UTC))
    dwangsom = case["samenvatting"]["dwangsom"]
    # set once its 42nd day (23 June) has passed, within the two weeks of Awb 4:18, not at a later besluit
    assert dwangsom["status"] == "vastgesteld" and dwangsom["bedrag_euro"] == 1442 and dwangsom["dagen"] == 42
    assert case["volgende_timer"] is None  # no daily timer after the maximum


# -- uitgebreide procedure ---------------------------------------------------------------------


def test_uitgebreide_procedure_with_two_zienswijzen_and_beroep(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    case = z.start(
        activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"], mer_plichtig=True
    )
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-09-02"  # six months
    assert case["samenvatting"]["behandeldienst"] == "Omgevingsdienst"
    assert z.taken("anna") == [] and namen(z.taken("odin")) == ["Ontvankelijkheid beoordelen"]
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    [milieu] = z.taken("mila")
    assert "MER-plichtig" in milieu["reden"] and "milieubelastende activiteit" in milieu["reden"]
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    case = z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    assert case["fase"] == "ontwerpbesluit"
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("zienswijze", {"inhoud": "te vroeg"}))
    z.later(days=2)
    case = z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    assert case["fase"] == "ter inzage" and case["houder"] == "Terinzagelegging"
    assert case["wacht_op"] == (
        "ontwerpbesluit ter inzage tot en met 14 april 2026: zienswijzen kunnen worden ingediend"
    )
    z.later(days=10)
    z.bericht("zienswijze", {"indiener": "Buurman", "inhoud": "Te hoog."})
    z.geweigerd("zienswijze-leeg", lambda: z.bericht("zienswijze", {"indiener": "Leeg"}))
    case = z.bericht(
        "zienswijze", {"indiener": "Vereniging", "inhoud": "Verkeer.", "ontvangen_op": "2026-03-13"}
    )
    assert case["samenvatting"]["zienswijzen"] == {"aantal": 2, "laatste": "2026-03-13"}
    assert case["fase"] == "ter inzage" and case["open_taken"] == []

    case = z.later(days=33)  # ter inzage ended on 14 April (Awb 3:16 lid 2: 4 March is its first day)
    # a zienswijze posted by 14 April may arrive until 21 April (Awb 3:16 lid 3 with 6:9 lid 2)
    assert case["fase"] == "ter inzage" and case["open_taken"] == []
    case = z.later(days=6)  # Wednesday 22 April: the post week is over
    assert case["fase"] == "besluit"
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Zienswijzen weerlegd."})
    assert case["samenvatting"]["besluit"]["zienswijzen"] == 2
    assert case["wacht_op"] == "het besluit wordt vandaag verzonden"  # the beroepstermijn from tomorrow
    case = z.bericht("bezwaar", {"soort": "beroep"})
    case = z.doe("jet", "Bezwaar of beroep", {"soort": "beroep"})
    assert case["status"] == "afgerond" and case["definitief"] is False
    assert case["samenvatting"]["resultaat"] == "vergunning verleend; beroep ingesteld"


def test_bopa_designated_by_the_raad_needs_its_instemming(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    case = z.start(activiteiten=["omgevingsplanactiviteit_buitenplans"], bopa_aangewezen=True)
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-09-02"
    case = z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert "Instemming Gemeenteraad" in namen(case["open_taken"])


# -- instemming --------------------------------------------------------------------------------


def test_refused_instemming_blocks_verlenen(z: Omgeving) -> None:
    z.locatie["afdelingen"] = ["Provincie"]
    z.tot_beoordeling()
    [instemming] = z.taken("pia")
    assert instemming["naam"] == "Instemming Provincie"
    z.lever("pia", "Instemming")
    z.geweigerd("formulier-ongeldig", lambda: z.doe("pia", "Instemming", {"oordeel": "niet_akkoord"}))
    z.doe("pia", "Instemming", {"oordeel": "niet_akkoord", "toelichting": "Stikstofdepositie op de Heide"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    fout = z.geweigerd(
        "instemming-geweigerd",
        lambda: z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Toch verlenen."}),
    )
    assert fout.detail.startswith(
        "De vergunning kan niet worden verleend: Provincie heeft de instemming geweigerd"
    )
    case = z.doe("tom", "Besluit nemen", {"besluit": "weigeren", "motivering": "Geen instemming."})
    assert case["samenvatting"]["besluit"]["tekst"] == "vergunning geweigerd"


def test_the_besluit_task_is_completed_only_with_its_final_letter(z: Omgeving) -> None:
    """Reviewer finding (besluit 4): 'Besluit nemen' completed without any besluit letter gave "Besluit
    bekendgemaakt op ..." and later "onherroepelijk", of a document that never existed (Awb 3:41)."""
    z.tot_beoordeling()
    for groep, wie in (("Milieu", "mila"), ("Energie", "eva")):
        z.doe(wie, f"Advies {groep}", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    besluit = z.taak("tom", "Besluit nemen")
    fout = z.geweigerd(
        "besluit-zonder-brief",
        lambda: cases.complete_task(
            z.p, besluit["id"], "tom", {"besluit": "verlenen", "motivering": "Past."}
        ),
    )
    assert "Maak eerst het besluit definitief" in fout.detail
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})  # with the letter
    assert case["samenvatting"]["besluit"]["besluit"] == "verlenen"


# -- Wabo legacy -------------------------------------------------------------------------------


def wabo_past_its_term(z: Omgeving) -> str:
    """A complete Wabo case received on 2 October 2023, seen on the day after its term ended."""
    z.clock.set(datetime(2023, 10, 2, 9, 0, tzinfo=UTC))
    z.start(regime="wabo")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.op(datetime(2023, 11, 28, 9, 0, tzinfo=UTC))
    return z.ref


def _wabo_and_omgevingswet_past_their_term(z: Omgeving) -> tuple[str, str]:
    """A Wabo case and an Omgevingswet case, both complete, each seen on the day after its term ended: the
    Wabo case received in 2023, the Omgevingswet case in 2024 (each law only for its own receipt days)."""
    wabo = wabo_past_its_term(z)
    z.clock.set(datetime(2024, 10, 2, 9, 0, tzinfo=UTC))  # a Wednesday: the term ends on 27 November 2024
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    ow = z.ref
    z.op(datetime(2024, 11, 28, 9, 0, tzinfo=UTC))
    return wabo, ow


def test_only_a_wabo_case_ends_in_a_vergunning_van_rechtswege(z: Omgeving) -> None:
    wabo, ow = _wabo_and_omgevingswet_past_their_term(z)
    z.ref = wabo
    case = z.zaak()
    assert case["status"] == "afgerond" and case["open_taken"] == []
    assert case["samenvatting"]["resultaat"] == "vergunning van rechtswege verleend (Wabo)"
    z.ref = ow
    case = z.zaak()
    assert case["status"] == "lopend" and case["te_laat"] is True
    assert "besluit" not in case["samenvatting"]


def test_a_wabo_case_granted_van_rechtswege_is_not_told_to_send_an_ingebrekestelling(z: Omgeving) -> None:
    """Review besluit14, finding 2: at the end of the term a Wabo case's public timeline told the applicant
    to send an ingebrekestelling, after which a dwangsom would be due, at the same moment as "De vergunning
    is van rechtswege verleend"; no dwangsom is due where the permit is given by operation of law (Awb
    4:20a lid 2, the model's own gateway). An Omgevingswet case keeps the line."""
    wabo, ow = _wabo_and_omgevingswet_past_their_term(z)
    z.ref = wabo
    publiek = [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]
    assert any("verstreken zonder besluit" in t for t in publiek)
    assert not any("in gebreke" in t or "dwangsom" in t for t in publiek), publiek
    assert any("van rechtswege verleend" in t for t in publiek)
    z.ref = ow
    publiek = [e["tekst"] for e in z.zaak()["tijdlijn"] if e["publiek"]]
    assert any("in gebreke stellen" in t for t in publiek)


# -- bad input ---------------------------------------------------------------------------------


def test_bad_start_data_creates_no_case(z: Omgeving) -> None:
    for code, data in (
        ("ontvangen-in-toekomst", {"ontvangen": "2026-03-10"}),
        ("wabo-na-2024", {"regime": "wabo"}),
        ("activiteit-onbekend", {"activiteiten": ["kappen"]}),
        ("bopa-zonder-buitenplans", {"bopa_aangewezen": True}),
    ):
        fout = z.geweigerd(code, lambda data=data: z.start(**data))
        assert fout.status == 400
    assert (
        "in de toekomst"
        in z.geweigerd("ontvangen-in-toekomst", lambda: z.start(ontvangen="2026-03-10")).detail
    )


def test_a_receipt_day_before_its_law_creates_no_case(z: Omgeving) -> None:
    """Tester finding (input, 1): received before 2024 without ``regime`` (or with the Omgevingswet) made an
    Omgevingswet case long overdue; before the Wabo existed, one decades overdue."""
    for code, data in (
        ("regime-ontbreekt", {"ontvangen": "2023-12-31"}),
        ("omgevingswet-voor-2024", {"ontvangen": "2023-12-31", "regime": "omgevingswet"}),
        ("ontvangen-te-vroeg", {"ontvangen": "2010-09-30", "regime": "wabo"}),
        ("ontvangen-te-vroeg", {"ontvangen": "1900-01-01"}),
    ):
        z.geweigerd(code, lambda data=data: z.start(**data))
    assert z.start(ontvangen="2024-01-01")["samenvatting"]["regime"] == "omgevingswet"


def test_aanvulling_without_request_is_refused(z: Omgeving) -> None:
    z.start()
    fout = z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("aanvulling", {"bijlage": "x.pdf"}))
    assert "wacht niet op bericht 'aanvulling'" in fout.detail
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.geweigerd("bericht-niet-verwacht", lambda: z.bericht("aanvulling", {}))


def test_suspension_ending_before_it_starts_or_overlapping_is_refused(z: Omgeving) -> None:
    z.start()
    z.later(days=3)  # Thursday 5 March
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "foto's", "aanvullingstermijn_dagen": 14},
    )
    fout = z.geweigerd(
        "opschorting-omgekeerd", lambda: z.bericht("aanvulling", {"ontvangen_op": "2026-03-04"})
    )
    assert "vóór ze begint" in fout.detail
    z.geweigerd("datum-in-toekomst", lambda: z.bericht("aanvulling", {"ontvangen_op": "2026-03-06"}))
    z.later(days=4)  # 9 March
    z.bericht("aanvulling", {})
    fout = z.geweigerd(
        "opschorting-overlapt",
        lambda: z.doe(
            "anna",
            "Ontvankelijkheid",
            {
                "compleet": False,
                "ontbrekend": "nog iets",
                "aanvullingstermijn_dagen": 7,
                "verzoek_verzonden_op": "2026-03-06",
            },
        ),
    )
    assert "overlapt" in fout.detail
    case = z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "nog iets", "aanvullingstermijn_dagen": 7},
    )
    assert case["opschorting"]["indicatie"] is True and len(case["opschorting"]["periodes"]) == 1


# -- the model file itself ---------------------------------------------------------------------


def test_model_has_a_complete_diagram_without_overlapping_shapes() -> None:
    ns = {
        "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
    }
    root = etree.parse(str(MODELS[0])).getroot()
    process = root.find("bpmn:process", ns)
    nodes = {
        el.get("id"): el
        for el in process.iter()
        if isinstance(el.tag, str)
        and el.get("id")
        and el is not process
        and etree.QName(el).namespace == ns["bpmn"]
        and etree.QName(el).localname
        not in (
            "sequenceFlow",
            "lane",
            "laneSet",
            "dataObject",
            "property",
            "dataInputAssociation",
            "dataOutputAssociation",
        )
        and not etree.QName(el).localname.endswith("EventDefinition")
        and etree.QName(el).localname not in ("inputDataItem", "outputDataItem")
    }
    shapes = {
        s.get("bpmnElement"): s.find("dc:Bounds", ns) for s in root.iter(f"{{{ns['bpmndi']}}}BPMNShape")
    }
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{ns['bpmndi']}}}BPMNEdge")}
    assert set(nodes) - set(shapes) == set()
    flows = {f.get("id") for f in root.iter(f"{{{ns['bpmn']}}}sequenceFlow")}
    assert flows - edges == set()
    lanes = {ln.get("name") for ln in process.iter(f"{{{ns['bpmn']}}}lane")}
    assert lanes == {"Vergunningen", "Adviseurs", "Teamleider", "Juridisch"}

    def box(nid: str) -> tuple[float, float, float, float]:
        b = shapes[nid]
        return float(b.get("x")), float(b.get("y")), float(b.get("width")), float(b.get("height"))

    def inside(child: str) -> str | None:
        parent = nodes[child].getparent()
        return parent.get("id") if etree.QName(parent).localname == "subProcess" else None

    plain = [n for n in nodes if etree.QName(nodes[n]).localname != "boundaryEvent"]
    for i, a in enumerate(plain):
        for b in plain[i + 1 :]:
            if inside(a) == b or inside(b) == a:
                continue
            ax, ay, aw, ah = box(a)
            bx, by, bw, bh = box(b)
            assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah), f"{a} overlaps {b}"


# -- the real locatiecheck ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_lagen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.shared_build import shared_demo_layers

    return shared_demo_layers(tmp_path_factory)


def test_real_locatiecheck_routes_advice_by_its_conflicts(tmp_path: Path, demo_lagen: Path) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    settings = Settings(
        instance_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'echt.db'}",
        gis_layers_dir=str(demo_lagen),
    )
    p = Platform.create(settings, clock)
    try:
        omg = Omgeving(p, clock, {})
        # homes on farmland at the edge of Ruimtedal (demo municipality around x=226000, y=448000)
        omg.start(
            geometrie="POLYGON ((223000 450000, 223060 450000, 223060 450040, 223000 450040, 223000 450000))",
            onderwerp="woningbouw",
            activiteiten=["technische_bouwactiviteit"],
        )
        full = omg.zaak()
        named = {c["afdeling"] for c in full["conflicten"] if not c["overschreven"]}
        assert named, "de demo-locatie moet conflicten opleveren"
        full = cases.get_case(p, omg.doe("anna", "Ontvankelijkheid", {"compleet": True})["zaak"])
        advies = {
            g for t in full["open_taken"] if t["element"] == "advies_geven" for g in t["kandidaatgroepen"]
        }
        assert advies == named == {"Grondzaken", "Landbouw en Buitengebied"}
    finally:
        p.close()


def test_a_paper_application_registered_later_keeps_its_day_of_receipt(z: Omgeving) -> None:
    """Tester finding: a paper application received on 20 February and registered on 2 March counted its
    term from 20 February, but the case, the ontvangst mail, the status page and the besluit said
    'ontvangen op 2 maart 2026'."""
    from services.store.models import Case

    case = z.start(ontvangen="2026-02-20")
    assert case["zaak"].startswith("Z-2026-")
    assert case["uiterlijkeEinddatumAfdoening"] == "2026-04-17"  # 8 weeks from 20 February
    with z.p.uow(write=False) as uow:
        row = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        assert row.received_on == date(2026, 2, 20)


# -- intrekking (status review: autorisatie.toml let the initiator send it, but no model took it) ------------
def test_the_applicant_withdraws_the_application_before_the_besluit(z: Omgeving) -> None:
    from services.status import view

    code = z.start()["volgcode"]
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.later(days=3)
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond" and ended["open_taken"] == []
    assert ended["samenvatting"]["resultaat"] == "aanvraag ingetrokken door de aanvrager"
    public = [e["tekst"] for e in view.public_status(z.p, code)["tijdlijn"]]
    assert "De aanvrager heeft de aanvraag op 5 maart 2026 ingetrokken." in public
    assert "Uw aanvraag is ingetrokken; de gemeente neemt er geen besluit op" in public


def test_after_the_besluit_the_application_can_no_longer_be_withdrawn(z: Omgeving) -> None:
    from processes.errors import Conflict

    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    with pytest.raises(Conflict) as refused:
        z.bericht("intrekking", {})
    assert refused.value.code == "bericht-niet-verwacht"


def test_the_applicant_withdraws_the_application_after_its_term_passed(z: Omgeving) -> None:
    """The municipality is late: the applicant may still withdraw (no van rechtswege under the Omgevingswet)."""
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.later(days=70)  # past the beslistermijn of 28 April, no besluit
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond"
    assert ended["samenvatting"]["resultaat"] == "aanvraag ingetrokken door de aanvrager"


def test_no_withdrawal_once_the_besluit_letter_is_final(z: Omgeving) -> None:
    """sessie7c 1: the team lead made the letter final but had not completed 'Besluit nemen' yet; the
    withdrawal ended the case as ingetrokken with a final besluit letter on it (and in the ZGW outbox)."""
    from processes.errors import Conflict
    from services.documents.besluit import finalise_as_given

    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    data = {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."}
    finalise_as_given(z.p, z.ref, "tom", data, op=today(z.p.clock))
    with pytest.raises(Conflict) as refused:
        z.bericht("intrekking", {})
    assert refused.value.code == "intrekking-na-besluit"
    assert cases.get_case(z.p, z.ref)["status"] == "lopend"


def test_a_withdrawal_during_an_aanvulling_ends_the_opschorting(z: Omgeving) -> None:
    """sessie7c 2: the case closed as ingetrokken with its opschorting still running (status page and
    ZGW said 'opgeschort', the deadline counted the whole aanvullingstermijn)."""
    z.start()
    z.tekening_gevraagd()
    z.later(days=3)
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond"
    case = cases.get_case(z.p, z.ref)
    assert not (case["opschorting"] or {}).get("indicatie") and not (case["opschorting"] or {}).get("lopend")


@pytest.mark.parametrize("day", ["1999-01-01", "2031-01-01"])
def test_a_registered_withdrawal_is_dated_between_the_application_and_today(z: Omgeving, day: str) -> None:
    """sessie7c 7: a behandelaar registering the letter could date it in 1999 or 2031, shown publicly."""
    from processes.errors import ValidationError

    z.start()
    with pytest.raises(ValidationError) as refused:
        z.bericht("intrekking", {"ontvangen_op": day})  # registered as given (the letter's day)
    assert refused.value.code == "intrekking-datum"
    assert cases.get_case(z.p, z.ref)["status"] == "lopend"


def test_the_applicant_withdraws_while_the_deadline_warning_is_open(z: Omgeving) -> None:
    """sessie7c 3: while the team lead's warning "Beslistermijn verloopt binnenkort" was open, the term
    watch was not at its gateway and a withdrawal answered bericht-niet-verwacht."""
    z.tot_beoordeling()
    z.later(days=43)  # 14 April: two weeks before 28 April
    assert len(z.waarschuwingen()) == 1
    ended = z.bericht("intrekking", {})
    assert ended["status"] == "afgerond" and ended["open_taken"] == []
    assert ended["samenvatting"]["resultaat"] == "aanvraag ingetrokken door de aanvrager"
