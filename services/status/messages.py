"""The messages an initiator may send from the status page (aanvulling, zienswijze)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from processes.errors import Conflict, ValidationError
from services import cases, policy
from services.clock import today
from services.platform import Platform
from services.status.lookup import Waiting, case_by_code, unknown_code, waiting_of
from services.store.models import Case

MAX_TEXT = 5000


@dataclass(frozen=True)
class PublicMessage:
    name: str
    title: str
    explanation: str
    field_label: str
    not_expected: str
    procedures: tuple[str, ...] = ()  # empty = every procedure whose model knows the message


PUBLIC_MESSAGES = {
    "aanvulling": PublicMessage(
        "aanvulling",
        "Aanvulling indienen",
        "De gemeente heeft u gevraagd uw aanvraag aan te vullen. Beschrijf wat u aanvult en noem de documenten.",
        "Uw aanvulling",
        "Er is op dit moment geen aanvulling nodig.",
    ),
    "zienswijze": PublicMessage(
        "zienswijze",
        "Zienswijze indienen",
        "Het ontwerpbesluit ligt ter inzage. U kunt nu uw zienswijze (reactie) geven.",
        "Uw zienswijze",
        "Er ligt nu geen ontwerpbesluit ter inzage; een zienswijze kan nu niet worden ingediend.",
    ),
}


def public_actions(
    case: Case, code: str, declared: set[str], waiting: Waiting, rules: Any
) -> list[dict[str, Any]]:
    """The messages the model of ``case`` knows and the code holder may send, and whether one is due."""
    actions = []
    for name, msg in PUBLIC_MESSAGES.items():
        if name not in declared or (msg.procedures and case.process_id not in msg.procedures):
            continue
        if not policy.code_holder_may_send(name, rules):
            continue
        expected = name in waiting.messages
        actions.append(
            {
                "bericht": name,
                "titel": msg.title,
                "verwacht": expected,
                "uitleg": msg.explanation if expected else msg.not_expected,
                "veld": msg.field_label,
                "url": f"/status/{code}/{name}",
            }
        )
    return actions


def _checked_fields(msg: PublicMessage, fields: dict[str, Any]) -> tuple[str, list[str]]:
    text = str(fields.get("tekst") or "").strip()
    errors = {}
    if not text:
        errors["tekst"] = f"Vul het veld '{msg.field_label}' in."
    elif len(text) > MAX_TEXT:
        errors["tekst"] = f"Gebruik ten hoogste {MAX_TEXT} tekens."
    docs = [d.strip() for d in str(fields.get("documenten") or "").splitlines() if d.strip()]
    if len(docs) > 20 or any(len(d) > 200 for d in docs):
        errors["documenten"] = "Noem ten hoogste 20 documenten van elk ten hoogste 200 tekens."
    if errors:
        raise ValidationError(
            "Het formulier is niet goed ingevuld.", code="formulier-ongeldig", fouten=errors
        )
    return text, docs


def send_public_message(platform: Platform, code: str, name: str, fields: dict[str, Any]) -> None:
    """Validate and deliver ``aanvulling`` or ``zienswijze`` from the initiator."""
    msg = PUBLIC_MESSAGES.get(name)
    if msg is None:
        raise unknown_code()
    text, docs = _checked_fields(msg, fields)
    with platform.uow(write=False) as uow:
        case = case_by_code(uow.session, code)
        case_id, waiting = case.id, waiting_of(case)
    if name not in waiting.messages:
        raise Conflict(msg.not_expected, code="bericht-niet-verwacht")
    payload = {
        f"{name}_tekst": text,
        f"{name}_documenten": docs,
        f"{name}_ontvangen": today(platform.clock).isoformat(),
    }
    cases.send_message(platform, case_id, name, payload, via_code=True)
