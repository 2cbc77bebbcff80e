"""Beheer (role beheerder): model versions and diagrams, deploy, incidents, suspend/resume, migrate."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from processes.errors import Conflict, NotFound, RuimteflowError, ValidationError
from services import beheer, deployments, model_uploads, policy, scheduler
from services.channels import known_channel
from services.mail import unreminded
from services.outbox import beheer as outbox_beheer
from web.downloads import content_disposition
from web.faces.filters import tijdstip
from web.faces.security import login_required, me, platform, role_required, safe_next
from web.faces.vendored import bpmn_viewer

bp = Blueprint("beheer", __name__, url_prefix="/beheer")


def _overview(
    problems: list[dict[str, Any]] | None = None, error: str | None = None, status: int = 200
) -> Any:
    return render_template(
        "beheer.html",
        modellen=beheer.model_overview(platform()),
        zaken=beheer.problem_cases(platform()),
        timers_achter=scheduler.late_timers(platform()),
        zonder_ontvanger=unreminded.waiting(platform()),
        problemen=problems or [],
        fout=error,
    ), status


@bp.get("")
@role_required("beheerder")
def index():  # type: ignore[no-untyped-def]
    return _overview()


@bp.get("/modellen/<process_id>")
@role_required("beheerder")
def model(process_id: str):  # type: ignore[no-untyped-def]
    detail = beheer.model_detail(platform(), process_id, request.args.get("versie", type=int))
    return render_template("beheer_model.html", model=detail, viewer=bpmn_viewer())


@bp.get("/modellen/<process_id>/bpmn")
@role_required("beheerder")
def model_xml(process_id: str):  # type: ignore[no-untyped-def]
    detail = beheer.model_detail(platform(), process_id, request.args.get("versie", type=int))
    return Response(
        detail["xml"],
        mimetype="application/xml",
        headers={
            "Content-Disposition": content_disposition("inline", detail["bestand"], "model.bpmn"),
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.post("/modellen")
@role_required("beheerder")
def deploy():  # type: ignore[no-untyped-def]
    uploads = [f for f in request.files.getlist("bestand") if f and f.filename]
    if not uploads:
        return _overview(error="Kies een of meer .bpmn- of .dmn-bestanden om te deployen.", status=400)
    if len(uploads) > model_uploads.MAX_FILES:
        return _overview(error=model_uploads.TOO_MANY, status=400)
    try:
        files = model_uploads.model_files([(f.filename or "", f.stream) for f in uploads])
        result = deployments.deploy(platform(), files, user=me()["gebruikersnaam"])
    except RuimteflowError as exc:
        if exc.status >= 500:  # one of ours (a broken layer or rule, the database): the error page
            raise
        problems = list(exc.extra.get("problemen") or [])
        refused = bool(problems) or isinstance(exc, ValidationError)  # the models, at their problems
        return _overview(problems=problems, error=exc.detail, status=422 if refused else exc.status)
    for d in result:
        if d["ongewijzigd"]:
            flash(
                f"{d['naam']} ({d['process_id']}) is ongewijzigd; versie {d['versie']} blijft de nieuwste.",
                "info",
            )
        elif d.get("vanwege"):
            flash(
                f"{d['naam']} ({d['process_id']}) is gedeployed als versie {d['versie']}: het roept de nieuwe "
                f"versie aan van {', '.join(d['vanwege'])}.",
                "succes",
            )
        else:
            flash(f"{d['naam']} ({d['process_id']}) is gedeployed als versie {d['versie']}.", "succes")
        for warning in d.get("waarschuwingen") or []:
            flash(f"{d['naam']} ({d['process_id']}): {warning}", "waarschuwing")
    return redirect(url_for("beheer.index"))


@bp.post("/modellen/<process_id>/migreren")
@role_required("beheerder")
def migrate(process_id: str):  # type: ignore[no-untyped-def]
    try:
        result = beheer.migrate(platform(), process_id, me()["gebruikersnaam"])
    except NotFound as exc:
        flash(exc.detail, "fout")
        return redirect(url_for("beheer.index"))
    done, refused = result["gemigreerd"], result["geweigerd"]
    if not done and not refused:
        flash(f"Geen lopende zaken van {process_id} op een oudere versie.", "info")
    if done:
        flash(
            f"{len(done)} {'zaak' if len(done) == 1 else 'zaken'} gemigreerd naar versie {result['naar_versie']}: "
            + ", ".join(done)
            + ".",
            "succes",
        )
    for r in refused:
        flash(f"Zaak {r['zaak']} niet gemigreerd: {r['reden']}", "fout")
    _flash_migration_notes(result)
    return redirect(url_for("beheer.index"))


def _flash_migration_notes(result: dict[str, Any]) -> None:
    """What the migration did to the open tasks and terms that the beheerder must act on."""
    for t in result["verschoven_termijnen"]:  # a changed timer definition: the term starts again
        flash(
            f"Zaak {t['zaak']}: termijn '{t['naam']}' is gewijzigd en loopt opnieuw: was {tijdstip(t['van'])}, "
            f"nu {tijdstip(t['naar']) if t['naar'] else 'geen'}.",
            "info",
        )
    for r in result["vrijgegeven"]:
        flash(
            f"Zaak {r['zaak']}: taak '{r['taak']}' is niet meer toegewezen aan {r['was']}; die hoort niet "
            "bij de groep van de taak in de nieuwe versie.",
            "waarschuwing",
        )
    for r in result["zonder_leden"]:
        groups = ", ".join(f"'{g}'" for g in r["groepen"])
        which = "de groep" if len(r["groepen"]) == 1 else "de groepen"
        flash(
            f"Zaak {r['zaak']}: taak '{r['taak']}' hoort nu alleen bij {which} {groups} zonder leden; "
            "niemand ziet haar. Voeg leden toe aan de groep.",
            "waarschuwing",
        )


def _case_action(fn: Any, success: str) -> Any:
    back = safe_next(request.form.get("terug"), url_for("beheer.index"))
    try:
        row = fn()
    except (Conflict, NotFound, ValidationError) as exc:
        flash(exc.detail, "fout")
        return redirect(back)
    flash(success.format(**row), "succes")
    return redirect(back)


@bp.post("/zaken/<case_ref>/opnieuw")
@role_required("beheerder")
def retry(case_ref: str):  # type: ignore[no-untyped-def]
    return _case_action(
        lambda: beheer.retry(platform(), case_ref, me()["gebruikersnaam"]),
        "Zaak {zaak}: incident opgelost, de zaak loopt weer.",
    )


@bp.post("/zaken/<case_ref>/pauzeren")
@role_required("beheerder")
def suspend(case_ref: str):  # type: ignore[no-untyped-def]
    return _case_action(
        lambda: beheer.suspend(platform(), case_ref, me()["gebruikersnaam"], request.form.get("reden") or ""),
        "Zaak {zaak} is gepauzeerd.",
    )


@bp.post("/zaken/<case_ref>/hervatten")
@role_required("beheerder")
def resume(case_ref: str):  # type: ignore[no-untyped-def]
    return _case_action(
        lambda: beheer.resume(platform(), case_ref, me()["gebruikersnaam"]), "Zaak {zaak} is hervat."
    )


# -- the outbox: deliveries to the zaakregistratie (ZGW) and e-mails ------------------------------------
def _check_deliveries() -> str:
    policy.check_may_manage_deliveries(me(), policy.rules(platform().settings))
    return str(me()["gebruikersnaam"])


@bp.get("/afleveringen")
@login_required
def deliveries():  # type: ignore[no-untyped-def]
    _check_deliveries()
    status, case = request.args.get("status") or None, request.args.get("zaak") or None
    channel = request.args.get("kanaal") or None
    try:
        overview = outbox_beheer.deliveries(
            platform(), status=status, case=case, channel=known_channel(channel)
        )
    except ValidationError as exc:
        flash(exc.detail, "fout")
        status, overview = None, outbox_beheer.deliveries(platform())
    return render_template("beheer_afleveringen.html", status=status, kanaal=channel, **overview)


@bp.post("/afleveringen/<int:message_id>/opnieuw")
@login_required
def retry_delivery(message_id: int):  # type: ignore[no-untyped-def]
    user = _check_deliveries()
    try:
        row = outbox_beheer.retry(platform(), message_id, user)
    except (Conflict, NotFound) as exc:
        flash(exc.detail, "fout")
    else:
        flash(f"Aflevering {row['id']} ({row['soort']}) wordt opnieuw aangeboden.", "succes")
    return redirect(url_for("beheer.deliveries"))


@bp.post("/afleveringen/<int:message_id>/terzijde")
@login_required
def set_aside_delivery(message_id: int):  # type: ignore[no-untyped-def]
    user = _check_deliveries()
    try:
        row = outbox_beheer.set_aside(platform(), message_id, user)
    except (Conflict, NotFound) as exc:
        flash(exc.detail, "fout")
    else:
        flash(
            f"Aflevering {row['id']} ({row['soort']}) is terzijde gelegd en wordt niet verstuurd.", "succes"
        )
    return redirect(url_for("beheer.deliveries"))


@bp.post("/afleveringen/opnieuw")
@login_required
def retry_dead():  # type: ignore[no-untyped-def]
    user = _check_deliveries()
    result = outbox_beheer.retry_dead(platform(), user)
    done, gone = result["opnieuw"], result.get("gewist", 0)
    blocked, no_way_in = result.get("geblokkeerd", 0), result.get("niet_inlogbaar", 0)
    deleted = result.get("verwijderd", 0)
    if done or not (gone or blocked or no_way_in or deleted):
        flash(
            f"{done} opgegeven {'aflevering wordt' if done == 1 else 'afleveringen worden'} opnieuw aangeboden."
            if done
            else "Er zijn geen opgegeven afleveringen.",
            "succes" if done else "info",
        )
    if gone:
        flash(
            f"{gone} {'mail is' if gone == 1 else 'mails zijn'} niet opnieuw aangeboden: de inhoud is na de "
            "bewaartermijn van de zaak gewist. Leg ze terzijde.",
            "info",
        )
    if blocked:
        mails = (
            "mail aan een geblokkeerd account is"
            if blocked == 1
            else "mails aan een geblokkeerd account zijn"
        )
        flash(
            f"{blocked} {mails} niet opnieuw aangeboden: zo'n account krijgt geen mail meer. Leg ze terzijde.",
            "info",
        )
    if no_way_in:
        mails = "mail is" if no_way_in == 1 else "mails zijn"
        flash(
            f"{no_way_in} {mails} niet opnieuw aangeboden: op het account kan niemand inloggen (geen "
            "wachtwoord en geen API-token). Leg ze terzijde, of geef het account eerst een wachtwoord of API-token.",
            "info",
        )
    if deleted:
        mails = "mail aan een account is" if deleted == 1 else "mails aan een account zijn"
        flash(
            f"{deleted} {mails} niet opnieuw aangeboden: dat account bestaat niet meer. Leg ze terzijde.",
            "info",
        )
    return redirect(url_for("beheer.deliveries"))
