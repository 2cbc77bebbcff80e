"""The term state a permit model keeps in its task data (``termijn``), as pure functions.

A state holds the inputs of the beslistermijn: ``ontvangen``, ``procedure``, the closed
``opschortingen``, a ``lopende_opschorting`` and a ``verdaging``, plus the computed
``uiterste_beslisdatum``, ``waarschuwingsdatum`` and explanation. A closed opschorting is
``{van, tot, reden, verstreken}``: ``van`` the day of the aanvullingsverzoek, ``tot`` the day the
aanvulling was received (``verstreken`` False: the term runs again that day, Awb 4:15 lid 1 "tot de dag
waarop de aanvraag is aangevuld") or the aanvullingstermijn's last day (``verstreken`` True: it stood still
through that day). A period recorded before ``verstreken`` existed counts through ``tot``, as it did then:
a stored case keeps the deadline it was told. ``projectie`` gives the case
fields (ZGW names) for a state. Refusals are Dutch ValidationErrors. services.domain.termijnen
wires these to the engine as service tasks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.errors import ValidationError
from processes.termijnen.beslistermijn import beslistermijn as bereken_beslistermijn
from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.datums import datum_nl, eis_geheel_getal, lees_datum
from processes.termijnen.dwangsom import dwangsom as bereken_dwangsom
from processes.termijnen.opschorting import (
    EerdereOpschortingen,
    hervat_op,
    laatste_opgeschorte_dag,
    opgeschorte_dagen,
    opschorting_vanaf,
)
from processes.termijnen.termijn import termijn_na, waarschuwingsdatum

MAX_AANVULLINGSTERMIJN_DAGEN = 91
#: Closed suspensions kept one by one in the state; older ones are folded into ``eerdere_opschortingen``
#: (count, days, first and last request, end), so a step costs the same however long the history is.
OPSCHORTINGEN_IN_DETAIL = 10


def lees(value: Any, veld: str) -> date:
    """A date from task data (a date or an ISO text); a Dutch refusal naming ``veld`` otherwise."""
    if isinstance(value, date):
        return value
    return lees_datum(str(value)[:10] if value is not None else "", veld)


def onderdeel(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def niet_in_toekomst(d: date, veld: str, vandaag: date, *, code: str = "datum-in-toekomst") -> date:
    if d > vandaag:
        raise ValidationError(
            f"{veld} ({datum_nl(d)}) ligt in de toekomst (vandaag is {datum_nl(vandaag)}).", code=code
        )
    return d


# -- the term state ----------------------------------------------------------------------------


def opschorting_uit(p: Mapping[str, Any]) -> tuple[date, date, bool | None]:
    """A closed opschorting of the state for the calculator: ``(van, tot, verstreken)``, ``verstreken`` None
    for a period recorded before it existed."""
    van, tot = lees(p["van"], "Begin van de opschorting"), lees(p["tot"], "Einde van de opschorting")
    return van, tot, p.get("verstreken")


def periode(p: Mapping[str, Any]) -> tuple[date, date]:
    """A closed opschorting of the state as ``(van, tot)``, ``tot`` the day the term runs again: the
    aanvulling's day, or the day after the aanvullingstermijn's last day (``verstreken``, and a period
    recorded without it, which counted that day); ``opschorting.hervat_op``."""
    van, tot, verstreken = opschorting_uit(p)
    return van, hervat_op(tot, verstreken)


def periode_tekst(p: Mapping[str, Any]) -> str:
    """What a closed opschorting did to the term, after "De beslistermijn": "was opgeschort van 3 maart
    2026 t/m 6 maart 2026 (4 dagen)", or "heeft geen dag stilgestaan" when the aanvulling came on the day of
    the request or the day after."""
    van, tot = periode(p)
    dagen = opgeschorte_dagen(van, tot)
    if dagen == 0:
        return "heeft geen dag stilgestaan"
    return (
        f"was opgeschort van {datum_nl(opschorting_vanaf(van))} t/m {datum_nl(laatste_opgeschorte_dag(van, tot))} "
        f"({dagen} {'dag' if dagen == 1 else 'dagen'})"
    )


def bereken(state: Mapping[str, Any], vandaag: date) -> dict[str, Any]:
    """Recompute the beslistermijn for a term state; returns the state with the computed fields."""
    s = dict(state)
    perioden = [opschorting_uit(p) for p in s.get("opschortingen") or []]
    lopend = s.get("lopende_opschorting")
    if lopend:  # provisional: as if the aanvullingstermijn passes unused, standing still through its last day
        perioden.append(
            opschorting_uit({"van": lopend["van"], "tot": lopend["tot_uiterlijk"], "verstreken": True})
        )
    verdaging = s.get("verdaging") or None
    eerdere = s.get("eerdere_opschortingen")
    atw = s.get("atw_op_uitgebreid")  # as the term started (start_termijn); absent: as shipped
    bt = bereken_beslistermijn(
        lees(s["ontvangen"], "De ontvangstdatum"),
        str(s["procedure"]),
        opschortingen=perioden,
        verdaging_weken=verdaging["weken"] if verdaging else None,
        verdaging_besloten_op=lees(verdaging["besloten_op"], "De datum van het verdagingsbesluit")
        if verdaging
        else None,
        vandaag=vandaag,
        instellingen=TermijnInstellingen.met_atw_op_uitgebreid(atw),
        eerdere=_eerdere(eerdere) if eerdere else None,
    )
    info = bt.to_dict()
    if herstart := s.get("herstart"):  # dag 0 is the beslissing op bezwaar, not the receipt
        info["stappen"][0] = f"{herstart['grond']} {datum_nl(lees(herstart['op'], 'De herstart'))} (dag 0)"
    if lopend:
        info["stappen"].insert(
            -1,
            f"Voorlopig: de opschorting loopt nog, uiterlijk t/m {datum_nl(lees(lopend['tot_uiterlijk'], 'Einde'))}; "
            "komt de aanvulling binnen, dan loopt de termijn vanaf die dag weer en wordt hij korter",
        )
    s.update(
        uiterste_beslisdatum=bt.uiterste_beslisdatum.isoformat(),
        oorspronkelijke_einddatum=bt.oorspronkelijke_einddatum.isoformat(),
        opgeschorte_dagen=bt.opgeschorte_dagen,
        waarschuwingsdatum=waarschuwingsdatum(bt.uiterste_beslisdatum).isoformat(),
        voorlopig=bool(lopend) or bt.feestdagen_onzeker,
        feestdagen_onzeker=bt.feestdagen_onzeker,
        uitleg=info,
    )
    return s


def _eerdere(folded: Mapping[str, Any]) -> EerdereOpschortingen:
    laatste = {"van": folded["laatste_van"], "tot": folded["tot"], "verstreken": folded.get("verstreken")}
    return EerdereOpschortingen(
        aantal=int(folded["aantal"]),
        dagen=int(folded["dagen"]),
        eerste_van=lees(folded["eerste_van"], "Begin van de eerdere opschortingen"),
        laatste_van=lees(folded["laatste_van"], "Begin van de laatste eerdere opschorting"),
        tot=periode(laatste)[1],
    )


def _vouw(state: dict[str, Any]) -> None:
    """Fold the closed suspensions beyond ``OPSCHORTINGEN_IN_DETAIL`` into ``eerdere_opschortingen``."""
    perioden = list(state.get("opschortingen") or [])
    if len(perioden) <= OPSCHORTINGEN_IN_DETAIL:
        return
    oud, state["opschortingen"] = perioden[:-OPSCHORTINGEN_IN_DETAIL], perioden[-OPSCHORTINGEN_IN_DETAIL:]
    folded = dict(
        state.get("eerdere_opschortingen") or {"aantal": 0, "dagen": 0, "eerste_van": oud[0]["van"]}
    )
    folded["aantal"] += len(oud)
    folded["dagen"] += sum(opgeschorte_dagen(*periode(p)) for p in oud)
    folded["laatste_van"], folded["tot"] = oud[-1]["van"], oud[-1]["tot"]
    folded.pop("verstreken", None)  # the last folded one's: how its tot counts (none: recorded before)
    if "verstreken" in oud[-1]:
        folded["verstreken"] = oud[-1]["verstreken"]
    state["eerdere_opschortingen"] = folded


def projectie(state: Mapping[str, Any]) -> dict[str, Any]:
    """The case fields (ZGW names) for a computed term state."""
    lopend = state.get("lopende_opschorting")
    perioden = [_periode_projectie(p) for p in state.get("opschortingen") or []]
    opschorting: dict[str, Any] = {
        "indicatie": bool(lopend),
        "reden": (lopend or {}).get("reden") or (perioden[-1]["reden"] if perioden else ""),
        "periodes": perioden,
        "opgeschorte_dagen": state.get("opgeschorte_dagen", 0),
    }
    if lopend:
        opschorting["lopend"] = {"van": lopend["van"], "tot_uiterlijk": lopend["tot_uiterlijk"]}
    if folded := state.get("eerdere_opschortingen"):
        eerdere = _eerdere(folded)
        laatste = laatste_opgeschorte_dag(eerdere.laatste_van, eerdere.tot)  # the last day they stood still
        opschorting["eerdere"] = {**folded, "laatste_dag": laatste.isoformat()}
    verdaging = state.get("verdaging")
    verlenging = (
        {
            "duur_weken": verdaging["weken"],
            "reden": verdaging.get("reden", ""),
            "besloten_op": verdaging["besloten_op"],
        }
        if verdaging
        else {}
    )
    info = dict(state.get("uitleg") or {})
    info["waarschuwingsdatum"] = state.get("waarschuwingsdatum")
    info["voorlopig"] = bool(state.get("voorlopig"))
    info["feestdagen_onzeker"] = bool(state.get("feestdagen_onzeker"))  # why, besides an opschorting
    return {
        "uiterlijke_einddatum_afdoening": state["uiterste_beslisdatum"],
        "deadline_info": info,
        "opschorting": opschorting,
        "verlenging": verlenging,
    }


def _periode_projectie(p: Mapping[str, Any]) -> dict[str, Any]:
    """A closed opschorting on the case: ``dagen`` it stood still, ``laatste_dag`` the last of them (the
    day of the request when none), ``verstreken`` whether it ran through its aanvullingstermijn's last day
    (None for a period recorded before that was kept: it may have ended either way)."""
    van, tot = periode(p)
    return {
        "van": p["van"],
        "tot": p["tot"],
        "dagen": opgeschorte_dagen(van, tot),
        "laatste_dag": laatste_opgeschorte_dag(van, tot).isoformat(),
        "verstreken": p.get("verstreken"),
        "reden": p.get("reden", ""),
    }


def start_termijn(
    ontvangen: Any, procedure: str, vandaag: date, *, atw_op_uitgebreid: bool | None = None
) -> dict[str, Any]:
    """A new term state. ``atw_op_uitgebreid``: whether the Algemene termijnenwet moves the end of the
    uitgebreide procedure's term (the installation's RUIMTEFLOW_ATW_OP_UITGEBREID; None: the packaged
    processes/data/termijnen.toml). An uitgebreide term keeps the choice it started with, so a later
    change of the setting does not move the date a running case was told."""
    state: dict[str, Any] = {
        "ontvangen": lees(ontvangen, "De ontvangstdatum").isoformat(),
        "procedure": str(procedure),
        "opschortingen": [],
        "lopende_opschorting": None,
        "verdaging": None,
    }
    if procedure == "uitgebreid":
        state["atw_op_uitgebreid"] = TermijnInstellingen.met_atw_op_uitgebreid(
            atw_op_uitgebreid
        ).atw_op_uitgebreid
    return bereken(state, vandaag)


def herstart_termijn(
    state: Mapping[str, Any], op: Any, vandaag: date, *, grond: str, atw_op_uitgebreid: bool | None = None
) -> dict[str, Any]:
    """The beslistermijn that starts again after ``op`` (the beslissing op bezwaar that herroept a
    buitenbehandelingstelling was sent, Awb 7:11 lid 2): the procedure's full term, counted from the day
    after ``op`` as from a receipt, without the suspensions and verdaging of the term before (that term
    ended with the besluit). ``grond`` names dag 0 in the explanation (``herstart``); a new term, so it
    takes the setting ``atw_op_uitgebreid`` as it is now (``start_termijn``)."""
    s = start_termijn(
        op, str(state.get("procedure") or "regulier"), vandaag, atw_op_uitgebreid=atw_op_uitgebreid
    )
    s["herstart"] = {"op": s["ontvangen"], "grond": grond}
    return bereken(s, vandaag)


def start_opschorting(
    state: Mapping[str, Any], dagen: Any, vandaag: date, *, verzonden_op: Any = None, reden: str = ""
) -> dict[str, Any]:
    if state.get("lopende_opschorting"):
        raise ValidationError(
            "Er loopt al een aanvullingsverzoek (de termijn is al opgeschort); wacht op de aanvulling "
            "of het einde van de aanvullingstermijn.",
            code="opschorting-loopt-al",
        )
    dagen = eis_geheel_getal(dagen, "De aanvullingstermijn (in dagen)", code="aanvullingstermijn-ongeldig")
    if not 1 <= dagen <= MAX_AANVULLINGSTERMIJN_DAGEN:
        raise ValidationError(
            f"De aanvullingstermijn moet tussen 1 en {MAX_AANVULLINGSTERMIJN_DAGEN} dagen liggen "
            f"(nu {dagen}).",
            code="aanvullingstermijn-ongeldig",
        )
    van = niet_in_toekomst(
        lees(verzonden_op or vandaag, "De datum van het aanvullingsverzoek"),
        "De datum van het aanvullingsverzoek",
        vandaag,
    )
    s = dict(state)
    tot = termijn_na(van, dagen=dagen)
    s["lopende_opschorting"] = {
        "van": van.isoformat(),
        "tot_uiterlijk": tot.isoformat(),
        "tot_uiterlijk_tekst": datum_nl(tot),
        "reden": reden or "aanvullingsverzoek",
    }
    return bereken(s, vandaag)


def einde_opschorting(
    state: Mapping[str, Any], tot: Any, vandaag: date, *, zaak: str = "", verstreken: bool = False
) -> dict[str, Any]:
    """End the running opschorting: on ``tot``, the day the aanvulling was received (the term runs again
    that day), or, with ``verstreken`` or a ``tot`` after it, at the aanvullingstermijn's last day (it stood
    still through that day)."""
    lopend = state.get("lopende_opschorting")
    if not lopend:
        raise ValidationError(
            f"Voor zaak {zaak or '(onbekend)'} is geen aanvulling gevraagd; een aanvulling kan "
            "alleen worden ontvangen na een aanvullingsverzoek.",
            code="geen-aanvulling-gevraagd",
        )
    einde = niet_in_toekomst(
        lees(tot, "De ontvangstdatum van de aanvulling"), "De ontvangstdatum van de aanvulling", vandaag
    )
    van = lees(lopend["van"], "Begin van de opschorting")
    if einde < van:
        raise ValidationError(
            f"De opschorting kan niet eindigen ({datum_nl(einde)}) vóór ze begint ({datum_nl(van)}, "
            "de datum van het aanvullingsverzoek).",
            code="opschorting-omgekeerd",
        )
    laatste = lees(lopend["tot_uiterlijk"], "Einde van de aanvullingstermijn")
    verstreken = verstreken or einde > laatste
    einde = laatste if verstreken else einde
    s = dict(state)
    s["opschortingen"] = [
        *(state.get("opschortingen") or []),
        {
            "van": van.isoformat(),
            "tot": einde.isoformat(),
            "reden": lopend.get("reden", ""),
            "verstreken": verstreken,
        },
    ]
    s["lopende_opschorting"] = None
    _vouw(s)
    return bereken(s, vandaag)


def aanvulling_na_einde(state: Mapping[str, Any], ontvangen: Any, vandaag: date) -> dict[str, Any]:
    """An aanvulling taken into account after its suspension was closed at the end of the aanvullingstermijn
    (it came before the besluit to put the aanvraag buiten behandeling). As for an aanvulling in time, the
    suspension ends on its receipt, but at the latest on the term's last day (Awb 4:15 lid 1 sub a: "of de
    daarvoor gestelde termijn ongebruikt is verstreken"): a late one leaves the closed suspension as it is,
    so the beslistermijn ran again from then on; only a letter received within the term and registered after
    it moves the end back to its receipt day, from which the term runs again. Whichever suspends fewer days
    holds."""
    perioden = list(state.get("opschortingen") or [])
    if not perioden:
        raise ValidationError(
            "Er is geen aanvulling gevraagd; een aanvulling kan alleen worden ontvangen na een "
            "aanvullingsverzoek.",
            code="geen-aanvulling-gevraagd",
        )
    laatste = perioden[-1]
    veld = "De ontvangstdatum van de aanvulling"
    einde = niet_in_toekomst(lees(ontvangen, veld), veld, vandaag)
    van = lees(laatste["van"], "Begin van de opschorting")
    if einde < van:
        raise ValidationError(
            f"De aanvulling kan niet zijn ontvangen ({datum_nl(einde)}) vóór het aanvullingsverzoek "
            f"({datum_nl(van)}).",
            code="opschorting-omgekeerd",
        )
    aangevuld = {**laatste, "tot": einde.isoformat(), "verstreken": False}
    if opgeschorte_dagen(*periode(aangevuld)) >= opgeschorte_dagen(*periode(laatste)):
        return bereken(state, vandaag)
    s = dict(state)
    s["opschortingen"] = [*perioden[:-1], aangevuld]
    return bereken(s, vandaag)


def dwangsom_stand(uiterste_beslisdatum: Any, ontvangen: date, peildatum: date) -> dict[str, Any]:
    """The dwangsom due on ``peildatum`` plus a status for the case page (wachttijd / loopt / maximum)."""
    d = bereken_dwangsom(
        ontvangen,
        max(peildatum, ontvangen),
        uiterste_beslisdatum=lees(uiterste_beslisdatum, "De uiterste beslisdatum"),
    )
    status = "maximum" if d.maximum_bereikt else ("loopt" if d.dagen > 0 else "wachttijd")
    return {**d.to_dict(), "status": status}
