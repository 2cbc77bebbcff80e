"""Finding a case by its unguessable tracking code, and what the case waits for.

A wrong and a missing code get exactly the same answer (``UnknownCode``); a malformed code is refused
before the database is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from processes.errors import NotFound
from services.platform import Platform
from services.store.models import Case, ModelFile, ProcessDefinition

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


def case_by_code(s: Any, code: str) -> Case:
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise unknown_code()
    case = s.scalars(select(Case).where(Case.tracking_code == code)).first()
    if case is None:
        raise unknown_code()
    return case


def check_code(platform: Platform, code: str) -> None:
    """Raise ``UnknownCode`` unless a case has this tracking code."""
    case_id_of(platform, code)


def case_id_of(platform: Platform, code: str) -> int:
    """The id of the case with this tracking code; ``UnknownCode`` otherwise."""
    with platform.uow(write=False) as uow:
        return case_by_code(uow.session, code).id


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
TAKES_MESSAGES = ("lopend", "incident", "gepauzeerd")


def waiting_of(case: Case) -> Waiting:
    """What the case waits for, from the projection the engine writes at every step."""
    if case.status not in TAKES_MESSAGES:
        return Waiting()
    summary = case.typed_summary
    return Waiting(set(summary.verwachte_berichten or []))


def expected_messages(platform: Platform, code: str) -> set[str]:
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code)
        return waiting_of(case).messages
