"""Finding one person's data across the cases, for an AVG art. 15 request (inzage): ``ruimteflow personen
zoeken`` and ``personen inzage`` (the export, ``services.inzage_export``).

A search text (a name, an e-mail address, an address; at least ``MIN_LENGTE`` characters) is looked for as a
case-insensitive part of a text in: the case row (initiator, its e-mail address, the account that
applied, title, location), the case summary (every text in it: the zienswijzen and their indieners, the
data of the last task), the case history (the line and its data), the documents' metadata (title, auteur,
organisatie, uploader), the outbox's mails (recipient, subject) and the accounts (username, name, e-mail
address). Each table is read with one query, whatever the number of cases.

JSON columns are searched the same way on SQLite and PostgreSQL: the query selects the rows whose JSON text
holds every ASCII run of the search text (``_candidates``: JSON escapes other characters, as ``\\u00e9``,
and SQLite's ``lower`` folds ASCII only), and the texts of those rows are then compared in Python, so that
"Çelik" finds "çelik" on both. Plain text columns take the same path.

Every search is recorded first, in its own transaction, as an audit line in ``account_event``
(``services.account_audit``: who, when and the search text; never what it found), and once it is done the
line gets how many places it found (``vindplaatsen``), so it still tells something when its search text is
removed after its term (``services.bewaren.zoeklog``). A search that failed has no number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import String, and_, cast, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from processes.errors import ValidationError
from services import account_audit
from services.clock import in_nl
from services.mail.compose import CHANNEL as MAIL
from services.platform import Platform
from services.store.models import AccountEvent, Case, CaseEvent, Document, OutboxMessage, User

MIN_LENGTE = 3
MAX_LENGTE = 200
#: where a search looks, as the Dutch text names it (also the keys of the result, but "zaken")
BRONNEN = ("zaken", "samenvattingen", "geschiedenis", "documenten", "uitgaande berichten", "accounts")
#: the ASCII characters JSON writes as themselves (not '"', '\\' nor control characters)
_ASCII_RUN = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]+")
#: the case row's texts that may name a person, with the name the result gives them
_CASE_FIELDS = {
    "initiatiefnemer": Case.initiator,
    "initiatiefnemer_email": Case.initiator_email,
    "gestart_door": Case.started_by,
    "titel": Case.title,
    "locatie": Case.location_name,
}


def zoektekst(text: str) -> str:
    """The search text without surrounding spaces; too short or too long is a Dutch refusal."""
    value = " ".join(str(text or "").split())
    if len(value) < MIN_LENGTE:
        raise ValidationError(
            f"Geef een zoektekst van minstens {MIN_LENGTE} tekens (een naam, e-mailadres of adres); "
            f"'{value}' is te kort om een persoon te vinden.",
            code="zoektekst-te-kort",
        )
    if len(value) > MAX_LENGTE:
        raise ValidationError(f"De zoektekst is langer dan {MAX_LENGTE} tekens.", code="zoektekst-te-lang")
    return value


def record(platform: Platform, text: str, kind: account_audit.Kind, *, door: str, **extra: Any) -> int:
    """The audit line of one search (committed before the search runs: a failing export is still on it);
    its id, for ``record_found``."""
    with platform.uow() as uow:
        line = account_audit.record(
            uow.session, platform, "", kind, door=door, was=None, nu={account_audit.ZOEKTEKST: text, **extra}
        )
        uow.session.flush()
        line_id = line.id
        uow.commit()
    return line_id


def record_found(platform: Platform, line_id: int, found: int) -> None:
    """Add to the search's audit line how many places it found (the line locked: ``zaken opschonen`` may
    be removing its search text at the same moment, services.bewaren.zoeklog)."""
    with platform.uow() as uow:
        line = uow.session.scalars(
            select(AccountEvent).where(AccountEvent.id == line_id).with_for_update()
        ).one()
        line.nu = {**(line.nu or {}), account_audit.VINDPLAATSEN: found}
        uow.commit()


def zoek(platform: Platform, text: str, *, door: str) -> dict[str, Any]:
    """Every place the search text occurs (see the module), grouped by where it was found; audited."""
    text = zoektekst(text)
    line_id = record(platform, text, "persoon-gezocht", door=door)
    found = vind(platform, text)
    record_found(platform, line_id, found["aantal"])
    return found


def vind(platform: Platform, text: str) -> dict[str, Any]:
    """The search itself, without the audit line (``zoek`` and the export write their own)."""
    needle = text.lower()
    with platform.uow(write=False) as uow:
        s = uow.session
        found: dict[str, Any] = {"zoektekst": text}
        found["zaken"] = list(_cases(s, needle))
        found["geschiedenis"] = list(_history(s, needle))
        found["documenten"] = list(_documents(s, needle))
        found["berichten"] = list(_mails(s, needle))
        found["accounts"] = list(_accounts(s, needle))
    found["aantal"] = aantal(found)
    return found


def aantal(found: dict[str, Any]) -> int:
    """How many places a search found: each text of a case or history line, each document, mail, account."""
    per_line = sum(len(x["vindplaatsen"]) for key in ("zaken", "geschiedenis") for x in found[key])
    return per_line + sum(len(found[key]) for key in ("documenten", "berichten", "accounts"))


def _candidates(needle: str, *columns: Any) -> ColumnElement[bool]:
    """The rows one of whose ``columns`` (a JSON column as its text) may hold ``needle``: each holds every
    ASCII run of it, case-insensitively; Python decides (``_matches``, ``_walk``)."""
    runs = _ASCII_RUN.findall(needle)
    per_column = []
    for column in columns:
        as_text = cast(column, String)
        per_column.append(
            and_(*(as_text.icontains(run, autoescape=True) for run in runs)) if runs else true()
        )
    return or_(*per_column)


def _matches(value: Any, needle: str) -> bool:
    return isinstance(value, str) and needle in value.lower()


def _walk(doc: Any, needle: str, path: str, item: Any = None) -> Iterator[dict[str, Any]]:
    """The texts in a JSON document that hold ``needle``: where (``veld``), the text and, inside a list of
    records (a zienswijze of ``ingediende_zienswijzen``), that whole record (``gegeven``)."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _walk(value, needle, f"{path}.{key}", item)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _walk(value, needle, f"{path}[{i}]", value if isinstance(value, dict) else item)
    elif _matches(doc, needle):
        yield {"veld": path, "waarde": doc} | ({"gegeven": item} if item is not None else {})


def _cases(s: Any, needle: str) -> Iterator[dict[str, Any]]:
    q = (
        select(Case.reference, Case.procedure, Case.status, Case.summary, *_CASE_FIELDS.values())
        .where(_candidates(needle, *_CASE_FIELDS.values(), Case.summary))
        .order_by(Case.id)
    )
    for row in s.execute(q):
        places = [
            {"veld": f"zaak.{name}", "waarde": value}
            for name, value in zip(_CASE_FIELDS, row[4:], strict=True)
            if _matches(value, needle)
        ]
        places += _walk(
            {k: v for k, v in (row.summary or {}).items() if k != "versie"}, needle, "samenvatting"
        )
        if places:
            yield {
                "zaak": row.reference,
                "titel": row.title,  # the case's title, one of _CASE_FIELDS
                "procedure": row.procedure,
                "status": row.status,
                "vindplaatsen": places,
            }


def _history(s: Any, needle: str) -> Iterator[dict[str, Any]]:
    q = (
        select(Case.reference, CaseEvent.id, CaseEvent.at, CaseEvent.kind, CaseEvent.message, CaseEvent.data)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(_candidates(needle, CaseEvent.message, CaseEvent.data))
        .order_by(CaseEvent.id)
    )
    for ref, event_id, at, kind, message, data in s.execute(q):
        places = [{"veld": "tekst", "waarde": message}] if _matches(message, needle) else []
        places += _walk(data or {}, needle, "gegevens")
        if places:
            line = {"zaak": ref, "regel": event_id, "op": in_nl(at).isoformat(timespec="seconds")}
            yield line | {"soort": kind, "tekst": message, "vindplaatsen": places}


#: a document's metadata that may name a person, with the name the result gives them
_DOCUMENT_FIELDS = {
    "titel": Document.titel,
    "auteur": Document.auteur,
    "organisatie": Document.organisatie,
    "geupload_door": Document.uploaded_by,
}


def _documents(s: Any, needle: str) -> Iterator[dict[str, Any]]:
    q = (
        select(
            Case.reference,
            Document.id,
            Document.verwijderd,
            Document.verwijder_reden,
            Document.informatieobjecttype,
            *_DOCUMENT_FIELDS.values(),
        )  # fmt: skip
        .join(Case, Case.id == Document.case_id)
        .where(_candidates(needle, *_DOCUMENT_FIELDS.values()))
        .order_by(Document.id)
    )
    for row in s.execute(q):
        values = dict(zip(_DOCUMENT_FIELDS, row[5:], strict=True))
        fields = [name for name, value in values.items() if _matches(value, needle)]
        if fields:
            yield (
                {"zaak": row.reference, "document": row.id, "type": row.informatieobjecttype}
                | values
                | {
                    "verwijderd": bool(row.verwijderd),
                    "verwijder_reden": row.verwijder_reden,
                    "gevonden_in": fields,
                }
            )


def _mails(s: Any, needle: str) -> Iterator[dict[str, Any]]:
    q = (
        select(
            Case.reference,
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.status,
            OutboxMessage.created_at,
            OutboxMessage.payload,
        )  # fmt: skip
        .outerjoin(Case, Case.id == OutboxMessage.case_id)
        .where(OutboxMessage.channel == MAIL, _candidates(needle, OutboxMessage.payload))
        .order_by(OutboxMessage.id)
    )
    for ref, message_id, kind, status, at, payload in s.execute(q):
        aan, onderwerp = (payload or {}).get("aan"), (payload or {}).get("onderwerp")
        fields = [name for name, value in (("aan", aan), ("onderwerp", onderwerp)) if _matches(value, needle)]
        if fields:
            yield {"zaak": ref, "bericht": message_id, "soort": kind, "status": status,
                   "op": in_nl(at).isoformat(timespec="seconds"), "aan": aan, "onderwerp": onderwerp,
                   "gevonden_in": fields}  # fmt: skip


def _accounts(s: Any, needle: str) -> Iterator[dict[str, Any]]:
    columns = {"gebruikersnaam": User.username, "naam": User.display_name, "email": User.email}
    q = select(User.role, *columns.values()).where(_candidates(needle, *columns.values())).order_by(User.id)
    for row in s.execute(q):
        values = dict(zip(columns, row[1:], strict=True))
        fields = [name for name, value in values.items() if _matches(value, needle)]
        if fields:
            yield values | {"rol": row.role, "gevonden_in": fields}
