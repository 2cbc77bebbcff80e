"""Documents of a case and the generated besluit: upload (multipart), list, metadata, download, new
version, logical deletion; draft and finalise the besluit. Access is decided by the authorization policy
(services/policy/__init__.py), which services/documents asks."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for

from processes.errors import ValidationError
from processes.termijnen.datums import lees_datum
from services.documents import (
    NewDocument,
    add_version,
    delete_document,
    document_page,
    get_document,
    open_version,
    upload_document,
)
from services.documents.besluit import draft_besluit, finalise_besluit
from services.documents.besluit_context import BesluitInvoer
from services.documents.types import document_typen
from services.documents.verzending import record_verzenddatum
from web.api import bp
from web.api import schemas as s
from web.api.common import case_access, created, current_user, json_body, platform
from web.api.contract import contract
from web.downloads import send_stored

#: what a download is sent as: the stored version's own type (detected from its content), one the
#: shipped document types accept (bpmn/documenttypen.toml; a deployment's own file may allow others)
DOCUMENT_MEDIA = tuple(document_typen().media_types())
CASE = {"case_key": s.CASE_KEY}
DOC = {"document_id": s.ID}


def _file() -> Any:
    upload = request.files.get("bestand")
    if upload is None:
        raise ValidationError("Stuur het bestand mee als multipart-veld 'bestand'.", code="bestand-ontbreekt")
    return upload


def _optional_date(value: str | None, veld: str) -> Any:
    return lees_datum(value, veld) if value else None


@bp.post("/zaken/<case_key>/documenten")
@contract(
    path=CASE,
    multipart=s.DOCUMENT_UPLOAD,
    response=s.DOCUMENT,
    status=201,
    errors=(403, 409, 422, 429, 503),
    access=case_access,
)
def upload_case_document(case_key: str):  # type: ignore[no-untyped-def]
    """Een document aan een zaak toevoegen (multipart: bestand, informatieobjecttype, ...)."""
    user = current_user()
    upload, form = _file(), request.form
    meta = NewDocument(
        informatieobjecttype=form.get("informatieobjecttype", ""),
        bestandsnaam=upload.filename or "",
        titel=form.get("titel", ""),
        vertrouwelijkheid=form.get("vertrouwelijkheidaanduiding") or None,
        auteur=form.get("auteur", ""),
        organisatie=form.get("organisatie", ""),
        ontvangstdatum=_optional_date(form.get("ontvangstdatum"), "ontvangstdatum"),
        gedeeld_met=[g for g in form.getlist("gedeeld_met") if g],
        besluitdatum=_optional_date(form.get("besluitdatum"), "besluitdatum"),
        verzenddatum=_optional_date(form.get("verzenddatum"), "verzenddatum"),
    )
    doc = upload_document(platform(), case_key, user["gebruikersnaam"], upload.stream, meta)
    return created(doc, url_for("api.get_case_document", document_id=doc["id"]))


@bp.get("/zaken/<case_key>/documenten")
@contract(path=CASE, query=s.DOCUMENT_PAGE, response=s.DOCUMENT_LIST, errors=(403,))
def list_case_documents(case_key: str):  # type: ignore[no-untyped-def]
    """De documenten van een zaak die u mag zien, per pagina: de nieuwste eerst gekozen, oudste eerst getoond."""
    user = current_user()
    limit, offset = request.args.get("limiet", 50, type=int), request.args.get("vanaf", 0, type=int)
    return jsonify(document_page(platform(), case_key, user["gebruikersnaam"], limit=limit, offset=offset))


@bp.get("/documenten/<int:document_id>")
@contract(path=DOC, response=s.DOCUMENT)
def get_case_document(document_id: int):  # type: ignore[no-untyped-def]
    """De gegevens en versies van één document."""
    user = current_user()
    return jsonify(get_document(platform(), document_id, user["gebruikersnaam"]))


@bp.get("/documenten/<int:document_id>/inhoud")
@contract(
    path=DOC,
    query={"versie": s.VERSION, "inline": {"type": "string", "enum": ["0", "1"]}},
    response=s.CONTENT,
    media=DOCUMENT_MEDIA,
)
def download_document(document_id: int) -> Response:
    """De inhoud van een document (laatste versie, of ?versie=N), met het MIME-type van de inhoud."""
    user = current_user()
    versie = request.args.get("versie", type=int)
    meta, stream = open_version(platform(), document_id, user["gebruikersnaam"], versie)
    return send_stored(meta, stream, inline=request.args.get("inline") == "1")


@bp.post("/documenten/<int:document_id>/versies")
@contract(
    path=DOC,
    multipart=s.DOCUMENT_VERSION_UPLOAD,
    response=s.DOCUMENT,
    status=201,
    errors=(403, 409, 422, 429, 503),
)
def new_document_version(document_id: int):  # type: ignore[no-untyped-def]
    """Een nieuwe versie van een document (multipart: bestand); eerdere versies blijven bewaard."""
    user = current_user()
    upload = _file()
    doc = add_version(
        platform(), document_id, user["gebruikersnaam"], upload.stream, bestandsnaam=upload.filename or ""
    )
    return created(doc, url_for("api.download_document", document_id=doc["id"], versie=doc["versie"]))


@bp.post("/documenten/<int:document_id>/verzenddatum")
@contract(path=DOC, body=s.VERZENDDATUM, response=s.DOCUMENT, errors=(403, 409))
def record_document_verzenddatum(document_id: int):  # type: ignore[no-untyped-def]
    """De verzenddatum vastleggen van een besluit dat met alleen zijn besluitdatum is toegevoegd
    ({"verzenddatum": "JJJJ-MM-DD"}); een vastgelegde verzenddatum wordt niet gewijzigd."""
    user = current_user()
    datum = lees_datum(json_body(required=True)["verzenddatum"], "verzenddatum")  # required by the schema
    return jsonify(record_verzenddatum(platform(), document_id, user["gebruikersnaam"], datum))


@bp.delete("/documenten/<int:document_id>")
@contract(
    path=DOC,
    query={"reden": s.REASON["properties"]["reden"]},
    body=s.OPTIONAL_REASON,
    body_required=False,
    response=s.DOCUMENT,
    errors=(403, 409),
)
def delete_case_document(document_id: int):  # type: ignore[no-untyped-def]
    """Een document als verwijderd markeren, met een reden (?reden= of {"reden": ...}); het blijft in het
    dossier bewaard."""
    user = current_user()
    given = {str(r) for r in (json_body(required=False).get("reden"), request.args.get("reden")) if r}
    if len(given) > 1:
        raise ValidationError(
            "Geef de reden één keer: als ?reden= of in de JSON-inhoud.", code="reden-dubbel", veld="reden"
        )
    reden = given.pop() if given else ""
    return jsonify(delete_document(platform(), document_id, user["gebruikersnaam"], reden=reden))


def _invoer(body: dict[str, Any]) -> BesluitInvoer:
    voorschriften = body.get("voorschriften") or []
    antwoorden = body.get("zienswijze_antwoorden") or {}
    if not isinstance(voorschriften, list) or not isinstance(antwoorden, dict):
        raise ValidationError(
            "'voorschriften' moet een lijst zijn en 'zienswijze_antwoorden' een object.",
            code="besluit-invoer",
        )
    try:
        answers = {int(k): str(v) for k, v in antwoorden.items()}
    except ValueError:
        raise ValidationError(
            "De sleutels van 'zienswijze_antwoorden' zijn zienswijzenummers.", code="besluit-invoer"
        ) from None
    return BesluitInvoer(
        uitkomst=str(body.get("uitkomst") or ""),
        motivering=str(body.get("motivering") or ""),
        voorschriften=[str(v) for v in voorschriften],
        besluitdatum=_optional_date(body.get("besluitdatum"), "besluitdatum"),
        verzenddatum=_optional_date(body.get("verzenddatum"), "verzenddatum"),
        zienswijze_antwoorden=answers,
        ondertekenaar=str(body.get("ondertekenaar") or ""),
        ondertekenaar_functie=str(body.get("ondertekenaar_functie") or ""),
        afwijking_conflicten=_object(body, "afwijking_conflicten"),
        afwijking_adviezen=_object(body, "afwijking_adviezen"),
    )


def _object(body: dict[str, Any], veld: str) -> dict[str, str]:
    value = body.get(veld) or {}
    if not isinstance(value, dict):
        raise ValidationError(f"'{veld}' moet een object zijn.", code="besluit-invoer", veld=veld)
    return {str(k): str(v) for k, v in value.items()}


def _gegevens(body: dict[str, Any]) -> dict[str, Any] | None:
    gegevens = body.get("gegevens")
    if gegevens is not None and not isinstance(gegevens, dict):
        raise ValidationError("'gegevens' moet een JSON-object zijn.", code="data-geen-object")
    return gegevens


@bp.post("/zaken/<case_key>/besluit/concept")
@contract(
    path=CASE, body=s.BESLUIT_CONCEPT_INVOER, response=s.BESLUIT_CONCEPT, errors=(403,), access=case_access
)
def besluit_concept(case_key: str):  # type: ignore[no-untyped-def]
    """Het conceptbesluit (HTML) en wat nog ontbreekt; slaat niets op."""
    user = current_user()
    body = json_body(required=True)
    return jsonify(
        draft_besluit(platform(), case_key, user["gebruikersnaam"], _invoer(body), _gegevens(body))
    )


@bp.post("/zaken/<case_key>/besluit")
@contract(
    path=CASE,
    body=s.BESLUIT_INVOER,
    response=s.DOCUMENT,
    status=201,
    errors=(403, 409, 422),
    access=case_access,
)
def besluit_definitief(case_key: str):  # type: ignore[no-untyped-def]
    """Het besluit definitief maken in de open taak waarin het wordt genomen: PDF/A uit de gegevens van de
    zaak, opgeslagen als onveranderlijk document van type besluit. Eén definitief besluit per taak."""
    user = current_user()
    body = json_body(required=True)
    if "gegevens" in body:
        raise ValidationError(
            "Een definitief besluit gebruikt de gegevens van de zaak zelf; 'gegevens' kan alleen bij een concept.",
            code="besluit-gegevens-van-zaak",
        )
    doc = finalise_besluit(platform(), case_key, user["gebruikersnaam"], _invoer(body))
    return created(doc, url_for("api.get_case_document", document_id=doc["id"]))
