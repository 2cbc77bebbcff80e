"""Review gis11, finding 2: the locatiecheck's ``feature_naam`` (the Natura 2000 area, the turbine) was
dropped when its conflicts were stored on the case. The real check over the demo layers, in memory
(SQLite) and in PostGIS (PostgreSQL): the case's conflicts keep the name, and a layer without names
gives None."""

from __future__ import annotations

from services import cases, deployments
from tests.conftest import FIXTURES
from tests.shared_build import shared_demo_layers
from web import cli

#: inside the demo Natura 2000 area "Ruimtedalse Heide (fictief)", on unnamed crop parcels
IN_THE_HEATH = "POINT (221000 451800)"
#: between the demo turbines "WT De Kamp 1" and "2" (an internal rule), near unnamed homes
AMONG_TURBINES = "POINT (228726.8 444822.7)"


def _conflicts(platform, wkt: str) -> dict[tuple[str, str], str | None]:
    case = cases.start_case(platform, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=wkt)
    return {
        (c["laag"], c["feature_id"]): c["feature_naam"]
        for c in cases.get_case(platform, case["zaak"])["conflicten"]
    }


def test_the_case_keeps_the_name_of_the_conflicting_feature(any_platform, tmp_path_factory):
    url = any_platform.settings.database_url
    if url.startswith(
        "postgresql"
    ):  # the check in PostGIS over the demo layers, whatever an earlier test left
        layers = shared_demo_layers(tmp_path_factory)  # the demo layers, generated once per run
        assert cli.main(["gis", "load", str(layers), "--database", url]) == 0
    deployments.deploy(any_platform, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    heath = _conflicts(any_platform, IN_THE_HEATH)
    assert heath[("natura2000", "1")] == "Ruimtedalse Heide (fictief)"
    turbines = _conflicts(any_platform, AMONG_TURBINES)
    assert turbines[("windturbines", "1")] == "WT De Kamp 1"
    assert turbines[("windturbines", "2")] == "WT De Kamp 2"
    homes = [name for (laag, _), name in turbines.items() if laag == "woningen"]
    assert homes and all(name is None for name in homes)  # the BAG dwellings carry no name


def test_the_stored_summary_keeps_name_and_internal_mark_as_the_check_gives_them(platform):
    """Review gis18, finding 1: ``locatiecheck_samenvatting`` (the summary read back from the stored
    conflicts) lost ``feature_naam`` and ``intern``, so an advice reason made from it would name no feature
    and show an internal conflict's text. It gives the conflicts as the locatiecheck step does."""
    from services.domain.locatiecheck import locatiecheck, locatiecheck_samenvatting
    from services.engine.context import step
    from services.step_reads import step_context
    from services.store.models import Case

    deployments.deploy(platform, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    case = cases.start_case(
        platform, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=AMONG_TURBINES
    )
    with platform.uow() as uow:
        ctx = step_context(platform, uow.session.get(Case, case["id"]), uow.session)
        with step(ctx):
            checked, stored = locatiecheck({}, soort="windturbine"), locatiecheck_samenvatting({})
    turbines = {(c["feature_naam"], c["intern"]) for c in stored["conflicten"] if c["laag"] == "windturbines"}
    assert turbines == {("WT De Kamp 1", True), ("WT De Kamp 2", True)}  # an internal rule, named features
    assert sorted(stored["conflicten"], key=_key) == sorted(checked["conflicten"], key=_key)


def _key(conflict: dict) -> tuple[str, str, str]:
    return conflict["regel"], conflict["laag"], str(conflict["feature_naam"])
