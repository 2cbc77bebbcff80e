"""The demo users are defined once (services.demo_users): the permit demo's advice tasks go to those
users, none is made up (it used to create e.g. ``demo-netbeheerder`` and ``demo-wonen``)."""

from __future__ import annotations

from sqlalchemy import select

from services import demo
from services.demo_users import DEMO_USERS, first_in_group
from services.domain import vergunning
from services.store.models import HumanTask, User


def test_one_definition_of_the_demo_users():
    assert demo.DEMO_USERS is DEMO_USERS
    assert first_in_group("Wonen") == "rob"
    assert first_in_group("Netbeheerder") == "nina"
    assert len({u[0] for u in DEMO_USERS}) == len(DEMO_USERS)


def test_permit_demo_advice_goes_to_the_defined_demo_users(platform):
    demo.build(platform, seed=False)
    vergunning.seed_demo(platform)
    with platform.uow(write=False) as uow:
        s = uow.session
        names = set(s.scalars(select(User.username)))
        advice = list(s.scalars(select(HumanTask).where(HumanTask.bpmn_id == "advies_geven")))
    assert names == {u[0] for u in DEMO_USERS}
    done = [t for t in advice if t.completed_by]
    assert done, "the demo completes advice tasks"
    for t in done:
        assert t.completed_by == first_in_group(t.candidate_groups[0]), (t.candidate_groups, t.completed_by)
