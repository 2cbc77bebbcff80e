"""Documents a user task requires before it may be completed (issue 13: "an advice task can require an
advice report, declared in the model like the form").

The model declares them with the element property ``documenten``: a JSON list of informatieobjecttype
codes of bpmn/documenttypen.toml, e.g. ``["advies"]`` (a code twice: two documents of that type). The
projection keeps the list in the task's stored form schema under ``x-documenten`` (an annotation JSON
Schema ignores), so the inbox row carries it without a new column.

The requirement is met when, for every listed type, enough documents of that type (not deleted) got a
version uploaded by the person completing the task since the task became ready; a besluit counts only
with the besluitdatum and verzenddatum it was uploaded with (a signed besluit is taken and made known). A report of another
adviser, one from before the task, or one another task of the same person counted already (an adviser in
two advice groups writes two reports) does not count. Completing without it is refused in Dutch and
changes nothing.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.clock import as_utc
from services.platform import Platform
from services.store.models import Case, Document, DocumentVersion, HumanTask

EXTENSION_KEY = "x-documenten"
PROPERTY = "documenten"
#: a task where a besluit is taken: property ``besluit`` = JSON list of its possible outcomes
BESLUIT_KEY = "x-besluit"
BESLUIT_PROPERTY = "besluit"
#: the document type of a besluit: a required one counts only with its besluitdatum and verzenddatum
BESLUIT_TYPE = "besluit"
#: the form field (and task data) in which the officer names the document types an aanvulling must bring
#: (bpmn/MODELLING.md, "Aanvullingsverzoek")
REQUESTED_FIELD = "gevraagde_documenten"


def parse_property(value: str, name: str = PROPERTY) -> list[str]:
    """A list property (``documenten``, ``besluit``) as a list of codes; a Dutch ValueError when malformed."""
    try:
        codes = json.loads(value)
    except ValueError as exc:
        raise ValueError(f"eigenschap '{name}' is geen geldige JSON ({exc})") from None
    if not isinstance(codes, list) or not all(isinstance(c, str) and c.strip() for c in codes):
        raise ValueError(f"eigenschap '{name}' moet een JSON-lijst van codes zijn, bijvoorbeeld [\"advies\"]")
    return [c.strip() for c in codes]


def form_with_documents(form: dict[str, Any] | None, properties: Mapping[str, str]) -> dict[str, Any] | None:
    """The stored form schema of a task: the model's form plus the required document types and, on a
    step where a besluit is taken, its possible outcomes."""
    extra: dict[str, Any] = {}
    if properties.get(PROPERTY):
        extra[EXTENSION_KEY] = parse_property(properties[PROPERTY])
    if properties.get(BESLUIT_PROPERTY):
        extra[BESLUIT_KEY] = parse_property(properties[BESLUIT_PROPERTY], BESLUIT_PROPERTY)
    return {**(form or {}), **extra} if extra else form


def besluit_outcomes(form: Mapping[str, Any] | None) -> list[str]:
    """The outcomes of the besluit taken in this task; empty when the task takes none."""
    codes = (form or {}).get(BESLUIT_KEY) or []
    return [str(c) for c in codes] if isinstance(codes, list) else []


def required_types(form: Mapping[str, Any] | None) -> list[str]:
    codes = (form or {}).get(EXTENSION_KEY) or []
    return [str(c) for c in codes] if isinstance(codes, list) else []


@cache
def _type_names(path: str) -> dict[str, dict[str, str]]:
    """{procedure or "": {code: omschrijving}} from the documenttypen file (services/documents/types.py
    validates it; read here directly because services.documents depends on services.cases)."""
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    names = {"": {c: str(v.get("omschrijving", c)) for c, v in data.get("standaard", {}).items()}}
    for proc, types in data.get("procedure", {}).items():
        names[proc] = {c: str(v.get("omschrijving", c)) for c, v in types.items()}
    return names


def type_name(platform: Platform, procedure: str, code: str) -> str:
    names = _type_names(str(platform.settings.documenttypen_path))
    return names.get(procedure, {}).get(code) or names[""].get(code) or code


def with_type_names(platform: Platform, procedure: str, form: dict[str, Any] | None) -> dict[str, Any] | None:
    """The task's form as an officer reads it: the choices of the field in which an aanvullingsverzoek
    names the document types it needs (``REQUESTED_FIELD``, codes of bpmn/documenttypen.toml) carry the
    types' names as their labels (``x-labels``), as the status page names them; the codes stay the values."""
    field = ((form or {}).get("properties") or {}).get(REQUESTED_FIELD)
    items = field.get("items") if isinstance(field, dict) else None
    if form is None or not isinstance(field, dict) or not isinstance(items, dict):
        return form
    if not isinstance(items.get("enum"), list):
        return form
    labels = [type_name(platform, procedure, str(code)) for code in items["enum"]]
    named = {**field, "items": {**items, "x-labels": labels}}
    return {**form, "properties": {**form["properties"], REQUESTED_FIELD: named}}


def _own_documents(s: Session, task: HumanTask, case: Case, user: str, types: set[str]) -> list[str]:
    """The types of the documents ``user`` added to ``case`` for ``task``: a version of it uploaded since
    the task became ready, not deleted, and not counted already by another task this user completed
    (each advice task needs its own report: one upload does not satisfy two tasks).

    The completed tasks are taken in the order they were completed, each counting the earliest documents
    it could have counted (a version uploaded while it was open, the document not deleted then)."""
    uploads = s.execute(
        select(
            Document.id,
            Document.informatieobjecttype,
            Document.verwijderd,
            Document.verwijderd_at,
            DocumentVersion.uploaded_at,
        )
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            Document.case_id == case.id,
            Document.informatieobjecttype.in_(types),
            DocumentVersion.uploaded_by == user,
            # a besluit counts once it states when it was taken and made known (Awb 3:40)
            or_(
                Document.informatieobjecttype != BESLUIT_TYPE,
                and_(Document.besluitdatum.is_not(None), Document.verzenddatum.is_not(None)),
            ),
        )
        .order_by(DocumentVersion.uploaded_at, Document.id)
    ).all()
    if not uploads:
        return []
    done: list[Any] = list(
        s.execute(
            select(HumanTask.created_at, HumanTask.completed_at, HumanTask.form_schema)
            .where(
                HumanTask.case_id == case.id,
                HumanTask.completed_by == user,
                HumanTask.state == "voltooid",
                HumanTask.id != task.id,
            )
            .order_by(HumanTask.completed_at, HumanTask.id)
        ).all()
    )
    used: set[int] = set()
    for start, end, form in done:
        wanted = Counter(required_types(form))
        for doc_id, code, removed, gone, at in uploads:
            in_time = as_utc(start) <= as_utc(at) <= as_utc(end)
            kept_then = not removed or gone is None or as_utc(gone) > as_utc(end)
            if wanted[code] > 0 and doc_id not in used and in_time and kept_then:
                used.add(doc_id)
                wanted[code] -= 1
    since = as_utc(task.created_at)
    mine = {
        doc_id: code
        for doc_id, code, removed, _, at in uploads
        if doc_id not in used and not removed and as_utc(at) >= since
    }
    return list(mine.values())


def _status(s: Session, platform: Platform, task: HumanTask, case: Case, user: str) -> list[dict[str, Any]]:
    need = Counter(required_types(task.form_schema))
    if not need:
        return []
    have = Counter(_own_documents(s, task, case, user, set(need)))
    return [
        {
            "code": code,
            "omschrijving": type_name(platform, case.process_id, code),
            "nodig": n,
            "aanwezig": min(have[code], n),
            "compleet": have[code] >= n,
        }
        for code, n in need.items()
    ]


def task_documents(platform: Platform, task_id: int, user: str) -> list[dict[str, Any]]:
    """Per required type: its name, how many are needed and present for ``user`` (the task page)."""
    with platform.uow(write=False) as uow:
        s = uow.session
        task = s.get(HumanTask, task_id)
        if task is None:
            return []
        case = s.get(Case, task.case_id)
        assert case is not None
        return _status(s, platform, task, case, user)


def check_task_documents(s: Session, platform: Platform, task: HumanTask, case: Case, user: str) -> None:
    """Refuse (422, Dutch) completing ``task`` while a required document is missing."""
    from services.forms import FormInvalid

    missing = [d for d in _status(s, platform, task, case, user) if not d["compleet"]]
    if not missing:
        return
    names = ", ".join(
        d["omschrijving"].lower()
        + (f" ({d['nodig'] - d['aanwezig']}x)" if d["nodig"] - d["aanwezig"] > 1 else "")
        for d in missing
    )
    message = (
        f"Deze taak vraagt eerst een document van u: {names}. Voeg het toe aan het dossier van zaak "
        f"{case.reference} en rond de taak daarna af."
    )
    if any(d["code"] == BESLUIT_TYPE for d in missing):
        message += (
            " Een besluit telt mee met zijn besluitdatum en verzenddatum: het wordt genomen en bekendgemaakt "
            "met zijn ondertekende besluitbrief."
        )
    raise FormInvalid(
        message, code="documenten-ontbreken", fouten=[message], ontbreekt=[d["code"] for d in missing]
    )
