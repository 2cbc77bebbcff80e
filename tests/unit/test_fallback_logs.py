"""A fallback that hides a failure still logs it (review code17, item 3): the plain error page when
fout.html does not render, and the map's default view when its layers cannot be read. Each answer stays
as it was; only the log line is new."""

from __future__ import annotations

import logging

import flask
from sqlalchemy.exc import OperationalError

from services import kaart as kaart_service
from web import create_app
from web import kaart as kaart_face


def _raises(exc: BaseException):  # type: ignore[no-untyped-def]
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise exc

    return fail


def test_an_error_page_that_does_not_render_is_logged_and_the_plain_page_answers(
    platform, caplog, monkeypatch
):
    app = create_app(platform.settings, platform=platform)
    monkeypatch.setattr(flask, "render_template", _raises(RuntimeError("fout.html kapot")))
    with caplog.at_level(logging.WARNING):
        resp = app.test_client().get("/bestaat-niet")
    assert resp.status_code == 404
    assert "Naar de startpagina" in resp.get_data(as_text=True)  # the plain page, as before
    [record] = [r for r in caplog.records if "fout.html" in r.getMessage()]
    assert record.levelno == logging.ERROR and record.name == "ruimteflow.web"
    assert record.exc_info is not None and "fout.html kapot" in str(record.exc_info[1])


def test_map_layers_that_cannot_be_read_are_logged_and_the_map_opens_on_the_default_view(
    platform, caplog, monkeypatch
):
    app = create_app(platform.settings, platform=platform)
    failure = OperationalError("SELECT 1", {"naam": "Geheime Laag"}, Exception("database weg"))
    monkeypatch.setattr(kaart_service, "configured_layers", _raises(failure))
    with app.app_context(), caplog.at_level(logging.WARNING):
        view = kaart_face.start_view()
    assert view == kaart_service.start_view({})  # the default view, as before
    [record] = [r for r in caplog.records if "map layers" in r.getMessage()]
    assert record.levelno == logging.WARNING and record.name == "ruimteflow.web"
    line = record.getMessage()
    assert "default view: Exception\nTraceback (most recent call last)" in line  # the driver error's class
    assert "Geheime Laag" not in line  # a database error's values stay out (services.logs.failure)
