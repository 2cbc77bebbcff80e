"""Who is asking: :class:`Actor`, the one asking as the policy reads it, and the account it is read from.

Part of the one policy (services.policy re-exports everything here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from processes.errors import NotFound
from services import request_users
from services.policy.applicants import normal_email
from services.policy.autorisatie import ORGANISATION_KIND
from services.policy.roles import INITIATOR_ROLE, LEAD_ROLES
from services.store.db import plain
from services.store.models import Group, User, UserGroup

#: built once: an account with its groups in one query
_BY_NAME = select(User).options(joinedload(User.groups)).where(User.username == bindparam("username"))
#: built once: what the policy reads of an account, as plain values (issue #12: no objects, and neither its
#: password nor its token hash): its name, role and e-mail address with each of its groups and that group's
#: kind, one row per group (one without a group for an account that has none)
_ACCOUNT = (
    select(User.username, User.role, User.email, Group.name, Group.kind)
    .outerjoin(UserGroup, UserGroup.user_id == User.id)
    .outerjoin(Group, Group.id == UserGroup.group_id)
    .where(User.username == bindparam("username"))
)


@dataclass(frozen=True)
class Actor:
    """The one asking: an account (username, role, groups), or the holder of a volgcode."""

    username: str | None
    role: str
    groups: frozenset[str]
    external_kinds: frozenset[str] = frozenset()  # groups whose app_group.kind marks an organisation
    via_code: bool = False
    email: str | None = None  # an initiator's verified e-mail address (its intake cases are its own)
    #: the cases on which it takes a task without candidate groups (``for_tasks`` reads them)
    staff_cases: frozenset[int] = frozenset()
    #: an outside lead's: the tasks its organisation holds (``for_tasks``); None: any side's (policy.sides)
    own_holds: frozenset[int] | None = None

    @classmethod
    def of(cls, user: User | Mapping[str, Any]) -> Actor:
        """From a user row, or from a user dict of the web layer (which does not carry the group
        kinds: use ``actor_for`` where the kind of account matters)."""
        if isinstance(user, User):
            return cls(
                user.username,
                user.role,
                frozenset(g.name for g in user.groups),
                frozenset(g.name for g in user.groups if g.kind == ORGANISATION_KIND),
                email=normal_email(user.email),
            )
        return cls(user["gebruikersnaam"], user["rol"], frozenset(user.get("groepen") or []))

    @property
    def lead(self) -> bool:
        """A teamleider or the beheerder: hands back and assigns a task it may see (policy.tasks)."""
        return self.role in LEAD_ROLES

    @classmethod
    def code_holder(cls) -> Actor:
        """Whoever opens the public status page with the case's volgcode: counts as its initiator."""
        return cls(None, INITIATOR_ROLE, frozenset(), via_code=True)


def user_named(s: Session, username: str) -> User:
    """The account ``username``; NotFound (gebruiker-onbekend) when there is none. Within a web
    request, the caller's row read at authentication (a detached copy: read it, do not change it)."""
    user = request_users.known(username) or s.scalars(_BY_NAME, {"username": username}).unique().first()
    if user is None:
        raise _unknown(username)
    return user


def actor_for(s: Session, username: str) -> Actor:
    """The account ``username`` as :meth:`Actor.of` makes it of its row, from the values it reads
    (``_ACCOUNT``, one plain read) or, within a web request, of the row read at authentication; NotFound
    as :func:`user_named`."""
    known = request_users.known(username)
    if known is not None:
        return Actor.of(known)
    rows = plain(s).execute(_ACCOUNT, {"username": username}).all()
    if not rows:
        raise _unknown(username)
    kinds = {row[3]: row[4] for row in rows if row[3] is not None}  # group name: its kind
    organisations = frozenset(name for name, kind in kinds.items() if kind == ORGANISATION_KIND)
    name, role, email = rows[0][:3]
    return Actor(name, role, frozenset(kinds), organisations, email=normal_email(email))


def _unknown(username: str) -> NotFound:
    return NotFound(f"Gebruiker '{username}' bestaat niet.", code="gebruiker-onbekend")
