"""The public status of a case for its initiator, behind the unguessable tracking code.

Only what the initiator may see leaves this module: public events (no actors), the department or
organisation holding the case with its contact, what the case waits for, the legal deadline, final
or provisional, location remarks that are not internal, and the messages the initiator may send.
Internal notes, task assignees (advisers' names), audit events, other parties' data and conflicts
marked ``intern`` are never read into the view model.

Never the model itself: no diagram, no element ids, no lanes (the step bar shows the public phases).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from processes import warmte_besluit
from processes.doorzending import GEZAG_NAAM
from processes.termijnen.datums import als_datum, datum_nl
from processes.termijnen.dwangsom import standaard_tarief
from services import policy
from services.clock import in_nl, iso_utc, today
from services.documents.public import visible_documents
from services.documents.service import types_of
from services.platform import Platform
from services.public_phases import INITIATOR_HOLDERS, PublicPhases, procedure_of, public_phases, step_bar
from services.status.lookup import case_by_code, main_source, model_messages, waiting_of
from services.status.messages import public_actions, requested_documents
from services.step_reads import model_task_form
from services.store.models import Case, CaseConflict, CaseEvent, Group, HolderInterval
from services.waits.derive import ACTING

DEFAULT_CONTACT = "Gemeente Ruimtedal, telefoon 14 0000 of info@ruimtedal.example"
STATUS_TEXTS = {
    "lopend": "In behandeling",
    "afgerond": "Afgerond",
    "incident": "Vertraagd door een technische storing",
    "gepauzeerd": "Tijdelijk stilgezet",
}


def _holder(
    s: Any, name: str | None, default_contact: str, phases: PublicPhases, external: frozenset[str]
) -> dict[str, Any] | None:
    """Who holds the case, in public words ("U (de aanvrager)", a team name); None when nobody has to act.
    ``external``: the groups that are external organisations (``policy.external_groups``, the one rule)."""
    public = phases.holder(name)
    if not public:
        return None
    group = s.scalars(select(Group).where(Group.name == name)).first()
    kind = "organisatie" if name in external else "afdeling"
    if name in INITIATOR_HOLDERS:
        kind = "aanvrager"  # no contact line: the initiator is asked to act
    elif name in phases.holders and group is None:
        kind = "organisatie"
    return {
        "naam": public,
        "soort": kind,
        "contact": (group.contact if group is not None else None) or default_contact,
    }


def _current_holder(s: Any, case: Case) -> str | None:
    """Who holds the case now, as its holder timeline says ("Nu bij", services.waits): with parallel
    tasks the one the timeline chose. Each step makes ``Case.holder`` (the case file) follow it
    (``services.waits.incremental.follow_holder``); the open interval is read here as well, so that a
    rebuilt timeline and the page cannot part."""
    current = s.scalar(
        select(HolderInterval.holder).where(
            HolderInterval.case_id == case.id,
            HolderInterval.ended_at.is_(None),
            HolderInterval.kind.in_(ACTING),
        )
    )
    return current or case.holder


def _remedy(case: Case, day: date) -> dict[str, Any] | None:
    """After the besluit: the bezwaar- or beroepstermijn with its last day (no beslistermijn any more)."""
    rm = case.typed_summary.rechtsmiddel
    if not isinstance(rm, dict) or not rm.get("tot"):
        return None
    # whatever else holds the case (an incident, a pause, its end: a buitenbehandelingstelling closes
    # it at once, Awb 4:5), the besluit stands and so does its bezwaartermijn
    last = date.fromisoformat(str(rm["tot"])[:10])
    soort = str(rm.get("soort") or "bezwaar")
    runs = "is mogelijk" if day <= last else "was mogelijk"
    return {
        "soort": soort,
        "laatste_dag": last.isoformat(),
        "tekst": f"Het besluit is genomen. {soort.capitalize()} {runs} tot en met {datum_nl(last)}.",
    }


def _requested(platform: Platform, case: Case) -> list[dict[str, str]]:
    """The document types the open aanvullingsverzoek asks for: one upload field each on the page."""
    types, _ = requested_documents(case)
    known = types_of(platform)
    return [{"code": c, "naam": known.type(case.process_id, c).omschrijving} for c in dict.fromkeys(types)]


def case_deadline(case: Case, day: date) -> dict[str, Any]:
    """The case's term as the applicant reads it (status page and 'Mijn aanvragen'): the beslistermijn,
    or after the besluit the bezwaar- or beroepstermijn."""
    remedy = _remedy(case, day)
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
    suspended = bool(opschorting.get("indicatie") or opschorting.get("lopend"))
    provisional = bool((case.deadline_info or {}).get("voorlopig")) or suspended
    # a closed case has no term to show, except one forwarded to the bevoegd gezag: the gemeente took
    # no besluit on it (Awb 2:3); it says "besloten" only when a besluit was taken, as the besluit
    # block does (not for a withdrawn initiative)
    taken = bool(case.typed_summary.genomen_besluit) or bool(case.final)
    decided = taken or (case.status == "afgerond" and not case.typed_summary.doorgezonden)
    # a date in the past is no promise: the page says it passed, and what the applicant can do
    # (an ingebrekestelling, Awb 4:17, only while no besluit was taken)
    passed = d is not None and not suspended and not decided and day > d
    return {
        "uiterste_beslisdatum": d.isoformat() if d and not decided else None,
        "dagen_tot_beslisdatum": (d - day).days if d and not decided else None,
        "opgeschort": suspended,
        "voorlopig": provisional,
        "opgeschorte_dagen": int(opschorting.get("opgeschorte_dagen") or 0),
        "verlengd": bool(verlenging.get("duur_weken")),
        "verlenging_weken": verlenging.get("duur_weken"),
        "toelichting": _deadline_text(d, suspended, case, passed),
        "verstreken": passed,
        "besloten": taken,
        "rechtsmiddel": None,
    }


def _ingebrekestelling_text(dwangsom: dict[str, Any]) -> str:
    """After an ingebrekestelling (Awb 4:17): when it came, and from when a dwangsom is due."""
    received = datum_nl(
        als_datum(dwangsom["ingebrekestelling_ontvangen"], "De ontvangst van de ingebrekestelling")
    )
    start = datum_nl(als_datum(dwangsom["start"], "De start van de dwangsom"))
    text = f"Uw ingebrekestelling is ontvangen op {received}."
    if dwangsom.get("status") == "wachttijd":
        return f"{text} Heeft de gemeente op {start} nog niet beslist, dan is zij vanaf die dag een dwangsom verschuldigd (Awb 4:17)."
    text += f" Sinds {start} is de gemeente u een dwangsom verschuldigd voor elke dag dat zij nog niet beslist (Awb 4:17)"
    most = standaard_tarief().max_dagen
    if dwangsom.get("status") == "maximum":
        return f"{text}; het maximum van {most} dagen is bereikt."
    return f"{text}, ten hoogste {most} dagen."


def _forwarded(case: Case) -> str | None:
    """The case was forwarded to the competent provincie or Rijk (Awb 2:3): to whom and when, in words."""
    forward = case.typed_summary.doorgezonden
    if not forward:
        return None
    day = datum_nl(als_datum(forward["op"], "Doorgezonden op"))
    return f"Uw aanvraag is op {day} doorgezonden naar {forward['naar']}, het bevoegd gezag"


def _to_forward(case: Case) -> str | None:
    """A permit application for which the provincie or the Rijk is bevoegd gezag, not yet forwarded
    (Awb 2:3; a windpark names its outside bevoegd gezag in ``extern_bevoegd_gezag`` instead)."""
    summary = case.typed_summary
    gezag = summary.bevoegd_gezag
    if (
        case.status != "lopend"
        or gezag not in GEZAG_NAAM
        or summary.extern_bevoegd_gezag
        or summary.doorgezonden
    ):
        return None
    wie = GEZAG_NAAM[gezag]
    return f"{wie[:1].upper()}{wie[1:]} is het bevoegd gezag voor uw aanvraag; de gemeente zendt haar daarheen door"


def _deadline_text(d: date | None, suspended: bool, case: Case, passed: bool) -> str:
    forwarded = _forwarded(case) or _to_forward(case)
    if forwarded:  # the gemeente has no term: it takes no besluit
        return (
            f"{forwarded}. Bij de gemeente loopt geen beslistermijn: zij neemt geen besluit op uw aanvraag."
        )
    if case.status == "afgerond":
        return "Er is een besluit genomen." if case.final else "De behandeling is afgerond."
    summary = case.typed_summary
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
            return f"{verstreken} {_ingebrekestelling_text(dwangsom)}"
        return f"{verstreken} U kunt de gemeente schriftelijk in gebreke stellen."
    text = f"De gemeente beslist uiterlijk op {datum_nl(d)}."
    if suspended:
        text += (
            " De termijn staat stil zolang we op uw aanvulling wachten. Deze datum is voorlopig: hij geldt als "
            "uw aanvulling op de laatste dag komt; levert u eerder aan, dan komt de datum eerder te liggen."
        )
    if (case.deadline_info or {}).get("feestdagen_onzeker"):
        text += (
            " Deze datum is voorlopig: welke dagen in dat jaar met een feestdag gelijkstaan, is nog niet "
            "bekendgemaakt; hij kan nog een werkdag later worden."
        )
    return text


def _outcome(uitkomst: dict[str, Any], case: Case, source: str | None) -> str:
    """The text of an outcome that is no besluit. After a "no" of the college or the raad on a running
    plan, what follows is what the case's model version (``source``) offers now: a case migrated since the
    "no" to a version with 'plan beëindigen' is told it may be ended, not only reworked. Without the
    source (None: not read) the stored text stands."""
    text = str(uitkomst["tekst"])
    refused = uitkomst.get("soort") in warmte_besluit.NEE_SOORTEN
    if refused and source is not None and case.status != "afgerond":
        form = model_task_form(source, warmte_besluit.FASE_TAAK)
        text = warmte_besluit.na_nee(text, warmte_besluit.einde_aangeboden(form))
    return text


def _decision(case: Case, source: str | None = None, withdrawn: date | None = None) -> dict[str, Any]:
    """Whether a besluit was taken and is onherroepelijk (``definitief``). A besluit made known has
    effect; bezwaar does not suspend it (Awb 6:16), so it is not called provisional. ``source``: the
    case's main model (None: not read); ``withdrawn``: the day its intrekking was received, if any."""
    summary = case.typed_summary
    taken = bool(summary.genomen_besluit)
    forwarded, pending = _forwarded(case), _to_forward(case)
    if (forwarded or pending) and not taken:
        then = f"{forwarded}, dat erover beslist." if forwarded else f"{pending}."
        return {
            "definitief": False,
            "genomen": False,
            "tekst": f"De gemeente neemt geen besluit op uw aanvraag. {then}",
        }
    if case.final:
        text = "Het besluit is definitief."
    elif taken and case.status == "afgerond":
        text = "Het besluit is genomen; de behandeling is afgerond."
    elif taken and summary.rechtsmiddel:
        text = (
            "Het besluit is genomen. Het is nog niet onherroepelijk: dat wordt het als de termijn voor "
            "bezwaar of beroep ongebruikt verstrijkt."
        )
    elif taken:  # a besluit without a bezwaar- or beroepstermijn of its own (a raad's plan)
        text = "Het besluit is genomen."
        follows = (summary.genomen_besluit or {}).get("vervolg")
        if follows:  # e.g. the omgevingsplan change the raad started, with its own procedure (Awb 3.4)
            text += f" {follows}"
    elif summary.uitkomst and summary.uitkomst.get("tekst"):
        # no besluit, but an outcome to tell: a raad that did not adopt a plan, a plan that ended
        text = _outcome(summary.uitkomst, case, source)
    elif isinstance(summary.rechtsmiddel, dict) and summary.rechtsmiddel.get("tot"):
        # a besluit open to bezwaar that ended the case without a besluit on the application itself
        # (a buitenbehandelingstelling, Awb 4:5): the term block gives its bezwaartermijn
        taken = True
        soort = str(summary.rechtsmiddel.get("soort") or "bezwaar")
        done = "; de behandeling is afgerond" if case.status == "afgerond" else ""
        text = f"Het besluit is genomen{done}. Tegen het besluit is {soort} mogelijk."
    elif withdrawn is not None:  # no besluit was ever taken: none is "not definitive" (tester finding)
        text = f"Uw aanvraag is ingetrokken op {datum_nl(withdrawn)}; er komt geen besluit."
    elif case.status != "afgerond":
        text = "Er is nog geen definitief besluit."
    else:
        text = "De zaak is afgerond zonder definitief besluit."
    return {"definitief": bool(case.final), "genomen": taken or bool(case.final), "tekst": text}


def _withdrawn_on(events: Any) -> date | None:
    """The day the case's intrekking was received (``ontvangen_op`` of its public ``intrekking`` event: a
    behandelaar registering a letter gives its day of receipt), or None. An event recorded before it
    carried that day gives the day it was recorded."""
    for at, _, kind, data in events:
        if kind == "intrekking":
            received = (data or {}).get("ontvangen_op")
            return als_datum(received, "De ontvangst van de intrekking") if received else in_nl(at).date()
    return None


def _read_projections(s: Any, case: Case) -> dict[str, Any]:
    """Public events, the start of each phase, and the public remarks of one case."""
    events = s.execute(
        select(CaseEvent.at, CaseEvent.message, CaseEvent.kind, CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.public.is_(True))
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    phase_events = s.execute(
        select(CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "fase")
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    started: dict[str, date] = {}
    for at, data in phase_events:
        name = (data or {}).get("fase")
        if isinstance(name, str):
            started.setdefault(name, in_nl(at).date())
    remarks = s.execute(
        select(CaseConflict.beschrijving, CaseConflict.ernst)
        .where(
            CaseConflict.case_id == case.id,
            CaseConflict.intern.is_(False),
            CaseConflict.overschreven.is_(False),
        )
        .order_by(CaseConflict.id)
    ).all()
    return {
        "events": events,
        "remarks": remarks,
        "started": started,
    }


def public_status(platform: Platform, code: str, *, default_contact: str = DEFAULT_CONTACT) -> dict[str, Any]:
    """The initiator's view of a case. Raises ``UnknownCode`` for a wrong or missing code."""
    day = today(platform.clock)
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_code(s, code, platform=platform)
        read = _read_projections(s, case)
        waiting = waiting_of(case)
        declared = model_messages(source := main_source(s, case))  # the model: also _decision's
        running = case.status == "lopend"
        phases = public_phases(platform.settings)
        model_phases = phases.of(case.process_id, procedure_of(case))
        started = dict(read["started"])
        if model_phases and case.received_on:  # a step may pass several phases; the first starts on receipt
            started.setdefault(model_phases[0].intern[0], case.received_on)
        # an incident or a pause holds the case in its phase; only a closed case has done them all
        steps = step_bar(model_phases, case.phase, started, case.status == "afgerond")
        return {
            "zaak": case.reference,
            "titel": case.title,
            "procedure": case.procedure,
            "proces": case.process_id,
            "status": case.status,
            "status_tekst": STATUS_TEXTS.get(case.status, case.status),
            "fase": case.phase,
            "fasen": steps,
            "huidige_fase": next((p for p in steps if p["stand"] == "huidig"), None),
            "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
            "locatie": case.location_name,
            "houder": (
                _holder(
                    s,
                    _current_holder(s, case),
                    default_contact,
                    phases,
                    policy.external_groups(s, platform.settings),
                )
                if running
                else None
            ),
            "wacht_op": case.waiting_for if running else None,
            "termijn": case_deadline(case, day),
            "besluit": _decision(case, source, _withdrawn_on(read["events"])),
            "tijdlijn": [
                {"tijdstip": iso_utc(at), "datum": in_nl(at).date().isoformat(), "tekst": message}
                for at, message, kind, _ in read["events"]
                if not (kind == "fase" and model_phases)  # the step bar shows the phases in public words
            ],
            # one line per kind of remark, not one per nearby feature
            "aandachtspunten": [
                {"tekst": text, "ernst": ernst} for text, ernst in dict.fromkeys(read["remarks"])
            ],
            "acties": public_actions(case, code, declared, waiting, policy.rules(platform.settings), day),
            "gevraagde_documenten": _requested(platform, case) if "aanvulling" in waiting.messages else [],
            "documenten": [
                {**d, "url": f"/status/{code}/documenten/{d['id']}"}
                for d in visible_documents(platform, case.id)
            ],
            "contact": default_contact,
        }
