"""A layer file and its sidecars are read as the files checked, in the layer folder itself (gis.layer_open):
a shapefile's sidecar linked to a file outside the folder is refused as a linked layer file is, and a file
replaced between its check and GDAL's open is not what GDAL reads (left by the last session)."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from gis import layer_formats
from gis.api import load_layers
from gis.errors import LayerError
from gis.layer_formats import read_layer_file
from gis.layer_open import opened_layer
from tests.unit.gis.conftest import point
from tests.unit.gis.test_layer_formats import TESTER_SQL, _vrt, _with_metadata, _zaak_database

NOT_PLAIN = "gis-laag-geen-gewoon-bestand"


def _shapefile(folder: Path, name: str, **columns: list[object]) -> Path:
    folder.mkdir(exist_ok=True)
    frame = gpd.GeoDataFrame(columns, geometry=[point(0, 0), point(5, 5)], crs=28992)
    pyogrio.write_dataframe(frame, folder / f"{name}.shp", encoding="UTF-8")  # with a .cpg
    return folder / f"{name}.shp"


def _refused(folder: Path, name: str) -> LayerError:
    with pytest.raises(LayerError) as raised:
        load_layers(folder)  # as `ruimteflow gis load` reads a folder
    assert raised.value.code == NOT_PLAIN, raised.value.detail
    assert name in raised.value.detail, raised.value.detail
    return raised.value


@pytest.mark.parametrize("sidecar", [".dbf", ".shx", ".prj", ".cpg"])
def test_a_shapefile_sidecar_linked_to_a_file_outside_the_folder_is_refused(tmp_path: Path, sidecar: str):
    lagen = _with_metadata(_shapefile(tmp_path / "lagen", "b", n=[1, 2]).parent, "b")
    elders = _shapefile(tmp_path / "elders", "geheim", geheim=["iban NL01", "bsn 1234"])
    (lagen / f"b{sidecar}").unlink()
    (lagen / f"b{sidecar}").symlink_to(elders.with_suffix(sidecar))
    refusal = _refused(lagen, f"b{sidecar}")
    assert "koppeling" in refusal.detail and "iban" not in str(refusal.to_problem())


def test_a_layer_file_linked_to_a_file_outside_the_folder_is_refused_as_a_sidecar_is(tmp_path: Path):
    elders = tmp_path / "elders"
    elders.mkdir()
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[point(0, 0)], crs=28992)
    pyogrio.write_dataframe(frame, elders / "a.gpkg", layer="a")
    lagen = tmp_path / "lagen"
    lagen.mkdir()
    (lagen / "a.gpkg").symlink_to(elders / "a.gpkg")
    _refused(_with_metadata(lagen, "a"), "a.gpkg")


def test_a_sidecar_that_is_no_plain_file_is_refused(tmp_path: Path):
    lagen = _with_metadata(_shapefile(tmp_path / "lagen", "b", n=[1, 2]).parent, "b")
    (lagen / "b.prj").unlink()
    (lagen / "b.prj").mkdir()
    assert "geen gewoon bestand" in _refused(lagen, "b.prj").detail


def _replaced_after_the_check(monkeypatch: pytest.MonkeyPatch, path: Path, by: Path) -> None:
    """Between the check of ``path``'s first bytes and GDAL's open, ``by`` takes its name."""
    check = layer_formats._starts_as

    def then_replaced(fmt: layer_formats.LayerFormat, head: bytes) -> bool:
        passed = check(fmt, head)
        os.replace(by, path)
        return passed

    monkeypatch.setattr(layer_formats, "_starts_as", then_replaced)


def test_a_shapefile_replaced_by_a_vrt_after_its_check_is_read_as_checked(tmp_path: Path, monkeypatch):
    """The tester's VRT over the app's database, put in the shapefile's place just after the check: GDAL
    reads the shapefile checked (opened by name again, GDAL read the VRT and showed the zaak rows)."""
    path = _shapefile(tmp_path / "lagen", "b", n=[1, 2])
    vrt = tmp_path / "evil.shp"
    vrt.write_text(_vrt(str(_zaak_database(tmp_path / "ruimteflow.db")), TESTER_SQL), encoding="utf-8")
    _replaced_after_the_check(monkeypatch, path, vrt)
    frame = read_layer_file(path)
    assert list(frame["n"]) == [1, 2] and "initiator_email" not in frame.columns


def test_a_geopackage_replaced_after_its_check_is_read_as_checked(tmp_path: Path, monkeypatch):
    lagen, elders = tmp_path / "lagen", tmp_path / "elders"
    lagen.mkdir()
    elders.mkdir()
    for folder, value in ((lagen, "gecontroleerd"), (elders, "ander")):
        frame = gpd.GeoDataFrame({"naam": [value]}, geometry=[point(0, 0)], crs=28992)
        pyogrio.write_dataframe(frame, folder / "a.gpkg", layer="a")
    _replaced_after_the_check(monkeypatch, lagen / "a.gpkg", elders / "a.gpkg")
    assert list(read_layer_file(lagen / "a.gpkg")["naam"]) == ["gecontroleerd"]


OGR_VFS = "SQLITE_USE_OGR_VFS"


@pytest.fixture(params=[None, "NO"], ids=["unset", "NO"])
def ogr_vfs_before(request: pytest.FixtureRequest):
    """SQLITE_USE_OGR_VFS as the process had it before a layer read (unset, or set by someone else)."""
    original = pyogrio.get_gdal_config_option(OGR_VFS)
    pyogrio.set_gdal_config_options({OGR_VFS: request.param})
    yield request.param
    pyogrio.set_gdal_config_options({OGR_VFS: original})


def _geopackage(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    frame = gpd.GeoDataFrame({"naam": [name]}, geometry=[point(0, 0)], crs=28992)
    pyogrio.write_dataframe(frame, folder / f"{name}.gpkg", layer=name)
    return folder / f"{name}.gpkg"


def test_a_geopackage_read_leaves_gdals_sqlite_option_as_it_was(tmp_path: Path, ogr_vfs_before):
    """SQLITE_USE_OGR_VFS (GDAL's own file layer, without SQLite's file locking) holds for the read only:
    set for the whole process and left, it applied to every GeoPackage opened after, the demo writer's too."""
    assert list(read_layer_file(_geopackage(tmp_path, "a"))["naam"]) == ["a"]
    assert layer_formats.layer_names(tmp_path / "a.gpkg") == ["a"]
    assert pyogrio.get_gdal_config_option(OGR_VFS) == ogr_vfs_before


def test_overlapping_geopackage_reads_keep_the_option_until_the_last_one_ends(tmp_path: Path, ogr_vfs_before):
    """The option is the process's: the first read to end does not take it from a read still under way."""
    with opened_layer(_geopackage(tmp_path, "a")):
        with opened_layer(_geopackage(tmp_path, "b")):
            assert pyogrio.get_gdal_config_option(OGR_VFS) == "YES"
        assert pyogrio.get_gdal_config_option(OGR_VFS) == "YES"
    assert pyogrio.get_gdal_config_option(OGR_VFS) == ogr_vfs_before
