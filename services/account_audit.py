"""The audit of account changes: who got or lost which role and groups, when, and by whose hand; and
of the searches for one person's data (an AVG art. 15 request, services.inzage): who searched what, when,
and how many places it found. The search text (a person's name, e-mail address or address) is kept only
for its term: ``zaken opschonen --uitvoeren`` removes it after that (services.bewaren.zoeklog), and the
history then says so (``shown``).

One ``AccountEvent`` row per change, written in the transaction of the change (services.users,
services.sessions, services.account_block, services.bewaren.accounts; services.organisations when the
account's organisation is registered for another party), and read by ``ruimteflow users historie``. The change is also logged
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
#: "geblokkeerd", "gedeblokkeerd": an account closed to every login while it is kept, and opened again
#: (services.account_block); a block's ``nu`` holds its ``reden``;
#: "organisatie-vastgelegd": the account's organisation registered for another party (services.organisations);
#: "persoon-gezocht", "persoon-inzage": a search for one person's data, an export of it for an AVG art. 15
#: request (services.inzage): about no account (username ""), ``nu`` holds the search text (for its term),
#: the export's folder and how many places were found, never what was found
Kind = Literal[
    "aangemaakt",
    "bijgewerkt",
    "toegang-ingetrokken",
    "token-vernieuwd",
    "geblokkeerd",
    "gedeblokkeerd",
    "geanonimiseerd",
    "organisatie-vastgelegd",
    "persoon-gezocht",
    "persoon-inzage",
]
MAX_LIMIT = 1000
#: the kinds of a search for one person's data (services.inzage)
ZOEKOPDRACHTEN: tuple[Kind, ...] = ("persoon-gezocht", "persoon-inzage")
#: the texts in a search line's ``nu`` that may name the person searched for (the search text; the export's
#: folder, often named after that person), with what the history calls them once they are removed after
#: their term (services.bewaren.zoeklog)
ZOEKTEKST, UITVOER = "zoektekst", "uitvoer"
PERSOONLIJK = {ZOEKTEKST: "zoektekst", UITVOER: "naam van de uitvoermap"}
#: the keys of a search line from which PERSOONLIJK texts were removed: which ones, and on which day
VERWIJDERD, VERWIJDERD_OP = "verwijderd", "verwijderd_op"
#: the number of places a search found, on its line once the search is done (services.inzage)
VINDPLAATSEN = "vindplaatsen"


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
) -> AccountEvent:
    """Add the audit row of one change to the session (committed with the change itself)."""
    line = AccountEvent(
        at=platform.clock.now(),
        username=username,
        kind=kind,
        door=(door or SYSTEM)[:200],
        was=was,
        nu=nu,
        taken_vrijgegeven=released,
    )
    s.add(line)
    return line


def shown(kind: str, nu: dict[str, Any] | None) -> dict[str, Any] | None:
    """``nu`` as the history shows it: a search's text removed after its term (services.bewaren.zoeklog) is
    said to be removed, under its own key, rather than left out."""
    removed = (nu or {}).get(VERWIJDERD) if kind in ZOEKOPDRACHTEN else None
    if not nu or not removed:
        return nu
    said = {
        key: f"{PERSOONLIJK.get(key, key)} verwijderd na de bewaartermijn (op {nu.get(VERWIJDERD_OP)})"
        for key in removed
    }
    return said | {k: v for k, v in nu.items() if k != VERWIJDERD}


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
                "nu": shown(e.kind, e.nu),
                "taken_vrijgegeven": e.taken_vrijgegeven,
            }
            for e in uow.session.scalars(q)
        ]
