"""What the anonymisation of a closed case keeps of its data: an allowlist, in this one place.

Anonymising is destructive and no one can list every field a model, a form or a message may carry (the
status page's ``aanvulling_tekst`` and ``inhoud``, a zienswijze's ``indiener``, a form's ``postcode``),
so the rule is the other way round. In every data document of the case (the workflow data, the task
data and answers, the summary, the term documents of the case row, the history lines' data and the
outbox payloads) every text is replaced by REMOVED, unless its field is listed below as one that holds
no personal data; a text is judged by its own field name, or by "<the field it lies in>.<name>" (a
text in a list by the list's field). Numbers, booleans and empty values stay (counts, amounts,
positions), except under a field that names a person's number (``PERSOONSGETALLEN``, or a personal
field by ``processes.persoonsgegevens``). Dates stay under a date field (``is_datumveld``) when the
text is a date (ISO, or Dutch as "1 maart 2026"). Each group says why it is kept: what the case page,
beheer, the waits dashboard, the map, the ZGW state and the API need to show an anonymised case, and
the plan's location (kept, as decided for the skeleton).

A text that is kept is still cleaned (``Schoonmaker.tekst``): the initiator's names and addresses, the
free texts removed elsewhere in the case, e-mail addresses, phone numbers and IBANs are cut out of it.
"""

from __future__ import annotations

import re
from typing import Any

from processes.persoonsgegevens import is_persoonsveld, woorden
from services.engine.outcome import ORGANISATIONS_VARIABLE

# -- kept whatever the text ---------------------------------------------------------------------------
#: the outcome and the procedure: the resultaattype and so the bewaartermijn (services.bewaren.termijn
#: reads ``besluit``), the ZGW resultaat (``einde``, ``besluit``, ``resultaat``) and the case page's
#: outcome; texts the platform writes from a code (``besluit.tekst``: "vergunning verleend")
UITKOMST = frozenset(
    {
        "besluit",
        "ontwerp",
        "advies",  # the windpark's advice form: an enum (positief, positief met voorwaarden, negatief)
        "resultaat",
        "einde",
        "procedure",
        "procedure_reden",  # from the procedurekeuze DMN
        "regime",
        "activiteiten",
        "activiteiten_tekst",
        "bezwaar_soort",
        "alternatief_omschrijving",  # the grid operator's offer, which the windpark's resultaat names
        "markering",  # "bezwaar tijdig ingediend", from the term check
        "besluit.tekst",
        "besluit_info.tekst",
        "uitkomst.tekst",
    }
)
#: the state of the case, its waits and its location check: the phase on the case page and the map,
#: the waits dashboard (``wachten``, ``verwachte_berichten``, ``wachtende_elementen``), the conflicts'
#: severity and rule, and the kinds of things (``soort``, ``richting``) the summary shows
STAAT = frozenset(
    {
        "fase",
        "naar_fase",
        "status",
        "soort",
        "richting",
        "uitkomst",
        "wachten",
        "verwachte_berichten",
        "wachtende_elementen",
        "ernst",
        "hoogste_ernst",
        "regel",
        "laag",
        "lagen",
        "kleur",
        "netcongestie_afname",
        "netimpact",
        "potentie",
        "warmtenet_potentie",
        "niveau",
        "labelgroep",
        "eigendom",
        "partij",
        "initiatiefnemer_type",  # a category (particulier, energiecoöperatie), not who
        "rol",
        "stappen",  # the platform's own term and dwangsom sums; a quoted reason is cut by tekst()
    }
)
#: organisations, departments and groups, and the area of the plan: no natural person, and the case
#: page, the inbox history and the map name them (the owner, the adviseurs, the bevoegd gezag, the wijk)
ORGANISATIES = frozenset(
    {
        "groep",
        "groepen",
        "afdeling",
        "afdelingen",
        "behandelgroep",
        "behandeldienst",
        "escalatiegroep",
        "betrokkenen",
        "bevoegd_gezag",
        "extern_bevoegd_gezag",
        "orgaan",
        "provincie",
        "kenmerk",  # the outside bevoegd gezag's reference of its besluit
        "warmtebedrijf",
        "congestiegebied",
        "wijk_code",
        "wijk_naam",
        "warmtenet_naam",
        "drinkwaterleiding",
        "warmteleiding",
        "adviseur.titel",
        "adviseurs.titel",
    }
)
#: the plan's geometry: kept, as the case's is; of a natural person's case generalised to the 100 m
#: cell of its centroid (services.bewaren.adres), as the case's is
GEOMETRIE = frozenset({"wkt", "geometrie", "geometrie_wkt", "geometry"})
#: the plan's location and the things of the plan that the case page, the map and the history name:
#: kept, as the case's location is (its name, geometry and milestones are the plan, not a person; a
#: person's house number and exact geometry go: services.bewaren.adres)
PLAN = GEOMETRIE | frozenset(
    {
        "zaak",  # a case reference
        "id",
        "intake.naam",  # the project's name, as the case title is kept (cleaned by tekst())
        "alternatieven.naam",
        "voorkeur.naam",
        "mijlpalen.naam",
        "mijlpaal.naam",
        "gereed.naam",
        "mijlpalen_gereed.naam",
        "mijlpaal_te_laat.naam",
        "congestiegebieden.naam",
        "netcongestie_afname.naam",
        "conflicten.beschrijving",  # the GIS rule's own text
        "alternatieven.bron",
        "drempels.bron",
        "gezag.bron",
        "voorschriften.bron",
        # the platform's notices to the initiator; what an officer typed into them is cut by tekst()
        "verzoek.tekst",
        "bevestiging.tekst",
        "netantwoord.tekst",
    }
)
BEWAARD = UITKOMST | STAAT | ORGANISATIES | PLAN
#: structures whose texts stay exactly as they are, not cleaned by ``Schoonmaker.tekst`` either: the
#: organisation a case names for each of its parties ({"Provincie": "Provincie Gelderland"}; no person,
#: and the policy matches these group names exactly to find who still sees the case, its bevoegd gezag)
ONVERANDERD = frozenset({ORGANISATIONS_VARIABLE})

# -- kept when the text is a code ---------------------------------------------------------------------
#: choices whose values are codes (a message or element name, an enum of a form), but whose field name
#: a form may also use for free text ("actie": "Aanvrager gebeld over ..."): kept only as a code
KEUZES = frozenset(
    {
        "bericht",
        "actie",
        "oordeel",
        "alternatief",
        "gekozen_alternatief",
        "voorkeursalternatief",
        "transitievisie_alternatief",
        "warmte_bestemming",
        "bestemming",
        "code",
        "onderwerp",
        "documenttypen",
        "gevraagde_documenten",
        "aanvulling_documenten",
    }
)
_CODE = re.compile(r"[a-z][a-z0-9_]*")

# -- numbers -------------------------------------------------------------------------------------------
#: numbers that are a person's: removed, though numbers stay elsewhere
PERSOONSGETALLEN = frozenset(
    {"huisnummer", "telefoon", "telefoonnummer", "tel", "mobiel", "bsn", "iban", "kvk", "kvk_nummer"}
)

# -- dates ---------------------------------------------------------------------------------------------
#: words of a field name that make it a date field (``ontvangen_op``, ``tot_tekst``, ``uiterlijk``)
DATUMWOORDEN = frozenset(
    {"op", "van", "tot", "vanaf", "sinds", "uiterlijk", "moment", "start", "ontvangen", "laatste",
     "peildatum", "na", "voor"}
)  # fmt: skip
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")  # fmt: skip
_MAANDEN = "|".join(MAANDEN)
_DATUM = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][0-9:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}} (?:{_MAANDEN}) \d{{4}}"
)


def is_datumveld(key: str) -> bool:
    """A field that holds a date by its name (not a personal one: a geboortedatum is removed)."""
    words = woorden(key)
    return not is_persoonsveld(key) and any(w in DATUMWOORDEN or w.endswith("datum") for w in words)


def bewaard(key: str, parent: str, value: str) -> bool:
    """Does the text ``value`` of field ``key`` (lying in field ``parent``) stay?"""
    if key in BEWAARD or f"{parent}.{key}" in BEWAARD or parent in ONVERANDERD:
        return True
    if key in KEUZES:
        return is_code(value)
    return is_datumveld(key) and is_datum(value)


def getal_bewaard(key: str, value: Any) -> bool:
    """Does the number ``value`` of field ``key`` stay (a count or an amount, not a person's number)?"""
    return key.lower() not in PERSOONSGETALLEN and not is_persoonsveld(key, value)


def is_datum(value: str) -> bool:
    return _DATUM.fullmatch(value.strip()) is not None


def is_code(value: str) -> bool:
    return _CODE.fullmatch(value) is not None
