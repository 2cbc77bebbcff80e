"""Valideren: the real deploy checks (services.engine.deploy through services.deployments.check_bundle)
on a draft, with the other deployed files as context. Nothing is stored as a version."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from processes.errors import RuimteflowError
from services import deployments
from services.platform import Platform

from .drafts import Working, check_xml, save_draft, working


def problems_of(platform: Platform, session: Session, w: Working) -> list[dict[str, Any]]:
    """Every deploy problem of the draft, each naming its element (or None) and a Dutch ``melding``."""
    try:
        check_xml(w.xml)
        new = deployments.check_bundle(platform, session, [(w.filename, w.xml)]).new
    except RuimteflowError as exc:
        found = list(exc.extra.get("problemen") or [])
        if not found:
            return [_problem(None, exc.detail, w.filename)]
        return [_problem(p.get("element"), p.get("probleem") or "", w.filename, p) for p in found]
    pids = [pid for src in new for pid in src.process_ids]
    if w.process_id not in pids:
        found_ids = ", ".join(f"'{p}'" for p in pids)  # never empty: check_bundle refuses a bundle without
        return [_problem(None, f"Het concept bevat het proces '{w.process_id}' niet meer (gevonden: {found_ids}); "
                         "een ander proces-id zou een nieuw model worden.", w.filename)]  # fmt: skip
    return []


def _problem(
    element: str | None, melding: str, filename: str, raw: dict[str, Any] | None = None
) -> dict[str, Any]:
    raw = raw or {}
    return {
        "element": element,
        "melding": melding,
        "naam": raw.get("naam"),
        "bestand": raw.get("bestand") or filename,
        "regel": raw.get("regel"),
    }


def validate_draft(
    platform: Platform, process_id: str, user: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Save first when the body brings ``xml``/``scenarios``; then run the deploy checks."""
    if body and ("xml" in body or "scenarios" in body):
        save_draft(platform, process_id, user, body)
    with platform.uow(write=False) as uow:
        w = working(platform, uow.session, process_id, user)
        problems = problems_of(platform, uow.session, w)
    return {"geldig": not problems, "problemen": problems}
