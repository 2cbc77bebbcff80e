"""The case's term as the applicant reads it (the status page and 'Mijn aanvragen'): the beslistermijn,
or after the besluit the bezwaar- or beroepstermijn; a case forwarded to the bevoegd gezag has none.
Split off services/status/view.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from processes.constants import CaseStatus
from processes.doorzending import GEZAG_NAAM
from processes.termijnen.bezwaar import besluit_na_bezwaar, eerste_gevoegde
from processes.termijnen.datums import als_datum, datum_nl, weekdag_nl
from processes.termijnen.rechtsmiddelen import beslistermijn_op_bezwaar, termijn_naam
from processes.zaakbesluit import BEROEP
from services.projection_case import sent_unrecorded, term_stands_still
from services.public_phases import made_known_on, sending_words, term_begins
from services.status.dwangsom import ingebrekestelling_text
from services.status.lookup import term_passed, waiting_of
from services.status.sent_remedy import remedy_of_sending, taken_and_sent
from services.store.models import Case

STATUS_TEXTS: dict[str, str] = {
    CaseStatus.LOPEND: "In behandeling",
    CaseStatus.AFGEROND: "Afgerond",
    CaseStatus.INCIDENT: "Vertraagd door een technische storing",
    CaseStatus.GEPAUZEERD: "Tijdelijk stilgezet",
}


def _remedy(case: Case, day: date) -> dict[str, Any] | None:
    """After the besluit: the bezwaar- or beroepstermijn with its last day (no beslistermijn any more);
    once the beslissing op bezwaar was taken, the beroep at the rechtbank against it and its last day
    (``beroep_tot``, Awb 6:7 and 8:1), which the text tells beside the bezwaartermijn that was."""
    rm = case.typed_summary.rechtsmiddel
    if not isinstance(rm, dict) or not rm.get("tot"):
        return None
    # whatever else holds the case (an incident, a pause, its end: a buitenbehandelingstelling closes
    # it at once, Awb 4:5), the besluit stands and so does its bezwaartermijn
    last = date.fromisoformat(str(rm["tot"])[:10])
    soort = str(rm.get("soort") or "bezwaar")
    runs = "is mogelijk" if day <= last else "was mogelijk"
    lodged = lodged_remedy(case)
    text = f"Het besluit is genomen. {soort.capitalize()} {runs} tot en met {datum_nl(last)}."
    headline = (soort, last)
    if lodged and lodged.get("beslissing"):
        headline = (
            "beroep",
            als_datum(lodged["beslissing"]["beroep_tot"], "Het einde van de beroepstermijn"),
        )
    return {
        "soort": headline[0],
        "laatste_dag": headline[1].isoformat(),
        "tekst": f"{text} {pending_beroep(lodged)}{_handling_text(lodged, last, day)}" if lodged else text,
        "bezwaar": lodged,
    }


def lodged_remedy(case: Case) -> dict[str, Any] | None:
    """The bezwaar (or beroep) lodged against the case's besluit, as the model recorded it on receipt
    (``bezwaar_ontvangst``: its kind, day of receipt and, for a bezwaar, the Awb 7:10 day to decide by),
    from the case's data; None when none was. A bezwaar registered under the current model stays in the
    case ('Beslissen op bezwaar', ``bezwaar_behandeling``): its day to decide by moves to twelve weeks when
    a bezwaarcommissie advises (``commissie``, Awb 7:13) and with a verdaging (``verdaagd_tot``, with
    ``verdaagd_met_instemming``), and its ``beslissing`` is recorded. A first letter registered as a beroep
    with bezwaren joined to it (``soort`` beroep, services.domain.bezwaar.bezwaar_voegen) is the rechtbank's:
    its day is ``beroep_ingesteld_op`` and the bezwaar in handling dates from the earliest joined one. A case
    of an earlier model version ended at the registration: its bezwaar was handled outside it."""
    gegevens = case.typed_summary.gegevens or {}
    lodged = gegevens.get("bezwaar_ontvangst") or {}
    if not isinstance(lodged, dict) or not lodged.get("ontvangen_op"):
        return None
    out: dict[str, Any] = {
        "soort": str(lodged.get("soort") or "bezwaar"),
        "ontvangen_op": str(lodged["ontvangen_op"])[:10],
        "beslissen_uiterlijk": lodged.get("beslissen_uiterlijk"),
    }
    handling = gegevens.get("bezwaar_behandeling")
    if isinstance(handling, dict) and handling.get("beslissen_uiterlijk"):
        out["soort"] = "bezwaar"
        if gegevens.get("soort") == BEROEP:  # the handling decides the joined bezwaren, not the beroep
            out["beroep_ingesteld_op"] = out["ontvangen_op"]
            out["ontvangen_op"] = eerste_gevoegde(case.typed_summary.gevoegde_bezwaren) or out["ontvangen_op"]
        out["beslissen_uiterlijk"] = str(handling["beslissen_uiterlijk"])[:10]
        if handling.get("commissie"):
            out["commissie"] = True
        if verdagingen := handling.get("verdagingen"):
            out["verdaagd_tot"] = out["beslissen_uiterlijk"]
            out["verdaagd_met_instemming"] = bool(verdagingen[-1].get("instemming"))
        if handling.get("beslissing"):
            out["beslissing"] = dict(handling["beslissing"])
    return out


def pending_beroep(lodged: Mapping[str, Any]) -> str:
    """The sentence, with a trailing space, that a beroep against the besluit is at the rechtbank, when
    the first letter was registered as one and the bezwaren joined to it are handled (``lodged_remedy``'s
    ``beroep_ingesteld_op``); else empty."""
    if not lodged.get("beroep_ingesteld_op"):
        return ""
    on = datum_nl(als_datum(lodged["beroep_ingesteld_op"], "De ontvangst van het beroepschrift"))
    return f"Er is op {on} beroep ingesteld tegen het besluit; daarover beslist de rechtbank. "


def too_late_to_join(case: Case, vandaag: date | None) -> bool:
    """A bezwaar sent now (received ``vandaag``, no postmark: the status page, the applicant's account) to
    a case whose bezwaar is in handling (``lodged_remedy``) comes after the bezwaartermijn: the model takes
    it only to join it within the term (services.domain.bezwaar.bezwaar_voegen), so it is not offered."""
    term: Mapping[str, Any] = case.typed_summary.rechtsmiddel or {}
    tot = str(term.get("tot") or "")[:10]
    return bool(vandaag and tot and tot < vandaag.isoformat() and lodged_remedy(case))


def _handling_text(lodged: dict[str, Any], last: date, day: date) -> str:
    """What happens with a lodged bezwaar or beroep, and by when the beslissing op bezwaar is due (six
    weeks after the bezwaartermijn, twelve when a bezwaarcommissie advises: Awb 7:10 lid 1; either may
    be deferred by six weeks, lid 3). Once those days have passed (``day``), in the past tense: the
    platform does not record the beslissing op bezwaar, so the page says what was due, not that it is."""
    received = datum_nl(als_datum(lodged["ontvangen_op"], "De ontvangst van het bezwaar"))
    if lodged["soort"] != "bezwaar" or not lodged["beslissen_uiterlijk"]:
        return (
            f"Er is op {received} {lodged['soort']} ingesteld tegen het besluit; de rechter beslist erover."
        )
    if lodged.get("beslissing"):
        return f"Er is op {received} bezwaar gemaakt tegen het besluit. {_decided_text(lodged['beslissing'], day)}"
    if lodged.get("verdaagd_tot"):
        return f"Er is op {received} bezwaar gemaakt tegen het besluit. {_deferred_text(lodged, day)}"
    if lodged.get("commissie"):
        return f"Er is op {received} bezwaar gemaakt tegen het besluit. {_committee_text(lodged, day)}"
    six = als_datum(lodged["beslissen_uiterlijk"], "De beslistermijn op het bezwaar")
    twelve = beslistermijn_op_bezwaar(last, commissie=True)
    made = f"Er is op {received} bezwaar gemaakt tegen het besluit."
    if six < day <= twelve:
        return (
            f"{made} Zes weken na het einde van de bezwaartermijn, op {weekdag_nl(six)} {datum_nl(six)}, had "
            "de gemeente erop moeten beslissen, tenzij zij die termijn heeft verdaagd (artikel 7:10 lid 3 "
            f"Awb) of eerst advies vraagt aan een bezwaarcommissie: dan beslist zij uiterlijk op "
            f"{weekdag_nl(twelve)} {datum_nl(twelve)} (artikel 7:10 Awb). Heeft u nog geen beslissing op uw "
            "bezwaar ontvangen en niets gehoord, neem dan contact op met de gemeente."
        )
    if day > twelve:
        return (
            f"{made} De gemeente had hierop uiterlijk op {weekdag_nl(six)} {datum_nl(six)} moeten beslissen, "
            f"of op {weekdag_nl(twelve)} {datum_nl(twelve)} als zij eerst advies vroeg aan een "
            "bezwaarcommissie, tenzij zij die termijn heeft verdaagd of uitgesteld (artikel 7:10 Awb). "
            "Heeft u nog geen beslissing op uw bezwaar ontvangen, neem dan contact op met de gemeente."
        )
    return (
        f"{made} De gemeente behandelt het bezwaar en "
        f"beslist erop uiterlijk op {weekdag_nl(six)} {datum_nl(six)}, zes weken na het einde van de "
        f"bezwaartermijn. Vraagt de gemeente eerst advies aan een bezwaarcommissie, dan beslist zij "
        f"uiterlijk op {weekdag_nl(twelve)} {datum_nl(twelve)} (artikel 7:10 Awb). De gemeente mag die "
        "termijn met ten hoogste zes weken verdagen (artikel 7:10 lid 3 Awb); dat laat zij u dan weten."
    )


def _decided_text(decided: dict[str, Any], day: date) -> str:
    """The beslissing op bezwaar: when, its outcome, what became of the besluit (Awb 7:11 lid 2), and the
    beroep at the rechtbank that is open against it (six weeks, Awb 6:7, 6:8 and 8:1)."""
    on = als_datum(decided["beslist_op"], "De datum van de beslissing op bezwaar")
    until = als_datum(decided["beroep_tot"], "Het einde van de beroepstermijn")
    outcome = f"het bezwaar is {decided['uitkomst_tekst']} verklaard"
    herroepen = bool(decided.get("herroepen"))
    besluit = besluit_na_bezwaar(
        herroepen,
        decided.get("nieuw_besluit"),
        decided.get("herroepen_besluit"),
        decided.get("besluit_uiterlijk"),
    )
    if herroepen:
        besluit += " (artikel 7:11 Awb)"
    runs = "kunt u" if day <= until else "kon u"
    return (
        f"De gemeente heeft op {datum_nl(on)} op het bezwaar beslist: {outcome}; {besluit}. Bent u het niet "
        f"eens met de beslissing op bezwaar, dan {runs} binnen zes weken beroep instellen bij de rechtbank: "
        f"uiterlijk op {weekdag_nl(until)} {datum_nl(until)} (artikel 6:7 en 8:1 Awb)."
    )


def _committee_text(lodged: dict[str, Any], day: date) -> str:
    """A bezwaar on which an advisory bezwaarcommissie advises: twelve weeks after the bezwaartermijn
    (Awb 7:10 lid 1 with 7:13), which the gemeente may still defer by six weeks (lid 3)."""
    until = als_datum(lodged["beslissen_uiterlijk"], "De beslistermijn op het bezwaar")
    if day > until:
        return (
            "Over het bezwaar adviseert een bezwaarcommissie; de gemeente had erop uiterlijk op "
            f"{weekdag_nl(until)} {datum_nl(until)} moeten beslissen (bezwaarcommissie, artikel 7:13 Awb). "
            "Heeft u nog geen beslissing op uw bezwaar ontvangen, neem dan contact op met de gemeente."
        )
    return (
        "Over het bezwaar adviseert eerst een bezwaarcommissie; de gemeente beslist uiterlijk op "
        f"{weekdag_nl(until)} {datum_nl(until)} (bezwaarcommissie, artikel 7:13 Awb). De gemeente mag die "
        "termijn met ten hoogste zes weken verdagen (artikel 7:10 lid 3 Awb); dat laat zij u dan weten."
    )


def _deferred_text(lodged: dict[str, Any], day: date) -> str:
    """A bezwaar whose beslissing was deferred (Awb 7:10 lid 3) or put off with consent (lid 4), on which
    a bezwaarcommissie may advise (Awb 7:13)."""
    until = als_datum(lodged["verdaagd_tot"], "De verdaagde beslistermijn op het bezwaar")
    how = (
        "met uw instemming uitgesteld (artikel 7:10 lid 4 Awb)"
        if lodged.get("verdaagd_met_instemming")
        else "verdaagd (artikel 7:10 lid 3 Awb)"
    )
    intro = (
        "Over het bezwaar adviseert een bezwaarcommissie (artikel 7:13 Awb). "
        if lodged.get("commissie")
        else ""
    )
    if day > until:
        return (
            f"{intro}De gemeente heeft de beslissing op het bezwaar {how} tot en met {weekdag_nl(until)} "
            f"{datum_nl(until)}; die dag is voorbij. Heeft u nog geen beslissing op uw bezwaar ontvangen, "
            "neem dan contact op met de gemeente."
        )
    return (
        f"{intro}De gemeente heeft de beslissing op het bezwaar {how} en beslist erop uiterlijk op "
        f"{weekdag_nl(until)} {datum_nl(until)}."
    )


def status_text(case: Case, day: date) -> str:
    """The case's status in words (the status page and 'Mijn aanvragen'): once a bezwaar against its
    besluit was lodged, that it is being handled, or that the beslissing op bezwaar was taken (also for a
    case of an earlier model version that ended at the registration); before that, while the case waits
    for a bezwaar or beroep against its besluit, that the besluit was taken and what is still open on
    ``day`` (``_open_remedy``), not "In behandeling" (review20, 3)."""
    if case.status in (CaseStatus.LOPEND, CaseStatus.AFGEROND) and (lodged := lodged_remedy(case)):
        if lodged.get("beslissing"):
            return "Besluit genomen, op het bezwaar is beslist"
        return (
            "Besluit genomen, bezwaar in behandeling"
            if lodged["soort"] == "bezwaar"
            else (f"Besluit genomen, {lodged['soort']} ingesteld")
        )
    if case.status == CaseStatus.LOPEND and (still := _open_remedy(case, day)):
        return f"Besluit genomen, {still}"
    if (sent := sent_unrecorded(case, day)) is not None:  # its letter sent, the task that took it still open
        return f"Besluit genomen, verzonden op {datum_nl(sent)}"
    return STATUS_TEXTS.get(case.status, case.status)


def _open_remedy(case: Case, day: date) -> str | None:
    """What is open against the case's besluit on ``day`` while the model waits for a bezwaar or beroep
    (the message ``bezwaar``: in its term and the week after it for a letter posted in time, Awb 6:9 lid
    2): its letter still to be sent, up to and including the day of sending (``made_known_on``; the term
    starts the day after, ``term_begins``, Awb 6:8), as the step bar says; the last day for bezwaar or
    beroep, or that the term is over. None when the case does not wait for one (a windpark whose
    permit's term ended while the windpark runs on)."""
    rm = case.typed_summary.rechtsmiddel
    if not isinstance(rm, dict) or not rm.get("tot") or "bezwaar" not in waiting_of(case).messages:
        return None
    soort = str(rm.get("soort") or "bezwaar")
    sent = made_known_on(case)
    last = als_datum(rm["tot"], "Het einde van de termijn")
    if sent is not None and day < term_begins(sent):
        return sending_words(sent, day)
    return (
        f"{soort} mogelijk tot en met {datum_nl(last)}" if day <= last else f"{termijn_naam(soort)} voorbij"
    )


def case_deadline(case: Case, day: date) -> dict[str, Any]:
    """The case's term as the applicant reads it (status page and 'Mijn aanvragen'): the beslistermijn,
    or after the besluit the bezwaar- or beroepstermijn."""
    sent = sent_unrecorded(case, day)  # the letter sent, its task still open
    remedy = _remedy(case, day) or remedy_of_sending(case, day, sent)
    if remedy is not None:
        return {
            "uiterste_beslisdatum": None,
            "dagen_tot_beslisdatum": None,
            "opgeschort": False,
            "voorlopig": False,
            "opgeschorte_dagen": int((case.opschorting or {}).get("opgeschorte_dagen") or 0),
            "verlengd": bool((case.verlenging or {}).get("duur_weken")),
            "verlenging_weken": (case.verlenging or {}).get("duur_weken"),
            "toelichting": remedy["tekst"],
            "verstreken": False,
            "besloten": True,
            "rechtsmiddel": remedy,
        }
    d = case.uiterlijke_einddatum_afdoening
    opschorting = case.opschorting or {}
    verlenging = case.verlenging or {}
    suspended = term_stands_still(case)
    provisional = bool((case.deadline_info or {}).get("voorlopig")) or suspended
    # a closed case has no term to show, except one forwarded to the bevoegd gezag: the gemeente took
    # no besluit on it (Awb 2:3); it says "besloten" only when a besluit was taken, as the besluit
    # block does (not for a withdrawn initiative)
    taken = bool(case.typed_summary.genomen_besluit) or bool(case.final) or sent is not None
    decided = taken or (case.status == CaseStatus.AFGEROND and not case.typed_summary.doorgezonden)
    # a date in the past is no promise: the page says it passed, and what the applicant can do
    # (an ingebrekestelling, Awb 4:17, only while no besluit was taken)
    passed = not decided and term_passed(case, day)
    return {
        "uiterste_beslisdatum": d.isoformat() if d and not decided else None,
        "dagen_tot_beslisdatum": (d - day).days if d and not decided else None,
        "opgeschort": suspended,
        "voorlopig": provisional,
        "opgeschorte_dagen": int(opschorting.get("opgeschorte_dagen") or 0),
        "verlengd": bool(verlenging.get("duur_weken")),
        "verlenging_weken": verlenging.get("duur_weken"),
        "toelichting": _deadline_text(d, suspended, case, passed, sent),
        "verstreken": passed,
        "besloten": taken,
        "rechtsmiddel": None,
    }


def forwarded(case: Case) -> str | None:
    """The case was forwarded to the competent provincie or Rijk (Awb 2:3): to whom and when, in words."""
    forward = case.typed_summary.doorgezonden
    if not forward:
        return None
    day = datum_nl(als_datum(forward["op"], "Doorgezonden op"))
    return f"Uw aanvraag is op {day} doorgezonden naar {forward['naar']}, het bevoegd gezag"


def to_forward(case: Case) -> str | None:
    """A permit application for which the provincie or the Rijk is bevoegd gezag, not yet forwarded
    (Awb 2:3; a windpark names its outside bevoegd gezag in ``extern_bevoegd_gezag`` instead)."""
    summary = case.typed_summary
    gezag = summary.bevoegd_gezag
    if (
        case.status != CaseStatus.LOPEND
        or gezag not in GEZAG_NAAM
        or summary.extern_bevoegd_gezag
        or summary.doorgezonden
    ):
        return None
    wie = GEZAG_NAAM[gezag]
    return f"{wie[:1].upper()}{wie[1:]} is het bevoegd gezag voor uw aanvraag; de gemeente zendt haar daarheen door"


def _deadline_text(
    d: date | None, suspended: bool, case: Case, passed: bool, sent: date | None = None
) -> str:
    elsewhere = forwarded(case) or to_forward(case)
    if elsewhere:  # the gemeente has no term: it takes no besluit
        return (
            f"{elsewhere}. Bij de gemeente loopt geen beslistermijn: zij neemt geen besluit op uw aanvraag."
        )
    if case.status == CaseStatus.AFGEROND:
        return "Er is een besluit genomen." if case.final else "De behandeling is afgerond."
    summary = case.typed_summary
    if sent is not None:  # its letter sent, the task that took it still open
        return taken_and_sent(sent)
    if summary.besluit and d is not None:  # taken, not yet made known: no term to count down any more
        return "Er is een besluit genomen; het wordt binnenkort bekendgemaakt."
    if summary.besluit_extern:  # the provincie or the Rijk decided, and makes its besluit known itself
        return f"{summary.extern_bevoegd_gezag or 'Het bevoegd gezag'} heeft een besluit genomen."
    if d is None:
        return "Voor deze zaak geldt (nog) geen wettelijke beslistermijn."
    if passed:
        verstreken = (
            f"De wettelijke beslistermijn is verstreken op {datum_nl(d)}; de gemeente heeft nog niet beslist."
        )
        dwangsom = summary.dwangsom
        if (
            isinstance(dwangsom, dict)
            and dwangsom.get("ingebrekestelling_ontvangen")
            and dwangsom.get("start")
        ):
            return f"{verstreken} {ingebrekestelling_text(dwangsom)}"
        return f"{verstreken} U kunt de gemeente schriftelijk in gebreke stellen."
    text = f"De gemeente beslist uiterlijk op {datum_nl(d)}."
    if suspended:
        text += (
            " De termijn staat stil zolang we op uw aanvulling wachten. Deze datum is voorlopig: hij geldt als "
            "de termijn voor de aanvulling ongebruikt verstrijkt. Vanaf de dag waarop uw aanvulling binnenkomt, "
            "loopt de termijn weer en komt de datum eerder te liggen."
        )
    if (case.deadline_info or {}).get("feestdagen_onzeker"):
        text += (
            " Deze datum is voorlopig: welke dagen in dat jaar met een feestdag gelijkstaan, is nog niet "
            "bekendgemaakt; hij kan nog een werkdag later worden."
        )
    return text
