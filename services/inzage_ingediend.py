"""What one person submitted in a case, for the export of an AVG art. 15 request (``personen inzage``,
services.inzage_export): the one home of that question.

The search (services.inzage) finds the places that hold the search text; what the person submitted herself
often does not hold it: her aanvulling or bezwaar sent from the status page is recorded as sent by "de
aanvrager (via de statuspagina)", her application's answers and her documents carry no name. So, for every
case the search found where she is the applicant (the search text is the case's initiator or its e-mail
address, or the case is an initiator account's found by it, by the rule of "Mijn aanvragen",
services.policy.applicants), this adds:

- ``aanvraag``: the case row's applicant fields, and the answers of the case's application form
  (services.status.application_forms ``answers``) as the case holds them (the case summary's ``gegevens``);
- ``bericht``: each message record in the case summary the applicant sent (its ``indiener`` is the
  applicant: ``processes.indiener.from_applicant``), with its text and the names of its documents;
- ``bericht ontvangen``: each message the applicant sent, by its history line: kind, moment, and what it
  said (services.berichten: its text, documents, indiener and receipt day, every one of them, where the
  summary keeps the last of a kind only; a line written before they were kept says so, ``tekst_bewaard``);
- ``document``: each document the applicant uploaded (with the case's volgcode or an applicant account),
  which the export copies as it copies the documents found.

In a case where she is not the applicant, a message record whose ``indiener`` holds the search text (a
neighbour's zienswijze or bezwaar registered by post) is hers, and so is a message's history line whose
``indiener`` holds it (also when the summary keeps another's message of that kind now), and the history
lines and documents of an initiator account found by the search. What others wrote (another indiener's
zienswijze or bezwaar in the same case) is never added: the search's own places stay as they were. Every item says where it comes from
(``bron``). The history and the documents are read with one query each, whatever the number of cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from processes.constants import Role
from processes.indiener import from_applicant
from services import berichten
from services.clock import in_nl
from services.platform import Platform
from services.policy.applicants import applicant_accounts, own_cases
from services.policy.documents import CODE_HOLDER as DOCUMENT_CODE_HOLDER
from services.store.models import Case, CaseEvent, Document

#: the places of the search (services.inzage ``vindplaatsen``) that make the person the case's applicant
APPLICANT_PLACES = frozenset({"zaak.initiatiefnemer", "zaak.initiatiefnemer_email"})
#: the actor of a history line of a message sent with the case's volgcode (services.cases.send_message), and
#: the uploader of a document it sent (services.documents.public): the applicant's, besides its accounts
APPLICANT_SENDERS = frozenset({"initiatiefnemer", DOCUMENT_CODE_HOLDER})
#: where the search (services.inzage ``_history``) finds the text in the sender of a message's history line
_SENDER_PLACE = f"gegevens.{berichten.SENDER}"
#: the answers of a case's application form in the case's data, by their Dutch label: the caller hands in
#: services.status.application_forms.answers (services.status imports services.bewaren, which imports the
#: export: importing it here would close that circle)
Answers = Callable[[str, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class _Account:
    """An initiator account the search found (services.inzage ``accounts``), for ``own_cases``."""

    username: str | None
    email: str | None


@dataclass(frozen=True)
class _Hers:
    """A case in which the person submitted something: whether she is its applicant, who she is in its
    history and documents (the actors and uploaders that are her), and her message records in it."""

    case: Case
    applicant: bool
    senders: frozenset[str]
    records: list[tuple[str, dict[str, Any]]]
    messages: list[CaseEvent]


def ingediend(
    platform: Platform, found: Mapping[str, Any], answers: Answers | None = None
) -> list[dict[str, Any]]:
    """Per case where the person of the search ``found`` (services.inzage.vind) is the applicant or the
    indiener of a message: what she submitted in it (``zaak``, ``rol``, ``items``; see the module);
    ``answers`` reads the answers of a case's application form from its data."""
    with platform.uow(write=False) as uow:
        s = uow.session
        hers = _cases(s, found)
        ids = [h.case.id for h in hers]
        docs = s.scalars(select(Document).where(Document.case_id.in_(ids)).order_by(Document.id)).all()
        return [
            {
                "zaak": h.case.reference,
                "rol": "aanvrager" if h.applicant else "indiener",
                "items": [
                    *(_aanvraag(h.case, answers) if h.applicant else []),
                    *map(_record_item, h.records),
                    *map(_event_item, h.messages),
                    *(
                        _document_item(h.case.reference, d)
                        for d in docs
                        if d.case_id == h.case.id and d.uploaded_by in h.senders
                    ),
                ],
            }
            for h in hers
        ]


def _cases(s: Session, found: Mapping[str, Any]) -> list[_Hers]:
    """The cases the search found, and those of the initiator accounts it found, in which the person is the
    applicant or has a message record or a received message (``_mine``); their messages read in one query."""
    needle = str(found["zoektekst"]).lower()
    accounts = [
        _Account(a["gebruikersnaam"], a["email"])
        for a in found["accounts"]
        if a["rol"] == Role.INITIATIEFNEMER
    ]
    by_search = {
        z["zaak"] for z in found["zaken"] if APPLICANT_PLACES & {p["veld"] for p in z["vindplaatsen"]}
    }
    # a message's history line whose indiener holds the text: in a case whose data keeps another's now
    refs = {z["zaak"] for z in found["zaken"]} | {
        g["zaak"]
        for g in found["geschiedenis"]
        if g["soort"] == berichten.EVENT_KIND and _SENDER_PLACE in {p["veld"] for p in g["vindplaatsen"]}
    }
    owned = or_(false(), *(own_cases(a) for a in accounts))
    q = select(Case, owned.label("owned")).where(or_(Case.reference.in_(sorted(refs)), owned))
    rows = s.execute(q.order_by(Case.id)).all()
    messages = _messages(s, [case.id for case, _ in rows])
    names = frozenset(a.username for a in accounts if a.username)
    out = []
    for case, own in rows:
        applicant = case.reference in by_search or bool(own)
        senders = names | (applicant_accounts(s, case) | APPLICANT_SENDERS if applicant else frozenset())
        records = [r for r in _records(case.summary or {}) if _mine(r[1], needle, applicant)]
        sent = [
            e
            for e in messages.get(case.id, [])
            if e.actor in senders or _mine(e.data or {}, needle, applicant)
        ]
        if applicant or records or sent:
            out.append(_Hers(case, applicant, senders, records, sent))
    return out


def _messages(s: Session, ids: list[int]) -> dict[int, list[CaseEvent]]:
    """The history lines of the messages the cases ``ids`` received, per case, oldest first (one query)."""
    q = select(CaseEvent).where(CaseEvent.case_id.in_(ids), CaseEvent.kind == berichten.EVENT_KIND)
    out: dict[int, list[CaseEvent]] = {}
    for e in s.scalars(q.order_by(CaseEvent.id)):
        out.setdefault(e.case_id, []).append(e)
    return out


def _mine(record: Mapping[str, Any], needle: str, applicant: bool) -> bool:
    """A message record is the person's when the applicant sent it and she is the case's applicant, or when
    another sent it and its indiener holds the search text (a search for "aanvrager" makes no one the
    sender of every applicant's messages)."""
    indiener = record.get("indiener")
    if from_applicant(indiener):
        return applicant
    return isinstance(indiener, str) and needle in indiener.lower()


def _records(summary: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The message records in a case summary (every record with an ``indiener``), with where each is: the
    case's own lists first, then the last step's data (``gegevens``), without a message a list already
    holds (a zienswijze, a joined bezwaar: the same sender, text and day)."""
    kept: set[tuple[Any, ...]] = set()
    for key in (k for k in summary if k not in ("versie", "gegevens")):
        for path, record in _with_indiener(summary[key], f"samenvatting.{key}"):
            kept.add(_same(record))
            yield path, record
    for path, record in _with_indiener(summary.get("gegevens"), "samenvatting.gegevens"):
        if _same(record) not in kept:
            yield path, record


def _same(record: Mapping[str, Any]) -> tuple[Any, ...]:
    return record.get("indiener"), record.get("inhoud"), record.get("ontvangen_op")


def _with_indiener(doc: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(doc, dict):
        if isinstance(doc.get("indiener"), str):
            yield path, doc
            return
        for key, value in doc.items():
            yield from _with_indiener(value, f"{path}.{key}")
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _with_indiener(value, f"{path}[{i}]")


def _record_item(place: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    path, record = place
    return {"soort": "bericht", "bron": path, "gegevens": record}


def _aanvraag(case: Case, answers: Answers | None) -> list[dict[str, Any]]:
    """The application as the applicant gave it: the case row's fields, and the answers of its form."""
    row = {
        "initiatiefnemer": case.initiator,
        "e-mailadres": case.initiator_email,
        "titel": case.title,
        "locatie": case.location_name,
        "ontvangen_op": case.received_on.isoformat() if case.received_on else None,
    }
    items = [{"soort": "aanvraag", "bron": "zaak", "gegevens": row}]
    given = answers(case.process_id, (case.summary or {}).get("gegevens") or {}) if answers else {}
    if given:
        items.append(
            {"soort": "aanvraag", "bron": "samenvatting.gegevens (aanvraagformulier)", "gegevens": given}
        )
    return items


def _event_item(e: CaseEvent) -> dict[str, Any]:
    """A history line of a message the person sent: which message, when, by whom it was recorded, and what
    it said (services.berichten: its text, documents, indiener, receipt day and its other fields,
    ``gegevens``; a line written before they were kept says so, ``tekst_bewaard`` false, or has none)."""
    message = berichten.received(e.at, e.actor, e.data)
    return {
        "soort": "bericht ontvangen",
        "bron": f"geschiedenis (regel {e.id})",
        "bericht": message["bericht"],
        "op": in_nl(e.at).isoformat(timespec="seconds"),
        "door": e.actor,
        "ontvangen_op": message["ontvangen_op"],
        "indiener": message["indiener"],
        "tekst": message["tekst"],
        "documenten": message["documenten"],
        "gegevens": message["gegevens"],
        "tekst_bewaard": message["bewaard"],
    }


def _document_item(ref: str, d: Document) -> dict[str, Any]:
    """A document the person uploaded, with the keys the export's copy reads (as services.inzage's)."""
    return {
        "soort": "document",
        "bron": f"documenten (document {d.id})",
        "zaak": ref,
        "document": d.id,
        "type": d.informatieobjecttype,
        "titel": d.titel,
        "geupload_door": d.uploaded_by,
        "verwijderd": bool(d.verwijderd),
        "verwijder_reden": d.verwijder_reden,
    }
