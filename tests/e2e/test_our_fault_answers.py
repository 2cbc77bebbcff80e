"""A failure of ours (a 5xx: a rules file that does not load, a missing layer folder, a service that is
down) is answered to anyone, the anonymous application form too, with what happened in plain Dutch
(web.errors ``OUR_FAULT``), its problem type and code and its foutcode; the error's own detail, which names
the municipality's rules, a server path or a service's configuration, is only in the log line of that
foutcode. It was in the answer: the public location preview quoted a broken rule's id and its keys, and
the staff API the layer folder's path."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from services.store.db_errors import DatabaseUnavailable
from services.zgw.client import ZgwUnavailable
from tests.config_errors import layers_away, layers_missing, rules_file
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in
from tests.e2e.our_fault import logged_with
from tests.e2e.test_status_http import FORM
from web.errors import OUR_FAULT, STORED_NOTHING

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers
PREVIEW = "/aanvragen/kaart_status_vergunning/locatiecheck"
#: a rules file whose one rule lacks its keys: its id is the municipality's, not the public's
BROKEN_RULES = '[soorten]\nbouwwerk = "B"\n\n[[rule]]\nid = "geheim-bevi-contour"\n'


def _configured(app: Any, monkeypatch: pytest.MonkeyPatch, **changes: str) -> None:
    platform = app.extensions["ruimteflow"]
    monkeypatch.setattr(platform, "settings", platform.settings.with_(**changes))


def _our_fault(resp: Any, code: str) -> str:
    """The problem+json of a failure of ours says OUR_FAULT with its foutcode, and nothing else; the
    foutcode, which is the request's id."""
    assert resp.mimetype == "application/problem+json", resp.text
    body = resp.get_json()
    foutcode = resp.headers["X-Request-ID"]
    assert body == {
        "type": f"https://ruimteflow.nl/problemen/{code}",
        "code": code,
        "title": body["title"],
        "status": resp.status_code,
        "detail": f"{OUR_FAULT} Foutcode: {foutcode}.",
        "instance": body["instance"],
        "foutcode": foutcode,
    }
    return foutcode


def test_the_public_preview_with_a_broken_rules_file_names_no_rule(app, tmp_path, monkeypatch, caplog):
    rules = rules_file(tmp_path, BROKEN_RULES)
    client = app.test_client()
    token = fx.csrf_from(client.get("/aanvragen/kaart_status_vergunning").text)
    _configured(app, monkeypatch, gis_rules_file=str(rules))
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = client.post(PREVIEW, data={"csrf_token": token, "coordinaat": FORM["coordinaat"]})
    assert resp.status_code == 500
    foutcode = _our_fault(resp, "gis-regel-ontbrekende-sleutel")
    assert "geheim" not in resp.text and "sleutel(s)" not in resp.text
    assert "Regel 'geheim-bevi-contour': sleutel(s) beschrijving" in logged_with(caplog, foutcode)


def test_a_beheerder_on_the_api_gets_no_layer_folder_either(app, tmp_path, caplog):
    """The detail is the log's for everybody: a beheerder reads it there (the beheer face and the logs)."""
    away = tmp_path / "lagen-van-de-gemeente"
    layers_missing(app, away)
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [6.42, 52.015]}}
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = app.test_client().post(
            "/api/v1/locatiecheck",
            json={"type": "FeatureCollection", "features": [{**point, "properties": {"soort": "bouwwerk"}}]},
            headers={"Authorization": "Bearer token-bea"},
        )
    assert resp.status_code == 500
    foutcode = _our_fault(resp, "gis-laag-niet-gevonden")
    assert str(tmp_path) not in resp.text and "lagen-van-de-gemeente" not in resp.text
    assert f"Lagenmap {away} bestaat niet." in logged_with(caplog, foutcode)


@pytest.mark.parametrize(
    "failure",
    [
        ZgwUnavailable("de ZGW-API weigert de aanroep (HTTP 401): controleer RUIMTEFLOW_ZGW_SECRET."),
        DatabaseUnavailable(
            "De database 'postgresql+psycopg://rf:***@db-intern:5432/rf' is niet te gebruiken."
        ),
    ],
    ids=["zgw-502", "database-503"],
)
def test_the_error_page_of_a_failure_of_ours_says_what_happened_without_its_detail(app, failure, caplog):
    """The page showed the detail of every 5xx but a 500 (fout.html)."""

    @app.get("/kapot-bij-de-gemeente")
    def _kapot():  # type: ignore[no-untyped-def]
        raise failure

    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        resp = app.test_client().get("/kapot-bij-de-gemeente")
    assert resp.status_code == failure.status and resp.mimetype == "text/html"
    foutcode = resp.headers["X-Request-ID"]
    assert OUR_FAULT in resp.text and foutcode in resp.text
    assert "RUIMTEFLOW_ZGW" not in resp.text and "db-intern" not in resp.text
    assert failure.detail in logged_with(caplog, foutcode)


def test_a_bug_and_a_failure_of_ours_are_told_in_the_same_words(app):
    """One wording of a failure of ours: the 500 of a bug said "Er ging iets mis aan onze kant ..." in the
    API, and the error page had a text of its own for every 500 (fout.html), whatever its cause."""

    @app.get("/api/v1/bug")
    @app.get("/bug")
    def _bug():  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    @app.get("/lagen-kapot")
    def _lagen_kapot():  # type: ignore[no-untyped-def]
        raise layers_away()

    client = app.test_client()
    api = client.get("/api/v1/bug")
    assert api.status_code == 500
    assert api.get_json()["detail"] == f"{OUR_FAULT} Foutcode: {api.headers['X-Request-ID']}."
    staff = logged_in(
        app, "anna"
    )  # a medewerker reports it to functioneel beheer, anyone else to the gemeente
    for page, to in (
        (client.get("/bug"), "de gemeente"),
        (client.get("/lagen-kapot"), "de gemeente"),
        (staff.get("/lagen-kapot"), "functioneel beheer"),
    ):
        assert page.status_code == 500 and page.mimetype == "text/html"
        lead = page.text.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
        assert lead == f"{OUR_FAULT} Blijft het misgaan, meld het dan bij {to} met de foutcode hieronder."
        assert f"Foutcode 500 · {page.headers['X-Request-ID']}" in page.text


def test_the_plain_page_when_fout_html_fails_names_the_foutcode_without_the_detail(app, monkeypatch):
    import flask

    @app.get("/lagen-kapot")
    def _lagen_kapot():  # type: ignore[no-untyped-def]
        raise layers_away()

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("fout.html kapot")

    monkeypatch.setattr(flask, "render_template", broken)
    page = app.test_client().get("/lagen-kapot")
    assert page.status_code == 500 and "Naar de startpagina" in page.text  # the plain page
    assert OUR_FAULT in page.text and f"Foutcode {page.headers['X-Request-ID']}" in page.text
    assert "/srv/gemeente" not in page.text


def test_the_public_forms_never_show_a_configuration_errors_detail_as_the_callers_input(
    app, monkeypatch, caplog
):
    """A GIS configuration error (gis.errors LayerError) was a ValidationError with a 5xx status: the
    application form and the status page's message form showed its detail as a refusal of what was typed
    (at "algemeen", at the message's text). Now it is answered as every failure of ours (the message form:
    the form again with the text, web.errors STORED_NOTHING and its foutcode)."""
    from tests.e2e.test_status_http import apply
    from tests.e2e.test_upload_sizes import post_multipart, waiting_for_aanvulling
    from web.status import aanvragen, statuspagina

    def away(*_args: object, **_kwargs: object) -> None:
        raise layers_away()

    client, code, form = waiting_for_aanvulling(app)
    monkeypatch.setattr(aanvragen.intake, "submit_application", away)
    monkeypatch.setattr(statuspagina, "send_public", away)
    with caplog.at_level(logging.ERROR, logger="ruimteflow.web"):
        pages = [apply(app.test_client()), post_multipart(client, f"/status/{code}/aanvulling", form)]
    # the status page's message form comes back with the text, as a failure that stored nothing
    for page, said in zip(pages, (OUR_FAULT, STORED_NOTHING), strict=True):
        assert page.status_code == 500 and said in page.text, page.text[:3000]
        assert "/srv/gemeente" not in page.text
        assert "/srv/gemeente/lagen" in logged_with(caplog, page.headers["X-Request-ID"])
