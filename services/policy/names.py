"""How an officer reads an account in a text (a message, the case history, the task page): its display
name ("Anna de Vries"), with the login name in brackets only where another account has the same display
name, and the login name itself for an account without a display name of its own. What is stored to act
on (an event's actor, a task's assignee, an event's data) keeps the login name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from services.platform import Platform
from services.policy.tasks import holder_as_read
from services.store.models import User

_OTHER = aliased(User)
_ONE = aliased(User)


def shown_as(login: str, display: str | None, same: int | None) -> str:
    """How ``login`` reads, from its display name and the number of accounts that have that name."""
    shown = (display or "").strip()
    if not shown or shown == login:
        return login
    return f"{shown} ({login})" if (same or 0) > 1 else shown


def name_columns(login: Any) -> tuple[Any, Any]:
    """The display name of the account ``login`` (a bound parameter) and how many accounts have it, as
    two columns for a query that runs anyway (``shown_as`` reads them): no statement of their own."""
    display = select(_ONE.display_name).where(_ONE.username == login).scalar_subquery()
    same = select(func.count(_OTHER.id)).where(_OTHER.display_name == display).scalar_subquery()
    return display, same


def shown_names(s: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    """{login: how it reads} for these accounts, in one query; an unknown login reads as itself."""
    names = sorted({n for n in usernames if n})
    if not names:
        return {}
    same = select(func.count(_OTHER.id)).where(_OTHER.display_name == User.display_name).scalar_subquery()
    rows = s.execute(select(User.username, User.display_name, same).where(User.username.in_(names))).all()
    found: dict[str, tuple[str | None, int | None]] = {str(row[0]): (row[1], row[2]) for row in rows}
    return {login: shown_as(login, *found.get(login, (None, 0))) for login in names}


def shown_name(s: Session, username: str) -> str:
    return shown_names(s, [username]).get(username, username)


def holder_shown(s: Session, party: str, login: str | None, own: str | None) -> str:
    """Who holds a task, in a message to an account of ``party`` (``own``: its login): as ``holder_as_read``
    allows, by the name an officer reads (``shown_name``) where that names the account."""
    holder = holder_as_read(party, login, own)
    return shown_name(s, holder) if login and holder == login else holder


def read_names(platform: Platform, usernames: Iterable[str | None]) -> dict[str, str]:
    """``shown_names`` in its own read (the faces)."""
    with platform.uow(write=False) as uow:
        return shown_names(uow.session, usernames)
