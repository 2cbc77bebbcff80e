"""A besluit is given when its letter is sent (Awb 3:40, 3:41), not when the task that took it is completed
(an outside tester's HIGH and MEDIUM findings, one cause).

On Monday 20 April 2026 tom makes the besluit letter final, taken and sent that day; the beslistermijn ends
on Tuesday 28 April; he completes 'Besluit nemen' only on 20 May. The case was decided in time: the term's
end flags nothing, an ingebrekestelling after it is refused as for a decided case, and no dwangsom is set.
A letter dated after the term keeps its existing wording (test_ingebrekestelling_na_besluit).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from processes.vergunning import rechtsmiddel
from services import cases
from services.clock import FixedClock
from services.documents.besluit import BesluitInvoer, finalise_besluit
from services.platform import Platform
from services.status import view
from services.status.messages import send_public_message
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.dwangsom_steps import in_2026, in_gebreke
from tests.integration.test_ingebrekestelling_na_besluit import geadviseerd
from tests.integration.test_omgevingsvergunning import Omgeving
from web import create_app

locatie = ov.locatie  # the permit scenario's fixture


@pytest.fixture
def z(any_platform: Platform, clock: FixedClock, locatie: dict[str, Any]) -> Omgeving:  # noqa: F811
    """The permit scenario on SQLite and on PostgreSQL (the letter's reads are SQL on the case summary)."""
    return Omgeving(any_platform, clock, locatie)


BRIEF_OP = date(2026, 4, 20)
GEGEVEN = {"besluit": "weigeren", "motivering": "Het bouwwerk past niet in het omgevingsplan."}


def _public(case: dict[str, Any]) -> list[str]:
    return [e["tekst"] for e in case["tijdlijn"] if e["publiek"]]


def brief_verzonden(z: Omgeving, verzonden: date = BRIEF_OP) -> None:
    """The besluit letter made final on 20 April, taken that day and sent on ``verzonden``; the task open."""
    geadviseerd(z)
    brief_op(z, BRIEF_OP, verzonden)


def brief_op(z: Omgeving, dag: date, verzonden: date | None = None) -> None:
    """On ``dag`` the assessment is done and the letter refusing the permit made final, taken that day and
    sent on ``verzonden`` (that day too when None); 'Besluit nemen' stays open."""
    z.op(datetime(dag.year, dag.month, dag.day, 9, 0, tzinfo=UTC))
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    invoer = BesluitInvoer(
        uitkomst="weigeren", motivering=GEGEVEN["motivering"], besluitdatum=dag, verzenddatum=verzonden or dag
    )
    finalise_besluit(z.p, z.ref, "tom", invoer)


def test_a_letter_sent_in_time_makes_the_case_decided_in_time_though_its_task_is_done_late(
    z: Omgeving,
) -> None:
    brief_verzonden(z)
    case = z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))  # the term ended on 28 April
    assert case["te_laat"] is False, case["te_laat"]
    assert not any("verstreken" in t for t in _public(case)), _public(case)
    z.op(datetime(2026, 4, 30, 9, 0, tzinfo=UTC))
    refused = z.geweigerd("ingebrekestelling-na-besluit", lambda: z.bericht("ingebrekestelling", {}))
    assert "op 20 april 2026 verzonden" in refused.detail, refused.detail
    z.op(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    cases.complete_task(z.p, z.taak("tom", "Besluit nemen")["id"], "tom", GEGEVEN)
    case = z.zaak()
    assert case["te_laat"] is False and not case["samenvatting"].get("dwangsom"), case["samenvatting"]
    assert (
        case["samenvatting"]["rechtsmiddel"]["van"] == "2026-04-20"
    )  # sent then; the term from the day after
    assert not any("verstreken" in t or "ngebrekestelling" in t for t in _public(case)), _public(case)


def test_a_letter_dated_after_the_term_keeps_the_case_late_until_it_is_sent(z: Omgeving) -> None:
    brief_verzonden(z, verzonden=date(2026, 5, 4))
    case = z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert case["te_laat"] is True
    assert (
        "De beslistermijn is op 28 april 2026 verstreken. Het besluit is genomen, maar wordt pas op 4 mei 2026 "
        "verzonden; tot dan is het niet bekendgemaakt (Awb 3:40)." in " ".join(_public(case))
    ), _public(case)


def test_a_wabo_case_whose_letter_was_sent_in_time_is_not_granted_van_rechtswege(z: Omgeving) -> None:
    z.clock.set(datetime(2023, 10, 2, 9, 0, tzinfo=UTC))  # the term ends on Monday 27 November 2023
    z.start(regime="wabo")
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    brief_op(z, date(2023, 11, 20))
    case = z.op(datetime(2023, 11, 29, 9, 0, tzinfo=UTC))
    assert case["te_laat"] is False and not any("rechtswege" in t for t in _public(case)), _public(case)
    assert not (case["samenvatting"].get("besluit") or {}).get("besluit") == "van rechtswege"


def _acties(z: Omgeving) -> dict[str, dict[str, Any]]:
    page = view.public_status(z.p, str(z.zaak()["volgcode"]))
    return {a["bericht"]: a for a in page["acties"]}


def test_with_a_sent_letter_and_its_task_open_no_intrekking_is_offered(z: Omgeving) -> None:
    brief_verzonden(z)
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    offered = _acties(z).get("intrekking")
    assert offered is None or offered["verwacht"] is False, offered
    code = str(z.zaak()["volgcode"])
    z.geweigerd(
        "intrekking-na-besluit",
        lambda: send_public_message(z.p, code, "intrekking", {"tekst": "", "bevestigd": True}),
    )


def test_with_a_sent_letter_and_its_task_open_the_status_page_says_the_besluit_was_taken(z: Omgeving) -> None:
    brief_verzonden(z)
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    page = view.public_status(z.p, str(z.zaak()["volgcode"]))
    assert any(d["titel"].startswith("Besluit (weigeren)") for d in page["documenten"]), page["documenten"]
    assert page["besluit"]["genomen"] is True, page["besluit"]
    assert page["besluit"]["tekst"] == "Het besluit is genomen en op 20 april 2026 verzonden."
    assert page["status_tekst"] == "Besluit genomen, verzonden op 20 april 2026", page["status_tekst"]
    assert page["termijn"]["besloten"] is True and page["termijn"]["uiterste_beslisdatum"] is None
    assert page["termijn"]["toelichting"].startswith(
        "Er is een besluit genomen en op 20 april 2026 verzonden. "
    )


def test_with_a_sent_letter_and_its_task_open_the_status_page_tells_the_bezwaartermijn(z: Omgeving) -> None:
    """The bezwaartermijn runs from the day after the sending (Awb 6:7, 6:8), not from the task: its last
    day as the bekendmaking computes it, and that a bezwaar goes by letter until the page's form comes."""
    brief_verzonden(z)
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    code = str(z.zaak()["volgcode"])
    last = rechtsmiddel("regulier", BRIEF_OP)["tot"]
    assert last == "2026-06-01"
    told = (
        "Er is een besluit genomen en op 20 april 2026 verzonden. U kunt tot en met 1 juni 2026 bezwaar maken "
        "met een brief aan de gemeente; het formulier op deze pagina is daarvoor nog niet beschikbaar."
    )
    client = create_app(z.p.settings, platform=z.p).test_client()
    termijn = client.get(f"/api/v1/status/{code}").get_json()["termijn"]
    assert termijn["rechtsmiddel"]["soort"] == "bezwaar", termijn
    assert termijn["rechtsmiddel"]["laatste_dag"] == last and termijn["toelichting"] == told, termijn
    page = client.get(f"/status/{code}").text
    assert "Bezwaartermijn" in page and told in page, page
    z.op(datetime(2026, 4, 23, 9, 0, tzinfo=UTC))
    cases.complete_task(z.p, z.taak("tom", "Besluit nemen")["id"], "tom", GEGEVEN)
    after = client.get(f"/api/v1/status/{code}").get_json()["termijn"]["rechtsmiddel"]
    assert after["soort"] == "bezwaar" and after["laatste_dag"] == last, after


def test_a_letter_dated_ahead_is_not_told_as_sent_before_its_day(z: Omgeving) -> None:
    brief_verzonden(z, verzonden=date(2026, 4, 24))
    z.op(datetime(2026, 4, 22, 9, 0, tzinfo=UTC))
    page = view.public_status(z.p, str(z.zaak()["volgcode"]))
    assert page["besluit"]["tekst"] == "Er is nog geen definitief besluit.", page["besluit"]
    z.op(datetime(2026, 4, 24, 9, 0, tzinfo=UTC))
    page = view.public_status(z.p, str(z.zaak()["volgcode"]))
    assert page["besluit"]["tekst"] == "Het besluit is genomen en op 24 april 2026 verzonden."


def test_a_running_dwangsom_stops_at_the_day_its_letter_is_sent_not_at_the_task(z: Omgeving) -> None:
    """Late: ingebrekestelling on 29 April, a dwangsom due from 13 May (EUR 23 a day); the letter is sent on
    16 May (due 13..15 May: 3 days), the task completed on 26 May."""
    geadviseerd(z)
    z.op(datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    z.bericht("ingebrekestelling", {"ontvangen_op": "2026-04-29"})
    brief_op(z, date(2026, 5, 16))
    case = z.op(datetime(2026, 5, 25, 9, 0, tzinfo=UTC))
    assert case["samenvatting"]["dwangsom"]["dagen"] == 3, case["samenvatting"]["dwangsom"]
    assert view.public_status(z.p, str(case["volgcode"]))["beroep_niet_tijdig"] is None
    z.op(datetime(2026, 5, 26, 9, 0, tzinfo=UTC))
    cases.complete_task(z.p, z.taak("tom", "Besluit nemen")["id"], "tom", GEGEVEN)
    dwangsom = z.zaak()["samenvatting"]["dwangsom"]
    assert dwangsom["status"] == "vastgesteld" and dwangsom["dagen"] == 3 and dwangsom["bedrag_euro"] == 69


def test_a_dwangsom_whose_letter_was_sent_on_its_last_day_is_set_at_its_maximum_as_ended_by_the_besluit(
    z: Omgeving,
) -> None:
    """Ingebrekestelling on 29 April, a dwangsom due from 13 May, its 42nd and last day 23 June (the model
    waits for the maximum's timer from that morning). The letter is made final and sent on 23 June, 'Besluit
    nemen' still open when the timer fires on 24 June: the besluit ended the dwangsom on 22 June (41 days,
    Awb 4:17), as the task would set it, not at its maximum; it stands when the task is completed."""
    in_gebreke(z)
    brief_op(z, date(2026, 6, 23))
    stand = z.op(in_2026(6, 24))["samenvatting"]["dwangsom"]
    assert stand["status"] == "vastgesteld" and stand["dagen"] == 41, stand
    assert stand["beschikking"]["reden"] == "Besluit verzonden op 23 juni 2026", stand["beschikking"]
    assert stand["beschikking"]["laatste_dag"] == "2026-06-22", stand["beschikking"]
    z.op(in_2026(6, 25))
    cases.complete_task(z.p, z.taak("tom", "Besluit nemen")["id"], "tom", GEGEVEN)
    assert z.zaak()["samenvatting"]["dwangsom"] == stand
