"""A message sent from an account (the API, the CLI with --user, the officer's "Bericht registreren"):
who may send it, under which rules, and what the sender reads back. With an Idempotency-Key a retry answers
as the first call did, also when the first call changed what the sender may do now (the case no longer
waits for the message)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from processes import berichtgrenzen, tekens
from processes.errors import Conflict, Forbidden, NotFound, ValidationError
from processes.indiener import applicant_sender
from processes.nederlands import opsomming
from services import case_queries, cases, idempotency, policy
from services.platform import Platform
from services.ratelimit import settle
from services.status.lookup import waiting_of
from services.status.message_catalog import FORM_FIELDS, PUBLIC_MESSAGES
from services.status.messages import (
    as_received,
    check_complete,
    check_confirmed,
    form_payload,
    requested_documents,
    still_missing,
)
from services.status.submissions import Bind, refunded_if_refused, together


def send_from_account(
    platform: Platform,
    case_key: int | str,
    name: str,
    given: Mapping[str, Any],
    username: str,
    claim: idempotency.Claim | None = None,
    *,
    before_commit: Bind | None = None,
) -> dict[str, Any]:
    """Deliver message ``name`` from the account ``username``. Returns the case as that account may read
    it, or only ``{bericht, afgeleverd}`` when it may not open the case (an organisation answering a
    question about a case it has no task on).

    Anyone but a behandelaar (or the beheerder) registering a letter sends under the status page's
    rules: received today and from this account, an applicant's message with only what its form takes
    (``check_applicant_fields``: another field is refused, not dropped), an intrekking or an
    ingebrekestelling only confirmed (``bevestigd: true``), and an aanvulling only with the requested
    documents (uploaded to the case first). A behandelaar registering a posted aanvulling is held to the
    documents too: they must be on the case first (``_check_documents_on_case``). The size of ``given``
    is checked first (processes.berichtgrenzen, before anything is read or stored), the sender before
    anything else; an answer whose fields its model declares (``Registry.message``) carries only those.
    With ``claim`` (an Idempotency-Key) a retry answers as the first call did, without a second message:
    also when the sender's right came from the case waiting for the message, which the first call ended
    (review sessie12d, 1: the retry got 403). A retry is not charged to the case's message budget again
    (pentest13, 1: six retries of one zienswijze used up the day's budget of five). ``before_commit``
    writes more in the transaction that takes the message (a letter form's claim, submissions ``once``)."""
    berichtgrenzen.check_data(given)  # the size of what came in, before anything is read or stored
    rules = policy.rules(platform.settings)
    try:
        answer = _deliver(platform, case_key, name, given, username, claim, rules, before_commit)
    except (Forbidden, NotFound, Conflict):  # NotFound: it may not reach the case (any more)
        earlier = idempotency.earlier_case(platform, claim) if claim is not None else None
        if earlier is None:
            raise
        answer = earlier
    return case_queries.view_now(platform, username, answer) or {"bericht": name, "afgeleverd": True}


def check_may_reach(platform: Platform, case_key: int | str, username: str, key: str | None = None) -> None:
    """Refuse, as an unknown case (404), whoever may neither open ``case_key`` nor send it any message:
    the API asks this before it reads the message's body (policy.check_may_reach). A retry with the
    Idempotency-Key ``key`` of an earlier message to the case passes, to be answered as that was."""
    with platform.uow(write=False) as uow:
        s = uow.session
        case = cases.case_by_key(s, case_key)
        if key is not None and idempotency.used_for(s, platform, username, key, case.id):
            return
        actor = policy.actor_for(s, username)
        policy.check_may_reach(s, actor, case, policy.rules(platform.settings), asked=case_key)


def _deliver(
    platform: Platform,
    case_key: int | str,
    name: str,
    given: Mapping[str, Any],
    username: str,
    claim: idempotency.Claim | None,
    rules: Any,
    before_commit: Bind | None,
) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        s = uow.session
        case = cases.case_by_key(s, case_key)
        user = policy.user_named(s, username)
        actor = policy.Actor.of(user)
        policy.check_may_reach(s, actor, case, rules, asked=case_key)
        policy.check_may_send(s, actor, case, name, rules)
        kind = policy.kind(actor, rules)
        case_id, process_id, waiting = case.id, case.process_id, waiting_of(case)
        requested = requested_documents(case) if name == "aanvulling" else ([], None)
        sender = user.display_name or user.username
    if claim is not None and (earlier := idempotency.earlier_case(platform, claim)) is not None:
        return earlier  # a retry: the first call's answer, not charged again
    payload, charged = dict(given), []
    if (fields := platform.registry.message_fields.get(name)) is not None:  # an answer: what its model reads
        berichtgrenzen.check_fields(name, given, fields)
    if kind not in policy.REGISTERING_KINDS:
        check_applicant_fields(name, given)  # before the charge: a refused message costs nothing
        check_confirmed(name, given)
        form = _as_form(name, given)
        initiator = kind == "initiatiefnemer"  # the applicant: its messages count as the volgcode's do
        if name in waiting.messages:  # else the engine refuses it (bericht-niet-verwacht)
            charged = check_complete(platform, case_id, process_id, requested, applicant=initiator)[0]
        payload = as_received(platform, name, form, applicant_sender(sender) if initiator else sender)
    elif name in waiting.messages:
        _check_documents_on_case(platform, case_id, process_id, requested)
    delivered: list[bool] = []

    def deliver(keep: Any) -> dict[str, Any]:
        written = together(keep, before_commit)
        answer = cases.send_message(platform, case_id, name, payload, actor=username, before_commit=written)
        delivered.append(True)
        return answer

    with refunded_if_refused(platform, charged):
        answer = idempotency.once(platform, claim, deliver)
    if charged and not delivered:  # a parallel call with the key registered it: this one registered nothing
        settle(platform, charged)
    return answer


def _check_documents_on_case(
    platform: Platform, case_id: int, process_id: str, requested: tuple[list[str], datetime | None]
) -> None:
    """Refuse (``aanvulling-onvolledig``, ``veld`` documenten, ``ontbreekt`` the types) a posted aanvulling a
    behandelaar registers while a document type the aanvullingsverzoek asks for is not on the case since
    the request: its registration would end the suspension without it (review vvl16, F3). Paper
    enclosures are scanned and added to the case first, under their type; the letter is registered
    then, and the suspension runs on until it is."""
    missing = still_missing(platform, case_id, process_id, requested, ())
    if missing:
        detail = (
            f"Het aanvullingsverzoek vraagt om: {', '.join(missing)}. Dat staat nog niet bij de zaak (na het "
            "verzoek toegevoegd), en de opschorting eindigt pas als het er is. Voeg de bijlagen van de brief "
            "eerst als document van die soort toe aan de zaak (een papieren bijlage gescand) en registreer "
            "daarna de aanvulling."
        )
        raise ValidationError(
            detail,
            code="aanvulling-onvolledig",
            veld="documenten",
            ontbreekt=missing,
            fouten={"documenten": detail},
        )


def _as_form(name: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The applicant's message ``name`` as the status page's form gives it to the model (``form_payload``),
    from the fields ``check_applicant_fields`` let through: the form's ``tekst``, ``documenten`` (a list,
    or one a line) and ``bevestigd``, or the names the form gives them (review sessie13b, 3: a zienswijze
    sent as ``tekst``, the name the README and the 422 give, was refused as empty). A message that is not
    the applicant's (an organisation's answer) keeps what its model asks."""
    if name not in PUBLIC_MESSAGES:
        return dict(given)
    text: Any = next((given[k] for k in ("tekst", "inhoud", f"{name}_tekst") if given.get(k)), "")
    docs: Any = next((given[k] for k in ("documenten", f"{name}_documenten") if given.get(k)), [])
    docs = docs.splitlines() if isinstance(docs, str) else docs
    fouten: dict[str, str] = {}
    if not isinstance(text, str):
        fouten["tekst"] = "Geef de tekst als tekenreeks."
    if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
        fouten["documenten"] = "Geef de documenten als een lijst van namen."
    if not fouten:  # the status page's limits (``_checked_fields``)
        text, docs = tekens.stripped(text), [d.strip() for d in docs if d.strip()]
        fouten = berichtgrenzen.form_errors(text, docs)
    if fouten:
        raise ValidationError(
            "Het bericht is niet goed ingevuld.",
            code="formulier-ongeldig",
            veld=next(iter(fouten)),
            fouten=fouten,
        )
    payload = form_payload(name, text, docs)
    if "bevestigd" in given:
        payload["bevestigd"] = given["bevestigd"]
    return payload


def applicant_fields(name: str) -> frozenset[str]:
    """What the applicant gives with its message ``name`` from its own account: what the form takes,
    under the form's names (``FORM_FIELDS``) or the names the form gives them (``form_payload``)."""
    return frozenset(FORM_FIELDS) | frozenset(form_payload(name, "", ()))


def check_applicant_fields(name: str, given: Mapping[str, Any]) -> None:
    """Refuse (422 ``berichtgegeven-niet-toegestaan``, ``veld`` the first) the fields of ``given`` an
    applicant's message ``name`` may not carry: what the status page does not take is the
    municipality's to fix, such as the receipt day, the postmark, the sender, or a bezwaar's ``soort``
    and judgement, which the model would trust (pentest13, 2: the applicant's bezwaar registered as a
    beroep, without its Awb 7:10 term). A message that is not the applicant's (an organisation's answer)
    carries what its model asks; a behandelaar registering a letter gives its fields (not checked here)."""
    if name not in PUBLIC_MESSAGES:
        return
    allowed = applicant_fields(name)
    extra = sorted(str(k) for k in given if k not in allowed)
    if extra:
        genoemd = opsomming(f"'{n}'" for n in extra)
        detail = f"Bij een {name} vult alleen de gemeente {genoemd} in. U geeft alleen: {', '.join(sorted(allowed))}."
        raise berichtgrenzen.not_taken(detail, extra, allowed)
