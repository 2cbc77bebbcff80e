"""The roles of accounts, as the faces and the API gate on them (re-exported by services.policy)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from processes.constants import Role
from processes.errors import Forbidden

STAFF_ROLES = frozenset(set(Role) - {Role.INITIATIEFNEMER})
HANDLER_ROLES = frozenset({Role.VERGUNNINGVERLENER, Role.TEAMLEIDER, Role.PROJECTLEIDER})
LEAD_ROLES = frozenset({Role.TEAMLEIDER, Role.BEHEERDER})
ADMIN_ROLE = Role.BEHEERDER
INITIATOR_ROLE = Role.INITIATIEFNEMER


def is_staff(user: Mapping[str, Any]) -> bool:
    return user["rol"] in STAFF_ROLES


def check_staff(user: Mapping[str, Any], detail: str) -> None:
    if not is_staff(user):
        raise Forbidden(detail, code="geen-medewerker")


def check_role(user: Mapping[str, Any], roles: Iterable[str], detail: str) -> None:
    if user["rol"] not in set(roles):
        raise Forbidden(detail, code="rol-vereist")
