"""The initiator accounts of destroyed cases (services.bewaren.vernietigen).

An initiator account (role initiatiefnemer: made at a DigiD/eHerkenning login with the broker's name and
e-mail address, or on the command line) exists for its cases. When the run destroys a case, each
initiator account linked to it (the account that applied, ``zaak.started_by``, or the one whose e-mail
address the case holds, as ``services.policy`` links them) that has no case left that still keeps its
data (none running, none closed and not yet destroyed, a case an earlier release pseudonymised not
counted; checked under a lock on the account that a
start of a case by it takes too, ``services.users.initiator_accounts``) is anonymised in the same
transaction: its
display name, e-mail address, password hash and token go, its sessions are deleted, and a username
that may hold a name or an address (anything but the ``id-<hash>`` of a broker's subject,
``web.faces.oidc``) is replaced by ``geanonimiseerd-<random>``. The account's audit lines
(``account_event``) then carry the new username, and one more line records the anonymisation (kind
"geanonimiseerd", door "zaken opschonen"). The row itself stays: cases, tasks and audit lines may name
it, and a broker's subject that logs in again finds the empty account.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from services import account_audit, idempotency, sessions
from services.platform import Platform
from services.store.models import AccountEvent, Case, User
from services.users import initiator_accounts

DOOR = "zaken opschonen"
PREFIX = "geanonimiseerd-"
#: the username of an account made at a broker's login: a hash of its subject, no name or address
_PSEUDONIEM = re.compile(r"id-[0-9a-f]{24}")


def linked(s: Session, case: Case, *, lock: bool = True) -> list[User]:
    """The initiator accounts linked to ``case`` (before it is destroyed) and not anonymised yet;
    locked for the change (a start of a case by one of them waits, ``services.cases.start_case``), or
    (``lock`` False) only read, for a dry run. Lock them before ``anonymise_free`` checks their cases."""
    found = initiator_accounts(s, case.started_by, case.initiator_email, lock="update" if lock else "")
    return [u for u in found if not u.username.startswith(PREFIX)]


def _kept_cases(s: Session, user: User, ignore: Iterable[int] = ()) -> bool:
    """A case linked to ``user`` still keeps its data (not pseudonymised by an earlier release, not among
    ``ignore``)."""
    links = [Case.started_by == user.username]
    if user.email:
        links.append(Case.initiator_email == user.email)
    query = select(Case.id).where(Case.geanonimiseerd_op.is_(None), or_(*links))
    ignored = set(ignore)
    return any(case_id not in ignored for case_id in s.scalars(query))


def anonymise_free(s: Session, platform: Platform, users: list[User]) -> list[str]:
    """Anonymise those of ``users`` no case keeps any more (call after the case's own changes were
    flushed); their usernames as they were."""
    s.flush()
    done = []
    for user in users:
        if not _kept_cases(s, user):
            done.append(user.username)
            _anonymise(s, platform, user)
    return done


def _anonymise(s: Session, platform: Platform, user: User) -> None:
    old = user.username
    was = account_audit.state(user) | {
        "naam": bool(user.display_name),
        "email": user.email is not None,
        "wachtwoord": user.password_hash is not None,
        "token": user.token_hash is not None,
    }
    new = old if _PSEUDONIEM.fullmatch(old) else PREFIX + secrets.token_hex(8)
    ended = sessions.forget(s, old)
    user.username, user.display_name, user.email = new, "", None
    user.password_hash, user.token_hash = None, None
    if new != old:  # the old name must not stay in the audit trail either
        s.execute(update(AccountEvent).where(AccountEvent.username == old).values(username=new))
        idempotency.forget(s, old)
    nu = {"naam": False, "email": False, "wachtwoord": False, "token": False, "sessies_beeindigd": ended}
    account_audit.record(s, platform, new, "geanonimiseerd", door=DOOR, was=was, nu=nu)


def to_anonymise(platform: Platform, case_ids: list[int]) -> list[str]:
    """For a dry run: the initiator accounts that destroying the cases ``case_ids`` would anonymise."""
    with platform.uow(write=False) as uow:
        s = uow.session
        found: dict[int, User] = {}
        for case in s.scalars(select(Case).where(Case.id.in_(case_ids))):
            found.update((u.id, u) for u in linked(s, case, lock=False))
        return sorted(u.username for u in found.values() if not _kept_cases(s, u, ignore=case_ids))
