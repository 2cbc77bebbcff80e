"""Every moment the API sends carries its offset, in UTC: SQLite hands stored timestamps back naive
(they are stored in UTC), and a client reading a naive ISO string as local time is an hour or two off."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, jsonify, render_template_string

from services import users
from services.clock import NL, FixedClock
from tests.conftest import FIXTURES
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_public_documents import apply_with
from tests.e2e.test_status_http import started
from tests.integration.document_helpers import pdf
from web import create_app, hygiene

demo_layers = fx.demo_layers

#: a winter moment (the Dutch clock is at +01:00) with microseconds, as in the tester's case
STARTED = datetime(2026, 12, 3, 12, 11, 0, 74412, tzinfo=UTC)


def moment(text: str) -> datetime:
    """A sent moment: an ISO 8601 string with an offset, and that offset is UTC's."""
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, f"{text!r} has no offset"
    assert parsed.utcoffset() == timedelta(0), f"{text!r} is not in UTC"
    return parsed


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(STARTED)


def test_case_and_public_status_send_moments_with_their_utc_offset(
    tmp_path: Path, demo_layers: Path, clock: FixedClock
) -> None:
    client = fx.make_app(tmp_path, demo_layers, clock).test_client()
    code = started(client)  # an application through the public form, on the SQLite store

    status = client.get(f"/api/v1/status/{code}")
    assert status.status_code == 200, status.text
    timeline = status.get_json()["tijdlijn"]
    assert timeline and [moment(e["tijdstip"]) for e in timeline] == [STARTED] * len(timeline)
    assert {e["datum"] for e in timeline} == {"2026-12-03"}  # the Dutch calendar day stays a plain date

    clock.advance(minutes=5)
    anna = {"Authorization": "Bearer token-anna"}
    case = client.get("/api/v1/zaken/1", headers=anna).get_json()
    assert moment(case["gestart_op"]) == STARTED
    assert case["tijdlijn"] and {moment(e["tijdstip"]) for e in case["tijdlijn"]} == {STARTED}
    assert case["open_taken"] and [moment(t["aangemaakt_op"]) for t in case["open_taken"]] == [STARTED]


def test_the_case_answer_is_in_utc_on_either_store(any_platform: Any) -> None:
    """PostgreSQL hands moments back in the session's zone, SQLite naive: both are sent as UTC."""
    users.add_user(any_platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    users.add_user(any_platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna")
    client = create_app(any_platform.settings, platform=any_platform).test_client()
    model = {"bestand": (open(FIXTURES / "bpmn" / "vergunning_klein.bpmn", "rb"), "vergunning_klein.bpmn")}
    bea, anna = {"Authorization": "Bearer t-bea"}, {"Authorization": "Bearer t-anna"}
    deployed = client.post("/api/v1/modellen", data=model, headers=bea, content_type="multipart/form-data")
    assert (
        deployed.status_code == 201
        and moment(deployed.get_json()["gedeployed"][0]["gedeployed_op"]) == STARTED
    )
    started = client.post("/api/v1/zaken", json={"proces": "vergunning_klein"}, headers=anna).get_json()
    case = client.get(f"/api/v1/zaken/{started['zaak']}", headers=anna).get_json()
    assert moment(case["gestart_op"]) == STARTED
    assert case["tijdlijn"] and {moment(e["tijdstip"]) for e in case["tijdlijn"]} == {STARTED}
    assert [moment(t["aangemaakt_op"]) for t in case["open_taken"]] == [STARTED]


def test_a_public_document_sent_after_midnight_dutch_time_is_dated_on_the_dutch_day(
    tmp_path: Path, demo_layers: Path
) -> None:
    late = FixedClock(datetime(2026, 12, 3, 23, 30, tzinfo=UTC))  # 00:30 on 4 December in the Netherlands
    client = fx.make_app(tmp_path, demo_layers, late).test_client()
    resp = apply_with(client, [(pdf("plattegrond"), "plattegrond.pdf")])
    assert resp.status_code == 303, resp.text
    code = re.search(r"/status/([A-Za-z0-9_-]{32})", client.get(resp.headers["Location"]).text).group(1)  # type: ignore[union-attr]
    status = client.get(f"/api/v1/status/{code}").get_json()
    assert [d["datum"] for d in status["documenten"]] == ["2026-12-04"]
    assert {e["datum"] for e in status["tijdlijn"]} == {"2026-12-04"}  # the timeline beside it agrees
    assert {moment(e["tijdstip"]) for e in status["tijdlijn"]} == {late.now()}


def test_the_json_encoder_writes_moments_in_utc_with_offset_and_dates_plain() -> None:
    """What a view hands to jsonify (or a page to |tojson) as a datetime or date object itself."""
    app = Flask(__name__)
    hygiene.init_app(app)
    values = {
        "naief": STARTED.replace(tzinfo=None),  # as SQLite hands it back
        "nederlands": STARTED.astimezone(NL),  # 13:11:00.074412+01:00
        "dag": date(2026, 12, 3),
    }
    with app.test_request_context():
        sent = jsonify(values).get_json()
        page = render_template_string("{{ values|tojson }}", values=values)
    assert sent == {
        "naief": "2026-12-03T12:11:00.074412+00:00",
        "nederlands": "2026-12-03T12:11:00.074412+00:00",
        "dag": "2026-12-03",
    }
    assert json.loads(page) == sent
    assert moment(sent["naief"]) == STARTED
