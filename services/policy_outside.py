"""The title and location of a case as an outside party reads them: without the applicant's name.

The policy withholds the initiator's name from an outside party (``[velden] extern`` shares no
``initiatiefnemer``), but the title and location are typed by the applicant and often name it ("Dakkapel
woning Mulder", "Buitenweg 10, woning fam. Mulder"). Whatever shows an outside party a case's title or
location (the case view and list, its tasks, the map and its panel, the e-mails about its tasks) reads them
through here: the initiator's name and e-mail address cut out as the anonymisation cuts them
(``processes.namen``: a person's name also by each of its words, an organisation's name whole), and any
e-mail address, phone number or IBAN. The municipality's own staff read them unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.namen import NaamFilter, is_persoon
from services.outbox.core import REMOVED
from services.store.models import Case

#: the case fields (policy.case_view) an applicant types and an outside party reads
TYPED_FIELDS = ("titel", "locatie")
#: the same of a task (projection_views.task_dict)
TASK_FIELDS = ("zaak_titel", "locatie")


def name_filter(initiator: str | None, soort: str | None, email: str | None = None) -> NaamFilter:
    """What cuts the applicant of a case (its name, kind and e-mail address) out of a text."""
    found = NaamFilter(vervanging=REMOVED, persoon=is_persoon(soort))
    found.leer_naam(initiator)
    found.leer(email)
    return found


def of_case(case: Case) -> NaamFilter:
    return name_filter(case.initiator, case.initiator_type, case.initiator_email)


def outside_text(case: Case, text: str | None) -> str | None:
    """A text of ``case`` (its title, its location) as an outside party reads it."""
    return of_case(case).tekst(text)


def outside_fields(case: Mapping[str, Any]) -> dict[str, Any]:
    """The title, location and open tasks of a case dict (projection_views.case_dict, the case list's
    row) as an outside party reads them; the dict names its applicant (``initiatiefnemer``,
    ``soort_initiatiefnemer``)."""
    cut = name_filter(case.get("initiatiefnemer"), case.get("soort_initiatiefnemer"))
    out: dict[str, Any] = {key: cut.tekst(case[key]) for key in TYPED_FIELDS if key in case}
    if isinstance(case.get("open_taken"), list):
        out["open_taken"] = [_task(cut, t) for t in case["open_taken"]]
    return out


def outside_tasks(s: Session, tasks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Task dicts (projection_views.task_dict) with their case's title and location as an outside party
    reads them: the applicants of their cases read in one query."""
    tasks = list(tasks)
    ids = sorted({t["zaak_id"] for t in tasks if t.get("zaak_id") is not None})
    columns = (Case.id, Case.initiator, Case.initiator_type, Case.initiator_email)
    rows = s.execute(select(*columns).where(Case.id.in_(ids))).all() if ids else []
    cuts = {row.id: name_filter(row.initiator, row.initiator_type, row.initiator_email) for row in rows}
    none = name_filter(None, None)  # a task without its case: the e-mail addresses and numbers still go
    return [_task(cuts.get(t.get("zaak_id"), none), t) for t in tasks]


def _task(cut: NaamFilter, task: Mapping[str, Any]) -> dict[str, Any]:
    return {**task, **{key: cut.tekst(task[key]) for key in TASK_FIELDS if key in task}}
