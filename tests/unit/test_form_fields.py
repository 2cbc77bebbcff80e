"""web/form_fields.py: a text field over the form-memory limit is left out and named; the fields and
files around it are read as werkzeug reads them."""

from __future__ import annotations

import io

from flask import Flask, request

from web.form_fields import FieldTooLarge, FormRequest


def _app() -> Flask:
    app = Flask(__name__)
    app.request_class = FormRequest
    app.config["MAX_FORM_MEMORY_SIZE"] = 100

    @app.post("/")
    def read():  # type: ignore[no-untyped-def]
        try:
            request.form  # noqa: B018
        except FieldTooLarge as exc:
            named = exc.fields
        else:
            named = []
        files = {k: f.read().decode() for k, f in request.files.items()}
        return {"velden": dict(request.form), "te_groot": named, "bestanden": files}

    return app


def test_a_field_over_the_limit_is_named_and_the_rest_kept() -> None:
    data = {
        "voor": "a" * 100,  # at the limit
        "groot": "x" * 5000,
        "bestand": (io.BytesIO(b"inhoud " * 1000), "b.txt"),
        "na": "Zoë",
    }
    got = _app().test_client().post("/", data=data, content_type="multipart/form-data").get_json()
    assert got["te_groot"] == ["groot"]
    assert got["velden"] == {"voor": "a" * 100, "na": "Zoë"}
    assert got["bestanden"] == {"bestand": "inhoud " * 1000}


def test_a_form_within_the_limit_is_read_whole() -> None:
    data = {"a": "één", "b": (io.BytesIO(b"x"), "b.txt")}
    got = _app().test_client().post("/", data=data, content_type="multipart/form-data").get_json()
    assert got == {"velden": {"a": "één"}, "te_groot": [], "bestanden": {"b": "x"}}
