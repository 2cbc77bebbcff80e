"""The limits of a message's data on every way in (processes/berichtgrenzen.py).

Pentest on the demo (HIGH): nina (Netbeheerder) answered with 7 million numbers beside her uitkomst
(a 14 MB body: 200 after 19-29 s), and coop's account sent an aanvulling with a 5 MB text and 2 million
document names, which the status page refuses over 5,000 characters or 20 documents. Both were stored in
the case's process state; every later step of those cases took up to 100 times as long.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from processes import berichtgrenzen, netcongestie
from processes.errors import ValidationError
from services import cases
from services.store.models import Case
from tests.e2e.modeleditor_fixtures import editor_app, editor_platform, editor_template
from tests.e2e.test_api_bad_input import table_counts
from tests.e2e.test_api_round4 import bearer, coops_case, pims_transportverzoek, platform_of, problem, send
from web import hygiene

__all__ = ["editor_app", "editor_platform", "editor_template"]  # the fixtures of the model editor's app


@pytest.fixture
def client(editor_app: Flask) -> Any:
    """bpmn/ deployed with the demo users and their tokens (demo-<name>)."""
    return editor_app.test_client()


def tracking_code(client: Any, ref: str) -> str:
    with platform_of(client).uow(write=False) as uow:
        return str(uow.session.scalar(select(Case.tracking_code).where(Case.reference == ref)))


def test_an_outside_partys_answer_carries_only_what_its_model_reads(client: Any) -> None:
    """nina's answer with a padded list beside its uitkomst was stored; now it is refused by field, as is a
    field the model does not read and a text longer than its field takes. Nothing changes."""
    ref = pims_transportverzoek(client)
    before = table_counts(platform_of(client))
    padded = send(client, "nina", ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit", "x": [0] * 500})
    assert problem(padded, 400, berichtgrenzen.TOO_LARGE)["veld"] == "x"
    extra = send(
        client, "nina", ref, "netbeheerder_antwoord", {"uitkomst": "capaciteit", "notitie": "Zie brief."}
    )
    body = problem(extra, 422, "berichtgegeven-niet-toegestaan")
    assert body["veld"] == "notitie" and body["toegestaan"] == sorted(netcongestie.ANTWOORD_VELDEN)
    long = {"uitkomst": "wachtlijst", "positie": 3, "congestiegebied": "Noord" * 100}
    assert problem(send(client, "nina", ref, "netbeheerder_antwoord", long), 400, "bericht-te-groot")[
        "veld"
    ] == ("congestiegebied")
    assert table_counts(platform_of(client)) == before
    answer = send(client, "nina", ref, "netbeheerder_antwoord", {"uitkomst": "wachtlijst", "positie": 3})
    assert answer.status_code == 200, answer.text[:300]


def _never_parsed(raw: bytes | str) -> Any:
    raise AssertionError("the over-size body was parsed")


def test_a_message_body_over_its_cap_is_refused_before_it_is_read(client: Any, monkeypatch: Any) -> None:
    """The pentest's 14 MB body (under the app's 20 MB cap) took 19-29 s and was stored; now its declared
    length alone refuses it (413, at ``gegevens``), at once, on the API and on the status page's twin."""
    ref = pims_transportverzoek(client)
    before = table_counts(platform_of(client))
    gegevens = {"uitkomst": "capaciteit", "x": [0] * 7_000_000}
    raw = json.dumps({"naam": "netbeheerder_antwoord", "gegevens": gegevens}, separators=(",", ":"))
    assert len(raw) > 14_000_000
    with monkeypatch.context() as patched:  # refused by its declared length: never parsed
        patched.setattr(hygiene, "parse_json", _never_parsed)
        resp = client.post(
            f"/api/v1/zaken/{ref}/berichten",
            data=raw,
            content_type="application/json",
            headers=bearer("nina"),
        )
    assert problem(resp, 413, berichtgrenzen.TOO_LARGE)["veld"] == "gegevens"
    code = tracking_code(client, coops_case(client))
    before = table_counts(platform_of(client))
    twin = client.post(f"/api/v1/status/{code}/berichten/aanvulling", json={"tekst": "x" * 600_000})
    assert problem(twin, 413, berichtgrenzen.TOO_LARGE)["veld"] == "gegevens"
    assert table_counts(platform_of(client)) == before


def test_the_applicants_account_holds_its_message_to_the_status_pages_limits(client: Any, clock: Any) -> None:
    """coop's account took an aanvulling text and document list of any length; the status page (and its
    API twin) refuse a text over 5,000 characters and more than 20 documents. Now both ways refuse them."""
    ref = coops_case(client)
    clock.advance(days=2)
    before = table_counts(platform_of(client))
    text = "x" * (berichtgrenzen.MAX_TEXT + 1)
    body = problem(send(client, "coop", ref, "aanvulling", {"tekst": text}), 400, "formulier-ongeldig")
    assert body["veld"] == "tekst" and "5000" in body["fouten"]["tekst"]
    many = {"tekst": "Zie de lijst.", "documenten": [f"bijlage-{i}.pdf" for i in range(21)]}
    assert (
        problem(send(client, "coop", ref, "aanvulling", many), 400, "formulier-ongeldig")["veld"]
        == "documenten"
    )
    huge = {"aanvulling_tekst": "x" * 50_000, "aanvulling_documenten": ["d.pdf"] * 2000}
    assert problem(send(client, "coop", ref, "aanvulling", huge), 400, berichtgrenzen.TOO_LARGE)["veld"] in (
        "aanvulling_tekst",
        "aanvulling_documenten",
    )
    code = tracking_code(client, ref)
    twin = client.post(f"/api/v1/status/{code}/berichten/aanvulling", json={"tekst": text})
    # the twin's contract bounds tekst at the same 5,000 (web/api/schemas.PUBLIC_MESSAGE) and refuses first
    refusal = problem(twin, 400, "veld-ongeldig")
    assert refusal["veld"] == "tekst" and "5000" in refusal["detail"], refusal
    assert table_counts(platform_of(client)) == before
    sent = send(
        client, "coop", ref, "aanvulling", {"tekst": "Hierbij de tekening.", "documenten": ["tekening.pdf"]}
    )
    assert sent.status_code == 200, sent.text[:300]


def test_a_behandelaar_and_a_trusted_call_are_held_to_the_general_limits(client: Any, clock: Any) -> None:
    """anna registering a letter through the API, and the CLI without --user (``cases.send_message``),
    stored any size of data."""
    ref = coops_case(client)
    clock.advance(days=2)
    before = table_counts(platform_of(client))
    letter = {"inhoud": "x" * (berichtgrenzen.MAX_STRING + 1), "ontvangen_op": "2026-03-03"}
    assert (
        problem(send(client, "anna", ref, "aanvulling", letter), 400, berichtgrenzen.TOO_LARGE)["veld"]
        == "inhoud"
    )
    deep: dict[str, Any] = {"bijlage": "tekening.pdf"}
    for _ in range(berichtgrenzen.MAX_DEPTH):
        deep = {"a": deep}
    with pytest.raises(ValidationError) as refused:
        cases.send_message(platform_of(client), ref, "aanvulling", deep)
    assert refused.value.code == berichtgrenzen.TOO_LARGE and refused.value.extra["veld"] == "a.a.a.a.a"
    assert table_counts(platform_of(client)) == before
    sent = send(
        client, "anna", ref, "aanvulling", {"inhoud": "Hierbij de tekening.", "ontvangen_op": "2026-03-03"}
    )
    assert sent.status_code == 200, sent.text[:300]


def test_the_cli_refuses_it_with_and_without_an_account(client: Any, capsys: Any) -> None:
    """`ruimteflow messages send` (``cases.send_message`` without --user, the API's use case with it)."""
    from web.cli import main

    ref = coops_case(client)
    before = table_counts(platform_of(client))
    data = json.dumps({"inhoud": "x" * (berichtgrenzen.MAX_STRING + 1), "ontvangen_op": "2026-03-02"})
    database = ["--database", platform_of(client).settings.database_url, "--json"]
    for account in ([], ["--user", "anna"]):
        code = main(["messages", "send", ref, "aanvulling", "--data", data, *account, *database])
        out, err = capsys.readouterr()
        assert code == 2 and berichtgrenzen.TOO_LARGE in out + err, (code, out, err)
    assert table_counts(platform_of(client)) == before
