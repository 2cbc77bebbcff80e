"""The locatiecheck as a service task decides which departments get an advice task, with the reason."""

from __future__ import annotations

import pytest

from services import cases, deployments, inbox, users
from tests.conftest import FIXTURES

TURBINE_IN_TOWN = "POINT (226000 448000)"
FAR_OUTSIDE = "POINT (150000 400000)"


@pytest.fixture
def routed(platform):
    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    users.add_user(platform, "mila", groups=["Milieu"], role="adviseur")
    users.add_user(platform, "nina", groups=["Netbeheerder"], role="adviseur")
    users.add_user(platform, "lars", groups=["Landbouw en Buitengebied"], role="adviseur")
    return platform


def test_advice_goes_only_to_departments_named_by_conflicts(routed):
    case = cases.start_case(
        routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=TURBINE_IN_TOWN
    )
    full = cases.get_case(routed, case["zaak"])
    named = {c["afdeling"] for c in full["conflicten"]}
    groups = sorted(g for t in full["open_taken"] for g in t["kandidaatgroepen"])
    assert groups == sorted(named)
    assert "Milieu" in named  # homes within the turbine distance
    assert "Landbouw en Buitengebied" not in named  # the town centre has no crop parcels
    [mila_task] = inbox.list_tasks(routed, "mila")["taken"]
    assert mila_task["naam"] == "Advies Milieu" and mila_task["reden"] == "locatiecheck: conflict voor Milieu"
    assert inbox.list_tasks(routed, "lars")["taken"] == []
    assert full["conflicten"][0]["bron"]  # every conflict says where its rule comes from


def test_no_location_or_no_conflict_means_no_advice_task(routed):
    none = cases.start_case(routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=None)
    assert none["status"] == "afgerond"
    far = cases.start_case(routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=FAR_OUTSIDE)
    assert far["status"] == "afgerond" and cases.get_case(routed, far["zaak"])["conflicten"] == []


def test_overridden_conflicts_do_not_route(routed):
    from sqlalchemy import update

    from services.store.models import CaseConflict

    first = cases.start_case(
        routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=TURBINE_IN_TOWN
    )
    conflicts = cases.get_case(routed, first["zaak"])["conflicten"]
    milieu = [c for c in conflicts if c["afdeling"] == "Milieu"]
    # override every Milieu conflict of a second case at the same spot before its check runs again
    second = cases.start_case(
        routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=TURBINE_IN_TOWN
    )
    with routed.uow() as uow:
        uow.session.execute(
            update(CaseConflict)
            .where(CaseConflict.case_id == second["id"], CaseConflict.afdeling == "Milieu")
            .values(overschreven=True, override_reason="turbine vervalt", override_by="tom")
        )
        uow.commit()
    from services.domain.locatiecheck import locatiecheck
    from services.engine.context import StepContext, step

    with routed.uow() as uow:
        from services.cases import _ctx
        from services.store.models import Case

        case_row = uow.session.get(Case, second["id"])
        ctx = _ctx(routed, case_row, uow.session)
        with step(ctx):
            summary = locatiecheck({}, soort="windturbine")
    assert len(milieu) > 0
    assert "Milieu" not in summary["afdelingen"]
    assert isinstance(ctx, StepContext) and all(
        c["overschreven"] for c in ctx.conflicts if c["afdeling"] == "Milieu"
    )
