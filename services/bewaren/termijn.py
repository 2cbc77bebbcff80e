"""Which closed cases have outlived their bewaartermijn.

A case's bewaartermijn is the ``archiefactietermijn`` (an ISO 8601 duration such as P1Y) of its
resultaattype in bpmn/zgw.toml, picked as the ZGW publication picks it (``ProcedureMap.resultaat_for``):
by the end event the case completed and the besluit it recorded (``processes.zaakbesluit``: an adopted
wijkuitvoeringsplan ended later is kept, as one carried out). It is judged at each run from the stored
case, so a case closed before a change of zgw.toml is listed by the current mapping. It counts from the Dutch calendar day the
case closed; the term ends on that day plus the duration, and from that end day on (inclusive, as ZGW's
archiefactiedatum is the day the archive action is due) the case is listed. A case whose procedure or
end has no resultaattype takes ``Settings.bewaartermijn_standaard``; when that is empty too, its term is
unknown: it is listed as such and kept.

A resultaattype's archiefnominatie decides what is due on that day: ``vernietigen``, the case is listed
for destruction (``bewaren_tot``); ``blijvend_bewaren``, it is never destroyed but listed as to be
transferred to the archiefbewaarplaats (``overbrengen_op``), its term being the transfer term. A term that
counts from another date than the closing day (an afleidingswijze such as vervaldatum_besluit) cannot be
dated here: such a case is listed with its term unknown and kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from processes.bewaartermijn import Termijn, brondatum, lees_termijn
from processes.constants import CaseStatus
from processes.zaakbesluit import zaakbesluit
from services.clock import in_nl, start_of_day
from services.engine import stored
from services.platform import Platform
from services.store.models import Case
from services.zgw.mapping import mapping_for
from services.zgw.mapping_model import ResultaatTypeMap, ZgwMapping
from services.zgw.selectielijst import AFGEHANDELD

#: cases read per transaction while the candidates are judged
BATCH = 200


@dataclass(frozen=True)
class Vervallen:
    """A closed case past (or of unknown) bewaartermijn."""

    case_id: int
    zaak: str
    procedure: str
    resultaat: str
    gesloten_op: date
    termijn: str | None
    #: the day its data may be destroyed; None: never (blijvend bewaren) or its term is unknown
    bewaren_tot: date | None
    #: a case to be kept for good: the day it is due at the archiefbewaarplaats
    overbrengen_op: date | None = None
    #: why its term is unknown, when it is not that no term is configured
    onbekend: str = ""
    #: the resultaattype that gave its term (None: the default term applied, or none)
    resultaattype: ResultaatTypeMap | None = None
    #: the day its term counts from when not the closing day (the court's uitspraak on a beroep: uitspraak.py)
    brondatum: date | None = None

    def regel(self) -> str:
        """One Dutch line for the terminal."""
        if self.bewaren_tot:
            einde = f"bewaartermijn {self.termijn} verstreken op {self.bewaren_tot.isoformat()}"
        elif self.overbrengen_op:
            einde = (
                f"blijvend bewaren: over te brengen naar de archiefbewaarplaats per "
                f"{self.overbrengen_op.isoformat()} (wordt niet vernietigd)"
            )
        else:
            einde = f"{self.onbekend or 'geen bewaartermijn bekend'} (blijft bewaard)"
        return (
            f"{self.zaak}  {self.procedure}  resultaat: {self.resultaat or '-'}  "
            f"afgerond op {self.gesloten_op.isoformat()}  {einde}"
        )

    def as_json(self) -> dict[str, Any]:
        """The case's line with the basis of its term (``grondslag``); a case kept for good adds
        ``overbrengen_op`` (its bewaren_tot is null)."""
        extra = {"overbrengen_op": self.overbrengen_op.isoformat()} if self.overbrengen_op else {}
        return {
            "zaak": self.zaak,
            "procedure": self.procedure,
            "resultaat": self.resultaat,
            "afgerond_op": self.gesloten_op.isoformat(),
            "bewaartermijn": self.termijn,
            "bewaren_tot": self.bewaren_tot.isoformat() if self.bewaren_tot else None,
            **extra,
            **grondslag(self.resultaattype),
        }


def grondslag(rt: ResultaatTypeMap | None) -> dict[str, str | None]:
    """The basis of a case's term as the archivist checks it, the list's and the register's keys: its
    resultaattype, that type's Selectielijst class (number and URL) and archiefnominatie; all None when
    the default term applied."""
    return {
        "resultaattype": rt.key if rt else None,
        "resultaattype_omschrijving": rt.omschrijving if rt else None,
        "selectielijstklasse_nummer": (rt.klasse or None) if rt else None,
        "selectielijstklasse": rt.klasse_url if rt else None,
        "archiefnominatie": rt.archiefnominatie if rt else None,
    }


@dataclass(frozen=True)
class Termijnen:
    """The bewaartermijnen the settings give: per procedure and resultaattype, and the default."""

    mapping: ZgwMapping
    standaard: Termijn | None
    #: per (procedure, resultaattype) its archiefactietermijn, read once
    per_resultaat: Mapping[tuple[str, str], Termijn]

    @classmethod
    def van(cls, settings: Any) -> Termijnen:
        """Every term read (and a wrong one refused) before any case is."""
        tekst = str(getattr(settings, "bewaartermijn_standaard", "") or "").strip()
        standaard = lees_termijn(tekst, "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD") if tekst else None
        mapping = mapping_for(settings)
        per_resultaat = {
            (pid, r.key): lees_termijn(r.archiefactietermijn, f"zgw.toml: resultaattype '{r.key}'")
            for pid, proc in mapping.procedures.items()
            for r in proc.resultaattypen.values()
        }
        return cls(mapping, standaard, per_resultaat)

    def kortste_dagen(self) -> int:
        """The fewest days any known term lasts: a case closed more recently is not a candidate."""
        terms = [t.minste_dagen for t in self.per_resultaat.values()]
        if self.standaard is not None:
            terms.append(self.standaard.minste_dagen)
        return min(terms, default=0)

    def resultaattype(self, case: Case, document: dict[str, Any] | None = None) -> ResultaatTypeMap | None:
        """The case's resultaattype, as the ZGW publication picks it; None when it has none. ``document``:
        its workflow document when the caller parsed it already."""
        if document is None and case.workflow is not None:
            document = stored.parse(case.workflow.document)
        return resultaattype_in(self.mapping, case.process_id, document)

    def van_zaak(self, case: Case, found: ResultaatTypeMap | None) -> Termijn | None:
        """The bewaartermijn of ``case`` with resultaattype ``found`` (``resultaattype``): its
        archiefactietermijn, else the default."""
        return self.standaard if found is None else self.per_resultaat[(case.process_id, found.key)]


def vernietigingstermijnen(settings: Any) -> tuple[Termijn, ...]:
    """The terms after which a case may be destroyed, counted from its closing day: those of the
    resultaattypen with archiefnominatie ``vernietigen`` counted from the closing (afgehandeld), and the
    default term; a bad term is the Dutch ValidationError of ``Termijnen.van``."""
    termijnen = Termijnen.van(settings)
    rts = {
        (pid, r.key): r
        for pid, proc in termijnen.mapping.procedures.items()
        for r in proc.resultaattypen.values()
    }
    out = [
        t
        for key, t in termijnen.per_resultaat.items()
        if not rts[key].blijvend_bewaren and rts[key].afleidingswijze == AFGEHANDELD
    ]
    return (*out, *([termijnen.standaard] if termijnen.standaard else []))


def eerste_vernietigingsdag(termen: tuple[Termijn, ...], gesloten_op: date) -> date | None:
    """The first day a case closed on ``gesloten_op`` may be destroyed under any of ``termen``
    (``vernietigingstermijnen``); None when none can destroy it."""
    return min((t.einde(gesloten_op) for t in termen), default=None)


def resultaattype_in(
    mapping: ZgwMapping, process_id: str, document: dict[str, Any] | None
) -> ResultaatTypeMap | None:
    """The resultaattype of a case of ``process_id`` with the stored workflow ``document``, as the ZGW
    publication picks it: by the last end event the case completed and its besluit (``zaakbesluit``); None without one
    (the default term applies), and for the destruction register the same (services.bewaren.register)."""
    proc = mapping.procedures.get(process_id)
    if proc is None or document is None:
        return None
    ends = {e for r in proc.resultaattypen.values() for e in r.eindes}
    einde = next((e for e in reversed(stored.completed_elements(document)) if e in ends), None)
    return proc.resultaat_for(einde, zaakbesluit(stored.workflow_data(document))) if einde else None


def closing_day(case: Case) -> date:
    assert case.closed_at is not None
    return in_nl(case.closed_at).date()


def _candidate_ids(platform: Platform, day: date, shortest_days: int) -> list[int]:
    """Closed cases that closed at least the shortest term before ``day`` (a case pseudonymised by a run
    before destroying replaced it too: it is still due for destruction)."""
    before = start_of_day(day - timedelta(days=shortest_days) + timedelta(days=1))
    with platform.uow(write=False) as uow:
        return list(
            uow.session.scalars(
                select(Case.id)
                .where(
                    Case.status == CaseStatus.AFGEROND,
                    Case.closed_at.is_not(None),
                    Case.closed_at < before,
                )
                .order_by(Case.closed_at, Case.id)
            )
        )


def judge(case: Case, termijnen: Termijnen, day: date) -> Vervallen | None:
    """The case as a line when its term ended on or before ``day`` or is unknown; None while it runs.
    A case kept for good is never due for destruction: it is listed for transfer on its term's end."""
    document = stored.parse(case.workflow.document) if case.workflow is not None else None  # once per case
    rt = termijnen.resultaattype(case, document)
    term = termijnen.van_zaak(case, rt)
    closed = closing_day(case)
    # a case closed on a beroep counts from the court's uitspraak, kept until it is recorded (uitspraak.py)
    bron, onbekend = brondatum(
        stored.workflow_data(document) if document else {}, case.typed_summary.uitspraak, closed
    )
    if rt is not None and rt.afleidingswijze != AFGEHANDELD:
        term, onbekend = None, f"bewaartermijn telt vanaf {rt.afleidingswijze}, hier niet te dateren"
    end = term.einde(bron) if term is not None and bron is not None else None
    if end is not None and end > day:
        return None
    blijvend = rt is not None and rt.blijvend_bewaren
    return Vervallen(
        case.id,
        case.reference,
        case.procedure,
        case.typed_summary.resultaat or "",
        closed,
        term.tekst if term is not None else None,
        None if blijvend else end,
        end if blijvend else None,
        onbekend,
        rt,
        bron if bron != closed else None,
    )


def vervallen(platform: Platform, day: date) -> Iterator[Vervallen]:
    """The closed cases whose bewaartermijn ended on or before ``day`` (and those whose term is
    unknown), oldest closing first. Reads only; a bad term in the settings or zgw.toml is a Dutch
    ValidationError before any case is read."""
    termijnen = Termijnen.van(platform.settings)
    ids = _candidate_ids(platform, day, termijnen.kortste_dagen())
    for start in range(0, len(ids), BATCH):
        with platform.uow(write=False) as uow:
            rows = uow.session.scalars(
                select(Case)
                .where(Case.id.in_(ids[start : start + BATCH]))
                .options(selectinload(Case.workflow))
                .order_by(Case.closed_at, Case.id)
            ).all()
            found = [judge(case, termijnen, day) for case in rows]
        yield from (f for f in found if f is not None)
