"""Login, logout, sessions, CSRF and the error page of the faces."""

from __future__ import annotations

from services import users


def test_anonymous_is_sent_to_login_with_the_page_to_return_to(browser_for):
    b = browser_for()
    resp = b.get("/inbox?tab=team")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/inloggen?volgende=")
    assert b.get("/").headers["Location"] == "/inloggen"


def test_login_page_is_dutch_and_labelled(browser_for):
    html = browser_for().get("/inloggen").text
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html  # skip link
    assert '<label for="gebruikersnaam">Gebruikersnaam</label>' in html
    assert '<label for="wachtwoord">Wachtwoord</label>' in html


def test_login_and_logout(browser_for):
    b = browser_for()
    resp = b.login("anna")
    assert resp.status_code == 302 and resp.headers["Location"] == "/inbox"
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = b.get("/inbox")
    assert page.status_code == 200
    assert "Anna de Vries" in page.text and "Vergunningverlener" in page.text
    out = b.post("/uitloggen")
    assert out.status_code == 302 and out.headers["Location"] == "/inloggen"
    assert b.get("/inbox").status_code == 302


def test_wrong_password_is_refused_in_dutch(browser_for):
    b = browser_for()
    resp = b.login("anna", "fout")
    assert resp.status_code == 401
    assert "Gebruikersnaam of wachtwoord klopt niet." in resp.text
    assert 'value="anna"' in resp.text  # the username is kept


def test_login_returns_to_a_local_page_only(browser_for):
    b = browser_for()
    page = b.get("/inloggen")
    from tests.e2e.conftest import token_of

    resp = b.client.post(
        "/inloggen",
        data={
            "gebruikersnaam": "anna",
            "wachtwoord": "demo",
            "volgende": "//evil.example/x",
            "csrf_token": token_of(page.text),
        },
    )
    assert resp.headers["Location"] == "/inbox"
    b2 = browser_for()
    page = b2.get("/inloggen?volgende=/zaken")
    resp = b2.client.post(
        "/inloggen",
        data={
            "gebruikersnaam": "anna",
            "wachtwoord": "demo",
            "volgende": "/zaken",
            "csrf_token": token_of(page.text),
        },
    )
    assert resp.headers["Location"] == "/zaken"


def test_every_face_post_needs_the_csrf_token(browser_for):
    b = browser_for("anna")
    for url in (
        "/uitloggen",
        "/taken/1/oppakken",
        "/beheer/modellen",
        "/zaken/Z-1/conflicten/1/overschrijven",
    ):
        resp = b.post(url, csrf=False)
        assert resp.status_code == 400, url
        assert "Formulier verlopen" in resp.text
    resp = b.post("/uitloggen", {"csrf_token": "verkeerd"}, csrf=False)
    assert resp.status_code == 400
    assert b.get("/inbox").status_code == 200  # still logged in


def test_login_form_itself_is_csrf_protected(browser_for):
    b = browser_for()
    resp = b.client.post("/inloggen", data={"gebruikersnaam": "anna", "wachtwoord": "demo"})
    assert resp.status_code == 400


def test_initiator_cannot_use_the_staff_faces(browser_for):
    # issue 16: an initiator logs in (to "Mijn aanvragen"); the staff faces still refuse it
    b = browser_for()
    resp = b.login("coop")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/mijn-aanvragen")
    resp = b.get("/inbox")
    assert resp.status_code == 403
    assert "voor medewerkers" in resp.text


def test_unknown_page_renders_the_dutch_error_page(browser_for):
    resp = browser_for("anna").get("/bestaat-niet")
    assert resp.status_code == 404
    assert "Niet gevonden" in resp.text and "Naar mijn taken" in resp.text
    assert resp.mimetype == "text/html"


def test_role_pages_are_refused_with_a_403_page(browser_for):
    b = browser_for("anna")
    for url in ("/dashboard", "/beheer"):
        resp = b.get(url)
        assert resp.status_code == 403, url
        assert "Geen toegang" in resp.text


def test_security_headers_on_face_pages(browser_for):
    resp = browser_for("anna").get("/inbox")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_a_deleted_user_loses_the_session(browser_for, faces_platform):
    b = browser_for("anna")
    users.add_user(
        faces_platform, "tijdelijk", groups=["Vergunningen"], role="vergunningverlener", password="demo"
    )
    b2 = browser_for("tijdelijk")
    assert b2.get("/inbox").status_code == 200
    from sqlalchemy import delete

    from services.store.models import User, UserGroup

    with faces_platform.uow() as uow:
        uid = uow.session.scalar(
            User.__table__.select().with_only_columns(User.id).where(User.username == "tijdelijk")
        )
        uow.session.execute(delete(UserGroup).where(UserGroup.user_id == uid))
        uow.session.execute(delete(User).where(User.id == uid))
        uow.commit()
    assert b2.get("/inbox").status_code == 302
    assert b.get("/inbox").status_code == 200
