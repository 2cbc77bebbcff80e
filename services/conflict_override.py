"""Overriding a conflict of the locatiecheck: an officer judges it not applicable, with a reason; audited
in the case's history, one transaction (the API and the case page)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from processes import tekens
from processes.constants import CaseStatus
from processes.errors import Conflict, ValidationError
from services import policy, projections
from services.cases import case_by_key
from services.platform import Platform
from services.policy import conflicts as policy_conflicts
from services.store.models import CaseConflict, CaseEvent, HumanTask

#: the longest reason for overriding a conflict (the API schema and the case page say the same)
MAX_OVERRIDE_REASON = 1000


def _override_reason(reason: str | None) -> str:
    """The reason as stored: shown in the case file, so no bidi or control character (processes.tekens);
    one of invisible characters alone is none."""
    reason = (tekens.check_line(reason, "reden", "De reden", multiline=True) or "").strip()
    if len(reason) < 5:
        raise ValidationError(
            "Geef een reden voor het overschrijven (minstens 5 tekens).", code="reden-ontbreekt", veld="reden"
        )
    if len(reason) > MAX_OVERRIDE_REASON:
        raise ValidationError(
            f"De reden is te lang (maximaal {MAX_OVERRIDE_REASON} tekens).",
            code="reden-te-lang",
            veld="reden",
        )
    return reason


def override_conflict(
    platform: Platform, case_ref: int | str, conflict_id: int, user: str, reason: str
) -> dict[str, Any]:
    """Judge a conflict of the locatiecheck not applicable, with a reason; audited, one transaction."""
    reason = _override_reason(reason)
    with platform.uow() as uow:
        s = uow.session
        actor = policy.user_named(s, user)
        case = case_by_key(s, case_ref, lock=True)
        who, rules = policy.Actor.of(actor), policy.rules(platform.settings)
        policy.check_may_view(s, who, case, rules, asked=case_ref)
        if case.status == CaseStatus.AFGEROND:
            raise Conflict(
                f"Zaak {case.reference} is afgerond; conflicten kunnen niet meer worden overschreven.",
                code="zaak-afgerond",
            )
        conflict = s.get(CaseConflict, conflict_id)
        if conflict is None or conflict.case_id != case.id:
            raise policy_conflicts.unknown_conflict(conflict_id, case.reference)
        # a conflict it may not see is unknown to it (404)
        policy_conflicts.check_may_override(who, projections.conflict_dict(conflict), case.reference, rules)
        if conflict.overschreven:
            raise Conflict(
                f"Dit conflict is al overschreven door {conflict.override_by}.", code="al-overschreven"
            )
        conflict.overschreven = True
        conflict.override_reason = reason
        conflict.override_by = actor.username
        s.add(
            CaseEvent(
                case_id=case.id,
                at=platform.clock.now(),
                actor=actor.username,
                kind="conflict-overschreven",
                message=f"Conflict '{conflict.regel}' met {conflict.laag} {conflict.feature_id} "
                f"overschreven: {reason}",
                public=False,
                data={"conflict": conflict.id, "regel": conflict.regel, "reden": reason},
            )
        )
        s.flush()
        severity = projections.max_severity(s, case.id)
        for row in s.scalars(
            select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == "open")
        ).all():
            row.max_severity = severity
        uow.commit()
        return projections.conflict_dict(conflict)
