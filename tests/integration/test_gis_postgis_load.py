"""Loading layers into PostGIS (`gis load`, PostgisBackend.sync) and what the loaded tables answer.

A changed layer reloads, a reload during checks makes them wait (no deadlock) and is not seen between the
parts of one bounded check nor between a check's (or a case step's check's) catalog, area and conflicts nor between an energy step's catalog and layers, a bad body is refused before the layers are read, every layer name gets its own table, empty and 3D layers load, and overlap shares and attribute filters agree with the
in-memory backend. Needs RUIMTEFLOW_TEST_DATABASE_URL (PostgreSQL with PostGIS); skipped otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.api import check, parse_rules
from gis.bounded import FIRST_PART
from gis.layers import Layer, layer_from_frame
from gis.metadata import LayerMeta
from tests.integration.test_gis_postgis import engine, postgis_backend

pytestmark = pytest.mark.postgres

__all__ = ["engine"]  # the PostGIS engine fixture of the differential test

META = LayerMeta(familie="natuur", bron="test", peildatum=dt.date(2024, 1, 1), licentie="CC0")
X, Y = 200000.0, 450000.0


def _backend(engine, name: str):
    backend = postgis_backend(engine, f"tl_{name}")
    backend.sync({}, prune=True)  # nothing left of an earlier run
    return backend


def _layer(name: str, geometries: list, **columns) -> Layer:
    frame = gpd.GeoDataFrame(columns, geometry=geometries, crs=28992)
    return layer_from_frame(name, frame, META)


def _rule(laag: str, predicaat: str = "snijdt", extra: str = "", rule_id: str = "r") -> str:
    return f"""[[rule]]
id = "{rule_id}"
beschrijving = "{rule_id}"
onderwerp = ["*"]
laag = "{laag}"
predicaat = "{predicaat}"
ernst = "blokkerend"
afdeling = "A"
bron = "t"
geldig_vanaf = 2024-01-01
{extra}
"""


def rules_on(monkeypatch: pytest.MonkeyPatch, path: Path, laag: str) -> None:
    """Locatieregels with one rule on ``laag`` (RUIMTEFLOW_GIS_RULES at ``path``): `gis load` refuses a
    folder without a layer the configured rules use, and a test that loads a folder of its own layers
    would otherwise be refused for lacking the demo's."""
    path.write_text('[soorten]\nx = "x"\n' + _rule(laag), encoding="utf-8")
    monkeypatch.setenv("RUIMTEFLOW_GIS_RULES", str(path))


def _body(geometries: list) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"soort": "x"}, "geometry": json.loads(shapely.to_geojson(g))}
            for g in geometries
        ],
    }


def _found(result: dict) -> list[tuple]:
    return [(c["regel"], c["onderwerp_index"], c["feature_id"]) for c in result["conflicten"]]


def _both(layers: dict, backend, rules_text: str, geometries: list) -> tuple[list, list]:
    rules = parse_rules('[soorten]\nx = "x"\n' + rules_text, layers)
    body = _body(geometries)
    return (
        _found(check(body, layers, rules, crs="EPSG:28992")),
        _found(check(body, backend, rules, crs="EPSG:28992")),
    )


def test_changed_attribute_or_moved_geometry_reloads(engine):
    boxes = [shapely.box(X + i * 100, Y, X + i * 100 + 50, Y + 50) for i in range(4)]
    backend = _backend(engine, "sig")
    assert backend.sync({"pand": _layer("pand", boxes, status=["a"] * 4)}) == ["pand"]
    assert backend.sync({"pand": _layer("pand", boxes, status=["a"] * 4)}) == []
    assert backend.sync({"pand": _layer("pand", boxes, status=["a", "b", "a", "a"])}) == ["pand"]
    moved = [
        boxes[0],
        shapely.box(X + 120, Y, X + 170, Y + 50),
        boxes[2],
        boxes[3],
    ]  # same bounds and vertices
    layers = {"pand": _layer("pand", moved, status=["a", "b", "a", "a"])}
    assert backend.sync(layers) == ["pand"]
    memory, postgis = _both(layers, backend, _rule("pand"), [shapely.Point(X + 160, Y + 25)])
    assert memory == postgis == [("r", 0, 1)]


def test_reload_during_checks_waits_instead_of_deadlocking(engine):
    circle = shapely.Point(X, Y).buffer(3000, quad_segs=20000)  # 80,000 vertices: ST_Subdivide takes a while
    layers = {"natuur": _layer("natuur", [circle, shapely.box(X + 4000, Y, X + 4100, Y + 100)])}
    backend = _backend(engine, "lock")
    backend.sync(layers)
    rules = parse_rules('[soorten]\nx = "x"\n' + _rule("natuur"), layers)
    body = _body([shapely.Point(X, Y)])
    errors: list[str] = []
    answers: list[int] = []
    stop = threading.Event()

    def checker() -> None:
        while not stop.is_set():
            try:
                answers.append(len(check(body, backend, rules, crs="EPSG:28992")["conflicten"]))
            except Exception as exc:  # noqa: BLE001 - the test collects what a check raised
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=checker) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(4):
            backend.sync(layers, force=True)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert answers and set(answers) == {1}


def test_names_differing_in_dash_or_case_get_their_own_tables(engine):
    names = ["bevi-contour", "bevi_contour", "Bevi_contour"]
    layers = {
        name: _layer(name, [shapely.box(X + k * 1000, Y, X + k * 1000 + 50, Y + 50)], naam=[name])
        for k, name in enumerate(names)
    }
    backend = _backend(engine, "names")
    assert sorted(backend.sync(layers)) == sorted(names)
    assert len({layer.table for layer in backend.catalog().values()}) == 3
    text = "".join(_rule(n, rule_id=f"r{k}") for k, n in enumerate(names))
    subjects = [shapely.Point(X + k * 1000 + 25, Y + 25) for k in range(3)]
    memory, postgis = _both(layers, backend, text, subjects)
    assert memory == postgis == [("r0", 0, 0), ("r1", 1, 0), ("r2", 2, 0)]
    del layers["bevi_contour"]  # pruning one layer leaves the others' tables alone
    assert backend.sync(layers, prune=True) == []
    text = _rule("bevi-contour", rule_id="r0")
    assert _both(layers, backend, text, subjects) == ([("r0", 0, 0)], [("r0", 0, 0)])

    from services.store.postgis_load import table_name

    assert all(len(table_name(n + "x" * 80)) <= 57 for n in names)  # the parts table fits in 63 too


def test_empty_layer_loads_and_checks(engine):
    layers = {
        "leeg": _layer("leeg", [], naam=pd.Series([], dtype=object)),
        "alleen_leeg": _layer("alleen_leeg", [shapely.Polygon()], naam=["x"]),
    }
    assert len(layers["leeg"]) == len(layers["alleen_leeg"]) == 0
    backend = _backend(engine, "empty")
    assert sorted(backend.sync(layers)) == ["alleen_leeg", "leeg"]
    assert backend.sync(layers) == []
    assert {n: layer.features for n, layer in backend.catalog().items()} == {"alleen_leeg": 0, "leeg": 0}
    text = _rule("leeg", rule_id="a") + _rule("alleen_leeg", "binnen_afstand", "afstand_m = 50", "b")
    assert _both(layers, backend, text, [shapely.Point(X, Y)]) == ([], [])


def test_layer_with_z_coordinates_loads_in_2d(engine):
    polygon = shapely.Polygon([(X, Y, 5), (X + 50, Y, 6), (X + 50, Y + 50, 7), (X, Y + 50, 8)])
    layers = {"hoog": _layer("hoog", [polygon, shapely.Point(X + 200, Y, 3)])}
    backend = _backend(engine, "z")
    assert backend.sync(layers) == ["hoog"]
    memory, postgis = _both(layers, backend, _rule("hoog"), [shapely.Point(X + 25, Y + 25)])
    assert memory == postgis == [("r", 0, 0)]


def _awkward_polygons(count: int) -> list:
    """Polygons whose GEOS intersection with themselves has a share of 0.9999999999999999."""
    rng = np.random.default_rng(1)
    found = []
    while len(found) < count:
        angles = np.sort(rng.uniform(0, 2 * np.pi, 7))
        radius = rng.uniform(5, 15, 7)
        x0 = X + 100 * len(found)
        polygon = shapely.Polygon(
            np.round(np.c_[x0 + radius * np.cos(angles), Y + radius * np.sin(angles)], 3)
        )
        if polygon.is_valid and shapely.intersection(polygon, polygon).area < polygon.area:
            found.append(polygon)
    return found


def test_share_of_one_holds_for_a_subject_equal_to_its_feature(engine):
    polygons = _awkward_polygons(12)
    layers = {"pand": _layer("pand", polygons)}
    backend = _backend(engine, "share")
    backend.sync(layers)
    text = _rule("pand", "overlap_aandeel", "minimaal_aandeel = 1.0")
    memory, postgis = _both(layers, backend, text, polygons)
    assert memory == postgis == [("r", i, i) for i in range(12)]
    shrunk = [p.buffer(-0.5) for p in polygons[:3]]  # a plot that lies partly outside stays out
    memory, postgis = _both(layers, backend, text, [p.buffer(0.5) for p in shrunk + polygons[:1]])
    assert memory == postgis == []


def test_attribute_filters_agree_with_pandas_equality(engine):
    boxes = [shapely.box(X + i * 100, Y, X + i * 100 + 50, Y + 50) for i in range(4)]
    layer = _layer(
        "t",
        boxes,
        fractie=[0.1 + 0.2, 0.123456789012345, 7.0, np.nan],
        actief=[True, False, True, False],
        aantal=[1, 0, 2, 1],
    )
    layers = {"t": layer}
    backend = _backend(engine, "attrs")
    backend.sync(layers)
    filters = {
        "f1": "{fractie = 0.30000000000000004}",
        "f2": "{fractie = 0.123456789012345}",
        "f3": "{fractie = 7}",
        "b1": "{actief = 1}",
        "b2": "{actief = 0}",
        "i1": "{aantal = true}",
        "i2": "{aantal = 1, actief = true}",
    }
    text = "".join(_rule("t", extra=f"filter = {f}", rule_id=k) for k, f in filters.items())
    memory, postgis = _both(layers, backend, text, [shapely.box(X - 10, Y + 10, X + 400, Y + 20)])
    by_rule = {k: sorted(fid for rule, _, fid in memory if rule == k) for k in filters}
    assert by_rule == {"f1": [0], "f2": [1], "f3": [2], "b1": [0, 2], "b2": [1, 3], "i1": [0, 3], "i2": [0]}
    assert sorted(memory) == sorted(postgis)


def test_cli_gis_load_of_empty_and_3d_layers(pg_url: str, tmp_path: Path, capsys, monkeypatch):
    from web import cli

    rules_on(monkeypatch, tmp_path / "regels.toml", "hoog")
    directory = tmp_path / "lagen"
    directory.mkdir()
    empty = gpd.GeoDataFrame({"naam": pd.Series([], dtype=object)}, geometry=[], crs=28992)
    empty.to_file(directory / "leeg.gpkg", driver="GPKG")
    high = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[shapely.Point(X, Y, 12)], crs=28992)
    high.to_file(directory / "hoog.gpkg", driver="GPKG")
    (directory / "lagen.toml").write_text(
        "".join(
            f'[{n}]\nfamilie = "natuur"\nbron = "t"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'
            for n in ("leeg", "hoog")
        )
    )
    assert cli.main(["gis", "load", str(directory), "--database", pg_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["lagen"] == {"hoog": 1, "leeg": 0}


def test_cli_gis_load_on_an_unreachable_database_is_refused_in_dutch(tmp_path: Path, capsys):
    from web import cli

    url = "postgresql+psycopg://ruimteflow:geheim@127.0.0.1:1/ruimteflow"
    assert cli.main(["gis", "load", str(tmp_path), "--database", url]) == 2
    err = capsys.readouterr().err
    assert "de server weigert de verbinding" in err and "Traceback" not in err and "geheim" not in err


def test_a_load_that_started_first_but_committed_last_is_seen_by_the_cached_catalog(engine, monkeypatch):
    # was: the per-process catalog (services.locatiecheck.postgis_catalog) was kept while (number of layers,
    # latest geladen_op) stayed equal; a load's geladen_op is its transaction's start, so a load that
    # started before another but committed after it replaced a layer and left that stamp as it was
    from sqlalchemy import text

    from services import locatiecheck
    from services.config import Settings
    from services.store import postgis_load as store

    monkeypatch.setattr(locatiecheck, "_catalogs", {})
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    backend = _backend(engine, "stamp")
    boxes = [shapely.box(X + i * 100, Y, X + i * 100 + 50, Y + 50) for i in range(3)]
    old_stamp = text(f"SELECT count(*), max(geladen_op) FROM {store.REGISTRY} WHERE prefix = :prefix")
    with engine.connect() as early:
        early.execute(text("SELECT now()"))  # this load's transaction starts first ...
        backend.sync({"a": _layer("a", boxes[:2]), "b": _layer("b", boxes[2:])})  # ... this one commits first
        assert locatiecheck.postgis_catalog(settings, backend)["a"].features == 2
        before = early.execute(old_stamp, {"prefix": backend.prefix}).one()
        early.execute(  # as PostgisBackend.sync: the prefix's lock, then the layer replaced
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": store.lock_key(backend.prefix)}
        )
        replaced = _layer("a", boxes)
        store.load(early, backend.prefix, "a", replaced, store.layer_rows(replaced))
        early.commit()
    with engine.connect() as conn:  # the old stamp did not move
        assert conn.execute(old_stamp, {"prefix": backend.prefix}).one() == before
    assert locatiecheck.postgis_catalog(settings, backend)["a"].features == 3


ZONE = shapely.box(X, Y, X + 100, Y + 100)
TWO_PARTS = range(FIRST_PART + 2)  # the subjects of a bounded check of two parts: FIRST_PART, then 2


def _zone_check(engine, name: str) -> tuple[Any, Callable[[], list[tuple]]]:
    """A backend with a layer of one zone loaded, and a bounded check (the API's) of TWO_PARTS in it."""
    backend = _backend(engine, name)
    one = {"zone": _layer("zone", [ZONE])}
    backend.sync(one)
    rules = parse_rules('[soorten]\nx = "x"\n' + _rule("zone"), one)
    body = _body([shapely.Point(X + 10 + i, Y + 50) for i in TWO_PARTS])
    return backend, lambda: _found(check(body, backend, rules, crs="EPSG:28992", max_conflicts=1000))


def _in_zones(count: int) -> list[tuple]:
    """The conflicts of the check of :func:`_zone_check` when its layer has ``count`` equal zones."""
    return [("r", i, zone) for i in TWO_PARTS for zone in range(count)]


def _waits_for_the_layers_or_ends(engine, backend, thread: threading.Thread) -> None:
    """Return once ``thread`` has ended or waits for the layers' lock of ``backend``'s prefix (a condition
    polled on pg_locks, not a time: the wait ends as soon as either is true)."""
    from sqlalchemy import text

    from services.store import postgis_load as store

    waiting = text(
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database() "
        "AND l.objid = CAST(hashtext(:key)::bigint & 4294967295 AS oid)"
    )
    with engine.connect() as conn:
        for _ in range(6000):
            if (
                not thread.is_alive()
                or conn.execute(waiting, {"key": store.lock_key(backend.prefix)}).scalar()
            ):
                return
            thread.join(0.01)
    raise AssertionError("the thread neither waits for the layers' lock nor ends")


class _LoadDuring:
    """A `gis load` of ``layers`` into ``backend`` in a thread of its own, started from inside a check."""

    def __init__(self, engine: Any, backend: Any, layers: dict) -> None:
        self.engine, self.backend, self.layers = engine, backend, layers
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._load)

    def _load(self) -> None:
        try:
            self.backend.sync(self.layers)
        except Exception as exc:  # noqa: BLE001 - the test collects what the load raised
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def start(self) -> None:
        """Start the load, once; return when it waits for the layers' lock or has ended."""
        if self.thread.ident is None:
            self.thread.start()
            _waits_for_the_layers_or_ends(self.engine, self.backend, self.thread)

    def around(self, run: Callable[[], Any]) -> Any:
        """What ``run`` returns, the load (if it started) ended after it."""
        try:
            return run()
        finally:
            if self.thread.ident is not None:
                self.thread.join()


def test_a_load_between_the_parts_of_a_bounded_check_is_not_seen_by_it(engine, monkeypatch):
    """The parts of one bounded check (gis.bounded, the API's) read one state of the layers: a `gis load`
    that starts after its first part waits for the check, which answers from the layers it began with; the
    next check answers from the loaded ones. Was: each part a transaction of its own, so the load committed
    between two parts and one answer mixed two versions of a layer (the first part's subjects in one zone,
    the others in two)."""
    from services.store.postgis import PostgisBackend

    backend, conflicts = _zone_check(engine, "delen")
    load = _LoadDuring(engine, backend, {"zone": _layer("zone", [ZONE, ZONE])})  # now with two zones
    original = PostgisBackend.find_conflicts

    def part(self, subjects, rules):  # type: ignore[no-untyped-def]
        found = original(self, subjects, rules)
        load.start()  # after the first part, a load starts
        return found

    monkeypatch.setattr(PostgisBackend, "find_conflicts", part)
    during = load.around(conflicts)
    assert load.errors == []
    assert during == _in_zones(1)
    assert conflicts() == _in_zones(2)


def test_a_bounded_check_that_waits_for_a_load_answers_from_the_loaded_layers(engine):
    """A bounded check that starts while a load runs waits for it, then answers from the loaded layers, not
    from empty tables: in REPEATABLE READ its snapshot would be taken at the lock's statement, before the
    wait, and the load's new tables (DROP and CREATE are not MVCC-safe) would look empty to it."""
    from sqlalchemy import text

    from services.store import postgis_load as store

    backend, conflicts = _zone_check(engine, "wacht")
    answers: list[list[tuple]] = []
    checker = threading.Thread(target=lambda: answers.append(conflicts()))
    with engine.connect() as load:  # as PostgisBackend.sync: the prefix's lock, then the layer replaced
        load.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": store.lock_key(backend.prefix)}
        )
        replaced = _layer("zone", [ZONE, ZONE])
        store.load(load, backend.prefix, "zone", replaced, store.layer_rows(replaced))
        checker.start()
        _waits_for_the_layers_or_ends(engine, backend, checker)
        assert checker.is_alive()  # the check waits for the load
        load.commit()
    checker.join()
    assert answers == [_in_zones(2)]


def _zone_settings(engine, monkeypatch, tmp_path: Path, name: str, **more: Any) -> tuple[Any, Any]:
    """A backend of its own prefix as services.locatiecheck's layers (no catalog kept yet), and Settings
    whose rules file has the one rule of :func:`_rule` on the layer ``zone``."""
    from services import locatiecheck
    from services.config import Settings

    backend = _backend(engine, name)
    monkeypatch.setattr(locatiecheck, "LAYER_PREFIX", backend.prefix)
    monkeypatch.setattr(locatiecheck, "_catalogs", {})
    rules = tmp_path / "regels.toml"
    rules.write_text('[soorten]\nx = "x"\n' + _rule("zone"), encoding="utf-8")
    settings = Settings(
        instance_dir=tmp_path,
        database_url=engine.url.render_as_string(hide_password=False),
        gis_rules_file=str(rules),
        **more,
    )
    return backend, settings


def test_the_area_and_the_rules_of_a_check_read_the_state_its_conflicts_read(engine, monkeypatch, tmp_path):
    """`check_document` (the API's and `gis check`'s) reads its catalog, the rules' layers and the municipal
    area in the one snapshot its conflicts are matched in: a `gis load` that starts after those reads waits
    for the check, which answers from the layers it began with. Was: the catalog and the area were read in
    statements of their own before the check's snapshot, so a load that committed in between paired the
    old area (the objects inside the municipality) with the new conflicts (two zones)."""
    from collections import OrderedDict

    import gis.api
    from services import gemeente_area, locatiecheck

    backend, settings = _zone_settings(engine, monkeypatch, tmp_path, "eenstaat")
    monkeypatch.setattr(gemeente_area, "_areas", OrderedDict())
    inside, elsewhere = (
        shapely.box(X - 1000, Y - 1000, X + 1000, Y + 1000),
        shapely.box(0, 300000, 10, 300010),
    )
    backend.sync({"gemeente": _layer("gemeente", [inside]), "zone": _layer("zone", [ZONE])})
    body = _body([shapely.Point(X + 10 + i, Y + 50) for i in TWO_PARTS])
    moved = {"gemeente": _layer("gemeente", [elsewhere]), "zone": _layer("zone", [ZONE, ZONE])}
    load = _LoadDuring(engine, backend, moved)  # the municipality moved away and two zones, in one load
    original = gis.api.check

    def matched_after_a_load_started(*args, **kwargs):  # type: ignore[no-untyped-def]
        load.start()  # the catalog, rules and area are read: now a load starts
        return original(*args, **kwargs)

    def checked() -> tuple[list[tuple], list[str]]:
        result = locatiecheck.check_document(
            settings,
            body,
            crs="EPSG:28992",
            peildatum=dt.date(2026, 3, 2),
            buiten_gemeente=True,
            max_conflicts=1000,
        )
        return _found(result), sorted({w["code"] for w in result["waarschuwingen"]})

    monkeypatch.setattr(gis.api, "check", matched_after_a_load_started)
    during = load.around(checked)
    assert load.errors == []
    assert during == (_in_zones(1), [])
    assert checked() == (_in_zones(2), ["buiten-gemeente"])


def test_a_check_before_any_load_loads_the_configured_layers_first(engine, monkeypatch, tmp_path_factory):
    """The first check on a database without layers loads the configured folder, then answers from it: the
    load runs before the check's snapshot, which would otherwise hold the shared lock the load waits for."""
    from services import locatiecheck
    from services.config import Settings
    from tests.shared_build import shared_demo_layers

    backend = _backend(engine, "eerst")
    assert backend.stamp() is None
    monkeypatch.setattr(locatiecheck, "LAYER_PREFIX", backend.prefix)
    monkeypatch.setattr(locatiecheck, "_catalogs", {})
    settings = Settings(
        instance_dir=tmp_path_factory.mktemp("eerst"),
        database_url=engine.url.render_as_string(hide_password=False),
        gis_layers_dir=str(shared_demo_layers(tmp_path_factory)),
    )
    point = {"type": "Point", "coordinates": [226_050.0, 448_050.0]}  # the demo's town centre
    body = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"soort": "bouwwerk"}, "geometry": point}],
    }
    result = locatiecheck.check_document(
        settings, body, crs="EPSG:28992", peildatum=dt.date(2026, 3, 2), buiten_gemeente=True
    )
    assert result["waarschuwingen"] == []  # the municipality of the loaded layers holds the point
    assert {name for name, _ in backend.stamp() or ()} >= {"gemeente", "gemeentegrens"}


def test_a_bounded_check_shares_the_lock_and_reads_the_registry_once(engine):
    """The parts of one bounded check run in one snapshot, which holds the layers' shared lock from its
    start: the lock is taken and the registry's tables read once per check, and each part is one statement.
    Was: each part took the lock again and read the registry again (two more round trips per part)."""
    from types import SimpleNamespace

    from tests.sql_statements import statements

    backend, conflicts = _zone_check(engine, "eenmaal")
    with statements(SimpleNamespace(engine=engine)) as sent:
        assert conflicts() == _in_zones(1)
    assert len(TWO_PARTS) > FIRST_PART  # two parts
    assert sum("pg_advisory_xact_lock_shared" in s for s in sent) == 1
    assert sum(s.startswith("SELECT naam, tabel FROM gis_lagen") for s in sent) == 1
    assert sum(s.startswith("WITH s AS MATERIALIZED") for s in sent) == 2


def _bad_bodies() -> list[tuple[str, str]]:
    """(body, the code it is refused with) of bodies a check refuses as input: not JSON, over the size limit
    (``max_body_bytes`` 2,000 in the test below), a soort the rules do not know."""
    from gis.errors import NOT_JSON, UNKNOWN_SOORT, InputTooLarge

    unknown = _body([shapely.Point(X + 10, Y + 50)])
    unknown["features"][0]["properties"]["soort"] = "onbekend"
    large = _body([shapely.Point(X + 10 + i, Y + 50) for i in range(30)])
    return [
        ("{geen json", NOT_JSON),
        (json.dumps(large), InputTooLarge.code),
        (json.dumps(unknown), UNKNOWN_SOORT),
    ]


@pytest.mark.parametrize(("body", "code"), _bad_bodies(), ids=["geen-json", "te-groot", "onbekende-soort"])
def test_a_bad_body_is_refused_before_the_layers_are_read(engine, monkeypatch, tmp_path, body, code):
    """`check_document` parses and validates the body (size, JSON, soorten) before it opens the layers'
    snapshot: a bad body is refused without a statement to the layers' database, so without their shared
    lock. Was: the body (up to 20 MB) was parsed inside the snapshot, holding the lock a `gis load` waits for."""
    from types import SimpleNamespace

    from processes.errors import RuimteflowError
    from services import locatiecheck
    from tests.sql_statements import statements

    backend, settings = _zone_settings(engine, monkeypatch, tmp_path, "ontleed", max_body_bytes=2000)
    backend.sync({"zone": _layer("zone", [ZONE])})

    def checked(document: str) -> dict:
        return locatiecheck.check_document(
            settings, document, crs="EPSG:28992", peildatum=dt.date(2026, 3, 2)
        )

    assert _found(checked(json.dumps(_body([shapely.Point(X + 10, Y + 50)])))) == [("r", 0, 0)]
    layers_engine = SimpleNamespace(engine=locatiecheck.postgis_backend(settings).engine)  # the check's
    with statements(layers_engine) as sent, pytest.raises(RuimteflowError) as refused:
        checked(body)
    assert refused.value.code == code
    assert sent == []


def _step_conflicts(engine, settings) -> int:
    """The number of conflicts of the case step's locatiecheck (services.domain.locatiecheck) of a point in
    ZONE, on the step's own connection, in a transaction of its own (ended with the step)."""
    from sqlalchemy.orm import Session

    from services.clock import FixedClock
    from services.domain.locatiecheck import locatiecheck as step_check
    from services.engine.context import StepContext, step
    from services.step_reads import SessionReads

    clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    with Session(engine) as session:
        ctx = StepContext(clock, None, "Z-1", geometry_wkt=f"POINT ({X + 10} {Y + 50})", settings=settings)
        ctx.reads = SessionReads(session)
        with step(ctx):
            step_check({}, soort="x")
    return len(ctx.conflicts or ())


def test_a_steps_check_reads_its_catalog_in_the_state_its_conflicts_read(engine, monkeypatch, tmp_path):
    """The case step's locatiecheck (services.domain.locatiecheck, on the step's own connection) reads the
    catalog its rules are read against in the one state of the layers its conflicts are matched in: a
    `gis load` that starts once the rules are read waits for the step's transaction, and the step answers
    from the layers as catalogued. Was: the step read the catalog before it took the layers' shared lock
    (at its match), so the load did not wait for the step's lock but for its read of the registry (the
    load's ALTER TABLE), while the step then waited for the load's lock: a deadlock."""
    from services import locatiecheck

    backend, settings = _zone_settings(engine, monkeypatch, tmp_path, "stap")
    backend.sync({"zone": _layer("zone", [ZONE])})
    load = _LoadDuring(engine, backend, {"zone": _layer("zone", [ZONE, ZONE])})  # now with two zones
    catalogued: list[int] = []  # the zones of the catalog each check's rules were read against
    original = locatiecheck.rules

    def read_then_a_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        catalogued.append(args[1]["zone"].features)
        ruleset = original(*args, **kwargs)
        load.start()  # the catalog and the rules are read: now a load starts
        return ruleset

    monkeypatch.setattr(locatiecheck, "rules", read_then_a_load)
    during = load.around(lambda: _step_conflicts(engine, settings))
    assert load.errors == []
    assert (catalogued, during) == ([1], 1)
    assert (_step_conflicts(engine, settings), catalogued) == (2, [1, 2])


def test_a_steps_first_check_reads_the_stamp_outside_the_steps_transaction(engine, monkeypatch, tmp_path):
    """A process's first check (no catalog kept) reads the layers' stamp before its snapshot, to load the
    configured folder when nothing was ever loaded; for a step, in a transaction of its own: a load that
    starts right after it neither waits for the step (whose transaction would otherwise hold its read of
    the registry, for the load's ALTER TABLE) nor is seen half by it: the step answers from the loaded layers."""
    from services import locatiecheck

    backend, settings = _zone_settings(engine, monkeypatch, tmp_path, "stapeerst")
    backend.sync({"zone": _layer("zone", [ZONE])})
    load = _LoadDuring(engine, backend, {"zone": _layer("zone", [ZONE, ZONE])})  # now with two zones
    original = locatiecheck.postgis_catalog

    def stamp_then_a_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        catalog = original(*args, **kwargs)
        load.start()  # the stamp is read, the snapshot not yet begun: now a load starts (and ends)
        return catalog

    monkeypatch.setattr(locatiecheck, "postgis_catalog", stamp_then_a_load)
    during = load.around(lambda: _step_conflicts(engine, settings))
    assert load.errors == []
    assert during == 2


def _step_percelen(engine, settings, load: _LoadDuring | None = None) -> int:
    """The number of parcels (the layer ``percelen``) a point in ZONE lies in, as the energy services read
    them in a step (services.domain.energie_gis, on the step's own connection, in a transaction of its own,
    ended with the step); ``load``: a `gis load` started once the step has its layers, before it reads one."""
    from types import SimpleNamespace

    from sqlalchemy.orm import Session

    from services.clock import FixedClock
    from services.domain import energie_gis
    from services.engine.context import StepContext, step
    from services.step_reads import SessionReads
    from tests.integration.threads import one_waits_for_a_lock

    clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    with Session(engine) as session:
        ctx = StepContext(clock, None, "Z-1", settings=settings)
        ctx.reads = SessionReads(session)
        with step(ctx):
            lagen = energie_gis.lagen(ctx)
            if load is not None:
                load.thread.start()
                assert one_waits_for_a_lock(SimpleNamespace(engine=engine), load.thread)  # type: ignore[arg-type]
            return len(energie_gis.percelen(lagen, shapely.Point(X + 10, Y + 50)))


def test_an_energy_steps_layers_are_read_in_one_state_with_their_catalog(engine, monkeypatch, tmp_path):
    """The energy services' layers of a step (services.domain.energie_gis.lagen, on the step's own
    connection) come with their catalog from one state of the layers (services.locatiecheck's): a `gis load`
    that starts once the step has them waits for the step's transaction, and the step reads its parcels from
    the layers as catalogued; the next step reads the loaded ones. Was: the step read the catalog on its
    connection before it took the layers' shared lock (at its first layer query), so the load waited for the
    step's read of the registry (its ALTER TABLE) while the step then waited for the load's lock: a deadlock,
    which PostgreSQL broke by aborting the load (tried)."""
    backend, settings = _zone_settings(engine, monkeypatch, tmp_path, "energie")
    backend.sync({"percelen": _layer("percelen", [ZONE])})
    load = _LoadDuring(engine, backend, {"percelen": _layer("percelen", [ZONE, ZONE])})  # two parcels now
    during = load.around(lambda: _step_percelen(engine, settings, load))
    assert load.errors == []
    assert during == 1
    assert _step_percelen(engine, settings) == 2
