"""Who may override a conflict of the locatiecheck (README "Autorisatie").

Judging a conflict not applicable is the municipality's judgement: a vergunningverlener, teamleider or
beheerder may, and the municipality's own staff of the afdeling the conflict names. An outside party
(an omgevingsdienst advises, it does not decide) or an initiator may not, not even for a conflict of
its own group. A conflict that ``policy.case_view`` hides from someone (an internal one, for an outside
party) is refused to them as an unknown one: its id, afdeling and text are not theirs to learn."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processes.constants import Role
from processes.errors import Forbidden, NotFound
from services.policy import Actor, Rules, case_view, is_municipal

OVERRIDE_ROLES = frozenset({Role.VERGUNNINGVERLENER, Role.TEAMLEIDER, Role.BEHEERDER})


def may_see_conflict(actor: Actor, conflict: Mapping[str, Any], rules: Rules) -> bool:
    """Does the case view show this conflict (as the case lists it: ``intern``, ...) to ``actor``?"""
    return bool(case_view(actor, {"conflicten": [dict(conflict)]}, rules).get("conflicten"))


def may_override(actor: Actor, conflict: Mapping[str, Any], rules: Rules) -> bool:
    if not is_municipal(actor, rules) or not may_see_conflict(actor, conflict, rules):
        return False
    return actor.role in OVERRIDE_ROLES or conflict.get("afdeling") in actor.groups


def unknown_conflict(conflict_id: int, case_reference: str) -> NotFound:
    return NotFound(f"Conflict {conflict_id} hoort niet bij zaak {case_reference}.", code="conflict-onbekend")


def check_may_override(actor: Actor, conflict: Mapping[str, Any], case_reference: str, rules: Rules) -> None:
    """Refuse ``actor`` overriding ``conflict`` of the case ``case_reference``: 404 when it may not see
    the conflict (as an unknown one), else 403 with who may."""
    if not may_see_conflict(actor, conflict, rules):
        raise unknown_conflict(conflict["id"], case_reference)
    if not is_municipal(actor, rules):
        raise Forbidden(
            "Alleen de gemeente kan een conflict van de locatiecheck overschrijven; "
            "een partij buiten de gemeente kan dat niet.",
            code="overschrijven-geen-recht",
        )
    if not may_override(actor, conflict, rules):
        raise Forbidden(
            f"Alleen een vergunningverlener, teamleider of iemand van {conflict.get('afdeling')} "
            "kan dit conflict overschrijven.",
            code="overschrijven-geen-recht",
        )
