"""The texts of a case as an outside party reads them: without the applicant's name.

The policy withholds the initiator's name from an outside party (``[velden] extern`` shares no
``initiatiefnemer``), but the title and location are typed by the applicant and often name it ("Dakkapel
woning Mulder", "Buitenweg 10, woning fam. Mulder"), and the models fill task names, instructions,
reasons and public timeline lines from the title ("Advies {intake[naam]} (Milieu)"). Whatever shows an
outside party such a text of a case (the case view and list, its timeline and its holders, its tasks, the
map and its panel, the title of a linked case, the dashboard's open questions, the e-mails about its tasks)
reads it through here: the initiator's name and e-mail address cut out by the name filter
(``processes.namen``: a person's name also by each of its words, an organisation's name whole; the
location keeps its street before a house number), and any e-mail address, phone number or IBAN. Its
case search matches the reference and these cut texts only (``outside_search``), never the columns as
typed. The municipality's own staff read them unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from processes.namen import REMOVED, NaamFilter, is_persoon
from services.store.models import Case

#: the texts of a task (projection_views.task_dict, the map panel's) that may name the applicant: its case's
#: title and location, and what the model filled in from them (name, instructions, reason)
TASK_FIELDS = ("zaak_titel", "naam", "instructies", "reden")


#: the columns of a case that name its applicant (``name_filter``'s arguments)
_APPLICANT = (Case.initiator, Case.initiator_type, Case.initiator_email)


def name_filter(initiator: str | None, soort: str | None, email: str | None = None) -> NaamFilter:
    """What cuts the applicant of a case (its name, kind and e-mail address) out of a text."""
    found = NaamFilter(vervanging=REMOVED, persoon=is_persoon(soort))
    found.leer_naam(initiator)
    found.leer(email)
    return found


def of_case(case: Case) -> NaamFilter:
    return name_filter(case.initiator, case.initiator_type, case.initiator_email)


def outside_text(case: Case, text: str | None) -> str | None:
    """A text of ``case`` (its title, a task's name) as an outside party reads it."""
    return of_case(case).tekst(text)


def outside_view(case: Mapping[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """``view`` (what the policy shares of the case dict ``case``: projection_views.case_dict, the case
    list's row) with its title, location, open tasks and timeline lines as an outside party reads them;
    ``case`` names its applicant (``initiatiefnemer``, ``soort_initiatiefnemer``)."""
    cut = name_filter(case.get("initiatiefnemer"), case.get("soort_initiatiefnemer"))
    out = dict(view)
    if "titel" in out:
        out["titel"] = cut.tekst(out["titel"])
    if "locatie" in out:
        out["locatie"] = cut.locatie(out["locatie"])
    if isinstance(out.get("open_taken"), list):
        out["open_taken"] = [cut_task(cut, t) for t in out["open_taken"]]
    if isinstance(out.get("tijdlijn"), list):
        out["tijdlijn"] = [{**e, "tekst": cut.tekst(e.get("tekst"))} for e in out["tijdlijn"]]
    return out


def outside_holders(case: Case, holders: dict[str, Any]) -> dict[str, Any]:
    """A case's holder timeline (services.waits.timeline, its public variant) as an outside party reads
    it: the holders and their reasons (a task's name) without the applicant's name."""
    if not holders:
        return holders
    cut = of_case(case)

    def texts(d: Mapping[str, Any]) -> dict[str, Any]:
        return {**d, **{k: cut.tekst(d[k]) for k in ("houder", "reden") if isinstance(d.get(k), str)}}

    rows = [{**texts(r), "segmenten": [texts(g) for g in r.get("segmenten", [])]} for r in holders["rijen"]]
    return {**holders, "rijen": rows, "nu": texts(holders["nu"]) if holders.get("nu") else holders.get("nu")}


def outside_search(s: Session, visible: Any, text: str, pattern: str, fields: Iterable[str]) -> Any:
    """A WHERE clause on Case: the cases whose reference holds ``text`` (``pattern``: its LIKE pattern, in
    lower case), or whose title or location (as far as ``fields`` names them) holds it as an outside party
    reads them (``visible``: the cases it may see, None for all). Not the typed columns: a search for a
    guessed name would tell that it is the applicant's."""
    wanted = [key for key in ("titel", "locatie") if key in set(fields)]
    found: list[int] = []
    if wanted:
        columns = {"titel": Case.title, "locatie": Case.location_name}
        q = select(Case.id, Case.title, Case.location_name, *_APPLICANT).where(
            or_(*(func.lower(columns[key]).like(pattern, escape="\\") for key in wanted))
        )
        needle = text.strip().lower()
        for row in s.execute(q if visible is None else q.where(visible)):
            cut = name_filter(row.initiator, row.initiator_type, row.initiator_email)
            read = {"titel": cut.tekst(row.title), "locatie": cut.locatie(row.location_name)}
            if any(needle in (read[key] or "").lower() for key in wanted):
                found.append(row.id)
    return or_(func.lower(Case.reference).like(pattern, escape="\\"), Case.id.in_(found))


def outside_tasks(s: Session, tasks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Task dicts (projection_views.task_dict) with their case's title and location as an outside party
    reads them: the applicants of their cases read in one query."""
    tasks = list(tasks)
    ids = sorted({t["zaak_id"] for t in tasks if t.get("zaak_id") is not None})
    rows = s.execute(select(Case.id, *_APPLICANT).where(Case.id.in_(ids))).all() if ids else []
    cuts = {row.id: name_filter(row.initiator, row.initiator_type, row.initiator_email) for row in rows}
    none = name_filter(None, None)  # a task without its case: the e-mail addresses and numbers still go
    return [cut_task(cuts.get(t.get("zaak_id"), none), t) for t in tasks]


def outside_rows(s: Session, rows: Iterable[dict[str, Any]], keys: Iterable[str]) -> list[dict[str, Any]]:
    """Rows that name a case by its reference (``zaak``: a linked case, case_queries.visible_links; an open
    question of the dashboard, services.dashboard) with their texts ``keys`` as an outside party reads that
    case's own: without that case's applicant, the applicants read in one query."""
    rows, keys = list(rows), tuple(keys)
    refs = sorted({row["zaak"] for row in rows})
    found = (
        s.execute(select(Case.reference, *_APPLICANT).where(Case.reference.in_(refs))).all() if refs else []
    )
    cuts = {
        row.reference: name_filter(row.initiator, row.initiator_type, row.initiator_email) for row in found
    }
    none = name_filter(None, None)
    return [
        {**row, **{key: cuts.get(row["zaak"], none).tekst(row[key]) for key in keys if key in row}}
        for row in rows
    ]


def cut_task(cut: NaamFilter, task: Mapping[str, Any]) -> dict[str, Any]:
    """A task dict with its texts (``TASK_FIELDS``, its ``locatie``) cut by ``cut``."""
    out = {**task, **{key: cut.tekst(task[key]) for key in TASK_FIELDS if key in task}}
    if "locatie" in task:
        out["locatie"] = cut.locatie(task["locatie"])
    return out
