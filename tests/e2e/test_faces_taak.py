"""The task page: the model's form, server-side validation, completion and the case file beside it."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from sqlalchemy import select

from services.store.models import CaseConflict, CaseEvent, HumanTask
from tests.e2e.casefile_fixtures import deploy_permit, fake_locatiecheck, start_permit, task_of
from tests.e2e.task_rows import open_task_of
from tests.integration.document_helpers import pdf


def test_task_page_renders_the_form_instructions_and_case_file(
    browser_for, start_case, enrich_case, faces_platform
):
    ref = start_case(
        geometry="POLYGON((155000 463000, 155030 463000, 155030 463020, 155000 463020, 155000 463000))"
    )["zaak"]
    enrich_case(
        ref,
        deadline=date(2026, 4, 27),
        steps=["Ontvangen op 2 maart 2026 (dag 0)", "+ 8 weken reguliere procedure: 27 april 2026"],
    )
    task = open_task_of(faces_platform, ref)
    html = browser_for("anna").get(f"/taken/{task.id}").text
    assert "<h1>Aanvraag beoordelen</h1>" in html
    assert f"Controleer of de aanvraag {ref} compleet is." in html  # instructions
    # a required boolean: ja/nee to choose, neither chosen
    assert '<legend>Aanvraag compleet <span class="verplicht">(verplicht)</span></legend>' in html
    assert '<input type="radio" id="veld-compleet" name="compleet" value="true" required>' in html
    assert '<input type="radio" id="veld-compleet-nee" name="compleet" value="false" required>' in html
    assert '<textarea id="veld-toelichting" name="toelichting"' in html and 'maxlength="500"' in html
    assert "+ 8 weken reguliere procedure: 27 april 2026" in html  # the term explained
    assert "nog 56 dagen" in html
    assert '<svg viewBox="' in html and "Locatie van zaak" in html  # the small map
    assert "Geen documenten." in html
    assert "Zaak gestart" in html and "Taak klaar" in html  # timeline


def test_invalid_form_keeps_values_and_shows_dutch_errors(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    task = open_task_of(faces_platform, ref)
    long_text = "x" * 501
    resp = browser_for("anna").post(f"/taken/{task.id}", {"compleet": "true", "toelichting": long_text})
    assert resp.status_code == 422
    assert "Het formulier is nog niet in orde" in resp.text
    assert "Veld &#39;Toelichting&#39; is te lang (maximaal 500 tekens)." in resp.text
    assert 'aria-invalid="true"' in resp.text and 'id="veld-toelichting-fout"' in resp.text
    assert f">{long_text}</textarea>" in resp.text  # the entered text is kept
    assert 'value="true" checked' in resp.text
    assert open_task_of(faces_platform, ref).state == "open"


def test_enum_becomes_a_select_and_required_is_enforced(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    anna = browser_for("anna")
    anna.post(f"/taken/{open_task_of(faces_platform, ref).id}", {"compleet": "true"})
    besluit = open_task_of(faces_platform, ref)
    assert besluit.name == "Besluit nemen"
    jet = browser_for("jet")
    page = jet.get(f"/taken/{besluit.id}").text
    assert '<select id="veld-besluit" name="besluit" required aria-required="true">' in page
    assert '<option value="verlenen">Verlenen</option>' in page
    resp = jet.post(f"/taken/{besluit.id}", {"besluit": ""})
    assert resp.status_code == 422 and "Veld &#39;Besluit&#39; is verplicht." in resp.text
    resp = jet.post(f"/taken/{besluit.id}", {"besluit": "verlenen"})
    assert resp.status_code == 302
    case_page = jet.get(f"/zaken/{ref}").text
    assert "Afgerond" in case_page and "besluit: verlenen" in case_page


def test_completing_hands_the_case_to_the_next_group(browser_for, start_case, faces_platform):
    ref = start_case()["zaak"]
    task = open_task_of(faces_platform, ref)
    anna = browser_for("anna")
    anna.post(f"/taken/{task.id}/oppakken")
    resp = anna.post(f"/taken/{task.id}", {"compleet": "true", "toelichting": "Alles aanwezig"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox"
    flash = anna.get("/inbox").text
    assert "Volgende stap: &#39;Besluit nemen&#39; (Juridisch)" in flash
    assert "Besluit nemen" in browser_for("jet").get("/inbox?tab=team").text
    with faces_platform.uow(write=False) as uow:
        done = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "taak-voltooid")).one()
        assert done.actor == "anna"
    again = anna.post(f"/taken/{task.id}", {"compleet": "true"})
    assert again.status_code == 409 and "al voltooid door Anna de Vries" in again.text


def test_a_task_held_by_a_colleague_is_read_only(browser_for, start_case, faces_platform):
    task = open_task_of(faces_platform, start_case()["zaak"])
    browser_for("tom").post(f"/taken/{task.id}/oppakken")
    anna = browser_for("anna")
    page = anna.get(f"/taken/{task.id}").text
    assert "Deze taak is opgepakt door Tom Bakker." in page and "Taak afronden" not in page
    resp = anna.post(f"/taken/{task.id}", {"compleet": "true"})
    assert resp.status_code == 403


def test_override_a_conflict_with_a_reason(browser_for, start_case, enrich_case, faces_platform):
    ref = start_case()["zaak"]
    enrich_case(ref, conflicts=[{"ernst": "blokkerend", "afdeling": "Natuur"}])
    task = open_task_of(faces_platform, ref)
    assert task.max_severity == "blokkerend"
    with faces_platform.uow(write=False) as uow:
        conflict_id = uow.session.scalars(select(CaseConflict.id)).one()
    anna = browser_for("anna")
    page = anna.get(f"/taken/{task.id}").text
    assert "Binnen 250 m van een Natura 2000-gebied" in page and "natura2000-afstand" in page
    assert "Provincie, Natura 2000-kaart 2025" in page and "Conflict overschrijven" in page
    url = f"/zaken/{ref}/conflicten/{conflict_id}/overschrijven"

    # a reason too short: the page it was typed on again, the text kept and the error at its field
    # (review vvl16, F4: a flash on top and a redirect that lost the text)
    for back in (f"/taken/{task.id}", f"/zaken/{ref}"):
        short = anna.post(url, {"reden": "nee", "terug": back})
        assert short.status_code == 422, (back, short.status_code)
        error = f'<p class="veld-fout" id="fout-reden-{conflict_id}">Geef een reden'
        assert (
            error in short.text
            and f'aria-describedby="fout-reden-{conflict_id}">nee</textarea>' in short.text
        )
        assert f'<input type="hidden" name="terug" value="{back}">' in short.text  # not the POST's URL

    jet = browser_for("jet")  # neither a permit officer nor from Natuur, and no task on this case
    assert jet.post(url, {"reden": "Niet van toepassing"}).status_code == 404  # as an unknown case

    ok = anna.post(
        url, {"reden": "Ecoloog: geen effect op stikstofgevoelige habitat", "terug": f"/taken/{task.id}"}
    )
    assert ok.status_code == 302
    page = anna.get(f"/taken/{task.id}").text
    assert "door anna: Ecoloog: geen effect op stikstofgevoelige habitat" in page
    assert "Conflict overschreven" in page  # timeline event
    assert open_task_of(faces_platform, ref).max_severity is None
    with faces_platform.uow(write=False) as uow:
        c = uow.session.get(CaseConflict, conflict_id)
        assert (c.overschreven, c.override_by) == (True, "anna")
        event = uow.session.scalars(select(CaseEvent).where(CaseEvent.kind == "conflict-overschreven")).one()
        assert event.actor == "anna" and event.public is False
    again = anna.post(url, {"reden": "Nogmaals overschrijven"})
    assert again.status_code == 302
    assert "al overschreven door anna" in anna.get(f"/zaken/{ref}").text


def test_a_required_yes_no_question_left_untouched_is_refused_not_stored_as_no(
    browser_for, start_case, faces_platform
):
    """Before, the required boolean 'compleet' was one checkbox and an untouched form was stored as
    compleet = false: 'not complete' recorded by omission."""
    ref = start_case()["zaak"]
    task = open_task_of(faces_platform, ref)
    anna = browser_for("anna")
    resp = anna.post(f"/taken/{task.id}", {"toelichting": "Nog niet gekeken"})
    assert resp.status_code == 422
    assert '<a href="#veld-compleet">Veld &#39;Aanvraag compleet&#39; is verplicht.</a>' in resp.text
    assert 'id="veld-compleet-fout"' in resp.text and 'aria-describedby="veld-compleet-fout"' in resp.text
    assert ">Nog niet gekeken</textarea>" in resp.text
    assert open_task_of(faces_platform, ref).id == task.id
    resp = anna.post(f"/taken/{task.id}", {"compleet": "false"})
    assert resp.status_code == 302
    with faces_platform.uow(write=False) as uow:
        assert uow.session.get(HumanTask, task.id).data == {"compleet": False}


def test_a_colleague_claiming_meanwhile_is_told_and_the_typed_text_kept(
    browser_for, start_case, faces_platform
):
    """Before: a bare 403 error page, and the typed assessment was gone."""
    task = open_task_of(faces_platform, start_case()["zaak"])
    anna, tom = browser_for("anna"), browser_for("tom")
    assert "Taak afronden" in anna.get(f"/taken/{task.id}").text
    tom.post(f"/taken/{task.id}/oppakken")
    typed = "Tekening 3 ontbreekt; de gevel is niet gemaatvoerd."
    resp = anna.post(f"/taken/{task.id}", {"compleet": "false", "toelichting": typed})
    assert resp.status_code == 403
    assert "<h1>Aanvraag beoordelen</h1>" in resp.text  # the task page, not an error page
    assert "is toegewezen aan Tom Bakker; alleen die persoon kan haar afronden." in resp.text
    assert "Uw invoer is niet opgeslagen" in resp.text and typed in resp.text
    assert "<dt>Aanvraag compleet</dt><dd" in resp.text

    tom.post(f"/taken/{task.id}", {"compleet": "true"})
    resp = tom.post(f"/taken/{task.id}", {"compleet": "true", "toelichting": typed})  # a second tab
    assert resp.status_code == 409 and "al voltooid door Tom Bakker" in resp.text and typed in resp.text


def test_the_beheerder_on_a_free_task_of_another_team_reads_whose_it_is(
    browser_for, start_case, faces_platform
):
    task = open_task_of(faces_platform, start_case()["zaak"])
    page = browser_for("bea").get(f"/taken/{task.id}").text
    assert "None" not in page
    assert (
        "Deze taak is voor Vergunningen. Alleen een lid van dat team kan haar oppakken en afronden." in page
    )
    assert "Taak afronden" not in page


def _advise(browser: Any, platform: Any, ref: str, user: str, name: str, data: dict[str, str]) -> str:
    """Upload the advice report and complete the advice task; the completion message shown."""
    browser.post(
        f"/zaken/{ref}/documenten",
        {
            "bestand": (io.BytesIO(pdf(f"advies {user}")), f"advies-{user}.pdf"),
            "informatieobjecttype": "advies",
        },
        content_type="multipart/form-data",
    )
    resp = browser.post(f"/taken/{task_of(platform, ref, user, name)['id']}", data)
    assert resp.status_code == 302
    page = browser.get("/inbox").text
    return " ".join(m.strip() for m in re.findall(r"Taak &#39;[^<]*afgerond\.[^<]*", page))


def test_an_external_party_hears_only_that_its_task_is_done(browser_for, faces_platform):
    """Before, mila (Omgevingsdienst, an external party) read the municipality's next step and team."""
    fake_locatiecheck(faces_platform)
    deploy_permit(faces_platform)
    ref = start_permit(faces_platform, user="coop")["zaak"]
    anna = browser_for("anna")
    anna.post(
        f"/taken/{task_of(faces_platform, ref, 'anna', 'Ontvankelijkheid')['id']}", {"compleet": "true"}
    )
    told = _advise(browser_for("mila"), faces_platform, ref, "mila", "Advies Milieu", {"oordeel": "akkoord"})
    assert told == f"Taak &#39;Advies Milieu&#39; van zaak {ref} is afgerond."
    told = _advise(browser_for("eva"), faces_platform, ref, "eva", "Advies Energie", {"oordeel": "akkoord"})
    assert (
        "Volgende stap: &#39;Aanvraag inhoudelijk beoordelen&#39; (Vergunningen)." in told
    )  # staff: as before
