"""Application intake: read a public application form, validate it and start the case.

The fields are validated by the form's JSON Schema (services/forms.py, one validator for every form);
the location is a geometry and is checked by services/geometry.py. Nothing is stored unless everything
is right, and the case is stored with its bijlagen or not at all (StorageFailed, 503).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.exc import DBAPIError

from processes.errors import Forbidden, NotFound, RuimteflowError, ValidationError
from processes.getallen import dutch_number
from services import cases, forms, policy
from services.documents.checks import ScanUnavailable
from services.documents.public import PublicFile, StagedFiles, check_files, stage_files
from services.gemeentegebied import check_inside
from services.geometry import parse_location
from services.platform import Platform
from services.ratelimit import settle
from services.status.application_forms import (
    COMMON_FIELDS,
    MAX_LINE,
    MAX_LOCATION_POINTS,
    ApplicationForm,
    application_form,
    schema_of,
    values_schema,
)
from services.status.submissions import charge_application

log = logging.getLogger("ruimteflow.intake")


class StorageFailed(RuimteflowError):
    """Storing an application failed for a reason of ours (a full disk, a database error): nothing of it
    is stored and the applicant may send it again."""

    code = "aanvraag-niet-opgeslagen"
    title = "Aanvraag niet opgeslagen"
    status = 503


STORAGE_FAILED = "Er ging iets mis bij het opslaan; uw aanvraag is niet ingediend, probeer het later opnieuw."

#: error-code prefixes of intake services and the form field they belong to
INTAKE_FIELDS = {
    "locatie": "locatie",
    "geometrie": "locatie",
    "buiten": "locatie",
    "crs": "locatie",
    "coordinaat": "locatie",
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
        text = _first(raw).strip()
        if not text:
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
    soort = _first(values.get("soort_initiatiefnemer")).strip()
    if soort:
        data["soort_initiatiefnemer"] = soort
    return data


#: what submit_application adds to the start data itself, next to the form's fields
INTAKE_KEYS = frozenset(
    {"naam", "initiatiefnemer", "initiatiefnemer_type", "aanvraag_via", "soort_initiatiefnemer"}
)


def check_start_by(
    platform: Platform,
    username: str,
    process_id: str,
    data: Mapping[str, Any],
    geometry_wkt: str | None = None,
) -> dict[str, Any]:
    """Anyone but a behandelaar or the beheerder that starts a case (the API with an initiator's,
    adviser's or outside party's token) gives what the process's application form asks for (the
    common fields when it has none), and nothing more. The receipt day, the legal
    regime, the procedure and the other determinations are the municipality's: a backdated
    ``ontvangen`` with ``regime: wabo`` granted a permit van rechtswege at once (tester findings: an
    initiator's token, then an adviser's). Forbidden (403) otherwise; a behandelaar may register a
    paper application with its own receipt day.
    Like the public form, such a location (RD WKT) must lie inside the municipality
    (ValidationError buiten-gemeente); a behandelaar may register one outside it (a neighbour's
    request, a case where another bevoegd gezag decides). Returns the start data to use: as the form
    would give them (``_check_values``), or a behandelaar's as given."""
    with platform.uow(write=False) as uow:
        actor = policy.actor_for(uow.session, username)
    if policy.kind(actor, policy.rules(platform.settings)) in policy.REGISTERING_KINDS:
        return dict(data)
    clean = _applicant_values(platform, process_id, data, geometry_wkt)
    clean["email"] = _own_email(actor, clean.get("email"))
    # counted as the form counts a client and an address (429 once used up): the account is the client
    charge_application(platform, f"account:{username}", str(clean.get("email") or ""))
    return {k: v for k, v in clean.items() if v is not None}


def _own_email(actor: policy.Actor, given: Any) -> str | None:
    """An account applies with its own verified address (tester finding: an initiator's token started
    cases for, and mailed, any address): another address is refused; none given means its own."""
    if actor.email is None:
        return str(given) if given else None
    if given and policy.normal_email(str(given)) != actor.email:
        raise Forbidden(
            f"Een aanvraag met uw account gebruikt het e-mailadres van dat account ({actor.email}), "
            "niet een ander adres.",
            code="email-niet-van-account",
        )
    return actor.email


def _applicant_values(
    platform: Platform, process_id: str, data: Mapping[str, Any], geometry_wkt: str | None
) -> dict[str, Any]:
    """What an applicant may give: the fields of the process's application form, checked as the form
    checks them, with a location inside the municipality."""
    if geometry_wkt is not None:
        check_inside(platform, geometry_wkt)
    try:
        own: tuple[Any, ...] = application_form(process_id).fields
    except NotFound:
        own = ()  # no form of its own: the common fields only
    allowed = {f.name for f in (*COMMON_FIELDS, *own)} | INTAKE_KEYS
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise Forbidden(
            f"Deze startgegevens vult alleen de gemeente in: {', '.join(extra)}.",
            code="startgegeven-niet-toegestaan",
        )
    return _check_values((*COMMON_FIELDS, *own), data)


def _check_values(fields: tuple[Any, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """The values an applicant gives meet what the application form asks of them (its types, lengths,
    e-mail address and choices); the intake's own keys are a line of text each. A null counts as not
    given, and a number may come as text, as on the form. Returns the data the case starts with (nulls
    left out, numbers read), as the form would give them."""
    schema = values_schema(fields)
    for key in INTAKE_KEYS:
        schema["properties"][key] = {
            "type": "string",
            "maxLength": MAX_LINE,
            "x-foutmeldingen": {
                "type": f"'{key}' moet tekst zijn.",
                "maxLength": f"'{key}' mag ten hoogste {MAX_LINE} tekens hebben.",
            },
        }
    kinds = {f.name: f.kind for f in fields}
    given = {
        k: _as_number(v) if kinds.get(k) in ("getal", "geheel") else v
        for k, v in data.items()
        if v is not None
    }
    found = forms.by_field(forms.errors_of(schema, given))
    if found:
        errors = {field or "algemeen": messages[0] for field, messages in found.items()}
        raise ValidationError(
            "De startgegevens kloppen niet: " + " ".join(errors.values()),
            code="startgegevens-ongeldig",
            fouten=errors,
        )
    return given


def _as_number(value: Any) -> Any:
    """A number given as text ("3", "4,2") counts as the number, as on the form; anything else as given."""
    if isinstance(value, str) and (number := dutch_number(value.strip())) is not None:
        return int(number) if number.is_integer() else number
    return value


def _first(value: Any) -> str:
    return str((value[0] if value else "") if isinstance(value, list) else (value or ""))


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
            _first(values.get("locatie")),
            _first(values.get("coordinaat")),
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
    only for an application that is valid otherwise and within the budget (the scanner is costly)."""
    clean, errors = validate_application(application_form(process_id), values, platform.settings)
    if "_geometry_wkt" in clean:
        try:
            check_inside(platform, clean["_geometry_wkt"])
        except ValidationError as exc:
            errors["locatie"] = exc.detail
    _refuse(errors)  # no scan, and nothing counted, for an invalid form
    counted = charge_application(platform, address, str(clean.get("email") or "")) if address else []
    try:  # a refused bijlage cost the scanner too: it stays counted
        file_errors = check_files(platform, process_id, files)
    except ScanUnavailable:  # the scanner's fault, not the client's
        settle(platform, counted)
        raise
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
) -> dict[str, Any]:
    """Validate and start the case with its bijlagen; returns {id, zaak, volgcode, titel, bijlagen}.
    Raises ValidationError with ``fouten``; then nothing is stored. With the client's ``address`` the
    application counts against its budgets (services/status/submissions.py)."""
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
            user=None,
            geometry_wkt=geometry,
            title=str(clean["omschrijving"]),
            initiator=name,
            initiator_type=soort,
            location_name=str(clean["locatie_naam"]),
            before_commit=before_commit,
        )

    try:
        case, stored = _start_with_files(platform, process_id, start, files)
    except StorageFailed:  # our fault, not the client's: it does not count
        settle(platform, counted)
        raise
    except ValidationError as exc:  # the model's intake refused: show it at the right field
        field_name = next(
            (f for prefix, f in INTAKE_FIELDS.items() if exc.code.startswith(prefix)), "algemeen"
        )
        raise ValidationError(
            "De aanvraag is niet aangenomen.", code="aanvraag-ongeldig", fouten={field_name: exc.detail}
        ) from exc
    return {
        "id": case["id"],
        "zaak": case["zaak"],
        "volgcode": case["volgcode"],
        "titel": case["titel"],
        "bijlagen": [d["titel"] for d in stored],
    }


def _start_with_files(
    platform: Platform,
    process_id: str,
    start: Callable[[Callable[[Any, Any], None]], dict[str, Any]],
    files: Sequence[PublicFile],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Start the case (``start``) and write its bijlagen in the same unit of work, their content staged
    before: a full disk or a database error stores neither the case nor a file, queues no receipt mail,
    and is StorageFailed (logged)."""
    staged, stored = StagedFiles(platform), list[dict[str, Any]]()
    try:
        staged = stage_files(platform, process_id, files)
        case = start(lambda s, case: stored.extend(staged.write(s, case)))
    except (OSError, DBAPIError) as exc:
        staged.undo()
        log.exception("application for %s not stored", process_id)
        raise StorageFailed(STORAGE_FAILED) from exc
    except BaseException:
        staged.undo()
        raise
    return case, stored


def _location_kind(process_id: str, values: dict[str, Any]) -> str:
    """The subject kind (soort) of the locatiecheck rules for this application."""
    if process_id == "windpark" or process_id.endswith("_wind"):
        return "zonnepark" if _first(values.get("soort")) == "zon" else "windturbine"
    return "bouwwerk"


def preview_location(platform: Platform, process_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Before submitting: is the location inside the municipality, and the public remarks of the
    locatiecheck for it ("aandachtspunten voor deze locatie"). Stores nothing."""
    from shapely import wkt as shapely_wkt
    from shapely.geometry import mapping

    from gis.api import public_view, remarks
    from services.clock import today
    from services.locatiecheck import check_document

    application_form(process_id)
    wkt = parse_location(
        _first(values.get("locatie")),
        _first(values.get("coordinaat")),
        platform.settings,
        max_points=MAX_LOCATION_POINTS,
    )
    if wkt is None:
        raise ValidationError(
            "Geef de locatie aan: klik op de kaart of vul een coördinaat in.", code="locatie-ontbreekt"
        )
    try:
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
    result = public_view(
        check_document(platform.settings, body, crs="EPSG:28992", peildatum=today(platform.clock))
    )
    found = remarks(result["conflicten"])
    return {
        "binnen_gemeente": True,
        "melding": "" if found else "Voor deze locatie zijn geen aandachtspunten gevonden.",
        "aandachtspunten": [{"tekst": t, "ernst": e} for t, e in found],
    }
