"""Capacity dashboard per team (team leads and beheerders)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from services import dashboard
from web.faces.security import me, platform, role_required

bp = Blueprint("dashboard", __name__)
PERIODS = {"90": "Laatste 90 dagen", "365": "Laatste jaar", "1825": "Laatste 5 jaar"}


@bp.get("/dashboard")
@role_required("teamleider", "beheerder")
def index():  # type: ignore[no-untyped-def]
    teams = dashboard.teams_of(platform(), me()["gebruikersnaam"])
    team = request.args.get("team") or ""
    period = request.args.get("periode") or "365"
    if period not in PERIODS:
        period = "365"
    selected = [team] if team in teams else teams
    figures = dashboard.capacity(platform(), selected, period_days=int(period))
    top = max([t["open"] for t in figures["teams"]] + [1])
    lead = max([p["mediaan_doorlooptijd_dagen"] or 0 for p in figures["procedures"]] + [1])
    step = max([s["mediaan_doorlooptijd_dagen"] or 0 for s in figures["stappen"]] + [1])
    return render_template(
        "dashboard.html",
        cijfers=figures,
        teams=teams,
        team=team if team in teams else "",
        periode=period,
        perioden=PERIODS,
        schaal={"open": top, "doorloop": lead, "stap": step},
    )
