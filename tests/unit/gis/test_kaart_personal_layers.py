"""Layers of addresses, persons or parcels stay off the map whatever their file is called (reviewer gis11 #3).

Before, only the exact names woningen, panden and percelen were hidden: the BAG addresses loaded as
``bag_verblijfsobjecten`` were listed and served with street names and the BAG link.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gis.errors import LayerError
from gis.layers import Layer, layer_from_frame
from gis.metadata import LayerMeta, metadata_for
from processes.errors import NotFound
from services.kaart_layers import is_personal, layer_catalog, layer_features

from .conftest import META, X0, Y0

BBOX = (5.38, 52.15, 5.40, 52.16)  # WGS84 around (X0, Y0)


def _layer(name: str, meta: LayerMeta = META, **columns: list[object]) -> Layer:
    points = [shapely.Point(X0 + 10 * i, Y0 + 10 * i) for i in range(len(next(iter(columns.values()))))]
    return layer_from_frame(name, gpd.GeoDataFrame(columns, geometry=points, crs=28992), meta)


def _bag_addresses(meta: LayerMeta = META) -> Layer:
    """The columns of PDOK's BAG verblijfsobject layer (as in the Houthavens extract)."""
    return _layer(
        "bag_verblijfsobjecten",
        meta,
        identificatie=["0363010000000001", "0363010000000002"],
        openbare_ruimte=["Haparandaweg", "Haparandaweg"],
        huisnummer=[10, 12],
        toevoeging=["", "A"],
        postcode=["1013AK", "1013AK"],
        woonplaats=["Amsterdam", "Amsterdam"],
        rdf_seealso=["http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/1"] * 2,
    )


def test_a_pdok_named_address_layer_is_not_on_the_map():
    layers = {"bag_verblijfsobjecten": _bag_addresses()}
    assert layer_catalog(layers) == []
    with pytest.raises(NotFound):
        layer_features(layers, "bag_verblijfsobjecten", bbox=BBOX, zoom=18)


def test_a_pdok_named_parcel_layer_and_a_person_layer_are_not_on_the_map():
    parcels = _layer("brk_perceel", kadastraleGemeenteCode=["ASD04"], sectie=["A"], perceelnummer=[1234])
    persons = _layer("eigenaren_2024", naam=["J. Jansen"], Geboortedatum=["1970-01-01"])
    assert is_personal("brk_perceel", parcels) and is_personal("eigenaren_2024", persons)
    assert layer_catalog({"brk_perceel": parcels, "eigenaren_2024": persons}) == []


def test_the_metadata_decides_over_the_columns():
    public = dataclasses.replace(META, persoonsgegevens=False)
    layers = {"bag_verblijfsobjecten": _bag_addresses(public)}
    assert [item["naam"] for item in layer_catalog(layers)] == ["bag_verblijfsobjecten"]
    served = json.loads(layer_features(layers, "bag_verblijfsobjecten", bbox=BBOX, zoom=18))
    assert served["features"] and all(
        "postcode" not in f["properties"] and "huisnummer" not in f["properties"] for f in served["features"]
    )
    # declared personal: hidden, though no column gives it away
    hidden = _layer("meldingen", dataclasses.replace(META, persoonsgegevens=True), naam=["x"])
    assert layer_catalog({"meldingen": hidden}) == []


def test_the_demo_map_layers_stay_on_the_map(demo_layers):
    listed = {item["naam"] for item in layer_catalog(demo_layers)}
    assert listed == set(demo_layers) - {"woningen", "panden", "percelen"}
    assert "natura2000" in listed and "drinkwaterleiding" in listed and "gemeentegrens" in listed


def test_persoonsgegevens_in_the_metadata_file(tmp_path: Path):
    layer_file = tmp_path / "bag_adressen.gpkg"
    (tmp_path / "lagen.toml").write_text(
        '[bag_adressen]\nfamilie = "wonen"\nbron = "PDOK"\npeildatum = 2024-01-01\nlicentie = "CC0"\n'
        "persoonsgegevens = false\n"
    )
    meta = metadata_for(layer_file)
    assert meta.persoonsgegevens is False
    assert "persoonsgegevens = false" in meta.to_toml()
    assert (
        metadata_for(tmp_path / "natura.gpkg", {"natura": {**_table(), "laag": "x"}}).persoonsgegevens is None
    )
    with pytest.raises(LayerError) as exc:
        metadata_for(tmp_path / "x.gpkg", {"x": {**_table(), "persoonsgegevens": "ja"}})
    assert "persoonsgegevens moet true of false zijn" in exc.value.detail


def _table() -> dict[str, object]:
    return {"familie": "wonen", "bron": "PDOK", "peildatum": "2024-01-01", "licentie": "CC0"}
