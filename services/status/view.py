"""The public status of a case for its initiator, behind the unguessable tracking code.

Only what the initiator may see leaves this module: public events (no actors), the department or
organisation holding the case with its contact, what the case waits for, the legal deadline, final
or provisional, location remarks that are not internal, and the messages the initiator may send.
Internal notes, task assignees (advisers' names), audit events, other parties' data and conflicts
marked ``intern`` are never read into the view model.

Never the model itself: no diagram, no element ids, no lanes (the step bar shows the public phases).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes import netcongestie, warmte_besluit
from processes.constants import CaseStatus
from processes.termijnen.bezwaar import in_de_plaats_tekst
from processes.termijnen.datums import als_datum, datum_nl, weekdag_nl
from processes.vergunning import VAN_RECHTSWEGE
from services import policy
from services.clock import in_nl
from services.documents.public import visible_documents
from services.documents.types import types_of
from services.mail import intake_words
from services.platform import Platform
from services.projection_case import sent_unrecorded
from services.projection_text import IN_BEHANDELING, groups_in
from services.projection_views import waiting_list
from services.public_phases import INITIATOR_HOLDERS, PublicPhases, case_step_bar, public_phases
from services.status import dwangsom
from services.status.deadline import (
    case_deadline,
    forwarded,
    lodged_remedy,
    status_text,
    to_forward,
)
from services.status.lookup import case_by_code, main_source, model_messages, waiting_of
from services.status.messages import public_actions, requested_documents
from services.status.public_lines import public_lines, read_projections, withdrawn_on
from services.step_reads import model_task_form
from services.store.models import Case, Group, HolderInterval
from services.waits.derive import ACTING, HALTED, LEGAL_LABELS
from services.waits.store import running_at
from services.waits.timeline import case_now

DEFAULT_CONTACT = "Gemeente Ruimtedal, telefoon 14 0000 of info@ruimtedal.example"


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


def _current_holder(s: Any, case: Case, now: datetime) -> str | None:
    """Who holds the case now, as its holder timeline's "Nu bij" says it (services.waits): with parallel
    tasks the one the timeline chose, read from the interval that runs now (``running_at``: the gemeente's
    until the term of a besluit sent later begins) so that a rebuilt timeline and the page cannot part;
    ``Case.holder`` follows it (``incremental.follow_holder``). A case that stands still (``HALTED``:
    paused by beheer, an incident) by the system's public name, "Gemeente": nobody else can act, and its
    status says why; not the team whose task stands still (``Case.holder``), nor beheer's words."""
    iv = HolderInterval
    now_held = select(iv.holder, iv.kind, iv.public_holder).where(iv.case_id == case.id, running_at(now))
    row = s.execute(now_held).first()
    if row is not None and row.holder in HALTED:
        return str(row.public_holder)
    if case.status != CaseStatus.LOPEND:
        return None
    if row is not None and row.kind in ACTING and row.holder:
        return str(row.holder)
    return None if case.holder in LEGAL_LABELS else case.holder  # a legal term: nobody has to act


#: the party that keeps the waiting list (a lane of the transportverzoek, a group of autorisatie.toml)
GRID_OPERATOR = "Netbeheerder"


def _waiting_list(s: Any, case: Case, default_contact: str) -> dict[str, Any] | None:
    """On the netbeheerder's waiting list: the position, the day of the next inquiry (the API's
    ``wachtlijst``, services.projection_views.waiting_list), what the initiator can do
    (netcongestie.wachtlijst_hulp) and whom to ask: the netbeheerder (the organisation the case names for it,
    with its contact when known), with the case's reference. None off the list."""
    place = waiting_list(case)
    if place is None:
        return None
    name = (case.typed_summary.organisaties or {}).get(GRID_OPERATOR) or GRID_OPERATOR
    contact = s.scalar(select(Group.contact).where(Group.name == name))
    who = "de netbeheerder" if name == GRID_OPERATOR else name
    ask = f"Stel uw vragen over de wachtlijst en deze mogelijkheden aan {who}" + (
        f" ({contact})" if contact else ""
    )
    ask += f" en noem daarbij zaaknummer {case.reference}. Alleen de netbeheerder beslist hierover, niet de gemeente."
    if not contact:
        ask += f" Weet u niet hoe u de netbeheerder bereikt? De gemeente helpt u verder: {default_contact}."
    return {**place, **netcongestie.wachtlijst_hulp(), "vragen": ask}


def _waits_for(
    s: Session, case: Case, phases: PublicPhases, external: frozenset[str], now: datetime
) -> str | None:
    """What the case waits for at ``now``: the model's declared wait ("wacht op antwoord netbeheerder ...";
    a bezwaar- or beroepstermijn only from its first day: ``timeline.case_now``), or the groups of
    its open tasks, a department in the words "Uw aanvraag ligt bij" uses ("Team Vergunningen", not
    "Vergunningen"; a hidden one left out), an outside organisation (``external``) by its name."""
    said = case_now(s, case, now).wacht_op
    groups = groups_in(said)
    if groups is None:
        return said
    shown = [g if g in external else phases.holder(g) for g in groups]
    return IN_BEHANDELING + ", ".join(dict.fromkeys(g for g in shown if g)) if any(shown) else None


def _requested(platform: Platform, case: Case) -> list[dict[str, str]]:
    """The document types the open aanvullingsverzoek asks for: one upload field each on the page."""
    types, _ = requested_documents(case)
    known = types_of(platform)
    return [{"code": c, "naam": known.type(case.process_id, c).omschrijving} for c in dict.fromkeys(types)]


def _outcome(uitkomst: dict[str, Any], case: Case, source: str | None) -> str:
    """The text of an outcome that is no besluit. After a "no" of the college or the raad on a running
    plan, what follows is what the case's model version (``source``) offers now: a case migrated since the
    "no" to a version with 'plan beëindigen' is told it may be ended, not only reworked. Without the
    source (None: not read) the stored text stands."""
    text = str(uitkomst["tekst"])
    refused = uitkomst.get("soort") in warmte_besluit.NEE_SOORTEN
    if refused and source is not None and case.status != CaseStatus.AFGEROND:
        form = model_task_form(source, warmte_besluit.FASE_TAAK)
        text = warmte_besluit.na_nee(text, warmte_besluit.einde_aangeboden(form))
    return text


def van_rechtswege_op(case: Case) -> date | None:
    """The day a legacy Wabo permit was granted by operation of law (the term ended without a besluit);
    None for any other case. No besluit was taken or made known, and no bezwaartermijn ran."""
    given = case.typed_summary.genomen_besluit or {}
    if given.get("besluit") != VAN_RECHTSWEGE:
        return None
    return als_datum(given.get("datum"), "De datum van de vergunning van rechtswege")


def _van_rechtswege(on: date) -> str:
    return (
        f"De vergunning is van rechtswege verleend op {datum_nl(on)}, omdat de gemeente niet op tijd "
        "besliste (een aanvraag onder de Wabo, met een beslistermijn die vóór 2024 eindigde). U heeft de vergunning daarmee zoals u haar "
        "heeft aangevraagd, zonder dat de gemeente een besluit nam. Wie het er niet mee eens is, kan bezwaar "
        "maken binnen zes weken nadat de gemeente de vergunning heeft bekendgemaakt."
    )


def _decision(
    case: Case, source: str | None = None, withdrawn: date | None = None, day: date | None = None
) -> dict[str, Any]:
    """Whether a besluit was taken and is onherroepelijk (``definitief``). A besluit made known has
    effect; bezwaar does not suspend it (Awb 6:16), so it is not called provisional. ``source``: the
    case's main model (None: not read); ``withdrawn``: the day its intrekking was received, if any;
    ``day``: today, which tells whether the beroep against a beslissing op bezwaar is still open (None:
    not known, taken as open)."""
    summary = case.typed_summary
    taken = bool(summary.genomen_besluit)
    sent, pending = forwarded(case), to_forward(case)
    if (sent or pending) and not taken:
        then = f"{sent}, dat erover beslist." if sent else f"{pending}."
        return {
            "definitief": False,
            "genomen": False,
            "tekst": f"De gemeente neemt geen besluit op uw aanvraag. {then}",
        }
    if case.final:
        text = "Het besluit is definitief."
    elif (granted := van_rechtswege_op(case)) is not None:
        text = _van_rechtswege(granted)
    elif taken and (lodged := lodged_remedy(case)) and lodged.get("beslissing"):
        return _after_bezwaar(lodged["beslissing"], day, lodged.get("beroep_ingesteld_op"))
    elif taken and lodged:  # bezwaar does not suspend it (Awb 6:16)
        text = f"Het besluit is genomen en geldt, ook nu {_against(lodged)}. Het is nog niet onherroepelijk."
    elif taken and case.status == CaseStatus.AFGEROND:
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
        done = "; de behandeling is afgerond" if case.status == CaseStatus.AFGEROND else ""
        text = f"Het besluit is genomen{done}. Tegen het besluit is {soort} mogelijk."
    elif day is not None and (verzonden := sent_unrecorded(case, day)) is not None:  # its task still open
        taken, text = True, f"Het besluit is genomen en op {datum_nl(verzonden)} verzonden."
    elif withdrawn is not None:  # no besluit was ever taken: none is "not definitive" (tester finding)
        text = f"Uw aanvraag is ingetrokken op {datum_nl(withdrawn)}; er komt geen besluit."
    elif case.status != CaseStatus.AFGEROND:
        text = "Er is nog geen definitief besluit."
    else:
        text = "De zaak is afgerond zonder definitief besluit."
    return {"definitief": bool(case.final), "genomen": taken or bool(case.final), "tekst": text}


def _against(lodged: dict[str, Any]) -> str:
    """What was lodged against the besluit (``lodged_remedy``), in words: a bezwaar, a beroep, or a first
    letter registered as a beroep with bezwaren joined to it (``beroep_ingesteld_op``)."""
    if lodged.get("beroep_ingesteld_op"):
        return "er beroep tegen is ingesteld bij de rechtbank en bezwaar tegen is gemaakt"
    return (
        "er bezwaar tegen is gemaakt"
        if lodged["soort"] == "bezwaar"
        else f"er {lodged['soort']} tegen is ingesteld"
    )


def _after_bezwaar(beslissing: dict[str, Any], day: date | None, beroep: str | None = None) -> dict[str, Any]:
    """The besluit after the beslissing op bezwaar: it stands, or it is herroepen and what takes its place
    (Awb 7:11 lid 2: the permit granted or refused in the beslissing op bezwaar, or no new besluit; a
    herroeping recorded before the task asked that says only that it was herroepen), in ``herroepen``.
    Until ``beroep_tot`` beroep at the rechtbank is open (Awb 6:7, 8:1): not yet onherroepelijk, until
    that day; after it (``day``; None: not known), with no beroep registered (the case ended at the
    beslissing), onherroepelijk (``definitief``). With a ``beroep`` against the besluit at the rechtbank (the
    day of the first letter, registered as one: the beslissing answered the bezwaren joined to it), not
    onherroepelijk while that runs, and no beroep offered as if none were."""
    on = datum_nl(als_datum(beslissing["beslist_op"], "De beslissing op bezwaar"))
    until = als_datum(beslissing["beroep_tot"], "Het einde van de beroepstermijn")
    final = day is not None and day > until and not beroep
    out: dict[str, Any] = {"definitief": final, "genomen": True}
    nieuw = beslissing.get("nieuw_besluit")
    # what is or becomes onherroepelijk: the besluit that stands, or the beslissing op bezwaar that
    # herroept it (and takes its place)
    subject = "de beslissing op bezwaar"
    if not beslissing.get("herroepen"):
        text, subject = f"Het besluit blijft na de beslissing op bezwaar van {on} in stand.", "het besluit"
    elif (
        replaced := in_de_plaats_tekst(
            nieuw, beslissing.get("herroepen_besluit"), beslissing.get("besluit_uiterlijk")
        )
    ) is None:
        text = f"Het besluit is bij de beslissing op bezwaar van {on} herroepen."
    else:
        text = f"Op het bezwaar is het besluit op {on} herroepen; {replaced}."
    if beslissing.get("herroepen"):
        out["herroepen"] = {"op": str(beslissing["beslist_op"])[:10], "in_de_plaats": nieuw}
    last = f"{weekdag_nl(until)} {datum_nl(until)}"
    if beroep:
        then = (
            f"{subject[:1].upper()}{subject[1:]} is nog niet onherroepelijk: er loopt beroep bij de rechtbank "
            f"tegen het besluit, ingesteld op {datum_nl(als_datum(beroep, 'De ontvangst van het beroepschrift'))}."
        )
    elif final:
        then = (
            f"De beroepstermijn is voorbij (tot en met {last}) en er is geen beroep geregistreerd: "
            f"{subject} is onherroepelijk."
        )
    else:
        then = (
            f"{subject[:1].upper()}{subject[1:]} is nog niet onherroepelijk: tot en met {last} kan beroep "
            "worden ingesteld bij de rechtbank."
        )
    return {**out, "tekst": f"{text} {then}"}


def public_status(
    platform: Platform, code: str, *, default_contact: str = DEFAULT_CONTACT, lines_page: int = 1
) -> dict[str, Any]:
    """The initiator's view of a case, with page ``lines_page`` of its public lines (1: the newest,
    services.status.public_lines). Raises ``UnknownCode`` for a wrong or missing code."""
    now = platform.clock.now()  # one moment for the whole page: "Ligt bij" and "Wacht op" agree
    day = in_nl(now).date()
    with platform.uow(write=False) as uow:
        s = uow.session
        case = case_by_code(s, code, platform=platform)
        read = read_projections(s, case)
        waiting = waiting_of(case)
        declared = model_messages(source := main_source(s, case))  # the model: also _decision's
        external = policy.external_groups(s, platform.settings)
        running = case.status == CaseStatus.LOPEND
        phases = public_phases(platform.settings)
        # a permit granted van rechtswege skipped the besluit and its bezwaartermijn
        skipped = van_rechtswege_op(case) is not None
        steps = case_step_bar(phases, case, read["started"], day, skipped=skipped)
        return {
            "zaak": case.reference,
            # typed words only for a case its address's owner started: the mails' rule (intake_words)
            **intake_words.shown(case, intake_words.owner_typed(s, case)),
            "procedure": case.procedure,
            "proces": case.process_id,
            "status": case.status,
            "status_tekst": status_text(case, day),
            "fase": case.phase,
            "fasen": steps,
            "huidige_fase": next((p for p in steps if p["stand"] == "huidig"), None),
            "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
            "houder": _holder(s, _current_holder(s, case, now), default_contact, phases, external),
            "wacht_op": _waits_for(s, case, phases, external, now) if running else None,
            "wachtlijst": _waiting_list(s, case, default_contact),
            "termijn": case_deadline(case, day),
            "besluit": {
                **_decision(case, source, withdrawn_on(s, case), day),
                "dwangsom": dwangsom.beschikking(case, day),
            },
            "beroep_niet_tijdig": dwangsom.beroep_niet_tijdig(case, day),
            **public_lines(s, case, read, bool(phases.of(case.process_id)), lines_page),
            "acties": public_actions(s, case, code, declared, waiting, policy.rules(platform.settings), day),
            "gevraagde_documenten": _requested(platform, case) if "aanvulling" in waiting.messages else [],
            "documenten": [
                {**d, "url": f"/status/{code}/documenten/{d['id']}"}
                for d in visible_documents(platform, case.id)
            ],
            "contact": default_contact,
        }
