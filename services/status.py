"""The public status of a case for its initiator, behind the unguessable tracking code.

Only what the initiator may see leaves this module: public events (no actors), the department or
organisation holding the case with its contact, what the case waits for, the legal deadline, final
or provisional, location remarks that are not internal, and the messages the initiator may send.
Internal notes, task assignees (advisers' names), audit events, other parties' data and conflicts
marked ``intern`` are never read into the view model.

The diagram's active elements come from the open tasks (projection) and, read-only, from the
workflow's waiting events; ``expected_messages`` asks the engine which messages the case waits for.
Public application forms (``/aanvragen/<process_id>``) are described as data in
``APPLICATION_FORMS`` and validated here before a case is started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from processes.errors import Conflict, NotFound, ValidationError
from processes.termijnen.datums import datum_nl
from processes.vergunning import ACTIVITEITEN
from services import cases
from services.clock import today
from services.platform import Platform
from services.store.models import (
    Case,
    CaseConflict,
    CaseEvent,
    Group,
    HumanTask,
    ModelFile,
    ProcessDefinition,
)

#: token_urlsafe(24) gives 32 characters; accept a little slack, refuse anything else before querying.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DEFAULT_CONTACT = "Gemeente Ruimtedal, telefoon 14 0000 of info@ruimtedal.example"
STATUS_TEXTS = {
    "lopend": "In behandeling",
    "afgerond": "Afgerond",
    "incident": "Vertraagd door een technische storing",
    "gepauzeerd": "Tijdelijk stilgezet",
}


class UnknownCode(NotFound):
    """A wrong and a missing code get exactly the same answer."""

    code = "volgcode-onbekend"
    title = "Niet gevonden"


def unknown_code() -> UnknownCode:
    return UnknownCode(
        "Er is geen aanvraag met deze volgcode. Controleer de link in uw ontvangstbevestiging."
    )


# -- the messages an initiator may send ----------------------------------------------------------
@dataclass(frozen=True)
class PublicMessage:
    name: str
    title: str
    explanation: str
    field_label: str
    not_expected: str
    procedures: tuple[str, ...] = ()  # empty = every procedure whose model knows the message


PUBLIC_MESSAGES = {
    "aanvulling": PublicMessage(
        "aanvulling",
        "Aanvulling indienen",
        "De gemeente heeft u gevraagd uw aanvraag aan te vullen. Beschrijf wat u aanvult en noem de documenten.",
        "Uw aanvulling",
        "Er is op dit moment geen aanvulling nodig.",
    ),
    "zienswijze": PublicMessage(
        "zienswijze",
        "Zienswijze indienen",
        "Het ontwerpbesluit ligt ter inzage. U kunt nu uw zienswijze (reactie) geven.",
        "Uw zienswijze",
        "Er ligt nu geen ontwerpbesluit ter inzage; een zienswijze kan nu niet worden ingediend.",
    ),
}
MAX_TEXT = 5000


def _case_by_code(s: Any, code: str) -> Case:
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise unknown_code()
    case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
    if case is None:
        raise unknown_code()
    return case


def check_code(platform: Platform, code: str) -> None:
    """Raise ``UnknownCode`` unless a case has this tracking code."""
    with platform.uow(write=False) as uow:
        _case_by_code(uow.session, code)


def _main_source(s: Any, case: Case) -> str:
    pd = s.get(ProcessDefinition, case.definition_id)
    if pd is None:
        return ""
    return s.scalar(select(ModelFile.source).where(ModelFile.content_hash == pd.main_file_hash)) or ""


def diagram_xml(platform: Platform, code: str) -> str:
    """The BPMN XML of the deployed model version the case runs."""
    with platform.uow(write=False) as uow:
        case = _case_by_code(uow.session, code)
        return _main_source(uow.session, case)


def model_messages(source: str) -> set[str]:
    """Names of the messages a BPMN model declares (``<bpmn:message name=..>``)."""
    return set(re.findall(r"<(?:\w+:)?message\b[^>]*\bname=\"([^\"]+)\"", source))


@dataclass
class Waiting:
    messages: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)


def waiting_of(case: Case) -> Waiting:
    """What the case waits for, from the projection the engine writes at every step."""
    if case.status != "lopend":
        return Waiting()
    summary = case.summary or {}
    return Waiting(
        set(summary.get("verwachte_berichten") or []), set(summary.get("wachtende_elementen") or [])
    )


def expected_messages(platform: Platform, code: str) -> set[str]:
    with platform.uow(write=False) as uow:
        case = _case_by_code(uow.session, code)
        return waiting_of(case).messages


# -- the view model -------------------------------------------------------------------------------
def _holder(s: Any, name: str | None, default_contact: str) -> dict[str, Any] | None:
    if not name:
        return None
    group = s.scalars(select(Group).where(Group.name == name)).first()
    kind = "organisatie" if group is not None and group.kind not in ("afdeling", None) else "afdeling"
    return {
        "naam": name,
        "soort": kind,
        "contact": (group.contact if group is not None else None) or default_contact,
    }


def _deadline(case: Case, day: date) -> dict[str, Any]:
    d = case.uiterlijke_einddatum_afdoening
    opschorting = case.opschorting or {}
    verlenging = case.verlenging or {}
    suspended = bool(opschorting.get("indicatie") or opschorting.get("lopend"))
    provisional = bool((case.deadline_info or {}).get("voorlopig")) or suspended
    return {
        "uiterste_beslisdatum": d.isoformat() if d else None,
        "dagen_tot_beslisdatum": (d - day).days if d else None,
        "opgeschort": suspended,
        "voorlopig": provisional,
        "opgeschorte_dagen": int(opschorting.get("opgeschorte_dagen") or 0),
        "verlengd": bool(verlenging.get("duur_weken")),
        "verlenging_weken": verlenging.get("duur_weken"),
        "toelichting": _deadline_text(d, suspended, case.final, case.status),
    }


def _deadline_text(d: date | None, suspended: bool, final: bool, status: str) -> str:
    if status == "afgerond":
        return "Er is een besluit genomen." if final else "De behandeling is afgerond."
    if d is None:
        return "Voor deze zaak geldt (nog) geen wettelijke beslistermijn."
    text = f"De gemeente beslist uiterlijk op {datum_nl(d)}."
    if suspended:
        text += (
            " De termijn staat stil zolang we op uw aanvulling wachten. Deze datum is voorlopig: hij geldt als "
            "uw aanvulling op de laatste dag komt; levert u eerder aan, dan komt de datum eerder te liggen."
        )
    return text


def public_status(platform: Platform, code: str, *, default_contact: str = DEFAULT_CONTACT) -> dict[str, Any]:
    """The initiator's view of a case. Raises ``UnknownCode`` for a wrong or missing code."""
    day = today(platform.clock)
    with platform.uow(write=False) as uow:
        s = uow.session
        case = _case_by_code(s, code)
        events = s.execute(
            select(CaseEvent.at, CaseEvent.message)
            .where(CaseEvent.case_id == case.id, CaseEvent.public.is_(True))
            .order_by(CaseEvent.at, CaseEvent.id)
        ).all()
        done_elements = sorted(
            {
                e
                for e in s.scalars(
                    select(CaseEvent.element_id).where(
                        CaseEvent.case_id == case.id, CaseEvent.element_id.is_not(None)
                    )
                ).all()
                if e
            }
        )
        task_elements = set(
            s.scalars(
                select(HumanTask.bpmn_id).where(HumanTask.case_id == case.id, HumanTask.state == "open")
            ).all()
        )
        remarks = s.execute(
            select(CaseConflict.beschrijving, CaseConflict.ernst)
            .where(
                CaseConflict.case_id == case.id,
                CaseConflict.intern.is_(False),
                CaseConflict.overschreven.is_(False),
            )
            .order_by(CaseConflict.id)
        ).all()
        waiting = waiting_of(case)
        declared = model_messages(_main_source(s, case))
        active = sorted(task_elements | waiting.elements)
        actions = []
        for name, msg in PUBLIC_MESSAGES.items():
            if name not in declared or (msg.procedures and case.process_id not in msg.procedures):
                continue
            expected = name in waiting.messages
            actions.append(
                {
                    "bericht": name,
                    "titel": msg.title,
                    "verwacht": expected,
                    "uitleg": msg.explanation if expected else msg.not_expected,
                    "veld": msg.field_label,
                    "url": f"/status/{code}/{name}",
                }
            )
        return {
            "zaak": case.reference,
            "titel": case.title,
            "procedure": case.procedure,
            "proces": case.process_id,
            "status": case.status,
            "status_tekst": STATUS_TEXTS.get(case.status, case.status),
            "fase": case.phase,
            "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
            "locatie": case.location_name,
            "houder": _holder(s, case.holder, default_contact) if case.status == "lopend" else None,
            "wacht_op": case.waiting_for if case.status == "lopend" else None,
            "termijn": _deadline(case, day),
            "besluit": {
                "definitief": bool(case.final),
                "tekst": "Het besluit is definitief."
                if case.final
                else (
                    "Er is nog geen definitief besluit."
                    if case.status != "afgerond"
                    else "De zaak is afgerond zonder definitief besluit."
                ),
            },
            "tijdlijn": [
                {"tijdstip": at.isoformat(), "datum": at.date().isoformat(), "tekst": message}
                for at, message in events
            ],
            # one line per kind of remark, not one per nearby feature
            "aandachtspunten": [{"tekst": text, "ernst": ernst} for text, ernst in dict.fromkeys(remarks)],
            "diagram": {
                "url": f"/status/{code}/diagram.bpmn",
                "actief": active,
                "afgerond": [e for e in done_elements if e not in active],
            },
            "acties": actions,
            "contact": default_contact,
        }


# -- messages from the status page -------------------------------------------------------------------
def send_public_message(platform: Platform, code: str, name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and deliver ``aanvulling`` or ``zienswijze`` from the initiator; returns the new status."""
    msg = PUBLIC_MESSAGES.get(name)
    if msg is None:
        raise unknown_code()
    text = str(fields.get("tekst") or "").strip()
    errors = {}
    if not text:
        errors["tekst"] = f"Vul het veld '{msg.field_label}' in."
    elif len(text) > MAX_TEXT:
        errors["tekst"] = f"Gebruik ten hoogste {MAX_TEXT} tekens."
    docs = [d.strip() for d in str(fields.get("documenten") or "").splitlines() if d.strip()]
    if len(docs) > 20 or any(len(d) > 200 for d in docs):
        errors["documenten"] = "Noem ten hoogste 20 documenten van elk ten hoogste 200 tekens."
    if errors:
        raise ValidationError(
            "Het formulier is niet goed ingevuld.", code="formulier-ongeldig", fouten=errors
        )
    with platform.uow(write=False) as uow:
        case = _case_by_code(uow.session, code)
        case_id, waiting = case.id, waiting_of(case)
    if name not in waiting.messages:
        raise Conflict(msg.not_expected, code="bericht-niet-verwacht")
    payload = {
        f"{name}_tekst": text,
        f"{name}_documenten": docs,
        f"{name}_ontvangen": today(platform.clock).isoformat(),
    }
    cases.send_message(platform, case_id, name, payload, actor="initiatiefnemer")
    return public_status(platform, code)


# -- public application forms -------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "tekst"  # tekst | lang | getal | geheel | keuze | meerkeuze | email
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    labels: tuple[str, ...] = ()  # Dutch labels of ``choices`` (same order); empty = the codes themselves

    def options(self) -> list[tuple[str, str]]:
        return list(zip(self.choices, self.labels or self.choices, strict=False))


@dataclass(frozen=True)
class ApplicationForm:
    process_id: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    initiator_types: tuple[str, ...] = (
        "inwoner",
        "bedrijf",
        "energiecoöperatie",
        "agrarische coöperatie",
        "ontwikkelaar",
        "vereniging of stichting",
    )
    location_required: bool = True
    #: how the map places the location: "punt" (one point or a drawn polygon) or "punten" (several points)
    location_mode: str = "punt"


COMMON_FIELDS = (
    Field("aanvrager", "Naam aanvrager", required=True, help="Uw naam of de naam van uw organisatie."),
    Field("email", "E-mailadres", "email", required=True, help="Voor de ontvangstbevestiging en vragen."),
    Field(
        "omschrijving",
        "Naam of korte omschrijving van het plan",
        required=True,
        help="Bijvoorbeeld: 'Windpark De Kamp' of 'Aanbouw achterzijde'.",
    ),
    Field("locatie_naam", "Adres of plaatsaanduiding", required=True),
)

APPLICATION_FORMS: dict[str, ApplicationForm] = {
    "omgevingsvergunning": ApplicationForm(
        "omgevingsvergunning",
        "Omgevingsvergunning aanvragen",
        "Vraag een omgevingsvergunning aan voor bouwen, afwijken van het omgevingsplan, een milieubelastende "
        "activiteit of een rijksmonument. U krijgt direct een link waarmee u de behandeling volgt.",
        (
            Field(
                "activiteiten",
                "Activiteiten",
                "meerkeuze",
                required=True,
                choices=tuple(ACTIVITEITEN),
                labels=tuple(ACTIVITEITEN.values()),
                help="Kies alles wat van toepassing is.",
            ),
            Field("toelichting", "Toelichting", "lang", help="Wat wilt u bouwen of doen?"),
            Field("bouwkosten", "Geschatte bouwkosten (euro)", "getal", minimum=0, maximum=1e10),
        ),
    ),
    "windpark": ApplicationForm(
        "windpark",
        "Initiatief voor wind- of zonne-energie melden",
        "Meld een initiatief voor windturbines of een zonnepark. De gemeente bekijkt de locatie, vraagt "
        "transportcapaciteit na bij de netbeheerder en begeleidt de vergunning.",
        (
            Field("soort", "Soort installatie", "keuze", required=True, choices=("wind", "zon")),
            Field("vermogen_mw", "Vermogen (MW)", "getal", required=True, minimum=0.01, maximum=1000),
            Field(
                "aantal_turbines",
                "Aantal turbines",
                "geheel",
                minimum=0,
                maximum=200,
                help="Bij wind: plaats op de kaart één punt per turbine.",
            ),
            Field(
                "lokaal_eigendom_pct",
                "Lokaal eigendom (%)",
                "getal",
                minimum=0,
                maximum=100,
                help="Het deel dat in handen is van de omgeving (streven: 50%).",
            ),
            Field("toelichting", "Toelichting", "lang"),
        ),
        initiator_types=(
            "energiecoöperatie",
            "ontwikkelaar",
            "agrarische coöperatie",
            "bedrijf",
            "particulier",
        ),
        location_mode="punten",
    ),
}


def register_application_form(form: ApplicationForm) -> None:
    APPLICATION_FORMS[form.process_id] = form


def application_form(process_id: str) -> ApplicationForm:
    form = APPLICATION_FORMS.get(process_id)
    if form is None:
        raise NotFound(f"Voor '{process_id}' is er geen aanvraagformulier.", code="aanvraag-onbekend")
    return form


def deployed_forms(platform: Platform) -> list[ApplicationForm]:
    with platform.uow(write=False) as uow:
        deployed = set(uow.session.scalars(select(ProcessDefinition.process_id).distinct()).all())
    return [f for pid, f in sorted(APPLICATION_FORMS.items()) if pid in deployed]


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$")
_COORD = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,; ]\s*(-?\d+(?:[.,]\d+)?)\s*$")


def wgs84_to_rd_wkt(geometry: Any) -> str:
    """A WGS84 GeoJSON geometry or WKT (lon lat) in the Netherlands -> RD New WKT (validated)."""
    import math

    import shapely
    from shapely import wkt as shapely_wkt
    from shapely.geometry import shape

    from gis.crs import NL_LONLAT_BOUNDS as NL_WGS84
    from services.geometry import to_rd_wkt

    try:
        geom = shapely_wkt.loads(geometry) if isinstance(geometry, str) else shape(geometry)
    except Exception as exc:  # noqa: BLE001 - shapely raises many types for bad input
        raise ValidationError("De locatie is geen geldige geometrie.", code="geometrie-ongeldig") from exc
    if geom.is_empty or any(math.isnan(c) or math.isinf(c) for c in geom.bounds):
        raise ValidationError("De locatie is leeg of ongeldig.", code="geometrie-leeg")
    minx, miny, maxx, maxy = geom.bounds
    if minx < NL_WGS84[0] or miny < NL_WGS84[1] or maxx > NL_WGS84[2] or maxy > NL_WGS84[3]:
        raise ValidationError("De locatie ligt niet in Nederland.", code="buiten-nederland")
    from gis.crs import transformer as _transformer

    rd = shapely.transform(geom, _transformer(4326, 28992).transform, interleaved=False)
    return to_rd_wkt(rd.wkt, "EPSG:28992")


def parse_location(geojson_text: str, coordinate_text: str) -> tuple[str | None, str | None]:
    """(RD WKT, error) from a drawn GeoJSON geometry or a typed coordinate (lat, lon or RD x y)."""
    import json

    from services.geometry import to_rd_wkt

    try:
        if geojson_text.strip():
            try:
                geometry = json.loads(geojson_text)
            except ValueError:
                return None, "De getekende locatie is niet leesbaar. Teken de locatie opnieuw."
            if not isinstance(geometry, dict) or geometry.get("type") not in (
                "Point",
                "MultiPoint",
                "Polygon",
            ):
                return None, "Teken een punt, enkele punten of een vlak op de kaart."
            return wgs84_to_rd_wkt(geometry), None
        if coordinate_text.strip():
            m = _COORD.match(coordinate_text)
            if not m:
                return (
                    None,
                    "Geef de coördinaat als 'breedte, lengte' (bijv. 52.0123, 6.4321) of als RD 'x y'.",
                )
            a, b = (float(v.replace(",", ".")) for v in m.groups())
            if a > 1000 and b > 1000:  # RD New metres
                return to_rd_wkt(f"POINT ({a} {b})", "EPSG:28992"), None
            return wgs84_to_rd_wkt(f"POINT ({b} {a})"), None  # typed as latitude, longitude
    except ValidationError as exc:
        return None, exc.detail
    return None, None


def validate_application(
    form: ApplicationForm, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean values and Dutch errors per field; nothing is stored here. Values may be lists (form getlist)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    multi = _multi(form)
    values = {
        k: v if k in multi or not isinstance(v, list) else (v[0] if v else "") for k, v in values.items()
    }
    for f in (*COMMON_FIELDS, *form.fields):
        if f.kind == "meerkeuze":
            chosen = values.get(f.name) or []
            chosen = [chosen] if isinstance(chosen, str) else [str(c) for c in chosen]
            if not chosen and f.required:
                errors[f.name] = f"Kies ten minste één mogelijkheid bij '{f.label}'."
            elif any(c not in f.choices for c in chosen):
                errors[f.name] = f"Kies alleen uit de mogelijkheden bij '{f.label}'."
            elif chosen:
                clean[f.name] = list(dict.fromkeys(chosen))
            continue
        raw = str(values.get(f.name) or "").strip()
        if not raw:
            if f.required:
                errors[f.name] = f"Vul '{f.label}' in."
            continue
        limit = MAX_TEXT if f.kind == "lang" else 255
        if len(raw) > limit:
            errors[f.name] = f"'{f.label}' mag ten hoogste {limit} tekens hebben."
        elif f.kind == "email" and not _EMAIL.match(raw):
            errors[f.name] = "Dit is geen geldig e-mailadres."
        elif f.kind == "keuze" and raw not in f.choices:
            errors[f.name] = f"Kies een van de mogelijkheden bij '{f.label}'."
        elif f.kind in ("getal", "geheel"):
            try:
                number: float = float(raw.replace(",", "."))
                if f.kind == "geheel":
                    if not number.is_integer():
                        raise ValueError
                    number = int(number)
            except ValueError:
                errors[f.name] = f"'{f.label}' moet een {'geheel ' if f.kind == 'geheel' else ''}getal zijn."
                continue
            if (f.minimum is not None and number < f.minimum) or (
                f.maximum is not None and number > f.maximum
            ):
                errors[f.name] = f"'{f.label}' moet tussen {_num(f.minimum)} en {_num(f.maximum)} liggen."
            else:
                clean[f.name] = number
        else:
            clean[f.name] = raw
    soort = str(values.get("soort_initiatiefnemer") or "").strip()
    if soort not in form.initiator_types:
        errors["soort_initiatiefnemer"] = "Kies wie de aanvraag doet."
    else:
        clean["soort_initiatiefnemer"] = soort
    wkt, error = parse_location(str(values.get("locatie") or ""), str(values.get("coordinaat") or ""))
    if error:
        errors["locatie"] = error
    elif wkt is None and form.location_required:
        errors["locatie"] = "Geef de locatie aan: klik op de kaart of vul een coördinaat in."
    elif wkt is not None:
        clean["_geometry_wkt"] = wkt
    return clean, errors


def _multi(form: ApplicationForm) -> set[str]:
    return {f.name for f in form.fields if f.kind == "meerkeuze"}


def _num(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def submit_application(platform: Platform, process_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Validate and start the case; returns {zaak, volgcode}. Raises ValidationError with ``fouten``."""
    form = application_form(process_id)
    clean, errors = validate_application(form, values)
    if errors:
        raise ValidationError("Niet alle velden zijn goed ingevuld.", code="aanvraag-ongeldig", fouten=errors)
    geometry = clean.pop("_geometry_wkt", None)
    name, soort = clean.pop("aanvrager"), clean.pop("soort_initiatiefnemer")
    data = {
        **clean,
        "naam": clean["omschrijving"],
        "initiatiefnemer": name,
        "initiatiefnemer_type": soort,
        "aanvraag_via": "aanvraagformulier",
    }
    try:
        case = cases.start_case(
            platform,
            process_id,
            data,
            user=None,
            geometry_wkt=geometry,
            title=str(clean["omschrijving"]),
            initiator=name,
            initiator_type=soort,
            location_name=str(clean["locatie_naam"]),
        )
    except ValidationError as exc:  # the model's intake refused: show it at the right field
        field_name = next(
            (f for prefix, f in INTAKE_FIELDS.items() if exc.code.startswith(prefix)), "algemeen"
        )
        raise ValidationError(
            "De aanvraag is niet aangenomen.", code="aanvraag-ongeldig", fouten={field_name: exc.detail}
        ) from exc
    return {"zaak": case["zaak"], "volgcode": case["volgcode"], "titel": case["titel"]}


#: error-code prefixes of intake services and the form field they belong to
INTAKE_FIELDS = {
    "locatie": "locatie",
    "geometrie": "locatie",
    "buiten": "locatie",
    "crs": "locatie",
    "turbines": "aantal_turbines",
    "vermogen": "vermogen_mw",
    "soort": "soort",
    "naam": "omschrijving",
    "activiteit": "activiteiten",
    "bopa": "activiteiten",
}
