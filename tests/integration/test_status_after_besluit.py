"""The status page once a besluit was taken (tester findings): an incident or a pause after the besluit
never turns it back into "not yet decided, send an ingebrekestelling"; the rechtsmiddel stays visible;
no decision date is estimated any more; a closed case promises no beslistermijn; and an incident
or a pause keeps the step bar on the current phase."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services import beheer, cases
from services.clock import FixedClock
from services.platform import Platform
from services.status import view
from services.waits import timeline
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

z, locatie = ov.z, ov.locatie  # the permit scenario fixtures (the clock starts on Monday 2 March 2026)


def _decided(z: Omgeving) -> str:
    code = str(z.start()["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    return code


def _broken(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    raise RuntimeError("tijdelijke storing zaakregistratie")


def test_an_incident_after_the_besluit_does_not_say_that_nothing_was_decided(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any]
) -> None:
    # before the deployment: the platform builds the engine's services once
    platform.registry.service("onherroepelijk", _broken, "test: de stap na de bezwaartermijn faalt")
    z = Omgeving(platform, clock, locatie)
    code = _decided(z)
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))  # past the bezwaartermijn and the beslistermijn
    assert z.zaak()["status"] == "incident"
    termijn = view.public_status(z.p, code)["termijn"]
    assert termijn["verstreken"] is False and termijn["besloten"] is True
    assert "gebreke" not in termijn["toelichting"] and "nog niet beslist" not in termijn["toelichting"]
    assert termijn["rechtsmiddel"]["laatste_dag"] == "2026-04-13"
    assert termijn["toelichting"] == "Het besluit is genomen. Bezwaar was mogelijk tot en met 13 april 2026."


def test_a_pause_after_a_late_besluit_keeps_the_bezwaartermijn_and_the_phase(z: Omgeving) -> None:
    code = str(z.start()["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(datetime(2026, 4, 30, 9, 0, tzinfo=UTC))  # the beslistermijn ended on 28 April
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    z.later(days=1)  # sent on 30 April: the bezwaartermijn begins the day after (Awb 6:8)
    beheer.suspend(z.p, z.ref, "bea", "onderzoek")
    s = view.public_status(z.p, code)
    assert s["status"] == "gepauzeerd"
    assert s["termijn"]["verstreken"] is False
    assert s["termijn"]["rechtsmiddel"]["laatste_dag"] == "2026-06-11"
    assert "Bezwaar is mogelijk tot en met 11 juni 2026" in s["termijn"]["toelichting"]
    assert s["huidige_fase"] is not None and s["huidige_fase"]["naam"] == "Bezwaartermijn"
    assert [f["naam"] for f in s["fasen"] if f["stand"] == "afgerond"][-1] == "Besluit"


def test_a_finished_case_counts_no_days_to_a_beslistermijn(z: Omgeving) -> None:
    code = _decided(z)
    z.later(days=52)  # the bezwaar term and the week for a bezwaar posted in time (Awb 6:9 lid 2)
    assert z.zaak()["status"] == "afgerond"
    termijn = view.public_status(z.p, code)["termijn"]
    assert termijn["dagen_tot_beslisdatum"] is None
    assert termijn["besloten"] is True and termijn["verstreken"] is False


def test_no_decision_date_is_estimated_once_the_besluit_was_taken(z: Omgeving) -> None:
    _decided(z)
    z.later(days=52)  # one closed case (after the week of Awb 6:9 lid 2): the estimate has its medians
    assert z.zaak()["status"] == "afgerond"
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    with z.p.uow(write=False) as uow:
        running = cases.case_by_key(uow.session, z.ref)
        assert timeline.critical_path(uow.session, running, z.clock.now()) is not None
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    with z.p.uow(write=False) as uow:
        decided = cases.case_by_key(uow.session, z.ref)
        assert decided.status == "lopend"  # the bezwaartermijn runs
        assert timeline.critical_path(uow.session, decided, z.clock.now()) is None


def test_a_case_closed_by_a_buitenbehandelingstelling_shows_its_bezwaartermijn(z: Omgeving) -> None:
    """Status review (low) and the left item of the last notes: a buitenbehandelingstelling closes the
    case at once, yet it is a besluit open to bezwaar (Awb 4:5). The status page said only "Er is een
    besluit genomen." and the JSON still gave the beslistermijn's last day next to ``besloten: true``;
    the timeline and the mail give the bezwaartermijn."""
    from tests.integration.test_buiten_behandeling_mail import buiten_behandeling

    code = str(z.start()["volgcode"])
    case = buiten_behandeling(z)
    termijn = view.public_status(z.p, code)["termijn"]
    last = case["samenvatting"]["rechtsmiddel"]["tot"][:10]
    assert termijn["besloten"] is True and termijn["uiterste_beslisdatum"] is None
    assert termijn["rechtsmiddel"]["laatste_dag"] == last and termijn["rechtsmiddel"]["soort"] == "bezwaar"
    assert "Bezwaar is mogelijk tot en met" in termijn["toelichting"]
    # the besluit block says the same (left by fixer fasen3: "afgerond zonder definitief besluit")
    besluit = view.public_status(z.p, code)["besluit"]
    assert besluit["genomen"] is True and besluit["definitief"] is False
    assert "zonder definitief besluit" not in besluit["tekst"] and "bezwaar" in besluit["tekst"]


def test_a_withdrawn_case_gives_no_beslistermijn_once_closed(z: Omgeving) -> None:
    """After the case closed without any besluit (withdrawn), no last day of a beslistermijn is given."""
    code = str(z.start()["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert view.public_status(z.p, code)["termijn"]["uiterste_beslisdatum"] == "2026-04-28"
    assert z.bericht("intrekking", {})["status"] == "afgerond"
    termijn = view.public_status(z.p, code)["termijn"]
    assert termijn["uiterste_beslisdatum"] is None and termijn["dagen_tot_beslisdatum"] is None


def test_a_withdrawn_permit_shows_no_phase_it_never_reached_as_done(z: Omgeving) -> None:
    """Left by fixer fasen3: the permit's "Aanvraag ingetrokken" end had the phase "afgerond" of a decided
    case, so a permit withdrawn during its assessment showed Beoordeling, Besluit and Bezwaartermijn as
    done ("afgerond"). It ends in a phase of its own, and the bar shows only what the case went through."""
    code = str(z.start()["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    assert z.bericht("intrekking", {})["status"] == "afgerond"
    status = view.public_status(z.p, code)
    assert [(f["naam"], f["stand"]) for f in status["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Controle op volledigheid", "afgerond"),
        ("Beoordeling", "afgerond"),
        ("Ingetrokken", "afgerond"),
    ]
    assert status["huidige_fase"] is None


def test_a_permit_granted_van_rechtswege_says_so_and_claims_no_bezwaartermijn(z: Omgeving) -> None:
    """Review status15, F3: a legacy Wabo permit granted van rechtswege read "Het besluit is genomen; de
    behandeling is afgerond" and the step bar "Bezwaartermijn: Afgerond", though no besluit was taken or
    made known and no bezwaartermijn ran."""
    wabo = ov.wabo_past_its_term(z)  # the status page on the day after its term, its volgcode still live
    code = cases.get_case(z.p, wabo)["volgcode"]
    page = create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text
    besluit = page.split('id="status-besluit">', 1)[1].split("</dd>", 1)[0]
    assert besluit.startswith(
        "De vergunning is van rechtswege verleend op 28 november 2023, omdat de gemeente niet op tijd besliste"
    )
    assert "Het besluit is genomen" not in page
    bar = page.split('id="fasen"', 1)[1].split("</ol>", 1)[0]
    names = [n.split("</span>", 1)[0] for n in bar.split('class="stap-naam">')[1:]]
    assert names == ["Aanvraag ontvangen", "Controle op volledigheid", "Beoordeling", "Afgerond"]


def test_what_the_case_waits_for_names_the_holders_in_public_words(z: Omgeving) -> None:
    """Review status15, F6: "Waar wachten we op? in behandeling bij Vergunningen, Energie en Klimaat,
    Milieu" gave the raw group names beside "Uw aanvraag ligt bij Team Vergunningen"."""
    code = str(z.start()["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    page = create_app(z.p.settings, platform=z.p).test_client().get(f"/status/{code}").text
    wacht = page.split('id="status-wacht-op">', 1)[1].split("</dd>", 1)[0]
    assert wacht.startswith("in behandeling bij Team Vergunningen, ")
    assert "bij Vergunningen" not in page and ", Vergunningen" not in wacht
