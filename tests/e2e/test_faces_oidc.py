"""Single sign-on via OpenID Connect, against a fake identity provider."""

from __future__ import annotations

import base64
import json
import time
import urllib.parse
from typing import Any

import pytest

from tests.e2e.fake_idp import ISSUER, id_token_claims, sso_start
from tests.integration.core_helpers import list_users
from tests.integration.inbox_case import token_hash
from web.faces import oidc


def _jwt(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2lnbmF0dXVy"


@pytest.fixture
def idp(faces_platform, faces_app, monkeypatch):
    faces_platform.settings = faces_platform.settings.with_(oidc_issuer=ISSUER)
    faces_app.config.update(OIDC_CLIENT_ID="ruimteflow", OIDC_CLIENT_SECRET="geheim")
    state: dict[str, Any] = {"claims": {}, "calls": []}

    def fake(url: str, data: dict[str, str] | None = None, auth: Any = None) -> dict[str, Any]:
        state["calls"].append((url, data))
        if url.endswith("/.well-known/openid-configuration"):
            return {"authorization_endpoint": f"{ISSUER}/auth", "token_endpoint": f"{ISSUER}/token"}
        assert url == f"{ISSUER}/token" and data is not None
        return {"id_token": _jwt(state["claims"]), "access_token": "x"}

    monkeypatch.setattr(oidc, "_http_json", fake)
    return state


def test_login_page_offers_sso_only_when_configured(browser_for, idp, faces_app):
    assert "Inloggen via single sign-on" in browser_for().get("/inloggen").text
    faces_app.config["OIDC_CLIENT_ID"] = ""
    assert "Inloggen via single sign-on" not in browser_for().get("/inloggen").text
    assert browser_for().get("/inloggen/sso").status_code == 404


def test_sso_logs_a_known_user_in(browser_for, idp):
    b = browser_for()
    params = sso_start(b)
    assert params["response_type"] == "code" and params["client_id"] == "ruimteflow"
    assert params["code_challenge_method"] == "S256" and params["scope"] == "openid profile email"
    assert params["redirect_uri"].endswith("/inloggen/sso/terug")
    idp["claims"] = {
        "iss": ISSUER,
        "aud": "ruimteflow",
        "exp": time.time() + 300,
        "nonce": params["nonce"],
        "preferred_username": "anna",
    }
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 302 and resp.headers["Location"] == "/zaken"
    token_call = idp["calls"][-1][1]
    assert (
        token_call["code"] == "abc"
        and token_call["code_verifier"]
        and token_call["client_secret"] == "geheim"
    )
    assert "Anna de Vries" in b.get("/inbox").text


@pytest.mark.parametrize(
    "change, status",
    [
        ({"aud": "iemand-anders"}, 401),
        ({"iss": "https://nep.example"}, 401),
        ({"exp": 1}, 401),
        ({"nonce": "verkeerd"}, 401),
        ({"preferred_username": "onbekend"}, 403),
    ],
)
def test_sso_refuses_bad_tokens_and_unknown_people(browser_for, idp, change, status):
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = {
        "iss": ISSUER,
        "aud": ["ruimteflow"],
        "exp": time.time() + 300,
        "nonce": params["nonce"],
        "preferred_username": "anna",
        **change,
    }
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == status
    assert b.get("/inbox").status_code == 302  # not logged in


def test_sso_callback_needs_the_state_of_this_browser(browser_for, idp):
    b = browser_for()
    sso_start(b)
    assert b.get("/inloggen/sso/terug?code=abc&state=geraden").status_code == 400
    assert browser_for().get("/inloggen/sso/terug?code=abc&state=x").status_code == 400


def test_sso_logs_an_initiator_in_to_its_own_cases(browser_for, idp):
    # issue 16: an initiator is no longer refused ("Deze omgeving is voor medewerkers")
    b = browser_for()
    params = dict(
        urllib.parse.parse_qsl(urllib.parse.urlparse(b.get("/inloggen/sso").headers["Location"]).query)
    )
    idp["claims"] = id_token_claims(params, preferred_username="coop")
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 302 and resp.headers["Location"] == "/mijn-aanvragen"
    assert b.get("/mijn-aanvragen").status_code == 200
    assert b.get("/inbox").status_code == 403


def test_a_digid_broker_creates_an_initiator_account_by_a_hash_of_its_claim(browser_for, idp, faces_platform):
    faces_platform.settings = faces_platform.settings.with_(
        oidc_username_claim="sub",
        oidc_create_initiators=True,
        oidc_scope="openid",
        oidc_button_label="Inloggen met DigiD",
    )
    assert "Inloggen met DigiD" in browser_for().get("/inloggen").text
    b = browser_for()
    params = sso_start(b)
    assert params["scope"] == "openid"
    idp["claims"] = id_token_claims(
        params, sub="s00000000:900000001", email="burger@example.nl", email_verified=True
    )
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 302
    made = [u for u in list_users(faces_platform) if u["gebruikersnaam"].startswith("id-")]
    assert len(made) == 1 and made[0]["rol"] == "initiatiefnemer"
    assert "900000001" not in made[0]["gebruikersnaam"]  # no BSN in Ruimteflow
    assert b.get("/mijn-aanvragen").status_code == 200
    # the same person again: the same account, not a second one
    b2 = browser_for()
    params = sso_start(b2)
    idp["claims"] = id_token_claims(params, sub="s00000000:900000001")
    assert b2.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 302
    assert len([u for u in list_users(faces_platform) if u["gebruikersnaam"].startswith("id-")]) == 1


def test_a_first_login_by_a_broker_gives_the_initiator_account_no_api_token(browser_for, idp, faces_platform):
    """Nobody sees a token made at a first SSO login: no credential is made that nobody asked for (an
    admin can still give one with ``users token``)."""
    faces_platform.settings = faces_platform.settings.with_(
        oidc_username_claim="sub", oidc_create_initiators=True, oidc_scope="openid"
    )
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, sub="s00000000:900000003")
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 302
    [made] = [
        u["gebruikersnaam"] for u in list_users(faces_platform) if u["gebruikersnaam"].startswith("id-")
    ]
    assert token_hash(faces_platform, made) is None
    assert b.get("/mijn-aanvragen").status_code == 200  # the login itself works as before


def test_without_initiator_creation_an_unknown_person_is_refused(browser_for, idp, faces_platform):
    faces_platform.settings = faces_platform.settings.with_(oidc_username_claim="sub")
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, sub="iemand")
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 403


# -- tester findings (toegang 1, 5): the e-mail fallback, broker mode without a claim, odd input ---------------
@pytest.mark.parametrize(
    "email",
    [
        {"email": "bea@elders.example", "email_verified": False},  # unverified, another domain
        {"email": "bea@elders.example", "email_verified": True},  # verified, but not the municipality's
        {"email": "bea@ruimtedal.example", "email_verified": False},  # the domain, but not verified
        {"email": "bea@ruimtedal.example"},  # no verification claim at all
    ],
)
def test_an_email_address_is_matched_to_an_account_only_when_verified_and_of_the_municipality(
    browser_for, idp, faces_platform, email
):
    faces_platform.settings = faces_platform.settings.with_(oidc_email_domains="ruimtedal.example")
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, **email)  # no preferred_username (ADFS, Entra v1, Google)
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 403 and "geverifieerd e-mailadres" in resp.text
    assert b.get("/beheer").status_code == 302  # not logged in, certainly not as bea


def test_a_verified_address_of_the_municipality_logs_its_account_in(browser_for, idp, faces_platform):
    faces_platform.settings = faces_platform.settings.with_(oidc_email_domains="ruimtedal.example, x.example")
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, email="Anna@RuimteDal.example", email_verified="true")
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 302
    assert "Anna de Vries" in b.get("/inbox").text


def test_without_municipal_domains_no_email_address_is_matched(browser_for, idp):
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, email="anna@ruimtedal.example", email_verified=True)
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 403
    assert b.get("/inbox").status_code == 302


def test_a_broker_without_a_person_claim_logs_nobody_in(browser_for, idp, faces_platform):
    """A DigiD/eHerkenning broker makes initiator accounts: matching its e-mail addresses onto accounts
    would log a citizen in as the vergunningverlener with the same mailbox name."""
    faces_platform.settings = faces_platform.settings.with_(
        oidc_create_initiators=True, oidc_email_domains="gmail.example"
    )
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(
        params, email="anna@gmail.example", email_verified=True, preferred_username="anna"
    )
    resp = b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}")
    assert resp.status_code == 403 and "RUIMTEFLOW_OIDC_USERNAME_CLAIM" in resp.text
    assert b.get("/inbox").status_code == 302


def test_broker_mode_without_a_person_claim_is_refused_at_start(monkeypatch):
    from processes.errors import ValidationError
    from services.config import Settings

    monkeypatch.setenv("RUIMTEFLOW_OIDC_CREATE_INITIATORS", "1")
    monkeypatch.delenv("RUIMTEFLOW_OIDC_USERNAME_CLAIM", raising=False)
    with pytest.raises(ValidationError) as fout:
        Settings.from_env()
    assert fout.value.code == "instelling-ongeldig" and "RUIMTEFLOW_OIDC_USERNAME_CLAIM" in str(fout.value)


@pytest.mark.parametrize("state", ["é", "tëst"])
def test_a_non_ascii_state_is_refused_not_a_crash(browser_for, idp, state):
    b = browser_for()
    sso_start(b)
    resp = b.get("/inloggen/sso/terug", query_string={"code": "abc", "state": state})
    assert resp.status_code == 400 and "begin opnieuw" in resp.text


@pytest.mark.parametrize("exp", ["morgen", None, [1]])
def test_an_expiry_that_is_no_number_is_refused_not_a_crash(browser_for, idp, exp):
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, preferred_username="anna", exp=exp)
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 401
    assert b.get("/inbox").status_code == 302


def test_a_first_login_in_two_tabs_at_once_ends_in_the_one_account_not_a_500(
    browser_for, idp, faces_platform, monkeypatch
):
    """Scale-out finding 4: both tabs found no account; the second one's insert broke the unique index."""
    from services import users

    faces_platform.settings = faces_platform.settings.with_(
        oidc_username_claim="sub", oidc_create_initiators=True, oidc_scope="openid"
    )
    made_by_other_tab = users.add_user

    def other_tab_first(platform, username, **kwargs):  # the other tab's login commits just before ours
        made_by_other_tab(platform, username, role="initiatiefnemer", display_name="Andere tab")
        return made_by_other_tab(platform, username, **kwargs)

    monkeypatch.setattr(users, "add_user", other_tab_first)
    b = browser_for()
    params = sso_start(b)
    idp["claims"] = id_token_claims(params, sub="s00000000:900000002", name="Deze tab")
    assert b.get(f"/inloggen/sso/terug?code=abc&state={params['state']}").status_code == 302
    [made] = [u for u in list_users(faces_platform) if u["gebruikersnaam"].startswith("id-")]
    assert made["naam"] == "Andere tab"  # the account as the other tab made it, not overwritten
    assert b.get("/mijn-aanvragen").status_code == 200
