"""Contracts of the /api/v1 routes that live in the map and status blueprints, and the initiator's
messages (aanvulling, zienswijze, intrekking, bezwaar, ingebrekestelling) through the tracking code: the API twin of the status page form."""

from __future__ import annotations

from services.kaart_cluster import MAX_VIEW_PX
from services.status.message_catalog import PUBLIC_MESSAGES
from web.api import schemas as s
from web.api.contract import EXTERNAL, Contract

CODE_PATH = {"code": s.TRACKING_CODE}
BERICHT = {"type": "string", "enum": sorted(PUBLIC_MESSAGES)}
ZOOM = {
    "type": "integer",
    "minimum": 0,
    "maximum": 22,
    "x-code": "zoom-ongeldig",
    "description": "Zoomniveau (Web Mercator). Een bbox die bij dit zoomniveau groter is dan een scherm van "
    f"{MAX_VIEW_PX} pixels wordt beantwoord als bij het hoogste zoomniveau waarop hij past; het antwoord noemt dat "
    "zoomniveau ('zoom').",
}
DATE = {**s.DATE, "x-code": "datum-ongeldig"}
BBOX = {"type": "string", "maxLength": 200, "description": "minlon,minlat,maxlon,maxlat (WGS84)"}


EXTERNAL.update(
    {
        "status_api.api_send": Contract(
            summary=(
                "Stuur als initiatiefnemer een aanvulling, zienswijze, intrekking of ingebrekestelling (met "
                "bevestigd: true, anders 422 bevestiging-nodig) of bezwaar bij de volgcode (geen login)."
            ),
            path={**CODE_PATH, "bericht": BERICHT},
            body=s.PUBLIC_MESSAGE,
            response=s.PUBLIC_STATUS,
            errors=(409, 410, 422, 429),
            public=True,
        ),
        "status_api.api_status": Contract(
            summary="Publieke status van een zaak bij de volgcode (geen login; onjuiste codes worden beperkt).",
            path=CODE_PATH,
            query={"tijdlijn_pagina": s.LINES_PAGE},
            response=s.PUBLIC_STATUS,
            errors=(410, 429),
            public=True,
        ),
        "status_api.api_diagram": Contract(
            summary="Het BPMN-diagram (XML) van de modelversie waarmee de zaak loopt.",
            path=CODE_PATH,
            response=s.XML,
            media="application/xml",
            errors=(429,),
            public=True,
        ),
        "kaart_api.cases": Contract(
            summary="Zaken met een locatie binnen bbox als GeoJSON (WGS84), vereenvoudigd per zoomniveau.",
            query={
                "bbox": BBOX,
                "zoom": ZOOM,
                "procedure": s.SHORT_TEXT,
                "fase": s.SHORT_TEXT,
                "status": s.SHORT_TEXT,
                "mijlpaal_van": DATE,
                "mijlpaal_tot": DATE,
            },
            response=s.FEATURE_COLLECTION,
            media="application/geo+json",
            errors=(403,),
        ),
        "kaart_api.case_panel": Contract(
            summary="Zijpaneel van een zaak: fase, volgende mijlpaal, open taken, conflicten.",
            path={"zaak": s.CASE_KEY},
            response=s.obj(("zaak", "status"), zaak=s.STR, status=s.STR, open_taken=s.array(s.ANY_OBJECT)),
            errors=(403,),
        ),
        "kaart_api.filters": Contract(
            summary="Waarden voor de filters (procedures, fasen, statussen) en de legenda.",
            response=s.obj(
                ("procedures", "fasen", "statussen", "legenda"),
                procedures=s.array(s.ANY_OBJECT),
                fasen=s.STR_LIST,
                statussen=s.STR_LIST,
                legenda=s.ANY_OBJECT,
            ),
            errors=(403,),
        ),
        "kaart_api.layers": Contract(
            summary="De kaartlagen van de locatiecheck (naam, titel, familie, bron, peildatum, stijl).",
            response=s.LAYER_LIST,
            errors=(403,),
        ),
        "kaart_api.layer": Contract(
            summary="Objecten van één laag binnen bbox als GeoJSON (WGS84), vereenvoudigd per zoomniveau.",
            path={"naam": s.NAME},
            query={"bbox": BBOX, "zoom": ZOOM},
            response=s.FEATURE_COLLECTION,
            media="application/geo+json",
            errors=(403,),
        ),
    }
)
