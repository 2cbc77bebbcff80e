"""The limits of the data that enters a case's process state: the one home of what every way in takes.

Data that enters the process state (a message's ``gegevens``, a new case's start data, a completed
task's data) is stored in it, and every later step of the case loads and writes it again; 14 MB of a
message made each step 100 times slower and the worker's memory triple (pentest on the demo). So every
message, whoever sends it and however it comes in (the API, the applicant's account, the status page and
its API twin, "Bericht registreren", the CLI), and every start and task completion, is held to:

- ``check_data``: at most ``MAX_BYTES`` as JSON, nesting at most ``MAX_DEPTH`` deep, at most
  ``MAX_ITEMS`` entries in one object or list, a text at most ``MAX_STRING`` characters and a field name
  at most ``MAX_NAME`` (a message: ``BERICHT``); a new case's and a task's data (``STARTGEGEVENS``,
  ``TAAKGEGEVENS``) have wider caps of the same kinds, as real intakes and forms carry longer lists. The
  walk stops at the first excess, so large data is refused in about the time it took to read it, before
  anything is stored or handed to the engine, with the same code (``TOO_LARGE``);
- the applicant's form (``form_errors``): its text at most ``MAX_TEXT`` characters and at most
  ``MAX_DOCUMENTS`` document names of at most ``MAX_DOCUMENT_NAME`` characters each;
- an outside party's answer whose fields its model declares (``check_fields``): only those fields, each
  text at most as long as declared.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from processes.errors import ValidationError
from processes.nederlands import opsomming

#: the most a message's data may be, serialized as JSON (UTF-8)
MAX_BYTES = 64 * 1024
#: the deepest nesting of objects and lists in a message's data (its own object is level 1)
MAX_DEPTH = 5
#: the most entries of one object or one list in a message's data
MAX_ITEMS = 100
#: the longest text in a message's data (the status page's API twin takes a tekst of 10,000)
MAX_STRING = 10_000
#: the longest field name in a message's data
MAX_NAME = 100
#: a new case's start data and a task's data (``STARTGEGEVENS``, ``TAAKGEGEVENS``): the most as JSON,
#: the deepest nesting and the most entries of one object or list (the demo's largest: see the tests)
MAX_DATA_BYTES = 256 * 1024
MAX_DATA_DEPTH = 6
MAX_DATA_ITEMS = 1000
#: the applicant's form: the longest text, the most documents, the longest document name
MAX_TEXT = 5000
MAX_DOCUMENTS = 20
MAX_DOCUMENT_NAME = 200
#: the most a request carrying one message may be (its JSON body): its data in any JSON spelling
#: (a character written as \\uXXXX takes six bytes) plus the message's name
MAX_BODY_BYTES = 8 * MAX_BYTES

#: the code of a refusal of data (a message's, start or task data) over a limit (400, or 413 for a request body over ``MAX_BODY_BYTES``)
TOO_LARGE = "bericht-te-groot"


def _kb(n: int) -> str:
    return f"{n // 1024} kB"


def too_large(veld: str, detail: str, *, status: int = 400) -> ValidationError:
    """The refusal (``TOO_LARGE``) of a message's data at ``veld``; nothing was stored."""
    message = f"{detail} Er is niets opgeslagen."
    return ValidationError(message, code=TOO_LARGE, status=status, veld=veld, fouten={veld: detail})


def body_too_large(size: int | None) -> ValidationError:
    """The refusal (413) of a request that carries a message in a body over ``MAX_BODY_BYTES``."""
    over = f" (dit verzoek: {_kb(size)})" if size else ""
    return too_large(
        "gegevens",
        f"Een bericht is ten hoogste {_kb(MAX_BODY_BYTES)} groot{over}; de gegevens van een bericht ten "
        f"hoogste {_kb(MAX_BYTES)}.",
        status=413,
    )


def _named(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path) or "gegevens"


@dataclass(frozen=True)
class Grenzen:
    """The caps of one kind of data entering the process state, and how its refusals name that data."""

    bytes: int
    depth: int
    items: int
    string: int
    name: int
    #: "in een bericht": where a text, list or field name over its cap is
    inside: str
    #: "De gegevens van een bericht": the data as a whole
    whole: str


#: a message's data (every way in)
BERICHT = Grenzen(
    MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_STRING, MAX_NAME, "in een bericht", "De gegevens van een bericht"
)
#: a new case's start data (the API, the public intake, the CLI, the demo)
STARTGEGEVENS = Grenzen(
    MAX_DATA_BYTES,
    MAX_DATA_DEPTH,
    MAX_DATA_ITEMS,
    MAX_STRING,
    MAX_NAME,
    "in de startgegevens van een zaak",
    "De startgegevens van een zaak",
)
#: a completed task's data (its form, the API, the CLI), also where its form schema bounds no field
TAAKGEGEVENS = Grenzen(
    MAX_DATA_BYTES,
    MAX_DATA_DEPTH,
    MAX_DATA_ITEMS,
    MAX_STRING,
    MAX_NAME,
    "in de gegevens van een taak",
    "De gegevens van een taak",
)


def _check_node(path: tuple[str | int, ...], value: Any, level: int, caps: Grenzen) -> int:
    """Refuse ``value`` at ``path`` over a limit of its own; its lower bound in bytes as JSON."""
    if isinstance(value, str):
        if len(value) > caps.string:
            raise too_large(_named(path), f"Een tekst {caps.inside} is ten hoogste {caps.string} tekens.")
        return len(value) + 2
    if not isinstance(value, dict | list | tuple):
        return len(str(value))
    if level > caps.depth:
        raise too_large(_named(path), f"{caps.whole} zijn ten hoogste {caps.depth} niveaus diep.")
    if len(value) > caps.items:
        raise too_large(
            _named(path),
            f"Een lijst of object {caps.inside} heeft ten hoogste {caps.items} elementen "
            f"(hier: {len(value)}).",
        )
    return len(value) + 2


def check_data(data: Any, caps: Grenzen = BERICHT) -> None:
    """Refuse (``TOO_LARGE``, ``veld`` the dotted path, ``gegevens`` for the whole) data entering the
    process state over one of ``caps`` (a message's: ``BERICHT``). Stops at the first excess: at most
    ``caps.bytes`` values are looked at."""
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), data, 1)]
    size = 0
    while stack:
        path, value, level = stack.pop()
        size += _check_node(path, value, level, caps)
        if size > caps.bytes:
            break
        if isinstance(value, dict):
            for key, item in value.items():
                name = str(key)
                if len(name) > caps.name:
                    shown = _named((*path, name[:40] + "…"))
                    raise too_large(shown, f"Een veldnaam {caps.inside} is ten hoogste {caps.name} tekens.")
                size += len(name) + 3
                stack.append(((*path, name), item, level + 1))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), item, level + 1) for i, item in enumerate(value))
    if size > caps.bytes or _serialized_size(data) > caps.bytes:
        raise too_large("gegevens", f"{caps.whole} zijn ten hoogste {_kb(caps.bytes)} groot.")


def _serialized_size(data: Any) -> int:
    """The size of ``data`` as JSON in UTF-8 (only called on data ``check_data`` found small)."""
    return len(json.dumps(data, ensure_ascii=False, default=str).encode())


def form_errors(text: str, docs: Sequence[str]) -> dict[str, str]:
    """What the applicant's form (``tekst``, the ``documenten`` it names) holds over its limits, per field
    in Dutch: the status page, its API twin and the applicant's account refuse the same."""
    errors = {}
    if len(text) > MAX_TEXT:
        errors["tekst"] = f"Gebruik ten hoogste {MAX_TEXT} tekens."
    if len(docs) > MAX_DOCUMENTS or any(len(d) > MAX_DOCUMENT_NAME for d in docs):
        errors["documenten"] = (
            f"Noem ten hoogste {MAX_DOCUMENTS} documenten van elk ten hoogste {MAX_DOCUMENT_NAME} tekens."
        )
    return errors


def not_taken(detail: str, extra: Sequence[str], allowed: Iterable[str]) -> ValidationError:
    """The refusal (422 ``berichtgegeven-niet-toegestaan``, ``veld`` the first of ``extra``, ``toegestaan``
    the fields) of a message with fields it does not take: an applicant's, or an answer's."""
    return ValidationError(
        detail, code="berichtgegeven-niet-toegestaan", status=422, veld=extra[0], toegestaan=sorted(allowed)
    )


def check_fields(name: str, data: Mapping[str, Any], fields: Mapping[str, int]) -> None:
    """Refuse the data of message ``name`` that carries a field its model does not ask for (422
    ``berichtgegeven-niet-toegestaan``, ``veld`` the first, ``toegestaan`` the fields), or a text longer
    than its field takes (``TOO_LARGE``). ``fields``: each field's name and its longest text."""
    extra = sorted(str(k) for k in data if k not in fields)
    if extra:
        genoemd = opsomming(repr(n) for n in extra[:5])
        detail = (
            f"Het bericht {name} neemt {genoemd} niet aan. Het neemt alleen: {', '.join(sorted(fields))}."
        )
        raise not_taken(detail, extra, fields)
    for key, longest in fields.items():
        value = data.get(key)
        if isinstance(value, str) and len(value) > longest:
            raise too_large(key, f"Het veld '{key}' van het bericht {name} is ten hoogste {longest} tekens.")
