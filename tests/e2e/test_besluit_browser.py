"""Issue 13 "Done when", in a real browser on the real permit model (bpmn/omgevingsvergunning.bpmn) with the
demo data: the officer requests an aanvulling, the initiator supplies it on the status page (ending the
suspension), an adviser uploads the advice report their task requires, the teamleider drafts the besluit,
edits one voorschrift and finalises it, and the initiator downloads the PDF from the status page. The PDF's
text holds the case number, the voorschrift and the last day for bezwaar.

The besluit is sent on Thursday 2 April 2026: six weeks from the next day end on Hemelvaartsdag, 14 May
2026 (Awb 6:7, 6:8 lid 1), so by the Algemene termijnenwet the last day is Friday 15 May 2026.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from services import cases, demo
from services import status as status_service
from services.documents import NewDocument, upload_document
from tests.e2e import kaart_status_fixtures as fx
from tests.integration.document_helpers import pdf

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


def _apply(platform: Any) -> dict[str, Any]:
    return status_service.submit_application(
        platform,
        "omgevingsvergunning",
        {
            "aanvrager": "Piet Jansen",
            "email": "piet@example.nl",
            "omschrijving": "Dakkapel Dorpsstraat 1",
            "locatie_naam": "Dorpsstraat 1, Ruimtedal",
            # a milieubelastende activiteit: advice of Milieu (advies-routering.dmn), regulier procedure
            "activiteiten": ["technische_bouwactiviteit", "milieubelastende_activiteit"],
            "soort_initiatiefnemer": "inwoner",
            "coordinaat": "226050 448050",
        },
    )


def _officer_requests_aanvulling(browser: Any, live: Any, platform: Any, ref: str) -> None:
    [task] = open_tasks(platform, ref, "ontvankelijkheid")
    officer = as_user(browser, live, demo_user(task["kandidaatgroepen"][0]))
    officer.goto(f"{live.url}/taken/{task['id']}")
    officer.fill("#veld-ontbrekend", "bouwtekening van de dakkapel (doorsnede)")
    officer.fill("#veld-aanvullingstermijn_dagen", "14")
    officer.click("button:has-text('Taak afronden')")
    officer.wait_for_url(f"{live.url}/inbox")
    officer.context.close()


def _initiator_supplies(page: Any, live: Any, code: str) -> None:
    page.goto(f"{live.url}/status/{code}")
    assert page.inner_text("#status-wacht-op").startswith("wacht op aanvulling van de aanvrager")
    page.fill("#aanvulling-tekst", "Hierbij de doorsnedetekening van de dakkapel.")
    page.fill("#aanvulling-documenten", "doorsnede-dakkapel.pdf")
    page.click("#actie-aanvulling button[type=submit]")
    page.wait_for_selector("#verstuurd")
    assert "Opschorting beëindigd" in page.inner_text("#tijdlijn")


def _adviser_uploads_report_and_advises(browser: Any, live: Any, task: dict[str, Any]) -> None:
    adviser = as_user(browser, live, demo_user(task["kandidaatgroepen"][0]))
    adviser.goto(f"{live.url}/taken/{task['id']}")
    assert "ontbreekt nog" in adviser.inner_text("#vereiste-documenten")
    adviser.select_option("#veld-oordeel", "akkoord")
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
    assert "Bezwaar is mogelijk tot en met 15 mei 2026." in tl.inner_text("#besluit-definitief")
    tl.click("button:has-text('Taak afronden')")
    tl.wait_for_url(f"{live.url}/inbox")
    tl.context.close()


def test_from_aanvulling_to_the_besluit_pdf_on_the_status_page(
    demo_app: Any, live: Any, page: Any, browser: Any, clock: Any, tmp_path: Path
) -> None:
    platform = demo_app.extensions["ruimteflow"]
    started = _apply(platform)
    ref = started["zaak"]
    _officer_requests_aanvulling(browser, live, platform, ref)
    clock.advance(days=2)
    _initiator_supplies(page, live, started["volgcode"])
    [intake] = open_tasks(platform, ref, "ontvankelijkheid")
    cases.complete_task(platform, intake["id"], demo_user(intake["kandidaatgroepen"][0]), {"compleet": True})
    advices = open_tasks(platform, ref, "advies_geven")
    assert advices, "the locatiecheck routed no advice"
    _adviser_uploads_report_and_advises(browser, live, advices[0])
    _other_advices_and_assessment(platform, ref)
    _teamleider_decides(browser, live, platform, ref)

    page.goto(f"{live.url}/status/{started['volgcode']}")
    with page.expect_download() as info:
        page.click("a.besluit-download")
    target = tmp_path / "besluit.pdf"
    info.value.save_as(str(target))
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(str(target)).pages).split())
    assert ref in text
    assert VOORSCHRIFT in text
    assert "15 mei 2026" in text
