"""The inbox: 'Mijn taken' and 'Taken van mijn team', with filters, claim, unclaim and assign."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from processes.constants import SOON_DAYS, SOON_LABEL, Severity
from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from services import inbox, inbox_page
from services.policy.names import read_names
from web.faces.security import login_required, me, platform, safe_next

bp = Blueprint("inbox", __name__)
PAGE_SIZE = 50
DEADLINE_WINDOWS = {
    "te-laat": ("Te laat", -1),
    "7": ("Binnen 1 week", 7),
    str(SOON_DAYS): (SOON_LABEL, SOON_DAYS),
    "30": ("Binnen 30 dagen", 30),
}
SEVERITIES = {str(s): s.label for s in Severity}
TABS = dict(zip(inbox_page.TABS, ("Mijn taken", "Taken van mijn team"), strict=True))


@bp.get("/inbox")
@login_required
def index():  # type: ignore[no-untyped-def]
    filters = {k: (request.args.get(k) or "").strip() for k in ("procedure", "fase", "termijn", "ernst")}
    if filters["termijn"] not in DEADLINE_WINDOWS:
        filters["termijn"] = ""
    if filters["ernst"] not in SEVERITIES:
        filters["ernst"] = ""
    number = max(request.args.get("pagina", 1, type=int), 1)
    shown = inbox_page.page(
        platform(),
        me()["gebruikersnaam"],
        inbox_page.InboxQuery(
            tab=request.args.get("tab"),
            procedure=filters["procedure"] or None,
            phase=filters["fase"] or None,
            severity=filters["ernst"] or None,
            deadline_within_days=DEADLINE_WINDOWS[filters["termijn"]][1] if filters["termijn"] else None,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        ),
    )
    return render_template(
        "inbox.html",
        tab=shown.tab,
        tabs=TABS,
        counts=shown.counts,
        taken=shown.taken,
        totaal=shown.totaal,
        filters=filters,
        opties=shown.opties,
        mag_alles_zien=shown.may_see_all,
        termijnen=DEADLINE_WINDOWS,
        ernsten=SEVERITIES,
        pagina=number,
        paginas=max((shown.totaal + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        terug=request.full_path.rstrip("?"),
    )


def _named(task: dict[str, Any], chosen: str) -> dict[str, Any]:
    """The assigned task, naming the colleague it went to by the name they read (services.policy.names):
    an outside party's task dict names no other account (policy.task_names), but it chose this one itself."""
    holder = task["toegewezen_aan"] or chosen
    return {**task, "toegewezen_aan": read_names(platform(), [holder]).get(holder, holder)}


def _back() -> Any:
    return redirect(safe_next(request.form.get("terug"), url_for("inbox.index")))


def _act(fn: Any, success: str) -> Any:
    try:
        task = fn()
    except (Conflict, ValidationError, NotFound) as exc:
        flash(exc.detail, "fout")
        return _back()
    except Forbidden as exc:  # a stale inbox (someone claimed it meanwhile): said here, not on an error page
        if exc.code not in ("taak-al-opgepakt", "taak-van-andere-partij", "taak-van-ander"):
            raise
        flash(exc.detail, "fout")
        return _back()
    flash(success.format(**task), "succes")
    return _back()


@bp.post("/taken/<int:task_id>/oppakken")
@login_required
def claim(task_id: int):  # type: ignore[no-untyped-def]
    return _act(
        lambda: inbox.claim(platform(), task_id, me()["gebruikersnaam"]),
        "U hebt taak '{naam}' van zaak {zaak} opgepakt.",
    )


@bp.post("/taken/<int:task_id>/teruggeven")
@login_required
def unclaim(task_id: int):  # type: ignore[no-untyped-def]
    return _act(
        lambda: inbox.unclaim(platform(), task_id, me()["gebruikersnaam"]),
        "Taak '{naam}' van zaak {zaak} is teruggelegd bij het team.",
    )


@bp.post("/taken/<int:task_id>/toewijzen")
@login_required
def assign(task_id: int):  # type: ignore[no-untyped-def]
    to = (request.form.get("gebruiker") or "").strip()
    if not to:
        flash("Kies een collega om de taak aan toe te wijzen.", "fout")
        return _back()
    return _act(
        lambda: _named(inbox.assign(platform(), task_id, me()["gebruikersnaam"], to), to),
        "Taak '{naam}' van zaak {zaak} is toegewezen aan {toegewezen_aan}.",
    )
