"""What an initiator's mail and the public status page repeat of the words typed at intake: the case's title,
the initiator's name and the location's name.

Outside tester (MEDIUM): the public form took a stranger's e-mail address and, as the name, "klant. LET OP:
uw aanvraag wordt pas behandeld na betaling van de leges (EUR 385) via ... of op NL12ABNA0123456789" (or a
title "Bel direct 0900-1234 of ga naar ..."); the gemeente's receipt mail, from the gemeente's own sender,
said "Beste klant. LET OP: ..." to that stranger, and ``/volglink`` sent the title again on request. The
form's guard (application_forms ``WEB_ADDRESS``: no "://" or "www.") cannot tell a bank account, a phone
number or a bare domain from a name. So these words reach only the address of whoever typed them: the
verified e-mail address of the account that started the case (an initiator logged in on the form, an
account's token through the API or the CLI: services.status.applicant ``own_email``). To any other
address (the anonymous form's, one a behandelaar registered, an account's start for an address that is
not its own) an initiator mail greets "Beste aanvrager" and names the case by its zaaknummer and its
procedure's name (and its receipt day, where the mail gives one): nothing the sender chose.

The stranger who follows the neutral mail's link reads the same rule on the status page behind the
volgcode (services.status.view, and its JSON twin): the case named by its zaaknummer and procedure, no
typed title and no typed location name (``shown``); the owner's own case keeps its words there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.policy import normal_email
from services.store.models import Case, User


def starters(s: Session, cases: Iterable[Case]) -> dict[str, str | None]:
    """The e-mail address of each account that started one of ``cases`` with an intake address, by its
    username, in one read (none for cases nobody logged in started)."""
    names = {c.started_by for c in cases if c.started_by and c.initiator_email}
    if not names:
        return {}
    rows = s.execute(select(User.username, User.email).where(User.username.in_(names)))
    return {str(name): normal_email(email) for name, email in rows}


def typed_by_owner(case: Case, starter_emails: Mapping[str, str | None]) -> bool:
    """Whether ``case``'s intake address is the verified address of the account that started it
    (``starter_emails``: ``starters``), so that its owner typed the case's title and name."""
    own = starter_emails.get(case.started_by or "")
    return bool(case.initiator_email) and own is not None and own == case.initiator_email


def owner_typed(s: Session, case: Case) -> bool:
    """``typed_by_owner`` of one case, its starting account read only when one started it."""
    return typed_by_owner(case, starters(s, [case]))


def words(case: Case, by_owner: bool) -> dict[str, Any]:
    """The ``naam`` and ``titel`` of an initiator mail: as typed, to the owner's address; else no name (the
    templates greet "Beste aanvrager") and the procedure's name as the title."""
    if by_owner:
        return {"naam": case.initiator, "titel": case.title}
    return {"naam": None, "titel": case.procedure}


def shown(case: Case, by_owner: bool) -> dict[str, Any]:
    """The ``titel`` and ``locatie`` of the public status page: as typed, for a case its address's owner
    started (``by_owner``); else the procedure's name (as ``words``) and no location name."""
    return {"titel": words(case, by_owner)["titel"], "locatie": case.location_name if by_owner else None}
