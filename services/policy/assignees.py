"""Who can be given a task: an account someone can log in to. The inbox offers only such colleagues
(``group_members``, services.inbox_page) and an assignment to any other is refused (``check_logs_in``,
services.inbox.assign, behind the face's form and the API alike): a task given to an account nobody uses
waits until a lead hands it back, and meanwhile its group's members cannot claim it.

Someone logs in to an account with its password (the login page), with its API token, or through single
sign-on, which names the account by its username (``web.faces.oidc``: ``preferred_username`` or the local
part of a verified e-mail address) unless a username claim is configured (then it names only the
``id-<hash>`` accounts made at a broker's login, never a colleague's). An account with neither password
nor token is one nobody can log in to without such single sign-on: the demo's ``collega-<groep>``
accounts (services.demo_users.colleague), or one whose access was revoked
(services.sessions.revoke_access) and that had no password. A blocked account (a leaver's,
services.account_block) is one nobody can log in to by any route, single sign-on included.

The same rule says who gets staff mail about a task (services.mail.compose: the assignment mail and the
deadline reminders): a mail to an account nobody can log in to reaches nobody who can do the task. It is
asked again when such a mail is sent (services.mail.channel) and when beheer offers it again
(services.outbox.beheer): an account that lost its last way in after the mail was written gets none, nor
one deleted since (``GONE``): its old address may be anyone's now."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from processes.errors import Unprocessable
from services.config import Settings
from services.policy.names import shown_name
from services.store.models import Group, User


def logs_in(settings: Settings) -> Any:
    """SQL: someone can log in to the account (the module's rule)."""
    open_account = User.geblokkeerd_op.is_(None)
    if settings.oidc_issuer and not settings.oidc_username_claim:
        return open_account
    return and_(open_account, or_(User.password_hash.is_not(None), User.token_hash.is_not(None)))


#: why nobody can log in to an account (``closed_accounts``): it is blocked, it has no way in, or it no
#: longer exists (deleted since a mail to it was written: like a closed one, it gets no mail)
BLOCKED, NO_WAY_IN, GONE = "geblokkeerd", "niet-inlogbaar", "verwijderd"


def closed_accounts(s: Session, settings: Settings, usernames: Iterable[str]) -> dict[str, str]:
    """Of the accounts among ``usernames``, those nobody can log in to (the module's rule), each with why
    (BLOCKED, NO_WAY_IN, or GONE for a name no account has any more), in one query."""
    return {name: why for name, (_email, why) in account_states(s, settings, usernames).items() if why}


def account_states(
    s: Session, settings: Settings, usernames: Iterable[str]
) -> dict[str, tuple[str | None, str | None]]:
    """Of the accounts among ``usernames``: each one's e-mail address, and why nobody can log in to it
    (BLOCKED or NO_WAY_IN; None when someone can), in one query; a name no account has (any more) is
    GONE, with no address."""
    names = set(usernames)
    if not names:
        return {}
    rows = s.execute(
        select(
            User.username, User.email, User.geblokkeerd_op, case((logs_in(settings), True), else_=False)
        ).where(User.username.in_(names))
    ).all()
    found = {
        str(name): (cast("str | None", email), None if ok else BLOCKED if since is not None else NO_WAY_IN)
        for name, email, since, ok in rows
    }
    return {name: found.get(name, (None, GONE)) for name in names}


def group_members(s: Session, settings: Settings, groups: list[str]) -> dict[str, list[dict[str, str]]]:
    """The members of each of ``groups`` someone can log in to (those 'Toewijzen' offers), by display name."""
    out: dict[str, list[dict[str, str]]] = {g: [] for g in groups}
    if not groups:
        return out
    rows = s.execute(
        select(Group.name, User.username, User.display_name)
        .join(User.groups)
        .where(Group.name.in_(groups), logs_in(settings))
        .order_by(User.display_name)
    ).all()
    for group, username, name in rows:
        out[group].append({"gebruikersnaam": username, "naam": name or username})
    return out


def check_logs_in(s: Session, settings: Settings, username: str) -> None:
    """Refuse (422 ``toewijzing-niet-inlogbaar``, ``veld`` gebruiker) to give a task to the existing account
    ``username`` when nobody can log in to it (``account_states``, as staff mail asks it; a name without an
    account is refused alike)."""
    closed = account_states(s, settings, [username])[username][1]
    if closed is None:
        return
    shown = shown_name(s, username)
    why = "het account is geblokkeerd" if closed == BLOCKED else "het heeft geen wachtwoord en geen API-token"
    raise Unprocessable(
        f"Op het account van {shown} kan niemand inloggen ({why}), "
        f"dus een taak die u aan {shown} toewijst, blijft liggen. Kies een collega die kan inloggen.",
        code="toewijzing-niet-inlogbaar",
        veld="gebruiker",
    )
