"""Outside organisations: the group of one organisation (kind organisatie) and the party it is registered for.

A case may name an organisation (process variable ``organisaties``) only for the party it is registered
for (services/routing.py). The beheerder registers it with its first account (``ruimteflow users add NAAM
--organisatie GROEP --partij PARTIJ``: a new organisation needs its party, a further account none) or on
its own (``ruimteflow users organisatie GROEP --partij PARTIJ``: also to correct a wrong party, or to give
an organisation made before the party existed its party). A party is changed only while no running case
names the organisation for another party, and the change is in the account audit of its members.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from processes import tekens
from processes.constants import ACTIVE_STATUSES
from processes.errors import Conflict, ValidationError
from services import account_audit
from services.platform import Platform
from services.policy.autorisatie import ORGANISATION_KIND, rules
from services.store.db import insert_missing
from services.store.models import Case, Group, User, UserGroup

#: how many of the running cases that name an organisation a refusal lists
_SHOWN = 10


def ensure_organisations(
    s: Session, platform: Platform, names: list[str], party: str | None, *, door: str
) -> list[Group]:
    """The groups of the outside organisations ``names`` (``users add --organisatie``), made when missing,
    registered for ``party`` (check_party first). Refused: a department of such a name (groep-is-afdeling),
    another party than the one an organisation is registered for (organisatie-andere-partij: the advice is
    ``register``), and an organisation left without a party (organisatie-zonder-partij: no case could
    name it). Their rows are locked for update in name order, as a step naming organisations takes them
    (shared: services/routing.py ``ensure_named``) and as ``register`` takes its one: a re-registration at
    the same moment goes before or after this, never between its read and its write. A caller that also
    locks cases (an account's claims: services/task_holding.py ``lock_claims``) locks them first, as a
    step does."""
    parties = rules(platform.settings).external_groups
    found = []
    for name in sorted(set(names)):
        group = _organisation(s, name, lock=True)
        if party and group.party and group.party != party:
            raise Conflict(
                f"Organisatie '{name}' is vastgelegd als organisatie van {group.party}, niet van {party}. "
                f"Laat --partij weg (of geef {group.party}). Is '{name}' een organisatie van {party}, leg "
                f'haar dan opnieuw vast (haar accounts blijven): ruimteflow users organisatie "{name}" '
                f"--partij {party}.",
                code="organisatie-andere-partij",
            )
        if not party and not group.party:
            raise ValidationError(
                f"Organisatie '{name}' is voor geen partij vastgelegd, en zonder partij kan geen zaak haar "
                f"noemen. Geef met --partij haar partijgroep, uit [partijen] extern van autorisatie.toml: "
                f"{', '.join(sorted(parties))}.",
                code="organisatie-zonder-partij",
            )
        if party and group.party is None:  # new, or made before the party was kept (migration 0027)
            _set_party(s, platform, group, party, parties, door=door)
        found.append(group)
    return found


def register(
    platform: Platform, name: str, party: str, *, door: str = account_audit.SYSTEM
) -> dict[str, Any]:
    """Register the outside organisation ``name`` for ``party`` (made when missing; ``ruimteflow users
    organisatie``): also to correct a wrong party. Refused while a running case names it for another
    party (organisatie-in-gebruik, naming the cases; a step naming it holds its row shared until it commits:
    services/routing.py ``ensure_named``). Returns the organisation, its party before and its accounts."""
    check_group_names([name], "organisatie")
    check_party(platform, party, [name])
    with platform.uow() as uow:
        s = uow.session
        group = _organisation(s, name, lock=True)
        before = group.party
        if before != party:
            _set_party(s, platform, group, party, rules(platform.settings).external_groups, door=door)
        members = _members(s, group)
        uow.commit()
    return {"organisatie": name, "partij": party, "was": before, "accounts": members}


def _organisation(s: Session, name: str, *, lock: bool = False) -> Group:
    """The organisation's group, made when missing (also when another transaction makes it meanwhile);
    ``lock``: its row locked. A department of that name is refused (groep-is-afdeling)."""
    query = select(Group).where(Group.name == name)
    group = s.scalars(query.with_for_update() if lock else query).first()
    if group is None:
        insert_missing(s, Group, [{"name": name, "kind": ORGANISATION_KIND}], "name")
        group = s.scalars(query.with_for_update() if lock else query).one()
    if group.kind != ORGANISATION_KIND:
        raise Conflict(
            f"Groep '{name}' bestaat al als afdeling van de gemeente, niet als organisatie. Kies voor de "
            "organisatie een eigen groepsnaam (bijvoorbeeld 'Warmtebedrijf Ennatuurlijk').",
            code="groep-is-afdeling",
        )
    return group


def _set_party(
    s: Session, platform: Platform, group: Group, party: str, parties: frozenset[str], *, door: str
) -> None:
    """Register ``group`` for ``party``, unless a running case names it for another party (its task for
    that party would be refused); each account of the organisation gets an audit line."""
    others = sorted((parties | {group.party or party}) - {party})
    cases = _naming_cases(s, group.name, others)
    if cases:
        shown = ", ".join(cases[:_SHOWN]) + (
            f" (en {len(cases) - _SHOWN} meer)" if len(cases) > _SHOWN else ""
        )
        raise Conflict(
            f"Organisatie '{group.name}' kan niet voor {party} worden vastgelegd: lopende zaken noemen haar "
            f"bij 'organisaties' voor een andere partij ({shown}); hun volgende taak voor die partij zou "
            "dan worden geweigerd. Leg haar opnieuw vast als die zaken zijn afgerond.",
            code="organisatie-in-gebruik",
        )
    was, group.party = group.party, party
    for username in _members(s, group):
        account_audit.record(
            s,
            platform,
            username,
            "organisatie-vastgelegd",
            door=door,
            was={"organisatie": group.name, "partij": was},
            nu={"organisatie": group.name, "partij": party},
        )


def _members(s: Session, group: Group) -> list[str]:
    """The usernames of the organisation's accounts, in order."""
    query = (
        select(User.username)
        .join(UserGroup, UserGroup.user_id == User.id)
        .where(UserGroup.group_id == group.id)
    )
    return sorted(s.scalars(query))


def _naming_cases(s: Session, name: str, parties: list[str]) -> list[str]:
    """The references of the running cases whose ``organisaties`` name ``name`` for one of ``parties``."""
    if not parties:
        return []
    named = or_(*(Case.summary[("organisaties", p)].as_string() == name for p in parties))
    query = select(Case.reference).where(Case.status.in_(ACTIVE_STATUSES), named).order_by(Case.reference)
    return list(s.scalars(query))


def check_party(platform: Platform, party: str | None, organisations: list[str]) -> None:
    """``party`` (given with the organisations it registers) is a party group of [partijen] extern or
    [bevoegd_gezag] in autorisatie.toml, and none of ``organisations`` is such a group itself (400)."""
    if party is None:
        return
    parties = rules(platform.settings).external_groups
    if not organisations:
        raise ValidationError(
            "--partij hoort bij --organisatie: het is de partij van de organisaties die u daarmee noemt.",
            code="partij-zonder-organisatie",
        )
    if party not in parties:
        raise ValidationError(
            f"Onbekende partij '{party}'. Kies een partijgroep uit autorisatie.toml ([partijen] extern): "
            f"{', '.join(sorted(parties))}.",
            code="partij-onbekend",
        )
    for name in organisations:
        if name in parties:
            raise ValidationError(
                f"'{name}' is zelf een partijgroep, geen organisatie; geef de organisatie een eigen "
                "groepsnaam: haar eigen naam (bijvoorbeeld 'Warmtebedrijf Ennatuurlijk').",
                code="organisatie-is-partij",
            )


def check_group_names(groups: list[str], veld: str = "groepen") -> None:
    """Each group name (a department's or an organisation's) is not blank (invisible characters alone
    count as blank), holds no bidi or control character (it is shown in task lists and on the status
    page: processes.tekens, ``tekst-ongeldig`` at ``veld``) and fits its column (400)."""
    for group in groups:
        if tekens.check_line(group, veld, "Een groepsnaam") is None:
            raise ValidationError("Een groepsnaam mag niet leeg zijn.", code="groep-ongeldig", veld=veld)
        fits("Een groepsnaam", group, 120, "groep-ongeldig")


def fits(what: str, value: str, limit: int, code: str) -> None:
    """A name fits its column: a Dutch 400 instead of a database error (PostgreSQL) or a silently
    stored overlong name (SQLite)."""
    if len(value) > limit:
        raise ValidationError(f"{what} mag ten hoogste {limit} tekens hebben.", code=code)
