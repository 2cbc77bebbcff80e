"""The demo users are defined once (services.demo_users): the permit demo's advice tasks go to those
users, none is made up (it used to create e.g. ``demo-netbeheerder`` and ``demo-wonen``). Since the demo
runs a year of history (issue 15), that history's work is done by one colleague per group, also defined
in services.demo_users (``colleague``), so the named users' inboxes stay as the demo shows them."""

from __future__ import annotations

from sqlalchemy import select

from services import demo
from services.demo_users import DEMO_USERS, colleague
from services.domain import vergunning, vergunning_demo
from services.store.models import Case, HumanTask, User
from tests.e2e import kaart_status_fixtures as fx

demo_layers, demo_database, demo_platform = fx.demo_layers, fx.demo_database, fx.demo_platform


def first_in_group(group: str) -> str | None:
    """The first demo user in ``group`` (None when no demo user is in it)."""
    return next((name for name, _, _, groups in DEMO_USERS if group in groups), None)


def test_one_definition_of_the_demo_users():
    assert demo.DEMO_USERS is DEMO_USERS
    assert first_in_group("Wonen") == "rob"
    assert first_in_group("Netbeheerder") == "nina"
    assert len({u[0] for u in DEMO_USERS}) == len(DEMO_USERS)


def test_permit_demo_advice_goes_to_the_defined_demo_users(demo_platform):
    """Read on a copy of the run's shared demo database (tests/shared_build.py): ``demo.build`` with every
    seeder, the permit demo's (``vergunning.seed_demo``) first, on the same clock as this test's, so its
    permit cases are the ones this test used to seed itself, and the other seeders' advice tasks and
    accounts are held to the same rule (seeding a year of history here took 23 of the test's 24 s)."""
    platform = demo_platform
    assert demo.SEEDERS[0][1] is vergunning.seed_demo
    with platform.uow(write=False) as uow:
        s = uow.session
        names = set(s.scalars(select(User.username)))
        advice = list(s.scalars(select(HumanTask).where(HumanTask.bpmn_id == "advies_geven")))
        permit_cases = set(s.scalars(select(Case.id).where(Case.process_id == vergunning_demo.PROCES)))
    colleagues = {n for n in names if n.startswith("collega-")}
    assert names - colleagues == {u[0] for u in DEMO_USERS}
    done = [t for t in advice if t.completed_by]
    assert done, "the demo completes advice tasks"
    assert [t for t in done if t.case_id in permit_cases], "the permit demo completes advice tasks"
    for t in done:
        group = t.candidate_groups[0]
        assert t.completed_by in (first_in_group(group), colleague(group)[0]), (
            t.candidate_groups,
            t.completed_by,
        )
    # every colleague account is the one services.demo_users.colleague defines for one of the groups
    assert colleagues <= {colleague(g)[0] for g in _all_groups(platform)}


def _all_groups(platform):
    from services.store.models import Group

    with platform.uow(write=False) as uow:
        return list(uow.session.scalars(select(Group.name)))


def test_the_demo_deploys_its_models_without_a_warning(platform):
    """The demo deployed its models before it made its users, so each deploy warned about the lanes of
    the groups those users fill ("Lane 'Juridisch' hoort bij een nieuwe groep zonder leden", outside
    review, demo 3); a first `make run` showed those warnings about a demo that has the members."""
    built = demo.build(platform, seed=False)

    assert built["modellen"]
    assert [w for m in built["modellen"] for w in m["waarschuwingen"]] == []
