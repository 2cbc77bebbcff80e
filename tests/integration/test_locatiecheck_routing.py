"""The locatiecheck as a service task decides which departments get an advice task, with the reason."""

from __future__ import annotations

from typing import Any

import pytest

from services import cases, deployments, inbox, users
from tests.conftest import FIXTURES
from tests.integration.energie_fixtures import WIND_MODELLEN

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
        from services.step_reads import step_context
        from services.store.models import Case

        case_row = uow.session.get(Case, second["id"])
        ctx = step_context(routed, case_row, uow.session)
        with step(ctx):
            summary = locatiecheck({}, soort="windturbine")
    assert len(milieu) > 0
    assert "Milieu" not in summary["afdelingen"]
    assert isinstance(ctx, StepContext) and all(
        c["overschreven"] for c in ctx.conflicts if c["afdeling"] == "Milieu"
    )


FUTURE_RULE = """
[[rule]]
id = "wt-woning-toekomst"
beschrijving = "Windturbine binnen 1000 m van een woning (norm vanaf 2030)."
onderwerp = ["windturbine"]
laag = "woningen"
predicaat = "binnen_afstand"
afstand_m = 1000
ernst = "blokkerend"
afdeling = "Juridisch"
bron = "test"
geldig_vanaf = 2030-01-01
"""


@pytest.fixture
def future_rule(settings, clock, tmp_path):
    """The default rules plus one that takes effect in 2030 (the clock says 2 March 2026)."""
    import dataclasses

    from gis.api import default_rules_path
    from services.platform import Platform

    path = tmp_path / "regels.toml"
    path.write_text(default_rules_path().read_text(encoding="utf-8") + FUTURE_RULE, encoding="utf-8")
    p = Platform.create(dataclasses.replace(settings, gis_rules_file=str(path)), clock, migrate=False)
    deployments.deploy(p, deployments.read_files([FIXTURES / "bpmn" / "locatie_routering.bpmn"]))
    deployments.deploy(p, deployments.read_files(WIND_MODELLEN))  # the windpark form is offered (preview)
    users.add_user(p, "anna", groups=["Vergunningen"], role="vergunningverlener")
    yield p
    p.close()


def test_a_rule_not_yet_in_force_gives_no_conflict_and_no_work(future_rule):
    """The service task, the API check and the form's preview check on the platform's day (tester
    finding: a 2030 rule gave 1583 conflicts and a Juridisch advice task in 2026)."""
    import datetime as dt
    import json

    from services import locatiecheck
    from services.status import intake

    future = "wt-woning-toekomst"
    case = cases.start_case(
        future_rule, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=TURBINE_IN_TOWN
    )
    full = cases.get_case(future_rule, case["zaak"])
    assert full["conflicten"] and future not in {c["regel"] for c in full["conflicten"]}
    assert all("Juridisch" not in t["kandidaatgroepen"] for t in full["open_taken"])
    turbine = {"type": "Feature", "properties": {"soort": "windturbine"}}
    turbine["geometry"] = {"type": "Point", "coordinates": [226000, 448000]}
    body = json.dumps({"type": "FeatureCollection", "features": [turbine]})
    api = locatiecheck.check_as(future_rule, "anna", body, crs="EPSG:28992")
    assert api["conflicten"] and future not in {c["regel"] for c in api["conflicten"]}
    later = locatiecheck.check_document(
        future_rule.settings, body, crs="EPSG:28992", peildatum=dt.date(2030, 1, 1)
    )
    assert future in {c["regel"] for c in later["conflicten"]}  # the rule is there, in force from 2030
    preview = intake.preview_location(
        future_rule, "windpark", {"locatie": "", "coordinaat": "226000 448000", "soort": "wind"}
    )
    assert preview["aandachtspunten"]
    assert all("vanaf 2030" not in a["tekst"] for a in preview["aandachtspunten"])


def test_a_location_of_several_parts_gives_one_conflict_per_feature_at_the_nearest_part(routed):
    """Review finding: a location of two turbines (a GeometryCollection, as the API accepts) stored a
    conflict row per part and feature, so the case counted a home near both turbines twice and showed
    either turbine's distance. A case has one conflict per rule, layer and feature, measured from the
    nearest part, as the override of a conflict is keyed."""
    a, b = "POINT (226000 448000)", "POINT (226300 448000)"

    def conflicts(wkt: str) -> tuple[dict[tuple[str, str, str], Any], list[str]]:
        case = cases.start_case(routed, "locatie_routering", {"soort": "windturbine"}, geometry_wkt=wkt)
        full = cases.get_case(routed, case["zaak"])
        keyed = {(c["regel"], c["laag"], c["feature_id"]): c for c in full["conflicten"]}
        assert len(keyed) == len(full["conflicten"])  # no feature twice
        return keyed, [e["tekst"] for e in full["tijdlijn"] if e["tekst"].startswith("Locatiecheck:")]

    near_a, _ = conflicts(a)
    near_b, _ = conflicts(b)
    both, told = conflicts(f"GEOMETRYCOLLECTION ({a}, {b})")
    assert set(both) == set(near_a) | set(near_b)
    shared = set(near_a) & set(near_b)
    assert any(near_a[k]["afstand_m"] != near_b[k]["afstand_m"] for k in shared)  # the case tests something
    for key, c in both.items():
        distances = [x[key]["afstand_m"] for x in (near_a, near_b) if key in x]  # None: a rule it lies in
        assert c["afstand_m"] == min(distances, key=lambda d: -1.0 if d is None else d), key
    assert told == [
        f"Locatiecheck: {len(both)} conflict(en); adviseurs: Grondzaken, Milieu, Netbeheerder, Wonen"
    ]
