"""JSON Schemas (2020-12, as in OpenAPI 3.1) of the API: parameters, bodies and responses.

The server validates requests against these dicts (web/api/contract.py) and /api/v1/openapi.json
publishes them, so the document is the contract a client or a fuzzer can check against.
"""

from __future__ import annotations

from typing import Any

from processes import berichtgrenzen as bg
from processes.constants import SOON_DAYS, CaseStatus, Severity, TaskState
from processes.getallen import ID_MAX
from processes.vertrouwelijkheid import Vertrouwelijkheid
from services import berichten, timeline_page
from services import locatiecheck_limits as limits
from services.conflict_override import MAX_OVERRIDE_REASON
from services.documents.besluit_afwijking import MAX_AFWIJKING
from services.documents.besluit_context import MAX_MOTIVERING, MAX_ONDERTEKENAAR, MAX_VOORSCHRIFT
from services.outbox.core import STATUSES

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


def enum(values: Any) -> Schema:
    """A string of a StrEnum (the one home of those values): ``enum(CaseStatus)``."""
    return {"type": "string", "enum": [v.value for v in values]}


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
#: the page of a case's messages received (services.berichten.PER_PAGE each, 1 the newest)
MESSAGES_PAGE: Schema = {
    "type": "integer",
    "minimum": 1,
    "maximum": berichten.LAST_PAGE,
    "default": 1,
    "description": f"De pagina van de ontvangen berichten: 1 de nieuwste {berichten.PER_PAGE}, 2 die daarvoor.",
}
#: the page of a case's timeline (services.timeline_page.PER_PAGE lines each, 1 the newest)
LINES_PAGE: Schema = {
    "type": "integer",
    "minimum": 1,
    "maximum": timeline_page.LAST_PAGE,
    "default": 1,
    "description": f"De pagina van de tijdlijn: 1 de nieuwste {timeline_page.PER_PAGE} regels, 2 die daarvoor.",
}
DAYS: Schema = {"type": "integer", "minimum": -36_500, "maximum": 36_500}
VERSION: Schema = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
DATE: Schema = {"type": "string", "maxLength": 10, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
#: a moment as the API sends it: ISO 8601 in UTC with its offset (services.clock.iso_utc)
MOMENT: Schema = {"type": "string", "format": "date-time"}
MAYBE_MOMENT: Schema = {"type": ["string", "null"], "format": "date-time"}
DAY: Schema = {"type": "string", "format": "date"}
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
    # what a refusal names besides (tests/unit/test_problem_members.py: every member an error passes
    # is declared here, with one type per name)
    velden={
        "type": "object",
        "additionalProperties": STR_LIST,
        "description": "Per veld de meldingen (formulier-ongeldig, afwijking-onbekend, afwijking-zonder-reden).",
    },
    foutcode={**STR, "description": "Bij een 5xx: de code waaronder de fout in het log staat."},
    document_id={**INT, "description": "document-dubbel: het document dat dit bestand al heeft."},
    versie={**INT, "description": "document-dubbel: de versie van dat document met dit bestand."},
    gedetecteerd={
        **STR,
        "description": "document-verkeerd-type, document-naam-past-niet: het mediatype van de inhoud.",
    },
    bestand={
        **STR,
        "description": "Het bestand in het archief, of het onderdeel van het Office-document, waarover de "
        "weigering gaat.",
    },
    extensie={**STR, "description": "document-uitvoerbare-extensie: de extensie van het geweigerde bestand."},
    toegestaan={**STR_LIST, "description": "De waarden die hier wel mogen."},
    ontbreekt={**STR_LIST, "description": "Wat nog ontbreekt."},
    onbekend={**STR_LIST, "description": "groep-onbekend: de genoemde groepen die niet bestaan."},
    max_bytes={**INT, "description": "De grootste toegestane omvang in bytes."},
    opgeslagen={**INT, "description": "zaak-opslag-vol: wat de indiener al in de zaak opsloeg, in bytes."},
    grootte={**INT, "description": "gis-te-groot: de omvang van de invoer in bytes."},
    grens={
        **INT,
        "description": "gis-te-groot: de grootste toegestane omvang in bytes; gis-te-veel-objecten, "
        "gis-te-veel-hoekpunten, gis-te-veel-conflicten: het grootste toegestane aantal.",
    },
    onderwerp_index={**INT, "description": "Het object (vanaf 0) van de GeoJSON-invoer dat fout is."},
    laag=STR,
    lagen=STR_LIST,
    regel={**nullable("string"), "description": "Het id van de locatieregel."},
    regelnummer={**nullable("integer"), "description": "De regel van het script."},
    element={**nullable("string"), "description": "Het BPMN-element van het proces."},
    reden=STR,
    sleutel={**STR, "description": "De correlatiewaarde die het bericht mist."},
    uiterlijk=DAY,
    turbines={**array(INT), "description": "De nummers (vanaf 1) van de turbines buiten de gemeente."},
    mislukt=STR_LIST,
    rapport=STR,
    scenario={
        **STR,
        "description": "scenarios-rekentijd: het scenario dat liep toen de test werd afgebroken.",
    },
    waar={**STR, "description": "scenarios-rekentijd: waar in dat scenario (de start of een stap)."},
    scenarios=array(
        obj(("naam", "geslaagd", "fouten"), naam=STR, geslaagd=BOOL, fouten=STR_LIST),
        description="scenarios-rekentijd: de scenario's die voor de afbreking liepen, geslaagd of mislukt.",
    ),
)

# -- tasks and cases --------------------------------------------------------------------------------
CASE_STATUS = enum(CaseStatus)
TASK_STATE = enum(TaskState)
SEVERITY = enum(Severity)
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
    status=TASK_STATE,
    vervaldatum=MAYBE_DAY,
    wettelijke_termijn=MAYBE_DAY,
    #: days from today to the legal deadline (negative: passed); null without one. Lists and single tasks
    dagen_over=nullable("integer"),
    formulier=nullable("object"),
    instructies=nullable("string"),
    reden=nullable({**STR, "description": "De reden die het proces bij de taak meegeeft."}),
    locatie=nullable({**STR, "description": "De locatie van de zaak."}),
    zaak_titel=nullable("string"),
    hoogste_ernst=nullable(
        {**SEVERITY, "description": "Het ernstigste conflict van de locatiecheck van de zaak."}
    ),
    aangemaakt_op=MAYBE_MOMENT,
    voltooid_op=MAYBE_MOMENT,
    voltooid_door=nullable("string"),
)
TASK_LIST: Schema = obj(("totaal", "taken"), totaal=INT, taken=array(TASK))
#: a conflict's distance, in the case file and in POST /locatiecheck alike (gis.report)
CONFLICT_DISTANCE: Schema = {
    **nullable("number"),
    "description": "De afstand tot het object in meter (naar beneden afgerond op 2 decimalen) bij een regel "
    "'binnen_afstand'; null bij een regel waarin de locatie ligt ('snijdt', 'overlap_aandeel'): daar is "
    "geen afstand.",
}
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
    ernst=SEVERITY,
    afdeling=STR,
    beschrijving=STR,
    bron=STR,
    afstand_m=CONFLICT_DISTANCE,
    overlap_m2=nullable("number"),
    overlap_aandeel=nullable("number"),
    intern=BOOL,
    overschreven=BOOL,
    reden_overschrijving=nullable("string"),
    overschreven_door=nullable("string"),
    mag_overschrijven=BOOL,
)
#: the legal deadline (Awb, as the ZGW Zaken API names it); null while the case has none
DEADLINE: Schema = {**MAYBE_DAY, "description": "De uiterlijke datum waarop de zaak moet zijn afgedaan."}
#: the deadline's camelCase name, kept for clients that read it
DEADLINE_ALIAS: Schema = {
    **DEADLINE,
    "deprecated": True,
    "description": "Verouderd: dezelfde datum als uiterlijke_einddatum_afdoening.",
}
#: whether the term stands still (services.projection_case.term_stands_still); null outside the share
TERM_SUSPENDED: Schema = nullable(
    {
        **BOOL,
        "description": "De termijn staat stil (een opschorting loopt): de uiterlijke einddatum is voorlopig; "
        "null voor wie het niet mag lezen.",
    }
)
#: a case's timeline entry (services.projection_views.event_dict)
EVENT: Schema = obj(
    ("tijdstip", "soort", "tekst"),
    tijdstip=MOMENT,
    door=nullable({**STR, "description": "Wie het deed: een gebruikersnaam, of null voor het systeem."}),
    soort={**STR, "description": "De soort gebeurtenis, zoals zaak-gestart, taak-voltooid of opschorting."},
    tekst={
        **STR,
        "description": "De regel zoals deze gebruiker haar leest: een publieke regel spreekt alleen de aanvrager "
        "aan ('Uw aanvulling is ontvangen'); ieder ander leest haar in de derde persoon ('De aanvulling is "
        "ontvangen').",
    },
    publiek=BOOL,
    element=nullable({**STR, "description": "Het BPMN-element waar het gebeurde."}),
    gegevens=nullable("object"),
)
#: a message the case received, with what it said (services.berichten.received)
RECEIVED_MESSAGE: Schema = obj(
    ("bericht", "tijdstip", "bewaard"),
    bericht=STR,
    bewaard={
        **BOOL,
        "description": "Of de tekst van dit bericht is bewaard; false voor een bericht dat binnenkwam voordat "
        "Ruimteflow de tekst van elk bericht bewaarde (van elke soort staat dan alleen de tekst van het laatste "
        "in de samenvatting).",
    },
    tekst=nullable("string"),
    documenten=STR_LIST,
    indiener=nullable("string"),
    ontvangen_op=nullable({**STR, "description": "De ontvangstdag die het bericht meegaf (JJJJ-MM-DD)."}),
    tijdstip={**MOMENT, "description": "Wanneer het bericht is vastgelegd."},
    door=nullable({**STR, "description": "Wie het vastlegde: een gebruikersnaam, initiatiefnemer of null."}),
    variabelen={
        **STR_LIST,
        "description": "De procesvariabelen waarin het model van de zaak dit bericht bewaart; wie die in "
        "samenvatting.gegevens mag lezen, leest de tekst. Leeg als dat niet bekend is.",
    },
    gegevens={
        **ANY_OBJECT,
        "description": "De andere velden van het bericht zoals het binnenkwam (van het antwoord van de "
        "netbeheerder: uitkomst, positie, alternatief, congestiegebied), ook als een later bericht van deze "
        "soort ze in de samenvatting verving; leeg voor een bericht van voordat Ruimteflow ze bewaarde.",
    },
)
#: the term's suspensions (processes.termijnen.staat.projectie); empty without a term
SUSPENSION: Schema = {
    **obj(
        (),
        indicatie={**BOOL, "description": "Of de termijn nu is opgeschort."},
        reden=STR,
        periodes=array(
            obj(
                ("van", "tot", "dagen"),
                van={
                    **DAY,
                    "description": "De dag van het aanvullingsverzoek; de termijn staat stil vanaf de dag erna.",
                },
                tot={
                    **DAY,
                    "description": "De dag waarop de aanvulling binnenkwam (de termijn loopt die dag weer), of "
                    "de laatste dag van de ongebruikt verstreken aanvullingstermijn (verstreken).",
                },
                dagen=INT,
                laatste_dag={**DAY, "description": "De laatste dag dat de termijn stilstond."},
                verstreken=nullable(
                    {
                        **BOOL,
                        "description": "true: de aanvullingstermijn is ongebruikt verstreken (tot is er de "
                        "laatste dag van); false: de aanvulling kwam binnen op tot; null: onbekend, vastgelegd "
                        "vóór Ruimteflow dit bijhield (de termijn stond stil t/m tot).",
                    }
                ),
                reden=STR,
            )
        ),
        opgeschorte_dagen=INT,
        lopend=obj(("van",), van=DAY, tot_uiterlijk=nullable(DAY)),
        eerdere=ANY_OBJECT,
    ),
    "description": "De opschortingen van de beslistermijn; leeg zonder termijn.",
}
#: how the legal deadline was computed (processes.termijnen); empty without a term
DEADLINE_INFO: Schema = {
    **obj(
        (),
        ontvangen=DAY,
        procedure=STR,
        oorspronkelijke_einddatum=DAY,
        opgeschorte_dagen=INT,
        verdaging_weken=nullable("integer"),
        uiterste_beslisdatum=DAY,
        stappen=STR_LIST,
        uiterlijkeEinddatumAfdoening={
            **DAY,
            "deprecated": True,
            "description": "Verouderd: dezelfde datum als uiterste_beslisdatum.",
        },
        waarschuwingsdatum=nullable(DAY),
        voorlopig=BOOL,
        feestdagen_onzeker=BOOL,
    ),
    "description": "Hoe de uiterlijke einddatum is berekend, stap voor stap; leeg zonder termijn.",
}
#: services.projection_views.waiting_list: the case's place on the netbeheerder's waiting list
WAITING_LIST: Schema = {
    **nullable(
        obj(
            ("positie", "navraag_op"),
            positie=nullable("integer"),
            navraag_op={
                **nullable(DAY),
                "description": "De dag waarop de gemeente de netbeheerder opnieuw naar de positie vraagt; "
                "null bij een zaak op een modelversie van vóór die dag werd gepland.",
            },
        )
    ),
    "description": "De plaats van het transportverzoek op de wachtlijst van de netbeheerder; null als het er "
    "niet op staat, of voor wie dit veld niet mag lezen (autorisatie.toml [velden]).",
}
CASE: Schema = obj(
    ("id", "zaak", "proces", "titel", "status"),
    id=INT,
    zaak=STR,
    proces=STR,
    procedure=nullable("string"),
    titel=nullable("string"),
    status=CASE_STATUS,
    fase=nullable("string"),
    initiatiefnemer=nullable("string"),
    soort_initiatiefnemer=nullable("string"),
    locatie=nullable("string"),
    houder=nullable("string"),
    wacht_op=nullable("string"),
    wachtlijst=WAITING_LIST,
    uiterlijke_einddatum_afdoening=DEADLINE,
    uiterlijkeEinddatumAfdoening=DEADLINE_ALIAS,
    dagen_over={
        **nullable("integer"),
        "description": "Dagen tot de uiterlijke einddatum (negatief: verstreken); null zonder einddatum.",
    },
    te_laat=BOOL,
    termijn_opgeschort=TERM_SUSPENDED,
    opschorting=SUSPENSION,
    verlenging={
        **obj((), duur_weken=INT, reden=STR, besloten_op=DAY),
        "description": "De verdaging van de beslistermijn; leeg als die er niet is.",
    },
    termijn_uitleg=DEADLINE_INFO,
    samenvatting={"type": "object", "description": "De gegevens van de zaak zoals het proces ze vastlegt."},
    definitief=BOOL,
    incident=nullable("string"),
    volgcode=nullable("string"),
    gestart_op=MAYBE_MOMENT,
    geanonimiseerd_op={
        **MAYBE_MOMENT,
        "description": "Wanneer een eerdere versie van Ruimteflow (voor migratie 0033) de persoonsgegevens van "
        "deze zaak na haar bewaartermijn verwijderde (gepseudonimiseerd); null voor elke andere zaak. Ruimteflow "
        "pseudonimiseert niet meer: zo'n zaak wordt met de volgende goedgekeurde vernietigingslijst vernietigd.",
    },
    volgende_timer=MAYBE_MOMENT,
    geometrie_wkt=nullable("string"),
    open_taken=array(TASK),
    conflicten=array(CONFLICT),
    tijdlijn={
        **array(EVENT),
        "description": "De regels van de tijdlijn die de gebruiker mag lezen, oudste eerst. Ten hoogste "
        f"{timeline_page.PER_PAGE} per keer, de nieuwste: eerdere met tijdlijn_pagina.",
    },
    tijdlijn_eerder=nullable(
        {
            **INT,
            "description": "Hoeveel regels die de gebruiker mag lezen de tijdlijn had vóór die in tijdlijn "
            "(op een volgende tijdlijn_pagina); null voor wie de tijdlijn niet leest.",
        }
    ),
    berichten={
        **array(RECEIVED_MESSAGE),
        "description": "De ontvangen berichten met hun tekst, oudste eerst: van elke soort die de gebruiker "
        "in de samenvatting mag lezen (zoals samenvatting.gegevens.aanvulling). Ten hoogste "
        f"{berichten.PER_PAGE} per keer, de nieuwste: eerdere met berichten_pagina.",
    },
    berichten_eerder=nullable(
        {
            **INT,
            "description": "Hoeveel berichten die de gebruiker mag lezen de zaak ontving vóór die in "
            "berichten (op een volgende berichten_pagina); null voor wie de berichten niet leest.",
        }
    ),
    gekoppelde_zaken=array(
        obj(
            ("id", "zaak", "reden", "redenen"),
            id=INT,
            zaak=STR,
            titel=nullable("string"),
            reden={**STR, "description": "Alle redenen van de koppeling, gescheiden door '; '."},
            redenen={**STR_LIST, "description": "Waarom de zaken gekoppeld zijn: elke reden eenmaal."},
        ),
        description="Elke gekoppelde zaak eenmaal, met alle redenen van de koppeling.",
    ),
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
    status=CASE_STATUS,
    fase=nullable("string"),
    incident=nullable("string"),
    bijgewerkt_op=MOMENT,
)
CONFLICT_OVERRIDE: Schema = CONFLICT
#: a question to an outside organisation still open (services.waits.open_requests.OpenRequest.as_dict)
OPEN_REQUEST: Schema = obj(
    ("zaak", "organisatie", "sinds", "te_laat"),
    zaak=STR,
    titel=nullable("string"),
    organisatie=STR,
    vraag=nullable("string"),
    sinds=MOMENT,
    vervaldatum=nullable(DAY),
    te_laat=BOOL,
)
#: a case of the case list (services.case_queries._case_row, as policy.case_view shares it: a field
#: outside the caller's share is empty)
CASE_LIST_ROW: Schema = obj(
    ("id", "zaak", "status"),
    id=INT,
    zaak=STR,
    titel=nullable("string"),
    proces=nullable({**STR, "description": "Het proces-id (zoals in /modellen)."}),
    procedure=nullable("string"),
    status=CASE_STATUS,
    fase=nullable("string"),
    locatie=nullable("string"),
    initiatiefnemer=nullable("string"),
    soort_initiatiefnemer=nullable("string"),
    houder=nullable(
        {
            **STR,
            "description": 'Bij wie de zaak ligt, zoals het zaakdossier het zegt ("Ligt bij"): een team, '
            'een externe partij, de aanvrager of de wettelijke termijn die loopt ("Terinzagelegging"), '
            'niet de houder uit het model ("Belanghebbenden").',
        }
    ),
    houder_sinds=nullable({**MOMENT, "description": "Sinds wanneer de houder de zaak vasthoudt."}),
    extern_te_laat={
        **array(OPEN_REQUEST),
        "description": "Vragen aan externe organisaties die te laat zijn.",
    },
    dwangsom=nullable({**STR, "description": "De dwangsom bij niet tijdig beslissen, in het kort."}),
    uiterlijke_einddatum_afdoening=DEADLINE,
    uiterlijkeEinddatumAfdoening=DEADLINE_ALIAS,
    dagen_over={
        **nullable("integer"),
        "description": "Dagen tot de uiterlijke einddatum (negatief: verstreken); null zonder einddatum "
        "of voor een afgeronde zaak.",
    },
    te_laat=nullable("boolean"),
    termijn_opgeschort=TERM_SUSPENDED,
    volgcode=nullable("string"),
    gestart_op=MAYBE_MOMENT,
    bijgewerkt_op=nullable({**MOMENT, "description": "Wanneer de zaak het laatst veranderde."}),
)
CASE_LIST: Schema = obj(
    ("totaal", "zaken"),
    totaal={**INT, "description": "Hoeveel zaken aan de filters voldoen (alle pagina's samen)."},
    zaken=array(CASE_LIST_ROW),
)

# -- request bodies ---------------------------------------------------------------------------------
GEOMETRY: Schema = {
    "description": "GeoJSON-geometrie (object) of WKT (tekst), standaard in WGS84 (EPSG:4326).",
    "anyOf": [
        obj(("type",), type=STR, coordinates=array({}), geometries=array(ANY_OBJECT)),
        {"type": "string", "minLength": 1, "maxLength": 2_000_000},
        {"type": "null"},
    ],
}
#: the coordinate systems a location may be sent in over the API (gis.crs reads more on the command line)
CRS: Schema = {"type": "string", "enum": ["EPSG:4326", "EPSG:4258", "EPSG:28992"]}
#: the limits of start and task data (processes/berichtgrenzen.py STARTGEGEVENS, TAAKGEGEVENS)
_DATA_LIMITS = (
    f"Ten hoogste {bg.MAX_DATA_BYTES // 1024} kB als JSON, {bg.MAX_DATA_DEPTH} niveaus diep, "
    f"{bg.MAX_DATA_ITEMS} elementen per object of lijst, teksten van ten hoogste {bg.MAX_STRING} tekens "
    f"(400 {bg.TOO_LARGE}, veld het veld)."
)
START_CASE: Schema = closed(
    ("proces",),
    proces=NAME,
    gegevens={
        "type": "object",
        "description": "De startgegevens van het proces: wat zijn aanvraagformulier vraagt. " + _DATA_LIMITS,
        "properties": {
            "procedure_naam": text(0, 60),
            "activiteiten": {
                **array(text(1, 200), maxItems=50),
                "description": "De activiteiten van de aanvraag (zoals technische_bouwactiviteit); "
                "de omgevingsvergunning vereist er minstens één.",
            },
        },
    },
    titel=nullable(SHORT_TEXT),
    initiatiefnemer=nullable(SHORT_TEXT),
    soort_initiatiefnemer=nullable(text(0, 60)),
    locatie=nullable(SHORT_TEXT),
    geometrie=GEOMETRY,
    crs=nullable(CRS),
)
MESSAGE: Schema = closed(
    ("naam",),
    naam=NAME,
    gegevens={
        "type": "object",
        "description": (
            "Wat het model van het bericht vraagt. Een intrekking of ingebrekestelling van de aanvrager "
            "(niet de brief die een behandelaar registreert) alleen met bevestigd: true (422 bevestiging-nodig). "
            f"Ten hoogste {bg.MAX_BYTES // 1024} kB als JSON, {bg.MAX_DEPTH} niveaus diep, {bg.MAX_ITEMS} "
            f"elementen per object of lijst, teksten van ten hoogste {bg.MAX_STRING} tekens (400 "
            f"{bg.TOO_LARGE}, veld het veld); het hele verzoek ten hoogste {bg.MAX_BODY_BYTES // 1024} kB "
            f"(413 {bg.TOO_LARGE})."
        ),
        "properties": {"bevestigd": BOOL},
    },
)
REASON: Schema = closed(("reden",), reden=text(1, 2000))
OPTIONAL_REASON: Schema = closed((), reden=text(0, 2000))
OVERRIDE_REASON: Schema = closed(("reden",), reden=text(1, MAX_OVERRIDE_REASON))
ASSIGN: Schema = closed(("gebruiker",), gebruiker=text(1, 100))
COMPLETE: Schema = {
    "type": "object",
    "description": "{gegevens: {...}} of de formuliergegevens zelf. " + _DATA_LIMITS,
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
    tekst=text(1, bg.MAX_TEXT),  # what services.status.messages takes (5,000), not more
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
#: open tasks whose deadline reminder had nobody to go to (services.mail.unreminded.waiting), as beheer lists them
UNREMINDED: Schema = obj(
    ("taken",),
    taken=array(
        obj(
            ("zaak", "taak", "groepen", "termijn", "sinds"),
            zaak=STR,
            taak=STR,
            groepen={**STR, "description": "De kandidaatgroepen van de taak, of 'geen groep'."},
            termijn={**MAYBE_DAY, "description": "De eerste van de streefdatum en de wettelijke termijn."},
            sinds={**MOMENT, "description": "Sinds wanneer: de herinnering die niemand vond."},
        )
    ),
)
#: open tasks of a team, or of all chosen teams together (services.dashboard._counts)
TASK_COUNTS: Schema = obj(
    ("open", "niet_toegewezen", "te_laat", "binnen_2_weken"),
    open=INT,
    niet_toegewezen=INT,
    te_laat={**INT, "description": "Met de wettelijke termijn verstreken."},
    binnen_2_weken={**INT, "description": f"Met de wettelijke termijn binnen {SOON_DAYS} dagen."},
)
DASHBOARD: Schema = obj(
    ("teams", "cijfers"),
    teams=STR_LIST,
    team=nullable({**STR, "description": "Het gekozen team (?team=), of null voor alle teams."}),
    periode_dagen=INT,
    cijfers=obj(
        ("teams", "procedures", "stappen", "totaal"),
        peildatum=DAY,
        periode_dagen=INT,
        teams=array({**TASK_COUNTS, "properties": {"team": STR, **TASK_COUNTS["properties"]}}),
        totaal=TASK_COUNTS,
        zaken_van=nullable(STR_LIST),
        alleen_eigen_werk={**BOOL, "description": "Een externe organisatie: alleen haar eigen werk."},
        procedures=array(ANY_OBJECT),
        stappen=array(ANY_OBJECT),
        wachten=obj(
            ("per_procedure", "organisaties"),
            per_procedure=array(ANY_OBJECT),
            organisaties=array(ANY_OBJECT),
            modellen=STR_LIST,
        ),
        open_extern=array(OPEN_REQUEST),
        dwangsommen=array(
            obj(
                ("zaak", "status", "start", "dagen", "bedrag_euro", "tekst"),
                zaak=STR,
                titel=nullable("string"),
                status={**STR, "enum": ["wachttijd", "loopt", "maximum"]},
                start={
                    **DAY,
                    "description": "De eerste dag waarover de dwangsom verschuldigd is (Awb 4:17).",
                },
                dagen=INT,
                bedrag_euro={**INT, "description": "Verschuldigd tot en met de laatste dagelijkse stand."},
                tekst=STR,
            )
        ),
    ),
)
#: what the heatmap counts as a task's waiting and working time (services.waits.task_life)
WAITING = (
    "Uren dat de taak niet opgepakt was: elke periode zonder behandelaar, ook na teruggeven; niet de tijd "
    "dat de zaak gepauzeerd was of in incident stond."
)
WORKING = "Uren dat de taak opgepakt of toegewezen was; niet de tijd dat de zaak gepauzeerd was of in incident stond."
WAITS_HEATMAP: Schema = obj(
    ("process_id", "van", "tot", "elementen", "traagste"),
    process_id=STR,
    naam=STR,
    van=STR,
    tot=STR,
    groep=nullable("string"),
    groepen=STR_LIST,
    eenheid=STR,
    elementen=array(
        obj(
            ("element", "aantal", "wachten", "werken", "buiten"),
            element=STR,
            aantal=INT,
            wachten={**obj((), mediaan=nullable("number"), p90=nullable("number")), "description": WAITING},
            werken={**obj((), mediaan=nullable("number"), p90=nullable("number")), "description": WORKING},
            buiten=obj((), aantal=INT, mediaan=nullable("number"), p90=nullable("number")),
            mediaan_totaal=nullable("number"),
            intensiteit=nullable("number"),
        )
    ),
    traagste=nullable("string"),
    alleen_eigen={**BOOL, "description": "Een externe organisatie: alleen haar eigen stappen."},
)
HOLDER_TIMELINE: Schema = obj(
    ("van", "tot", "rijen", "nu", "kritiek_pad", "publiek", "voor_aanvrager"),
    van=MOMENT,
    tot=MOMENT,
    rijen=array(
        obj(
            ("houder", "soort", "tegelijk", "segmenten"),
            houder=STR,
            soort=STR,
            tegelijk=BOOL,
            segmenten=array(ANY_OBJECT),
            dagen={**NUM, "description": "Kalenderdagen bij deze houder."},
            werkdagen={**INT, "description": "Werkdagen (Algemene termijnenwet) bij deze houder."},
        )
    ),
    vrije_dagen=array(ANY_OBJECT),
    nu={"type": ["object", "null"]},
    kritiek_pad={"type": ["object", "null"]},
    publiek=BOOL,
    voor_aanvrager={
        **BOOL,
        "description": "De lezer is de aanvrager zelf: de tijdlijn spreekt hem aan ('Waar ligt uw aanvraag').",
    },
)
PUBLIC_STATUS: Schema = obj(
    ("zaak", "status", "tijdlijn", "acties"),
    zaak=STR,
    titel=nullable("string"),
    status=STR,
    status_tekst={
        **nullable("string"),
        "description": "De status in woorden, zoals de statuspagina hem noemt: 'In behandeling', na het "
        "besluit wat nog openstaat ('Besluit genomen, wordt verzonden op …', op de verzenddag 'Besluit "
        "genomen, wordt vandaag verzonden', 'Besluit genomen, bezwaar mogelijk tot en met …', 'Besluit "
        "genomen, bezwaartermijn voorbij'), na een bezwaar 'Besluit "
        "genomen, bezwaar in behandeling', 'Afgerond'. Vrije tekst, geen vaste lijst.",
    },
    fase=nullable("string"),
    termijn=ANY_OBJECT,
    besluit=ANY_OBJECT,
    tijdlijn={
        **array(obj(("tijdstip", "datum"), tijdstip=MOMENT, datum={"type": "string", "format": "date"})),
        "description": "De openbare regels, oudste eerst. Ten hoogste "
        f"{timeline_page.PER_PAGE} per keer, de nieuwste: eerdere met tijdlijn_pagina.",
    },
    tijdlijn_eerder={
        **INT,
        "description": "Hoeveel openbare regels de tijdlijn had vóór die in tijdlijn (op een volgende "
        "tijdlijn_pagina).",
    },
    acties=array(obj(("bericht", "verwacht"), bericht=STR, verwacht=BOOL)),
    wacht_op=nullable("string"),
    beroep_niet_tijdig={
        **nullable("string"),
        "description": "Zodra twee weken na de ingebrekestelling zijn verstreken zonder besluit: dat beroep bij "
        "de rechtbank wegens niet tijdig beslissen openstaat (Awb 6:12 lid 2); anders null.",
    },
    wachtlijst={
        **nullable(
            obj(
                ("positie", "navraag_op", "uitleg", "mogelijkheden", "vragen"),
                positie=nullable("integer"),
                navraag_op=nullable(DAY),
                uitleg=STR,
                mogelijkheden=array(obj(("titel", "uitleg"), titel=STR, uitleg=STR)),
                vragen=STR,
            )
        ),
        "description": "Staat het transportverzoek op de wachtlijst van de netbeheerder: de positie, de dag "
        "van de volgende navraag (als bij GET /zaken/{ref}) en wat de initiatiefnemer kan doen.",
    },
    fasen=array(obj(("naam", "uitleg", "stand"), naam=STR, uitleg=STR, stand=STR, sinds=nullable("string"))),
    documenten=array(obj(("id", "titel", "url"), id={"type": "integer"}, titel=STR, url=STR)),
    gevraagde_documenten=array(obj(("code", "naam"), code=STR, naam=STR)),
)
LOCATIECHECK: Schema = obj(
    ("conflicten",), conflicten=array(obj(("afstand_m",), afstand_m=CONFLICT_DISTANCE))
)
GEO_FEATURE: Schema = obj(
    ("type", "geometry", "properties"),
    type={"const": "Feature"},
    geometry=obj(("type",), type=STR, coordinates=array({})),
    properties=obj(("soort",), soort=STR),
)
LOCATIECHECK_BODY: Schema = {
    "description": "Een GeoJSON FeatureCollection (of één Feature); eigenschap 'soort' per feature. Grenzen "
    f"per verzoek: ten hoogste {limits.MAX_BODY_BYTES_PUBLIC // (1024 * 1024)} MB voor een initiatiefnemer of "
    f"externe partij ({limits.MAX_BODY_BYTES // (1024 * 1024)} MB voor medewerkers van de gemeente; meer: 413 "
    f"json-te-groot, voordat het verzoek gelezen wordt), ten hoogste {limits.MAX_FEATURES_PUBLIC} objecten voor een initiatiefnemer of externe "
    f"partij ({limits.MAX_FEATURES} voor medewerkers van de gemeente; meer: 413 gis-te-veel-objecten), samen "
    f"ten hoogste {limits.MAX_VERTICES} hoekpunten (413 gis-te-veel-hoekpunten), en een antwoord van ten "
    f"hoogste {limits.MAX_CONFLICTS} conflicten: bij meer stopt de check met 422 gis-te-veel-conflicten "
    "(splits het verzoek of neem een kleiner gebied; een antwoord wordt nooit afgekapt). De kosten worden "
    "vooraf begrensd (413): een initiatiefnemer of externe partij controleert samen ten hoogste "
    f"{limits.PUBLIC_AREA_KM2} km² (medewerkers "
    f"{limits.STAFF_AREA_KM2} km², gis-gebied-te-groot), ten hoogste "
    f"{limits.PUBLIC_CAPS.max_candidates} kaartobjecten bij de objecten (gis-te-veel-kaartobjecten) en ten "
    f"hoogste {limits.PUBLIC_CAPS.max_work} vergelijkingen van hoekpunten (medewerkers "
    f"{limits.STAFF_CAPS.max_work}, gis-te-veel-rekenwerk). Een initiatiefnemer of externe partij doet ten "
    "hoogste RUIMTEFLOW_LOCATIECHECKS_PER_ACCOUNT_PER_HOUR locatiechecks per uur (daarna 429 "
    "te-veel-pogingen met Retry-After).",
    "anyOf": [
        obj(
            ("type", "features"),
            type={"const": "FeatureCollection"},
            # no maxItems: the bound depends on the caller (described above, refused with 413 by
            # services.locatiecheck_limits); the caller's body cap (its body_cap) bounds this validation
            features=array(GEO_FEATURE, minItems=1),
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
#: what an account outside the municipality may upload (services/documents/quota.py)
UPLOAD_BOUNDS = (
    "Een initiatiefnemer of externe partij (niet de gemeente zelf) voegt aan een zaak ten hoogste "
    "RUIMTEFLOW_DOCUMENT_UPLOADS_PER_CASE_PER_HOUR documenten en nieuwe versies per uur toe (daarna 429 "
    "te-veel-pogingen met Retry-After) en slaat er ten hoogste RUIMTEFLOW_DOCUMENT_MB_PER_CASE MB op (daarna "
    "422 zaak-opslag-vol). Een geweigerd document wordt niet opgeslagen."
)
DOCUMENT_UPLOAD: Schema = {
    **closed(
        ("bestand", "informatieobjecttype"),
        bestand=FILE,
        informatieobjecttype={"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[a-z0-9_]+$"},
        titel=SHORT_TEXT,
        vertrouwelijkheidaanduiding=LEVEL,
        auteur=SHORT_TEXT,
        organisatie=SHORT_TEXT,
        ontvangstdatum=DATE,
        gedeeld_met=array(text(1, 120), maxItems=20),
        # a signed besluit uploaded in a task that requires one (type besluit only): taken and made known on
        besluitdatum=DATE,
        verzenddatum=DATE,
    ),
    "description": UPLOAD_BOUNDS,
}
DOCUMENT_VERSION_UPLOAD: Schema = {**closed(("bestand",), bestand=FILE), "description": UPLOAD_BOUNDS}
#: the day a besluit uploaded with its besluitdatum alone was sent (or laid open); set once
VERZENDDATUM: Schema = closed(("verzenddatum",), verzenddatum=DATE)
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
    besluitdatum=MAYBE_DAY,  # a besluit: the day it was taken and the day it was sent (or laid open)
    verzenddatum=MAYBE_DAY,
    gedeeld_met=STR_LIST,
    geupload_door=nullable("string"),  # None for an initiator or outside party (not its own)
    verwijderd=BOOL,
    versie=INT,
    versies=array(DOCUMENT_VERSION),
    mime_type=nullable("string"),
)
#: a page of a case's documents: the newest ``limiet`` after skipping the newest ``vanaf``, oldest first
DOCUMENT_PAGE: dict[str, Schema] = {
    "limiet": {**LIMIT, "description": "Hoeveel documenten ten hoogste: de nieuwste, na de overgeslagen."},
    "vanaf": {
        **OFFSET,
        "description": "Hoeveel van de nieuwste documenten worden overgeslagen (0: de nieuwste limiet "
        "documenten; limiet: die daarvoor).",
    },
}
DOCUMENT_LIST: Schema = obj(
    ("documenten", "totaal", "eerder"),
    documenten={
        **array(DOCUMENT),
        "description": "De documenten van de pagina die de gebruiker mag lezen, oudste eerst.",
    },
    totaal={
        **INT,
        "description": "Hoeveel documenten van de zaak de gebruiker mag lezen (alle pagina's samen).",
    },
    eerder={
        **INT,
        "description": "Hoeveel van die documenten ouder zijn dan deze pagina (de volgende pagina: vanaf "
        "plus limiet).",
    },
)
CONTENT: Schema = {
    "type": "string",
    "format": "binary",
    "description": "De inhoud, met haar eigen MIME-type (vastgesteld uit de inhoud bij het uploaden): "
    "een van de typen die de documenttypen van de gemeente toestaan.",
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
    #: who signs on behalf of the college (mandaat), and in which function; none: the caller, by its
    #: display name and role
    ondertekenaar=nullable(text(0, MAX_ONDERTEKENAAR)),
    ondertekenaar_functie=nullable(text(0, MAX_ONDERTEKENAAR)),
    #: granting over an open blokkerend conflict (by its rule) or a niet-akkoord advice (by its group):
    #: the reason, printed next to that point (services/documents/besluit_afwijking.py)
    afwijking_conflicten={
        "type": "object",
        "additionalProperties": text(0, MAX_AFWIJKING),
        "maxProperties": 100,
    },
    afwijking_adviezen={
        "type": "object",
        "additionalProperties": text(0, MAX_AFWIJKING),
        "maxProperties": 100,
    },
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
    "enum": list(STATUSES),
}
DELIVERY: Schema = obj(
    ("id", "kanaal", "soort", "status", "pogingen"),
    id=INT,
    kanaal=STR,
    zaak=nullable("string"),
    volgnummer=INT,
    soort=STR,
    status=DELIVERY_STATUS,
    pogingen=INT,
    volgende_poging=MAYBE_MOMENT,
    fout={
        **nullable("string"),
        "description": "De fout van de laatste mislukte poging (van de andere kant); leeg bij een "
        "uitgesteld bericht.",
    },
    uitgesteld_tot={
        **MAYBE_MOMENT,
        "description": "Bij status uitgesteld: vanaf wanneer de andere kant het bericht aanneemt; dan "
        "wordt het opnieuw geprobeerd. Uitstel is geen fout en telt niet als poging.",
    },
    uitstel_reden={**nullable("string"), "description": "Bij status uitgesteld: waarom het bericht wacht."},
    notitie={
        **nullable("string"),
        "description": "Bij een afgeleverd bericht dat niets hoefde te verzenden: waarom (ook in de "
        "interne geschiedenis van de zaak). Geen fout.",
    },
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
RETRIED: Schema = obj(
    ("opnieuw",), opnieuw=INT, gewist=INT, geblokkeerd=INT, niet_inlogbaar=INT, verwijderd=INT
)
REGISTRATION: Schema = obj(
    ("ingesteld",),
    ingesteld=BOOL,
    url=nullable("string"),
    status=nullable("string"),
    tekst=nullable("string"),
    open=INT,
    fout=nullable("string"),
)
