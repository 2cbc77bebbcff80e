"""Capacity dashboard per team (team leads and beheerders)."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from processes.constants import SOON_LABEL
from processes.errors import ValidationError
from processes.getallen import cijfers
from services import dashboard
from web.faces.security import me, platform, role_required

bp = Blueprint("dashboard", __name__)
#: the labels of services.dashboard.PERIOD_DAYS
PERIODS = {"90": "Laatste 90 dagen", "365": "Laatste jaar", "1825": "Laatste 5 jaar"}


@bp.get("/dashboard")
@role_required("teamleider", "beheerder")
def index():  # type: ignore[no-untyped-def]
    period = cijfers(request.args.get("periode") or "", 10**6)
    user, status = me()["gebruikersnaam"], 200
    try:
        view = dashboard.for_user(platform(), user, request.args.get("team"), period)
    except ValidationError as exc:  # a team that is not one of the viewer's: said, and all of them shown
        flash(f"{exc.detail} Hieronder staan de cijfers van al uw teams.", "fout")
        view, status = dashboard.for_user(platform(), user, None, period), 400
    figures, teams = view["cijfers"], view["teams"]
    top = max([t["open"] for t in figures["teams"]] + [1])
    lead = max([p["mediaan_doorlooptijd_dagen"] or 0 for p in figures["procedures"]] + [1])
    step = max([s["mediaan_doorlooptijd_dagen"] or 0 for s in figures["stappen"]] + [1])
    return render_template(
        "dashboard.html",
        cijfers=figures,
        teams=teams,
        team=view["team"] or "",
        periode=str(view["periode_dagen"]),
        perioden=PERIODS,
        binnenkort=SOON_LABEL,
        schaal={"open": top, "doorloop": lead, "stap": step},
        bereik=_scope_text(figures["zaken_van"], figures["alleen_eigen_werk"]),
        fout=status == 400,
    ), status


def _scope_text(teams: list[str] | None, own_work: bool) -> str:
    """Which cases the lead times, the on-time share and the holder figures cover, in words."""
    if own_work:
        return "het werk van uw eigen organisatie"
    if teams is None:
        return "alle zaken van de gemeente"
    return f"zaken waarin {teams[0] if len(teams) == 1 else 'een van uw teams'} een taak had of heeft"
