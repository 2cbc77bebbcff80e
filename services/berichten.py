"""The messages a case received, each with its text: the one home of what the ``bericht`` line of the case
history keeps of a message (services.cases.send_message writes it) and of how the case file and the inzage
export read it back.

The process variables keep the last message of a kind only: the model's messageVariable (``aanvulling``)
holds the payload of the last one, as the model reads it, so a second aanvulling replaces the first's text
there. The history line of each message keeps, append-only, what it said: its text (the applicant's form's,
or a posted letter's ``inhoud``), the names of its documents, its ``indiener`` and its receipt day (the
model's ``ontvangen_op``); the line's own moment and actor say when and by whom it was registered. Nothing
else of the payload: a message's data is held to processes.berichtgrenzen before it gets here, its text to
``MAX_STRING``, so a line stays that small.

A line written before Ruimteflow kept these (``{"bericht": name}`` alone) has no text: what exists of it is
the last text of its kind in the case's data, if it was the last. It reads as not kept (``bewaard`` False),
nothing is made up for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.clock import iso_utc

#: the kind of the history line of a received message
EVENT_KIND = "bericht"
#: what a line keeps of its message beside its name; ``TEXT`` is there (maybe empty) on every line that kept it
TEXT, DOCUMENTS, SENDER, RECEIVED_ON = "tekst", "documenten", "indiener", "ontvangen_op"
KEPT = (TEXT, DOCUMENTS, SENDER, RECEIVED_ON)
#: the case view's field of the texts, and where the case's data keeps the last one of message ``name``
#: (the models' messageVariable is the message's name): who reads that part reads the texts of its kind
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


def event_data(name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The data of the history line of message ``name`` received with ``payload``."""
    data: dict[str, Any] = {EVENT_KIND: name, TEXT: _text(name, payload)}
    if docs := _documents(name, payload):
        data[DOCUMENTS] = docs
    for key in (SENDER, RECEIVED_ON):
        if isinstance(payload.get(key), str) and payload[key]:
            data[key] = payload[key]
    return data


def timeline_data(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A message line's data as the timeline shows it: its name, not what it said (``received`` does, to
    whom may read it)."""
    return None if data is None else {k: v for k, v in data.items() if k not in KEPT}


def received(at: Any, actor: str | None, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """One entry of the case file's ``berichten``: the message's name, when it was registered and by whom
    (``tijdstip``, ``door``), its receipt day and sender, its text and documents (``bewaard`` False and no
    text for a line written before they were kept)."""
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
    }


def last_text_field(name: Any) -> str:
    """The case view's part that holds the last text of message ``name`` (policy: who reads it reads them)."""
    return f"{LAST_TEXT_OF}.{name}"
