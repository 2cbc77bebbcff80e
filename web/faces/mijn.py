"""The initiator's face: "Mijn aanvragen" (logged in) and a lost tracking link sent again (public)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from processes.errors import ValidationError
from services import initiators, tracking_links
from services.ratelimit import TooManyAttempts
from web.faces.security import current_user, platform

bp = Blueprint("mijn", __name__)


@bp.get("/mijn-aanvragen")
def index():  # type: ignore[no-untyped-def]
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login", volgende=request.path))
    return render_template(
        "mijn_aanvragen.html", mijn=initiators.my_cases(platform(), user["gebruikersnaam"])
    )


@bp.route("/volglink", methods=["GET", "POST"])
def lost_link():  # type: ignore[no-untyped-def]
    """Ask for the tracking links of one's applications by e-mail: the same answer for every address."""
    if request.method in ("GET", "HEAD"):
        return render_template("volglink.html", verstuurd=False, fout=None, email="")
    email = (request.form.get("email") or "").strip()
    try:
        tracking_links.resend(platform(), email, address=request.remote_addr or "")
    except ValidationError as exc:
        return render_template("volglink.html", verstuurd=False, fout=exc.detail, email=email), 400
    except TooManyAttempts as exc:
        page = render_template("volglink.html", verstuurd=False, fout=exc.detail, email=email)
        return page, 429, {"Retry-After": str(exc.extra.get("retry_after", 60))}
    return render_template("volglink.html", verstuurd=True, fout=None, email=email)
