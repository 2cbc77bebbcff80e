"""Valideren: the real deploy checks (services.engine.deploy through services.deployments.check_bundle)
on a draft, with the other deployed files as context. Nothing is stored as a version."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from processes.errors import RuimteflowError
from services import deployments
from services.engine import deploy as dep
from services.platform import Platform

from .drafts import Working, check_xml, save_draft, working


def problems_of(platform: Platform, session: Session, w: Working) -> list[dict[str, Any]]:
    """Every deploy problem of the draft, each naming its element (or None) and a Dutch ``melding``."""
    try:
        check_xml(w.xml)
        foreign = _other_models(session, w)
        if foreign:
            return foreign
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


def _other_models(session: Session, w: Working) -> list[dict[str, Any]]:
    """A process of the draft that another deployed model (another file) holds: releasing the draft
    would replace that model, past its own scenarios, comparison and stale check."""
    src, _ = dep.inspect_source(w.filename, w.xml)
    found = []
    for pid in src.defined_processes:
        newest = deployments.newest_main_file(session, pid) if pid != w.process_id else None
        other = newest.filename if newest is not None else None
        if other is not None and other != w.filename:
            found.append(_problem(pid, f"Het concept bevat ook het proces '{pid}' van het model {other}. Een "
                                  f"concept neemt alleen '{w.process_id}' in gebruik: verwijder '{pid}' uit dit "
                                  "concept of wijzig het in zijn eigen model.", w.filename,
                                  code="proces-van-ander-model"))  # fmt: skip
    return found


def _problem(
    element: str | None,
    melding: str,
    filename: str,
    raw: dict[str, Any] | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    raw = raw or {}
    out = {
        "element": element,
        "melding": melding,
        "naam": raw.get("naam"),
        "bestand": raw.get("bestand") or filename,
        "regel": raw.get("regel"),
    }
    if code is not None:
        out["code"] = code
    return out


def validate_draft(
    platform: Platform, process_id: str, user: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Save first when the body brings ``xml``/``scenarios``; then run the deploy checks: the problems
    that refuse the draft, and the warnings of its model."""
    if body and ("xml" in body or "scenarios" in body):
        save_draft(platform, process_id, user, body)
    with platform.uow(write=False) as uow:
        w = working(platform, uow.session, process_id, user)
        problems = problems_of(platform, uow.session, w)
    return {"geldig": not problems, "problemen": problems, "waarschuwingen": warnings_of(w)}


def warnings_of(w: Working) -> list[str]:
    """What the deploy of the draft would warn about in its own model (a gateway that may find no way
    out: services.engine.gateway_checks; a public status line that addresses the applicant without a
    third-person form: text_checks.person_warnings); it does not refuse it."""
    src, _ = dep.inspect_source(w.filename, w.xml)
    return list(src.model_warnings.get(w.process_id, []))
