"""Differential test: the PostGIS backend finds exactly the conflicts of the in-memory backend.

Runs on the demo municipality (many random subjects of every soort) and, where ../shared/geodata is
present, on real data (Natura 2000 in EPSG:4326, Doesburg BAG panden, Otterlo BRK/BGT). Needs
RUIMTEFLOW_TEST_DATABASE_URL (PostgreSQL with PostGIS); skipped with a reason otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gis.api import check, default_rules_path, load_layer, load_layers, load_rules, parse_rules
from gis.demo import DEMO_CENTRE_RD
from gis.errors import TooManyConflicts
from gis.layers import layer_from_frame
from gis.metadata import LayerMeta
from tests.demo_subjects import random_subjects
from tests.shared_build import shared_demo_layers
from tests.unit.gis.conftest import META
from tests.unit.gis.test_overlap_share import EXPECTED, named, split_rules, split_subjects, split_zones

pytestmark = pytest.mark.postgres

GEODATA = Path(__file__).resolve().parents[2].parent / "shared" / "geodata"
TOLERANCE = 0.01 + 1e-9  # rounded to 2 decimals: a 1e-9 difference may flip the last digit
MEASURES = ("afstand_m", "overlap_m2", "overlap_aandeel")


@pytest.fixture(scope="module")
def engine() -> Iterator[object]:
    url = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")
    if not url:
        pytest.skip("RUIMTEFLOW_TEST_DATABASE_URL is niet gezet: PostGIS-verschiltest overgeslagen")
    from services.store import db

    eng = db.make_engine(url)  # as the app builds it (its connections run without JIT)
    yield eng
    eng.dispose()


def postgis_backend(engine, name: str):
    """A PostGIS backend with tables of its own per xdist worker and ``name``."""
    from services.store.postgis import PostgisBackend

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    return PostgisBackend(engine, prefix=f"gis_t_{worker}_{name}_")


def assert_same(memory: dict, postgis: dict) -> None:
    assert len(memory["conflicten"]) == len(postgis["conflicten"])
    for a, b in zip(memory["conflicten"], postgis["conflicten"], strict=True):
        assert {k: v for k, v in a.items() if k not in MEASURES} == {
            k: v for k, v in b.items() if k not in MEASURES
        }
        for key in MEASURES:
            if a[key] is None or b[key] is None:
                assert a[key] is b[key], (key, a, b)
            else:
                assert abs(a[key] - b[key]) <= TOLERANCE, (key, a, b)
    assert memory["samenvatting"] == postgis["samenvatting"]
    assert memory["waarschuwingen"] == postgis["waarschuwingen"]


@pytest.fixture(scope="module")
def demo(engine, tmp_path_factory):
    layers = load_layers(shared_demo_layers(tmp_path_factory))
    backend = postgis_backend(engine, "demo")
    backend.sync(layers)
    return layers, backend


def test_sync_is_incremental(demo):
    layers, backend = demo
    assert backend.sync(layers) == []
    catalog = backend.catalog()
    assert set(catalog) == set(layers)
    assert catalog["woningen"].features == len(layers["woningen"])
    assert catalog["woningen"].columns == layers["woningen"].columns


def test_demo_random_subjects(demo):
    layers, backend = demo
    rules = load_rules(default_rules_path(), backend.catalog())
    assert rules == load_rules(default_rules_path(), layers)
    body = random_subjects(400)
    cx, cy = DEMO_CENTRE_RD
    for soort, geometry in (
        ("wijk", shapely.box(cx - 800, cy - 800, cx + 800, cy + 800)),
        ("leiding", shapely.LineString([(cx + 300, cy + 2000), (cx + 700, cy + 2000)])),
        ("woningbouw", shapely.Point(cx + 2850, cy - 800)),
        ("batterij", shapely.Point(cx + 2000, cy + 1000)),  # in the red offtake area Ruimtedal-Oost
    ):
        body["features"].append(
            {
                "type": "Feature",
                "properties": {"soort": soort},
                "geometry": json.loads(shapely.to_geojson(geometry)),
            }
        )
    square = [[226000, 448000], [226100, 448000], [226100, 448100], [226000, 448100], [226000, 448000]]
    body["features"].append(
        {
            "type": "Feature",
            "properties": {"soort": "woningbouw"},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        }
    )
    memory = check(body, layers, rules, crs="EPSG:28992")
    postgis = check(body, backend, rules, crs="EPSG:28992")
    assert memory["samenvatting"]["aantal"] > 1000
    assert {c["regel"] for c in memory["conflicten"]} == {r.id for r in rules.rules}
    assert memory["waarschuwingen"] == []  # a bowtie is refused now, no longer repaired with a warning
    assert_same(memory, postgis)


def test_demo_a_border_conflict_names_the_neighbour_in_postgis_too(demo):
    """The border layer names its neighbour in the column its metadata declares (naamkolom buurgemeente):
    PostGIS stores and gives that name as the in-memory check does (outside tester, gisregels)."""
    layers, backend = demo
    rules = load_rules(default_rules_path(), backend.catalog())
    body = {"type": "FeatureCollection", "features": [_feature(shapely.Point(231_550, 448_000), "bouwwerk")]}
    postgis = check(body, backend, rules, crs="EPSG:28992")
    assert_same(check(body, layers, rules, crs="EPSG:28992"), postgis)
    [border] = [c for c in postgis["conflicten"] if c["regel"] == "gemeentegrens-buurgemeente"]
    assert border["feature_naam"] == "Oosterhoeve (fictief)"


def test_demo_a_bounded_check_in_parts_is_the_same_and_stops(demo):
    """The API's bound (gis.bounded) matches the subjects in parts: in PostGIS too the conflicts of one check."""
    layers, backend = demo
    rules = load_rules(default_rules_path(), backend.catalog())
    body = random_subjects(400)
    memory = check(body, layers, rules, crs="EPSG:28992")
    count = memory["samenvatting"]["aantal"]
    assert_same(memory, check(body, backend, rules, crs="EPSG:28992", max_conflicts=count))
    with pytest.raises(TooManyConflicts):
        check(body, backend, rules, crs="EPSG:28992", max_conflicts=count - 1)


def test_demo_overrides_and_wgs84(demo):
    layers, backend = demo
    rules = load_rules(default_rules_path(), layers)
    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"soort": "windturbine"},
                "geometry": {"type": "Point", "coordinates": [6.4445, 51.9917]},
            }
        ],
    }
    memory = check(body, layers, rules)
    overrides = {(c["regel"], c["laag"], c["feature_id"]) for c in memory["conflicten"][:2]}
    assert_same(
        check(body, layers, rules, overrides=overrides), check(body, backend, rules, overrides=overrides)
    )


def _outside_neighbour(polygon: shapely.Polygon, depth: float = 60.0) -> shapely.Polygon:
    """A plot outside ``polygon`` that shares its longest exterior edge (two ring vertices) with it."""
    ring = np.asarray(polygon.exterior.coords)
    i = int(np.argmax(np.hypot(*np.diff(ring, axis=0).T)))
    p1, p2 = ring[i], ring[i + 1]
    direction = (p2 - p1) / np.hypot(*(p2 - p1))
    normal = np.array([-direction[1], direction[0]])
    if polygon.contains(shapely.Point((p1 + p2) / 2 + normal)):
        normal = -normal
    return shapely.Polygon([p1, p2, p2 + normal * depth, p1 + normal * depth])


def _feature(geometry: Any, soort: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"soort": soort},
        "geometry": json.loads(shapely.to_geojson(geometry)),
    }


def _both_alike(features: list[dict[str, Any]], layers: Any, backend: Any, rules: Any) -> dict[str, Any]:
    """The in-memory check of ``features``, after asserting that PostGIS answers the same."""
    body = {"type": "FeatureCollection", "features": features}
    memory = check(body, layers, rules, crs="EPSG:28992")
    assert_same(memory, check(body, backend, rules, crs="EPSG:28992"))
    return memory


def test_demo_a_plot_that_only_borders_is_not_inside_a_point_or_line_on_the_border_is(demo):
    """A plot on the border of an area is not in it, a line along or a point on the border is (until
    review wup17 F3 neither was), in both backends alike."""
    layers, backend = demo
    rules = load_rules(default_rules_path(), layers)
    features = []
    for laag, soort in (
        ("natura2000", "bouwwerk"),
        ("bevi_contour", "woningbouw"),
        ("netcongestie", "woningbouw"),
    ):
        polygon = layers[laag].geometries[0]
        plot = _outside_neighbour(polygon)
        assert plot.touches(polygon) and plot.intersection(polygon).area == 0
        corner = shapely.Point(polygon.exterior.coords[0])
        edge = shapely.LineString(plot.exterior.coords[:2])
        inside = shapely.Point(polygon.representative_point())  # the control: really inside
        features += [_feature(geometry, soort) for geometry in (plot, corner, edge, inside)]
    memory = _both_alike(features, layers, backend, rules)
    inside_rules = {"natura2000-in-gebied": 0, "bevi-contour": 1, "woningbouw-netcongestie-afname": 2}
    hits = {
        (c["regel"], c["onderwerp_index"])
        for c in memory["conflicten"]
        if c["feature_id"] == layers[c["laag"]].feature_ids[0]
        and inside_rules.get(c["regel"]) == c["onderwerp_index"] // 4  # the subjects made for that area
    }
    assert hits == {(regel, 4 * n + k) for regel, n in inside_rules.items() for k in (1, 2, 3)}


def _bend_at_corner(polygon: shapely.Polygon) -> shapely.LineString:
    """A line outside ``polygon`` with a bend at its first corner: it meets the polygon in that point only."""
    corner = shapely.Point(polygon.exterior.coords[0])
    ends = [
        shapely.Point(corner.x + 0.5 * np.cos(a), corner.y + 0.5 * np.sin(a))
        for a in np.linspace(0, 2 * np.pi, 32, endpoint=False)
    ]
    for a in ends:
        for b in ends:
            line = shapely.LineString([a, corner, b])
            if a != b and line.intersection(polygon).equals(corner) and not line.is_ring:
                return line
    raise AssertionError("no bend outside the polygon at its corner")


def test_demo_a_line_that_meets_an_area_only_at_a_corner_is_not_in_it(demo):
    """A line whose interior meets an area's border in one point (a bend at its corner: 0 m inside) is not
    in it, in both backends alike (review sessie17); a line along the border is (the test above)."""
    layers, backend = demo
    rules = load_rules(default_rules_path(), layers)
    features = [
        _feature(_bend_at_corner(layers[laag].geometries[0]), soort)
        for laag, soort in (("natura2000", "bouwwerk"), ("bevi_contour", "woningbouw"))
    ]
    memory = _both_alike(features, layers, backend, rules)
    hits = [
        (c["regel"], c["onderwerp_index"])
        for c in memory["conflicten"]
        if c["regel"] in ("natura2000-in-gebied", "bevi-contour")
        and c["feature_id"] == layers[c["laag"]].feature_ids[0]
    ]
    assert hits == []


def test_demo_a_turbine_on_the_border_of_two_congestion_areas_is_in_both(demo):
    """Buitengebied-Zuid and -Noord share y = 447500 (RD): a turbine there gets both feed-in congestion
    conflicts in both backends (review wup17 F3); one 100 m south only the red one."""
    layers, backend = demo
    rules = load_rules(default_rules_path(), layers)
    x, y = DEMO_CENTRE_RD[0] + 1000, DEMO_CENTRE_RD[1] - 500
    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"soort": "windturbine"},
                "geometry": json.loads(shapely.to_geojson(p)),
            }
            for p in (shapely.Point(x, y), shapely.Point(x, y - 100))
        ],
    }
    memory = check(body, layers, rules, crs="EPSG:28992")
    assert_same(memory, check(body, backend, rules, crs="EPSG:28992"))
    congestie = {
        (c["onderwerp_index"], c["regel"]) for c in memory["conflicten"] if "netcongestie" in c["regel"]
    }
    assert congestie == {
        (0, "opwek-netcongestie-invoeding"),
        (0, "opwek-netcongestie-oranje"),
        (1, "opwek-netcongestie-invoeding"),
    }


REAL_RULES = """
[soorten]
bouwwerk = "Bouwwerk"
perceel = "Perceel"

[[rule]]
id = "n2k-snijdt"
beschrijving = "In Natura 2000."
onderwerp = ["*"]
laag = "natura2000"
predicaat = "snijdt"
ernst = "blokkerend"
afdeling = "Provincie"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "n2k-200m"
beschrijving = "Binnen 200 m van Natura 2000."
onderwerp = ["*"]
laag = "natura2000"
predicaat = "binnen_afstand"
afstand_m = 200
ernst = "waarschuwing"
afdeling = "Provincie"
bron = "test"
geldig_vanaf = 2024-01-01

[[rule]]
id = "perceel-pand"
beschrijving = "Perceel overlapt minstens 1% met een pand."
onderwerp = ["perceel"]
laag = "bgt_pand"
predicaat = "overlap_aandeel"
minimaal_aandeel = 0.01
ernst = "info"
afdeling = "Grondzaken"
bron = "test"
geldig_vanaf = 2024-01-01
"""


def _shared(relative: str) -> Path:
    path = GEODATA / relative
    if not path.is_file():
        pytest.skip(f"echte geodata ontbreekt: {path}")
    return path


def _collection(path: Path, layer: str, soort: str) -> dict:
    frame = pyogrio.read_dataframe(path, layer=layer)
    texts = shapely.to_geojson(np.asarray(frame.geometry.array)).tolist()
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"soort": soort}, "geometry": json.loads(t)} for t in texts
        ],
    }


def test_real_data(engine):
    meta = LayerMeta(
        familie="natuur", bron="RVO via PDOK", peildatum=dt.date(2024, 1, 1), licentie="publiek domein"
    )
    layers = {
        "natura2000": load_layer(
            _shared("natura2000/natura2000_nl.gpkg"), name="natura2000", meta=meta, sublayer="natura2000"
        ),
        "bgt_pand": load_layer(
            _shared("otterlo/bgt_pand_otterlo.gpkg"), name="bgt_pand", meta=meta, sublayer="bgt_pand"
        ),
    }
    backend = postgis_backend(engine, "echt")
    backend.sync(layers)
    rules = parse_rules(REAL_RULES, layers)
    for body in (
        _collection(_shared("otterlo/brk_perceel_otterlo.gpkg"), "perceel", "perceel"),
        _collection(_shared("otterlo/bgt_pand_otterlo.gpkg"), "bgt_pand", "bouwwerk"),
        _collection(_shared("doesburg/bag_panden_doesburg.gpkg"), "pand", "bouwwerk"),
    ):
        memory = check(body, layers, rules, crs="EPSG:28992")
        assert memory["conflicten"]
        assert_same(memory, check(body, backend, rules, crs="EPSG:28992"))


def test_overlap_share_is_judged_against_the_layer_in_both_backends(engine):
    """overlap_aandeel: the share in the rule's (filtered) features together, named as gis.overlap_share
    says (reviewer s18: judged per feature, a box 100% in two buurten had no conflict)."""
    layers = split_zones()
    backend = postgis_backend(engine, "aandeel")
    backend.sync(layers)
    memory = check(split_subjects(), layers, split_rules(layers), crs="EPSG:28992")
    assert named(memory) == EXPECTED
    assert_same(memory, check(split_subjects(), backend, split_rules(backend.catalog()), crs="EPSG:28992"))


BUURT_RULE = """
[soorten]
woningbouw = "Woningbouw"

[[rule]]
id = "buurt-60"
beschrijving = "Woningbouw ligt voor minstens 60% in buurten."
onderwerp = ["woningbouw"]
laag = "buurten"
predicaat = "overlap_aandeel"
minimaal_aandeel = 0.6
ernst = "info"
afdeling = "RO"
bron = "test"
geldig_vanaf = 2024-01-01
"""


def test_overlap_share_on_real_buurten(engine):
    """Boxes across the borders of Delft's CBS buurten (and bigger ones over many): both backends name
    the same buurt, also where no buurt alone holds 60% but the buurten together do."""
    meta = LayerMeta(familie="ruimte", bron="CBS", peildatum=dt.date(2023, 1, 1), licentie="CC BY 4.0")
    layers = {
        "buurten": load_layer(_shared("delft/cbs_buurten_2023_delft.geojson"), name="buurten", meta=meta)
    }
    backend = postgis_backend(engine, "buurten")
    backend.sync(layers)
    geometries = layers["buurten"].geometries
    boxes = []
    for i in range(min(len(geometries), 40)):
        for j in range(i + 1, len(geometries)):
            edge = shapely.intersection(geometries[i], geometries[j])
            if edge.length > 100:
                middle = edge.interpolate(0.5, normalized=True)
                boxes += [middle.buffer(size, cap_style="square") for size in (40.0, 150.0, 600.0)]
    body = {"type": "FeatureCollection", "features": [_feature(b, "woningbouw") for b in boxes]}
    rules = parse_rules(BUURT_RULE, layers)
    memory = check(body, layers, rules, crs="EPSG:28992")
    shares = [c["overlap_aandeel"] for c in memory["conflicten"]]
    assert len(boxes) > 30 and min(shares) < 0.6 <= max(shares)  # named by the layer's share, and alone
    assert_same(memory, check(body, backend, parse_rules(BUURT_RULE, backend.catalog()), crs="EPSG:28992"))


AREA_RULE = "[[rule]]".join(REAL_RULES.split("[[rule]]")[:2])  # its soorten and "n2k-snijdt" alone


@pytest.fixture(scope="module")
def big_areas(engine):
    """60 round areas of 10,000 vertices each (cut into pieces at load, as Natura 2000's are) and 800 small
    plots spread around them, about one in thirteen inside one: what made the planner pair every plot
    with every area (1.1 million rows for Doesburg's panden against Natura 2000)."""
    x0, y0 = DEMO_CENTRE_RD
    areas = [
        shapely.Point(x0 + 3000 * (k % 12), y0 + 3000 * (k // 12)).buffer(800, quad_segs=2500)
        for k in range(60)
    ]
    frame = gpd.GeoDataFrame({"id": list(range(len(areas)))}, geometry=areas, crs=28992)
    layers = {"natura2000": layer_from_frame("natura2000", frame, META)}
    backend = postgis_backend(engine, "gebieden")
    backend.sync(layers)
    xy = np.random.default_rng(1).uniform(0, 3000 * 12, (800, 2)) + (x0, y0 - 3000)
    plots = [_feature(shapely.box(x, y, x + 10, y + 10), "bouwwerk") for x, y in xy]
    return layers, backend, {"type": "FeatureCollection", "features": plots}


def _plans_of_the_check(engine, run, statement_start: str = "WITH s AS") -> list[dict[str, Any]]:
    """The plans of the check's statements (or those starting with ``statement_start``), explained (and
    run) in the statement's own transaction."""
    from sqlalchemy import event

    plans = []

    def explain(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith(statement_start):
            with conn.connection.driver_connection.cursor() as raw:
                raw.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
                plans.append(raw.fetchone()[0][0])

    event.listen(engine, "before_cursor_execute", explain)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", explain)
    assert plans
    return plans


def _skip_without_jit(engine) -> None:
    """Skip where the server cannot compile: pg_jit_available() is also false while jit is off, as on
    the app's connections, so it is asked with jit on for one transaction."""
    from sqlalchemy import text

    with engine.connect() as conn:
        conn.execute(text("SET LOCAL jit = on"))
        if not conn.execute(text("SELECT pg_jit_available()")).scalar():
            pytest.skip("deze PostgreSQL heeft geen JIT: niets om uit te zetten")
        conn.rollback()


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def test_the_check_of_many_plots_against_big_areas_pairs_no_plot_with_every_area(engine, big_areas):
    """No node of the check's plan handles more rows than the plots and the areas' pieces together: joining
    the subjects back on their number let the planner pair them all with every area first."""
    layers, backend, body = big_areas
    rules = parse_rules(AREA_RULE, layers)
    memory = check(body, layers, rules, crs="EPSG:28992")
    assert 30 < len(memory["conflicten"]) < 100
    found: list[dict[str, Any]] = []
    plans = _plans_of_the_check(engine, lambda: found.append(check(body, backend, rules, crs="EPSG:28992")))
    assert_same(memory, found[0])
    pieces = backend.query(f'SELECT count(*) FROM "{backend.catalog()["natura2000"].table}_delen"')[0][0]
    assert pieces > 60
    worst = max(n["Actual Rows"] * n["Actual Loops"] for plan in plans for n in _nodes(plan["Plan"]))
    assert worst <= len(body["features"]) + pieces


def test_the_check_is_not_compiled_by_jit(engine, big_areas):
    """PostGIS functions cost so much to the planner that any batch passed jit_above_cost: compiling the
    statement took about 1 s of a 1.3 s check (1,711 Otterlo panden against Natura 2000)."""
    layers, backend, body = big_areas
    _skip_without_jit(engine)
    rules = parse_rules(AREA_RULE, layers)
    plans = _plans_of_the_check(engine, lambda: check(body, backend, rules, crs="EPSG:28992"))
    assert [plan.get("JIT") for plan in plans] == [None] * len(plans)


def test_the_apps_postgresql_connections_run_without_jit():
    """One home for it: the engine the app opens (services.store.db.make_engine) sets jit off on every
    connection, so no statement needs its own SET LOCAL."""
    from sqlalchemy import text

    from services.store.db_errors import open_engine

    url = os.environ.get("RUIMTEFLOW_TEST_DATABASE_URL")
    if not url:
        pytest.skip("RUIMTEFLOW_TEST_DATABASE_URL is niet gezet")
    engine = open_engine(url)
    try:
        for _ in range(2):  # also on a connection the pool hands out again (after its rollback)
            with engine.connect() as conn:
                assert conn.execute(text("SHOW jit")).scalar() == "off"
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def many_points(engine):
    """A layer of 6,000 points: ST_Distance's planner cost makes min_distance over it pass jit_above_cost."""
    xy = np.random.default_rng(2).uniform(0, 20_000, (6_000, 2)) + DEMO_CENTRE_RD
    frame = gpd.GeoDataFrame({"id": list(range(len(xy)))}, geometry=shapely.points(xy), crs=28992)
    backend = postgis_backend(engine, "punten")
    backend.sync({"warmtenet": layer_from_frame("warmtenet", frame, META)})
    return backend


def test_the_minimum_distance_over_a_whole_layer_is_not_compiled_by_jit(engine, many_points):
    """min_distance over 171,645 woningen ran 0.40 s with JIT (0.27 s of it compiling), 0.13 s without."""
    from services.store.postgis_read import PostgisLayers

    backend = many_points
    _skip_without_jit(engine)
    reader = PostgisLayers(backend, backend.catalog())
    subject = shapely.Point(DEMO_CENTRE_RD[0] - 500, DEMO_CENTRE_RD[1] - 500)
    plans = _plans_of_the_check(
        engine, lambda: reader.min_distance("warmtenet", subject), "SELECT min(ST_Distance"
    )
    threshold = float(backend.query("SHOW jit_above_cost")[0][0])
    assert [plan["Plan"]["Total Cost"] > threshold for plan in plans] == [True]  # JIT would compile it
    assert [plan.get("JIT") for plan in plans] == [None]
