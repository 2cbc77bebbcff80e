"""Tester finding (meldingen 4): with RUIMTEFLOW_BASE_URL unset, every mail linked to
http://127.0.0.1:5000, also a mail written during a request at https://vergunningen.gemeente.nl, while
README says the base is then taken from the request. A forged Host header must not reach the mail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from services import cases
from services.store.models import OutboxMessage
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.test_status_http import FORM, form_tokens

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
COOP = "coop@ruimtedal.example"


@pytest.fixture
def platform(app: Any) -> Any:
    p = app.extensions["ruimteflow"]
    p.settings = p.settings.with_(base_url="")
    return p


def _lost_link(app: Any, base: str) -> str:
    """Ask for the tracking link again over ``base``; the text of the mail it writes."""
    platform = app.extensions["ruimteflow"]
    client = app.test_client()
    csrf = fx.csrf_from(client.get("/volglink", base_url=base).text)
    assert (
        client.post("/volglink", data={"email": COOP, "csrf_token": csrf}, base_url=base).status_code == 200
    )
    with platform.uow(write=False) as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "volglink")).all()
        return str(rows[-1].payload["tekst"])


def _case(platform: Any) -> dict[str, Any]:
    return cases.start_case(
        platform,
        "kaart_status_vergunning",
        {"email": COOP},
        user="anna",
        title="Zonnedak sporthal",
        initiator="Energiecoöperatie Ruimtedal",
        geometry_wkt="POINT (226000 448000)",
    )


def test_a_mail_written_in_a_local_request_links_to_that_requests_address(app, platform):
    case = _case(platform)
    text = _lost_link(app, "http://localhost:8123")  # a loopback host: the demo on another port
    assert f"http://localhost:8123/status/{case['volgcode']}" in text


def test_a_mail_written_in_a_request_links_to_that_requests_trusted_host(app, platform):
    platform.settings = platform.settings.with_(trusted_hosts="vergunningen.gemeente.nl")
    case = _case(platform)
    text = _lost_link(app, "https://vergunningen.gemeente.nl")
    assert f"https://vergunningen.gemeente.nl/status/{case['volgcode']}" in text
    assert "127.0.0.1" not in text


def test_a_forged_host_never_reaches_the_mail(app, platform):
    platform.settings = platform.settings.with_(trusted_hosts="vergunningen.gemeente.nl")
    case = _case(platform)
    text = _lost_link(app, "https://evil.example")
    assert "evil.example" not in text
    assert f"http://127.0.0.1:5000/status/{case['volgcode']}" in text  # the demo address, and a warning


def test_a_host_with_a_user_part_never_reaches_the_mail(app, platform):
    """sessie7 finding 1: for Python the host of 'evil.example\\@localhost' is localhost (trusted), but a
    browser reads the backslash as a slash and opens evil.example with the victim's volgcode."""
    case = _case(platform)
    client, forged = app.test_client(), {"Host": "evil.example\\@localhost"}
    csrf = fx.csrf_from(client.get("/volglink", headers=forged).text)
    client.post("/volglink", data={"email": COOP, "csrf_token": csrf}, headers=forged)
    with platform.uow(write=False) as uow:
        [row] = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "volglink")).all()
    assert "evil.example" not in str(row.payload)
    assert f"http://127.0.0.1:5000/status/{case['volgcode']}" in str(row.payload["tekst"])


def test_the_setting_wins_over_the_request(app, platform):
    platform.settings = platform.settings.with_(base_url="https://ruimteflow.ruimtedal.example")
    case = _case(platform)
    text = _lost_link(app, "https://vergunningen.gemeente.nl")
    assert f"https://ruimteflow.ruimtedal.example/status/{case['volgcode']}" in text


def test_the_received_page_shows_the_requesters_own_address_whatever_its_host(app, platform):
    """Issue #12: with RUIMTEFLOW_BASE_URL unset the tracking link on the page derives from the request.
    The page goes to whoever sent the request, so its own host is safe there (not so in a mail)."""
    client = app.test_client()
    base = "https://vergunningen.gemeente.nl"  # not among the trusted hosts
    tokens = form_tokens(client.get("/aanvragen/kaart_status_vergunning", base_url=base).text)
    resp = client.post("/aanvragen/kaart_status_vergunning", data={**tokens, **FORM}, base_url=base)
    assert resp.status_code == 303, resp.text
    page = client.get(resp.headers["Location"], base_url=base).text
    assert re.search(r"https://vergunningen\.gemeente\.nl/status/[A-Za-z0-9_-]{32}", page)
    assert "127.0.0.1" not in page
