"""Users, groups (departments and organisations), roles and API tokens."""

from __future__ import annotations

import functools
import logging
import secrets
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from processes import tekens
from processes.constants import Role
from processes.email_adres import is_email_address
from processes.errors import Conflict, NotFound, Unauthorized, ValidationError
from services import (
    account_audit,
    account_beheerders,
    organisations,
    request_users,
    session_ends,
    task_holding,
)
from services.api_tokens import token_hash, write_token
from services.platform import Platform
from services.policy.autorisatie import ORGANISATION_KIND
from services.store.db import insert_missing
from services.store.models import Group, HumanTask, User

ROLES = {str(role): role.label for role in Role}
#: built once: the token lookup runs on every API request; one query with the groups joined in
#: (measured: 0.43 ms against 0.75 ms for the default second query that loads the groups)
#: a blocked account's token is refused too (blocking takes it, but no token may open a blocked account)
_BY_TOKEN = (
    select(User)
    .options(joinedload(User.groups))
    .where(User.token_hash == bindparam("token_hash"), User.geblokkeerd_op.is_(None))
)


log = logging.getLogger("ruimteflow.users")
#: why an account change lets go of a claimed task (its case history says so)
ACCOUNT_CHANGED = "de rol of de groepen van het account zijn gewijzigd"
ACCESS_REVOKED = "de toegang van het account is ingetrokken"
ACCOUNT_BLOCKED = "het account is geblokkeerd"


def add_user(
    platform: Platform,
    username: str,
    *,
    groups: list[str] | None = None,
    role: str = "medewerker",
    display_name: str | None = None,
    password: str | None = None,
    token: str | None = None,
    met_token: bool = True,  # False: no API token (the answer's "token" is None; new_token gives one)
    email: str | None = None,
    bijwerken: bool = True,
    door: str = account_audit.SYSTEM,
    organisaties: list[str] | None = None,  # groups of one outside organisation each (services.organisations)
    partij: str | None = None,  # the party group of those organisations (a case may name them for it)
) -> dict[str, Any]:
    """Create or update a user; missing groups are created. Returns the user with a fresh API token (None
    while it is blocked: ``geblokkeerd``). ``email``: a verified address; an initiator sees the cases
    applied for with it. ``bijwerken``: whether an existing user may be replaced (role, groups, password,
    token); without it, an existing user is refused (Conflict gebruiker-bestaat) and nothing changes. An
    update lets go of the claimed tasks the new role and groups may not hold (``taken_vrijgegeven``); it
    refuses to demote the last active beheerder or promote a blocked account (Conflict); audited: ``door``.
    ``groups``: departments; ``organisaties``: outside ones of ``partij`` (a new one needs it)."""
    _check_names(username, role, display_name, [*(groups or []), *(organisaties or [])])
    organisations.check_party(platform, partij, organisaties or [])
    token = (token or secrets.token_urlsafe(24)) if met_token else None
    with platform.uow() as uow:
        s = uow.session
        created = 0
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:  # created here, unless another request creates it meanwhile (then as existing)
            created = insert_missing(s, User, [{"username": username, "role": role}], "username")
            user = s.scalars(select(User).where(User.username == username)).one()
        if not created and not bijwerken:
            raise _exists(username)
        named, was, old_email, claims = _lock_and_read(
            s, platform, user, bool(created), role, organisaties, partij, door
        )
        given = _fill(
            platform,
            s,
            user,
            created=bool(created),
            role=role,
            display_name=display_name,
            email=email,
            password=password,
            token=token,
            groups=groups or [],
            named=named,
        )
        released = _release_and_audit(
            s, platform, user, claims, was=was, old_email=old_email, password=password, door=door
        )
        uow.commit()
        request_users.forget(username)
        found = {**user_dict(user), "token": given, "taken_vrijgegeven": released}
        found["geblokkeerd"] = user.geblokkeerd_op is not None  # then "token" is None (_fill)
    _log_change(username, was, found)
    return found


def _lock_and_read(
    s: Session,
    platform: Platform,
    user: User,
    created: bool,
    role: str,
    names: list[str] | None,
    party: str | None,
    door: str,
) -> tuple[list[Group], dict[str, Any] | None, str | None, list[HumanTask]]:
    """An account change's locks, in the order of services.account_beheerders, and what it finds under
    them: every beheerder row when the update to ``role`` may take a beheerder away (always, since the
    account may be made one meanwhile); an existing account's own row (a new one's is its insert's), its
    ``was`` (audit) and address read under it, so a change committed meanwhile is seen and the last active
    beheerder, or a blocked account made one, is refused as the account stands then; then the cases of its claims
    (``task_holding.lock_claims``: the claims an update lets go of, none locked again after the groups) and
    the groups of its outside organisations (``organisations.ensure_organisations``, which locks them).
    Returns those groups, ``was``, the address (None, None: created) and the claims."""
    may_demote = not created and role != Role.BEHEERDER
    beheerders = account_beheerders.lock_beheerders(s) if may_demote else []
    found: tuple[dict[str, Any] | None, str | None] = (None, None)
    claims: list[HumanTask] = []
    if not created:
        locked = account_row(s, user.username, lock=True)  # ``user`` itself, its row and groups read again
        if may_demote and locked.role == Role.BEHEERDER and locked.geblokkeerd_op is None:  # active
            account_beheerders.check_not_last_beheerder(beheerders, user.username, f"de rol {role} geven")
        elif role == Role.BEHEERDER and locked.role != role and locked.geblokkeerd_op is not None:
            raise refused_blocked(user.username, "het wordt geen beheerder, want het kan niet inloggen en "
                                  "dus geen beheer doen; er is niets gewijzigd")  # fmt: skip
        found = (account_audit.state(locked), locked.email)
        claims = task_holding.lock_claims(s, user.username)
    return organisations.ensure_organisations(s, platform, names or [], party, door=door), *found, claims


def _exists(username: str) -> Conflict:
    """An existing user is not replaced without ``bijwerken``."""
    return Conflict(
        f"Gebruiker '{username}' bestaat al. Met --bijwerken vervangt u de rol, de groepen (zonder "
        "--group: geen), het API-token en met --password het wachtwoord; zonder --bijwerken verandert er niets. "
        f"Alleen een nieuw API-token: ruimteflow users token {username}.",
        code="gebruiker-bestaat",
    )


def _release_and_audit(
    s: Session,
    platform: Platform,
    user: User,
    claims: list[HumanTask],
    *,
    was: dict[str, Any] | None,
    old_email: str | None,
    password: str | None,
    door: str,
) -> int:
    """Let go of the ``claims`` (locked by ``_lock_and_read``; none for a new account) the account may no
    longer hold, and audit the change (``was`` None: created). Returns the number of tasks let go."""
    released = task_holding.release_claims(s, platform, user.username, reason=ACCOUNT_CHANGED, claims=claims)
    nu = account_audit.state(user) | {
        "token_vernieuwd": user.token_hash is not None,
        "wachtwoord_gewijzigd": bool(password),
    }
    nu["email_gewijzigd"] = user.email != old_email
    kind: account_audit.Kind = "aangemaakt" if was is None else "bijgewerkt"
    account_audit.record(s, platform, user.username, kind, door=door, was=was, nu=nu, released=released)
    return released


def _log_change(username: str, was: dict[str, Any] | None, found: dict[str, Any]) -> None:
    """The account change in the log too: role and groups before and after."""
    now = f"rol {found['rol']}, groepen {found['groepen']}"
    before = None if was is None else f"rol {was['rol']}, groepen {was['groepen']}"
    change = ("aangemaakt", now) if before is None else ("bijgewerkt", f"{before} -> {now}")
    log.info("gebruiker %s %s: %s; %d taken vrijgegeven", username, *change, found["taken_vrijgegeven"])


def _fill(
    platform: Platform,
    s: Session,
    user: User,
    *,
    created: bool,
    role: str,
    display_name: str | None,
    email: str | None,
    password: str | None,
    token: str | None,
    groups: list[str],
    named: list[Group],
) -> str | None:
    """Give an account its name, role, address, password (ending the old one's sessions), token and groups;
    returns the token given: none while the account is blocked (``api_tokens.write_token``)."""
    user.display_name = display_name or user.display_name or user.username
    user.role = role
    if email is not None:
        user.email = _checked_email(email)
    if password:
        if not created:  # a new password ends the sessions started with the old one
            session_ends.end_every(s, platform, user.username)
        user.password_hash = generate_password_hash(password)
    given = write_token(s, user, token)
    org_names = {g.name for g in named}  # ``named``: the organisations' groups (ensure_organisations)
    user.groups = [ensure_group(s, g) for g in dict.fromkeys(groups) if g not in org_names] + named
    return given


def _check_names(username: str, role: str, display_name: str | None, groups: list[str]) -> None:
    """The account's name, role, display name and group names are valid (a Dutch 400 otherwise)."""
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValidationError(
            f"Ongeldige gebruikersnaam '{username}' (alleen letters, cijfers, - _ .).",
            code="gebruikersnaam-ongeldig",
        )
    if role not in ROLES:
        raise ValidationError(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES)}.", code="rol-onbekend")
    organisations.fits("De gebruikersnaam", username, 80, "gebruikersnaam-ongeldig")
    organisations.fits("De weergavenaam", display_name or "", 120, "naam-ongeldig")
    tekens.check_line(display_name, "weergavenaam", "De weergavenaam")  # shown in every list of the case
    organisations.check_group_names(groups)


def _checked_email(email: str) -> str | None:
    """'' clears the address; anything else must be one (processes.email_adres: the shape the public form
    takes, without a control or bidi character; it is shown in the beheer lists and mail goes to it)."""
    text = email.strip().lower()
    if len(text) > 255 or text and not is_email_address(text):
        raise ValidationError(f"Ongeldig e-mailadres '{email}'.", code="email-ongeldig")
    return text or None


def ensure_group(s: Session, name: str, kind: str = "afdeling") -> Group:
    """The group ``name``, created when missing (also when another transaction creates it meanwhile).
    A department asked for under an organisation's name is refused (Conflict groep-is-organisatie): its
    members would become an outside party (services.organisations refuses the reverse)."""
    group = s.scalars(select(Group).where(Group.name == name)).first()
    if group is None:
        insert_missing(s, Group, [{"name": name, "kind": kind}], "name")
        group = s.scalars(select(Group).where(Group.name == name)).one()
    if kind != ORGANISATION_KIND and group.kind == ORGANISATION_KIND:
        raise Conflict(
            f"Groep '{name}' is de groep van een externe organisatie, geen afdeling van de gemeente; met "
            f"--group '{name}' zou de gebruiker een externe partij worden. Een account van die organisatie "
            f"krijgt --organisatie '{name}'; kies voor een afdeling een andere groepsnaam.",
            code="groep-is-organisatie",
        )
    return group


def initiator_accounts(
    s: Session, username: str | None, email: str | None, *, lock: Literal["", "update", "share"] = ""
) -> list[User]:
    """The initiator accounts a case started by ``username`` with the e-mail address ``email`` belongs
    to (as ``services.policy.own_cases`` links them), in id order; ``lock`` "update" or "share" locks
    them. A start takes them shared and the destruction of a closed case (``services.bewaren.vernietigen``,
    which anonymises the accounts no case keeps) exclusively, so its check that an account keeps no case
    cannot miss a case that is being started."""
    links = [User.username == username] if username else []
    if email:
        links.append(User.email == email)
    if not links:
        return []
    query = select(User).where(User.role == Role.INITIATIEFNEMER, or_(*links)).order_by(User.id)
    if lock:
        query = query.with_for_update(read=lock == "share")
    return list(s.scalars(query))


def user_dict(user: User) -> dict[str, Any]:
    return {
        "gebruikersnaam": user.username,
        "naam": user.display_name,
        "rol": user.role,
        "groepen": sorted(g.name for g in user.groups),
    }


def by_token(platform: Platform, token: str) -> dict[str, Any]:
    """The holder of an API token, read from the database on every call (a replaced token fails at
    once); inside a web request the row is kept for that request's use cases (request_users)."""
    with platform.uow(write=False) as uow:
        user = uow.session.scalars(_BY_TOKEN, {"token_hash": token_hash(token)}).unique().first()
        if user is None:
            raise Unauthorized("Onbekend of verlopen API-token.", code="token-ongeldig")
        found = user_dict(user)
    request_users.remember(user)
    return found


def account_row(s: Session, username: str, *, lock: bool = False) -> User:
    """The account ``username`` in this session; NotFound (gebruiker-onbekend) when there is none.
    ``lock``: its row locked first (FOR UPDATE; its groups read after that), so a change of the account
    that another transaction is writing (every change writes the row: services.api_tokens) is waited for
    and seen, and none comes in until the caller's transaction ends: its audit line and answer say what
    was really there."""
    query = select(User).where(User.username == username)
    locked = query.with_for_update().execution_options(populate_existing=True)
    user = s.scalars(locked if lock else query).first()
    if user is None:
        raise NotFound(f"Gebruiker '{username}' bestaat niet.", code="gebruiker-onbekend")
    return user


def get_user(platform: Platform, username: str) -> dict[str, Any]:
    return get_account(platform, username)[0]


def get_account(platform: Platform, username: str) -> tuple[dict[str, Any], datetime | None]:
    """The account ``username`` as ``get_user`` gives it and since when it is blocked (None: it is not;
    services.account_block: no login by any route), in one read; NotFound when there is none."""
    with platform.uow(write=False) as uow:
        user = account_row(uow.session, username)
        return user_dict(user), user.geblokkeerd_op


def refused_blocked(username: str, why: str) -> Conflict:
    """The refusal (Conflict gebruiker-geblokkeerd) of what the blocked account ``username`` cannot have
    or do, ``why``, with the command that unblocks it."""
    return Conflict(
        f"Gebruiker '{username}' is geblokkeerd; {why}. Deblokkeer het account eerst (ruimteflow users "
        f"deblokkeren {username}).",
        code="gebruiker-geblokkeerd",
    )


def new_token(platform: Platform, username: str, *, door: str = account_audit.SYSTEM) -> dict[str, Any]:
    """Give an account a new API token, the old one stops working; nothing else changes: its role,
    groups, password, sessions and claimed tasks stay (``add_user`` replaces role and groups too). The
    token is returned once, only its hash kept; the change is audited (token-vernieuwd), by ``door``."""
    token = secrets.token_urlsafe(24)
    with platform.uow() as uow:
        s = uow.session
        user = account_row(s, username, lock=True)  # a revoke or block meanwhile: its token gone, seen
        had_token = user.token_hash is not None
        if write_token(s, user, token) is None:  # blocked (also by a block committed meanwhile)
            raise refused_blocked(username, "een API-token zou niets openen")
        kept = account_audit.state(user)
        was, nu = kept | {"token": had_token}, kept | {"token_vernieuwd": True}
        account_audit.record(s, platform, username, "token-vernieuwd", door=door, was=was, nu=nu)
        uow.commit()
    request_users.forget(username)
    log.info(
        "gebruiker %s: nieuw API-token (%s)",
        username,
        "het oude werkt niet meer" if had_token else "had er geen",
    )
    return {"gebruiker": username, "token": token}


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(platform: Platform, username: str, password: str) -> dict[str, Any]:
    """Check a password (unthrottled: the login face goes through ``services.sessions.login``). A blocked
    account is refused as a wrong password is, so the answer does not tell that it exists or is blocked."""
    with platform.uow(write=False) as uow:
        user = uow.session.scalars(select(User).where(User.username == username)).first()
        stored = user.password_hash if user is not None and user.password_hash else None
        # an unknown name costs the same hash as a known one, so timing does not tell which names exist
        matches = check_password_hash(stored or _dummy_hash(), password)
        if user is None or stored is None or not matches or user.geblokkeerd_op is not None:
            raise Unauthorized("Gebruikersnaam of wachtwoord klopt niet.", code="inloggen-mislukt")
        return user_dict(user)


def set_contact(platform: Platform, name: str, contact: str) -> None:
    """Give the group ``name`` (made when missing) its contact line: the status page names it for the
    party (services.status.view): a text others read (processes.tekens, ``tekst-ongeldig``), in 255."""
    organisations.check_group_names([name], "groep")
    line = tekens.check_line(contact, "contact", "De contactregel")
    if len(line or "") > 255:
        message = "De contactregel mag ten hoogste 255 tekens hebben."
        raise ValidationError(message, code="tekst-ongeldig", veld="contact", fouten={"contact": message})
    with platform.uow() as uow:
        s = uow.session
        group = s.scalars(select(Group).where(Group.name == name)).first() or ensure_group(s, name)
        group.contact = line.strip() if line else None
        uow.commit()


def list_groups(platform: Platform) -> list[dict[str, Any]]:
    with platform.uow(write=False) as uow:
        return [
            {"naam": g.name, "soort": g.kind, "contact": g.contact, "partij": g.party}
            for g in uow.session.scalars(select(Group).order_by(Group.name)).all()
        ]
