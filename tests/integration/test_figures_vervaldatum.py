"""The dashboard judges an outside organisation's task by its vervaldatum in the answer figures as it does
in the list of open questions (review vvl16, F7): "Open bij externe partijen" marked the Omgevingsdienst's
task "te laat" by its vervaldatum while the answer-time table gave the Omgevingsdienst "Termijn –" and
"Binnen termijn –" (services/waits/figures.py knew only ANSWER_TERMS, the Netbeheerder's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from services import policy
from services.clock import today
from services.store.models import HumanTask
from services.waits import figures, open_requests
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie


def _omgevingsdienst(z: Omgeving) -> dict[str, object]:
    with z.p.uow(write=False) as uow:
        [row] = figures.organisations(uow.session, z.clock.now() - timedelta(days=400))
    return row


def test_a_task_done_after_its_vervaldatum_is_late_in_the_figures_as_in_the_list(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    z.start(activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"])
    with z.p.uow(write=False) as uow:
        due = uow.session.scalars(
            select(HumanTask.due_on).where(HumanTask.name == "Ontvankelijkheid beoordelen")
        ).one()
    assert due is not None
    z.op(z.clock.now() + (due - today(z.clock)) + timedelta(days=2))
    with z.p.uow(write=False) as uow:
        external = policy.external_groups(uow.session, z.p.settings)
        [asked] = open_requests.open_requests(uow.session, external)
    assert (asked.party, asked.due, asked.overdue(today(z.clock))) == ("Omgevingsdienst", due, True)
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    row = _omgevingsdienst(z)
    assert (row["organisatie"], row["gevraagd"], row["termijn_werkdagen"]) == ("Omgevingsdienst", 1, None)
    assert (row["binnen_termijn"], row["aandeel_binnen_termijn"]) == (0, 0.0)
    assert row["met_termijn"] == 1


def test_a_task_done_by_its_vervaldatum_is_within_its_term(z: Omgeving) -> None:
    z.locatie["afdelingen"] = []
    z.start(activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"])
    z.later(days=1)
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    row = _omgevingsdienst(z)
    assert (row["binnen_termijn"], row["aandeel_binnen_termijn"]) == (1, 1.0)
    assert row["met_termijn"] == 1


def test_a_task_without_a_vervaldatum_keeps_the_organisations_agreed_term() -> None:
    """The Netbeheerder's own task without a vervaldatum is judged by its 10 working days (ANSWER_TERMS),
    as before; another organisation's task without one has no term."""
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    tasks = [("Netbeheerder", 1, "netimpact", 8, at, at), ("Netbeheerder", 2, "netimpact", 12, at, at)]
    tasks += [("Waterschap", 3, "advies", 4, at, at)]
    assert figures.questions(tasks, [], None, {}) == {
        "Netbeheerder": [(8, True), (12, False)],
        "Waterschap": [(4, None)],
    }
