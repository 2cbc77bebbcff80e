"""The task page: the model's form, instructions and reason, with the case file beside it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from processes.errors import ConfigurationError, Conflict, Forbidden, ValidationError
from services import case_queries, cases, inbox, policy
from services.forms import FormInvalid
from services.policy.names import read_names
from services.taakdocumenten import task_documents, with_type_names
from web.errors import as_message
from web.faces import besluit as besluit_editor
from web.faces import formulier
from web.faces.dossier import dossier_context, pages_asked
from web.faces.security import login_required, me, platform

bp = Blueprint("taak", __name__)


def _page(
    task_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    message: str | None = None,
    status: int = 200,
    besluit: dict[str, Any] | None = None,
    refused: bool = False,
    overschrijven: dict[str, Any] | None = None,
) -> Any:
    """The task page; ``refused``: the posted form was not taken, show what was typed if the form is gone;
    ``overschrijven``: a refused override of a conflict (``conflict``, ``reden``, ``fout``), shown at its form."""
    user = me()
    # Forbidden for another team's task
    task, actor = inbox.task_with_asker(platform(), task_id, user["gebruikersnaam"])
    pages = pages_asked()  # the case file's "meer" links stay on the task page
    case = case_queries.case_file(
        platform(),
        task["zaak_id"],
        user["gebruikersnaam"],
        checked=True,
        messages_page=pages["berichten"],
        lines_page=pages["tijdlijn"],
    )
    in_group = policy.in_candidate_groups(actor, task)
    may_complete = (
        task["status"] == "open" and case["status"] != "gepauzeerd" and policy.may_complete(actor, task)
    )
    dossier = dossier_context(case, user, pages=pages)
    names = read_names(platform(), [task["toegewezen_aan"], task["voltooid_door"]])
    editor, made = _editor(task, case, besluit, may_complete=may_complete, drafts=dossier["document_beheer"])
    form = with_type_names(platform(), case["proces"], task["formulier"])
    fields, general = formulier.fields(form, made if values is None else values, errors)
    return render_template(
        "taak.html",
        taak=task,
        velden=fields,
        algemene_fouten=general,
        fouten=errors or [],
        foutoverzicht=formulier.overview(fields),
        niet_opgeslagen=formulier.unsaved(fields) if refused and not may_complete else [],
        melding=message,
        mag_afronden=may_complete,
        mag_oppakken=task["status"] == "open" and not task["opgepakt"] and in_group,
        andere_open=[t for t in case.get("open_taken") or [] if t.get("id") != task["id"]],
        vereiste_documenten=task_documents(platform(), task_id, user["gebruikersnaam"])
        if task["status"] == "open"
        else [],
        besluit=editor,
        houder=names.get(task["toegewezen_aan"] or ""),
        voltooid_door=names.get(task["voltooid_door"] or ""),
        overschrijven=overschrijven,
        pagina_pad=url_for("taak.show", task_id=task_id),  # also when shown again after another form's post
        **dossier,
    ), status


def _editor(
    task: dict[str, Any],
    case: dict[str, Any],
    besluit: dict[str, Any] | None,
    *,
    may_complete: bool,
    drafts: bool,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The besluit editor of an open task that takes a besluit (None otherwise), and the values the task
    form takes over from a final besluit already made in it (then shown as made: reloaded, the page
    does not forget it). ``besluit``: the editor's result of this request; ``drafts``: a behandelaar,
    who drafts the besluit, as who takes the task does; only the latter makes it final."""
    outcomes = (
        besluit_editor.outcomes_of(task) if task["status"] == "open" and (drafts or may_complete) else []
    )
    if not outcomes:
        return None, None
    user = me()["gebruikersnaam"]
    editor = {
        **besluit_editor.editor(outcomes, case, (besluit or {}).get("waarden"), username=user),
        **(besluit or {}),
    }
    editor["mag_definitief"] = may_complete
    editor["punten"] = besluit_editor.punten(case)
    found = besluit_editor.made(task) if "document" not in editor else None
    if found is None:
        return editor, None
    editor["document"] = found[0]
    return editor, found[1]


def page_after_override(task_id: int, refused: dict[str, Any], *, status: int = 422) -> Any:
    """The task page again after a refused override of a conflict in its case file (web/faces/zaken.py)."""
    return _page(task_id, overschrijven=refused, status=status)


@bp.post("/taken/<int:task_id>/besluit")
@login_required
def besluit(task_id: int):  # type: ignore[no-untyped-def]
    """The besluit editor: draft or finalise the besluit of this task (web/faces/besluit.py)."""
    user = me()
    task = inbox.get_task(platform(), task_id, user["gebruikersnaam"])  # Forbidden for another team's task
    result, form = besluit_editor.handle(task, request.form, user["gebruikersnaam"])
    closed = task["status"] != "open"  # the editor is gone from the page: its message goes on top
    return _page(
        task_id,
        values=form,
        besluit=result,
        status=result.get("http_status", 200),
        message=result.get("fout") if closed else None,
    )


@bp.get("/taken/<int:task_id>")
@login_required
def show(task_id: int):  # type: ignore[no-untyped-def]
    return _page(task_id)


@bp.post("/taken/<int:task_id>")
@login_required
def complete(task_id: int):  # type: ignore[no-untyped-def]
    user = me()
    task = inbox.get_task(platform(), task_id, user["gebruikersnaam"])
    data, shown = formulier.parse(task["formulier"], request.form)
    if formulier.MORE in request.form:  # 'Regel toevoegen': the same form with one more row, nothing sent
        return _page(task_id, values=shown)
    try:
        case = cases.complete_task(platform(), task_id, user["gebruikersnaam"], data)
    except FormInvalid as exc:
        return _page(task_id, values=shown, errors=list(exc.extra.get("fouten") or [exc.detail]), status=422)
    except ConfigurationError as exc:  # one of ours (a broken rules file in the next step): the form again,
        # what was typed kept, OUR_FAULT and its foutcode on top (logged), no internal detail
        return _page(task_id, values=shown, message=as_message(exc), status=exc.status, refused=True)
    except ValidationError as exc:  # a rule of the process refused it (a date in the future): at its field
        return _page(task_id, values=shown, errors=[formulier.at_field(exc)], status=422)
    except Conflict as exc:  # completed meanwhile, or the case was paused
        return _page(task_id, values=shown, message=exc.detail, status=409, refused=True)
    except Forbidden as exc:  # a colleague claimed it meanwhile
        return _page(task_id, values=shown, message=exc.detail, status=403, refused=True)
    external = inbox.actor_kind(platform(), user["gebruikersnaam"]) == "extern"
    flash(_done(task, case, external=external), "succes")
    return redirect(url_for("inbox.index"))


def _done(task: dict[str, Any], case: dict[str, Any], *, external: bool) -> str:
    """The completion message; an external party hears only that its task is done, nothing of the
    municipality's next steps and teams."""
    text = f"Taak '{task['naam']}' van zaak {task['zaak']} is afgerond."
    if external:
        return text
    nxt = [
        f"'{t['naam']}' ({', '.join(t['kandidaatgroepen'] or []) or 'medewerkers van de gemeente'})"
        for t in case["open_taken"]
    ]
    if nxt:
        text += " Volgende stap: " + ", ".join(nxt) + "."
    elif case["status"] == "afgerond":
        text += " De zaak is afgerond."
    elif case.get("wacht_op"):
        text += f" Stand van de zaak: {case['wacht_op']}."
    return text
