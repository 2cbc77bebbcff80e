"""The demo municipality: deterministic, register-like columns, and the shipped rules find its conflicts."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import shapely

from gis.api import check, default_rules_path, load_rules
from gis.demo import (
    DEMO_BBOX_RD,
    DEMO_CENTRE_RD,
    FAMILIES,
    build_demo_frames,
    demo_bbox_wgs84,
    demo_layers_dir,
    generated_dir,
)
from gis.demo_features import rectangle
from tests.unit.gis.conftest import collection, feature

CX, CY = DEMO_CENTRE_RD


def test_same_seed_same_data():
    first, second = build_demo_frames(), build_demo_frames()
    assert list(first) == list(second)
    for name in first:
        assert first[name].equals(second[name]), name
    other = build_demo_frames(seed=1)
    assert not other["woningen"].equals(first["woningen"])


def test_layers_and_columns(demo_layers):
    assert set(demo_layers) == set(FAMILIES)
    woningen = demo_layers["woningen"]
    assert {
        "id",
        "identificatie",
        "postcode",
        "huisnummer",
        "bouwjaar",
        "energielabel",
        "eigendom",
        "wijk_code",
    } <= set(woningen.columns)
    assert 2000 <= len(woningen) <= 10_000
    assert set(woningen.frame["energielabel"].dropna()) <= set("ABCDEFG")
    assert woningen.frame["energielabel"].isna().any()
    assert set(woningen.frame["eigendom"]) == {"koop", "sociale_huur", "particuliere_huur"}
    assert woningen.frame["identificatie"].str.fullmatch(r"\d{16}").all()
    assert woningen.frame["postcode"].str.fullmatch(r"\d{4}[A-Z]{2}").all()
    assert demo_layers["percelen"].frame["identificatie"].str.fullmatch(r"RDL00-[A-Z]-\d+").all()
    assert {"gewas", "gewascode"} <= set(demo_layers["gewaspercelen"].columns)
    wijken = demo_layers["wijken"].frame
    assert 6 <= len(wijken) <= 10 and wijken["code"].str.match(r"WK\d{6}").all()
    assert wijken["aantal_woningen"].sum() == len(woningen)
    assert demo_layers["natura2000"].frame["naam"].tolist() == ["Ruimtedalse Heide (fictief)"]
    assert set(demo_layers["netcongestie"].frame["kleur"]) == {"geel", "oranje", "rood"}
    assert set(demo_layers["netcongestie"].frame["richting"]) == {"afname", "invoeding"}
    assert "buurgemeente" in demo_layers["gemeentegrens"].columns
    assert all(layer.meta.bron.startswith("gegenereerd, demo") for layer in demo_layers.values())


def test_wijken_tile_the_municipality(demo_layers):
    gemeente = demo_layers["gemeente"].geometries[0]
    union = shapely.union_all(demo_layers["wijken"].geometries)
    assert union.symmetric_difference(gemeente).area < 1.0
    assert gemeente.within(shapely.box(*DEMO_BBOX_RD))


def test_bbox_wgs84_is_in_gelderland():
    lon0, lat0, lon1, lat1 = demo_bbox_wgs84()
    assert 6.2 < lon0 < lon1 < 6.8 and 51.9 < lat0 < lat1 < 52.1


def test_scale_adds_register_features_only():
    base, bigger = build_demo_frames(), build_demo_frames(scale=3)
    assert len(bigger["percelen"]) > 2 * len(base["percelen"])
    assert len(bigger["woningen"]) > len(base["woningen"])
    assert bigger["percelen"]["id"].is_unique and bigger["woningen"]["id"].is_unique
    assert bigger["natura2000"].equals(base["natura2000"])
    assert bigger["woningen"].iloc[: len(base["woningen"])].equals(base["woningen"])


def test_demo_layers_dir_is_idempotent(tmp_path: Path):
    calls = []

    def fake_generate(out_dir: Path, *, scale: int, seed: int) -> list[Path]:
        calls.append(out_dir)
        (out_dir / "x.gpkg").write_text("", encoding="utf-8")
        return []

    target = tmp_path / "demo"
    assert generated_dir(target, generate=fake_generate) == target
    assert generated_dir(target, generate=fake_generate) == target
    assert len(calls) == 1 and (target / "x.gpkg").exists()
    assert generated_dir(target, seed=5, generate=fake_generate) == target
    assert len(calls) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_real_demo_dir(demo_dir: Path):
    assert demo_dir.name == "demo-lagen" and (demo_dir / "lagen.toml").is_file()
    assert demo_layers_dir(demo_dir.parent.parent) == demo_dir


@pytest.fixture(scope="module")
def demo_rules(demo_layers):
    return load_rules(default_rules_path(), demo_layers)


def _rules_hit(result, index):
    return {c["regel"] for c in result["conflicten"] if c["onderwerp_index"] == index}


def test_demo_scenarios(demo_layers, demo_rules):
    body = collection(
        feature(shapely.Point(CX + 3300, CY - 3000), "windturbine"),  # in the wind zone
        feature(rectangle(CX + 2200, CY - 2450, 900, 600, 0.3), "woningbouw"),  # Kampse Velden
        feature(shapely.LineString([(CX + 900, CY + 200), (CX + 1900, CY + 300)]), "warmtenet"),  # Tracé Oost
        feature(shapely.Point(CX - 4800, CY + 3500), "bouwwerk"),  # in the Natura 2000 area
        feature(shapely.Point(CX + 1300, CY - 850), "woningbouw"),  # next to the LPG station
        feature(shapely.Point(CX + 150, CY + 4300), "zonnepark"),  # near the northern border
    )
    result = check(body, demo_layers, demo_rules, crs="EPSG:28992")
    assert {"wt-woning-afstand", "opwek-res-zoekgebied", "opwek-netcongestie-invoeding"} <= _rules_hit(
        result, 0
    )
    assert {"woningbouw-windzone", "project-landbouwgrond"} <= _rules_hit(result, 1)
    assert "warmtenet-drinkwater" in _rules_hit(result, 2)
    assert {"natura2000-in-gebied", "natura2000-buffer"} <= _rules_hit(result, 3)
    assert {"bevi-contour", "bevi-nabij", "woningbouw-netcongestie-afname"} <= _rules_hit(result, 4)
    assert "gemeentegrens-buurgemeente" in _rules_hit(result, 5)
    [border] = [c for c in result["conflicten"] if c["regel"] == "gemeentegrens-buurgemeente"]
    assert border["feature_naam"] == "Noorderbroek (fictief)" and border["afstand_m"] < 500
    summary = result["samenvatting"]
    assert summary["hoogste_ernst"] == "blokkerend"
    assert {"Milieu", "Provincie", "Drinkwaterbedrijf", "Veiligheidsregio", "Buurgemeente"} <= set(
        summary["afdelingen"]
    )


def test_a_turbine_on_the_border_of_two_congestion_areas_is_in_both(demo_layers, demo_rules):
    """Buitengebied-Zuid (rood) and -Noord (oranje) share the line y = CY - 500: a turbine on it gets
    both feed-in congestion conflicts, as one 100 m south gets the red one (review wup17 F3)."""
    body = collection(
        feature(shapely.Point(CX + 1000, CY - 500), "windturbine"),
        feature(shapely.Point(CX + 1000, CY - 600), "windturbine"),
    )
    result = check(body, demo_layers, demo_rules, crs="EPSG:28992")
    congestie = {"opwek-netcongestie-invoeding", "opwek-netcongestie-oranje"}
    assert _rules_hit(result, 0) & congestie == congestie
    assert _rules_hit(result, 1) & congestie == {"opwek-netcongestie-invoeding"}


def test_demo_in_wgs84(demo_layers, demo_rules):
    lon0, lat0, lon1, lat1 = demo_bbox_wgs84()
    body = collection(feature(shapely.Point((lon0 + lon1) / 2, (lat0 + lat1) / 2), "bouwwerk"))
    result = check(body, demo_layers, demo_rules)
    assert result["samenvatting"]["aantal_onderwerpen"] == 1


def test_a_case_near_the_border_names_the_neighbour(demo_layers, demo_rules):
    """The outside tester's case at POINT (231550 448000), by the eastern border: the conflict names the
    neighbouring municipality (the layer's naamkolom, buurgemeente), not null."""
    body = collection(feature(shapely.Point(231_550, 448_000), "bouwwerk"))
    result = check(body, demo_layers, demo_rules, crs="EPSG:28992")
    [border] = [c for c in result["conflicten"] if c["regel"] == "gemeentegrens-buurgemeente"]
    assert border["feature_naam"] == "Oosterhoeve (fictief)" and border["afdeling"] == "Buurgemeente"


def test_housing_planned_near_an_operating_turbine_is_a_milieu_conflict(demo_layers, demo_rules):
    """The same conflict as a turbine planned near homes (wt-woning-afstand, 500 m), the other way round:
    a housing square 406 m from the operating turbine WT De Kamp 1, outside the wind zone."""
    axis = (math.cos(0.3), math.sin(0.3))  # the wind zone's axis (gis.demo_features.wind)
    turbine = shapely.Point(CX + 3300 - 900 * axis[0], CY - 3000 - 900 * axis[1])  # WT De Kamp 1
    centre = (turbine.x - 456 * axis[0], turbine.y - 456 * axis[1])
    square = rectangle(*centre, 100, 100, 0.3)
    assert round(square.distance(turbine)) == 406
    assert not square.intersects(demo_layers["windzone"].geometries[0])
    result = check(collection(feature(square, "woningbouw")), demo_layers, demo_rules, crs="EPSG:28992")
    [near] = [c for c in result["conflicten"] if c["regel"] == "woningbouw-wt-afstand"]
    assert (near["feature_naam"], near["afdeling"], near["ernst"]) == ("WT De Kamp 1", "Milieu", "blokkerend")
    assert near["afstand_m"] == pytest.approx(406, abs=1)
    rules = {r.id: r for r in demo_rules.rules}
    assert rules["woningbouw-wt-afstand"].afstand_m == rules["wt-woning-afstand"].afstand_m


def test_a_battery_in_a_red_offtake_area_gets_the_offtake_conflict(demo_layers, demo_rules):
    """A battery draws from the grid as well as feeding in: in the red offtake area Ruimtedal-Oost it gets
    the offtake conflict, with a reason that says so."""
    body = collection(feature(shapely.Point(228_000, 449_000), "batterij"))
    result = check(body, demo_layers, demo_rules, crs="EPSG:28992")
    [offtake] = [c for c in result["conflicten"] if c["regel"] == "batterij-netcongestie-afname"]
    assert (offtake["feature_naam"], offtake["afdeling"]) == ("Ruimtedal-Oost", "Netbeheerder")
    assert "laadt uit het net (afname)" in offtake["beschrijving"]
