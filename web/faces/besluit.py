"""The besluit editor in a task where a besluit is taken (model property ``besluit``, e.g. 'Besluit nemen'; in
an older model version, the task the besluit operator follows: services/documents/besluit_taak.py).

Decision (issue 13): the officer edits STRUCTURED fields, never free HTML: the outcome, the voorschriften
(one field each, pre-filled with the voorschriften the advisers proposed), the motivering, the date of the
besluit and of sending (or laying open), and an answer per zienswijze. 'Concept bekijken' renders the draft
from the municipality's templates (shown in a sandboxed frame; nothing is stored); 'Definitief maken'
renders the PDF/A and stores it as an immutable document of type besluit. After that the task form is
pre-filled with the same outcome, voorschriften and motivering, and the officer completes the task; the
task page, reloaded or opened again later, shows the editor in that state (``made``).
"""

from __future__ import annotations

from typing import Any

from flask import abort

from processes.errors import ConfigurationError, Conflict, Forbidden, ValidationError
from processes.termijnen.datums import lees_datum
from services.clock import today
from services.documents.besluit import (
    besluit_made_in_task,
    besluit_outcomes_of_task,
    draft_besluit,
    editor_punten,
    finalise_besluit,
    ondertekenaar_van,
)
from services.documents.besluit_afwijking import ADVIEZEN, CONFLICTEN
from services.documents.besluit_context import (
    UITKOMSTEN,
    BesluitInvoer,
    proposed_voorschriften,
    zaak_zienswijzen,
)
from services.policy.names import read_names
from services.taakdocumenten import besluit_outcomes
from web.errors import as_message
from web.faces.security import platform

MAX_VOORSCHRIFTEN = 50


def outcomes_of(task: dict[str, Any]) -> list[str]:
    """The outcomes of the besluit taken in the task; empty when it takes none (no editor then). The
    task's own form declares them; only a task that declares none asks its case's model version."""
    return besluit_outcomes(task.get("formulier")) or besluit_outcomes_of_task(platform(), int(task["id"]))


def editor(
    outcomes: list[str], case: dict[str, Any], values: dict[str, Any] | None = None, *, username: str = ""
) -> dict[str, Any]:
    """The editor's fields for a task with these ``outcomes``: the submitted ``values``, else what the
    case already knows, signed by ``username`` (standaard_ondertekenaar)."""
    samenvatting = case.get("samenvatting") or {}
    data = samenvatting.get("gegevens") or {}
    zienswijzen = zaak_zienswijzen(samenvatting.get("ingediende_zienswijzen"), data)
    if values is None:
        proposed = proposed_voorschriften(data)
        dag = today(platform().clock).isoformat()
        naam, functie = ondertekenaar_van(platform(), username)
        values = {
            "uitkomst": outcomes[0] if outcomes else "",
            "voorschriften": proposed,
            "motivering": str(data.get("beoordeling") or ""),
            "besluitdatum": dag,
            "verzenddatum": dag,
            "antwoorden": {},
            "afwijkingen": {},
            "ondertekenaar": naam,
            "ondertekenaar_functie": functie,
        }
    return {
        "uitkomsten": [{"waarde": u, "label": UITKOMSTEN.get(u, u)} for u in outcomes],
        "waarden": values,
        "zienswijzen": zienswijzen,
    }


def punten(case: dict[str, Any]) -> list[dict[str, str]]:
    """A reason field per point a permit granted in the case answers (an open blokkerend conflict, a
    negative advice), as the final besluit asks them."""
    return editor_punten(platform(), case["zaak"])


def _values(form: Any) -> dict[str, Any]:
    voorschriften = [v.strip() for v in form.getlist("voorschrift") if v and v.strip()]
    return {
        "uitkomst": form.get("uitkomst", ""),
        "voorschriften": voorschriften[:MAX_VOORSCHRIFTEN],
        "motivering": form.get("motivering", ""),
        "besluitdatum": form.get("besluitdatum", ""),
        "verzenddatum": form.get("verzenddatum", ""),
        "antwoorden": {
            k.removeprefix("antwoord-"): v for k, v in form.items() if k.startswith("antwoord-") and v.strip()
        },
        # a reason per point, named as the problem document names its field: afwijking_adviezen.Milieu
        "afwijkingen": {k: v for k, v in form.items() if k.startswith((CONFLICTEN, ADVIEZEN)) and v.strip()},
        "ondertekenaar": form.get("ondertekenaar", ""),
        "ondertekenaar_functie": form.get("ondertekenaar_functie", ""),
    }


def _invoer(values: dict[str, Any], outcomes: list[str]) -> BesluitInvoer:
    if values["uitkomst"] not in outcomes:
        raise ValidationError(
            f"Kies de uitkomst van het besluit: {', '.join(outcomes)}.", code="uitkomst-onbekend"
        )
    try:
        answers = {int(k): str(v) for k, v in values["antwoorden"].items()}
    except ValueError:
        raise ValidationError("Een antwoord hoort bij een zienswijzenummer.", code="besluit-invoer") from None
    return BesluitInvoer(
        uitkomst=values["uitkomst"],
        motivering=values["motivering"],
        voorschriften=values["voorschriften"],
        besluitdatum=lees_datum(values["besluitdatum"], "besluitdatum") if values["besluitdatum"] else None,
        verzenddatum=lees_datum(values["verzenddatum"], "verzenddatum") if values["verzenddatum"] else None,
        zienswijze_antwoorden=answers,
        ondertekenaar=values["ondertekenaar"],
        ondertekenaar_functie=values["ondertekenaar_functie"],
        afwijking_conflicten=_per(values["afwijkingen"], CONFLICTEN),
        afwijking_adviezen=_per(values["afwijkingen"], ADVIEZEN),
    )


def _per(afwijkingen: dict[str, str], veld: str) -> dict[str, str]:
    """The reasons of one field: {rule or group: reason} of the form's ``veld.key`` fields."""
    return {k.removeprefix(f"{veld}."): v for k, v in afwijkingen.items() if k.startswith(f"{veld}.")}


def handle(task: dict[str, Any], form: Any, username: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Draft ('concept') or finalise ('definitief') the besluit of an open task that takes one.

    Returns the editor's result (values, draft or stored document, or a Dutch error) and, after
    finalising, the values the task form takes over."""
    outcomes = outcomes_of(task)
    if not outcomes:
        abort(404)
    values = _values(form)
    final = form.get("actie") == "definitief"
    result: dict[str, Any] = {"waarden": values}
    if task["status"] != "open":  # completed meanwhile (e.g. in another tab): say so, store nothing
        login = task.get("voltooid_door")
        door = f" door {read_names(platform(), [login])[login]}" if login else ""
        result["fout"] = (
            f"Taak '{task['naam']}' is al {task['status']}{door}; het besluit kan hier niet meer worden "
            "opgesteld of gewijzigd."
        )
        result["http_status"] = 409
        return result, None
    try:
        invoer = _invoer(values, outcomes)
        if final:
            result["document"] = finalise_besluit(platform(), task["zaak"], username, invoer)
        else:
            result["concept"] = draft_besluit(platform(), task["zaak"], username, invoer)
    except (ValidationError, Conflict, Forbidden, ConfigurationError) as exc:  # e.g. no besluit task, final
        # or another's; one of ours (a ConfigurationError): the values kept, OUR_FAULT and its foutcode
        # (logged, web.errors.as_message), no internal detail and no field at fault
        ours = isinstance(exc, ConfigurationError)
        result["fout"] = as_message(exc)
        result["foutvelden"] = [] if ours else list(exc.extra.get("velden") or [exc.extra.get("veld")])
        result["http_status"] = 422 if isinstance(exc, ValidationError) else exc.status
        return result, None
    if not final:
        return result, None
    return result, _task_form(values["uitkomst"], values["voorschriften"], values["motivering"])


def made(task: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The final besluit already made in this task (reloaded, or come back to later), as 'Definitief
    maken' told it: the stored document, and the values the task form takes over from it; None when
    none was made yet."""
    document = besluit_made_in_task(platform(), int(task["id"]))
    if document is None:
        return None
    return document, _task_form(document["uitkomst"], document["voorschriften"], document["motivering"])


def _task_form(uitkomst: str, voorschriften: list[str] | None, motivering: str | None) -> dict[str, Any]:
    """The task form's values of a final besluit: its outcome, one voorschrift per line, its motivering
    (each left out when the besluit does not say it)."""
    form: dict[str, Any] = {"besluit": uitkomst}
    if voorschriften is not None:
        form["voorschriften"] = "\n".join(voorschriften)
    if motivering is not None:
        form["motivering"] = motivering
    return form
