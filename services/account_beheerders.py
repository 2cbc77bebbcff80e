"""The last active beheerder: no account change leaves the platform without one.

A change that may take an active beheerder away (``users blokkeren``: services.account_block; ``users add
--bijwerken`` with a role other than beheerder: services.users) locks every beheerder row first
(``lock_beheerders``), in id order, and always: whether the account is a beheerder is only known once its
own row is locked (a `users add --bijwerken` may make it one meanwhile), and locking the beheerder rows
after that row would let two such changes deadlock. Lock order of these changes, one for all of them:
the beheerder rows, then (an update) the cases of the account's claims and its organisations' groups,
then the account's own row, then (a block) its claims. So two of them at once are taken one after the
other, and each checks the account as it stands under its lock against beheerders it holds. The other
account changes (a new account, one made or kept beheerder, a token, a revoke, an unblock) lock no
beheerder row but the account's own. The cost is a handful of rows: a municipality has a few
beheerders, and blocks and role changes are rare, short commands.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from processes.constants import Role
from processes.errors import Conflict
from services.store.models import User

#: the beheerder rows a change has locked (``lock_beheerders``): each one's name and since when it is
#: blocked (None: active)
Beheerders = list[tuple[str, datetime | None]]


def lock_beheerders(s: Session) -> Beheerders:
    """Lock every beheerder row (FOR UPDATE, in id order) and read it as it stands then: the first locks
    of a change that may take a beheerder away. Two such changes at once are taken one after the other,
    and the second sees what the first did."""
    rows = s.execute(
        select(User.username, User.geblokkeerd_op)
        .where(User.role == Role.BEHEERDER)
        .order_by(User.id)
        .with_for_update()
    ).all()
    return [(name, blocked) for name, blocked in rows]


def check_not_last_beheerder(beheerders: Beheerders, username: str, what: str) -> None:
    """Refuse (Conflict laatste-beheerder) to ``what`` to ``username`` when none of the locked
    ``beheerders`` but ``username`` is active (a blocked one does not count). Only a locked row counts:
    no other change can take it away before this one commits. The caller checks the account as it
    stands once its own row is locked (a beheerder made meanwhile is not among ``beheerders``)."""
    if not {name for name, blocked in beheerders if blocked is None} - {username}:
        raise Conflict(
            f"'{username}' is de laatste beheerder; u kunt {username} niet {what}, want dan kan niemand "
            "het beheer meer doen. Maak eerst een andere beheerder aan (users add NAAM --role beheerder)"
            + (" of deblokkeer er een (users deblokkeren NAAM)." if len(beheerders) > 1 else "."),
            code="laatste-beheerder",
        )
