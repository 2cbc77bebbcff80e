"""Which procedures a group works on: the lanes of the deployed models (services/policy/__init__.py, kind behandelaar).

A behandelaar sees the cases of the procedures whose lanes name one of its groups; a model without lanes is
everyone's, as its tasks are: they have no candidate groups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.store.models import ProcessDefinition


def procedures_of(s: Session, groups: Iterable[str]) -> list[str]:
    """Process ids whose deployed lanes (any version) name one of these groups. A model without lanes
    is everyone's, as its tasks are: they have no candidate groups."""
    wanted = set(groups)
    rows: list[Any] = list(s.execute(select(ProcessDefinition.process_id, ProcessDefinition.lanes)).all())
    return sorted({str(pid) for pid, lanes in rows if lanes_open_to(lanes, wanted)})


def lanes_open_to(lanes: Any, groups: set[str]) -> bool:
    names = {str(lane) for lane in lanes or []}
    return not names or bool(groups & names)


def procedure_of(s: Session, process_id: str, groups: Iterable[str]) -> bool:
    """``process_id in procedures_of(s, groups)``, reading only that procedure's versions."""
    wanted = set(groups)
    versions: list[Any] = list(
        s.scalars(select(ProcessDefinition.lanes).where(ProcessDefinition.process_id == process_id)).all()
    )
    return any(lanes_open_to(lanes, wanted) for lanes in versions)
