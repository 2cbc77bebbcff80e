"""One case per application form, and a budget of applications per client and per e-mail address.

Every form page carries a random single-use submission token (web/status keeps the tokens it handed
out in the browser's session). The first post with a token claims it in the database: a row of the
``counter`` table named after the token's hash (its primary key makes the claim atomic across
processes; no extra table). The row's value becomes the id of the case it started, written in the
transaction that starts the case (or takes the message), so a case and the claim that names it are never
one without the other; a second post of the same form (double click, back and send again) finds that case
instead of starting another (``once``); a post that started nothing gives its claim back, so the next
post of the form is sent as a new one, never answered as sent. A claim in progress carries a lease
(``LEASE``): a post killed before its commit or rollback holds its form only that long, and the
transaction that binds a claim checks that it is still its own, so a slow post a later one took over
starts nothing.

Applications are counted per client address and per e-mail address in the ``auth_failure`` table of
services.ratelimit (``Settings.applications_per_address_per_hour`` / ``_per_email_per_hour``). Every
message of the applicant (status page or its account) counts per case against
``Settings.status_messages_per_case_per_day``: the volgcode is the applicant's, so a few a day is
plenty (a neighbour's zienswijze comes by letter and the behandelaar registers it, uncounted); one
with files also counts per case against the per-address figure per hour: its files cost the virus
scanner as much as an application's bijlagen.

The status page's message forms carry the same kind of token (web/indiening.py): the claim's
name then hashes the token with the volgcode and the message, so one form registers its message once.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services import policy
from services.clock import tijdstip_nl
from services.platform import Platform
from services.ratelimit import (
    HOUR,
    Budget,
    TooManyAttempts,
    charge,
    charge_or_refuse,
    refunded_on,
    waiting,
)
from services.store.models import Case, Counter

DAY = 24 * HOUR
PREFIX = "aanvraag:"
IN_PROGRESS = 0
#: how long a post waits for an earlier post of its form that still runs (seconds), and how often it looks
WAIT = 5.0
POLL = 0.2
#: how long a claim in progress holds its form (seconds): far longer than a post takes (twice the web
#: worker's timeout of `ruimteflow serve`), so a post killed before its commit or rollback (kill -9, out of
#: memory) blocks its form no longer than this. A slower post that still lives (or a skewed clock) costs
#: no second case: its case's transaction is undone (``ClaimLost``) and it answers the later post's case
LEASE = 120
_MINUTE = 60


class ClaimLost(Exception):
    """The claim of this post's form went to a later post while this one still ran (past its ``LEASE``)."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _name(token: str) -> str:
    return PREFIX + hashlib.sha256(token.encode()).hexdigest()[: 40 - len(PREFIX)]


def _lease(platform: Platform) -> int:
    """The value of a claim in progress taken now: minus the minute (since 1970, UTC; it fits the column)
    its lease ends, rounded up. A claim taken over after the end of an earlier one's ends later: its value
    differs, so each post knows its own claim."""
    return -max(1, math.ceil((platform.clock.now().timestamp() + LEASE) / _MINUTE))


def _running(platform: Platform, value: int) -> bool:
    """Whether a claim of ``value`` (not bound to a case) still holds its form: its lease has not ended.
    ``IN_PROGRESS`` itself has none (``_claim`` gives it one)."""
    return value < IN_PROGRESS and platform.clock.now().timestamp() < -value * _MINUTE


def _claim(platform: Platform, token: str) -> tuple[int | None, int]:
    """Claim ``token`` for this post: (None, the value of the claim this post holds now: a new one, or
    one whose earlier post's lease ended, taken over only if no other post took it over first);
    otherwise the id of the case an earlier post of it started (``IN_PROGRESS`` while that post is still
    running) and the value a claim taken now would have had.

    A claim without a lease (``IN_PROGRESS``: written by Ruimteflow before leases) is not taken over at
    once: during a rolling deploy its post may still run on the previous release, whose bind names its
    case whoever holds the claim. It gets a lease from now (nobody's: no post's claim has that value), so
    it holds its form as a claim taken now would, and one left by a post that died frees it after that."""
    name, lease = _name(token), _lease(platform)
    try:
        with platform.uow() as uow:
            s = uow.session
            row = s.get(Counter, name)
            if row is None:
                s.add(Counter(name=name, value=lease))
            elif row.value > IN_PROGRESS or _running(platform, row.value):
                return max(row.value, IN_PROGRESS), lease
            else:
                held = row.value
                taken = update(Counter).where(Counter.name == name, Counter.value == held)
                if not s.execute(taken.values(value=lease)).rowcount:  # type: ignore[attr-defined]
                    return IN_PROGRESS, lease  # another post took it over first
                if held == IN_PROGRESS:  # given its lease, not taken
                    uow.commit()
                    return IN_PROGRESS, lease
            uow.commit()
            return None, lease
    except IntegrityError:  # a parallel post claimed it between our read and our insert
        with platform.uow(write=False) as uow:
            row = uow.session.get(Counter, name)
            return (max(row.value, IN_PROGRESS) if row is not None else IN_PROGRESS), lease


#: what a ``send`` of ``once`` runs in the transaction that starts its case or takes its message (the
#: ``before_commit`` of services.cases.start_case and send_message): it binds the claim to that case
Bind = Callable[[Session, Case], None]


def _bind(s: Session, token: str, lease: int, case_id: int) -> None:
    """Bind the claim of ``token`` to ``case_id`` only while it still is this post's (``lease``), in one
    statement: ClaimLost when a later post took it over (or bound it), so a taken-over claim never names
    a second case. The row stays locked until the transaction ends."""
    ours = update(Counter).where(Counter.name == _name(token), Counter.value == lease)
    if not s.execute(ours.values(value=case_id)).rowcount:  # type: ignore[attr-defined]
        raise ClaimLost(token)


def bind(platform: Platform, token: str, lease: int, case_id: int) -> None:
    """The post that claimed ``token`` (its claim's value ``lease``) reached ``case_id`` (in a transaction
    of its own); ClaimLost when a later post took the claim over meanwhile."""
    with platform.uow() as uow:
        _bind(uow.session, token, lease, case_id)
        uow.commit()


def release(platform: Platform, token: str, lease: int) -> None:
    """The post that claimed ``token`` (its claim's value ``lease``) started nothing (bad input, refused):
    the form may be sent again. A claim bound to a case stays, and so does one a later post took over."""
    with platform.uow() as uow:
        uow.session.execute(delete(Counter).where(Counter.name == _name(token), Counter.value == lease))
        uow.commit()


def together(*hooks: Bind | None) -> Bind:
    """One ``before_commit`` that runs ``hooks`` (those not None) in order."""

    def run(s: Session, case: Case) -> None:
        for hook in hooks:
            if hook is not None:
                hook(s, case)

    return run


def once(platform: Platform, token: str, send: Callable[[Bind], int]) -> int | None:
    """Run ``send`` (it returns the id of the case it started or reached) once per ``token``: the case
    this post or an earlier one of it went through for; None while an earlier one still runs after
    ``WAIT`` seconds. An earlier post that was refused or failed (its claim released) started nothing,
    so this post is sent itself, never answered as sent; so is one after an earlier post whose lease
    ended (it died before its commit or rollback).

    ``send`` gets the ``Bind`` to run in the transaction that starts its case or takes its message, so
    the case and the claim that names it are committed together: a ``send`` that raises before that
    commit made nothing and gives the claim back; one that raises after it (a mail, the answer, a lost
    connection) leaves the claim naming the case, which the next post of the form is answered with. A
    post that lost its claim to a later one (``ClaimLost``: its case's transaction undone) answers what
    that later one does."""
    while True:
        lease, outcome = _turn(platform, token)
        if lease is None:
            return outcome
        try:
            return _send(platform, token, lease, send)
        except ClaimLost:
            continue


def _turn(platform: Platform, token: str) -> tuple[int | None, int | None]:
    """(the value of this post's claim, None) once the form is this post's; else (None, what ``once``
    answers: the case an earlier post went through for, None while it still runs after ``WAIT``)."""
    deadline = time.monotonic() + WAIT
    while True:
        earlier, lease = _claim(platform, token)
        if earlier is None:
            return lease, None
        outcome = _outcome(platform, token, earlier, deadline)
        if outcome is not None:  # a case, or still running at the deadline
            return None, (None if outcome == IN_PROGRESS else outcome)


def _send(platform: Platform, token: str, lease: int, send: Callable[[Bind], int]) -> int:
    """``send`` for the post that holds the claim of ``lease``, the claim bound in its case's transaction."""
    bound: list[int] = []

    def bind_here(s: Session, case: Case) -> None:
        s.flush()  # the new case's id
        _bind(s, token, lease, case.id)
        bound.append(case.id)

    try:
        case_id = send(bind_here)
    except BaseException:
        release(platform, token, lease)  # only our claim still in progress: one its case's commit bound stays
        raise
    if not bound:  # a send that reached its case without running the bind (none of the forms' own)
        bind(platform, token, lease, case_id)
    return case_id


def _outcome(platform: Platform, token: str, case_id: int, deadline: float) -> int | None:
    """The case an earlier post of ``token`` went through for (``_claim``'s answer ``case_id``), waiting
    until ``deadline`` while it still runs (then ``IN_PROGRESS``); None when it was refused, or its
    lease ended (the form is this post's to take)."""
    while case_id == IN_PROGRESS and time.monotonic() < deadline:
        time.sleep(POLL)
        with platform.uow(write=False) as uow:
            row = uow.session.get(Counter, _name(token))
            if row is None or not (row.value > IN_PROGRESS or _running(platform, row.value)):
                return None
            case_id = max(int(row.value), IN_PROGRESS)
    return case_id


def started_case(platform: Platform, case_id: int) -> dict[str, Any] | None:
    """What the "ontvangen" page shows of the case a form started: its reference, tracking code and title."""
    with platform.uow(write=False) as uow:
        case = uow.session.get(Case, case_id)
        if case is None:
            return None
        return {"id": case.id, "zaak": case.reference, "volgcode": case.tracking_code, "titel": case.title}


def _application_claims(platform: Platform, address: str, email: str) -> list[tuple[Budget, str]]:
    settings = platform.settings
    return [
        (Budget("aanvraag-adres", max(1, int(settings.applications_per_address_per_hour)), HOUR), address),
        (
            Budget("aanvraag-email", max(1, int(settings.applications_per_email_per_hour)), HOUR),
            str(policy.normal_email(email) or ""),
        ),
    ]


def charge_application(platform: Platform, address: str, email: str) -> list[int]:
    """Count one application of ``address`` for ``email``; TooManyAttempts (429) once either used up
    its budget within the hour (then nothing is counted), saying from when it can be sent again. Returns
    what it recorded (``ratelimit.settle`` takes it back)."""
    return charge_or_refuse(
        platform,
        _application_claims(platform, address, email),
        lambda wait: (
            "U heeft te veel aanvragen verstuurd in korte tijd. U kunt uw aanvraag weer versturen "
            f"vanaf {_free_at(platform, wait)}."
        ),
    )


def charge_message(platform: Platform, case_id: int, *, files: bool) -> tuple[list[int], list[int]]:
    """Count one message of the applicant (the volgcode's holder or its own account) for the case, and
    one with files also against the files' hourly budget, before the engine step and any scan;
    TooManyAttempts (429) once the case used up either (then nothing is counted), saying which budget
    and from when a message can be sent again. A behandelaar's registration of a letter (any
    neighbour's zienswijze) is never counted here. Returns the ids of the message's charge and of the
    files' charge: a message refused after all takes the first back (``refunded_if_refused``); the
    files' charge stays, since it pays for the scan (a scanner that refuses must not be asked again and
    again), unless the scanner could not be reached or the store could not take the files
    (services.documents.quota ``refunded_on_our_failure``: the outage is the municipality's, not the
    applicant's)."""
    settings, key = platform.settings, str(case_id)
    per_day = max(1, int(settings.status_messages_per_case_per_day))
    claims = [(Budget("bericht-aanvrager", per_day, DAY), key)]
    if files:
        per_hour = max(1, int(settings.applications_per_address_per_hour))
        claims.append((Budget("bericht-bestanden", per_hour, HOUR), key))
    wait, ids = charge(platform, claims)
    if not wait:
        return ids[:1], ids[1:]
    if not files or waiting(platform, claims[:1]):
        what = f"berichten verstuurd (ten hoogste {per_day} per 24 uur)"
    else:
        what = f"berichten met documenten verstuurd (ten hoogste {per_hour} per uur)"
    raise TooManyAttempts(
        f"Uw bericht is niet verstuurd: voor deze aanvraag zijn te veel {what}. U kunt het weer "
        f"versturen vanaf {_free_at(platform, wait)}. Een brief per post of een telefoontje naar de "
        "gemeente kan altijd.",
        retry_after=wait,
    )


def _free_at(platform: Platform, wait: int) -> str:
    """The moment ``wait`` seconds from now as a user reads it, rounded up to the whole minute shown."""
    free = platform.clock.now() + timedelta(seconds=wait)
    if free.second or free.microsecond:
        free = free.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return tijdstip_nl(free)


@contextmanager
def refunded_if_refused(platform: Platform, charged: list[int]) -> Iterator[None]:
    """Take the charge of a message back when what follows refuses it (a bad file, the engine's
    refusal): only a message registered counts against the budget (review sessie12c, 2)."""
    with refunded_on(platform, charged):
        yield
