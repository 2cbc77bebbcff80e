"""The outside bevoegd gezag of a case: part of the one policy, re-exported by services/policy/__init__.py (see
README, "Autorisatie").

When the municipality is not competent (a windpark of the provincie or the Rijk), the case records who is:
``bevoegd_gezag`` (provincie | Rijk) and ``extern_bevoegd_gezag`` (the orgaan, e.g. "Gedeputeerde Staten
van Gelderland"; services/domain/energie_wind.py). ``autorisatie.toml [bevoegd_gezag]`` names the group
that speaks for each such authority. A member of that group, and no other organisation:

* sees the case (with the fields of ``[velden].extern``, and the documents those may open), so that it
  reads the municipality's advice on the case it must decide;
* may send the messages whose senders name ``"bevoegd-gezag"`` (its ``besluit_extern``).

One group for every provincie would let each see the others' windparks: the case may name its own
provincie's group for that group (``organisaties`` {"Provincie": "Provincie Gelderland"}, as for every
outside party, services/routing.py); then that organisation, and not the generic group, is its authority.

A case the municipality decides itself (no ``extern_bevoegd_gezag``) has no such authority.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_

from services.policy.autorisatie import Rules
from services.store.models import Case


def case_organisation(case: Case, party: str) -> str:
    """The group that is ``party`` on ``case``: the organisation the case names for it (its ``organisaties``,
    kept in the summary by the projection; services/routing.py), else the party's own group."""
    return (case.typed_summary.organisaties or {}).get(party, party)


def authority_group(case: Case, rules: Rules) -> str | None:
    """The group that speaks for the outside authority deciding ``case``: the organisation the case names
    for the authority's group (``organisaties``: {"Provincie": "Provincie Gelderland"}), else that group;
    None when the municipality decides it (or the authority has no group in ``[bevoegd_gezag]``)."""
    summary = case.typed_summary
    if not summary.extern_bevoegd_gezag or not summary.bevoegd_gezag:
        return None
    group = rules.authorities.get(summary.bevoegd_gezag)
    return case_organisation(case, group) if group else None


#: the model's ``houder`` of a wait for the outside bevoegd gezag (the windpark's ``besluit_extern``), and the
#: lane of that authority's task when the deployment names no group for it (services/domain/energie_gezag.py)
AUTHORITY_HOLDER = "Extern bevoegd gezag"


def wait_holder(case: Case, houder: str | None, rules: Rules | None) -> str | None:
    """Who holds a wait the model gives to ``houder`` on ``case``, as its tasks are routed: for the outside
    bevoegd gezag its own group (``authority_group``), for a party the organisation the case names for it
    (``case_organisation``), else ``houder`` itself (the initiator, a legal term, a party the case names
    no organisation for). Without ``rules`` (no deployment's settings) the authority has no group."""
    if not houder:
        return houder
    if houder == AUTHORITY_HOLDER:
        return (authority_group(case, rules) if rules is not None else None) or houder
    return case_organisation(case, houder)


def authority_cases(groups: frozenset[str], rules: Rules) -> Any:
    """A WHERE clause on Case: the cases decided outside the municipality by an authority whose group
    (``authority_group``: the one the case names for it, else its own) is one of ``groups``."""
    arms = []
    for gezag, group in sorted(rules.authorities.items()):
        named = Case.summary[("organisaties", group)].as_string()
        ours = (
            or_(named.in_(sorted(groups)), named.is_(None)) if group in groups else named.in_(sorted(groups))
        )
        arms.append(and_(Case.summary["bevoegd_gezag"].as_string() == gezag, ours))
    if not arms or not groups:
        return false()
    return and_(or_(*arms), Case.summary["extern_bevoegd_gezag"].as_string().is_not(None))
