"""The Dutch label of each kind of event a case's timeline shows (the case file, web/templates/_dossier.html).

Every kind the platform writes has one here; tests/unit/test_event_kind_labels.py reads the kinds from
the source and fails on one without a label. A kind no longer written (an old row) reads as its words.
"""

from __future__ import annotations

from web.faces.filters import label

EVENT_KINDS = {
    # the case and its tasks
    "zaak-gestart": "Zaak gestart",
    "taak-aangemaakt": "Taak klaar",
    "taak-voltooid": "Taak afgerond",
    "taak-toewijzing": "Toewijzing",
    "taak-vrijgegeven": "Taak vrijgegeven",
    "taak-verplaatst": "Taak naar ander team",
    "taak-ingetrokken": "Taak ingetrokken",
    "status": "Status",
    "fase": "Fase",
    "afgerond": "Afgerond",
    "bericht": "Bericht",
    "notificatie": "Melding verstuurd",
    "wacht": "Wacht op",
    "locatiecheck": "Locatiecheck",
    "conflict-overschreven": "Conflict overschreven",
    "scriptlog": "Scriptuitvoer",
    # beheer
    "incident": "Incident",
    "incident-opgelost": "Incident opgelost",
    "gepauzeerd": "Gepauzeerd",
    "hervat": "Hervat",
    "gemigreerd": "Gemigreerd",
    "termijn-verschoven": "Termijn verschoven",
    "aflevering-niets-verzonden": "Aflevering zonder verzending",
    "herinnering-zonder-ontvanger": "Herinnering zonder ontvanger",
    "aflevering-opnieuw": "Aflevering opnieuw aangeboden",
    "aflevering-terzijde": "Aflevering terzijde gelegd",
    # documents
    "document-toegevoegd": "Document toegevoegd",
    "document-versie": "Nieuwe documentversie",
    "document-verwijderd": "Document verwijderd",
    "besluit-verzonden": "Besluit verzonden",
    "besluit-bij-verzending": "Besluittaak afgerond bij verzending",
    # terms, the ingebrekestelling and the dwangsom
    "opschorting": "Opschorting",
    "verdaging": "Verdaging",
    "termijn-verstreken": "Termijn verstreken",
    "ingebrekestelling": "Ingebrekestelling",
    "dwangsom_loopt": "Dwangsom loopt",
    "dwangsom": "Dwangsom",
    # the permit procedure
    "ter-inzage": "Ter inzage",
    "zienswijze": "Zienswijze",
    "besluit": "Besluit",
    "bekendmaking": "Bekendmaking",
    "toezending": "Toezending",
    "onherroepelijk": "Onherroepelijk",
    "bezwaar": "Bezwaar",
    "uitspraak": "Uitspraak rechter",
    "doorzending": "Doorgezonden",
    "intrekking": "Intrekking",
    # energy projects and the grid
    "intake": "Intake",
    "bevoegd-gezag": "Bevoegd gezag",
    "advies-bevoegd-gezag": "Advies aan bevoegd gezag",
    "navraag-besluit": "Navraag besluit",
    "koppeling": "Gekoppelde zaak",
    "transportverzoek": "Transportverzoek",
    "netbeheerder": "Antwoord netbeheerder",
    "wachtlijst": "Navraag wachtlijst",
    "herinnering": "Herinnering",
    # the wijkuitvoeringsplan
    "wijkanalyse": "Wijkanalyse",
    "alternatieven": "Voorkeursalternatief",
    "participatie": "Participatie",
    "uitvoering": "Uitvoeringsplanning",
    "mijlpaal": "Mijlpaal gereed",
    "mijlpaal-te-laat": "Mijlpaal te laat",
    "subsidie": "Subsidieaanvraag",
    "vraag": "Vraag",
    "waarschuwing": "Waarschuwing",
    "wcw": "Wet collectieve warmte",
    "einde": "Plan beëindigd",
}


def event_kind_label(kind: str) -> str:
    """The label of an event kind: "termijn-verstreken" -> "Termijn verstreken"; an unknown kind in its
    words ("oud-soort" -> "Oud soort"), never with its hyphens."""
    return EVENT_KINDS.get(kind) or label(kind.replace("-", "_"))
