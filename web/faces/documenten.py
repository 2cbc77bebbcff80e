"""Documents in the officers' case file: upload, the document page with its preview and versions, a new
version, logged deletion and the content itself. Every use case asks the authorization policy
(services/documents); a refusal of the policy is a 403/404 page, a bad upload a Dutch message in the
case file, and a refused upload stores nothing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from processes.errors import ConfigurationError, Conflict, RuimteflowError, TooLarge, ValidationError
from processes.tekens import is_blank
from processes.termijnen.datums import lees_datum
from services.documents import NewDocument, add_version, delete_document, upload_document
from services.documents.dossier import case_file_documents, document_of_case, open_case_version
from services.documents.verzending import record_verzenddatum
from web.downloads import send_stored
from web.errors import as_message
from web.faces.security import login_required, me, platform, safe_next
from web.uploads import on_too_large, too_large_detail

bp = Blueprint("documenten", __name__)

#: refusals shown as a message in the case file (the policy's 403/404 stay error pages); a
#: ConfigurationError is one of ours, said as such with its foutcode (web.errors.as_message)
SHOWN_AS_MESSAGE = (ValidationError, Conflict, TooLarge, ConfigurationError)


def _back(case_ref: str) -> str:
    default = url_for("zaken.show", case_ref=case_ref)
    return safe_next(request.form.get("terug"), default) + "#documenten"


def _file() -> Any:
    upload = request.files.get("bestand")
    if upload is None or not upload.filename:
        raise ValidationError("Kies een bestand om toe te voegen.", code="bestand-ontbreekt")
    return upload


def _date(value: str | None, veld: str) -> Any:
    """An optional date field of the upload form (a signed besluit's besluitdatum, verzenddatum)."""
    return lees_datum(value, veld) if value else None


def _auteur(given: str) -> str:
    """The auteur of an upload: the officer's own username when none is given (or only invisible
    characters: processes.tekens)."""
    return me()["gebruikersnaam"] if is_blank(given) else given


def _refused(exc: RuimteflowError) -> bool:
    """True when the refusal is shown as a message (else the caller re-raises it)."""
    # 429: an account outside the municipality past its upload budget (the message says how long to wait)
    if isinstance(exc, SHOWN_AS_MESSAGE) or exc.status in (409, 413, 422, 429, 503):
        flash(as_message(exc), "fout")
        return True
    return False


@on_too_large("documenten.upload")
@on_too_large("documenten.new_version")
def _too_large() -> Any:
    """A body over the upload cap: back to the case file or the document, with the cap named."""
    args = request.view_args or {}
    if "document_id" in args:
        back = url_for("documenten.show", case_ref=args["case_ref"], document_id=args["document_id"])
    else:
        back = url_for("zaken.show", case_ref=args.get("case_ref", "")) + "#documenten"
    flash(too_large_detail(), "fout")
    return redirect(back, 303)


@bp.post("/zaken/<case_ref>/documenten")
@login_required
def upload(case_ref: str):  # type: ignore[no-untyped-def]
    form = request.form
    try:
        bestand = _file()
        meta = NewDocument(
            informatieobjecttype=form.get("informatieobjecttype", ""),
            bestandsnaam=bestand.filename or "",
            titel=form.get("titel", ""),
            vertrouwelijkheid=form.get("vertrouwelijkheidaanduiding") or None,
            auteur=_auteur(form.get("auteur", "")),
            organisatie=form.get("organisatie", ""),
            besluitdatum=_date(form.get("besluitdatum"), "besluitdatum"),
            verzenddatum=_date(form.get("verzenddatum"), "verzenddatum"),
        )
        doc = upload_document(platform(), case_ref, me()["gebruikersnaam"], bestand.stream, meta)
    except RuimteflowError as exc:
        if not _refused(exc):
            raise
        return redirect(_back(case_ref), 303)
    flash(f"Document '{doc['titel']}' is toegevoegd aan zaak {case_ref}.", "succes")
    return redirect(_back(case_ref), 303)


@bp.post("/zaken/<case_ref>/documenten/<int:document_id>/verzenddatum")
@login_required
def verzenddatum(case_ref: str, document_id: int):  # type: ignore[no-untyped-def]
    """The verzenddatum of a besluit uploaded with its besluitdatum alone (the form on its row)."""
    document_of_case(platform(), case_ref, document_id, me()["gebruikersnaam"])  # 404 for another case
    try:
        datum = lees_datum(request.form.get("verzenddatum", ""), "verzenddatum")
        doc = record_verzenddatum(platform(), document_id, me()["gebruikersnaam"], datum)
    except RuimteflowError as exc:
        if not _refused(exc):
            raise
        return redirect(_back(case_ref), 303)
    flash(f"De verzenddatum van '{doc['titel']}' is vastgelegd.", "succes")
    return redirect(_back(case_ref), 303)


@bp.get("/zaken/<case_ref>/documenten/<int:document_id>")
@login_required
def show(case_ref: str, document_id: int):  # type: ignore[no-untyped-def]
    user = me()
    doc = document_of_case(platform(), case_ref, document_id, user["gebruikersnaam"])
    rights = case_file_documents(platform(), case_ref, user["gebruikersnaam"])
    may_version = any(t["code"] == doc["informatieobjecttype"] for t in rights["typen"])
    kept = doc["verwijderd"] or doc["status"] == "definitief" or doc["onder_besluit"]
    return render_template(
        "document.html",
        zaak_ref=case_ref,
        document=doc,
        mag_nieuwe_versie=may_version and not kept,
        mag_verwijderen=rights["mag_beheren"] and rights["zaak_open"] and not kept,
    )


@bp.get("/zaken/<case_ref>/documenten/<int:document_id>/inhoud")
@login_required
def content(case_ref: str, document_id: int):  # type: ignore[no-untyped-def]
    versie = request.args.get("versie", type=int)
    meta, stream = open_case_version(platform(), case_ref, document_id, me()["gebruikersnaam"], versie)
    return send_stored(meta, stream, inline=request.args.get("inline") == "1")


@bp.post("/zaken/<case_ref>/documenten/<int:document_id>/versies")
@login_required
def new_version(case_ref: str, document_id: int):  # type: ignore[no-untyped-def]
    back = url_for("documenten.show", case_ref=case_ref, document_id=document_id)
    document_of_case(platform(), case_ref, document_id, me()["gebruikersnaam"])  # 404 for another case
    try:
        bestand = _file()
        doc = add_version(
            platform(), document_id, me()["gebruikersnaam"], bestand.stream, bestandsnaam=bestand.filename
        )
    except RuimteflowError as exc:
        if not _refused(exc):
            raise
        return redirect(back, 303)
    flash(f"Versie {doc['versie']} van '{doc['titel']}' is toegevoegd.", "succes")
    return redirect(back, 303)


@bp.post("/zaken/<case_ref>/documenten/<int:document_id>/verwijderen")
@login_required
def delete(case_ref: str, document_id: int):  # type: ignore[no-untyped-def]
    back = url_for("documenten.show", case_ref=case_ref, document_id=document_id)
    document_of_case(platform(), case_ref, document_id, me()["gebruikersnaam"])
    try:
        doc = delete_document(
            platform(), document_id, me()["gebruikersnaam"], reden=request.form.get("reden", "")
        )
    except RuimteflowError as exc:
        if not _refused(exc):
            raise
        return redirect(back, 303)
    flash(f"Document '{doc['titel']}' is als verwijderd gemarkeerd; het blijft in het dossier.", "succes")
    return redirect(url_for("zaken.show", case_ref=case_ref) + "#documenten", 303)
