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
``ontvangen_op``), and every other field of its payload as it came (``gegevens``: the netbeheerder's
uitkomst, positie, alternatief and congestiegebied; a second answer replaces the first in the process
variables, not here), without the copies of what it keeps already (the form's text also as ``inhoud``, its
``<name>_ontvangen`` day); the line's own moment and actor say when and by whom it was registered. A
message's data is held to processes.berichtgrenzen before it gets here (at most ``MAX_BYTES`` as JSON, every
way in, refused as ``bericht-te-groot``), so a line is never larger than that.

The case file reads the lines a page at a time (``PER_PAGE``, newest first: services.projection_views), so
a case with many answers is not read whole to show its case file; it pages and counts only the lines whose
texts its viewer may read (their ``heading``: services/policy, ``shows_message``).

A line written before Ruimteflow kept these (``{"bericht": name}`` alone) has no text: what exists of it is
the last text of its kind in the case's data, if it was the last. It reads as not kept (``bewaard`` False),
nothing is made up for it. A line that kept its text before it kept the other fields has no ``gegevens``:
it reads with none (``{}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from services.clock import iso_utc

#: the kind of the history line of a received message
EVENT_KIND = "bericht"
#: what a line keeps of its message beside its name; ``TEXT`` is there (maybe empty) on every line that kept it
TEXT, DOCUMENTS, SENDER, RECEIVED_ON = "tekst", "documenten", "indiener", "ontvangen_op"
#: the other fields of its payload, as they came
FIELDS = "gegevens"
KEPT = (TEXT, DOCUMENTS, SENDER, RECEIVED_ON, FIELDS)
#: the process variables the case's model stores the message in (its catches' messageVariables)
VARIABLES = "variabelen"
#: the case view's field of the texts, and where the case's data keeps the last message caught into a
#: variable: who reads the parts of a line's variables reads its texts
FIELD = "berichten"
LAST_TEXT_OF = "samenvatting.gegevens"
#: the most message lines the case file reads at once (a page, newest first); the rest it counts: how many
#: came before its page (``EARLIER``, the case view's field)
PER_PAGE = 20
EARLIER = "berichten_eerder"
#: the last page asked for that is read as asked (a later one reads as this one: none there)
LAST_PAGE = 1_000_000


def _text_keys(name: str) -> tuple[str, ...]:
    return ("inhoud", f"{name}_tekst", "tekst")


def _document_keys(name: str) -> tuple[str, ...]:
    return (f"{name}_documenten", "documenten")


def _text(name: str, payload: Mapping[str, Any]) -> str:
    """The message's text: the model's ``inhoud``, the form's ``<name>_tekst``, or a ``tekst``."""
    for key in _text_keys(name):
        if isinstance(payload.get(key), str) and payload[key]:
            return str(payload[key])
    return ""


def _documents(name: str, payload: Mapping[str, Any]) -> list[str]:
    """The names of the documents it came with (a list, or one a line)."""
    given: Any = next((payload[k] for k in _document_keys(name) if payload.get(k)), [])
    names = given.splitlines() if isinstance(given, str) else given if isinstance(given, list) else []
    return [n for n in names if isinstance(n, str) and n.strip()]


def _other_fields(name: str, payload: Mapping[str, Any], kept: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``payload`` that the line's ``kept`` parts do not hold already: not its text (under
    any of its keys, when it says the same), its documents, sender and receipt day (also the form's own
    ``<name>_ontvangen``, when the same day), nor an empty one (None, ""). As JSON holds them: a value the
    engine takes but JSON has no type for (a date from an internal caller) as its text."""
    same = {
        **{k: kept[TEXT] for k in _text_keys(name)},
        f"{name}_ontvangen": kept.get(RECEIVED_ON),
        SENDER: kept.get(SENDER),
        RECEIVED_ON: kept.get(RECEIVED_ON),
    }
    documents = _document_keys(name)
    other = {
        str(k): v
        for k, v in payload.items()
        if k not in documents and not (k in same and v == same[k]) and v not in (None, "")
    }
    return dict(json.loads(json.dumps(other, default=str))) if other else {}


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
    if fields := _other_fields(name, payload, data):
        data[FIELDS] = fields
    return data


def timeline_data(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A message line's data as the timeline shows it: its name, not what it said (``received`` does, to
    whom may read it)."""
    return None if data is None else {k: v for k, v in data.items() if k not in (*KEPT, VARIABLES)}


def heading(name: Any, variables: Any, kept: bool) -> dict[str, Any]:
    """What the policy judges a message line by, without its texts (the parts of an entry of ``received``
    it reads: services/policy, ``shows_message``): its name, the variables its model stored it in and
    whether it kept its text (``bewaard``)."""
    return {EVENT_KIND: name, "bewaard": kept, VARIABLES: [str(v) for v in variables or []]}


def received(at: Any, actor: str | None, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """One entry of the case file's ``berichten``: the message's name, when it was registered and by whom
    (``tijdstip``, ``door``), its receipt day and sender, its text and documents (``bewaard`` False and no
    text for a line written before they were kept), its other fields (``gegevens``, ``{}`` for a line
    written before they were kept) and the process variables its model stored it in (``variabelen``, empty
    when not known: :func:`last_text_fields`)."""
    data = data or {}
    return {
        **heading(data.get(EVENT_KIND), data.get(VARIABLES), TEXT in data),
        "tijdstip": iso_utc(at),
        "door": actor,
        "ontvangen_op": data.get(RECEIVED_ON),
        SENDER: data.get(SENDER),
        TEXT: data.get(TEXT),
        DOCUMENTS: list(data.get(DOCUMENTS) or []),
        FIELDS: dict(data.get(FIELDS) or {}),
    }


def last_text_field(variable: Any) -> str:
    """The case view's part that holds the last message the model caught into process variable ``variable``."""
    return f"{LAST_TEXT_OF}.{variable}"


def last_text_fields(message: Mapping[str, Any]) -> list[str]:
    """The case view's parts that hold the last message of the kind of ``message`` (an entry of ``received``),
    one per variable its model stores it in; none when those are not known (the policy then shows a kept
    text only to who reads every field)."""
    return [last_text_field(v) for v in message.get(VARIABLES) or []]
