"""Layer loading: formats, CRS handling, repair, feature ids, metadata, cached index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from gis import errors
from gis.api import LayerCache, layer_summaries, load_layer, load_layers
from gis.errors import LayerError
from tests.unit.gis.conftest import META, X0, Y0, box, make_layer, point

LAGEN = """
[zones]
familie = "energie"
bron = "test"
peildatum = 2026-01-01
licentie = "CC0 1.0"

[punten]
familie = "wonen"
bron = "test"
peildatum = "2025-06-30"
licentie = "CC BY 4.0"
"""


def _write(frame: gpd.GeoDataFrame, path: Path, **kwargs) -> Path:
    pyogrio.write_dataframe(frame, path, **kwargs)
    return path


def test_directory_with_three_formats(tmp_path: Path):
    zones = gpd.GeoDataFrame({"kleur": ["rood"]}, geometry=[box(0, 0, 10, 10)], crs=28992)
    _write(zones, tmp_path / "zones.gpkg", layer="zones")
    _write(gpd.GeoDataFrame({"n": [1]}, geometry=[point(5, 5)], crs=28992), tmp_path / "punten.shp")
    lijn = gpd.GeoDataFrame(
        {"n": [1]}, geometry=[shapely.LineString([(5.38, 52.15), (5.39, 52.16)])], crs=4326
    )
    _write(lijn, tmp_path / "lijnen.geojson", driver="GeoJSON")
    (tmp_path / "lagen.toml").write_text(LAGEN, encoding="utf-8")
    (tmp_path / "lijnen.meta.toml").write_text(
        'familie = "veiligheid"\nbron = "sidecar"\npeildatum = 2024-02-29\nlicentie = "CC0"\n',
        encoding="utf-8",
    )
    (tmp_path / "leesmij.txt").write_text("geen laag", encoding="utf-8")
    layers = load_layers(tmp_path)
    assert list(layers) == ["lijnen", "punten", "zones"]
    assert layers["lijnen"].meta.bron == "sidecar"
    assert layers["punten"].meta.peildatum == dt.date(2025, 6, 30)
    assert all(layer.frame.crs.to_epsg() == 28992 for layer in layers.values())
    summaries = layer_summaries(layers)
    assert summaries[0]["name"] == "lijnen"
    assert {"name", "familie", "features", "crs", "bron", "peildatum"} <= set(summaries[0])
    assert summaries[2] | {"waarschuwingen": []} == summaries[2]
    assert summaries[2]["features"] == 1 and summaries[2]["crs"] == "EPSG:28992"


def test_sidecar_wins_over_lagen_toml(tmp_path: Path):
    _write(gpd.GeoDataFrame(geometry=[point(0, 0)], crs=28992), tmp_path / "zones.gpkg", layer="zones")
    (tmp_path / "lagen.toml").write_text(LAGEN, encoding="utf-8")
    (tmp_path / "zones.meta.toml").write_text(
        'familie = "natuur"\nbron = "zijspan"\npeildatum = 2024-01-01\nlicentie = "x"\n', encoding="utf-8"
    )
    assert load_layers(tmp_path)["zones"].meta.familie == "natuur"


def test_missing_or_bad_metadata(tmp_path: Path):
    path = _write(gpd.GeoDataFrame(geometry=[point(0, 0)], crs=28992), tmp_path / "zones.gpkg", layer="zones")
    with pytest.raises(LayerError) as caught:
        load_layers(tmp_path)
    assert caught.value.code == errors.LAYER_NO_METADATA
    assert "zones.meta.toml" in caught.value.detail
    (tmp_path / "zones.meta.toml").write_text(
        'familie = "sport"\nbron = "x"\npeildatum = 2024-01-01\nlicentie = "x"\n'
    )
    with pytest.raises(LayerError) as caught:
        load_layer(path)
    assert caught.value.code == errors.LAYER_BAD_METADATA


def test_missing_crs_is_an_error(tmp_path: Path):
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        path = _write(gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)]), tmp_path / "zonder.shp")
    assert not (tmp_path / "zonder.prj").exists()
    with pytest.raises(LayerError) as caught:
        load_layer(path, meta=META)
    assert caught.value.code == errors.LAYER_NO_CRS
    assert "geen coördinatenstelsel" in caught.value.detail


def test_reprojection_from_wgs84():
    lon, lat = 5.3872, 52.1552
    layer = make_layer("n2k", [shapely.Point(lon, lat)], crs=4326)
    expected = Transformer.from_crs(4326, 28992, always_xy=True).transform(lon, lat)
    assert layer.frame.crs.to_epsg() == 28992
    assert shapely.get_coordinates(layer.geometries[0])[0] == pytest.approx(expected, abs=1e-6)
    assert shapely.get_coordinates(layer.geometries[0])[0] == pytest.approx((X0, Y0), abs=50)


def test_wrong_crs_declaration_is_refused():
    with pytest.raises(LayerError) as caught:
        make_layer("fout", [point(0, 0)], crs=4326)  # RD metres declared as degrees
    assert caught.value.code == errors.LAYER_BAD_CRS


def test_invalid_geometries_are_repaired_and_counted():
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 10, Y0), (X0, Y0 + 10)])
    layer = make_layer("zones", [bowtie, box(0, 0, 5, 5), bowtie])
    assert shapely.is_valid(layer.geometries).all()
    [warning] = layer.warnings
    assert warning["code"] == "geometrie-hersteld" and warning["aantal"] == 2 and warning["laag"] == "zones"


def test_empty_geometries_are_dropped_keeping_row_ids():
    layer = make_layer("punten", [point(0, 0), None, point(1, 1)])
    assert layer.feature_ids == [0, 2]
    assert layer.warnings[0]["code"] == "geometrie-leeg"


def test_feature_ids_from_id_column_or_row_number():
    assert make_layer("a", [point(0, 0), point(1, 1)], id=[10, 7]).feature_ids == [10, 7]
    assert make_layer("b", [point(0, 0), point(1, 1)]).feature_ids == [0, 1]
    layer = make_layer("c", [point(0, 0), point(1, 1), point(2, 2)], id=["b", "c", "a"])
    assert layer.id_rank.tolist() == [1, 2, 0]
    with pytest.raises(LayerError) as caught:
        make_layer("d", [point(0, 0), point(1, 1)], id=[1, 1])
    assert caught.value.code == errors.LAYER_DUPLICATE_ID


def test_bad_layer_name():
    with pytest.raises(LayerError) as caught:
        make_layer("zones met spatie", [point(0, 0)])
    assert caught.value.code == errors.LAYER_BAD_NAME


def test_tree_is_built_once_and_cached():
    layer = make_layer("punten", [point(0, 0), point(10, 10)])
    assert layer.tree is layer.tree
    assert layer.tree.query(box(-1, -1, 1, 1)).tolist() == [0]


def _two_layer_geopackage(path: Path) -> Path:
    _write(gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)], crs=28992), path, layer="pand")
    _write(
        gpd.GeoDataFrame({"n": [1, 2]}, geometry=[point(0, 0), point(1, 1)], crs=28992),
        path,
        layer="historie",
    )
    return path


def test_multilayer_geopackage_needs_laag(tmp_path: Path):
    # was: without `laag` the first layer loaded and the others were dropped without a word (review ops12 F4)
    path = _two_layer_geopackage(tmp_path / "bag.gpkg")
    with pytest.raises(LayerError) as caught:
        load_layer(path, meta=META)
    assert caught.value.code == errors.LAYER_CHOICE_NEEDED
    assert "2 lagen (pand, historie)" in caught.value.detail
    assert 'laag = "..." in bag.meta.toml of in de tabel [bag] van lagen.toml' in caught.value.detail
    assert len(load_layer(path, meta=META, sublayer="historie")) == 2
    with pytest.raises(LayerError) as caught:
        load_layer(path, meta=META, sublayer="verboden")
    assert caught.value.code == errors.LAYER_NOT_FOUND


def test_multilayer_geopackage_in_a_directory(tmp_path: Path):
    _two_layer_geopackage(tmp_path / "bag.gpkg")
    table = LAGEN.split("[punten]")[0].replace("[zones]", "[bag]")
    (tmp_path / "lagen.toml").write_text(table, encoding="utf-8")
    with pytest.raises(LayerError) as caught:
        load_layers(tmp_path)
    assert caught.value.code == errors.LAYER_CHOICE_NEEDED
    (tmp_path / "lagen.toml").write_text(table + 'laag = "historie"\n', encoding="utf-8")
    assert len(load_layers(tmp_path)["bag"]) == 2


def test_single_layer_or_the_one_named_like_the_file(tmp_path: Path):
    single = _write(
        gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)], crs=28992), tmp_path / "a.gpkg", layer="iets"
    )
    assert len(load_layer(single, meta=META)) == 1
    assert len(load_layer(_two_layer_geopackage(tmp_path / "pand.gpkg"), meta=META)) == 1


def test_directory_without_layer_files_is_refused(tmp_path: Path):
    # was: an empty dict, which `gis load` synced with prune (every layer dropped) (review ops12 F3)
    (tmp_path / "lagen.toml").write_text(LAGEN, encoding="utf-8")
    nested = tmp_path / "amsterdam"
    nested.mkdir()
    _write(gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)], crs=28992), nested / "zones.gpkg")
    (tmp_path / "leeg").mkdir()
    with pytest.raises(LayerError) as caught:
        load_layers(tmp_path)
    assert caught.value.code == errors.LAYER_DIR_EMPTY
    assert caught.value.detail.startswith(f"Geen lagen gevonden in {tmp_path}: ")
    assert ".gpkg-, .geojson- en .shp-bestanden direct in die map, niet in submappen" in caught.value.detail
    assert "De submappen amsterdam bevatten wel lagen." in caught.value.detail
    with pytest.raises(LayerError) as caught:
        LayerCache().get(tmp_path / "leeg")
    assert caught.value.code == errors.LAYER_DIR_EMPTY and "bevatten wel" not in caught.value.detail


def test_missing_paths(tmp_path: Path):
    with pytest.raises(LayerError):
        load_layers(tmp_path / "nergens")
    with pytest.raises(LayerError):
        load_layer(tmp_path / "nergens.gpkg", meta=META)


def test_layer_cache_loads_once_and_reloads_on_change(tmp_path: Path):
    zones = gpd.GeoDataFrame({"kleur": ["rood"]}, geometry=[box(0, 0, 10, 10)], crs=28992)
    _write(zones, tmp_path / "zones.gpkg", layer="zones")
    (tmp_path / "lagen.toml").write_text(LAGEN, encoding="utf-8")
    cache = LayerCache()
    first = cache.get(tmp_path)
    assert cache.get(str(tmp_path)) is first
    (tmp_path / "lagen.toml").write_text(
        LAGEN.replace('bron = "test"', 'bron = "nieuw"', 1), encoding="utf-8"
    )
    second = cache.get(tmp_path)
    assert second is not first and second["zones"].meta.bron == "nieuw"
    cache.clear()
    assert cache.get(tmp_path) is not second


def test_layer_cache_forgets_a_folder_and_those_under_it(tmp_path: Path):
    """``forget`` drops the layers of a folder that goes away (a scenario run's) and of its subfolders,
    not those of another folder, also not of one whose name merely starts the same."""
    zones = gpd.GeoDataFrame({"kleur": ["rood"]}, geometry=[box(0, 0, 10, 10)], crs=28992)
    folders = [tmp_path / "run", tmp_path / "run" / "gis", tmp_path / "run2"]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        _write(zones, folder / "zones.gpkg", layer="zones")
        (folder / "lagen.toml").write_text(LAGEN, encoding="utf-8")
    cache = LayerCache()
    kept = [cache.get(folder) for folder in folders]
    cache.forget(tmp_path / "run")
    assert cache.get(folders[2]) is kept[2]
    assert cache.get(folders[0]) is not kept[0] and cache.get(folders[1]) is not kept[1]


def test_the_metadata_names_the_name_column(tmp_path: Path):
    """A layer names its features by the column its metadata declares (``naamkolom``), by ``naam`` when it
    declares none: the border layer names a neighbour in ``buurgemeente`` (outside tester, gisregels)."""
    frame = gpd.GeoDataFrame(
        {"naam": ["Grens"], "buurgemeente": ["Oosterhoeve"]}, geometry=[point(0, 0)], crs=28992
    )
    _write(frame, tmp_path / "grens.gpkg", layer="grens")
    meta = 'familie = "bestuur"\nbron = "x"\npeildatum = 2024-01-01\nlicentie = "x"\n'
    (tmp_path / "grens.meta.toml").write_text(meta, encoding="utf-8")
    assert load_layers(tmp_path)["grens"].names == ["Grens"]
    (tmp_path / "grens.meta.toml").write_text(meta + 'naamkolom = "buurgemeente"\n', encoding="utf-8")
    layer = load_layers(tmp_path)["grens"]
    assert layer.names == ["Oosterhoeve"] and layer.meta.naamkolom == "buurgemeente"
    assert 'naamkolom = "buurgemeente"' in layer.meta.to_toml()


def test_a_declared_name_column_the_layer_lacks_is_refused(tmp_path: Path):
    _write(
        gpd.GeoDataFrame({"naam": ["a"]}, geometry=[point(0, 0)], crs=28992), tmp_path / "g.gpkg", layer="g"
    )
    meta = 'familie = "bestuur"\nbron = "x"\npeildatum = 2024-01-01\nlicentie = "x"\n'
    for declared, words in (('"buurgemeente"', "'buurgemeente'"), ("3", "naamkolom moet")):
        (tmp_path / "g.meta.toml").write_text(meta + f"naamkolom = {declared}\n", encoding="utf-8")
        with pytest.raises(LayerError) as caught:
            load_layers(tmp_path)
        assert caught.value.code == errors.LAYER_BAD_METADATA and words in caught.value.detail
