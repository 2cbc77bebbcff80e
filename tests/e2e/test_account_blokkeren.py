"""A blocked account (`ruimteflow users blokkeren`) gets in by no route of the web: the login page, single
sign-on, an API token, a browser session that was open. `users revoke` left the password and single sign-on
working, so a leaver logged in again (review finding)."""

from __future__ import annotations

from services import account_block
from tests.e2e.fake_idp import id_token_claims, sso_start
from tests.e2e.test_faces_oidc import idp  # noqa: F401 - idp is a fixture

BEARER = {"Authorization": "Bearer demo-anna"}


def test_a_blocked_account_gets_in_by_no_route(browser_for, faces_app, faces_platform):
    open_session = browser_for("anna")
    assert open_session.get("/inbox").status_code == 200
    api = faces_app.test_client()
    assert api.get("/api/v1/taken", headers=BEARER).status_code == 200

    account_block.block(faces_platform, "anna", reden="uit dienst")

    assert open_session.get("/inbox").status_code == 302  # the open session has ended
    refused = api.get("/api/v1/taken", headers=BEARER)
    assert refused.status_code == 401 and refused.headers["Content-Type"] == "application/problem+json"
    blocked, wrong = browser_for().login("anna", "demo"), browser_for().login("anna", "fout")
    # the login page answers as for a wrong password: nobody learns that the account exists or is blocked
    assert blocked.status_code == wrong.status_code == 401
    assert "Gebruikersnaam of wachtwoord klopt niet." in blocked.text
    assert "geblokkeerd" not in blocked.text.lower()


def test_single_sign_on_refuses_a_blocked_account(browser_for, idp, faces_platform):  # noqa: F811
    account_block.block(faces_platform, "anna")
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, preferred_username="anna")
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 403 and "geblokkeerd" in resp.text and "functioneel beheer" in resp.text
    assert b.get("/inbox").status_code == 302  # not logged in


def test_single_sign_on_refuses_an_account_another_login_made_and_that_was_blocked_meanwhile(
    browser_for,
    idp,  # noqa: F811
    faces_platform,
    monkeypatch,
):
    """The race branch of a first login through a broker (the account inserted by another tab between
    this login's lookup and its insert) returned that account without the block check the other branch
    makes, so an account blocked meanwhile got in (review, noticed and left alone)."""
    from services import users

    faces_platform.settings = faces_platform.settings.with_(
        oidc_username_claim="sub", oidc_create_initiators=True, oidc_scope="openid"
    )
    made_by_other_tab = users.add_user

    def other_tab_first_then_blocked(platform, username, **kwargs):  # between our lookup and our insert
        made_by_other_tab(platform, username, role="initiatiefnemer", display_name="Andere tab")
        account_block.block(platform, username, reden="misbruik")
        return made_by_other_tab(platform, username, **kwargs)

    monkeypatch.setattr(users, "add_user", other_tab_first_then_blocked)
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, sub="s00000000:900000003", name="Deze tab")
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 403 and "geblokkeerd" in resp.text and "functioneel beheer" in resp.text
    assert b.get("/mijn-aanvragen").status_code == 302  # not logged in


def test_after_deblokkeren_the_password_logs_in_again(browser_for, faces_platform):
    account_block.block(faces_platform, "anna")
    assert browser_for().login("anna").status_code == 401
    account_block.unblock(faces_platform, "anna")
    b = browser_for()
    assert b.login("anna").status_code == 302
    assert "Anna de Vries" in b.get("/inbox").text
