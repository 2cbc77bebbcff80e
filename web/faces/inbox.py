"""The inbox: 'Mijn taken' and 'Taken van mijn team', with filters, claim, unclaim and assign."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from processes.constants import Severity
from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from services import case_queries, inbox, policy
from services.account_names import read_names
from web.faces.security import login_required, me, platform, safe_next

bp = Blueprint("inbox", __name__)
PAGE_SIZE = 50
DEADLINE_WINDOWS = {
    "te-laat": ("Te laat", -1),
    "7": ("Binnen 1 week", 7),
    "14": ("Binnen 2 weken", 14),
    "30": ("Binnen 30 dagen", 30),
}
SEVERITIES = {str(s): s.label for s in Severity}
TABS = {"mijn": "Mijn taken", "team": "Taken van mijn team"}


@bp.get("/inbox")
@login_required
def index():  # type: ignore[no-untyped-def]
    user = me()
    counts = inbox.counts(platform(), user["gebruikersnaam"])
    tab = request.args.get("tab")
    if tab not in TABS and not (tab == "alle" and user["rol"] == policy.ADMIN_ROLE):
        tab = "mijn" if counts["mijn"] or not counts["team"] else "team"
    filters = {k: (request.args.get(k) or "").strip() for k in ("procedure", "fase", "termijn", "ernst")}
    if filters["termijn"] not in DEADLINE_WINDOWS:
        filters["termijn"] = ""
    if filters["ernst"] not in SEVERITIES:
        filters["ernst"] = ""
    page = max(request.args.get("pagina", 1, type=int), 1)
    result = inbox.list_tasks(
        platform(),
        user["gebruikersnaam"],
        scope=tab,
        procedure=filters["procedure"] or None,
        phase=filters["fase"] or None,
        severity=filters["ernst"] or None,
        deadline_within_days=DEADLINE_WINDOWS[filters["termijn"]][1] if filters["termijn"] else None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        with_waits=True,
    )
    actor = inbox.task_asker(platform(), user["gebruikersnaam"], result["taken"])
    # an outside party assigns among its own groups: the officers' account names are not its to read
    own = None if policy.is_municipal(actor, policy.rules(platform().settings)) else actor.groups
    groups = sorted(
        {g for t in result["taken"] for g in t["kandidaatgroepen"] or [] if own is None or g in own}
    )
    members = case_queries.group_members(platform(), groups)
    holders = read_names(platform(), [t["toegewezen_aan"] for t in result["taken"]])
    for t in result["taken"]:
        t["houder"] = holders.get(t["toegewezen_aan"] or "")
        t["mag_toewijzen"] = policy.may_assign(actor, t)
        t["mag_teruggeven"] = t["opgepakt"] and policy.may_unclaim(actor, t)
        t["collega_s"] = _colleagues(t, members, user["gebruikersnaam"])
    pages = max((result["totaal"] + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "inbox.html",
        tab=tab,
        tabs=TABS,
        counts=counts,
        taken=result["taken"],
        totaal=result["totaal"],
        filters=filters,
        opties=case_queries.filter_options(platform(), user["gebruikersnaam"]),
        termijnen=DEADLINE_WINDOWS,
        ernsten=SEVERITIES,
        pagina=page,
        paginas=pages,
        terug=request.full_path.rstrip("?"),
    )


def _colleagues(
    task: dict[str, Any], members: dict[str, list[dict[str, str]]], me_name: str
) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for g in task["kandidaatgroepen"] or []:
        for m in members.get(g, []):
            if m["gebruikersnaam"] != task["toegewezen_aan"]:
                seen.setdefault(m["gebruikersnaam"], m)
    return sorted(seen.values(), key=lambda m: (m["gebruikersnaam"] != me_name, m["naam"]))


def _named(task: dict[str, Any], chosen: str) -> dict[str, Any]:
    """The assigned task, naming the colleague it went to by the name they read (services.account_names):
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
