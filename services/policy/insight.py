"""Who sees the waiting and capacity figures (the dashboard, the heatmap per model) and the outbox's
deliveries: part of the one policy, re-exported by services/policy/__init__.py (see README, "Autorisatie").

The roles of ``[inzicht] heatmap`` (teamleider, beheerder) see them. An outside organisation's account
(an external party, whatever its role) sees only its own organisation's work: its own groups' tasks and
answer times, never the municipality's procedures or another party's figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from processes.errors import Forbidden
from services.policy.autorisatie import Rules


def check_may_see_waits(user: Mapping[str, Any], rules: Rules) -> None:
    """The heatmap of a model (waiting and working times, time held outside): [inzicht].heatmap roles."""
    if user["rol"] not in rules.insight_roles:
        raise Forbidden(
            "Alleen " + ", ".join(sorted(rules.insight_roles)) + " mogen de wachttijden per model zien.",
            code="rol-vereist",
        )


def waits_group(own: frozenset[str] | None, groep: str | None) -> str | None:
    """The team or organisation filter an account may put on a heatmap (``own``: its
    ``policy.own_work_only``): any for the municipality's own; for an outside organisation one of its own
    groups, the first when it names none, and 403 for another."""
    if own is None or groep in own:
        return groep
    if groep:
        raise Forbidden(
            f"U ziet alleen de wachttijden van uw eigen organisatie ({', '.join(sorted(own))}), "
            f"niet die van '{groep}'.",
            code="groep-geen-toegang",
        )
    return min(own) if own else None


# -- beheer of the outbox ----------------------------------------------------------------------------
def may_manage_deliveries(user: Mapping[str, Any], rules: Rules) -> bool:
    """Who sees the pending, failed and dead deliveries (with the remote error) and may retry them."""
    return user.get("rol") in rules.delivery_roles


def check_may_manage_deliveries(user: Mapping[str, Any], rules: Rules) -> None:
    if not may_manage_deliveries(user, rules):
        raise Forbidden(
            "Alleen beheer mag de uitgaande berichten (ZGW, e-mail) inzien en opnieuw aanbieden.",
            code="geen-toegang",
        )
