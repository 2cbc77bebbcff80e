"""JSON Schemas (2020-12, as in OpenAPI 3.1) of the API: parameters, bodies and responses.

The server validates requests against these dicts (web/api/contract.py) and /api/v1/openapi.json
publishes them, so the document is the contract a client or a fuzzer can check against.
"""

from __future__ import annotations

from typing import Any

from processes.getallen import ID_MAX
from processes.vertrouwelijkheid import Vertrouwelijkheid
from services.case_queries import MAX_OVERRIDE_REASON
from services.documents.besluit_context import MAX_MOTIVERING, MAX_VOORSCHRIFT

Schema = dict[str, Any]


def nullable(kind: str | Schema) -> Schema:
    if isinstance(kind, str):
        return {"type": [kind, "null"]}
    return {"anyOf": [kind, {"type": "null"}]}


def obj(required: tuple[str, ...] | list[str] = (), **props: Schema) -> Schema:
    return {"type": "object", "properties": props, "required": list(required)}


def closed(required: tuple[str, ...] | list[str] = (), **props: Schema) -> Schema:
    """A request body object: a field it does not declare ("initiatiefnemr") is refused by name, "is
    onbekend", instead of being dropped in silence. Answers stay open (``obj``): a client reads what it knows."""
    return {**obj(required, **props), "additionalProperties": False}


def array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
NUM: Schema = {"type": "number"}
BOOL: Schema = {"type": "boolean"}
ANY_OBJECT: Schema = {"type": "object"}
STR_LIST = array(STR)

# -- parameters -------------------------------------------------------------------------------------
#: a database id: 1 .. 2**31 - 1
ID: Schema = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
#: a case by database id (at most 9 digits) or by reference (Z-2026-000123)
CASE_KEY: Schema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 40,
    "pattern": "^(?:[1-9][0-9]{0,8}|[A-Za-z][A-Za-z0-9_-]{0,39})$",
    "x-uitleg": "moet een zaaknummer (zoals Z-2026-000123) of een id van ten hoogste 9 cijfers zijn",
}
#: text without control characters (web/hygiene.py refuses them in every request)
PLAIN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"


def text(min_length: int = 0, max_length: int = 255) -> Schema:
    return {
        "type": "string",
        "minLength": min_length,
        "maxLength": max_length,
        "pattern": PLAIN,
        "x-uitleg": "mag geen stuurtekens (zoals NUL) bevatten",
    }


NAME: Schema = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": "^[A-Za-z0-9_.:-]+$"}
TRACKING_CODE: Schema = text(1, 100)
SHORT_TEXT: Schema = text(0, 255)
LONG_TEXT: Schema = text(0, 10_000)
LIMIT: Schema = {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
OFFSET: Schema = {"type": "integer", "minimum": 0, "maximum": 1_000_000, "default": 0}
DAYS: Schema = {"type": "integer", "minimum": -36_500, "maximum": 36_500}
VERSION: Schema = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
DATE: Schema = {"type": "string", "maxLength": 10, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
#: a moment as the API sends it: ISO 8601 in UTC with its offset (services.clock.iso_utc)
MOMENT: Schema = {"type": "string", "format": "date-time"}
MAYBE_MOMENT: Schema = {"type": ["string", "null"], "format": "date-time"}
MAYBE_DAY: Schema = {"type": ["string", "null"], "format": "date"}

# -- errors -----------------------------------------------------------------------------------------
PROBLEM: Schema = obj(
    ("type", "title", "status", "detail", "code"),
    type=STR,
    title=STR,
    status=INT,
    detail=STR,
    instance=STR,
    code=STR,
    veld=nullable("string"),
    fouten={"anyOf": [{"type": "object", "additionalProperties": STR}, array(STR)]},
    problemen=array(ANY_OBJECT),
    retry_after=INT,
    verwacht=STR_LIST,  # bericht-niet-verwacht: the messages the case does take now
)

# -- tasks and cases --------------------------------------------------------------------------------
TASK: Schema = obj(
    ("id", "zaak", "zaak_id", "naam", "element", "status", "kandidaatgroepen", "toegewezen_aan"),
    id=INT,
    zaak=STR,
    zaak_id=INT,
    naam=STR,
    element=STR,
    procedure=nullable("string"),
    fase=nullable("string"),
    lane=nullable("string"),
    kandidaatgroepen=STR_LIST,
    #: None also when an outside party may not read who holds it (its own name it reads): see opgepakt
    toegewezen_aan=nullable("string"),
    opgepakt=BOOL,
    status=STR,
    vervaldatum=MAYBE_DAY,
    wettelijke_termijn=MAYBE_DAY,
    formulier=nullable("object"),
    instructies=nullable("string"),
    zaak_titel=nullable("string"),
    aangemaakt_op=MAYBE_MOMENT,
    voltooid_op=MAYBE_MOMENT,
    voltooid_door=nullable("string"),
)
TASK_LIST: Schema = obj(("totaal", "taken"), totaal=INT, taken=array(TASK))
#: a conflict of the case's locatiecheck (services.projection_views.conflict_dict)
CONFLICT: Schema = obj(
    ("id", "regel", "laag", "feature_id", "feature_naam", "ernst", "afdeling", "intern", "overschreven"),
    id=INT,
    regel=STR,
    laag=STR,
    feature_id=STR,
    feature_naam={
        **nullable("string"),
        "description": "De naam van het object in de laag (zoals het Natura 2000-gebied); null als de laag "
        "geen naam geeft of het conflict van voor deze kolom is.",
    },
    ernst=STR,
    afdeling=STR,
    beschrijving=STR,
    bron=STR,
    afstand_m=nullable("number"),
    overlap_m2=nullable("number"),
    overlap_aandeel=nullable("number"),
    intern=BOOL,
    overschreven=BOOL,
    reden_overschrijving=nullable("string"),
    overschreven_door=nullable("string"),
    mag_overschrijven=BOOL,
)
CASE: Schema = obj(
    ("id", "zaak", "proces", "titel", "status"),
    id=INT,
    zaak=STR,
    proces=STR,
    procedure=nullable("string"),
    titel=nullable("string"),
    status=STR,
    fase=nullable("string"),
    initiatiefnemer=nullable("string"),
    locatie=nullable("string"),
    houder=nullable("string"),
    wacht_op=nullable("string"),
    te_laat=BOOL,
    definitief=BOOL,
    incident=nullable("string"),
    volgcode=nullable("string"),
    gestart_op=MAYBE_MOMENT,
    geanonimiseerd_op=MAYBE_MOMENT,
    volgende_timer=MAYBE_MOMENT,
    geometrie_wkt=nullable("string"),
    open_taken=array(TASK),
    conflicten=array(CONFLICT),
    tijdlijn=array(obj(("tijdstip",), tijdstip=MOMENT)),
)
MESSAGE_ANSWER: Schema = {
    "description": "De zaak zoals de afzender die mag zien (als bij GET), of alleen een ontvangstbevestiging "
    "als de afzender de zaak niet mag openen.",
    "anyOf": [CASE, obj(("bericht", "afgeleverd"), bericht=STR, afgeleverd={"const": True})],
}
CASE_ROW: Schema = obj(
    ("id", "zaak", "status"),
    id=INT,
    zaak=STR,
    titel=nullable("string"),
    procedure=nullable("string"),
    status=STR,
    fase=nullable("string"),
    incident=nullable("string"),
    bijgewerkt_op=MOMENT,
)
CONFLICT_OVERRIDE: Schema = CONFLICT

# -- request bodies ---------------------------------------------------------------------------------
GEOMETRY: Schema = {
    "description": "GeoJSON-geometrie (object) of WKT (tekst), standaard in WGS84 (EPSG:4326).",
    "anyOf": [
        obj(("type",), type=STR, coordinates=array({}), geometries=array(ANY_OBJECT)),
        {"type": "string", "minLength": 1, "maxLength": 2_000_000},
        {"type": "null"},
    ],
}
START_CASE: Schema = closed(
    ("proces",),
    proces=NAME,
    gegevens={"type": "object", "properties": {"procedure_naam": text(0, 60)}},
    titel=nullable(SHORT_TEXT),
    initiatiefnemer=nullable(SHORT_TEXT),
    soort_initiatiefnemer=nullable(text(0, 60)),
    locatie=nullable(SHORT_TEXT),
    geometrie=GEOMETRY,
    crs=nullable({"type": "string", "enum": ["EPSG:4326", "EPSG:4258", "EPSG:28992"]}),
)
MESSAGE: Schema = closed(("naam",), naam=NAME, gegevens=ANY_OBJECT)
REASON: Schema = closed(("reden",), reden=text(1, 2000))
OPTIONAL_REASON: Schema = closed((), reden=text(0, 2000))
OVERRIDE_REASON: Schema = closed(("reden",), reden=text(1, MAX_OVERRIDE_REASON))
ASSIGN: Schema = closed(("gebruiker",), gebruiker=text(1, 100))
COMPLETE: Schema = {
    "type": "object",
    "description": "{gegevens: {...}} of de formuliergegevens zelf.",
    "properties": {"gegevens": ANY_OBJECT},
}
DEPLOY_JSON: Schema = closed(
    ("bestanden",),
    bestanden=array(
        closed(
            ("inhoud",), naam={"type": "string", "maxLength": 200}, inhoud={"type": "string", "minLength": 1}
        ),
        minItems=1,
        maxItems=20,
    ),
)
DEPLOY_MULTIPART: Schema = closed(
    ("bestand",), bestand=array({"type": "string", "contentMediaType": "application/octet-stream"})
)
PUBLIC_MESSAGE: Schema = closed(
    (),  # the text is required per message (not for an intrekking): services.status.messages
    tekst=text(1, 10_000),
    documenten=array(text(0, 200), maxItems=20),
    bevestigd=BOOL,
)

# -- other responses --------------------------------------------------------------------------------
MODEL: Schema = obj(
    ("process_id", "naam", "versie"),
    process_id=STR,
    naam=STR,
    versie=INT,
    id=INT,
    bundel=nullable("string"),
    ongewijzigd=BOOL,
    lanes=STR_LIST,
    gedeployed_op=MAYBE_MOMENT,
    gedeployed_door=nullable("string"),
    vanwege=STR_LIST,
    waarschuwingen=STR_LIST,
)
MODEL_LIST: Schema = obj(("modellen",), modellen=array(MODEL))
DEPLOYED: Schema = obj(("gedeployed",), gedeployed=array(MODEL))
XML: Schema = {"type": "string"}
LAYER_LIST: Schema = obj(("lagen",), lagen=array(ANY_OBJECT))
FEATURE: Schema = obj(
    ("type", "geometry", "properties"),
    type={"const": "Feature"},
    id={"type": ["string", "integer"]},
    geometry=nullable("object"),
    properties=nullable("object"),
)
FEATURE_COLLECTION: Schema = obj(
    ("type", "features"), type={"const": "FeatureCollection"}, features=array(FEATURE)
)
PROBLEM_CASE: Schema = {
    **CASE_ROW,
    "properties": {**CASE_ROW["properties"], "sinds": MOMENT},
    "required": [*CASE_ROW["required"], "sinds"],
}
PROBLEM_CASES: Schema = obj(
    ("incidenten", "gepauzeerd", "aantallen"),
    incidenten=array(PROBLEM_CASE),
    gepauzeerd=array(PROBLEM_CASE),
    # all of them, also beyond the listed (``limiet`` per kind, the last changed first)
    aantallen=obj(("incidenten", "gepauzeerd"), incidenten=INT, gepauzeerd=INT),
)
MIGRATION: Schema = obj(
    (
        "process_id",
        "naar_versie",
        "gemigreerd",
        "geweigerd",
        "verschoven_termijnen",
        "vrijgegeven",
        "zonder_leden",
    ),
    process_id=STR,
    naar_versie=INT,
    gemigreerd=STR_LIST,
    geweigerd=array(obj(("zaak", "reden"), zaak=STR, reden=STR)),
    # a waiting timer whose definition the new version changed starts again: its old and new due moment
    verschoven_termijnen=array(
        obj(
            ("zaak", "element", "naam", "van", "naar"),
            zaak=STR,
            element=STR,
            naam=STR,
            van=MOMENT,
            naar=MAYBE_MOMENT,
        )
    ),
    vrijgegeven=array(obj(("zaak", "taak", "was"), zaak=STR, taak=STR, was=STR)),
    zonder_leden=array(obj(("zaak", "taak", "groepen"), zaak=STR, taak=STR, groepen=STR_LIST)),
)
DASHBOARD: Schema = obj(
    ("teams", "cijfers"),
    teams=STR_LIST,
    periode_dagen=INT,
    cijfers=obj(
        ("teams", "procedures", "stappen"),
        teams=array(obj(("open",), open=INT)),
        procedures=array(ANY_OBJECT),
        stappen=array(ANY_OBJECT),
    ),
)
WAITS_HEATMAP: Schema = obj(
    ("process_id", "van", "tot", "elementen", "traagste"),
    process_id=STR,
    naam=STR,
    van=STR,
    tot=STR,
    groep=nullable("string"),
    groepen=STR_LIST,
    eenheid=STR,
    elementen=array(obj(("element", "aantal", "wachten", "werken", "buiten"), element=STR, aantal=INT)),
    traagste=nullable("string"),
)
HOLDER_TIMELINE: Schema = obj(
    ("van", "tot", "rijen", "nu", "kritiek_pad", "publiek"),
    van=MOMENT,
    tot=MOMENT,
    rijen=array(
        obj(
            ("houder", "soort", "tegelijk", "segmenten"),
            houder=STR,
            soort=STR,
            tegelijk=BOOL,
            segmenten=array(ANY_OBJECT),
        )
    ),
    vrije_dagen=array(ANY_OBJECT),
    nu={"type": ["object", "null"]},
    kritiek_pad={"type": ["object", "null"]},
    publiek=BOOL,
)
PUBLIC_STATUS: Schema = obj(
    ("zaak", "status", "tijdlijn", "acties"),
    zaak=STR,
    titel=nullable("string"),
    status=STR,
    status_tekst=nullable("string"),
    fase=nullable("string"),
    termijn=ANY_OBJECT,
    besluit=ANY_OBJECT,
    tijdlijn=array(obj(("tijdstip", "datum"), tijdstip=MOMENT, datum={"type": "string", "format": "date"})),
    acties=array(obj(("bericht", "verwacht"), bericht=STR, verwacht=BOOL)),
    fasen=array(obj(("naam", "uitleg", "stand"), naam=STR, uitleg=STR, stand=STR, sinds=nullable("string"))),
    documenten=array(obj(("id", "titel", "url"), id={"type": "integer"}, titel=STR, url=STR)),
    gevraagde_documenten=array(obj(("code", "naam"), code=STR, naam=STR)),
)
LOCATIECHECK: Schema = obj(("conflicten",), conflicten=array(ANY_OBJECT))
CRS: Schema = {"type": "string", "enum": ["EPSG:4326", "EPSG:4258", "EPSG:28992"]}
GEO_FEATURE: Schema = obj(
    ("type", "geometry", "properties"),
    type={"const": "Feature"},
    geometry=obj(("type",), type=STR, coordinates=array({})),
    properties=obj(("soort",), soort=STR),
)
LOCATIECHECK_BODY: Schema = {
    "description": "Een GeoJSON FeatureCollection (of één Feature); eigenschap 'soort' per feature.",
    "anyOf": [
        obj(
            ("type", "features"),
            type={"const": "FeatureCollection"},
            features=array(GEO_FEATURE, minItems=1, maxItems=10_000),
        ),
        GEO_FEATURE,
    ],
}

# -- documents (web/api/documenten.py) --------------------------------------------------------------
LEVEL: Schema = {
    "type": "string",
    "enum": [level.value for level in Vertrouwelijkheid],
    "x-code": "vertrouwelijkheid-onbekend",
}
FILE: Schema = {"type": "string", "contentMediaType": "application/octet-stream"}
DOCUMENT_UPLOAD: Schema = closed(
    ("bestand", "informatieobjecttype"),
    bestand=FILE,
    informatieobjecttype={"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[a-z0-9_]+$"},
    titel=SHORT_TEXT,
    vertrouwelijkheidaanduiding=LEVEL,
    auteur=SHORT_TEXT,
    organisatie=SHORT_TEXT,
    ontvangstdatum=DATE,
    gedeeld_met=array(text(1, 120), maxItems=20),
)
DOCUMENT_VERSION_UPLOAD: Schema = closed(("bestand",), bestand=FILE)
DOCUMENT_VERSION: Schema = obj(
    ("versie", "sha256", "grootte", "mime_type", "bestandsnaam"),
    versie=INT,
    sha256=STR,
    grootte=INT,
    mime_type=STR,
    bestandsnaam=STR,
    geupload_door=nullable("string"),  # None for an initiator or outside party (not its own)
    geupload_op=MOMENT,
)
DOCUMENT: Schema = obj(
    ("id", "titel", "informatieobjecttype", "vertrouwelijkheidaanduiding", "status", "versie", "versies"),
    id=INT,
    titel=STR,
    informatieobjecttype=STR,
    vertrouwelijkheidaanduiding=STR,
    auteur=nullable("string"),
    organisatie=nullable("string"),
    status=STR,
    ontvangstdatum=MAYBE_DAY,
    creatiedatum={"type": "string", "format": "date"},
    gedeeld_met=STR_LIST,
    geupload_door=nullable("string"),  # None for an initiator or outside party (not its own)
    verwijderd=BOOL,
    versie=INT,
    versies=array(DOCUMENT_VERSION),
    mime_type=nullable("string"),
)
DOCUMENT_LIST: Schema = obj(("documenten",), documenten=array(DOCUMENT))
CONTENT: Schema = {
    "type": "string",
    "format": "binary",
    "description": "De inhoud, met haar eigen MIME-type.",
}
#: the workflow data of the 'Besluit nemen' task the draft is built from (left out: the case's own)
BESLUIT_GEGEVENS: Schema = {
    "type": "object",
    "properties": {
        "procedure": {"type": "string", "enum": ["regulier", "uitgebreid"]},
        "aanvraag": obj((), activiteiten=array(text(0, 200), maxItems=50)),
        "activiteiten": array(text(0, 200), maxItems=50),
        "adviezen": array(
            {
                "type": "object",
                "properties": {
                    "groep": nullable(SHORT_TEXT),
                    "soort": nullable(SHORT_TEXT),
                    "oordeel": nullable(SHORT_TEXT),
                    "toelichting": nullable(LONG_TEXT),
                    "voorschriften": array(text(0, 5_000), maxItems=100),
                },
            },
            maxItems=50,
        ),
        "zienswijzen": array(
            obj(("nummer",), nummer={"type": "integer", "minimum": 1, "maximum": 10_000}), maxItems=200
        ),
    },
}
BESLUIT_INVOER: Schema = closed(
    ("uitkomst",),
    uitkomst=text(1, 40),
    motivering=text(0, MAX_MOTIVERING),
    voorschriften=array(text(0, MAX_VOORSCHRIFT), maxItems=100),
    besluitdatum=nullable(text(0, 40)),
    verzenddatum=nullable(text(0, 40)),
    zienswijze_antwoorden={
        "type": "object",
        "propertyNames": {"pattern": "^[1-9][0-9]{0,4}$"},
        "additionalProperties": text(0, 5_000),
        "maxProperties": 200,
    },
    ondertekenaar=nullable(SHORT_TEXT),
    #: a final besluit is built from the case's own data (a draft may take other: BESLUIT_CONCEPT_INVOER)
    gegevens={
        "not": {},
        "x-code": "besluit-gegevens-van-zaak",
        "x-uitleg": "kan alleen bij een concept: een definitief besluit gebruikt de gegevens van de zaak zelf",
    },
)
#: a draft may be built from other data than the case's (a preview); a final besluit never is
BESLUIT_CONCEPT_INVOER: Schema = {
    **BESLUIT_INVOER,
    "properties": {**BESLUIT_INVOER["properties"], "gegevens": nullable(BESLUIT_GEGEVENS)},
}
BESLUIT_CONCEPT: Schema = obj(
    ("html", "ontbreekt"), html=STR, ontbreekt=STR_LIST, rechtsmiddel=nullable("object")
)

# -- the outbox and the zaakregistratie (issue 14) ------------------------------------------------------
DELIVERY_STATUS: Schema = {
    "type": "string",
    "enum": ["wachtend", "mislukt", "dood", "terzijde", "afgeleverd"],
}
DELIVERY: Schema = obj(
    ("id", "kanaal", "soort", "status", "pogingen"),
    id=INT,
    kanaal=STR,
    zaak=nullable("string"),
    volgnummer=INT,
    soort=STR,
    status=STR,
    pogingen=INT,
    volgende_poging=MAYBE_MOMENT,
    fout=nullable("string"),
    aangemaakt=MOMENT,
    afgeleverd=MAYBE_MOMENT,
    ontvanger=nullable("string"),
    wacht_op=nullable("integer"),
    wacht_op_status=nullable("string"),
)
DELIVERIES: Schema = obj(
    ("aantallen", "afleveringen"),
    aantallen={"type": "object", "additionalProperties": INT},
    afleveringen=array(DELIVERY),
)
RETRY_DEAD: Schema = closed((), kanaal=NAME)
RETRIED: Schema = obj(("opnieuw",), opnieuw=INT, gewist=INT)
REGISTRATION: Schema = obj(
    ("ingesteld",),
    ingesteld=BOOL,
    url=nullable("string"),
    status=nullable("string"),
    tekst=nullable("string"),
    open=INT,
    fout=nullable("string"),
)
