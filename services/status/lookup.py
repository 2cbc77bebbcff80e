"""Finding a case by its unguessable tracking code, and what the case waits for.

A wrong and a missing code get exactly the same answer (``UnknownCode``); a malformed code is refused
before the database is asked. The code of a case closed (afgerond) longer ago than
``Settings.volgcode_geldig_dagen`` days is expired (``ExpiredCode``, a kind of unknown code: the web
counts it against the client's address as it counts a wrong one, so expiry tells no more than today).
A code expires no later than the day before a case closed when it did may first be destroyed (the
shortest term of ``services.bewaren.termijn.vernietigingstermijnen``): the link never opens a case on the
day ``zaken opschonen`` may remove it. The code of a case destroyed after its bewaartermijn, known by its
hash in the destruction register (``services.bewaren.register.volgcode_sha256``), is expired too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select

from processes.bewaartermijn import Termijn
from processes.constants import CaseStatus
from processes.errors import NotFound
from services.bewaren.register import volgcode_sha256
from services.bewaren.termijn import eerste_vernietigingsdag, vernietigingstermijnen
from services.clock import in_nl, start_of_day, today
from services.config import Settings
from services.platform import Platform
from services.projection_case import term_stands_still
from services.store.models import Case, ModelFile, ProcessDefinition, Vernietiging

#: token_urlsafe(24) gives 32 characters; accept a little slack, refuse anything else before querying.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class UnknownCode(NotFound):
    """A wrong and a missing code get exactly the same answer."""

    code = "volgcode-onbekend"
    title = "Niet gevonden"


def unknown_code() -> UnknownCode:
    return UnknownCode(
        "Er is geen aanvraag met deze volgcode. Controleer de link in uw ontvangstbevestiging."
    )


class ExpiredCode(UnknownCode):
    """The code of a case closed longer ago than ``Settings.volgcode_geldig_dagen`` days."""

    code = "volgcode-verlopen"
    title = "Volgcode niet meer geldig"
    status = 410


def expired_code(contact: str = "") -> ExpiredCode:
    reach = f": {contact}" if contact else "."
    return ExpiredCode(
        "Deze volgcode is niet meer geldig: de aanvraag is afgerond en de termijn waarin u haar hier "
        f"kon volgen is voorbij. Heeft u nog vragen over deze aanvraag, neem dan contact op met de gemeente{reach}"
    )


def code_valid_until(case: Case, settings: Settings) -> date | None:
    """The last day ``case``'s tracking code opens its status page: the Dutch calendar day it closed
    plus ``settings.volgcode_geldig_dagen``, and no later than the day before a case closed that day may
    first be destroyed; None while it is not closed (the code has no end yet)."""
    if case.status != CaseStatus.AFGEROND or case.closed_at is None:
        return None
    return _last_day(in_nl(case.closed_at).date(), settings, vernietigingstermijnen(settings))


def _last_day(closed: date, settings: Settings, terms: tuple[Termijn, ...]) -> date:
    until = closed + timedelta(days=settings.volgcode_geldig_dagen)
    first = eerste_vernietigingsdag(terms, closed)
    return until if first is None else min(until, first - timedelta(days=1))


def code_expired(case: Case, settings: Settings, day: date) -> bool:
    until = code_valid_until(case, settings)
    return until is not None and day > until


def code_live(settings: Settings, day: date) -> ColumnElement[bool]:
    """The query twin of ``not code_expired(case, settings, day)``: cases whose code still works, those
    closed on or after the first closing day whose last day (``_last_day``, which never falls as the
    closing day grows) is ``day`` or later."""
    terms = vernietigingstermijnen(settings)
    first_closing_day = day - timedelta(days=settings.volgcode_geldig_dagen)
    while first_closing_day <= day and _last_day(first_closing_day, settings, terms) < day:
        first_closing_day += timedelta(days=1)
    return or_(
        Case.status != CaseStatus.AFGEROND,
        Case.closed_at.is_(None),
        Case.closed_at >= start_of_day(first_closing_day),
    )


def case_by_code(s: Any, code: str, *, platform: Platform) -> Case:
    """The case with this tracking code; ``UnknownCode`` for a wrong or malformed one and
    ``ExpiredCode`` when its case closed too long ago or was destroyed."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise unknown_code()
    case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
    if case is None:
        if s.scalar(select(Vernietiging.id).where(Vernietiging.volgcode_sha256 == volgcode_sha256(code))):
            raise expired_code()  # its case was destroyed after its bewaartermijn
        raise unknown_code()
    if code_expired(case, platform.settings, today(platform.clock)):
        raise expired_code()
    return case


def check_code(platform: Platform, code: str) -> None:
    """Raise ``UnknownCode`` (or ``ExpiredCode``) unless this tracking code opens a case."""
    case_id_of(platform, code)


def case_id_of(platform: Platform, code: str) -> int:
    """The id of the case with this tracking code; ``UnknownCode`` or ``ExpiredCode`` otherwise."""
    with platform.uow(write=False) as uow:
        return case_by_code(uow.session, code, platform=platform).id


def main_source(s: Any, case: Case) -> str:
    pd = s.get(ProcessDefinition, case.definition_id)
    if pd is None:
        return ""
    return s.scalar(select(ModelFile.source).where(ModelFile.content_hash == pd.main_file_hash)) or ""


def model_messages(source: str) -> set[str]:
    """Names of the messages a BPMN model declares (``<bpmn:message name=..>``)."""
    return set(re.findall(r"<(?:\w+:)?message\b[^>]*\bname=\"([^\"]+)\"", source))


@dataclass
class Waiting:
    messages: set[str] = field(default_factory=set)


#: statuses in which the case takes messages: an incident (a timer step failed) still takes the
#: initiator's message, as an officer's step does; so does a case paused by beheer: the pause stops the
#: platform's own steps (timers) and the officers' work, not what arrives from outside, whose receipt day
#: counts (an aanvulling ends the opschorting, Awb 4:15; its term runs on during the pause)
TAKES_MESSAGES = (CaseStatus.LOPEND, CaseStatus.INCIDENT, CaseStatus.GEPAUZEERD)


def waiting_of(case: Case) -> Waiting:
    """What the case waits for, from the projection the engine writes at every step."""
    if case.status not in TAKES_MESSAGES:
        return Waiting()
    summary = case.typed_summary
    return Waiting(set(summary.verwachte_berichten or []))


def term_passed(case: Case, day: date) -> bool:
    """The case's beslistermijn ended before ``day`` (and does not stand still). Whether a besluit was
    taken meanwhile is the caller's question."""
    last = case.uiterlijke_einddatum_afdoening
    return last is not None and not term_stands_still(case) and day > last


def expected_messages(platform: Platform, code: str) -> set[str]:
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code, platform=platform)
        return waiting_of(case).messages
