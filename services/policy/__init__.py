"""The one authorization policy: who may see and do what with a case, task or message.

Every face, API route, map endpoint, message and public status action asks this module; views never
decide access themselves. What a municipality configures (external groups, shareable fields, who may
send each message) is in ``autorisatie.toml`` next to the models. Kinds of account (README, "Autorisatie"):

- ``beheerder``: sees every case;
- ``behandelaar`` (vergunningverlener, teamleider, projectleider): the cases of the procedures whose
  lanes name one of its groups, plus those on which one of its groups or the person has or had a task;
  every field but the volgcode;
- ``medewerker`` (adviseur and other internal staff): the cases on which one of its groups or the person
  has or had a task (advice is need-to-know); the fields of [velden] medewerker (no third party's data),
  and those of [taakvelden] on a case where it handles a task that needs them (reads.py: a bezwaar)
- ``extern`` (an external organisation's group): the cases of its own tasks and those it decides as their
  outside bevoegd gezag (authority.py), the shareable fields, no applicant's name (outside.py);
- ``initiatiefnemer``: only its own cases (started while logged in, ``zaak.started_by``, or applied
  for with its verified e-mail, ``app_user.email``), never internal notes; the volgcode only there.

Tasks: tasks.py (one without candidate groups is the municipality's staff's who may see its case).
Documents: documents.py. Dashboard: insight.py. Overriding a conflict: conflicts.py (each a module of this package)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from processes.errors import Forbidden
from services import berichten
from services.config import Settings
from services.policy import readers
from services.policy.actor import Actor, actor_for, user_named  # noqa: F401  (re-exported: who is asking)
from services.policy.applicants import applicant_accounts, normal_email, own_cases  # noqa: F401  (re-exported)
from services.policy.authority import authority_cases, authority_group, case_organisation
from services.policy.autorisatie import (  # noqa: F401  (re-exported: the one policy)
    AUTHORITY_SENDER,
    MUNICIPAL_KINDS,
    ORGANISATION_KIND,
    Rules,
    code_holder_may_send,
    describe_senders,
    listed_external,
    rules,
    rules_per_step,
    shared_view,
    shares,
    shares_all,
    shares_part,
    with_reads,
)
from services.policy.documents import (  # noqa: F401  (re-exported: the one policy)
    PARTY_OF_KIND,
    DocumentActor,
    account_name,
    document_actor_of,
    document_readable,
    event_document,
    may_handle_documents,
    may_read_document,
    may_version_document,
    may_write_document,
    readable_timeline,
    task_names,
    uploader_levels,
)
from services.policy.insight import (  # noqa: F401  (re-exported: the one policy)
    check_may_manage_deliveries,
    check_may_see_waits,
    may_manage_deliveries,
    waits_group,
)
from services.policy.lanes import procedure_of, procedures_of
from services.policy.outside import outside_view
from services.policy.reads import LOOSE_TASKS, handled_fields, held_or_completed_by
from services.policy.roles import (  # noqa: F401  (re-exported: the one policy)
    ADMIN_ROLE,
    HANDLER_ROLES,
    INITIATOR_ROLE,
    LEAD_ROLES,
    STAFF_ROLES,
    check_role,
    check_staff,
    is_staff,
)
from services.policy.sides import colleague_groups, held_within  # noqa: F401  (re-exported)
from services.policy.tasks import (  # noqa: F401  (re-exported: the one policy)
    check_may_claim,
    check_may_complete,
    check_may_see_task,
    check_may_take,
    check_same_side,
    in_candidate_groups,
    may_assign,
    may_complete,
    may_see_task,
    may_unclaim,
    sees_every_task,
    task_case,
    task_groups,
)
from services.public_phases import PublicPhases
from services.store.db import plain
from services.store.models import Case, Group, HumanTask, TaskCandidate
from services.store.repository import unknown_case

REGISTERING_KINDS = frozenset({"beheerder", "behandelaar"})  # register post: start data, a receipt day

_ORGANISATIONS = select(Group.name).where(Group.kind == ORGANISATION_KIND)


def external_groups(
    s: Session, settings: Settings | None, organisations: Iterable[str] | None = None
) -> frozenset[str]:
    """The groups that are external organisations: ``[partijen] extern`` plus the groups of kind
    organisatie (the same rule ``kind`` applies to an actor's groups), read here unless the caller read
    them (``organisations``)."""
    if organisations is None:
        organisations = plain(s).scalars(_ORGANISATIONS)
    return listed_external(settings) | frozenset(organisations)


def kind(actor: Actor, rules: Rules) -> str:
    """beheerder | behandelaar | medewerker | extern | initiatiefnemer | onbekend."""
    if actor.role == ADMIN_ROLE:
        return "beheerder"
    if actor.role == INITIATOR_ROLE:
        return "initiatiefnemer"
    if actor.role not in STAFF_ROLES:
        return "onbekend"
    if actor.groups & (rules.external_groups | actor.external_kinds):
        return "extern"
    return "behandelaar" if actor.role in HANDLER_ROLES else "medewerker"


def party_of(actor: Actor, rules: Rules) -> str:  # whose account names it reads; "geen": nobody's
    return PARTY_OF_KIND.get(kind(actor, rules), "geen")


def is_municipal(actor: Actor, rules: Rules) -> bool:
    """The municipality's own staff: not an outside organisation, an initiator or an unknown account."""
    return kind(actor, rules) in MUNICIPAL_KINDS


def holder_words(actor: Actor, rules: Rules, settings: Settings | None) -> PublicPhases | None:
    """The words in which ``actor`` reads who holds a case (None: a team's own name; policy.readers)."""
    return readers.holder_words(kind(actor, rules), settings)


def own_work_only(actor: Actor, rules: Rules) -> frozenset[str] | None:
    """The groups whose work the dashboard and the heatmap show ``actor``: an outside organisation's account
    only its own; None (what the role allows) for the municipality's own (services/policy/insight.py)."""
    return actor.groups if kind(actor, rules) == "extern" else None


# -- cases ------------------------------------------------------------------------------------------
def cases_with_group_task(groups: Iterable[str]) -> Any:
    """The ids of the cases on which one of ``groups`` has or had a task (a subquery)."""
    return (
        select(HumanTask.case_id)
        .join(TaskCandidate, TaskCandidate.task_id == HumanTask.id)
        .where(TaskCandidate.group_name.in_(sorted(groups)))
    )


def _had_task(actor: Actor) -> Any:
    """A past task gives its case while one of its candidate groups is the account's now (a move ends it);
    only one without groups (``NO_GROUP``) gives it to the person who holds or completed it."""
    via_group = cases_with_group_task(actor.groups)
    via_person = select(HumanTask.case_id).where(
        HumanTask.id.in_(LOOSE_TASKS), held_or_completed_by(actor.username)
    )
    return or_(Case.id.in_(via_group), Case.id.in_(via_person))


def visible_cases(s: Session, actor: Actor, rules: Rules) -> Any:
    """A WHERE clause on Case for the cases this actor may see; None means all."""
    k = kind(actor, rules)
    if k == "beheerder":
        return None
    if k == "initiatiefnemer":
        return own_cases(actor)
    if k == "extern":  # and the cases its organisation decides as their outside bevoegd gezag
        return or_(_had_task(actor), authority_cases(actor.groups, rules))
    if k == "medewerker":
        return _had_task(actor)
    if k == "behandelaar":
        return or_(Case.process_id.in_(procedures_of(s, actor.groups)), _had_task(actor))
    return Case.id.is_(None)


def visible_cases_of(s: Session, username: str, settings: Settings) -> Any:
    """:func:`visible_cases` for a user by name under the platform's rules (None: every case)."""
    return visible_cases(s, actor_for(s, username), rules(settings))


def may_view(s: Session, actor: Actor, case: Case, rules: Rules) -> bool:
    if kind(actor, rules) == "behandelaar" and procedure_of(s, case.process_id, actor.groups):
        return True  # the first arm of visible_cases for this one case, without the whole clause
    clause = visible_cases(s, actor, rules)
    return clause is None or s.scalar(select(Case.id).where(Case.id == case.id, clause)) is not None


def check_may_view(s: Session, actor: Actor, case: Case, rules: Rules, *, asked: int | str) -> None:
    """Refuse a case ``actor`` may not open as one that does not exist (404 zaak-onbekend, naming only
    ``asked``, the key the caller gave): a 403 told that the case exists and its zaaknummer."""
    if not may_view(s, actor, case, rules):
        raise unknown_case(asked)


def shared_fields(actor: Actor, rules: Rules, reads: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """Its kind's [velden] list (``case_view``) with the fields ``reads`` gives on one case (``task_reads``);
    without a list every field (None) for the municipality's own."""
    shared = rules.fields.get(k := kind(actor, rules), None if k in MUNICIPAL_KINDS else frozenset())
    return with_reads(shared, reads)


def task_reads(s: Session, actor: Actor, case: Case, rules: Rules) -> frozenset[str]:
    """The fields an adviser (kind medewerker) reads on ``case`` as the handler of one of its tasks beyond
    its [velden] list ([taakvelden]: a bezwaar, for the bezwaarjurist; services/policy/reads.py)."""
    if kind(actor, rules) != "medewerker":
        return frozenset()
    return handled_fields(s, actor.username, actor.groups, case.id, rules)


def case_view(
    actor: Actor,
    case: dict[str, Any],
    rules: Rules,
    *,
    intake: bool = False,
    reads: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The case as this actor may read it: fields outside its share emptied, never removed; the municipality's
    own read internal lines, no volgcode; an outside party no applicant's name in title, location, tasks or
    timeline (policy.outside). ``intake``: the answer to who just submitted the case: its volgcode, once.
    ``reads``: the fields it reads on this case as the handler of a task (``task_reads``)."""
    k, shared = kind(actor, rules), shared_fields(actor, rules, reads)
    case = readers.worded_for(k, case)  # the model's "Uw ..." lines address the applicant only
    if k in MUNICIPAL_KINDS:
        out = dict(case) if shared is None else _messages_shared(shared_view(case, shared), shared, True)
        return out if intake else {**out, "volgcode": None}
    out = _messages_shared(shared_view(case, shared or frozenset()), shared or frozenset(), False)
    if intake and "volgcode" in case:
        out["volgcode"] = case["volgcode"]
    if isinstance(out.get("tijdlijn"), list):  # public lines, without the officer's account name
        out["tijdlijn"] = [{**e, "door": None} for e in out["tijdlijn"] if e.get("publiek")]
    if isinstance(out.get("conflicten"), list):
        out["conflicten"] = [c for c in out["conflicten"] if not c.get("intern")]
    if k == "extern":  # its texts without the applicant's name, its own tasks without an officer's name
        out = outside_view(case, out)
        if isinstance(out.get("open_taken"), list):
            mine = [t for t in out["open_taken"] if may_see_task(actor, t)]
            out["open_taken"] = [task_names(PARTY_OF_KIND[k], t, actor.username) for t in mine]
    return out


def _messages_shared(out: dict[str, Any], shared: frozenset[str], municipal: bool) -> dict[str, Any]:
    """``out`` with only the received messages (``berichten``) whose texts ``shared`` gives
    (:func:`_message_shared`); outside the ``municipal`` kinds without the account that registered them,
    as the timeline."""
    if isinstance(out.get(berichten.FIELD), list):
        out[berichten.FIELD] = [
            {**m, "door": m.get("door") if municipal else None}
            for m in out[berichten.FIELD]
            if _message_shared(shared, m)
        ]
    return out


def shows_message(
    actor: Actor, rules: Rules, reads: frozenset[str] = frozenset()
) -> Callable[[Mapping[str, Any]], bool]:
    """Which received messages the case file of ``actor`` holds (judged by an entry of
    ``berichten.received`` or the ``berichten.heading`` of its line): those whose texts its share gives
    (:func:`_message_shared`), none when it does not read ``berichten``. The case file pages and counts
    over these only (projection_views.case_dict): its count never tells of a message it may not read.
    ``reads``: as for :func:`case_view`."""
    shared = shared_fields(actor, rules, reads)
    return partial(_message_shared, shared) if shares_part(shared, berichten.FIELD) else _none


def _none(_message: Mapping[str, Any]) -> bool:
    return False


def _message_shared(shared: frozenset[str] | None, message: Mapping[str, Any]) -> bool:
    """Does ``shared`` give the texts of ``message``: does it read the last one of its kind in the case's
    data, every variable the model stores it in (an adviser no bezwaar, a list hiding ``netbericht`` no
    netbeheerder_antwoord; services.berichten)? The text of a line that names no variable (caught by a model
    that merges the message into the data, or kept before the lines named them) only who reads every field
    (fail closed); a line that kept nothing of its message (``bewaard`` False) says only that it came, as the
    timeline does, to who reads the case data."""
    fields = berichten.last_text_fields(message)
    if shares_all(shared) or fields:
        return all(shares_part(shared, f) for f in fields)
    return not message.get("bewaard") and shares_part(shared, berichten.LAST_TEXT_OF)


# -- documents (the rules: services/policy/documents.py) ---------------------------------------------
def document_actor(
    s: Session, actor: Actor, case: Case, rules: Rules, views: bool | None = None
) -> DocumentActor:
    """What the document rules need to know about ``actor`` on ``case``: documents follow the case.
    ``views``: whether the actor may view the case, when the caller has checked it already."""
    k = kind(actor, rules)
    sees = k in PARTY_OF_KIND and (may_view(s, actor, case, rules) if views is None else views)
    reads = task_reads(s, actor, case, rules) if sees else frozenset()
    who, levels, fields = actor.username or "", rules.documents.get(k), shared_fields(actor, rules, reads)
    return document_actor_of(who, actor.groups, k, sees_case=sees, levels=levels, fields=fields, reads=reads)


def may_see_document(s: Session, actor: Actor, case: Case, aanduiding: str, rules: Rules) -> bool:
    """May ``actor`` open a document of ``case`` of this vertrouwelijkheidaanduiding, by the level alone?"""
    return document_actor(s, actor, case, rules).may_open_level(aanduiding)


# -- tasks (the rules: services/policy/tasks.py) ------------------------------------------------------
def loose_task_cases(s: Session, actor: Actor, rules: Rules) -> Any:
    """A WHERE clause on Case: where ``actor`` takes a task without candidate groups (policy.tasks):
    the municipality's staff, on the cases it may see. None means all (the beheerder)."""
    if not is_municipal(actor, rules):
        return Case.id.is_(None)
    return visible_cases(s, actor, rules)


def for_tasks(
    s: Session, actor: Actor, tasks: Iterable[HumanTask | Mapping[str, Any]], rules: Rules
) -> Actor:
    """``actor`` as the task rules need it for these tasks: with the cases among theirs on which it takes
    a task without candidate groups (one query, and none when every task has groups); an outside lead with
    those its own organisation holds (``Actor.own_holds``)."""
    tasks = list(tasks)
    if actor.lead and kind(actor, rules) == "extern":
        own = actor.groups & (rules.external_groups | actor.external_kinds)
        actor = replace(actor, own_holds=held_within(s, own, tasks))
    loose = {case for t in tasks if not task_groups(t) and (case := task_case(t)) is not None}
    if not loose:
        return actor
    clause = loose_task_cases(s, actor, rules)
    q = select(Case.id).where(Case.id.in_(sorted(loose)))
    found = s.scalars(q if clause is None else q.where(clause)).all()
    return replace(actor, staff_cases=actor.staff_cases | frozenset(found))


# -- messages ---------------------------------------------------------------------------------------
def _sender_matches(s: Session, actor: Actor, case: Case, sender: str, message: str, rules: Rules) -> bool:
    k = kind(actor, rules)
    if sender == "initiatiefnemer":
        return actor.via_code or (k == "initiatiefnemer" and may_view(s, actor, case, rules))
    if actor.via_code:
        return False
    if sender == "behandelaar":
        return k in ("beheerder", "behandelaar") and may_view(s, actor, case, rules)
    if sender == AUTHORITY_SENDER:  # the organisation that decides this case (policy.authority)
        return authority_group(case, rules) in actor.groups
    if sender.startswith("groep:"):  # the case's party answers what the case waits for, or a case it sees
        party = case_organisation(case, sender.removeprefix("groep:"))  # the organisation the case names
        waited = message in (case.typed_summary.verwachte_berichten or [])
        return party in actor.groups and (waited or may_view(s, actor, case, rules))
    return False


def may_send(s: Session, actor: Actor, case: Case, message: str, rules: Rules) -> bool:  # [berichten]
    return any(_sender_matches(s, actor, case, who, message, rules) for who in rules.senders_of(message))


def may_reach(s: Session, actor: Actor, case: Case, rules: Rules) -> bool:
    """May ``actor`` open ``case`` or send it some message (an organisation answering what the case waits
    for, its outside bevoegd gezag): whoever may do neither is refused as by ``check_may_view``."""
    if may_view(s, actor, case, rules):
        return True
    names = (set(rules.senders) - {"*"}) | set(case.typed_summary.verwachte_berichten or [])
    return any(may_send(s, actor, case, m, rules) for m in sorted(names))


def check_may_reach(s: Session, actor: Actor, case: Case, rules: Rules, *, asked: int | str) -> None:
    if not may_reach(s, actor, case, rules):
        raise unknown_case(asked)


def check_may_send(s: Session, actor: Actor, case: Case, message: str, rules: Rules) -> bool:
    """Refuse a message to ``case`` from anyone its declaration does not name (403, in Dutch); True
    when the sender is outside the municipality (it may not merge data into the process)."""
    if may_send(s, actor, case, message, rules):
        return actor.via_code or not is_municipal(actor, rules)
    named = case.typed_summary.organisaties if may_view(s, actor, case, rules) else None  # not told others
    raise Forbidden(
        f"U mag het bericht '{message}' niet sturen voor zaak {case.reference}; "
        f"dat mag alleen {describe_senders(rules.senders_of(message), named)}.",
        code="bericht-geen-recht",
    )
