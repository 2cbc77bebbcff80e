"""The besluit in the 'Besluit nemen' task of bpmn/omgevingsvergunning.bpmn: draft from the templates,
structured fields, finalising to an immutable PDF, the refusals of issue 13, and the download on the
initiator's status page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from processes.errors import ValidationError
from services import cases
from tests.e2e.casefile_fixtures import (
    start_permit,
    stored_state,
    to_besluit,
)
from tests.integration.document_helpers import pdf


def test_officer_drafts_edits_finalises_and_the_initiator_downloads(browser_for, faces_platform, monkeypatch):
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    ref = case["zaak"]
    tom = browser_for("tom")
    page = tom.get(f"/taken/{task['id']}").text
    assert "Besluit opstellen" in page
    assert ">Zonnepanelen op het dak</textarea>" in page  # the adviser's proposed voorschrift
    base = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    voorschrift = "Zonnepanelen op het zuidelijke dakvlak, uiterlijk 1 juli 2026."
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {**base, "voorschrift": [voorschrift, ""], "motivering": "", "actie": "concept"},
    )
    assert resp.status_code == 200
    srcdoc = re.search(r'srcdoc="([^"]*)"', resp.text)
    assert srcdoc and ref in srcdoc.group(1) and "zuidelijke dakvlak" in srcdoc.group(1)
    assert 'sandbox srcdoc="' in resp.text and "de motivering" in resp.text  # still missing
    before = stored_state(faces_platform)
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {**base, "voorschrift": [voorschrift], "motivering": "", "actie": "definitief"},
    )
    assert resp.status_code == 422
    assert "Het besluit kan nog niet definitief worden gemaakt. Vul eerst in: de motivering." in resp.text
    assert stored_state(faces_platform) == before
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            **base,
            "voorschrift": [voorschrift],
            "motivering": "Past in het omgevingsplan.",
            "actie": "definitief",
        },
    )
    assert resp.status_code == 200 and "Het besluit is definitief gemaakt" in resp.text
    assert "Bezwaar is mogelijk tot en met 13 april 2026." in resp.text
    assert '<option value="verlenen" selected>' in resp.text  # the task form takes over the besluit
    assert f">{voorschrift}</textarea>" in resp.text
    done = tom.post(
        f"/taken/{task['id']}",
        {"besluit": "verlenen", "voorschriften": voorschrift, "motivering": "Past in het omgevingsplan."},
    )
    assert done.status_code == 302

    status = browser_for().get(f"/status/{case['volgcode']}").text
    link = re.search(r'<a href="([^"]+)" download>Besluit \(verlenen\)', status)
    assert link, "no besluit on the status page"
    got = browser_for().get(link.group(1))
    assert got.status_code == 200 and got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"].startswith(f'attachment; filename="besluit-{ref}.pdf"')
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(got.data)).pages)
    flat = " ".join(text.split())
    assert ref in flat and "zuidelijke dakvlak" in flat and "13 april 2026" in flat


def test_a_final_besluit_gets_no_new_version_and_wrong_codes_get_nothing(
    browser_for, faces_platform, monkeypatch
):
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    ref = case["zaak"]
    tom = browser_for("tom")
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            "uitkomst": "weigeren",
            "besluitdatum": "2026-03-02",
            "verzenddatum": "2026-03-02",
            "motivering": "Past niet.",
            "actie": "definitief",
        },
    )
    doc_id = int(re.search(rf"/zaken/{ref}/documenten/(\d+)", resp.text).group(1))
    before = stored_state(faces_platform)
    again = tom.post(  # a second click on 'Definitief maken' makes no second besluit
        f"/taken/{task['id']}/besluit",
        {
            "uitkomst": "verlenen",
            "besluitdatum": "2026-03-02",
            "verzenddatum": "2026-03-02",
            "motivering": "Toch wel.",
            "actie": "definitief",
        },
    )
    assert again.status_code == 409 and "is het besluit al definitief gemaakt" in again.text
    assert stored_state(faces_platform) == before
    resp = tom.post(
        f"/zaken/{ref}/documenten/{doc_id}/versies",
        {"bestand": (io.BytesIO(pdf("ander besluit")), "besluit2.pdf")},
        content_type="multipart/form-data",
    )
    page = tom.get(resp.headers["Location"]).text
    assert (
        "is definitief en krijgt geen nieuwe versie; een besluit wordt gewijzigd met een nieuw besluit."
        in page
    )
    assert stored_state(faces_platform) == before
    assert browser_for().get(f"/status/{case['volgcode']}/documenten/{doc_id + 1000}").status_code == 404
    other = start_permit(faces_platform, user="coop", title="Andere aanvraag")
    assert browser_for().get(f"/status/{other['volgcode']}/documenten/{doc_id}").status_code == 404


def test_unknown_outcome_and_bad_date_are_refused_in_dutch(browser_for, faces_platform, monkeypatch):
    _, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    resp = tom.post(f"/taken/{task['id']}/besluit", {"uitkomst": "buiten_behandeling", "actie": "concept"})
    assert resp.status_code == 422 and "Kies de uitkomst van het besluit: verlenen, weigeren." in resp.text
    resp = tom.post(
        f"/taken/{task['id']}/besluit",
        {"uitkomst": "verlenen", "besluitdatum": "2026-02-31", "actie": "concept"},
    )
    assert resp.status_code == 422 and "besluitdatum" in resp.text
    assert browser_for("mila").post(f"/taken/{task['id']}/besluit", {"actie": "concept"}).status_code == 403


def test_the_process_counts_the_bezwaartermijn_from_the_dates_the_final_besluit_names(
    browser_for, faces_platform, faces_clock, monkeypatch
):
    """Tester finding: the PDF counted the bezwaartermijn from its verzenddatum, the process from the day
    the task was completed: the letter said 13 April, the status page and the onherroepelijk timer 16
    April (and with a later verzenddatum the other way round, refusing a bezwaar on time by the letter)."""

    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    resp = tom.post(
        f"/taken/{task['id']}/besluit", {**body, "motivering": "Past in het plan.", "actie": "definitief"}
    )
    assert "Bezwaar is mogelijk tot en met 13 april 2026." in resp.text
    faces_clock.advance(days=3)  # the task is completed three days after the letter went out
    done = tom.post(f"/taken/{task['id']}", {"besluit": "verlenen", "motivering": "Past in het plan."})
    assert done.status_code == 302
    summary = cases.get_case(faces_platform, case["zaak"])["samenvatting"]
    assert summary["besluit"]["datum"] == "2026-03-02"
    assert summary["rechtsmiddel"]["tot"] == "2026-04-13"


def test_the_task_is_not_completed_with_another_outcome_than_the_final_besluit(
    browser_for, faces_platform, monkeypatch
):
    """Tester finding: the final PDF granted the permit, the task was then completed with 'weigeren', and
    the process, the status page, the mail and Open Zaak said it was refused."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    tom.post(
        f"/taken/{task['id']}/besluit", {**body, "motivering": "Past in het plan.", "actie": "definitief"}
    )
    before = stored_state(faces_platform)
    refused = tom.post(f"/taken/{task['id']}", {"besluit": "weigeren", "motivering": "Toch niet."})
    assert refused.status_code == 422 and "luidt &#39;verlenen&#39;, niet &#39;weigeren&#39;" in refused.text
    assert stored_state(faces_platform) == before
    done = tom.post(f"/taken/{task['id']}", {"besluit": "verlenen", "motivering": "Past in het plan."})
    assert done.status_code == 302


def test_a_permit_besluit_is_not_made_final_by_a_plain_upload(browser_for, faces_platform, monkeypatch):
    """Tester finding: uploading a document of type besluit made a definitive besluit at any moment, as
    often as one liked, undeletable and on the status page, past every rule of the besluit editor; a
    signed scan uploaded so also replaced the letter's dates in the process."""
    from services.documents import NewDocument, upload_document

    case, _ = to_besluit(browser_for, faces_platform, monkeypatch)
    ref = case["zaak"]
    before = stored_state(faces_platform)
    tom = browser_for("tom")
    resp = tom.post(
        f"/zaken/{ref}/documenten",
        {"bestand": (io.BytesIO(pdf("gescand besluit")), "besluit.pdf"), "informatieobjecttype": "besluit"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Een besluit maakt u definitief in de taak waarin het wordt genomen" in resp.text
    assert stored_state(faces_platform) == before
    with pytest.raises(ValidationError) as err:  # the service (and so the API) refuses it with its code
        upload_document(faces_platform, ref, "tom", io.BytesIO(pdf("scan")), NewDocument("besluit", "b.pdf"))
    assert err.value.code == "besluit-alleen-via-taak"
    assert stored_state(faces_platform) == before


def test_the_task_records_the_voorschriften_and_motivering_of_the_final_besluit(
    browser_for, faces_platform, monkeypatch
):
    """Reviewer finding: the final PDF set the voorschrift 'geluidwal vóór ingebruikname', the task was
    completed (through the API) with another voorschrift and motivering, and the case, the status page
    and later supervision followed a besluit that was never sent."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    made = tom.post(
        f"/taken/{task['id']}/besluit",
        {
            **body,
            "voorschrift": ["De geluidwal wordt vóór ingebruikname aangelegd."],
            "motivering": "Past in het plan.",
            "actie": "definitief",
        },
    )
    assert made.status_code == 200
    before = stored_state(faces_platform)
    for other in (
        {"voorschriften": ["Zonnepanelen op het dak"], "motivering": "Past in het plan."},
        {"voorschriften": ["De geluidwal wordt vóór ingebruikname aangelegd."], "motivering": "Iets anders."},
    ):
        with pytest.raises(ValidationError) as err:
            cases.complete_task(faces_platform, task["id"], "tom", {"besluit": "verlenen", **other})
        assert err.value.code == "besluit-wijkt-af"
        assert stored_state(faces_platform) == before
    done = tom.post(  # as the form sends it: the lines of the PDF, a CRLF and trailing blanks aside
        f"/taken/{task['id']}",
        {
            "besluit": "verlenen",
            "voorschriften": "De geluidwal wordt vóór ingebruikname aangelegd. \r\n",
            "motivering": "Past in het plan.\r\n",
        },
    )
    assert done.status_code == 302
    summary = cases.get_case(faces_platform, case["zaak"])["samenvatting"]
    # exactly the letter's: eva's proposal, left out of the letter, is not a voorschrift of the permit
    assert summary["besluit"]["voorschriften"] == [
        {"tekst": "De geluidwal wordt vóór ingebruikname aangelegd.", "bron": "besluit"}
    ]
    assert summary["besluit"]["tekst"] == "vergunning verleend met 1 voorschrift"


def test_the_besluit_editor_of_a_completed_task_says_so(browser_for, faces_platform, monkeypatch):
    """Reviewer finding: posting the besluit editor after the task was completed (a second tab) gave a
    404 'bestaat niet'; and one outside the task's lane got a bare error page."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    final = {**body, "motivering": "Past in het plan.", "actie": "definitief"}
    tom.post(f"/taken/{task['id']}/besluit", final)
    assert (
        tom.post(
            f"/taken/{task['id']}", {"besluit": "verlenen", "motivering": "Past in het plan."}
        ).status_code
        == 302
    )
    before = stored_state(faces_platform)
    late = tom.post(f"/taken/{task['id']}/besluit", {**final, "actie": "concept"})
    assert late.status_code == 409
    assert (
        "Taak &#39;Besluit nemen&#39; is al voltooid door Tom Bakker; het besluit kan hier niet meer"
        in late.text
    )
    assert stored_state(faces_platform) == before


def test_the_editor_offers_making_final_only_to_who_may_take_the_task(
    browser_for, faces_platform, monkeypatch
):
    """Review of 0f98af3: on a task tom had claimed, the beheerder was shown 'Definitief maken', and
    pressing it ended on a bare 403 page with the typed motivering lost."""
    from services import inbox

    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    inbox.claim(faces_platform, task["id"], "tom")
    bea = browser_for("bea")
    page = bea.get(f"/taken/{task['id']}").text
    assert "Concept bekijken" in page and "Definitief maken" not in page
    before = stored_state(faces_platform)
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02"}
    refused = bea.post(
        f"/taken/{task['id']}/besluit", {**body, "motivering": "Mijn motivering.", "actie": "definitief"}
    )
    assert refused.status_code == 403
    assert "toegewezen aan Tom Bakker" in refused.text and "Mijn motivering." in refused.text
    assert stored_state(faces_platform) == before
    assert "Definitief maken" in browser_for("tom").get(f"/taken/{task['id']}").text


def test_the_letters_voorschriften_complete_the_task_as_the_face_fills_it_in(
    browser_for, faces_platform, monkeypatch
):
    """Review of ccc4843: an adviser's voorschrift kept in the letter was recorded twice ("met 2
    voorschriften" for a letter with one); a voorschrift of two lines could not be completed as the
    face pre-fills it; one over the task form's 1000 characters left the case stuck for good; and a
    refusal stored the pre-filled voorschriften it does not print, so completing it without them was
    refused."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    dates = {"besluitdatum": "2026-03-02", "verzenddatum": "2026-03-02", "motivering": "Past."}
    too_long = tom.post(
        f"/taken/{task['id']}/besluit",
        {**dates, "uitkomst": "verlenen", "voorschrift": ["x" * 1001], "actie": "definitief"},
    )
    assert too_long.status_code == 422 and "langer dan 1000 tekens" in too_long.text
    two_lines = "Zonnepanelen op het dak,\r\nuiterlijk 1 juli 2026."
    kept = ["Zonnepanelen op het dak", two_lines]  # eva's proposal, and one of the officer's own
    made = tom.post(
        f"/taken/{task['id']}/besluit",
        {**dates, "uitkomst": "verlenen", "voorschrift": kept, "actie": "definitief"},
    )
    assert made.status_code == 200
    prefilled = re.search(r'<textarea[^>]*name="voorschriften"[^>]*>([^<]*)</textarea>', made.text)
    assert prefilled is not None
    done = tom.post(
        f"/taken/{task['id']}",
        {"besluit": "verlenen", "voorschriften": prefilled.group(1), "motivering": "Past."},
    )
    assert done.status_code == 302, done.text
    summary = cases.get_case(faces_platform, case["zaak"])["samenvatting"]["besluit"]
    assert summary["voorschriften"] == [
        {"tekst": "Zonnepanelen op het dak", "bron": "advies Energie en Klimaat"},
        {"tekst": "Zonnepanelen op het dak, uiterlijk 1 juli 2026.", "bron": "besluit"},
    ]
    assert summary["tekst"] == "vergunning verleend met 2 voorschriften"


def test_a_refusal_is_completed_without_the_voorschriften_it_does_not_state(
    browser_for, faces_platform, monkeypatch
):
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    made = tom.post(  # the editor pre-fills eva's proposal; a refusal's letter prints no voorschriften
        f"/taken/{task['id']}/besluit",
        {
            "uitkomst": "weigeren",
            "besluitdatum": "2026-03-02",
            "verzenddatum": "2026-03-02",
            "motivering": "Past niet.",
            "voorschrift": ["Zonnepanelen op het dak"],
            "actie": "definitief",
        },
    )
    assert made.status_code == 200
    done = tom.post(f"/taken/{task['id']}", {"besluit": "weigeren", "motivering": "Past niet."})
    assert done.status_code == 302, done.text


def test_a_besluit_sent_later_is_not_told_as_made_known_already(browser_for, faces_platform, monkeypatch):
    """Reviewer finding: a final besluit with a verzenddatum ahead was told on completion as 'Besluit
    bekendgemaakt op <that day>', in the past tense, while it had not been sent yet."""
    case, task = to_besluit(browser_for, faces_platform, monkeypatch)
    tom = browser_for("tom")
    body = {"uitkomst": "verlenen", "besluitdatum": "2026-03-02", "verzenddatum": "2026-03-04"}
    tom.post(f"/taken/{task['id']}/besluit", {**body, "motivering": "Past.", "actie": "definitief"})
    assert tom.post(f"/taken/{task['id']}", {"besluit": "verlenen", "motivering": "Past."}).status_code == 302
    told = [e["tekst"] for e in cases.get_case(faces_platform, case["zaak"])["tijdlijn"]]
    assert "Besluit bekendgemaakt op 4 maart 2026." not in " ".join(told)
    assert any(t.startswith("Het besluit wordt verzonden op 4 maart 2026") for t in told), told
