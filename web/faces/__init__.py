"""The faces for municipal staff: login, inbox, task page, cases, capacity dashboard and beheer.

``init_app(app)`` registers the blueprints, CSRF protection for every POST of these faces, the
template helpers and security headers. Templates live in web/templates, static files in web/static.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from flask import Flask, Response, request

FACE_BLUEPRINTS = (
    "auth",
    "oidc",
    "inbox",
    "taak",
    "zaken",
    "documenten",
    "dashboard",
    "beheer",
    "mijn",
    "mailbeheer",
    "wachten",
    "modeleditor",
    "modeleditor_pagina",
)


def init_app(app: Flask) -> None:
    from services.policy import LEAD_ROLES
    from web import session_auth
    from web.faces import (
        auth,
        beheer,
        dashboard,
        documenten,
        inbox,
        mailbeheer,
        mijn,
        modeleditor,
        modeleditor_page,
        oidc,
        taak,
        wachten,
        zaken,
    )
    from web.faces.filters import register_filters
    from web.faces.security import check_csrf, csrf_token, current_user

    for module in (auth, oidc, inbox, taak, zaken, documenten, dashboard, beheer, mijn, mailbeheer, wachten):
        app.register_blueprint(module.bp)
    app.register_blueprint(modeleditor.bp)
    app.register_blueprint(modeleditor_page.bp)
    register_filters(app)

    @app.before_request
    def _csrf() -> None:
        if request.method == "POST" and request.blueprint in FACE_BLUEPRINTS:
            check_csrf()

    @app.context_processor
    def _globals() -> dict[str, Any]:
        user = current_user() if request.blueprint in FACE_BLUEPRINTS or request.blueprint is None else None
        return {
            "current_user": user,
            "csrf_token": csrf_token,
            "nav_items": nav_items(app, user, LEAD_ROLES),
            "sessie_seconden": session_auth.seconds_left,  # base.html's warning before the idle time ends
        }

    @app.after_request
    def _headers(resp: Response) -> Response:
        if request.blueprint in FACE_BLUEPRINTS or resp.mimetype == "text/html":  # every HTML page
            resp.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            )
            resp.headers.setdefault("X-Frame-Options", "DENY")
            if request.blueprint in FACE_BLUEPRINTS and resp.mimetype == "text/html":
                resp.headers.setdefault("Cache-Control", "no-store")
        return resp


def nav_items(app: Flask, user: dict[str, Any] | None, lead_roles: AbstractSet[str]) -> list[dict[str, str]]:
    if user is None:
        return []
    if user["rol"] == "initiatiefnemer":
        return [{"endpoint": "mijn.index", "label": "Mijn aanvragen", "prefix": "/mijn-aanvragen"}]
    items = [
        {"endpoint": "inbox.index", "label": "Taken", "prefix": "/inbox"},
        {"endpoint": "zaken.index", "label": "Zaken", "prefix": "/zaken"},
    ]
    if "kaart.index" in app.view_functions:
        items.append({"endpoint": "kaart.index", "label": "Kaart", "prefix": "/kaart"})
    if user["rol"] in lead_roles:
        items.append({"endpoint": "dashboard.index", "label": "Dashboard", "prefix": "/dashboard"})
    if user["rol"] == "beheerder":
        items.append({"endpoint": "beheer.index", "label": "Beheer", "prefix": "/beheer"})
    return items
