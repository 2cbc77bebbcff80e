"""The map's milestone of a term that ends with a day is that day, named after the wait (review
projectleider13, finding 4): the netbeheerder's answer is due "uiterlijk 16 maart 2026" on the case and
status pages, but the map said "2026-03-17 – volgende termijn" (its ``einde_dag`` timer fires at 00:00
on the next day) and a "Mijlpaal tot en met 16-03" filter left the case out. The map, its side panel and
its Mijlpaal filter now give the day the term ends and the wait it ends; a timer at the start of a day
(the permit's warning, test_kaart_mijlpaal) keeps that day.

A transportverzoek of 2.5 MVA sent on 2 March 2026: answer due 16 March (10 working days), the
escalation after the reminder on 24 March (test_transportverzoek_termijntekst).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from processes.termijnen.datums import datum_nl
from services import cases, kaart, kaart_panel
from services.clock import FixedClock, today
from services.platform import Platform
from tests.integration.energie_fixtures import WIND_MODELLEN, energie_platform

WORLD = (3.0, 50.0, 8.0, 54.0)  # WGS84


@pytest.fixture
def wp(any_platform: Platform) -> Platform:
    """On SQLite and on PostgreSQL: the Mijlpaal filter is a query."""
    return energie_platform(any_platform, WIND_MODELLEN)


def _verzoek(wp: Platform) -> str:
    data = {"vermogen_mva": 2.5, "richting": "invoeding"}
    started = cases.start_case(wp, "transportverzoek", data, user="pim", geometry_wkt="POINT(190000 445000)")
    return str(started["zaak"])


def _in_filter(wp: Platform, ref: str, van: date, tot: date) -> bool:
    fc = json.loads(kaart.case_features(wp, bbox=WORLD, zoom=14, mijlpaal_van=van, mijlpaal_tot=tot))
    return ref in {f["id"] for f in fc["features"]}


def _shown(wp: Platform, ref: str) -> dict[str, Any]:
    fc = json.loads(kaart.case_features(wp, bbox=WORLD, zoom=14))
    nxt = kaart_panel.case_panel(wp, ref)["volgende_mijlpaal"]
    return {"kaart": {f["id"]: f["properties"]["mijlpaal"] for f in fc["features"]}[ref], **nxt}


def test_the_answer_term_is_the_last_day_of_the_term_named_after_the_wait(
    wp: Platform, clock: FixedClock
) -> None:
    ref = _verzoek(wp)
    assert "uiterlijk 16 maart 2026" in cases.get_case(wp, ref)["wacht_op"]
    assert _shown(wp, ref) == {
        "kaart": "2026-03-16",
        "datum": "2026-03-16",
        "wat": "wacht op antwoord netbeheerder (uiterlijk 16 maart 2026)",
    }
    assert _in_filter(wp, ref, date(2026, 3, 1), date(2026, 3, 16))
    assert not _in_filter(wp, ref, date(2026, 3, 17), date(2026, 3, 31))

    # on its last day the term is still the milestone; the reminder goes out once the day ended
    clock.set(clock.now().replace(day=16, hour=21))  # 22:00 Dutch time
    cases.fire_due_timers(wp)
    assert _shown(wp, ref)["datum"] == "2026-03-16"
    assert _in_filter(wp, ref, date(2026, 3, 16), date(2026, 3, 16))

    clock.set(clock.now().replace(day=17, hour=9))
    cases.fire_due_timers(wp)
    assert "Escalatie op 24 maart 2026" in " ".join(e["tekst"] for e in cases.get_case(wp, ref)["tijdlijn"])
    shown = _shown(wp, ref)
    assert shown["kaart"] == shown["datum"] == "2026-03-24"
    assert shown["wat"].startswith("antwoord van de netbeheerder; termijn verstreken op 16 maart 2026")
    assert _in_filter(wp, ref, date(2026, 3, 17), date(2026, 3, 24))
    assert not _in_filter(wp, ref, date(2026, 3, 25), date(2026, 3, 31))


def test_the_waiting_list_check_is_named_after_the_waiting_list(wp: Platform, clock: FixedClock) -> None:
    ref = _verzoek(wp)
    cases.send_message(wp, ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 15})
    day = today(clock) + timedelta(days=365)  # the yearly check fires in the day
    check = day.isoformat()
    wat = f"wachtlijst netcapaciteit, positie 15; de gemeente vraagt de netbeheerder op {datum_nl(day)} opnieuw naar de positie"
    assert _shown(wp, ref) == {
        "kaart": check,
        "datum": check,
        "wat": wat,
    }  # the wait's text, its date since daf5bf4
