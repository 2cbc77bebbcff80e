"""Findings of the fourth API review, on the real models with the demo users (no seeded history).

An adviser's token set the legal start data of a permit (granted van rechtswege at once); an
initiator's token dated its own aanvulling and ingebrekestelling (ending the suspension, starting the
dwangsom on the day it chose) and sent an aanvulling without the requested documents, which the status
page refuses; answering a message returned the case to a party that may not open it; the document list
of a case answered what GET of the case refuses; the override reason's limit differed from the schema.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from services import cases
from services.clock import FixedClock
from services.platform import Platform
from services.store.models import Case
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.integration.document_helpers import pdf

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app

ACTIVITEIT = {"activiteiten": ["technische_bouwactiviteit"]}


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>): the model editor's app."""
    return editor_app.test_client()


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{name}"}


def platform_of(client: Any) -> Platform:
    return client.application.extensions["ruimteflow"]  # type: ignore[no-any-return]


def problem(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text[:400]
    assert resp.mimetype == "application/problem+json"
    body: dict[str, Any] = json.loads(resp.text)
    assert body["code"] == code and body["detail"], body
    return body


def start(client: Any, who: str, gegevens: dict[str, Any], proces: str = "omgevingsvergunning") -> Any:
    body = {"proces": proces, "titel": "Aanbouw", "gegevens": gegevens}
    return client.post("/api/v1/zaken", json=body, headers=bearer(who))


def case_of(client: Any, ref: str, who: str = "anna") -> dict[str, Any]:
    resp = client.get(f"/api/v1/zaken/{ref}", headers=bearer(who))
    assert resp.status_code == 200, resp.text[:300]
    return dict(resp.get_json())


# -- an adviser may not set the municipality's start data ----------------------------------------------
def test_an_adviser_cannot_set_the_receipt_day_or_the_legal_regime(client: Any) -> None:
    """rob (adviseur) got 201 and 'vergunning van rechtswege verleend (Wabo)' at once; only a
    behandelaar registers a paper application with its receipt day (README, Autorisatie)."""
    before = table_counts(platform_of(client))
    backdated = {**ACTIVITEIT, "ontvangen": "2023-06-01", "regime": "wabo"}
    for who in ("rob", "nina", "coop"):  # an adviser, an outside party, an initiator
        body = problem(start(client, who, backdated), 403, "startgegeven-niet-toegestaan")
        assert "ontvangen" in body["detail"] and "regime" in body["detail"]
    assert table_counts(platform_of(client)) == before
    plain = start(client, "rob", ACTIVITEIT)  # with the form's fields an adviser may still start one
    assert plain.status_code == 201, plain.text[:300]
    assert plain.get_json()["uiterlijkeEinddatumAfdoening"] == "2026-04-28"
    paper = start(client, "anna", {**ACTIVITEIT, "ontvangen": "2026-02-20"})
    assert paper.status_code == 201 and paper.get_json()["uiterlijkeEinddatumAfdoening"] == "2026-04-17"


# -- an initiator's message is received the day it arrives (as on the status page) ---------------------
def send(client: Any, who: str, ref: str, naam: str, gegevens: dict[str, Any]) -> Any:
    body = {"naam": naam, "gegevens": gegevens}
    return client.post(f"/api/v1/zaken/{ref}/berichten", json=body, headers=bearer(who))


def coops_case(client: Any, **ontvankelijkheid: Any) -> str:
    """coop's permit application, judged by anna (incomplete unless ``compleet`` says otherwise)."""
    resp = start(client, "coop", ACTIVITEIT)
    assert resp.status_code == 201, resp.text[:300]
    ref = str(resp.get_json()["zaak"])
    [task] = [
        t for t in client.get("/api/v1/taken", headers=bearer("anna")).get_json()["taken"] if t["zaak"] == ref
    ]
    data = {"compleet": False, "ontbrekend": "tekening", "aanvullingstermijn_dagen": 28, **ontvankelijkheid}
    done = client.post(
        f"/api/v1/taken/{task['id']}/voltooien", json={"gegevens": data}, headers=bearer("anna")
    )
    assert done.status_code == 200, done.text[:300]
    return ref


def periods(client: Any, ref: str) -> list[tuple[str, str, int]]:
    return [(p["van"], p["tot"], p["dagen"]) for p in case_of(client, ref)["opschorting"]["periodes"]]


def test_an_initiators_aanvulling_is_received_the_day_it_arrives(client: Any, clock: FixedClock) -> None:
    """coop's token sent its aanvulling on day 20 with ontvangen_op = the day of the request: the
    suspension was 0 days and the deadline stayed 28 April (Awb 4:15: it runs until the supplement comes).
    The receipt day is refused by name (pentest13, 2: it was dropped without a word), nothing changed."""
    ref = coops_case(client)
    clock.advance(days=20)
    before = table_counts(platform_of(client))
    backdated = send(
        client, "coop", ref, "aanvulling", {"tekst": "Hierbij de tekening.", "ontvangen_op": "2026-03-02"}
    )
    assert problem(backdated, 422, "berichtgegeven-niet-toegestaan")["veld"] == "ontvangen_op"
    assert table_counts(platform_of(client)) == before
    sent = send(client, "coop", ref, "aanvulling", {"tekst": "Hierbij de tekening."})
    assert sent.status_code == 200, sent.text[:300]
    assert periods(client, ref) == [("2026-03-02", "2026-03-22", 19)]
    assert case_of(client, ref)["uiterlijkeEinddatumAfdoening"] == "2026-05-18"


def test_an_initiators_aanvulling_needs_the_requested_documents(client: Any, clock: FixedClock) -> None:
    """The status page refused it (aanvulling-onvolledig); coop's token ended the suspension without them."""
    ref = coops_case(client, gevraagde_documenten=["bijlage"])
    clock.advance(days=5)
    before = table_counts(platform_of(client))
    body = problem(
        send(client, "coop", ref, "aanvulling", {"tekst": "Zie bijlage."}), 400, "aanvulling-onvolledig"
    )
    assert "Stuur ook mee: Bijlage of tekening" in body["detail"]
    assert table_counts(platform_of(client)) == before
    assert case_of(client, ref)["opschorting"]["indicatie"] is True
    upload = client.post(
        f"/api/v1/zaken/{ref}/documenten",
        data={"bestand": (io.BytesIO(pdf("tekening")), "tekening.pdf"), "informatieobjecttype": "bijlage"},
        headers=bearer("coop"),
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.text[:300]
    sent = send(client, "coop", ref, "aanvulling", {"tekst": "Hierbij de tekening."})
    assert sent.status_code == 200, sent.text[:300]
    assert case_of(client, ref)["opschorting"]["indicatie"] is False
    assert periods(client, ref) == [("2026-03-02", "2026-03-07", 4)]


def test_an_initiators_ingebrekestelling_is_received_the_day_it_arrives(
    client: Any, clock: FixedClock
) -> None:
    """Sent on 25 May, dated 29 April by coop's token: the dwangsom ran from 13 May instead of 8 June
    (Awb 4:17 lid 3: two weeks after the ingebrekestelling is received). The date is refused by name."""
    ref = coops_case(client, compleet=True)
    for _ in range(12):  # the deadline (28 April) passes
        clock.advance(days=7)
        cases.fire_due_timers(platform_of(client))
    before = table_counts(platform_of(client))
    backdated = send(
        client,
        "coop",
        ref,
        "ingebrekestelling",
        {"tekst": "Ik stel u in gebreke.", "ontvangen_op": "2026-04-29", "bevestigd": True},
    )
    assert problem(backdated, 422, "berichtgegeven-niet-toegestaan")["veld"] == "ontvangen_op"
    assert table_counts(platform_of(client)) == before
    unconfirmed = send(client, "coop", ref, "ingebrekestelling", {"tekst": "Ik stel u in gebreke."})
    assert problem(unconfirmed, 422, "bevestiging-nodig")["veld"] == "bevestigd"  # as the status page asks
    assert table_counts(platform_of(client)) == before
    confirmed = {"tekst": "Ik stel u in gebreke.", "bevestigd": True}
    sent = send(client, "coop", ref, "ingebrekestelling", confirmed)
    assert sent.status_code == 200, sent.text[:300]
    lines = [
        e["tekst"] for e in case_of(client, ref)["tijdlijn"] if "Ingebrekestelling ontvangen" in e["tekst"]
    ]
    assert lines and all("ontvangen op 25 mei 2026" in t and "8 juni 2026" in t for t in lines), lines


def test_a_behandelaar_registers_a_letter_with_its_receipt_day(client: Any, clock: FixedClock) -> None:
    """A letter that came by post: anna gives the day it arrived, never one in the future."""
    ref = coops_case(client)
    clock.advance(days=10)
    before = table_counts(platform_of(client))
    problem(send(client, "anna", ref, "aanvulling", {"ontvangen_op": "2026-03-13"}), 400, "datum-in-toekomst")
    assert table_counts(platform_of(client)) == before
    sent = send(client, "anna", ref, "aanvulling", {"ontvangen_op": "2026-03-09"})
    assert sent.status_code == 200, sent.text[:300]
    assert periods(client, ref) == [("2026-03-02", "2026-03-09", 6)]


def test_the_command_line_sends_as_an_account_under_the_same_rules(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ruimteflow messages send --user coop` is coop's message: without the requested drawing, refused."""
    from web import cli

    ref = coops_case(client, gevraagde_documenten=["bijlage"])
    url = str(platform_of(client).settings.database_url)
    before = table_counts(platform_of(client))
    argv = ["messages", "send", ref, "aanvulling", "--data", '{"tekst": "Zie bijlage."}', "--user", "coop"]
    assert cli.main([*argv, "--database", url]) == 2
    assert "Stuur ook mee: Bijlage of tekening" in capsys.readouterr().err
    assert table_counts(platform_of(client)) == before


def test_the_command_line_starts_as_an_account_under_the_same_rules(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review of 6e74bc2: `ruimteflow cases start omgevingsvergunning --as rob` with a backdated
    ``ontvangen`` and ``regime: wabo`` gave a permit van rechtswege at once, as the API no longer does."""
    import json

    from web import cli

    url = str(platform_of(client).settings.database_url)
    before = table_counts(platform_of(client))
    backdated = json.dumps({**ACTIVITEIT, "ontvangen": "2023-06-01", "regime": "wabo"})
    for who in ("rob", "coop"):
        argv = ["cases", "start", "omgevingsvergunning", "--data", backdated, "--as", who]
        assert cli.main([*argv, "--database", url]) == 2
        assert "ontvangen" in capsys.readouterr().err
    assert table_counts(platform_of(client)) == before
    argv = ["cases", "start", "omgevingsvergunning", "--data", backdated, "--as", "anna"]
    assert cli.main([*argv, "--database", url, "--json"]) == 0  # a behandelaar registers a paper one
    assert json.loads(capsys.readouterr().out)["status"] == "afgerond"


# -- what a message answers a party that may not open the case -----------------------------------------
def declared_answer(client: Any, path: str, method: str = "post") -> dict[str, Any]:
    doc = client.get("/api/v1/openapi.json").get_json()
    schema: dict[str, Any] = doc["paths"][path][method]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    return schema


PIMS_TRANSPORTVERZOEK = {
    "proces": "transportverzoek",
    "titel": "Zonnepark De Kamp",
    "locatie": "Kampweg 12",
    "geometrie": {"type": "Point", "coordinates": [6.4403, 52.0075]},
    "gegevens": {"vermogen_mva": 2.5, "richting": "invoeding"},
}


def pims_transportverzoek(client: Any, headers: dict[str, str] | None = None) -> str:
    """pim's transportverzoek, which the Netbeheerder (nina) answers but may not open: its reference."""
    resp = client.post(
        "/api/v1/zaken", json=PIMS_TRANSPORTVERZOEK, headers={**bearer("pim"), **(headers or {})}
    )
    assert resp.status_code == 201, resp.text[:300]
    return str(resp.get_json()["zaak"])


def test_an_answer_from_a_party_that_may_not_open_the_case_is_only_a_receipt(client: Any) -> None:
    """nina (Netbeheerder) gets 403 on pim's transportverzoek, but her answer returned its title,
    location and geometry."""
    from jsonschema import Draft202012Validator

    ref = pims_transportverzoek(client)
    problem(client.get(f"/api/v1/zaken/{ref}", headers=bearer("nina")), 404, "zaak-onbekend")
    answer = send(client, "nina", ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit"})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.get_json() == {"bericht": "netbeheerder_antwoord", "afgeleverd": True}
    assert "Zonnepark" not in answer.text and "Kampweg" not in answer.text
    schema = declared_answer(client, "/zaken/{case_key}/berichten")
    Draft202012Validator(schema).validate(answer.get_json())  # the OpenAPI document declares it
    mine = send(client, "coop", coops_case(client), "aanvulling", {"tekst": "Hierbij."})
    assert mine.status_code == 200 and mine.get_json()["zaak"]  # whoever may open the case gets its view
    Draft202012Validator(schema).validate(mine.get_json())


def test_a_refused_grid_request_or_answer_names_the_missing_field_without_python_words(client: Any) -> None:
    """Review api17 F6 / wup17 F4: '… moet een getal zijn, niet None.' with veld null, and the answer
    without a position '… hoort een positie (geheel getal vanaf 1), niet None.'."""
    leeg = {**PIMS_TRANSPORTVERZOEK, "gegevens": {}}
    body = problem(
        client.post("/api/v1/zaken", json=leeg, headers=bearer("pim")), 400, "transportvermogen-ongeldig"
    )
    assert body["detail"] == "Het gevraagde transportvermogen (MVA) moet een getal zijn, maar ontbreekt."
    assert body["veld"] == "vermogen_mva"
    ref = pims_transportverzoek(client)
    answer = send(client, "nina", ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst"})
    body = problem(answer, 400, "netantwoord-positie")
    assert body["detail"] == "De positie op de wachtlijst moet een geheel getal vanaf 1 zijn, maar ontbreekt."
    assert body["veld"] == "positie"


# -- an outside party that applies is that case's applicant --------------------------------------------
def test_an_outside_party_that_applies_gets_the_volgcode_of_its_application_once(client: Any) -> None:
    """README said 'never' while the code gave it: nina applies as an organisation, cannot open the case
    (she has no task on it) and follows it, and answers an aanvullingsverzoek, on the status page."""
    gegevens = {**ACTIVITEIT, "aanvrager": "Netbeheer BV", "omschrijving": "Onderstation"}
    resp = start(client, "nina", gegevens)
    assert resp.status_code == 201, resp.text[:300]
    code, ref = resp.get_json()["volgcode"], resp.get_json()["zaak"]
    assert code and client.get(f"/api/v1/status/{code}").status_code == 200
    problem(client.get(f"/api/v1/zaken/{ref}", headers=bearer("nina")), 404, "zaak-onbekend")
    assert code not in case_of(client, ref, "anna").values()  # staff read it without the volgcode


# -- the contract: the document list, the override reason ----------------------------------------------
def test_the_document_list_of_a_case_is_refused_as_the_case_is(client: Any) -> None:
    """200 with an empty list for a case the token may not see, 404 for a missing one: the answer told
    whether a case exists, and the OpenAPI document declares 403."""
    ref = start(client, "anna", ACTIVITEIT).get_json()["zaak"]
    for who in ("coop", "nina", "rob"):
        problem(client.get(f"/api/v1/zaken/{ref}", headers=bearer(who)), 404, "zaak-onbekend")
        problem(client.get(f"/api/v1/zaken/{ref}/documenten", headers=bearer(who)), 404, "zaak-onbekend")
        problem(
            client.get("/api/v1/zaken/Z-2026-000099/documenten", headers=bearer(who)), 404, "zaak-onbekend"
        )
    listed = client.get(f"/api/v1/zaken/{ref}/documenten", headers=bearer("anna"))
    assert listed.status_code == 200 and listed.get_json() == {"documenten": [], "totaal": 0, "eerder": 0}


def test_the_override_reason_and_a_second_override_answer_as_declared(client: Any) -> None:
    """The schema allowed 2000 characters, the service (and the case page) 1000; a second override was
    400 where the document declares 409."""
    body = {"proces": "omgevingsvergunning", "titel": "X", "gegevens": ACTIVITEIT}
    body["geometrie"] = {"type": "Point", "coordinates": [6.4403, 52.0075]}
    ref = client.post("/api/v1/zaken", json=body, headers=bearer("anna")).get_json()["zaak"]
    url = f"/api/v1/zaken/{ref}/conflicten/1/overschrijven"
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"]["/zaken/{case_key}/conflicten/{conflict_id}/overschrijven"]["post"]
    assert (
        op["requestBody"]["content"]["application/json"]["schema"]["properties"]["reden"]["maxLength"] == 1000
    )
    assert (
        "'reden'"
        in problem(
            client.post(url, json={"reden": "x" * 1001}, headers=bearer("anna")), 400, "veld-ongeldig"
        )["detail"]
    )
    assert client.post(url, json={"reden": "x" * 1000}, headers=bearer("anna")).status_code == 200
    problem(
        client.post(url, json={"reden": "niet van toepassing"}, headers=bearer("anna")),
        409,
        "al-overschreven",
    )
    assert "409" in op["responses"]


# -- tester finding (toegang 4): the API intake skipped the form's limits and mailed any address ------------
def test_an_initiator_applies_with_its_own_address_not_anothers(client: Any) -> None:
    before = table_counts(platform_of(client))
    other = {
        **ACTIVITEIT,
        "aanvrager": "Coöperatie",
        "omschrijving": "Zon",
        "email": "slachtoffer@voorbeeld.nl",
    }
    body = problem(start(client, "coop", other), 403, "email-niet-van-account")
    assert "coop@ruimtedal.example" in body["detail"]
    assert table_counts(platform_of(client)) == before
    own = {**ACTIVITEIT, "aanvrager": "Coöperatie", "omschrijving": "Zon", "email": "COOP@ruimtedal.example"}
    assert start(client, "coop", own).status_code == 201
    without = {**ACTIVITEIT, "aanvrager": "Coöperatie", "omschrijving": "Zon"}
    resp = start(client, "coop", without)
    assert resp.status_code == 201  # the account's address is the case's
    with platform_of(client).uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == resp.get_json()["zaak"])).one()
        assert case.initiator_email == "coop@ruimtedal.example"


def test_applications_through_the_api_count_against_the_forms_budget(client: Any) -> None:
    """coop started 12 cases for one address in a minute: the form allows 5 per address per hour."""
    gegevens = {**ACTIVITEIT, "aanvrager": "Netbeheer BV", "omschrijving": "Onderstation"}
    for _ in range(5):
        assert start(client, "nina", {**gegevens, "email": "piet@voorbeeld.nl"}).status_code == 201
    before = table_counts(platform_of(client))
    resp = start(client, "nina", {**gegevens, "email": "piet@voorbeeld.nl"})
    assert problem(resp, 429, "te-veel-pogingen") and resp.headers["Retry-After"]
    assert table_counts(platform_of(client)) == before
    for _ in range(5):  # the account's own budget: 10 per hour, whatever the addresses
        assert start(client, "nina", gegevens).status_code == 201
    problem(start(client, "nina", {**gegevens, "email": "ander@voorbeeld.nl"}), 429, "te-veel-pogingen")
    assert start(client, "anna", {**gegevens, "soort_initiatiefnemer": "particulier"}).status_code == 201
