"""The messages a case received, each with its text: the one home of what the ``bericht`` line of the case
history keeps of a message (services.cases.send_message writes it) and of how the case file and the inzage
export read it back.

The process variables keep the last message of a kind only: the model's messageVariable holds the payload
of the last one, as the model reads it, so a second aanvulling replaces the first's text there. That
variable is the model's choice, not always the message's name (the netbeheerder's ``netbeheerder_antwoord``
lands in ``netbericht``, a joined bezwaar in ``gevoegd_bezwaar``): the engine says which variables the
case's model catches the message into (services.engine.message_checks.caught_into), and the line keeps them
(``variabelen``). Who reads the case data's parts of those variables reads the texts of the line
(services/policy, ``_message_shared``); the text of a line that names none (kept before the lines named
them, or caught by a model that merges the payload into the data) only who reads every field.

The history line of each message keeps, append-only, what it said: its text (the applicant's form's, or a
posted letter's ``inhoud``), the names of its documents, its ``indiener`` and its receipt day (the model's
``ontvangen_op``); the line's own moment and actor say when and by whom it was registered. Nothing else of
the payload: a message's data is held to processes.berichtgrenzen before it gets here, its text to
``MAX_STRING``, so a line stays that small.

A line written before Ruimteflow kept these (``{"bericht": name}`` alone) has no text: what exists of it is
the last text of its kind in the case's data, if it was the last. It reads as not kept (``bewaard`` False),
nothing is made up for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.clock import iso_utc

#: the kind of the history line of a received message
EVENT_KIND = "bericht"
#: what a line keeps of its message beside its name; ``TEXT`` is there (maybe empty) on every line that kept it
TEXT, DOCUMENTS, SENDER, RECEIVED_ON = "tekst", "documenten", "indiener", "ontvangen_op"
KEPT = (TEXT, DOCUMENTS, SENDER, RECEIVED_ON)
#: the process variables the case's model stores the message in (its catches' messageVariables)
VARIABLES = "variabelen"
#: the case view's field of the texts, and where the case's data keeps the last message caught into a
#: variable: who reads the parts of a line's variables reads its texts
FIELD = "berichten"
LAST_TEXT_OF = "samenvatting.gegevens"


def _text(name: str, payload: Mapping[str, Any]) -> str:
    """The message's text: the model's ``inhoud``, the form's ``<name>_tekst``, or a ``tekst``."""
    for key in ("inhoud", f"{name}_tekst", "tekst"):
        if isinstance(payload.get(key), str) and payload[key]:
            return str(payload[key])
    return ""


def _documents(name: str, payload: Mapping[str, Any]) -> list[str]:
    """The names of the documents it came with (a list, or one a line)."""
    given: Any = next((payload[k] for k in (f"{name}_documenten", "documenten") if payload.get(k)), [])
    names = given.splitlines() if isinstance(given, str) else given if isinstance(given, list) else []
    return [n for n in names if isinstance(n, str) and n.strip()]


def event_data(
    name: str, payload: Mapping[str, Any], variables: Iterable[str] | None = None
) -> dict[str, Any]:
    """The data of the history line of message ``name`` received with ``payload``; ``variables``: those the
    case's model stored it in (``StepResult.message_variables``)."""
    data: dict[str, Any] = {EVENT_KIND: name, TEXT: _text(name, payload)}
    if variables is not None:
        data[VARIABLES] = sorted(variables)
    if docs := _documents(name, payload):
        data[DOCUMENTS] = docs
    for key in (SENDER, RECEIVED_ON):
        if isinstance(payload.get(key), str) and payload[key]:
            data[key] = payload[key]
    return data


def timeline_data(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A message line's data as the timeline shows it: its name, not what it said (``received`` does, to
    whom may read it)."""
    return None if data is None else {k: v for k, v in data.items() if k not in (*KEPT, VARIABLES)}


def received(at: Any, actor: str | None, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """One entry of the case file's ``berichten``: the message's name, when it was registered and by whom
    (``tijdstip``, ``door``), its receipt day and sender, its text and documents (``bewaard`` False and no
    text for a line written before they were kept), and the process variables its model stored it in
    (``variabelen``, empty when not known: :func:`last_text_fields`)."""
    data = data or {}
    return {
        "bericht": data.get(EVENT_KIND),
        "tijdstip": iso_utc(at),
        "door": actor,
        "ontvangen_op": data.get(RECEIVED_ON),
        SENDER: data.get(SENDER),
        TEXT: data.get(TEXT),
        DOCUMENTS: list(data.get(DOCUMENTS) or []),
        "bewaard": TEXT in data,
        VARIABLES: [str(v) for v in data.get(VARIABLES) or []],
    }


def last_text_field(variable: Any) -> str:
    """The case view's part that holds the last message the model caught into process variable ``variable``."""
    return f"{LAST_TEXT_OF}.{variable}"


def last_text_fields(message: Mapping[str, Any]) -> list[str]:
    """The case view's parts that hold the last message of the kind of ``message`` (an entry of ``received``),
    one per variable its model stores it in; none when those are not known (the policy then shows a kept
    text only to who reads every field)."""
    return [last_text_field(v) for v in message.get(VARIABLES) or []]
