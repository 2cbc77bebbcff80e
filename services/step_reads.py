"""``StepReads`` on the step's own session: what service tasks read, in the step's transaction; and
the step's context (``step_context``) that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import Session

from processes.case_summary import CaseSummary
from processes.constants import CaseStatus
from processes.errors import RuimteflowError
from processes.termijnen.besluitbrief import NA_BESLUIT, FinalBesluit
from services.bpmn_diagram import element_form
from services.clock import in_nl
from services.engine.context import StepContext
from services.engine.ports import BBox, CaseView, ConflictView
from services.platform import Platform
from services.store import db
from services.store.models import (
    Case,
    CaseConflict,
    Document,
    DocumentVersion,
    ModelFile,
    ProcessDefinition,
)
from services.xml_safe import parse_model_xml


def model_task_form(source: str, element: str) -> dict[str, Any] | None:
    """The form (property ``formulier``) of element ``element`` in a BPMN source; None without one."""
    if not source:
        return None
    root = parse_model_xml(source, comments=False)
    node = next((n for n in root.iter() if isinstance(n.tag, str) and n.get("id") == element), None)
    return element_form(node) if node is not None else None


class FinalLetters:
    """What the final besluit letters of ``cases`` close of the messages they wait for (the refusal the
    model's step gives: ``besluitbrief.NA_BESLUIT``), with the letters read together and once
    (``final_letters``) when a message a letter may close is first asked about: a page of many cases, or
    a message asked about twice, reads them once; messages no letter closes read nothing."""

    def __init__(self, s: Session, cases: Iterable[Case], vandaag: date | None):
        self._session, self._case_ids, self._vandaag = s, [c.id for c in cases], vandaag

    @cached_property
    def _letters(self) -> dict[int, FinalBesluit]:
        return final_letters(self._session, self._case_ids)

    def closes(self, case_id: int, message: str) -> RuimteflowError | None:
        """Why case ``case_id`` (one of ``cases``) no longer takes ``message`` now that its besluit letter
        is final (or, for a message it closes only once sent, made known by ``vandaag``); None while the
        letter closes nothing of it (no letter final, or a message no letter closes)."""
        rule = NA_BESLUIT.get(message)
        return rule(self._letters.get(case_id), self._vandaag) if rule is not None else None

    def still_taken(self, case_id: int, messages: Iterable[str]) -> list[str]:
        """``messages`` (those case ``case_id`` waits for) without those its final besluit letter closes,
        in their order: what a refusal of another message lists as taken (``verwacht``)."""
        return [m for m in messages if self.closes(case_id, m) is None]


def final_letters(s: Session, case_ids: Iterable[int]) -> dict[int, FinalBesluit]:
    """The final besluit letter of each of ``case_ids`` that has one, as the steps read it, in one read:
    its latest that still stands (``Document.standing_final_besluiten``). One case's letter is
    ``SessionReads.final_besluit``."""
    ids = list(case_ids)
    if not ids:
        return {}
    rows = s.execute(_letters(Document.case_id.in_(ids), *Document.standing_final_besluiten())).all()
    letters: dict[int, FinalBesluit] = {}
    for row in rows:  # the latest first
        if row.case_id not in letters:
            letters[row.case_id] = _letter(row)
    return letters


def _letters(*where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The final besluit letters ``where`` selects, the latest first, with what ``_letter`` reads."""
    stored = (
        select(func.max(DocumentVersion.uploaded_at))
        .where(DocumentVersion.document_id == Document.id)
        .scalar_subquery()
    )
    return (
        select(
            Document.besluitdatum,
            Document.verzenddatum,
            Document.besluit_uitkomst,
            Document.besluit_voorschriften,
            Document.besluit_motivering,
            stored.label("stored_at"),
            Document.id,
            Document.case_id,
        )
        .where(*where)
        .order_by(Document.id.desc())
    )


def _letter(row: Row[Any]) -> FinalBesluit:
    """The letter of a row of ``_letters``."""
    vastgelegd = in_nl(row.stored_at).date() if row.stored_at is not None else None
    return FinalBesluit(
        row.besluitdatum,
        row.verzenddatum,
        row.besluit_uitkomst,
        row.besluit_voorschriften,
        row.besluit_motivering,
        vastgelegd_op=vastgelegd,
        document_id=row.id,
    )


class SessionReads:
    """Reads (and the rule locks) of one step, on the session that writes the step."""

    def __init__(self, session: Session):
        self._session = session

    def case_summary(self, case_id: int) -> CaseSummary:
        return CaseSummary.from_json(self._session.scalar(select(Case.summary).where(Case.id == case_id)))

    def initiator_email(self, case_id: int) -> str | None:
        return self._session.scalar(select(Case.initiator_email).where(Case.id == case_id))

    def conflicts(self, case_id: int, *, overridden_only: bool = False) -> list[ConflictView]:
        q = select(CaseConflict).where(CaseConflict.case_id == case_id)
        if overridden_only:
            q = q.where(CaseConflict.overschreven.is_(True))
        return [
            ConflictView(
                regel=c.regel,
                laag=c.laag,
                ernst=c.ernst,
                afdeling=c.afdeling,
                beschrijving=c.beschrijving,
                feature_id=c.feature_id,
                overschreven=bool(c.overschreven),
                feature_naam=c.feature_naam,
                intern=bool(c.intern),
            )
            for c in self._session.scalars(q.order_by(CaseConflict.id)).all()
        ]

    def final_besluit(self, case_id: int) -> FinalBesluit | None:
        """The case's final besluit letter as ``final_letters`` gives it, read as the one latest row."""
        row = self._session.execute(_letters(*Document.standing_final_besluiten_of(case_id)).limit(1)).first()
        return _letter(row) if row is not None else None

    def running_cases(self, *, exclude_id: int | None, bbox: BBox | None = None) -> list[CaseView]:
        q = select(Case.id, Case.reference, Case.process_id, Case.geometry_wkt, Case.summary).where(
            Case.status == CaseStatus.LOPEND, Case.id != (exclude_id or -1)
        )
        if bbox is not None:
            minx, miny, maxx, maxy = bbox
            q = q.where(
                Case.geometry_wkt.is_not(None),
                Case.max_x >= minx,
                Case.min_x <= maxx,
                Case.max_y >= miny,
                Case.min_y <= maxy,
            )
        return self._views(q)

    def unfinished_cases(self, process_id: str, *, exclude_id: int | None) -> list[CaseView]:
        q = select(Case.id, Case.reference, Case.process_id, Case.geometry_wkt, Case.summary).where(
            Case.process_id == process_id, Case.status != CaseStatus.AFGEROND, Case.id != (exclude_id or -1)
        )
        return self._views(q)

    def _views(self, q: Select[Any]) -> list[CaseView]:
        return [
            CaseView(
                id=int(row.id),
                reference=str(row.reference),
                process_id=str(row.process_id),
                geometry_wkt=row.geometry_wkt,
                summary=CaseSummary.from_json(row.summary),
            )
            for row in self._session.execute(q.order_by(Case.id)).all()
        ]

    def task_form(self, case_id: int, element: str) -> dict[str, Any] | None:
        source = self._session.scalar(
            select(ModelFile.source)
            .join(ProcessDefinition, ProcessDefinition.main_file_hash == ModelFile.content_hash)
            .join(Case, Case.definition_id == ProcessDefinition.id)
            .where(Case.id == case_id)
        )
        return model_task_form(source or "", element)

    def serialize(self, key: str) -> None:
        """Steps that serialize on the same key run one after the other (``store.db.serialize``)."""
        db.serialize(self._session, key)

    def connection(self) -> Any:
        return self._session.connection()


def step_context(platform: Platform, case: Case, session: Session) -> StepContext:
    """The context of a step of ``case``: its platform's clock, settings and layer source, and reads on
    the step's own session."""
    return StepContext(
        clock=platform.clock,
        case_id=case.id,
        case_reference=case.reference,
        geometry_wkt=case.geometry_wkt,
        settings=platform.settings,
        reads=SessionReads(session),
        procedure=case.procedure,
        layer_source=platform.layer_source,
    )
