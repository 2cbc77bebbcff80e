"""The messages an initiator sends: from the status page (aanvulling, zienswijze, intrekking, bezwaar,
ingebrekestelling) and with its account.

One set of rules for both ways in: the municipality, not the sender, fixes the day a message was
received (the end of the opschorting, Awb 4:15; the start of the dwangsom, Awb 4:17) and who sent it,
and an aanvulling without the documents its request names is refused. Only a behandelaar registering a
letter that came by post gives the receipt day itself (``ontvangen_op``; the models refuse one in the
future)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from processes import berichtgrenzen, tekens
from processes.errors import Conflict, RuimteflowError, ValidationError
from processes.termijnen.rechtsmiddelen import TER_POST_VELD
from services import cases, policy
from services.clock import today
from services.documents.aanvulling import documenten_status
from services.documents.public import PublicFile, add_files, check_files, withdraw_files
from services.documents.quota import refunded_on_our_failure
from services.documents.types import types_of
from services.platform import Platform
from services.status.deadline import too_late_to_join
from services.status.dwangsom import ingebrekestelling_te_vroeg
from services.status.lookup import (
    Waiting,
    case_by_code,
    term_passed,
    unknown_code,
    waiting_of,
)
from services.status.message_catalog import (
    ALLEEN_BEROEP,
    BEVESTIGING_NODIG,
    CODE_HOLDER,
    PUBLIC_MESSAGES,
    PublicMessage,
)
from services.status.submissions import Bind, charge_message, refunded_if_refused
from services.step_reads import FinalLetters
from services.store.models import Case


def public_actions(
    s: Session, case: Case, code: str, declared: set[str], waiting: Waiting, rules: Any, vandaag: date | None
) -> list[dict[str, Any]]:
    """The messages the code holder may send, and whether one is due: those the model of ``case``
    declares, and those the case waits for in any process it runs (a windpark's aanvulling is caught in
    its called omgevingsvergunning; ``waiting`` is what the engine found in every process of the case).
    One the case's final besluit letter closes (``taken_now``) is not due: it says why."""
    known = declared | waiting.messages
    term = case.typed_summary.rechtsmiddel
    remedy = str(term.get("soort") or "") if term else ""
    actions, letters = [], FinalLetters(s, [case], vandaag)
    for name, msg in PUBLIC_MESSAGES.items():
        if name not in known or (msg.procedures and case.process_id not in msg.procedures):
            continue
        if not policy.code_holder_may_send(name, rules):
            continue
        expected, closed = taken_now(letters, case, msg, waiting, vandaag)
        if (msg.only_when_expected and not expected) or (msg.remedy and remedy != msg.remedy):
            continue
        not_now = closed.detail if closed is not None else msg.not_expected
        actions.append(
            {
                "bericht": name,
                "titel": msg.title,
                "verwacht": expected,
                "uitleg": _explanation(case, msg, vandaag) if expected else not_now,
                "veld": msg.field_label,
                "tekst_verplicht": msg.text_required,
                "bevestiging": msg.confirm or None,
                "url": f"/status/{code}/{name}",
            }
        )
    return actions


def due_now(case: Case, msg: PublicMessage, waiting: Waiting, vandaag: date | None) -> bool:
    """Does the case take ``msg`` now: it waits for it (``waiting``), and a message sent only after the
    beslistermijn (``after_term``) comes after it (``vandaag``). The rule of a letter a behandelaar
    registers (services/status/letters.py): a letter received after the term is registered after it too."""
    if msg.name not in waiting.messages:
        return False
    return not msg.after_term or (vandaag is not None and term_passed(case, vandaag))


def expected_now(case: Case, msg: PublicMessage, waiting: Waiting, vandaag: date | None) -> bool:
    """Does the case take ``msg`` from the code holder now: ``due_now``, and a message sent only after the
    beslistermijn before a besluit; a bezwaar joined to the one in handling only within its term
    (``too_late_to_join``). (A besluit taken late whose letter is dated ahead still takes an
    ingebrekestelling until it is sent, Awb 3:40; the page, which says the besluit is taken, leaves that
    to a letter.)"""
    if not due_now(case, msg, waiting, vandaag) or (msg.remedy and too_late_to_join(case, vandaag)):
        return False
    return not msg.after_term or not case.typed_summary.genomen_besluit


def taken_now(
    letters: FinalLetters, case: Case, msg: PublicMessage, waiting: Waiting, vandaag: date | None
) -> tuple[bool, RuimteflowError | None]:
    """Does the case take ``msg`` from the code holder now (``expected_now``), and if it waits for it but
    its final besluit letter closes it, why not: the refusal the model's step gives (``letters``, the
    case's among them, read once for all the messages asked). What the page offers, what sending it meets
    and what a refusal lists as taken (``verwacht``)."""
    if not expected_now(case, msg, waiting, vandaag):
        return False, None
    closed = letters.closes(case.id, msg.name)
    return closed is None, closed


def is_expected(platform: Platform, code: str, name: str) -> bool:
    """Does the case behind ``code`` take the public message ``name`` now (the page's confirmation step
    asks only then)."""
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code, platform=platform)
        return expected_now(case, PUBLIC_MESSAGES[name], waiting_of(case), today(platform.clock))


def _explanation(case: Case, msg: PublicMessage, vandaag: date | None) -> str:
    """What the page says of an expected message: once its term (``msg.term``) is over, that it is late."""
    if not msg.term or vandaag is None:
        return msg.explanation
    tot = str((getattr(case.typed_summary, msg.term, None) or {}).get("tot") or "")[:10]
    return msg.explanation_late if tot and tot < vandaag.isoformat() else msg.explanation


def check_confirmed(name: str, given: Mapping[str, Any]) -> None:
    """Refuse (422 ``bevestiging-nodig``, ``veld`` bevestigd) an irreversible message (an intrekking, an
    ingebrekestelling: ``PublicMessage.confirm``) that does not say it is confirmed: the status page's
    API twin and the applicant's account alike (the page itself asks its confirmation step first). A
    behandelaar registering a posted letter is not asked: the signed letter is the applicant's
    confirmation."""
    msg = PUBLIC_MESSAGES.get(name)
    if msg is None or not msg.unconfirmed(given):
        return
    raise ValidationError(
        f"{BEVESTIGING_NODIG} {msg.confirm} Stuur het bericht met 'bevestigd': true als u dit wilt.",
        code="bevestiging-nodig",
        status=422,
        veld="bevestigd",
        fouten={"bevestigd": BEVESTIGING_NODIG},
    )


def _checked_fields(msg: PublicMessage, fields: dict[str, Any]) -> tuple[str, list[str]]:
    text = tekens.stripped(str(fields.get("tekst") or ""))
    check_confirmed(msg.name, fields)
    docs = [d.strip() for d in str(fields.get("documenten") or "").splitlines() if d.strip()]
    errors = berichtgrenzen.form_errors(text, docs)  # the limits the applicant's account holds it to too
    if not text and msg.text_required:
        errors["tekst"] = f"Vul het veld '{msg.field_label}' in."
    if errors:
        raise ValidationError(
            "Het formulier is niet goed ingevuld.",
            code="formulier-ongeldig",
            veld=next(iter(errors)),
            fouten=errors,
        )
    return text, docs


def requested_documents(case: Case) -> tuple[list[str], datetime | None]:
    """The document types the open aanvullingsverzoek asks for, and since when (case summary)."""
    request = case.typed_summary.aanvullingsverzoek
    if not isinstance(request, dict) or not request.get("documenttypen"):
        return [], None
    return [str(t) for t in request["documenttypen"]], datetime.fromisoformat(str(request["sinds"]))


def still_missing(
    platform: Platform,
    case_id: int,
    process_id: str,
    requested: tuple[list[str], datetime | None],
    files: Sequence[PublicFile],
) -> list[str]:
    """Requested types that neither arrived since the request nor come with this submission."""
    types, since = requested
    if not types or since is None:
        return []
    status = documenten_status(platform, case_id, gevraagd=types, sinds=since)
    have = Counter(r["type"] for r in status["ontvangen"]) + Counter(f.informatieobjecttype for f in files)
    need = Counter(types)
    names = {c: types_of(platform).type(process_id, c).omschrijving for c in need}
    return [names[c] for c in need if have[c] < need[c]]


def check_complete(
    platform: Platform,
    case_id: int,
    process_id: str,
    requested: tuple[list[str], datetime | None],
    files: Sequence[PublicFile] = (),
    *,
    applicant: bool = True,
) -> tuple[list[int], list[int]]:
    """Refuse (aanvulling-onvolledig) an aanvulling without the requested documents or with bad files.
    A complete message counts against the case's budget of the applicant's messages (``charge_message``);
    files are scanned last, only for a message within the budget (the scan is costly). Returns the ids of
    the message's charge and of its files' charge (``charge_message``)."""
    missing = still_missing(platform, case_id, process_id, requested, files)
    if missing:
        detail = "Uw aanvulling is nog niet compleet. Stuur ook mee: " + ", ".join(missing) + "."
        raise ValidationError(detail, code="aanvulling-onvolledig", fouten={"documenten": detail})
    charged, for_files = (
        charge_message(platform, case_id, files=bool(files)) if applicant or files else ([], [])
    )
    with refunded_if_refused(platform, charged), refunded_on_our_failure(platform, for_files):
        if file_errors := (check_files(platform, process_id, files) if files else {}):
            detail = " ".join(file_errors.values())
            raise ValidationError(detail, code="aanvulling-onvolledig", fouten={"documenten": detail})
    return charged, for_files


def form_payload(name: str, text: str, docs: Sequence[str]) -> dict[str, Any]:
    """The ``gegevens`` of the applicant's message ``name`` as its form (``FORM_FIELDS``) gives them to
    the model: the text also as ``inhoud``, which zienswijze_registreren reads."""
    return {f"{name}_tekst": text, f"{name}_documenten": list(docs), "inhoud": text}


def as_received(platform: Platform, name: str, given: Mapping[str, Any], sender: str) -> dict[str, Any]:
    """The payload of message ``name`` as the municipality registers it: received today, from ``sender``,
    whatever ``given`` says (the models' services read ``ontvangen_op`` and ``indiener``), and without a
    postmark (only a behandelaar registering a letter gives one: a bezwaar posted in time, Awb 6:9 lid 2)."""
    received = today(platform.clock).isoformat()
    kept = {k: v for k, v in given.items() if k != TER_POST_VELD}
    return {**kept, f"{name}_ontvangen": received, "ontvangen_op": received, "indiener": sender}


def refused(case: Case, msg: PublicMessage, vandaag: date) -> str:
    """What the refusal of ``msg`` says: one sent only after the beslistermijn (``after_term``) while that
    term runs says until when it runs (services.status.dwangsom); else ``not_expected``."""
    return (ingebrekestelling_te_vroeg(case, vandaag) if msg.after_term else None) or msg.not_expected


def send_public_message(
    platform: Platform,
    code: str,
    name: str,
    fields: dict[str, Any],
    files: Sequence[PublicFile] = (),
    *,
    before_commit: Bind | None = None,
) -> int:
    """Validate and deliver ``aanvulling`` or ``zienswijze`` from the initiator, with its documents.

    An aanvulling whose request names document types ends the suspension only with those types: a
    submission without them is refused and stores nothing. The files are stored before the message is
    delivered (all of them in one transaction, services.documents.public ``add_files``); when the delivery is refused (not expected any more,
    e.g. the second click of a double click), they are withdrawn again. Every message delivered counts
    against the case's budget (``charge_message``); files the store could not take (StorageFailed) give
    their charge back too. ``before_commit`` writes more in the transaction that takes the message (the
    form's claim, submissions ``once``). Returns the case's id."""
    msg = PUBLIC_MESSAGES.get(name)
    if msg is None:
        raise unknown_code()
    text, docs = _checked_fields(msg, fields)
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code, platform=platform)
        case_id, process_id = case.id, case.process_id
        waiting, vandaag = waiting_of(case), today(platform.clock)
        letters = FinalLetters(uow.session, [case], vandaag)
        expected, closed = taken_now(letters, case, msg, waiting, vandaag)
        refusal = "" if expected else refused(case, msg, vandaag)
        verwacht = sorted(
            n for n, m in PUBLIC_MESSAGES.items() if taken_now(letters, case, m, waiting, vandaag)[0]
        )
        requested = requested_documents(case) if name == "aanvulling" else ([], None)
        term: Mapping[str, Any] = case.typed_summary.rechtsmiddel or {}
    if msg.remedy and term.get("soort") and term["soort"] != msg.remedy:  # never offered: a hand-made POST
        raise Conflict(ALLEEN_BEROEP, code="bezwaar-niet-mogelijk")
    if not expected:  # closed: sent from a page opened before the letter was final
        raise closed or Conflict(refusal, code="bericht-niet-verwacht", verwacht=verwacht)
    charged, for_files = check_complete(platform, case_id, process_id, requested, files)
    with refunded_if_refused(platform, charged):
        with refunded_on_our_failure(platform, for_files):  # a full disk (503): our fault, not the sender's
            stored = add_files(platform, case_id, files) if files else []
        given = form_payload(name, text, docs + [d["titel"] for d in stored])
        payload = as_received(platform, name, given, CODE_HOLDER)
        try:
            cases.send_message(platform, case_id, name, payload, via_code=True, before_commit=before_commit)
        except BaseException:  # refused meanwhile (a second click): its files do not stay on the case
            withdraw_files(platform, case_id, stored)
            raise
    return case_id
