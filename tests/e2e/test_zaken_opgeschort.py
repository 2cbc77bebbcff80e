"""The case list marks a suspended term's date as provisional, as the case page does (review20, 9b).

The list showed "11 mei 2027 nog 62 dagen" for a case whose term stood still (an aanvullingsverzoek
ran), without the "Voorlopige datum" the case page gave it. Both now read the case's termijn_opgeschort
(services.projection_case.term_stands_still) and show the same mark (_macros.html termijn_opgeschort)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update

from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in, page_text

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
app = fx.testing_demo_app

MARK = "Voorlopige datum: de termijn is opgeschort en schuift op zolang de opschorting duurt."


def _running(app: Any) -> tuple[list[str], list[str]]:
    """The demo's running cases with a deadline: those whose term stands still, and the others."""
    with app.extensions["ruimteflow"].uow(write=False) as uow:
        rows = uow.session.execute(
            select(Case.reference, Case.opschorting).where(
                Case.status == "lopend", Case.uiterlijke_einddatum_afdoening.is_not(None)
            )
        ).all()
    suspended = [ref for ref, o in rows if (o or {}).get("indicatie")]
    return suspended, [ref for ref, o in rows if not (o or {}).get("indicatie")]


def _deadline_cell(html: str, ref: str) -> str:
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if f">{ref}</a>" in r)
    cell = re.search(r'data-label="Wettelijke termijn">(.*?)</td>', row, flags=re.S)
    assert cell is not None
    return page_text(cell.group(1))


def test_a_suspended_term_is_marked_provisional_in_the_list_and_on_the_case_page(app: Any) -> None:
    suspended, running = _running(app)
    assert suspended and running  # the demo has both
    tom = logged_in(app, "tom")
    for ref in suspended:
        assert MARK in _deadline_cell(tom.get(f"/zaken?q={ref}").text, ref)
        assert MARK in page_text(tom.get(f"/zaken/{ref}").text)
    other = running[0]
    assert MARK not in _deadline_cell(tom.get(f"/zaken?q={other}").text, other)
    assert MARK not in page_text(tom.get(f"/zaken/{other}").text)


def test_the_api_says_which_terms_stand_still(app: Any) -> None:
    suspended, running = _running(app)
    client, auth = app.test_client(), {"Authorization": "Bearer demo-tom"}
    for ref, stands_still in ((suspended[0], True), (running[0], False)):
        [row] = client.get(f"/api/v1/zaken?zoek={ref}", headers=auth).get_json()["zaken"]
        assert row["termijn_opgeschort"] is stands_still
        assert (
            client.get(f"/api/v1/zaken/{ref}", headers=auth).get_json()["termijn_opgeschort"] is stands_still
        )


def _inbox_cell(html: str, ref: str) -> str:
    row = next(
        r for r in re.findall(r'<tr class="rij-[^"]*">.*?</tr>', html, flags=re.S) if f">{ref}</a>" in r
    )
    cell = re.search(r'data-label="Wettelijke termijn">(.*?)</td>', row, flags=re.S)
    assert cell is not None
    return page_text(cell.group(1))


def test_the_inbox_marks_a_suspended_term_s_date_as_provisional_too(app: Any) -> None:
    """The inbox's deadline badge showed the date of a case whose term stood still without the mark. The
    shipped models open no task while the aanvulling is awaited, so a case in the inbox gets the
    suspension of the demo's suspended case, as a model with an advice beside the aanvulling leaves it."""
    suspended, running = _running(app)
    bea = logged_in(app, "bea")
    rows = re.findall(
        r'<tr class="rij-([^"]*)">\s*<td data-label="Zaak"><a [^>]*>([^<]+)</a>',
        bea.get("/inbox?tab=alle").text,
    )
    in_time = dict.fromkeys(ref for klasse, ref in rows if klasse != "te-laat" and ref in running)
    marked, other = list(in_time)[:2]  # cases in time: a term that stands still is not passed
    with app.extensions["ruimteflow"].uow() as uow:
        stand_still = uow.session.scalars(
            select(Case.opschorting).where(Case.reference == suspended[0])
        ).one()
        uow.session.execute(update(Case).where(Case.reference == marked).values(opschorting=stand_still))
        uow.commit()
    inbox = bea.get("/inbox?tab=alle").text
    assert MARK in _inbox_cell(inbox, marked)
    assert MARK not in _inbox_cell(inbox, other)
    assert MARK in _deadline_cell(bea.get(f"/zaken?q={marked}").text, marked)  # as the case list has it
