"""The audit of account changes: who got or lost which role and groups, when, and by whose hand; and
of the searches for one person's data (an AVG art. 15 request, services.inzage): who searched what, when.

One ``AccountEvent`` row per change, written in the transaction of the change (services.users,
services.sessions, services.bewaren.accounts; services.organisations when the account's organisation is
registered for another party), and read by ``ruimteflow users historie``. The change is also logged
(``ruimteflow.users``), as before. No secret or e-mail address is kept, only that it changed."""

from __future__ import annotations

import getpass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.errors import ValidationError
from services.clock import in_nl
from services.platform import Platform
from services.store.models import AccountEvent, User

#: who made a change when the caller does not say (the demo seed, a test, the library)
SYSTEM = "systeem"
#: "geanonimiseerd": an initiator account whose cases were all anonymised (services.bewaren.accounts);
#: "token-vernieuwd": a new API token and nothing else (services.users.new_token);
#: "organisatie-vastgelegd": the account's organisation registered for another party (services.organisations);
#: "persoon-gezocht", "persoon-inzage": a search for one person's data, an export of it for an AVG art. 15
#: request (services.inzage): about no account (username ""), ``nu`` holds the search text, not what it found
Kind = Literal[
    "aangemaakt",
    "bijgewerkt",
    "toegang-ingetrokken",
    "token-vernieuwd",
    "geanonimiseerd",
    "organisatie-vastgelegd",
    "persoon-gezocht",
    "persoon-inzage",
]
MAX_LIMIT = 1000


def state(user: User) -> dict[str, Any]:
    """What the audit keeps of an account: its role and groups."""
    return {"rol": str(user.role), "groepen": sorted(g.name for g in user.groups)}


def system_user() -> str:
    """The operating-system account running this process; "onbekend" for a container user without a
    passwd entry."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "onbekend"


def command_line() -> str:
    """``door`` for a change made on the command line: the operating-system account that ran it."""
    return f"commandoregel (systeemgebruiker {system_user()})"[:200]


def record(
    s: Session,
    platform: Platform,
    username: str,
    kind: Kind,
    *,
    door: str,
    was: dict[str, Any] | None,
    nu: dict[str, Any] | None,
    released: int = 0,
) -> None:
    """Add the audit row of one change to the session (committed with the change itself)."""
    s.add(
        AccountEvent(
            at=platform.clock.now(),
            username=username,
            kind=kind,
            door=(door or SYSTEM)[:200],
            was=was,
            nu=nu,
            taken_vrijgegeven=released,
        )
    )


def history(platform: Platform, username: str | None = None, *, limit: int = 200) -> list[dict[str, Any]]:
    """The account changes, newest first: of one account, or of all. ``limit`` 1..1000. ``op`` is the
    moment on the Dutch clock, with its offset."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            f"Het aantal regels moet een geheel getal van 1 tot en met {MAX_LIMIT} zijn.",
            code="aantal-ongeldig",
        )
    q = select(AccountEvent).order_by(AccountEvent.at.desc(), AccountEvent.id.desc()).limit(limit)
    if username is not None:
        q = q.where(AccountEvent.username == username)
    with platform.uow(write=False) as uow:
        return [
            {
                "op": in_nl(e.at).isoformat(timespec="seconds"),
                "gebruiker": e.username,
                "wijziging": e.kind,
                "door": e.door,
                "was": e.was,
                "nu": e.nu,
                "taken_vrijgegeven": e.taken_vrijgegeven,
            }
            for e in uow.session.scalars(q)
        ]
