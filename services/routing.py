"""Who gets a task: the lane (or the model's ``kandidaatgroepen`` expression), then routing rules.

A case may name its own outside organisations (the process variable ``organisaties``: {"Warmtebedrijf":
"Warmtebedrijf Ennatuurlijk"}): a task of such a party group then goes to that organisation's group only,
so two competing heat companies (or corporaties, netbeheerders) never share one group's tasks, cases and
documents. The party must be an outside organisation ([partijen] extern or kind organisatie) and the
group named for it an organisation the beheerder registered for that party (``users organisatie GROEP
--partij PARTIJ``, or with its first account: services/organisations.py); ``ensure_organisations``
refuses anything else and makes nothing.

Routing may widen or narrow candidates from case data. The model computes the adviser groups from
the locatiecheck (a DMN table in bpmn/); here we name the candidates, and ``ensure_groups`` makes
every named group exist, so a task never disappears into a group nobody can see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from processes.errors import ValidationError
from services.engine.outcome import ORGANISATIONS_VARIABLE
from services.policy.autorisatie import ORGANISATION_KIND
from services.store.db import insert_missing
from services.store.models import Group, UserGroup


def candidate_groups(open_task: Any) -> list[str]:
    """The task's candidate groups, in order, without blanks or repeats; a party group the case names an
    organisation for (``open_task.organisations``) replaced by that organisation's group."""
    named: dict[str, str] = getattr(open_task, "organisations", None) or {}
    return list(dict.fromkeys(named.get(g, g) for g in open_task.candidate_groups if g))


def ensure_organisations(
    s: Session, open_tasks: Iterable[Any], external: Iterable[str], earlier: Mapping[str, str] | None = None
) -> None:
    """Check the organisations the tasks' cases name (``organisaties``), from the step that names them
    on: each party is an outside organisation (``external``: [partijen] extern, or a group of kind
    organisatie) and each named group an organisation the beheerder registered for that party
    (``users organisatie GROEP --partij PARTIJ``: app_group.party). Anything else is refused
    in Dutch, naming the party's organisations (the step is rolled back), and nothing is made: a typo
    or another party's group would give the party's task to nobody or to the wrong party, and a
    municipal task must not go out, nor a party's task to a department. ``earlier``: what the case named
    before this step (a refusal of such a pair advises what the beheerder can do, not the step's user)."""
    used = {
        (party, group)
        for ot in open_tasks
        for party, group in (getattr(ot, "organisations", None) or {}).items()
        if party in ot.candidate_groups
    }
    ensure_named(s, used, external, earlier)


def ensure_named(
    s: Session,
    named: Iterable[tuple[str, str]],
    external: Iterable[str],
    earlier: Mapping[str, str] | None = None,
) -> None:
    """``ensure_organisations`` for pairs (party group, the organisation's group) a case names: also
    those of a party that has no task but sends the case a message (``[berichten]`` "groep:<party>",
    which the policy resolves through the case's summary, ``organisaties``).

    The groups read are locked shared (PostgreSQL; SQLite runs one writer at a time), in name order, until
    the step commits: a re-registration of a named organisation (services/organisations.py ``register``,
    which locks its row for update) waits for the step and then sees the case naming it, and a step
    naming an organisation that is being re-registered waits for that and then sees its new party."""
    used = {(party, group) for party, group in named if group != party}
    if not used:
        return
    parties, groups = {p for p, _ in used}, {g for _, g in used}
    rows = s.execute(
        select(Group.name, Group.kind, Group.party)
        .where(or_(Group.name.in_(parties | groups), Group.party.in_(parties)))
        .order_by(Group.name)
        .with_for_update(read=True)
    ).all()
    found = {str(r.name): (str(r.kind), r.party) for r in rows}
    listed = set(external)
    for party, group in sorted(used):
        earlier_pair = (earlier or {}).get(
            party
        ) == group  # named at an earlier step: this step cannot change it
        # named by this step: the refusal names its field, organisaties.<party> (review wup17, F1)
        field: dict[str, Any] = {} if earlier_pair else {"veld": f"{ORGANISATIONS_VARIABLE}.{party}"}
        if party not in listed and found.get(party, ("",))[0] != ORGANISATION_KIND:
            raise ValidationError(
                f"Bij 'organisaties' is '{party}' geen externe partij; alleen de taken van een externe "
                "partij (zoals Warmtebedrijf of Netbeheerder) gaan naar een eigen organisatie.",
                code="organisatie-geen-partij",
                **field,
            )
        kind, of = found.get(group, ("", None))
        if kind == ORGANISATION_KIND and of == party:
            continue
        if kind and kind != ORGANISATION_KIND and group not in listed:
            raise ValidationError(
                f"Groep '{group}' (bij 'organisaties' genoemd voor {party}) is een afdeling van de "
                "gemeente, geen organisatie; noem de groep van de organisatie zelf.",
                code="organisatie-is-afdeling",
                **field,
            )
        known = sorted(n for n, (k, p) in found.items() if k == ORGANISATION_KIND and p == party)
        if earlier_pair:
            raise ValidationError(
                _no_longer(party, group, of, group not in listed), code="organisatie-onbekend"
            )
        new = of is None and group not in listed  # perhaps an organisation not yet registered for a party
        raise ValidationError(
            _not_registered(party, group, known, of, new),
            code="organisatie-onbekend",
            **field,
        )


def _no_longer(party: str, group: str, of: str | None, registrable: bool) -> str:
    """Why the task for ``party`` of a case that named ``group`` for it at an earlier step cannot be made (an
    organisation made before it kept its party, or registered for the party ``of`` since); what the user of
    this step, who cannot change ``organisaties`` here, can do: ask the beheerder to register it."""
    what = f"een organisatie van {of}" if of else f"niet vastgelegd als organisatie van {party}"
    text = (
        f"Deze zaak noemt bij 'organisaties' '{group}' voor {party}, maar '{group}' is {what}; daarom kan de "
        f"taak voor {party} niet worden gemaakt en is deze stap niet uitgevoerd."
    )
    if not registrable:
        return f"{text} Meld dit aan de beheerder."
    return (
        f"{text} Vraag de beheerder '{group}' voor {party} vast te leggen met: ruimteflow users organisatie "
        f'"{group}" --partij {party}. Daarna kunt u deze stap opnieuw doen.'
    )


def _not_registered(party: str, group: str, known: list[str], of: str | None, new: bool) -> str:
    """Why ``group`` cannot be named for ``party`` (it belongs to the party ``of``; ``new``: to none, and
    it is no party group), and what the party's registered organisations (``known``) are."""
    elsewhere = f" ('{group}' is een organisatie van {of})" if of else ""
    head = f"Bij 'organisaties' is '{group}' geen organisatie van {party}{elsewhere}. "
    if known:
        names = ", ".join(f"'{n}'" for n in known)
        head += f"Organisaties van {party}: {names}. Controleer de schrijfwijze, of laat {party} leeg"
    else:
        head += f"Voor {party} is nog geen organisatie vastgelegd; laat {party} leeg"
    text = f"{head}: dan krijgt de groep {party} de taken."
    if new:
        text += (
            f" Is '{group}' een organisatie van {party}, dan legt de beheerder dat eerst vast met: "
            f'ruimteflow users add NAAM --organisatie "{group}" --partij {party}.'
        )
    return text


def ensure_groups(s: Session, names: Iterable[str]) -> set[str]:
    """Create the departments among ``names`` that do not exist yet (also when two steps at once name
    the same new department: the second waits for the first and creates nothing); returns the names
    that did not exist yet."""
    wanted = set(names)
    if not wanted:
        return set()
    known = set(s.scalars(select(Group.name).where(Group.name.in_(wanted))).all())
    insert_missing(s, Group, [{"name": n, "kind": "afdeling"} for n in sorted(wanted - known)], "name")
    return wanted - known


def without_members(s: Session, names: Iterable[str]) -> set[str]:
    """Those of ``names`` that no user is a member of: a task only there is seen by nobody."""
    wanted = {n for n in names if n}
    if not wanted:
        return set()
    staffed = s.scalars(
        select(Group.name).join(UserGroup, UserGroup.group_id == Group.id).where(Group.name.in_(wanted))
    ).all()
    return wanted - set(staffed)


def lane_warnings(s: Session, lanes: Iterable[str], new: Iterable[str] = ()) -> list[str]:
    """A Dutch warning for each lane whose group has no members (``new``: the groups this deploy made)."""
    ordered, made = list(dict.fromkeys(lanes)), set(new)
    empty = without_members(s, ordered)
    return [
        f"Lane '{lane}' hoort bij een {'nieuwe ' if lane in made else ''}groep zonder leden; taken daar "
        f"ziet niemand. Voeg leden toe aan de groep '{lane}' of pas de lane aan."
        for lane in ordered
        if lane in empty
    ]


def group_warnings(s: Session, groups: dict[str, list[str]]) -> list[str]:
    """A Dutch warning for each group a constant kandidaatgroepen names (``groups``: group -> its tasks)
    that does not exist or has no members: nobody sees those tasks (a warning: it may be filled later)."""
    empty = without_members(s, groups)
    known = set(s.scalars(select(Group.name).where(Group.name.in_(empty))).all()) if empty else set()
    return [
        f"Kandidaatgroep '{group}' van {'taak' if len(tasks) == 1 else 'taken'} {', '.join(tasks)} "
        f"{'heeft geen leden' if group in known else 'bestaat niet'}; zo'n taak ziet niemand. Controleer de "
        f"groepnaam in 'kandidaatgroepen' of voeg leden toe aan de groep '{group}'."
        for group, tasks in groups.items()
        if group in empty
    ]
