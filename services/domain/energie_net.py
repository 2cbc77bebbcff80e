"""Service tasks of the transportverzoek model: the request to the netbeheerder, its answer, the reminder and
the waiting list (thin: logic in processes.netcongestie; split from ``energie_wind``, which calls it).

Each service validates (raising a Dutch ValidationError, which rolls the whole step back), writes the
case projection through the step context (summary keys, public timeline) and returns JSON-ready data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from processes import netcongestie
from processes.nederlands import getal
from processes.termijnen.datums import datum_nl
from services.domain import energie_gis as gis
from services.engine.context import current


def transportverzoek_indienen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    verzoek = netcongestie.transportverzoek(data, ctx.today())
    verzoek["escalatiegroep"] = str(data.get("escalatiegroep") or "Energie en Klimaat")
    verzoek["antwoord_uiterlijk_nl"] = datum_nl(date.fromisoformat(str(verzoek["antwoord_uiterlijk"])[:10]))
    if not data.get("aanroeper"):
        ctx.case_updates["phase"] = "netaansluiting"
    ctx.case_updates["netcapaciteit"] = {
        "status": "aangevraagd",
        "richting": verzoek["richting"],
        "vermogen_mva": verzoek["vermogen_mva"],
        "antwoord_uiterlijk": verzoek["antwoord_uiterlijk"],
    }
    termijn = (
        f"antwoord uiterlijk {verzoek['antwoord_uiterlijk_nl']} (wettelijke termijn van "
        f"{verzoek['antwoord_werkdagen']} werkdagen)"
        if verzoek.get("wettelijke_termijn")  # above the limit only the municipality's own target
        else f"streefdatum voor het antwoord {verzoek['antwoord_uiterlijk_nl']} ({verzoek['antwoord_werkdagen']}"
        " werkdagen: een streeftermijn van de gemeente, geen wettelijke termijn)"
    )
    ctx.event(
        "transportverzoek",
        f"Transportverzoek ({verzoek['richting']}, {getal(verzoek['vermogen_mva'], 6, kort=True)} MVA) "
        f"naar de netbeheerder; {termijn}.",
        public=True,
    )
    return verzoek


def transportverzoek_antwoord(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """The netbeheerder's answer: capacity, an alternative or a waiting-list position (shown, never changed)."""
    ctx = current()
    antwoord = netcongestie.netbeheerder_antwoord(data.get("netbericht") or {}, data.get("netantwoord"))
    antwoord["ontvangen_op"] = ctx.today().isoformat()
    verzoek = data.get("transportverzoek") or {}
    if (
        verzoek.get("antwoord_uiterlijk")
        and antwoord["ontvangen_op"] > verzoek["antwoord_uiterlijk"]
        and not data.get("netantwoord")
    ):
        antwoord["te_laat"] = True
    ctx.case_updates["netcapaciteit"] = _stand(verzoek, antwoord)
    if antwoord.get("congestiegebied"):
        for zaak in gis.koppel_op_gebiedsnaam(ctx, antwoord["congestiegebied"]):
            ctx.event(
                "koppeling",
                f"Gekoppeld aan zaak {zaak}: zelfde congestiegebied ({antwoord['congestiegebied']})",
            )
    # a change of position, not an answer that repeats it (that one gets the answer's own line)
    if "vorige_positie" in antwoord and antwoord["vorige_positie"] != antwoord["positie"]:
        ctx.event(
            "netbeheerder",
            f"Wachtlijstpositie gewijzigd van {antwoord['vorige_positie']} naar "
            f"{antwoord['positie']} (bericht van de netbeheerder).",
            public=True,
        )
    else:
        ctx.event("netbeheerder", antwoord["tekst"], public=True)
    return antwoord


def verzoek_samenvatting(verzoek: dict[str, Any]) -> dict[str, Any]:
    return {k: verzoek[k] for k in ("richting", "vermogen_mva", "antwoord_uiterlijk") if k in verzoek}


def _stand(verzoek: dict[str, Any], antwoord: dict[str, Any]) -> dict[str, Any]:
    """The case summary's ``netcapaciteit`` after the netbeheerder's answer ``antwoord``."""
    return {
        **verzoek_samenvatting(verzoek),
        "status": antwoord["uitkomst"],
        **{k: antwoord[k] for k in ("positie", "alternatief", "congestiegebied") if k in antwoord},
    }


def transportverzoek_herinnering(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    verzoek = data.get("transportverzoek") or {}
    escalatie = netcongestie.escalatiedatum(ctx.today())
    ctx.case_updates["netcapaciteit"] = {
        **verzoek_samenvatting(verzoek),
        "status": "antwoord te laat",
        "escalatie_op": escalatie,
    }
    raw = str(verzoek.get("antwoord_uiterlijk") or "")[:10]
    uiterlijk = datum_nl(date.fromisoformat(raw)) if raw else "onbekend"
    ctx.event(
        "herinnering",
        (
            f"De netbeheerder heeft niet binnen de wettelijke termijn geantwoord (uiterlijk {uiterlijk})"
            if verzoek.get("wettelijke_termijn", True)
            else f"De netbeheerder heeft niet vóór de streefdatum van de gemeente geantwoord ({uiterlijk})"
        )
        + f"; herinnering verstuurd. Escalatie op {datum_nl(date.fromisoformat(escalatie))}.",
        public=True,
    )
    return {"herinnerd_op": ctx.today().isoformat(), "escalatie_op": escalatie}


def transportverzoek_navraag(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    ctx = current()
    positie = (data.get("netantwoord") or {}).get("positie")
    ctx.event(
        "wachtlijst",
        f"Jaarlijkse navraag bij de netbeheerder: staat het verzoek nog op de wachtlijst (positie "
        f"{positie})?",
    )
    return {"nagevraagd_op": ctx.today().isoformat(), "volgende_over_dagen": netcongestie.navraag_dagen()}


def transportverzoek_navraag_plannen(data: dict[str, Any], **_: Any) -> dict[str, Any]:
    """When the municipality next asks the netbeheerder about the waiting-list position: ``navraag_dagen``
    (netcongestie.toml) from today. The model's timer fires at the start of that day and its wait names
    it; the case summary keeps it (``netcapaciteit.navraag_op``) for the status page and the API."""
    op = netcongestie.navraag_op(current().today())
    current().case_updates["netcapaciteit"] = {
        **_stand(data.get("transportverzoek") or {}, data.get("netantwoord") or {"uitkomst": "wachtlijst"}),
        "navraag_op": op,
    }
    return {"navraag_op": op, "navraag_dagen": netcongestie.navraag_dagen()}
