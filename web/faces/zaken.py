"""Case list and search, the case page, registering a letter received by post, and overriding a conflict
of the locatiecheck."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from processes.errors import ConfigurationError, Conflict, Forbidden, ValidationError
from services import case_queries, conflict_override
from services.clock import today
from services.status import letters
from services.status.submissions import Bind
from services.waits import timeline as waits_timeline
from services.zgw.registration import registration
from web import indiening
from web.errors import as_message
from web.faces import taak
from web.faces.dossier import dossier_context, pages_asked
from web.faces.security import login_required, me, platform, safe_next

bp = Blueprint("zaken", __name__)
PAGE_SIZE = 50
LETTER_SENT = (
    "Dit formulier was al verstuurd: de brief is één keer geregistreerd. Zie de geschiedenis van de zaak."
)
LETTER_RUNNING = (
    "Dit formulier is al verstuurd en wordt nog verwerkt. Vernieuw de pagina om te zien of de brief is "
    "geregistreerd."
)


@bp.get("/zaken")
@login_required
def index():  # type: ignore[no-untyped-def]
    user = me()
    filters = {k: (request.args.get(k) or "").strip() for k in ("q", "procedure", "status")}
    options = case_queries.filter_options(platform(), user["gebruikersnaam"])
    if filters["status"] not in options["statussen"]:
        filters["status"] = ""
    page = max(request.args.get("pagina", 1, type=int), 1)
    status = 200
    try:
        result = case_queries.search_cases(
            platform(),
            user["gebruikersnaam"],
            text=filters["q"] or None,
            procedure=filters["procedure"] or None,
            status=filters["status"] or None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    except ValidationError as exc:  # e.g. a search text too long to search with
        flash(exc.detail, "fout")
        result, status = {"totaal": 0, "zaken": []}, 400
        filters["q"] = filters["q"][: case_queries.MAX_SEARCH_TEXT]
    pages = max((result["totaal"] + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render_template(
        "zaken.html",
        zaken=result["zaken"],
        totaal=result["totaal"],
        filters=filters,
        opties=options,
        pagina=page,
        paginas=pages,
        max_zoektekst=case_queries.MAX_SEARCH_TEXT,
    ), status


def _page(
    case_ref: str,
    letter: letters.LetterForm | None = None,
    *,
    error: str = "",
    status: int = 200,
    overschrijven: dict[str, Any] | None = None,
) -> Any:
    """The case page; ``letter``: the form 'Bericht registreren' as posted, with its errors;
    ``overschrijven``: a refused override of a conflict (``conflict``, ``reden``, ``fout``)."""
    user = me()
    # "Ontvangen berichten", "Tijdlijn" and "Documenten": their "meer" links
    pages = pages_asked()
    case = case_queries.case_file(
        platform(),
        case_ref,
        user["gebruikersnaam"],
        messages_page=pages["berichten"],
        lines_page=pages["tijdlijn"],
    )
    try:  # the registration in the zaakregistratie is shown to staff only
        zgw = registration(platform(), case["id"], user["gebruikersnaam"])
    except Forbidden:
        zgw = None
    houders = waits_timeline.for_case_file(platform(), case["id"], user["gebruikersnaam"])
    offered = letters.offered(platform(), case["id"], user["gebruikersnaam"])
    if letter is not None:  # what was typed stays; the letters are those the case waits for now
        offered.values, offered.errors = letter.values, letter.errors
    token = indiening.issue(indiening.LETTER_TOKENS) if offered.letters else ""  # the form's, single-use
    brief = {"vorm": offered, "fout": error, "indiening": token}
    day = today(platform().clock).isoformat()  # an open task's vervaldatum before it is overdue
    return render_template(
        "zaak.html",
        houders=houders,
        **dossier_context(case, user, houders, pages),
        zgw=zgw,
        brief=brief,
        vandaag=day,
        overschrijven=overschrijven,
        pagina_pad=url_for("zaken.show", case_ref=case_ref),  # also when shown again after a post
    ), status


@bp.get("/zaken/<case_ref>")
@login_required
def show(case_ref: str):  # type: ignore[no-untyped-def]
    return _page(case_ref)


@bp.post("/zaken/<case_ref>/berichten")
@login_required
def register_letter(case_ref: str):  # type: ignore[no-untyped-def]
    """'Bericht registreren': a letter that came by post, through the API's use case
    (services/status/letters.py)."""
    user = me()["gebruikersnaam"]
    form = letters.offered(platform(), case_ref, user)
    letters.check_may_register(form)
    letters.keep_typed(form, request.form)
    said: list[str] = []

    def send(bound: Bind) -> int:
        text, case_id = letters.register(platform(), case_ref, user, form, request.form, bound)
        said.append(text)
        return case_id

    token = indiening.posted(request.form, indiening.LETTER_TOKENS)
    try:  # once per form: a second post of it (a double click, or to the case's other URL) registers nothing
        sent = indiening.send_once(token, f"zaak:{form.case_id}", "brief", send)
    except ConfigurationError as exc:  # one of ours (a broken rules file in the next step): the form again,
        # what was typed kept, OUR_FAULT and its foutcode (logged), no internal detail
        return _page(case_ref, form, error=as_message(exc), status=exc.status)
    except ValidationError as exc:  # a field of the form, or a rule of the model (a postmark after receipt)
        return _page(case_ref, form, error="" if form.errors else exc.detail, status=422)
    except Conflict as exc:  # no longer expected (registered meanwhile, the besluit came first)
        return _page(case_ref, form, error=exc.detail, status=409)
    flash(said[0] if said else LETTER_SENT if sent else LETTER_RUNNING, "succes" if said else "info")
    return redirect(url_for("zaken.show", case_ref=case_ref) + "#bericht-registreren", 303)


@bp.post("/zaken/<case_ref>/conflicten/<int:conflict_id>/overschrijven")
@login_required
def override(case_ref: str, conflict_id: int):  # type: ignore[no-untyped-def]
    back = safe_next(request.form.get("terug"), url_for("zaken.show", case_ref=case_ref))
    reason = request.form.get("reden") or ""
    try:
        c = conflict_override.override_conflict(
            platform(), case_ref, conflict_id, me()["gebruikersnaam"], reason
        )
    except (ValidationError, ConfigurationError) as exc:  # the reason: the page it was typed on again, the
        # text kept, its error; one of ours (a broken layer or rule): the reason kept too, OUR_FAULT and its
        # foutcode (logged)
        refused = {"conflict": conflict_id, "reden": reason, "fout": as_message(exc)}
        status = 422 if isinstance(exc, ValidationError) else exc.status
        on_task = re.fullmatch(r"/taken/([0-9]+)", back)
        if on_task:
            return taak.page_after_override(int(on_task.group(1)), refused, status=status)
        return _page(case_ref, overschrijven=refused, status=status)
    except Conflict as exc:  # overridden meanwhile, or the case closed: nothing to type again
        flash(exc.detail, "fout")
        return redirect(back + "#conflicten")
    flash(f"Conflict '{c['regel']}' is overschreven.", "succes")
    return redirect(back + "#conflicten")
