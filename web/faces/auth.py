"""Login and logout (local accounts; single sign-on via OIDC when configured)."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for

from processes.errors import Unauthorized
from services import sessions
from services.config import DEV_SECRET_KEY
from services.public_url import behind_public_name, is_local_request, is_loopback
from services.ratelimit import TooManyAttempts
from web import session_auth
from web.faces import oidc
from web.faces.login import finish_login, home_of
from web.faces.security import current_user, platform, safe_next

bp = Blueprint("auth", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login"))
    return redirect(home_of(user))


def _demo_hint() -> bool:
    """Show the demo accounts only on a development setup: the default secret key, asked for on this machine
    (not through a proxy that makes a loopback `serve` public, or a gunicorn started without `serve`): by
    the Host header and the peer's address, since a remote client may send ``Host: localhost``."""
    settings = platform().settings
    return (
        settings.secret_key == DEV_SECRET_KEY
        and is_local_request(request.host_url)
        and is_loopback(request.remote_addr or "")
        and not behind_public_name(settings)
    )


@bp.route("/inloggen", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    target = safe_next(request.values.get("volgende"), "")
    if request.method in ("GET", "HEAD"):
        user = current_user()
        if user is not None:
            return redirect(target or home_of(user))
        return render_template(
            "inloggen.html",
            volgende=target,
            fout=None,
            uitgelogd=_why_logged_out(session.pop(session_auth.ENDED, None)),
            gebruikersnaam="",
            demo=_demo_hint(),
            sso=oidc.enabled(),
            sso_label=platform().settings.oidc_button_label,
        )
    username = (request.form.get("gebruikersnaam") or "").strip()
    password = request.form.get("wachtwoord") or ""
    try:
        user = sessions.login(platform(), username, password, address=request.remote_addr or "")
    except (Unauthorized, TooManyAttempts) as exc:
        page = render_template(
            "inloggen.html",
            volgende=target,
            fout=exc.detail,
            gebruikersnaam=username,
            demo=_demo_hint(),
            sso=oidc.enabled(),
            sso_label=platform().settings.oidc_button_label,
        )
        if isinstance(exc, TooManyAttempts):
            return page, 429, {"Retry-After": str(exc.extra.get("retry_after", 60))}
        return page, 401
    return finish_login(user, target)


def _why_logged_out(why: object) -> str | None:
    """The login page's line after a session that ended on its own (web.session_auth.ENDED)."""
    settings = platform().settings
    if why == "inactief":
        minutes = settings.session_idle_minutes
        idle = "1 minuut" if minutes == 1 else f"{minutes} minuten"
        return f"U bent uitgelogd omdat u {idle} niet actief was. Log opnieuw in om verder te gaan."
    if why == "levensduur":
        return (
            f"U bent uitgelogd omdat u langer dan {settings.session_max_hours} uur was ingelogd. "
            "Log opnieuw in om verder te gaan."
        )
    return None


@bp.post("/sessie/verlengen")
def keep_alive():  # type: ignore[no-untyped-def]
    """ "Sessie verlengen" (web/static/js/sessie.js): the session counts as used now. The faces' CSRF
    check covers it (header X-CSRF-Token); an ended session is not revived (401)."""
    left = session_auth.extend()
    if left is None:
        return jsonify({"seconden": 0, "detail": "Uw sessie is verlopen. Log opnieuw in."}), 401
    return jsonify({"seconden": left})


@bp.post("/uitloggen")
def logout():  # type: ignore[no-untyped-def]
    session_auth.end()
    flash("U bent uitgelogd.", "succes")
    return redirect(url_for("auth.login"))
