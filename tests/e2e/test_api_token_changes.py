"""A changed API token or account counts at once: no request trusts what an earlier one read."""

from __future__ import annotations

from sqlalchemy import text

from services import users
from tests.e2e.test_api import assert_problem, auth, deploy
from tests.e2e.test_api import client as client  # noqa: F401  (the fixture)


def test_a_replaced_token_is_refused_at_once(client, platform):
    assert client.get("/api/v1/taken", headers=auth("t-anna")).status_code == 200
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", token="t-anna-2")
    assert_problem(client.get("/api/v1/taken", headers=auth("t-anna")), 401, "token-ongeldig")
    assert client.get("/api/v1/taken", headers=auth("t-anna-2")).status_code == 200


def test_a_changed_role_counts_on_the_next_request(client, platform):
    assert deploy(client, token="t-bea").status_code == 201
    users.add_user(platform, "kees", groups=["Beheer"], role="beheerder")  # bea is not the last beheerder
    users.add_user(platform, "bea", groups=["Beheer"], role="vergunningverlener", token="t-bea")
    assert_problem(deploy(client, token="t-bea"), 403, "rol-vereist")
    assert client.get("/api/v1/taken?selectie=alle", headers=auth("t-bea")).status_code == 200


def test_a_changed_group_counts_on_the_next_request(client, platform):
    assert deploy(client, token="t-bea").status_code == 201
    started = client.post(
        "/api/v1/zaken", json={"proces": "vergunning_klein", "gegevens": {}}, headers=auth("t-bea")
    )
    assert started.status_code == 201, started.get_json()
    before = client.get("/api/v1/taken?selectie=team", headers=auth("t-anna")).get_json()
    assert before["totaal"] >= 1
    users.add_user(platform, "anna", groups=["Juridisch"], role="vergunningverlener", token="t-anna")
    after = client.get("/api/v1/taken?selectie=team", headers=auth("t-anna")).get_json()
    assert after["totaal"] == 0


def test_nothing_of_a_request_outlives_it(client, platform):
    from services import request_users

    assert client.get("/api/v1/taken", headers=auth("t-bea")).status_code == 200
    assert request_users.known("bea") is None  # the scope closed with the request
    with platform.uow() as uow:  # a change that bypasses users.add_user is seen by the next request too
        uow.session.execute(text("update app_user set role = 'vergunningverlener' where username = 'bea'"))
        uow.commit()
    assert_problem(deploy(client, token="t-bea"), 403, "rol-vereist")
