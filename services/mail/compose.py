"""Which mails a step causes, and the officers' mails; each is written to the outbox ("email" channel).

Initiator mails (to the e-mail address given at intake, ``zaak.initiator_email``), from a step's facts:

- ``ontvangst``: the case was started: confirmation with the tracking link;
- ``aanvulling``: the term was suspended for an aanvullingsverzoek: what is missing, from when the
  term stands still and the last day to supply it;
- ``verdaging``: the beslistermijn was extended once (Ow 16.64 lid 2): by how many weeks, why, and the
  new last day (Awb 4:14 lid 3: the applicant is told before the term ends);
- ``besluit``: a besluit was taken (its words, and the link to the status page with the documents);
- ``doorzending``: the application was forwarded to the competent provincie or Rijk (Awb 2:3 lid 1:
  the sender is told at the same time): to whom, and that the gemeente takes no besluit;
- ``bezwaartermijn``: the besluit was made known, or will be on its verzenddatum: the bezwaar or
  beroep term and its last day;
- ``beslissing_op_bezwaar``: the bezwaar against the besluit was decided: its outcome, what became of
  the besluit (it stands, or it is herroepen and what took its place) and the last day for beroep at the
  rechtbank (Awb 6:7, 8:1); the herroeping's own besluit event sends no second mail;
- ``ter_inzage``: the ontwerpbesluit was laid down (uitgebreide procedure): what it intends, the period
  (van, tot en met) and the post week (Awb 3:16 lid 3 with 6:9); the drafting before it is no phase of
  its own for the initiator (bpmn/fasen.toml: part of Beoordeling);
- ``ingebrekestelling``: the ingebrekestelling was received (Awb 4:17): the receipt day, which starts the
  two weeks, and the day from which a dwangsom is due and beroep at the rechtbank is open (Awb 6:12 lid 2)
  if there is no besluit by then (or the day the besluit already taken is sent);
- ``dwangsom_loopt``: the dwangsom's first day due: it runs, with its tiers and maximum, and beroep at the
  rechtbank for not deciding in time is open;
- ``dwangsom``: the beschikking that sets the dwangsom (Awb 4:18), at the besluit, an intrekking or its
  maximum: the amount, the days it ran and how it was counted, that the gemeente pays it, and the last
  day for bezwaar against it;
- ``fase``: the case entered another public phase, when the step sent none of the mails above but the
  three about the dwangsom (a withdrawal that sets the dwangsom still gets its "Ingetrokken" mail).

Each greets the initiator by the name and names the case by the title typed at intake only when the address
is the verified one of the account that started the case; to any other address, "Beste aanvrager" and the
procedure's name (services.mail.intake_words: a stranger's address with a phishing text as the name).

Third parties' mails (the indieners of zienswijzen, the bezwaarmakers): services/mail/besluit_mails.py.

Officer mails (to ``app_user.email``): ``toewijzing`` when a task is assigned to someone by someone
else, ``termijn`` once per task ``Settings.mail_deadline_days`` before its own due date or the case's
legal deadline, whichever comes first (scheduler pass), and once more when the legal deadline moves
(a verdaging: ``projections`` clears ``reminded_on``); a task with nobody to remind stays unreminded until
someone can be (services.mail.unreminded: its case's history and the beheer overview say so). Both name the task's own due date as its
deadline and the case's legal deadline as the wettelijke beslistermijn, never one for the other. An
outside party's account reads the task's name and the case's title there without the applicant's name
(policy.outside). Only an account someone can log in to gets either (policy.assignees.logs_in): not a
blocked one (a leaver's, services.account_block), nor one with neither password nor token (the demo's
``collega-<groep>``); a task still assigned to such an account (a claim that raced the block), or to one
without an e-mail address, is reminded to its candidate groups' members, as an unassigned task is. A task of a case paused by beheer is not
reminded while it is paused (nobody can complete it; its clock is beheer's): its reminder comes with the
first pass after the resume.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from processes.constants import CaseStatus
from processes.termijnen import opschorting_vanaf
from services import outbox, policy
from services.clock import in_nl
from services.mail import besluit_mails, dwangsom, intake_words, unreminded
from services.mail.render import Mail, render
from services.policy.assignees import logs_in
from services.policy.outside import outside_text
from services.public_phases import procedure_of, public_phases
from services.public_url import base_url
from services.store.models import Case, CaseEvent, Group, HumanTask, User

CHANNEL = "email"
#: the mails about the dwangsom tell no phase: a step that sends only these still sends its phase mail
BESIDE_PHASE = frozenset({"ingebrekestelling", "dwangsom_loopt", "dwangsom"})


def public_phase(
    settings: Any, process_id: str | None, internal: str | None, procedure: str | None = None
) -> tuple[str, str]:
    """The phase as the initiator reads it: name and explanation of its public phase in
    ``bpmn/fasen.toml``, as worded for the case's ``procedure`` (the status page's wording: an uitgebreide
    case's 'Beroepstermijn'); for a model without public phases, the internal name, capitalised."""
    phase = public_phases(settings).phase_of(process_id or "", internal, procedure)
    if phase is not None:
        return phase.naam, phase.uitleg
    text = str(internal or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:], ""


def enqueue(s: Session, case_id: int | None, mail: Mail, now: datetime | None = None) -> None:
    outbox.enqueue(s, CHANNEL, case_id, mail.kind, mail.payload(), now=now)


def lock_case(s: Session, case_id: int) -> str | None:
    """Outside a step (which holds it already): take the case row lock, as the outbox's order needs;
    returns the case's status, as read under that lock."""
    return s.scalar(select(Case.status).where(Case.id == case_id).with_for_update())


def case_context(settings: Any, case: Case, *, by_owner: bool) -> dict[str, Any]:
    """An initiator mail's facts of its case. ``by_owner``: the intake address is the verified one of the
    account that started the case (services.mail.intake_words ``typed_by_owner``); only then do they hold
    the title and the name typed at intake, else the procedure's name and no name."""
    base = base_url(settings)
    return {
        **intake_words.words(case, by_owner),
        "zaak": case.reference,
        "ontvangen_op": case.received_on,
        "uiterlijk_besluit": case.uiterlijke_einddatum_afdoening,
        "link": f"{base}/status/{case.tracking_code}",
        "volglink_url": f"{base}/volglink",
    }


def _event_mails(
    settings: Any, case: Case, context: Callable[[], dict[str, Any]], events: list[CaseEvent], today: date
) -> list[Mail]:
    to = str(case.initiator_email)
    mails = []
    # the beslissing op bezwaar's mail tells what became of the besluit: a herroeping's besluit event of
    # the same step sends no mail of its own
    decided = any(besluit_mails.beslissing_van(ev) for ev in events)
    for ev in events:
        lopend = (case.opschorting or {}).get("lopend")
        if ev.kind == "opschorting" and lopend and "aanvullingsverzoek" in ev.message:
            reden = str((case.opschorting or {}).get("reden") or "")
            missing = reden.removeprefix("aanvullingsverzoek").lstrip(": ")
            van = lopend.get("van")
            still = opschorting_vanaf(date.fromisoformat(str(van)[:10])) if van else None
            extra = {"ontbrekend": missing, "van": still, "tot": lopend.get("tot_uiterlijk")}
            mails.append(render(settings, "aanvulling", to, {**context(), **extra}))
        elif ev.kind == "verdaging":  # made known to the applicant (Awb 4:14 lid 3)
            verlenging = case.verlenging or {}
            extra = {"weken": verlenging.get("duur_weken"), "reden": verlenging.get("reden") or ""}
            mails.append(
                render(
                    settings,
                    "verdaging",
                    to,
                    {**context(), **extra, "tot": case.uiterlijke_einddatum_afdoening},
                )
            )
        elif ev.kind == "besluit" and not decided:
            mails.append(render(settings, "besluit", to, {**context(), "besluit": ev.message}))
        elif beslissing := besluit_mails.beslissing_van(ev):
            extra = besluit_mails.beslissing_context(beslissing)
            mails.append(render(settings, "beslissing_op_bezwaar", to, {**context(), **extra}))
        elif ev.kind == "doorzending":  # told at the same time as the forward (Awb 2:3 lid 1)
            forward = case.typed_summary.doorgezonden
            naar = forward["naar"] if forward else "het bevoegd gezag"
            mails.append(
                render(settings, "doorzending", to, {**context(), "doorzending": ev.message, "naar": naar})
            )
        elif ev.kind == "ingebrekestelling" and (ev.data or {}).get("start"):
            extra = dwangsom.ingebrekestelling(ev.data or {})
            mails.append(render(settings, "ingebrekestelling", to, {**context(), **extra}))
        elif ev.kind == "dwangsom_loopt":
            mails.append(
                render(settings, "dwangsom_loopt", to, {**context(), **dwangsom.loopt(ev.data or {})})
            )
        elif ev.kind == "dwangsom" and (
            set_by := dwangsom.beschikking((ev.data or {}).get("dwangsom"), today)
        ):
            mails.append(render(settings, "dwangsom", to, {**context(), **set_by}))
        elif ev.kind == "bekendmaking":
            extra = besluit_mails.bekendmaking(case, ev.message, today)
            mails.append(render(settings, "bezwaartermijn", to, {**context(), **extra}))
        elif ev.kind == "ter-inzage":  # the ontwerp is laid down: its period and post week
            mails.append(render(settings, "ter_inzage", to, {**context(), **_ter_inzage(case)}))
    return mails


def _ter_inzage(case: Case) -> dict[str, Any]:
    """The ter inzage mail's facts: the ontwerp's intent, its period and post week (none on a case laid
    down under a model version without it)."""
    periode: Mapping[str, Any] = case.typed_summary.ter_inzage or {}
    ontwerp = str(periode.get("ontwerp") or "")
    return {
        "ontwerp": ontwerp if ontwerp in ("verlenen", "weigeren") else "",
        "van": periode.get("van"),
        "tot": periode.get("tot"),
        "per_post_tot": periode.get("per_post_tot"),
    }


def step_mails(facts: Any) -> list[Mail]:
    """The initiator's mails of one step (none when the case has no intake e-mail address).

    ``facts``: a ``services.step_effects.StepFacts`` (not imported: step_effects lists this subscriber)."""
    case = facts.case
    if not case.initiator_email:
        return []
    settings = facts.ctx.settings
    context = _context_of(facts)
    if facts.started:
        return [render(settings, "ontvangst", case.initiator_email, context())]
    mails = _event_mails(settings, case, context, facts.new_events(), in_nl(facts.now).date())
    if all(m.kind in BESIDE_PHASE for m in mails) and facts.phase_changed and case.phase:
        procedure = procedure_of(case)
        naam, uitleg = public_phase(settings, case.process_id, case.phase, procedure)
        before = getattr(facts, "phase_before", None)
        if before is None or public_phase(settings, case.process_id, before, procedure)[0] != naam:
            phase = {**context(), "fase": naam, "fase_uitleg": uitleg}
            mails.append(render(settings, "fase", case.initiator_email, phase))
    return mails


def _context_of(facts: Any) -> Callable[[], dict[str, Any]]:
    """The ``case_context`` of the step's case, built when its first mail needs it: only then is the account
    that started the case read (intake_words), once per step."""

    @functools.cache
    def context() -> dict[str, Any]:
        case = facts.case
        return case_context(facts.ctx.settings, case, by_owner=intake_words.owner_typed(facts.session, case))

    return context


def on_step(facts: Any) -> None:
    """The step_effects subscriber: write this step's mails to the outbox, in its transaction: the
    initiator's, then those to the indieners of zienswijzen and to the bezwaarmakers."""
    today = in_nl(facts.now).date()
    events, settings = facts.new_events(), facts.ctx.settings
    derden = [
        *besluit_mails.indiener_mails(settings, facts.case, events, today),
        *besluit_mails.bezwaarmaker_mails(settings, facts.case, events),
    ]
    for mail in [*step_mails(facts), *derden]:
        enqueue(facts.session, facts.case.id, mail, facts.now)


# -- officers ---------------------------------------------------------------------------------------
def _task_context(s: Session, settings: Any, task: HumanTask, user: User) -> dict[str, Any]:
    """An officer mail's facts. ``termijn`` is the task's own due date (its ``termijn`` property);
    ``wettelijke_termijn`` the case's legal last day to decide, which the templates label as such."""
    read = _as_read_by(s, settings, task, user)
    return {
        "naam": user.display_name or user.username,
        "taak": read(task.name) or "",
        "zaak": task.case_reference,
        "titel": read(task.case_title) or "",
        "termijn": task.due_on,
        "wettelijke_termijn": task.legal_deadline,
        "link": f"{base_url(settings)}/taken/{task.id}",
    }


def _as_read_by(s: Session, settings: Any, task: HumanTask, user: User) -> Callable[[str | None], str | None]:
    """How ``user`` reads a text of the task's case (its name, its case's title): an outside party's
    without the applicant's name (policy.outside), as its case view and task list show them."""
    if policy.party_of(policy.Actor.of(user), policy.rules(settings)) != "extern":
        return lambda text: text
    case = s.get(Case, task.case_id)
    return (lambda text: outside_text(case, text)) if case is not None else (lambda text: None)


def _days_left(day: date | None, today: date) -> int | None:
    return None if day is None else (day - today).days


def assignment(s: Session, settings: Any, task: HumanTask, to: str, by: str, now: datetime) -> None:
    """Mail the person a task was assigned to (not when one takes a task oneself)."""
    user = s.scalars(select(User).where(User.username == to, logs_in(settings))).first()
    if user is None or not user.email or to == by:
        return
    shown = s.scalars(select(User.display_name).where(User.username == by)).first()
    # a display name the beheerder gave; else (users.add_user defaults it to the login) the login's rule
    giver = shown if shown and shown != by else _login_of(settings, by, user)
    context = {**_task_context(s, settings, task, user), "door": giver}
    mail = render(settings, "toewijzing", user.email, context, account=user.username)
    lock_case(s, task.case_id)
    enqueue(s, task.case_id, mail, now)


def _login_of(settings: Any, by: str, reader: User) -> str:
    """Who assigned a task, without a display name of its own: its login name only to whom reads account
    names (policy.account_name: the municipality's own), "Iemand" to an outside party."""
    actor = policy.Actor.of(reader)
    return (
        policy.account_name(policy.party_of(actor, policy.rules(settings)), by, reader.username) or "Iemand"
    )


def _staff(s: Session, *where: Any) -> list[User]:
    """The accounts that match ``where``, each with its groups (which ``_task_context`` reads), in one
    statement, in id order."""
    found = select(User).where(*where).options(joinedload(User.groups)).order_by(User.id)
    return list(s.scalars(found).unique())


def _recipients(s: Session, settings: Any, task: HumanTask) -> list[User]:
    """The assignee, else the members of the task's candidate groups (with an e-mail address); only
    accounts someone can log in to (policy.assignees.logs_in). A task still assigned to an account nobody
    can log in to (a claim that raced its block, which lets go of its claims), or to one without an e-mail
    address, is its groups' to remind.
    The members are read with their groups in one statement, whatever their number."""
    may_log_in = logs_in(settings)
    if task.assignee:
        assignee = _staff(s, User.username == task.assignee, may_log_in)
        if assignee and assignee[0].email:
            return assignee
    groups = sorted(set(task.candidate_groups or []))
    if not groups:
        return []
    in_groups = User.groups.any(Group.name.in_(groups))
    return _staff(s, User.email.is_not(None), User.role != "initiatiefnemer", may_log_in, in_groups)


def deadline_reminders(platform: Any, stop: Callable[[], bool] = lambda: False) -> int:
    """Once per open task, ``mail_deadline_days`` before its deadline: a mail to who holds it. ``stop`` (a
    stopping worker) ends it after the task in flight, keeping the reminders made; the others come next pass.
    A task with nobody to remind is not marked reminded: its case's history says so once
    (services.mail.unreminded), and a later pass reminds whoever can then be reminded."""
    now = platform.clock.now()
    days = unreminded.window(platform.settings, now)
    if days is None:
        return 0
    today = days[0]
    sent = 0
    with platform.uow() as uow:
        s, settings = uow.session, platform.settings
        tasks = s.scalars(
            select(HumanTask)
            .join(Case, Case.id == HumanTask.case_id)
            .where(
                Case.status != CaseStatus.GEPAUZEERD,
                HumanTask.state == "open",
                HumanTask.reminded_on.is_(None),
                unreminded.due_within(*days),
            )
            .order_by(HumanTask.case_id, HumanTask.id)
        ).all()
        noted = unreminded.noted(s, list(tasks))
        for task in tasks:  # the cases locked in id order, as every writer of several cases does
            if stop():
                break
            if task.id in noted and not _recipients(s, settings, task):
                continue  # still nobody, as its history says already: its case is not locked for it
            paused = lock_case(s, task.case_id) == CaseStatus.GEPAUZEERD  # paused since the query
            s.refresh(task)  # read after the lock: another worker may have reminded it meanwhile
            if paused or task.reminded_on is not None or task.state != "open":
                continue
            recipients = _recipients(s, settings, task)
            # read again under the lock: another worker may have written the note since ``noted``
            if not recipients and task.id not in noted and not unreminded.noted(s, [task]):
                unreminded.note(s, task, now)
            for user in recipients:
                enqueue(s, task.case_id, _reminder(s, settings, task, user, today), now)
                sent += 1
            if recipients:
                task.reminded_on = today
        uow.commit()
    return sent


def _reminder(s: Session, settings: Any, task: HumanTask, user: User, today: date) -> Mail:
    """The ``termijn`` mail to ``user`` about ``task``: its first deadline ahead and the days left."""
    days_left = {
        "eerste": min(d for d in (task.legal_deadline, task.due_on) if d is not None and d >= today),
        "dagen": _days_left(task.due_on, today),
        "wettelijke_dagen": _days_left(task.legal_deadline, today),
    }
    context = {**_task_context(s, settings, task, user), **days_left}
    return render(settings, "termijn", str(user.email), context, account=user.username)
