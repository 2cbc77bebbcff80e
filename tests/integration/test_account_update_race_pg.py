"""`users add --bijwerken --organisatie` and a step naming that organisation do not deadlock over a task
claimed meanwhile (PostgreSQL; SQLite runs one writer at a time).

Left open (s24, "What I noticed", Accounts): the update locked the cases of the account's claims before
the groups of its organisations, as a step does (case, then the organisations it names), but at its end
it let go of the claims it may no longer hold by locking them again (``release_claims``), after those
groups. A task the account claimed in between was then locked after the groups: the update held
organisation A and waited for the case, while a step on that case held it and waited for A
(``routing.ensure_named``). PostgreSQL broke the deadlock by failing one of them. The update now lets go
of the claims it locked before the groups; it locks no case after them.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from services import inbox, organisations, users
from services.platform import Platform
from services.store.models import Case
from tests.integration.energie_fixtures import GROEPEN, taak
from tests.integration.test_organisatie_partij import wup_pg
from tests.integration.test_wup_organisaties import A
from tests.integration.threads import WAIT, held_while
from tests.integration.wup_naming import naming_step

__all__ = ["wup_pg"]  # the fixture: the wijkuitvoeringsplan on PostgreSQL

pytestmark = pytest.mark.postgres


def test_an_update_naming_an_organisation_and_a_step_naming_it_do_not_deadlock_over_a_new_claim(
    wup_pg: Platform, monkeypatch: Any
):
    """alle (a member of every group) is given organisation A; held once it has locked A's group, alle
    claims the plan's task 'uitgangspunten' (committed), and the step that completes it, naming A for
    Warmtebedrijf, locks the case and waits for A. Then the update goes on."""
    ref, step = naming_step(wup_pg)
    task = taak(wup_pg, ref, "uitgangspunten")["id"]
    reached, go_on, ensure = threading.Event(), threading.Event(), organisations.ensure_organisations

    def held(*args: Any, **kw: Any) -> Any:
        groups = ensure(*args, **kw)  # A's group locked for update
        reached.set()
        go_on.wait(WAIT)
        return groups

    monkeypatch.setattr(organisations, "ensure_organisations", held)
    named = {"organisaties": [A], "partij": "Warmtebedrijf"}
    updated, stepped, waited = held_while(
        wup_pg,
        reached,
        go_on,
        lambda: users.add_user(wup_pg, "alle", groups=GROEPEN, role="medewerker", **named),
        lambda: (inbox.claim(wup_pg, task, "alle"), step())[1],
    )
    assert waited  # the step waited for A's group, which the update held
    assert not isinstance(updated, Exception), updated  # was: DeadlockDetected for one of them
    assert not isinstance(stepped, Exception), stepped
    assert A in updated["groepen"]
    with wup_pg.uow(write=False) as uow:
        summary = uow.session.scalar(select(Case.summary).where(Case.reference == ref))
    assert summary["organisaties"] == {"Warmtebedrijf": A}  # the step went through
