"""Application intake: read a public application form, validate it and start the case.

The fields are validated by the form's JSON Schema (services/forms.py, one validator for every form);
the location is a geometry and is checked by services/geometry.py. Nothing is stored unless everything
is right, and the case is stored with its bijlagen or not at all (ApplicationNotStored, 503; 500 for GIS
layers or rules the check cannot run on, as the API answers them). Bijlagen that do not fit the bytes a new case has for them (services.documents.quota ``check_new_case_room``: 422
``zaak-opslag-vol``) are refused before the case starts: the model runs nothing for such an application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import DBAPIError

from processes import tekens
from processes.errors import ConfigurationError, ValidationError, ours
from processes.getallen import dutch_number
from services import cases, forms
from services.documents.public import APPLICATION_ROOM, PublicFile, StagedFiles, check_files, stage_files
from services.documents.quota import check_new_case_room, refunded_on_our_failure
from services.documents.storage import StorageFailed
from services.gemeentegebied import check_inside
from services.geometry import parse_location
from services.platform import Platform
from services.status.applicant import INTAKE_KEYS as INTAKE_KEYS
from services.status.applicant import applicant_account, first, form_email
from services.status.applicant import check_start_by as check_start_by
from services.status.application_forms import (
    COMMON_FIELDS,
    MAX_LOCATION_POINTS,
    ApplicationForm,
    offered_form,
    schema_of,
)
from services.status.submissions import Bind, charge_application, together

log = logging.getLogger("ruimteflow.intake")


class ApplicationNotStored(StorageFailed):
    """Storing an application failed for a reason of ours (a full disk, a database error, GIS layers or
    rules the check of its location cannot run on): nothing of it is stored and the applicant may send it
    again (its charge is given back: ``refunded_on_our_failure``)."""

    code = "aanvraag-niet-opgeslagen"
    title = "Aanvraag niet opgeslagen"
    status = 503


STORAGE_FAILED = "Er ging iets mis bij het opslaan; uw aanvraag is niet ingediend, probeer het later opnieuw."
CHECK_FAILED = ours("kan de locatie nu niet worden gecontroleerd en is uw aanvraag niet ingediend")


def _not_stored(exc: ConfigurationError) -> ApplicationNotStored:
    """A configuration error (gis.errors RuleError, LayerError: the municipality's rules or layers, 500 as
    the API answers it) as ApplicationNotStored with its status: the applicant's input is not at fault, so
    it is shown at no field."""
    return ApplicationNotStored(CHECK_FAILED, status=exc.status)


#: error-code prefixes of intake services and the form field they belong to
INTAKE_FIELDS = {
    "locatie": "locatie",
    "geometrie": "locatie",
    "buiten": "locatie",
    "crs": "locatie",
    "coordinaat": "locatie",
    "gis": "locatie",  # the locatiecheck's refusals (gis.errors) are about the location
    "turbines": "aantal_turbines",
    "vermogen": "vermogen_mw",
    "soort": "soort",
    "naam": "omschrijving",
    "activiteit": "activiteiten",
    "bopa": "activiteiten",
}


def _typed(form: ApplicationForm, values: dict[str, Any]) -> dict[str, Any]:
    """Posted text -> the JSON types of the schema. Empty inputs are left out, so 'required' applies;
    a number that cannot be read stays text, so the validator reports it in Dutch."""
    data: dict[str, Any] = {}
    for f in (*COMMON_FIELDS, *form.fields):
        raw = values.get(f.name)
        if f.kind == "meerkeuze":
            chosen = [raw] if isinstance(raw, str) else [str(c) for c in raw or []]
            if chosen:
                data[f.name] = list(dict.fromkeys(c for c in chosen if c))
            continue
        text = first(raw).strip()
        if tekens.is_blank(text):  # only whitespace and invisible characters: not given
            continue
        if f.kind in ("getal", "geheel"):
            number = dutch_number(text)
            if number is None:
                data[f.name] = text
            elif f.kind == "geheel" and number.is_integer():
                data[f.name] = int(number)
            else:
                data[f.name] = number
        else:
            data[f.name] = text
    soort = first(values.get("soort_initiatiefnemer")).strip()
    if soort:
        data["soort_initiatiefnemer"] = soort
    return data


def validate_application(
    form: ApplicationForm, values: dict[str, Any], settings: Any = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean values and one Dutch error per field; nothing is stored here. Values may be lists."""
    data = _typed(form, values)
    found = forms.by_field(forms.errors_of(schema_of(form), data))
    errors = {field or "algemeen": messages[0] for field, messages in found.items()}
    clean = {k: v for k, v in data.items() if k not in errors}
    try:
        wkt = parse_location(
            first(values.get("locatie")),
            first(values.get("coordinaat")),
            settings,
            max_points=MAX_LOCATION_POINTS,
        )
    except ValidationError as exc:
        errors["locatie"] = exc.detail
    else:
        if wkt is None and form.location_required:
            errors["locatie"] = "Geef de locatie aan: klik op de kaart of vul een coördinaat in."
        elif wkt is not None:
            clean["_geometry_wkt"] = wkt
    return clean, errors


def _checked(
    platform: Platform,
    process_id: str,
    values: dict[str, Any],
    files: Sequence[PublicFile],
    address: str | None,
) -> tuple[dict[str, Any], list[int]]:
    """The clean values of a complete application and what it counted against the budgets of the
    client's ``address``; ValidationError with ``fouten`` otherwise. The bijlagen are scanned last:
    only for an application that is valid otherwise and within the budget (the scanner is costly). Only
    for a form the public face offers (``offered_form``: NotFound aanvraag-onbekend, nothing counted)."""
    clean, errors = validate_application(offered_form(platform, process_id), values, platform.settings)
    if "_geometry_wkt" in clean:
        try:
            check_inside(platform, clean["_geometry_wkt"])
        except ConfigurationError as exc:
            raise _not_stored(exc) from exc
        except ValidationError as exc:
            errors["locatie"] = exc.detail
    _refuse(errors)  # no scan, and nothing counted, for an invalid form
    counted = charge_application(platform, address, str(clean.get("email") or "")) if address else []
    with refunded_on_our_failure(platform, counted):  # a refused bijlage cost the scan: it stays counted
        file_errors = check_files(platform, process_id, files)
    if file_errors:
        errors["bijlagen"] = " ".join(file_errors.values())
    _refuse(errors)
    return clean, counted


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError("Niet alle velden zijn goed ingevuld.", code="aanvraag-ongeldig", fouten=errors)


def submit_application(
    platform: Platform,
    process_id: str,
    values: dict[str, Any],
    files: Sequence[PublicFile] = (),
    *,
    address: str | None = None,
    username: str | None = None,
    before_commit: Bind | None = None,
) -> dict[str, Any]:
    """Validate and start the case with its bijlagen; returns {id, zaak, volgcode, titel, bijlagen}.
    Raises ValidationError with ``fouten``; then nothing is stored. With the client's ``address`` the
    application counts against its budgets (services/status/submissions.py). ``username``: the account
    logged in on the form; an initiator account's case is its own (``started_by``, ``applicant_account``).
    ``before_commit`` writes more in the case's transaction (the form's claim, submissions ``once``)."""
    account = applicant_account(platform, username)
    values = {**values, "email": form_email(account, values.get("email"))} if account else values
    clean, counted = _checked(platform, process_id, values, files, address)  # 429 when used up
    geometry = clean.pop("_geometry_wkt", None)
    name, soort = clean.pop("aanvrager"), clean.pop("soort_initiatiefnemer")
    data = {
        **clean,
        "naam": clean["omschrijving"],
        "initiatiefnemer": name,
        "initiatiefnemer_type": soort,
        "aanvraag_via": "aanvraagformulier",
    }

    def start(before_commit: Callable[[Any, Any], None]) -> dict[str, Any]:
        return cases.start_case(
            platform,
            process_id,
            data,
            user=account.username if account is not None else None,
            geometry_wkt=geometry,
            title=str(clean["omschrijving"]),
            initiator=name,
            initiator_type=soort,
            location_name=str(clean["locatie_naam"]),
            before_commit=before_commit,
        )

    try:
        with refunded_on_our_failure(platform, counted):  # StorageFailed: our fault, it does not count
            case, stored = _start_with_files(platform, process_id, start, files, before_commit)
    except ValidationError as exc:  # the model's intake refused: show it at the right field
        field_name = _intake_field(exc)
        if exc.status != 422:  # bad input: the form's own refusal
            raise ValidationError(
                "De aanvraag is niet aangenomen.", code="aanvraag-ongeldig", fouten={field_name: exc.detail}
            ) from exc
        # a rule's refusal of valid input (the room, a rule in the first step) stays as the API answers it
        exc.extra.setdefault("fouten", {field_name: exc.detail})  # the room refusal names its field already
        raise
    return _started(case, stored)


def _started(case: dict[str, Any], stored: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``submit_application`` answers of the case it started and the bijlagen it stored."""
    return {
        "id": case["id"],
        "zaak": case["zaak"],
        "volgcode": case["volgcode"],
        "titel": case["titel"],
        "bijlagen": [d["titel"] for d in stored],
    }


def _intake_field(exc: ValidationError) -> str:
    """The form's field a refusal raised while the case started is about (``INTAKE_FIELDS`` by its code)."""
    return next((f for prefix, f in INTAKE_FIELDS.items() if exc.code.startswith(prefix)), "algemeen")


def _start_with_files(
    platform: Platform,
    process_id: str,
    start: Callable[[Callable[[Any, Any], None]], dict[str, Any]],
    files: Sequence[PublicFile],
    before_commit: Bind | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Start the case (``start``) and write its bijlagen (and ``before_commit``'s rows) in the same unit of
    work, their content staged before and held to the room of the new case before it starts (422
    ``zaak-opslag-vol``: no step of the model runs): a full disk or a database error stores neither the
    case nor a file, queues no receipt mail, and is ApplicationNotStored (logged); so is a GIS
    configuration error of the first step (``_not_stored``: a rules file the locatiecheck cannot run on)."""
    staged, stored = StagedFiles(platform), list[dict[str, Any]]()
    try:
        staged = stage_files(platform, process_id, files)
        check_new_case_room(APPLICATION_ROOM, staged.size, platform.settings)  # it holds nothing yet
        # the bijlagen (their room checked above), then what the caller writes with the case
        case = start(together(lambda s, case: stored.extend(staged.write(s, case, None)), before_commit))
    except (OSError, DBAPIError) as exc:
        staged.undo()
        log.exception("application for %s not stored", process_id)
        raise ApplicationNotStored(STORAGE_FAILED) from exc
    except ConfigurationError as exc:
        staged.undo()
        raise _not_stored(exc) from exc  # inside refunded_on_our_failure: its charge is given back
    except BaseException:
        staged.undo()
        raise
    return case, stored


def _location_kind(process_id: str, values: dict[str, Any]) -> str:
    """The subject kind (soort) of the locatiecheck rules for this application."""
    if process_id == "windpark" or process_id.endswith("_wind"):
        return "zonnepark" if first(values.get("soort")) == "zon" else "windturbine"
    return "bouwwerk"


def preview_location(platform: Platform, process_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Before submitting: is the location inside the municipality, and the public remarks of the
    locatiecheck for it ("aandachtspunten voor deze locatie"). Only the public rules are matched (none
    marked ``intern``, as for an initiator over the API): the form is anonymous. Stores nothing. Only
    for a form the public face offers (``offered_form``: NotFound aanvraag-onbekend otherwise)."""
    from shapely import wkt as shapely_wkt
    from shapely.geometry import mapping

    from gis.api import remarks
    from services.clock import today
    from services.locatiecheck import check_document

    offered_form(platform, process_id)
    wkt = parse_location(
        first(values.get("locatie")),
        first(values.get("coordinaat")),
        platform.settings,
        max_points=MAX_LOCATION_POINTS,
    )
    if wkt is None:
        raise ValidationError(
            "Geef de locatie aan: klik op de kaart of vul een coördinaat in.", code="locatie-ontbreekt"
        )
    try:  # a ConfigurationError (the municipality's layers, not the location) is a 500, as for its rules
        check_inside(platform, wkt)
    except ValidationError as exc:
        return {"binnen_gemeente": False, "melding": exc.detail, "aandachtspunten": []}
    geom = shapely_wkt.loads(wkt)
    parts = list(getattr(geom, "geoms", [geom]))
    kind = _location_kind(process_id, values)
    body = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(g), "properties": {"soort": kind}} for g in parts
        ],
    }
    result = check_document(
        platform.settings, body, crs="EPSG:28992", peildatum=today(platform.clock), public=True
    )
    found = remarks(result["conflicten"])
    return {
        "binnen_gemeente": True,
        "melding": "" if found else "Voor deze locatie zijn geen aandachtspunten gevonden.",
        "aandachtspunten": [{"tekst": t, "ernst": e} for t, e in found],
    }
