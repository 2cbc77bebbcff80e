"""The last active beheerder: no account change leaves the platform without one; and the lock order of
every account change.

A change that may take an active beheerder away (``users blokkeren``: services.account_block; ``users add
--bijwerken`` with a role other than beheerder: services.users) locks every beheerder row first
(``lock_beheerders``), in id order, and always: whether the account is a beheerder is only known once its
own row is locked (a `users add --bijwerken` may make it one meanwhile), and locking the beheerder rows
after that row would let two such changes deadlock. Each checks the account as it stands under its lock
against the beheerders it holds; two of them at once are taken one after the other. The cost is a handful
of rows: a municipality has a few beheerders, and blocks and role changes are rare, short commands.

Lock order of every account change (an update, a block, an unblock, a revoke, a token), one for all:
1. the beheerder rows (only a change that may take a beheerder away);
2. the account's own row (``services.users.account_row``; a new account's is its insert's);
3. the cases and tasks of its claims (``services.task_holding.lock_claims``: a revoke, a block, an update;
   an update lets go of those it locked here, and locks no case after the groups);
4. the groups of its outside organisations (an update with ``--organisatie``: a step locks its case before
   the organisations it names, ``services.organisations.ensure_organisations``).
A change takes those it needs, in this order. Two changes of one account are taken one after the other at
its row; a revoke or block of an account that an update is changing waits there too, not at a claim's case
the update already holds (that was a deadlock). The rows of only that account (its token, its sessions)
come after its own row, in any order.
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
    stands once its own row is locked (a beheerder made meanwhile is not among ``beheerders``). The
    refusal advises unblocking one when another of ``beheerders`` is blocked (not ``username`` itself:
    unblocked, it would still be the last)."""
    if {name for name, blocked in beheerders if blocked is None} - {username}:
        return
    unblockable = any(blocked is not None and name != username for name, blocked in beheerders)
    raise Conflict(
        f"'{username}' is de laatste beheerder; u kunt {username} niet {what}, want dan kan niemand "
        "het beheer meer doen. Maak eerst een andere beheerder aan (users add NAAM --role beheerder)"
        + (" of deblokkeer er een (users deblokkeren NAAM)." if unblockable else "."),
        code="laatste-beheerder",
    )
