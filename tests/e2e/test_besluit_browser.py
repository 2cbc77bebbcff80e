"""Issue 13 "Done when", in a real browser on the real permit model (bpmn/omgevingsvergunning.bpmn) with the
demo data: the initiator applies with two bijlagen, the officer requests an aanvulling for a missing
drawing, the initiator supplies it on the status page (ending the suspension), an adviser uploads the
advice report their task requires, the teamleider drafts the besluit, edits one voorschrift and finalises
it, and the initiator downloads the PDF from the status page. The PDF's text holds the case number, the
voorschrift and the last day for bezwaar.

The besluit is sent on Thursday 2 April 2026: six weeks from the next day end on Hemelvaartsdag, 14 May
2026 (Awb 6:7, 6:8 lid 1), so by the Algemene termijnenwet the last day is Friday 15 May 2026.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from services import cases, demo
from services.documents import NewDocument, upload_document
from services.status import lookup
from services.store.models import Adres
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.document_helpers import PNG, pdf

clock, demo_layers, demo_template, demo_app = fx.clock, fx.demo_layers, fx.demo_template, fx.demo_app
browser, live, page = fx.browser, fx.live, fx.page
pytestmark = pytest.mark.browser
VOORSCHRIFT = "De dakkapel wordt uitgevoerd in donkergrijs zink, uiterlijk 1 oktober 2026."


def demo_user(group: str) -> str:
    return next(name for name, _, _, groups in demo.DEMO_USERS if group in groups)


def open_tasks(platform: Any, ref: str, element: str) -> list[dict[str, Any]]:
    return [t for t in cases.get_case(platform, ref)["open_taken"] if t["element"] == element]


def as_user(browser: Any, live: Any, username: str) -> Any:
    p = fx.new_page(browser)
    fx.login(p, live, username, target="/inbox")
    return p


def _apply(page: Any, live: Any, platform: Any, tmp_path: Path) -> str:
    """The initiator applies on the public form with two bijlagen; returns the volgcode."""
    with platform.uow(write=False) as uow:
        adres = uow.session.scalars(select(Adres).order_by(Adres.id).limit(1)).one()
        postcode, nummer = adres.postcode, str(adres.huisnummer)
    page.goto(f"{live.url}/aanvragen/omgevingsvergunning")
    page.fill("#veld-aanvrager", "Piet Jansen")
    page.select_option("#veld-soort_initiatiefnemer", "inwoner")
    page.fill("#veld-email", "piet@example.nl")
    page.fill("#veld-omschrijving", "Dakkapel met werkplaats")
    page.check("input[name=activiteiten][value=technische_bouwactiviteit]")
    # a buitenplanse omgevingsplanactiviteit not designated by the raad: advice of Ruimtelijke Ordening
    # (advies-routering.dmn), reguliere procedure (procedurekeuze.dmn)
    page.check("input[name=activiteiten][value=omgevingsplanactiviteit_buitenplans]")
    page.fill("#adres-postcode", f"{postcode[:4]} {postcode[4:].lower()}")
    page.fill("#adres-huisnummer", nummer)
    page.click("#adres-zoek")
    page.wait_for_selector("#adres-resultaat:has-text('Gevonden')")
    page.wait_for_selector("#locatiecheck-resultaat ul, #locatiecheck-resultaat p")
    (tmp_path / "plattegrond.pdf").write_bytes(pdf("plattegrond"))
    (tmp_path / "situatie.png").write_bytes(PNG)
    page.set_input_files(
        "#veld-bijlagen", [str(tmp_path / "plattegrond.pdf"), str(tmp_path / "situatie.png")]
    )
    page.click("#aanvraag-versturen")
    page.wait_for_url(re.compile(r".*/ontvangen$"))
    page.click("#volglink")
    page.wait_for_selector("#documenten")
    assert "plattegrond" in page.inner_text("#documenten") and "situatie" in page.inner_text("#documenten")
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def _officer_requests_aanvulling(browser: Any, live: Any, platform: Any, ref: str) -> None:
    [task] = open_tasks(platform, ref, "ontvankelijkheid")
    officer = as_user(browser, live, demo_user(task["kandidaatgroepen"][0]))
    officer.goto(f"{live.url}/taken/{task['id']}")
    assert "plattegrond" in officer.inner_text("#documenten")  # the bijlagen are in the case file
    officer.check("#veld-compleet-nee")  # a required ja/nee: chosen, never assumed
    officer.fill("#veld-ontbrekend", "doorsnedetekening van de dakkapel")
    officer.fill("#veld-aanvullingstermijn_dagen", "14")
    officer.check("input[name=gevraagde_documenten][value=bijlage]")
    officer.click("button:has-text('Taak afronden')")
    officer.wait_for_url(f"{live.url}/inbox")
    officer.context.close()


def _initiator_supplies(page: Any, live: Any, code: str, tmp_path: Path) -> None:
    page.goto(f"{live.url}/status/{code}")
    assert "voorlopig" in page.inner_text("#status-termijn")  # suspended
    (tmp_path / "doorsnede.pdf").write_bytes(pdf("doorsnede dakkapel"))
    page.fill("#aanvulling-tekst", "Hierbij de doorsnedetekening van de dakkapel.")
    page.set_input_files("#aanvulling-document-bijlage", str(tmp_path / "doorsnede.pdf"))
    page.click("#actie-aanvulling button[type=submit]")
    page.wait_for_selector("#verstuurd")
    assert "voorlopig" not in page.inner_text("#status-termijn")  # the suspension ended
    assert "doorsnede" in page.inner_text("#documenten")


def _adviser_uploads_report_and_advises(browser: Any, live: Any, task: dict[str, Any]) -> None:
    adviser = as_user(browser, live, demo_user(task["kandidaatgroepen"][0]))
    adviser.goto(f"{live.url}/taken/{task['id']}")
    assert "ontbreekt nog" in adviser.inner_text("#vereiste-documenten")
    adviser.select_option("#veld-oordeel", "akkoord")
    with adviser.expect_navigation():  # refused by the server: read the page it sends back
        adviser.click("button:has-text('Taak afronden')")  # refused: the report is missing
    assert "Deze taak vraagt eerst een document van u: adviesrapport." in adviser.inner_text("main")
    report = {
        "name": "adviesrapport.pdf",
        "mimeType": "application/pdf",
        "buffer": pdf(f"rapport {task['id']}"),
    }
    adviser.set_input_files("#vereist-advies", files=[report])
    adviser.click("#vereiste-documenten form button[type=submit]")
    adviser.wait_for_selector("text=Adviesrapport: toegevoegd")
    adviser.select_option("#veld-oordeel", "akkoord")
    adviser.click("button:has-text('Taak afronden')")
    adviser.wait_for_url(f"{live.url}/inbox")
    adviser.context.close()


def _other_advices_and_assessment(platform: Any, ref: str) -> None:
    for task in open_tasks(platform, ref, "advies_geven"):
        user = demo_user(task["kandidaatgroepen"][0])
        meta = NewDocument(informatieobjecttype="advies", bestandsnaam=f"advies-{user}.pdf")
        upload_document(platform, ref, user, io.BytesIO(pdf(f"advies {task['id']}")), meta)
        cases.complete_task(platform, task["id"], user, {"oordeel": "akkoord"})
    [task] = open_tasks(platform, ref, "beoordelen")
    cases.complete_task(
        platform,
        task["id"],
        demo_user(task["kandidaatgroepen"][0]),
        {"actie": "beoordeling_gereed", "beoordeling": "De dakkapel past binnen het omgevingsplan."},
    )


def _teamleider_decides(browser: Any, live: Any, platform: Any, ref: str) -> None:
    [task] = open_tasks(platform, ref, "besluit")
    tl = as_user(browser, live, demo_user("Teamleider"))
    tl.goto(f"{live.url}/taken/{task['id']}")
    tl.fill("#voorschrift-1", "De dakkapel wordt uitgevoerd in zink.")
    tl.fill("#besluit-datum", "2026-04-02")
    tl.fill("#besluit-verzonden", "2026-04-02")
    tl.click("#besluit-concept-knop")
    tl.wait_for_selector("#besluit-concept")
    tl.fill("#voorschrift-1", VOORSCHRIFT)  # the officer edits the voorschrift after reading the draft
    tl.click("#besluit-definitief-knop")
    tl.wait_for_selector("#besluit-definitief")
    assert "Bezwaar is mogelijk tot en met 18 mei 2026." in tl.inner_text("#besluit-definitief")
    tl.click("button:has-text('Taak afronden')")
    tl.wait_for_url(f"{live.url}/inbox")
    tl.context.close()


def test_from_aanvulling_to_the_besluit_pdf_on_the_status_page(
    demo_app: Any, live: Any, page: Any, browser: Any, clock: Any, tmp_path: Path
) -> None:
    platform = demo_app.extensions["ruimteflow"]
    code = _apply(page, live, platform, tmp_path)
    ref = cases.get_case(platform, lookup.case_id_of(platform, code))["zaak"]
    clock.advance(days=1)
    _officer_requests_aanvulling(browser, live, platform, ref)
    clock.advance(days=2)
    _initiator_supplies(page, live, code, tmp_path)
    [intake] = open_tasks(platform, ref, "ontvankelijkheid")
    cases.complete_task(platform, intake["id"], demo_user(intake["kandidaatgroepen"][0]), {"compleet": True})
    advices = open_tasks(platform, ref, "advies_geven")
    assert advices, "the locatiecheck routed no advice"
    _adviser_uploads_report_and_advises(browser, live, advices[0])
    _other_advices_and_assessment(platform, ref)
    clock.set(
        datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
    )  # the day of the besluit (a final one is not dated ahead)
    _teamleider_decides(browser, live, platform, ref)

    page.goto(f"{live.url}/status/{code}")
    with page.expect_download() as info:
        page.click("#documenten a:has-text('Besluit')")
    target = tmp_path / "besluit.pdf"
    info.value.save_as(str(target))
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(str(target)).pages).split())
    assert ref in text
    assert VOORSCHRIFT in text
    assert "18 mei 2026" in text  # Hemelvaartsdag 14 May, Friday 15 May equated by KB
