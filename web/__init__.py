"""Web faces and the JSON API. ``create_app(settings, platform=None)`` builds everything."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.config import Settings


def create_app(
    settings: Settings | None = None,
    *,
    platform: Any = None,
    clock: Any = None,
    start_scheduler: bool = False,
) -> Flask:
    from services.platform import Platform

    settings = settings or Settings.from_env()
    platform = platform or Platform.create(settings, clock)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        # a form field may hold a drawn location up to the geometry cap (Flask's default is 500 kB)
        MAX_FORM_MEMORY_SIZE=max(500_000, settings.max_geometry_bytes + 64 * 1024),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookies_secure,  # https base URL: Secure
    )
    if settings.trusted_proxy_hops > 0:  # the client address counts for login and status-code throttling
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.extensions["ruimteflow"] = platform
    from web import hygiene, uploads

    _scope_request_users(app)  # the first hook of every request
    _scope_public_url(app)
    uploads.init_app(app)  # the upload cap, before anything reads the form
    hygiene.init_app(app)  # strict JSON (no NaN), no control characters, 64-bit path integers
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order

    from web import errors, request_log
    from web.api import bp as api_bp

    errors.init_app(app)
    request_log.init_app(app)  # the request id of every answer, and the log line of a 500
    app.register_blueprint(api_bp)
    _register_faces(app)

    if start_scheduler and settings.scheduler_in_web:
        from services.scheduler import start_thread

        app.extensions["ruimteflow_scheduler"] = start_thread(platform, settings.scheduler_interval)
    return app


def _scope_request_users(app: Flask) -> None:
    """Each request reads its caller once (services/request_users.py) and keeps the cases it was let read
    (services/request_reads.py), which its access-log line names (web/request_log.py: ``hand_to_access_log``,
    before the scope ends); nothing outlives the request."""
    from services import request_reads, request_users
    from web.request_log import hand_to_access_log

    def open_scopes() -> None:
        request_users.open_scope()
        request_reads.open_scope()

    def close_scopes(_exc: BaseException | None) -> None:
        hand_to_access_log()
        request_reads.close_scope()
        request_users.close_scope()

    app.before_request(open_scopes)
    app.teardown_request(close_scopes)


def _scope_public_url(app: Flask) -> None:
    """Links written during a request (mails) may use its base URL when its host is trusted
    (services/public_url.py); nothing outlives the request."""
    from flask import request

    from services import public_url

    app.before_request(lambda: public_url.enter_request(request.host_url))
    app.teardown_request(lambda _exc: public_url.leave_request())


def _register_faces(app: Flask) -> None:
    """The faces (inbox, kaart, status, beheer): each registers its blueprints. A face that fails to import
    is a broken install and stops the start (no face is left out quietly)."""
    from web import faces, kaart, status

    for face in (faces, kaart, status):
        face.init_app(app)


def platform_of(app: Flask) -> Any:
    return app.extensions["ruimteflow"]
