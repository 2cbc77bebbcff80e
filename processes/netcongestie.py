"""The transportverzoek to the netbeheerder and its answer: capacity, a grid alternative or a place on the
waiting list (netcongestie), with the answer term and what an initiator on the waiting list can do.

Pure domain logic: no web, database or workflow imports. Answer terms and grid alternatives live in
``processes/data/netcongestie.toml`` and ``termijnen.toml``. The waiting list is first come, first served:
the position comes from the netbeheerder and is only shown, never changed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from processes.datafiles import lees_data
from processes.energie import max_vermogen_mw
from processes.energie_invoer import getal_veld, keuze_veld, kort_getal
from processes.errors import ValidationError, given
from processes.termijnen import TermijnInstellingen, werkdagen_termijn

RICHTINGEN = ("invoeding", "afname")
UITKOMSTEN = ("capaciteit", "alternatief", "wachtlijst")
#: the fields of the netbeheerder's answer (``netbeheerder_antwoord``) that ``netbeheerder_antwoord``
#: reads, each with its longest text: the answer carries no other (processes.berichtgrenzen.check_fields)
ANTWOORD_VELDEN = {"uitkomst": 40, "positie": 20, "alternatief": 40, "congestiegebied": 120}
#: their labels in the case file's "Ontvangen berichten"
ANTWOORD_LABELS = {
    "uitkomst": "Uitkomst",
    "positie": "Positie op de wachtlijst",
    "alternatief": "Netalternatief",
    "congestiegebied": "Congestiegebied",
}


@cache
def _net() -> dict[str, Any]:
    return lees_data("netcongestie.toml")


def transportverzoek(data: Mapping[str, Any], vandaag: date) -> dict[str, Any]:
    """Validate a transportverzoek and compute the netbeheerder's answer term (Atw working days)."""
    richting = keuze_veld(
        {"richting": "invoeding", **data}, "richting", "Richting", RICHTINGEN, "richting-onbekend"
    )
    mva = getal_veld(
        data, "vermogen_mva", "Het gevraagde transportvermogen (MVA)", "transportvermogen-ongeldig"
    )
    if mva <= 0 or mva > max_vermogen_mw():
        raise ValidationError(
            "Het gevraagde transportvermogen moet groter dan 0 en realistisch zijn, "
            f"niet {kort_getal(mva)} MVA.",
            code="transportvermogen-ongeldig",
        )
    cfg = _net()["transportverzoek"]
    werkdagen = (
        TermijnInstellingen.standaard().netbeheerder_werkdagen
        if mva <= cfg["grens_mva"]
        else int(cfg["boven_grens_werkdagen"])
    )
    uiterlijk = werkdagen_termijn(vandaag, werkdagen)
    return {
        "richting": richting,
        "vermogen_mva": mva,
        "verzonden_op": vandaag.isoformat(),
        "antwoord_werkdagen": werkdagen,
        "antwoord_uiterlijk": uiterlijk.isoformat(),
        "wettelijke_termijn": mva <= cfg["grens_mva"],
        "congestiemanagement_verplicht": mva >= cfg["congestiemanagement_verplicht_vanaf_mw"],
    }


def escalatiedatum(vandaag: date) -> str:
    return werkdagen_termijn(vandaag, int(_net()["transportverzoek"]["escalatie_werkdagen"])).isoformat()


def navraag_dagen() -> int:
    return int(_net()["transportverzoek"]["navraag_dagen"])


def navraag_op(vandaag: date) -> str:
    """The day the municipality next asks the netbeheerder about a waiting-list position (ISO):
    ``navraag_dagen`` calendar days from ``vandaag`` (a check, no legal term: no Atw shift)."""
    return date.fromordinal(vandaag.toordinal() + navraag_dagen()).isoformat()


def wachtlijst_hulp() -> dict[str, Any]:
    """What an initiator on the waiting list can do, in plain Dutch (netcongestie.toml [wachtlijst]):
    ``uitleg`` and ``mogelijkheden`` (titel, uitleg), none of them a promise."""
    hulp = _net()["wachtlijst"]
    return {
        "uitleg": str(hulp["uitleg"]),
        "mogelijkheden": [
            {"titel": str(m["titel"]), "uitleg": str(m["uitleg"])} for m in hulp["mogelijkheid"]
        ],
    }


def grid_alternatieven() -> dict[str, str]:
    return dict(_net()["alternatieven"])


def netbeheerder_antwoord(
    payload: Mapping[str, Any], vorige: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Validate the netbeheerder's answer {uitkomst, positie?, alternatief?}; never reorders the waiting list."""
    uitkomst = keuze_veld(
        payload, "uitkomst", "Uitkomst van de netbeheerder", UITKOMSTEN, "netantwoord-uitkomst"
    )
    out: dict[str, Any] = {"uitkomst": uitkomst}
    if uitkomst == "wachtlijst":
        positie = payload.get("positie")
        if isinstance(positie, bool) or not isinstance(positie, int) or positie < 1:
            raise ValidationError(
                f"De positie op de wachtlijst moet een geheel getal vanaf 1 zijn, {given(positie)}.",
                code="netantwoord-positie",
                veld="positie",
            )
        out["positie"] = positie
        out["wacht_op"] = wachtlijst_tekst(positie)
        if vorige and vorige.get("uitkomst") == "wachtlijst" and isinstance(vorige.get("positie"), int):
            out["vorige_positie"] = vorige["positie"]
    elif uitkomst == "alternatief":
        soorten = grid_alternatieven()
        alt = keuze_veld(payload, "alternatief", "Het alternatief", tuple(soorten), "netantwoord-alternatief")
        out["alternatief"] = alt
        out["alternatief_omschrijving"] = soorten[str(alt)]
    gebied = payload.get("congestiegebied")
    if gebied is not None:
        if not isinstance(gebied, str) or not gebied.strip() or len(gebied) > 120:
            raise ValidationError(
                "Het congestiegebied moet een naam zijn (1 tot 120 tekens).", code="netantwoord-gebied"
            )
        out["congestiegebied"] = gebied.strip()
    elif vorige and vorige.get("congestiegebied"):
        out["congestiegebied"] = vorige["congestiegebied"]
    out["tekst"] = antwoord_tekst(out)
    return out


def wachtlijst_tekst(positie: int) -> str:
    return f"wachtlijst netcapaciteit, positie {positie}"


def antwoord_tekst(antwoord: Mapping[str, Any]) -> str:
    if antwoord["uitkomst"] == "capaciteit":
        return "De netbeheerder biedt transportcapaciteit aan."
    if antwoord["uitkomst"] == "alternatief":
        return f"De netbeheerder biedt een alternatief: {antwoord['alternatief_omschrijving']}."
    return (
        f"Het transportverzoek staat op de wachtlijst van de netbeheerder, positie {antwoord['positie']} "
        "(op volgorde van binnenkomst)."
    )
